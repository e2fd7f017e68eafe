"""Shared helpers: a fresh copy of the synthetic fixture repository per test."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from scitechday.validate import validate

ROOT = Path(__file__).resolve().parents[1]
DATA = ROOT / "data"
FIXTURE = Path(__file__).parent / "fixtures" / "minimal"
SEEDS = ROOT / "sources"


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
