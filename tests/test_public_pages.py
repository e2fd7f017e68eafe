"""Computed data behind the public pages: statistics, groupings, the signature, links into the repository."""

from __future__ import annotations

import csv
import io
from collections import Counter
from urllib.parse import parse_qs, urlparse

import pytest

from conftest import DATA, FIXTURE, ROOT
from scitechday.archive import context, model
from scitechday.domain.regions import province
from scitechday.publish import export, groupings, markup, notice, repo, sources, stats, svg


def _archive(data_dir):
    ctx = context.compute(data_dir, use_cache=False)
    return ctx, ctx.archive


@pytest.fixture(scope="module")
def real():
    return _archive(DATA)


def _csv(files, name):
    return list(csv.DictReader(io.StringIO(files[f"{name}.csv"].decode("utf-8-sig"))))


def _from_open_data(ctx) -> dict[str, dict]:
    """Each statistic recomputed from the exported CSV tables alone (not from the model)."""
    files = export.package_files(ctx.records, ctx.rows)
    campaigns = _csv(files, "campaigns")
    orgs = {o["id"]: o for o in _csv(files, "organizations")}
    issuers: dict[str, list] = {}
    for row in _csv(files, "campaign_issuers"):
        issuers.setdefault(row["campaign"], []).append(orgs[row["organization"]])
    year_of = {c["id"]: c["year"] for c in campaigns}
    per_year = Counter((f"{year_of[o['campaign']]}年", o["observance"]) for o in _csv(files, "observances"))
    provinces, levels = Counter(), Counter()
    labels = dict(model.LEVELS, **{"": "未注明层级"})
    for c in campaigns:
        codes = {o["region"][:2] + "0000" for o in issuers.get(c["id"], []) if province(o["region"])}
        for code in codes or {"全国"}:
            provinces["全国" if code == "全国" else f"{province(code)}（{code}）"] += 1
        for level in {o["level"] for o in issuers.get(c["id"], [])}:
            levels[labels[level]] += 1
    categories = Counter(a["category"] or "未分类" for a in _csv(files, "activities"))
    months = Counter(f"{int(d['date'][:4])}年{int(d['date'][5:7])}月" for d in _csv(files, "deadlines"))
    nested: dict[str, dict] = {}
    for (year, obs), n in per_year.items():
        nested.setdefault(year, {})[obs] = n
    return {"per-year": nested,
            "by-province": {k: {"通知": n} for k, n in provinces.items()},
            "by-level": {k: {"通知": n} for k, n in levels.items()},
            "by-category": {k: {"活动": n} for k, n in categories.items()},
            "deadlines": {k: {"报送截止": n} for k, n in months.items()}}


@pytest.mark.parametrize("data_dir", [DATA, FIXTURE], ids=["data", "fixture"])
def test_statistics_equal_the_open_data_package(data_dir):
    ctx, archive = _archive(data_dir)
    figures = {f.id: f for f in stats.figures(archive)}
    expected = _from_open_data(ctx)
    assert set(figures) == set(expected)
    for fid, want in expected.items():
        assert figures[fid].as_dict() == want, fid


def test_statistics_of_the_fixture_are_what_its_records_say():
    _, archive = _archive(FIXTURE)
    f = {x.id: x for x in stats.figures(archive)}
    assert f["per-year"].as_dict() == {"2030年": {"全国科技工作者日": 1}}
    assert f["by-province"].as_dict() == {"全国": {"通知": 1}}  # the fixture's issuer has no region code
    assert f["by-level"].as_dict() == {"地市级": {"通知": 1}}
    assert f["by-category"].as_dict() == {"未分类": {"活动": 1}}
    assert f["deadlines"].as_dict() == {"2030年6月": {"报送截止": 1}}


def test_statistics_chart_is_escaped_svg_with_one_bar_per_count():
    chart = svg.bar_chart("c", "<标题>", ["甲&", "乙"], [("<行>", [2, 1]), ("空", [0, 0])])
    assert chart.startswith("<svg") and "<标题>" not in chart and "&lt;标题&gt;" in chart and "&lt;行&gt;" in chart
    assert chart.count("<rect") == 2 + 2  # two bars, two legend swatches
    assert 'role="img"' in chart and "<title" in chart


def test_filter_groupings_put_every_notice_under_its_regions_and_observance(real):
    _, archive = real
    regions = groupings.by_region(archive.campaigns)
    for c in archive.campaigns:
        names = [name for _, name, items in regions if c in items]
        assert sorted(names) == groupings.region_names(c)
    anchors = [a for a, *_ in regions]
    assert len(set(anchors)) == len(anchors) and anchors[0] == "region-national"
    assert all(a == f"region-{r[:2]}" for c in archive.campaigns for r in c.regions
               for a, name, items in regions if c in items and name == province(r))
    observances = groupings.by_observance(archive.campaigns)
    assert sorted(c.id for _, items in observances for c in items) == \
        sorted(c.id for c in archive.campaigns for _ in c.observances)  # once under each observance it serves
    assert all(name in c.observances for name, items in observances for c in items)
    facets = groupings.facets(archive.campaigns)
    assert {name: n for _, name, n in facets["regions"]} == {name: len(items) for _, name, items in regions}
    assert facets["years"] == sorted({c.year for c in archive.campaigns}, reverse=True)


def test_signature_is_printed_only_where_the_body_does_not_end_with_it():
    import datetime as dt

    day = dt.date(2019, 5, 15)
    signed = "正文。\n\n连云港市科学技术协会\n\n2019年5月15日\n\n连云港市科学技术协会　2019年5月15日印发\n"
    assert notice.signature(signed, "连云港市科学技术协会", day) == (None, None)
    assert notice.signature("正文。\n", "连云港市科学技术协会", day) == ("连云港市科学技术协会", day)
    assert notice.signature("正文。\n\n2019年5月15日\n", "某协会", day) == ("某协会", None)
    spaced = "正文。\n\n渭南市科学技术协会\u3000渭南市科学技术局\n\n2019年5月15日\n"
    assert notice.signature(spaced, "渭南市科学技术协会 渭南市科学技术局", day) == (None, None)
    # a date cited early in the body is not a signature
    assert notice.signature("2019年5月15日前报送。\n\n一\n\n二\n\n三\n\n四\n", None, day) == (None, day)


def test_the_tail_read_from_the_end_is_the_tail_of_every_line(real):
    """notice._tail reads the body from its end; it is what squashing every line gives."""
    def every_line(body: str) -> str:
        lines = [line for line in body.splitlines() if line.strip()]
        lines = [line for line in lines if not notice._squash(line).endswith("印发")]
        return notice._squash("".join(lines[-notice.TAIL_LINES:]))

    bodies = ["", "\n\n", "一\n二\n三\n四\n五\n六", "正文\n\u3000\n甲 乙\n丙\t丁\n某某 印发\n\n戊\n印发\n",
              "a\r\nb\rc\x0bd\x1ce\u2028f\n  \n g 印 发 ", "\n".join(f"第{i}行" for i in range(40)) + "\n某协会印发"]
    bodies += [c.body for c in real[1].campaigns]  # the real notices, and the fixture's
    bodies += [c.body for c in _archive(FIXTURE)[1].campaigns]
    for body in bodies:
        assert notice._tail(body) == every_line(body), body[-80:]


def test_the_seed_notices_are_signed_once(real):
    from scitechday.domain.dates import zh_date

    _, archive = real
    for c in archive.campaigns:
        signer, signed = notice.signature(c.body, c.signature, c.issued)
        body = "".join(line for line in c.body.splitlines() if not line.strip().endswith("印发"))  # 印发 line apart
        tail = "".join(body.split())[-80:] + (signer or "") + (zh_date(signed) if signed else "")
        if c.issued:
            assert tail.count(zh_date(c.issued)) == 1, c.id


@pytest.mark.parametrize("phone,href", [("6889695", None), ("0519-86619623", "051986619623"),
                                        ("(010) 68586651", "01068586651"), ("+86 10 6858 6651", "+861068586651"),
                                        ("", None), ("0519—86619613", "051986619613")])
def test_phone_links_only_when_the_number_can_be_dialled(phone, href):
    assert notice.tel_href(phone) == href


def test_every_source_text_is_read_and_linked_to_the_records_citing_it(real):
    _, archive = real
    texts = sources.attach(sources.read(ROOT / "sources"), archive)
    on_disk = {p.name for p in (ROOT / "sources").glob("*.txt")}
    assert set(texts) == on_disk
    cited = {s.file for r in [*archive.campaigns, *archive.organizations, *archive.profiles] for s in r.sources}
    for name, t in texts.items():
        assert t.text == (ROOT / "sources" / name).read_text(encoding="utf-8").replace("\r\n", "\n")
        assert bool(t.citing) == (name in cited)
        assert all(any(s.file == name for s in r.sources) for r in t.citing)


def test_repository_links_point_at_the_records_file_and_prefill_an_issue(real):
    _, archive = real
    r = repo.Repo.from_config("https://example.org/team/archive/", "edit/trunk/docs/")
    assert r == repo.Repo("https://example.org/team/archive", "trunk")
    assert repo.Repo.from_config("javascript:alert(1)", None) is None
    for record in [*archive.campaigns, *archive.organizations, *archive.profiles, *archive.editions]:
        path = repo.record_file(record)
        assert (ROOT / path).is_file(), path
    c = archive.campaigns[0]
    links = repo.links(r, repo.record_file(c), c.title, "https://site/notices/x/")
    assert links["edit"] == f"https://example.org/team/archive/edit/trunk/data/campaigns/{c.year}/{c.id}.yml"
    query = parse_qs(urlparse(links["issue"]).query)
    assert query["title"] == [f"纠错：{c.title}"] and "https://site/notices/x/" in query["body"][0]
    assert repo.fill("git clone {{ repo_url }}.git\ncd {{ repo_dir }}", r) == \
        "git clone https://example.org/team/archive.git\ncd archive"


def test_body_headings_get_ids_for_the_table_of_contents():
    html, toc = markup.render_with_toc("## 一、总体要求\n\n文字\n\n### （一）<b>细则</b> & 说明\n\n## 二、其他\n")
    assert [(h.level, h.id, h.text) for h in toc] == [(3, "part-1", "一、总体要求"), (4, "part-2", "（一）细则 & 说明"),
                                                       (3, "part-3", "二、其他")]
    assert '<h3 id="part-1">' in html and '<h4 id="part-2">' in html


def test_source_texts_in_chinese_encodings_are_published(tmp_path):
    text = "连科协〔2019〕31号\r\n关于开展活动的通知\r\n"
    (tmp_path / "a.txt").write_bytes(text.encode("gb18030"))
    (tmp_path / "b.txt").write_bytes(text.encode("utf-16"))
    (tmp_path / "c.txt").write_bytes(b"\xef\xbb\xbf" + text.encode("utf-8"))
    (tmp_path / "README.md").write_text("not a source", encoding="utf-8")
    (tmp_path / "picture.png").write_bytes(b"\x89PNG")
    texts = sources.read(tmp_path)
    assert sorted(texts) == ["a.txt", "b.txt", "c.txt"]
    assert {t.text for t in texts.values()} == {"连科协〔2019〕31号\n关于开展活动的通知\n"}
    assert sources.paragraphs(texts["a.txt"].text) == ["连科协〔2019〕31号", "关于开展活动的通知"]


def test_pagefind_filter_index_is_rewritten_in_sorted_order(tmp_path):
    import gzip
    import json

    from scitechday.publish import pagefind_order as po

    bundle = tmp_path / "pagefind"
    (bundle / "filter").mkdir(parents=True)

    def put(path, value):
        path.write_bytes(gzip.compress(po.SIGNATURE + po._encode(value)))

    put(bundle / "filter" / "zh_aaaaaaa.pf_filter", ["年份", [["2021年", [3, 1]], ["2019年", [2]], ["2020年", [300]]]])
    put(bundle / "filter" / "zh_bbbbbbb.pf_filter", ["类型", [["通知", [1, 2, 3]], ["人物", [70000]]]])
    put(bundle / "pagefind.zh_0123456789.pf_meta",
        ["1.5.2", [["zh_p1", 120], ["zh_p2", 70000]], [["a", "b", "zh_i1"]],
         [["类型", "zh_bbbbbbb"], ["年份", "zh_aaaaaaa"]], [], ["title", "日期"]])
    (bundle / "pagefind-entry.json").write_text(
        '{"version":"1.5.2","languages":{"zh":{"hash":"zh_0123456789","wasm":null,"page_count":2}}}', encoding="utf-8")
    po.stabilize(bundle)
    entry = json.loads((bundle / "pagefind-entry.json").read_text(encoding="utf-8"))
    meta = po._read(bundle / f"pagefind.{entry['languages']['zh']['hash']}.pf_meta")
    assert meta[:3] == ["1.5.2", [["zh_p1", 120], ["zh_p2", 70000]], [["a", "b", "zh_i1"]]] and meta[4:] == [[], ["title", "日期"]]
    assert [name for name, _ in meta[3]] == ["年份", "类型"]
    years = po._read(bundle / "filter" / f"{meta[3][0][1]}.pf_filter")
    assert years == ["年份", [["2019年", [2]], ["2020年", [300]], ["2021年", [1, 3]]]]
    assert len(list(bundle.rglob("*.pf_*"))) == 3  # the old files are gone
    before = {p.name: p.read_bytes() for p in bundle.rglob("*") if p.is_file()}
    po.stabilize(bundle)  # idempotent
    assert {p.name: p.read_bytes() for p in bundle.rglob("*") if p.is_file()} == before


def test_deadline_table_leaves_out_columns_no_deadline_fills(real):
    _, archive = real
    for c in archive.campaigns:
        keys = [k for k, _ in notice.deadline_columns(c.deadlines)]
        for key, _ in notice.DEADLINE_COLUMNS:
            assert (key in keys) == any(getattr(d, key) for d in c.deadlines), (c.id, key)
    class D:  # hand-built: one deadline with a recipient, none with a format
        def __init__(self, **kw):
            self.what, self.submitters, self.recipient, self.format = kw.get("what"), None, kw.get("recipient"), None

    assert notice.deadline_columns([D(what="总结"), D(what="方案", recipient="市科协")]) == [
        ("what", "报送内容"), ("recipient", "报送至")]


def test_download_page_labels_types_and_codes_in_chinese():
    from scitechday.data.schema import tables
    from scitechday.publish import labels

    for t in tables():
        for f in t.fields:
            assert not any("a" <= ch <= "z" for ch in labels.type_label(f)), f
            for value in f.get("constraints", {}).get("enum", []):
                label = labels.code_label(value, f)
                assert any("\u4e00" <= ch <= "\u9fff" for ch in label), (t.name, f["name"], value)
    assert labels.code_label("national", {"x-enum-labels": {"national": "全国性"}}) == "全国性（national）"
    assert labels.code_label("科协") == "科协"
