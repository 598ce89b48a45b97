"""The backup file: a ZIP holding two age files, readable with standard tools alone.

Members, in this order (ZIP, stored without compression; each has its CRC-32):

- ``README.txt``: what the file is and how to open it without the kiosk software;
- ``header.json``: format name and version, when, which kiosk code, scheduled or manual — no
  personal data and no secret;
- ``recovery-key.age``: an age X25519 identity (a private key), encrypted with the recovery
  passphrase (age's scrypt recipient);
- ``payload.tar.age``: the snapshot (a tar, see :mod:`kiosk.backup.snapshot`), encrypted with age
  to that identity's public key (the recipient).

Why age (the ``pyrage`` binding of rage, wheels for Linux, Windows and macOS) and not own
cryptography: the format is specified and reviewed (X25519, ChaCha20-Poly1305 in 64 KiB chunks,
each authenticated before it is released, and the end of the stream authenticated too, so a
flipped byte or a cut-off file is always detected), and a help desk can open a backup with the
``age`` command line tool if this program is gone::

    unzip backup.zip recovery-key.age payload.tar.age
    age -d -o identity.txt recovery-key.age          # asks for the recovery passphrase
    age -d -i identity.txt payload.tar.age | tar x

Why the two-step key: a passphrase-only age file needs the passphrase at every backup. A
scheduled backup runs unattended and must not find the passphrase on disk, so it encrypts to a
public key; the matching private key exists only inside ``recovery-key.age``, sealed with the
supervisor's passphrase (see :mod:`kiosk.backup.schedule`). A manual backup makes a fresh identity
for each file. Either way the file opens with the passphrase alone, on any machine.

Streaming: the snapshot is produced into an OS pipe by a thread while age encrypts from the other
end straight into the ZIP member (and the reverse on restore), so no plaintext copy of the keys
or the database is written outside the data folder. Output is written under a temporary name,
fsync'd and renamed: a crash never leaves a file that looks like a complete backup.
"""

from __future__ import annotations

import contextlib
import json
import os
import secrets
import threading
import time
import zipfile
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import IO, Any, TypeVar

import pyrage
from pyrage import x25519

from kiosk.backup.messages import BackupError
from kiosk.fsutil import fsync_dir
from kiosk.security.age_stream import encrypt_stream

FORMAT = "kiosk-backup"
VERSION = 1
README = "README.txt"
HEADER = "header.json"
RECOVERY = "recovery-key.age"
PAYLOAD = "payload.tar.age"

T = TypeVar("T")

_README = """Kiosk backup (kios pendaftaran penyedia) / Cadangan kios

Restore with the kiosk program / Pulihkan dengan program kios:
    kiosk restore THIS-FILE.zip

Without it, with the standard age tool (https://age-encryption.org) / Tanpa program kios:
    unzip THIS-FILE.zip recovery-key.age payload.tar.age
    age -d -o identity.txt recovery-key.age      (recovery passphrase / frasa sandi pemulihan)
    age -d -i identity.txt payload.tar.age | tar x
The tar holds data/ (the kiosk's data folder) and manifest.json (every file's SHA-256).
"""


@dataclass(frozen=True)
class RecoveryKey:
    """The public key backups are encrypted to, and its private half sealed by a passphrase."""

    recipient: str  # "age1..."
    wrapped: bytes  # the identity, age-encrypted with the recovery passphrase (scrypt)


def new_recovery_key(passphrase: str) -> RecoveryKey:
    """A fresh identity sealed with ``passphrase`` (age scrypt: about 1-3 s on purpose)."""
    identity = x25519.Identity.generate()
    wrapped = pyrage.passphrase.encrypt(str(identity).encode(), passphrase)
    return RecoveryKey(str(identity.to_public()), wrapped)


def unwrap(wrapped: bytes, passphrase: str) -> x25519.Identity:
    try:
        text = pyrage.passphrase.decrypt(wrapped, passphrase).decode()
        return x25519.Identity.from_str(text.strip())
    except (pyrage.DecryptError, pyrage.IdentityError, UnicodeDecodeError, ValueError) as exc:
        raise BackupError("backup.passphrase.wrong") from exc


# -- writing ---------------------------------------------------------------------------------------
def write_archive(
    target: Path, key: RecoveryKey, header: dict[str, Any], produce: Callable[[IO[bytes]], None]
) -> int:
    """Write the backup file ``target`` (which must not exist yet); returns its size."""
    target = Path(target)
    if target.exists():
        raise BackupError("backup.file.exists", file=target.name)
    recipient = x25519.Recipient.from_str(key.recipient)
    temp = target.with_name(f".{target.name}.{secrets.token_hex(4)}.tmp")
    try:
        with open(temp, "xb") as raw:
            with zipfile.ZipFile(raw, "w", zipfile.ZIP_STORED) as zf:
                zf.writestr(README, _README)
                head = {"format": FORMAT, "version": VERSION, **header}
                zf.writestr(HEADER, json.dumps(head, indent=1, sort_keys=True))
                zf.writestr(RECOVERY, key.wrapped)
                member_info = zipfile.ZipInfo(PAYLOAD, time.localtime()[:6])
                with zf.open(member_info, "w", force_zip64=True) as member:
                    encrypt_stream(produce, recipient, member, thread_name="backup-snapshot")
            raw.flush()
            os.fsync(raw.fileno())
        os.chmod(temp, 0o600)  # encrypted, but still the kiosk's whole data: owner only
        os.replace(temp, target)
        fsync_dir(target.parent)
    except OSError as exc:
        raise BackupError("backup.write_failed", reason=exc.strerror or type(exc).__name__) from exc
    finally:
        temp.unlink(missing_ok=True)
    return target.stat().st_size


# -- reading ---------------------------------------------------------------------------------------
@contextlib.contextmanager
def _zip(path: Path) -> Iterator[zipfile.ZipFile]:
    name = Path(path).name
    try:
        with zipfile.ZipFile(path) as zf:
            if zf.namelist()[:1] != [README] or not {HEADER, RECOVERY, PAYLOAD} <= set(
                zf.namelist()
            ):
                raise BackupError("backup.file.not_backup", file=name)
            yield zf
    except FileNotFoundError as exc:
        raise BackupError("backup.file.not_backup", file=name) from exc
    except zipfile.BadZipFile as exc:
        raise BackupError("backup.file.damaged", file=name, detail="zip") from exc


def read_header(path: Path) -> dict[str, Any]:
    """The plaintext header (checked: a backup of a format this program reads)."""
    with _zip(path) as zf:
        try:
            head = json.loads(zf.read(HEADER))
        except (zipfile.BadZipFile, ValueError) as exc:
            raise BackupError("backup.file.damaged", file=Path(path).name, detail=HEADER) from exc
    if not isinstance(head, dict) or head.get("format") != FORMAT:
        raise BackupError("backup.file.not_backup", file=Path(path).name)
    if not isinstance(head.get("version"), int) or head["version"] > VERSION:
        raise BackupError("backup.file.newer", version=head.get("version"))
    return head


def open_identity(path: Path, passphrase: str) -> x25519.Identity:
    """The backup's identity; ``backup.passphrase.wrong`` when the passphrase does not open it."""
    with _zip(path) as zf:
        try:
            wrapped = zf.read(RECOVERY)  # checks the member's CRC-32: damage is told apart
        except zipfile.BadZipFile as exc:
            raise BackupError("backup.file.damaged", file=Path(path).name, detail=RECOVERY) from exc
    return unwrap(wrapped, passphrase)


def read_payload(path: Path, identity: x25519.Identity, consume: Callable[[IO[bytes]], T]) -> T:
    """Decrypt the payload into ``consume`` (run in a thread, reading a pipe); its result.

    Any authentication failure (a flipped byte, a cut-off file) raises ``backup.file.damaged``;
    ``consume`` may already have seen the chunks before the damage, so it must write only into a
    staging place that the caller throws away on error.
    """
    read_fd, write_fd = os.pipe()
    reader, writer = os.fdopen(read_fd, "rb"), os.fdopen(write_fd, "wb")
    results: list[T] = []
    failures: list[BaseException] = []

    def run() -> None:
        try:
            results.append(consume(reader))
        except BaseException as exc:
            failures.append(exc)
        finally:
            reader.close()  # a decryptor still writing gets EPIPE and stops

    thread = threading.Thread(target=run, name="restore-payload", daemon=True)
    thread.start()
    damaged: BaseException | None = None
    try:
        with _zip(path) as zf, zf.open(PAYLOAD) as member:
            pyrage.decrypt_io(member, writer, [identity])
    except BackupError:
        raise
    except Exception as exc:  # an age authentication error, a bad CRC, a broken pipe
        damaged = exc
    finally:
        with contextlib.suppress(OSError):
            writer.close()
        thread.join()
    if failures and not (damaged and _symptom_of_cut_input(failures[0])):
        raise failures[0]
    if damaged is not None:
        detail = PAYLOAD if not isinstance(damaged, zipfile.BadZipFile) else "zip"
        raise BackupError("backup.file.damaged", file=Path(path).name, detail=detail) from damaged
    return results[0]


def _symptom_of_cut_input(exc: BaseException) -> bool:
    """A reader that failed only because the decrypted stream stopped early."""
    import tarfile

    return isinstance(exc, tarfile.TarError | EOFError) or (
        isinstance(exc, BackupError) and exc.code == "backup.file.damaged"
    )
