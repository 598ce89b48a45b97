"""Product photos for the catalogue: checked, cleaned and made small, over the image pipeline.

A photo from the document camera, the webcam or a file goes through :func:`prepare`:

1. **Readable?** Measured on a grey copy at most 800 px on the long side (the scale the checks
   were calibrated at, so a 12-megapixel photo and a webcam frame are judged alike):
   mean brightness below :data:`BLACK_MEAN` is *black* (lens cap, dark room); the variance of the
   Laplacian (after a 3×3 median, which removes sensor grain but keeps edges: without it the
   grain of a blurred photo reads as detail) below :data:`SHARPNESS_MIN` is *blurred*. Measured
   on the 14 drawn product shots of :mod:`kiosk.documents.product_drawings`, 2400 and 640 px:
   sharp 66-272; out of focus (Gaussian blur sigma 3-4 px at 2400 px, 2 px at 640 px, grain added
   after the blur as a sensor does) 7-32. The threshold 45 sits between them;
   ``tests/core/test_product_photo.py`` keeps both sides true. A photo that fails is
   refused with a message saying what to do (:class:`PhotoUnreadable`); nothing is stored.
2. **Auto-crop** on a plain background: the background colour is the median of the border; the
   product is what differs from it by more than :data:`CROP_DELTA`; the crop is its bounding box
   plus a margin. Skipped when the "product" covers almost all or almost none of the frame (no
   plain background: better the whole photo than a wrong crop).
3. **White balance**: the background is a neutral surface, so the channel gains that make the
   background grey are applied to the whole photo (grey-world on the background, gains capped at
   ±30 % so a truly coloured backdrop is not turned grey).
4. **Size**: at most :data:`MAX_SIDE` px on the long side (area averaging; done before the
   white balance, whose table lookup then touches fewer pixels), then JPEG at the highest
   quality in :data:`QUALITIES` that fits :data:`BUDGET_BYTES`.

The result is stored like a document page: :meth:`kiosk.documents.vault.Vault.put` encrypts it,
and its :class:`~kiosk.domain.model.PageRef` in ``Product.photos`` makes sync upload it. OpenCV,
numpy and Pillow are imported inside the functions.
"""

from __future__ import annotations

import io
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from kiosk.documents.pipeline import to_array
from kiosk.domain.model import PageRef
from kiosk.domain.products import MAX_PHOTOS
from kiosk.errors import UserFacingError
from kiosk.i18n import register

if TYPE_CHECKING:
    from kiosk.documents.vault import Vault

MAX_SIDE = 1600
BUDGET_BYTES = 250_000
QUALITIES = (85, 78, 70, 60, 50)
# The smallest share of the size at quality 85 seen at each quality (drawn shots, close-ups and
# cluttered photos: 0.76-0.84 at 78, 0.58-0.71 at 70, 0.43-0.61 at 60, 0.34-0.53 at 50): a
# quality is skipped only when even this share would not fit the budget.
_SIZE_SHARE = {78: 0.76, 70: 0.58, 60: 0.43, 50: 0.34}
MEASURE_SIDE = 800
BLACK_MEAN = 28.0  # grey level 0-255
SHARPNESS_MIN = 45.0  # variance of the Laplacian at MEASURE_SIDE, after a 3x3 median
CROP_DELTA = 38  # grey levels (sum of the three channels' distances / 3)
CROP_MARGIN = 0.06  # of the product's size, on each side
NEAR_DUPLICATE_BITS = 6  # of 64 in the difference hash


class PhotoUnreadable(UserFacingError):
    """The photo cannot be used: ``code`` says why (black or blurred)."""


@dataclass(frozen=True)
class PhotoQuality:
    brightness: float  # mean grey level
    sharpness: float  # variance of the Laplacian at MEASURE_SIDE


@dataclass(frozen=True)
class ProductPhoto:
    data: bytes  # JPEG
    width: int
    height: int
    quality: PhotoQuality
    cropped: bool

    @property
    def media_type(self) -> str:
        return "image/jpeg"

    def page_ref(self, sha256: str) -> PageRef:
        return PageRef(sha256, "image/jpeg", self.width, self.height, 0, len(self.data))


def measure(arr: Any) -> PhotoQuality:
    import cv2

    gray = arr if arr.ndim == 2 else cv2.cvtColor(arr, cv2.COLOR_RGB2GRAY)
    k = min(1.0, MEASURE_SIDE / max(gray.shape[:2]))
    if k < 1.0:
        size = (max(1, round(gray.shape[1] * k)), max(1, round(gray.shape[0] * k)))
        gray = cv2.resize(gray, size, interpolation=cv2.INTER_AREA)
    sharpness = float(cv2.Laplacian(cv2.medianBlur(gray, 3), cv2.CV_64F).var())
    return PhotoQuality(float(gray.mean()), sharpness)


def check(quality: PhotoQuality) -> None:
    if quality.brightness < BLACK_MEAN:
        raise PhotoUnreadable("products.photo.black", brightness=round(quality.brightness))
    if quality.sharpness < SHARPNESS_MIN:
        raise PhotoUnreadable("products.photo.blurred", sharpness=round(quality.sharpness))


def _autocrop(arr: Any) -> tuple[Any, bool]:
    import cv2
    import numpy as np

    h, w = arr.shape[:2]
    k = min(1.0, 400 / max(h, w))
    small = cv2.resize(
        arr, (max(1, round(w * k)), max(1, round(h * k))), interpolation=cv2.INTER_AREA
    )
    edge = max(2, min(small.shape[:2]) // 40)
    sides = (small[:edge], small[-edge:], small[:, :edge], small[:, -edge:])
    border = np.concatenate([side.reshape(-1, 3) for side in sides])
    background = np.median(border, axis=0)
    diff = np.abs(small.astype(np.int16) - background.astype(np.int16)).sum(axis=2) / 3
    mask = (diff > CROP_DELTA).astype(np.uint8)
    mask = cv2.morphologyEx(mask, cv2.MORPH_OPEN, np.ones((3, 3), np.uint8))
    ys, xs = np.nonzero(mask)
    if len(xs) < 0.01 * mask.size:
        return arr, False
    x0, x1, y0, y1 = xs.min(), xs.max() + 1, ys.min(), ys.max() + 1
    if (x1 - x0) * (y1 - y0) > 0.9 * mask.size:
        return arr, False
    mx, my = (x1 - x0) * CROP_MARGIN, (y1 - y0) * CROP_MARGIN
    left, top = max(0, int((x0 - mx) / k)), max(0, int((y0 - my) / k))
    right, bottom = min(w, int((x1 + mx) / k) + 1), min(h, int((y1 + my) / k) + 1)
    return arr[top:bottom, left:right], True


def _white_balance(arr: Any) -> Any:
    import cv2
    import numpy as np

    h, w = arr.shape[:2]
    edge = max(2, min(h, w) // 40)
    border = np.concatenate([arr[:edge:4, ::4].reshape(-1, 3), arr[-edge::4, ::4].reshape(-1, 3)])
    mean = border.reshape(-1, 3).mean(axis=0)
    if mean.min() < 60:  # a dark backdrop says nothing about the light
        return arr
    gains = np.clip(mean.mean() / np.maximum(mean, 1.0), 0.7, 1.3)
    if np.abs(gains - 1).max() < 0.01:
        return arr
    lut = np.stack(
        [np.clip(np.arange(256) * g, 0, 255).astype(np.uint8) for g in gains], axis=1
    ).reshape(256, 1, 3)
    return cv2.LUT(arr, lut)


def encode_within(arr: Any, budget: int = BUDGET_BYTES) -> bytes:
    """JPEG at the best quality of :data:`QUALITIES` that fits ``budget`` (the last one if none).

    One encoding at the top quality tells how big the photo is; the next try is the first
    quality whose smallest share of that size (:data:`_SIZE_SHARE`) could fit, so a busy photo
    costs two or three encodings, not five.
    """
    import cv2

    bgr = cv2.cvtColor(arr, cv2.COLOR_RGB2BGR)

    def at(quality: int) -> bytes:
        ok, buf = cv2.imencode(".jpg", bgr, [cv2.IMWRITE_JPEG_QUALITY, quality])
        if not ok:
            raise PhotoUnreadable("products.photo.unreadable")
        return bytes(buf.tobytes())

    data = at(QUALITIES[0])
    if len(data) <= budget:
        return data
    first = len(data)
    for quality in QUALITIES[1:]:
        if first * _SIZE_SHARE[quality] > budget * 0.97 and quality != QUALITIES[-1]:
            continue  # would not fit: skip the encoding
        data = at(quality)
        if len(data) <= budget:
            break
    return data


def prepare(image: Any) -> ProductPhoto:
    """Check and clean one captured or imported photo (PIL image or RGB/grey array)."""
    import cv2
    import numpy as np

    arr = to_array(image)
    if arr.ndim == 2:
        arr = cv2.cvtColor(arr, cv2.COLOR_GRAY2RGB)
    arr = np.ascontiguousarray(arr[:, :, :3])
    quality = measure(arr)
    check(quality)
    arr, cropped = _autocrop(arr)
    h, w = arr.shape[:2]
    k = min(1.0, MAX_SIDE / max(h, w))
    if k < 1.0:  # before the white balance: its table lookup then touches fewer pixels
        size = (max(1, round(w * k)), max(1, round(h * k)))
        arr = cv2.resize(arr, size, interpolation=cv2.INTER_AREA)
    arr = _white_balance(arr)
    data = encode_within(arr)
    return ProductPhoto(data, arr.shape[1], arr.shape[0], quality, cropped)


def prepare_file(data: bytes) -> ProductPhoto:
    """:func:`prepare` for an image file's bytes (JPEG, PNG, WebP…; EXIF rotation applied)."""
    from PIL import Image, ImageOps, UnidentifiedImageError

    try:
        with Image.open(io.BytesIO(data)) as img:
            img.load()
            upright = ImageOps.exif_transpose(img)
            return prepare(upright.convert("RGB"))
    except (UnidentifiedImageError, OSError, ValueError) as exc:
        raise PhotoUnreadable("products.photo.unreadable") from exc


def difference_hash(data: bytes) -> int:
    """A 64-bit difference hash of a stored photo (near-identical photos differ in few bits)."""
    from PIL import Image

    with Image.open(io.BytesIO(data)) as img:
        img.draft("L", (64, 64))
        px = img.convert("L").resize((9, 8)).tobytes()
    bits = 0
    for row in range(8):
        for col in range(8):
            bits = (bits << 1) | (px[row * 9 + col] > px[row * 9 + col + 1])
    return bits


def near_duplicate(data: bytes, others: list[bytes]) -> int | None:
    """The index in ``others`` of a photo that looks the same as ``data``, or None."""
    mine = difference_hash(data)
    for index, other in enumerate(others):
        if bin(mine ^ difference_hash(other)).count("1") <= NEAR_DUPLICATE_BITS:
            return index
    return None


@dataclass(frozen=True)
class StoredPhoto:
    """A photo now durably in the vault: its reference, a thumbnail, and a look-alike warning."""

    ref: PageRef
    thumbnail: bytes  # JPEG, at most 240 px
    looks_like: int | None  # index among the product's other photos it looks the same as


def store_photo(
    vault: Vault, source: Any, others: list[str], compare: list[str] | None = None
) -> StoredPhoto:
    """Check, clean and store one product photo; ``source`` is an image file's bytes or an image
    (camera still). ``others``: the hashes of the product's photos already there (at most
    :data:`MAX_PHOTOS` in all); ``compare``: the hashes to look for a look-alike among (default
    ``others``; the products step passes every photo of the business). ``looks_like`` is an
    index into ``compare``. Raises :class:`PhotoUnreadable`; runs off the GUI thread."""
    from kiosk.documents.pipeline import thumbnail

    if len(others) >= MAX_PHOTOS:
        raise PhotoUnreadable("products.photo.too_many")
    photo = prepare_file(source) if isinstance(source, bytes) else prepare(source)
    sha = vault.put(photo.data, photo.media_type)  # durable before the product names it
    candidates = others if compare is None else compare
    same = next((i for i, h in enumerate(candidates) if h == sha), None)
    if same is None:
        readable = [(i, h) for i, h in enumerate(candidates) if vault.has(h)]
        found = near_duplicate(photo.data, [vault.get(h) for _, h in readable])
        same = readable[found][0] if found is not None else None
    return StoredPhoto(photo.page_ref(sha), thumbnail(photo.data, 240), same)


register(
    {
        "products.photo.black": {
            "id": "Foto terlalu gelap (hampir hitam). Buka tutup lensa atau nyalakan lampu, lalu "
            "ambil ulang.",
            "en": "The photo is too dark (almost black). Remove the lens cap or turn on a light, "
            "then take it again.",
        },
        "products.photo.blurred": {
            "id": "Foto buram (ketajaman {sharpness}, perlu paling sedikit 45). Tahan produk "
            "diam dan fokuskan kamera, lalu ambil ulang.",
            "en": "The photo is blurred (sharpness {sharpness}, at least 45 needed). Hold the "
            "product still and focus the camera, then take it again.",
        },
        "products.photo.unreadable": {
            "id": "Berkas itu bukan gambar yang bisa dibaca. Pilih foto JPEG atau PNG.",
            "en": "That file is not a readable image. Choose a JPEG or PNG photo.",
        },
        "products.photo.too_many": {
            "id": "Sudah ada 3 foto untuk produk ini. Hapus satu sebelum menambah.",
            "en": "This product already has 3 photos. Remove one before adding another.",
        },
        "products.photo.near_duplicate": {
            "id": "Foto ini tampak sama dengan foto {other} produk ini.",
            "en": "This photo looks the same as photo {other} of this product.",
        },
        "products.photo.near_duplicate_other": {
            "id": "Foto ini tampak sama dengan foto {other} produk {product}. Periksa apakah "
            "fotonya untuk produk yang benar.",
            "en": "This photo looks the same as photo {other} of product {product}. Check that "
            "it is for the right product.",
        },
    }
)
