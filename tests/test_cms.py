"""The web editor's config is generated from the schemas; what it saves is tidied into canonical form."""

from __future__ import annotations

import re
import shutil

import yaml

from conftest import FIXTURE
from scitechday.data.load import load_bytes
from scitechday.data.schema import tables
from scitechday.data.tables import ListOf, Map, Scalar, shape
from scitechday.editing import cms
from scitechday.editing.fmt import format_text
from scitechday.editing.local_server import saved_paths
from scitechday.editing.tidy import prune, record_type, tidy_file, tidy_text


def _collection(config: dict, name: str) -> dict:
    return next(c for c in config["collections"] if c["name"] == name)


def _walk(node: Map, fields: list[dict], where: str) -> int:
    """Every key of a record shape has a form field with that name, nested alike; returns how many were seen."""
    by_name = {f["name"]: f for f in fields}
    assert set(by_name) == set(node.children), where
    seen = 0
    for key, spec in node.children.items():
        f = by_name[key]
        seen += 1
        if isinstance(spec, Scalar):
            schema_field = next(t for t in tables() if t.name == spec.table).field(spec.name)
            assert f["label"] == schema_field["title"]
            assert f["required"] == bool(schema_field.get("constraints", {}).get("required"))
        elif isinstance(spec, Map):
            assert f["widget"] == "object"
            seen += _walk(spec, f["fields"], f"{where}.{key}")
        elif isinstance(spec, ListOf) and spec.item is not None:
            assert f["widget"] == "list" and f["label"] == spec.table.descriptor["title"]
            seen += _walk(spec.item, f["fields"], f"{where}.{key}")
        else:
            assert f["widget"] in ("list", "relation", "select") and f["label"] == spec.table.descriptor["title"]
    return seen


def test_every_schema_field_is_in_the_form_with_its_label_and_required_flag():
    config = cms.config()
    for rtype, name in cms.COLLECTION.items():
        c = _collection(config, name)
        fields = c["files"][0]["fields"][0]["fields"] if rtype == "edition" else c["fields"]
        assert _walk(shape(rtype), fields, rtype) > 3


def _field(fields: list[dict], *path: str) -> dict:
    f = next(x for x in fields if x["name"] == path[0])
    return _field(f["fields"], *path[1:]) if len(path) > 1 else f


def _all_fields(node: dict):
    for f in node.get("fields", []) + node.get("files", []) + ([node["field"]] if "field" in node else []):
        yield f
        yield from _all_fields(f)


def test_widgets_follow_the_schema_types():
    notices = _collection(cms.config(), "notices")
    assert notices["folder"] == "data/campaigns" and notices["path"] == "{{[year]}}/{{slug}}"
    assert notices["slug"] == "{{fields.id}}"
    issuers = _field(notices["fields"], "issuers")  # names shown, ids stored
    assert (issuers["widget"], issuers["collection"], issuers["value_field"], issuers["multiple"]) == \
        ("relation", "orgs", "id", True)
    assert issuers["display_fields"] == ["name"]
    issued = _field(notices["fields"], "issued")  # a day, or a month as printed (x-month)
    assert issued["widget"] == "string" and "2019-05" in issued["hint"]
    assert [bool(re.fullmatch(issued["pattern"][0], v)) for v in ("2019-05-15", "2019-05", "2019-5", "2019-05-32", "2019-13",
                                                                  "2019-12-31")] == [True, True, False, False, False, True]
    # a text box takes an Enter, which validation refuses in a one-line field (7 of them were boxes): only Markdown is
    for collection in cms.config()["collections"]:
        for f in _all_fields(collection):
            assert f.get("widget") != "text", (collection["name"], f["name"])
    body = _field(notices["fields"], "body")  # Markdown as typed: the rich-text mode escaped `## 一、` into `\## 一、`
    assert body["widget"] == "markdown" and body["modes"] == ["raw"]
    printed = _field(notices["fields"], "printed")
    assert printed["widget"] == "string" and "2019-05-15" in printed["hint"]  # Decap's date picker garbled typed dates
    assert [bool(re.fullmatch(printed["pattern"][0], v)) for v in ("2019-05-15", "2019-05", "2019/5/30", "2019-05-32",
                                                                   "20190532")] == [True, False, False, False, False]
    observances = _field(notices["fields"], "observances")  # several, from the schema's list
    assert (observances["widget"], observances["multiple"], observances["min"]) == ("select", True, 1)
    assert "全国科普月" in [o["value"] for o in observances["options"]]
    organizers = _field(notices["fields"], "organizers")
    assert _field(organizers["fields"], "organization")["collection"] == "orgs"
    assert [o["value"] for o in _field(organizers["fields"], "role")["options"]][:2] == ["指导单位", "主办单位"]
    assert _field(notices["fields"], "body")["widget"] == "markdown"
    assert _field(notices["fields"], "year")["value_type"] == "int"
    assert [o["value"] for o in _field(notices["fields"], "kind")["options"]] == ["通知", "活动方案", "实施方案", "公示", "表扬", "通报"]
    deadlines = _field(notices["fields"], "deadlines")
    assert deadlines["default"] == [] and _field(deadlines["fields"], "date")["required"] is True
    assert _field(notices["fields"], "period")["label"] == "活动时间"
    assert _field(notices["fields"], "activities", "organizers")["collection"] == "orgs"
    sources = _field(notices["fields"], "sources")
    assert sources["required"] is True and sources["min"] == 1
    phone = _field(notices["fields"], "contacts", "phone")
    assert phone["pattern"][0].startswith("^") and "区号" in phone["pattern"][1]
    # Decap writes “<label>”不满足模式<message>: each message continues that sentence (it read 不满足模式写成 YYYY…)
    assert issued["pattern"][1].startswith("——请用半角数字写成") and phone["pattern"][1].startswith("——")
    orgs = _collection(cms.config(), "orgs")
    level = _field(orgs["fields"], "level")
    assert {"label": "地市级", "value": "prefecture"} in level["options"]
    assert _field(orgs["fields"], "parent")["collection"] == "orgs"
    assert _field(orgs["fields"], "formed_in")["collection"] == "notices"


def test_backend_editorial_workflow_and_repo_from_the_environment(monkeypatch):
    monkeypatch.setenv(cms.ENV_REPO, "someone/archive")
    config = cms.config(local_url="http://127.0.0.1:9/api/v1")
    assert config["backend"]["name"] == "github" and config["backend"]["repo"] == "someone/archive"
    assert config["publish_mode"] == "editorial_workflow" and config["backend"]["open_authoring"] is True
    assert config["local_backend"] == {"url": "http://127.0.0.1:9/api/v1"}
    assert config["locale"] == "zh_Hans"
    text = cms.config_yaml()
    assert "&id" not in text and yaml.safe_load(text)["collections"]


DECAP_OUTPUT = """title: 测试市科协关于开展2030年全国科技工作者日活动的通知，一个很长的标题，长到 yaml 会把它折成好几行的那种长度，再长一点
id: 2030-ceshi
kind: 通知
doc_number: ''
issuers:
- ceshi-shi-kexie
issued: 2030-05-06
printed: ""
observance: 全国科技工作者日
year: 2030
period:
  text: ""
  start: ""
stages: []
deadlines:
- what: >-
    报送总结报送总结报送总结报送总结报送总结报送总结
    材料
  date: 2030-05-20
  recipient: ''
body: |-
  第一段

  第二段
sources:
- url: https://example.org/a
"""


def test_tidy_turns_decap_output_into_canonical_yaml():
    out = tidy_text(DECAP_OUTPUT, "campaign")
    assert format_text(out, "campaign") == out  # what fmt --check wants
    assert out.startswith("id: 2030-ceshi\ntitle: ")
    assert "''" not in out and '""' not in out and "period" not in out and "stages" not in out
    assert "  - date: 2030-05-20\n    what: 报送总结报送总结报送总结报送总结报送总结报送总结 材料\n" in out
    assert "body: |\n  第一段\n\n  第二段\n" in out
    records, problems = load_bytes(out.encode(), "x.yml", "campaign")
    assert problems == [] and records[0].data["issuers"] == ["ceshi-shi-kexie"]


def test_tidy_keeps_a_date_that_does_not_exist_for_validation_to_name(tmp_path):
    """The date field let 2020-05-32 through; tidying read it as a date, raised ValueError and left the save half
    done (the file not tidied: errors on fields the editor never touched; the editor told “Failed to fetch”)."""
    from scitechday.data.validate import validate

    out = tidy_text(DECAP_OUTPUT.replace("issued: 2030-05-06", "issued: 2030-05-32"), "campaign")
    assert "issued: '2030-05-32'\n" in out and "printed" not in out and format_text(out, "campaign") == out
    repo = tmp_path / "data"
    shutil.copytree(FIXTURE, repo)
    notice = repo / "campaigns/2030/2030-ceshi-shi-kexie.yml"
    text = notice.read_text(encoding="utf-8")
    notice.write_text(tidy_text(re.sub(r"issued: \S+", "issued: 2030-05-32", text), "campaign"), encoding="utf-8")
    [p] = [p for p in validate(repo, use_cache=False).problems if p.level == "error"]
    assert p.field == "issued" and "不存在" in p.message


def test_tidy_keeps_editions_a_list_at_the_root():
    text = "- id: workers-day-2030\n  year: 2030\n  observance: 全国科技工作者日\n  note: ''\n  sources:\n  - file: x\n"
    out = tidy_text(text, "edition")
    assert out == "- id: workers-day-2030\n  observance: 全国科技工作者日\n  year: 2030\n  sources:\n    - file: x\n"
    assert format_text(out, "edition") == out


def test_prune_drops_only_empty_values():
    assert prune({"a": "", "b": [], "c": {"d": None}, "e": [{}, {"f": " "}, "x"], "g": 0, "h": "y"}) == \
        {"e": ["x"], "g": 0, "h": "y"}


def test_tidy_file_only_touches_record_files(tmp_path):
    data = tmp_path / "data"
    (data / "campaigns" / "2030").mkdir(parents=True)
    notice = data / "campaigns" / "2030" / "2030-ceshi.yml"
    notice.write_text(DECAP_OUTPUT, encoding="utf-8")
    other = tmp_path / "README.yml"
    other.write_text("a: ''\n", encoding="utf-8")
    assert record_type(notice, data) == "campaign" and record_type(other, data) is None
    assert tidy_file(notice, data) is True and tidy_file(notice, data) is False
    assert tidy_file(other, data) is False and other.read_text() == "a: ''\n"


def test_the_relay_knows_which_files_a_save_wrote():
    save = {"action": "persistEntry", "params": {"dataFiles": [{"path": "data/organizations/a.yml", "raw": ""}],
                                                 "assets": []}}
    assert saved_paths(save) == ["data/organizations/a.yml"]
    moved = {"action": "persistEntry", "params": {"entry": {"path": "data/a.yml", "newPath": "data/b.yml"}}}
    assert saved_paths(moved) == ["data/b.yml", "data/a.yml"]
    assert saved_paths({"action": "getEntry", "params": {"path": "data/a.yml"}}) == []
