"""An incremental build's open data, made from the last build's members: the clean build's bytes, from few encodings."""

from __future__ import annotations

import gzip
import json
import re
import shutil
import sys
from pathlib import Path

import pytest

from conftest import DATA
from scitechday.archive import context
from scitechday.archive.dependencies import Skipped
from scitechday.publish import export, gzmembers, opendata


@pytest.fixture(scope="module")
def archive(tmp_path_factory) -> Path:
    sys.path.insert(0, str(DATA.parent / "benchmarks"))
    import synthetic

    root = tmp_path_factory.mktemp("opendata")
    synthetic.generate(root / "data", 0.01)  # 100 notices, 60 organizations, 50 profiles
    return root / "data"


@pytest.fixture
def small(monkeypatch):
    """Every package compressed, in members of 16 KiB (the synthetic archive's CSVs are a few of them)."""
    monkeypatch.setenv(export.ENV_GZIP_ABOVE, "0")
    monkeypatch.setattr(gzmembers, "CHUNK", 16 * 1024)


class Site:
    """The open data folder of a site, and the facts its last build left (what incremental.facts keeps)."""

    def __init__(self, root: Path):
        self.root = root
        self.facts: dict = {}
        self.last: dict = {}  # the last build's files (Skipped: unchanged)

    def build(self, data: Path, incremental: bool = True) -> opendata.Packing:
        ctx = context.compute(data, use_cache=False)
        previous = opendata.Previous(str(self.root), self.facts) if incremental and self.facts else None
        packing = opendata.prepare(ctx.records, ctx.rows, ctx.report.digests, previous)
        files, suffix = packing.run()
        self.last = files
        assert suffix == packing.suffix == ".gz"
        for name, content in files.items():
            if not isinstance(content, Skipped):
                (self.root / "opendata").mkdir(parents=True, exist_ok=True)
                (self.root / "opendata" / name).write_bytes(content)
        self.facts = json.loads(json.dumps({"members": {f"opendata/{n}": i for n, i in packing.members.items()},
                                            "opendata": packing.layout}))  # as stored: through JSON
        return packing

    def files(self) -> dict[str, bytes]:
        return {p.name: p.read_bytes() for p in sorted((self.root / "opendata").iterdir())}


def _sub(path: Path, pattern: str, new: str) -> None:
    text, n = re.subn(pattern, new, path.read_text(encoding="utf-8"), count=1, flags=re.M)
    assert n == 1, f"{pattern!r} not in {path}"
    path.write_text(text, encoding="utf-8")


def _unreferenced(d: Path, folder: str) -> Path:
    """A record's file in folder that no other record names (removing or renaming it leaves the data valid)."""
    others = "".join(p.read_text(encoding="utf-8") for p in d.rglob("*.yml"))
    return next(p for p in sorted((d / folder).rglob("*.yml")) if others.count(p.stem) == 1)


def _copy(d: Path, source: Path, new_id: str) -> Path:
    target = source.with_name(f"{new_id}.yml")
    target.write_text(source.read_text(encoding="utf-8"), encoding="utf-8")
    _sub(target, r"^id: .*$", f"id: {new_id}")
    if "campaigns" in source.parts:
        _sub(target, r"^doc_number: (.*)〕\d+号$", r"doc_number: \1〕900000号")
    if "organizations" in source.parts:
        _sub(target, r"^name: (.*)$", rf"name: \1{new_id}")
    return target


def _rename(d: Path, source: Path, new_id: str) -> None:
    _copy(d, source, new_id)
    source.unlink()


def _spare_organization(d: Path) -> None:
    """An organization no record names (the synthetic archive's are all named)."""
    _copy(d, d / "organizations/org-00001.yml", "org-80000")


EDITS = {
    "notice retitled": lambda d: _sub(next((d / "campaigns/2020").glob("*.yml")), r"^title: \"", 'title: "（更正）'),
    "notice added": lambda d: _copy(d, next(iter(sorted((d / "campaigns/2020").glob("*.yml")))), "c-900000"),
    "notice deleted": lambda d: _unreferenced(d, "campaigns").unlink(),
    "notice renamed": lambda d: _rename(d, _unreferenced(d, "campaigns"), "c-900001"),
    "first notice retitled": lambda d: _sub(sorted((d / "campaigns").rglob("*.yml"))[0], r"^title: \"",
                                            'title: "（更正）'),  # archive.json's first campaign: no comma before
    "organization renamed": lambda d: _sub(d / "organizations/org-00001.yml", r"^name: (.*)$", r"name: \1（更名）"),
    "organization added": lambda d: _copy(d, d / "organizations/org-00001.yml", "org-90000"),
    "organization deleted": lambda d: (d / "organizations/org-80000.yml").unlink(),
    "organization id changed": lambda d: _rename(d, d / "organizations/org-80000.yml", "org-90001"),
    "profile edited": lambda d: _sub(d / "profiles/p-000000.yml", r"^name: (.*)$", r"name: \1（更名）"),
    "profile added": lambda d: _copy(d, d / "profiles/p-000000.yml", "p-900000"),
    "profile deleted": lambda d: _unreferenced(d, "profiles").unlink(),
    "profile id changed": lambda d: _rename(d, _unreferenced(d, "profiles"), "p-900001"),
    "two records far apart": lambda d: (EDITS["notice retitled"](d), EDITS["profile edited"](d)),
}


@pytest.mark.parametrize("name", sorted(EDITS))
def test_an_edit_gives_the_clean_package_from_few_encodings(archive, tmp_path, small, name):
    data = tmp_path / "data"
    shutil.copytree(archive, data)
    _spare_organization(data)
    built = Site(tmp_path / "site")
    first = built.build(data)
    assert first.made is None and first.layout is not None  # the first build makes it in full
    EDITS[name](data)
    again = built.build(data)
    assert again.made is not None  # made from the last build's members
    clean = Site(tmp_path / "clean")
    clean.build(data)
    assert built.files() == clean.files()
    assert {f"opendata/{n}": i for n, i in again.members.items()} == clean.facts["members"]  # the same members
    assert again.layout == clean.facts["opendata"]  # the same layout for the next build
    _encoded_only_what_was_remade(first.layout, again)


def _encoded_only_what_was_remade(before: dict, again: opendata.Packing) -> None:
    """A file whose members are all the last build's encoded its new segments only (to know their lengths);
    the others, no more than their members remade (and the run of segments read past a member's end)."""
    assert again.made is not None and again.layout is not None
    known = {(name, k) for name, (keys, _) in before["files"].items() for k in opendata._canonical(keys, before["records"])}
    length = {(name, k): n for name, (keys, ns) in again.layout["files"].items()
              for k, n in zip(opendata._canonical(keys, again.layout["records"]), ns)}
    remade = {name[:-3]: [m for m in members if m.old is None] for name, members in again.made.members.items()}
    for name in remade:
        encoded = [key for file, key in again.made.encoded if file == name]
        fresh = [key for key in encoded if (name, key) not in known]
        assert len(set(encoded)) == len(encoded)  # none twice
        if not remade[name]:
            assert encoded == fresh
        else:  # 64 KiB more at a time while no cut is found
            assert sum(length[name, k] for k in encoded if k not in fresh) <= sum(
                m.entry[2] + (64 << 10) + max(length[name, k] for k in encoded) for m in remade[name])
    assert any(not ms for ms in remade.values())  # files not made at all


def test_nothing_changed_makes_nothing(archive, tmp_path, small):
    data = tmp_path / "data"
    shutil.copytree(archive, data)
    built = Site(tmp_path / "site")
    built.build(data)
    before = built.files()
    again = built.build(data)
    assert again.made is not None and again.made.encoded == []
    assert sorted(name for name, v in built.last.items() if not isinstance(v, Skipped)) == ["datapackage.json"]
    assert built.files() == before


def test_a_retitled_notice_encodes_its_own_segments_and_their_neighbours(archive, tmp_path, small):
    data = tmp_path / "data"
    shutil.copytree(archive, data)
    built = Site(tmp_path / "site")
    first = built.build(data)
    EDITS["notice retitled"](data)
    again = built.build(data)
    assert again.made is not None and first.layout is not None and again.layout is not None
    remade = sorted(name for name, v in built.last.items() if not isinstance(v, Skipped))
    assert remade == ["archive.json.gz", "campaigns.csv.gz", "datapackage.json"]  # the title is in these only
    notice = set(again.layout["records"]) - set(first.layout["records"])
    assert len(notice) == 1  # the notice's new identity: its segments are encoded, in every table it has rows in
    (ident,) = notice
    tables = {name for name, (keys, _) in again.layout["files"].items()
              if any(isinstance(k, int) and again.layout["records"][k] == ident for k in keys)}
    assert len(tables) > 5
    encoded = again.made.encoded
    assert sorted(name for name, key in encoded if key == ident) == sorted(tables)  # once in each file
    # the rest: neighbours, in the members remade — those holding the title — and nowhere else
    remade = {name[:-3] for name, members in again.made.members.items() if any(m.old is None for m in members)}
    assert remade == {"archive.json", "campaigns.csv"}
    assert {name for name, key in encoded if key != ident} == remade
    _encoded_only_what_was_remade(first.layout, again)


@pytest.mark.parametrize("damage", ["lengths", "records", "member lengths", "file", "chunk", "codec", "missing"])
def test_a_damaged_layout_or_file_falls_back_to_the_full_package(archive, tmp_path, small, damage, monkeypatch):
    data = tmp_path / "data"
    shutil.copytree(archive, data)
    built = Site(tmp_path / "site")
    built.build(data)
    EDITS["notice retitled"](data)
    layout, members = built.facts["opendata"], built.facts["members"]
    if damage == "lengths":  # one segment's length given to another: the sums still agree
        lengths = layout["files"]["campaigns.csv"][1]
        lengths[1], lengths[2] = lengths[1] + 1, lengths[2] - 1
    elif damage == "records":
        layout["records"][3] = layout["records"][4]
    elif damage == "member lengths":  # the sums still agree, and the layout's checksum (it does not cover them)
        index = members["opendata/campaigns.csv.gz"]
        index[0][2], index[1][2] = index[0][2] + 1, index[1][2] - 1
    elif damage == "file":  # the file is not the members the layout says (compressed in one piece)
        path = tmp_path / "site/opendata/campaigns.csv.gz"
        path.write_bytes(gzip.compress(gzip.decompress(path.read_bytes()), mtime=0))
    elif damage == "chunk":
        gzmembers.CHUNK *= 2
    elif damage == "codec":  # another compressor version (an upgraded zlib-ng): its members are other bytes
        monkeypatch.setattr(gzmembers, "CODEC", "zlib-ng 0.0.1")
    else:
        del built.facts["opendata"]
    again = built.build(data)
    clean = Site(tmp_path / "clean")
    clean.build(data)
    assert built.files() == clean.files()
    assert built.facts == clean.facts  # and the next build's layout is right again
    if damage in ("lengths", "records", "chunk", "codec", "missing"):
        assert again.made is None  # found before anything is made
