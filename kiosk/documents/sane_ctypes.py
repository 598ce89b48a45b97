"""libsane, the system's SANE library, called at run time through :mod:`ctypes`.

Why not a compiled binding: ``python-sane`` has no wheel and builds from source against the SANE
headers, so ``pip install`` failed on any machine without a compiler and ``libsane-dev``. SANE's C
API (``sane/sane.h``) is stable since 1.0 (1999), so binding it here, as NAPS2 does with P/Invoke,
costs two small modules (this one: the C declarations and the calls without a device;
:mod:`.sane_device`: an open device) and the install needs nothing but the ``libsane1`` runtime.

Invariants:

- The library is looked up once (:func:`library`): ``$KIOSK_LIBSANE`` when set (a SANE installed
  outside the linker's path), else the platform's soname, else ``ctypes.util.find_library``. A
  machine without libsane raises :class:`OSError` here; the backend turns that into "no scanner
  backend", never a crash.
- Nothing here locks: SANE is process-global and not thread-safe, and the caller
  (:mod:`.sane_backend`) makes every call under its one lock. ctypes releases the GIL during each
  call, so a blocking ``sane_read`` does not freeze the GUI thread.
- Every prototype is declared (``argtypes``/``restype``) before the first call: ctypes would
  otherwise pass pointers as C ints and truncate them on 64-bit machines.
"""

from __future__ import annotations

import ctypes
import ctypes.util
import enum
import os
import sys
from collections.abc import Iterator
from functools import cache
from typing import NamedTuple

_c_int_p = ctypes.POINTER(ctypes.c_int)
FIXED_SCALE = 1 << 16  # SANE_Fixed is a 16.16 fixed-point number
CAP_SOFT_SELECT, CAP_INACTIVE = 1 << 0, 1 << 5  # SANE_CAP_*
INFO_RELOAD_OPTIONS = 1 << 1  # SANE_INFO_RELOAD_OPTIONS
GET_VALUE, SET_VALUE = 0, 1  # SANE_Action


class Status(enum.IntEnum):
    GOOD = 0
    UNSUPPORTED = 1
    CANCELLED = 2
    DEVICE_BUSY = 3
    INVAL = 4
    EOF = 5
    JAMMED = 6
    NO_DOCS = 7
    COVER_OPEN = 8
    IO_ERROR = 9
    NO_MEM = 10
    ACCESS_DENIED = 11


class ValueType(enum.IntEnum):
    BOOL = 0
    INT = 1
    FIXED = 2
    STRING = 3
    BUTTON = 4
    GROUP = 5


class SaneError(Exception):
    """A call returned a status other than GOOD; ``str()`` is libsane's own text for it."""

    def __init__(self, status: int, text: str | None = None) -> None:
        self.status = status
        super().__init__(text or _strstatus(status))


class _Device(ctypes.Structure):
    _fields_ = [(n, ctypes.c_char_p) for n in ("name", "vendor", "model", "type")]


class _Range(ctypes.Structure):
    _fields_ = [("min", ctypes.c_int), ("max", ctypes.c_int), ("quant", ctypes.c_int)]


class _Constraint(ctypes.Union):
    _fields_ = [
        ("string_list", ctypes.POINTER(ctypes.c_char_p)),
        ("word_list", _c_int_p),
        ("range", ctypes.POINTER(_Range)),
    ]


class OptionDescriptor(ctypes.Structure):
    _fields_ = [
        *[(n, ctypes.c_char_p) for n in ("name", "title", "desc")],
        *[(n, ctypes.c_int) for n in ("type", "unit", "size", "cap", "constraint_type")],
        ("constraint", _Constraint),
    ]


class Parameters(ctypes.Structure):
    """SANE_Parameters: what the next frame looks like (``lines`` is -1 when not known yet)."""

    _fields_ = [
        (n, ctypes.c_int)
        for n in ("format", "last_frame", "bytes_per_line", "pixels_per_line", "lines", "depth")
    ]


class DeviceEntry(NamedTuple):
    name: str  # what sane_open takes, e.g. "test:0"
    vendor: str
    model: str
    type: str


def _candidates() -> Iterator[str]:
    """$KIOSK_LIBSANE alone when set; else the soname, then what the linker cache knows (that
    runs ``ldconfig``, so only when the soname is not found)."""
    if os.environ.get("KIOSK_LIBSANE"):
        yield os.environ["KIOSK_LIBSANE"]
        return
    yield "libsane.1.dylib" if sys.platform == "darwin" else "libsane.so.1"
    found = ctypes.util.find_library("sane")
    if found:
        yield found


def library() -> ctypes.CDLL:
    """libsane with the prototypes used here declared; :class:`OSError` when it is missing (the
    outcome, found or not, is kept: a machine without SANE asks once per process)."""
    lib = _load()
    if isinstance(lib, str):
        raise OSError(lib)
    return lib


@cache
def _load() -> ctypes.CDLL | str:
    errors = []
    for name in _candidates():
        try:
            lib = ctypes.CDLL(name)
            break
        except OSError as exc:
            errors.append(str(exc))
    else:
        return "libsane not found: " + "; ".join(errors or ["no candidate"])
    handle, p = ctypes.c_void_p, ctypes.POINTER
    for fn, args, result in [
        ("sane_init", (_c_int_p, ctypes.c_void_p), ctypes.c_int),
        ("sane_exit", (), None),
        ("sane_get_devices", (p(p(p(_Device))), ctypes.c_int), ctypes.c_int),
        ("sane_open", (ctypes.c_char_p, p(handle)), ctypes.c_int),
        ("sane_close", (handle,), None),
        ("sane_get_option_descriptor", (handle, ctypes.c_int), p(OptionDescriptor)),
        (
            "sane_control_option",
            (handle, ctypes.c_int, ctypes.c_int, handle, _c_int_p),
            ctypes.c_int,
        ),
        ("sane_get_parameters", (handle, p(Parameters)), ctypes.c_int),
        ("sane_start", (handle,), ctypes.c_int),
        ("sane_read", (handle, ctypes.c_void_p, ctypes.c_int, _c_int_p), ctypes.c_int),
        ("sane_cancel", (handle,), None),
        ("sane_strstatus", (ctypes.c_int,), ctypes.c_char_p),
    ]:
        getattr(lib, fn).argtypes, getattr(lib, fn).restype = args, result
    return lib


def text(raw: bytes | None) -> str:
    return (raw or b"").decode("utf-8", "replace")


def _strstatus(status: int) -> str:
    try:
        return text(library().sane_strstatus(status))
    except OSError:
        return f"SANE status {status}"


def check(status: int) -> None:
    if status != Status.GOOD:
        raise SaneError(status)


def init() -> int:
    """``sane_init``; returns SANE's version code (major << 24 | minor << 16 | build)."""
    version = ctypes.c_int(0)
    check(library().sane_init(ctypes.byref(version), None))
    return version.value


def exit_() -> None:
    """``sane_exit``: closes every open handle; :func:`init` must be called again afterwards."""
    library().sane_exit()


def get_devices(local_only: bool) -> list[DeviceEntry]:
    listed = ctypes.POINTER(ctypes.POINTER(_Device))()
    check(library().sane_get_devices(ctypes.byref(listed), int(local_only)))
    found, index = [], 0
    while listed and listed[index]:
        d = listed[index].contents
        found.append(DeviceEntry(text(d.name), text(d.vendor), text(d.model), text(d.type)))
        index += 1
    return found
