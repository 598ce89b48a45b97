"""The kiosk's zone by province (Keppres 41/1987) and from the store's setting (issue 12)."""

from __future__ import annotations

import datetime as dt

import pytest

from kiosk.domain import timezones
from kiosk.reference import Reference
from kiosk.store import Store

WITA_NAMES = {
    "Bali", "Nusa Tenggara Barat", "Nusa Tenggara Timur", "Kalimantan Selatan",
    "Kalimantan Timur", "Kalimantan Utara", "Sulawesi Utara", "Sulawesi Tengah",
    "Sulawesi Selatan", "Sulawesi Tenggara", "Gorontalo", "Sulawesi Barat",
}  # fmt: skip


@pytest.fixture
def store(data_dir):
    with Store.open(data_dir) as opened:
        yield opened


@pytest.fixture(autouse=True)
def _wib_afterwards():
    yield
    timezones.set_display_zone(timezones.DEFAULT_ZONE)


def test_every_province_of_the_reference_data_has_its_official_zone():
    provinces = Reference.load().provinces()
    assert len(provinces) == 38
    for province in provinces:
        zone = timezones.zone_for_province(province.code)
        if province.name in WITA_NAMES:
            assert zone == "Asia/Makassar", province.name
        elif province.name.startswith(("Papua", "Maluku")):
            assert zone == "Asia/Jayapura", province.name
        else:  # Sumatra, Java, Kalimantan Barat and Tengah
            assert zone == "Asia/Jakarta", province.name
    by_name = {p.name: timezones.zone_for_province(p.code) for p in provinces}
    assert by_name["Kalimantan Utara"] == "Asia/Makassar"
    assert by_name["Kalimantan Barat"] == by_name["Kalimantan Tengah"] == "Asia/Jakarta"
    assert by_name["Papua Barat Daya"] == by_name["Maluku"] == "Asia/Jayapura"
    assert timezones.zone_for_province("65.71.01.1001") == "Asia/Makassar"  # a village's code
    with pytest.raises(ValueError):
        timezones.zone_for_province("00")


def test_labels_and_offsets_without_the_tz_database():
    at = dt.datetime(2026, 12, 3, 1, 15, tzinfo=dt.UTC)
    shown = {zone: at.astimezone(timezones.tz(zone)) for zone in timezones.ZONES}
    assert [(v.hour, v.tzname()) for v in shown.values()] == [
        (8, "WIB"),
        (9, "WITA"),
        (10, "WIT"),
    ]
    assert timezones.label("Asia/Makassar") == "WITA"
    assert timezones.tz("Europe/London").tzname(None) == "WIB"  # never the machine's or UTC


def test_the_zone_is_read_from_the_store_once_and_cached(store):
    from kiosk.domain.formatting import format_datetime

    at = dt.datetime(2026, 12, 3, 1, 15, tzinfo=dt.UTC)
    assert timezones.store_zone(store) == "Asia/Jakarta"  # not set: WIB
    store.set_setting(timezones.SETTING, "Asia/Makassar")
    assert format_datetime(at) == "3 Desember 2026 08.15 WIB"  # not read yet
    timezones.use_store_zone(store)
    assert format_datetime(at) == "3 Desember 2026 09.15 WITA"
    store.set_setting(timezones.SETTING, "Mars/Olympus")  # not one of the three: WIB
    assert timezones.store_zone(store) == "Asia/Jakarta"


def test_an_export_shows_times_in_the_kiosks_zone_and_imports_back_exactly(tmp_path):
    import csv

    from kiosk.domain.examples import complete_registration
    from kiosk.importexport.columns import COLUMN_NAMES
    from kiosk.importexport.export import export_registrations
    from kiosk.importexport.importer import import_file

    with Store.open(tmp_path / "desk") as desk:
        desk.set_setting(timezones.SETTING, "Asia/Makassar")
        reg = desk.submit(complete_registration(1), staff_id="s")
        out = tmp_path / "umkm.csv"
        assert export_registrations(desk, out, "csv") == 1
    with out.open(encoding="utf-8-sig", newline="") as f:
        _labels, keys, values = list(csv.reader(f))  # readable labels, field keys, the row
    assert keys[1:] == list(COLUMN_NAMES)[1:]  # keys[0] is "#kolom:id"
    row = dict(zip(COLUMN_NAMES, values, strict=True))
    for name in ("created_at", "updated_at", "consent.given_at"):
        assert row[name].endswith("+08:00"), name  # WITA, whatever the machine's zone
    assert dt.datetime.fromisoformat(row["updated_at"]) == reg.updated_at
    with Store.open(tmp_path / "office") as office:
        import_file(office, out)
        assert office.get(reg.id).content_hash() == reg.content_hash()
