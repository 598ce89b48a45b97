"""Walk through the real window on a real X server at 1366×768 and photograph every step.

    python scripts/walkthrough.py [--out docs/screenshots] [--part staff|kiosk|all]

Without a ``DISPLAY`` the script starts itself again under Xvfb (Debian ``xvfb``, installed by
``.ci/run``): ``xvfb-run -a -s "-screen 0 1366x768x24"``. Each part runs in its own process in a
throw-away data folder with demo registrations (``kiosk.demo``) and a supervisor account:

- ``staff``: the front desk. Log in by typing, home, a new registration typed from the keyboard
  alone (the same keys as ``tests/ui/test_wizard_flow.py``'s keyboard test: Enter moves on,
  type-aheads pick with Enter, Ctrl+Enter goes to the next step), the documents step empty and
  with imported pages (the real pipeline and vault), review, submit, the receipt, then search and
  the registration's detail.
- ``kiosk``: self-service with Qt Virtual Keyboard (``QT_IM_MODULE=qtvirtualkeyboard``, so this
  part needs its own process), full screen: welcome, consent, the owner's form with the
  on-screen keyboard up (letters typed by tapping its keys, the NIK on its numeric pad), the
  "?" help, "Belum punya NIB", and the hand-over screen.

Every screenshot is the whole X screen (``QScreen.grabWindow(0)``), so the on-screen keyboard,
which is a window of its own, is in the picture, and nothing is cropped. Files are
``<part>-NN-<what>.png`` in ``--out``; the list is printed at the end.
"""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
SCREEN = "1366x768x24"

USERNAME, PASSWORD = "sari", "rahasia-123"


class Driver:
    """The keys and taps of a person, sent as real Qt input events (QTest), with the pauses a
    person makes: after each action the event loop runs until background work is done."""

    def __init__(self, out: Path, part: str) -> None:
        self.out = out
        self.part = part
        self.shots: list[Path] = []

    # the qtbot-like calls the keyboard test's fill_* functions make
    def keyClick(self, widget, key, modifier=None) -> None:
        from PySide6.QtCore import Qt
        from PySide6.QtTest import QTest

        QTest.keyClick(widget, key, modifier or Qt.KeyboardModifier.NoModifier)
        self.settle(quick=True)

    def keyClicks(self, widget, text: str) -> None:
        from PySide6.QtTest import QTest

        QTest.keyClicks(widget, text)
        self.settle(quick=True)

    def mouseClick(self, widget, button, modifier=None, pos=None) -> None:
        from PySide6.QtCore import Qt
        from PySide6.QtTest import QTest

        if pos is None:
            QTest.mouseClick(widget, button, modifier or Qt.KeyboardModifier.NoModifier)
        else:
            QTest.mouseClick(widget, button, modifier or Qt.KeyboardModifier.NoModifier, pos)
        self.settle(quick=True)

    def wait(self, ms: int) -> None:
        from PySide6.QtTest import QTest

        QTest.qWait(ms)

    def settle(self, quick: bool = False) -> None:
        from PySide6.QtWidgets import QApplication

        from ui import operations

        for _ in range(2 if quick else 6):
            operations.wait_idle(20_000)
            QApplication.processEvents()
            self.wait(30 if quick else 120)

    def shoot(self, name: str) -> Path:
        from PySide6.QtGui import QGuiApplication

        self.settle()
        path = self.out / f"{self.part}-{len(self.shots) + 1:02d}-{name}.png"
        QGuiApplication.primaryScreen().grabWindow(0).save(str(path))
        self.shots.append(path)
        print(path.relative_to(ROOT) if path.is_relative_to(ROOT) else path, flush=True)
        return path


def _start(kiosk_mode: bool):
    """A fresh data folder with demo data and a supervisor, and the real main window on it."""
    from PySide6.QtWidgets import QApplication

    from kiosk.demo import add_demo_registrations
    from kiosk.domain.timezones import use_store_zone
    from kiosk.staff import accounts
    from kiosk.store import Store
    from ui import i18n, theme
    from ui.app import prepare_environment, present
    from ui.context import AppContext
    from ui.shell.main_window import MainWindow, Timeouts

    prepare_environment(kiosk_mode)  # as the app starts: the on-screen keyboard and its locale
    app = QApplication.instance() or QApplication(sys.argv[:1])
    data_dir = Path(tempfile.mkdtemp(prefix="kiosk-walk-"))
    store = Store.open(data_dir)
    accounts.create_staff(store, USERNAME, "Sari Wulandari", "supervisor", PASSWORD)
    add_demo_registrations(store, 12, seed=3)
    use_store_zone(store)
    i18n.install("id")
    theme.apply_theme(app, kiosk_mode)
    ctx = AppContext(store, lang="id", kiosk_mode=kiosk_mode)
    timeouts = Timeouts(lock_ms=3_600_000, kiosk_warn_ms=3_600_000)
    window = MainWindow(ctx, timeouts=timeouts, start_sync=False)
    window.move(0, 0)
    window.resize(1366, 768)
    present(window, kiosk_mode)
    if not kiosk_mode:
        window.showNormal()
        window.setGeometry(0, 0, 1366, 768)
    window.start()
    window.raise_()
    window.activateWindow()  # no window manager on Xvfb: give the window the keyboard
    return app, store, window


def staff(out: Path) -> list[Path]:
    from PySide6.QtCore import Qt
    from PySide6.QtWidgets import QApplication

    from kiosk.documents import synthetic
    from kiosk.domain.checklist import missing_documents
    from kiosk.domain.wizard import Step
    from tests.ui import test_wizard_flow as keys

    _app, store, window = _start(kiosk_mode=False)
    d = Driver(out, "staff")
    d.settle()
    focused = QApplication.focusWidget

    login = window.page("login")
    d.shoot("login")
    if focused() is None:  # the X server gave the window no focus yet: a click does
        d.mouseClick(login.username, Qt.MouseButton.LeftButton)
    d.keyClicks(focused(), USERNAME)
    d.keyClick(focused(), Qt.Key.Key_Tab)
    d.keyClicks(focused(), PASSWORD)
    d.keyClick(focused(), Qt.Key.Key_Return)
    assert window.current_page_name() == "home", login
    d.shoot("home")

    d.keyClick(focused() or window, Qt.Key.Key_N, Qt.KeyboardModifier.ControlModifier)
    wizard = window.page("wizard")
    d.shoot("consent")
    d.keyClick(focused(), Qt.Key.Key_Space)

    def next_step() -> None:
        d.keyClick(focused(), Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)
        d.settle()

    next_step()
    page = wizard._current_page()
    d.shoot("business-empty")
    keys.fill_business(d, page)  # Enter on the last field goes on: back to show it filled
    d.settle()
    wizard.go_back()
    d.shoot("business")
    next_step()
    keys.fill_owner(d, wizard._current_page())
    d.settle()
    wizard.go_back()
    d.shoot("owner")
    next_step()
    keys.fill_address(d, wizard._current_page())
    d.shoot("address")
    next_step()
    keys.fill_products(d, wizard._current_page())
    d.shoot("products")
    next_step()
    keys.fill_bank(d, wizard._current_page())
    d.shoot("bank")
    next_step()
    assert wizard.step == Step.DOCUMENTS
    documents = wizard._current_page()
    d.shoot("documents-empty")
    scans = Path(tempfile.mkdtemp(prefix="kiosk-walk-pages-"))
    for n, item in enumerate(missing_documents(wizard.reg)):
        documents.controls.select_type(item.doc_type)
        pages = []
        for side in range(2 if item.doc_type.value == "ktp" else 1):
            path = scans / f"{item.doc_type.value}-{side}.png"
            synthetic.a4_page(150, lines=12 + n).save(path, dpi=(150, 150))
            pages.append(str(path))
        documents.import_paths(pages)
        d.settle()
    d.shoot("documents")
    next_step()
    d.shoot("review")
    next_step()
    d.shoot("submit")
    next_step()
    d.shoot("receipt")
    next_step()  # Finish
    d.keyClick(focused() or window, Qt.Key.Key_F, Qt.KeyboardModifier.ControlModifier)
    d.keyClicks(focused(), "roti")
    d.keyClick(focused(), Qt.Key.Key_Return)
    d.shoot("search")
    search = window.page("search")
    d.keyClick(search.text, Qt.Key.Key_Down)  # into the results, the first one selected
    d.keyClick(focused(), Qt.Key.Key_Return)
    d.shoot("detail")
    window.show_page("home")
    d.shoot("home-after")
    store.close()
    return d.shots


# -- the on-screen keyboard (Qt Virtual Keyboard's default style, measured at 1366×768) ---------
LETTER_ROWS = ("qwertyuiop", "asdfghjkl", "zxcvbnm")
ROW_X0 = (71, 139, 275)  # centre of each row's first key, px from the keyboard's left at 1366
KEY_PITCH = 136
ROW_Y = (55, 160, 266, 372)  # centres of the four rows, px from the keyboard's top (427 high)
DIGIT_KEYS = {
    "7": (525, 0),
    "8": (631, 0),
    "9": (736, 0),
    "4": (525, 1),
    "5": (631, 1),
    "6": (736, 1),
    "1": (525, 2),
    "2": (631, 2),
    "3": (736, 2),
    "0": (631, 3),
}

DIAL_KEYS = {  # the phone pad (ImhDialableCharactersOnly): 1 2 3 on top, like a telephone
    "1": (525, 0),
    "2": (631, 0),
    "3": (736, 0),
    "4": (525, 1),
    "5": (631, 1),
    "6": (736, 1),
    "7": (525, 2),
    "8": (631, 2),
    "9": (736, 2),
    "0": (631, 3),
}


def _keyboard_window(app_window):
    """The on-screen keyboard's own window: a visible top-level window that is not the app's."""
    from PySide6.QtGui import QGuiApplication

    ours = app_window.windowHandle()
    for window in QGuiApplication.topLevelWindows():
        if window is not ours and window.isVisible() and window.geometry().height() > 200:
            return window
    return None


def tap_keys(d: Driver, app_window, text: str, pad: dict | None = None) -> None:
    """Type ``text`` by tapping the on-screen keyboard's keys (letters, space, digits; ``pad``:
    where the digits are, the number pad's by default, :data:`DIAL_KEYS` for a phone)."""
    from PySide6.QtCore import QPoint, Qt
    from PySide6.QtGui import QGuiApplication
    from PySide6.QtTest import QTest

    method = QGuiApplication.inputMethod()
    rect = method.keyboardRectangle().toRect()
    window = _keyboard_window(app_window)
    if window is None or rect.isEmpty():
        raise RuntimeError("the on-screen keyboard is not up")
    sx, sy = rect.width() / 1366, rect.height() / 427
    for char in text:
        if char.isdigit():
            x, row = (pad or DIGIT_KEYS)[char]
        elif char == " ":
            x, row = 683, 3
        else:
            row = next(i for i, keys in enumerate(LETTER_ROWS) if char.lower() in keys)
            x = ROW_X0[row] + KEY_PITCH * LETTER_ROWS[row].index(char.lower())
        point = QPoint(rect.left() + round(x * sx), rect.top() + round(ROW_Y[row] * sy))
        point = window.mapFromGlobal(app_window.mapToGlobal(point))  # into the keyboard's window
        QTest.mousePress(window, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier, point)
        d.wait(30)
        QTest.mouseRelease(window, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier, point)
        d.wait(60)


def kiosk(out: Path) -> list[Path]:
    from PySide6.QtCore import Qt
    from PySide6.QtGui import QGuiApplication

    from kiosk.domain.wizard import Step
    from tests.ui import test_wizard_flow as keys

    _app, store, window = _start(kiosk_mode=True)
    d = Driver(out, "kiosk")
    d.settle()
    d.shoot("welcome")
    d.mouseClick(window.page("welcome").start, Qt.MouseButton.LeftButton)
    wizard = window.page("wizard")
    d.shoot("consent")
    consent = wizard._current_page()
    d.mouseClick(consent.agree, Qt.MouseButton.LeftButton)
    d.mouseClick(wizard.nav.next, Qt.MouseButton.LeftButton)
    business = wizard._current_page()
    d.shoot("business")

    def show_keyboard(widget) -> None:
        d.mouseClick(widget, Qt.MouseButton.LeftButton)
        QGuiApplication.inputMethod().show()
        for _ in range(50):  # the keyboard's QML loads on first use
            if QGuiApplication.inputMethod().isVisible():
                break
            d.wait(100)
        d.settle()

    show_keyboard(business.name)
    tap_keys(d, window, "kue basah ani")
    d.shoot("business-keyboard-letters")
    show_keyboard(business.capital.line)
    tap_keys(d, window, "15000000")
    d.shoot("business-keyboard-numbers")
    QGuiApplication.inputMethod().hide()
    d.settle()
    business.legal_form.setFocus()
    d.keyClick(business.legal_form, Qt.Key.Key_Down)
    d.mouseClick(business.rows["business.capital_idr"].help_button, Qt.MouseButton.LeftButton)
    d.mouseClick(business.no_nib, Qt.MouseButton.LeftButton)
    d.mouseClick(business.no_npwp, Qt.MouseButton.LeftButton)
    d.keyClicks(business.kbli.search.line, "roti")
    d.keyClick(business.kbli.search.line, Qt.Key.Key_Return)
    QGuiApplication.inputMethod().hide()
    d.shoot("business-help-and-no-nib")
    d.mouseClick(wizard.nav.next, Qt.MouseButton.LeftButton)
    assert wizard.step == Step.OWNER, business.page_message.text()
    owner = wizard._current_page()
    show_keyboard(owner.nik)
    tap_keys(d, window, "6471015501900001")
    d.shoot("owner-keyboard-nik")
    show_keyboard(owner.full_name)
    tap_keys(d, window, "ani lestari")
    d.shoot("owner-keyboard-name")
    show_keyboard(owner.phone)
    tap_keys(d, window, "081234567890", DIAL_KEYS)
    d.shoot("owner-keyboard-phone")
    QGuiApplication.inputMethod().hide()
    owner.position.setFocus()
    d.keyClicks(owner.position.lineEdit(), "Pemilik")
    d.mouseClick(wizard.nav.next, Qt.MouseButton.LeftButton)
    assert wizard.step == Step.ADDRESS, wizard.nav.status.text()
    address = wizard._current_page()
    d.keyClicks(address.region.search.line, "Sebengkok")
    d.keyClick(address.region.search.line, Qt.Key.Key_Return)
    d.keyClicks(address.street, "Jl. Mulawarman 3")
    d.keyClicks(address.postal_code, "77111")
    QGuiApplication.inputMethod().hide()
    d.shoot("address")
    d.mouseClick(wizard.nav.next, Qt.MouseButton.LeftButton)
    assert wizard.step == Step.PRODUCTS, wizard.nav.status.text()
    keys.fill_products(d, wizard._current_page())  # the desk's keys: the table is the same
    QGuiApplication.inputMethod().hide()
    d.shoot("products")
    d.mouseClick(wizard.nav.next, Qt.MouseButton.LeftButton)  # "Selesai"
    d.settle()
    assert window.current_page_name() == "handover", wizard.nav.status.text()
    d.shoot("handover")
    store.close()
    return d.shots


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=ROOT / "docs" / "screenshots")
    parser.add_argument("--part", choices=("staff", "kiosk", "all"), default="all")
    args = parser.parse_args(argv)
    if not os.environ.get("DISPLAY"):
        xvfb = shutil.which("xvfb-run")
        if xvfb is None:
            print("needs an X server: install Debian's xvfb (xvfb-run)", file=sys.stderr)
            return 2
        command = [xvfb, "-a", "-s", f"-screen 0 {SCREEN}", sys.executable, __file__]
        return subprocess.call([*command, "--out", str(args.out), "--part", args.part])
    args.out.mkdir(parents=True, exist_ok=True)
    if args.part == "all":
        status = 0
        for part in ("staff", "kiosk"):
            status |= subprocess.call(
                [sys.executable, __file__, "--out", str(args.out), "--part", part]
            )
        return status
    os.environ.pop("QT_QPA_PLATFORM", None)  # the real X server, not offscreen
    if args.part == "kiosk":
        os.environ["QT_IM_MODULE"] = "qtvirtualkeyboard"  # before the QApplication exists
    started = time.monotonic()
    (staff if args.part == "staff" else kiosk)(args.out)
    print(f"# {args.part}: {time.monotonic() - started:.1f} s", file=sys.stderr)
    sys.stdout.flush()
    sys.stderr.flush()
    os._exit(0)  # done: skip tearing down Qt's windows one by one (it aborted at exit)


if __name__ == "__main__":
    raise SystemExit(main())
