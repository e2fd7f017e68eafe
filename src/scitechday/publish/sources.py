"""The original texts in sources/, published as 原文 pages beside the records that cite them.

sources/ holds plain UTF-8 text files (not data: the loader reads data/, this reads the
texts verbatim). A record's `sources: - file: NAME` links to the page of sources/NAME.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

SUFFIXES = (".txt", ".md")
MAX_BYTES = 2_000_000


@dataclass
class SourceText:
    file: str  # the file name records cite
    text: str
    citing: list = field(default_factory=list)  # records (campaigns, organizations, …) that cite it

    @property
    def src(self) -> str:
        return f"sources/{Path(self.file).stem}.md"

    @property
    def title(self) -> str:
        titles = [s.title for r in self.citing for s in r.sources if s.file == self.file and s.title]
        return titles[0] if titles else self.file


def read(folder: Path) -> dict[str, SourceText]:
    """Every text file in the folder by name (UTF-8, UTF-16 or GB18030; files over MAX_BYTES are not published)."""
    out: dict[str, SourceText] = {}
    if not folder.is_dir():
        return out
    for path in sorted(folder.iterdir()):
        if path.suffix not in SUFFIXES or path.name.upper().startswith("README") or not path.is_file():
            continue
        if path.stat().st_size > MAX_BYTES:
            continue
        text = decode(path.read_bytes())
        if text is not None:
            out[path.name] = SourceText(path.name, text.replace("\r\n", "\n"))
    return out


def decode(data: bytes) -> str | None:
    """Texts saved from Chinese sites come as UTF-8, UTF-16 (with a byte-order mark) or GB18030/GBK."""
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        encodings: tuple[str, ...] = ("utf-16",)
    else:
        encodings = ("utf-8-sig", "gb18030")
    for encoding in encodings:
        try:
            return data.decode(encoding)
        except UnicodeDecodeError:
            continue
    return None


def attach(texts: dict[str, SourceText], archive) -> dict[str, SourceText]:
    """Fill each text's citing records (a text no record cites is still published)."""
    from scitechday.data import registry

    for record in (r for rt in registry.record_types() for r in archive.of_type(rt.name)):
        for s in record.sources:
            if s.file in texts and record not in texts[s.file].citing:
                texts[s.file].citing.append(record)
    return texts


def paragraphs(text: str) -> list[str]:
    """The text's lines as paragraphs, verbatim (blank lines dropped; leading full-width spaces kept)."""
    return [line.rstrip() for line in text.split("\n") if line.strip()]
