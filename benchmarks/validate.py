"""Validation speed on a synthetic repository of 100,000 records (never published).

    .venv/bin/python benchmarks/validate.py [--records N] [--light] [--keep DIR]
    .venv/bin/python benchmarks/validate.py --national SCALE [--keep DIR]

Prints: file generation, a baseline (plain yaml.load with CSafeLoader, to compare data
sets: the issue's figures were measured where this took 3.8 s), cold validation (no cache, all cores), warm validation
(nothing changed), re-validation after one file's content changes (the checks across
files are reused), and after one file's reference changes (they run again). Targets on a 2-core
machine: cold ≤ 5 s, after one change ≤ 1 s.

--national SCALE: the synthetic national archive of issue 14 instead (benchmarks/synthetic.py; 1 =
10,000 notices), and the build context (archive/context.compute: validation handing its records on,
tables, model, calendar) timed cold, warm, and after one notice's title changed, beside the same baseline.
"""

from __future__ import annotations

import argparse
import os
import shutil
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "src"))

import yaml  # noqa: E402

from scitechday.data.validate import validate  # noqa: E402

BODY = "各县（市、区）科协：\n\n  为做好活动，现将有关事项通知如下：\n\n  ## 一、活动主题\n\n  " + "科技工作者" * 40 + "\n"


def campaign(i: int, year: int, orgs: int) -> str:
    org = f"org-{i % orgs:05d}"
    acts = "".join(
        f"  - title: 活动{j}\n    category: 科普\n    organizers:\n      - {org}\n"
        f"    period:\n      text: 5月中旬\n      start: {year}-05-1{j}\n      end: {year}-05-2{j}\n"
        for j in range(3))
    return (f"id: c-{i:06d}\ntitle: 关于开展{year}年全国科技工作者日活动的通知（{i}）\nkind: 通知\n"
            f"doc_number: 合成〔{year}〕{i}号\nissuers:\n  - {org}\nissued: {year}-05-06\n"
            f"addressees:\n  - 各县区科协\nobservances:\n  - 全国科技工作者日\nyear: {year}\ntheme: 合成主题\n"
            f"period:\n  text: 5月中旬至6月上旬\n  start: {year}-05-11\n  end: {year}-06-10\n"
            f"activities:\n{acts}deadlines:\n  - date: {year}-06-15\n    text: 6月15日前\n    what: 活动总结\n"
            f"contacts:\n  - name: 联系人{i}\n    phone: 0519-8661{i % 10000:04d}\n    email: c{i}@example.org\n"
            f"body: |\n  {BODY}sources:\n  - file: synthetic\n")


def campaign_light(i: int, year: int, orgs: int) -> str:
    """A notice with its header fields only: no activities, deadlines, contacts or long body."""
    return (f"id: c-{i:06d}\ntitle: 关于开展{year}年全国科技工作者日活动的通知（{i}）\nkind: 通知\n"
            f"doc_number: 合成〔{year}〕{i}号\nissuers:\n  - org-{i % orgs:05d}\nissued: {year}-05-06\n"
            f"observances:\n  - 全国科技工作者日\nyear: {year}\nperiod:\n  text: 5月中旬\n  start: {year}-05-11\n"
            f"  end: {year}-05-20\nbody: 正文。\nsources:\n  - file: synthetic\n")


def profile_light(i: int, campaigns: int) -> str:
    return f"id: p-{i:06d}\nname: 合成人物{i}\nkind: person\nsources:\n  - file: synthetic\n"


def organization(i: int) -> str:
    parent = f"parent: org-{i // 10:05d}\n" if i >= 10 else ""
    return (f"id: org-{i:05d}\nname: 合成组织{i}\nkind: 科协\nlevel: prefecture\n{parent}"
            f"region: \"{320000 + i % 1000:06d}\"\nsources:\n  - file: synthetic\n")


def profile(i: int, campaigns: int) -> str:
    return (f"id: p-{i:06d}\nname: 合成人物{i}\nkind: person\nfield: 合成领域\nsummary: 合成简介。\n"
            f"honors:\n  - title: 最美科技工作者\n    year: 2020\n    campaign: c-{i % campaigns:06d}\n"
            f"mentioned_in:\n  - c-{i % campaigns:06d}\nsources:\n  - file: synthetic\n")


def generate(root: Path, n: int, light: bool = False) -> dict:
    n_c, n_o = n * 3 // 10, n * 3 // 10
    n_p = n - n_c - n_o
    years = range(2017, 2031)
    (root / "organizations").mkdir(parents=True)
    (root / "profiles").mkdir()
    with open(root / "editions.yml", "w", encoding="utf-8") as fh:
        for y in years:
            fh.write(f"- id: workers-day-{y}\n  observance: 全国科技工作者日\n  year: {y}\n"
                     f"  sources:\n    - file: synthetic\n")
    for y in years:
        (root / "campaigns" / str(y)).mkdir(parents=True)
    for i in range(n_c):
        y = years[i % len(years)]
        make = campaign_light if light else campaign
        (root / "campaigns" / str(y) / f"c-{i:06d}.yml").write_text(make(i, y, n_o), encoding="utf-8")
    for i in range(n_o):
        (root / "organizations" / f"org-{i:05d}.yml").write_text(organization(i), encoding="utf-8")
    for i in range(n_p):
        make = profile_light if light else profile
        (root / "profiles" / f"p-{i:06d}.yml").write_text(make(i, n_c), encoding="utf-8")
    return {"campaigns": n_c, "organizations": n_o, "profiles": n_p, "editions": len(years)}


def timed(label: str, fn):
    start = time.perf_counter()
    result = fn()
    print(f"{label:<42} {time.perf_counter() - start:7.2f} s")
    return result


def _baseline(data: Path) -> float:
    paths = sorted(os.path.join(root, name) for root, _, names in os.walk(data) for name in names)
    start = time.perf_counter()
    for path in paths:
        with open(path, "rb") as fh:
            yaml.load(fh.read(), Loader=yaml.CSafeLoader)
    took = time.perf_counter() - start
    print(f"{'baseline: yaml.load(CSafeLoader), 1 core':<42} {took:7.2f} s")
    return took


def national(root: Path, scale: float) -> None:
    """Context compute times on the synthetic national archive, beside the baseline of the same run."""
    sys.path.insert(0, str(Path(__file__).resolve().parent))
    import synthetic
    from scitechday.archive import context

    data, cache = root / "data", root / "cache"
    if not data.exists():
        counts = timed(f"generate the national archive at scale {scale}", lambda: synthetic.generate(data, scale))
        print("  ", ", ".join(f"{k} {v}" for k, v in counts.items()))
    os.chdir(root)
    shutil.rmtree(cache, ignore_errors=True)
    os.environ["SCITECHDAY_CACHE"] = str(cache)
    base = _baseline(data)

    def run(label: str) -> None:
        start = time.perf_counter()
        ctx = context.compute(Path("data"))
        took = time.perf_counter() - start
        steps = ", ".join(f"{k} {v:.2f}" for k, v in ctx.timings.steps.items())
        print(f"{label:<42} {took:7.2f} s  ({took / base:.2f}× baseline; {steps})")

    run("context compute, cold cache")
    run("context compute, warm cache")
    victim = next((data / "campaigns" / "2020").iterdir())
    original = victim.read_bytes()
    time.sleep(2.1)
    victim.write_text(original.decode("utf-8").replace("title: \"关于开展", "title: \"关于举办", 1), encoding="utf-8")
    timed("re-validation after one notice changed", lambda: validate(Path("data"), cache_dir=cache))
    victim.write_bytes(original)
    run("context compute after one notice changed")


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--records", type=int, default=100_000)
    ap.add_argument("--keep", type=Path, help="generate into this folder and keep it")
    ap.add_argument("--light", action="store_true",
                    help="header-only records (no activities, deadlines, contacts, long bodies): a lighter data set")
    ap.add_argument("--national", type=float, metavar="SCALE", help="the national archive and the build context")
    args = ap.parse_args()
    root = args.keep or Path(tempfile.mkdtemp(prefix="scitechday-bench-"))
    data, cache = root / "data", root / "cache"
    try:
        if args.national:
            national(root, args.national)
            return 0
        if not data.exists():
            counts = timed(f"generate {args.records} {'light ' if args.light else ''}records",
                           lambda: generate(data, args.records, args.light))
            print("  ", ", ".join(f"{k} {v}" for k, v in counts.items()))
        os.chdir(root)
        shutil.rmtree(cache, ignore_errors=True)
        _baseline(data)
        cold = timed(f"cold validation ({os.cpu_count()} cores)", lambda: validate(Path("data"), cache_dir=cache))
        assert cold.ok, cold.problems[:5]
        print(f"   {cold.summary()}")
        timed("warm validation (nothing changed)", lambda: validate(Path("data"), cache_dir=cache))
        victim = next((data / "campaigns" / "2020").iterdir())
        original = victim.read_bytes()
        time.sleep(2.1)  # let the cache's mtime check trust the unchanged files, as it would between two commits
        victim.write_text(victim.read_text(encoding="utf-8").replace("title: 关于开展", "title: 关于举办"), encoding="utf-8")
        after = timed("re-validation after one file changed", lambda: validate(Path("data"), cache_dir=cache))
        assert after.ok and after.cached == after.files - 1, (after.cached, after.files, after.problems[:3])
        victim.write_text(victim.read_text(encoding="utf-8").replace("kind: 通知", "kind: 公告"), encoding="utf-8")
        broken = timed("re-validation, one file broken", lambda: validate(Path("data"), cache_dir=cache))
        print(f"   {len(broken.problems)} problem: {broken.problems[0].text()[:100]}")
        victim.write_bytes(original)
        text = original.decode("utf-8")
        issuer = text.split("issuers:\n  - ", 1)[1].split("\n", 1)[0]
        other = "org-00001" if issuer != "org-00001" else "org-00002"
        victim.write_text(text.replace(f"issuers:\n  - {issuer}", f"issuers:\n  - {other}"), encoding="utf-8")
        moved = timed("re-validation, one file's reference changed", lambda: validate(Path("data"), cache_dir=cache))
        assert moved.ok
        victim.write_bytes(original)
    finally:
        if not args.keep:
            shutil.rmtree(root, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
