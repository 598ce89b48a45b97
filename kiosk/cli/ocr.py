"""``kiosk ocr ktp IMAGE [--json]``: what the kiosk reads from a KTP image, for scripts and tests.

The same reader as the owner step (:func:`kiosk.ocr.read_ktp`, Tesseract unless ``--engine``
says otherwise). ``--json`` prints one object with exactly the keys ``nik``, ``name``,
``birth_place``, ``birth_date`` (YYYY-MM-DD), ``sex`` (``M``/``F``), ``address``, ``rt_rw``,
``village``, ``district`` (``null`` when not read) and ``confidence`` (0…1 per key). Without it:
one line per field (label, value, confidence) and, after them, the cross-checks that failed.
Exit status 0 when a NIK was read, 1 when not (the card may still have given other fields).
The values go to standard output only, never to the log (they are personal data).
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from kiosk.i18n import env_lang as _lang
from kiosk.i18n import register as register_messages
from kiosk.i18n import tr

register_messages(
    {
        "ocr.cli.unreadable": {
            "id": "Berkas {path} tidak dapat dibuka sebagai gambar.",
            "en": "The file {path} cannot be opened as an image.",
        },
        "ocr.cli.conflict": {
            "id": "Tidak cocok: {what}",
            "en": "Does not agree: {what}",
        },
        "ocr.field.nik": {"id": "NIK", "en": "NIK"},
        "ocr.field.name": {"id": "Nama", "en": "Name"},
        "ocr.field.birth_place": {"id": "Tempat lahir", "en": "Place of birth"},
        "ocr.field.birth_date": {"id": "Tanggal lahir", "en": "Date of birth"},
        "ocr.field.sex": {"id": "Jenis kelamin", "en": "Sex"},
        "ocr.field.address": {"id": "Alamat", "en": "Address"},
        "ocr.field.rt_rw": {"id": "RT/RW", "en": "RT/RW"},
        "ocr.field.village": {"id": "Kelurahan/desa", "en": "Village"},
        "ocr.field.district": {"id": "Kecamatan", "en": "District"},
        "ocr.conflict.nik_birth_date": {
            "id": "tanggal lahir pada NIK dan yang tercetak berbeda",
            "en": "the NIK's date of birth differs from the printed one",
        },
        "ocr.conflict.nik_sex": {
            "id": "jenis kelamin pada NIK dan yang tercetak berbeda",
            "en": "the NIK's sex differs from the printed one",
        },
        "ocr.conflict.nik_region": {
            "id": "kode wilayah NIK bukan provinsi/kabupaten yang tercetak",
            "en": "the NIK's region code is not the printed province/regency",
        },
        "ocr.conflict.district_unknown": {
            "id": "kecamatan tidak ditemukan di data wilayah",
            "en": "the district is not in the region data",
        },
        "ocr.conflict.village_unknown": {
            "id": "kelurahan/desa tidak ditemukan di data wilayah",
            "en": "the village is not in the region data",
        },
    }
)


def register(subparsers: argparse._SubParsersAction) -> None:
    ocr = subparsers.add_parser("ocr", help="read identity documents (KTP)")
    kinds = ocr.add_subparsers(dest="ocr_kind", metavar="KIND", required=True)
    ktp = kinds.add_parser("ktp", help="read a KTP image: NIK, name, birth, sex, address")
    ktp.add_argument("image", help="a scan or photo of the card (JPEG, PNG, …)")
    ktp.add_argument("--json", action="store_true", help="one JSON object (keys: see the docs)")
    ktp.add_argument("--engine", choices=("tesseract", "rapidocr"), default=None)
    ktp.set_defaults(func=run_ktp)


def run_ktp(args: argparse.Namespace) -> int:
    from kiosk.errors import UserFacingError
    from kiosk.ocr import KEYS, read_ktp
    from kiosk.ocr.engines import default_engine, load_engine
    from kiosk.reference import Reference

    path = Path(args.image)
    try:
        data = path.read_bytes()
    except OSError:
        raise UserFacingError("ocr.cli.unreadable", path=str(path)) from None
    Reference.load(getattr(args, "data_dir", None))
    engine = load_engine(args.engine) if args.engine else default_engine()
    try:
        reading = read_ktp(data, engine)
    except ValueError:
        raise UserFacingError("ocr.cli.unreadable", path=str(path)) from None
    lang = _lang()
    if args.json:
        print(json.dumps(reading.to_json(), ensure_ascii=False))
    else:
        for key in KEYS:
            value = reading.values[key] or "—"
            label = tr(f"ocr.field.{key}", lang)
            print(f"{label:<16}{value}\t{reading.confidence[key]:.2f}")
        for code in reading.conflicts:
            print(tr("ocr.cli.conflict", lang, what=tr(f"ocr.conflict.{code}", lang)))
    sys.stdout.flush()
    return 0 if reading.values["nik"] else 1
