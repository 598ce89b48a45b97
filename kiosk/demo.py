"""Realistic synthetic registrations for demos and benchmarks (``kiosk demo-data``).

Kalimantan Utara businesses: villages drawn from the shipped region table (province 65), owners
with Indonesian names whose NIK is consistent with them (the district of their address, their
birth date, +40 on the day for women), valid-format NPWP (check digit computed), 13-digit NIB,
mobile numbers that phonenumbers accepts, real KBLI 2020 codes with matching products and prices,
the consent record of the current text, and the checklist's documents (pages are placeholders:
their hashes name no stored image, so the documents' sweep will flag them ``missing``). On a
fresh data folder the hall is a demo MPP in Kalimantan Utara, so times show WITA
(:func:`set_up_demo_hall`).

Every number is made up and belongs to nobody; the NIK serials start at 9000 to stay clear of
ordinary ones. The generator is deterministic for a given seed.
"""

# ruff: noqa: S311 - synthetic demo data; `random` is seeded on purpose, nothing here is secret
from __future__ import annotations

import datetime as dt
import hashlib
import random
from dataclasses import dataclass
from typing import TYPE_CHECKING

from stdnum import luhn

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
    Sex,
)
from kiosk.errors import StorageFault
from kiosk.i18n import register

if TYPE_CHECKING:
    from kiosk.store import Store

MEN = """
    Ahmad Budi Yohanes Muhammad Agus Hendra Rudi Iwan Samsul Markus Fransiskus Rahmat Dedi
    Arif Hasanuddin Yusuf Andi Irfan
""".split()
WOMEN = """
    Siti Nur Dewi Sri Maria Fitri Rina Yuliana Wahyuni Agustina Hasnah Kartini Lestari Murni
    Theresia Rahmawati Indah Nurhayati
""".split()
FAMILY = """
    Santoso Lawing Ajang Saragih Hidayat Wijaya Pratama Lumbantobing Kurniawan Tidung
    Hasibuan Setiawan Nugroho Syahputra Bulan Laing Rahman Ibrahim Siregar Halim Gunawan
    Sulaiman Ding Pasinggi
""".split()
PLACE_WORDS = """
    Borneo Kayan Sesayap Tidung Bulungan Malinau Sebatik Krayan Tarakan Nunukan Sembakung
    Mamburungan Juata Amal Kaltara
""".split()
GOOD_WORDS = """
    Makmur Jaya Sejahtera Abadi Berkah Mandiri Sentosa Lestari Bersama Mulia Harapan Sinar
    Cahaya Maju Karya Indah
""".split()
BANKS = ["Bank Kaltimtara", "BRI", "BNI", "Bank Mandiri", "BSI", "BCA", "BTN"]
STREETS = """
    Jl. Yos Sudarso
    Jl. Mulawarman
    Jl. Sengkawit
    Jl. Gajah Mada
    Jl. Kusuma Bangsa
    Jl. Jenderal Sudirman
    Jl. Pahlawan
    Jl. Skip I
    Jl. Pulau Bunyu
    Jl. Katamso
""".strip().splitlines()
STREETS = [street.strip() for street in STREETS]
POSTAL = {"65.01": 77211, "65.02": 77511, "65.03": 77411, "65.04": 77611, "65.71": 77111}
MOBILE_PREFIXES = """
    811 812 813 821 822 852 853 817 818 819 859 877 878 814 815 816 855 856 857 858 895 896
""".split()


@dataclass(frozen=True)
class Trade:
    kbli: tuple[str, ...]
    label: str  # goes into the business name
    category: str
    products: tuple[tuple[str, str, int], ...]  # (name, unit, price in rupiah)


TRADES = [
    Trade(
        ("10710", "10792"),
        "Roti",
        "Makanan dan minuman",
        (
            ("Roti Manis", "pcs", 8_500),
            ("Kue Lapis Legit", "loyang", 275_000),
            ("Roti Tawar Gandum", "bungkus", 22_000),
        ),
    ),
    Trade(
        ("10794",),
        "Amplang",
        "Makanan ringan",
        (
            ("Amplang Ikan Tenggiri 250 g", "bungkus", 35_000),
            ("Kerupuk Udang 500 g", "bungkus", 48_000),
        ),
    ),
    Trade(
        ("10761",),
        "Kopi",
        "Makanan dan minuman",
        (
            ("Kopi Liberika Bubuk 200 g", "bungkus", 65_000),
            ("Kopi Robusta Biji 1 kg", "kg", 180_000),
        ),
    ),
    Trade(
        ("14111", "14120"),
        "Konveksi",
        "Pakaian",
        (
            ("Seragam Kerja", "stel", 185_000),
            ("Kemeja Batik Tidung", "pcs", 225_000),
            ("Rompi Proyek", "pcs", 95_000),
        ),
    ),
    Trade(
        ("31001", "16221"),
        "Mebel",
        "Perabot kantor",
        (
            ("Meja Kerja Kayu Ulin", "unit", 2_450_000),
            ("Lemari Arsip Kayu", "unit", 3_100_000),
            ("Kursi Rapat", "unit", 650_000),
        ),
    ),
    Trade(
        ("18111",),
        "Percetakan",
        "Alat tulis dan cetakan",
        (
            ("Cetak Spanduk 1 x 3 m", "lembar", 120_000),
            ("Map Berlogo", "pcs", 7_500),
            ("Kop Surat 1 rim", "rim", 350_000),
        ),
    ),
    Trade(
        ("56101", "56102"),
        "Katering",
        "Jasa boga",
        (("Nasi Kotak Rapat", "kotak", 35_000), ("Snack Box", "kotak", 15_000)),
    ),
    Trade(
        ("47241", "47211"),
        "Tani",
        "Bahan pangan",
        (("Beras Adan Krayan 5 kg", "karung", 110_000), ("Beras Lokal 25 kg", "karung", 325_000)),
    ),
    Trade(
        ("33121",),
        "Teknik",
        "Jasa perbaikan",
        (("Servis Genset", "paket", 750_000), ("Servis AC Split", "unit", 175_000)),
    ),
    Trade(
        ("13921",),
        "Tenun",
        "Kerajinan",
        (("Tas Anjat Rotan", "pcs", 275_000), ("Taplak Meja Tenun", "pcs", 150_000)),
    ),
]
FORMS = [
    (LegalForm.PERORANGAN, "UD", 45),
    (LegalForm.CV, "CV", 30),
    (LegalForm.PT, "PT", 10),
    (LegalForm.KOPERASI, "Koperasi", 10),
    (LegalForm.FIRMA, "Firma", 5),
]


def _villages() -> list[tuple[str, str, str, str]]:
    from kiosk.reference import Reference

    refs = Reference.load()
    out = []
    for regency in refs.regencies("65"):
        for district in refs.districts(regency.code):
            for village in refs.villages(district.code):
                out.append(("65", regency.code, district.code, village.code))
    if not out:
        raise RuntimeError("the region table has no villages of Kalimantan Utara (65)")
    return out


class DemoFactory:
    """Makes registrations; ``make(n)`` gives the n-th one (distinct identifiers per n)."""

    def __init__(self, seed: int | None = None, *, staff_id: str = "demo", kiosk_id: str = "demo"):
        self.seed = random.randrange(1 << 30) if seed is None else seed
        self.staff_id, self.kiosk_id = staff_id, kiosk_id
        self.villages = _villages()
        from kiosk.domain.consent import record_consent

        self.consent = record_consent("id", staff_id=staff_id, kiosk_id=kiosk_id)

    def make(self, n: int) -> Registration:
        rng = random.Random(self.seed * 1_000_003 + n)
        female = rng.random() < 0.45
        first = rng.choice(WOMEN if female else MEN)
        owner_name = f"{first} {rng.choice(FAMILY)}"
        province, regency, district, village = rng.choice(self.villages)
        born = dt.date(1960, 1, 1) + dt.timedelta(days=rng.randrange(0, 365 * 42))
        day = born.day + (40 if female else 0)
        serial = 9000 + (n % 1000)
        nik = (
            f"{district.replace('.', '')}{day:02d}{born.month:02d}{born.year % 100:02d}{serial:04d}"
        )
        form, prefix, _ = rng.choices(FORMS, weights=[f[2] for f in FORMS])[0]
        trade = rng.choice(TRADES)
        name = self._business_name(rng, prefix, trade, owner_name)
        capital = rng.choice([25, 50, 150, 300, 750, 1_500, 4_000]) * 1_000_000
        sales = capital * rng.randint(2, 6)
        products = [
            Product(
                name=p_name,
                brand=name.split(" ", 1)[-1],
                category=trade.category,
                unit=unit,
                price_idr=price + rng.randrange(0, 5) * 500,
                description=f"{p_name}, produksi lokal.",
                pdn=True,
            )
            for p_name, unit, price in rng.sample(
                trade.products, k=rng.randint(1, len(trade.products))
            )
        ]
        npwp = nik if form == LegalForm.PERORANGAN and rng.random() < 0.5 else _npwp(rng)
        reg = Registration(
            business=Business(
                name=name,
                legal_form=form,
                capital_idr=capital,
                annual_sales_idr=sales,
                nib=f"{rng.randrange(10**12, 10**13)}",
                npwp=npwp,
                pkp=sales > 4_800_000_000,
                kbli=list(trade.kbli),
                year_established=rng.randint(1995, 2025),
                employees=rng.randint(1, 40),
            ),
            owner=Owner(
                nik=nik,
                full_name=owner_name,
                birth_date=born,
                sex=Sex.FEMALE if female else Sex.MALE,
                position="Pemilik"
                if form == LegalForm.PERORANGAN
                else ("Ketua" if form == LegalForm.KOPERASI else "Direktur"),
                is_owner=True,
                phone=_mobile(rng),
                email=f"{first.lower()}{n}@contoh.co.id",
            ),
            address=Address(
                province_code=province,
                regency_code=regency,
                district_code=district,
                village_code=village,
                street=f"{rng.choice(STREETS)} No. {rng.randint(1, 120)} "
                f"RT {rng.randint(1, 30):02d}",
                postal_code=str(POSTAL.get(regency, 77111) + rng.randint(0, 4)),
            ),
            products=products,
            bank=BankAccount(
                bank=rng.choice(BANKS),
                account_number=f"{rng.randrange(10**9, 10**13)}",
                holder_name=name,
            ),
            consent=self.consent,
        )
        from kiosk.domain.scale import suggest_scale

        scale, rule = suggest_scale(capital, sales, "id")
        reg.business.scale = reg.business.scale_suggested = scale
        reg.business.scale_rule = rule
        _catalogue_fields(reg, random.Random(f"catalogue:{self.seed}:{n}"))
        _attach_documents(reg, n)  # after the TKDN certificates: they ask for their scans
        return reg

    @staticmethod
    def _business_name(rng: random.Random, prefix: str, trade: Trade, owner: str) -> str:
        style = rng.random()
        if style < 0.4:
            first, second = rng.sample(GOOD_WORDS, 2)
            return f"{prefix} {trade.label} {first} {second}"
        if style < 0.7:
            return f"{prefix} {rng.choice(GOOD_WORDS)} {rng.choice(PLACE_WORDS)}"
        if style < 0.85:
            return f"{prefix} {trade.label} {rng.choice(PLACE_WORDS)}"
        return f"{prefix} {trade.label} {owner.split()[0]}"


def _npwp(rng: random.Random) -> str:
    body = f"{rng.randrange(1, 99):02d}{rng.randrange(10**6):06d}"
    return body + luhn.calc_check_digit(body) + f"{rng.randrange(700, 730)}000"


def _mobile(rng: random.Random) -> str:
    import phonenumbers

    while True:
        number = f"+62{rng.choice(MOBILE_PREFIXES)}{rng.randrange(10**7, 10**8)}"
        if phonenumbers.is_valid_number(phonenumbers.parse(number)):
            return number


# The drawn product shot of each trade (by its first KBLI code): kiosk.documents.product_drawings.
PHOTO_SHAPES = {"10710": "loaf", "10794": "pouch", "10761": "pouch", "14111": "shirt",
                "31001": "box", "18111": "box", "56101": "box", "47241": "pouch",
                "33121": "box", "13921": "basket"}  # fmt: skip


def _catalogue_fields(reg: Registration, rng: random.Random) -> None:
    """The catalogue fields of the products (issue 11), from their own random stream so the
    registrations a seed gives stay the same as before they existed."""
    province_regencies = ["65.01", "65.02", "65.03", "65.04", "65.71"]
    for product in reg.products:
        product.kbli = reg.business.kbli[0]
        product.price_includes_ppn = reg.business.pkp  # a PKP charges PPN in its price
        product.min_order = rng.choice([1, 1, 5, 10, 20, 50])
        more = rng.sample(province_regencies, rng.randint(0, 2))
        product.regencies = sorted({reg.address.regency_code, *more})
        if rng.random() < 0.3:
            product.tkdn_percent = round(rng.uniform(25.0, 65.0), 2)
            product.bmp_percent = float(rng.choice([0, 5, 10, 15]))
            month = rng.randint(1, 12)
            product.tkdn_cert_no = f"{rng.randint(100, 9999)}/SJ-IND.8/TKDN/{month}/2025"
            product.tkdn_cert_date = dt.date(2025, month, rng.randint(1, 28))


def _attach_documents(reg: Registration, n: int) -> None:
    from kiosk.domain.checklist import required_documents

    for item in required_documents(reg):
        for page_no in range(item.count if item.required else 0):
            digest = hashlib.sha256(
                f"demo:{reg.id}:{item.doc_type.value}:{page_no}".encode()
            ).hexdigest()
            page = PageRef(sha256=digest, width=1654, height=2339, dpi=200, size=180_000 + n % 977)
            reg.documents.append(
                DocumentRef(doc_type=item.doc_type, label=item.label("id"), pages=[page])
            )


class DemoPages:
    """Real page images in the kiosk's vault for demo registrations.

    Without them a demo registration would name pages that exist nowhere: the detail page would
    show broken thumbnails and sync would report every page missing. One small synthetic image
    per (document type, page number) is rendered once and shared (the vault is
    content-addressed, so it is stored, and uploaded, once).
    """

    DPI = 100

    def __init__(self, store: Store) -> None:
        from kiosk.documents.vault import Vault

        self.vault = Vault(store.paths.documents, store.keys)
        self._made: dict[tuple[str, int], PageRef] = {}  # pages and product photos

    def page(self, doc_type: str, page_no: int) -> PageRef:
        key = (doc_type, page_no)
        if key not in self._made:
            self._made[key] = self._render(doc_type, page_no)
        return self._made[key]

    def _render(self, doc_type: str, page_no: int) -> PageRef:
        import io

        from kiosk.documents import synthetic

        if doc_type in (DocumentType.KTP, DocumentType.NPWP):
            dpi = 3 * self.DPI  # a card is small: scanned finer, like the presets do
            image = synthetic.id_card(dpi, number="0000000000000000", name="CONTOH DEMO")
        else:
            dpi = self.DPI
            seed = int.from_bytes(hashlib.sha256(f"{doc_type}:{page_no}".encode()).digest()[:4])
            image = synthetic.a4_page(dpi, lines=30, seed=seed)
        buf = io.BytesIO()
        # the dpi in the JFIF header, as the pipeline writes it: PDF exports size pages by it
        image.convert("L").save(buf, "JPEG", quality=60, optimize=True, dpi=(dpi, dpi))
        data = buf.getvalue()
        sha = self.vault.put(data, "image/jpeg")
        return PageRef(sha, "image/jpeg", image.width, image.height, dpi, len(data))

    def attach(self, reg: Registration) -> None:
        for doc in reg.documents:
            doc.pages = [self.page(doc.doc_type, i) for i in range(len(doc.pages))]
        for product in reg.products:
            count = 1 + len(product.name) % 2  # one or two photos, the same for a product name
            product.photos = [self.photo(product.kbli, product.name, k) for k in range(count)]

    def photo(self, kbli: str, name: str, k: int) -> PageRef:
        """A drawn shot of the product, through the real photo pipeline, once per name."""
        key = (f"photo:{name}", k)
        if key not in self._made:
            from kiosk.documents.product_drawings import product_shot
            from kiosk.documents.product_photo import prepare

            seed = int.from_bytes(hashlib.sha256(f"{name}:{k}".encode()).digest()[:4])
            words = name.split()
            label = (words[0].upper(), " ".join(words[1:4]) or "Produk Lokal")
            shot = product_shot(seed, (1200, 900), shape=PHOTO_SHAPES.get(kbli), label=label)
            photo = prepare(shot)
            sha = self.vault.put(photo.data, photo.media_type)
            self._made[key] = photo.page_ref(sha)
        return self._made[key]


def add_demo_registrations(
    store: Store, count: int, *, seed: int | None = None, drafts: float = 0.1
) -> int:
    """Store ``count`` demo registrations (a share ``drafts`` left as drafts); returns how many.

    Their documents' pages are real images in the vault (see :class:`DemoPages`). Submitted ones
    are written in batches of :data:`SUBMIT_BATCH` (one transaction each), so a run that stops
    half-way (a full disk) knows what it stored: it raises :class:`DemoStopped` saying "N of M
    stored" and why, and what was stored stays (each draft and each batch is whole).
    """
    set_up_demo_hall(store)
    factory = DemoFactory(seed, staff_id="demo", kiosk_id=store.kiosk_id)
    rng = random.Random(factory.seed)
    stored = 0
    submitted: list[Registration] = []
    try:
        pages = DemoPages(store)
        for n in range(count):
            reg = factory.make(n)
            pages.attach(reg)
            if rng.random() < drafts:
                store.save_draft(reg, staff_id="demo", step="products")
                stored += 1
            else:
                submitted.append(reg)
            if len(submitted) >= SUBMIT_BATCH or (n == count - 1 and submitted):
                store.bulk_submit(submitted, staff_id="demo", stamp_session=True)  # validated
                stored += len(submitted)
                submitted = []
    except StorageFault as exc:
        raise DemoStopped(exc.kind, stored=stored, total=count) from exc
    return count


SUBMIT_BATCH = 500
DEMO_HALL = {"branding.mpp_name": "MPP Kota Tarakan", "branding.province": "Kalimantan Utara"}


def set_up_demo_hall(store: Store) -> bool:
    """On a fresh data folder (no hall named yet), name a demo MPP in Kalimantan Utara, where the
    demo businesses are, with its zone (WITA): receipts and screens then show WITA, as that
    desk's would. A kiosk already set up keeps its own hall and zone. True when it was set."""
    from kiosk.domain import timezones

    if store.get_setting("branding.mpp_name", "") or store.get_setting(timezones.SETTING, ""):
        return False
    for key, value in DEMO_HALL.items():
        store.set_setting(key, value)
    store.set_setting(timezones.SETTING, timezones.zone_for_province("65"))
    return True


class DemoStopped(StorageFault):
    """Demo data stopped part-way by a storage fault; ``params["stored"]`` were stored."""

    def __init__(self, kind: str, *, stored: int, total: int) -> None:
        reason = f"storage.{kind}"  # the fault's own sentence, rendered in the same language
        super().__init__(kind, "demo.stopped", stored=stored, total=total, reason=reason)


register(
    {
        "demo.stopped": {
            "id": "Data demo berhenti di tengah jalan: {stored} dari {total} pendaftaran "
            "tersimpan, sisanya tidak dibuat. {reason}",
            "en": "Demo data stopped part-way: {stored} of {total} registrations stored, the "
            "rest were not made. {reason}",
        }
    }
)
