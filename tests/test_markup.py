"""markup.render passes over the texts no inline pattern of Python-Markdown can change (markup._Inline): the
HTML must be the one Python-Markdown makes with every pattern tried, for any text."""

from __future__ import annotations

import markdown
import nh3
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from scitechday.publish import markup

_stock = markdown.Markdown(extensions=["tables", "sane_lists"], output_format="html")


def stock(text: str, demote: int = 1) -> str:
    """What markup.render made before the shortcut: the same Markdown, every inline pattern tried on every text."""
    _stock.reset()
    html = _stock.convert(markup._demote(text, demote))
    return nh3.clean(html, tags=markup.TAGS, attributes=markup.ATTRIBUTES, url_schemes=markup.SCHEMES,
                     link_rel="noopener noreferrer nofollow")


def test_the_shortcut_is_in_place_for_this_markdown():
    # should Markdown's inline patterns change, the shortcut is left out (and this says so)
    assert isinstance(markup._md.treeprocessors["inline"], markup._Inline)
    assert not isinstance(_stock.treeprocessors["inline"], markup._Inline)


EXAMPLES = [
    "各县（市、区）科协：\n\n## 一、活动主题\n\n弘扬科学家精神。",
    "第一行  \n第二行（两个空格换行）",
    "**加粗**与*强调*，__下划线__与_单下划线_，中文_夹在_中间",
    "`代码` 与 \\*转义\\* 与 \\\\ 反斜杠",
    "[链接](https://example.org/) ![图](https://example.org/a.png) [引用][1]\n\n[1]: https://example.org/",
    "<https://example.org/> <someone@example.org> <b>粗</b> <script>alert(1)</script>",
    "A &amp; B &#20013; &copy; & 单独的和号",
    "| 项目 | 时间 |\n| --- | --- |\n| 报送 | 5月25日前 |",
    "1. 第一项\n2. 第二项\n\n- 甲\n- 乙\n    - 丙",
    "> 引文中有 *强调*\n\n---\n\n    缩进的代码 *不变*",
    "联系电话：010-12345678；邮箱：kexie@example.org",
    "",
]


@pytest.mark.parametrize("text", EXAMPLES)
def test_known_texts_render_as_with_every_inline_pattern(text):
    assert markup.render(text) == stock(text)
    assert markup.render(text, demote=3) == stock(text, demote=3)


ALPHABET = st.sampled_from(list("科协通知活动报送 \n\t#-*_`\\[]()!<>&;:|.1a/") + ["  \n", "**", "](", "<b>", "&amp;",
                                                                            "http://x.y", "@", "\u3000"])


@settings(max_examples=400, deadline=None)
@given(st.lists(ALPHABET, max_size=40).map("".join))
def test_any_text_renders_as_with_every_inline_pattern(text):
    assert markup.render(text) == stock(text)
