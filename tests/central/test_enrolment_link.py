"""The enrolment link (central address + one-time code in one text) survives the round trip the
console's QR code and the kiosk's enrolment screen put it through; nothing else passes for one.
"""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from kiosk.central.enrolment import new_code
from kiosk.protocol import enrolment_link, parse_enrolment_link, read_enrolment_link

hosts = st.from_regex(r"[a-z][a-z0-9-]{0,20}(\.[a-z]{2,6}){0,2}", fullmatch=True)


@given(hosts, st.integers(1, 65535), st.sampled_from(["http", "https"]))
def test_link_round_trip(host, port, scheme):
    code = new_code()
    url = f"{scheme}://{host}:{port}"
    assert parse_enrolment_link(enrolment_link(url + "/", code)) == (url, code)
    assert parse_enrolment_link(f"  {enrolment_link(url, code)}\n") == (url, code)


@given(hosts, st.binary(min_size=32, max_size=32))
def test_a_pinned_link_round_trip(host, digest):
    """Issue 13.4: the central's TLS pin travels in the link, for https addresses only."""
    import base64

    code, pin = new_code(), "sha256/" + base64.b64encode(digest).decode()
    url = f"https://{host}:8443"
    link = enrolment_link(url, code, pin)
    assert read_enrolment_link(link) == (url, code, pin)
    assert parse_enrolment_link(link) == (url, code)
    plain = enrolment_link(f"http://{host}", code, pin)  # loopback http: no key to pin
    assert "#" not in plain and read_enrolment_link(plain) == (f"http://{host}", code, "")


def test_a_link_with_a_malformed_pin_is_not_a_link():
    good = "sha256/" + "A" * 43 + "="
    assert read_enrolment_link(f"kiosk-enrol:ABCD@https://pusat.example#pin={good}")
    for tail in ("#pin=", "#pin=sha256/short=", "#pin=" + good[:-1], "#" + good, "#pin=md5/xyz"):
        assert read_enrolment_link(f"kiosk-enrol:ABCD@https://pusat.example{tail}") is None


def test_upper_case_prefix_is_read():
    assert parse_enrolment_link("KIOSK-ENROL:ABCD-EFGH-JKMN@https://pusat.example") == (
        "https://pusat.example",
        "ABCD-EFGH-JKMN",
    )


@given(st.text(max_size=80))
def test_other_text_is_not_a_link(text):
    parsed = parse_enrolment_link(text)
    if parsed is not None:  # only a well-formed link parses, whatever else was typed
        url, code = parsed
        assert text.strip().lower().startswith("kiosk-enrol:")
        assert code and url.startswith(("http://", "https://"))


def test_malformed_links_are_refused():
    for text in (
        "",
        "ABCD-EFGH-JKMN",
        "kiosk-enrol:ABCD-EFGH-JKMN",
        "kiosk-enrol:@https://pusat.example",
        "kiosk-enrol:ABCD@ftp://pusat.example",
        "https://pusat.example",
    ):
        assert parse_enrolment_link(text) is None


def test_kiosk_enroll_takes_the_whole_link(tmp_path, capsys):
    """``kiosk enroll LINK``: the console's text pasted into a terminal is enough."""
    import json

    from kiosk.central.admin import create_enrolment_code
    from kiosk.cli import main
    from tests.central.helpers import Central

    folder = tmp_path / "central"
    folder.mkdir()
    with Central.start(f"sqlite:///{folder / 'c.sqlite3'}", folder, backend="sqlite") as central:
        code = create_enrolment_code(central.db_url, "Loket Tempel", "MPP Kota Tarakan")
        link = enrolment_link(central.url, code)
        status = main(["enroll", link, "--json", "--data-dir", str(tmp_path / "kiosk")])
        out = capsys.readouterr().out
    assert status == 0
    answer = json.loads(out.strip().splitlines()[-1])
    assert answer["mpp"] == "MPP Kota Tarakan" and answer["central_url"] == central.url
