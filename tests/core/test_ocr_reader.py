"""KTP reading, the rules one at a time: NIK choice, label parsing, cross-checks, the CLI.

Real Tesseract (``tesseract-ocr-ind``) on generated cards (``tests/ktp_cards.py``); the rules
that need no engine are tested on their own. Religion is on every generated card and must never
come out of the reader.
"""

from __future__ import annotations

import dataclasses
import io
import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from kiosk.ocr.engines import Engine, Line
from kiosk.ocr.fields import match_label, parse_lines, read_rt_rw, read_sex, split_birth
from kiosk.ocr.nik import choose, plausible
from tests import ktp_cards
from tests.conftest import require_service

NIK = "6571025708859001"  # Tarakan Tengah, a woman born 17-08-1985


@pytest.fixture(scope="module")
def tesseract() -> Engine:
    require_service(shutil.which("tesseract") is not None, "tesseract with the ind data")
    from kiosk.ocr.engines import load_engine

    return load_engine("tesseract")


def test_a_nik_is_plausible_only_with_its_structure() -> None:
    assert plausible(NIK)
    assert not plausible(NIK[:15])  # too short
    assert not plausible("9999" + NIK[4:])  # no such regency
    assert not plausible(NIK[:6] + "3202" + NIK[10:])  # 32 February
    assert not plausible(NIK[:12] + "0000")  # serial 0000


def test_agreeing_readings_give_the_nik_disagreeing_plausible_ones_give_none() -> None:
    assert choose([(NIK, 0.9), (NIK, 0.8)]).nik == NIK
    other = NIK[:-1] + "2"  # as plausible as the first: nothing can tell them apart
    assert choose([(NIK, 0.9), (other, 0.9)]).nik is None
    assert choose([(NIK, 0.9), (other, 0.3)]).nik == NIK  # the engine's own doubt counts
    assert choose([(NIK.replace("0", "O"), 0.9)]).nik == NIK  # letters read for digits
    assert choose([(NIK[:6] + "3202" + NIK[10:], 0.99)]).nik is None  # no date, no NIK
    one = choose([(NIK, 0.9), ("", 0.0)])
    assert one.nik == NIK and one.confidence < 0.9  # one reading only: less sure


def test_labels_and_values_are_found_forgivingly() -> None:
    assert match_label("Kel Desa") == "keldesa"
    assert match_label("Ke/Desa") == "keldesa"
    assert match_label("Tempat/Tgl Lahlr") == "tempattgllahir"
    assert match_label("Agama") == "agama"
    words = (("Kecamatan", 60), ("1", 270), ("TARAKAN", 290), ("TENGAH", 420))
    lines = [
        Line("PROVINSI KALIMANTAN UTARA", 0.9, (300, 20, 700, 50)),
        Line(
            "Agama : ISLAM", 0.9, (10, 400, 300, 420), (("Agama", 10), (":", 270), ("ISLAM", 290))
        ),
        Line("Kecamatan 1 TARAKAN TENGAH", 0.9, (60, 300, 500, 330), words),
    ]
    raw = parse_lines(lines)
    assert raw["province"].text == "KALIMANTAN UTARA"
    assert raw["district"].text == "TARAKAN TENGAH"  # the colon read as "1" is dropped
    assert "ISLAM" not in json.dumps({k: v.text for k, v in raw.items()})
    assert split_birth("TARAKAN, 17-08-1985") == ("TARAKAN", "1985-08-17")
    assert split_birth("TARAKAN, 31-02-1985") == ("TARAKAN", None)
    assert read_sex("PEREMPUAN Gol. Darah : O") == "F"
    assert read_sex("LAKl-LAKI") == "M"
    assert read_rt_rw("003 / 12") == "003/012"


def test_a_scan_is_read_and_religion_never_comes_out(tesseract: Engine) -> None:
    from kiosk.ocr import read_ktp

    data, truth = ktp_cards.scan(3)
    reading = read_ktp(data, tesseract)
    out = reading.to_json()
    assert set(out) == {"nik", "name", "birth_place", "birth_date", "sex", "address", "rt_rw",
                        "village", "district", "confidence"}  # fmt: skip
    assert out["nik"] == truth.nik and out["name"] == truth.name
    assert out["birth_date"] == truth.birth_date and out["sex"] == truth.sex
    assert out["village"] == truth.village and out["district"] == truth.district
    assert all(0.5 < c <= 1 for c in out["confidence"].values())
    assert reading.conflicts == []
    assert truth.religion not in json.dumps(out) + repr(reading)


def test_a_printed_date_that_contradicts_the_nik_is_flagged(tesseract: Engine) -> None:
    from PIL import Image

    from kiosk.ocr import read_ktp

    truth = dataclasses.replace(ktp_cards.truth(5), birth_date="1970-01-02", sex="M")
    _, real = ktp_cards.scan(5)
    if real.sex == "M":
        truth = dataclasses.replace(truth, sex="F")
    card = ktp_cards.draw_card(truth, 5)
    glass = Image.new("RGB", (card.width + 200, card.height + 200), (250, 250, 250))
    glass.paste(card, (100, 100))
    out = io.BytesIO()
    glass.save(out, "PNG")
    reading = read_ktp(out.getvalue(), tesseract)
    assert reading.values["nik"] == truth.nik
    assert {"nik_birth_date", "nik_sex"} <= set(reading.conflicts)
    assert reading.confidence["nik"] <= 0.2 and reading.confidence["birth_date"] <= 0.2


def test_the_command_prints_the_issues_json(
    tesseract: Engine, tmp_path: Path, data_dir: Path
) -> None:
    data, truth = ktp_cards.camera(7)
    image = tmp_path / "ktp.jpg"
    image.write_bytes(data)
    done = subprocess.run(
        [sys.executable, "-m", "kiosk", "ocr", "ktp", str(image), "--json"],
        capture_output=True, text=True, check=False, timeout=120,
    )  # fmt: skip
    assert done.returncode == 0, done.stderr
    out = json.loads(done.stdout)
    assert out["nik"] == truth.nik and out["rt_rw"] == truth.rt_rw
    assert set(out["confidence"]) == set(out) - {"confidence"}
    bad = tmp_path / "not-an-image.jpg"
    bad.write_text("hello")
    done = subprocess.run(
        [sys.executable, "-m", "kiosk", "ocr", "ktp", str(bad)],
        capture_output=True, text=True, check=False, timeout=120,
    )  # fmt: skip
    assert done.returncode == 2 and "tidak dapat dibuka" in done.stderr
    assert (data_dir / "logs" / "cli.log").exists()  # the command logged in the test's folder
    assert truth.nik not in (data_dir / "logs" / "cli.log").read_text()  # and no NIK in it
