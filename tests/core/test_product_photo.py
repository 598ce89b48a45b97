"""Product photos: the readability checks on both sides of their thresholds, auto-crop, white
balance, the size limits, file import, near duplicates, and encrypted storage in the vault."""

# ruff: noqa: F811  (fixtures imported from the support module are parameters here)
from __future__ import annotations

import hashlib
import io

import numpy as np
import pytest
from PIL import Image, ImageChops, ImageFilter

from kiosk.documents import product_photo as pp
from kiosk.documents.product_drawings import SHAPES, product_shot
from kiosk.documents.vault import Vault
from tests.core.test_documents_support import keyring, vault  # noqa: F401


def _grain(img: Image.Image, sigma: float = 5) -> Image.Image:
    return ImageChops.add(img, Image.effect_noise(img.size, sigma).convert("RGB"), 1.0, -128)


@pytest.mark.parametrize("seed", range(len(SHAPES)))
def test_sharp_shots_pass_and_out_of_focus_ones_are_refused(seed: int) -> None:
    shot = product_shot(seed, (1600, 1200))
    assert pp.measure(np.asarray(shot)).sharpness >= pp.SHARPNESS_MIN
    blurred = _grain(shot.filter(ImageFilter.GaussianBlur(2.5)))  # 3 px at 2400 px, scaled
    with pytest.raises(pp.PhotoUnreadable) as caught:
        pp.prepare(blurred)
    assert caught.value.code == "products.photo.blurred"
    assert "buram" in caught.value.text("id") and "blurred" in caught.value.text("en")


def test_black_photo_is_refused() -> None:
    dark = Image.new("RGB", (1280, 720), (6, 6, 8))
    with pytest.raises(pp.PhotoUnreadable) as caught:
        pp.prepare(_grain(dark, 3))
    assert caught.value.code == "products.photo.black"
    assert "gelap" in caught.value.text("id")


def test_pipeline_crops_balances_and_keeps_the_limits() -> None:
    shot = product_shot(2, (3000, 2250), tint=(-20, 0, 18))  # a bluish backdrop
    photo = pp.prepare(shot)
    assert photo.cropped and max(photo.width, photo.height) <= pp.MAX_SIDE
    assert photo.width < 3000 * 0.8  # the plain background around the product is gone
    assert len(photo.data) <= pp.BUDGET_BYTES
    with Image.open(io.BytesIO(photo.data)) as img:
        assert img.format == "JPEG" and img.size == (photo.width, photo.height)
        corner = np.asarray(img.convert("RGB"))[:20, :20].reshape(-1, 3).mean(axis=0)
    before = np.asarray(shot)[:20, :20].reshape(-1, 3).mean(axis=0)
    assert np.ptp(corner) < np.ptp(before) / 2  # the backdrop's colour cast is mostly gone


def test_a_photo_without_plain_background_is_kept_whole() -> None:
    rng = np.random.default_rng(4)
    busy = (rng.random((900, 1200, 3)) * 255).astype(np.uint8)
    photo = pp.prepare(busy)
    assert not photo.cropped and (photo.width, photo.height) == (1200, 900)


def test_file_import_applies_exif_rotation_and_refuses_non_images() -> None:
    buf = io.BytesIO()
    rng = np.random.default_rng(5)
    shot = Image.fromarray((rng.random((900, 1200, 3)) * 255).astype(np.uint8))  # no crop
    exif = Image.Exif()
    exif[0x0112] = 6  # rotate 90 degrees on display
    shot.save(buf, "JPEG", quality=92, exif=exif)
    photo = pp.prepare_file(buf.getvalue())
    assert (photo.width, photo.height) == (900, 1200)  # shown upright, as the camera meant
    with pytest.raises(pp.PhotoUnreadable) as caught:
        pp.prepare_file(b"%PDF-1.7 not an image")
    assert caught.value.code == "products.photo.unreadable"


def test_near_duplicates_are_found() -> None:
    first = pp.prepare(product_shot(3, (1600, 1200))).data
    again = pp.prepare(_grain(product_shot(3, (1600, 1200)), 4)).data
    other = pp.prepare(product_shot(5, (1600, 1200))).data
    assert first != again
    assert pp.near_duplicate(again, [other, first]) == 1
    assert pp.near_duplicate(other, [first]) is None


def test_stored_encrypted_and_read_back_byte_identical(vault: Vault) -> None:
    photo = pp.prepare(product_shot(6, (1600, 1200)))
    sha = vault.put(photo.data, photo.media_type)
    assert sha == hashlib.sha256(photo.data).hexdigest()
    assert photo.data not in vault.path(sha).read_bytes()  # not in the clear on disk
    assert vault.get(sha) == photo.data
    ref = photo.page_ref(sha)
    assert (ref.width, ref.height, ref.size) == (photo.width, photo.height, len(photo.data))
