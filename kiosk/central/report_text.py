"""The plain-text rendering of ``kiosk central report``: one block per MPP, one line per kiosk.

Names come from operators and kiosks; control characters are replaced so a crafted kiosk name
cannot rewrite the supervisor's terminal.
"""

from __future__ import annotations

import itertools
import re

_COLUMNS = (
    ("kiosk_code", "code"),
    ("kiosk", "kiosk"),
    ("registrations", "regs"),
    ("versions", "versions"),
    ("incomplete_versions", "incomplete"),
    ("documents", "docs"),
    ("missing_documents", "docs missing"),
    ("open_conflicts", "conflicts"),
    ("duplicate_flags", "duplicates"),
    ("last_sync_at", "last sync (UTC)"),
)


def _clean(value: object) -> str:
    if value is None:
        return "never"
    text = str(value)
    if isinstance(value, str) and re.match(r"^\d{4}-\d\d-\d\dT", text):
        text = text[:19].replace("T", " ")
    return re.sub(r"[\x00-\x1f\x7f-\x9f]", "?", text)


def render(rows: list[dict]) -> str:
    if not rows:
        return "no kiosks enrolled yet\n"
    out: list[str] = []
    for mpp, grouped in itertools.groupby(rows, key=lambda r: r["mpp"]):
        group = list(grouped)
        table = [[title for _, title in _COLUMNS]]
        for row in group:
            cells = [_clean(row[key]) for key, _ in _COLUMNS]
            if row["revoked"]:
                cells[1] += " (revoked)"
            table.append(cells)
        totals = (
            ["", "total"] + [str(sum(r[key] for r in group)) for key, _ in _COLUMNS[2:-1]] + [""]
        )
        table.append(totals)
        widths = [max(len(line[i]) for line in table) for i in range(len(_COLUMNS))]
        out.append(f"{_clean(mpp)}")
        for line in table:
            padded = (cell.ljust(w) for cell, w in zip(line, widths, strict=True))
            out.append(("  " + "  ".join(padded)).rstrip())
        out.append("")
    return "\n".join(out)
