"""Telephone numbers as the archive writes them: 区号-号码[-分机], an 11-digit mobile, 400-000-1234.

The importer writes a number it reads this way, and validation offers it as the fix for a number
written otherwise (0519 86619613 → 0519-86619613)."""

from __future__ import annotations

import re

FIELDS = frozenset({"phone", "fax", "other_phones"})  # the fields that hold telephone numbers

_AREA3 = {"010", "020", "021", "022", "023", "024", "025", "027", "028", "029"}


def normalize(raw: str) -> str:
    """(0999) 12345678 → 0999-12345678; 0999-12345678转123 → 0999-12345678-123; 6889695 转8001 → 6889695-8001;
    4008888888 → 400-888-8888; a mobile or a local number as digits."""
    ext = r"(?:\s*(?:[-—－–]|转|[-—－–]?\s*分机|转分机)\s*(\d{1,6}))?\s*$"
    m = re.match(r"^\s*[(（]?(0\d{2,3})[)）]?\s*[-—－–]+\s*(\d{7,8})" + ext, raw) or \
        re.match(r"^\s*[(（](0\d{2,3})[)）]\s*(\d{7,8})" + ext, raw)
    local = re.match(r"^\s*([2-9]\d{6,7})" + ext, raw)  # 6889695转8001: a local number and its extension
    if local and local.group(2):
        return f"{local.group(1)}-{local.group(2)}"
    service = re.fullmatch(r"\s*([48]00)\D*(\d{3})\D*(\d{4})\s*", raw)
    if service:  # 400-888-8888 as service numbers are printed
        return "-".join(service.groups())
    if m:
        return f"{m.group(1)}-{m.group(2)}" + (f"-{m.group(3)}" if m.group(3) else "")
    digits = re.sub(r"\D", "", raw)
    if digits.startswith("0") and len(digits) >= 10:
        area = 3 if digits[:3] in _AREA3 else 4
        return f"{digits[:area]}-{digits[area:]}"
    return digits
