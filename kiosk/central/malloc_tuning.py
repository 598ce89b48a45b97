"""The C allocator of a central process: fewer arenas, big buffers mapped, free memory given back.

Why (issue 17, the province storm of ``bench/bench_province.py``): a worker that serves page
batches of up to 2 MB of base64 JSON, eight at a time on the thread pool, grew from ~100 MB to
272-303 MB of RSS although the Python objects alive at its peak were ~60-85 MB (tracemalloc) and
fell to ~20 MB when the storm was over while the RSS stayed at ~290 MB. The difference is glibc's
malloc keeping freed memory: each thread that allocates gets an arena of its own (up to 8 per
core), a freed block inside an arena is kept for reuse rather than returned, and the threshold
above which a block is mapped on its own (and unmapped when freed) rises to the size of the
largest block freed so far (up to 32 MB), so after the first large body every later one lands in
an arena too.

What :func:`tune` does, in each process that serves requests, before its thread pool starts:

- ``M_ARENA_MAX`` = :data:`ARENAS`: the thread pool's threads share a few arenas (the GIL lets one
  thread run Python at a time anyway, so contention on the arenas' locks is small).
- ``M_MMAP_THRESHOLD`` = :data:`MMAP_THRESHOLD`: fixed (setting it turns the dynamic threshold
  off), so request bodies, envelopes and packs are mapped on their own and given back on free.
- A daemon thread calls ``malloc_trim(0)`` every :data:`TRIM_EVERY_S` seconds: free pages inside
  the arenas go back to the system (glibc ≥ 2.8 releases whole free pages anywhere in a heap,
  not only at its top).

Only on Linux with glibc (``gnu_get_libc_version`` found); elsewhere (Windows, musl, macOS) it
does nothing and says so. Nothing here changes what a request does or answers: it decides only
where the allocator takes its memory from and when it gives it back.
"""

from __future__ import annotations

import ctypes
import ctypes.util
import logging
import sys
import threading

log = logging.getLogger(__name__)

ARENAS = 2
MMAP_THRESHOLD = 256 * 1024  # bytes; glibc's own default start is 128 KiB
TRIM_EVERY_S = 5.0
_M_MMAP_THRESHOLD = -3  # <malloc.h>
_M_ARENA_MAX = -8
_tuned = threading.Event()  # once a process
_stop_trimming = threading.Event()  # set only by stop_trimming (a test process goes on)
_trimmer: threading.Thread | None = None


def _glibc() -> ctypes.CDLL | None:
    if not sys.platform.startswith("linux"):
        return None
    try:
        libc = ctypes.CDLL(ctypes.util.find_library("c") or "libc.so.6")
        libc.gnu_get_libc_version  # noqa: B018 (musl has no such function)
    except (OSError, AttributeError):
        return None
    return libc


def tune(trim_every_s: float = TRIM_EVERY_S) -> bool:
    """Set the allocator's options and start the trimming thread, once a process; False where not
    glibc (or already tuned)."""
    if _tuned.is_set():
        return False
    _tuned.set()
    libc = _glibc()
    if libc is None:
        log.info("malloc tuning skipped: not glibc")
        return False
    libc.mallopt.argtypes = [ctypes.c_int, ctypes.c_int]
    libc.malloc_trim.argtypes = [ctypes.c_size_t]
    ok = libc.mallopt(_M_ARENA_MAX, ARENAS) == 1
    ok = libc.mallopt(_M_MMAP_THRESHOLD, MMAP_THRESHOLD) == 1 and ok
    if trim_every_s > 0:
        global _trimmer
        _stop_trimming.clear()
        _trimmer = threading.Thread(
            target=_trim_until_stopped, args=(libc, trim_every_s), name="malloc-trim", daemon=True
        )
        _trimmer.start()
    return ok


def stop_trimming() -> None:
    """End the trimming thread and wait for it (a serving process never calls this: its daemon
    thread ends with it; a test process does, so that later tests see no thread of ours, e.g.
    one that must fork a single-threaded process)."""
    global _trimmer
    _stop_trimming.set()
    if _trimmer is not None:
        _trimmer.join()
        _trimmer = None


def _trim_until_stopped(libc: ctypes.CDLL, every_s: float) -> None:
    while not _stop_trimming.wait(every_s):
        libc.malloc_trim(0)
