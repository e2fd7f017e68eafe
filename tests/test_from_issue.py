"""The issue-form workflow's script, offline: a fixture issue body → files, validation, and the calls it would make."""

from __future__ import annotations

from pathlib import Path

import yaml

from conftest import FIXTURE
from scitechday.data.load import load
from scitechday.editing import fmt
from scitechday.editing.from_issue import FORM, form_ids, parse_body, parse_orgs, prepare, publish

BODY = (Path(__file__).parent / "fixtures" / "issue" / "notice-body.md").read_text(encoding="utf-8")
ISSUE_URL = "https://github.com/example/archive/issues/42"


def _no_network(url, dest):
    raise AssertionError(f"no download expected: {url}")


class FakeGitHub:
    def __init__(self):
        self.calls = []

    def open_pull(self, branch):
        self.calls.append(("open_pull", branch))
        return None

    def create_pull(self, branch, base, title, body):
        self.calls.append(("create_pull", branch, base, title, body))
        return {"number": 43, "html_url": "https://github.com/example/archive/pull/43"}

    def comment(self, number, body):
        self.calls.append(("comment", number, body))

    def run_workflow(self, workflow, ref):
        self.calls.append(("run_workflow", workflow, ref))


class FakeGit:
    def __init__(self):
        self.commits = []

    def commit_to_branch(self, branch, paths, message):
        self.commits.append((branch, [str(p) for p in paths], message))


def test_the_form_and_the_parser_agree_on_labels():
    ids = form_ids(FORM)
    assert set(ids.values()) == {"text", "source_url", "record_id", "new_orgs", "note"}
    fields = parse_body(BODY)
    assert fields["record_id"] == "" and fields["note"] == ""
    assert fields["source_url"] == "https://example.org/ceshi/2031.html"
    assert fields["text"].startswith("测试县科协〔2031〕7号") and fields["text"].endswith("2031年5月6日")


def test_new_organizations_are_read_line_by_line():
    orgs, errors = parse_orgs("a-b | 甲乙科协 | 科协 | 地市级\n\nbad line\nc | 丙 | 学会 |  | a-b")
    assert orgs == [{"id": "a-b", "name": "甲乙科协", "kind": "科协", "level": "prefecture"},
                    {"id": "c", "name": "丙", "kind": "学会", "parent": "a-b"}]
    assert len(errors) == 1 and "第 3 行" in errors[0]


def test_a_notice_with_a_new_issuer_and_a_new_year_becomes_one_change(repo):
    out = prepare(parse_body(BODY), repo, ISSUE_URL, _no_network)
    assert out.ok
    rel = sorted(str(p.relative_to(repo)) for p in out.written)
    assert rel == ["campaigns/2031/2031-ceshi-xian-kexie.yml", "editions.yml", "organizations/ceshi-xian-kexie.yml"]
    records = {(r.type, r.id): r.data for r in load(repo).records}
    notice = records[("campaign", "2031-ceshi-xian-kexie")]
    assert notice["issuers"] == ["ceshi-xian-kexie"]  # matched against the organization added in the same change
    assert notice["doc_number"] == "测试县科协〔2031〕7号"
    assert notice["sources"][0]["url"] == "https://example.org/ceshi/2031.html"
    assert ISSUE_URL in notice["sources"][0]["note"]
    org = records[("organization", "ceshi-xian-kexie")]
    assert (org["name"], org["level"], org["parent"]) == ("测试县科学技术协会", "county", "ceshi-shi-kexie")
    edition = records[("edition", "workers-day-2031")]
    assert (edition["observance"], edition["year"]) == ("全国科技工作者日", "2031")
    assert any("届次" in n for n in out.notes)
    assert out.problems == "", out.problems  # the draft validates
    written = {p.resolve() for p in out.written}
    assert all(o.status == "ok" for o in fmt.run(repo, check=True) if o.path.resolve() in written)  # and is canonical
    assert (repo / "editions.yml").read_text(encoding="utf-8").startswith("# Synthetic test data")  # comment kept
    assert out.todos  # what the importer could not settle
    # the form gave the address: the draft asks only for when it was read, and keeps the confidence line
    assert not [t for t in out.todos if "请填写原文网址" in t] and any("retrieved" in t for t in out.todos)
    text = (repo / "campaigns/2031/2031-ceshi-xian-kexie.yml").read_text(encoding="utf-8")
    assert "各字段识别的把握" in text and "请填写原文网址" not in text


def test_publish_opens_a_draft_pull_request_and_answers_in_chinese(repo):
    out = prepare(parse_body(BODY), repo, ISSUE_URL, _no_network)
    api, git = FakeGitHub(), FakeGit()
    pull = publish(out, 42, api, git, "main", repo)
    assert pull["number"] == 43
    branch, paths, message = git.commits[0]
    assert branch == "notice/issue-42" and "data/campaigns/2031/2031-ceshi-xian-kexie.yml" in paths
    assert "议题 #42" in message
    kinds = [c[0] for c in api.calls]
    assert kinds == ["open_pull", "create_pull", "comment", "run_workflow", "comment"]
    create = api.calls[1]
    assert create[2] == "main" and "Closes #42" in create[4] and "- [ ] " in create[4]
    pr_comment, issue_comment = api.calls[2], api.calls[4]
    assert pr_comment[1] == 43 and "待办事项" in pr_comment[2]
    assert issue_comment[1] == 42 and "#43" in issue_comment[2] and "校验通过" in issue_comment[2]
    assert api.calls[3] == ("run_workflow", "ci.yml", "notice/issue-42")


def test_an_attached_file_is_read_instead_of_the_pasted_text(repo, tmp_path):
    text = parse_body(BODY)["text"]
    fields = {"text": "见附件 [通知.txt](https://github.com/user-attachments/files/123/tongzhi.txt)",
              "source_url": "", "new_orgs": "", "record_id": "2031-ceshi-fujian"}
    seen = []

    def fetch(url, dest):
        seen.append(url)
        path = dest / "tongzhi.txt"
        path.write_bytes(text.replace("测试县", "测试市").encode("gb18030"))  # a GB18030 file, as offices send
        return path

    out = prepare(fields, repo, ISSUE_URL, fetch)
    assert seen == ["https://github.com/user-attachments/files/123/tongzhi.txt"]
    data = yaml.safe_load(out.notice.read_text(encoding="utf-8"))
    assert out.notice.name == "2031-ceshi-fujian.yml" and data["issuers"] == ["ceshi-shi-kexie"]
    assert data["sources"][0]["file"] == "tongzhi.txt"
    assert data["sources"][0]["url"] == "https://github.com/user-attachments/files/123/tongzhi.txt"  # where it is kept


def test_a_pasted_notice_without_an_address_is_sourced_to_the_issue(repo):
    """The form's 原文网址 is optional, and pasting is its first way: without one every record written (the
    notice, a new issuer, a new edition) failed “url or file”, which the submitter could not fix in the issue."""
    fields = {**parse_body(BODY), "source_url": ""}
    out = prepare(fields, repo, ISSUE_URL, _no_network)
    assert out.ok and out.problems == "", out.problems
    records = {(r.type, r.id): r.data for r in load(repo).records}
    for key in (("campaign", "2031-ceshi-xian-kexie"), ("organization", "ceshi-xian-kexie"), ("edition", "workers-day-2031")):
        assert records[key]["sources"][0]["url"] == ISSUE_URL, key


def test_an_empty_issue_gets_a_chinese_answer_and_no_branch(repo):
    api, git = FakeGitHub(), FakeGit()
    out = prepare({"text": "太短"}, repo, ISSUE_URL, _no_network)
    assert not out.ok and publish(out, 7, api, git, "main", repo) is None
    assert git.commits == [] and api.calls[0][0] == "comment" and "没有找到通知原文" in api.calls[0][2]
    assert sorted(p.name for p in (repo / "campaigns").rglob("*.yml")) == \
        sorted(p.name for p in (FIXTURE / "campaigns").rglob("*.yml"))  # nothing written


def test_a_joint_notice_gets_each_missing_edition(repo):
    """Each observance of the notice is looked up with its year: an observance the archive already has
    editions of gets the new one with its siblings' id; one it has never seen, its first, named as the
    schema names first editions (it was left for the editor to add by hand)."""
    from scitechday.editing.from_issue import _add_editions

    notice = repo / "campaigns" / "2031" / "2031-lianhe.yml"
    notice.parent.mkdir(parents=True, exist_ok=True)
    notice.write_text("id: 2031-lianhe\ntitle: 联合通知\nkind: 通知\nobservances:\n  - 全国科技工作者日\n"
                      "  - 全国科普月\nyear: 2031\nbody: 正文。\n", encoding="utf-8")
    notes = _add_editions(repo, notice, {"title": "联合通知", "url": "https://example.org/x"})
    assert notes[0].startswith("2031 年全国科技工作者日的届次记录还没有，已在 data/editions.yml 中添加")
    assert notes[1].startswith("2031 年全国科普月的届次记录还没有，已在 data/editions.yml 中添加")
    editions = [r.data for r in load(repo).records if r.type == "edition"]
    assert [(e["id"], e["observance"]) for e in editions if e["year"] == "2031"] == [
        ("workers-day-2031", "全国科技工作者日"), ("kepu-month-2031", "全国科普月")]
    assert _add_editions(repo, notice, {"title": "联合通知"}) == []  # added once, never twice
