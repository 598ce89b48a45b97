"""A district office's list of UMKM and cooperatives, read into drafts (``kiosk import --drafts``).

The list is read with :mod:`.table` (header found among title rows, two-row headers, numbers kept
apart), its columns mapped with :mod:`.headers` (and a hand mapping, remembered per set of headers
in the setting ``import.mappings``), and every row planned (:mod:`.district_rows`) before anything
is stored (:func:`preview_list`):

- a row matching a registration already on this kiosk by NIK, NIB or NPWP (or, without any of
  them, a draft of the same list with the same business and owner name) is **linked**, not
  duplicated; a later row of the same file with an identifier already seen is left out the same way;
- any other row with a business or owner name becomes a **draft** flagged as from the district list,
  its village matched with :mod:`.village_match` (ambiguous or unknown: the text is kept in the
  draft's note, :func:`list_note`, and the wizard's address step asks staff to choose it);
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
from typing import TYPE_CHECKING

from kiosk.i18n import Lang, register, tr
from kiosk.importexport.columns import COLUMNS
from kiosk.importexport.district_rows import RowPlan, plan_row
from kiosk.importexport.headers import IGNORE, field_for, fold_header, header_signature
from kiosk.importexport.importer import Problem
from kiosk.importexport.table import find_header, read_table
from kiosk.reference import Reference
from kiosk.text import fold

if TYPE_CHECKING:
    from kiosk.store import Store

ORIGIN = "district_list"
MAPPINGS_SETTING = "import.mappings"
_COLUMN = {c.name: c for c in COLUMNS}

register(
    {
        "import.list.linked": {
            "id": "sudah terdaftar sebagai {reg_no} ({field} sama): ditautkan, tidak digandakan",
            "en": "already registered as {reg_no} (same {field}): linked, not duplicated",
        },
        "import.list.repeated": {
            "id": "{field} sama dengan baris {row}: dilewati",
            "en": "same {field} as row {row}: left out",
        },
        "import.list.ask.ambiguous": {
            "id": "Daftar dinas menulis desanya \u201c{place}\u201d: ada beberapa desa yang cocok. "
            "Pilih bersama pemilik.",
            "en": "The district list gives the village as \u201c{place}\u201d: several villages "
            "match. Choose it with the owner.",
        },
        "import.list.ask.unknown": {
            "id": "Daftar dinas menulis desanya \u201c{place}\u201d: tidak ada desa yang cocok. "
            "Pilih bersama pemilik.",
            "en": "The district list gives the village as \u201c{place}\u201d: no village "
            "matches. Choose it with the owner.",
        },
    }
)


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
        plan = plan_row(table, index, mapping, refs, lang)
        if plan.action == "draft" and plan.reg is not None:
            _link_or_keep(store, plan, seen, known_drafts, lang)
        preview.rows.append(plan)
    return preview


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


@dataclass(frozen=True)
class ListNote:
    """What a district list said about a draft's place when no single village matched."""

    list_name: str
    village: str
    district: str
    regency: str
    choices: list[str]  # candidate village codes (empty: none found)


def list_note(store: Store, reg_id: str) -> ListNote | None:
    """The note of a draft from a district list whose village staff must still choose."""
    with store.session(write=False) as session:
        row = (
            session.connection()
            .exec_driver_sql(
                "SELECT origin_list, origin_detail FROM registrations WHERE id = ? AND origin = ?",
                (reg_id, ORIGIN),
            )
            .first()
        )
    if row is None or not row[1]:
        return None
    try:
        note = json.loads(row[1])
    except ValueError:
        return None
    place = note.get("place") if isinstance(note, dict) else None
    if not isinstance(place, dict) or "village_choices" not in note:
        return None  # matched on import: nothing to ask
    return ListNote(
        str(row[0]),
        str(place.get("village", "")),
        str(place.get("district", "")),
        str(place.get("regency", "")),
        [str(c) for c in note.get("village_choices", [])],
    )


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
