"""The real MkDocs build, from the bundled data and from fixtures: what the HTML says, and that it holds together."""

from __future__ import annotations

import hashlib
import os
import re
import shutil
import subprocess
import sys

import pytest

from conftest import CONFIG, DATA, FIXTURE, ROOT, edit
from scitechday.publish import site
from scitechday.publish.linkcheck import broken_links


def article(path):
    """The indexed part of a page (inside data-pagefind-body)."""
    html = path.read_text(encoding="utf-8")
    start = html.index("data-pagefind-body")
    return html[start: html.index("</article>", start)]


def page(site_dir, url):
    return (site_dir / url / "index.html").read_text(encoding="utf-8")


SEED_DOC_NUMBERS = {
    "2014-changzhou-kexie": "常科协〔2014〕64号", "2019-lianyungang-kexie": "连科协〔2019〕31号",
    "2020-weinan-kexie": "渭科协发〔2020〕12号", "2021-zhongguo-tiedao-xuehui": "学秘函〔2021〕11号",
    "2021-zhongguo-kexie": "科协办函组字〔2021〕56号",
}


@pytest.mark.parametrize("cid,doc", sorted(SEED_DOC_NUMBERS.items()))
def test_notice_page_has_its_doc_number_in_the_header_block(built, cid, doc):
    html = page(built, f"notices/{cid}")
    assert re.search(f'<dd class="st-docnum"[^>]*>{re.escape(doc)}</dd>', html)


def test_notice_page_has_full_text_attachments_deadlines_contacts(built):
    html = page(built, "notices/2014-changzhou-kexie")
    assert "2014年12月15—21日" in html  # the body, as written
    assert "2014年12月2日" in html  # Chinese dates
    assert "<th>科技工作者参与人数</th>" in html  # the form as a table
    assert 'id="deadline-1"' in html and "2014年12月25日" in html
    assert "czkxzxb@163.com" in html and "张淑波" in html


def test_calendar_may_2019_holds_lianyungang_and_yinchuan(built):
    html = page(built, "calendar/2019/05")
    assert "../../../notices/2019-lianyungang-kexie/#deadline-1" in html
    assert "../../../notices/2019-yinchuan-kexie/#period" in html
    assert 'data-date="2019-05-21" class="st-busy' in html and 'data-date="2019-05-20" class=""' in html
    assert "原文：2019年5月下旬至6月上旬" in html  # vague, shown as vague


def test_calendar_december_2014_holds_the_changzhou_member_week(built):
    html = page(built, "calendar/2014/12")
    assert "../../../notices/2014-changzhou-kexie/#period" in html
    for day in range(15, 22):
        assert f'data-date="2014-12-{day}" class="st-busy' in html
    assert 'data-date="2014-12-22" class=""' in html


def test_calendar_navigation_steps_through_months(built):
    html = page(built, "calendar/2019/05")
    assert 'href="../06/" rel="next"' in html
    prev = re.search(r'href="([^"]+)" rel="prev"', html).group(1)  # the previous month that holds entries
    target = (built / "calendar/2019/05" / prev / "index.html").resolve()
    assert target.is_file() and "st-cell-entry" in target.read_text(encoding="utf-8")
    assert (built / "calendar/2019/index.html").is_file()


def test_calendar_renders_only_months_that_hold_entries(built):
    months = sorted(p.parent for p in (built / "calendar").glob("*/[01][0-9]/index.html"))
    assert months
    for folder in months:
        assert "st-cell-entry" in (folder / "index.html").read_text(encoding="utf-8"), folder


def test_notice_organization_profile_pages_link_each_other(built):
    notice = page(built, "notices/2019-lianyungang-kexie")
    assert 'href="../../orgs/lianyungang-kexie/"' in notice
    assert 'href="../../profiles/li-baoguo/"' in notice
    assert 'href="../../orgs/lianyungang-zhidui/"' in notice
    org = page(built, "orgs/lianyungang-kexie")
    assert 'href="../../notices/2019-lianyungang-kexie/"' in org
    profile = page(built, "profiles/li-baoguo")
    assert 'href="../../notices/2019-lianyungang-kexie/"' in profile
    railway = page(built, "notices/2021-zhongguo-tiedao-xuehui")
    assert '依据：<a href="../2021-zhongguo-kexie/">' in railway  # based_on, resolved by doc number
    cast = page(built, "notices/2021-zhongguo-kexie")
    assert '据此发出：<a href="../2021-zhongguo-tiedao-xuehui/">' in cast


def test_trees_of_organizations_and_teams(built):
    teams = page(built, "teams")
    assert teams.index("中国科技志愿者总队") < teams.index("江苏省科技志愿者总队")  # national first
    assert teams.index("江苏省科技志愿者总队") < teams.index("江苏省科技志愿者总队连云港支队") < teams.index("科普大篷车志愿者服务团")
    orgs = page(built, "orgs")
    assert orgs.index("中国科学技术协会") < orgs.index("江苏省科学技术协会") < orgs.index("常州市科学技术协会")
    assert "科普专家讲师团" not in orgs  # teams have their own tree


def test_indexes_by_year_org_region_edition(built):
    assert "学秘函〔2021〕11号" in page(built, "notices")
    assert "渭南市科学技术局" in page(built, "notices/by-org")
    region = page(built, "notices/by-region")
    assert region.index("江苏省") < region.index("连科协〔2019〕31号")
    edition = page(built, "editions/workers-day-2021")
    assert "众心向党，自立自强" in edition and "学秘函〔2021〕11号" in edition


def test_no_broken_internal_links(built):
    assert broken_links(built) == []


def test_search_index_is_built_and_material_search_is_off(built):
    assert (built / "pagefind" / "pagefind-ui.js").is_file()
    assert not (built / "search" / "search_index.json").exists()
    assert 'action="../search/"' in page(built, "notices")


def test_build_is_reproducible(built, tmp_path):
    again = site.build(CONFIG, DATA, tmp_path / "again")

    def digest(root):
        return {p.relative_to(root).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
                for p in sorted(root.rglob("*")) if p.is_file()}

    first, second = digest(built), digest(again)
    assert first.keys() == second.keys()  # Pagefind's filter index included (publish/pagefind_order.py)
    assert [k for k in first if first[k] != second[k]] == []


def _build_command(tmp_path, old: str, new: str) -> list[str]:
    """`scitechday build` of a copy of the fixture with one edit, into tmp_path/out."""
    data = tmp_path / "data"
    shutil.copytree(FIXTURE, data)
    edit(data / "campaigns/2030/2030-ceshi-shi-kexie.yml", old, new)
    return [sys.executable, "-m", "scitechday.cli", "build", "--config", CONFIG, "--data", str(data), "--out",
            str(tmp_path / "out")]


def test_invalid_data_stops_the_build_with_the_validator_messages(tmp_path):
    command = _build_command(tmp_path, "issued: 2030-05-06", "issued: 2030-02-30")
    local = {k: v for k, v in os.environ.items() if k != "SITE_URL"}
    result = subprocess.run(command, capture_output=True, text=True, env=local)
    assert result.returncode == 1
    assert "2030-ceshi-shi-kexie.yml:7: type issued:" in result.stderr
    assert "Traceback" not in result.stderr and not (tmp_path / "out" / "index.html").exists()
    # a build for the local address says so (feeds, calendars and the sitemap would point at 127.0.0.1)
    assert "没有设置 SITE_URL" in result.stderr
    deployed = subprocess.run(command, capture_output=True, text=True, env={**local, "SITE_URL": "https://example.org/"})
    assert deployed.returncode == 1 and "SITE_URL" not in deployed.stderr


def test_a_build_says_the_warnings_and_builds_anyway_first_and_incremental(tmp_path):
    """An editor who only builds never saw a warning: a theme cut at " #" was published cut, without a word."""
    command = _build_command(tmp_path, "theme: 测试主题", "theme: 测试主题 #话题#")
    for _ in ("full", "incremental"):
        result = subprocess.run(command, capture_output=True, text=True, env={**os.environ, "SITE_URL": "https://example.org/"})
        assert result.returncode == 0 and (tmp_path / "out" / "index.html").exists(), result.stderr
        assert "2030-ceshi-shi-kexie.yml:10: 警告 hash-comment:" in result.stderr and "1 个警告" in result.stderr


def test_strict_mkdocs_build_passes_without_end_of_life_notice(tmp_path):
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1", "SCITECHDAY_DATA": str(DATA)}
    result = subprocess.run([sys.executable, "-m", "mkdocs", "build", "--strict", "-f", CONFIG, "-d", str(tmp_path)],
                            capture_output=True, text=True, env=env, cwd=ROOT)
    assert result.returncode == 0, result.stderr
    log = result.stdout + result.stderr
    assert "WARNING" not in log and "end of life" not in log
    assert "Material for MkDocs reaches end of life" not in (tmp_path / "index.html").read_text(encoding="utf-8")


def test_hostile_markup_is_escaped_or_stripped(hostile):
    html = article(hostile / "notices/2030-ceshi-shi-kexie/index.html")
    assert "<script" not in html and "onerror" not in html and "<iframe" not in html
    assert not re.search(r"""(href|src|action)\s*=\s*["']?\s*javascript:""", html, re.I)
    assert "javascript:" in html  # the hostile title is still shown, as text
    assert "&lt;b onmouseover=alert(1)&gt;" in html  # the title is text, not markup
    assert "点我" in html and "再点" in html  # the link text survives, the link does not


def test_fixture_repository_builds_with_all_sections(hostile):
    for url in ("", "notices/2030-ceshi-shi-kexie", "calendar/2030/05", "orgs/ceshi-kexie", "profiles/ceshi-ren",
                "editions/workers-day-2030", "teams", "search"):
        assert (hostile / url / "index.html").is_file(), url
    assert broken_links(hostile) == []


def test_preview_with_file_urls_opens_from_disk(tmp_path):
    """The preview editors download: pages as x.html, every link a file that exists."""
    preview = site.build(CONFIG, DATA, tmp_path / "preview", directory_urls=False)
    home = (preview / "index.html").read_text(encoding="utf-8")
    assert 'href="notices/2019-lianyungang-kexie.html"' in home
    notice = (preview / "notices/2019-lianyungang-kexie.html").read_text(encoding="utf-8")
    assert 'href="../orgs/lianyungang-kexie.html"' in notice
    assert broken_links(preview) == []


def test_organization_page_lists_honours_received_through_its_team_profile(tmp_path):
    data = tmp_path / "data"
    shutil.copytree(FIXTURE, data)
    (data / "profiles/ceshi-tuandui.yml").write_text(
        "id: ceshi-tuandui\nname: 测试创新团队\nkind: team\norganization: ceshi-shi-kexie\nhonors:\n"
        "  - title: 优秀科技创新团队\n    year: 2030\n    conferred_by: ceshi-kexie\n    campaign: 2030-ceshi-shi-kexie\n"
        "sources:\n  - file: synthetic\n", encoding="utf-8")
    out = site.build(CONFIG, data, tmp_path / "site")
    org = (out / "orgs/ceshi-shi-kexie/index.html").read_text(encoding="utf-8")
    assert "获得的荣誉" in org and "优秀科技创新团队（2030年）" in org
    conferring = (out / "orgs/ceshi-kexie/index.html").read_text(encoding="utf-8")
    assert "授予的荣誉" in conferring and "测试创新团队" in conferring
    index = (out / "profiles/index.html").read_text(encoding="utf-8")
    assert "优秀科技创新团队（2030年）" in index


# ---------------------------------------------------------------- the public site as readers need it (issue 12)

def _generated_pages(site_dir):
    skip = ("pagefind/", "assets/", "opendata/", "admin/")  # admin/: the web editor, not a site page
    return [p for p in sorted(site_dir.rglob("index.html")) if not p.relative_to(site_dir).as_posix().startswith(skip)]


def test_every_page_has_share_tags_and_the_site_image(built):
    image = built / "assets" / "share.png"
    assert image.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    for path in [*_generated_pages(built), built / "404.html"]:
        html = path.read_text(encoding="utf-8")
        title = re.search(r'<meta property="og:title" content="([^"]+)"', html)
        description = re.search(r'<meta property="og:description" content="([^"]+)"', html)
        assert title and description and title.group(1).strip(), path
        assert re.search(r'<meta property="og:image" content="https?://[^"]+/assets/share\.png"', html), path
    home = (built / "index.html").read_text(encoding="utf-8")
    assert "<title>全国科技工作者日活动档案</title>" in home
    assert '<meta property="og:title" content="全国科技工作者日活动档案">' in home
    notice = page(built, "notices/2019-lianyungang-kexie")
    assert re.search(r'<meta property="og:description" content="连科协〔2019〕31号，连云港市科学技术协会，2019年5月15日">',
                     notice)


def test_every_generated_page_links_to_edit_its_file_and_to_report_an_error(built):
    from conftest import ROOT

    for path in _generated_pages(built):
        rel = path.relative_to(built).as_posix()
        if rel.startswith(("about/", "contributing/", "search/")):
            continue  # hand-written pages: Material's own edit button (docs/…)
        html = path.read_text(encoding="utf-8")
        edit = re.search(r'<p class="st-edit"[^>]*><a href="https://github\.com/[^/]+/[^/]+/(edit|tree)/main/([^"]+)"'
                         r'[^>]*>([^<]+)</a> <span class="st-meta">([^<]+)</span>', html)
        assert edit, rel
        assert (ROOT / edit.group(2)).exists(), f"{rel} → {edit.group(2)}"
        # a page of one record edits its file; a page of many names their folder as one (the home page: data/)
        assert edit.group(3, 4) == (("编辑此页", edit.group(2)) if edit.group(1) == "edit" else
                                    ("编辑数据", edit.group(2) + "/ 文件夹")), rel
        assert "/issues/new?title=" in html, rel
    notice = page(built, "notices/2014-changzhou-kexie")
    assert "/edit/main/data/campaigns/2014/2014-changzhou-kexie.yml" in notice
    guide = page(built, "contributing")
    assert "仓库地址" not in guide and "{{ repo_url }}" not in guide
    assert "git clone https://github.com/scitechday/scitechday.git" in guide


def test_the_repository_address_comes_from_the_environment(tmp_path, monkeypatch):
    monkeypatch.setenv("SCITECHDAY_REPO_URL", "https://git.example.org/kexie/dangan")
    out = site.build(CONFIG, FIXTURE, tmp_path / "site")
    notice = page(out, "notices/2030-ceshi-shi-kexie")
    assert 'href="https://git.example.org/kexie/dangan/edit/main/data/campaigns/2030/2030-ceshi-shi-kexie.yml"' in notice
    assert "git clone https://git.example.org/kexie/dangan.git" in page(out, "contributing")
    assert "cd dangan" in page(out, "contributing")


def test_every_source_text_has_a_page_linked_from_the_records_citing_it(built):
    from conftest import ROOT

    for text in sorted((ROOT / "sources").glob("*.txt")):
        html = page(built, f"sources/{text.stem}")
        first_line = next(line.strip() for line in text.read_text(encoding="utf-8").splitlines() if line.strip())
        assert first_line in html
    notice = page(built, "notices/2019-lianyungang-kexie")
    assert '<a href="../../sources/003_8a3a7ff3aedc53f4/">查看收录的原文</a>' in notice
    org = page(built, "orgs/lianyungang-zhidui")
    assert "../../sources/003_8a3a7ff3aedc53f4/" in org


def test_only_record_pages_are_indexed_for_search(built):
    indexed = {p.relative_to(built).parts[0] for p in _generated_pages(built)
               if "data-pagefind-body" in p.read_text(encoding="utf-8")}
    assert indexed == {"notices", "orgs", "profiles", "editions"}
    assert "data-pagefind-body" not in page(built, "notices")  # the index pages are not records
    notice = page(built, "notices/2019-lianyungang-kexie")
    for attribute in ('data-pagefind-filter="类型:通知"', 'data-pagefind-filter="地区:江苏省"',
                      'data-pagefind-filter="纪念日:全国科技工作者日"', 'data-pagefind-meta="发文机关"',
                      'data-pagefind-meta="title" data-pagefind-weight="10"'):
        assert attribute in notice, attribute


def test_index_pages_offer_the_search_filters_as_links(built):
    index = page(built, "notices")
    for c in ("year-2019", "year-2014"):
        assert f'id="{c}"' in index and f'href="./#{c}"' in index
    by_region = page(built, "notices/by-region")
    assert 'id="region-32"' in by_region and 'id="region-64"' in by_region
    by_obs = page(built, "notices/by-observance")
    assert 'id="全国科技工作者日"' in by_obs and 'id="中国科协会员日"' in by_obs


def test_a_source_url_is_a_link(tmp_path):
    """(javascript: and other schemes are refused by validation and again by urls.safe_url: tests of issue 10.)"""
    data = tmp_path / "data"
    shutil.copytree(FIXTURE, data)
    edit(data / "campaigns/2030/2030-ceshi-shi-kexie.yml", "sources:\n  - file: synthetic",
         "sources:\n  - url: https://example.org/tz.html\n    title: 测试通知原文\n  - file: synthetic")
    out = site.build(CONFIG, data, tmp_path / "site")
    html = page(out, "notices/2030-ceshi-shi-kexie")
    assert '<a href="https://example.org/tz.html" rel="noopener nofollow">测试通知原文</a>' in html
    assert "原文网址：https://example.org/tz.html" in html
    assert "原始文件：synthetic" in html  # a file that is not in sources/ is named, not linked
