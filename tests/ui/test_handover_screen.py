"""Self-service ends with the draft number large, what happens next and a QR code of the number
that staff can scan (issue 12, item 17)."""

from __future__ import annotations

from tests.ui.helpers import assert_touch_targets, visible_texts

TIMEOUTS = {"kiosk_warn_ms": 60_000, "kiosk_countdown_ms": 30_000, "lock_ms": 60_000}
REG_NO = "T4K2Q9-20261125-0007"


def decoded(label) -> list[str]:
    import zxingcpp
    from PIL import Image
    from PySide6.QtGui import QImage

    image = label.pixmap().toImage().convertToFormat(QImage.Format.Format_Grayscale8)
    raw = bytes(image.constBits())
    pil = Image.frombuffer(
        "L", (image.width(), image.height()), raw, "raw", "L", image.bytesPerLine(), 1
    )
    return [b.text for b in zxingcpp.read_barcodes(pil)]


def test_the_handover_screen_shows_the_number_its_qr_code_and_the_next_steps(qtbot, make_window):
    window = make_window(kiosk_mode=True, **TIMEOUTS)
    page = window.show_page("handover")
    page.show_number(REG_NO)
    texts = visible_texts(window)
    assert REG_NO in texts
    big, text = page.number.fontInfo().pixelSize(), page.body.fontInfo().pixelSize()
    assert big >= 2 * text, (big, text)  # large: read from a step away
    assert page.qr.isVisible() and decoded(page.qr) == [REG_NO]  # a scanner reads the number
    assert REG_NO in page.qr.accessibleName()
    steps = page.next_steps.text()
    assert steps.startswith("Yang terjadi selanjutnya:") and "tanda terima" in steps
    assert page.qr.pixmap().width() <= 300  # fits beside the text at 1366×768
    assert_touch_targets(window)
