"""Spin boxes show their arrows under the app's style sheet (issue 12, item 11).

Styling a spin box's border or buttons makes Qt drop the style's own arrows; the QSS draws Qt's
built-in arrow images instead. Rendered for real: dark pixels in the button column.
"""

from __future__ import annotations

from PySide6.QtWidgets import QSpinBox

from ui import theme


def dark_pixels_in_buttons(box: QSpinBox) -> int:
    image = box.grab().toImage()
    width, height = image.width(), image.height()
    return sum(
        1
        for x in range(width - 28, width)
        for y in range(height)
        if image.pixelColor(x, y).lightness() < 80
    )


def test_settings_spin_boxes_show_arrows(qtbot, qapp):
    box = QSpinBox()
    qtbot.addWidget(box)
    box.setStyleSheet(theme.style_sheet(False))
    box.setRange(0, 100)
    box.setValue(50)
    box.resize(160, 40)
    box.show()
    qtbot.waitExposed(box)
    assert dark_pixels_in_buttons(box) > 20  # two arrows; none before the fix
