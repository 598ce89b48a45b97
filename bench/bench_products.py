"""Benchmarks of catalogue products; one JSON object per line.

- ``products.photo_ms``: :func:`kiosk.documents.product_photo.prepare` on a drawn 2400 × 1800
  product shot in memory (as a document camera delivers it): readability checks, auto-crop,
  white balance, resize to ≤ 1,600 px, JPEG within 250 KB. Floor: a plain OpenCV resize of the
  same photo to 1,600 px (area averaging) + JPEG q85. Target ≤ 80 ms.
  ``products.photo_ms_closeup``: the same on a close-up (the product fills the frame: the
  full 1,600 px goes out), with the same floor.
- ``products.photo_kb`` / ``products.photo_kb_closeup``: the photos' sizes; floor: the plain
  OpenCV JPEG. Target ≤ 250 KB.
- ``products.export_s``: ``export_catalogue`` of 10,000 products of verified registrations, each
  with one photo (1,600 px, encrypted to the central's key), from a central SQLite database into
  an XLSX and a photo folder, in a fresh process. Floor: the same rows through openpyxl's
  write-only workbook and the same photo bytes written to files (no database, no JSON, no
  decryption). ``products.export_peak_mb``: that process's peak resident memory (ru_maxrss);
  floor: the floor process's.

Run: ``.venv/bin/python bench/bench_products.py [--products N] [--repeat N]``.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import multiprocessing
import random
import resource
import statistics
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


def emit(name: str, value: float, unit: str, floor: float | None, floor_name: str,
         target: Any, **extra: Any) -> None:  # fmt: skip
    line = {"name": name, "value": round(value, 2), "unit": unit,
            "floor": None if floor is None else round(floor, 2), "floor_name": floor_name,
            "target": target, **extra}  # fmt: skip
    print(json.dumps(line), flush=True)


def median_ms(fn: Any, repeat: int) -> tuple[float, float, Any]:
    wall, cpu, result = [], [], None
    for _ in range(repeat):
        start, start_cpu = time.perf_counter(), time.process_time()
        result = fn()
        wall.append((time.perf_counter() - start) * 1000)
        cpu.append((time.process_time() - start_cpu) * 1000)
    return statistics.median(wall), statistics.median(cpu), result


def plain_opencv(arr: Any) -> bytes:
    import cv2

    h, w = arr.shape[:2]
    k = 1600 / max(h, w)
    small = cv2.resize(arr, (round(w * k), round(h * k)), interpolation=cv2.INTER_AREA)
    ok, buf = cv2.imencode(".jpg", cv2.cvtColor(small, cv2.COLOR_RGB2BGR),
                           [cv2.IMWRITE_JPEG_QUALITY, 85])  # fmt: skip
    assert ok
    return buf.tobytes()


def bench_photo(repeat: int) -> None:
    import cv2
    import numpy as np

    from kiosk.documents import product_photo
    from kiosk.documents.product_drawings import product_shot

    shot = np.asarray(product_shot(5, (2400, 1800)))
    # a close-up: the product fills the frame, nothing to crop, the full 1,600 px goes out
    close = np.asarray(product_shot(6, (2400, 1800)))[350:1450, 700:1700]
    close = cv2.resize(np.ascontiguousarray(close), (2400, 1800), interpolation=cv2.INTER_CUBIC)
    for suffix, arr in (("", shot), ("_closeup", close)):
        product_photo.prepare(arr)  # warm-up: OpenCV's first call loads its kernels
        ms, cpu, photo = median_ms(lambda a=arr: product_photo.prepare(a), repeat)
        fms, fcpu, plain = median_ms(lambda a=arr: plain_opencv(a), repeat)
        emit(f"products.photo_ms{suffix}", ms, "ms", fms, "opencv resize 1600 + jpeg q85", 80,
             cpu_ms=round(cpu, 2), floor_cpu_ms=round(fcpu, 2),
             out_px=[photo.width, photo.height])  # fmt: skip
        emit(f"products.photo_kb{suffix}", len(photo.data) / 1000, "KB", len(plain) / 1000,
             "opencv resize 1600 + jpeg q85", 250)  # fmt: skip


# -- the export ----------------------------------------------------------------------------------
def build_central(folder: Path, products: int) -> str:
    """A central SQLite database of verified registrations with ``products`` products, each with
    one photo sealed to the central's key (200 distinct photos, as many products share none)."""
    import datetime as dt

    from kiosk.central.db import open_database, session_factory
    from kiosk.central.keys import load_or_create_document_key
    from kiosk.central.models import CentralRegistration, CentralVersion, Kiosk, Mpp
    from kiosk.central.storage import LocalPageStorage
    from kiosk.demo import DemoFactory, _catalogue_fields
    from kiosk.documents import envelope, product_photo
    from kiosk.documents.product_drawings import product_shot
    from kiosk.domain.model import canonical_json

    url = f"sqlite:///{folder / 'central.sqlite3'}"
    engine = open_database(url)
    key = load_or_create_document_key(folder / "keys")
    storage = LocalPageStorage(folder)
    photos = []
    for n in range(200):
        photo = product_photo.prepare(product_shot(n, (1600, 1200)))
        sha = hashlib.sha256(photo.data).hexdigest()
        sealed = envelope.seal_document(photo.data, [key.public_key()])
        storage.commit_partial("bench", sha, sealed)
        photos.append(photo.page_ref(sha))
    factory = DemoFactory(7, staff_id="bench", kiosk_id="bench")
    now = dt.datetime.now(dt.UTC)
    made = 0
    with session_factory(engine)() as session:
        session.add(Mpp(id=1, name="MPP Kota Tarakan", prefix="TRK"))
        session.flush()
        kiosk = Kiosk(id="k-bench", name="Loket 1", mpp_id=1, code="BENCH1", token_hash="0" * 64,
                      signing_public_key="", signing_key_id="", document_public_key="")  # fmt: skip
        session.add(kiosk)
        session.flush()  # no relationships: the unit of work would not order these inserts
        versions = []
        n = 0
        while made < products:
            reg = factory.make(n)
            _catalogue_fields(reg, random.Random(n))
            reg.products = reg.products[: products - made]
            for p in reg.products:
                p.photos = [photos[made % len(photos)]]
                made += 1
            reg.reg_no = f"BENCH1-20261203-{n + 1:05d}"
            content = reg.content()
            text = canonical_json(content).decode()
            session.add(CentralRegistration(id=reg.id, kiosk_id="k-bench", reg_no=reg.reg_no,
                                            current_version=1, status="verified",
                                            verdict_at=now))  # fmt: skip
            versions.append(CentralVersion(registration_id=reg.id, version=1, content=text,
                                       content_hash=hashlib.sha256(text.encode()).hexdigest(),
                                       kiosk_status="submitted", kiosk_id="k-bench"))  # fmt: skip
            n += 1
        session.flush()
        session.add_all(versions)
        session.commit()
    engine.dispose()
    return url


def peak_rss_mb() -> float:
    """This process's peak resident memory: VmHWM (ru_maxrss survives exec on Linux, so a spawned
    child would report its parent's peak)."""
    try:
        for line in Path("/proc/self/status").read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024
    except OSError:
        pass
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def _export(url: str, folder: str, out: str, queue: Any) -> None:
    from kiosk.central.catalogue_export import export_with_settings

    start = time.perf_counter()
    result = export_with_settings(url, Path(folder), Path(out))
    seconds = time.perf_counter() - start
    queue.put((seconds, peak_rss_mb(), result.rows, result.photos))


def _floor(url: str, folder: str, out: str, queue: Any) -> None:
    """The same rows and photo bytes, written with nothing else: openpyxl + plain files."""
    from openpyxl import Workbook

    from kiosk.central.catalogue import iter_products
    from kiosk.central.catalogue_export import photo_names, product_row
    from kiosk.central.db import open_database, session_factory
    from kiosk.central.keys import load_or_create_document_key
    from kiosk.central.storage import LocalPageStorage
    from kiosk.documents.envelope import open_document
    from kiosk.reference import Reference

    refs = Reference.load()
    engine = open_database(url)
    storage, key = (
        LocalPageStorage(Path(folder)),
        load_or_create_document_key(Path(folder) / "keys"),
    )
    with session_factory(engine)() as session:
        items = list(iter_products(session, None, refs))
    rows = [list(product_row(i, refs).values()) for i in items]
    plain = {sha: open_document(storage.read(sha), key)
             for sha in {i.photos[0].sha256 for i in items}}  # fmt: skip
    names = [(photo_names(i)[0], i.photos[0].sha256) for i in items]
    target = Path(out)
    (target.parent / "floor_foto").mkdir(parents=True)
    start = time.perf_counter()
    book = Workbook(write_only=True)
    sheet = book.create_sheet("Produk")
    for row in rows:
        sheet.append(row)
    book.save(target)
    for name, sha in names:
        (target.parent / "floor_foto" / name).write_bytes(plain[sha])
    seconds = time.perf_counter() - start
    queue.put((seconds, peak_rss_mb(), len(rows), len(names)))


def _in_child(fn: Any, *args: Any) -> tuple[float, float, int, int]:
    ctx = multiprocessing.get_context("spawn")
    queue = ctx.Queue()
    proc = ctx.Process(target=fn, args=(*args, queue))
    proc.start()
    proc.join()  # the result is a small tuple: it fits the pipe, so joining first cannot block
    if proc.exitcode != 0:
        raise RuntimeError(f"{fn.__name__} failed in its process (exit {proc.exitcode})")
    return queue.get(timeout=10)


def bench_export(products: int) -> None:
    with tempfile.TemporaryDirectory(prefix="bench-katalog-") as tmp:
        folder = Path(tmp)
        print(f"# building a central with {products} products…", file=sys.stderr, flush=True)
        url = build_central(folder / "central", products)
        seconds, peak, rows, photos = _in_child(_export, url, str(folder / "central"),
                                                str(folder / "out" / "katalog.xlsx"))  # fmt: skip
        fs, fpeak, frows, fphotos = _in_child(_floor, url, str(folder / "central"),
                                              str(folder / "floor" / "floor.xlsx"))  # fmt: skip
        assert rows == frows == products and photos == fphotos == products
        emit("products.export_s", seconds, "s", fs, "openpyxl rows + photo files only", None,
             products=products)  # fmt: skip
        emit("products.export_peak_mb", peak, "MB", fpeak, "the floor process's peak RSS", None,
             products=products)  # fmt: skip


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--products", type=int, default=10_000)
    parser.add_argument("--repeat", type=int, default=7)
    args = parser.parse_args()
    bench_photo(args.repeat)
    bench_export(args.products)


if __name__ == "__main__":
    main()
