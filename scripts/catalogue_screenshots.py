"""Screenshots of issue 11: the products step with photos, and the catalogue export opened.

    python scripts/catalogue_screenshots.py [--out docs/screenshots]

1. ``products-01-step-photos.png``: the wizard's products step (Qt offscreen grab) with demo
   products whose drawn photos went through the real photo pipeline into a real vault.
2. ``catalogue-01-export.png`` and ``catalogue-02-explanation.png``: a throw-away central
   (SQLite) holding verified demo registrations with their photos sealed to its key; the real
   ``export_catalogue`` writes ``katalog.xlsx`` and ``katalog_foto/``; the sheet is read back
   with openpyxl and drawn as a spreadsheet grid (column letters, row numbers, sheet tabs; every
   cell value as stored, the photo files beside it) in HTML, which Debian's headless chromium
   (``/usr/bin/chromium``) turns into a PNG. LibreOffice is not installed on the build machines.
"""

from __future__ import annotations

import argparse
import datetime as dt
import hashlib
import html
import os
import random
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


def step_screenshot(folder: Path, out: Path) -> Path:
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from PySide6.QtWidgets import QApplication

    from kiosk.demo import DemoFactory, DemoPages
    from kiosk.store import Store
    from ui.context import AppContext
    from ui.wizard.steps.products import ProductsPage

    app = QApplication.instance() or QApplication([])
    from ui import i18n, theme

    i18n.install("id")
    theme.apply_theme(app, kiosk_mode=False)
    store = Store.open(folder / "kiosk")
    factory = DemoFactory(3, staff_id="demo", kiosk_id="demo")
    reg = next(r for r in (factory.make(n) for n in range(200)) if len(r.products) >= 3)
    DemoPages(store).attach(reg)
    reg.products[0].tkdn_percent, reg.products[0].bmp_percent = 36.5, 5.0
    reg.products[0].tkdn_cert_no = "0457/SJ-IND.8/TKDN/3/2025"
    page = ProductsPage(AppContext(store, lang="id"))
    page.resize(1366, 900)  # the wizard scrolls the step at 768 px; the whole step is shown here
    page.load(reg)
    page.show()
    from ui import operations

    for _ in range(50):
        operations.wait_idle(5000)
        app.processEvents()
    page.table.selectRow(0)
    app.processEvents()
    target = out / "products-01-step-photos.png"
    page.grab().save(str(target))
    return target


def seed_central(folder: Path, count: int) -> tuple[str, Path]:
    from kiosk.central.db import open_database, session_factory
    from kiosk.central.keys import load_or_create_document_key
    from kiosk.central.models import CentralRegistration, CentralVersion, Kiosk, Mpp
    from kiosk.central.storage import LocalPageStorage
    from kiosk.demo import PHOTO_SHAPES, DemoFactory
    from kiosk.documents import envelope, product_photo
    from kiosk.documents.product_drawings import product_shot
    from kiosk.domain.model import canonical_json

    data = folder / "central"
    url = f"sqlite:///{data / 'central.sqlite3'}"
    engine = open_database(url)
    key = load_or_create_document_key(data / "keys")
    storage = LocalPageStorage(data)
    factory = DemoFactory(11, staff_id="demo", kiosk_id="demo")
    with session_factory(engine)() as session:
        session.add(Mpp(id=1, name="MPP Kota Tarakan", prefix="TRK"))
        session.flush()
        kiosk = Kiosk(id="k1", name="Loket 1", mpp_id=1, code="TRK1", token_hash="0" * 64,
                      signing_public_key="", signing_key_id="", document_public_key="")  # fmt: skip
        session.add(kiosk)
        session.flush()
        versions = []
        for n in range(count):
            reg = factory.make(n)
            reg.reg_no = f"TRK1-20261203-{n + 1:04d}"
            for p in reg.products:
                seed = int(hashlib.sha256(p.name.encode()).hexdigest()[:6], 16)
                words = p.name.split()
                shot = product_shot(seed, (1200, 900), shape=PHOTO_SHAPES.get(p.kbli),
                                    label=(words[0].upper(), " ".join(words[1:4])))  # fmt: skip
                photo = product_photo.prepare(shot)
                sha = hashlib.sha256(photo.data).hexdigest()
                sealed = envelope.seal_document(photo.data, [key.public_key()])
                storage.commit_partial("demo", sha, sealed)
                p.photos = [photo.page_ref(sha)]
            text = canonical_json(reg.content()).decode()
            session.add(CentralRegistration(id=reg.id, kiosk_id="k1", reg_no=reg.reg_no,
                                            current_version=1, status="verified",
                                            verdict_at=dt.datetime.now(dt.UTC)))  # fmt: skip
            versions.append(CentralVersion(registration_id=reg.id, version=1, content=text,
                                           content_hash=hashlib.sha256(text.encode()).hexdigest(),
                                           kiosk_status="submitted", kiosk_id="k1"))  # fmt: skip
        session.flush()
        session.add_all(versions)
        session.commit()
    engine.dispose()
    return url, data


def _letters(n: int) -> str:
    out = ""
    while n:
        n, r = divmod(n - 1, 26)
        out = chr(65 + r) + out
    return out


CSS = """
body { font-family: 'DejaVu Sans', sans-serif; font-size: 12px; margin: 0; background: #fff; }
.bar { background: #217346; color: #fff; padding: 6px 10px; font-size: 14px; }
table { border-collapse: collapse; }
td, th { border: 1px solid #d4d4d4; padding: 2px 6px; white-space: nowrap; max-width: 260px;
         overflow: hidden; text-overflow: ellipsis; }
th { background: #f3f3f3; color: #555; font-weight: normal; }
tr.head td { font-weight: bold; background: #eaf3ee; }
td.num { text-align: right; }
.tabs { border-top: 1px solid #ccc; padding: 4px 10px; background: #f3f3f3; }
.tabs span { padding: 3px 12px; margin-right: 4px; border: 1px solid #ccc; background: #fff; }
.tabs span.on { border-top: 3px solid #217346; font-weight: bold; }
.files { padding: 8px 10px; display: flex; flex-wrap: wrap; gap: 10px; }
.files figure { margin: 0; width: 170px; font-size: 10px; word-break: break-all; }
.files img { width: 170px; height: 128px; object-fit: contain; border: 1px solid #ccc; }
"""


SHOWN = ("Status ekspor", "Nomor pendaftaran", "Nama usaha", "NIB", "Nama produk", "Merek", "KBLI",
         "Satuan", "Harga (Rp)", "Harga termasuk PPN", "PDN", "TKDN + BMP (%)", "Prioritas PDN",
         "Berkas foto")  # fmt: skip


def sheet_html(path: Path, sheet: str, columns: int, rows: int, photos: Path | None,
               shown: tuple[str, ...] = ()) -> str:  # fmt: skip
    from openpyxl import load_workbook

    book = load_workbook(path)
    ws = book[sheet]
    header = [str(v) for v in next(ws.iter_rows(values_only=True))]
    keep = [i for i, h in enumerate(header) if h in shown] if shown else list(range(columns))
    out = [f"<html><head><meta charset='utf-8'><style>{CSS}</style></head><body>",
           f"<div class='bar'>{html.escape(path.name)} — {html.escape(sheet)}</div><table>",
           "<tr><th></th>" + "".join(f"<th>{_letters(c + 1)}</th>" for c in keep)
           + "</tr>"]  # fmt: skip
    for r, row in enumerate(ws.iter_rows(values_only=True), start=1):
        if r > rows:
            break
        cells = []
        for value in (row[i] if i < len(row) else None for i in keep):
            cls = " class='num'" if isinstance(value, int | float) else ""
            cells.append(f"<td{cls}>{html.escape('' if value is None else str(value))}</td>")
        head = " class='head'" if r == 1 else ""
        out.append(f"<tr{head}><th>{r}</th>{''.join(cells)}</tr>")
    out.append("</table><div class='tabs'>" + "".join(
        f"<span class='{'on' if name == sheet else ''}'>{html.escape(name)}</span>"
        for name in book.sheetnames) + "</div>")  # fmt: skip
    if photos is not None:
        out.append(f"<div class='bar'>{html.escape(photos.name)}/ (berkas foto di samping lembar)"
                   "</div><div class='files'>")  # fmt: skip
        for file in sorted(photos.iterdir())[:14]:
            out.append(f"<figure><img src='{file.as_uri()}'><figcaption>{html.escape(file.name)}"
                       "</figcaption></figure>")  # fmt: skip
        out.append("</div>")
    out.append("</body></html>")
    return "\n".join(out)


def chromium_png(page: Path, target: Path, size: str) -> None:
    subprocess.run(["/usr/bin/chromium", "--headless", "--no-sandbox", "--disable-gpu",
                    "--hide-scrollbars", "--allow-file-access-from-files",
                    f"--window-size={size}", f"--screenshot={target}", page.as_uri()],
                   check=True, capture_output=True, timeout=120)  # fmt: skip


def export_screenshots(folder: Path, out: Path) -> list[Path]:
    from kiosk.central.catalogue_export import export_with_settings

    url, data = seed_central(folder, 8)
    sheet = folder / "ekspor" / "katalog.xlsx"
    export_with_settings(url, data, sheet)
    first = folder / "produk.html"
    first.write_text(sheet_html(sheet, "Produk", 16, 18, sheet.parent / "katalog_foto", SHOWN))
    second = folder / "penjelasan.html"
    second.write_text(sheet_html(sheet, "Penjelasan", 4, 40, None))
    targets = [out / "catalogue-01-export.png", out / "catalogue-02-explanation.png"]
    chromium_png(first, targets[0], "1600,1000")
    chromium_png(second, targets[1], "1500,1000")
    return targets


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--out", default=str(ROOT / "docs" / "screenshots"))
    args = parser.parse_args(argv)
    out = Path(args.out)
    out.mkdir(parents=True, exist_ok=True)
    random.seed(1)
    with tempfile.TemporaryDirectory() as tmp:
        shots = [step_screenshot(Path(tmp), out), *export_screenshots(Path(tmp), out)]
    for shot in shots:
        print(shot)
    return 0


if __name__ == "__main__":
    sys.exit(main())
