"""Errors that are safe to show to the person at the desk, and storage faults named for them.

A :class:`UserFacingError` carries a message code and parameters from the bilingual catalogue in
:mod:`kiosk.i18n`, so the UI and the CLI can show it in the user's language. Any other exception
is a bug or an environmental fault: it is logged, and the user sees a generic message.

Storage faults are environmental faults a desk does meet (a full disk, a read-only or
write-protected folder, a dying disk, a database held by another program), so they are never left
to the generic message: :func:`storage_fault` recognises them in an ``OSError`` (by ``errno``) or
in an SQLite error (by SQLite's error name, through SQLAlchemy's wrapper and exception chains) and
answers a :class:`StorageFault`, one code per kind, whose sentence says what happened and what to
do. The store's engine, the document vault and the command line translate with it; nothing here
imports SQLite or SQLAlchemy (duck typing on ``sqlite_errorname``/``orig``), so this module stays at
the bottom of the layers.
"""

from __future__ import annotations

import errno
from typing import Any

from kiosk.i18n import Lang, register, tr


class UserFacingError(Exception):
    """An error whose message may be shown to staff or owners as it is."""

    def __init__(self, code: str, **params: Any) -> None:
        self.code = code
        self.params = params
        super().__init__(tr(code, "en", **params))

    def text(self, lang: Lang = "id") -> str:
        return tr(self.code, lang, **self.params)


class StorageFault(UserFacingError):
    """A disk or database fault, named: ``kind`` is one of :data:`STORAGE_KINDS`.

    ``code`` defaults to ``storage.<kind>``; a caller with a more precise sentence for the same
    kind (the vault's "the page is kept on screen") passes its own code.
    """

    def __init__(self, kind: str, code: str | None = None, **params: Any) -> None:
        if kind not in STORAGE_KINDS:
            raise ValueError(f"unknown storage fault kind {kind!r}")
        self.kind = kind
        super().__init__(code or f"storage.{kind}", **params)

    def __reduce__(self) -> tuple[Any, ...]:
        # Rebuilt from kind, code and parameters (the default would pass the English text as the
        # kind): a fault may cross a process boundary (multiprocessing, a worker pool).
        return (_rebuild_fault, (self.kind, self.code, self.params))


def _rebuild_fault(kind: str, code: str, params: dict[str, Any]) -> StorageFault:
    return StorageFault(kind, code, **params)


STORAGE_KINDS = ("disk_full", "read_only", "permission", "io_error", "locked")

_ERRNO_KINDS = {
    errno.ENOSPC: "disk_full",
    errno.EDQUOT: "disk_full",
    errno.EROFS: "read_only",
    errno.EACCES: "permission",
    errno.EPERM: "permission",
    errno.EIO: "io_error",
}
# SQLite's primary result codes by name (extended names start with them: SQLITE_IOERR_WRITE).
_SQLITE_KINDS = (
    ("SQLITE_FULL", "disk_full"),
    ("SQLITE_READONLY", "read_only"),
    ("SQLITE_PERM", "permission"),
    ("SQLITE_CANTOPEN", "permission"),
    ("SQLITE_IOERR", "io_error"),
    ("SQLITE_BUSY", "locked"),
    ("SQLITE_LOCKED", "locked"),
)
# The same by message, for a driver that does not carry the name.
_SQLITE_MESSAGES = (
    ("database or disk is full", "disk_full"),
    ("attempt to write a readonly database", "read_only"),
    ("unable to open database file", "permission"),
    ("disk i/o error", "io_error"),
    ("database is locked", "locked"),
    ("database table is locked", "locked"),
)


def storage_fault_kind(exc: BaseException) -> str | None:
    """The kind of storage fault ``exc`` is (or wraps, or was caused by), or None."""
    seen: set[int] = set()
    todo: list[BaseException | None] = [exc]
    while todo:
        current = todo.pop(0)
        if current is None or id(current) in seen or len(seen) > 20:
            continue
        seen.add(id(current))
        if isinstance(current, StorageFault):
            return current.kind
        kind = _own_kind(current)
        if kind is not None:
            return kind
        orig = getattr(current, "orig", None)  # SQLAlchemy's DBAPIError wraps the driver's error
        todo += [orig if isinstance(orig, BaseException) else None]
        todo += [current.__cause__, current.__context__]
    return None


def _own_kind(exc: BaseException) -> str | None:
    if isinstance(exc, OSError) and exc.errno in _ERRNO_KINDS:
        return _ERRNO_KINDS[exc.errno]
    name = getattr(exc, "sqlite_errorname", None)
    if isinstance(name, str):
        for prefix, kind in _SQLITE_KINDS:
            if name == prefix or name.startswith(prefix + "_"):
                return kind
    if type(exc).__name__ in ("OperationalError", "DatabaseError"):
        text = str(exc).lower()
        for needle, kind in _SQLITE_MESSAGES:
            if needle in text:
                return kind
    return None


def storage_fault(exc: BaseException) -> StorageFault | None:
    """``exc`` named as a :class:`StorageFault` (itself if it is one), or None."""
    if isinstance(exc, StorageFault):
        return exc
    kind = storage_fault_kind(exc)
    if kind is None:
        return None
    fault = StorageFault(kind)
    fault.__cause__ = exc
    return fault


register(
    {
        "storage.disk_full": {
            "id": "Penyimpanan kios penuh: perubahan terakhir belum tersimpan; data yang sudah "
            "tersimpan aman. Kosongkan ruang disk (atau hubungi petugas TI), lalu simpan lagi.",
            "en": "The kiosk's storage is full: the last change was not saved; data saved "
            "earlier is safe. Free some disk space (or call IT support), then save again.",
        },
        "storage.read_only": {
            "id": "Folder data kios hanya dapat dibaca: tidak ada yang dapat disimpan; data yang "
            "sudah tersimpan aman. Minta petugas TI membuat disk atau folder data dapat ditulis "
            "lagi, lalu coba lagi.",
            "en": "The kiosk's data folder is read-only: nothing can be saved; data saved "
            "earlier is safe. Ask IT support to make the disk or data folder writable again, "
            "then try again.",
        },
        "storage.permission": {
            "id": "Kios tidak diizinkan menulis ke folder datanya (izin ditolak); data yang "
            "sudah tersimpan aman. Minta petugas TI memperbaiki izin folder data untuk akun "
            "ini, lalu coba lagi.",
            "en": "The kiosk is not allowed to write to its data folder (permission denied); "
            "data saved earlier is safe. Ask IT support to fix the data folder's permissions "
            "for this account, then try again.",
        },
        "storage.io_error": {
            "id": "Disk kios gagal membaca atau menulis (kesalahan I/O): perubahan terakhir "
            "belum tersimpan. Disk mungkin rusak: hubungi petugas TI dan buat cadangan segera.",
            "en": "The kiosk's disk failed to read or write (I/O error): the last change was "
            "not saved. The disk may be failing: call IT support and make a backup now.",
        },
        "storage.locked": {
            "id": "Basis data terlalu lama dipakai program lain (terkunci): perubahan terakhir "
            "belum tersimpan. Tunggu sebentar lalu coba lagi; bila berulang, tutup perintah "
            "kiosk lain yang sedang berjalan.",
            "en": "The database was held by another program for too long (locked): the last "
            "change was not saved. Wait a moment and try again; if it keeps happening, close "
            "other kiosk commands that are running.",
        },
    }
)
