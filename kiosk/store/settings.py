"""Key/value settings (JSON values) and the kiosk's identity: its id and its code.

The kiosk code is the first part of every registration number. Until the central assigns one at
enrolment the kiosk uses a provisional random code (``T`` + 5 characters from an alphabet without
look-alikes), so numbers made offline before enrolment are still unique in practice; numbers
already printed keep their code when the central's code replaces it.
"""

from __future__ import annotations

import json
import re
import secrets
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from kiosk.domain.model import new_id, utcnow
from kiosk.errors import UserFacingError
from kiosk.store.core import StoreCore
from kiosk.store.models import Setting

KIOSK_ID = "kiosk.id"
KIOSK_CODE = "kiosk.code"
KIOSK_CODE_PROVISIONAL = "kiosk.code_provisional"
_CODE_RE = re.compile(r"^[A-Z0-9]{2,12}$")
_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"


def read_setting(session: Session, key: str, default: Any = None) -> Any:
    raw = session.scalar(select(Setting.value).where(Setting.key == key))
    return default if raw is None else json.loads(raw)


def write_setting(session: Session, key: str, value: Any) -> None:
    text = json.dumps(value, ensure_ascii=False, sort_keys=True)
    row = session.get(Setting, key)
    if row is None:
        session.add(Setting(key=key, value=text, updated_at=utcnow()))
    else:
        row.value = text
        row.updated_at = utcnow()


def validate_kiosk_code(code: str) -> str:
    code = (code or "").strip().upper()
    if not _CODE_RE.match(code):
        raise UserFacingError("store.kiosk_code.invalid")
    return code


def ensure_identity(session: Session) -> tuple[str, str]:
    """The kiosk id and code, created on first use."""
    kiosk_id = read_setting(session, KIOSK_ID)
    if not kiosk_id:
        kiosk_id = new_id()
        write_setting(session, KIOSK_ID, kiosk_id)
    code = read_setting(session, KIOSK_CODE)
    if not code:
        code = "T" + "".join(secrets.choice(_ALPHABET) for _ in range(5))
        write_setting(session, KIOSK_CODE, code)
        write_setting(session, KIOSK_CODE_PROVISIONAL, True)
    return kiosk_id, code


class SettingsMixin(StoreCore):
    """``Store`` methods for settings and the kiosk's identity."""

    def get_setting(self, key: str, default: Any = None) -> Any:
        with self._read() as session:
            return read_setting(session, key, default)

    def set_setting(self, key: str, value: Any) -> None:
        json.dumps(value)  # fail before the transaction if the value is not JSON
        with self._write() as session:
            write_setting(session, key, value)

    @property
    def kiosk_id(self) -> str:
        return str(self.get_setting(KIOSK_ID))

    @property
    def kiosk_code(self) -> str:
        return str(self.get_setting(KIOSK_CODE))

    @property
    def kiosk_code_is_provisional(self) -> bool:
        return bool(self.get_setting(KIOSK_CODE_PROVISIONAL, False))

    def set_kiosk_code(self, code: str) -> None:
        code = validate_kiosk_code(code)
        with self._write() as session:
            write_setting(session, KIOSK_CODE, code)
            write_setting(session, KIOSK_CODE_PROVISIONAL, False)
