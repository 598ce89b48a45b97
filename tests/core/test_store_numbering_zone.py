"""Registration numbers carry the date in the kiosk's zone, not the machine's: a Tarakan desk
(WITA, UTC+8) on a laptop set to UTC registers at 00:30 WITA on 3 December, which is still
2 December in UTC; its number must say 20261203."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from kiosk.domain.examples import complete_registration
from kiosk.domain.timezones import SETTING
from kiosk.store import Store
from kiosk.store.numbering import local_day, next_reg_no

# 2 December 2026, 16:30 UTC = 3 December 00:30 WITA = 3 December 01:30 WIT = 23:30 WIB.
MOMENT = dt.datetime(2026, 12, 2, 16, 30, tzinfo=dt.UTC)


@pytest.mark.parametrize(
    ("zone", "day"),
    [("Asia/Makassar", "20261203"), ("Asia/Jayapura", "20261203"), ("Asia/Jakarta", "20261202")],
)
def test_the_day_is_the_kiosks(data_dir: Path, zone: str, day: str) -> None:
    with Store.open(data_dir) as store:
        store.set_setting(SETTING, zone)
        with store.session() as session:
            assert local_day(session.connection(), MOMENT) == day
            assert next_reg_no(session, MOMENT).split("-")[1] == day


def test_an_unset_or_unknown_zone_counts_in_wib(data_dir: Path) -> None:
    with Store.open(data_dir) as store:
        with store.session() as session:
            assert local_day(session.connection(), MOMENT) == "20261202"
        store.set_setting(SETTING, "Europe/Berlin")
        with store.session() as session:
            assert local_day(session.connection(), MOMENT) == "20261202"


def test_a_saved_draft_is_numbered_in_the_kiosks_zone(
    data_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("TZ", "UTC")
    with Store.open(data_dir) as store:
        store.set_setting(SETTING, "Asia/Makassar")
        wita = dt.timezone(dt.timedelta(hours=8))
        before = dt.datetime.now(dt.UTC).astimezone(wita).strftime("%Y%m%d")
        saved = store.save_draft(complete_registration())
        after = dt.datetime.now(dt.UTC).astimezone(wita).strftime("%Y%m%d")
        assert saved.reg_no.split("-")[1] in {before, after}  # the same day unless at midnight
