"""Static SVG bar charts drawn at build time (no JavaScript): one horizontal bar per row, stacked by series.

Every string is XML-escaped. Text colour comes from the page's CSS (the chart sits inline in
the page, so it follows the light or dark scheme); bar colours are fixed and listed in a legend.
"""

from __future__ import annotations

from xml.sax.saxutils import escape, quoteattr

# Colour-blind-safe colours (Okabe–Ito), each at least 3:1 against white and against the dark background
COLOURS = ["#c0392b", "#0072b2", "#009e73", "#d55e00", "#cc79a7", "#e69f00", "#56b4e9"]
ROW = 28
BAR = 18
LABEL_WIDTH = 170
WIDTH = 520
FONT = 13


def _text_width(text: str) -> float:
    """Rough width in px: CJK characters are square, others about half."""
    return sum(FONT if ord(ch) > 0x2E7F else FONT * 0.6 for ch in text)


def bar_chart(chart_id: str, title: str, columns: list[str], rows: list[tuple[str, list[int]]]) -> str:
    legend = len(columns) > 1
    top = 30 if legend else 6
    height = top + ROW * max(len(rows), 1) + 6
    biggest = max((sum(counts) for _, counts in rows), default=0) or 1
    span = WIDTH - LABEL_WIDTH - 50
    out = [f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {WIDTH} {height}" width="{WIDTH}" height="{height}" '
           f'role="img" aria-labelledby={quoteattr(chart_id + "-title")} class="st-svg-chart">',
           f'<title id={quoteattr(chart_id + "-title")}>{escape(title)}</title>']
    if legend:
        x: float = LABEL_WIDTH
        for i, name in enumerate(columns):
            colour = COLOURS[i % len(COLOURS)]
            out.append(f'<rect x="{x}" y="6" width="14" height="14" fill="{colour}"/>'
                       f'<text x="{x + 19}" y="18" font-size="{FONT}">{escape(name)}</text>')
            x += 19 + _text_width(name) + 18
    out.append(f'<line class="st-axis" x1="{LABEL_WIDTH - 4}" y1="{top}" x2="{LABEL_WIDTH - 4}" y2="{height - 4}" '
               'stroke="currentColor" stroke-width="1"/>')
    for r, (label, counts) in enumerate(rows):
        y = top + r * ROW
        out.append(f'<text x="{LABEL_WIDTH - 10}" y="{y + BAR - 4}" font-size="{FONT}" text-anchor="end">'
                   f'{escape(label)}</text>')
        x = float(LABEL_WIDTH)
        for i, n in enumerate(counts):
            if not n:
                continue
            w = span * n / biggest
            name = columns[i] if i < len(columns) else ""
            out.append(f'<rect x="{x:.1f}" y="{y}" width="{w:.1f}" height="{BAR}" fill="{COLOURS[i % len(COLOURS)]}">'
                       f'<title>{escape(label)} · {escape(name)}：{n}</title></rect>')
            x += w
        out.append(f'<text x="{x + 6:.1f}" y="{y + BAR - 4}" font-size="{FONT}">{sum(counts)}</text>')
    out.append("</svg>")
    return "".join(out)
