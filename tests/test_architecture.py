"""Architecture rules: the core never imports Qt or the UI; the CLI starts without heavy modules."""

from __future__ import annotations

import shutil
import subprocess
import sys
import textwrap
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def _run(code: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-c", textwrap.dedent(code)],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=300,
    )


def test_import_linter_contracts_hold() -> None:
    lint = shutil.which("lint-imports") or str(Path(sys.executable).parent / "lint-imports")
    result = subprocess.run(
        [lint, str(ROOT / "pyproject.toml")],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "BROKEN" not in result.stdout


def test_no_kiosk_module_imports_qt() -> None:
    """Import every module of the core (central included) and look for PySide6 in sys.modules."""
    result = _run(
        """
        import importlib, pkgutil, sys
        import kiosk
        failed = []
        for info in pkgutil.walk_packages(kiosk.__path__, "kiosk."):
            if info.name.endswith("__main__") or ".migrations." in info.name:
                continue
            try:
                importlib.import_module(info.name)
            except ImportError as exc:  # an optional extra missing is not this test's business
                failed.append(f"{info.name}: {exc}")
            if "PySide6" in sys.modules or "shiboken6" in sys.modules or "ui" in sys.modules:
                print("QT", info.name)
                sys.exit(1)
        print("\\n".join(failed))
        """
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "QT" not in result.stdout


def test_cli_import_is_light() -> None:
    result = _run(
        """
        import sys
        import kiosk.cli
        parser = kiosk.cli.build_parser(load_plugins=False)
        heavy = [m for m in ("cv2", "reportlab", "fastapi", "pypdfium2", "PySide6", "numpy",
                             "openpyxl", "PIL", "uvicorn", "sqlalchemy", "alembic")
                 if m in sys.modules]
        print(heavy)
        sys.exit(1 if heavy else 0)
        """
    )
    assert result.returncode == 0, result.stdout + result.stderr


def test_cli_with_plugins_and_search_path_stay_light(data_dir: Path) -> None:
    """Loading the other parts' CLI modules and running a search must not pull in heavy modules."""
    result = _run(
        f"""
        import sys
        import kiosk.cli
        kiosk.cli.build_parser(load_plugins=True)
        from kiosk.store import Store
        with Store.open({str(data_dir)!r}) as store:
            store.search("roti")
        heavy = [m for m in ("cv2", "reportlab", "fastapi", "pypdfium2", "PySide6")
                 if m in sys.modules]
        print(heavy)
        sys.exit(1 if heavy else 0)
        """
    )
    assert result.returncode == 0, result.stdout + result.stderr
