"""publish/fragments.py: the exact HTML of each repeated piece, and every value from the data escaped.

The pieces stand in for what were Jinja macros; a national build's pages came out byte for byte the
same after the change. These tests hold the output to that form and try the data's hostile values.
"""

from __future__ import annotations

import datetime as dt
from html.parser import HTMLParser
from types import SimpleNamespace as NS

import pytest
from markupsafe import Markup

from scitechday.archive import calendar as cal
from scitechday.publish.fragments import Fragments

D = dt.date
HOSTILE = '<script>alert("x")</script>&'


def pieces(links: dict | None = None) -> Fragments:
    links = links or {}
    return Fragments(lambda target, anchor="": links.get(getattr(target, "id", target), "../x/")
                     + (f"#{anchor}" if anchor else ""), cal.KINDS)


def test_organizations_are_linked_and_joined_with_the_chinese_enumeration_comma():
    m = pieces({"a": "../../orgs/a/", "b": "../../orgs/b/"})
    a, b = NS(id="a", name="甲科协"), NS(id="b", name="乙学会")
    assert m.org(a) == '<a href="../../orgs/a/">甲科协</a>'
    assert m.orgs([a, b]) == '<a href="../../orgs/a/">甲科协</a>、<a href="../../orgs/b/">乙学会</a>'
    assert m.orgs([]) == ""
    assert isinstance(m.orgs([a]), Markup)


def test_a_party_shows_the_notices_own_wording_when_it_differs():
    m = pieces({"a": "../a/"})
    a = NS(id="a", name="甲市科协")
    assert m.party(NS(organization=a, name="甲市科学技术协会")) == '<a href="../a/">甲市科协</a>（原文：甲市科学技术协会）'
    assert m.party(NS(organization=a, name="甲市科协")) == '<a href="../a/">甲市科协</a>'
    assert m.party(NS(organization=a, name=None)) == '<a href="../a/">甲市科协</a>'
    assert m.party(NS(organization=None, name="未收录的单位")) == "未收录的单位"
    assert m.parties([NS(organization=a, name=None), NS(organization=None, name="乙")]) == '<a href="../a/">甲市科协</a>、乙'


def test_spans_print_dates_and_the_original_wording_when_approximate():
    m = pieces()
    exact = NS(start=D(2030, 5, 21), end=D(2030, 6, 2), text="5月21日至6月2日", vague=False)
    assert m.span(exact) == '<time datetime="2030-05-21">2030年5月21日至6月2日</time>'
    vague = NS(start=D(2030, 5, 21), end=D(2030, 6, 2), text="5月下旬至6月初", vague=True)
    assert m.span(vague) == ('<time datetime="2030-05-21">2030年5月21日至6月2日</time>（原文：5月下旬至6月初）'
                             ' <span class="st-vague" title="原文时间为约数，日期为其覆盖的范围">约</span>')
    assert m.span(NS(start=None, end=None, text="全年", vague=False)) == "全年"
    assert m.span(None) == ""


@pytest.mark.parametrize("text", ["5月30日上午", "5月30日9:00—11:30", "5月30日（周六）全天"])
def test_an_exact_span_shows_the_wording_that_says_more_than_its_dates(text):
    """The part of the day was in no field: a card showed 2030年5月30日 for 5月30日上午."""
    exact = NS(start=D(2030, 5, 30), end=D(2030, 5, 30), text=text, vague=False)
    assert pieces().span(exact) == f'<time datetime="2030-05-30">2030年5月30日</time>（原文：{text}）'


@pytest.mark.parametrize("text", ["5月30日", "2030年5月30日", "5月30日-6月1日", "2014年12月15—21日", "5.30", "5月30日至6月1日"])
def test_an_exact_span_hides_wording_that_only_repeats_its_dates(text):
    exact = NS(start=D(2030, 5, 30), end=D(2030, 5, 30), text=text, vague=False)
    assert pieces().span(exact) == '<time datetime="2030-05-30">2030年5月30日</time>'


def test_a_notice_item_with_and_without_a_document_number():
    m = pieces({"c": "../c/"})
    c = NS(id="c", title="关于开展活动的通知", doc_number="测〔2030〕1号", issuer_names="测试市科协", issued=D(2030, 5, 6))
    assert m.notice_item(c) == ('<li class="st-notice-item"><a href="../c/">关于开展活动的通知</a>\n'
                                '<span class="st-meta">测〔2030〕1号 · 测试市科协 · 2030年5月6日</span></li>')
    c.doc_number, c.issued = None, None
    assert m.notice_item(c).endswith('<span class="st-meta">测试市科协</span></li>')


def test_calendar_entries_name_their_kind_and_issuer_but_not_for_a_notice_period():
    m = pieces()
    c = NS(issuer_names="测试市科协")
    deadline = NS(kind="deadline", vague=False, start=D(2030, 8, 1), end=D(2030, 8, 1), title="报送总结", text="8月1日前",
                  campaign=c)
    assert m.entry(deadline, "../../notices/c/#deadline-1") == (
        '<li class="st-entry st-deadline" data-start="2030-08-01" data-end="2030-08-01">\n'
        '<span class="st-kind">报送截止</span>\n<a href="../../notices/c/#deadline-1">报送总结</a>\n'
        '<span class="st-when">2030年8月1日（原文：8月1日前）</span>\n<span class="st-meta">测试市科协</span></li>')
    period = NS(kind="period", vague=True, start=D(2030, 5, 21), end=D(2030, 6, 2), title="通知", text="5月下旬", campaign=c)
    out = m.entry(period, "x/")
    assert out.startswith('<li class="st-entry st-period st-is-vague" data-start="2030-05-21" data-end="2030-06-02">\n')
    assert out.endswith("（原文：5月下旬） <span class=\"st-vague\" title=\"原文时间为约数，日期为其覆盖的范围\">约</span></span>\n</li>")
    assert "st-meta" not in out


def test_sources_link_only_web_addresses_and_the_archived_original():
    m = pieces({"sources/a.md": "../../sources/a/"})
    items = [NS(url="https://example.org/n?a=1&b=2", title="官网", file=None, retrieved=D(2030, 5, 7), note=None),
             NS(url="javascript:alert(1)", title=None, file="a.pdf", retrieved=None, note="扫描件"),
             NS(url=None, title=None, file="b.pdf", retrieved=None, note=None)]
    out = m.sources(items, {"a.pdf": NS(src="sources/a.md")})
    assert out == ('<h2 id="sources">来源</h2>\n<ul class="st-sources">\n'
                   '<li><a href="https://example.org/n?a=1&amp;b=2" rel="noopener nofollow">官网</a> '
                   '<span class="st-meta">原文网址：https://example.org/n?a=1&amp;b=2</span>'
                   ' <span class="st-meta">获取于 2030年5月7日</span></li>\n'
                   '<li>javascript:alert(1)<br><a href="../../sources/a/">查看收录的原文</a><br><small>扫描件</small></li>\n'
                   '<li>b.pdf <span class="st-meta">原始文件：b.pdf</span></li>\n</ul>')


def test_every_value_from_the_data_is_escaped():
    m = Fragments(lambda target, anchor="": '"><script>', cal.KINDS)
    o = NS(id="o", name=HOSTILE)
    c = NS(id="c", title=HOSTILE, doc_number=HOSTILE, issuer_names=HOSTILE, issued=None)
    e = NS(kind="deadline", vague=False, start=D(2030, 8, 1), end=D(2030, 8, 1), title=HOSTILE, text=HOSTILE, campaign=c)
    outputs = [m.org(o), m.party(NS(organization=o, name=HOSTILE)), m.party(NS(organization=None, name=HOSTILE)),
               m.notice(c), m.notice_item(c), m.entry(e, '"><script>'),
               m.span(NS(start=None, end=None, text=HOSTILE, vague=False)),
               m.sources([NS(url=None, title=HOSTILE, file=HOSTILE, retrieved=None, note=HOSTILE)])]
    for out in outputs:
        tags = Tags()
        tags.feed(str(out))
        assert "script" not in tags.names, out  # no value became a tag
        assert all(v == '"><script>' for v in tags.hrefs), out  # nor left its attribute
        assert HOSTILE in tags.text, out  # and each is shown as it was written


class Tags(HTMLParser):
    def __init__(self):
        super().__init__()
        self.names, self.hrefs, self.text = [], [], ""

    def handle_starttag(self, tag, attrs):
        self.names.append(tag)
        self.hrefs += [v for k, v in attrs if k == "href"]

    def handle_data(self, data):
        self.text += data
