"""``docs/dev/ARCHITECTURE.md`` stays true: every file, folder and module it names exists, every
layer of the import-linter contract appears in its layer table, and every package of the core and
of the front end appears in its tree. A move that forgets the map fails here."""

from __future__ import annotations

import re
import tomllib
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DOC = ROOT / "docs" / "dev" / "ARCHITECTURE.md"
_PATH = re.compile(r"^(kiosk|ui|tests|bench|resources|scripts|docs)/[\w/.]*$")
_MODULE = re.compile(r"^(kiosk|ui)(\.\w+)+$")


def _names() -> list[str]:
    """Every `code span` of the page, without a trailing call or punctuation."""
    spans = re.findall(r"`([^`\n]+)`", DOC.read_text(encoding="utf-8"))
    return [span.split("(")[0].rstrip(".,:") for span in spans]


def _module_exists(dotted: str) -> bool:
    """``kiosk.cli`` or ``ui.widgets.forms.error_text``: the longest prefix that is a module."""
    parts = dotted.split(".")
    for end in range(len(parts), 0, -1):
        base = ROOT.joinpath(*parts[:end])
        if base.with_suffix(".py").is_file() or (base / "__init__.py").is_file():
            return end >= len(parts) - 1  # a module, or one attribute of a module
    return False


def test_every_path_the_page_names_exists() -> None:
    paths = [n for n in _names() if _PATH.match(n) and "<" not in n]
    assert len(paths) > 30  # the page really names modules
    missing = [p for p in paths if not (ROOT / p).exists()]
    assert missing == []


def test_every_module_the_page_names_exists() -> None:
    modules = [n for n in _names() if _MODULE.match(n)]
    assert len(modules) > 10
    missing = [m for m in modules if not _module_exists(m)]
    assert missing == []


def test_every_layer_of_the_contract_is_in_the_layer_table() -> None:
    config = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    contracts = config["tool"]["importlinter"]["contracts"]
    layers = next(c["layers"] for c in contracts if c["type"] == "layers")
    text = DOC.read_text(encoding="utf-8")
    for layer in layers:
        for module in re.split(r"[|:]", layer):
            name = module.strip().removeprefix("kiosk.")
            assert f"`{module.strip()}`" in text or f"`{name}`" in text, module


def test_every_package_is_in_the_tree() -> None:
    text = DOC.read_text(encoding="utf-8")
    tree = text.split("```", 2)[1]
    for top in ("kiosk", "ui"):
        for package in sorted((ROOT / top).iterdir()):
            if (package / "__init__.py").is_file():
                assert re.search(rf"^\s+{package.name}/", tree, re.MULTILINE), package
    for sub in sorted((ROOT / "ui" / "wizard").iterdir()):
        if (sub / "__init__.py").is_file():
            assert re.search(rf"^\s+{sub.name}/", tree, re.MULTILINE), sub
