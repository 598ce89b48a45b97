"""Shared helpers of the documents tests (no tests here)."""

from __future__ import annotations

import io
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
