"""After a registration is finished, no scanned image and no full NIK is readable on disk.

The registration's KTP is really captured (a synthetic card with the owner's NIK printed on it goes
through the pipeline into the vault), the registration is submitted, and then every file in the
data folder — database, its WAL and shared-memory files, backups, documents, logs — is searched for
the NIK (as text) and for the page images' plaintext (signatures and chunks of the real bytes).
"""

from __future__ import annotations

import logging
from pathlib import Path

from kiosk.documents.capture import CaptureSession
from kiosk.documents.presets import DEFAULT_PRESETS
from kiosk.documents.synthetic import a4_page, id_card, on_glass
from kiosk.documents.vault import Vault
from kiosk.domain.examples import complete_registration
from kiosk.domain.model import DocumentType
from tests.core.test_documents_support import files_under

PRESETS = {p.name: p for p in DEFAULT_PRESETS}


def test_no_image_and_no_full_nik_in_plaintext_after_submit(data_dir: Path) -> None:
    from kiosk.store import Store

    log_file = data_dir / "logs" / "kiosk.log"
    log_file.parent.mkdir()
    handler = logging.FileHandler(log_file, encoding="utf-8")
    root = logging.getLogger()
    old_level = root.level
    root.addHandler(handler)
    root.setLevel(logging.DEBUG)
    try:
        with Store.open(data_dir) as store:
            reg = complete_registration(7)
            nik = reg.owner.nik
            vault = Vault(store.paths.documents, store.keys)
            glass = on_glass(
                [(id_card(number=nik, name=reg.owner.full_name.upper()), 5, (900, 900))]
            )
            plaintexts: list[bytes] = []
            for document in reg.documents:
                card = document.doc_type in (DocumentType.KTP, DocumentType.NPWP)
                session = CaptureSession(vault, PRESETS["KTP" if card else "Dokumen"])
                for _ in document.pages:
                    image = glass if card else a4_page(150, lines=12)
                    session.add_image(image, dpi=300 if card else 150, origin="glass")
                document.pages = session.stored
                plaintexts += [vault.get(p.sha256) for p in session.stored]
            saved = store.save_draft(reg, step="documents")
            store.submit(saved, staff_id="staff-1")
            logging.getLogger("kiosk.test").info("registration %s finished", saved.reg_no)

            wal = store.paths.database.with_name(store.paths.database.name + "-wal")
            assert wal.exists()  # checked while the WAL still holds the last transactions
            files = files_under(data_dir)
            assert store.paths.database in files and any(
                f.parent.parent == vault.folder for f in files
            )
            assert len(plaintexts) >= 2
            needles = {"NIK": nik.encode(), "NIK (UTF-16)": nik.encode("utf-16-le")}
            for n, page in enumerate(plaintexts):
                middle = len(page) // 2
                needles[f"page {n} head"] = page[:64]
                needles[f"page {n} middle"] = page[middle : middle + 64]
            signatures = {"JPEG": b"JFIF", "PNG": b"\x89PNG\r\n\x1a\n"}
            for path in files:
                blob = path.read_bytes()
                for what, needle in needles.items():
                    assert needle not in blob, (
                        f"{what} in plaintext in {path.relative_to(data_dir)}"
                    )
                if path.is_relative_to(vault.folder) or path.suffix != ".png":
                    for what, sig in signatures.items():
                        assert sig not in blob, f"a {what} image in {path.relative_to(data_dir)}"
            assert "registration" in log_file.read_text(encoding="utf-8")
    finally:
        root.removeHandler(handler)
        root.setLevel(old_level)
        handler.close()
