"""Cancel in the middle of a frame (kiosk.documents.sane_image): the rest of the frame is read
and dropped first, and ``sane_cancel`` comes only when it does not end within ``DRAIN_S`` (a
driver on sanei_thread cancelled mid-frame can hang for ever: its reader thread, woken by the
closed pipe, is killed asynchronously while it formats the error).

The device here is a stand-in that records the order of calls: what matters is whether
``sane_cancel`` lands before the frame's end. The real driver's cancels (feeder, slow read) are
in ``test_documents_sane.py`` and ``tests/ui/test_documents_page.py``.
"""

from __future__ import annotations

import pytest

from kiosk.documents import sane_image
from kiosk.documents.sane_ctypes import Parameters, SaneError, Status
from kiosk.documents.sane_image import read_frame


class _Frame:
    """A device mid-frame: ``chunks`` reads of 1 KB, then EOF (None: never ends)."""

    def __init__(self, chunks: int | None, clock: list[float]) -> None:
        self.left, self.clock = chunks, clock
        self.calls: list[str] = []

    def read_into(self, buffer: bytearray, offset: int, size: int) -> int | None:
        self.clock[0] += 0.01  # each read takes the scanner 10 ms
        if self.left == 0:
            self.calls.append("eof")
            return None
        if self.left is not None:
            self.left -= 1
        self.calls.append("read")
        return min(size, 1024)

    def cancel(self) -> None:
        self.calls.append("cancel")


def _params() -> Parameters:
    params = Parameters()
    params.format, params.last_frame, params.lines = 1, 1, -1
    params.bytes_per_line, params.pixels_per_line, params.depth = 1024, 1024, 8
    return params


def test_a_frame_that_ends_soon_after_cancel_is_read_to_its_end_and_not_cancelled() -> None:
    clock = [0.0]
    frame = _Frame(chunks=20, clock=clock)
    with pytest.raises(SaneError) as info:
        read_frame(frame, _params(), lambda: True, clock=lambda: clock[0])
    assert info.value.status == Status.CANCELLED  # the page is dropped all the same
    assert frame.calls[-1] == "eof" and "cancel" not in frame.calls


def test_a_frame_that_goes_on_is_cancelled_once_the_drain_time_is_over() -> None:
    clock = [0.0]
    frame = _Frame(chunks=None, clock=clock)
    with pytest.raises(SaneError) as info:
        read_frame(frame, _params(), lambda: True, clock=lambda: clock[0])
    assert info.value.status == Status.CANCELLED
    assert frame.calls[-1] == "cancel" and frame.calls.count("cancel") == 1
    assert sane_image.DRAIN_S <= clock[0] <= sane_image.DRAIN_S + 0.05


def test_no_cancel_asked_reads_the_whole_frame() -> None:
    clock = [0.0]
    frame = _Frame(chunks=5, clock=clock)
    data = read_frame(frame, _params(), lambda: False, clock=lambda: clock[0])
    assert len(data) == 5 * 1024 and frame.calls == ["read"] * 5 + ["eof"]
