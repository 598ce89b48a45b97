"""KTP OCR: the engines compared on the same generated cards, time per card and memory added.

Cards come from ``tests/ktp_cards.py`` (synthetic, seeded: the same cards every run). For each
engine (``--engines tesseract,rapidocr``) and each capture (300-dpi scan, document camera) it
prints one JSON object per line, each with its floor measured in this same run:

- ``ocr_<engine>_<capture>_accuracy``: the share of cards with each field exactly right (``nik``
  counts only a NIK offered and right; ``nik_wrong`` is the share of cards with a wrong NIK
  offered), and ``name_cer``, the name's character error rate (Levenshtein / length).
- ``ocr_<engine>_<capture>_ms_per_card``: the whole of :func:`kiosk.ocr.read_ktp` per card, one
  thread (target ≤ 700 ms at 300 dpi). Floor: the raw engine on the pre-cropped NIK line alone.
- ``ocr_<engine>_memory_mb``: resident memory added by loading the engine and reading one card
  (Linux ``/proc/self/statm``). Floor: the same process before loading.

Run: ``.venv/bin/python bench/bench_ocr.py --cards 200`` (Tesseract ~3 min, RapidOCR ~10 min on
one core). ``OMP_THREAD_LIMIT=1`` is set so Tesseract uses one core, as on a kiosk beside the GUI.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
os.environ.setdefault("OMP_THREAD_LIMIT", "1")

FIELDS = ("nik", "name", "birth_place", "birth_date", "sex", "address", "rt_rw", "village",
          "district")  # fmt: skip


def rss_mb() -> float:
    with open("/proc/self/statm") as f:
        return int(f.read().split()[1]) * os.sysconf("SC_PAGE_SIZE") / 2**20


def emit(name: str, value: object, unit: str, floor: object, floor_name: str, **extra: object):
    row = {"name": name, "value": value, "unit": unit, "floor": floor, "floor_name": floor_name}
    print(json.dumps(row | extra), flush=True)


def measure(engine_name: str, cards: int, captures: list[str]) -> None:
    from rapidfuzz.distance import Levenshtein

    from kiosk.ocr import read_ktp
    from kiosk.ocr.card import decode, rectify
    from kiosk.ocr.engines import load_engine
    from kiosk.ocr.reader import _nik_crop, text_block
    from tests import ktp_cards

    before = rss_mb()
    engine = load_engine(engine_name)
    first, _ = ktp_cards.scan(10_000)
    read_ktp(first, engine)
    emit(f"ocr_{engine_name}_memory_mb", round(rss_mb() - before, 1), "MB", round(before, 1),
         "rss_before_load_mb")  # fmt: skip
    for capture in captures:
        make = getattr(ktp_cards, capture)
        right = dict.fromkeys(FIELDS, 0)
        wrong_nik, edits, letters, spent, floor = 0, 0, 0, 0.0, 0.0
        for seed in range(cards):
            data, truth = make(seed)
            start = time.perf_counter()
            reading = read_ktp(data, engine)
            spent += time.perf_counter() - start
            crop = _nik_crop(text_block(rectify(decode(data))), None)
            start = time.perf_counter()
            engine.digits(crop)
            floor += time.perf_counter() - start
            for key in FIELDS:
                right[key] += reading.values[key] == getattr(truth, key)
            wrong_nik += reading.values["nik"] not in (None, truth.nik)
            edits += Levenshtein.distance(reading.values["name"] or "", truth.name)
            letters += len(truth.name)
        accuracy = {key: round(n / cards, 4) for key, n in right.items()}
        accuracy |= {
            "nik_wrong": round(wrong_nik / cards, 4),
            "name_cer": round(edits / letters, 4),
        }
        emit(f"ocr_{engine_name}_{capture}_accuracy", accuracy, "share", None, "", cards=cards)
        emit(f"ocr_{engine_name}_{capture}_ms_per_card", round(spent / cards * 1000, 1), "ms",
             round(floor / cards * 1000, 1), "raw_engine_nik_line_ms", target=700)  # fmt: skip


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--cards", type=int, default=200)
    parser.add_argument("--engines", default="tesseract,rapidocr")
    parser.add_argument("--captures", default="scan,camera")
    args = parser.parse_args()
    for name in args.engines.split(","):
        measure(name, args.cards, args.captures.split(","))


if __name__ == "__main__":
    main()
