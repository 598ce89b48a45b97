"""Prove that installing the app needs no compiler: every dependency resolves to a wheel.

For each target — this machine, and Windows x64 with this CPython version — pip downloads the app's
requirements with ``--only-binary :all:`` into an empty folder; pip fails on any package that has
no wheel for the target (one it would have to build from source, needing a compiler and headers:
what ``python-sane`` did). Only the app's own dependencies are checked, not the test extras: a
desk installs the app, a developer the extras.

- This machine: ``pip download --only-binary :all: .`` — the project itself is built from its
  source (that needs no compiler: pure Python), its whole dependency tree must be wheels.
- Windows: pip evaluates environment markers against the machine it runs on, even with
  ``--platform`` (a known pip limitation), so ``pywin32; sys_platform == 'win32'`` would never be
  looked at from Linux. The app's requirements are therefore read from pyproject.toml, their markers
  evaluated here for Windows, and handed to pip one by one with the target's platform. A
  Windows-only requirement of a dependency (pip evaluates those for this machine) is not covered.

Run: ``.venv/bin/python scripts/check_wheels.py`` (exit status 1 and pip's message on failure).
"""

from __future__ import annotations

import subprocess
import sys
import tempfile
import tomllib
from pathlib import Path

from packaging.requirements import Requirement

ROOT = Path(__file__).resolve().parent.parent
WINDOWS = {"sys_platform": "win32", "platform_system": "Windows", "os_name": "nt"}
PYTHON = f"{sys.version_info.major}.{sys.version_info.minor}"


def requirements_for(environment: dict[str, str]) -> list[str]:
    """The app's requirements whose markers hold in ``environment``, without their markers."""
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    found = []
    for line in project["dependencies"]:
        requirement = Requirement(line)
        if requirement.marker is None or requirement.marker.evaluate({**environment, "extra": ""}):
            requirement.marker = None
            found.append(str(requirement))
    return found


def download(args: list[str], label: str) -> bool:
    with tempfile.TemporaryDirectory() as folder:
        command = [sys.executable, "-m", "pip", "download", "-q", "--only-binary", ":all:"]
        done = subprocess.run([*command, "--dest", folder, *args], check=False)
        wheels = sorted(p.name for p in Path(folder).iterdir())
    if done.returncode:
        print(f"FAILED {label}: a dependency has no wheel (see pip's message above)", flush=True)
        return False
    print(f"ok {label}: {len(wheels)} wheels, nothing to build from source", flush=True)
    return True


def main() -> int:
    here = download([str(ROOT)], f"this machine ({sys.platform}, Python {PYTHON})")
    platform = ["--platform", "win_amd64", "--python-version", PYTHON, "--implementation", "cp"]
    windows = download([*platform, *requirements_for(WINDOWS)], f"Windows x64, Python {PYTHON}")
    return 0 if here and windows else 1


if __name__ == "__main__":
    sys.exit(main())
