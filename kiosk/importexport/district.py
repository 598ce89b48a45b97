"""A district office's list of UMKM and cooperatives, read into drafts (``kiosk import --drafts``).

The list is read with :mod:`.table` (header found among title rows, two-row headers, numbers kept
apart), its columns mapped with :mod:`.headers` (and a hand mapping, remembered per set of headers
in the setting ``import.mappings``), and every row planned before anything is stored
(:func:`preview_list`):

- a row matching a registration already on this kiosk by NIK, NIB or NPWP (or, without any of
  them, a draft of the same list with the same business and owner name) is **linked**, not
  duplicated; a later row of the same file with an identifier already seen is left out the same way;
- any other row with a business or owner name becomes a **draft** flagged as from the district list,
  its village matched with :mod:`.village_match` (ambiguous or unknown: the text is kept in the
  draft's note and staff ask the owner);
- **problems** that stop the import: a NIK (or a 16-digit NPWP) that Excel stored as a number (it
  keeps 15 significant digits, so the digits cannot be trusted), a row with neither name, a cell
  that cannot be read. Values that are merely wrong (a NIK with 15 digits, a phone number that is
  not a mobile) are kept as typed in the draft and listed as notes: the wizard shows them to staff.

:func:`store_list` stores the plan in one transaction (:meth:`kiosk.store.Store.import_rows`): with
any problem nothing is stored, unless ``partial`` keeps the rows without problems.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from kiosk.domain.model import Product, Registration
from kiosk.i18n import Lang, register, tr
from kiosk.importexport.columns import COLUMNS, parse_cell
from kiosk.importexport.headers import IGNORE, field_for, fold_header, header_signature
from kiosk.importexport.importer import Problem
from kiosk.importexport.table import Table, find_header, read_table
from kiosk.importexport.village_match import match_village
from kiosk.reference import Reference
from kiosk.text import fold

if TYPE_CHECKING:
    from kiosk.store import Store

ORIGIN = "district_list"
MAPPINGS_SETTING = "import.mappings"
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
        "import.list.linked": {
            "id": "sudah terdaftar sebagai {reg_no} ({field} sama): ditautkan, tidak digandakan",
            "en": "already registered as {reg_no} (same {field}): linked, not duplicated",
        },
        "import.list.repeated": {
            "id": "{field} sama dengan baris {row}: dilewati",
            "en": "same {field} as row {row}: left out",
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
        "import.column.mapped": {
            "id": "kolom dipetakan ke {field}",
            "en": "column mapped to {field}",
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


@dataclass
class ListPreview:
    list_name: str
    headers: list[str]
    mapping: list[str | None]  # per column: the field, IGNORE, or None (unknown)
    signature: str
    rows: list[RowPlan] = field(default_factory=list)

    @property
    def unknown_columns(self) -> list[str]:
        return [h for h, f in zip(self.headers, self.mapping, strict=True) if h and f is None]

    @property
    def problems(self) -> list[Problem]:
        return [p for r in self.rows for p in r.problems]

    def count(self, action: str) -> int:
        return sum(1 for r in self.rows if r.action == action)


def remembered_mapping(store: Store, signature: str) -> dict[str, str]:
    saved = store.get_setting(MAPPINGS_SETTING, {}) or {}
    mapping = saved.get(signature, {}) if isinstance(saved, dict) else {}
    return {str(k): str(v) for k, v in mapping.items()} if isinstance(mapping, dict) else {}


def remember_mapping(store: Store, signature: str, mapping: dict[str, str]) -> None:
    saved = store.get_setting(MAPPINGS_SETTING, {}) or {}
    saved = dict(saved) if isinstance(saved, dict) else {}
    saved[signature] = dict(mapping)
    store.set_setting(MAPPINGS_SETTING, saved)


def preview_list(
    store: Store,
    path: Path,
    *,
    by_hand: dict[str, str] | None = None,
    list_name: str = "",
    lang: Lang = "id",
) -> ListPreview:
    """Read ``path`` and plan every row; nothing is stored. ``by_hand``: header -> field (or
    ``"-"`` to leave a column out), over the remembered mapping for these headers (both keyed by
    the folded header: case and spacing do not matter)."""
    from kiosk.errors import UserFacingError

    table = read_table(path)
    header = find_header(table)
    if header is None:
        raise UserFacingError("import.file.empty", name=path.name)
    signature = header_signature(header.names)
    by_hand = {fold_header(h): f for h, f in (by_hand or {}).items()}
    chosen = {**remembered_mapping(store, signature), **by_hand}
    mapping: list[str | None] = []
    for index, name in enumerate(header.names):
        key = header.keys[index] if header.keys and index < len(header.keys) else ""
        by_name = chosen.get(fold_header(name))
        target = by_name or (key if key in _COLUMN else None) or field_for(name)
        if not by_name and target not in (None, IGNORE, "list.number") and target in mapping:
            target = None  # a second column meaning the same field: shown, mapped by hand
        mapping.append(target)
    preview = ListPreview(list_name or path.stem, header.names, mapping, signature)
    refs = Reference.load(store.paths.root)
    seen: dict[tuple[str, str], int] = {}
    known_drafts = _list_drafts(store, preview.list_name)
    for index in range(header.first_data, len(table.rows)):
        cells = table.rows[index]
        if not any(c.strip() for c in cells):
            continue  # empty rows between blocks are common in hand-kept sheets
        plan = _plan_row(table, index, mapping, refs, lang)
        if plan.action == "draft" and plan.reg is not None:
            _link_or_keep(store, plan, seen, known_drafts, lang)
        preview.rows.append(plan)
    return preview


def _plan_row(
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


def _list_drafts(store: Store, list_name: str) -> dict[tuple[str, str], tuple[str, str]]:
    """This list's drafts already here: (folded business name, folded owner) -> (id, number)."""
    with store.session(write=False) as session:
        rows = (
            session.connection()
            .exec_driver_sql(
                "SELECT id, reg_no, business_name, owner_name FROM registrations "
                "WHERE origin = ? AND origin_list = ?",
                (ORIGIN, list_name),
            )
            .all()
        )
    return {(fold(r[2]), fold(r[3])): (r[0], r[1]) for r in rows}


def _link_or_keep(
    store: Store,
    plan: RowPlan,
    seen: dict[tuple[str, str], int],
    known_drafts: dict[tuple[str, str], tuple[str, str]],
    lang: Lang,
) -> None:
    from kiosk.domain.validation import normalize_registration

    assert plan.reg is not None
    normal = normalize_registration(plan.reg)
    duplicates = store.find_duplicates(normal)
    if duplicates:
        first = duplicates[0]
        plan.action, plan.linked_id = "link", first.summary.id
        plan.linked_reg_no = first.summary.reg_no
        label = tr(f"field.{first.field}", lang)
        plan.notes.append(
            Problem(
                plan.row,
                first.field,
                tr("import.list.linked", lang, reg_no=first.summary.reg_no, field=label),
            )
        )
        return
    identifiers = [
        ("owner.nik", normal.owner.nik),
        ("business.nib", normal.business.nib),
        ("business.npwp", normal.business.npwp),
    ]
    keys = [(n, v) for n, v in identifiers if v]
    if not keys:
        keys = [("business.name", f"{fold(normal.business.name)}|{fold(normal.owner.full_name)}")]
        earlier = known_drafts.get((fold(normal.business.name), fold(normal.owner.full_name)))
        if earlier is not None:
            plan.action, plan.linked_id, plan.linked_reg_no = "link", *earlier
            plan.notes.append(
                Problem(
                    plan.row,
                    "business.name",
                    tr(
                        "import.list.linked",
                        lang,
                        reg_no=earlier[1],
                        field=tr("field.business.name", lang),
                    ),
                )
            )
            return
    for key in keys:
        if key in seen:
            plan.action = "skip"
            plan.notes.append(
                Problem(
                    plan.row,
                    key[0],
                    tr(
                        "import.list.repeated",
                        lang,
                        field=tr(f"field.{key[0]}", lang),
                        row=seen[key],
                    ),
                )
            )
            return
    for key in keys:
        seen[key] = plan.row


def store_list(
    store: Store,
    preview: ListPreview,
    *,
    partial: bool = False,
    staff_id: str = "import",
    remember: dict[str, str] | None = None,
) -> list[str]:
    """Store the planned drafts and links (all, or with ``partial`` those without problems);
    returns the new drafts' numbers. With problems and without ``partial``: nothing, ``[]``."""
    from kiosk.store.imports import ImportedDraft, ListLink

    if preview.problems and not partial:
        return []
    drafts = [
        ImportedDraft(r.reg, ORIGIN, preview.list_name, json.dumps(r.note, ensure_ascii=False))
        for r in preview.rows
        if r.action == "draft" and r.reg is not None
    ]
    links = [
        ListLink(r.linked_id, preview.list_name, r.row) for r in preview.rows if r.action == "link"
    ]
    numbers = store.import_rows(submitted=[], drafts=drafts, links=links, staff_id=staff_id)
    if remember:
        folded = {fold_header(h): f for h, f in remember.items()}
        remember_mapping(
            store, preview.signature, {**remembered_mapping(store, preview.signature), **folded}
        )
    return numbers
