"""The copy taken before a schema upgrade, encrypted with the data key like the database's records.

Issue 13.4: the pre-upgrade copy (:func:`kiosk.store.migrate.backup_database`) was a plain SQLite
file. Its personal fields are sealed, but masked identifiers, names kept for search, the audit log
and the statuses were readable, and it stayed after retention had removed the data from the
database. Now the whole file is encrypted under the data key (so it opens exactly where the
database does, in any of the data key's modes) and falls under retention with everything else
(:mod:`kiosk.sync.retention` removes copies older than the retention period).

Format (``kiosk-<time>-<revision>.sqlite3.sealed``): ``MAGIC`` then chunks of up to 1 MiB, each
``length (4 bytes, big-endian) || KeyRing.seal(chunk, aad)`` where ``aad`` binds the chunk's index
and whether it is the last one, so chunks cannot be reordered, dropped or the file cut short
unnoticed. Memory stays at one chunk whatever the database's size.
"""

from __future__ import annotations

import os
import struct
from pathlib import Path
from typing import TYPE_CHECKING

from kiosk.errors import UserFacingError
from kiosk.i18n import register

if TYPE_CHECKING:
    from kiosk.security.keys import KeyRing

register(
    {
        "store.copy.damaged": {
            "id": "Salinan basis data {file} rusak atau bukan milik kios ini.",
            "en": "The database copy {file} is damaged or not this kiosk's.",
        }
    }
)
MAGIC = b"KIOSK-SEALED-DB-1\n"
SUFFIX = ".sealed"
CHUNK = 1024 * 1024
_LENGTH = struct.Struct(">I")


def _aad(index: int, last: bool) -> bytes:
    return b"kiosk-upgrade-copy-v1" + struct.pack(">Q?", index, last)


def seal_file(plain: Path, sealed: Path, keys: KeyRing) -> None:
    """Encrypt ``plain`` into ``sealed`` (0600, fsync'd; the caller renames it into place)."""
    size = plain.stat().st_size
    fd = os.open(sealed, os.O_CREAT | os.O_EXCL | os.O_WRONLY, 0o600)
    with os.fdopen(fd, "wb") as out, open(plain, "rb") as source:
        out.write(MAGIC)
        index, done = 0, 0
        while True:
            chunk = source.read(CHUNK)
            done += len(chunk)
            last = done >= size
            box = keys.seal(chunk, _aad(index, last))
            out.write(_LENGTH.pack(len(box)) + box)
            index += 1
            if last:
                break
        out.flush()
        os.fsync(out.fileno())


def open_file(sealed: Path, plain: Path, keys: KeyRing) -> None:
    """Decrypt a sealed copy into ``plain`` (a SQLite file again); ``store.copy.damaged`` when it
    was altered, cut short or sealed with another key."""
    from cryptography.exceptions import InvalidTag

    with open(sealed, "rb") as source, open(plain, "xb") as out:
        if source.read(len(MAGIC)) != MAGIC:
            raise UserFacingError("store.copy.damaged", file=sealed.name)
        index = 0
        while True:
            head = source.read(_LENGTH.size)
            if len(head) != _LENGTH.size:
                raise UserFacingError("store.copy.damaged", file=sealed.name)
            box = source.read(_LENGTH.unpack(head)[0])
            last = not source.peek(1)
            try:
                out.write(keys.open(box, _aad(index, last)))
            except InvalidTag:
                raise UserFacingError("store.copy.damaged", file=sealed.name) from None
            index += 1
            if last:
                return
