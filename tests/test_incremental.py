"""An incremental build gives the site a clean build gives, byte for byte, and writes only what changed."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest
from mkdocs.exceptions import Abort

from conftest import CONFIG, DATA, amend
from scitechday.publish import incremental, paging, search, site, stamp
from scitechday.publish.render import Skipped

ADDED = DATA.parent / "tests" / "fixtures" / "added"
NOTICE = "campaigns/2019/2019-lianyungang-kexie.yml"


def tree(root: Path) -> dict[str, bytes]:
    return {str(p.relative_to(root)): p.read_bytes() for p in sorted(root.rglob("*")) if p.is_file()}


@pytest.fixture
def work(tmp_path, monkeypatch):
    monkeypatch.setenv("SCITECHDAY_CACHE", str(tmp_path / "cache"))
    data = tmp_path / "data"
    shutil.copytree(DATA, data)
    site.build(CONFIG, data, tmp_path / "site")  # the first build: clean, leaves the build state
    return tmp_path, data


def rebuild(tmp_path: Path, data: Path, monkeypatch) -> tuple[bool, dict]:
    """Build again into site/: (whether MkDocs ran, i.e. a clean build, the files written)."""
    from mkdocs.commands import build as mkdocs_build

    ran, before = [], {p: p.stat().st_mtime_ns for p in (tmp_path / "site").rglob("*") if p.is_file()}
    real = mkdocs_build.build
    monkeypatch.setattr(mkdocs_build, "build", lambda *a, **k: (ran.append(1), real(*a, **k))[1])
    site.build(CONFIG, data, tmp_path / "site")
    monkeypatch.setattr(mkdocs_build, "build", real)
    after = (tmp_path / "site").rglob("*")
    written = {str(p.relative_to(tmp_path / "site")) for p in after
               if p.is_file() and before.get(p) != p.stat().st_mtime_ns}
    # the listing stored for the next build (made from what this one wrote) is the folder as it is
    assert incremental.load_state(tmp_path / "site")["outputs"] == incremental.outputs(tmp_path / "site")
    return bool(ran), written


def assert_same_as_clean(tmp_path: Path, data: Path) -> None:
    clean = site.build(CONFIG, data, tmp_path / "clean", clean=True)
    a, b = tree(tmp_path / "site"), tree(clean)
    assert sorted(a) == sorted(b)
    assert [name for name in a if a[name] != b[name]] == []


def test_an_edited_title_rewrites_its_pages_in_place(work, monkeypatch):
    tmp_path, data = work
    title = amend(data / NOTICE)
    ran, written = rebuild(tmp_path, data, monkeypatch)
    assert not ran
    assert "notices/2019-lianyungang-kexie/index.html" in written
    assert "about/index.html" not in written and "assets/site.css" not in written
    assert not any(w.startswith("notices/2014-") for w in written)  # unrelated notices untouched
    assert title in (tmp_path / "site/notices/2019-lianyungang-kexie/index.html").read_text(encoding="utf-8")
    fragments = {f"pagefind/fragment/{p.name}" for p in (tmp_path / "site/pagefind/fragment").iterdir()}
    assert fragments & written and fragments - written  # only the changed page's fragment is written again
    assert_same_as_clean(tmp_path, data)  # and the old one is gone


def test_nothing_changed_writes_no_page(work, monkeypatch):
    tmp_path, data = work
    ran, written = rebuild(tmp_path, data, monkeypatch)
    assert not ran
    assert {w for w in written if w.endswith("index.html") or w.startswith("sitemap")} == set()
    assert_same_as_clean(tmp_path, data)


def test_edits_in_a_row_stay_incremental(work, monkeypatch):
    tmp_path, data = work
    for n in range(3):
        amend(data / NOTICE, mark=f"（改{n}）")
        ran, written = rebuild(tmp_path, data, monkeypatch)
        assert not ran and "notices/2019-lianyungang-kexie/index.html" in written
    assert_same_as_clean(tmp_path, data)


def test_a_build_stopped_before_its_search_index_is_followed_by_a_clean_one(work, monkeypatch):
    tmp_path, data = work
    amend(data / NOTICE)

    def broken(*args, **kwargs):
        raise RuntimeError("pagefind failed")

    monkeypatch.setattr(search, "run", broken)
    with pytest.raises(RuntimeError):
        site.build(CONFIG, data, tmp_path / "site")
    assert incremental.load_state(tmp_path / "site") is None  # the state stored without its listing does not count
    monkeypatch.undo()
    monkeypatch.setenv("SCITECHDAY_CACHE", str(tmp_path / "cache"))
    ran, _ = rebuild(tmp_path, data, monkeypatch)
    assert ran
    assert_same_as_clean(tmp_path, data)


def test_an_edit_starts_its_search_index_before_the_rest_of_the_build(work, monkeypatch):
    """An incremental build renders the record pages first and indexes the bundles they made stale on the
    other core, while it plans and compares the listing and calendar pages, renders them, and makes the
    table rows, calendars, feeds and open data (which Pagefind does not read); the site is still the clean
    build's."""
    from scitechday.archive import context, dependencies
    from scitechday.publish import calendar_pages, export, feeds, render

    tmp_path, data = work
    amend(data / NOTICE)
    events: list[str] = []

    def spy(module, name: str, event: str) -> None:
        real = getattr(module, name)
        monkeypatch.setattr(module, name, lambda *a, **k: (events.append(event), real(*a, **k))[1])

    spy(search, "run", "index")
    spy(calendar_pages, "plan", "plans")
    spy(dependencies, "listing_map", "dependencies")
    spy(context, "flatten", "tables")  # the open data's rows
    spy(render.Renderer, "home", "home page")
    spy(render.Renderer, "notices", "notice pages")
    spy(export, "package_files", "open data")
    spy(feeds, "calendars", "calendars")
    ran, written = rebuild(tmp_path, data, monkeypatch)
    assert not ran and "pagefind/pagefind-entry.json" in written
    assert events == ["notice pages", "index", "plans", "dependencies", "tables", "home page", "open data",
                      "calendars"]
    assert_same_as_clean(tmp_path, data)


def test_a_searched_page_rendered_after_the_record_pages_takes_a_clean_build(work, monkeypatch):
    """The index starts from the pages of render.SEARCHED: were another part to hold a page to index (here
    the edition pages, taken out of SEARCHED), the index would miss it, so the build starts again, clean."""
    tmp_path, data = work
    monkeypatch.setattr(site, "SEARCHED", ("notices", "organizations", "profiles"))
    amend(data / NOTICE)
    ran, _ = rebuild(tmp_path, data, monkeypatch)
    assert ran
    monkeypatch.undo()
    monkeypatch.setenv("SCITECHDAY_CACHE", str(tmp_path / "cache"))
    assert_same_as_clean(tmp_path, data)


def test_open_data_published_compressed_from_now_on_takes_a_clean_build(work, monkeypatch):
    """The download page names the open data's files, which an incremental build takes from the last build
    (it renders the pages before it makes the package): when the package crosses the size above which it
    is published compressed, the build starts again, clean, with no search index left running."""
    from scitechday.publish import export

    tmp_path, data = work
    monkeypatch.setenv(export.ENV_GZIP_ABOVE, str(1 << 40))  # published as it is, however large data/ grows
    rebuild(tmp_path, data, monkeypatch)
    assert not any(p.suffix == ".gz" for p in (tmp_path / "site/opendata").iterdir())
    amend(data / NOTICE)
    monkeypatch.setenv(export.ENV_GZIP_ABOVE, "0")
    ran, _ = rebuild(tmp_path, data, monkeypatch)
    assert ran
    assert (tmp_path / "site/opendata/campaigns.csv.gz").is_file()
    assert_same_as_clean(tmp_path, data)


def test_a_clean_build_over_an_old_site_removes_it_once_the_new_one_is_written(work, monkeypatch):
    """The old output is moved aside and removed by another process once the new site is written
    (publish/outdir.py): nothing of it is left, hidden entries stay (as MkDocs keeps them), and so does
    no folder of the removal."""
    tmp_path, data = work
    (tmp_path / "site/stale.html").write_text("old", encoding="utf-8")
    (tmp_path / "site/notices/gone").mkdir()
    (tmp_path / "site/.git").mkdir()
    left = tmp_path / ".site.scitechday-old-killed"  # from a build that was stopped
    (left / "notices").mkdir(parents=True)
    from scitechday.publish import outdir

    removal = outdir.remove
    seen = []  # what the output folder held when the removal started: the new site, written

    def remove(site_dir):
        seen.append(sorted(p.name for p in (tmp_path / "site").iterdir()))
        removal(site_dir)

    monkeypatch.setattr(outdir, "remove", remove)
    site.build(CONFIG, data, tmp_path / "site", clean=True)
    assert len(seen) == 1 and "index.html" in seen[0] and "notices" in seen[0] and "stale.html" not in seen[0]
    assert not (tmp_path / "site/stale.html").exists() and not (tmp_path / "site/notices/gone").exists()
    assert (tmp_path / "site/.git").is_dir()
    assert [p.name for p in tmp_path.iterdir() if "scitechday-old" in p.name] == []
    shutil.rmtree(tmp_path / "site/.git")
    assert_same_as_clean(tmp_path, data)


def test_the_old_output_is_moved_aside_at_once_and_removed_once_asked(tmp_path):
    from scitechday.publish import outdir

    outdir.clear(tmp_path / "none")  # no output folder yet
    outdir.remove(tmp_path / "none")
    assert outdir._removing == []
    (tmp_path / "site/a/b").mkdir(parents=True)
    (tmp_path / "site/index.html").write_text("x", encoding="utf-8")
    (tmp_path / "site/.keep").write_text("x", encoding="utf-8")
    outdir.clear(tmp_path / "site")
    assert sorted(p.name for p in (tmp_path / "site").iterdir()) == [".keep"]
    # nothing is removed while the new site is written: the old output waits beside it
    (moved,) = [p for p in tmp_path.iterdir() if p.name != "site"]
    assert (moved / "index.html").is_file() and (moved / "a/b").is_dir() and outdir._removing == []
    outdir.remove(tmp_path / "site")
    outdir.wait()
    assert sorted(p.name for p in tmp_path.iterdir()) == ["site"]
    outdir.clear(tmp_path / "site")
    outdir.remove(tmp_path / "site")
    assert outdir._removing == []  # nothing to move, nothing left over


def test_invalid_data_leaves_the_last_site(work):
    tmp_path, data = work
    amend(data / NOTICE, value=["一条通知的标题写成了列表"])
    with pytest.raises(Abort):
        site.build(CONFIG, data, tmp_path / "site", clean=True)
    assert (tmp_path / "site/notices/2019-lianyungang-kexie/index.html").is_file()
    assert [p.name for p in tmp_path.iterdir() if "scitechday-old" in p.name] == []


def test_added_and_removed_records(work, monkeypatch):
    tmp_path, data = work
    shutil.copy(ADDED / "ceshi-xian-kexie.yml", data / "organizations")
    shutil.copy(ADDED / "2021-ceshi-xian-kexie.yml", data / "campaigns/2021")
    (data / "campaigns/2014/2014-changzhou-kexie.yml").unlink()
    (data / "campaigns/2014").rmdir()
    ran, written = rebuild(tmp_path, data, monkeypatch)
    assert not ran
    assert "notices/2021-ceshi-xian-kexie/index.html" in written
    assert not (tmp_path / "site/notices/2014-changzhou-kexie").exists()
    assert_same_as_clean(tmp_path, data)


def test_a_renamed_organization_reaches_every_page_that_names_it(work, monkeypatch):
    tmp_path, data = work
    path = next((data / "organizations").glob("lianyungang-kexie.yml"))
    text = path.read_text(encoding="utf-8")
    name = next(line for line in text.splitlines() if line.startswith("name:"))
    path.write_text(text.replace(name, "name: 连云港市科学技术协会（更名测试）", 1), encoding="utf-8")
    ran, written = rebuild(tmp_path, data, monkeypatch)
    assert not ran and "orgs/lianyungang-kexie/index.html" in written
    assert_same_as_clean(tmp_path, data)


def test_a_change_beside_the_data_builds_from_scratch(work, monkeypatch):
    tmp_path, data = work
    monkeypatch.setenv("SCITECHDAY_REPO_URL", "https://example.org/fork/scitechday")
    ran, _ = rebuild(tmp_path, data, monkeypatch)
    assert ran


def test_a_touched_output_folder_builds_from_scratch(work, monkeypatch):
    tmp_path, data = work
    (tmp_path / "site/stats/index.html").write_text("changed by hand", encoding="utf-8")
    ran, _ = rebuild(tmp_path, data, monkeypatch)
    assert ran
    assert "changed by hand" not in (tmp_path / "site/stats/index.html").read_text(encoding="utf-8")


def test_invalid_data_stops_with_the_problems_and_writes_nothing(work, monkeypatch):
    tmp_path, data = work
    before = tree(tmp_path / "site")
    _sub(data / NOTICE, r"^year: .*$", "year: 二〇一九")
    with pytest.raises(Abort) as err:
        site.build(CONFIG, data, tmp_path / "site")
    assert "2019-lianyungang-kexie.yml" in str(err.value) and "数据校验未通过" in str(err.value)
    assert tree(tmp_path / "site") == before


def test_state_lives_outside_the_site(work):
    tmp_path, _ = work
    assert incremental.state_path(tmp_path / "site").is_file()
    assert not incremental.state_path(tmp_path / "site").is_relative_to(tmp_path / "site")


def test_a_clean_build_indexes_into_the_last_search_bundles(work):
    """A clean build over the last site (a change besides the data, --clean) keeps the last search bundles
    aside while the folder is emptied, and Pagefind writes into them: the fragments of pages that did not
    change are not written again, what the new index does not name is removed, and the site is a clean
    build's, byte for byte."""
    tmp_path, data = work
    site_dir = tmp_path / "site"
    before = {p.name: p.stat().st_mtime_ns for p in site_dir.glob("pagefind/fragment/*.pf_fragment")}
    (site_dir / search.SEED / "pagefind-1999").mkdir(parents=True)  # as a build stopped halfway leaves it
    amend(data / NOTICE)
    site.build(CONFIG, data, site_dir, clean=True)
    after = {p.name: p.stat().st_mtime_ns for p in site_dir.glob("pagefind/fragment/*.pf_fragment")}
    kept = [name for name in after if before.get(name) == after[name]]
    assert kept and len(kept) < len(after)  # the retitled notice's fragment is new; the others are the last build's
    assert set(before) - set(after)  # its old fragment is gone
    assert not (site_dir / search.SEED).exists() and not (site_dir / "pagefind-1999").exists()
    assert_same_as_clean(tmp_path, data)


def test_the_state_holds_plain_values_and_a_damaged_state_takes_a_clean_build(work, monkeypatch):
    import json

    tmp_path, data = work
    state = incremental.load_state(tmp_path / "site")
    # marshal keeps tuples and number keys, which the JSON the state was before made lists and strings:
    # the build compares stored values with fresh ones, so the state holds only what JSON holds
    assert json.loads(json.dumps(state)) == state
    path = incremental.state_path(tmp_path / "site")
    path.write_bytes(path.read_bytes()[: path.stat().st_size // 2])
    assert incremental.load_state(tmp_path / "site") is None
    amend(data / NOTICE)
    ran, _ = rebuild(tmp_path, data, monkeypatch)
    assert ran  # MkDocs ran: a clean build
    assert_same_as_clean(tmp_path, data)


# ------------------------------------------------------------------ edits that reach many pages


def _sub(path: Path, pattern: str, new: str) -> None:
    import re

    text = path.read_text(encoding="utf-8")
    changed, n = re.subn(pattern, new, text, count=1, flags=re.M)
    assert n == 1, f"{pattern!r} not in {path}"
    path.write_text(changed, encoding="utf-8")


EDITS = {  # edits a synthetic archive's editor could make, each reaching pages beyond the record's own
    "org renamed": lambda d: _sub(d / "organizations/org-00001.yml", r"^name: (.*)$", r"name: \1（更名）"),
    "org moved under another parent": lambda d: _sub(d / "organizations/org-00040.yml", r"^parent: .*$",
                                                     "parent: org-00002"),
    "org region changed": lambda d: _sub(d / "organizations/org-00051.yml", r'^region: .*$', 'region: "110100"'),
    "notice retitled": lambda d: _sub(next((d / "campaigns/2020").glob("*.yml")), r"^title: \"", 'title: "（更正）'),
    "notice issuer changed": lambda d: _sub(next((d / "campaigns/2020").glob("*.yml")), r"^issuers:\n  - .*$",
                                            "issuers:\n  - org-00002"),
    "activity moved to another day": lambda d: _sub(next((d / "campaigns/2020").glob("*.yml")),
                                                    r"^(    period:\n      start: \d{4}-\d\d-)\d\d", r"\g<1>01"),
    "profile renamed": lambda d: _sub(d / "profiles/p-000000.yml", r"^name: (.*)$", r"name: \1（更名）"),
    "notice added": lambda d: _add_notice(d),
    "notice date changed": lambda d: _sub(_unreferenced_notice(d, 2020), r"^issued: \d{4}-\d\d-\d\d$",
                                          "issued: 2020-01-01"),
    "notice deleted": lambda d: _unreferenced_notice(d, 2020).unlink(),
}
VISIBLE = {"notice retitled", "notice issuer changed", "org renamed", "profile renamed", "notice added",
           "notice date changed", "notice deleted"}  # edits that change every listing line showing the record


def _unreferenced_notice(d: Path, year: int) -> Path:
    """A notice of that year no other record names (deleting it leaves the data valid)."""
    others = "".join(p.read_text(encoding="utf-8") for p in d.rglob("*.yml"))
    return next(p for p in sorted((d / f"campaigns/{year}").glob("*.yml")) if others.count(p.stem) == 1)


def _add_notice(d: Path) -> None:
    """A copy of a 2020 notice under a new id, number and title: the same months, one more notice."""
    source = next(iter(sorted((d / "campaigns/2020").glob("*.yml"))))
    target = d / "campaigns/2020/c-900000.yml"
    target.write_text(source.read_text(encoding="utf-8"), encoding="utf-8")
    _sub(target, r"^id: .*$", "id: c-900000")
    _sub(target, r"^doc_number: (.*)〕\d+号$", r"doc_number: \1〕900000号")
    _sub(target, r"^title: \"", 'title: "（新增）')


@pytest.fixture(scope="module")
def synthetic_site(tmp_path_factory):
    import sys

    sys.path.insert(0, str(DATA.parent / "benchmarks"))
    import synthetic

    root = tmp_path_factory.mktemp("synthetic")
    synthetic.generate(root / "data", 0.01)  # 100 notices, 60 organizations, 50 profiles
    return root


LISTING = re.compile(r"^(?:notices/(?:index|by-org|by-region|by-observance)|profiles/index)(?:_p\d+)?(?:/index)?\.html$")


def listing_pages(root: Path) -> dict[str, str]:
    """The HTML of the paged listings' pages (notices by year, issuer, region, observance; profiles)."""
    return {name: text.decode("utf-8") for name, text in tree(root).items() if LISTING.match(name)}


def rendering(monkeypatch) -> dict[str, list]:
    """What the builds from now on render: {"pages": source paths rendered, "skipped": groups not rendered}."""
    seen: dict[str, list] = {"pages": [], "skipped": []}
    real = site.generate_for

    def generate_for(*args, **kwargs):
        generated = real(*args, **kwargs)
        for p in generated.pages:
            seen["skipped"].append(p.group) if isinstance(p, Skipped) else seen["pages"].append(p.src)
        return generated

    monkeypatch.setattr(site, "generate_for", generate_for)
    return seen


def _shown_records(before: dict[str, str], after: dict[str, str]) -> list[re.Pattern]:
    """What marks a listing page as showing a record edited between two data trees (relative path → text):
    a link to the record's page, and an organization's names (a notice's line names its issuers in text)."""
    marks = []
    for path in sorted(before.keys() | after.keys()):
        if before.get(path) == after.get(path):
            continue
        marks.append(re.compile(rf'["/]{re.escape(Path(path).stem)}/"'))
        if path.startswith("organizations/"):
            marks += [re.compile(re.escape(m.group(1))) for text in (before.get(path), after.get(path)) if text
                      for m in [re.search(r"^name: (.*)$", text, re.M)] if m]
    return marks


@pytest.mark.parametrize("name", sorted(EDITS))
def test_edits_to_a_larger_archive_match_a_clean_build(synthetic_site, tmp_path, monkeypatch, name):
    """And render only the listing pages that show an edited record, or whose order, headings, pager or
    counts changed: every listing page rendered is one whose bytes changed, or one that shows the edited
    record (an edit its lines do not show, such as an activity's day)."""
    monkeypatch.setenv("SCITECHDAY_CACHE", str(tmp_path / "cache"))
    monkeypatch.setattr(paging, "SIZE", 8)  # 100 notices: listings of several pages
    data = tmp_path / "data"
    shutil.copytree(synthetic_site / "data", data)
    site.build(CONFIG, data, tmp_path / "site")
    records = lambda: {str(p.relative_to(data)): p.read_text(encoding="utf-8") for p in data.rglob("*.yml")}  # noqa: E731
    old_data, old_listings = records(), listing_pages(tmp_path / "site")
    EDITS[name](data)
    seen = rendering(monkeypatch)
    ran, written = rebuild(tmp_path, data, monkeypatch)
    assert not ran and written
    new_listings = listing_pages(tmp_path / "site")
    rendered = {stamp.dest_of(src, True) for src in seen["pages"]} & new_listings.keys()
    rewritten = {w for w in written if LISTING.match(w)}
    marks = _shown_records(old_data, records())
    showing = {page for pages in (old_listings, new_listings) for page, html in pages.items()
               if any(m.search(html) for m in marks)}
    assert rewritten <= rendered <= rewritten | showing
    assert len(rendered) < len(new_listings) and sum(g.startswith("page:") for g in seen["skipped"]) > 0
    if name in VISIBLE:
        assert rendered == rewritten
    if name == "notice retitled":
        assert rendered == showing and len(rendered) <= 6  # the pages listing it: one per listing (and its issuer's)
    assert_same_as_clean(tmp_path, data)


def compressed_site(synthetic_site: Path, tmp_path: Path, monkeypatch) -> Path:
    """The synthetic archive copied to tmp_path/data and built into tmp_path/site, its open data published
    gzipped in members of 16 KiB (a few per file). Returns the data folder."""
    from scitechday.publish import export, gzmembers

    monkeypatch.setenv("SCITECHDAY_CACHE", str(tmp_path / "cache"))
    monkeypatch.setenv(export.ENV_GZIP_ABOVE, "0")
    monkeypatch.setattr(gzmembers, "CHUNK", 16 * 1024)
    data = tmp_path / "data"
    shutil.copytree(synthetic_site / "data", data)
    site.build(CONFIG, data, tmp_path / "site")
    return data


def stated_sizes(root: Path) -> dict[str, str]:
    """The size the download page states beside each open data file it links to, by file name."""
    html = (root / "download/index.html").read_text(encoding="utf-8")
    found = re.findall(r'href="\.\./opendata/([\w.]+)">[^<]+</a>(?:（|，[\d,]+ 行，)([\d.]+ (?:字节|KB|MB|GB))', html)
    return dict(found)


def test_the_download_page_states_each_open_data_files_size(synthetic_site, tmp_path, monkeypatch):
    """Readers on a phone see how much a download weighs before they tap it: the download page gives each open
    data file's size as published (gzipped here), after a clean build and after an edit, when the files the edit
    left alone are not made again (their size then comes from their members) while the others are."""
    from scitechday.publish.render import file_size

    data = compressed_site(synthetic_site, tmp_path, monkeypatch)
    actual = lambda: {f.name: file_size(f.stat().st_size) for f in (tmp_path / "site/opendata").iterdir()}  # noqa: E731
    before = actual()
    assert "archive.json.gz" in before and "campaigns.csv.gz" in before and "datapackage.json" in before
    assert stated_sizes(tmp_path / "site") == before
    EDITS["notice retitled"](data)
    ran, written = rebuild(tmp_path, data, monkeypatch)
    assert not ran and "opendata/campaigns.csv.gz" in written and "opendata/profiles.csv.gz" not in written
    assert stated_sizes(tmp_path / "site") == actual()
    assert "download/index.html" in written or actual() == before


def test_file_sizes_read_as_readers_expect():
    from scitechday.publish.render import file_size

    assert [file_size(n) for n in (None, 0, 1023, 1024, 87_040, 1024 * 1024 - 1, 1_887_437, 48_620_000, 5 << 30)] == [
        "", "0 字节", "1023 字节", "1.0 KB", "85 KB", "1024 KB", "1.8 MB", "46 MB", "5.0 GB"]


@pytest.mark.parametrize("name", ["notice retitled", "notice added", "notice deleted", "org renamed"])
def test_compressed_open_data_reuses_its_members(synthetic_site, tmp_path, monkeypatch, name):
    """A large archive's open data is published gzipped: an edit recompresses a few members, not the files,
    made from the last build's members (publish/opendata.py); the files it leaves as they were are not written."""
    from scitechday.publish import gzmembers, opendata

    data = compressed_site(synthetic_site, tmp_path, monkeypatch)
    EDITS[name](data)
    from types import SimpleNamespace

    compressed, made = [], []
    real_gzip = gzmembers.gzip_ng
    monkeypatch.setattr(gzmembers, "gzip_ng", SimpleNamespace(
        compress=lambda d, *a, **k: (compressed.append(len(d)), real_gzip.compress(d, *a, **k))[1]))
    real = opendata.make
    monkeypatch.setattr(opendata, "make", lambda *a, **k: (made.append(real(*a, **k)), made[-1])[1])
    ran, written = rebuild(tmp_path, data, monkeypatch)
    monkeypatch.setattr(gzmembers, "gzip_ng", real_gzip)
    assert not ran and made and made[0] is not None
    remade = {f"opendata/{n}" for n, members in made[0].members.items() if any(m.old is None for m in members)}
    assert {w for w in written if w.startswith("opendata/") and w.endswith(".gz")} <= remade
    members = sum(len(index) for index in incremental.load_state(tmp_path / "site")["facts"]["members"].values())
    assert members > 20 and 0 < len(compressed) < members / 2
    if name == "notice retitled":
        assert remade == {"opendata/campaigns.csv.gz", "opendata/archive.json.gz"} <= written
        assert len(compressed) <= 4  # a member or two each
    assert_same_as_clean(tmp_path, data)


def test_a_retitled_notice_reindexes_only_its_own_search_bundle(synthetic_site, tmp_path, monkeypatch):
    """Organization, profile and edition pages list notices without indexing them (a profile's honour names
    its notice too): their bundles are left alone when an older notice changes, even one a profile's honour
    cites; a profile's edit re-indexes its own bundle only; and the result is still the clean build's."""
    from scitechday.publish import search

    monkeypatch.setenv("SCITECHDAY_CACHE", str(tmp_path / "cache"))
    monkeypatch.setenv(search.ENV_BUNDLE, "30")
    data = tmp_path / "data"
    shutil.copytree(synthetic_site / "data", data)
    site.build(CONFIG, data, tmp_path / "site")
    profiles = "".join(p.read_text(encoding="utf-8") for p in (data / "profiles").glob("*.yml"))
    notice = next(p for p in sorted((data / "campaigns/2018").glob("*.yml")) if f"campaign: {p.stem}" in profiles)
    _sub(notice, r"^title: \"", 'title: "（更正）')
    indexed = []
    real = search._pagefind
    monkeypatch.setattr(search, "_pagefind", lambda site_dir, options: (indexed.append(options["output_subdir"]),
                                                                         real(site_dir, options))[1])
    ran, _ = rebuild(tmp_path, data, monkeypatch)
    monkeypatch.setattr(search, "_pagefind", real)
    assert not ran
    import json

    bundles = json.loads((tmp_path / "site" / search.MANIFEST).read_text(encoding="utf-8"))
    holding = [b["path"].rstrip("/") for b in bundles if b["years"] and b["years"][0] <= 2018 <= b["years"][1]]
    assert indexed == holding and holding != ["pagefind"]
    # a profile's own text: the bundle of organizations, profiles and editions, not the newest notices' (pagefind/)
    profile = sorted((data / "profiles").glob("*.yml"))[0]
    _sub(profile, r"^summary: \"", 'summary: "（更新）')
    indexed.clear()
    monkeypatch.setattr(search, "_pagefind", lambda site_dir, options: (indexed.append(options["output_subdir"]),
                                                                         real(site_dir, options))[1])
    ran, _ = rebuild(tmp_path, data, monkeypatch)
    monkeypatch.setattr(search, "_pagefind", real)
    assert not ran and len(indexed) == 1 and indexed[0].startswith("pagefind-directory")
    assert_same_as_clean(tmp_path, data)


def test_the_index_holds_a_notice_as_published_not_what_was_extracted_from_it(synthetic_site, tmp_path, monkeypatch):
    """Pagefind indexes a notice's title, header and text; not its activities, stages, deadlines and contacts,
    which the archive extracted from that text (indexing them again cost a quarter of Pagefind's time)."""
    import gzip
    import json

    import yaml

    monkeypatch.setenv("SCITECHDAY_CACHE", str(tmp_path / "cache"))
    built = site.build(CONFIG, synthetic_site / "data", tmp_path / "site")
    path = next(p for p in sorted((synthetic_site / "data" / "campaigns").rglob("*.yml"))
                if yaml.safe_load(p.read_text(encoding="utf-8")).get("activities"))
    notice = yaml.safe_load(path.read_text(encoding="utf-8"))
    fragments = {}
    for f in built.glob("pagefind*/fragment/*.pf_fragment"):
        fragment = json.loads(gzip.decompress(f.read_bytes()).split(b"pagefind_dcd", 1)[-1])
        fragments[fragment["url"]] = fragment["content"].replace("\u200b", "")  # Pagefind marks its word breaks
    content = fragments[f"/notices/{notice['id']}/"]
    paragraph = max(notice["body"].splitlines(), key=len)
    assert notice["title"] in content and paragraph[:40] in content
    activity = notice["activities"][0]
    assert activity["title"] not in content and activity["description"][:40] not in content


# ------------------------------------------------------------------ what a listing page shows


def test_a_listing_page_is_known_by_its_inputs_and_the_records_its_lines_name():
    import datetime as dt

    from builders import archive, campaign, org
    from scitechday.archive import dependencies

    a = archive(campaigns=[campaign("2030-a", issuers=["kx"]), campaign("2030-b", issuers=["kx", "kj"])],
                organizations=[org("kx", name="测试市科协"), org("kj", name="测试市科技局")])
    first, second = a.campaigns
    pages = dependencies.listing_map({"p1": {"items": [first, second], "count": 2}, "p2": {"items": [second, first],
                                      "count": 2}, "p3": {"items": [first], "count": 2}})
    assert pages["p1"][1] == ["campaign:2030-a", "campaign:2030-b", "organization:kj", "organization:kx"]
    assert pages["p3"][1] == ["campaign:2030-a", "organization:kx"]  # a notice's line names its issuers
    assert len({d for d, _ in pages.values()}) == 3  # the order counts
    assert dependencies.listing_map({"p1": {"items": [first, second], "count": 2}}) == {"p1": pages["p1"]}
    with pytest.raises(TypeError):  # a value the digest cannot stand for: the page would not be exact
        dependencies.listing_map({"p": {"when": dt.date(2030, 1, 1)}})
    same = dependencies.stale_listings
    assert same(set(), pages, pages) == set()
    assert same({"organization:kj"}, pages, pages) == {"p1", "p2"}
    assert same({"campaign:2030-b"}, {"p3": [pages["p3"][0], pages["p1"][1]]}, {"p3": pages["p3"]}) == {"p3"}  # it showed b
    assert same(set(), {}, {"p3": pages["p3"]}) == {"p3"}  # a new page


def test_a_calendar_page_is_known_by_its_entries_their_notices_and_issuers():
    """An entry stands for its uid in the digest (whatever else it holds is its notice's) and for its notice
    and issuers among what the page shows; a date for itself."""
    import datetime as dt

    from builders import archive, campaign, org
    from scitechday.archive import calendar as cal
    from scitechday.archive import dependencies

    a = archive(campaigns=[campaign("2030-a", issuers=["kx"], period=dict(start="2030-05-01", end="2030-05-03")),
                           campaign("2030-b", issuers=["kj"], period=dict(start="2030-05-02", end="2030-05-02"))],
                organizations=[org("kx", name="测试市科协"), org("kj", name="测试市科技局")])
    first, second = cal.entries(a)
    day = dt.date(2030, 5, 2)
    pages = dependencies.calendar_map({"p1": {"day": day, "marks": [(first, "▶ "), (second, "")]},
                                       "p2": {"day": day, "marks": [(second, ""), (first, "▶ ")]},
                                       "p3": {"day": dt.date(2030, 5, 3), "marks": [(first, "▶ ")]},
                                       "p4": {"day": day, "marks": [(first, "◀ ")]}})
    assert pages["p1"][1] == ["campaign:2030-a", "campaign:2030-b", "organization:kj", "organization:kx"]
    assert pages["p4"][1] == ["campaign:2030-a", "organization:kx"]
    assert len({d for d, _ in pages.values()}) == 4  # the order, the day and the marks count
    retitled = cal.Entry(**{**vars(first), "title": "另一个标题"})  # its notice changed: the key says so
    assert dependencies.calendar_map({"p4": {"day": day, "marks": [(retitled, "◀ ")]}}) == {"p4": pages["p4"]}
    with pytest.raises(TypeError):  # anything else: the digest could not tell it changed
        dependencies.calendar_map({"p": {"x": object()}})


def test_the_calendar_months_to_plan_and_pages_to_render():
    from scitechday.archive import dependencies as d

    pages = {"campaign:a": ["campaign:a", "organization:o"], "campaign:b": ["campaign:b"],
             "campaign:c": ["campaign:c"], "campaign:d": ["campaign:d"]}
    months = {"campaign:a": [[2030, 5]], "campaign:b": [[2030, 6]], "campaign:c": [[2030, 9]], "campaign:d": [[2031, 1]]}
    assert d.months_to_plan({"organization:o"}, pages, pages, months, months) == {(2030, 5)}  # a's issuer
    assert d.months_to_plan({"edition:e"}, pages, pages, months, months) is None  # observance days
    assert d.months_to_plan({"campaign:b"}, pages, pages, months, {**months, "campaign:b": [[2030, 7]]}) is None
    old = {"2030-05": {"calendar/2030/05.md": ["d1", ["campaign:a"]], "calendar/2030/05/01.md": ["d2", ["campaign:a"]]},
           "2030-06": {"calendar/2030/06.md": ["d3", ["campaign:b"]]}, "2030-08": {"calendar/2030/08.md": ["d5", []]}}
    new = {**old, "2030-05": {"calendar/2030/05.md": ["d1", ["campaign:a"]]},
           "2030-06": {"calendar/2030/06.md": ["d4", ["campaign:b"]]}}
    w = d.wanted({"campaign:b"}, pages, pages, {}, {}, {}, {}, old, new)
    assert w is not None and w.months == {"2030-05", "2030-06"}  # May lost a page: visited, though nothing is rendered
    assert w.calendar == {"calendar/2030/06.md"}
    assert w("month:2030-06") and w("month:2030-06:calendar/2030/06.md") and not w("month:2030-08")
    assert w("month:2030-05") and not w("month:2030-05:calendar/2030/05.md")
    assert d.month_of("month:2030-05:calendar/2030/05.md") == "month:2030-05" and d.month_of("month:2030-05") is None


def _walked(obj) -> set[str]:
    """What dependencies.shown() means, walked the plain way: every field of the record and of the parts
    hanging off it (two parts deep, whatever their annotations say), the issuers of every notice found,
    the parents of every organization found."""
    import dataclasses

    from scitechday.archive import dependencies, model

    found = {id(obj): obj}

    def walk(o, depth):
        for f in dataclasses.fields(o):
            value = getattr(o, f.name)
            for item in value if isinstance(value, list) else [value]:
                if hasattr(item, "record_type"):
                    found[id(item)] = item
                elif dataclasses.is_dataclass(item) and depth < 2:
                    walk(item, depth + 1)

    walk(obj, 0)
    for c in [o for o in found.values() if isinstance(o, model.Campaign)]:
        found.update((id(i), i) for i in c.issuers)
    for o in [o for o in found.values() if isinstance(o, model.Organization)]:
        found.update((id(a), a) for a in o.ancestors)
    return {dependencies.key(o) for o in found.values()}


@pytest.mark.parametrize("which", ["real", "synthetic"])
def test_a_page_shows_what_a_walk_of_every_field_finds(synthetic_site, tmp_path, monkeypatch, which):
    """page_map walks only the fields whose annotations can hold a record (not a notice's period, sources,
    modules or links): it finds what a walk of every field finds, on the real archive and a synthetic one."""
    from scitechday.archive import context, dependencies

    monkeypatch.setenv("SCITECHDAY_CACHE", str(tmp_path / "cache"))
    archive = context.compute(DATA if which == "real" else synthetic_site / "data").archive
    pages = dependencies.page_map(archive)
    expected = {dependencies.key(o): sorted(_walked(o)) for t in dependencies.PAGED for o in archive.of_type(t)}
    assert pages == expected and list(pages) == list(expected)
    if which == "synthetic":  # the generated archive, not data/ (which may gain records that name no other)
        assert sum(len(v) for v in pages.values()) > 3 * len(pages)  # pages show other records


def test_what_a_model_class_may_hold():
    from scitechday.archive import dependencies, model, parts

    assert dependencies._names(parts.Activity) == ("campaign", "organizers", "partners")
    assert dependencies._names(parts.Span) == dependencies._names(parts.Source) == dependencies._names(parts.Link) == ()
    names = dependencies._names(model.Campaign)
    assert {"issuers", "activities", "based_on", "sealed_by"} <= set(names)
    assert not {"id", "title", "issued", "period", "sources", "modules", "links"} & set(names)


def test_a_build_plans_its_listings_calendars_and_feeds_once(work, monkeypatch):
    """incremental.facts and the rendering share one plan (publish/plans.py): clean or incremental."""
    from scitechday.publish import calendar_pages, feeds, listings

    tmp_path, data = work
    calls: list[str] = []
    for module, name in ((listings, "notices"), (listings, "profiles"), (feeds, "calendar_files"),
                         (feeds, "atom_files"), (calendar_pages, "plan")):
        real = getattr(module, name)
        monkeypatch.setattr(module, name, lambda *a, _real=real, _name=name, **k: (calls.append(_name), _real(*a, **k))[1])
    amend(data / NOTICE)
    ran, written = rebuild(tmp_path, data, monkeypatch)
    assert not ran and "notices/index.html" in written
    assert sorted(calls) == ["atom_files", "calendar_files", "notices", "plan", "profiles"]
    calls.clear()
    assert_same_as_clean(tmp_path, data)
    assert sorted(calls) == ["atom_files", "calendar_files", "notices", "plan", "profiles"]


# ------------------------------------------------------------------ calendar files


def _calendars(site_dir: Path) -> dict[str, bytes]:
    return {str(p.relative_to(site_dir)): p.read_bytes() for p in site_dir.rglob("*.ics")}


def _uids(data: bytes) -> set[str]:
    import re

    return {m.decode() for m in re.findall(rb"\r\nUID:([^\r@]*)@", data)}


def _holding(site_dir: Path, notices) -> set[str]:
    """The calendar files with an event of one of these notices (its UIDs start with the notice's id)."""
    return {path for path, data in _calendars(site_dir).items()
            if any(uid.split("/", 1)[0] in notices for uid in _uids(data))}


def _issued_by(data: Path, org: str) -> set[str]:
    import yaml

    docs = (yaml.safe_load(p.read_text(encoding="utf-8")) for p in (data / "campaigns").rglob("*.yml"))
    return {d["id"] for d in docs if org in d["issuers"]}


@pytest.fixture
def calendar_work(synthetic_site, tmp_path, monkeypatch):
    """The synthetic archive built once; rebuild_counting() rebuilds it counting the events serialized."""
    from scitechday.publish import feeds

    monkeypatch.setenv("SCITECHDAY_CACHE", str(tmp_path / "cache"))
    data = tmp_path / "data"
    shutil.copytree(synthetic_site / "data", data)
    site.build(CONFIG, data, tmp_path / "site")

    def rebuild_counting() -> tuple[set[str], list[str]]:
        """(the calendar files written, the UIDs of the events serialized)"""
        serialized: list[str] = []
        real = feeds._event
        monkeypatch.setattr(feeds, "_event", lambda e, *a: (serialized.append(e.uid), real(e, *a))[1])
        ran, written = rebuild(tmp_path, data, monkeypatch)
        monkeypatch.setattr(feeds, "_event", real)
        assert not ran
        return {w for w in written if w.endswith(".ics")}, serialized

    return tmp_path, data, rebuild_counting


def _serialized_exactly(site_dir: Path, made: set[str], serialized: list[str]) -> None:
    """Each event of the files made serialized once, and no other."""
    files = _calendars(site_dir)
    assert sorted(serialized) == sorted(set().union(*(_uids(files[path]) for path in made)))
    assert len(serialized) < sum(len(_uids(files[p])) for p in files if p.startswith("notices/"))  # not all


def test_the_calendar_files_to_make():
    """Those that show a changed record, show other records than last time, or are new."""
    from scitechday.archive import dependencies

    old = {"a.ics": ["campaign:x", "organization:o"], "b.ics": ["campaign:y"], "c.ics": ["campaign:y"],
           "gone.ics": ["campaign:z"]}
    new = {"a.ics": ["campaign:x", "organization:o"], "b.ics": ["campaign:w", "campaign:y"], "c.ics": ["campaign:y"],
           "new.ics": []}
    wanted = dependencies.wanted({"organization:o"}, {}, {}, old, new)
    assert wanted is not None and wanted.files == {"a.ics", "b.ics", "new.ics"}


def test_a_retitled_notice_makes_only_the_calendars_that_hold_it(calendar_work):
    tmp_path, data, rebuild_counting = calendar_work
    notice = next((data / "campaigns/2020").glob("*.yml"))
    holding = _holding(tmp_path / "site", {notice.stem})
    assert {f"notices/{notice.stem}.ics", "calendar.ics"} & holding and any(p.startswith("orgs/") for p in holding)
    _sub(notice, r"^title: \"", 'title: "（更正）')
    written, serialized = rebuild_counting()
    assert written == holding  # each event names its notice's title
    _serialized_exactly(tmp_path / "site", holding, serialized)
    assert_same_as_clean(tmp_path, data)


def test_nothing_changed_makes_no_calendar(calendar_work):
    tmp_path, data, rebuild_counting = calendar_work
    assert rebuild_counting() == (set(), [])


def test_a_notice_moved_to_another_issuer_leaves_and_joins_calendars(calendar_work):
    tmp_path, data, rebuild_counting = calendar_work
    notice = next((data / "campaigns/2020").glob("*.yml"))
    before = _holding(tmp_path / "site", {notice.stem})
    _sub(notice, r"^issuers:\n  - (org-\d+)$", "issuers:\n  - org-00002")
    written, serialized = rebuild_counting()
    after = _holding(tmp_path / "site", {notice.stem})
    assert "orgs/org-00002.ics" in after - before and before - after  # it left its old issuer's, joined the new
    assert written == before | after
    _serialized_exactly(tmp_path / "site", before | after, serialized)
    assert_same_as_clean(tmp_path, data)


def test_a_deleted_notice_leaves_its_calendars(calendar_work):
    tmp_path, data, rebuild_counting = calendar_work
    notice = next((data / "campaigns/2020").glob("*.yml"))
    before = _holding(tmp_path / "site", {notice.stem})
    notice.unlink()
    written, serialized = rebuild_counting()
    assert not (tmp_path / f"site/notices/{notice.stem}.ics").exists()
    assert written == before - {f"notices/{notice.stem}.ics"} and not _holding(tmp_path / "site", {notice.stem})
    _serialized_exactly(tmp_path / "site", written, serialized)
    assert_same_as_clean(tmp_path, data)


def test_a_new_organization_gets_its_calendar_and_nothing_else_is_made(calendar_work):
    tmp_path, data, rebuild_counting = calendar_work
    text = (data / "organizations/org-00059.yml").read_text(encoding="utf-8")
    (data / "organizations/org-09999.yml").write_text(
        text.replace("id: org-00059", "id: org-09999").replace("合成科协59号", "合成科协新设"), encoding="utf-8")
    written, serialized = rebuild_counting()
    assert written == {"orgs/org-09999.ics"} and serialized == []
    assert b"X-WR-CALNAME:\xe5\x90\x88\xe6\x88\x90\xe7\xa7\x91\xe5\x8d\x8f\xe6\x96\xb0\xe8\xae\xbe" in \
        (tmp_path / "site/orgs/org-09999.ics").read_bytes()  # 合成科协新设
    assert_same_as_clean(tmp_path, data)


def test_a_renamed_organization_remakes_the_calendars_that_name_it(calendar_work):
    tmp_path, data, rebuild_counting = calendar_work
    issued = _issued_by(data, "org-00001")
    expected = _holding(tmp_path / "site", issued) | {"orgs/org-00001.ics"}  # 发文机关 of each event; its calendar's name
    assert issued and len(expected) < len(_calendars(tmp_path / "site")) / 2
    EDITS["org renamed"](data)
    written, serialized = rebuild_counting()
    assert written == expected
    _serialized_exactly(tmp_path / "site", expected, serialized)
    assert_same_as_clean(tmp_path, data)


def test_another_build_date_remakes_every_calendar(calendar_work, monkeypatch):
    """Every event carries the build date (DTSTAMP): a new commit's build makes every calendar again."""
    import os

    tmp_path, data, rebuild_counting = calendar_work
    monkeypatch.setenv("SOURCE_DATE_EPOCH", str(int(os.environ["SOURCE_DATE_EPOCH"]) + 86400))
    written, _ = rebuild_counting()
    assert written == set(_calendars(tmp_path / "site"))
    assert_same_as_clean(tmp_path, data)


# ------------------------------------------------------------------ Atom feeds


_ENTRY = re.compile(rb"<id>tag:scitechday,2026:(?:notice|deadline)/([^</]+)")


def _atoms(site_dir: Path) -> dict[str, bytes]:
    return {str(p.relative_to(site_dir)): p.read_bytes() for p in site_dir.rglob("*.atom")}


def _atom_holding(files: dict[str, bytes], notices) -> set[str]:
    """The Atom files with an entry of one of these notices (or of one of its deadlines)."""
    return {path for path, data in files.items() if {m.decode() for m in _ENTRY.findall(data)} & set(notices)}


@pytest.fixture
def atom_work(synthetic_site, tmp_path, monkeypatch):
    """The synthetic archive built once with feeds of 10 entries and archives of 20 (an archive a year);
    rebuild_making(notices) rebuilds it and checks the Atom files made are those that changed (and those
    that hold an entry of these edited notices: an entry may print nothing of what changed)."""
    from scitechday.publish import feeds

    monkeypatch.setattr(feeds, "RECENT", 10)
    monkeypatch.setattr(feeds, "ARCHIVE_SIZE", 20)
    monkeypatch.setenv("SCITECHDAY_CACHE", str(tmp_path / "cache"))
    data = tmp_path / "data"
    shutil.copytree(synthetic_site / "data", data)
    site.build(CONFIG, data, tmp_path / "site")
    archives = {p for p in _atoms(tmp_path / "site") if p.startswith("notices-archive/")}
    assert len(archives) >= 10 and all(re.fullmatch(r"notices-archive/20\d\d\.atom", p) for p in archives)

    def rebuild_making(notices=()) -> set[str]:
        """The Atom files made (serialized) by an incremental rebuild, all of them checked."""
        before = _atoms(tmp_path / "site")
        made: list[str] = []
        real = feeds._atom
        monkeypatch.setattr(feeds, "_atom", lambda *a, **k: (made.append(k["self_url"]), real(*a, **k))[1])
        ran, _ = rebuild(tmp_path, data, monkeypatch)
        monkeypatch.setattr(feeds, "_atom", real)
        assert not ran
        after = _atoms(tmp_path / "site")
        paths = {u.split("/", 3)[3] for u in made}  # the site URL's path is the output folder's
        changed = {p for p in after if before.get(p) != after[p]}
        assert changed <= paths <= changed | _atom_holding(before, notices) | _atom_holding(after, notices)
        assert_same_as_clean(tmp_path, data)
        return paths

    return tmp_path, data, rebuild_making


def test_nothing_changed_makes_no_feed(atom_work):
    tmp_path, data, rebuild_making = atom_work
    assert rebuild_making() == set()


def test_a_retitled_old_notice_makes_only_the_archives_that_hold_it(atom_work):
    tmp_path, data, rebuild_making = atom_work
    notice = sorted((data / "campaigns/2014").glob("*.yml"))[0]
    holding = _atom_holding(_atoms(tmp_path / "site"), {notice.stem})
    assert len([p for p in holding if p.startswith("notices-archive/")]) == 1 and "notices.atom" not in holding
    _sub(notice, r"^title: \"", 'title: "（更正）')
    assert rebuild_making({notice.stem}) == holding  # its entry, and its deadlines' (each names its title)


def _notice_archives(files, notices) -> set[str]:
    return {p for p in _atom_holding(files, notices) if p.startswith("notices-archive/")}


def test_an_added_notice_changes_only_its_years_archive(atom_work):
    """The archive is back-filled: an archive document stays as published (RFC 5005) but for the year of the
    added notice (its copy's year); numbered from the oldest in one series, every later document shifted."""
    tmp_path, data, rebuild_making = atom_work
    files = _atoms(tmp_path / "site")
    year = _notice_archives(files, {next(iter(sorted((data / "campaigns/2020").glob("*.yml")))).stem})
    EDITS["notice added"](data)
    made = rebuild_making({"c-900000"})
    assert len(year) == 1 and {p for p in made if p.startswith("notices-archive/")} == year
    assert _notice_archives(_atoms(tmp_path / "site"), {"c-900000"}) == year
    assert len(made) < len(files) / 3


def test_a_deleted_notice_changes_only_its_years_archive(atom_work):
    tmp_path, data, rebuild_making = atom_work
    notice = _unreferenced_notice(data, 2020)
    year = _notice_archives(_atoms(tmp_path / "site"), {notice.stem})
    notice.unlink()
    made = rebuild_making({notice.stem})
    assert len(year) == 1 and {p for p in made if p.startswith("notices-archive/")} == year
    assert not _atom_holding(_atoms(tmp_path / "site"), {notice.stem})


def test_a_renamed_issuer_makes_the_feeds_that_name_it(atom_work):
    tmp_path, data, rebuild_making = atom_work
    files = _atoms(tmp_path / "site")
    issued = _issued_by(data, "org-00001")
    expected = {p for p in _atom_holding(files, issued) if not p.startswith("deadlines")}  # 发文机关 in the summary
    assert issued and 0 < len(expected) < len(files) / 2
    EDITS["org renamed"](data)
    assert rebuild_making() == expected


def test_a_notice_whose_date_changed_moves_in_the_archives(atom_work):
    tmp_path, data, rebuild_making = atom_work
    notice = _unreferenced_notice(data, 2020)
    before = _atom_holding(_atoms(tmp_path / "site"), {notice.stem})
    _sub(notice, r"^issued: \d{4}-\d\d-\d\d$", "issued: 2019-01-01")  # before every 2019 notice
    _sub(notice, r"〔2020〕", "〔2019〕")
    made = rebuild_making({notice.stem})
    after = _atom_holding(_atoms(tmp_path / "site"), {notice.stem})
    assert made >= before | after and any(p.startswith("notices-archive/") for p in made)


def test_another_build_date_makes_no_feed(atom_work, monkeypatch):
    """Unlike a calendar's events (DTSTAMP), an Atom file prints the build date only when it has no entry."""
    import os

    tmp_path, data, rebuild_making = atom_work
    monkeypatch.setenv("SOURCE_DATE_EPOCH", str(int(os.environ["SOURCE_DATE_EPOCH"]) + 86400))
    assert rebuild_making() == set()


# ------------------------------------------------------------------ calendar month pages

MONTH_PAGE = re.compile(r"^calendar/\d{4}/\d\d/")  # a month's page, its continuation, filter and day pages


def month_pages(root: Path) -> dict[str, str]:
    return {name: text.decode("utf-8") for name, text in tree(root).items() if MONTH_PAGE.match(name)}


def _issued_by(d: Path, org: str) -> set[str]:
    """The notices an organization issued (their file stems)."""
    return {p.stem for p in d.glob("campaigns/*/*.yml")
            if re.search(rf"^issuers:\n(?:  - .*\n)*  - {org}$", p.read_text(encoding="utf-8"), re.M)}


def _busy_notice(d: Path) -> Path:
    return next(iter(sorted((d / "campaigns/2020").glob("*.yml"))))


def _edit_busy_notice(d: Path, pattern: str, new: str) -> set[str]:
    _sub(_busy_notice(d), pattern, new)
    return {_busy_notice(d).stem}


def _issuer_elsewhere(d: Path) -> set[str]:
    """The busy notice's issuer moves to Beijing: its notices leave their province's filter pages for another."""
    issuer = re.search(r"^issuers:\n  - (.*)$", _busy_notice(d).read_text(encoding="utf-8"), re.M).group(1)
    _sub(d / f"organizations/{issuer}.yml", r'^region: .*$', 'region: "110100"')
    return _issued_by(d, issuer)


def _moved_to_june(d: Path) -> set[str]:
    text = _busy_notice(d).read_text(encoding="utf-8")
    _busy_notice(d).write_text(re.sub(r"^(\s+(?:-\s)?(?:start|end|date): \d{4})-05-", r"\1-06-", text, flags=re.M),
                               encoding="utf-8")
    return {_busy_notice(d).stem}


CALENDAR_EDITS = {  # edit → the notices whose entries it changes (file stems)
    "notice retitled": lambda d: _edit_busy_notice(d, r"^title: \"", 'title: "（更正）'),
    "activity moved to another day": lambda d: _edit_busy_notice(d, r"^(    period:\n      start: \d{4}-\d\d-)\d\d",
                                                                 r"\g<1>01"),
    "notice moved to another month": _moved_to_june,
    "issuer moved to another province": _issuer_elsewhere,
    "notice added": lambda d: (_add_notice(d), {"c-900000"})[1],
    "notice deleted": lambda d: (lambda p: (p.unlink(), {p.stem})[1])(_unreferenced_notice(d, 2020)),
}


@pytest.mark.parametrize("name", sorted(CALENDAR_EDITS))
def test_an_edit_renders_only_the_calendar_pages_it_changes(synthetic_site, tmp_path, monkeypatch, name):
    """A month of the synthetic archive made of several pages (small page sizes): its main page and
    continuation, filter and day pages are planned with what each shows, and an incremental build renders
    only those whose shown notices or inputs changed, keeping every other one; the site is a clean build's."""
    from scitechday.publish import calendar_pages

    monkeypatch.setenv("SCITECHDAY_CACHE", str(tmp_path / "cache"))
    monkeypatch.setattr(calendar_pages, "CELL_TITLES", 1)
    monkeypatch.setattr(calendar_pages, "AGENDA_PER_DAY", 2)
    monkeypatch.setattr(calendar_pages, "DAY_PAGE_SIZE", 4)
    data = tmp_path / "data"
    shutil.copytree(synthetic_site / "data", data)
    site.build(CONFIG, data, tmp_path / "site")
    before = month_pages(tmp_path / "site")
    edited = CALENDAR_EDITS[name](data)
    seen = rendering(monkeypatch)
    ran, written = rebuild(tmp_path, data, monkeypatch)
    assert not ran
    after = month_pages(tmp_path / "site")
    rendered = {stamp.dest_of(src, True) for src in seen["pages"]} & after.keys()
    kept = {stamp.dest_of(g.split(":", 2)[2], True) for g in seen["skipped"] if g.count(":") == 2}
    whole = {g[6:].replace("-", "/") for g in seen["skipped"] if g.startswith("month:") and g.count(":") == 1}
    kept |= {page for page in after if page[len("calendar/"):len("calendar/2020/05")] in whole}  # months not visited
    rewritten = {w for w in written if MONTH_PAGE.match(w)}
    links = re.compile("|".join(rf"/{re.escape(stem)}/[#\"]" for stem in edited))
    showing = {page for pages in (before, after) for page, html in pages.items() if links.search(html)}
    months = {page[:len("calendar/2020/05")] for page in showing}

    assert rendered | kept == after.keys() and not rendered & kept  # every page of the site: rendered or kept
    assert len([p for p in after if p.startswith("calendar/2020/05/")]) > 20  # the month is many pages
    assert rewritten <= rendered
    assert rendered <= rewritten | showing
    assert 0 < len(rendered) < len(after) / 4
    if name == "notice moved to another month":  # June is new: its neighbours (May 2020 and May 2021) link to it
        assert {p[:len("calendar/2020/05")] for p in rendered} >= {"calendar/2020/05", "calendar/2020/06"}
    elif name == "issuer moved to another province":  # a province's filter page gained or lost in its months:
        # the nearest months with that province link it (‹ ›), so their pages of it are rendered, nothing else
        elsewhere = {p for p in rendered if p[:len("calendar/2020/05")] not in months}
        assert all(re.fullmatch(r"calendar/\d{4}/\d\d/(national|p\d\d)(-list-\d+)?/index\.html", p)
                   for p in elsewhere), elsewhere
    else:
        assert {p[:len("calendar/2020/05")] for p in rendered} <= months
    if name not in ("notice moved to another month", "issuer moved to another province"):  # only the months holding
        # the notice are planned and visited
        assert {f"calendar/{month}" for month in whole} == {p[:len("calendar/2020/05")] for p in after} - months
    if name == "notice retitled":  # the pages listing its entries; those listing its period or stages show its title
        assert rendered == showing
        assert rewritten == {page for page, html in after.items() if "（更正）" in html} != set()
    assert_same_as_clean(tmp_path, data)


def test_a_month_whose_filters_change_has_its_neighbours_planned_again():
    """A filter page's ‹ › lead to the same filter of the month beside where it has one: when June gains a 全国科普日
    filter, May's 全国科普日 page must link it. An incremental build that planned only June kept May's old map."""
    from builders import campaign, period, records
    from scitechday.archive import calendar as cal
    from scitechday.archive import dependencies, model
    from scitechday.publish import calendar_pages, incremental

    def notices(june_second: str):
        on = lambda cid, day, obs: campaign(cid, observance=obs, period=period(day, day))  # noqa: E731
        return [on("2030-a", "2030-05-10", "全国科技工作者日"), on("2030-b", "2030-05-12", "全国科普日"),
                on("2030-c", "2030-06-05", "全国科技工作者日"), on("2030-d", "2030-06-06", june_second),
                on("2030-e", "2030-08-01", "全国科技工作者日"), on("2030-f", "2030-10-01", "全国科技工作者日")]

    def facts(campaigns, last=None):
        recs = records(campaigns=campaigns)
        a = model.build(recs)
        entries = cal.entries(a)
        now = {"records": dependencies.record_digests(recs), "pages": dependencies.page_map(a),
               "months": dependencies.month_map(entries)}
        return {**now, "calendar": incremental.calendar_facts(calendar_pages.plan(a, entries), now, last)}

    before = facts(notices("全国科技活动周"))
    after, fresh = facts(notices("全国科普日"), last=before), facts(notices("全国科普日"))
    may = [src for src in fresh["calendar"]["2030-05"] if "/o-" in src]
    assert may and after["calendar"]["2030-05"] != before["calendar"]["2030-05"]  # May's ‹ › changed
    assert after["calendar"] == fresh["calendar"]
    assert after["calendar"]["2030-10"] is before["calendar"]["2030-10"]  # not beside June: not planned again
