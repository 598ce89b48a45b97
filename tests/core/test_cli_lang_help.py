"""The CLI follows the locale (``KIOSK_LANG`` wins), documents it in ``kiosk --help``, lists
``--data-dir`` in every command's help, and ``kiosk scan`` names ``--force`` when it refuses."""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from kiosk.cli import build_parser, documents, main
from kiosk.i18n import env_lang, tr

assert documents.register  # its messages are registered on import
LOCALE_VARS = ("KIOSK_LANG", "LC_ALL", "LC_MESSAGES", "LANG")


@pytest.mark.parametrize(
    ("env", "expected"),
    [
        ({}, "id"),
        ({"LANG": "C.UTF-8"}, "id"),
        ({"LANG": "POSIX"}, "id"),
        ({"LANG": "id_ID.UTF-8"}, "id"),
        ({"LANG": "en_US.UTF-8"}, "en"),
        ({"LANG": "de_DE.UTF-8"}, "en"),
        ({"LANG": "en_US.UTF-8", "LC_MESSAGES": "id_ID.UTF-8"}, "id"),
        ({"LC_ALL": "en_GB.UTF-8", "LC_MESSAGES": "id_ID.UTF-8"}, "en"),
        ({"LANG": "Indonesian_Indonesia.1252"}, "id"),
        ({"LANG": "id_ID.UTF-8", "KIOSK_LANG": "en"}, "en"),
        ({"LANG": "en_US.UTF-8", "KIOSK_LANG": "id"}, "id"),
        ({"LANG": "en_US.UTF-8", "KIOSK_LANG": "fr"}, "en"),  # not a kiosk language: locale
    ],
)
def test_env_lang_follows_the_locale_and_kiosk_lang_wins(
    monkeypatch: pytest.MonkeyPatch, env: dict[str, str], expected: str
) -> None:
    for name in LOCALE_VARS:
        monkeypatch.delenv(name, raising=False)
    for name, value in env.items():
        monkeypatch.setenv(name, value)
    assert env_lang() == expected


def _cli(args: list[str], env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    clean = {k: v for k, v in os.environ.items() if k not in LOCALE_VARS}
    return subprocess.run(
        [sys.executable, "-m", "kiosk", *args],
        env=clean | env,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


def test_a_real_command_speaks_the_locale(data_dir: Path, tmp_path: Path) -> None:
    """``kiosk scan`` refusing an existing file: English under en_US, Indonesian under id_ID,
    and both name ``--force`` (the check comes before any scanner is opened)."""
    existing = tmp_path / "ktp.pdf"
    existing.write_bytes(b"%PDF-1.4 already here")
    args = ["scan", "--device", "sane:test:0", "-o", str(existing), "--data-dir", str(data_dir)]
    english = _cli(args, {"LANG": "en_US.UTF-8"})
    indonesian = _cli(args, {"LANG": "id_ID.UTF-8"})
    assert english.returncode == indonesian.returncode == 2
    assert english.stderr.strip() == tr("documents.cli.output_exists", "en", path=str(existing))
    assert indonesian.stderr.strip() == tr("documents.cli.output_exists", "id", path=str(existing))
    assert "--force" in english.stderr and "--force" in indonesian.stderr
    assert english.stderr != indonesian.stderr
    assert existing.read_bytes() == b"%PDF-1.4 already here"


def test_help_documents_the_environment_and_data_dir(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit):
        main(["--help"])
    text = capsys.readouterr().out
    for word in ("--data-dir", "KIOSK_LANG", "KIOSK_DATA_DIR", "LC_MESSAGES", "LANG"):
        assert word in text, word


def _all_parsers(
    parser: argparse.ArgumentParser, path: tuple[str, ...] = ()
) -> Iterator[tuple[tuple[str, ...], argparse.ArgumentParser]]:
    for action in parser._actions:
        if isinstance(action, argparse._SubParsersAction):
            for name, sub in action.choices.items():
                yield (*path, name), sub
                yield from _all_parsers(sub, (*path, name))


def test_every_command_lists_data_dir_in_its_help() -> None:
    parsers = list(_all_parsers(build_parser()))
    assert len(parsers) > 20  # the groups and their actions (receipt print, sync status, ...)
    for path, sub in parsers:
        assert "--data-dir" in sub.format_help(), " ".join(path)


def test_data_dir_before_the_command_is_used(tmp_path: Path) -> None:
    args = build_parser().parse_args(["--data-dir", str(tmp_path), "search", "roti"])
    assert args.data_dir == str(tmp_path)
