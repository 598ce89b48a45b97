"""What ``pip install`` of the app asks for: no compiled SANE binding, Windows parts on Windows.

The network half of the proof (every requirement resolves to a wheel for Linux and for Windows)
is ``scripts/check_wheels.py``, a CI step; these tests hold the parts that need no network: the
requirement lists that script hands to pip, and that no code imports python-sane any more.
"""

from __future__ import annotations

import ast
import importlib.util
from pathlib import Path
from types import ModuleType

from packaging.requirements import Requirement

ROOT = Path(__file__).resolve().parents[1]
LINUX = {"sys_platform": "linux", "platform_system": "Linux", "os_name": "posix"}


def _check_wheels() -> ModuleType:
    spec = importlib.util.spec_from_file_location("check_wheels", ROOT / "scripts/check_wheels.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def _names(requirements: list[str]) -> set[str]:
    return {Requirement(r).name.lower() for r in requirements}


def test_windows_gets_pywin32_and_tzdata_and_linux_does_not() -> None:
    check = _check_wheels()
    windows, linux = check.requirements_for(check.WINDOWS), check.requirements_for(LINUX)
    assert {"pywin32", "tzdata"} <= _names(windows)  # WIA through COM; ZoneInfo's data
    assert not {"pywin32", "tzdata"} & _names(linux)
    assert _names(windows) - {"pywin32", "tzdata"} == _names(linux)  # the rest is the same
    assert all(";" not in r for r in windows)  # markers evaluated, not passed on to pip
    assert "python-sane" not in _names(windows) | _names(linux)
    pywin32 = next(r for r in windows if Requirement(r).name == "pywin32")
    assert Requirement(pywin32).specifier.contains("306")


def _imports(path: Path) -> set[str]:
    found = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"), str(path))):
        if isinstance(node, ast.Import):
            found |= {alias.name.split(".")[0] for alias in node.names}
        elif isinstance(node, ast.ImportFrom) and node.module and not node.level:
            found.add(node.module.split(".")[0])
    return found


def test_no_code_imports_the_compiled_sane_binding() -> None:
    sources = [
        p
        for folder in ("kiosk", "ui", "bench", "scripts", "packaging", "tests")
        for p in (ROOT / folder).rglob("*.py")
    ]
    assert len(sources) > 50 and ROOT / "kiosk/documents/sane_backend.py" in sources
    offenders = [str(p.relative_to(ROOT)) for p in sources if {"sane", "_sane"} & _imports(p)]
    assert offenders == []
