"""An editor's valid new notice and organization keep everything working: validation, build, export.

The records are fictional and live in tests/fixtures/added/; they are copied into a copy of
the bundled data, never into data/.
"""

from __future__ import annotations

import shutil
import subprocess
import sys

from conftest import CONFIG, DATA
from scitechday.archive import context
from scitechday.publish import site
from scitechday.publish.linkcheck import broken_links

ADDED = DATA.parent / "tests" / "fixtures" / "added"


def test_a_valid_added_notice_and_organization_validate_build_and_export(tmp_path):
    data = tmp_path / "data"
    shutil.copytree(DATA, data)
    shutil.copy(ADDED / "ceshi-xian-kexie.yml", data / "organizations")
    shutil.copy(ADDED / "2021-ceshi-xian-kexie.yml", data / "campaigns/2021")
    result = subprocess.run([sys.executable, "-m", "scitechday.cli", "validate", "--no-cache", "--data", str(data)],
                            capture_output=True, text=True)
    assert result.returncode == 0, result.stdout + result.stderr

    ctx = context.compute(data, use_cache=False)
    notice = next(c for c in ctx.archive.campaigns if c.id == "2021-ceshi-xian-kexie")
    assert [o.id for o in notice.issuers] == ["ceshi-xian-kexie"]
    assert notice.based_on[0].campaign is not None and notice.based_on[0].campaign.id == "2021-zhongguo-kexie"
    assert any(e.campaign is notice and e.kind == "activity" for e in ctx.entries)

    out = site.build(CONFIG, data, tmp_path / "site")
    assert (out / "notices/2021-ceshi-xian-kexie/index.html").is_file()
    assert (out / "orgs/ceshi-xian-kexie/index.html").is_file()
    assert "测试县科协关于开展2021年" in (out / "calendar/2021/05/index.html").read_text(encoding="utf-8")
    assert broken_links(out) == []

    export = subprocess.run([sys.executable, "-m", "scitechday.cli", "export", "--data", str(data), "--out",
                             str(tmp_path / "pkg")], capture_output=True, text=True)
    assert export.returncode == 0, export.stderr
    assert "2021-ceshi-xian-kexie" in (tmp_path / "pkg/campaigns.csv").read_text(encoding="utf-8")
