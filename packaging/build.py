"""Build the kiosk's frozen one-folder bundle on this machine (Linux here, Windows on a desk).

    python packaging/build.py [--dist DIR] [--work DIR] [--check] [--installer]

Needs the ``build`` extra (``pip install -e ".[build]"``: PyInstaller, wheels for Linux and
Windows, no compiler). The bundle is ``<dist>/kiosk/`` with the ``kiosk`` launcher (``kiosk.exe``
and the console-less ``kioskw.exe`` on Windows); what goes in is decided in ``bundle_plan.py``.

``--check`` then starts the bundle as CI does: ``kiosk --version``, and ``kiosk app --smoke-test``
with and without ``--kiosk-mode`` on a scratch data folder (offscreen; it must print
``ready setup``). ``--installer`` (Windows)
compiles ``windows/kiosk.iss`` with Inno Setup's ``ISCC.exe`` into ``<dist>/``.

Prints one JSON object at the end: seconds taken, the bundle's size in MB and its path.
Invariants: the build reads only the working tree and the environment's installed packages (the
same versions ``pip install -e .`` put there); it never touches a kiosk data folder (the smoke
start uses a fresh temporary one).
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
SPEC = HERE / "kiosk.spec"
ISS = HERE / "windows" / "kiosk.iss"


def version() -> str:
    """The app's version, read from ``kiosk/__init__.py`` (no import: keeps the build's process
    free of the app's modules)."""
    for line in (ROOT / "kiosk" / "__init__.py").read_text("utf-8").splitlines():
        if line.startswith("__version__"):
            return line.split("=", 1)[1].strip().strip("\"'")
    raise SystemExit("kiosk/__init__.py has no __version__")


def launcher(bundle: Path) -> Path:
    return bundle / ("kiosk.exe" if sys.platform == "win32" else "kiosk")


def folder_size(folder: Path) -> int:
    return sum(p.stat().st_size for p in folder.rglob("*") if p.is_file() and not p.is_symlink())


def build(dist: Path, work: Path) -> Path:
    """Run PyInstaller on ``kiosk.spec``; return the bundle's folder."""
    try:
        import PyInstaller.__main__
    except ImportError:
        raise SystemExit('PyInstaller is missing: pip install -e ".[build]"') from None
    PyInstaller.__main__.run(
        [
            str(SPEC),
            "--noconfirm",
            "--log-level",
            "WARN",
            "--distpath",
            str(dist),
            "--workpath",
            str(work),
        ]
    )
    return dist / "kiosk"


def run(command: list[str], timeout: float) -> str:
    """Run one start check; its stdout, or exit with what it printed."""
    done = subprocess.run(command, capture_output=True, text=True, timeout=timeout, check=False)
    if done.returncode != 0:
        sys.stderr.write(done.stdout + done.stderr)
        raise SystemExit(f"{' '.join(command)} exited with {done.returncode}")
    return done.stdout.strip()


def smoke(exe: str, *mode: str) -> None:
    """``kiosk app [mode] --smoke-test`` on a new data folder must reach the setup page."""
    with tempfile.TemporaryDirectory(prefix="kiosk-smoke-") as data:
        env_free = {k: v for k, v in os.environ.items() if k != "KIOSK_DATA_DIR"}
        done = subprocess.run(
            [exe, "app", *mode, "--smoke-test", "--data-dir", data],
            capture_output=True,
            text=True,
            timeout=300,
            check=False,
            env={**env_free, "QT_QPA_PLATFORM": "offscreen"},
        )
    if done.returncode != 0 or "ready setup" not in done.stdout.splitlines():
        sys.stderr.write(done.stdout + done.stderr)
        raise SystemExit(
            f"the bundle's app {mode} did not reach its setup page ({done.returncode})"
        )


def check(bundle: Path) -> dict[str, str]:
    """Start the bundle: the CLI's version, then the app offscreen to its first page and out, at
    the front desk and in kiosk mode (touch theme, the virtual keyboard's input plug-in)."""
    exe = str(launcher(bundle))
    shown = run([exe, "--version"], timeout=120)
    if shown != f"kiosk {version()}":
        raise SystemExit(f"the bundle says {shown!r}, the source is {version()}")
    smoke(exe)
    smoke(exe, "--kiosk-mode")
    return {"version": shown, "smoke": "ready setup (staff and kiosk mode)"}


def inno_compiler() -> Path:
    found = shutil.which("ISCC") or shutil.which("iscc")
    if found:
        return Path(found)
    for base in (os.environ.get("ProgramFiles(x86)"), os.environ.get("ProgramFiles")):
        if base and (Path(base) / "Inno Setup 6" / "ISCC.exe").is_file():
            return Path(base) / "Inno Setup 6" / "ISCC.exe"
    raise SystemExit("Inno Setup 6 (ISCC.exe) is not installed: https://jrsoftware.org/isdl.php")


def installer(bundle: Path, dist: Path) -> Path:
    """Compile the Inno Setup script against ``bundle`` (Windows only)."""
    if sys.platform != "win32":
        raise SystemExit("--installer needs Windows (Inno Setup)")
    subprocess.run(
        [
            str(inno_compiler()),
            f"/DAppVersion={version()}",
            f"/DBundleDir={bundle}",
            f"/O{dist}",
            str(ISS),
        ],
        check=True,
    )
    return dist / f"kiosk-setup-{version()}.exe"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--dist", type=Path, default=ROOT / "build" / "bundle")
    parser.add_argument("--work", type=Path, default=ROOT / "build" / "pyinstaller")
    parser.add_argument("--check", action="store_true", help="start the bundle after the build")
    parser.add_argument("--installer", action="store_true", help="Windows: compile kiosk.iss")
    args = parser.parse_args(argv)
    started = time.monotonic()
    bundle = build(args.dist.resolve(), args.work.resolve())
    seconds = time.monotonic() - started
    report: dict[str, object] = {
        "bundle": str(bundle),
        "build_seconds": round(seconds, 1),
        "size_mb": round(folder_size(bundle) / 1e6, 1),
        "platform": sys.platform,
    }
    if args.check:
        report.update(check(bundle))
    if args.installer:
        report["installer"] = str(installer(bundle, args.dist.resolve()))
    print(json.dumps(report), flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
