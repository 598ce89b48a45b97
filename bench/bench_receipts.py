"""Receipt rendering speed (one JSON object per line).

- ``receipts.render_a4_p50``: sign the QR payload + render the A4 receipt to PDF bytes (p50, ms).
  Floor, measured in the same run: a bare reportlab canvas drawing exactly the same strings at the
  same places in the same embedded TrueType font (replayed from a recording of the real layout),
  without QR, wrapping, or layout logic. Target: p50 <= 25 ms.
- ``receipts.render_80mm_p50``: the thermal-roll layout (two layout passes), same floor idea.
- ``receipts.verify_pdf_p50``: verify a receipt PDF (pypdfium2 render at 200 dpi + zxing-cpp
  decode + Ed25519 verify); floor: the zxing-cpp decode of the already rendered page image alone.

Usage: ``.venv/bin/python bench/bench_receipts.py [--repeat N]``
"""

from __future__ import annotations

import argparse
import datetime as dt
import io
import json
import statistics
import tempfile
import time
from pathlib import Path

from kiosk.domain.examples import complete_registration
from kiosk.receipts.facts import build_facts
from kiosk.receipts.keys import own_key
from kiosk.receipts.render import render_pdf, sign_facts
from kiosk.receipts.settings import ReceiptSettings
from kiosk.security.keys import KeyRing

ISSUED = dt.datetime(2026, 11, 25, 3, 20, tzinfo=dt.UTC)


def p50(fn, repeat: int) -> float:
    fn()  # warm-up: fonts registered, modules imported, caches filled
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        fn()
        times.append((time.perf_counter() - start) * 1000)
    return statistics.median(times)


class Recorder:
    """Stands in for a canvas inside the real layout and records every string drawn."""

    def __init__(self, canvas) -> None:
        self._canvas = canvas
        self.ops: list[tuple] = []
        self._font = ("Helvetica", 10.0)

    def setFont(self, name, size, *args):
        self._font = (name, size)
        self._canvas.setFont(name, size, *args)

    def _record(self, kind, x, y, text):
        self.ops.append((kind, self._font, x, y, text))
        getattr(self._canvas, kind)(x, y, text)

    def drawString(self, x, y, text, *a, **k):
        self._record("drawString", x, y, text)

    def drawRightString(self, x, y, text, *a, **k):
        self._record("drawRightString", x, y, text)

    def drawCentredString(self, x, y, text, *a, **k):
        self._record("drawCentredString", x, y, text)

    def __getattr__(self, name):
        return getattr(self._canvas, name)


def recorded_ops(facts, qr_text, layout):
    from reportlab.pdfgen import canvas as canvas_module

    from kiosk.receipts import labels, layout_page, layout_roll

    issued = labels.format_datetime(ISSUED, facts.settings.timezone)
    if layout in layout_page.PAGE_SIZES:
        size = layout_page.PAGE_SIZES[layout]
    else:
        size = (layout_roll.ROLLS[layout][0], layout_roll.roll_height(layout, facts, 0, issued))
    rec = Recorder(canvas_module.Canvas(io.BytesIO(), pagesize=size))
    if layout in layout_page.PAGE_SIZES:
        layout_page.draw_page_receipt(rec, layout, facts, qr_text, 0, issued, None)
    else:
        layout_roll.draw_roll_receipt(rec, layout, facts, qr_text, 0, issued, size[1])
    return size, rec.ops


def bare_canvas(size, ops) -> bytes:
    from reportlab.pdfgen.canvas import Canvas

    buf = io.BytesIO()
    c = Canvas(buf, pagesize=size, pageCompression=1, invariant=1)
    for kind, (font, fsize), x, y, text in ops:
        c.setFont(font, fsize)
        getattr(c, kind)(x, y, text)
    c.showPage()
    c.save()
    return buf.getvalue()


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--repeat", type=int, default=60)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        keys = KeyRing.load_or_create(Path(tmp) / "keys")
        settings = ReceiptSettings(
            mpp="MPP Kota Tarakan", province="Kalimantan Utara", timezone="Asia/Makassar"
        )
        facts = build_facts(
            complete_registration(1),
            kiosk_id="kiosk-1",
            kiosk_code="TRK01",
            staff_name="Budi Santoso",
            settings=settings,
        )

        for layout, name, target in (
            ("a4", "receipts.render_a4_p50", 25.0),
            ("80mm", "receipts.render_80mm_p50", None),
        ):

            def render(layout=layout):
                qr_text = sign_facts(keys, facts, ISSUED, 0)
                return render_pdf(facts, qr_text, layout=layout, issued_at=ISSUED)

            size, ops = recorded_ops(facts, sign_facts(keys, facts, ISSUED, 0), layout)
            value = p50(render, args.repeat)
            floor = p50(lambda size=size, ops=ops: bare_canvas(size, ops), args.repeat)
            print(
                json.dumps(
                    {
                        "name": name,
                        "value": round(value, 2),
                        "unit": "ms",
                        "floor": round(floor, 2),
                        "floor_name": f"bare reportlab canvas, same {len(ops)} strings, "
                        "same TTF font, no QR",
                        "target": target,
                    }
                )
            )

        import zxingcpp

        from kiosk.receipts.decode import _pdf_pages
        from kiosk.receipts.verification import verify

        pdf_path = Path(tmp) / "receipt.pdf"
        pdf_path.write_bytes(
            render_pdf(facts, sign_facts(keys, facts, ISSUED, 0), layout="a4", issued_at=ISSUED)
        )
        known = {keys.signing_key_id: own_key(keys, "kiosk-1")}
        assert verify(pdf_path, known).valid
        image = next(_pdf_pages(pdf_path.read_bytes()))
        value = p50(lambda: verify(pdf_path, known), max(10, args.repeat // 3))
        floor = p50(
            lambda: zxingcpp.read_barcodes(image, formats=zxingcpp.BarcodeFormat.QRCode),
            max(10, args.repeat // 3),
        )
        print(
            json.dumps(
                {
                    "name": "receipts.verify_pdf_p50",
                    "value": round(value, 2),
                    "unit": "ms",
                    "floor": round(floor, 2),
                    "floor_name": "zxing-cpp decode of the rendered page alone",
                    "target": None,
                }
            )
        )


if __name__ == "__main__":
    main()
