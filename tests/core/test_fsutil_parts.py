"""``atomic_write_parts``: a file written from its parts without joining them lands whole, in
order, private, also when the system writes fewer bytes than asked (short writes cannot be made
to happen on a real disk, so ``os.writev``/``os.write`` are wrapped to cut every call short)."""

from __future__ import annotations

import os
import stat
import sys
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from kiosk import fsutil
from kiosk.fsutil import atomic_write_parts


def test_parts_land_in_order_as_one_private_file(tmp_path: Path) -> None:
    target = tmp_path / "packs" / "ab" / "one.pack"
    parts = [b"HEAD", b"", os.urandom(300_000), b"x" * 44, bytearray(b"tail")]
    atomic_write_parts(target, parts)
    assert target.read_bytes() == b"".join(parts)
    if sys.platform != "win32":
        assert stat.S_IMODE(target.stat().st_mode) == 0o600
    assert [p.name for p in target.parent.iterdir()] == ["one.pack"]  # no temporary left


@settings(max_examples=60, deadline=None)
@given(
    parts=st.lists(st.binary(max_size=300), max_size=12),
    most=st.integers(min_value=1, max_value=97),
)
def test_short_writes_still_land_every_byte_in_order(
    tmp_path_factory: pytest.TempPathFactory, parts: list[bytes], most: int
) -> None:
    target = tmp_path_factory.mktemp("short") / "f"
    real_writev, real_write = getattr(os, "writev", None), os.write
    calls = []

    def short_writev(fd: int, buffers: list[memoryview]) -> int:  # at most ``most`` bytes a call
        calls.append(len(buffers))
        assert real_writev is not None
        data = b"".join(bytes(b) for b in buffers)[:most]
        return real_writev(fd, [data])

    def short_write(fd: int, data: memoryview) -> int:
        calls.append(1)
        return real_write(fd, bytes(data)[:most])

    with pytest.MonkeyPatch.context() as patch:
        if real_writev is not None:
            patch.setattr(fsutil.os, "writev", short_writev)
        else:
            patch.setattr(fsutil.os, "write", short_write)
        atomic_write_parts(target, parts)
    whole = b"".join(parts)
    assert target.read_bytes() == whole
    assert len(calls) == -(-len(whole) // most)  # every call wrote all it could: none wasted


def test_more_parts_than_one_writev_takes(tmp_path: Path) -> None:
    target = tmp_path / "many"
    parts = [bytes([i % 256]) * (i % 7 + 1) for i in range(fsutil._IOV_MAX * 2 + 5)]
    atomic_write_parts(target, parts)
    assert target.read_bytes() == b"".join(parts)
