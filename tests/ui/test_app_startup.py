"""``ui.app.main`` in a fresh process: starts, opens the store, shows the first page, imports
nothing heavy on the way."""

from __future__ import annotations

import json
import os
import subprocess
import sys

import pytest

HEAVY = ("cv2", "reportlab", "fastapi", "uvicorn", "pypdfium2", "numpy", "openpyxl", "PIL")

SCRIPT = """
import json, sys
from ui.app import main
code = main(sys.argv[1], kiosk_mode=sys.argv[2] == "1", lang=sys.argv[3] or None)
heavy = sorted({m.split(".")[0] for m in sys.modules} & set(sys.argv[4].split(",")))
print(json.dumps({"code": code, "heavy": heavy}))
"""


def run_app(data_dir, kiosk_mode=False, lang=""):
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen", "KIOSK_EXIT_WHEN_READY": "1"}
    env.pop("QT_IM_MODULE", None)
    result = subprocess.run(
        [
            sys.executable,
            "-c",
            SCRIPT,
            str(data_dir),
            "1" if kiosk_mode else "0",
            lang,
            ",".join(HEAVY),
        ],
        capture_output=True,
        text=True,
        env=env,
        timeout=120,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout.strip().splitlines()[-1])


@pytest.mark.parametrize("kiosk_mode", [False, True])
def test_app_starts_without_heavy_imports(data_dir, kiosk_mode):
    outcome = run_app(data_dir, kiosk_mode)
    assert outcome == {"code": 0, "heavy": []}
    assert (data_dir / "kiosk.sqlite3").exists()
    assert (data_dir / "logs" / "kiosk.log").exists()


def test_app_starts_when_its_log_file_cannot_be_opened(data_dir):
    (data_dir / "logs" / "kiosk.log").mkdir(parents=True)  # in the way of the log file
    assert run_app(data_dir) == {"code": 0, "heavy": []}
    assert (data_dir / "kiosk.sqlite3").exists()


# A child script's tail: ``ui.app.main`` runs with its stdout watched, and when the app prints
# ``KIOSK_READY`` (``KIOSK_EXIT_WHEN_READY``) the script's own ``seen()`` is called in the app's
# process at that moment (issue 17: what the app had imported or built by then); the last line
# printed is ``{"code", "seen"}``. The script's head imports ``json`` and ``sys`` and defines
# ``seen`` (:func:`seen_when_ready`).
WATCH_TAIL = """
class Watch:  # stdout that calls seen() when the app says it is ready
    def __init__(self, out):
        self.out, self.seen = out, None

    def write(self, text):
        if text.startswith("KIOSK_READY") and self.seen is None:
            self.seen = seen()
        return self.out.write(text)

    def flush(self):
        self.out.flush()

watch = sys.stdout = Watch(sys.stdout)
from ui.app import main
code = main(sys.argv[1], kiosk_mode=sys.argv[2] == "1")
sys.stdout = watch.out
print(json.dumps({"code": code, "seen": watch.seen}))
"""

# What the app may have imported when it reports ready, read in its own process (each name
# matches the module and its submodules).
SEEN_MODULES = """
def seen():
    return sorted(sys.modules)
"""

# The core's bottom layer (pyproject's import-linter layers): utilities that know nothing of the
# program. The first page (log-in, or welcome in kiosk mode) is drawn before the store opens and
# needs nothing above them: the store, keys, accounts, reference data and the rest load off the
# GUI thread once the first frame is out (ui.app.begin).
CORE_UTILITIES = {"kiosk", "kiosk.errors", "kiosk.i18n", "kiosk.text", "kiosk.config"}
CORE_UTILITIES |= {"kiosk.fsutil", "kiosk.redact", "kiosk.logs"}
# Qt's modules the shell is built from; any other (printing, multimedia, SVG, network) belongs to
# a page that is not shown yet.
QT_MODULES = {"PySide6.QtCore", "PySide6.QtGui", "PySide6.QtWidgets"}
# Not at the first page, nor when the store is ready to take a log-in:
NOT_AT_START = (
    *HEAVY,
    "alembic",  # migrations: only when the schema is behind (kiosk.store.migrate.quick_head)
    "mako",  # Alembic's templates
    "httpx",  # sync starts a moment after the first page (main_window.SYNC_START_DELAY_MS)
    "pydantic",  # the wire protocol, with sync
    "kiosk.protocol",
    "kiosk.sync",
    "kiosk.receipts",  # each of these with the page or command that uses it
    "kiosk.importexport",
    "kiosk.intake",
    "kiosk.ocr",
    "kiosk.bundle",
    "kiosk.backup",  # the scheduled backup's first run waits minutes (ui.scheduled_backup)
    "ui.wizard",
    "ui.settings.page",  # the header's logo is found by ui.settings.branding alone
    "ui.sync_monitor",
)
# Only after the first frame (the store's machinery), on top of the above:
NOT_AT_FIRST_PAGE = (
    *NOT_AT_START,
    "sqlalchemy",  # the bulk of opening the store
    "cryptography",  # the key ring
    "argon2",  # password checks
)


def app_outcome(script: str, data_dir, until: str | None, *extra: str) -> dict:
    """Run ``script`` in a fresh offscreen process (``KIOSK_EXIT_WHEN_READY=until``, or unset
    for None) and return the JSON object its last line printed."""
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen"}
    env.pop("QT_IM_MODULE", None)
    env.pop("KIOSK_EXIT_WHEN_READY", None)
    if until is not None:
        env["KIOSK_EXIT_WHEN_READY"] = until
    result = subprocess.run(
        [sys.executable, "-c", script, str(data_dir), *extra],
        capture_output=True,
        text=True,
        env=env,
        timeout=120,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout.strip().splitlines()[-1])


def seen_when_ready(seen: str, data_dir, until: str, kiosk_mode: bool):
    """What ``seen`` (the source of a function ``seen()``) returned in a fresh app process at the
    moment it reported ready (``KIOSK_EXIT_WHEN_READY=until``); see :data:`WATCH_TAIL`."""
    script = "import json, sys\n" + seen + WATCH_TAIL
    outcome = app_outcome(script, data_dir, until, "1" if kiosk_mode else "0")
    assert outcome["code"] == 0 and outcome["seen"], outcome
    return outcome["seen"]


def modules_when_ready(data_dir, until, kiosk_mode=False):
    return set(seen_when_ready(SEEN_MODULES, data_dir, until, kiosk_mode))


def found(modules, names):
    return sorted(m for m in modules if any(m == n or m.startswith(n + ".") for n in names))


@pytest.fixture
def desk(data_dir):
    """A data folder as on a desk: migrated, with a staff account (so the log-in page is shown
    before the store has opened)."""
    from kiosk.staff import accounts
    from kiosk.store import Store

    with Store.open(data_dir) as store:
        accounts.create_staff(store, "sari", "Sari Wulandari", "supervisor", "rahasia-123")
    return data_dir


@pytest.mark.parametrize("kiosk_mode", [False, True])
def test_first_page_is_drawn_before_the_store_machinery_loads(desk, kiosk_mode):
    modules = modules_when_ready(desk, "1", kiosk_mode)
    assert found(modules, NOT_AT_FIRST_PAGE) == []
    assert found(modules, ["kiosk"]) == sorted(CORE_UTILITIES & modules)
    assert {m for m in modules if m.startswith("PySide6.Qt")} <= QT_MODULES
    assert found(modules, ["ui.pages"]) == [
        "ui.pages",
        "ui.pages.welcome_page" if kiosk_mode else "ui.pages.login_page",
    ]


def test_store_ready_for_a_log_in_without_what_comes_later(desk):
    modules = modules_when_ready(desk, "started")
    assert "kiosk.store" in modules and "kiosk.staff.accounts" in modules  # it did open
    assert found(modules, NOT_AT_START) == []
    assert {m for m in modules if m.startswith("PySide6.Qt")} <= QT_MODULES


def test_ready_for_a_log_in_before_the_store_machinery_loads(desk):
    """``=login``: the early log-in is set up (kiosk.staff.early_login) before the store starts
    opening; nothing of SQLAlchemy, the key ring or the store's models is loaded for it."""
    modules = modules_when_ready(desk, "login")
    assert "kiosk.staff.early_login" in modules and "argon2" in modules
    assert found(modules, [*NOT_AT_START, "sqlalchemy", "cryptography", "alembic"]) == []
    assert found(modules, ["kiosk.store"]) == sorted(
        {"kiosk.store", "kiosk.store.audit_chain", "kiosk.store.connection", "kiosk.store.revision"}
    )


EARLY_LOGIN = """
import json, sys, threading
from PySide6.QtCore import QCoreApplication, QTimer
import ui.app as app

release, seen, opening = threading.Event(), {}, app.open_store

def held_open_store(data_dir, unlock=None):  # the store opens only once the log-in was checked
    release.wait(60)
    return opening(data_dir, unlock)

def begin(window, data_dir, **kwargs):
    started(window, data_dir, **kwargs)
    page = window.page("login")

    def type_in():
        if window.ctx.early_login is None:
            QTimer.singleShot(10, type_in)
            return
        page.username.setText("sari")
        page.password.setText("rahasia-123")
        page.submit.click()
        QTimer.singleShot(10, wait_for_check)

    def wait_for_check():
        if page.form._verified is None:
            QTimer.singleShot(10, wait_for_check)
            return
        seen["modules"] = sorted(sys.modules)
        seen["page_while_opening"] = window.current_page_name()
        release.set()

    def arrived(name):
        if name == "home":
            seen["home"] = True
            window.allow_quit()
            QTimer.singleShot(0, QCoreApplication.quit)

    window.page_changed.connect(arrived)
    QTimer.singleShot(0, type_in)

started, app.begin, app.open_store = app.begin, begin, held_open_store
code = app.main(sys.argv[1])
print(json.dumps({"code": code, **seen}))
"""


def test_a_log_in_typed_while_the_store_opens_is_checked_without_it(desk):
    outcome = app_outcome(EARLY_LOGIN, desk, None)
    assert outcome["code"] == 0 and outcome["home"] is True, outcome
    assert outcome["page_while_opening"] == "login"
    modules = set(outcome["modules"])
    assert "kiosk.staff.early_login" in modules
    assert found(modules, ["sqlalchemy", "cryptography", "kiosk.staff.accounts"]) == []
    from kiosk.staff import audit
    from kiosk.store import Store

    with Store.open(desk) as store:
        assert [e.action for e in audit.entries(store, action="login.")] == ["login.ok"]


COLLECTOR = """
import gc, json, sys
from PySide6.QtCore import QCoreApplication, QTimer
import ui.app as app

settle, seen = app.settle_memory, []

def watched():  # when the app turns the collector back on, note it before and after, then quit
    seen.append(gc.isenabled())
    settle()
    seen.append(gc.isenabled())
    QTimer.singleShot(0, QCoreApplication.quit)

app.settle_memory = watched
code = app.main(sys.argv[1])
print(json.dumps({"code": code, "seen": seen, "after": gc.isenabled()}))
"""


def test_garbage_collector_is_off_during_start_up_and_on_after_it(desk):
    outcome = app_outcome(COLLECTOR, desk, None)
    assert outcome == {"code": 0, "seen": [False, True], "after": True}


PYSIDE_CHECK = """
import inspect, json, linecache, sys
from ui.app import main

code = main(sys.argv[1])
feature = sys.modules["shibokensupport.feature"]
# sources kept in memory, looked at before by_source below reads any
kept = any(p.endswith(".py") and "sqlalchemy" in p for p in list(linecache.cache))

def by_source(module):  # PySide's own question, asked as PySide asks it
    try:
        return "PySide6" in inspect.getsource(module)
    except (TypeError, OSError, SyntaxError):
        return False

answers = dict(feature.pyside_feature_dict)
wrong = sorted(
    name for name, answer in answers.items()
    if name in sys.modules and answer in (0, -1) and (answer == 0) != by_source(sys.modules[name])
)
print(json.dumps({
    "code": code,
    "hook": feature._mod_uses_pyside.__module__,
    "asked": len(answers),
    "wrong": wrong,
    "sqlalchemy_in_linecache": kept,
}))
"""


def test_pyside_import_hook_reads_files_and_gives_its_own_answers(desk):
    outcome = app_outcome(PYSIDE_CHECK, desk, "started")
    assert outcome["code"] == 0 and outcome["hook"] == "ui.app" and outcome["asked"] > 300
    assert outcome["wrong"] == []  # every module got the answer PySide's own check gives
    assert outcome["sqlalchemy_in_linecache"] is False  # no store sources kept in memory
