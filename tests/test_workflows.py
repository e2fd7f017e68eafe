"""The GitHub workflows lint clean (actionlint, zizmor), declare least permissions, pin actions by commit;
the lock files cover what pyproject.toml asks for."""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

ROOT = Path(__file__).resolve().parents[1]
WORKFLOWS = sorted((ROOT / ".github" / "workflows").glob("*.yml"))
BIN = Path(sys.executable).parent


def _tool(name: str) -> str:
    path = shutil.which(name, path=str(BIN)) or shutil.which(name)
    if path is None:
        pytest.fail(f"{name} is not installed: `make test` installs the test extras from requirements-test.lock")
    return path


def _load(path: Path) -> dict:
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    data["on"] = data.pop(True, data.get("on"))  # YAML 1.1 reads the key `on` as true
    return data


def test_actionlint_is_clean():
    result = subprocess.run([_tool("actionlint"), "-no-color", *map(str, WORKFLOWS)], cwd=ROOT,
                            capture_output=True, text=True)
    assert result.returncode == 0, result.stdout + result.stderr


def test_zizmor_is_clean():
    result = subprocess.run([_tool("zizmor"), "--offline", "--no-progress", "--format", "plain", ".github"],
                            cwd=ROOT, capture_output=True, text=True)
    assert result.returncode == 0, result.stdout + result.stderr


@pytest.mark.parametrize("path", WORKFLOWS, ids=lambda p: p.name)
def test_least_permissions_and_pinned_actions(path):
    wf = _load(path)
    assert wf.get("permissions") == {}, "grant nothing at the top; each job says what it needs"
    for name, job in wf["jobs"].items():
        assert "permissions" in job, f"job {name} must declare its permissions"
        for step in job.get("steps", []):
            uses = step.get("uses")
            if uses:
                assert re.fullmatch(r"[\w.-]+/[\w.-]+@[0-9a-f]{40}", uses), f"{uses}: pin by full commit SHA"
            if "actions/checkout@" in (uses or ""):
                assert step.get("with", {}).get("persist-credentials") is False


def test_browser_tests_run_in_debian_where_chromium_is_a_package():
    tests = _load(ROOT / ".github/workflows/ci.yml")["jobs"]["tests"]
    assert tests["container"].startswith("debian:")
    assert any("make test" in (s.get("run") or "") for s in tests["steps"])


def _canonical(name: str) -> str:
    return re.sub(r"[-_.]+", "-", name).lower()  # PEP 503


def _names(requirements: list[str]) -> set[str]:
    return {_canonical(re.split(r"[<>=!~\[; ]", r, maxsplit=1)[0]) for r in requirements}


def test_lock_files_cover_pyproject():
    import tomllib

    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    for lock, wanted in (("requirements.lock", project["dependencies"]),
                         ("requirements-test.lock", project["dependencies"] + project["optional-dependencies"]["test"])):
        text = (ROOT / lock).read_text(encoding="utf-8")
        pinned = {_canonical(m) for m in re.findall(r"^([A-Za-z0-9_.-]+)==", text, re.M)}
        missing = _names(wanted) - pinned
        assert not missing, f"{lock} lacks {sorted(missing)}: run `make lock` after changing pyproject.toml"
        assert "--hash=sha256:" in text
