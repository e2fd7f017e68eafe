"""Building the site: data → validated records → archive → pages → MkDocs → search index."""

from __future__ import annotations

import os
import subprocess
from pathlib import Path

import datetime as dt
from dataclasses import dataclass

from scitechday.archive import calendar as cal
from scitechday.publish import export
from scitechday.publish import feeds
from scitechday.publish import timing
from scitechday.archive import model
from scitechday.data.problems import format_problems
from scitechday.data.schema import tables
from scitechday.data.tables import flatten
from scitechday.publish.render import Page, render_site
from scitechday.data.validate import validate

ENV_DATA = "SCITECHDAY_DATA"


class DataError(Exception):
    """The data did not validate: the message is what `scitechday validate` prints."""


def data_dir_for(config_file: str | None) -> Path:
    """--data (passed through the environment), else data/ beside mkdocs.yml."""
    if os.environ.get(ENV_DATA):
        return Path(os.environ[ENV_DATA])
    return Path(config_file or "mkdocs.yml").resolve().parent / "data"


@dataclass
class Generated:
    pages: list[Page]  # rendered HTML pages
    files: dict[str, bytes]  # other published files: calendars, feeds, the open data package


def build_stamp() -> dt.datetime:
    """The build's timestamp (iCalendar DTSTAMP): SOURCE_DATE_EPOCH, so that builds are reproducible."""
    return dt.datetime.fromtimestamp(int(os.environ.get("SOURCE_DATE_EPOCH", "0")), tz=dt.timezone.utc)


def prepare(data_dir: Path, site_url: str | None = None, directory_urls: bool = True) -> Generated:
    """Load and validate once, then render every generated page and file."""
    with timing.step("validate"):
        report = validate(data_dir, keep_records=True)
    if not report.ok:
        errors = [p for p in report.problems if p.level == "error"]
        raise DataError(f"数据校验未通过（{len(errors)} 个错误），网站没有生成：\n"
                        + format_problems(errors, "text"))
    site_url = site_url or "http://127.0.0.1:8000/"
    with timing.step("model"):
        archive = model.build(report.records)
        rows, _ = flatten(report.records)
        entries = cal.entries(archive)
    stamp = build_stamp()
    with timing.step("render"):
        pages = render_site(archive, site_url, [(t, len(rows[t.name].values)) for t in tables()], directory_urls,
                            entries)
    with timing.step("other files"):
        files = {f"opendata/{name}": data for name, data in export.package_files(report.records, rows=rows).items()}
        files.update(feeds.calendars(archive, entries, site_url, stamp))
        files.update(feeds.atom_feeds(archive, site_url, stamp))
    return Generated(pages, files)


def _source_date_epoch(root: Path) -> str:
    """A fixed build date (sitemap lastmod) so that one commit always gives the same bytes."""
    try:
        out = subprocess.run(["git", "log", "-1", "--format=%ct"], cwd=root, capture_output=True, text=True,
                             timeout=10)
        if out.returncode == 0 and out.stdout.strip().isdigit():
            return out.stdout.strip()
    except (OSError, subprocess.TimeoutExpired):
        pass
    return "0"


def _environment(config_file: str, data_dir: Path | None) -> None:
    """What the hooks read from the environment: the data folder, the build date; no EOL banner."""
    if data_dir is not None:
        os.environ[ENV_DATA] = str(Path(data_dir).resolve())
    os.environ.setdefault("SOURCE_DATE_EPOCH", _source_date_epoch(Path(config_file).resolve().parent))
    os.environ.setdefault("NO_MKDOCS_2_WARNING", "1")


def _config(config_file: str, data_dir: Path | None, out_dir: Path | None, **overrides):
    from mkdocs.config import load_config

    _environment(config_file, data_dir)
    if out_dir is not None:
        overrides["site_dir"] = str(Path(out_dir).resolve())
    return load_config(config_file, **overrides)


def build(config_file: str = "mkdocs.yml", data_dir: Path | None = None, out_dir: Path | None = None,
          directory_urls: bool = True) -> Path:
    from mkdocs.commands.build import build as mkdocs_build

    config = _config(config_file, data_dir, out_dir, use_directory_urls=directory_urls)
    mkdocs_build(config)
    return Path(config.site_dir)


def serve(config_file: str = "mkdocs.yml", data_dir: Path | None = None, dev_addr: str = "127.0.0.1:8000") -> None:
    from mkdocs.commands.serve import serve as mkdocs_serve

    _environment(config_file, data_dir)  # mkdocs serve loads the config (and runs the hooks) itself
    mkdocs_serve(config_file, dev_addr=dev_addr, livereload=True, strict=False)
