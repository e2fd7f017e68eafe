"""scitechday import / new / fmt: the editors' tools, on the seeds and on synthetic notices."""

from __future__ import annotations

import datetime as dt
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import DATA, FIXTURE, IMPORT_ACCURACY, SEEDS, edit, problems_of
from scitechday.data.load import load
from scitechday.domain import docnum
from scitechday.domain.dates import cn_number, parse_cn_date, parse_period
from scitechday.editing.importer import parse_notice
from scitechday.editing.readers import ReadError, read_text

NOTICES = Path(__file__).parent / "fixtures" / "notices"
CURATED = {r.id: r.data for r in load(DATA).records if r.type == "campaign"}
ORGS = [r.data for r in load(DATA).records if r.type == "organization"]
SEED_OF = {"000_354d03412cea4e95.txt": "2014-changzhou-kexie", "001_2d4b76346af09674.txt": "2019-yinchuan-kexie",
           "002_be59624fb560cd03.txt": "2020-weinan-kexie", "003_8a3a7ff3aedc53f4.txt": "2019-lianyungang-kexie",
           "004_4d25bb0813a350c3.txt": "2021-zhongguo-tiedao-xuehui"}


def _iso(v):
    return v.isoformat() if isinstance(v, dt.date) else v


FIELDS = {
    "doc_number": lambda r: r.get("doc_number"),
    "title": lambda r: r.get("title"),
    "issuers": lambda r: r.get("issuers"),
    "issued": lambda r: _iso(r.get("issued")),
    "theme": lambda r: r.get("theme"),
    "period": lambda r: r.get("period") and (r["period"].get("text"), _iso(r["period"].get("start")),
                                              _iso(r["period"].get("end"))),
    "deadline dates": lambda r: [_iso(d["date"]) for d in r.get("deadlines", [])],
    "contact names": lambda r: [c["name"] for c in r.get("contacts", []) if c.get("name")],
    "contact phones": lambda r: [c["phone"] for c in r.get("contacts", []) if c.get("phone")],
    "attachment titles": lambda r: [a["title"] for a in r.get("attachments", [])],
}


@pytest.mark.parametrize("seed", sorted(SEED_OF))
def test_seed_imports_match_the_curated_record(seed):
    draft = parse_notice((SEEDS / seed).read_text(encoding="utf-8"), ORGS, seed).record
    curated = CURATED[SEED_OF[seed]]
    wrong = {}
    for name, get in FIELDS.items():
        ok = get(draft) == get(curated)
        IMPORT_ACCURACY.setdefault(name, []).append(ok)
        if not ok:
            wrong[name] = (get(draft), get(curated))
    assert wrong == {}


@pytest.mark.parametrize("text,expected", [
    ("连科协〔2019〕31号", "连科协〔2019〕31号"), ("连科协[2019]31号", "连科协〔2019〕31号"),
    ("连科协【2019】31号", "连科协〔2019〕31号"), ("连科协﹝2019﹞31号", "连科协〔2019〕31号"),
    ("连科协(2019)31号", "连科协〔2019〕31号"), ("连科协（2019）31号", "连科协〔2019〕31号"),
    ("连科协 〔2019〕 31 号", "连科协〔2019〕31号"), ("连科协2019年31号", None), ("第31号", None),
])
def test_doc_number_brackets_are_normalized(text, expected):
    assert docnum.normalize(text) == expected


@pytest.mark.parametrize("text,year,start,end", [
    ("2014年12月15—21日", None, "2014-12-15", "2014-12-21"),
    ("5月下旬至6月上旬", 2019, "2019-05-21", "2019-06-10"),
    ("5月中旬-6月上旬", 2020, "2020-05-11", "2020-06-10"),
    ("5月10日-25日", 2021, "2021-05-10", "2021-05-25"),
    ("5月中上旬-6月下旬", 2021, "2021-05-01", "2021-06-30"),
    ("9月15-21日", 2022, "2022-09-15", "2022-09-21"),
    ("自5月10日至6月底", 2021, "2021-05-10", "2021-06-30"),
    ("6月底前", 2021, "2021-06-30", "2021-06-30"),
    ("2月下旬", 2024, "2024-02-21", "2024-02-29"),
    ("2023年12月20日至2024年1月5日", None, "2023-12-20", "2024-01-05"),
    ("9月中旬至下旬", 2030, "2030-09-11", "2030-09-30"),
])
def test_periods_in_every_common_form(text, year, start, end):
    assert parse_period(text, year) == (dt.date.fromisoformat(start), dt.date.fromisoformat(end))


@pytest.mark.parametrize("text", ["会员日期间", "5月下旬", "6月30日至5月1日", "2019年2月30日"])
def test_not_periods_or_impossible(text):
    assert parse_period(text, None) is None


def test_chinese_numeral_dates():
    assert parse_cn_date("二○○七年十月十九日") == dt.date(2007, 10, 19)
    assert parse_cn_date("二〇二一年四月二十八日") == dt.date(2021, 4, 28)
    assert parse_cn_date("于 2019 年 5 月 17 日前") == dt.date(2019, 5, 17)
    assert [cn_number(x) for x in ("十", "十九", "二十", "三十一", "九")] == [10, 19, 20, 31, 9]


FIXTURE_ORGS = [r.data for r in load(FIXTURE).records if r.type == "organization"]


def test_variant_notice_a():
    d = parse_notice(read_text(NOTICES / "variant-a.txt"), FIXTURE_ORGS, "variant-a.txt")
    r = d.record
    assert r["doc_number"] == "测科协〔2030〕7号"  # 【】 normalized; the cited [2030]3号 is not ours
    assert r["title"] == "测试市科协关于开展2030年“全国科技工作者日”活动的通知"
    assert r["issuers"] == ["ceshi-shi-kexie"] and r["issued"] == dt.date(2030, 4, 28)  # 二○三○年四月二十八日
    assert r["addressees"] == ["各区县科协", "各市级学会"]
    assert r["theme"] == "创新争先 共筑梦想"
    assert r["period"] == {"text": "5月中上旬-6月下旬", "start": dt.date(2030, 5, 1), "end": dt.date(2030, 6, 30)}
    assert r["based_on"] == [{"title": "关于开展2030年全国科技工作者日活动的通知", "doc_number": "测省科协发〔2030〕3号",
                              "issuer": "ceshi-kexie"}]  # 省科协: matched by its (unique) alias
    assert [(s["name"], s["start"], s["end"]) for s in r["stages"]] == [
        ("第一阶段", dt.date(2030, 5, 10), dt.date(2030, 5, 25)), ("第二阶段", dt.date(2030, 5, 26), dt.date(2030, 6, 5))]
    assert [a["title"] for a in r["activities"]] == ["宣传优秀科技工作者", "走访慰问老科技工作者", "看望一线科技工作者代表"]
    assert [(x["date"], x["text"]) for x in r["deadlines"]] == [(dt.date(2030, 6, 30), "6月底前"),
                                                                (dt.date(2030, 5, 20), "5月20日前")]
    assert r["deadlines"][0]["recipient"] == "市科协组宣部"
    assert [(c["name"], c["department"], c["phone"], c["fax"], c["email"]) for c in r["contacts"]] == [
        ("王小明", "组宣部", "0999-12345678", "0999-12345679", "test@example.org"),
        ("李红", "组宣部", "0999-12345678", "0999-12345679", "test@example.org")]
    assert [a["title"] for a in r["attachments"]] == ["活动情况统计表", "活动方案模板"]
    assert r["body"].startswith("各区县科协、各市级学会：\n\n") and "\n## 三、活动内容\n" in r["body"]


def test_the_source_note_says_what_the_source_is_not_that_the_record_is_a_draft():
    """The note is published under 来源: every imported notice's page said 由 scitechday import 导入的草稿."""
    for name in ("variant-a.txt", None):
        d = parse_notice(read_text(NOTICES / "variant-a.txt"), FIXTURE_ORGS, name)
        [source] = d.record["sources"]
        assert "草稿" not in source["note"] and "scitechday import" in source["note"]
        assert source.get("file") == name
        # named as the notice is, not by its file name only
        assert source["title"] == "测试市科协关于开展2030年“全国科技工作者日”活动的通知（测科协〔2030〕7号）"


def test_variant_notice_b_unknown_issuer_is_a_todo():
    d = parse_notice(read_text(NOTICES / "variant-b.txt"), FIXTURE_ORGS, "variant-b.txt")
    r = d.record
    assert r["issuers"] == ["TODO"] and any("未收录协会" in t for t in d.todos)
    assert r["observances"] == ["中国科协会员日"] and r["year"] == 2031
    assert r["period"]["start"] == dt.date(2031, 9, 15) and r["period"]["end"] == dt.date(2031, 9, 21)
    assert r["contacts"] == [{"name": "赵六", "phone": "13800138000", "email": "zhao@example.org"}]
    assert "based_on" not in r  # the doc number it only cites is not a basis


def test_variant_notice_c_gbk_plan_without_doc_number():
    raw = (NOTICES / "variant-c-gbk.txt").read_bytes()
    with pytest.raises(UnicodeDecodeError):
        raw.decode("utf-8")
    d = parse_notice(read_text(NOTICES / "variant-c-gbk.txt"), FIXTURE_ORGS)
    r = d.record
    assert r["title"] == "测试省科协2032年“全国科技工作者日”活动方案" and r["kind"] == "活动方案"
    assert r["issuers"] == ["ceshi-kexie"]  # matched by its short name at the start of the title
    assert "doc_number" not in r and "issued" not in r
    assert [a["title"] for a in r["activities"]] == ["座谈会", "健康体检"]


def run(*args, cwd):
    return subprocess.run([sys.executable, "-m", "scitechday.cli", *args], capture_output=True, text=True, cwd=cwd)


def test_import_writes_a_draft_that_needs_only_its_todos(repo):
    result = run("import", str(NOTICES / "variant-a.txt"), cwd=repo.parent)
    assert result.returncode == 0, result.stderr
    path = repo / "campaigns/2030/2030-ceshi-shi-kexie-2.yml"  # the id was taken: the next free one
    text = path.read_text(encoding="utf-8")
    assert text.startswith("# 由 scitechday import")
    assert problems_of(repo) == []  # valid as it stands; the TODO comments say what to check
    again = run("import", str(NOTICES / "variant-a.txt"), "--id", "2030-ceshi-shi-kexie-2", cwd=repo.parent)
    assert again.returncode == 1 and "没有覆盖" in again.stderr
    assert path.read_text(encoding="utf-8") == text


def test_import_of_an_unknown_issuer_fails_validation_until_filled(repo):
    assert run("import", str(NOTICES / "variant-b.txt"), "--id", "2031-weishoulu", cwd=repo.parent).returncode == 0
    codes = {(p.code, p.field) for p in problems_of(repo)}
    assert ("todo", "issuers[0]") in codes  # the TODO placeholder, still to fill in
    assert ("year-folder", "year") not in codes


def test_import_to_stdout_and_of_a_known_doc_number(repo):
    result = run("import", str(NOTICES / "variant-a.txt"), "--stdout", cwd=repo.parent)
    assert result.returncode == 0 and "doc_number: 测科协〔2030〕7号" in result.stdout
    assert not (repo / "campaigns/2030/2030-ceshi-shi-kexie-2.yml").exists()
    edit(repo / "campaigns/2030/2030-ceshi-shi-kexie.yml", "测科协〔2030〕1号", "测科协〔2030〕7号")
    result = run("import", str(NOTICES / "variant-a.txt"), "--stdout", cwd=repo.parent)
    assert "已在档案中（data/campaigns/2030/2030-ceshi-shi-kexie.yml）" in result.stdout


def test_import_reads_docx(tmp_path):
    import docx

    document = docx.Document()
    for line in (NOTICES / "variant-a.txt").read_text(encoding="utf-8").splitlines():
        document.add_paragraph(line)
    document.save(tmp_path / "notice.docx")
    r = parse_notice(read_text(tmp_path / "notice.docx"), FIXTURE_ORGS).record
    assert r["doc_number"] == "测科协〔2030〕7号" and r["issued"] == dt.date(2030, 4, 28)


def _pdf_with_text(text: str) -> bytes:
    """A one-page PDF whose text layer holds `text` (ASCII, Helvetica), with a correct xref table."""
    stream = f"BT /F1 12 Tf 20 100 Td ({text}) Tj ET".encode()
    objects = [b"<</Type/Catalog/Pages 2 0 R>>", b"<</Type/Pages/Kids[3 0 R]/Count 1>>",
               b"<</Type/Page/Parent 2 0 R/MediaBox[0 0 300 200]/Resources<</Font<</F1 5 0 R>>>>/Contents 4 0 R>>",
               b"<</Length %d>>stream\n" % len(stream) + stream + b"\nendstream",
               b"<</Type/Font/Subtype/Type1/BaseFont/Helvetica>>"]
    out, offsets = b"%PDF-1.4\n", []
    for i, body in enumerate(objects, 1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % i + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % o for o in offsets)
    return out + b"trailer<</Size %d/Root 1 0 R>>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, xref)


def test_import_reads_the_text_layer_of_a_pdf(tmp_path):
    pdf = tmp_path / "notice.pdf"
    pdf.write_bytes(_pdf_with_text("Deadline 2030-05-20"))
    assert "Deadline 2030-05-20" in read_text(pdf)


def test_unreadable_inputs_say_why(tmp_path):
    scanned = tmp_path / "scan.pdf"
    scanned.write_bytes(b"%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n2 0 obj<</Type/Pages/Kids[3 0 R]/Count 1>>"
                        b"endobj\n3 0 obj<</Type/Page/Parent 2 0 R/MediaBox[0 0 200 200]>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF")
    with pytest.raises(ReadError, match="文字层"):
        read_text(scanned)
    with pytest.raises(ReadError, match=".docx"):
        read_text(tmp_path / "old.doc")
    result = subprocess.run([sys.executable, "-m", "scitechday.cli", "import", str(scanned)], capture_output=True,
                            text=True)
    assert result.returncode == 1 and "OCR" in result.stderr and "Traceback" not in result.stderr


@pytest.mark.parametrize("kind", ["campaign", "organization", "profile"])
def test_new_scaffolds_a_commented_template_with_a_free_id(repo, kind):
    args = ["new", kind, "--id", {"campaign": "2030-ceshi-shi-kexie", "organization": "ceshi-kexie",
                                  "profile": "ceshi-ren"}[kind]] + (["--year", "2030"] if kind == "campaign" else [])
    result = run(*args, cwd=repo.parent)
    assert result.returncode == 0, result.stderr
    created = next(repo.rglob("*-2.yml"))  # the id was taken: -2
    text = created.read_text(encoding="utf-8")
    assert text.startswith("# 新的") and "TODO" in text and "（必填）" in text
    found = [p for p in problems_of(repo) if p.path.endswith(created.name)]
    assert found and not {p.code for p in found} & {"yaml-syntax", "unknown-key", "wrong-type", "id-mismatch"}


def test_fmt_check_and_fix_keep_comments_and_content(repo):
    org = repo / "organizations/ceshi-shi-kexie.yml"
    org.write_text("# 备注：保留这行注释\nkind: 科协\nname: 测试市科学技术协会  # 全称\nid: ceshi-shi-kexie\nlevel: prefecture\n"
                   "parent: ceshi-kexie\nsources:\n- file: synthetic\n", encoding="utf-8")
    before = [r.data for r in load(repo).records]
    check = run("fmt", "--check", cwd=repo.parent)
    assert check.returncode == 1 and "organizations/ceshi-shi-kexie.yml" in check.stdout
    assert run("fmt", cwd=repo.parent).returncode == 0
    text = org.read_text(encoding="utf-8")
    assert text.startswith("# 备注：保留这行注释\nid: ceshi-shi-kexie\nname: 测试市科学技术协会  # 全称\nkind: 科协\n")
    assert "sources:\n  - file: synthetic\n" in text
    assert [r.data for r in load(repo).records] == before
    assert run("fmt", "--check", cwd=repo.parent).returncode == 0


def test_fmt_leaves_broken_files_alone(repo):
    broken = repo / "organizations/broken.yml"
    broken.write_text("id: [\n", encoding="utf-8")
    result = run("fmt", cwd=repo.parent)
    assert result.returncode == 1 and "broken.yml" in result.stderr
    assert broken.read_text(encoding="utf-8") == "id: [\n"


def test_bundled_data_is_canonical():
    result = subprocess.run([sys.executable, "-m", "scitechday.cli", "fmt", "--check", "--data", str(DATA)],
                            capture_output=True, text=True)
    assert result.returncode == 0, result.stdout




@pytest.mark.parametrize("line,department,names", [
    ("联系人：学会部 王小明", "学会部", ["王小明"]),  # 学会 is part of the department's name
    ("联系人：学会部王小明", "学会部", ["王小明"]),
    ("联系人：测试市科协学会部 王小明", "学会部", ["王小明"]),  # the organization in front is dropped
    ("联系人：市科协组宣部王小明  李 红", "组宣部", ["王小明", "李红"]),
])
def test_contact_department_keeps_its_own_name(line, department, names):
    text = (NOTICES / "variant-a.txt").read_text(encoding="utf-8").replace(
        "联系人：市科协组宣部王小明  李 红", line)
    contacts = parse_notice(text, FIXTURE_ORGS).record["contacts"]
    assert [(c.get("department"), c.get("name")) for c in contacts] == [(department, n) for n in names]


def test_docx_tables_stay_where_the_document_has_them(tmp_path):
    import docx

    document = docx.Document()
    document.add_paragraph("第一段")
    table = document.add_table(rows=2, cols=2)
    for r, row in enumerate([("序号", "名称"), ("1", "测试")]):
        for c, value in enumerate(row):
            table.cell(r, c).text = value
    document.add_paragraph("表格之后的一段")
    document.save(tmp_path / "t.docx")
    lines = [line for line in read_text(tmp_path / "t.docx").splitlines() if line]
    assert lines == ["第一段", "序号\t名称", "1\t测试", "表格之后的一段"]
