"""The content-addressed, encrypted, durable store of document pages.

A page is named by the SHA-256 of its plaintext (the compressed image as shown and synced) and kept
as an :mod:`envelope <kiosk.documents.envelope>` in ``<documents>/<first two hex digits>/<sha256>``.

Durability order (the reason this module exists): :meth:`Vault.put` writes a temporary file, fsyncs
it, renames it into place and fsyncs the folder, and only *then* returns the hash; the caller
commits the database row that references the page afterwards. A crash before the rename leaves
a ``.tmp`` file (removed by the start-up sweep), a crash after it leaves an unreferenced file (also
removed by the sweep); no row can ever point to a missing or partial file.

Plaintext never touches the disk: :meth:`get` decrypts into memory only.

Two kinds of page file live side by side. One sealed before enrolment carries the kiosk's own wrap
in its header (it is the only key there is). One sealed once the central's key is known carries
only the central's wrap; the kiosk's own is a row of :mod:`kiosk.documents.wraps`, committed
*before* the file is written (a crash leaves nothing, a row alone — swept at start-up — or both;
never a file this kiosk cannot open while the central does not hold it). Opening here uses the
header's wraps plus that row (:meth:`_aside`); the file is what sync uploads either way, and the
central opens it with its key. Forgetting the local key (:meth:`forget_local_keys`) rewrites an
older file without its wrap, and deletes the rows of the newer ones in one transaction.

A folder that cannot be written (full, read-only mount, no permission, I/O error) is named as
that :class:`~kiosk.errors.StorageFault`, at opening as at a write, never a raw ``OSError``.
"""

from __future__ import annotations

import hashlib
import os
import re
import sqlite3
import threading
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path

from kiosk.documents import envelope as env
from kiosk.documents import wraps
from kiosk.errors import StorageFault, UserFacingError, storage_fault
from kiosk.fsutil import atomic_write_bytes, atomic_write_many, fsync_dir
from kiosk.security.keys import KeyRing, key_id

_HASH = re.compile(r"[0-9a-f]{64}")
# Per vault folder: pages put again in this process while already on disk (Vault.taken_again).
_AGAIN: dict[str, set[str]] = {}
_AGAIN_LOCK = threading.Lock()


def _check_hash(sha256: str) -> str:
    if not isinstance(sha256, str) or _HASH.fullmatch(sha256) is None:
        raise ValueError(f"not a SHA-256 hex digest: {sha256!r}")
    return sha256


@contextmanager
def _wraps_faults() -> Iterator[None]:
    """The wraps store's failures as the vault's own: a disk fault named, a database error as a
    failed write (the page is not stored, and the user is told so)."""
    try:
        yield
    except OSError as exc:
        raise _write_failed(exc) from exc
    except sqlite3.Error as exc:
        raise UserFacingError("documents.write_failed", reason=str(exc)) from exc


def _write_failed(exc: OSError) -> UserFacingError:
    """A page write's ``OSError`` as the sentence for the person: a full disk keeps the page
    on screen (:data:`documents.disk_full`); read-only, permission and I/O faults are named
    (:class:`~kiosk.errors.StorageFault`); anything else says the page was not saved and why."""
    fault = storage_fault(exc)
    if fault is not None and fault.kind == "disk_full":
        return StorageFault("disk_full", code="documents.disk_full")
    if fault is not None:
        return fault
    return UserFacingError("documents.write_failed", reason=exc.strerror or type(exc).__name__)


#: envelopes rewritten together: each group is two ``syncfs`` (a week's ~17,000 small pages in
#: a few groups); the byte bound keeps the memory of large scans in check
_FORGET_CHUNK = 2048
_FORGET_CHUNK_BYTES = 32 * 1024 * 1024


class Vault:
    """Pages on disk, encrypted to the local key (in the file, or beside it once enrolled) and,
    once enrolled, to the central's key (in the file)."""

    def __init__(self, folder: Path, keyring: KeyRing) -> None:
        self.folder = Path(folder)
        self._folder_text = os.fspath(self.folder)
        self.keyring = keyring
        try:
            self.folder.mkdir(parents=True, exist_ok=True)
            self._again_key = str(self.folder.resolve())  # resolved once: asked once per page
            self.wraps = wraps.store_for(self.folder)
            #: True while a sync round forgets keys: the store's WAL is emptied once, at its end
            self.wipe_later = False
            if os.name != "nt" and self.folder.stat().st_mode & 0o777 != 0o700:
                # Only when needed: on a read-only mount a vault that is already private opens
                # for reading (pages still show); a write then names the fault.
                os.chmod(self.folder, 0o700)
        except OSError as exc:
            raise _write_failed(exc) from exc

    # -- paths -----------------------------------------------------------------------------------
    def path(self, sha256: str) -> Path:
        return Path(self.file_name(sha256))

    def file_name(self, sha256: str) -> str:
        """:meth:`path` as text (a week's upload listing asks it ~17,000 times: pathlib's two
        joins per page were a third of that listing's CPU)."""
        _check_hash(sha256)
        return f"{self._folder_text}{os.sep}{sha256[:2]}{os.sep}{sha256}"

    def iter_hashes(self) -> Iterator[str]:
        """Every complete page file (temporary files excluded)."""
        for sub in sorted(self.folder.iterdir()):
            if not sub.is_dir() or len(sub.name) != 2:
                continue
            for item in sorted(sub.iterdir()):
                if _HASH.match(item.name) and item.name.startswith(sub.name):
                    yield item.name

    def _recipients(self) -> list:
        recipients = [self.keyring.document_key.public_key()]
        central = self.keyring.central_document_key
        if central is not None:
            recipients.append(central)
        return recipients

    def _store(self, sha256: str, blob: bytes) -> None:
        target = self.path(sha256)
        try:
            if not target.parent.exists():
                target.parent.mkdir(mode=0o700)
                fsync_dir(self.folder)  # the new sub-folder's entry must survive a power cut too
            atomic_write_bytes(target, blob, mode=0o600)
        except OSError as exc:
            raise _write_failed(exc) from exc

    # -- the contract ----------------------------------------------------------------------------
    def put(self, data: bytes, media_type: str) -> str:
        """Encrypt and durably store ``data``; returns its SHA-256 once it is safely on disk."""
        sha256 = hashlib.sha256(data).hexdigest()
        if self.has(sha256):
            self._taken_again(sha256, add=True)
            if self.readable_here(sha256):
                return sha256  # content-addressed: the same page is stored once
        # New, or its local key was dropped once the central held it (kiosk.sync.forget): the
        # same bytes taken again (a re-scan) are sealed anew so the work that takes them can
        # show them; the content, and so the name, is the same.
        central = self.keyring.central_document_key
        if central is None:  # not enrolled: the local wrap in the file, the only key there is
            self._store(sha256, env.seal_document(data, self._recipients(), media_type))
            return sha256
        local = self.keyring.document_key.public_key()
        blob, record = env.seal_split(data, [central], local, media_type)
        self._keep_wrap(sha256, env.inspect(blob).nonce, record)  # durable before the file
        self._store(sha256, blob)
        return sha256

    def _keep_wrap(self, sha256: str, nonce: str, record: wraps.Record) -> None:
        with _wraps_faults():
            self.wraps.put(sha256, nonce, record)

    def _aside(self, sha256: str, info: env.EnvelopeInfo) -> tuple[wraps.Record, ...]:
        """The local wrap kept beside the file (pages sealed once enrolled), if any."""
        if self._local_id() in info.recipients:
            return ()
        record = self.wraps.get(sha256, info.nonce)
        return () if record is None else (record,)

    def _local_id(self) -> str:
        return key_id(self.keyring.document_key.public_key())

    def _taken_again(self, sha256: str, *, add: bool = False, clear: bool = False) -> bool:
        with _AGAIN_LOCK:
            marks = _AGAIN.setdefault(self._again_key, set())
            found = sha256 in marks
            if add:
                marks.add(sha256)
            elif clear:
                marks.discard(sha256)
        return found

    def taken_again(self, sha256: str) -> bool:
        """True when the page was put again in this process while already stored (a re-scan of
        the same file): work not saved yet may hold it, which no database row shows."""
        return self._taken_again(sha256)

    def release_taken(self, sha256: str) -> None:
        """The page taken again is now referenced by a saved row (that row protects it)."""
        self._taken_again(sha256, clear=True)

    def readable_here(self, sha256: str) -> bool:
        """True while this kiosk's own key still opens the page (not yet only the central's)."""
        try:
            info = env.inspect(self.envelope(sha256))
        except (UserFacingError, env.EnvelopeError):
            return False
        return self._local_id() in info.recipients or bool(self._aside(sha256, info))

    def has(self, sha256: str) -> bool:
        """True when a complete, well-formed envelope for ``sha256`` is on disk."""
        try:
            info = env.inspect(self.path(sha256).read_bytes())
        except (OSError, env.EnvelopeError):
            return False
        return info.sha256 == sha256

    def envelope(self, sha256: str) -> bytes:
        """The stored file as it is (what sync uploads; the central opens it with its key)."""
        try:
            return self.path(sha256).read_bytes()
        except FileNotFoundError as exc:
            raise UserFacingError("documents.page.missing") from exc

    def get(self, sha256: str) -> bytes:
        """The plaintext page, in memory only; verified against its hash."""
        blob = self.envelope(sha256)
        try:
            info = env.inspect(blob)
            data = env.open_document(blob, self.keyring.document_key, self._aside(sha256, info))
        except env.NotARecipient as exc:
            lost = self.wraps.lost_at()
            if lost is not None:
                raise UserFacingError("documents.page.local_key_lost", when=lost) from exc
            raise UserFacingError("documents.page.sent_to_central") from exc
        except env.EnvelopeError as exc:
            raise UserFacingError("documents.page.damaged") from exc
        if hashlib.sha256(data).hexdigest() != sha256:
            raise UserFacingError("documents.page.damaged")
        return data

    def media_type(self, sha256: str) -> str:
        return env.inspect(self.envelope(sha256)).media_type

    def verify(self, sha256: str) -> str:
        """``"ok"``, ``"missing"`` or ``"damaged"``; decrypts when the local key still can."""
        try:
            blob = self.path(sha256).read_bytes()
        except FileNotFoundError:
            return "missing"
        try:
            info = env.inspect(blob)
            if info.sha256 != sha256:
                return "damaged"
            extra = self._aside(sha256, info)
            if extra or self._local_id() in info.recipients:
                env.open_document(blob, self.keyring.document_key, extra)
        except env.EnvelopeError:
            return "damaged"
        return "ok"

    def for_central(self, sha256: str) -> bytes | None:
        """The envelope as sync sends it: :meth:`has`, :meth:`wrap_to_central` and
        :meth:`envelope` in one read of the file (a batch of a week's pages reads thousands).
        None when the page is missing or damaged here."""
        return self.for_central_many([sha256])[sha256]

    def for_central_many(self, hashes: Iterable[str]) -> dict[str, bytes | None]:
        """:meth:`for_central` of a batch, the central's key looked up once for all of it."""
        central = self.keyring.central_document_key
        central_id = key_id(central) if central is not None else None
        out: dict[str, bytes | None] = {}
        for sha256 in hashes:
            try:
                blob = self.path(sha256).read_bytes()
                info = env.inspect(blob)
            except (OSError, env.EnvelopeError):
                out[sha256] = None
                continue
            if info.sha256 != sha256:
                out[sha256] = None
            elif central_id is not None and central_id not in info.recipients:
                self.wrap_to_central(sha256)
                out[sha256] = self.envelope(sha256)
            else:
                out[sha256] = blob
        return out

    def wrap_to_central(self, sha256: str) -> bool:
        """After enrolment: add the central as a recipient of an older page. True if changed."""
        central = self.keyring.central_document_key
        if central is None:
            return False
        blob = self.envelope(sha256)
        info = env.inspect(blob)
        if key_id(central) in info.recipients:
            return False
        try:
            rewrapped = env.rewrap(
                blob, self.keyring.document_key, [central], self._aside(sha256, info)
            )
        except env.NotARecipient:
            return False
        self._store(sha256, rewrapped)
        return True

    def wrap_all_to_central(self) -> int:
        """Right after enrolment: give the central access to every page sealed before it."""
        return sum(self.wrap_to_central(sha256) for sha256 in list(self.iter_hashes()))

    def forget_local_key(self, sha256: str) -> bool:
        """After the central confirmed the page: only the central can open it from now on.
        True if the local key was dropped now (False: it was gone already)."""
        central = self.keyring.central_document_key
        blob = self.envelope(sha256)
        info = env.inspect(blob)
        if central is None or key_id(central) not in info.recipients:
            raise ValueError(
                "the page is not wrapped to the central's key; refusing to lock it out"
            )
        local = self._local_id()
        if local not in info.recipients:  # sealed once enrolled: its wrap is a row, or gone
            return bool(self._forget_rows([(sha256, info.nonce)]))
        self._store(sha256, env.drop_recipient(blob, local))
        return True

    def forget_local_keys(self, hashes: Iterable[str]) -> tuple[list[str], list[str]]:
        """:meth:`forget_local_key` for many pages, each file read once: the older ones (local wrap
        in the file) rewritten together (a group at a time, each durable:
        :func:`~kiosk.fsutil.atomic_write_many`), the newer ones' side rows deleted in one
        transaction (:meth:`kiosk.documents.wraps.WrapStore.forget`). Returns (the pages whose
        local key was dropped now, the pages refused because they are not wrapped to the
        central's key and must stay readable here). A page not on disk whole (missing, or not
        :meth:`has`) has no key to drop: it is in neither list and nothing is written for it."""
        central = self.keyring.central_document_key
        central_id = key_id(central) if central is not None else None
        local = self._local_id()
        changed: list[str] = []
        refused: list[str] = []
        writes: list[tuple[Path, bytes]] = []
        aside: list[tuple[str, str | None]] = []  # wraps kept beside the file: rows to delete
        size = 0
        for sha256 in hashes:
            path = self.path(sha256)
            try:
                blob = path.read_bytes()
                info = env.inspect(blob)
            except (OSError, env.EnvelopeError):
                continue
            if info.sha256 != sha256:
                continue
            if central_id is None or central_id not in info.recipients:
                refused.append(sha256)
                continue
            if local in info.recipients:
                writes.append((path, env.drop_recipient(blob, local)))
                changed.append(sha256)
                size += len(blob)
            else:
                aside.append((sha256, info.nonce))
            if len(writes) >= _FORGET_CHUNK or size >= _FORGET_CHUNK_BYTES:
                self._write_many(writes)
                writes, size = [], 0
        self._write_many(writes)
        changed += self._forget_rows(aside)  # one transaction for all, no page file touched
        return changed, refused

    def wipe(self) -> None:
        """Empty the wraps store's WAL (after forgetting with :attr:`wipe_later` set)."""
        with _wraps_faults():
            self.wraps.wipe()

    def _forget_rows(self, pages: Sequence[tuple[str, str | None]]) -> list[str]:
        with _wraps_faults():
            return self.wraps.forget(pages, wipe=not self.wipe_later)

    def _write_many(self, writes: list[tuple[Path, bytes]]) -> None:
        try:
            atomic_write_many(writes)
        except OSError as exc:
            raise _write_failed(exc) from exc

    def remove(self, sha256: str) -> None:
        """Delete the page file, then its local wrap kept beside it (a crash in between leaves a
        row without a file, which :meth:`sweep_wraps` deletes)."""
        path = self.path(sha256)
        path.unlink(missing_ok=True)
        fsync_dir(path.parent)
        self._forget_rows([(sha256, None)])

    def sweep_wraps(self) -> int:
        """At start-up, before any capture: delete the local wraps whose page file is gone (a
        crash between a put's row and its file, or between a removal's file and its row)."""
        orphans = [(sha, None) for sha in self.wraps.hashes() if not self.path(sha).exists()]
        return len(self._forget_rows(orphans))
