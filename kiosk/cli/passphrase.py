"""The command line asks for the data key's passphrase instead of failing.

When the kiosk's data key is kept under a supervisor's passphrase (:mod:`kiosk.security.datakey`),
every command that opens the store or the key ring (``kiosk search``, ``export``, ``backup``,
``restore``, ``doctor``, …) needs it. :func:`kiosk.cli.main` calls :func:`install` before every
command except ``kiosk app`` (its unlock page asks on screen; a worker thread must never wait on
a terminal) and :func:`uninstall` after it, making :class:`TerminalPrompt` the prompt meanwhile.
Then:

- ``KIOSK_DATA_PASSPHRASE`` set: it is used and nothing is asked (unattended runs, services).
- a terminal: ``getpass`` asks on it (nothing echoed). After a wrong answer the reason is printed
  on stderr and it asks again, up to :data:`~kiosk.security.datakey.PROMPT_TRIES` times; then the
  command stops with ``security.datakey.passphrase_wrong``.
- standard input a pipe (``printf '%s\\n' "$PASS" | kiosk doctor``): one line is read per try.
  A command that also reads a backup passphrase from the pipe reads its lines in the order the
  questions are asked; the data key is asked first when the command opens the store first.
- an empty answer or the end of input: ``security.datakey.passphrase_needed``, as before.

The prompt is only called when the key is really protected by a passphrase. The answer is kept
in this process's memory for a second opening in the same command (asked once), never written.
"""

from __future__ import annotations

import sys

from kiosk.i18n import env_lang, register, tr

register(
    {
        "cli.datakey.prompt": {
            "id": "Frasa sandi kunci data kiosk: ",
            "en": "Kiosk data key passphrase: ",
        },
        "cli.datakey.again": {
            "id": "Frasa sandi salah, coba lagi.",
            "en": "Wrong passphrase, try again.",
        },
    }
)


class TerminalPrompt:
    """The :data:`~kiosk.security.datakey.Prompt` of the command line (see the module's text)."""

    def __init__(self) -> None:
        self._answer: str | None = None

    def __call__(self, again: bool) -> str:
        if self._answer is not None and not again:
            return self._answer
        lang = env_lang()
        if again:
            print(tr("cli.datakey.again", lang), file=sys.stderr, flush=True)
        self._answer = _read(tr("cli.datakey.prompt", lang))
        return self._answer


def install() -> None:
    from kiosk.security import datakey

    datakey.ask_with(TerminalPrompt())


def uninstall() -> None:
    from kiosk.security import datakey

    datakey.ask_with(None)


def _read(prompt: str) -> str:
    import getpass

    stdin = sys.stdin
    if stdin is None:
        return ""
    if stdin.isatty():
        try:
            return getpass.getpass(prompt)
        except EOFError:  # Ctrl+D at the prompt
            return ""
    try:
        return stdin.readline().rstrip("\r\n")
    except (OSError, ValueError):  # closed, or not readable here
        return ""
