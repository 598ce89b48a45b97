"""An open SANE device through :mod:`.sane_ctypes`: its options by name, and one frame at a time.

Invariants:

- A :class:`Device` whose handle is closed raises :class:`SaneError` (``IO_ERROR``) on use and
  ignores further ``cancel``/``close``: calling libsane with a freed handle would crash the process
  (a test closes the device under a scan to play "the cable was pulled").
- Option names are SANE's (``"tl-x"``); ``_`` is accepted for ``-`` (SANE names never contain
  ``_``), and an option can be set as an attribute (``dev.br_x = 200.0``) as with python-sane.
- Descriptors are re-read whenever the driver says so (``SANE_INFO_RELOAD_OPTIONS``: a new source
  or mode changes the allowed resolutions and which options are active).
- :meth:`Device.set_option` returns the value the driver kept: drivers round to what they allow.
- Like :mod:`.sane_ctypes`, nothing here locks: the caller holds the one SANE lock.
"""

from __future__ import annotations

import ctypes
from dataclasses import dataclass
from typing import Any

from kiosk.documents.sane_ctypes import (
    CAP_INACTIVE,
    CAP_SOFT_SELECT,
    FIXED_SCALE,
    GET_VALUE,
    INFO_RELOAD_OPTIONS,
    SET_VALUE,
    OptionDescriptor,
    Parameters,
    SaneError,
    Status,
    ValueType,
    check,
    library,
    text,
)

Number = int | float
Value = bool | int | float | str | list[int] | list[float]
Constraint = list[str] | list[Number] | tuple[Number, Number, Number] | None


@dataclass(frozen=True)
class Option:
    index: int
    name: str
    title: str
    type: ValueType
    size: int  # bytes of the value (strings include their NUL)
    cap: int
    constraint: Constraint  # list of allowed values, (min, max, step), or None

    @property
    def active(self) -> bool:
        return not self.cap & CAP_INACTIVE

    @property
    def settable(self) -> bool:
        return bool(self.cap & CAP_SOFT_SELECT)


def _constraint(desc: OptionDescriptor) -> Constraint:
    unfix = (lambda w: w / FIXED_SCALE) if desc.type == ValueType.FIXED else (lambda w: w)
    kind, union = desc.constraint_type, desc.constraint  # SANE_CONSTRAINT_NONE/RANGE/WORD/STRING
    if kind == 1 and union.range:
        r = union.range.contents
        return (unfix(r.min), unfix(r.max), unfix(r.quant))
    if kind == 2 and union.word_list:
        return [unfix(union.word_list[i]) for i in range(1, union.word_list[0] + 1)]
    if kind == 3 and union.string_list:
        strings, i = [], 0
        while union.string_list[i]:
            strings.append(text(union.string_list[i]))
            i += 1
        return strings
    return None


def _encode(option: Option, value: Value) -> ctypes.Array[ctypes.c_char]:
    """The C value of ``value`` for ``option``: a NUL-ended string or an array of SANE_Words."""
    size = max(option.size, 1)
    if option.type == ValueType.STRING:
        raw = str(value).encode()
        if len(raw) >= size:
            raise SaneError(Status.INVAL, f"value too long for option {option.name!r}")
        return ctypes.create_string_buffer(raw, size)
    items = value if isinstance(value, list) else [value]
    if option.type not in (ValueType.BOOL, ValueType.INT, ValueType.FIXED) or not all(
        isinstance(v, int | float) for v in items
    ):
        raise SaneError(Status.INVAL, f"option {option.name!r} takes no value {value!r}")
    scale = FIXED_SCALE if option.type == ValueType.FIXED else 1
    numbers = [float(v) for v in items if isinstance(v, int | float)]
    if len(numbers) > max(size // 4, 1):
        raise SaneError(Status.INVAL, f"too many values for option {option.name!r}")
    words = (ctypes.c_int * max(size // 4, 1))(*[round(v * scale) for v in numbers])
    return ctypes.create_string_buffer(bytes(words), len(bytes(words)))


def _key(name: str) -> str:
    return name.replace("_", "-")


class Device:
    """An open SANE device: options by name, start/read/cancel of one frame at a time."""

    __slots__ = ("_handle", "_options", "name")

    def __init__(self, name: str) -> None:
        handle = ctypes.c_void_p()
        check(library().sane_open(name.encode(), ctypes.byref(handle)))
        self.name = name
        self._handle: ctypes.c_void_p | None = handle
        self._options: dict[str, Option] = {}
        try:
            self._load_options()
        except SaneError:
            self.close()
            raise

    def __setattr__(self, name: str, value: Any) -> None:
        if name in Device.__slots__:
            object.__setattr__(self, name, value)
        else:  # python-sane's spelling: dev.mode = "Gray"
            self.set_option(name, value)

    def _h(self) -> ctypes.c_void_p:
        if self._handle is None:
            raise SaneError(Status.IO_ERROR, "SANE device is closed")
        return self._handle

    def _load_options(self) -> None:
        lib, h, options = library(), self._h(), {}
        count = ctypes.c_int(0)
        check(lib.sane_control_option(h, 0, GET_VALUE, ctypes.byref(count), None))
        for index in range(1, count.value):
            ptr = lib.sane_get_option_descriptor(h, index)
            if not ptr or not ptr.contents.name or ptr.contents.type == ValueType.GROUP:
                continue
            d = ptr.contents
            kind = ValueType(d.type)
            options[text(d.name)] = Option(
                index, text(d.name), text(d.title), kind, d.size, d.cap, _constraint(d)
            )
        self._options = options

    def options(self) -> dict[str, Option]:
        return dict(self._options)

    def get_option(self, name: str) -> Value:
        option = self._options[_key(name)]
        buffer = ctypes.create_string_buffer(max(option.size, 4))
        check(library().sane_control_option(self._h(), option.index, GET_VALUE, buffer, None))
        if option.type == ValueType.STRING:
            return text(buffer.value)
        words = list((ctypes.c_int * (max(option.size, 4) // 4)).from_buffer(buffer))
        if option.type == ValueType.BOOL:
            return bool(words[0])
        if option.type == ValueType.FIXED:
            fixed = [w / FIXED_SCALE for w in words]
            return fixed[0] if len(fixed) == 1 else fixed
        return words[0] if len(words) == 1 else words

    def set_option(self, name: str, value: Value) -> Value:
        """Set an option; returns the value the driver kept (it may round to what it allows)."""
        option = self._options.get(_key(name))
        if option is None or not option.active or not option.settable:
            raise SaneError(Status.INVAL, f"option {name!r} is unknown, inactive or read-only")
        buffer = _encode(option, value)
        info = ctypes.c_int(0)
        check(
            library().sane_control_option(
                self._h(), option.index, SET_VALUE, buffer, ctypes.byref(info)
            )
        )
        if info.value & INFO_RELOAD_OPTIONS:  # e.g. a new source changes the allowed resolutions
            self._load_options()
        return self.get_option(name)

    def start(self) -> None:
        check(library().sane_start(self._h()))

    def parameters(self) -> Parameters:
        params = Parameters()
        check(library().sane_get_parameters(self._h(), ctypes.byref(params)))
        return params

    def read_into(self, buffer: bytearray, offset: int, size: int) -> int | None:
        """Read up to ``size`` bytes into ``buffer`` at ``offset``; None at the frame's end
        (SANE_STATUS_EOF). A driver may return fewer bytes than asked, even none."""
        length = ctypes.c_int(0)
        target = (ctypes.c_char * size).from_buffer(buffer, offset)
        status = library().sane_read(self._h(), target, size, ctypes.byref(length))
        if status == Status.EOF:
            return None
        check(status)
        return length.value

    def cancel(self) -> None:
        if self._handle is not None:
            library().sane_cancel(self._handle)

    def close(self) -> None:
        if self._handle is not None:
            handle, self._handle = self._handle, None
            library().sane_close(handle)

    def __enter__(self) -> Device:
        return self

    def __exit__(self, *_exc: object) -> None:
        self.close()
