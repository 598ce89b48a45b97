"""Screenshots of the registration pages, offscreen, at 1366×768, with demo data.

    python scripts/screenshots.py [--out docs/screenshots] [--lang id|en] [--data-dir DIR]

Opens each page of the wizard (staff and self-service), the search and the detail page in a
throw-away data folder (unless ``--data-dir`` is given) filled with demo registrations
(``kiosk.demo`` of the store part when installed, plus the registrations built here), and writes
one PNG per page. Used for the README and to look at the pages as a person would.
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

SIZE = (1366, 768)


def sample(store, name: str, nik: str, nib: str, npwp: str, village: str, docs: bool = True):
    """A complete, valid registration (what a desk would have entered)."""
    from kiosk.documents.vault import Vault
    from kiosk.domain.checklist import missing_documents
    from kiosk.domain.consent import record_consent
    from kiosk.domain.ids import nik_facts
    from kiosk.domain.model import (
        Address,
        BankAccount,
        Business,
        DocumentRef,
        DocumentType,
        LegalForm,
        Owner,
        PageRef,
        Product,
        Registration,
    )
    from kiosk.reference import Reference

    _district, born, sex = nik_facts(nik)
    path = Reference.load().region_path(village)
    reg = Registration(
        business=Business(
            name=name,
            legal_form=LegalForm.PERORANGAN,
            capital_idr=350_000_000,
            annual_sales_idr=900_000_000,
            nib=nib,
            npwp=npwp,
            kbli=["10710", "47241"],
            year_established=2018,
            employees=6,
        ),
        owner=Owner(
            nik=nik,
            full_name="Siti Rahmawati",
            birth_date=born,
            sex=sex,
            position="Pemilik",
            phone="0812 3456 7890",
            email="siti@example.com",
        ),
        address=Address(
            *[r.code for r in path], street="Jl. Yos Sudarso No. 12", postal_code="77111"
        ),
        products=[
            Product(
                name="Roti manis isi cokelat",
                brand="Maju",
                category="Makanan",
                unit="pcs",
                price_idr=12_500,
            ),
            Product(
                name="Kue lapis legit (loyang 20 cm)",
                brand="Maju",
                category="Makanan",
                unit="loyang",
                price_idr=1_250_000,
                tkdn_cert_no="TKDN-2024-0117",
            ),
            Product(
                name="Paket snack rapat",
                category="Katering",
                unit="paket",
                price_idr=35_000,
                pdn=True,
            ),
        ],
        bank=BankAccount(
            bank="Bank Rakyat Indonesia (BRI)",
            account_number="012345678901",
            holder_name="Siti Rahmawati",
        ),
    )
    reg.consent = record_consent("id", staff_id="", kiosk_id=str(store.kiosk_id))
    if docs:
        vault = Vault(store.paths.documents, store.keys)
        from kiosk.documents.synthetic import a4_page

        for seed, item in enumerate(missing_documents(reg), start=len(name)):
            data = _jpeg(a4_page(dpi=60, lines=18, seed=seed))
            sha = vault.put(data, "image/jpeg")
            page = PageRef(sha256=sha, width=496, height=702, dpi=60, size=len(data))
            reg.documents.append(
                DocumentRef(
                    doc_type=DocumentType(item.doc_type), label=item.label("id"), pages=[page]
                )
            )
    return reg


def _jpeg(image) -> bytes:
    import io

    out = io.BytesIO()
    image.convert("L").save(out, "JPEG", quality=70)
    return out.getvalue()


def fill_demo(store) -> list:
    """Registrations for the search and detail pages: demo data plus the named examples."""
    from kiosk.demo import add_demo_registrations

    add_demo_registrations(store, 30, seed=5)
    made = []
    for name, nik, nib, npwp in (
        ("Toko Roti Maju Jaya", "6471015501900001", "9120001234567", "013121660091000"),
        ("Keripik Amplang Ibu Rina", "6471014101850002", "9120009999999", "017777772091000"),
    ):
        made.append(store.submit(sample(store, name, nik, nib, npwp, "65.71.02.1003"), staff_id=""))
    corrected = sample(
        store,
        "Toko Roti Maju Jaya",
        "6471015501900001",
        "9120001234567",
        "013121660091000",
        "65.71.02.1003",
    )
    corrected.id, corrected.reg_no = made[0].id, made[0].reg_no
    corrected.business.employees = 8
    store.correct(corrected, reason="Jumlah tenaga kerja diperbarui", staff_id="")
    return made


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=ROOT / "docs" / "screenshots")
    parser.add_argument("--lang", choices=("id", "en"), default="id")
    parser.add_argument("--data-dir", type=Path, default=None)
    args = parser.parse_args(argv)

    from PySide6.QtWidgets import QApplication

    app = QApplication.instance() or QApplication([])
    from kiosk.store import Store
    from ui import i18n, operations, theme
    from ui.context import AppContext

    data_dir = args.data_dir or Path(tempfile.mkdtemp(prefix="kiosk-shots-"))
    store = Store.open(data_dir)
    i18n.install(args.lang)
    theme.apply_theme(app, kiosk_mode=False)
    args.out.mkdir(parents=True, exist_ok=True)
    made = fill_demo(store)
    ctx = AppContext(store, lang=args.lang)
    written: list[Path] = []

    def settle() -> None:
        for _ in range(3):
            operations.wait_idle(10_000)
            app.processEvents()

    def shoot(widget, name: str) -> None:
        widget.resize(*SIZE)
        widget.show()
        settle()
        path = args.out / f"{name}.png"
        widget.grab().save(str(path))
        written.append(path)

    from kiosk.domain.wizard import Flow, Step
    from ui.wizard.wizard import WizardPage

    wizard = WizardPage(ctx)
    demo = sample(
        store,
        "Toko Roti Maju Jaya",
        "6471015501900001",
        "9120001234567",
        "013121660091000",
        "65.71.02.1003",
        docs=False,
    )
    wizard.load_registration(demo, "consent")
    for number, step in enumerate(Step, start=1):
        if step in (Step.SUBMIT, Step.RECEIPT):
            continue
        wizard.go_to(step)
        if step == Step.OWNER:
            page = wizard._current_page()
            page.email.setText("siti@example")
            wizard._field_edited("owner.email")
        if step == Step.ADDRESS:
            page = wizard._current_page()
            page.region.search.line.setText("sebengkok")
            page.region.search.refresh()
        shoot(wizard, f"wizard-{number:02d}-{step.value}")
    wizard.go_to(Step.OWNER)
    wizard._current_page().email.setText("siti@example.com")
    wizard._field_edited("owner.email")
    wizard.reg.documents = made[1].documents  # documents as if scanned, for the submit check
    wizard.go_to(Step.SUBMIT)
    shoot(wizard, "wizard-09-submit")
    wizard.go_to(Step.OWNER)
    wizard.duplicates.check_now()
    shoot(wizard, "wizard-11-duplicate-warning")
    wizard.close()

    theme.apply_theme(app, kiosk_mode=True)
    kiosk_ctx = AppContext(store, lang=args.lang, kiosk_mode=True)
    touch = WizardPage(kiosk_ctx, flow=Flow.self_service())
    touch.start_new()
    shoot(touch, "selfservice-01-business")
    touch.go_to(Step.ADDRESS)
    shoot(touch, "selfservice-03-address")
    touch.close()
    theme.apply_theme(app, kiosk_mode=False)

    from ui.pages.detail_page import DetailPage
    from ui.pages.search_page import SearchPage

    search = SearchPage(ctx)
    search.text.setText("maju")
    search.search_now()
    shoot(search, "search-01-results")
    search.close()
    detail = DetailPage(ctx)
    detail.show_registration(made[0].id)
    settle()
    shoot(detail, "detail-01-data")
    detail.tabs.setCurrentWidget(detail.versions)
    shoot(detail, "detail-02-history")
    detail.correct.click()
    shoot(detail, "detail-03-correction")
    detail.close()
    settle()
    store.close()
    for path in written:
        print(path.relative_to(ROOT) if path.is_relative_to(ROOT) else path)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
