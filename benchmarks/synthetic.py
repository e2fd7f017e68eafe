"""A synthetic national-scale archive (never published): the shape of issue 14.

At scale 1: 10,000 notices (5 activities each, ~3,000-character bodies, 1–2 deadlines,
stages on every third), 3,000 organizations (one national, 31 provincial, prefectures,
counties and volunteer teams, each with a GB/T 2260 province code), 5,000 profiles,
editions 2014–2026. Text is drawn deterministically from a pool of two-character words,
so that the search index sees a realistic vocabulary, not one repeated sentence.
"""

from __future__ import annotations

import random
from pathlib import Path

PROVINCES = [11, 12, 13, 14, 15, 21, 22, 23, 31, 32, 33, 34, 35, 36, 37, 41, 42, 43, 44, 45, 46, 50, 51, 52, 53,
             54, 61, 62, 63, 64, 65]
_CHARS = ("科技工作者日志愿服务创新发展普及教育宣传培训学会协会组织开展活动人才农业医疗健康环境能源信息"
          "城市乡村社区学校企业园区专家院士青年妇女少年讲座展览竞赛论坛调研走访慰问表彰评选申报报送总结"
          "方案计划实施推进落实加强完善提高建设平台资源数据网络智能制造材料生物化学物理数学天文地理海洋")
WORDS = sorted({a + b for a in _CHARS[::3] for b in _CHARS[1::2]})
MEMBER_YEARS = range(2014, 2017)
WORKER_YEARS = range(2017, 2027)


def _text(rng: random.Random, chars: int) -> str:
    words = rng.choices(WORDS, k=chars // 2)
    return "，".join("".join(words[i:i + 8]) for i in range(0, len(words), 8)) + "。"


TEXTS = ("words", "sentences")  # what the long texts (bodies, descriptions, deeds) are made of: see generate
_sentences: list[str] = []  # the pool of "sentences", while generate runs with it


BUNDLED = Path(__file__).resolve().parents[1] / "data"


def sentences(data: Path = BUNDLED) -> list[str]:
    """The sentences of the bundled notices' bodies (data/campaigns), in order, each once: real text, as a search
    index sees it (Pagefind's Chinese segmentation found about 40 % more work in 1,000 pages of them than in as
    many pages of the word pool, and a larger index)."""
    import re

    from scitechday.data.load import load

    found: dict[str, None] = {}
    for record in load(data).records:  # in file order
        body = record.data.get("body") if record.type == "campaign" else None
        for line in (body if isinstance(body, str) else "").splitlines():
            line = line.strip()
            if line.startswith(("#", "|", ">")):
                continue
            for s in re.findall(r"[^。；！？]*[。；！？]", line):
                s = s.strip(" -*　")
                if len(re.findall(r"[\u4e00-\u9fff]", s)) >= 8:
                    found.setdefault(s, None)
    return list(found)


def _long(rng: random.Random, chars: int) -> str:
    """A long text of about chars characters: of the word pool, or of real sentences (generate's text)."""
    if not _sentences:
        return _text(rng, chars)
    out: list[str] = []
    n = 0
    while n < chars:
        out.append(rng.choice(_sentences))
        n += len(out[-1])
    return "".join(out)


def _xun(day: int) -> str:
    """The part of the month a day falls in, as a notice names a vague period (5月中旬至下旬)."""
    return "上旬" if day <= 10 else "中旬" if day <= 20 else "下旬"


def _xuns(start: int, end: int) -> str:
    return _xun(start) if _xun(start) == _xun(end) else f"{_xun(start)}至{_xun(end)}"


def _q(value: str) -> str:
    return '"' + value.replace("\\", "\\\\").replace('"', '\\"') + '"'


def organization(i: int, n: int) -> tuple[str, str]:
    """(id, YAML) of organization i: 0 national, 1–31 provincial, then prefectures, counties, teams."""
    n_pref = max(31, n // 10)
    if i == 0:
        level, parent, prov, kind = "national", None, None, "科协"
    elif i <= 31:
        level, parent, prov, kind = "provincial", 0, PROVINCES[i - 1], "科协"
    elif i <= 31 + n_pref:
        level, parent, prov, kind = "prefecture", 1 + (i - 32) % 31, PROVINCES[(i - 32) % 31], "科协"
    else:
        p = 32 + (i * 7) % n_pref
        level, parent, prov = "county", p, PROVINCES[(p - 32) % 31]
        kind = "科技志愿者队伍" if i % 10 == 0 else ("学会" if i % 3 == 0 else "科协")
        if kind == "科技志愿者队伍":
            parent = None
    region = f"{prov}{(i % 90) + 1:02d}00" if prov and level != "provincial" else (f"{prov}0000" if prov else None)
    lines = [f"id: org-{i:05d}", f"name: 合成{kind}{i}号", f"kind: {kind}", f"level: {level}"]
    if parent is not None:
        lines.append(f"parent: org-{parent:05d}")
    if region:
        lines.append(f'region: "{region}"')
    lines += ["sources:", "  - file: synthetic"]
    return f"org-{i:05d}", "\n".join(lines) + "\n"


def campaign(i: int, n_orgs: int) -> tuple[int, str, str]:
    """(year, id, YAML) of notice i."""
    rng = random.Random(i)
    member = i % 10 == 0
    year = MEMBER_YEARS[i % 3] if member else WORKER_YEARS[i % 10]
    observance = "中国科协会员日" if member else "全国科技工作者日"
    month = 12 if member else 5
    issuer = (i * 37) % n_orgs
    other = (i * 53 + 1) % n_orgs
    cid = f"c-{i:06d}"
    start_day = 1 + i % 20
    lines = [f"id: {cid}", f"title: {_q(f'关于开展{year}年{observance}{_text(rng, 12)[:-1]}活动的通知（{i}）')}",
             "kind: 通知", f"doc_number: 合成科协〔{year}〕{i}号", "issuers:", f"  - org-{issuer:05d}",
             f"issued: {year}-{month:02d}-01", "addressees:", "  - 各县区科协", "observances:", f"  - {observance}",
             f"year: {year}", f"theme: {_q(_text(rng, 16))}", "period:", f"  text: {month}月{_xuns(start_day, start_day + 8)}",
             f"  start: {year}-{month:02d}-{start_day:02d}", f"  end: {year}-{month:02d}-{start_day + 8:02d}"]
    if i % 3 == 0:
        lines.append("stages:")
        for j in range(2):
            lines += [f"  - name: 第{j + 1}阶段", f"    start: {year}-{month:02d}-{start_day + 4 * j:02d}",
                      f"    end: {year}-{month:02d}-{start_day + 4 * j + 3:02d}", f"    focus: {_q(_text(rng, 30))}"]
    lines.append("activities:")
    for j in range(5):
        day = start_day + j
        lines += [f"  - title: {_q(_text(rng, 14)[:-1])}", "    category: 科普",
                  "    organizers:", f"      - org-{(issuer if j % 2 == 0 else other):05d}",
                  "    period:", f"      start: {year}-{month:02d}-{day:02d}", f"      end: {year}-{month:02d}-{day + 1:02d}",
                  f"    location: {_q('合成地点' + str(j))}", f"    description: {_q(_long(rng, 120))}"]
    lines.append("deadlines:")
    for j in range(1 + i % 2):
        lines += [f"  - date: {year}-{month:02d}-{25 + j:02d}", f"    text: {month}月{25 + j}日前",
                  f"    what: {_q(_text(rng, 10)[:-1])}", "    recipient: 合成科协办公室"]
    lines += ["contacts:", f"  - name: 联系人{i}", f"    phone: 0519-8661{i % 10000:04d}", f"    email: c{i}@example.org"]
    body = ["body: |", "  各县（市、区）科协：", ""]
    for head in (["一、活动主题", "二、活动内容", "三、工作要求", "四、报送要求"]):
        body += [f"  ## {head}", "", "  " + _long(rng, 700), ""]
    lines += body[:-1] + ["sources:", "  - file: synthetic"]
    return year, cid, "\n".join(lines) + "\n"


def profile(i: int, n_campaigns: int, n_orgs: int) -> tuple[str, str]:
    rng = random.Random(-i - 1)
    c = (i * 7) % n_campaigns
    year = MEMBER_YEARS[c % 3] if c % 10 == 0 else WORKER_YEARS[c % 10]
    pid = f"p-{i:06d}"
    lines = [f"id: {pid}", f"name: 合成人物{i}", "kind: person", f"field: {_q(_text(rng, 6)[:-1])}",
             f"summary: {_q(_text(rng, 60))}", "honors:", "  - title: 最美科技工作者", f"    year: {year}",
             f"    conferred_by: org-{(i * 13) % n_orgs:05d}", f"    campaign: c-{c:06d}",
             "mentioned_in:", f"  - c-{c:06d}", f"deeds: {_q(_long(rng, 400))}", "sources:", "  - file: synthetic"]
    return pid, "\n".join(lines) + "\n"


def generate(root: Path, scale: float = 1.0, text: str = "words") -> dict[str, int]:
    """Write the archive under root (which must not exist) and say how many records of each type. text: the long
    texts (bodies, activity descriptions, deeds) drawn from the word pool ("words"), or from the sentences of the
    bundled notices ("sentences": see sentences)."""
    if text not in TEXTS:
        raise ValueError(f"text: one of {TEXTS}")
    _sentences[:] = sentences() if text == "sentences" else []
    try:
        return _generate(root, scale)
    finally:
        _sentences.clear()


def _generate(root: Path, scale: float) -> dict[str, int]:
    n_c, n_o, n_p = max(30, int(10_000 * scale)), max(60, int(3_000 * scale)), max(10, int(5_000 * scale))
    (root / "organizations").mkdir(parents=True)
    (root / "profiles").mkdir()
    editions = [("member-day", "中国科协会员日", y, None) for y in MEMBER_YEARS]
    editions += [("workers-day", "全国科技工作者日", y, f"{y}-05-30") for y in WORKER_YEARS]
    with open(root / "editions.yml", "w", encoding="utf-8") as fh:
        for slug, observance, y, date in editions:
            fh.write(f"- id: {slug}-{y}\n  observance: {observance}\n  year: {y}\n"
                     + (f"  date: {date}\n" if date else "") + "  sources:\n    - file: synthetic\n")
    for y in [*MEMBER_YEARS, *WORKER_YEARS]:
        (root / "campaigns" / str(y)).mkdir(parents=True)
    for i in range(n_c):
        year, cid, text = campaign(i, n_o)
        (root / "campaigns" / str(year) / f"{cid}.yml").write_text(text, encoding="utf-8")
    for i in range(n_o):
        oid, text = organization(i, n_o)
        (root / "organizations" / f"{oid}.yml").write_text(text, encoding="utf-8")
    for i in range(n_p):
        pid, text = profile(i, n_c, n_o)
        (root / "profiles" / f"{pid}.yml").write_text(text, encoding="utf-8")
    return {"campaigns": n_c, "organizations": n_o, "profiles": n_p, "editions": len(editions)}
