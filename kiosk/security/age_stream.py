"""Encrypting a stream with age while it is being written, without a plain copy on disk.

Backups (:mod:`kiosk.backup.archive`) and offline bundles (:mod:`kiosk.bundle.export`) both write
a ZIP or tar of personal data that must never touch the disk unencrypted. The producer writes
into one end of a pipe in a worker thread; ``pyrage.encrypt_io`` reads the other end and writes
ciphertext into ``out``. Invariants:

- nothing but ciphertext reaches ``out``; the plain bytes only pass through the pipe's buffer;
- a producer that fails makes the call raise that same exception after the encryption stopped,
  so the caller drops the (incomplete) file instead of keeping a truncated archive;
- if encryption stops early (a full disk), the reader end is closed first, so a producer still
  writing gets ``EPIPE`` and ends, and the thread is always joined before returning.
"""

from __future__ import annotations

import contextlib
import os
import threading
from collections.abc import Callable
from typing import IO

import pyrage
from pyrage import x25519


def encrypt_stream(
    produce: Callable[[IO[bytes]], None],
    recipient: x25519.Recipient,
    out: IO[bytes],
    *,
    thread_name: str,
) -> None:
    """age-encrypt to ``recipient`` what ``produce`` writes (in a thread, into a pipe) into
    ``out``; re-raise the producer's failure, if any."""
    read_fd, write_fd = os.pipe()
    reader, writer = os.fdopen(read_fd, "rb"), os.fdopen(write_fd, "wb")
    failures: list[BaseException] = []

    def run() -> None:
        try:
            produce(writer)
        except BaseException as exc:  # handed to the caller's thread below
            failures.append(exc)
        finally:
            with contextlib.suppress(OSError):
                writer.close()

    thread = threading.Thread(target=run, name=thread_name, daemon=True)
    thread.start()
    try:
        pyrage.encrypt_io(reader, out, [recipient])
    finally:
        reader.close()  # a producer still writing gets EPIPE and stops
        thread.join()
    if failures:  # the payload would be incomplete: the caller drops the file
        raise failures[0]
