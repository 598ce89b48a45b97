"""Shared helpers of the documents tests (no tests here)."""

from __future__ import annotations

import io
import os
import random
import signal
import time
from collections.abc import Callable
from pathlib import Path

import pytest

from kiosk.security.keys import KeyRing
from tests.conftest import require_service


def sane_test_device() -> bool:
    try:
        from kiosk.documents.sane_backend import SaneBackend

        backend = SaneBackend()
        return backend.available() and any(d.id == "sane:test:0" for d in backend.list_devices())
    except Exception:
        return False


def require_sane() -> None:
    require_service(sane_test_device(), "SANE with its test device (/etc/sane.d/dll.d/test)")


@pytest.fixture
def keyring(data_dir: Path) -> KeyRing:
    return KeyRing.load_or_create(data_dir / "keys")


@pytest.fixture
def vault(data_dir: Path, keyring: KeyRing):
    from kiosk.documents.vault import Vault

    return Vault(data_dir / "documents", keyring)


def jpeg_bytes(image, quality: int = 85, dpi: int | None = 300) -> bytes:
    out = io.BytesIO()
    kwargs = {"dpi": (dpi, dpi)} if dpi else {}
    image.save(out, "JPEG", quality=quality, **kwargs)
    return out.getvalue()


def ocr(image, *, config: str = "") -> str:
    import pytesseract

    return pytesseract.image_to_string(image, config=config)


def files_under(root: Path) -> list[Path]:
    return sorted(p for p in root.rglob("*") if p.is_file())


def kill_at_random(
    work: Callable[[int], None], rng: random.Random, within: float, trial: int
) -> None:
    """Fork a child running ``work(ready)`` — it writes ``b"r"`` to the ``ready`` descriptor once
    it runs, then works until killed — SIGKILL it at a random moment up to ``within`` seconds
    after that, and reap it (the crash tests of the vault and of document saves)."""
    ready_r, ready_w = os.pipe()
    pid = os.fork()
    if pid == 0:  # pragma: no cover - the child is killed
        try:
            os.close(ready_r)
            work(ready_w)
        finally:
            os._exit(3)
    os.close(ready_w)
    assert os.read(ready_r, 1) == b"r", "the working process did not start"
    os.close(ready_r)
    time.sleep(rng.uniform(0.0, within))
    os.kill(pid, signal.SIGKILL)
    _, status = os.waitpid(pid, 0)
    assert os.WIFSIGNALED(status), f"trial {trial}: the child ended by itself ({status})"
