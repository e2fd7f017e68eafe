"""Build speed, memory and output sizes on a synthetic national-scale archive (never published).

    .venv/bin/python benchmarks/build.py [--scale 0.1] [--keep DIR] [--no-serve] [--no-baseline]

Generates the archive of issue 14 (benchmarks/synthetic.py) in a temporary folder, then:
1. builds it with `scitechday build` in a child process, sampling the memory of the whole
   process tree (MkDocs, Pagefind) every 50 ms, and prints each step's wall time and peak RSS
   (validate, model, render, other files, MkDocs, search index), and the CPU seconds the
   whole tree spent (beside the wall time: how much of the cores the build kept busy);
2. builds a plain MkDocs + Material site with the same number of trivial pages (same theme,
   features and overrides) in the same run, and prints the ratio; at the end of the run builds it
   again, followed by a second cold build of ours (the machine is shared, and its speed moves by
   10-20 % within minutes: each pair shows the ratio at one moment), and holds the target to the
   faster of each's two builds;
3. rebuilds after one notice changed and again once the edit is undone (a 2019 notice, then one
   of the newest year: the common edit), and holds the target to the median of the four; then
   builds from scratch over that site (`--clean`: what a change to the code or templates costs);
4. measures the serve loop: `scitechday serve` until the first page is served, then the time
   from saving one record to the changed page being served;
5. prints the sizes readers download (largest page, calendars, feeds, open data) and the
   targets of issue 14 beside the figures.
Both cold builds (ours, Material's) start from an empty output folder: the last run's output is moved
aside (set_aside) and removed at the end of the run, not right before the build it would slow down.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import re
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(Path(__file__).resolve().parent))

import synthetic  # noqa: E402

PAGE = os.sysconf("SC_PAGE_SIZE")
MB = 1024 * 1024


def set_aside(path: Path, work: Path) -> None:
    """Move path out of the way (a rename) into work/.trash, which is removed at the end of the run. Removing
    it right before a timed build would be measured as that build's: on ext4 without a journal, files
    created within a minute or more of a large removal cost about ten times the kernel time (publish/outdir.py)."""
    if path.exists():
        trash = work / ".trash"
        trash.mkdir(exist_ok=True)
        os.rename(path, Path(tempfile.mkdtemp(dir=trash)) / path.name)


def _tree_rss(root_pid: int) -> int:
    """Resident memory of a process and all its descendants, in bytes (from /proc)."""
    parents: dict[int, int] = {}
    rss: dict[int, int] = {}
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            with open(f"/proc/{entry}/stat", "rb") as fh:
                fields = fh.read().rsplit(b")", 1)[1].split()
        except OSError:
            continue
        parents[int(entry)] = int(fields[1])
        rss[int(entry)] = int(fields[21]) * PAGE
    total, todo = 0, [root_pid]
    children: dict[int, list[int]] = {}
    for pid, ppid in parents.items():
        children.setdefault(ppid, []).append(pid)
    while todo:
        pid = todo.pop()
        total += rss.get(pid, 0)
        todo.extend(children.get(pid, []))
    return total


class Sampler(threading.Thread):
    """Samples a process tree's memory until stopped: [(time, bytes)]."""

    def __init__(self, pid: int, every: float = 0.05):
        super().__init__(daemon=True)
        self.pid, self.every, self.samples, self.stopped = pid, every, [], threading.Event()
        self.cpu = 0.0  # CPU seconds of the process tree (run() sets it once the process has ended)

    def run(self):
        while not self.stopped.is_set():
            self.samples.append((time.time(), _tree_rss(self.pid)))
            self.stopped.wait(self.every)

    def peak(self, start: float = 0, end: float = float("inf")) -> int:
        return max((b for t, b in self.samples if start <= t <= end), default=0)


def _children_cpu() -> float:
    """CPU seconds (user + system) of this process's children that have ended and were waited for, and
    of theirs (a build's forked child, Pagefind)."""
    import resource

    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def run(cmd: list[str], env: dict, cwd: Path | None = None) -> tuple[float, Sampler, subprocess.CompletedProcess]:
    """Run cmd; (wall time, its memory sampler, the process). sampler.cpu: the CPU seconds the whole process
    tree spent: with the wall time, how much of the two cores it kept busy."""
    start, cpu = time.perf_counter(), _children_cpu()
    proc = subprocess.Popen(cmd, env=env, cwd=cwd, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    sampler = Sampler(proc.pid)
    sampler.start()
    out, _ = proc.communicate()
    sampler.stopped.set()
    sampler.join()
    wall = time.perf_counter() - start
    sampler.cpu = _children_cpu() - cpu
    if proc.returncode != 0:
        raise SystemExit(f"{' '.join(cmd)} failed ({proc.returncode}):\n{out[-4000:]}")
    return wall, sampler, subprocess.CompletedProcess(cmd, proc.returncode, out)


def _env(**extra) -> dict:
    env = {**os.environ, "SOURCE_DATE_EPOCH": "1700000000", "NO_MKDOCS_2_WARNING": "1",
           "PYTHONPATH": str(ROOT / "src") + os.pathsep + os.environ.get("PYTHONPATH", "")}
    env.update(extra)
    return env


def build(data: Path, out: Path, work: Path, label: str, *options: str, cache: str = "cache"
          ) -> tuple[float, int, list[dict]]:
    """Run `scitechday build` (with options, the build cache in work/cache); print and return (wall, peak RSS, steps)."""
    timings = work / f"timings-{label}.jsonl"
    timings.unlink(missing_ok=True)
    env = _env(SCITECHDAY_TIMINGS_JSON=str(timings), SCITECHDAY_CACHE=str(work / cache))
    wall, sampler, _ = run(_build_command(data, out) + list(options), env, cwd=ROOT)
    steps = [json.loads(line) for line in timings.read_text().splitlines()] if timings.exists() else []
    print(f"\n{label}: {wall:.1f} s wall, {sampler.cpu:.0f} CPU-seconds, peak RSS {sampler.peak() / MB:.0f} MB "
          "(process tree, sampled every 50 ms)")
    print(f"  {'step':<16} {'wall s':>8} {'peak RSS MB':>12}")
    for s in steps:
        print(f"  {s['step']:<16} {s['end'] - s['start']:8.2f} {sampler.peak(s['start'], s['end']) / MB:12.0f}")
    return wall, sampler.peak(), steps


def _build_command(data: Path, out: Path) -> list[str]:
    return [sys.executable, "-m", "scitechday.cli", "build", "--config", str(ROOT / "mkdocs.yml"),
            "--data", str(data), "--out", str(out)]


def baseline(pages: int, work: Path) -> tuple[float, int, float]:
    """A plain MkDocs + Material build of `pages` trivial pages: same theme, features and overrides."""
    import yaml

    project = work / "baseline"
    set_aside(project, work)
    set_aside(work / "baseline-site", work)  # built into an empty folder, as ours is
    docs = project / "docs"
    (docs / "p").mkdir(parents=True)
    ours = yaml.safe_load((ROOT / "mkdocs.yml").read_text(encoding="utf-8").replace("!ENV", ""))
    theme = dict(ours["theme"], custom_dir=str(ROOT / "overrides"))
    config = {"site_name": ours["site_name"], "site_url": "http://127.0.0.1:8000/", "docs_dir": "docs",
              "theme": theme, "plugins": [], "markdown_extensions": ours["markdown_extensions"],
              "not_in_nav": "/p/*.md", "nav": [{"首页": "index.md"}],
              "validation": {"omitted_files": "info"}}
    (project / "mkdocs.yml").write_text(yaml.safe_dump(config, allow_unicode=True), encoding="utf-8")
    (docs / "index.md").write_text("# 首页\n", encoding="utf-8")
    for i in range(pages - 1):
        (docs / "p" / f"{i}.md").write_text(f"# 页面 {i}\n\n正文。\n", encoding="utf-8")
    wall, sampler, _ = run([sys.executable, "-m", "mkdocs", "build", "-q", "-f", str(project / "mkdocs.yml"),
                            "-d", str(work / "baseline-site")], _env(), cwd=project)
    return wall, sampler.peak(), sampler.cpu


def sizes(site: Path) -> dict:
    """What readers download: the largest page, calendars, feeds, open data."""
    files = [p for p in site.rglob("*") if p.is_file()]
    by_ext: dict[str, list[Path]] = {}
    for p in files:
        by_ext.setdefault(p.suffix or "(none)", []).append(p)
    html = by_ext.get(".html", [])
    largest = sorted(html, key=lambda p: p.stat().st_size, reverse=True)[:3]
    ics = sorted(by_ext.get(".ics", []), key=lambda p: p.stat().st_size, reverse=True)
    return {"files": len(files), "bytes": sum(p.stat().st_size for p in files), "html": len(html),
            "largest_html": [(str(p.relative_to(site)), p.stat().st_size) for p in largest],
            "ics": len(ics), "ics_bytes": sum(p.stat().st_size for p in ics),
            "largest_ics": [(str(p.relative_to(site)), p.stat().st_size) for p in ics[:3]],
            "other": sorted(((str(p.relative_to(site)), p.stat().st_size) for p in files
                             if p.suffix in (".atom", ".json", ".csv", ".gz", ".zip", ".xml")),
                            key=lambda x: -x[1])[:6],
            "pagefind": sum(p.stat().st_size for d in site.glob("pagefind*") if d.is_dir()
                            for p in d.rglob("*") if p.is_file())}


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _wait_for(url: str, needle: str, seconds: float) -> float | None:
    start = time.perf_counter()
    while time.perf_counter() - start < seconds:
        try:
            with urllib.request.urlopen(url, timeout=5) as r:
                if needle in r.read().decode("utf-8"):
                    return time.perf_counter() - start
        except OSError:
            pass
        time.sleep(0.1)
    return None


def serve_loop(data: Path, work: Path, timeout: float) -> tuple[float | None, float | None, float | None]:
    """Seconds until the first page is served; from saving one record to its page changing; and until the first page
    is served again when serve is restarted with that edit undone meanwhile (serve keeps its site: publish/serving.py)."""
    port = _free_port()
    victim = data / "campaigns" / "2019" / "c-000002.yml"
    url = f"http://127.0.0.1:{port}/notices/c-000002/"

    def start() -> subprocess.Popen:
        return subprocess.Popen([sys.executable, "-m", "scitechday.cli", "serve", "--config", str(ROOT / "mkdocs.yml"),
                                 "--data", str(data), "--dev-addr", f"127.0.0.1:{port}"],
                                env=_env(SCITECHDAY_CACHE=str(work / "cache")), cwd=ROOT,
                                stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)

    def stop(proc: subprocess.Popen) -> None:
        proc.terminate()
        try:
            proc.wait(timeout=20)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()

    proc = start()
    try:
        first = _wait_for(url, "（2）", timeout)
        if first is None:
            return None, None, None
        text = victim.read_text(encoding="utf-8")
        victim.write_text(text.replace("活动的通知（2）", "活动的通知（2，已修改）"), encoding="utf-8")
        try:
            changed = _wait_for(url, "（2，已修改）", timeout)
        finally:
            victim.write_text(text, encoding="utf-8")
    finally:
        stop(proc)
    proc = start()
    try:
        return first, changed, _wait_for(url, "（2）", timeout)
    finally:
        stop(proc)


def queries(data: Path) -> list[tuple[str, str]]:
    """What a first search is measured with: the archive's most frequent word (a query that finds every notice, many
    times each: the largest index chunks), and what readers look for by name, taken from the generated records."""
    from scitechday.data.load import load_file

    def field(folder: Path, rtype: str, key: str) -> str:
        path = sorted(folder.glob("*.yml"))[0]
        records, _problems = load_file(str(path), rtype, path.name)
        return str(records[0].data[key])

    newest = max((p for p in (data / "campaigns").iterdir() if p.is_dir()), key=lambda p: p.name)
    return [("科技, the archive's most frequent word", "科技"),
            ("a 发文字号 of the newest year", field(newest, "campaign", "doc_number")),
            ("an organization's name", field(data / "organizations", "organization", "name")),
            ("a person's name", field(data / "profiles", "profile", "name"))]


def first_search(site: Path, query: str) -> dict | None:
    """Bytes a browser downloads for a first search on search/?q=query (Chromium, cold cache):
    Pagefind's files, and everything else the page view fetched."""
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        return None
    import functools
    import gzip
    import http.server
    import urllib.parse

    chromium = shutil.which("chromium") or shutil.which("chromium-browser")
    if not chromium:
        return None
    class Quiet(http.server.SimpleHTTPRequestHandler):
        def log_message(self, *args):
            pass

    handler = functools.partial(Quiet, directory=str(site))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    got: list[tuple[str, int, int]] = []
    try:
        with sync_playwright() as p:
            browser = p.chromium.launch(executable_path=chromium, headless=True,
                                        args=["--no-sandbox", "--disable-gpu", "--disable-background-networking"])
            page = browser.new_page()

            def seen(response):
                try:
                    body = response.body()
                except Exception:  # redirects have no body
                    return
                got.append((response.url, len(body), len(gzip.compress(body, 6, mtime=0))))

            page.on("response", seen)
            page.goto(f"http://127.0.0.1:{server.server_port}/search/?q={urllib.parse.quote(query)}")
            page.locator(".pagefind-ui__result-link").first.wait_for(timeout=60000)
            page.wait_for_load_state("networkidle")
            browser.close()
    finally:
        server.shutdown()
    bundle = re.compile(r"/(pagefind(?:-[^/]+)?)/")  # every search bundle's files (the merged ones too)
    pf = [g for g in got if bundle.search(g[0])]
    return {"requests": len(got), "bytes": sum(g[1] for g in got), "gzip": sum(g[2] for g in got),
            "pagefind_requests": len(pf), "pagefind_bytes": sum(g[1] for g in pf),
            "pagefind_gzip": sum(g[2] for g in pf),
            "bundles": len({bundle.search(g[0]).group(1) for g in pf}),
            "largest": sorted(((bundle.split(g[0], 1)[-1], g[1]) for g in pf), key=lambda x: -x[1])[:4]}


def machine() -> str:
    cpu = next((line.split(":", 1)[1].strip() for line in open("/proc/cpuinfo") if line.startswith("model name")), "?")
    mem = next((int(line.split()[1]) // 1024 // 1024 for line in open("/proc/meminfo") if line.startswith("MemTotal")), 0)
    return f"{cpu}, {os.cpu_count()} cores, {mem} GB RAM, Python {platform.python_version()}, {platform.system()}"


def check(label: str, ok: bool, figure: str) -> None:
    print(f"  [{'ok' if ok else 'MISSED'}] {label}: {figure}")


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--scale", type=float, default=1.0, help="1 = national (10,000 notices); 0.1 for a quick run")
    ap.add_argument("--keep", type=Path, help="work in this folder and keep it (the data is reused if present)")
    ap.add_argument("--no-serve", action="store_true", help="skip the serve loop")
    ap.add_argument("--no-baseline", action="store_true", help="skip the plain Material build")
    ap.add_argument("--no-rebuild", action="store_true", help="skip the rebuild after one notice changed")
    ap.add_argument("--serve-timeout", type=float, default=900)
    ap.add_argument("--text", choices=synthetic.TEXTS, default="words",
                    help="the long texts: the word pool (default), or the bundled notices' sentences (real text)")
    args = ap.parse_args()
    work = args.keep or Path(tempfile.mkdtemp(prefix="scitechday-build-bench-"))
    work.mkdir(parents=True, exist_ok=True)
    data = work / "data"
    print(f"machine: {machine()}")
    try:
        made = work / "synthetic.json"  # what the data in work/ was generated with (--keep reuses it)
        wanted = {"scale": args.scale, "text": args.text}
        if data.exists() and (json.loads(made.read_text()) if made.exists() else {"scale": args.scale, "text": "words"}) != wanted:
            print(f"{data} was generated otherwise than {wanted} (see {made.name}): remove it, or use another --keep")
            return 2
        if not data.exists():
            start = time.perf_counter()
            counts = synthetic.generate(data, args.scale, args.text)
            made.write_text(json.dumps(wanted))
            print(f"generated scale {args.scale}, text {args.text}: " + ", ".join(f"{k} {v}" for k, v in counts.items())
                  + f" in {time.perf_counter() - start:.1f} s")
        # cold: no validation cache, no build state, and no earlier output (a clean build indexes into the
        # last build's search bundles: search.keep_bundles)
        set_aside(work / "cache", work)
        set_aside(work / "site", work)
        wall, peak, steps = build(data, work / "site", work, "scitechday build (cold)")
        s = sizes(work / "site")
        pages = s["html"]
        bases: list[float] = []  # the plain Material build, right after ours and again at the end of the run
        if not args.no_baseline:
            base_wall, base_peak, base_cpu = baseline(pages, work)
            bases.append(base_wall)
            print(f"\nplain MkDocs + Material, {pages} trivial pages: {base_wall:.1f} s, {base_cpu:.0f} CPU-seconds, "
                  f"peak RSS {base_peak / MB:.0f} MB"
                  f"\nratio scitechday / Material: {wall / base_wall:.2f}×")
        rebuilds: list[float] = []
        if not args.no_rebuild:  # an older notice, then one of the newest year (the common edit); each edit undone
            newest = max(p.name for p in (data / "campaigns").iterdir())
            for victim in (data / "campaigns" / "2019" / "c-000002.yml",
                           sorted((data / "campaigns" / newest).glob("*.yml"))[0]):
                original = victim.read_text(encoding="utf-8")
                victim.write_text(original.replace("活动的通知（", "活动的通知（改，", 1), encoding="utf-8")
                try:
                    took, _, _ = build(data, work / "site", work,
                                       f"rebuild after one notice changed ({victim.parent.name})")
                    rebuilds.append(took)
                finally:  # a kept data folder must stay as generated
                    victim.write_text(original, encoding="utf-8")
                # undoing it is a one-notice change too, and leaves the site as generated for the next edit
                took, _, _ = build(data, work / "site", work, f"rebuild after the edit was undone ({victim.parent.name})")
                rebuilds.append(took)
        if not args.no_rebuild:  # what a change to the code, templates or settings costs: a clean build
            again, again_peak, _ = build(data, work / "site", work, "clean build over the last site (--clean)", "--clean")
            peak = max(peak, again_peak)
            if bases:
                print(f"ratio scitechday --clean over the last site / Material: {again / bases[0]:.2f}×")
        print(f"\nsite: {s['files']} files, {s['bytes'] / MB:.0f} MB; {pages} HTML pages; "
              f"{s['ics']} .ics files ({s['ics_bytes'] / MB:.1f} MB); Pagefind bundles {s['pagefind'] / MB:.1f} MB")
        print("  largest pages: " + ", ".join(f"{p} {b / 1024:.0f} KB" for p, b in s["largest_html"]))
        print("  largest calendars: " + ", ".join(f"{p} {b / 1024:.0f} KB" for p, b in s["largest_ics"]))
        print("  largest feeds/data: " + ", ".join(f"{p} {b / 1024:.0f} KB" for p, b in s["other"]))
        searches: list[tuple[str, str, dict]] = []  # (what, query, bytes), each in a fresh browser (cold cache)
        for what, query in queries(data):
            search = first_search(work / "site", query)
            if search is None:  # no Chromium or Playwright here
                break
            searches.append((what, query, search))
            print(f"\nfirst search, {what} (q={query}, cold cache): {search['requests']} requests, "
                  f"{search['bytes'] / 1024:.0f} KB ({search['gzip'] / 1024:.0f} KB gzipped); Pagefind "
                  f"{search['pagefind_requests']} requests, {search['pagefind_bytes'] / 1024:.0f} KB "
                  f"({search['pagefind_gzip'] / 1024:.0f} KB gzipped); largest: "
                  + ", ".join(f"{u} {b / 1024:.0f} KB" for u, b in search["largest"]))
        first = changed = None
        if not args.no_serve:
            first, changed, restarted = serve_loop(data, work, args.serve_timeout)
            print(f"\nserve: first page after {first if first is None else round(first, 1)} s; "
                  f"edit visible after {changed if changed is None else round(changed, 1)} s; restarted with the edit "
                  f"undone meanwhile: first page after {restarted if restarted is None else round(restarted, 1)} s")
        colds = [wall]
        if bases:  # the machine is shared: a second pair shows how much its speed moved during the run
            base_wall, _, base_cpu = baseline(pages, work)
            bases.append(base_wall)
            print(f"\nplain MkDocs + Material again, at the end of the run: {base_wall:.1f} s, {base_cpu:.0f} CPU-seconds")
            set_aside(work / "cache-again", work)
            set_aside(work / "site-again", work)
            again_wall, again_peak, _ = build(data, work / "site-again", work, "scitechday build (cold, again)",
                                              cache="cache-again")
            colds.append(again_wall)
            peak = max(peak, again_peak)
            set_aside(work / "site-again", work)  # a second copy of the site: removed with the trash
            print(f"\nratio scitechday / Material, each pair: {colds[0] / bases[0]:.2f}× (the first), "
                  f"{colds[1] / bases[1]:.2f}× (at the end); "
                  f"the faster of each's two: {min(colds):.1f} s / {min(bases):.1f} s = {min(colds) / min(bases):.2f}×")
        print(f"\ntargets (issue 14, national scale on 2 cores; this run is scale {args.scale}):")
        if bases:
            ratio = min(colds) / min(bases)
            check("full build ≤ 2× plain Material (the faster of each's two cold builds)", ratio <= 2,
                  f"{ratio:.2f}×; each pair: " + ", ".join(f"{c / b:.2f}×" for c, b in zip(colds, bases)))
        check("peak RSS ≤ 2 GB including the indexer", peak <= 2048 * MB, f"{peak / MB:.0f} MB")
        if rebuilds:
            middle = statistics.median(rebuilds)
            check("one-notice change rebuilt ≤ 10 s (the median of the four)", middle <= 10,
                  f"{middle:.1f} s; each: " + ", ".join(f"{t:.1f}" for t in rebuilds) + " s")
        if not args.no_serve:
            check("edit visible in serve ≤ 3 s", changed is not None and changed <= 3,
                  f"{changed:.1f} s" if changed is not None else "not seen")
        if searches:
            check("first search ≤ 300 KB (Pagefind's files, as served gzipped), each query",
                  all(found["pagefind_gzip"] <= 300 * 1024 for _what, _query, found in searches),
                  "; ".join(f"{query} {found['pagefind_gzip'] / 1024:.0f} KB" for _what, query, found in searches))
        big = s["largest_html"][0][1] if s["largest_html"] else 0
        check("no page over ~300 KB", big <= 300 * 1024, f"largest {big / 1024:.0f} KB")
        big_ics = s["largest_ics"][0][1] if s["largest_ics"] else 0
        check("no calendar over a few MB (≤ 4 MB)", big_ics <= 4 * MB, f"largest {big_ics / MB:.2f} MB")
    finally:
        shutil.rmtree(work / ".trash", ignore_errors=True)
        if not args.keep:
            shutil.rmtree(work, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
