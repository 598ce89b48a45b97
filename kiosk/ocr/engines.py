"""The two OCR engines behind one small interface: lines of text with boxes, and a digits-only line.

- :class:`TesseractEngine` — Tesseract 5 (LSTM, ``ind`` traineddata) through ``pytesseract``,
  which runs the ``tesseract`` program. One call reads the card's text block (page segmentation
  mode 6, one uniform block), grouped into lines by Tesseract's own line numbers; the NIK line is
  read again alone (mode 7) with ``tessedit_char_whitelist`` set to the ten digits.
- :class:`RapidEngine` — PP-OCRv4 detection and recognition in ONNX (``rapidocr-onnxruntime``,
  whose wheel ships the weights; onnxruntime has wheels for Linux and Windows). Its text boxes are
  grouped into lines by their vertical centres; the digits pass runs the recogniser alone.

Both return confidences in 0…1. :func:`default_engine` is the measured choice (see the package
docstring) and falls back to the other when the first is not installed. Engines are loaded once
per process and may be shared between threads: Tesseract runs a process per call, the ONNX
session is called one thread at a time (its own lock).
Imports of numpy, OpenCV, pytesseract and onnxruntime happen inside the functions.
"""

from __future__ import annotations

import shutil
import threading
from dataclasses import dataclass
from typing import Any, Protocol

from kiosk.errors import UserFacingError
from kiosk.i18n import register

LOCK = threading.Lock()
_DIGITS = "0123456789"


@dataclass(frozen=True)
class Line:
    text: str
    confidence: float  # 0…1, the mean of the words'
    box: tuple[int, int, int, int]  # x0, y0, x1, y1 in the image read
    words: tuple[tuple[str, int], ...] = ()  # (word, x0) in reading order


class Engine(Protocol):
    name: str

    def lines(self, image: Any) -> list[Line]: ...

    def digits(self, image: Any) -> tuple[str, float]: ...


class TesseractEngine:
    name = "tesseract"

    def __init__(self) -> None:
        import pytesseract

        if not shutil.which(pytesseract.pytesseract.tesseract_cmd):
            raise UserFacingError("ocr.engine_missing", engine="Tesseract")
        if "ind" not in pytesseract.get_languages():
            raise UserFacingError("ocr.engine_missing", engine="Tesseract (ind)")
        self._tess = pytesseract

    def lines(self, image: Any) -> list[Line]:
        data = self._tess.image_to_data(
            image, lang="ind", config="--oem 1 --psm 6", output_type=self._tess.Output.DICT
        )
        groups: dict[tuple[int, int, int], list[int]] = {}
        for i, word in enumerate(data["text"]):
            if word.strip() and float(data["conf"][i]) >= 0:
                key = (data["block_num"][i], data["par_num"][i], data["line_num"][i])
                groups.setdefault(key, []).append(i)
        out = []
        for idx in groups.values():
            x0 = min(data["left"][i] for i in idx)
            y0 = min(data["top"][i] for i in idx)
            x1 = max(data["left"][i] + data["width"][i] for i in idx)
            y1 = max(data["top"][i] + data["height"][i] for i in idx)
            words = tuple((str(data["text"][i]), int(data["left"][i])) for i in idx)
            conf = sum(float(data["conf"][i]) for i in idx) / len(idx) / 100.0
            out.append(Line(" ".join(w for w, _ in words), conf, (x0, y0, x1, y1), words))
        return sorted(out, key=lambda line: line.box[1])

    def digits(self, image: Any) -> tuple[str, float]:
        data = self._tess.image_to_data(
            image,
            lang="ind",
            config=f"--oem 1 --psm 7 -c tessedit_char_whitelist={_DIGITS}",
            output_type=self._tess.Output.DICT,
        )
        words = [
            (w, float(c)) for w, c in zip(data["text"], data["conf"], strict=True) if w.strip()
        ]
        if not words:
            return "", 0.0
        text = "".join(w for w, _ in words)
        return text, min(c for _, c in words) / 100.0


class RapidEngine:
    name = "rapidocr"

    def __init__(self) -> None:
        try:
            from rapidocr_onnxruntime import RapidOCR
        except ImportError:
            raise UserFacingError("ocr.engine_missing", engine="RapidOCR") from None
        self._ocr = RapidOCR()
        self._lock = threading.Lock()

    def lines(self, image: Any) -> list[Line]:
        import numpy as np

        with self._lock:
            result, _ = self._ocr(np.asarray(image))
        boxes = []
        for poly, text, score in result or []:
            xs = [p[0] for p in poly]
            ys = [p[1] for p in poly]
            text = str(text).replace("\uff1a", ":")  # full-width colon from the Chinese model
            boxes.append((int(min(xs)), int(min(ys)), int(max(xs)), int(max(ys)), text, score))
        boxes.sort(key=lambda b: (b[1] + b[3]) / 2)
        rows: list[list[tuple[int, int, int, int, str, float]]] = []
        for box in boxes:
            centre = (box[1] + box[3]) / 2
            if rows and abs(centre - (rows[-1][0][1] + rows[-1][0][3]) / 2) < 0.5 * (
                box[3] - box[1]
            ):
                rows[-1].append(box)
            else:
                rows.append([box])
        out = []
        for row in rows:
            row.sort(key=lambda b: b[0])
            words = tuple((b[4], b[0]) for b in row)
            conf = sum(float(b[5]) for b in row) / len(row)
            x0, y0 = min(b[0] for b in row), min(b[1] for b in row)
            x1, y1 = max(b[2] for b in row), max(b[3] for b in row)
            out.append(Line(" ".join(b[4] for b in row), conf, (x0, y0, x1, y1), words))
        return out

    def digits(self, image: Any) -> tuple[str, float]:
        import numpy as np

        with self._lock:
            result, _ = self._ocr(np.asarray(image), use_det=False, use_cls=False, use_rec=True)
        if not result:
            return "", 0.0
        text, score = result[0][0], float(result[0][1])
        return "".join(c for c in str(text) if c in _DIGITS), score


_engines: dict[str, Engine] = {}


def load_engine(name: str = "tesseract") -> Engine:
    """The engine ``name`` (``tesseract`` or ``rapidocr``), loaded once per process."""
    with LOCK:
        if name not in _engines:
            _engines[name] = TesseractEngine() if name == "tesseract" else RapidEngine()
        return _engines[name]


def default_engine() -> Engine:
    """Tesseract when it is installed (the measured winner), else RapidOCR."""
    try:
        return load_engine("tesseract")
    except (UserFacingError, ImportError):
        return load_engine("rapidocr")


register(
    {
        "ocr.engine_missing": {
            "id": "Mesin OCR {engine} tidak terpasang di komputer ini; isi data KTP secara manual.",
            "en": "The OCR engine {engine} is not installed on this computer; type the KTP "
            "details by hand.",
        },
    }
)
