"""A complete, valid registration for tests, demos and benchmarks of every part.

Synthetic but realistic: a bakery CV in Tarakan (Kalimantan Utara), valid-format NIK/NPWP/NIB
that belong to nobody (the NIK's serial and the NPWP's taxpayer digits are made up; the NPWP's
check digit is computed so it validates). ``complete_registration(seed)`` varies the numbers by
``seed`` so many distinct records can be made; every one passes ``validate_registration(stage=
"submit")`` with no errors (the test suite checks this for a range of seeds).
"""

from __future__ import annotations

import datetime as dt
import hashlib

from stdnum import luhn

from kiosk.domain.checklist import required_documents
from kiosk.domain.consent import record_consent
from kiosk.domain.model import (
    Address,
    BankAccount,
    Business,
    DocumentRef,
    LegalForm,
    Owner,
    PageRef,
    Product,
    Registration,
    Scale,
    Sex,
)
from kiosk.domain.scale import suggest_scale


def example_npwp(seed: int) -> str:
    """A 16-digit NPWP (``0`` + legacy 15) with a valid check digit."""
    body = f"01{seed % 1_000_000:06d}"
    return "0" + body + luhn.calc_check_digit(body) + "723000"


def example_nik(seed: int, female: bool = False) -> str:
    """A Tarakan Tengah (65.71.02) NIK, born 1 January 1985 + ``seed % 28`` days."""
    day = 1 + seed % 28
    return f"657102{day + (40 if female else 0):02d}0185{1 + seed % 9999:04d}"


def complete_registration(
    seed: int = 1, *, staff_id: str = "staff-1", kiosk_id: str = "kiosk-1"
) -> Registration:
    female = seed % 2 == 0
    day = 1 + seed % 28
    reg = Registration(
        business=Business(
            name=f"CV Roti Sebengkok {seed}",
            legal_form=LegalForm.CV,
            scale=Scale.MIKRO,
            scale_suggested=Scale.MIKRO,
            scale_rule=suggest_scale(250_000_000, 900_000_000)[1],
            capital_idr=250_000_000,
            annual_sales_idr=900_000_000,
            nib=f"{9120000000000 + seed % 10_000_000_000:013d}",
            npwp=example_npwp(seed),
            pkp=False,
            kbli=["10710", "47242"],
            year_established=2015,
            employees=6,
        ),
        owner=Owner(
            nik=example_nik(seed, female),
            full_name="Siti Rahmawati" if female else "Ahmad Fauzi",
            birth_date=dt.date(1985, 1, day),
            sex=Sex.FEMALE if female else Sex.MALE,
            position="Direktur",
            is_owner=True,
            phone=f"+62812{5400_0000 + seed % 1000_0000:08d}",
            email=f"roti{seed}@contoh.co.id",
        ),
        address=Address(
            province_code="65",
            regency_code="65.71",
            district_code="65.71.02",
            village_code="65.71.02.1001",
            street="Jl. Yos Sudarso No. 12 RT 03",
            postal_code="77113",
        ),
        products=[
            Product(
                name="Roti Manis Isi Cokelat",
                brand="Roti Sebengkok",
                category="Makanan dan minuman",
                unit="pcs",
                price_idr=8_500,
                description="Roti manis isi cokelat, 80 gram, tanpa pengawet.",
                pdn=True,
            ),
            Product(
                name="Kue Lapis Legit",
                brand="Roti Sebengkok",
                category="Makanan dan minuman",
                unit="loyang",
                price_idr=275_000,
                pdn=True,
                tkdn_cert_no="1234/SJ-IND.8/TKDN/11/2025",
            ),
        ],
        bank=BankAccount(
            bank="Bank Kaltimtara",
            account_number=f"00{seed % 10**8:08d}",
            holder_name=f"CV Roti Sebengkok {seed}",
        ),
        consent=record_consent(
            "id",
            staff_id=staff_id,
            kiosk_id=kiosk_id,
            at=dt.datetime(2026, 11, 25, 2, 0, tzinfo=dt.UTC),
        ),
    )
    for item in required_documents(reg):
        for n in range(item.count if item.required else 0):
            digest = hashlib.sha256(f"{seed}:{item.doc_type.value}:{n}".encode()).hexdigest()
            page = PageRef(sha256=digest, width=1654, height=2339, dpi=200, size=180_000)
            reg.documents.append(
                DocumentRef(doc_type=item.doc_type, label=item.label("id"), pages=[page])
            )
    return reg
