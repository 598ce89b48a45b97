"""Reading the KTP (the Indonesian identity card) from a scan or a camera frame (issue 15).

:func:`read_ktp` takes the image bytes of a capture and returns a :class:`KtpReading`: NIK, full
name, place and date of birth, sex, street address, RT/RW, village and district, each with a
confidence, and the cross-checks that failed. The parts, in reading order: :mod:`.card` (find
and flatten the card), :mod:`.engines` (the OCR engines), :mod:`.fields` (labelled lines to
values), :mod:`.nik` (the NIK by its structure, never guessed), :mod:`.checks` (NIK against the
printed values and the reference data), :mod:`.reader` (the whole). Nothing here logs a value.

Invariants: religion (``Agama``) is never read into a result, returned or stored; a NIK is
offered only when the readings of it agree and it is plausible (an unreadable NIK is better than
a wrong one); a value that contradicts another is offered with a low confidence and a conflict
code, never silently; the reading is pure work (no Qt, no store), so the app runs it off the
GUI thread and the CLI and tests call it directly.

Engine choice, measured by ``bench/bench_ocr.py`` on the same 200 generated 300-dpi scans
(``tests/ktp_cards.py``), both engines through this same reader:

=================  ==========  ==========  ============  =========  ==========  =============
engine             NIK right   NIK wrong   name CER      address    time/card   memory added
=================  ==========  ==========  ============  =========  ==========  =============
Tesseract 5 ind    98.0 %      0 %         0.0 %         100 %      0.52 s      86 MB
RapidOCR (ONNX)    100 %       0 %         10.7 %        0 %        1.35 s      378 MB
=================  ==========  ==========  ============  =========  ==========  =============

**Tesseract wins**: it keeps the spaces between words (the PP-OCRv4 model shipped with
``rapidocr-onnxruntime`` is a Chinese/English model that runs Latin words together:
``ARIFKURNIAWAN``, ``JL.YOSSUDARSO``, so names and addresses would need re-spacing by guesswork),
it is 2.6 times as fast (the whole read of one scan, one thread, on the same machine in the
same hour) and adds a quarter of the memory. From the document camera (100 frames) Tesseract
read 98 % of NIKs, none wrong, names without an error, 0.43 s per frame. RapidOCR read the
digits of the NIK slightly better; Tesseract's NIK misses are refusals (two readings disagree),
not wrong numbers. The catch: Tesseract is a program, not a wheel. On Linux it is the system's
``tesseract-ocr tesseract-ocr-ind``; on Windows it must be installed with the kiosk (the UB
Mannheim build, or bundled by ``packaging/``). Where it is missing, :func:`.engines.default_engine`
falls back to RapidOCR (``pip install kiosk[ocr]``, wheels on Linux and Windows, weights inside),
which still gives the NIK, dates, sex, RT/RW, village and district.
"""

from __future__ import annotations

from kiosk.ocr.reader import KEYS, KtpReading, read_ktp

__all__ = ["KEYS", "KtpReading", "read_ktp"]
