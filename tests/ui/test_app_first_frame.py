"""The first frame in a fresh process: what the window is when the app reports it shown, and what
PySide had to build for it (issue 17: start-up).

Naming any member of PySide's ``Qt`` namespace (an alignment, a window flag) makes PySide build all
of its ~90 enums, ~20 ms of CPU: a fifth of a bare window's start; ``QStyle`` (asking the app for
its style) ~7 ms, ``QEvent`` (any event through a Python filter) ~2 ms and then each event class.
PySide builds a wrapped type on its first use, so ``"Qt" in vars(PySide6.QtCore)`` says whether
anything did. Kiosk mode's window
must still be frameless and full screen from that first frame (``ui.app.present``), and the
widget's own record of it follows once the frame is out (``ui.app.record_frameless``).
"""

from __future__ import annotations

import pytest

from tests.ui.test_app_startup import desk, seen_when_ready  # noqa: F401  # desk: a fixture

# the window when the app reports it shown (seen() for tests.ui.test_app_startup.WATCH_TAIL)
SEEN_WINDOW = """
from PySide6.QtWidgets import QApplication

BIG = {"Qt": "PySide6.QtCore", "QEvent": "PySide6.QtCore", "QStyle": "PySide6.QtWidgets"}

def seen():
    built = sorted(name for name, module in BIG.items() if name in vars(sys.modules[module]))
    from PySide6.QtCore import Qt  # only now: this and what follows build them

    frameless = Qt.WindowType.FramelessWindowHint
    window = next(w for w in QApplication.topLevelWidgets() if w.objectName() == "mainWindow")
    state = {
        "big_types_built": built,
        "page": window.current_page_name(),
        "full_screen": window.isFullScreen(),
        "native_frameless": bool(window.windowHandle().flags() & frameless),
        "widget_frameless": bool(window.windowFlags() & frameless),
    }
    app = QApplication.instance()
    app.setStyleSheet("")  # the style under the theme's style sheet (the process ends next)
    return {**state, "style": app.style().name().lower()}
"""


def window_when_ready(data_dir, until: str, kiosk_mode: bool) -> dict:
    return dict(seen_when_ready(SEEN_WINDOW, data_dir, until, kiosk_mode))


@pytest.mark.parametrize("kiosk_mode", [False, True])
def test_first_frame_builds_none_of_the_big_enum_types(desk, kiosk_mode):  # noqa: F811
    window = window_when_ready(desk, "1", kiosk_mode)
    assert window["page"] == ("welcome" if kiosk_mode else "login")
    assert window["big_types_built"] == []
    assert window["style"] == "fusion"  # asked for on the command line, not checked after
    assert window["full_screen"] is kiosk_mode
    assert window["native_frameless"] is kiosk_mode  # kiosk mode: frameless from the first frame


def test_kiosk_window_records_its_frameless_flag_after_the_first_frame(desk):  # noqa: F811
    window = window_when_ready(desk, "started", kiosk_mode=True)
    assert window["page"] == "welcome" and window["full_screen"]
    assert window["native_frameless"] and window["widget_frameless"]


def test_staff_window_stays_decorated(desk):  # noqa: F811
    window = window_when_ready(desk, "started", kiosk_mode=False)
    assert window["page"] == "login" and not window["full_screen"]
    assert not window["native_frameless"] and not window["widget_frameless"]
