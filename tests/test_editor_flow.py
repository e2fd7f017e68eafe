"""A new editor's pull request, as docs/contributing.md tells it, on a copy of data/:

a new organization from `scitechday new`, the first notice of a new year typed on a Chinese
keyboard (a full-width colon, the issuer written by its name), each message's fix typed as the
message gives it, then validate, fmt --check, build and export all pass. The records are
fictional and never reach data/.
"""

from __future__ import annotations

import re
import shutil
import subprocess
import sys

from conftest import CONFIG, DATA
from scitechday.publish import site

ADDED = DATA.parent / "tests" / "fixtures" / "added"
ORG_VALUES = {"name": "测试县科学技术协会", "short_name": "测试县科协", "kind": "科协", "level": "county",
              "parent": "changzhou-kexie", "region": "'320412'", "url": "https://www.example.org/ceshi-xian/2031/7.html",
              "retrieved": "2026-11-25", "note": "测试用的虚构记录"}


def run(*args, cwd):
    return subprocess.run([sys.executable, "-m", "scitechday.cli", *args], capture_output=True, text=True, cwd=cwd)


def fill(template: str, values: dict) -> str:
    """What an editor does with a template: fill the TODOs they have, delete the lines they do not."""
    out, dash = [], None
    for line in template.splitlines():
        m = re.match(r"^(?P<pre>\s*(?:- )?)(?P<key>\w+): (?:TODO|\[\])(?P<note>\s+#.*)?$", line)
        if not m:
            out.append(line)
            continue
        pre = m["pre"]
        if dash is not None and not pre.strip():
            pre, dash = dash, None  # the list item's "- " moves to its first remaining key
        if m["key"] in values:
            out.append(f"{pre}{m['key']}: {values[m['key']]}{m['note'] or ''}")
        elif pre.strip() == "-":
            dash = pre
    return "\n".join(out) + "\n"


def fixes(stdout: str) -> dict[tuple[str, int], str]:
    """(file, line) → the text a message says to type (between the last pair of backticks)."""
    out = {}
    for line in stdout.splitlines():
        m = re.match(r"^(?P<path>[^:]+):(?P<line>\d+): .*`(?P<fix>[^`]*)`[^`]*$", line)
        if m:
            out[(m["path"], int(m["line"]))] = m["fix"]
    return out


def test_a_new_editors_pull_request_from_red_to_green(tmp_path):
    data = tmp_path / "data"
    shutil.copytree(DATA, data)
    made = run("new", "organization", "--id", "ceshi-xian-kexie", cwd=tmp_path)
    assert made.returncode == 0, made.stderr
    org = data / "organizations/ceshi-xian-kexie.yml"
    org.write_text(fill(org.read_text(encoding="utf-8"), ORG_VALUES), encoding="utf-8")

    (data / "campaigns/2031").mkdir()
    notice = data / "campaigns/2031/2031-ceshi-xian-kexie.yml"
    text = (ADDED / "2021-ceshi-xian-kexie.yml").read_text(encoding="utf-8").replace("2021", "2031")
    text = re.sub(r"based_on:\n(?:  .*\n)+", "", text)
    text = text.replace("title: 测试县科协关于", "title：测试县科协关于", 1)  # a Chinese keyboard
    text = text.replace("issuers:\n  - ceshi-xian-kexie", "issuers:\n  - 测试县科学技术协会")  # the name, not the id
    notice.write_text(text, encoding="utf-8")

    first = run("validate", "--no-cache", cwd=tmp_path)
    assert first.returncode == 1
    shown = "data/campaigns/2031/2031-ceshi-xian-kexie.yml"
    assert f"{shown}:2: fullwidth-colon" in first.stdout
    assert f"{shown}:6: unknown-reference issuers[0]: " in first.stdout and "这里要写编号 ceshi-xian-kexie" in first.stdout
    assert "data/editions.yml" in first.stdout and "Traceback" not in first.stderr

    lines = notice.read_text(encoding="utf-8").split("\n")
    for (path, n), fix in fixes(first.stdout).items():
        if path == shown and n == 2:
            lines[n - 1] = fix  # typed as the message gives it
    lines[5] = "  - " + re.search(r"这里要写编号 ([a-z0-9-]+)", first.stdout)[1]
    notice.write_text("\n".join(lines), encoding="utf-8")
    message = next(line for line in first.stdout.splitlines() if "data/editions.yml 里还没有" in line)
    told = re.findall(r"`([^`]*)`", message)[:4]  # - id, observance, year, sources: then the notice's own sources
    with open(data / "editions.yml", "a", encoding="utf-8") as fh:  # the item the message asks for
        fh.write("\n".join(told) + "\n    - url: https://www.example.org/ceshi-xian/2031/7.html\n")

    second = run("validate", "--no-cache", cwd=tmp_path)
    assert second.returncode == 0, second.stdout + second.stderr
    assert run("fmt", cwd=tmp_path).returncode == 0
    assert run("fmt", "--check", cwd=tmp_path).returncode == 0
    assert "# 全称" in org.read_text(encoding="utf-8")  # fmt kept the template's comments

    out = site.build(CONFIG, data, tmp_path / "site")
    assert (out / "notices/2031-ceshi-xian-kexie/index.html").is_file()
    assert (out / "orgs/ceshi-xian-kexie/index.html").is_file()
    assert "2031-ceshi-xian-kexie/period@" in (out / "calendar/province-32.ics").read_text(encoding="utf-8")  # 江苏
    exported = run("export", "--data", str(data), "--out", str(tmp_path / "pkg"), cwd=tmp_path)
    assert exported.returncode == 0, exported.stderr
    assert "2031-ceshi-xian-kexie" in (tmp_path / "pkg/campaigns.csv").read_text(encoding="utf-8")


def test_the_guide_lists_the_activity_categories_the_schema_allows():
    """The importer's TODO asks for a category; the guide is where an editor looks for the values."""
    from scitechday.data.schema import table

    guide = (DATA.parent / "docs" / "contributing.md").read_text(encoding="utf-8")
    row = next(line for line in guide.splitlines() if line.startswith("| 活动的类别 |"))
    listed = row.split("之一：", 1)[1].split("。", 1)[0].split("、")
    assert listed == table("activities").field("category")["constraints"]["enum"]
