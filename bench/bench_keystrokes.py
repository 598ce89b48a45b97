"""Keystrokes of a complete registration typed from the keyboard alone (issue 12), in any checkout.

The registration is the suite's own keyboard-only one:
``tests/ui/test_wizard_flow.py::test_staff_registers_a_business_from_the_keyboard`` of the checkout
measured (consent → business → owner → address → products → bank → documents → review → submit →
receipt, every value typed, type-aheads picked with Enter, steps changed with the keyboard). It is
run under ``bench/keycount_plugin.py``, which counts every key the test sends (a ``keyClicks`` of
a text counts its characters); mouse clicks and focus moves the test makes in code instead of
with Tab are counted apart, so the figures say what the keys alone do not cover.

Run on this tree, or on another checkout to compare (its own test, its own code)::

    .venv/bin/python bench/bench_keystrokes.py
    git worktree add /tmp/old <commit> && .venv/bin/python bench/bench_keystrokes.py --root /tmp/old

Prints one JSON line per figure (``keystrokes_registration``, ``mouse_clicks_registration``,
``focus_moves_by_code_registration``); no floor (a count, not a time).
"""

from __future__ import annotations

import argparse
import json
import os
import re
import subprocess
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
TEST = "tests/ui/test_wizard_flow.py::test_staff_registers_a_business_from_the_keyboard"
LINE = re.compile(r"KEYCOUNT \S+: keys=(\d+) mouse=(\d+) focus_moves_by_code=(\d+)")


def count(root: Path) -> tuple[int, int, int]:
    env = dict(os.environ, PYTHONPATH=os.pathsep.join([str(root), str(HERE)]))
    env.setdefault("QT_QPA_PLATFORM", "offscreen")
    proc = subprocess.run(
        [
            sys.executable,
            "-m",
            "pytest",
            "-q",
            "-p",
            "no:cacheprovider",
            "-p",
            "keycount_plugin",
            TEST,
        ],
        cwd=root,
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    found = LINE.search(proc.stdout)
    if proc.returncode != 0 or found is None:
        sys.stderr.write(proc.stdout[-4000:] + proc.stderr[-2000:])
        raise SystemExit(f"the keyboard registration test failed in {root}")
    keys, mouse, moves = (int(g) for g in found.groups())
    return keys, mouse, moves


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--root", type=Path, default=HERE.parent, help="the checkout to measure")
    args = parser.parse_args(argv)
    keys, mouse, moves = count(args.root.resolve())
    for name, value, unit in (
        ("keystrokes_registration", keys, "keys"),
        ("mouse_clicks_registration", mouse, "clicks"),
        ("focus_moves_by_code_registration", moves, "moves"),
    ):
        print(json.dumps({"name": name, "value": value, "unit": unit, "root": str(args.root)}))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
