"""Qt translation catalogues of the front end: extract, compile, check.

    python scripts/i18n.py            # update every <catalogue>_id.ts from the code, build .qm
    python scripts/i18n.py update shell
    python scripts/i18n.py build
    python scripts/i18n.py check [shell ...]   # exit 1 if a catalogue is stale or incomplete

Source strings are English (``self.tr("...")``); each ``resources/translations/<name>_id.ts``
holds the Indonesian texts of one part's files (:data:`CATALOGUES`), so engineers never edit the
same file. ``update`` runs ``pyside6-lupdate`` (new strings appear as unfinished, vanished ones are
dropped), ``build`` runs ``pyside6-lrelease`` to the ``.qm`` files that are committed and loaded at
run time. ``check`` does both into a temporary folder and compares: a string in the code that the
committed ``.ts`` lacks, an unfinished or empty translation, or a ``.qm`` that differs from a fresh
build, fails.
"""

from __future__ import annotations

import argparse
import shutil
import subprocess
import sys
import tempfile
import xml.etree.ElementTree as ET
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
TRANSLATIONS = ROOT / "resources" / "translations"
LANGS = ("id",)  # English is the source language

_SHELL_PAGES = ("login", "setup", "lock", "unlock", "home", "welcome", "handover")
_SHELL_WIDGETS = ("ui/widgets/forms.py", "ui/widgets/credentials.py", "ui/widgets/sync_status.py")
_WIZARD_STEPS = ("consent", "business", "owner", "address", "products", "bank", "review")
CATALOGUES: dict[str, tuple[str, ...]] = {
    "shell": (
        "ui/app.py",
        "ui/context.py",
        "ui/operations.py",
        "ui/theme.py",
        "ui/i18n.py",
        "ui/sync_monitor.py",
        "ui/shell/*.py",
        *_SHELL_WIDGETS,
        *(f"ui/pages/{page}_page.py" for page in _SHELL_PAGES),
        *(
            f"ui/settings/{tab}.py"
            for tab in ("page", "tab", "general", "sync", "staff", "diagnostics", "backup")
        ),
    ),
    "wizard": (
        "ui/wizard/*.py",
        *(f"ui/wizard/steps/{step}.py" for step in _WIZARD_STEPS),
        "ui/pages/search_page.py",
        "ui/pages/detail_page.py",
        "ui/widgets/*.py",
    ),
    "documents": (
        "ui/wizard/steps/documents.py",
        "ui/widgets/document_*.py",
        "ui/settings/document*.py",
        "ui/camera*.py",
    ),
    "intake": ("ui/widgets/intake_*.py", "ui/widgets/field_*.py"),
    "receipts": (
        "ui/pages/receipt_page.py",
        "ui/printing.py",
        "ui/settings/receipts.py",
        "ui/settings/printers.py",
    ),
}
_EXCLUDE = {
    "wizard": ("ui/widgets/document_", "ui/widgets/intake_", "ui/widgets/field_", *_SHELL_WIDGETS)
}


def sources(name: str) -> list[Path]:
    found: set[Path] = set()
    for pattern in CATALOGUES[name]:
        found.update(p for p in ROOT.glob(pattern) if p.name != "__init__.py")
    excluded = _EXCLUDE.get(name, ())
    return sorted(
        p for p in found if not any(str(p.relative_to(ROOT)).startswith(e) for e in excluded)
    )


def tool(name: str) -> str:
    beside = Path(sys.executable).parent / name
    found = str(beside) if beside.exists() else shutil.which(name)
    if not found:
        raise SystemExit(f"{name} not found (install pyside6-essentials)")
    return found


def ts_path(name: str, lang: str, folder: Path = TRANSLATIONS) -> Path:
    return folder / f"{name}_{lang}.ts"


def update(name: str, folder: Path = TRANSLATIONS) -> None:
    files = sources(name)
    if not files:
        return
    folder.mkdir(parents=True, exist_ok=True)
    for lang in LANGS:
        cmd = [tool("pyside6-lupdate"), *map(str, files), "-ts", str(ts_path(name, lang, folder))]
        subprocess.run([*cmd, "-locations", "none", "-no-obsolete", "-silent"], check=True)


def build(folder: Path = TRANSLATIONS) -> list[Path]:
    built = []
    for ts in sorted(folder.glob("*.ts")):
        qm = ts.with_suffix(".qm")
        subprocess.run(
            [tool("pyside6-lrelease"), "-silent", str(ts), "-qm", str(qm)],
            check=True,
        )
        built.append(qm)
    return built


def unfinished(ts: Path) -> list[str]:
    """Source texts whose translation is missing, empty or marked unfinished."""
    problems = []
    for context in ET.parse(ts).getroot().iter("context"):  # noqa: S314 (our own files)
        cname = context.findtext("name", "")
        for message in context.iter("message"):
            translation = message.find("translation")
            forms = [] if translation is None else list(translation.iter("numerusform"))
            texts = (
                [f.text for f in forms]
                if forms
                else [None if translation is None else translation.text]
            )
            kind = None if translation is None else translation.get("type")
            if kind in ("unfinished", "vanished", "obsolete") or not all(
                t and t.strip() for t in texts
            ):
                problems.append(f"{cname}: {message.findtext('source', '')!r}")
    return problems


def check(names: list[str]) -> list[str]:
    """Problems of the committed catalogues ``names`` (empty list: all good)."""
    problems: list[str] = []
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        for name in names:
            for lang in LANGS:
                committed = ts_path(name, lang)
                if not sources(name):
                    continue
                if not committed.exists():
                    problems.append(f"{committed.name} is missing")
                    continue
                shutil.copy(committed, ts_path(name, lang, folder))
                update(name, folder)
                fresh = ts_path(name, lang, folder)
                problems += [f"{committed.name}: {p}" for p in unfinished(fresh)]
                build_one = folder / f"qm-{name}-{lang}"  # one catalogue per build folder
                build_one.mkdir()
                shutil.copy(committed, build_one / committed.name)
                (qm,) = build(build_one)
                shipped = committed.with_suffix(".qm")
                if not shipped.exists() or shipped.read_bytes() != qm.read_bytes():
                    problems.append(f"{shipped.name} is not built from {committed.name}")
    return problems


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "command", nargs="?", default="all", choices=["all", "update", "build", "check"]
    )
    parser.add_argument("catalogues", nargs="*", help=f"default: all of {sorted(CATALOGUES)}")
    args = parser.parse_args(argv)
    names = args.catalogues or sorted(CATALOGUES)
    unknown = set(names) - set(CATALOGUES)
    if unknown:
        parser.error(f"unknown catalogue(s): {sorted(unknown)}")
    if args.command == "check":
        problems = check(names)
        for problem in problems:
            print(problem)
        return 1 if problems else 0
    if args.command in ("all", "update"):
        for name in names:
            update(name)
    if args.command in ("all", "build"):
        build()
    return 0


if __name__ == "__main__":
    sys.exit(main())
