"""The console's server-drawn charts and list exports take any text people typed (MPP, kiosk and
verifier names) and stay what they claim: well-formed SVG whose texts read back exactly, never
markup; spreadsheet cells that read back as the text, never a formula."""

from __future__ import annotations

import csv
import io
import xml.etree.ElementTree as ET

from hypothesis import given, settings
from hypothesis import strategies as st

from kiosk.central.console.exports import table_file
from kiosk.central.svg_charts import horizontal_bars, nice_max, qr_code, stacked_columns
from kiosk.importexport.columns import neutralize

SVG = "{http://www.w3.org/2000/svg}"
# XML 1.0 cannot carry control characters; names typed at a desk never hold them
texts = st.text(
    alphabet=st.characters(blacklist_categories=("Cs", "Cc"), blacklist_characters="\ufffe\uffff"),
    max_size=40,
)


@settings(max_examples=60, deadline=None)
@given(texts, texts, st.lists(st.tuples(texts, st.integers(0, 10_000)), max_size=6))
def test_bars_are_well_formed_for_any_text(title, desc, rows):
    root = ET.fromstring(horizontal_bars("c1", title, desc, rows))
    assert (root.find(f"{SVG}title").text or "") == title
    assert (root.find(f"{SVG}desc").text or "") == desc
    tips = [t.text for t in root.iter(f"{SVG}title")][1:]
    for label, value in rows:
        assert any(tip is not None and tip.startswith(f"{label}: {value} (") for tip in tips)
    assert not list(root.iter("script")) and not list(root.iter(f"{SVG}script"))


@settings(max_examples=40, deadline=None)
@given(st.lists(texts, min_size=1, max_size=4), st.integers(1, 12), st.data())
def test_stacked_columns_hold_every_series_and_value(names, n, data):
    labels = [f"{d} Des" for d in range(1, n + 1)]
    series = [
        (name, data.draw(st.lists(st.integers(0, 50), min_size=n, max_size=n))) for name in names
    ]
    root = ET.fromstring(stacked_columns("c2", "judul", "isi", labels, series))
    bars = [r for r in root.iter(f"{SVG}rect") if r.find(f"{SVG}title") is not None]
    assert len(bars) == sum(1 for _n, values in series for v in values if v > 0)
    heights = sum(float(r.get("height")) for r in bars)
    top = nice_max(max(sum(v[i] for _n, v in series) for i in range(n)))
    assert (
        abs(
            heights
            - sum(sum(v) for _n, v in series) * (280 - 12 - (64 if len(series) > 1 else 40)) / top
        )
        < 0.1 * len(bars) + 0.01
    )


def test_nice_max_is_a_round_top_at_or_above():
    assert [nice_max(v) for v in (0, 1, 3, 7, 10, 11, 26, 99, 101, 4999)] == [
        1, 1, 5, 10, 10, 20, 50, 100, 200, 5000,
    ]  # fmt: skip


def test_qr_code_is_svg_with_its_title():
    root = ET.fromstring(qr_code("kiosk-enrol:ABCD-EFGH-JKMN@https://pusat.example", "<QR>"))
    assert root.get("aria-label") == "<QR>" and root.find(f"{SVG}title").text == "<QR>"
    assert len(list(root.iter(f"{SVG}rect"))) > 50


@settings(max_examples=40, deadline=None)
@given(st.lists(st.tuples(texts, st.integers(0, 10**9)), min_size=1, max_size=5))
def test_list_exports_keep_text_as_text(rows):
    from openpyxl import load_workbook

    header = ["Nama", "Jumlah"]
    body = [[name, count] for name, count in rows]
    sheet = load_workbook(io.BytesIO(table_file(header, body, "xlsx", "x"))).worksheets[0]
    for (name, count), cells in zip(rows, list(sheet.iter_rows())[1:], strict=True):
        assert cells[0].data_type in ("s", "inlineStr") and (cells[0].value or "") == name
        assert cells[1].value == count and cells[1].data_type == "n"
    text = table_file(header, body, "csv", "x").decode("utf-8-sig")
    read = list(csv.reader(io.StringIO(text, newline="")))
    assert [r[0] for r in read[1:]] == [neutralize(name) for name, _c in rows]
