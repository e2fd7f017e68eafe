"""Hostile input is normal input: each case asserts its exact outcome — a Chinese file:line
problem with its code, or a harmless result — within bounded time and memory.

Classes: text (control characters, line breaks, bidi), URLs, patterns and lengths, dates,
files (links, FIFOs, devices, reserved names, stray files, writes through links), import
limits, and outputs (page meta, Material's templates, JSON-LD, calendars, Atom, CSV,
check-links, DTSTAMP). The browser test over every page is tests/test_hostile_browser.py.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import os
import re
import resource
import signal
import socket
import subprocess
import sys
import time
import types
import xml.etree.ElementTree as ET
import zipfile
from pathlib import Path

import icalendar
import pytest
from markupsafe import Markup
from mkdocs.exceptions import Abort

from conftest import CONFIG, ROOT, edit, problems_of
from scitechday.archive import calendar as cal
from scitechday.archive import context
from scitechday.data import files
from scitechday.editing import fmt, readers
from scitechday.editing.importer import parse_notice
from scitechday.publish import export, feeds, jsonld, linkcheck, site, urls
from scitechday.publish.render import Page

CAMPAIGN = "data/campaigns/2030/2030-ceshi-shi-kexie.yml"
ORG = "data/organizations/ceshi-kexie.yml"
EDITIONS = "data/editions.yml"
CJK = re.compile("[\u4e00-\u9fff]")
TITLE = "title: 测试市科协关于开展2030年全国科技工作者日活动的通知"
PYTHON = [sys.executable, "-m", "scitechday.cli"]


@contextlib.contextmanager
def deadline(seconds: int):
    """Fail instead of hanging (a FIFO opened for reading blocks forever)."""
    def expired(*_):
        raise TimeoutError(f"took longer than {seconds} s")

    old = signal.signal(signal.SIGALRM, expired)
    signal.alarm(seconds)
    try:
        yield
    finally:
        signal.alarm(0)
        signal.signal(signal.SIGALRM, old)


def problem(repo: Path, path: str, line: int | None, code: str):
    """The one problem at path:line with this code; its message is Chinese and short."""
    with deadline(60):
        found = problems_of(repo)
    hits = [p for p in found if (p.path, p.line, p.code) == (path, line, code)]
    assert hits, f"no {code} at {path}:{line}; got {[(p.path, p.line, p.code) for p in found]}"
    assert CJK.search(hits[0].message) and "Traceback" not in hits[0].message
    return hits[0]


def errors(repo: Path):
    with deadline(60):
        return [p for p in problems_of(repo) if p.level == "error"]


def change(repo: Path, path: str, old: str, new: str) -> None:
    edit(repo.parent / path, old, new)


def bounded_cli(*args, cwd: Path, memory_mb: int = 1024, timeout: int = 60):
    """Run the command line with an address-space limit and a timeout: a case that would blow
    memory or hang fails this test instead of the machine."""
    def limit():
        resource.setrlimit(resource.RLIMIT_AS, (memory_mb << 20, memory_mb << 20))

    env = {**os.environ, "PYTHONPATH": os.pathsep.join([str(ROOT / "src"), os.environ.get("PYTHONPATH", "")]),
           "SCITECHDAY_CACHE": str(cwd / ".cache")}
    return subprocess.run([*PYTHON, *args], cwd=cwd, capture_output=True, text=True, timeout=timeout,
                          preexec_fn=limit, env=env)


# ---------------------------------------------------------------- text


@pytest.mark.parametrize("value,code", [
    ('"测试\\e标题"', "control-character"),  # ESC written as a YAML escape
    ('"测试\\0标题"', "control-character"),  # NUL
    ('"测试\\a标题"', "control-character"),  # BEL
    ('"测试\\x9b标题"', "control-character"),  # C1 CSI
    ('"测试\\uFFFE标题"', "control-character"),
    ('"测试\\uFFFF标题"', "control-character"),
    ('"测试\\t标题"', "control-character"),  # a tab in a one-line field
    ('"测试\\v标题"', "line-break"),
    ('"测试\\n标题"', "line-break"),
    ('"测试\\r标题"', "line-break"),
    ('"测试\\x85标题"', "line-break"),  # NEL
    ('"测试\\u2028标题"', "line-break"),
    ('"测试\\u202E标题"', "bidi-control"),  # RIGHT-TO-LEFT OVERRIDE
    ('"测试\\u2066标题"', "bidi-control"),
    ('"测试\\u200b标题"', "invisible-character"),  # ZERO WIDTH SPACE, copied in from a web page
    ('"测试\\u200d标题"', "invisible-character"),
    ('"测试\\u200e标题"', "invisible-character"),  # LEFT-TO-RIGHT MARK
    ('"测试\\ufeff标题"', "invisible-character"),
    ('"测试\\xad标题"', "invisible-character"),  # SOFT HYPHEN
    ('"测试\\U000E0041标题"', "invisible-character"),  # a tag character
    ("|\n  测试\n  标题", "line-break"),  # a literal block in a title (crashed the calendar writer)
    ("|\n  测试标题", "line-break"),  # one line, but the block adds a trailing newline
])
def test_one_line_field_refuses_invisible_characters(repo, value, code):
    change(repo, CAMPAIGN, TITLE, f"title: {value}")
    p = problem(repo, CAMPAIGN, 2, code)
    assert p.field == "title"


def test_an_invisible_character_is_named_with_what_to_do(repo):
    """A zero-width space in a 发文字号 made a second notice with 连科协\u200b〔2019〕31号 pass beside 连科协〔2019〕31号."""
    change(repo, CAMPAIGN, TITLE, 'title: "测试\\u200b标题"')
    p = problem(repo, CAMPAIGN, 2, "invisible-character")
    assert "第 3 个字符" in p.message and "零宽空格 U+200B" in p.message and "请删除它" in p.message


def test_control_character_in_a_nested_list_item(repo):
    change(repo, ORG, "  - 省科协", '  - "省\\a科协"')
    assert problem(repo, ORG, 5, "control-character").field == "aliases[0]"


def test_control_character_in_a_body_names_the_line_inside_it(repo):
    change(repo, CAMPAIGN, "body: |\n  正文。\n", 'body: "正文。\\n第二行\\e。\\n"\n')
    p = problem(repo, CAMPAIGN, 33, "control-character")
    assert "第 2 行" in p.message and "ESC" in p.message


@pytest.mark.parametrize("body", ['"正文。\\n第二行\\t有制表符。\\n"', '"עברית \\u202e 双向文字。\\n"',
                                  '"第一段\\u2028第二段"', '"复制来的\\u200b正文。"'])
def test_multi_line_fields_keep_tabs_newlines_and_bidi(repo, body):
    change(repo, CAMPAIGN, "body: |\n  正文。\n", f"body: {body}\n")
    assert errors(repo) == []


def test_raw_control_byte_in_a_block_names_its_line(repo):
    change(repo, CAMPAIGN, "body: |\n  正文。\n", "body: |\n  正文。\n  第二行\x7f。\n")
    assert "U+007F" in problem(repo, CAMPAIGN, 35, "control-character").message


def test_raw_control_byte_in_the_file_is_a_problem_with_its_line(repo):
    change(repo, CAMPAIGN, TITLE, TITLE + "\x1b")
    p = problem(repo, CAMPAIGN, 2, "control-character")
    assert "U+001B" in p.message


def test_raw_nul_byte_is_an_encoding_problem(repo):
    change(repo, CAMPAIGN, TITLE, TITLE + "\x00")
    problem(repo, CAMPAIGN, None, "encoding")


def test_lone_surrogate_escape_is_a_syntax_problem_in_chinese(repo):
    change(repo, CAMPAIGN, TITLE, 'title: "测试\\ud800"')
    assert "代理项" in problem(repo, CAMPAIGN, 2, "yaml-syntax").message


# ---------------------------------------------------------------- URLs


@pytest.mark.parametrize("url,code", [
    ("javascript:alert(1)", "pattern"),
    ("JaVaScRiPt:alert(1)", "pattern"),
    ("'data:text/html,<script>alert(1)</script>'", "pattern"),
    ("vbscript:msgbox(1)", "pattern"),
    ("ftp://example.org/x", "pattern"),
    ("file:///etc/passwd", "pattern"),
    ('"https://exa mple.org"', "pattern"),
    ("//example.org/x", "format"),
])
def test_website_allows_only_http_and_https(repo, url, code):
    change(repo, ORG, "level: provincial\n", f"level: provincial\nwebsite: {url}\n")
    p = problem(repo, ORG, 8, code)
    assert "http://" in p.message and p.field == "website"


def test_source_url_allows_only_http_and_https(repo):
    change(repo, ORG, "  - file: synthetic\n", "  - file: synthetic\n    url: javascript:alert(1)\n")
    assert problem(repo, ORG, 10, "pattern").field == "sources[0].url"


@pytest.mark.parametrize("url", ["javascript:alert(1)", "JaVaScRiPt:alert(1)", "'data:text/html,<script>x</script>'",
                                 "ftp://example.org/x", '"https://exa mple.org"'])
@pytest.mark.parametrize("old,new,line,field", [
    ("deadlines:\n", "links:\n  - kind: registration\n    url: {url}\ndeadlines:\n", 28, "links[0].url"),
    ("    what: 活动总结\n", "    what: 活动总结\n    url: {url}\n", 29, "deadlines[0].url"),
])
def test_link_and_deadline_urls_allow_only_http_and_https(repo, url, old, new, line, field):
    change(repo, CAMPAIGN, old, new.format(url=url))
    p = problem(repo, CAMPAIGN, line, "pattern")
    assert p.field == field and "http://" in p.message and "javascript:" in p.message


@pytest.mark.parametrize("old,new,line,field", [
    ("    what: 活动总结\n", "    what: 活动总结\n    email: =cmd@example.org\n", 29, "deadlines[0].email"),
    ("    phone: 0999-12345678\n", "    phone: 0999-12345678\n    other_phones: ['=1+2']\n", 32,
     "contacts[0].other_phones[0]"),
    ("deadlines:\n", "cc:\n  - \"测试\\u202e抄送\"\ndeadlines:\n", 27, "cc[0]"),
    ("deadlines:\n", "organizers:\n  - role: 主办单位\n    name: \"测试\\n单位\"\ndeadlines:\n", 28, "organizers[0].name"),
])
def test_new_fields_refuse_formulas_and_invisible_characters(repo, old, new, line, field):
    change(repo, CAMPAIGN, old, new)
    p = next(p for p in errors(repo) if p.field == field)
    assert p.line == line and p.code in ("pattern", "bidi-control", "line-break"), p


def test_a_plain_https_website_passes(repo):
    change(repo, ORG, "level: provincial\n", "level: provincial\nwebsite: https://example.org/a?b=1&c='x'\n")
    assert errors(repo) == []


@pytest.mark.parametrize("value,expected", [
    ("https://example.org/", "https://example.org/"),
    ("HTTP://EXAMPLE.ORG/x", "HTTP://EXAMPLE.ORG/x"),
    ("javascript:alert(1)", None),
    (" javascript:alert(1)", None),
    ("java\tscript:alert(1)", None),
    ("data:text/html,x", None),
    ("vbscript:x", None),
    ("https:///nohost", None),
    ("http://[::1", None),  # urlsplit raises: refused, no traceback
    ("mailto:a@example.org", None),
    ("", None),
    (None, None),
    ("https://example.org/" + "a" * 3000, None),
])
def test_safe_url_allows_only_web_links(value, expected):
    assert urls.safe_url(value) == expected


# ---------------------------------------------------------------- patterns and lengths


@pytest.mark.parametrize("path,old,new,line,code", [
    (ORG, "id: ceshi-kexie", 'id: "ceshi-kexie\\n"', 1, "pattern"),  # Python's $ accepted this
    (ORG, "level: provincial\n", 'level: provincial\nregion: "320000\\n"\n', 8, "pattern"),
    (CAMPAIGN, "    phone: 0999-12345678", '    phone: "0999-12345678\\n"', 31, "pattern"),
    (CAMPAIGN, "doc_number: 测科协〔2030〕1号", 'doc_number: "测科协〔2030〕1号\\n"', 4, "doc-number"),
    (CAMPAIGN, "doc_number: 测科协〔2030〕1号", "doc_number: =测科协〔2030〕1号", 4, "pattern"),  # a formula
    (CAMPAIGN, "doc_number: 测科协〔2030〕1号", "doc_number: '@测科协〔2030〕1号'", 4, "pattern"),
    (CAMPAIGN, "    email: test@example.org", "    email: =cmd@example.org", 32, "pattern"),
    (CAMPAIGN, "    email: test@example.org", "    email: '+cmd@example.org'", 32, "pattern"),
])
def test_patterns_hold_to_the_true_end_and_keep_formulas_out(repo, path, old, new, line, code):
    change(repo, path, old, new)
    p = problem(repo, path, line, code)
    assert "^" not in p.message  # a hint in words, not the regular expression


def test_a_300_character_edition_id_is_refused_with_a_short_message(repo):
    change(repo, EDITIONS, "- id: workers-day-2030", "- id: " + "a" * 300)
    p = problem(repo, EDITIONS, 2, "length")
    assert "80" in p.message and len(p.message) < 160


def test_an_81_character_campaign_id_is_refused(repo):
    change(repo, CAMPAIGN, "id: 2030-ceshi-shi-kexie", "id: " + "a" * 81)
    problem(repo, CAMPAIGN, 1, "length")


# ---------------------------------------------------------------- dates


@pytest.mark.parametrize("old,new,line", [
    ("  end: 2030-05-20", "  end: 9999-12-31", 14),  # made ~96,000 calendar pages
    ("  start: 2030-05-11", "  start: 1900-05-11", 13),
    ("issued: 2030-05-06", "issued: 2091-05-06", 7),
    ("  - date: 2030-06-01", "  - date: 2032-06-01", 27),
    ("      end: 2030-05-13", "      end: 2090-05-13", 25),
    ("issued: 2030-05-06", "issued: 2091-05", 7),  # a month as printed is checked the same way
    ("issued: 2030-05-06", "issued: 2030-05-06\nprinted: 2028-12-31", 8),
])
def test_a_notices_dates_lie_within_a_year_of_its_year(repo, old, new, line):
    change(repo, CAMPAIGN, old, new)
    p = problem(repo, CAMPAIGN, line, "date-out-of-range")
    assert "2030" in p.message and "2029-01-01" in p.message and "2031-12-31" in p.message


def test_dates_a_year_either_side_are_accepted(repo):
    change(repo, CAMPAIGN, "      end: 2030-05-13", "      end: 2031-12-31")
    change(repo, CAMPAIGN, "  start: 2030-05-11", "  start: 2030-01-01")
    assert errors(repo) == []


def test_an_editions_date_lies_in_its_year(repo):
    change(repo, EDITIONS, "  date: 2030-05-30", "  date: 2031-05-30")
    problem(repo, EDITIONS, 6, "date-out-of-range")


def test_calendar_pages_are_bounded_by_the_entries(repo):
    """Even the longest period validation allows (three years) gives at most 36 month pages,
    and months between entries that hold nothing get no page."""
    change(repo, CAMPAIGN, "  start: 2030-05-11\n  end: 2030-05-20", "  start: 2029-01-01\n  end: 2031-12-31")
    ctx = context.compute(repo, use_cache=False)
    months = cal.months_spanned(ctx.entries)
    assert len(months) == 36 and months[0] == (2029, 1) and months[-1] == (2031, 12)
    short = [e for e in ctx.entries if e.kind == "deadline"]
    assert cal.months_spanned(short) == [(2030, 6)]


# ---------------------------------------------------------------- files in data/


def test_symlink_to_dev_zero_is_a_problem_and_never_read(repo):
    (repo / "organizations/zero.yml").symlink_to("/dev/zero")
    result = bounded_cli("validate", "--data", "data", "--no-cache", cwd=repo.parent, memory_mb=1024, timeout=60)
    assert result.returncode == 1 and "Traceback" not in result.stderr
    assert "data/organizations/zero.yml: special-file" in result.stdout and "符号链接" in result.stdout


def test_symlink_to_etc_passwd_is_never_echoed(repo):
    (repo / "profiles/passwd.yml").symlink_to("/etc/passwd")
    p = problem(repo, "data/profiles/passwd.yml", None, "special-file")
    assert "root" not in p.message


def test_record_outside_the_repository_is_not_published(repo, tmp_path_factory):
    outside = tmp_path_factory.mktemp("outside") / "ceshi-wai.yml"
    outside.write_text("id: ceshi-wai\nname: 外部组织\nkind: 科协\nsources:\n  - file: x\n", encoding="utf-8")
    (repo / "organizations/ceshi-wai.yml").symlink_to(outside)
    problem(repo, "data/organizations/ceshi-wai.yml", None, "special-file")
    records = context.validate(repo, use_cache=False, records=True).records
    assert records and "ceshi-wai" not in {r.id for r in records}


def test_symlinked_record_folder_is_not_followed(repo, tmp_path_factory):
    outside = tmp_path_factory.mktemp("outside-profiles")
    (repo / "profiles/ceshi-ren.yml").rename(outside / "ceshi-ren.yml")
    (repo / "profiles").rmdir()
    (repo / "profiles").symlink_to(outside, target_is_directory=True)
    problem(repo, "data/profiles", None, "special-file")


def test_fifo_does_not_hang_validation(repo):
    os.mkfifo(repo / "campaigns/2030/pipe.yml")
    p = problem(repo, "data/campaigns/2030/pipe.yml", None, "special-file")  # within deadline(60)
    assert "管道" in p.message


def test_socket_is_a_problem(repo, tmp_path_factory):
    sock = socket.socket(socket.AF_UNIX)
    path = repo / "organizations/s.yml"
    try:
        sock.bind(str(path))
        problem(repo, "data/organizations/s.yml", None, "special-file")
    finally:
        sock.close()


def test_read_regular_refuses_a_fifo_without_blocking(tmp_path):
    os.mkfifo(tmp_path / "p")
    with deadline(5), pytest.raises(files.UnsafePath):
        files.read_regular(tmp_path / "p", 100)


@pytest.mark.parametrize("name", ["con.yml", "AUX.yml", "nul.yml", "com1.yml", "lpt9.yml", "prn.yaml"])
def test_names_windows_reserves_are_problems(repo, name):
    (repo / "organizations" / name).write_text("id: x\n", encoding="utf-8")
    p = problem(repo, f"data/organizations/{name}", None, "bad-file-name")
    assert "Windows" in p.message


def test_name_with_a_character_windows_refuses(repo):
    (repo / "organizations/a:b.yml").write_text("id: x\n", encoding="utf-8")
    problem(repo, "data/organizations/a:b.yml", None, "bad-file-name")


@pytest.mark.parametrize("name", ["notes.txt", "campaign.yml", "2030-ceshi.yml", "extra"])
def test_stray_top_level_entries_are_problems(repo, name):
    target = repo / name
    if name == "extra":
        target.mkdir()
    else:
        target.write_text("id: x\n", encoding="utf-8")
    p = problem(repo, f"data/{name}", None, "stray-file")
    assert p.level == "error" and "editions.yml" in p.message


def test_fmt_never_writes_through_a_link(repo, tmp_path_factory):
    outside = tmp_path_factory.mktemp("fmt-outside") / "x.yml"
    messy = "name: 外部\nid: ceshi-wai\nkind: 科协\nsources:\n- file: x\n"
    outside.write_text(messy, encoding="utf-8")
    (repo / "organizations/ceshi-wai.yml").symlink_to(outside)
    with deadline(60):
        outcomes = fmt.run(repo, check=False)
    assert outside.read_text(encoding="utf-8") == messy
    assert "data/organizations/ceshi-wai.yml" not in {o.shown for o in outcomes}


def test_fmt_replace_refuses_a_path_through_a_linked_folder(repo, tmp_path_factory):
    outside = tmp_path_factory.mktemp("fmt-dir")
    (outside / "x.yml").write_text("id: x\n", encoding="utf-8")
    (repo / "organizations/linked").symlink_to(outside, target_is_directory=True)
    with pytest.raises(files.UnsafePath):
        files.replace(repo / "organizations/linked/x.yml", "id: y\n", repo)
    assert (outside / "x.yml").read_text(encoding="utf-8") == "id: x\n"


def test_import_refuses_to_write_through_a_linked_year_folder(repo, tmp_path_factory):
    outside = tmp_path_factory.mktemp("import-outside")
    (repo / "campaigns/2031").symlink_to(outside, target_is_directory=True)
    notice = repo.parent / "notice.txt"
    notice.write_text("测科协〔2031〕3号\n关于开展2031年全国科技工作者日活动的通知\n各单位：\n正文。\n测试市科协\n2031年5月6日\n",
                      encoding="utf-8")
    result = bounded_cli("import", str(notice), "--data", "data", "--id", "2031-ceshi", cwd=repo.parent)
    assert result.returncode == 1 and "符号链接" in result.stderr and "Traceback" not in result.stderr
    assert list(outside.iterdir()) == []


def test_new_refuses_a_linked_records_folder(repo, tmp_path_factory):
    outside = tmp_path_factory.mktemp("new-outside")
    for f in (repo / "profiles").iterdir():
        f.unlink()
    (repo / "profiles").rmdir()
    (repo / "profiles").symlink_to(outside, target_is_directory=True)
    result = bounded_cli("new", "profile", "--id", "zhang-san", "--data", "data", cwd=repo.parent)
    assert result.returncode == 1 and "符号链接" in result.stderr
    assert list(outside.iterdir()) == []


def test_writes_outside_the_data_folder_are_refused(tmp_path):
    (tmp_path / "data").mkdir()
    with pytest.raises(files.UnsafePath):
        files.write_new(tmp_path / "data/../escape.yml", "x", tmp_path / "data")
    assert not (tmp_path / "escape.yml").exists()


# ---------------------------------------------------------------- import limits


def _docx(path: Path, members: dict[str, bytes]) -> Path:
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as z:
        for name, data in members.items():
            z.writestr(name, data)
    return path


def test_docx_bomb_is_refused_before_it_is_unpacked(tmp_path):
    bomb = _docx(tmp_path / "bomb.docx", {"word/document.xml": b"\0" * (200 << 20)})
    assert bomb.stat().st_size < 1 << 20
    start = time.perf_counter()
    with pytest.raises(readers.ReadError, match="压缩炸弹"):
        readers.read_text(bomb)
    assert time.perf_counter() - start < 2


def test_docx_bomb_import_stays_within_memory(tmp_path):
    bomb = _docx(tmp_path / "bomb.docx", {"word/document.xml": b"\0" * (200 << 20)})
    result = bounded_cli("import", str(bomb), "--stdout", "--data", str(ROOT / "tests/fixtures/minimal"),
                         cwd=tmp_path, memory_mb=1024)
    assert result.returncode == 1 and "压缩炸弹" in result.stderr and "Traceback" not in result.stderr


def test_docx_with_too_many_members_is_refused(tmp_path):
    many = _docx(tmp_path / "many.docx", {f"x/{i}.xml": b"" for i in range(readers.MAX_DOCX_MEMBERS + 1)})
    with pytest.raises(readers.ReadError, match="部件"):
        readers.read_text(many)


def test_damaged_docx_is_a_chinese_message(tmp_path):
    (tmp_path / "bad.docx").write_bytes(b"PK\x03\x04 not really a zip")
    with pytest.raises(readers.ReadError, match="损坏"):
        readers.read_text(tmp_path / "bad.docx")


@pytest.mark.parametrize("name,limit", [("big.txt", readers.MAX_TEXT_FILE), ("big.pdf", readers.MAX_PDF_FILE),
                                        ("big.docx", readers.MAX_DOCX_FILE)])
def test_oversized_files_are_refused_without_reading_them(tmp_path, name, limit):
    path = tmp_path / name
    with open(path, "wb") as fh:
        fh.truncate(limit + 1)  # sparse: costs no disk
    with deadline(5), pytest.raises(readers.ReadError, match="上限"):
        readers.read_text(path)


def test_import_of_a_fifo_does_not_hang(tmp_path):
    os.mkfifo(tmp_path / "notice.txt")
    with deadline(5), pytest.raises(readers.ReadError, match="普通文件"):
        readers.read_text(tmp_path / "notice.txt")


def test_control_characters_are_dropped_from_imported_text(tmp_path):
    (tmp_path / "n.txt").write_bytes("关于\x00开展\x1b[31m活动\ufffe的通知\r\n正文\x07。".encode("utf-8"))
    assert readers.read_text(tmp_path / "n.txt") == "关于开展[31m活动的通知\n正文。"


def test_broken_utf16_is_a_chinese_message(tmp_path):
    (tmp_path / "n.txt").write_bytes(b"\xff\xfe\x00\xd8")  # a lone surrogate
    with pytest.raises(readers.ReadError, match="UTF-16"):
        readers.read_text(tmp_path / "n.txt")


def test_deadline_scan_is_linear():
    """350 KB of dates took 86 s when every date sliced the text to its end."""
    text = "关于开展2030年活动的通知\n" + "请于5月20日前报送材料，" * 30000
    start = time.perf_counter()
    draft = parse_notice(text, [])
    assert time.perf_counter() - start < 10
    assert len(draft.record["deadlines"]) == 30000


# ---------------------------------------------------------------- outputs

PAYLOAD = "<script>alert(1)</script>\"'></title><i class=pwn>"


def test_page_meta_is_escaped_before_mkdocs_sees_it():
    meta = site.page_meta(Page("x.md", PAYLOAD, "", PAYLOAD, {"jsonld": '{"a":"\\u003c"}'}))
    assert isinstance(meta["title"], Markup) and "<script>" not in meta["title"]
    assert "&lt;script&gt;" in meta["description"] and "&#34;" in meta["description"]
    assert meta["jsonld"] == '{"a":"\\u003c"}'  # JSON-LD is safe by construction, not HTML-escaped


def test_material_templates_escape_plain_strings_too():
    """Whatever the hook hands over, our overrides of Material's templates escape it."""
    from mkdocs.commands.build import get_context
    from mkdocs.config import load_config
    from mkdocs.structure.files import File, Files
    from mkdocs.structure.nav import get_navigation
    from mkdocs.structure.pages import Page as MkPage

    os.environ.setdefault("NO_MKDOCS_2_WARNING", "1")
    config = load_config(CONFIG)
    config.plugins.on_startup(command="build", dirty=False)
    file = File.generated(config, "x.md", content="")
    page = MkPage(None, file, config)
    page.markdown, page.content = "", "<p>x</p>"  # no <h1>: Material's content partial prints the title
    page.meta = {"title": PAYLOAD, "description": PAYLOAD}
    files_ = Files([file])
    html = config.theme.get_env().get_template("main.html").render(
        get_context(get_navigation(files_, config), files_, config, page))
    assert "<script>alert(1)" not in html and "<i class=pwn>" not in html
    assert html.count("&lt;script&gt;alert(1)") >= 5  # <title>, description, og:title, header, <h1>


def test_json_ld_cannot_close_its_script_element():
    text = jsonld.script({"@type": "Thing", "name": "</script><script>alert(1)</script>", "x": "&<>\u2028"})
    assert "</" not in text and "<" not in text and "&" not in text.replace("\\u0026", "")


def _entry(title: str) -> cal.Entry:
    campaign = types.SimpleNamespace(id="c", title=title, doc_number=None, issuer_names="测试", observances=[], links=[])
    return cal.Entry("deadline", campaign, title, dt.date(2030, 5, 1), dt.date(2030, 5, 1), "5月1日前", False,
                     "deadline-1", "c/deadline/1")


def test_calendar_name_with_a_newline_cannot_inject_properties(monkeypatch):
    monkeypatch.setattr(feeds, "page_url", lambda *a, **k: "https://example.org/x/")
    data = feeds.ics([_entry("标题\nATTENDEE:mailto:x@example.org\x1b")], "名称\r\nATTENDEE:mailto:y@example.org",
                     "https://example.org/", dt.datetime(2030, 1, 1, tzinfo=dt.timezone.utc))
    assert b"\nATTENDEE" not in data and b"\x1b" not in data
    parsed = icalendar.Calendar.from_ical(data)
    assert parsed["X-WR-CALNAME"] == "名称 ATTENDEE:mailto:y@example.org"
    assert [str(e["SUMMARY"]) for e in parsed.walk("VEVENT")] == ["【报送截止】标题 ATTENDEE:mailto:x@example.org"]


def test_atom_feed_stays_well_formed_xml_with_control_characters():
    data = feeds._atom("tag:x", "t\x0b", "https://e/", "https://e/", dt.datetime(2030, 1, 1, tzinfo=dt.timezone.utc),
                       [dict(id="i", title="标题\x1b\x00\ufffe", updated=dt.datetime(2030, 1, 1, tzinfo=dt.timezone.utc),
                             url="https://e/x", summary="摘要\x0c", categories=["c\x01"])])
    root = ET.fromstring(data)
    assert root.find("{http://www.w3.org/2005/Atom}entry/{http://www.w3.org/2005/Atom}title").text == "标题"


@pytest.mark.parametrize("value", ["=HYPERLINK(\"http://x\")", "+1+1", "-1+1", "@SUM(A1)", "'=quoted", "正常"])
def test_csv_free_text_cells_are_spreadsheet_safe_and_round_trip(repo, tmp_path, value):
    text = (repo / CAMPAIGN[5:]).read_text(encoding="utf-8")
    (repo / CAMPAIGN[5:]).write_text(text.replace("theme: 测试主题", f"theme: {yaml_quote(value)}"), encoding="utf-8")
    ctx = context.compute(repo, use_cache=False)
    written = export.package_files(ctx.records, ctx.rows)
    cell = next(r for r in written["campaigns.csv"].decode().splitlines()[1:]).split(",")
    assert not any(c.startswith(("=", "+", "-", "@", "\t")) for c in cell)
    for name, data in written.items():
        (tmp_path / name).write_bytes(data)
    back = export.read_package(tmp_path)
    assert back["campaign"][0]["theme"] == value


def yaml_quote(value: str) -> str:
    import json

    return json.dumps(value, ensure_ascii=False)


def test_check_links_reads_any_bytes(tmp_path):
    (tmp_path / "index.html").write_bytes(b'<a href="ok/">\xff\xfe\xc0</a><a href="http://[x">v6</a>'
                                          b'<a href="a%ff%00b">x</a><a href="#\xff">y</a>')
    (tmp_path / "ok").mkdir()
    (tmp_path / "ok/index.html").write_bytes(b"\x00\x01<p id=x>")
    with deadline(10):
        broken = linkcheck.broken_links(tmp_path)
    assert any("not a valid URL" in b for b in broken) and any("a%ff%00b" in b for b in broken)
    assert not any(b.endswith("→ ok/") for b in broken)


def test_one_dtstamp_rule_whichever_command_builds(monkeypatch):
    monkeypatch.delenv("SOURCE_DATE_EPOCH", raising=False)
    git = subprocess.run(["git", "log", "-1", "--format=%ct"], cwd=ROOT, capture_output=True, text=True).stdout.strip()
    assert site.source_date_epoch(ROOT) == (git or "0") == os.environ["SOURCE_DATE_EPOCH"]
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "not a number; rm -rf /")
    assert site.source_date_epoch(ROOT) == (git or "0")
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1700000000")
    assert site.build_stamp(ROOT) == dt.datetime(2023, 11, 14, 22, 13, 20, tzinfo=dt.timezone.utc)


def test_hook_sets_the_build_date_before_mkdocs_writes(monkeypatch):
    """mkdocs build (without scitechday build) goes through on_config, which applies the same rule."""
    import importlib.util

    monkeypatch.delenv("SOURCE_DATE_EPOCH", raising=False)
    spec = importlib.util.spec_from_file_location("archive_hook", ROOT / "hooks/archive.py")
    hook = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(hook)

    class Config:
        config_file_path = CONFIG

    monkeypatch.setattr(hook.context, "compute", lambda *a, **k: (_ for _ in ()).throw(context.DataError([])))
    with pytest.raises(Abort):  # invalid data stops the build, with the dates set first
        hook.on_config(Config())
    assert os.environ["SOURCE_DATE_EPOCH"] == site.source_date_epoch(ROOT)


def test_problem_messages_quote_at_most_one_short_line(repo):
    change(repo, CAMPAIGN, "kind: 通知", 'kind: "' + "很长的文种" * 100 + '\\n第二行"')
    p = problem(repo, CAMPAIGN, 3, "enum")
    assert "第二行" not in p.message and "共 " in p.message and len(p.message) < 200


# ---------------------------------------------------------------- the validation cache
# (forged, damaged and planted caches and stat-preserving edits: tests/test_cache.py)


def test_a_pickle_in_the_working_tree_is_never_loaded(repo, tmp_path):
    """The old cache was a pickle under .cache/scitechday/: a crafted one ran a command."""
    import pickle

    marker = tmp_path / "pwned"

    class Boom:
        def __reduce__(self):
            return (open, (str(marker), "w"))

    folder = repo.parent / ".cache/scitechday"
    folder.mkdir(parents=True)
    for name in ("validate.pickle", "validate.journal.pickle"):
        (folder / name).write_bytes(pickle.dumps(Boom()))
    result = bounded_cli("validate", "--data", "data", cwd=repo.parent)
    assert result.returncode == 0 and not marker.exists()


def test_a_file_name_cannot_inject_a_ci_workflow_command(repo):
    (repo / "organizations/x\n::error file=evil::pwned.yml").write_text("id: x\n", encoding="utf-8")
    (p,) = [p for p in errors(repo) if p.code == "bad-file-name"]
    assert "\n" not in p.text() and "\\x0a::error" in p.path
    assert "\n" not in p.github()


def test_a_quoted_value_cannot_break_a_log_line(repo):
    change(repo, CAMPAIGN, "kind: 通知", 'kind: "公告\\r::error::pwned"')
    p = problem(repo, CAMPAIGN, 3, "enum")
    assert "\r" not in p.message and "\\x0d::error" in p.message


def test_an_unknown_key_with_a_newline_stays_on_one_log_line(repo):
    change(repo, ORG, "level: provincial\n", 'level: provincial\n"x\\n::error::pwned": 1\n')
    p = problem(repo, ORG, 8, "unknown-key")
    assert "\n" not in p.text() and "\n" not in p.github()


@pytest.mark.parametrize("rid", ["a" * 300, "abc\n", "../../etc/x", "a/b"])
def test_new_refuses_ids_that_would_escape_or_break_the_file_system(repo, rid):
    result = bounded_cli("new", "organization", "--id", rid, "--data", "data", cwd=repo.parent)
    assert result.returncode == 2 and "编号" in result.stderr and "Traceback" not in result.stderr


def _pdf(content: bytes, flate: bool) -> bytes:
    """A one-page PDF whose page content is `content` (deflated when flate)."""
    objs = [b"<< /Type /Catalog /Pages 2 0 R >>", b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
            b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R "
            b"/Resources << /Font << /F1 5 0 R >> >> >>",
            b"<< /Length %d%s >>\nstream\n" % (len(content), b" /Filter /FlateDecode" if flate else b"")
            + content + b"\nendstream",
            b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>"]
    out, offsets = b"%PDF-1.4\n", []
    for i, o in enumerate(objs, 1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % i + o + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objs) + 1) + b"".join(b"%010d 00000 n \n" % o for o in offsets)
    return out + b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objs) + 1, xref)


def test_pdf_bomb_hits_the_readers_memory_limit_not_the_machines(tmp_path, monkeypatch):
    import zlib

    monkeypatch.setattr(readers, "PDF_MEMORY_MB", 320)
    ok = tmp_path / "ok.pdf"
    ok.write_bytes(_pdf(b"BT /F1 24 Tf 100 700 Td (Notice text) Tj ET", False))
    assert readers.read_text(ok).strip() == "Notice text"  # the limit leaves room for a real notice
    z = zlib.compressobj(9)
    zeros = b"\0" * (1 << 24)
    bomb = tmp_path / "bomb.pdf"
    bomb.write_bytes(_pdf(b"".join(z.compress(zeros) for _ in range(32)) + z.flush(), True))  # 512 MB inflated
    assert bomb.stat().st_size < 1 << 20
    with deadline(120), pytest.raises(readers.ReadError, match="内存上限"):
        readers.read_text(bomb)


def test_docx_entity_expansion_is_not_resolved(tmp_path):
    import docx

    plain = tmp_path / "plain.docx"
    docx.Document().save(plain)
    laughs = ('<?xml version="1.0"?><!DOCTYPE d [<!ENTITY a "哈哈哈哈哈哈哈哈哈哈">'
              + "".join(f'<!ENTITY {chr(98 + i)} "{("&" + chr(97 + i) + ";") * 10}">' for i in range(8))
              + ']><w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main">'
              '<w:body><w:p><w:r><w:t>通知&i;</w:t></w:r></w:p></w:body></w:document>')
    bomb = tmp_path / "laughs.docx"
    with zipfile.ZipFile(plain) as src, zipfile.ZipFile(bomb, "w") as dst:
        for item in src.infolist():
            dst.writestr(item, laughs.encode() if item.filename == "word/document.xml" else src.read(item))
    with deadline(20):
        try:
            text = readers.read_text(bomb)
        except readers.ReadError as err:
            text = str(err)
    assert len(text) < 1000 and "哈哈哈" not in text


def test_issue_form_input_cannot_escape_data_or_carry_control_characters(repo):
    """The issue form is the least trusted door: anyone can open an issue."""
    from scitechday.editing.from_issue import prepare

    def no_network(url, dest):
        raise AssertionError(url)

    fields = {"text": "测科协\xad〔2030〕2号\n关于\x00开展\x1b[2J2030年活动的\u2060通知\n各单位：\n正文，" + "内容" * 20
                      + "\n测试市科协\n2030年5月6日",
              "record_id": "../../escape", "source_url": "javascript:alert(1)",
              "new_orgs": "../../x | 名称 | 科协\nok-org | 名称<script> | 科协"}
    with deadline(60):
        out = prepare(fields, repo, "https://example.org/issues/1", no_network)
    assert out.ok and not (repo.parent.parent / "escape.yml").exists()
    assert all(p.resolve().is_relative_to(repo.resolve()) for p in out.written)
    draft = out.notice.read_text(encoding="utf-8")
    assert "\x00" not in draft and "\x1b" not in draft and "javascript:" not in draft
    assert "\xad" not in draft and "\u2060" not in draft and "测科协〔2030〕2号" in draft  # web pages carry them
    assert any("编号" in n for n in out.notes)
