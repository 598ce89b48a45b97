"""Between :class:`~kiosk.domain.model.Registration` and its sealed database row.

A registration is stored as canonical JSON sealed with the kiosk's data key; the row id (and for
versions, ``id:version``) is the associated data, so a sealed blob copied onto another row fails
to open instead of showing the wrong person's data. Before sealing, every string is checked to be
storable (UTF-8 encodable: a lone surrogate from a broken paste is refused with the field's name
rather than crashing deep inside the driver), and the whole record must stay below a size limit.

The ``status`` column is the registration's status; the sealed JSON carries it too, except that
marking a registration ``synced`` (the outbox's confirmation of a push) writes only the columns:
re-sealing every confirmed registration cost a decrypt, a parse, a dump and an encrypt each, a
tenth of a push's CPU. :func:`open_row` opens a row with its columns' status (and, when the sealed
JSON holds another one, the columns' ``updated_at``), so what a reader sees is the same either
way. Rows confirmed by an older app (status re-sealed) open the same.
"""

from __future__ import annotations

import datetime as dt
import json
from typing import Any

from kiosk.domain.model import Registration, Status, canonical_json
from kiosk.errors import UserFacingError
from kiosk.security.keys import KeyRing

MAX_SEALED_BYTES = 4 * 1024 * 1024  # far above any real registration (pages live in the vault)


def check_storable(data: Any, path: str = "") -> None:
    """Raise ``store.text.unencodable`` naming the first field that cannot be stored."""
    if isinstance(data, str):
        try:
            data.encode("utf-8")
        except UnicodeEncodeError:
            raise UserFacingError("store.text.unencodable", field=path or "?") from None
    elif isinstance(data, dict):
        for key, value in data.items():
            check_storable(value, f"{path}.{key}" if path else str(key))
    elif isinstance(data, list):
        for index, value in enumerate(data):
            check_storable(value, f"{path}.{index}")


def encode(reg: Registration) -> tuple[dict[str, Any], bytes]:
    data = reg.to_dict()
    try:
        raw = canonical_json(data)
    except UnicodeEncodeError:
        check_storable(data)  # raises store.text.unencodable naming the field
        raise
    if len(raw) > MAX_SEALED_BYTES:
        raise UserFacingError("store.registration.too_large", size=len(raw))
    return data, raw


def seal_registration(keys: KeyRing, reg: Registration, raw: bytes) -> bytes:
    return keys.seal(raw, reg.id.encode())


def open_registration(keys: KeyRing, reg_id: str, sealed: bytes) -> Registration:
    return Registration.from_dict(json.loads(keys.open(sealed, reg_id.encode())))


def open_row(
    keys: KeyRing, reg_id: str, sealed: bytes, status: str, updated_at: dt.datetime
) -> Registration:
    """Open a registration row with its columns' status (see the module docstring)."""
    reg = open_registration(keys, reg_id, sealed)
    if reg.status.value != status:
        reg.status, reg.updated_at = Status(status), updated_at
        if reg.status == Status.SYNCED:  # only ever marked from submitted, whose reason is empty
            reg.verdict_reason = ""
    return reg


def restamp_status(
    keys: KeyRing, reg_id: str, sealed: bytes, status: str, reason: str, when: dt.datetime
) -> bytes:
    """Re-seal a registration with a new status and verdict reason, its content untouched.

    Works on the JSON rather than rebuilding the :class:`Registration` (from_dict + to_dict cost
    ~1 ms a record; a sync batch marks hundreds synced at once). The fields are written exactly
    as :meth:`Registration.to_dict` writes them, so the result opens to the same registration.
    """
    data = json.loads(keys.open(sealed, reg_id.encode()))
    data["status"], data["verdict_reason"] = status, reason
    data["updated_at"] = when.astimezone(dt.UTC).isoformat()
    return keys.seal(canonical_json(data), reg_id.encode())


def seal_content(keys: KeyRing, reg_id: str, version: int, content: dict[str, Any]) -> bytes:
    return keys.seal(canonical_json(content), f"{reg_id}:{version}".encode())


def open_content(keys: KeyRing, reg_id: str, version: int, sealed: bytes) -> dict[str, Any]:
    return json.loads(open_text_of(keys, reg_id, version, sealed))


def open_text_of(keys: KeyRing, reg_id: str, version: int, sealed: bytes) -> bytes:
    """A version's content as sealed: its canonical JSON bytes."""
    return keys.open(sealed, f"{reg_id}:{version}".encode())


def seal_text(keys: KeyRing, text: str, aad: str) -> bytes | None:
    return keys.seal(text.encode(), aad.encode()) if text else None


def open_text(keys: KeyRing, sealed: bytes | None, aad: str) -> str:
    return keys.open(sealed, aad.encode()).decode() if sealed else ""
