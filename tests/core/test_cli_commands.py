"""The ``kiosk`` command: version, app dispatch, demo data, search, errors, command groups."""

from __future__ import annotations

import io
import subprocess
import sys
import types
from pathlib import Path

import pytest

from kiosk import __version__, cli
from kiosk.domain.ids import nik_facts
from kiosk.domain.validation import validate_registration
from kiosk.reference import Reference
from kiosk.store import Store


def test_version_and_python_dash_m() -> None:
    result = subprocess.run(
        [sys.executable, "-m", "kiosk", "--version"], capture_output=True, text=True, timeout=120
    )
    assert result.returncode == 0 and result.stdout.strip() == f"kiosk {__version__}"


def test_bare_kiosk_starts_the_app(monkeypatch: pytest.MonkeyPatch, data_dir: Path) -> None:
    calls = []
    fake = types.ModuleType("ui.app")
    vars(fake)["main"] = (
        lambda path, *, kiosk_mode=False, field_mode=False, lang=None, smoke_test=False: (
            calls.append((path, kiosk_mode, field_mode, lang, smoke_test)) or 7
        )
    )
    monkeypatch.setitem(sys.modules, "ui.app", fake)
    assert cli.main([]) == 7
    assert cli.main(["app", "--kiosk-mode", "--lang", "en", "--data-dir", str(data_dir)]) == 7
    assert cli.main(["app", "--field", "--data-dir", str(data_dir)]) == 7
    assert calls == [
        (data_dir.resolve(), False, False, None, False),
        (data_dir.resolve(), True, False, "en", False),
        (data_dir.resolve(), False, True, None, False),
    ]


def test_demo_data_is_realistic_and_valid(
    data_dir: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert cli.main(["demo-data", "--count", "25", "--seed", "7", "--data-dir", str(data_dir)]) == 0
    assert "25" in capsys.readouterr().out
    refs = Reference.load()
    with Store.open(data_dir) as store:
        regs = list(store.iter_registrations())
        assert len(regs) == 25 and store.outbox_counts()["pending"] == store.count_registrations(
            "submitted"
        )
    niks = set()
    for reg in regs:
        assert [
            i for i in validate_registration(reg, stage="submit") if i.severity == "error"
        ] == []
        district, born, sex = nik_facts(reg.owner.nik)
        assert district == reg.address.district_code  # NIK region = where the owner lives
        assert (born, sex) == (reg.owner.birth_date, reg.owner.sex)
        assert reg.address.province_code == "65"
        assert refs.region(reg.address.village_code).parent_code == reg.address.district_code
        assert all(refs.kbli(code) is not None for code in reg.business.kbli)
        assert reg.products and all(p.price_idr and p.price_idr > 0 for p in reg.products)
        niks.add(reg.owner.nik)
    assert len(niks) == 25
    # every page a demo document names is a real image in the vault (sync uploads it)
    from PIL import Image

    from kiosk.documents.vault import Vault

    with Store.open(data_dir) as store:
        vault = Vault(store.paths.documents, store.keys)
        pages = {p.sha256: p for reg in regs for doc in reg.documents for p in doc.pages}
        assert pages and all(vault.has(sha) for sha in pages)
        for sha, ref in pages.items():
            data = vault.get(sha)
            assert len(data) == ref.size
            with Image.open(io.BytesIO(data)) as image:
                assert image.size == (ref.width, ref.height)
                assert tuple(round(v) for v in image.info["dpi"]) == (ref.dpi, ref.dpi)


def test_search_prints_one_line_per_hit_number_first(
    data_dir: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    cli.main(
        ["demo-data", "--count", "15", "--seed", "3", "--drafts", "0", "--data-dir", str(data_dir)]
    )
    with Store.open(data_dir) as store:
        reg = next(iter(store.iter_registrations()))
    capsys.readouterr()
    assert cli.main(["search", reg.owner.nik, "--data-dir", str(data_dir)]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert lines[0].split("\t")[0] == reg.reg_no
    assert reg.owner.nik not in "\n".join(lines)  # masked on screen too
    assert cli.main(["search", reg.business.name.split()[1], "--data-dir", str(data_dir)]) == 0
    out = capsys.readouterr().out.splitlines()
    assert out and all(line.split("\t")[0].count("-") == 2 for line in out)
    assert cli.main(["search", "zzzzqqqq", "--data-dir", str(data_dir)]) == 1
    assert capsys.readouterr().out == ""


def test_search_escapes_control_characters(
    data_dir: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    from kiosk.domain.examples import complete_registration

    reg = complete_registration(1)
    reg.products[0].name = "Roti"
    with Store.open(data_dir) as store:
        saved = store.save_draft(reg)
        # Bypass validation on purpose: the CLI must not trust what is in the database.
        with store.session() as session:
            from sqlalchemy import update

            from kiosk.store.models import RegistrationRow

            session.execute(update(RegistrationRow).values(owner_name="Budi\x1b[2J"))
    assert cli.main(["search", saved.reg_no, "--data-dir", str(data_dir)]) == 0
    out = capsys.readouterr().out
    assert "\x1b" not in out and "Budi\\u001b[2J" in out


def test_user_facing_errors_go_to_stderr_with_status_2(
    data_dir: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("KIOSK_LANG", "en")
    assert cli.main(["import", str(data_dir / "missing.csv"), "--data-dir", str(data_dir)]) == 2
    captured = capsys.readouterr()
    assert captured.out == "" and "does not exist" in captured.err
    with pytest.raises(SystemExit) as exc:
        cli.main(["search"])  # argparse: missing argument
    assert exc.value.code == 2


def test_every_subcommand_accepts_data_dir() -> None:
    parser = cli.build_parser()
    subparsers = next(a for a in parser._actions if a.dest == "command")
    assert {"app", "demo-data", "search", "export", "import"} <= set(subparsers.choices)
    for name, sub in subparsers.choices.items():
        assert "--data-dir" in sub._option_string_actions, name


def test_every_command_group_is_registered_with_a_handler() -> None:
    """All groups are part of the product: none is optional, each command has its handler."""
    parser = cli.build_parser()
    subparsers = next(a for a in parser._actions if a.dest == "command")
    assert set(subparsers.choices) == {
        "app", "demo-data", "search", "export", "import",  # kiosk.cli, kiosk.cli.data
        "scanners", "scan",  # kiosk.cli.documents
        "ocr",  # kiosk.cli.ocr
        "receipt",  # kiosk.cli.receipts
        "central",  # kiosk.cli.central
        "enroll", "sync",  # kiosk.cli.sync
        "backup", "restore",  # kiosk.cli.backup
        "doctor",  # kiosk.cli.doctor
        "audit",  # kiosk.cli.audit
        "session",  # kiosk.cli.intake
        "keys",  # kiosk.cli.keys
        "bundle",  # kiosk.cli.bundle (registered by kiosk.cli.sync)
    }  # fmt: skip
    assert parser.parse_args(["search", "x"]).text == "x"
    assert callable(parser.parse_args(["sync", "status"]).func)
    assert callable(parser.parse_args(["scanners"]).func)
    assert callable(parser.parse_args(["receipt", "verify", "r.pdf"]).func)
    assert callable(parser.parse_args(["audit", "verify"]).func)
    assert callable(parser.parse_args(["bundle", "export", "-o", "b"]).func)
    assert callable(parser.parse_args(["central", "import-bundle", "b"]).func)
    assert callable(parser.parse_args(["central", "subject", "erase", "1", "--reason", "r"]).func)
    assert callable(parser.parse_args(["central", "pages", "check"]).func)  # cli.central_pages
    assert callable(parser.parse_args(["central", "pages", "reindex"]).func)


@pytest.mark.parametrize(("lang", "word"), [("id", "Tidak ada layar"), ("en", "no screen")])
def test_app_without_a_screen_says_so_plainly(
    data_dir: Path, capsys: pytest.CaptureFixture[str], monkeypatch, lang: str, word: str
) -> None:
    if not sys.platform.startswith("linux"):
        pytest.skip("X11/Wayland are a Linux matter")
    for name in ("DISPLAY", "WAYLAND_DISPLAY", "QT_QPA_PLATFORM"):
        monkeypatch.delenv(name, raising=False)
    assert cli.main(["app", "--lang", lang, "--data-dir", str(data_dir)]) == 2
    assert word in capsys.readouterr().err
