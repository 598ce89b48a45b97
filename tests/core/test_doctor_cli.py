"""``kiosk doctor`` from the command line: text in the language of KIOSK_LANG, ``--json``, the
exit status (0 ok, 1 warnings, 2 failures), and every result readable in both languages."""

# ruff: noqa: F811  (fixtures imported from the support module are parameters here)
from __future__ import annotations

import json
from pathlib import Path

from kiosk.cli import main as cli_main
from kiosk.doctor import Options, Report, Status, run_checks
from kiosk.doctor.report import failed, ok, warning
from tests.core.test_doctor_support import demo_dir, demo_master  # noqa: F401


def test_json_report_lists_every_check_in_both_languages(demo_dir: Path, capsys) -> None:
    status = cli_main(["doctor", "--data-dir", str(demo_dir), "--skip-devices", "--json"])
    report = json.loads(capsys.readouterr().out)
    ids = [c["id"] for c in report["checks"]]
    assert ids == [
        "database.integrity", "database.migration", "keys.ring", "audit.chain", "disk.space",
        "documents.vault",
        "central.reach", "central.clock", "system.timezone", "system.versions", "logs.crashes",
        "backup.recent",
    ]  # fmt: skip
    assert report["skipped"] == ["scanner.list", "scanner.test_scan", "printer.list"]
    worst = max(Status(c["status"]).rank for c in report["checks"])
    assert status == worst == 1  # not enrolled: a warning
    for check in report["checks"]:
        texts = check["text"]
        assert texts["id"] and texts["en"] and "{" not in texts["id"] + texts["en"]


def test_text_follows_kiosk_lang(demo_dir: Path, capsys, monkeypatch) -> None:
    monkeypatch.setenv("KIOSK_LANG", "en")
    cli_main(["doctor", "--data-dir", str(demo_dir), "--skip-devices"])
    english = capsys.readouterr().out
    assert "[OK  ] database.integrity: The database is intact" in english
    monkeypatch.setenv("KIOSK_LANG", "id")
    cli_main(["doctor", "--data-dir", str(demo_dir), "--skip-devices"])
    assert "[OK  ] database.integrity: Basis data utuh" in capsys.readouterr().out


def test_a_failure_exits_with_2(demo_dir: Path, capsys) -> None:
    (demo_dir / "keys" / "data.key").unlink()
    assert cli_main(["doctor", "--data-dir", str(demo_dir), "--skip-devices"]) == 2
    out = capsys.readouterr().out
    assert "[FAIL] keys.ring" in out


def test_the_exit_status_is_the_worst_result() -> None:
    fine = ok("a", "doctor.versions")
    assert Report([fine], "/x").exit_status == 0
    assert Report([fine, warning("b", "doctor.db.missing")], "/x").exit_status == 1
    assert Report([failed("c", "doctor.keys.wrong"), warning("b", "doctor.db.missing")],
                  "/x").exit_status == 2  # fmt: skip


def test_the_core_api_serves_a_settings_tab(demo_dir: Path) -> None:
    """What the app's page will call from its worker thread: plain results, both languages."""
    report = run_checks(demo_dir, Options(skip_devices=True))
    item = report.results[0]
    assert item.to_dict()["text"] == {"id": item.text("id"), "en": item.text("en")}
    assert report.status in (Status.WARNING, Status.FAILED, Status.OK)
