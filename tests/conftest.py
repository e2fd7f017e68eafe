"""Shared helpers: a fresh copy of the synthetic fixture repository per test."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from scitechday.data.validate import validate
from scitechday.publish import site

ROOT = Path(__file__).resolve().parents[1]
DATA = ROOT / "data"
FIXTURE = Path(__file__).parent / "fixtures" / "minimal"
SEEDS = ROOT / "sources"
CONFIG = str(ROOT / "mkdocs.yml")


@pytest.fixture
def repo(tmp_path, monkeypatch) -> Path:
    """A copy of the minimal fixture as data/ under a temporary working directory."""
    shutil.copytree(FIXTURE, tmp_path / "data")
    monkeypatch.chdir(tmp_path)
    return tmp_path / "data"


def problems_of(data_dir: Path):
    return validate(data_dir, use_cache=False).problems


def edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text, f"{old!r} not in {path}"
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def amend(path: Path, key: str = "title", mark: str = "（改）", value=None) -> str:
    """Change a record file's top-level text field whatever it holds now: its value with mark added, or
    value (any YAML value: a list makes a title invalid). Tests that edit the bundled data use this
    rather than the text it holds today, which an editor may correct. Returns the new value."""
    import json

    import yaml

    text = path.read_text(encoding="utf-8")
    old = yaml.safe_load(text)[key]
    assert isinstance(old, str), f"{key} of {path} is not text"
    new = f"{old}{mark}" if value is None else value
    lines = text.splitlines(keepends=True)
    start = next(i for i, line in enumerate(lines) if line.startswith(f"{key}:"))
    end = start + 1
    while end < len(lines) and lines[end][:1] in (" ", "\t"):  # a value over several lines
        end += 1
    lines[start:end] = [f"{key}: {json.dumps(new, ensure_ascii=False)}\n"]  # JSON is YAML
    path.write_text("".join(lines), encoding="utf-8")
    assert yaml.safe_load(path.read_text(encoding="utf-8"))[key] == new
    return new


@pytest.fixture(scope="session")
def built(tmp_path_factory):
    return site.build(CONFIG, DATA, tmp_path_factory.mktemp("site"))


XSS_BODY = """正文
<script>window.__pwned = 'script'</script>
<img src="x" onerror="window.__pwned = 'img'">
[点我](javascript:window.__pwned='link')
<a href="JaVaScRiPt:window.__pwned='a'">再点</a>
<iframe src="javascript:window.__pwned='iframe'"></iframe>
"""


@pytest.fixture(scope="session")
def hostile(tmp_path_factory):
    """A fixture repository whose notice body tries to run code, and whose title holds markup."""
    root = tmp_path_factory.mktemp("hostile")
    data = root / "data"
    shutil.copytree(FIXTURE, data)
    path = data / "campaigns/2030/2030-ceshi-shi-kexie.yml"
    text = path.read_text(encoding="utf-8")
    text = text.replace("body: |\n  正文。\n", "body: |\n" + "".join(f"  {line}\n" for line in XSS_BODY.splitlines()))
    text = text.replace("title: 测试市科协关于开展2030年全国科技工作者日活动的通知",
                        'title: "<b onmouseover=alert(1)>测试</b>[x](javascript:alert(1))测试市科协的通知"')
    path.write_text(text, encoding="utf-8")
    return site.build(CONFIG, data, root / "site")


IMPORT_ACCURACY: dict[str, list[bool]] = {}  # field → [correct?] per seed, filled by test_import.py
CORPUS_ACCURACY: dict[str, list[bool]] = {}  # field → [correct?] per corpus notice, filled by test_import_corpus.py


def _accuracy_table(terminalreporter, title: str, table: dict[str, list[bool]]) -> None:
    if not table:
        return
    terminalreporter.section(title)
    for name, results in table.items():
        terminalreporter.write_line(f"{name:<22} {sum(results)}/{len(results)}  {100 * sum(results) / len(results):.0f}%")
    total = [ok for results in table.values() for ok in results]
    terminalreporter.write_line(f"{'all fields':<22} {sum(total)}/{len(total)}  {100 * sum(total) / len(total):.1f}%")


def pytest_sessionfinish(session):
    """In a pytest-xdist worker (`make test` runs two): hand the accuracy tables to the controller, which
    prints them (pytest_testnodedown)."""
    if hasattr(session.config, "workeroutput"):
        import json

        session.config.workeroutput["accuracy"] = json.dumps([IMPORT_ACCURACY, CORPUS_ACCURACY])


@pytest.hookimpl(optionalhook=True)
def pytest_testnodedown(node, error):
    import json

    text = getattr(node, "workeroutput", {}).get("accuracy")
    for mine, theirs in zip((IMPORT_ACCURACY, CORPUS_ACCURACY), json.loads(text) if text else ()):
        for name, results in theirs.items():
            mine.setdefault(name, []).extend(results)


def pytest_terminal_summary(terminalreporter):
    _accuracy_table(terminalreporter, "import accuracy on the five seed notices", IMPORT_ACCURACY)
    _accuracy_table(terminalreporter, "import accuracy on the notice corpus (tests/fixtures/notices/corpus)",
                    CORPUS_ACCURACY)


# ---------------------------------------------------------------- the real browser

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
# as root, headless, and without the background connections this machine's closed network refuses
ARGS = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
        "--disable-component-update", "--disable-sync"]


@pytest.fixture(scope="module")
def browser():
    """Debian's Chromium through Playwright, one per test module."""
    sync_api = pytest.importorskip("playwright.sync_api", reason="install the test extras: make test")
    if not CHROMIUM:
        pytest.fail("Chromium is not installed: `make test` installs Debian's chromium (apt-get install chromium).")
    with sync_api.sync_playwright() as p:
        b = p.chromium.launch(executable_path=CHROMIUM, args=ARGS, headless=True)
        yield b
        b.close()


@pytest.fixture
def page(browser):
    """A desktop-sized page in Chinese; the test fails on any script error the page raised."""
    context = browser.new_context(viewport={"width": 1280, "height": 900}, locale="zh-CN")
    pg = context.new_page()
    errors = []
    pg.on("pageerror", lambda e: errors.append(str(e)))
    yield pg
    context.close()
    assert errors == []
