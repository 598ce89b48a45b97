"""One page from an open SANE device (:mod:`.sane_device`) as a Pillow image: grey or RGB, 8 bits.

What SANE delivers and how it is read:

- A page is one frame (``GRAY`` or pixel-interleaved ``RGB``) or, on three-pass scanners, three
  frames (``RED``, ``GREEN``, ``BLUE``) with ``sane_start`` before each further one; the last has
  ``last_frame`` set.
- Depth 8 is used as is; depth 16 (host byte order) is reduced to its high byte, as python-sane
  did; depth 1 (line art, 1 = black) becomes black and white grey. Lines may be padded beyond the
  pixels (``bytes_per_line``).
- ``lines`` is -1 when the driver does not know the length (a feeder with paper-end detection):
  the buffer grows and the height is what arrived. A known length is read straight into one
  buffer of its size, without copies.
- Cancel is polled after every chunk from the scanning thread itself (``sane_cancel`` racing
  ``sane_start`` from another thread crashed the test driver, and a ``sane_cancel`` right after
  ``sane_start``, before any read, can hang it); a cancelled page raises
  :class:`~.sane_ctypes.SaneError` ``CANCELLED`` and is dropped, never handed out half-read.
- On cancel the rest of the frame is first read and dropped for up to :data:`DRAIN_S`, and
  ``sane_cancel`` is called only if the frame has not ended by then. Why: drivers built on
  sanei_thread (the test driver among them) end a scan by closing the pipe their reader thread
  writes to and cancelling that thread *asynchronously*; mid-frame the reader wakes with EPIPE
  and formats the error (``strerror``: locale locks, ``malloc``) just as the cancel lands, and a
  thread killed holding such a lock never finishes exiting, so ``sane_cancel`` waits for it for
  ever (seen once in CI: the feeder-cancel test hung with every later scan behind the SANE
  lock). At the end of a frame the reader has nothing more to write. The sheet in a feeder is
  passing through anyway; a flatbed pass that would take longer is cancelled mid-frame as
  before.
- ``finish``: a flatbed page ends with ``sane_cancel`` (SANE's way to end a scan); a feeder page
  does not, so the next ``sane_start`` takes the next sheet.
"""

from __future__ import annotations

import sys
import time
from collections.abc import Callable
from typing import Any, Protocol

from kiosk.documents.sane_ctypes import Parameters, SaneError, Status
from kiosk.documents.sane_device import Device

CHUNK = 1 << 18  # bytes per sane_read: large enough that call overhead does not show
DRAIN_S = 1.0  # on cancel, how long the rest of a frame may be read before sane_cancel
GRAY, RGB, RED, GREEN, BLUE = range(5)  # SANE_Frame


class FrameReader(Protocol):
    """What reading a frame needs of a device (:class:`~.sane_device.Device` has it)."""

    def read_into(self, buffer: bytearray, offset: int, size: int) -> int | None: ...

    def cancel(self) -> None: ...


def read_frame(
    dev: FrameReader,
    params: Parameters,
    stop: Callable[[], bool],
    clock: Callable[[], float] = time.monotonic,
) -> bytearray:
    """Read one frame until SANE_STATUS_EOF."""
    known = params.lines > 0
    data = bytearray(params.bytes_per_line * params.lines if known else CHUNK)
    filled = 0
    while True:
        if filled == len(data):  # unknown length, or only the EOF (or a driver's extra) is left
            data.extend(bytes(CHUNK if known else len(data)))
        count = dev.read_into(data, filled, min(CHUNK, len(data) - filled))
        if count is None:
            break
        filled += count
        if stop():  # after a read, never between sane_start and the first read (see above)
            if not _drained(dev, clock() + DRAIN_S, clock):
                dev.cancel()
            raise SaneError(Status.CANCELLED)
    del data[filled:]
    return data


def _drained(dev: FrameReader, deadline: float, clock: Callable[[], float]) -> bool:
    """Read the rest of the frame and drop it; True if it ended (EOF, or the driver's error)
    before ``deadline``, so that no ``sane_cancel`` lands in the middle of it."""
    scratch = bytearray(CHUNK)
    while clock() < deadline:
        try:
            if dev.read_into(scratch, 0, CHUNK) is None:
                return True
        except SaneError:
            return False  # the driver gave up on the frame: sane_cancel ends the scan
    return False


def read_image(dev: Device, stop: Callable[[], bool], *, finish: bool) -> Any:
    """Read the page the device was started for (``dev.start()`` already called)."""
    frames: dict[int, tuple[Parameters, bytearray]] = {}
    while True:
        params = dev.parameters()  # after sane_start: the values for this very frame
        frames[params.format] = (params, read_frame(dev, params, stop))
        if params.last_frame:
            break
        dev.start()
    if finish:
        dev.cancel()
    if GRAY in frames or RGB in frames:
        params, data = frames.get(GRAY) or frames[RGB]
        return _image(params, data, 1 if params.format == GRAY else 3)
    if all(c in frames for c in (RED, GREEN, BLUE)):
        from PIL import Image

        bands = [_image(*frames[c], samples=1) for c in (RED, GREEN, BLUE)]
        height = min(b.height for b in bands)
        return Image.merge("RGB", [b.crop((0, 0, b.width, height)) for b in bands])
    raise SaneError(Status.UNSUPPORTED, f"unsupported SANE frames {sorted(frames)}")


def _image(params: Parameters, data: bytearray, samples: int) -> Any:
    from PIL import Image

    stride, width, depth = params.bytes_per_line, params.pixels_per_line, params.depth
    height = len(data) // stride if stride > 0 else 0
    if not height or width <= 0:
        raise SaneError(Status.IO_ERROR, "the scanner returned no image data")
    mode = "L" if samples == 1 else "RGB"
    if depth == 8:
        return Image.frombuffer(mode, (width, height), data, "raw", mode, stride, 1)
    if depth == 1 and samples == 1:
        line_art = Image.frombuffer("1", (width, height), data, "raw", "1;I", stride, 1)
        return line_art.convert("L")
    if depth == 16:
        import numpy as np

        order = "<u2" if sys.byteorder == "little" else ">u2"
        words = np.frombuffer(data, dtype=order, count=height * (stride // 2))
        rows = words.reshape(height, stride // 2)[:, : width * samples]
        pixels = (rows >> 8).astype(np.uint8)
        return Image.fromarray(pixels if samples == 1 else pixels.reshape(height, width, 3))
    raise SaneError(Status.UNSUPPORTED, f"unsupported SANE depth {depth} with {samples} sample(s)")
