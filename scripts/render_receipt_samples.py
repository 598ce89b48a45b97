"""Render a sample receipt in every layout to PNG (for the docs and the closing note).

    .venv/bin/python scripts/render_receipt_samples.py [--out docs/receipts] [--dpi 110]

Uses the domain's synthetic example registration (nobody's real data), a throw-away signing key,
and a hostile business name to show that markup is printed as text. The A4 sample is the original;
the 58 mm sample is marked as the second copy. PNGs are quantised to a small grey palette so they
stay commit-worthy (tens of kilobytes).
"""

from __future__ import annotations

import argparse
import datetime as dt
import tempfile
from pathlib import Path

from kiosk.domain.examples import complete_registration
from kiosk.receipts.facts import build_facts
from kiosk.receipts.render import render_pdf, sign_facts
from kiosk.receipts.settings import ReceiptSettings
from kiosk.security.keys import KeyRing

ROOT = Path(__file__).resolve().parent.parent
ISSUED = dt.datetime(2026, 11, 25, 3, 20, tzinfo=dt.UTC)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=ROOT / "docs" / "receipts")
    parser.add_argument("--dpi", type=int, default=110)
    args = parser.parse_args()
    import pypdfium2 as pdfium

    args.out.mkdir(parents=True, exist_ok=True)
    reg = complete_registration(1)
    reg.reg_no = "TRK01-20261125-0007"
    reg.business.name = '<b>Toko & Co</b> <img src="http://x/y.png"/> Roti Sebengkok'
    settings = ReceiptSettings(
        mpp="Mal Pelayanan Publik Kota Tarakan",
        province="Provinsi Kalimantan Utara",
        timezone="Asia/Makassar",
        kiosk_name="TRK01 · Meja 2",
    )
    with tempfile.TemporaryDirectory() as tmp:
        keys = KeyRing.load_or_create(Path(tmp) / "keys")
        facts = build_facts(
            reg,
            kiosk_id="kiosk-sample",
            kiosk_code="TRK01",
            staff_name="Budi Santoso",
            settings=settings,
        )
        for layout, copy_no in (("a4", 0), ("a5", 0), ("80mm", 0), ("58mm", 2)):
            qr_text = sign_facts(keys, facts, ISSUED, copy_no)
            pdf = render_pdf(facts, qr_text, layout=layout, copy_no=copy_no, issued_at=ISSUED)
            doc = pdfium.PdfDocument(pdf)
            for index, page in enumerate(doc):
                image = page.render(scale=args.dpi / 72, grayscale=True).to_pil()
                image = image.convert("L").quantize(colors=16)
                suffix = f"-p{index + 1}" if len(doc) > 1 else ""
                path = args.out / f"receipt-{layout}{suffix}.png"
                image.save(path, optimize=True)
                print(path.relative_to(ROOT) if path.is_relative_to(ROOT) else path)
            doc.close()


if __name__ == "__main__":
    main()
