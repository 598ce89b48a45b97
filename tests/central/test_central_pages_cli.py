"""``kiosk central pages check|reindex`` and the central's start with its pack index lost: the
pages a kiosk uploaded are named unreadable while the index is gone, every one reads back byte for
byte after ``reindex`` or after a restart (which rebuilds it), and the messages are bilingual."""

from __future__ import annotations

from pathlib import Path

import pytest

from kiosk.cli import main
from tests.central.helpers import Central, KioskClient, page_bytes, registration, sha


def _uploaded(central: Central, count: int) -> dict[str, bytes]:
    """``count`` pages a kiosk pushed and uploaded in one batch (packed): sha256 → envelope."""
    return _uploaded_by(central.enroll(), count)


def _uploaded_by(kiosk: KioskClient, count: int) -> dict[str, bytes]:
    images = [page_bytes(3000 + n) for n in range(count)]
    kiosk.push(kiosk.item(registration(kiosk.kiosk_code, pages=images)))
    return kiosk.upload_batch(images)


def _pages(capsys: pytest.CaptureFixture[str], central: Central, action: str) -> tuple[int, str]:
    code = main(["central", "pages", action, "--database-url", central.db_url,
                 "--data-dir", str(central.folder)])  # fmt: skip
    return code, capsys.readouterr().out


def _lose_index(folder: Path) -> None:
    for name in ("index.sqlite", "index.sqlite-wal", "index.sqlite-shm"):
        (folder / "packs" / name).unlink(missing_ok=True)


def _read(central: Central, digest: str) -> bytes:
    from kiosk.central.storage import LocalPageStorage

    return LocalPageStorage(central.folder).read(digest)


@pytest.mark.parametrize(
    "backend", ["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)]
)
def test_check_names_the_lost_pages_and_reindex_brings_every_one_back(
    make_central, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch, backend: str
) -> None:
    central = make_central(backend)
    envelopes = _uploaded(central, 6)
    assert _pages(capsys, central, "check")[0] == 0
    central.stop()
    _lose_index(central.folder)
    monkeypatch.setenv("KIOSK_LANG", "en")
    code, out = _pages(capsys, central, "check")
    assert code == 1
    for digest in envelopes:
        assert f"Page {digest} cannot be read: neither a file nor an index entry." in out
    assert "6 of 6 stored pages cannot be read" in out
    monkeypatch.setenv("KIOSK_LANG", "id")
    code, out = _pages(capsys, central, "reindex")
    assert code == 0
    assert "6 halaman didaftarkan" in out
    code, out = _pages(capsys, central, "check")
    assert code == 0 and "Semua 6 halaman tersimpan terbaca utuh." in out
    for digest, envelope in envelopes.items():
        assert _read(central, digest) == envelope


def test_the_central_rebuilds_a_lost_index_when_it_starts(
    make_central, capsys: pytest.CaptureFixture[str]
) -> None:
    central = make_central()
    envelopes = _uploaded(central, 4)
    central.stop()
    _lose_index(central.folder)
    with Central.start(central.db_url, central.folder, backend=central.backend) as again:
        for digest, envelope in envelopes.items():
            assert _read(again, digest) == envelope
        assert _pages(capsys, again, "check")[0] == 0


def test_check_names_a_damaged_record(
    make_central, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    central = make_central()
    envelopes = _uploaded(central, 3)
    (pack,) = (central.folder / "packs").glob("*/*.pack")
    data = bytearray(pack.read_bytes())
    data[-10] ^= 0xFF  # one flipped byte in the last envelope
    pack.write_bytes(bytes(data))
    monkeypatch.setenv("KIOSK_LANG", "en")
    code, out = _pages(capsys, central, "check")
    assert code == 1
    last = list(envelopes)[-1]
    assert f"Page {last} cannot be read: its record is damaged, cut short or erased." in out
    assert "1 of 3 stored pages" in out


@pytest.mark.parametrize(
    "backend", ["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)]
)
def test_reindex_gives_a_referenced_page_its_row_back_only_when_it_opens_with_the_key(
    make_central, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch, backend: str
) -> None:
    """A restore's page (referenced, packed, no ``central_pages`` row) gets its row from
    ``pages reindex`` with the upload's size, media type and kiosk; a record whose envelope the
    central's key cannot open (sealed to another key, its header naming the page) gets none."""
    from cryptography.hazmat.primitives.asymmetric.x25519 import X25519PrivateKey

    from kiosk.central.page_packs import PackStore
    from kiosk.documents.envelope import seal_document

    central = make_central(backend)
    kiosk = central.enroll()
    envelopes = _uploaded_by(kiosk, 3)
    images = [page_bytes(5000 + n) for n in range(2)]
    kiosk.push(kiosk.item(registration(kiosk.kiosk_code, pages=images)))
    forged = {sha(image): seal_document(image, [X25519PrivateKey.generate().public_key()])
              for image in images}  # fmt: skip
    PackStore(central.folder / "packs").store(forged)  # listed, referenced, no row
    rows = central.sql("SELECT sha256, size, media_type, kiosk_id FROM central_pages")
    central.stop()
    gone = list(envelopes)[:2]
    central.sql(f"DELETE FROM central_pages WHERE sha256 IN ('{gone[0]}', '{gone[1]}')")
    _lose_index(central.folder)
    monkeypatch.setenv("KIOSK_LANG", "en")
    code, out = _pages(capsys, central, "reindex")
    assert code == 0 and "2 missing page rows" in out and "2 pages failed the check" in out
    again = central.sql("SELECT sha256, size, media_type, kiosk_id FROM central_pages")
    assert sorted(again) == sorted(rows)  # the two rows back as uploaded, none for the forged
    code, out = _pages(capsys, central, "reindex")
    assert "0 missing page rows" in out  # idempotent: nothing more the second time
