"""Finding the KTP in a capture and flattening it to the card's own coordinates.

The card is found with the document pipeline's detector
(:func:`kiosk.documents.detect.find_documents` on a small grey copy) and warped in one step to
:data:`CARD_SIZE`, the ID-1 card at 300 dpi, so that every later step works in fixed card
coordinates whatever the capture: a 300-dpi scan on the glass, a document camera's frame, a phone
photo, or a page that is already the cropped card (what the documents step stores). Which
detector mode: a capture whose border is light is a scanner glass (first the coloured patch on
it, see :func:`_tinted`; then edges and anything darker than the lid); a dark border is a desk
under a camera (edges only). An outline is accepted only with the card's proportions (±25 %), so
a text block or the photo box is not taken for the card; without one the whole image is taken as
the card.

A card turned upside down is not handled here (the reader notices: no label is found).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from kiosk.documents.detect import Origin

CARD_SIZE = (1011, 638)  # 85.6 × 53.98 mm at 300 dpi
_RATIO = CARD_SIZE[0] / CARD_SIZE[1]
_DETECT_SIDE = 900


def decode(data: bytes) -> Any:
    """Image bytes (JPEG, PNG, …) → RGB array; :class:`ValueError` if not an image."""
    import cv2
    import numpy as np

    arr = cv2.imdecode(np.frombuffer(data, np.uint8), cv2.IMREAD_COLOR)
    if arr is None:
        raise ValueError("not an image")
    return cv2.cvtColor(arr, cv2.COLOR_BGR2RGB)


def _card_shaped(corners: Any) -> bool:
    from kiosk.documents.detect import quad_size

    width, height = quad_size(corners)
    ratio = max(width, height) / max(1.0, min(width, height))
    return abs(ratio / _RATIO - 1) <= 0.25


def _tinted(small_rgb: Any) -> Any | None:
    """On a white glass: the largest patch with colour (saturation) in it.

    The detector's glass mask takes what is darker than the lid; a KTP is pale blue, often as
    bright as the lid in grey, but never as colourless as the lid (whose light may be uneven).
    """
    import cv2
    import numpy as np

    from kiosk.documents.detect import order_corners

    spread = (small_rgb.max(axis=2).astype(np.int16) - small_rgb.min(axis=2)).astype(np.uint8)
    mask = (cv2.GaussianBlur(spread, (5, 5), 0) > 12).astype(np.uint8) * 255
    kernel = cv2.getStructuringElement(cv2.MORPH_RECT, (9, 9))
    mask = cv2.morphologyEx(mask, cv2.MORPH_CLOSE, kernel, iterations=2)
    contours, _ = cv2.findContours(mask, cv2.RETR_EXTERNAL, cv2.CHAIN_APPROX_SIMPLE)
    if not contours:
        return None
    biggest = max(contours, key=cv2.contourArea)
    if cv2.contourArea(biggest) < 0.05 * mask.size:
        return None
    return order_corners(cv2.boxPoints(cv2.minAreaRect(biggest)))


def find_card(rgb: Any) -> Any | None:
    """The card's four corners (TL, TR, BR, BL) in ``rgb``, or ``None`` when none is found."""
    import cv2
    import numpy as np

    from kiosk.documents.detect import find_documents

    gray = cv2.cvtColor(rgb, cv2.COLOR_RGB2GRAY) if rgb.ndim == 3 else rgb
    k = min(1.0, _DETECT_SIDE / max(gray.shape))
    small = cv2.resize(gray, None, fx=k, fy=k, interpolation=cv2.INTER_AREA) if k < 1 else gray
    border = np.concatenate([small[:4].ravel(), small[-4:].ravel(), small[:, :4].ravel()])
    light = float(np.median(border)) > 170
    if light and rgb.ndim == 3:
        small_rgb = cv2.resize(rgb, (small.shape[1], small.shape[0]), interpolation=cv2.INTER_AREA)
        corners = _tinted(small_rgb)
        if corners is not None and _card_shaped(corners):
            return corners / k
    order: tuple[Origin, Origin] = ("glass", "photo") if light else ("photo", "glass")
    for origin in order:
        for corners in find_documents(small, origin, multiple=True, min_fraction=0.05):
            if _card_shaped(corners):
                return corners / k
    return None


def rectify(rgb: Any) -> Any:
    """The card flattened to :data:`CARD_SIZE`, grey (uint8), landscape."""
    import cv2
    import numpy as np

    corners = find_card(rgb)
    gray = cv2.cvtColor(rgb, cv2.COLOR_RGB2GRAY) if rgb.ndim == 3 else rgb
    w, h = CARD_SIZE
    if corners is None:
        if gray.shape[0] > gray.shape[1]:
            gray = np.ascontiguousarray(np.rot90(gray, -1))
        return cv2.resize(gray, (w, h), interpolation=cv2.INTER_AREA)
    tl, tr, br, bl = corners
    if np.linalg.norm(bl - tl) > np.linalg.norm(tr - tl):  # portrait outline: turn to landscape
        corners = np.array([bl, tl, tr, br], np.float32)
    target = np.array([[0, 0], [w - 1, 0], [w - 1, h - 1], [0, h - 1]], np.float32)
    matrix = cv2.getPerspectiveTransform(corners.astype(np.float32), target)
    return cv2.warpPerspective(gray, matrix, (w, h), flags=cv2.INTER_CUBIC, borderValue=255)
