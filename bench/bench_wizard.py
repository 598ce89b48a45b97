"""Wizard speed and memory: village type-ahead through the real widget; RSS over 50 registrations.

Prints one JSON object per line: {"name", "value", "unit", "floor", "floor_name", "target"}.

1. ``wizard_village_filter_p95``: on the address page of a real :class:`WizardPage`, type a village
   query with QTest key events except its last character, then time from sending the last key
   until the hit list shows the new hits (``processEvents`` until the list model is refilled).
   Floor (same run, same queries): ``Reference.search_villages`` alone, no widgets.
2. ``wizard_rss_after_50``: 50 complete registrations in one session through one
   :class:`WizardPage` (values set on the widgets, each edit reported like typing, Next pressed,
   submitted, receipt step, Finish, next registration) against a real SQLite store, created and
   migrated beforehand by a child process as a desk's earlier run would have. Floor: RSS of
   the same process before the first registration (Qt, store and reference data loaded).
   ``wizard_rss_growth_per_registration``: (RSS after 50 − RSS after 10) / 40.

Run: .venv/bin/python bench/bench_wizard.py [--queries N] [--registrations N] (offscreen)
"""

from __future__ import annotations

import argparse
import gc
import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

QUERIES = [
    "sebengkok", "sidorejo", "karang anyar", "kampung baru", "tanjung harapan", "sungai kunjang",
    "margo mulyo", "mekar jaya", "suka maju", "batu ampar", "pulau baru", "gunung sari",
    "jaya makmur", "tengah", "sumber rejo", "air putih", "muara badak", "loa janan",
    "teluk dalam", "kebon jeruk", "cempaka putih", "menteng", "tebet barat", "rawamangun",
    "kuta", "ubud", "sanur", "legian", "seminyak", "jimbaran",
]  # fmt: skip


def emit(
    name: str, value: float, unit: str, floor: float | None, floor_name: str, target: str
) -> None:
    print(
        json.dumps(
            {
                "name": name,
                "value": round(value, 3),
                "unit": unit,
                "floor": None if floor is None else round(floor, 3),
                "floor_name": floor_name,
                "target": target,
            }
        ),
        flush=True,
    )


def pct(values: list[float], p: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(p / 100 * (len(ordered) - 1)))]


def rss_mb() -> float:
    with open("/proc/self/status", encoding="ascii") as fh:
        for line in fh:
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
    return float("nan")


def bench_village_filter(app, ctx, queries: list[str]) -> None:
    from PySide6.QtTest import QTest

    from kiosk.domain.wizard import Step
    from kiosk.reference import Reference
    from ui.wizard.wizard import WizardPage

    ref = Reference.load()
    ref.search_villages("warm up", 20)  # the index is built once per process, not per keystroke
    wizard = WizardPage(ctx)
    wizard.resize(1366, 768)
    wizard.show()
    wizard.activateWindow()
    QTest.qWaitForWindowActive(wizard)
    wizard.go_to(Step.ADDRESS)
    app.processEvents()
    search = wizard._current_page().region.search
    line = search.line
    line.setFocus()
    widget_ms, floor_ms = [], []
    for query in queries:
        line.clear()
        search.refresh("")
        QTest.keyClicks(line, query[:-1])
        app.processEvents()
        refilled: list[int] = []
        search.searched.connect(refilled.append)
        t0 = time.perf_counter()
        QTest.keyClick(line, query[-1])
        while not refilled:
            app.processEvents()
        widget_ms.append((time.perf_counter() - t0) * 1000)
        search.searched.disconnect(refilled.append)
        assert line.text() == query
        t0 = time.perf_counter()
        ref.search_villages(query, 20)
        floor_ms.append((time.perf_counter() - t0) * 1000)
    wizard.close()
    wizard.deleteLater()
    app.processEvents()
    emit(
        "wizard_village_filter_p50",
        pct(widget_ms, 50),
        "ms",
        pct(floor_ms, 50),
        "reference_search_villages_p50",
        "informational",
    )
    emit(
        "wizard_village_filter_p95",
        pct(widget_ms, 95),
        "ms",
        pct(floor_ms, 95),
        "reference_search_villages_p95",
        "<= 50 ms",
    )


def register_once(app, wizard, store, number: int) -> None:
    """One registration through the wizard's pages, like the desk does it."""
    from kiosk.domain.wizard import Step
    from tests.ui.test_wizard_helpers import add_required_documents
    from ui import operations

    def settle() -> None:
        for _ in range(50):
            operations.wait_idle(10_000)
            app.processEvents()
            if not wizard.drafts.busy and not operations.pending_count():
                return

    def put(page, field: str, widget, text: str) -> None:
        widget.setText(text)
        page.field_edited.emit(field)

    def nxt(expected) -> None:
        wizard.go_next()
        settle()
        assert wizard.step == expected, (wizard.step, expected)

    wizard.start_new()
    settle()
    wizard._current_page().agree.setChecked(True)
    nxt(Step.BUSINESS)
    p = wizard._current_page()
    put(p, "business.name", p.name, f"Usaha Bench {number:03d}")
    p.legal_form.setCurrentIndex(1)
    p.field_edited.emit("business.legal_form")
    put(p, "business.capital_idr", p.capital.line, str(100_000_000 + number))
    p._update_suggestion()
    from stdnum import luhn

    npwp_head = f"02{number:06d}"
    put(p, "business.nib", p.nib, f"91200012{number:05d}")
    put(p, "business.npwp", p.npwp, npwp_head + luhn.calc_check_digit(npwp_head) + "091000")
    p.kbli.add_code("10710")
    nxt(Step.OWNER)
    p = wizard._current_page()
    put(p, "owner.nik", p.nik, f"647101550190{number:04d}")  # a different owner each time
    p._fill_from_nik()
    put(p, "owner.full_name", p.full_name, "Siti Rahmawati")
    p.position.setEditText("Pemilik")
    put(p, "owner.phone", p.phone, "0812 3456 7890")
    nxt(Step.ADDRESS)
    p = wizard._current_page()
    p.region.search.line.setText("sebengkok")
    p.region.search.refresh()
    p.region.set_village(p.region.search.hit_keys()[0])
    put(p, "address.street", p.street, f"Jl. Bench {number}")
    put(p, "address.postal_code", p.postal_code, "77111")
    nxt(Step.PRODUCTS)
    p = wizard._current_page()
    p.add_product()
    model = p.model
    for column, value in ((0, "Roti"), (1, "Maju"), (2, "12500")):  # name, brand, price
        model.setData(model.index(0, column), value)
    p.table.closePersistentEditor(p.table.currentIndex())
    p.table.setCurrentIndex(model.index(0, 0))
    p.details.unit.lineEdit().setText("pcs")  # the unit is chosen in the details panel
    nxt(Step.BANK)
    p = wizard._current_page()
    put(p, "bank.bank", p.bank.line, "Bank Mandiri")
    put(p, "bank.account_number", p.account_number, "1480012345678")
    put(p, "bank.holder_name", p.holder_name, "Siti Rahmawati")
    nxt(Step.DOCUMENTS)
    add_required_documents(store, wizard.reg)
    nxt(Step.REVIEW)
    nxt(Step.SUBMIT)
    nxt(Step.RECEIPT)
    wizard.go_next()  # Finish
    settle()


def bench_memory(app, ctx, store, registrations: int) -> None:
    from PySide6.QtCore import QCoreApplication, QEvent

    from ui.wizard.wizard import WizardPage

    wizard = WizardPage(ctx)
    wizard.resize(1366, 768)
    wizard.show()
    app.processEvents()

    def collect() -> float:
        QCoreApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)
        app.processEvents()
        gc.collect()
        return rss_mb()

    before = collect()
    marks: dict[int, float] = {}
    t0 = time.perf_counter()
    for number in range(1, registrations + 1):
        register_once(app, wizard, store, number)
        if number in (10, registrations):
            marks[number] = collect()
    elapsed = time.perf_counter() - t0
    assert store.count_registrations() >= registrations
    after = marks[registrations]
    emit(
        f"wizard_rss_after_{registrations}",
        after,
        "MB",
        before,
        "rss_before_first_registration",
        "<= 250 MB",
    )
    growth = (after - marks.get(10, before)) / max(registrations - 10, 1)
    emit("wizard_rss_growth_per_registration", growth, "MB", 0.0, "no_growth", "<= 1 MB")
    emit(
        "wizard_seconds_per_registration",
        elapsed / registrations,
        "s",
        None,
        "",
        "informational (programmatic input, includes fsync'd saves and submit)",
    )


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--queries", type=int, default=len(QUERIES))
    parser.add_argument("--registrations", type=int, default=50)
    args = parser.parse_args()

    from PySide6.QtWidgets import QApplication

    app = QApplication.instance() or QApplication([])
    from kiosk.store import Store
    from ui.context import AppContext

    data_dir = Path(tempfile.mkdtemp(prefix="kiosk-bench-wizard-"))
    os.environ["KIOSK_DATA_DIR"] = str(data_dir)
    # A desk's session opens the database an earlier run created and migrated; the first run's
    # migrations (Alembic, ~20 MB of modules) are not part of a registration session.
    subprocess.run(
        [sys.executable, "-c", "import sys; from kiosk.store import Store; Store.open(sys.argv[1])"
         ".close()", str(data_dir)],
        check=True, cwd=Path(__file__).resolve().parent.parent,
    )  # fmt: skip
    store = Store.open(data_dir)
    assert "alembic" not in sys.modules, "opening a database at head must not load Alembic"
    ctx = AppContext(store)
    bench_village_filter(app, ctx, (QUERIES * 4)[: args.queries])
    bench_memory(app, ctx, store, args.registrations)
    store.close()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
