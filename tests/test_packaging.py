"""The frozen bundle's plan and the Windows installer definition (``packaging/``).

The bundle itself is built and started by ``.ci/run`` (``packaging/build.py --check``: a full
PyInstaller build takes minutes, too long for a test). Here: what the plan keeps and drops, that
the files the app reads at run time land where ``kiosk`` looks for them when frozen, the
``kiosk app --smoke-test`` start the CI step relies on (from source, real store, offscreen), and the
installer's invariants (one AppId, per machine, the kiosk-mode shortcut, nothing written or
deleted outside the install folder, so the data folder survives upgrade and uninstall).
"""

from __future__ import annotations

import ast
import importlib.util
import os
import re
import subprocess
import sys
from pathlib import Path
from types import ModuleType

import pytest

ROOT = Path(__file__).resolve().parent.parent
PACKAGING = ROOT / "packaging"


def load(name: str) -> ModuleType:
    # By file: the folder is not a package (and ``packaging`` is also PyPI's package's name).
    spec = importlib.util.spec_from_file_location(f"kiosk_{name}", PACKAGING / f"{name}.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def load_plan() -> ModuleType:
    return load("bundle_plan")


def test_the_build_checks_the_bundle_against_the_source_version() -> None:
    from kiosk import __version__

    assert load("build").version() == __version__


def imported_modules(path: Path) -> set[str]:
    found: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text("utf-8"))):
        if isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            found.add(node.module)
            found.update(f"{node.module}.{alias.name}" for alias in node.names)
    return found


def test_nothing_the_kiosk_imports_is_left_out_of_the_bundle() -> None:
    plan = load_plan()
    excluded = set(plan.EXCLUDED_MODULES)
    server_only = {ROOT / "kiosk" / "cli" / "central.py"}  # `kiosk central` runs on the server
    offending: list[str] = []
    for package in ("kiosk", "ui"):
        for path in (ROOT / package).rglob("*.py"):
            if path.relative_to(ROOT).parts[:2] == ("kiosk", "central") or path in server_only:
                continue
            for name in imported_modules(path):
                parts = name.split(".")
                prefixes = {".".join(parts[: i + 1]) for i in range(len(parts))}
                if prefixes & excluded:
                    offending.append(f"{path.relative_to(ROOT)}: {name}")
    assert offending == []
    assert {"fastapi", "uvicorn", "psycopg", "PySide6.QtWebEngineCore"} <= excluded


@pytest.mark.parametrize(
    ("dest", "kept"),
    [
        ("PySide6/Qt/plugins/platforms/libqoffscreen.so", True),
        ("PySide6/Qt/plugins/platforms/libqxcb.so", True),
        ("PySide6/plugins/platforms/qwindows.dll", True),
        ("PySide6/Qt/plugins/platforms/libqeglfs.so", False),
        ("PySide6/Qt/plugins/platforms/libqvnc.so", False),
        ("PySide6/Qt/plugins/printsupport/libcupsprintersupport.so", True),
        ("PySide6/plugins/printsupport/windowsprintersupport.dll", True),
        ("PySide6/Qt/plugins/imageformats/libqjpeg.so", True),
        ("PySide6/Qt/plugins/imageformats/libqpdf.so", False),
        ("PySide6/Qt/plugins/platforminputcontexts/libqtvirtualkeyboardplugin.so", True),
        ("PySide6/plugins/platforminputcontexts/qtvirtualkeyboardplugin.dll", True),
        ("PySide6/Qt/plugins/multimedia/libffmpegmediaplugin.so", True),
        ("PySide6/Qt/plugins/qmltooling/libqmldbg_debugger.so", False),
        ("PySide6/Qt/lib/libQt6WebEngineCore.so.6", False),
        ("PySide6/Qt6WebEngineCore.dll", False),
        ("PySide6/Qt/translations/qtbase_en.qm", False),
        ("PySide6/Qt/lib/libQt6Widgets.so.6", True),
        ("cv2/cv2.abi3.so", True),
        ("resources/translations/ui_id.qm", True),
    ],
)
def test_the_plan_keeps_the_plugins_a_desk_uses(dest: str, kept: bool) -> None:
    assert load_plan().keep_binary(dest) is kept


def test_resources_and_migrations_land_where_the_frozen_app_looks() -> None:
    """Frozen, a module's ``__file__`` lies under the bundle's folder at its package path, so
    ``resources_dir()`` (``kiosk/config.py``'s grandparent) and the migrations (beside
    ``kiosk/store/migrate.py``) resolve inside the bundle if the spec puts them at these paths."""
    from kiosk.config import resources_dir
    from kiosk.store.migrate import MIGRATIONS

    by_source = {Path(source): Path(dest) for source, dest in load_plan().resource_datas()}
    assert by_source[resources_dir()] == resources_dir().relative_to(ROOT)
    versions = sorted((MIGRATIONS / "versions").glob("*.py"))
    assert versions
    for path in [*versions, MIGRATIONS / "env.py", MIGRATIONS / "script.py.mako"]:
        assert by_source[path] == path.parent.relative_to(ROOT), path


def smoke(data_dir: Path) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if k not in ("KIOSK_DATA_DIR", "DISPLAY")}
    env.pop("QT_QPA_PLATFORM", None)  # --smoke-test chooses offscreen by itself
    return subprocess.run(
        [sys.executable, "-m", "kiosk", "app", "--smoke-test", "--data-dir", str(data_dir)],
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
        env=env,
    )


def test_smoke_start_reaches_the_setup_page_then_the_login_page(tmp_path: Path) -> None:
    from kiosk.staff import accounts
    from kiosk.store import Store

    first = smoke(tmp_path)
    assert first.returncode == 0, first.stderr
    assert "ready setup" in first.stdout.splitlines()
    assert (tmp_path / "kiosk.sqlite3").is_file()
    with Store.open(tmp_path) as store:
        accounts.create_staff(store, "sari", "Sari", "supervisor", "rahasia-123")
    second = smoke(tmp_path)
    assert second.returncode == 0, second.stderr
    assert "ready login" in second.stdout.splitlines()


def test_smoke_start_fails_with_the_reason_when_the_store_cannot_open(tmp_path: Path) -> None:
    (tmp_path / "kiosk.sqlite3").write_bytes(b"this is not a database" * 100)
    done = smoke(tmp_path)
    assert done.returncode == 1
    assert not any(line.startswith("ready") for line in done.stdout.splitlines())
    assert done.stderr.strip()


def iss_sections() -> dict[str, list[str]]:
    sections: dict[str, list[str]] = {}
    current = ""
    for raw in (PACKAGING / "windows" / "kiosk.iss").read_text("utf-8").splitlines():
        line = raw.strip()
        if not line or line.startswith(";"):
            continue
        if re.fullmatch(r"\[\w+\]", line):
            current = line[1:-1]
            sections[current] = []
        elif current:
            sections[current].append(line)
    return sections


def test_installer_is_per_machine_upgrades_in_place_and_has_the_kiosk_shortcut() -> None:
    from kiosk import __version__

    sections = iss_sections()
    setup = dict(line.split("=", 1) for line in sections["Setup"])
    assert re.fullmatch(r"\{\{[0-9A-F]{8}(-[0-9A-F]{4}){3}-[0-9A-F]{12}\}", setup["AppId"])
    assert setup["PrivilegesRequired"] == "admin"
    assert setup["DefaultDirName"].startswith("{autopf}\\")
    assert setup["UsePreviousAppDir"] == "yes"
    assert setup["CloseApplications"] == "yes"
    text = (PACKAGING / "windows" / "kiosk.iss").read_text("utf-8")
    assert f'#define AppVersion "{__version__}"' in text  # build.py passes it; the default agrees
    icons = sections["Icons"]
    kiosk_mode = [i for i in icons if 'Parameters: "app --kiosk-mode"' in i]
    assert any("{autoprograms}" in i and "Tasks:" not in i for i in kiosk_mode)
    autostart = [i for i in kiosk_mode if "{commonstartup}" in i]
    assert len(autostart) == 1 and "Tasks: autostart" in autostart[0]
    assert any(t.startswith('Name: "autostart"') and "unchecked" in t for t in sections["Tasks"])


def test_installer_writes_and_deletes_only_inside_its_folder() -> None:
    """The data folder (%LOCALAPPDATA%\\MPP\\kiosk, or KIOSK_DATA_DIR) survives upgrade and
    uninstall: no entry may name a folder outside {app} for files or deletion."""
    sections = iss_sections()
    for name in ("Files", "InstallDelete", "UninstallDelete", "Dirs"):
        for line in sections.get(name, []):
            target = re.search(r'(?:DestDir|Name): "([^"]*)"', line)
            assert target is not None, line
            assert target.group(1).startswith("{app}"), line
    assert "UninstallDelete" not in sections
    assert not re.search(r"localappdata|userappdata|commonappdata|MPP\\kiosk", str(sections), re.I)
