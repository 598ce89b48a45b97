"""Reference data pushed by the central: the row formats of sync's ``reference`` events.

The sync part writes each pulled event as ``<data_dir>/reference/<dataset>.json`` =
``{"dataset", "version", "rows"}`` (``kiosk/sync/pull.py``). The rows of each data set:

* ``regions``: every region at every level, ``{"code": "65.71.02.1001", "name": "Sebengkok"}``
  (or ``["65.71.02.1001", "Sebengkok"]``). The level is the number of code parts (1 province …
  4 village), the parent is the code without its last part, and every parent must be present.
* ``kbli``: ``{"code": "C", "title": …}`` for a category, ``{"code": "10", "title": …,
  "category": "C"}`` for a golongan pokok, ``{"code": "10710", "title": …, "category": "C"}`` for
  a five-digit code.
* ``banks``: ``{"code": "124", "name": "Bank Kaltimtara"}`` in display order.
* ``checklist``: one row, the whole checklist document (as ``resources/data/checklist.json``).

Versions: ``YYYY.N`` optionally followed by ``-label`` (e.g. ``2026.1-kemendagri-2025``). A pushed
data set is used only when its version is not older than the bundled one (:func:`version_key`),
so a kiosk updated with newer bundled data is not turned back by an old push.
"""

from __future__ import annotations

import re
from typing import Any

_NUMBERS = re.compile(r"\d+")


def version_key(version: str) -> tuple[int, ...]:
    """``"2025.1-idn-area-data-4.0.1"`` -> ``(2025, 1)``: the numbers before the first ``-``."""
    return tuple(int(n) for n in _NUMBERS.findall(str(version).split("-", 1)[0]))


def _pairs(row: Any, *names: str) -> list[str]:
    if isinstance(row, dict):
        return [str(row.get(n, "") or "").strip() for n in names]
    if isinstance(row, list | tuple):
        return [str(v).strip() for v in list(row)[: len(names)]] + [""] * (len(names) - len(row))
    raise ValueError(f"row must be an object or a list, not {type(row).__name__}")


def region_tables(rows: list[Any]) -> dict[str, list[list[str]]]:
    files = ("provinces.csv", "regencies.csv", "districts.csv", "villages.csv")
    tables: dict[str, list[list[str]]] = {name: [] for name in files}
    seen: set[str] = set()
    for row in rows:
        code, name = _pairs(row, "code", "name")
        parts = code.split(".")
        if not name or not 1 <= len(parts) <= 4 or not all(p.isdigit() for p in parts):
            raise ValueError(f"bad region row {code!r}")
        seen.add(code)
        if len(parts) == 1:
            tables["provinces.csv"].append([code, name])
        else:
            tables[files[len(parts) - 1]].append([code, ".".join(parts[:-1]), name])
    for filename in files[1:]:
        for code, parent, _ in tables[filename]:
            if parent not in seen:
                raise ValueError(f"region {code} has no parent {parent}")
    if not tables["provinces.csv"] or not tables["villages.csv"]:
        raise ValueError("regions need provinces and villages")
    for table in tables.values():
        table.sort(key=lambda r: r[0])
    return tables


def kbli_tables(rows: list[Any]) -> dict[str, list[list[str]]]:
    tables: dict[str, list[list[str]]] = {
        "kbli2020.csv": [],
        "kbli2020_categories.csv": [],
        "kbli2020_golongan_pokok.csv": [],
    }
    for row in rows:
        code, title, category = _pairs(row, "code", "title", "category")
        if not title:
            raise ValueError(f"KBLI {code!r} has no title")
        if len(code) == 1 and code.isalpha():
            tables["kbli2020_categories.csv"].append([code, title])
        elif len(code) == 2 and code.isdigit():
            tables["kbli2020_golongan_pokok.csv"].append([code, title, category])
        elif len(code) == 5 and code.isdigit() and category:
            tables["kbli2020.csv"].append([code, title, category])
        else:
            raise ValueError(f"bad KBLI row {code!r}")
    if not tables["kbli2020.csv"]:
        raise ValueError("no KBLI codes")
    return tables


def tables_from_rows(dataset: str, rows: list[Any]) -> dict[str, list[list[str]]]:
    if not isinstance(rows, list):
        raise ValueError("rows must be a list")
    if dataset == "regions":
        return region_tables(rows)
    if dataset == "kbli":
        return kbli_tables(rows)
    if dataset == "banks":
        banks = [_pairs(row, "code", "name") for row in rows]
        if not banks or not all(name for _, name in banks):
            raise ValueError("banks need names")
        return {"banks.csv": banks}
    raise ValueError(f"no row format for data set {dataset!r}")
