"""One row of a district office's list, planned as a draft (see :mod:`.district`).

:func:`plan_row` reads a row's cells through the column mapping: model fields through the export's
cell rules (:func:`~.columns.parse_cell`), the list's names of places and products into the draft's
address (matched with :mod:`.village_match`) and products. A NIK, or a 16-digit NPWP, that Excel
stored as a number is a problem (Excel keeps 15 significant digits); a phone number stored as a
number gets back the leading zero Excel dropped. Values that are merely wrong (a NIK of 15 digits,
a landline) are kept as typed and become notes: the wizard shows them to staff, who correct them
with the owner.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from kiosk.domain.model import Product, Registration
from kiosk.i18n import Lang, register, tr
from kiosk.importexport.columns import COLUMNS, parse_cell
from kiosk.importexport.headers import IGNORE
from kiosk.importexport.importer import Problem
from kiosk.importexport.table import Table
from kiosk.importexport.village_match import match_village
from kiosk.reference import Reference
from kiosk.text import fold

_COLUMN = {c.name: c for c in COLUMNS}

register(
    {
        "import.npwp.number": {
            "id": "NPWP 16 digit tersimpan sebagai angka di Excel (hanya 15 digit yang tersimpan). "
            "Format kolom sebagai Teks dan ketik ulang NPWP-nya.",
            "en": "a 16-digit NPWP is stored as a number in Excel (only 15 digits are kept). "
            "Format the column as Text and retype the NPWP.",
        },
        "import.list.no_name": {
            "id": "baris tanpa nama usaha dan tanpa nama pemilik",
            "en": "a row with neither a business name nor an owner's name",
        },
        "import.list.village_ambiguous": {
            "id": 'desa/kelurahan "{text}" cocok dengan beberapa desa ({choices}): '
            "tanyakan kepada pemilik",
            "en": 'village "{text}" matches several villages ({choices}): ask the owner',
        },
        "import.list.village_unknown": {
            "id": 'desa/kelurahan "{text}" tidak ditemukan: tanyakan kepada pemilik',
            "en": 'village "{text}" not found: ask the owner',
        },
        "import.list.village_matched": {
            "id": 'desa/kelurahan "{text}" dibaca sebagai {label}',
            "en": 'village "{text}" read as {label}',
        },
    }
)


@dataclass
class RowPlan:
    row: int  # as the spreadsheet shows it (first row: 1)
    action: str  # draft | link | skip | refused
    reg: Registration | None = None
    linked_id: str = ""
    linked_reg_no: str = ""
    problems: list[Problem] = field(default_factory=list)  # stop the import
    notes: list[Problem] = field(default_factory=list)  # shown, stored anyway
    note: dict[str, Any] = field(default_factory=dict)  # kept with the draft for staff


def plan_row(
    table: Table, index: int, mapping: list[str | None], refs: Reference, lang: Lang
) -> RowPlan:
    plan = RowPlan(row=index + 1, action="draft")
    cells = table.rows[index]
    data: dict[str, Any] = {}
    names: dict[str, str] = {}
    for column, target in enumerate(mapping):
        text = cells[column].strip() if column < len(cells) else ""
        if not target or target == IGNORE or not text:
            continue
        if target.startswith("list."):
            names[target] = text
            continue
        number = table.is_number(index, column)
        if target == "owner.nik" and number:
            plan.problems.append(Problem(plan.row, target, tr("import.nik.number", lang)))
            continue
        if target == "business.npwp" and number and len(text) >= 15:
            plan.problems.append(Problem(plan.row, target, tr("import.npwp.number", lang)))
            continue
        if target == "owner.phone" and number and text.startswith("8"):
            text = "0" + text  # Excel dropped the leading zero of 0812...
        try:
            value = parse_cell(_COLUMN[target], text)
        except ValueError as exc:
            plan.problems.append(Problem(plan.row, target, tr(str(exc), lang)))
            continue
        head, _, tail = target.partition(".")
        if tail:
            data.setdefault(head, {})[tail] = value
        else:
            data[head] = value
    reg = Registration.from_dict(
        {k: v for k, v in data.items() if k in ("business", "owner", "address", "bank", "products")}
    )
    if "list.product" in names and not reg.products:
        parts = [p.strip() for p in names["list.product"].replace(";", ",").split(",")]
        reg.products = [Product(name=p) for p in parts if p]
    if not (reg.business.name.strip() or reg.owner.full_name.strip()):
        plan.problems.append(Problem(plan.row, "business.name", tr("import.list.no_name", lang)))
    _place(plan, reg, names, refs, lang)
    plan.reg = reg
    plan.note["row"] = plan.row
    if plan.problems:
        plan.action = "refused"
    else:
        plan.notes += _draft_notes(reg, plan.row, refs, lang)
    return plan


def _place(
    plan: RowPlan, reg: Registration, names: dict[str, str], refs: Reference, lang: Lang
) -> None:
    village = names.get("list.village", "")
    district, regency = names.get("list.district", ""), names.get("list.regency", "")
    if reg.address.village_code or not (village or district or regency):
        return
    match = match_village(refs, village, district, regency)
    plan.note["place"] = {"village": village, "district": district, "regency": regency}
    if match.hit is not None:
        hit = match.hit
        reg.address.province_code, reg.address.regency_code = hit.province_code, hit.regency_code
        reg.address.district_code, reg.address.village_code = hit.district_code, hit.code
        if fold(hit.name) != fold(village):
            plan.notes.append(
                Problem(
                    plan.row,
                    "address.village_code",
                    tr("import.list.village_matched", lang, text=village, label=hit.label),
                )
            )
        return
    plan.note["village_choices"] = [h.code for h in match.choices]
    code = "import.list.village_ambiguous" if match.choices else "import.list.village_unknown"
    labels = "; ".join(h.label for h in match.choices[:3])
    plan.notes.append(
        Problem(
            plan.row,
            "address.village_code",
            tr(code, lang, text=village or district or regency, choices=labels),
        )
    )


def _draft_notes(reg: Registration, row: int, refs: Reference, lang: Lang) -> list[Problem]:
    from kiosk.domain.validation import validate_field

    notes = []
    for name in ("owner.nik", "owner.phone", "owner.email", "business.nib", "business.npwp"):
        head, _, tail = name.partition(".")
        value = getattr(getattr(reg, head), tail)
        if value:
            notes += [
                Problem(row, name, issue.text(lang))
                for issue in validate_field(name, value, reg, refs)
                if issue.severity == "error"
            ]
    return notes
