"""Run every ``bench/bench_*.py`` and print their results, one JSON object per line.

Each bench script prints lines ``{"name", "value", "unit", "floor", "floor_name", "target"}`` on
stdout (the floor is measured in the same run, so a slow machine shows as a slow floor, not as a
regression). This runner starts each script in its own process (one bench's imports and caches do
not colour another's), checks that every line has at least ``name``, ``value`` and ``unit``, fills
in ``null`` for a missing floor/floor_name/target, and passes it through (extra keys are kept).
Progress and diagnostics of the scripts go to stderr. Exit status: non-zero if a script failed
or printed something that is not a result.

    .venv/bin/python bench/run.py            # all benches
    .venv/bin/python bench/run.py store sync  # only bench_store.py and bench_sync.py
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
REQUIRED = {"name", "value", "unit"}
OPTIONAL = ("floor", "floor_name", "target")  # null where a bench has none


def main(argv: list[str]) -> int:
    scripts = sorted(HERE.glob("bench_*.py"))
    if argv:
        scripts = [s for s in scripts if s.stem.removeprefix("bench_") in argv]
    failed = []
    for script in scripts:
        print(f"# {script.name}", file=sys.stderr, flush=True)
        proc = subprocess.Popen(
            [sys.executable, str(script)], stdout=subprocess.PIPE, text=True, cwd=HERE.parent
        )
        assert proc.stdout is not None
        for line in proc.stdout:
            line = line.strip()
            if not line:
                continue
            try:
                result = json.loads(line)
            except ValueError:
                result = None
            if not isinstance(result, dict) or not REQUIRED <= set(result):
                print(f"# {script.name}: not a result line: {line[:200]}", file=sys.stderr)
                failed.append(script.name)
                continue
            for key in OPTIONAL:
                result.setdefault(key, None)
            print(json.dumps(result, ensure_ascii=False), flush=True)
        if proc.wait() != 0:
            failed.append(script.name)
    if failed:
        print(f"# failed: {', '.join(sorted(set(failed)))}", file=sys.stderr)
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
