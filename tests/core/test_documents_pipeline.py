"""The image pipeline on synthetic images: find, crop, deskew, rectify, colour, dpi, compress."""

from __future__ import annotations

import dataclasses
import io

import numpy as np
import pytest
from PIL import Image

from kiosk.documents import detect, pipeline, synthetic
from kiosk.documents.presets import DEFAULT_PRESETS, Preset

PRESETS = {p.name: p for p in DEFAULT_PRESETS}
NIK = "3174012345678901"


def _decode(page: pipeline.ProcessedPage) -> Image.Image:
    img = Image.open(io.BytesIO(page.data))
    img.load()
    return img


def _bar_angle(img: Image.Image) -> float:
    """Angle (degrees) of the card's black bar: the largest very dark blob."""
    import cv2

    gray = np.asarray(img.convert("L"))
    _, dark = cv2.threshold(gray, 50, 255, cv2.THRESH_BINARY_INV)
    contours, _ = cv2.findContours(dark, cv2.RETR_EXTERNAL, cv2.CHAIN_APPROX_SIMPLE)
    bar = max(contours, key=cv2.contourArea)
    (_, _), (w, h), angle = cv2.minAreaRect(bar)
    if w < h:
        angle -= 90
    return (angle + 45) % 90 - 45


def test_rotated_off_centre_card_is_found_cropped_and_deskewed() -> None:
    card = synthetic.id_card(number=NIK)
    glass = synthetic.on_glass([(card, 7.0, (700, 2500))])  # lower left, turned 7°
    (page,) = pipeline.process(glass, PRESETS["KTP"], source_dpi=300)
    img = _decode(page)
    assert abs(page.skew - 7.0) <= 1.0
    assert abs(_bar_angle(img)) <= 1.0  # the straight bar on the card is straight again
    assert abs(img.width - card.width) <= 0.03 * card.width
    assert abs(img.height - card.height) <= 0.03 * card.height
    assert img.mode == "RGB" and page.media_type == "image/jpeg" and page.dpi == 300
    # the crop holds the card, not the glass: the top band is the card's blue header
    r, _g, b = np.asarray(img)[10 : img.height // 8, 20:-20].reshape(-1, 3).mean(axis=0)
    assert b > 110 and r < 60


def test_two_cards_on_one_glass_give_two_readable_crops() -> None:
    first = synthetic.id_card(number=NIK)
    second = synthetic.id_card(number="6471010101900001", name="SITI AMINAH")
    glass = synthetic.on_glass([(first, -4.0, (1200, 700)), (second, 3.0, (1000, 2600))])
    pages = pipeline.process(glass, PRESETS["KTP"], source_dpi=300)
    assert len(pages) == 2
    from tests.core.test_documents_support import ocr

    texts = [ocr(_decode(p)).replace(" ", "") for p in pages]
    assert NIK in texts[0] and "6471010101900001" in texts[1]  # reading order, and readable
    assert all(abs(_bar_angle(_decode(p))) <= 1.0 for p in pages)


def test_perspective_photo_is_rectified() -> None:
    page = synthetic.a4_page(150, lines=20)
    photo, _corners = synthetic.photo_of(page)
    (out,) = pipeline.process(photo, PRESETS["Dokumen"], origin="photo")
    img = _decode(out).convert("L")
    assert img.height > img.width  # portrait, like the page
    assert abs(img.height / img.width - 297 / 210) < 0.02
    # the letterhead band (dark in grey) is a straight horizontal stripe near the top
    arr = np.asarray(img)
    rows = np.nonzero((arr < 120).mean(axis=1) > 0.6)[0]
    assert len(rows) and rows.min() < 0.15 * img.height
    band = arr[rows.min() : rows.max() + 1]
    left = (band[:, : img.width // 5] < 120).mean()
    right = (band[:, -img.width // 5 :] < 120).mean()
    assert min(left, right) > 0.6  # a skewed band would miss one end of its rows


@pytest.mark.parametrize("angle", [0.0, 2.5, -4.0])
def test_a4_page_is_deskewed_scaled_and_small_and_stays_readable(angle: float) -> None:
    page = synthetic.a4_page(300).rotate(angle, fillcolor=(250, 248, 244))
    (out,) = pipeline.process(page, PRESETS["Dokumen"], source_dpi=300)
    assert abs(out.skew - angle) <= 0.5
    img = _decode(out)
    assert abs(img.width - 1654) <= 2 and abs(img.height - 2339) <= 2 and out.dpi == 200
    assert round(img.info["dpi"][0]) == 200  # img2pdf sizes the PDF page from this
    assert len(out.data) <= 200 * 1024
    gray = np.asarray(img.convert("L"))
    assert abs(detect.text_skew(gray[::3, ::3])) <= 0.5
    if angle == 2.5:
        from tests.core.test_documents_support import ocr

        text = ocr(img.convert("L").crop((0, 150, 1654, 700)))
        read = [w for w in text.split() if w in synthetic.WORDS]
        assert len(read) >= 0.8 * 90  # the crop holds 10 lines of 9 words


def test_colour_modes_follow_the_preset() -> None:
    page = synthetic.a4_page(300, lines=10)
    grey = dataclasses.replace(PRESETS["Dokumen abu-abu"])
    bw = PRESETS["Hitam-putih"]
    colour = PRESETS["Dokumen berwarna"]
    assert _decode(pipeline.process(page, grey, source_dpi=300)[0]).mode == "L"
    out = pipeline.process(page, bw, source_dpi=300)[0]
    assert out.media_type == "image/png" and _decode(out).mode == "1"
    assert _decode(pipeline.process(page, colour, source_dpi=300)[0]).mode == "RGB"
    text = pipeline.process(page, PRESETS["Dokumen"], source_dpi=300)[0]
    assert text.media_type == "image/png" and len(np.unique(np.asarray(_decode(text)))) <= 4


def test_low_resolution_sources_are_not_upscaled() -> None:
    page = synthetic.a4_page(100, lines=10)
    (out,) = pipeline.process(page, Preset("x", dpi=200), source_dpi=100)
    assert out.dpi == 100 and out.width == page.width


def test_rotate_and_thumbnail() -> None:
    card = synthetic.id_card()
    (page,) = pipeline.process(
        synthetic.on_glass([(card, 0, (800, 800))]), PRESETS["KTP"], source_dpi=300
    )
    turned, media_type = pipeline.rotate_page(page.data, 1)
    img = _decode(dataclasses.replace(page, data=turned))
    assert (img.width, img.height) == (page.height, page.width) and media_type == "image/jpeg"
    assert len(turned) < 1.3 * len(page.data)  # same quantisation: no growth on each turn
    back = _decode(dataclasses.replace(page, data=pipeline.rotate_page(turned, 3)[0]))
    assert abs(_bar_angle(back)) <= 1.0 and back.size == (page.width, page.height)
    text = pipeline.process(synthetic.a4_page(100, lines=5), PRESETS["Dokumen"], source_dpi=100)[0]
    turned_text, media_type = pipeline.rotate_page(text.data, 2)
    assert (
        media_type == "image/png"
        and _decode(dataclasses.replace(text, data=turned_text)).mode == "P"
    )
    assert len(turned_text) < 1.3 * len(text.data)
    thumb = Image.open(io.BytesIO(pipeline.thumbnail(page.data, 160)))
    assert max(thumb.size) == 160


def test_photo_size_uses_true_proportions_only_for_document_shapes() -> None:
    page = PRESETS["Dokumen"]
    w, h, dpi = pipeline._photo_size(1500, 1700, page)  # an A4 page seen at an angle
    assert abs(h / w - 297 / 210) < 0.01 and dpi <= 200
    w, h, _ = pipeline._photo_size(600, 2000, page)  # a long receipt: not stretched to A4
    assert abs(w / h - 0.3) < 0.01
