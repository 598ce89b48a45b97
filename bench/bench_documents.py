"""Benchmarks of document capture; one JSON object per line.

- ``documents.pipeline_ms_per_page``: the pipeline on a synthetic 300-dpi A4 colour page (as a
  scanner delivers it, in memory) with the default document preset; floor: a plain OpenCV
  grey + deskew + crop + JPEG q75 of the same page in the same run. Target ≤ 150 ms.
- ``documents.page_kb``: size of that page (grey, 200 dpi, four tones); floor: the plain
  OpenCV JPEG.
  Target ≤ 200 KB. ``documents.page_kb_gray_jpeg``: the same page with the full-grey JPEG preset.
- ``documents.card_ms``: a KTP found on a white glass, cropped, deskewed (colour, 300 dpi).
- ``documents.scan_to_thumbnail_ms``: SANE ``test`` device, flatbed, colour, 300 dpi (its largest
  area, 200 × 200 mm) → pipeline → encrypted into the vault → thumbnail; floor: the bare scan.

Run: ``OMP_THREAD_LIMIT=1 .venv/bin/python bench/bench_documents.py [--repeat N]``.
"""

from __future__ import annotations

import argparse
import json
import statistics
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any


@dataclass
class Timing:
    ms: float  # median wall-clock milliseconds
    cpu_ms: float  # median CPU milliseconds of this process (steadier on a shared machine)
    result: Any = None


def timed(fn: Callable[[], Any], repeat: int) -> Timing:
    wall, cpu, result = [], [], None
    for _ in range(repeat):
        start, start_cpu = time.perf_counter(), time.process_time()
        result = fn()
        wall.append((time.perf_counter() - start) * 1000)
        cpu.append((time.process_time() - start_cpu) * 1000)
    return Timing(statistics.median(wall), statistics.median(cpu), result)


def emit(
    name: str,
    value: float,
    unit: str,
    floor: float | None,
    floor_name: str,
    target: Any,
    **extra: float,
) -> None:
    line = {
        "name": name,
        "value": round(value, 2),
        "unit": unit,
        "floor": None if floor is None else round(floor, 2),
        "floor_name": floor_name,
        "target": target,
    }
    line.update({k: round(v, 2) for k, v in extra.items()})
    print(json.dumps(line), flush=True)


def emit_ms(name: str, run: Timing, floor: Timing, floor_name: str, target: Any) -> None:
    emit(
        name,
        run.ms,
        "ms",
        floor.ms,
        floor_name,
        target,
        cpu_ms=run.cpu_ms,
        floor_cpu_ms=floor.cpu_ms,
    )


def opencv_floor(rgb: Any) -> bytes:
    """The plain way, kept lean: grey, skew from the dark pixels' rectangle (on a quarter-size
    copy), rotate, crop to the content, JPEG q75 at the scan's resolution."""
    import cv2
    import numpy as np

    gray = cv2.cvtColor(rgb, cv2.COLOR_RGB2GRAY)
    small = cv2.resize(gray, None, fx=0.25, fy=0.25, interpolation=cv2.INTER_AREA)
    _, dark = cv2.threshold(small, 0, 255, cv2.THRESH_BINARY_INV + cv2.THRESH_OTSU)
    angle = cv2.minAreaRect(cv2.findNonZero(dark))[2]
    angle = angle - 90 if angle > 45 else angle
    h, w = gray.shape
    matrix = cv2.getRotationMatrix2D((w / 2, h / 2), angle, 1.0)
    turned = cv2.warpAffine(gray, matrix, (w, h), borderValue=255)
    x, y, cw, ch = cv2.boundingRect(cv2.findNonZero((turned < 128).astype(np.uint8)))
    crop = turned[y : y + ch, x : x + cw]
    return cv2.imencode(".jpg", crop, [cv2.IMWRITE_JPEG_QUALITY, 75])[1].tobytes()


def bench_pipeline(repeat: int) -> None:
    import numpy as np

    from kiosk.documents import pipeline, synthetic
    from kiosk.documents.presets import DEFAULT_PRESETS

    presets = {p.name: p for p in DEFAULT_PRESETS}
    rgb = np.asarray(synthetic.a4_page(300).rotate(1.5, fillcolor=(250, 248, 244)))
    opencv_floor(rgb), pipeline.process(rgb, presets["Dokumen"], source_dpi=300)  # warm-up
    floor = timed(lambda: opencv_floor(rgb), repeat)
    floor_name = "opencv gray+deskew+crop+jpeg75, same page"
    floor_kb = len(floor.result) / 1024
    text = timed(lambda: pipeline.process(rgb, presets["Dokumen"], source_dpi=300), repeat)
    emit_ms("documents.pipeline_ms_per_page", text, floor, floor_name, 150)
    emit(
        "documents.page_kb",
        len(text.result[0].data) / 1024,
        "KB",
        floor_kb,
        "opencv jpeg75 at 300 dpi",
        200,
    )
    gray = timed(lambda: pipeline.process(rgb, presets["Dokumen abu-abu"], source_dpi=300), repeat)
    emit_ms("documents.pipeline_ms_gray_jpeg", gray, floor, floor_name, 150)
    emit(
        "documents.page_kb_gray_jpeg",
        len(gray.result[0].data) / 1024,
        "KB",
        floor_kb,
        "opencv jpeg75 at 300 dpi",
        200,
    )
    glass = np.asarray(synthetic.on_glass([(synthetic.id_card(), 6, (900, 1300))]))
    card = timed(lambda: pipeline.process(glass, presets["KTP"], source_dpi=300), repeat)
    emit_ms(
        "documents.card_ms",
        card,
        timed(lambda: opencv_floor(glass), repeat),
        "opencv gray+deskew+crop+jpeg75, same glass",
        150,
    )


def bench_scan(repeat: int) -> None:
    from kiosk.documents.capture import CaptureSession
    from kiosk.documents.presets import DEFAULT_PRESETS
    from kiosk.documents.sane_backend import SaneBackend
    from kiosk.documents.scanner import ScanSettings
    from kiosk.documents.vault import Vault
    from kiosk.security.keys import KeyRing

    backend = SaneBackend(
        options={
            "test_picture": "Color pattern",
            "br_x": 200.0,
            "br_y": 200.0,
            "read_return_value": "Default",
        }
    )
    if not backend.available() or not backend.list_devices():
        print(json.dumps({"name": "documents.scan_to_thumbnail_ms", "skipped": "no SANE device"}))
        return
    settings = ScanSettings(dpi=300, mode="color")
    preset = {p.name: p for p in DEFAULT_PRESETS}["Dokumen berwarna"]
    with tempfile.TemporaryDirectory() as tmp:
        vault = Vault(Path(tmp) / "documents", KeyRing.load_or_create(Path(tmp) / "keys"))

        def bare() -> Any:
            return next(iter(backend.scan("sane:test:0", settings))).image

        def to_thumbnail() -> bytes:
            session = CaptureSession(vault, preset)
            thumbs: list[bytes] = []
            session.on_page = lambda ref, thumb: thumbs.append(thumb)
            for scanned in backend.scan("sane:test:0", settings):
                session.add_image(scanned.image, dpi=scanned.dpi, origin="glass")
            return thumbs[0]

        bare(), to_thumbnail()
        floor = timed(bare, repeat)
        run = timed(to_thumbnail, repeat)
        assert run.result  # a thumbnail came out
        emit_ms("documents.scan_to_thumbnail_ms", run, floor, "bare SANE test scan 300 dpi", None)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--repeat", type=int, default=7)
    args = parser.parse_args()
    bench_pipeline(args.repeat)
    bench_scan(max(3, args.repeat // 2))


if __name__ == "__main__":
    main()
