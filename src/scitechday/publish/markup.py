"""Markdown from data → HTML that is safe to put on a page.

Bodies and attachments are editors' Markdown. Raw HTML in them is not trusted: the
rendered HTML goes through an allow-list sanitizer (nh3, i.e. ammonia), which drops
<script>, event handlers such as onerror=, and any link whose scheme is not http(s),
mailto or tel — so a javascript: link never reaches a page.
"""

from __future__ import annotations

import html as _html
import re
from dataclasses import dataclass

import markdown
import nh3

TAGS = {"p", "br", "hr", "h2", "h3", "h4", "h5", "h6", "strong", "em", "b", "i", "u", "s", "sub", "sup", "small",
        "blockquote", "ul", "ol", "li", "table", "thead", "tbody", "tr", "th", "td", "a", "code", "pre", "span", "div"}
ATTRIBUTES = {"a": {"href", "title"}, "th": {"colspan", "rowspan", "align"}, "td": {"colspan", "rowspan", "align"},
              "ol": {"start"}}
SCHEMES = {"http", "https", "mailto", "tel"}

_md = markdown.Markdown(extensions=["tables", "sane_lists"], output_format="html")


def _demote(text: str, levels: int) -> str:
    """Shift Markdown headings down so a body's '## 一、' sits under the page's own headings."""
    return re.sub(r"^(#{1,6})(?=\s)", lambda m: "#" * min(6, len(m.group(1)) + levels), text, flags=re.M)


def render(text: str | None, demote: int = 1) -> str:
    if not text:
        return ""
    _md.reset()
    html = _md.convert(_demote(text, demote))
    return nh3.clean(html, tags=TAGS, attributes=ATTRIBUTES, url_schemes=SCHEMES,
                     link_rel="noopener noreferrer nofollow")


@dataclass
class Heading:
    level: int  # 2..6, after demotion
    id: str
    text: str  # plain text (unescaped); the template escapes it again


_HEADING = re.compile(r"<h([2-6])>(.*?)</h\1>", re.S)


def render_with_toc(text: str | None, demote: int = 1, prefix: str = "part") -> tuple[str, list[Heading]]:
    """render(), and give each heading an id (prefix-1, prefix-2, …) for a table of contents."""
    headings: list[Heading] = []

    def number(m: re.Match) -> str:
        hid = f"{prefix}-{len(headings) + 1}"
        headings.append(Heading(int(m.group(1)), hid, _html.unescape(re.sub(r"<[^>]+>", "", m.group(2))).strip()))
        return f'<h{m.group(1)} id="{hid}">{m.group(2)}</h{m.group(1)}>'

    return _HEADING.sub(number, render(text, demote)), headings
