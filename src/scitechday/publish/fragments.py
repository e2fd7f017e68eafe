"""The small pieces of HTML many pages repeat: a linked organization or notice, a date span, a calendar
entry, a record's sources. Templates call them as `m.org(o)`, `m.span(s)` and so on.

They were Jinja macros, imported into every page `with context`: at national scale the import and the
calls took a fifth of the page rendering (2.5 s of the notices' 13 s). Made in Python, each value from
the data is escaped here, as Jinja's autoescape escaped it (markupsafe.escape: None prints as "None",
numbers and dates as str() gives them), and each piece is Markup, which the template prints as it is.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Mapping

from markupsafe import Markup, escape

from scitechday.domain.dates import zh_date, zh_span
from scitechday.publish.urls import safe_url

# a period's wording that says no more than its dates (2014年12月15—21日, 5月10日-25日)
_DATES_ONLY = re.compile(r"[\d０-９〇○零一二三四五六七八九十年月日号至到起自\-—–~～、，,.．/\s]+")

VAGUE = ' <span class="st-vague" title="原文时间为约数，日期为其覆盖的范围">约</span>'


class Fragments:
    """The pieces for one page: link(target, anchor="") makes its relative links; kinds names each kind of
    calendar entry (archive.calendar.KINDS)."""

    def __init__(self, link: Callable[..., str], kinds: Mapping[str, str]):
        self.link = link
        self.kinds = kinds

    def org(self, o) -> Markup:
        return Markup(f'<a href="{escape(self.link(o))}">{escape(o.name)}</a>')

    def orgs(self, items: Iterable) -> Markup:
        return Markup("、".join(self.org(o) for o in items))

    def party(self, p) -> Markup:
        """An organization named in a notice: linked when the archive knows it, with the notice's own
        wording when that differs from the organization's name."""
        if not p.organization:
            return escape(p.name)
        out = self.org(p.organization)
        if p.name and p.name != p.organization.name:
            out += Markup(f"（原文：{escape(p.name)}）")
        return out

    def parties(self, items: Iterable) -> Markup:
        return Markup("、".join(self.party(p) for p in items))

    def notice(self, c) -> Markup:
        return Markup(f'<a href="{escape(self.link(c))}">{escape(c.title)}</a>')

    def span(self, s) -> Markup:
        """A period: its dates, and the notice's wording when the dates are approximate or missing, or when it says
        more than the dates (5月30日上午, 9:00—11:30: the part of the day was shown in no field)."""
        if not s:
            return Markup("")
        out = []
        if s.start:
            out.append(f'<time datetime="{escape(s.start)}">{escape(zh_span(s.start, s.end))}</time>')
        if s.text and (s.vague or not s.start or not _DATES_ONLY.fullmatch(s.text)):
            out.append(f"（原文：{escape(s.text)}）" if s.start else str(escape(s.text)))
        if s.vague and s.start:
            out.append(VAGUE)
        return Markup("".join(out))

    def notice_item(self, c) -> Markup:
        number = f"{escape(c.doc_number)} · " if c.doc_number else ""
        issued = f" · {escape(zh_date(c.issued))}" if c.issued else ""
        return Markup(f'<li class="st-notice-item">{self.notice(c)}\n'
                      f'<span class="st-meta">{number}{escape(c.issuer_names)}{issued}</span></li>')

    def entry(self, e, href: str) -> Markup:
        return entry(e, href, self.kinds)

    def sources(self, items: Iterable, pages: Mapping | None = None) -> Markup:
        """A record's 来源 section: each source's link (web addresses checked by safe_url), the archived
        original text when the site has it (pages: source file → its page), when it was retrieved, a note."""
        pages = pages or {}
        out = ['<h2 id="sources">来源</h2>\n<ul class="st-sources">\n']
        for s in items:
            href = safe_url(s.url)
            if href:
                out.append(f'<li><a href="{escape(href)}" rel="noopener nofollow">{escape(s.title or s.url)}</a> '
                           f'<span class="st-meta">原文网址：{escape(s.url)}</span>')
            else:
                out.append(f"<li>{escape(s.title or s.url or s.file)}")
            if s.file and s.file in pages:
                out.append(f'<br><a href="{escape(self.link(pages[s.file].src))}">查看收录的原文</a>')
            elif s.file:
                out.append(f' <span class="st-meta">原始文件：{escape(s.file)}</span>')
            if s.retrieved:
                out.append(f' <span class="st-meta">获取于 {escape(zh_date(s.retrieved))}</span>')
            if s.note:
                out.append(f"<br><small>{escape(s.note)}</small>")
            out.append("</li>\n")
        out.append("</ul>")
        return Markup("".join(out))


def entry(e, href: str, kinds: Mapping[str, str]) -> Markup:
    """A calendar entry (archive.calendar.Entry) linking to href."""
    text = f"（原文：{escape(e.text)}）" if e.text and (e.vague or e.kind == "deadline") else ""
    meta = f'<span class="st-meta">{escape(e.campaign.issuer_names)}</span>' if e.kind != "period" else ""
    return Markup(f'<li class="st-entry st-{escape(e.kind)}{" st-is-vague" if e.vague else ""}" '
                  f'data-start="{escape(e.start)}" data-end="{escape(e.end)}">\n'
                  f'<span class="st-kind">{escape(kinds[e.kind])}</span>\n'
                  f'<a href="{escape(href)}">{escape(e.title)}</a>\n'
                  f'<span class="st-when">{escape(zh_span(e.start, e.end))}{text}{VAGUE if e.vague else ""}</span>\n'
                  f"{meta}</li>")
