"""The web editor's files in the built site (`admin/`): Decap CMS from node_modules, never a CDN.

`npm ci` installs the versions pinned in package-lock.json; the build copies the
browser bundle (and the YAML parser the editions file needs) into `site/admin/`
beside a generated `config.yml`, so the editor loads nothing from outside.
"""

from __future__ import annotations

import os
from pathlib import Path

from scitechday.editing import cms

ROOT = Path(__file__).resolve().parents[3]
ENV_LOCAL_URL = "SCITECHDAY_CMS_LOCAL_URL"  # set by `scitechday serve`: where its local editing server listens

# (folder under node_modules, file name patterns, folder under admin/)
BUNDLES = (("decap-cms/dist", ("decap-cms.js", "*.decap-cms.js", "*.wasm", "decap-cms.js.LICENSE.txt"), ""),
           ("yaml/browser/dist", ("*.js", "package.json"), "yaml/"))

INDEX_HTML = """<!doctype html>
<html lang="zh-CN">
<head>
  <meta charset="utf-8">
  <meta name="viewport" content="width=device-width, initial-scale=1">
  <meta name="robots" content="noindex">
  <meta name="scitechday-livereload" content="off">
  <title>网页编辑器 · 全国科技工作者日活动档案</title>
</head>
<body data-pagefind-ignore="all">
  <noscript>网页编辑器需要启用 JavaScript。也可以在 GitHub 上用“提交通知”表单，见网站的“参与编辑”页。</noscript>
  <script>window.CMS_MANUAL_INIT = true;</script>
  <script src="decap-cms.js"></script>
  <script type="module">
    import { YAML } from "./yaml/index.js";
    // data/editions.yml is a list at its root; the form edits it as the list field "items".
    CMS.registerCustomFormat("%(format)s", "yml", {
      fromFile: (text) => ({ items: YAML.parse(text) || [] }),
      toFile: (data) => YAML.stringify(data.items || []),
    });
    CMS.init();
  </script>
</body>
</html>
""" % {"format": cms.EDITIONS_FORMAT}


def node_modules(root: Path = ROOT) -> Path:
    return root / "node_modules"


def bundled_files(root: Path = ROOT) -> dict[str, Path]:
    """admin/… path in the site → the file in node_modules; empty when `npm ci` has not run."""
    out: dict[str, Path] = {}
    for folder, patterns, dest in BUNDLES:
        base = node_modules(root) / folder
        if not base.is_dir():
            return {}
        for pattern in patterns:
            for p in sorted(base.glob(pattern)):
                out[f"admin/{dest}{p.name}"] = p
    return out


def generated_files(site_url: str | None = None) -> dict[str, bytes]:
    local_url = os.environ.get(ENV_LOCAL_URL) or None
    return {"admin/index.html": INDEX_HTML.encode("utf-8"),
            "admin/config.yml": cms.config_yaml(local_url=local_url, site_url=site_url).encode("utf-8")}
