"""The WIA backend's logic, driven through a fake of its thin COM module (no Windows here)."""

from __future__ import annotations

import io

import pytest
from PIL import Image

from kiosk.documents.scanner import CancelToken, ScanError, ScanSettings
from kiosk.documents.wia_backend import FEEDER, FLATBED, PAPER_EMPTY, WiaBackend
from kiosk.errors import UserFacingError


class FakeWia:
    """Mimics :mod:`kiosk.documents.wia_com`: same functions, same error type."""

    class WiaComError(Exception):
        def __init__(self, hresult: int) -> None:
            self.hresult = hresult
            super().__init__(hex(hresult))

    def __init__(self, sheets: int = 3, fail_at: int | None = None, fail_with: int = 0) -> None:
        self.sheets, self.fail_at, self.fail_with = sheets, fail_at, fail_with
        self.configured: dict = {}
        self.transfers = 0

    def device_infos(self):
        return [{"id": "{6BDD1FC6}\\0001", "name": "Canon DR-C225"}]

    def connect(self, device_id):
        if device_id != "{6BDD1FC6}\\0001":
            raise self.WiaComError(0x80210009)
        return object()

    def capabilities(self, device):
        return FEEDER | FLATBED

    def configure(self, device, *, dpi, datatype, handling):
        self.configured = {"dpi": dpi, "datatype": datatype, "handling": handling}

    def transfer(self, device):
        if self.fail_at is not None and self.transfers == self.fail_at:
            raise self.WiaComError(self.fail_with)
        if self.configured["handling"] & FEEDER and self.transfers >= self.sheets:
            raise self.WiaComError(PAPER_EMPTY)
        self.transfers += 1
        out = io.BytesIO()
        Image.new("L", (85, 110), 200).save(out, "PNG", dpi=(self.configured["dpi"],) * 2)
        return out.getvalue()


DEVICE = "wia:{6BDD1FC6}\\0001"


def test_lists_devices_with_sources() -> None:
    (info,) = WiaBackend(FakeWia()).list_devices()
    assert info.id == DEVICE and info.sources == ("flatbed", "feeder")


def test_settings_map_to_wia_properties_and_flatbed_gives_one_page() -> None:
    fake = FakeWia()
    pages = list(WiaBackend(fake).scan(DEVICE, ScanSettings(dpi=200, mode="gray")))
    assert fake.configured == {"dpi": 200, "datatype": 2, "handling": FLATBED}
    assert len(pages) == 1 and pages[0].dpi == 200 and pages[0].image.size == (85, 110)


def test_feeder_runs_until_paper_empty() -> None:
    fake = FakeWia(sheets=4)
    pages = list(WiaBackend(fake).scan(DEVICE, ScanSettings(source="feeder", duplex=True)))
    assert [p.index for p in pages] == [0, 1, 2, 3]
    assert fake.configured["handling"] == FEEDER | 0x4


def test_empty_feeder_before_any_page_is_an_error() -> None:
    with pytest.raises(ScanError) as info:
        list(WiaBackend(FakeWia(sheets=0)).scan(DEVICE, ScanSettings(source="feeder")))
    assert info.value.code == "documents.scanner.feeder_empty"


@pytest.mark.parametrize(
    ("hresult", "code"),
    [
        (0x80210002, "documents.scanner.jammed"),
        (0x8021000A, "documents.scanner.lost"),
        (0x80210016, "documents.scanner.cover_open"),
        (0x80210001, "documents.scanner.failed"),
    ],
)
def test_device_errors_mid_batch_keep_count(hresult: int, code: str) -> None:
    fake = FakeWia(sheets=5, fail_at=2, fail_with=hresult)
    received = []
    with pytest.raises(ScanError) as info:
        for page in WiaBackend(fake).scan(DEVICE, ScanSettings(source="feeder")):
            received.append(page)
    assert info.value.code == code and info.value.pages_received == 2 == len(received)


def test_cancel_and_missing_device_and_no_wia() -> None:
    cancel = CancelToken()
    got = []
    for page in WiaBackend(FakeWia(sheets=5)).scan(DEVICE, ScanSettings(source="feeder"), cancel):
        got.append(page)
        cancel.cancel()
    assert len(got) == 1
    with pytest.raises(UserFacingError) as info:
        list(WiaBackend(FakeWia()).scan("wia:other", ScanSettings()))
    assert info.value.code == "documents.scanner.not_found"
    off = WiaBackend()  # on Linux the thin module cannot load: unavailable, not a crash
    assert not off.available()
    with pytest.raises(UserFacingError) as info:
        off.list_devices()
    assert info.value.code == "documents.scanner.unavailable"
