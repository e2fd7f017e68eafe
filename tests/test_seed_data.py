"""The five seed notices are in data/ completely and faithfully."""

from __future__ import annotations

import re

import pytest

from conftest import DATA, SEEDS
from scitechday.data.load import load

RECORDS = load(DATA).records
CAMPAIGNS = {r.id: r.data for r in RECORDS if r.type == "campaign"}
ORGS = {r.id: r.data for r in RECORDS if r.type == "organization"}


def _squash(s: str) -> str:
    return re.sub(r"\s+", "", s or "")


def _corpus(seed: str) -> str:
    parts = []
    for c in CAMPAIGNS.values():
        if any(s.get("file") == seed for s in c.get("sources", [])):
            parts += [c.get("title"), c.get("doc_number"), c.get("body"), c.get("signature")]
            parts += [o for i in c.get("issuers", []) for o in (ORGS[i]["name"], ORGS[i]["name"] + "文件")]
            for a in c.get("attachments", []):
                parts += [a.get("title"), a.get("content")]
    return _squash("".join(p for p in parts if p)).replace("\\.", ".")  # Markdown escapes of "2."


# Text-layer artifacts of the seed files that the records repair (see each record's sources.note).
REPAIRED = {"https://www.s", "cimall.org.cn/>）", "-"}


@pytest.mark.parametrize("seed", sorted(p.name for p in SEEDS.glob("*.txt")))
def test_every_token_of_the_seed_is_in_its_records(seed):
    corpus = _corpus(seed)
    assert corpus, f"no campaign cites {seed}"
    missing = []
    for line in (SEEDS / seed).read_text(encoding="utf-8").splitlines():
        line = re.sub(r"</?(p|small)>", " ", line)  # markup left in the PDF text layer
        for token in line.split():
            if token not in REPAIRED and _squash(token) not in corpus:
                missing.append(token)
    assert missing == []


FACTS = {
    "2014-changzhou-kexie": dict(doc_number="常科协〔2014〕64号", issued="2014-12-02", issuers=["changzhou-kexie"],
                                 period=("2014-12-15", "2014-12-21"), deadlines=["2014-12-25"],
                                 phones=["0519-86619623", "0519-86619613"], names=["张淑波", "沈戈"],
                                 attachments=["中国科协会员日活动情况汇总表"], activities=5),
    "2019-yinchuan-kexie": dict(doc_number=None, issued=None, issuers=["yinchuan-kexie"],
                                period=("2019-05-21", "2019-06-10"), deadlines=["2019-06-15"],
                                phones=["6889695"], names=["高原"], attachments=[], activities=12),
    "2020-weinan-kexie": dict(doc_number="渭科协发〔2020〕12号", issued="2020-05-06",
                              issuers=["weinan-kexie", "weinan-kejiju"], period=("2020-05-11", "2020-06-10"),
                              deadlines=["2020-06-10"], phones=["0913-2126498"], names=["白茹"], attachments=[],
                              activities=5),
    "2019-lianyungang-kexie": dict(doc_number="连科协〔2019〕31号", issued="2019-05-15",
                                   issuers=["lianyungang-kexie"], period=None, deadlines=["2019-05-17"],
                                   phones=["0518-85803554"], names=["陈玉清"],
                                   attachments=["全国科技工作者日主题活动筹备工作方案", "有关科技志愿服务行动建议"],
                                   activities=17),
    "2021-zhongguo-tiedao-xuehui": dict(doc_number="学秘函〔2021〕11号", issued="2021-04-28",
                                        issuers=["zhongguo-tiedao-xuehui"], period=None,
                                        deadlines=["2021-05-08", "2021-06-25"], phones=["010-51871797"],
                                        names=["陈若水"], attachments=["2021年“全国科技工作者日”活动实施方案"],
                                        activities=0),
    "2021-zhongguo-kexie": dict(doc_number="科协办函组字〔2021〕56号", issued=None, issuers=["zhongguo-kexie"],
                                period=("2021-05-10", "2021-06-30"), deadlines=["2021-05-10", "2021-06-30"],
                                phones=["010-68586651", "010-68586651", "010-68578091", "010-68578091"],
                                names=["田鹏", "郑叶霞", "付震宇", "宋维嘉"],
                                attachments=["2021年“全国科技工作者日”特色亮点活动筹备方案（样表）"], activities=2),
}


@pytest.mark.parametrize("cid", sorted(FACTS))
def test_structured_facts(cid):
    c, want = CAMPAIGNS[cid], FACTS[cid]
    assert c.get("doc_number") == want["doc_number"]
    assert c.get("issued") == want["issued"]
    assert c["issuers"] == want["issuers"]
    period = c.get("period")
    assert ((period["start"], period["end"]) if period else None) == want["period"]
    assert [d["date"] for d in c.get("deadlines", [])] == want["deadlines"]
    assert [x.get("phone") for x in c["contacts"] if x.get("phone")] == want["phones"]
    assert [x["name"] for x in c["contacts"] if x.get("name")] == want["names"]
    assert [a["title"] for a in c.get("attachments", [])] == want["attachments"]
    assert len(c.get("activities", [])) == want["activities"]


def test_cast_plan_is_its_own_record_and_the_railway_notice_builds_on_it():
    railway = CAMPAIGNS["2021-zhongguo-tiedao-xuehui"]
    assert railway["based_on"][0]["doc_number"] == CAMPAIGNS["2021-zhongguo-kexie"]["doc_number"]
    assert [s["name"] for s in CAMPAIGNS["2021-zhongguo-kexie"]["stages"]] == ["第一阶段", "第二阶段", "第三阶段"]
    assert [m["name"] for m in CAMPAIGNS["2021-zhongguo-kexie"]["modules"]] == [
        "团结引领", "建家办事", "为民服务", "开放合作", "表彰发布"]


def test_cited_upstream_notice_is_a_reference_not_a_record():
    ref = CAMPAIGNS["2019-lianyungang-kexie"]["based_on"][0]
    assert ref["doc_number"] == "苏科协发〔2019〕87号" and ref["issuer"] == "jiangsu-kexie"
    assert not any(c.get("doc_number") == "苏科协发〔2019〕87号" for c in CAMPAIGNS.values())


def test_volunteer_team_tree():
    zhidui = [o for o, d in ORGS.items() if d.get("parent") == "lianyungang-zhidui"]
    assert len(zhidui) == 5
    assert ORGS["lianyungang-zhidui"]["name"] == "江苏省科技志愿者总队连云港支队"
    assert ORGS["lianyungang-zhidui"]["parent"] == "jiangsu-keji-zhiyuanzhe-zongdui"


def test_every_record_cites_a_source_and_every_cited_file_exists():
    names = {p.name for p in SEEDS.glob("*.txt")}
    for r in RECORDS:
        sources = r.data.get("sources") or []
        assert any(s.get("url") or s.get("file") for s in sources), r.path
        assert all(s["file"] in names for s in sources if s.get("file")), r.path
