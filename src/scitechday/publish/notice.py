"""What a notice page shows beside the transcribed body: the signature once, phone links that dial,
organizer roles and award lists grouped as the notice prints them."""

from __future__ import annotations

import datetime as dt
import re

from scitechday.data.schema import labels, table
from scitechday.domain.dates import zh_date

_SPACE = re.compile(r"[\s\u3000]+")
TAIL_LINES = 4  # the signature block sits in the last few lines (before any 印发 line)


def _squash(text: str) -> str:
    return _SPACE.sub("", text or "")


def _tail(body: str) -> str:
    """The last TAIL_LINES lines of the body that are not blank nor a 印发 line (印发机关和印发日期 come
    after the signature), without white space. Read from the end: a national build signs 10,000 bodies."""
    kept: list[str] = []
    for line in reversed((body or "").splitlines()):
        squashed = _squash(line)
        if squashed and not squashed.endswith("印发"):
            kept.append(squashed)
            if len(kept) == TAIL_LINES:
                break
    return "".join(reversed(kept))


def signature(body: str, signer: str | None, issued: dt.date | None) -> tuple[str | None, dt.date | None]:
    """The signer and date to print under the body: each only if the transcribed body does not end with it.

    Transcriptions often keep the signature block (发文机关署名 and 成文日期) at the end of the body;
    printing it again under the body signs the notice twice.
    """
    tail = _tail(body)
    show_signer = signer if signer and _squash(signer) not in tail else None
    show_date = issued if issued and _squash(zh_date(issued)) not in tail else None
    return show_signer, show_date


_DIGITS = re.compile(r"\d")


def tel_href(phone: str | None) -> str | None:
    """A tel: target, only for a number that can be dialled as written (area code or mobile: 10+ digits).

    A local number without its area code (`6889695`) would dial the wrong place from another city's phone.
    """
    if not phone:
        return None
    digits = "".join(_DIGITS.findall(phone))
    if len(digits) < 10:
        return None
    return ("+" if phone.strip().startswith("+") else "") + digits


DEADLINE_COLUMNS = (("what", "报送内容"), ("submitters", "报送单位"), ("recipient", "报送至"), ("format", "形式"),
                    ("email", "报送邮箱"), ("url", "报送网址"))
ROLES = tuple(table("organizers").field("role")["constraints"]["enum"])  # 指导单位, 主办单位 … in the order printed
LINK_KINDS = labels(table("links").field("kind"))  # registration → 报名 …
AWARD_KINDS = labels(table("awards").field("kind"))  # organization → 单位 …


def links_heading(links) -> str:
    """What a notice's links are headed by their kinds: 报名, 直播, 报名与直播, or 相关链接 once one is neither
    (an address where organizations upload their materials stood under 报名与直播)."""
    kinds = {x.kind for x in links}
    if "other" in kinds:
        return "相关链接"
    if kinds == {"livestream"}:
        return "直播"
    return "报名与直播" if "livestream" in kinds else "报名"


def organizer_groups(organizers) -> list[tuple[str, list]]:
    """[(role, its units)] in the usual order of a notice: 指导单位, 主办单位, 承办单位, 协办单位 …"""
    out: dict[str, list] = {}
    for p in sorted(organizers, key=lambda p: ROLES.index(p.role) if p.role in ROLES else len(ROLES)):
        out.setdefault(p.role, []).append(p)
    return list(out.items())


def honor_groups(honors) -> list[tuple[str, list]]:
    """[(title, entries)]: an award list by honour, in the order the notice lists them."""
    out: dict[str, list] = {}
    for h in honors:
        out.setdefault(h.title, []).append(h)
    return list(out.items())


def deadline_columns(deadlines) -> list[tuple[str, str]]:
    """The 报送要求 table's columns after the date: those at least one deadline fills."""
    return [(key, label) for key, label in DEADLINE_COLUMNS if any(getattr(d, key, None) for d in deadlines)]
