"""Finding documents in an image and measuring skew (OpenCV + numpy, imported lazily).

Everything here works on a small grey copy (long side ≈ 900 px): finding a card's outline does not
need 300 dpi, and it keeps the pipeline inside its time budget. Callers scale the corners back up.

- :func:`find_documents` — outlines (4 corners) of documents on a scanner glass (``"glass"``: white
  lid, so both edges and anything darker than the lid count) or in a photo (``"photo"``: edges only,
  the table may be any colour). Several cards on one glass give several outlines.
- :func:`text_skew` — the skew of a full page from its text lines (projection profiles over the
  dark pixels; no outline is needed when the page fills the glass).
- :func:`order_corners`, :func:`quad_size` — geometry helpers for the perspective warp.
"""

from __future__ import annotations

from typing import Any, Literal

Origin = Literal["glass", "photo"]


def order_corners(points: Any) -> Any:
    """Corners as top-left, top-right, bottom-right, bottom-left (float32, shape 4×2)."""
    import numpy as np

    pts = np.asarray(points, dtype=np.float32).reshape(4, 2)
    centre = pts.mean(axis=0)
    angles = np.arctan2(pts[:, 1] - centre[1], pts[:, 0] - centre[0])
    pts = pts[np.argsort(angles)]  # clockwise in image coordinates, starting near top-left
    start = int(np.argmin(pts.sum(axis=1)))
    return np.roll(pts, -start, axis=0)


def quad_size(corners: Any) -> tuple[float, float]:
    """Width and height of the rectified quad: the longer of each pair of opposite edges."""
    import numpy as np

    tl, tr, br, bl = corners
    width = max(np.linalg.norm(tr - tl), np.linalg.norm(br - bl))
    height = max(np.linalg.norm(bl - tl), np.linalg.norm(br - tr))
    return float(width), float(height)


def _mask(gray: Any, origin: Origin) -> Any:
    import cv2
    import numpy as np

    blur = cv2.GaussianBlur(gray, (5, 5), 0)
    median = float(np.median(blur))
    edges = cv2.Canny(blur, max(10.0, 0.33 * median), min(255.0, max(40.0, 0.9 * median)))
    if origin == "glass":
        lid = float(np.percentile(blur, 95))
        edges = cv2.bitwise_or(edges, (blur < lid - 28).astype(np.uint8) * 255)
    size = max(3, round(min(gray.shape) * 0.015) | 1)
    kernel = cv2.getStructuringElement(cv2.MORPH_RECT, (size, size))
    return cv2.morphologyEx(edges, cv2.MORPH_CLOSE, kernel, iterations=2)


def _outline(contour: Any) -> Any:
    import cv2
    import numpy as np

    hull = cv2.convexHull(contour)
    approx = cv2.approxPolyDP(hull, 0.02 * cv2.arcLength(hull, True), True)
    if len(approx) == 4 and cv2.isContourConvex(approx):
        quad = approx.reshape(4, 2).astype(np.float32)
        # accept the polygon only if it hugs the hull (rounded card corners make 5-8 points)
        if cv2.contourArea(quad) >= 0.9 * cv2.contourArea(hull):
            return order_corners(quad)
    return order_corners(cv2.boxPoints(cv2.minAreaRect(hull)))


def find_documents(
    gray: Any,
    origin: Origin = "glass",
    *,
    multiple: bool = False,
    min_fraction: float = 0.02,
    max_fraction: float = 0.985,
) -> list[Any]:
    """Outlines of documents in ``gray`` (uint8), largest first unless ``multiple`` orders them.

    An outline covering more than ``max_fraction`` of the frame is the frame itself (a page that
    fills the glass) and is not returned: the caller then deskews the whole image.
    """
    import cv2

    frame = float(gray.shape[0] * gray.shape[1])
    contours, _ = cv2.findContours(_mask(gray, origin), cv2.RETR_EXTERNAL, cv2.CHAIN_APPROX_SIMPLE)
    found: list[tuple[float, Any]] = []
    for contour in contours:
        hull_area = cv2.contourArea(cv2.convexHull(contour))
        if not (min_fraction * frame <= hull_area <= max_fraction * frame):
            continue
        corners = _outline(contour)
        width, height = quad_size(corners)
        if min(width, height) < 0.08 * min(gray.shape):  # a line or a crease, not a document
            continue
        found.append((hull_area, corners))
    found.sort(key=lambda item: -item[0])
    if not multiple:
        return [c for _, c in found[:1]]
    # keep the ones comparable to the largest (two cards), drop specks; reading order
    keep = [c for area, c in found if area >= 0.25 * found[0][0]] if found else []
    return sorted(keep, key=lambda c: (round(float(c[:, 1].min()) / 50), float(c[:, 0].min())))


def text_skew(gray: Any, limit: float = 10.0) -> float:
    """Skew in degrees (positive: text rises to the right, i.e. rotate counter-clockwise back)."""
    import cv2
    import numpy as np

    _, dark = cv2.threshold(gray, 0, 255, cv2.THRESH_BINARY_INV + cv2.THRESH_OTSU)
    ys, xs = np.nonzero(dark)
    if len(xs) < 200 or len(xs) > 0.5 * dark.size:
        return 0.0
    step = len(xs) // 20000 + 1  # a sample of the ink is as good as all of it for the angle
    xs, ys = xs[::step], ys[::step]
    xs = xs.astype(np.float32) - gray.shape[1] / 2
    ys = ys.astype(np.float32) - gray.shape[0] / 2
    bins = int(gray.shape[0] * 1.5)

    def score(angles: Any) -> Any:
        rad = np.deg2rad(angles)[:, None]
        proj = ys[None, :] * np.cos(rad) + xs[None, :] * np.sin(rad)
        idx = np.clip((proj + bins / 2).astype(np.int32), 0, bins - 1)
        out = np.empty(len(angles))
        for i, row in enumerate(idx):
            out[i] = np.square(np.bincount(row, minlength=bins).astype(np.float64)).sum()
        return out

    coarse = np.arange(-limit, limit + 0.01, 1.0)
    best = float(coarse[int(np.argmax(score(coarse)))])
    fine = np.arange(best - 1.0, best + 1.001, 0.1)
    return float(fine[int(np.argmax(score(fine)))])
