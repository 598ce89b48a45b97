"""Shared helpers of the sync tests: a real central on loopback (SQLite or a fresh PostgreSQL
database), enrolled kiosks with real stores and vaults, valid registrations with synthetic page
images, and what the central holds (read straight from its database and page folder).

Plain functions and context managers rather than fixtures, so each test module states what it
runs against. The module's own test checks the registration factory against the domain rules.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import hashlib
import io
import random
import uuid
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pytest

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
    Scale,
    Sex,
)
from tests.conftest import require_service

if TYPE_CHECKING:
    from kiosk.documents.vault import Vault
    from kiosk.store import Store
    from kiosk.sync.engine import SyncEngine

PG_ADMIN = "host=127.0.0.1 port=5432 user=postgres dbname=postgres connect_timeout=3"


# -- PostgreSQL ------------------------------------------------------------------------------------
def pg_available() -> bool:
    try:
        import psycopg

        with psycopg.connect(PG_ADMIN):
            return True
    except Exception:
        return False


@contextlib.contextmanager
def fresh_pg_database(prefix: str = "kiosk_sync") -> Iterator[str]:
    """A new, empty database for this run; dropped afterwards. Yields its SQLAlchemy URL."""
    require_service(pg_available(), "PostgreSQL at 127.0.0.1:5432")
    import psycopg

    name = f"{prefix}_{uuid.uuid4().hex[:10]}"
    with psycopg.connect(PG_ADMIN, autocommit=True) as conn:
        conn.execute(f'CREATE DATABASE "{name}"')
    try:
        yield f"postgresql+psycopg://postgres@127.0.0.1:5432/{name}"
    finally:
        with psycopg.connect(PG_ADMIN, autocommit=True) as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


@contextlib.contextmanager
def central_database(kind: str, tmp: Path) -> Iterator[str]:
    if kind == "postgres":
        with fresh_pg_database() as url:
            yield url
    else:
        yield f"sqlite:///{tmp / 'central.sqlite3'}"


def central_settings(storage: Path, **overrides):
    from kiosk.central.settings import CentralSettings

    overrides.setdefault("rate_per_second", 10_000.0)
    overrides.setdefault("rate_burst", 10_000)
    return CentralSettings(data_dir=storage, **overrides)


@contextlib.contextmanager
def running_central(db_url: str, storage: Path, **overrides) -> Iterator:
    from kiosk.central.server import start_in_thread

    central = start_in_thread(db_url, storage, settings=central_settings(storage, **overrides))
    try:
        yield central
    finally:
        central.stop()


#: the backends a module's ``central`` fixture runs on (see :func:`central_on`)
BACKENDS = ["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)]


def central_on(request, tmp_path_factory) -> Iterator:
    """A real central on ``request.param``'s backend for a module's ``central`` fixture, with its
    database URL and storage folder as attributes."""
    root = tmp_path_factory.mktemp(f"central-{request.param}")
    with central_database(request.param, root) as db_url:
        with running_central(db_url, root / "storage") as server:
            server.db_url = db_url
            server.storage = root / "storage"
            yield server


# -- kiosks ----------------------------------------------------------------------------------------
@dataclass
class Kiosk:
    store: Store
    vault: Vault
    name: str
    pages: dict[str, bytes] = field(default_factory=dict)  # sha → plaintext, for the final check
    submitted: dict[tuple[str, int], str] = field(default_factory=dict)  # (id, version) → hash

    def engine(self, **kw: Any) -> SyncEngine:
        from kiosk.sync.backoff import Backoff
        from kiosk.sync.engine import SyncEngine

        kw.setdefault("backoff", Backoff(base_s=0.01, cap_s=0.2, max_attempts=5))
        kw.setdefault("timeout", 10.0)
        return SyncEngine(self.store, vault=self.vault, **kw)

    def submit(self, reg: Registration, images: dict[str, bytes]) -> Registration:
        self.pages.update(images)
        saved = self.store.submit(reg, staff_id="staff-1")
        self.submitted[(saved.id, saved.version)] = saved.content_hash()
        return saved


def open_kiosk(root: Path, name: str) -> Kiosk:
    from kiosk.documents.vault import Vault
    from kiosk.store import Store

    store = Store.open(root / name)
    return Kiosk(store, Vault(store.paths.documents, store.keys), name)


def enrolment_code(db_url: str, name: str, mpp: str = "MPP Kota Samarinda") -> str:
    from kiosk.central import admin

    return admin.create_enrolment_code(db_url, name, mpp)


def enrolled_kiosk(
    root: Path, name: str, central_url: str, db_url: str, mpp: str = "MPP Kota Samarinda"
) -> Kiosk:
    from kiosk.sync.enrol import enroll

    kiosk = open_kiosk(root, name)
    enroll(kiosk.store, central_url, enrolment_code(db_url, name, mpp), kiosk_name=name)
    return kiosk


# -- registrations ---------------------------------------------------------------------------------
def page_image(seed: int) -> bytes:
    """A small, unique JPEG (a scanned page stand-in)."""
    from PIL import Image, ImageDraw

    rng = random.Random(seed)
    img = Image.new("L", (48, 64), color=255)
    draw = ImageDraw.Draw(img)
    for _ in range(12):
        x, y = rng.randrange(48), rng.randrange(64)
        draw.rectangle((x, y, x + rng.randrange(2, 9), y + 1), fill=rng.randrange(160))
    draw.text((2, 2), str(seed % 100000), fill=0)
    out = io.BytesIO()
    img.save(out, "JPEG", quality=60)
    return out.getvalue()


def _letters(n: int) -> str:
    """A person-name-safe tag for a number (names may not hold digits): 0 → "A", 27 → "Bb"."""
    out = ""
    while True:
        n, rest = divmod(n, 26)
        out = chr(97 + rest) + out
        if n == 0:
            return out.capitalize()


def _npwp(rng: random.Random) -> str:
    from stdnum import luhn

    body = f"{rng.randrange(10**8):08d}"
    return body + luhn.calc_check_digit(body) + f"{rng.randrange(10**6):06d}"


def _village() -> tuple[str, str, str, str]:
    from kiosk.reference import Reference

    ref = Reference.load()
    province = ref.provinces()[0]
    regency = ref.regencies(province.code)[0]
    district = ref.districts(regency.code)[0]
    village = ref.villages(district.code)[0]
    return province.code, regency.code, district.code, village.code


def make_registration(
    seed: int, vault, *, shared: dict[str, str] | None = None
) -> tuple[Registration, dict[str, bytes]]:
    """A valid sole-proprietor registration whose four documents are pages in ``vault``.

    The KTP page is unique; the NPWP, NIB and non-PKP statement pages are taken from ``shared``
    (doc_type → sha) when given, which keeps the end-to-end runs' page count near one per
    registration (content addressing stores a shared page once).
    """
    rng = random.Random(seed)
    prov, regency, district, village = _village()
    born = dt.date(1960, 1, 1) + dt.timedelta(days=rng.randrange(15000))
    female = rng.random() < 0.5
    day = born.day + (40 if female else 0)
    nik = f"{district.replace('.', '')}{day:02d}{born.month:02d}{born.year % 100:02d}{rng.randrange(1, 9999):04d}"  # noqa: E501
    images: dict[str, bytes] = {}
    docs = []
    for n, doc_type in enumerate(
        (DocumentType.KTP, DocumentType.NPWP, DocumentType.NIB, DocumentType.NON_PKP_STATEMENT)
    ):
        if shared is not None and doc_type.value in shared:
            sha = shared[doc_type.value]
        else:
            data = page_image(seed * 10 + n)
            sha = vault.put(data, "image/jpeg")
            images[sha] = data
            if shared is not None and n >= 1:
                shared[doc_type.value] = sha
        docs.append(DocumentRef(doc_type=doc_type, label=doc_type.value,
                                pages=[PageRef(sha256=sha, media_type="image/jpeg", width=48,
                                               height=64, dpi=150, size=1)]))  # fmt: skip
    from kiosk.domain.consent import record_consent

    reg = Registration(
        business=Business(
            name=f"Usaha Maju {seed}", legal_form=LegalForm.PERORANGAN, scale=Scale.MIKRO,
            scale_suggested=Scale.MIKRO, scale_rule="PP 7/2021", capital_idr=50_000_000,
            annual_sales_idr=200_000_000, nib=f"{rng.randrange(10**12, 10**13)}",
            npwp=_npwp(rng), kbli=["10792"], year_established=2015, employees=3,
        ),
        owner=Owner(
            nik=nik, full_name=f"Siti Aminah {_letters(seed)}", birth_date=born,
            sex=Sex.FEMALE if female else Sex.MALE, position="Pemilik",
            phone=f"+62812{rng.randrange(10**7, 10**8)}", email=f"umkm{seed}@example.co.id",
        ),
        address=Address(province_code=prov, regency_code=regency, district_code=district,
                        village_code=village, street=f"Jl. Pahlawan No. {seed % 200 + 1}",
                        postal_code="75123"),
        products=[Product(name="Amplang ikan", unit="bungkus", price_idr=25_000,
                          category="makanan", description="Kerupuk ikan khas Samarinda")],
        bank=BankAccount(bank="BANK BPD KALTIM", account_number=f"{rng.randrange(10**9, 10**10)}",
                         holder_name=f"Siti Aminah {_letters(seed)}"),
        consent=record_consent("id", staff_id="staff-1", kiosk_id="k"),
        documents=docs,
    )  # fmt: skip
    for doc in reg.documents:
        for page in doc.pages:
            page.size = len(images.get(page.sha256, b"")) or 1
    return reg, images


@contextlib.contextmanager
def kiosk_of_test(
    central: tuple[str, str], root: Path, request: pytest.FixtureRequest
) -> Iterator[Kiosk]:
    """An enrolled kiosk named after the running test, on the ``(url, db_url)`` of a
    :func:`sqlite_central`, its store closed afterwards (the forget tests' kiosk)."""
    url, db_url = central
    kiosk = enrolled_kiosk(root, request.node.name[-40:], url, db_url)
    try:
        yield kiosk
    finally:
        kiosk.store.close()


@contextlib.contextmanager
def central_for_admin(kind: str, root: Path) -> Iterator[Any]:
    """:func:`running_central` on a fresh database of ``kind`` under ``root``, carrying its
    ``db_url`` and ``settings``: for tests that also call the central's own admin functions (the
    data-subject requests)."""
    import dataclasses

    storage = root / "storage"
    with central_database(kind, root) as db_url, running_central(db_url, storage) as server:
        server.db_url = db_url
        server.settings = dataclasses.replace(central_settings(storage), database_url=db_url)
        yield server


# -- what the central holds ------------------------------------------------------------------------
def central_rows(db_url: str, sql: str, **params: object) -> list[Any]:
    """The rows of ``sql`` (with ``params``) read straight from the central's database."""
    import sqlalchemy as sa

    engine = sa.create_engine(db_url)
    try:
        with engine.connect() as conn:
            return list(conn.execute(sa.text(sql), params))
    finally:
        engine.dispose()


def central_versions(db_url: str) -> list[tuple[str, int, str]]:
    import sqlalchemy as sa

    engine = sa.create_engine(db_url)
    try:
        with engine.connect() as conn:
            rows = conn.execute(
                sa.text("SELECT registration_id, version, content_hash FROM central_versions")
            ).all()
    finally:
        engine.dispose()
    return [tuple(r) for r in rows]


def central_page(storage: Path, sha: str) -> bytes:
    """The plaintext of a page as the central holds it (opened with the central's key)."""
    from kiosk.central.keys import load_or_create_document_key
    from kiosk.central.storage import LocalPageStorage
    from kiosk.documents.envelope import open_document

    key = load_or_create_document_key(storage / "keys")
    return open_document(LocalPageStorage(storage).read(sha), key)  # its own file or its pack


def digest_of(lines) -> str:
    rendered = sorted(f"{r}:{v}:{h}\n" for r, v, h in lines)
    return hashlib.sha256("".join(rendered).encode()).hexdigest()


# -- the factory's own check -----------------------------------------------------------------------
def test_factory_registrations_pass_submit_validation(tmp_path: Path) -> None:
    kiosk = open_kiosk(tmp_path, "k1")
    shared: dict[str, str] = {}
    reg, images = make_registration(1, kiosk.vault, shared=shared)
    saved = kiosk.submit(reg, images)
    assert saved.reg_no and saved.version == 1
    _reg2, images2 = make_registration(2, kiosk.vault, shared=shared)
    assert len(images2) == 1 and len(images) == 4  # NPWP, NIB, statement pages are shared
    with pytest.raises(Exception):  # noqa: B017 - the store refuses an invalid one
        broken, _ = make_registration(3, kiosk.vault)
        broken.owner.nik = "123"
        kiosk.store.submit(broken, staff_id="staff-1")


@contextlib.contextmanager
def sqlite_central(root: Path) -> Iterator[tuple[str, str]]:
    """A running central on a SQLite file in ``root``: yields (its URL, its database URL)."""
    db_url = f"sqlite:///{root / 'central.sqlite3'}"
    with running_central(db_url, root / "storage") as server:
        yield server.url, db_url


def page_locked(vault, sha: str) -> bool:
    """True when the kiosk's vault no longer opens page ``sha`` (its local key was forgotten)."""
    from kiosk.errors import UserFacingError

    try:
        vault.get(sha)
    except UserFacingError as exc:
        assert exc.code == "documents.page.sent_to_central"
        return True
    return False
