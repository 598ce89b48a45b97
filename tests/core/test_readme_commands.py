"""Every command of the README's "Using it" section runs as written.

The ``sh`` code blocks of that section are read from README.md (a ``\\`` continues a line; lines
that are only a comment are not commands). A line whose comment says ``(needs …)`` needs something
this machine cannot give (a screen, a USB receipt printer, a central server with a certificate)
and is reported as skipped with that reason. All the other lines run once, in their order, as one
bash session (so ``REGNO=$(…)`` carries over), with ``kiosk`` on ``PATH`` as the README says
(``.venv/bin``, also linked as ``.venv`` in the scratch folder they run in) and a scratch data
folder (``KIOSK_DATA_DIR``); the README's
own ``kiosk demo-data`` fills it. Each line's exit status and output are recorded, and each line is
one test here. SANE's test device and the cups-pdf queue are the real ones; the print's cups-pdf
output is removed afterwards.
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

import pytest

from tests.conftest import require_service
from tests.cups_output import cups_jobs_cleaned

ROOT = Path(__file__).resolve().parents[2]
README = ROOT / "README.md"
NEEDS = re.compile(r"\(needs ([^)]*)\)")


@dataclass(frozen=True)
class Line:
    number: int  # position among the section's command lines
    command: str  # without its comment
    comment: str

    @property
    def needs(self) -> str:
        found = NEEDS.search(self.comment)
        return found.group(1) if found else ""


def split_comment(line: str) -> tuple[str, str]:
    """``command``, ``comment`` of one shell line (a ``#`` after a blank, outside quotes)."""
    quote = ""
    for index, char in enumerate(line):
        if quote:
            quote = "" if char == quote else quote
        elif char in "'\"":
            quote = char
        elif char == "#" and (index == 0 or line[index - 1].isspace()):
            return line[:index].rstrip(), line[index + 1 :].strip()
    return line.rstrip(), ""


def using_it_lines(text: str) -> list[Line]:
    section = text.split("\n## Using it", 1)[1].split("\n## ", 1)[0]
    lines: list[Line] = []
    for block in re.findall(r"```sh\n(.*?)```", section, re.S):
        logical = re.sub(r"\\\n\s*", " ", block)
        for raw in logical.splitlines():
            command, comment = split_comment(raw.strip())
            if command:
                lines.append(Line(len(lines), command, comment))
    return lines


LINES = using_it_lines(README.read_text("utf-8"))


def allowed_statuses(line: Line) -> tuple[int, ...]:
    """0, except where the README documents another outcome of the scratch kiosk: ``kiosk
    doctor`` exits 1 when a check warns, and a demo kiosk is not enrolled with a central."""
    if re.search(r"kiosk doctor\b", line.command):
        return (0, 1)
    return (0,)


def _sane_test_device() -> bool:
    try:
        listed = subprocess.run(
            ["scanimage", "-L"], capture_output=True, text=True, timeout=60, check=False
        )
    except OSError:
        return False
    return "test:0" in listed.stdout


def _cups_pdf() -> bool:
    from kiosk.receipts import cups

    try:
        return "PDF" in cups.printers()
    except Exception:
        return False


@pytest.fixture(scope="module")
def ran(tmp_path_factory: pytest.TempPathFactory) -> dict[int, tuple[int, str]]:
    """Run every runnable line once; ``{line number: (exit status, output)}``."""
    work = tmp_path_factory.mktemp("readme")
    (work / ".venv").symlink_to(ROOT / ".venv")  # `.venv/bin/kiosk ...` runs as written too
    script = ["set -o pipefail"]
    for line in LINES:
        if line.needs:
            continue
        script += [
            f"echo '::: begin {line.number}'",
            line.command,
            f'echo "::: end {line.number} $?"',
        ]
    env = {k: v for k, v in os.environ.items() if not k.startswith("KIOSK_")}
    env |= {
        "PATH": f"{Path(sys.executable).parent}{os.pathsep}{env.get('PATH', '')}",
        "KIOSK_DATA_DIR": str(work / "data"),
        "KIOSK_LANG": "en",
    }
    with cups_jobs_cleaned():
        done = subprocess.run(
            ["bash", "-c", "\n".join(script)],
            cwd=work,
            env=env,
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
            text=True,
            timeout=600,
            check=False,
        )
    results: dict[int, tuple[int, str]] = {}
    for match in re.finditer(r"::: begin (\d+)\n(.*?)::: end \1 (\d+)\n", done.stdout, re.S):
        results[int(match.group(1))] = (int(match.group(3)), match.group(2))
    return results


def test_the_section_was_found_and_most_kiosk_commands_run() -> None:
    kiosk = [line for line in LINES if re.search(r"(^|\$\(|/)kiosk\b", line.command)]
    assert len(kiosk) >= 15
    assert len([line for line in kiosk if not line.needs]) >= 10


@pytest.mark.slow  # the whole section runs once: ~30 s (demo data, a scan, a print, doctor)
@pytest.mark.cups
@pytest.mark.sane
@pytest.mark.parametrize("line", LINES, ids=lambda line: f"{line.number}:{line.command[:40]}")
def test_readme_command_runs_as_written(line: Line, ran: dict[int, tuple[int, str]]) -> None:
    if line.needs:
        pytest.skip(f"needs {line.needs}")
    if "sane:" in line.command:
        require_service(_sane_test_device(), "SANE's test device")
    if "--printer PDF" in line.command:
        require_service(_cups_pdf(), "CUPS with the cups-pdf queue 'PDF'")
    assert line.number in ran, f"{line.command!r} did not run"
    status, output = ran[line.number]
    assert status in allowed_statuses(line), f"{line.command!r} exited {status}:\n{output}"
    assert "Traceback" not in output
