"""How the kiosk's data key is kept: a plain file, under a supervisor's passphrase, or by Windows.

Issue 13.4. The data key (32 random bytes) seals every personal field in the database. Where it
lies decides what a stolen kiosk reveals, so it can be kept three ways (``keys/`` folder):

- ``plain`` — ``data.key``, the 32 bytes themselves (the explicit fallback, and how every kiosk
  started). Protects a database or backup that leaks *alone*; whoever has the whole disk has the
  key too (full-disk encryption completes it).
- ``passphrase`` — ``data.key.wrapped`` holds the key encrypted (AES-256-GCM) under a key derived
  from a passphrase with argon2id (64 MiB, 3 passes: about a third of a second, per guess). A
  supervisor types it when the kiosk starts (``KIOSK_DATA_PASSPHRASE`` for unattended commands).
  A stolen kiosk, switched off, reveals no personal data without the passphrase.
- ``dpapi`` (Windows) — ``data.key.wrapped`` holds the key as Windows' DPAPI protected it for the
  logged-in user (``CryptProtectData`` via pywin32, a thin seam: :func:`_dpapi`). Copying the
  folder to another machine or user opens nothing; someone who can log in as that user can.

Who types the passphrase: the caller's ``unlock`` first (the app's unlock page,
``ui/pages/unlock_page.py``), else ``KIOSK_DATA_PASSPHRASE``, else the process's prompt set with
:func:`ask_with` (the command line's terminal prompt, :mod:`kiosk.cli.passphrase`), which is asked
again after a wrong answer up to ``PROMPT_TRIES`` times. :func:`desk_wait_s` is the growing pause
the unlock page imposes after repeated wrong answers (the argon2id cost already slows each guess;
the pause slows someone trying names at the desk, and is not kept across restarts).

:func:`protect` switches between them: the new form is written durably first, then the old one
removed, so a crash in between leaves a kiosk that still opens. Nothing else changes: the key is
the same 32 bytes, so the database is not re-encrypted. The Secret Service on Linux (``keyring``)
was not added: it needs a desktop session's D-Bus keyring, which kiosks started by a service and
this project's CI do not have.
"""

from __future__ import annotations

import base64
import json
import os
import sys
from collections.abc import Callable
from pathlib import Path

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives.ciphers.aead import AESGCM

from kiosk import i18n
from kiosk.errors import UserFacingError
from kiosk.fsutil import atomic_write_bytes, fsync_dir

PLAIN = "data.key"
WRAPPED = "data.key.wrapped"
MODES = ("plain", "passphrase", "dpapi")
PASSPHRASE_ENV = "KIOSK_DATA_PASSPHRASE"  # noqa: S105 (the variable's name, not a secret)
MIN_PASSPHRASE = 12
_AAD = b"kiosk-data-key-v1"
_ARGON = {"time_cost": 3, "memory_cost": 64 * 1024, "parallelism": 2}

PROMPT_TRIES = 3
Unlock = Callable[[], str]
Prompt = Callable[[bool], str]  # called with True when the previous answer was wrong
_prompt: Prompt | None = None

i18n.register(
    {
        "security.datakey.passphrase_needed": {
            "id": "Kunci data kiosk ini dilindungi frasa sandi. Penyelia harus memasukkannya "
            "(atau atur KIOSK_DATA_PASSPHRASE).",
            "en": "This kiosk's data key is protected by a passphrase. A supervisor must enter "
            "it (or set KIOSK_DATA_PASSPHRASE).",
        },
        "security.datakey.passphrase_wrong": {
            "id": "Frasa sandi kunci data salah.",
            "en": "The data key's passphrase is wrong.",
        },
        "security.datakey.passphrase_short": {
            "id": "Frasa sandi kunci data minimal {min} karakter.",
            "en": "The data key's passphrase needs at least {min} characters.",
        },
        "security.datakey.mode_unavailable": {
            "id": "Cara penyimpanan kunci '{mode}' tidak tersedia di komputer ini.",
            "en": "Keeping the key by '{mode}' is not available on this computer.",
        },
        "security.datakey.damaged": {
            "id": "Berkas kunci data {file} rusak.",
            "en": "The data key file {file} is damaged.",
        },
    }
)


def mode_of(folder: Path) -> str:
    """``plain``, ``passphrase`` or ``dpapi`` (``plain`` for a folder with no key yet)."""
    wrapped = Path(folder) / WRAPPED
    if not wrapped.exists():
        return "plain"
    return str(_read_wrapped(wrapped).get("mode", "?"))


def load(folder: Path, unlock: Unlock | None = None) -> bytes:
    """The data key of ``folder``, made (plain) on first use."""
    folder = Path(folder)
    wrapped = folder / WRAPPED
    if wrapped.exists():
        record = _read_wrapped(wrapped)
        if record.get("mode") == "passphrase":
            if unlock is None and not os.environ.get(PASSPHRASE_ENV) and _prompt is not None:
                return _open_by_prompt(record, _prompt)
            return _open_passphrase(record, _passphrase(unlock))
        if record.get("mode") == "dpapi":
            return _dpapi().unprotect(_unb64(record["blob"]))
        raise UserFacingError("security.datakey.damaged", file=WRAPPED)
    plain = folder / PLAIN
    if not plain.exists():
        atomic_write_bytes(plain, os.urandom(32))
    key = plain.read_bytes()
    if len(key) != 32:
        raise UserFacingError("security.datakey.damaged", file=PLAIN)
    return key


def protect(folder: Path, mode: str, *, unlock: Unlock | None = None, passphrase: str = "") -> None:
    """Keep the (same) data key by ``mode`` from now on; ``unlock`` opens the current form."""
    if mode not in MODES:
        raise UserFacingError("security.datakey.mode_unavailable", mode=mode)
    folder = Path(folder)
    key = load(folder, unlock)
    if mode == "plain":
        atomic_write_bytes(folder / PLAIN, key)
        _remove(folder / WRAPPED)
        return
    if mode == "passphrase":
        if len(passphrase) < MIN_PASSPHRASE:
            raise UserFacingError("security.datakey.passphrase_short", min=MIN_PASSPHRASE)
        record = _seal_passphrase(key, passphrase)
    else:
        record = {"mode": "dpapi", "blob": _b64(_dpapi().protect(key))}
    atomic_write_bytes(folder / WRAPPED, json.dumps(record, sort_keys=True).encode())
    _remove(folder / PLAIN)


# -- passphrase ------------------------------------------------------------------------------------
def _derive(passphrase: str, salt: bytes, params: dict[str, int]) -> bytes:
    from argon2.low_level import Type, hash_secret_raw

    return hash_secret_raw(passphrase.encode(), salt, hash_len=32, type=Type.ID, **params)


def _seal_passphrase(key: bytes, passphrase: str) -> dict[str, object]:
    salt, nonce = os.urandom(16), os.urandom(12)
    sealed = AESGCM(_derive(passphrase, salt, _ARGON)).encrypt(nonce, key, _AAD)
    return {"mode": "passphrase", "kdf": "argon2id", **_ARGON,
            "salt": _b64(salt), "nonce": _b64(nonce), "sealed": _b64(sealed)}  # fmt: skip


def _open_passphrase(record: dict, passphrase: str) -> bytes:
    params = {name: int(record[name]) for name in _ARGON}
    kek = _derive(passphrase, _unb64(record["salt"]), params)
    try:
        return AESGCM(kek).decrypt(_unb64(record["nonce"]), _unb64(record["sealed"]), _AAD)
    except InvalidTag:
        raise UserFacingError("security.datakey.passphrase_wrong") from None


def ask_with(prompt: Prompt | None) -> None:
    """From now on ask ``prompt`` for the passphrase when neither the caller nor the environment
    gives it (``None``: ask nobody, the default: the caller gets ``passphrase_needed``)."""
    global _prompt
    _prompt = prompt


def desk_wait_s(failures: int) -> int:
    """Seconds the unlock page waits after ``failures`` wrong passphrases in a row: none for
    the first two typing slips, then 5 s doubling up to 5 minutes."""
    if failures < 3:
        return 0
    return int(min(300, 5 * 2 ** min(failures - 3, 16)))


def _open_by_prompt(record: dict, prompt: Prompt) -> bytes:
    for attempt in range(PROMPT_TRIES):
        answer = prompt(attempt > 0)
        if not answer:
            raise UserFacingError("security.datakey.passphrase_needed")
        try:
            return _open_passphrase(record, answer)
        except UserFacingError:
            if attempt == PROMPT_TRIES - 1:
                raise
    raise AssertionError("unreachable")  # pragma: no cover


def _passphrase(unlock: Unlock | None) -> str:
    if unlock is not None:
        return unlock()
    if os.environ.get(PASSPHRASE_ENV):
        return os.environ[PASSPHRASE_ENV]
    raise UserFacingError("security.datakey.passphrase_needed")


# -- Windows DPAPI (the seam) ---------------------------------------------------------------------
class _Dpapi:
    def protect(self, data: bytes) -> bytes:
        import win32crypt  # pywin32, a Windows-only dependency already

        return bytes(win32crypt.CryptProtectData(data, "kiosk data key", None, None, None, 0))

    def unprotect(self, blob: bytes) -> bytes:
        import win32crypt

        return bytes(win32crypt.CryptUnprotectData(blob, None, None, None, 0)[1])


def _dpapi() -> _Dpapi:
    if sys.platform != "win32":
        raise UserFacingError("security.datakey.mode_unavailable", mode="dpapi")
    return _Dpapi()


# -- files ---------------------------------------------------------------------------------------
def _read_wrapped(path: Path) -> dict:
    try:
        record = json.loads(path.read_bytes())
    except (OSError, ValueError):
        raise UserFacingError("security.datakey.damaged", file=path.name) from None
    if not isinstance(record, dict):
        raise UserFacingError("security.datakey.damaged", file=path.name)
    return record


def _remove(path: Path) -> None:
    if path.exists():
        path.unlink()
        fsync_dir(path.parent)


def _b64(data: bytes) -> str:
    return base64.b64encode(data).decode()


def _unb64(text: object) -> bytes:
    if not isinstance(text, str):
        raise UserFacingError("security.datakey.damaged", file=WRAPPED)
    return base64.b64decode(text)
