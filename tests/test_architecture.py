"""Architecture rules: the core never imports Qt or the UI, its layers import only downwards,
widgets import no page; the CLI starts without heavy modules. The import contracts live in
pyproject's ``[tool.importlinter]``; these tests run them, check their order, and prove on a
skeleton that they catch a back-edge."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import textwrap
import tomllib
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


def _lint_imports() -> str:
    return shutil.which("lint-imports") or str(Path(sys.executable).parent / "lint-imports")


def test_import_linter_contracts_hold() -> None:
    result = subprocess.run(
        [_lint_imports(), str(ROOT / "pyproject.toml")],
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
        parser = kiosk.cli.build_parser()
        heavy = [m for m in ("cv2", "reportlab", "fastapi", "pypdfium2", "PySide6", "numpy",
                             "openpyxl", "PIL", "uvicorn", "sqlalchemy", "alembic")
                 if m in sys.modules]
        print(heavy)
        sys.exit(1 if heavy else 0)
        """
    )
    assert result.returncode == 0, result.stdout + result.stderr


def test_cli_parser_and_search_path_stay_light(data_dir: Path) -> None:
    """Every command group's parser and a search must not pull in the heavy modules."""
    result = _run(
        f"""
        import sys
        import kiosk.cli
        kiosk.cli.build_parser()
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


def _contracts() -> list[dict[str, object]]:
    with (ROOT / "pyproject.toml").open("rb") as fh:
        return tomllib.load(fh)["tool"]["importlinter"]["contracts"]


def _layers() -> list[str]:
    (contract,) = [c for c in _contracts() if c["type"] == "layers"]
    layers = contract["layers"]
    assert isinstance(layers, list)
    return [str(layer) for layer in layers]


def test_every_contract_is_reported_kept() -> None:
    """Each contract in pyproject runs and holds (a contract that fails to load is not 'KEPT')."""
    result = subprocess.run(
        [_lint_imports(), str(ROOT / "pyproject.toml")],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=300,
    )
    report = " ".join(result.stdout.split())  # long names wrap
    for contract in _contracts():
        assert f"{contract['name']} KEPT" in report, result.stdout + result.stderr


def test_the_layers_run_from_the_cli_down_to_the_utilities() -> None:
    layers = _layers()
    order = ["kiosk.cli", "kiosk.sync", "kiosk.protocol", "kiosk.store", "kiosk.security",
             "kiosk.domain", "kiosk.reference", "kiosk.text"]  # fmt: skip
    positions = [next(i for i, layer in enumerate(layers) if name in layer) for name in order]
    assert positions == sorted(positions), layers
    assert layers.index("kiosk.central | kiosk.sync") < layers.index("kiosk.protocol")
    assert layers.index("kiosk.staff") < layers.index("kiosk.store")


def test_the_contracts_catch_a_back_edge(tmp_path: Path) -> None:
    """The same contracts over a skeleton of the packages with two forbidden imports: a reference
    module importing the domain, a widget importing a page. Both must be reported."""
    for layer in _layers():
        for name in layer.replace("|", " ").replace(":", " ").split():
            path = tmp_path.joinpath(*name.split("."))
            path.mkdir(parents=True, exist_ok=True)
            (path / "__init__.py").touch()
    for name in ("ui", "ui/widgets", "ui/pages", "ui/shell", "ui/wizard", "ui/settings", "ui/app"):
        (tmp_path / name).mkdir(parents=True, exist_ok=True)
        (tmp_path / name / "__init__.py").touch()
    (tmp_path / "kiosk" / "cli" / "__init__.py").write_text("import ui.app\n")  # the one ignored
    (tmp_path / "kiosk" / "reference" / "__init__.py").write_text("import kiosk.domain\n")
    (tmp_path / "ui" / "widgets" / "__init__.py").write_text("import ui.pages\n")
    config = (ROOT / "pyproject.toml").read_text("utf-8")
    (tmp_path / "pyproject.toml").write_text(config[config.index("[tool.importlinter]") :])
    result = subprocess.run(
        [_lint_imports(), str(tmp_path / "pyproject.toml")],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        timeout=300,
        env={**os.environ, "PYTHONPATH": str(tmp_path)},
    )
    assert result.returncode != 0
    assert "kiosk.reference is not allowed to import kiosk.domain" in result.stdout, result.stdout
    assert "ui.widgets is not allowed to import ui.pages" in result.stdout, result.stdout
