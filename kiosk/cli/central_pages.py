"""``kiosk central pages reindex|check``: the central's page store, rebuilt and checked.

::

    kiosk central ... pages check      # every stored page read whole? else exit 1, each named
    kiosk central ... pages reindex    # the pack index rebuilt from the pack files

``reindex`` is what a lost or damaged ``packs/index.sqlite`` needs (a backup restored without
it, a disk fault, an operator deleting it): the packs describe themselves
(:mod:`kiosk.central.pack_rebuild`). The central does the same for a missing or unreadable index
when it starts; run it by hand after restoring only the data folder, or when ``check`` names
pages. Exit codes: 0 fine, 1 ``check`` found unreadable pages.
"""

from __future__ import annotations

import argparse
from collections.abc import Callable
from typing import TYPE_CHECKING

from kiosk.i18n import Lang, register, tr

if TYPE_CHECKING:
    from kiosk.central.settings import CentralSettings

register(
    {
        "central.pages.reindexed": {
            "id": "Indeks paket dibangun ulang dari {packs} berkas paket: {listed} halaman "
            "didaftarkan, {dropped} baris usang dibuang; {erased} rekaman terhapus dan "
            "{damaged} rekaman rusak dilewati; {unlisted} halaman yang tidak disimpan maupun "
            "dirujuk basis data tidak didaftarkan.",
            "en": "Pack index rebuilt from {packs} pack files: {listed} pages listed, {dropped} "
            "stale rows dropped; {erased} erased and {damaged} damaged records skipped; "
            "{unlisted} pages the database neither stores nor references left unlisted.",
        },
        "central.pages.rows_restored": {
            "id": "{rows} baris halaman yang hilang (halaman dirujuk tanpa baris, mis. diunggah "
            "antara dump basis data dan salinan folder data) dibuat ulang setelah isinya "
            "diperiksa; {refused} halaman tidak lolos pemeriksaan dan tetap tanpa baris.",
            "en": "{rows} missing page rows (pages referenced without a row, e.g. uploaded "
            "between the database dump and the data folder copy) re-created after their bytes "
            "were checked; {refused} pages failed the check and stay without a row.",
        },
        "central.pages.no_key": {
            "id": "Kunci sentral tidak ditemukan di {path}: halaman hanya diperiksa dari "
            "kepala amplopnya, tidak dibuka.",
            "en": "The central's key was not found at {path}: pages are checked by their "
            "envelope header only, not opened.",
        },
        "central.pages.set_aside": {
            "id": "Indeks lama tidak dapat dibaca; disimpan sebagai {path}.",
            "en": "The old index could not be read; kept as {path}.",
        },
        "central.pages.check_ok": {
            "id": "Semua {count} halaman tersimpan terbaca utuh.",
            "en": "All {count} stored pages read whole.",
        },
        "central.pages.unreadable": {
            "id": "Halaman {sha256} tidak terbaca: {reason}.",
            "en": "Page {sha256} cannot be read: {reason}.",
        },
        "central.pages.check_bad": {
            "id": "{bad} dari {count} halaman tersimpan tidak terbaca. Jika berkas paket masih "
            "ada, jalankan `kiosk central pages reindex`; jika tidak, pulihkan folder data dari "
            "cadangan.",
            "en": "{bad} of {count} stored pages cannot be read. If the pack files are still "
            "there, run `kiosk central pages reindex`; otherwise restore the data folder from "
            "a backup.",
        },
        "central.pages.reason.missing": {
            "id": "tidak ada berkas maupun entri indeks",
            "en": "neither a file nor an index entry",
        },
        "central.pages.reason.damaged": {
            "id": "rekaman rusak, terpotong, atau terhapus",
            "en": "its record is damaged, cut short or erased",
        },
        "central.pages.reason.mismatch": {
            "id": "isinya bukan amplop halaman ini",
            "en": "its bytes are not this page's envelope",
        },
    }
)


def register_commands(
    sub: argparse._SubParsersAction,
    common: Callable[[argparse.ArgumentParser], argparse.ArgumentParser],
    settings: Callable[[argparse.Namespace], CentralSettings],
) -> None:
    pages = common(sub.add_parser("pages", help="the stored page envelopes: check, reindex"))
    actions = pages.add_subparsers(dest="pages_command", metavar="ACTION", required=True)
    check = common(actions.add_parser("check", help="name every stored page not read whole"))
    check.set_defaults(func=lambda args: cmd_check(args, settings(args)))
    reindex = common(actions.add_parser("reindex", help="rebuild the pack index from the packs"))
    reindex.set_defaults(func=lambda args: cmd_reindex(args, settings(args)))


def _lang(args: argparse.Namespace) -> Lang:
    from kiosk.i18n import as_lang, env_lang

    return as_lang(getattr(args, "lang", None) or env_lang())


def cmd_reindex(args: argparse.Namespace, settings: CentralSettings) -> int:
    from kiosk.central.db import open_database, session_factory
    from kiosk.central.keys import load_document_key
    from kiosk.central.pack_rebuild import needed_among, reindex
    from kiosk.central.pack_restore import rows_restorer
    from kiosk.central.storage import LocalPageStorage

    lang = _lang(args)
    key = load_document_key(settings.keys_dir)
    if key is None:
        print(tr("central.pages.no_key", lang, path=str(settings.keys_dir)))
    engine = open_database(settings.database_url)
    storage = LocalPageStorage(settings.storage_dir)
    try:
        factory = session_factory(engine)
        restore = rows_restorer(factory, storage.packs, key)
        done = reindex(storage.packs, needed_among(factory), restore=restore)
    finally:
        storage.packs.close()
        engine.dispose()
    if done.set_aside is not None:
        print(tr("central.pages.set_aside", lang, path=str(done.set_aside)))
    print(tr("central.pages.reindexed", lang, packs=done.packs, listed=done.listed,
             dropped=done.dropped, erased=done.erased, damaged=done.damaged,
             unlisted=done.unlisted))  # fmt: skip
    print(tr("central.pages.rows_restored", lang, rows=done.rows, refused=done.rows_refused))
    return 0


def cmd_check(args: argparse.Namespace, settings: CentralSettings) -> int:
    from sqlalchemy import func, select

    from kiosk.central.db import open_database, session_factory
    from kiosk.central.models import StoredPage
    from kiosk.central.page_check import unreadable
    from kiosk.central.storage import LocalPageStorage

    lang = _lang(args)
    engine = open_database(settings.database_url)
    storage = LocalPageStorage(settings.storage_dir)
    try:
        factory = session_factory(engine)
        bad = 0
        for page in unreadable(storage, factory):
            bad += 1
            print(tr("central.pages.unreadable", lang, sha256=page.sha256,
                     reason=f"central.pages.reason.{page.reason}"))  # fmt: skip
        with factory() as session:
            count = session.scalar(select(func.count()).select_from(StoredPage)) or 0
    finally:
        storage.packs.close()
        engine.dispose()
    if bad:
        print(tr("central.pages.check_bad", lang, bad=bad, count=count))
        return 1
    print(tr("central.pages.check_ok", lang, count=count))
    return 0
