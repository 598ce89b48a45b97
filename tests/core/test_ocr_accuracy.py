"""KTP reading accuracy on generated cards, with the issue's thresholds (fails if they drop).

200 scans at 300 dpi and 100 document-camera frames (``tests/ktp_cards.py``: fonts, names,
villages of the whole country, light, blur, noise, skew, perspective and JPEG all vary), read by
the real Tesseract, two cards at a time (Tesseract runs a process per call; about two minutes on
two cores). Thresholds from issue 15: NIK exactly right on ≥ 97 % of scans and ≥ 90 % of camera
frames; a wrong NIK offered on ≤ 0.5 % of cards (an unreadable NIK is better than a wrong one);
names with a character error rate ≤ 3 %. The other fields are held to what was measured when the
reader was written, with a margin, so a regression in them shows too.
"""

from __future__ import annotations

import shutil
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor

import pytest
from rapidfuzz.distance import Levenshtein

from tests import ktp_cards
from tests.conftest import require_service

FIELDS = ("nik", "name", "birth_place", "birth_date", "sex", "address", "rt_rw", "village",
          "district")  # fmt: skip


def _measure(
    make: Callable[[int], tuple[bytes, ktp_cards.KtpTruth]], cards: int
) -> dict[str, float]:
    from kiosk.ocr import read_ktp
    from kiosk.ocr.engines import load_engine

    engine = load_engine("tesseract")

    def one(seed: int) -> tuple[dict[str, str | None], ktp_cards.KtpTruth]:
        data, truth = make(seed)
        return read_ktp(data, engine).values, truth

    with ThreadPoolExecutor(2) as pool:
        results = list(pool.map(one, range(cards)))
    out = {key: sum(v[key] == getattr(t, key) for v, t in results) / cards for key in FIELDS}
    out["nik_wrong"] = sum(v["nik"] not in (None, t.nik) for v, t in results) / cards
    edits = sum(Levenshtein.distance(v["name"] or "", t.name) for v, t in results)
    out["name_cer"] = edits / sum(len(t.name) for _, t in results)
    return out


@pytest.fixture(scope="module", autouse=True)
def _tesseract() -> None:
    require_service(shutil.which("tesseract") is not None, "tesseract with the ind data")


def test_scans_at_300_dpi() -> None:
    got = _measure(ktp_cards.scan, 200)
    assert got["nik"] >= 0.97, got
    assert got["nik_wrong"] <= 0.005, got
    assert got["name_cer"] <= 0.03, got
    for key in ("birth_date", "sex", "rt_rw", "village", "district"):
        assert got[key] >= 0.9, (key, got)


def test_document_camera_frames() -> None:
    got = _measure(ktp_cards.camera, 100)
    assert got["nik"] >= 0.90, got
    assert got["nik_wrong"] <= 0.005, got
    assert got["name_cer"] <= 0.03, got
    for key in ("birth_date", "sex", "rt_rw", "village", "district"):
        assert got[key] >= 0.85, (key, got)
