"""Personal data out of text that leaves the person's screen: log lines and crash reports.

Logs and crash reports go to the help desk (``kiosk doctor`` zips them), so under UU 27/2022 they
must not hold a NIK, NPWP, NIB, phone or account number, an e-mail address or a name. Two layers:

- :func:`redact` masks every *number that could identify someone*: a run of at least
  :data:`MIN_DIGITS` digits, also written with single spaces, dots, dashes or slashes between
  groups (``6571 0212 3456 0001``, ``01.234.567.8-901.000``, ``+62 812-3456-7890``), becomes
  ``[16 digits]``; e-mail addresses become ``[email]``. Kept: shorter numbers (counts, ports,
  dates ``20261126``), decimals (``0.123456789``), an ISO date with its hour, and numbers glued to
  a code by a dash (the registration number ``TNJ1-20261126-0001``, a report's file name).
- Names cannot be recognised by a pattern, so text of unknown origin is treated harder:
  :func:`redact_untrusted` (exception messages, which often quote the value that failed) also
  replaces every quoted string by its length, and :func:`safe_traceback` renders a traceback with
  file, line, function and source line (code, never data), never a frame's local variables, and
  the exception messages through :func:`redact_untrusted`. The log messages themselves are the
  program's own sentences; that they name no one is a rule of review, checked end to end by the
  tests (demo data, a sync and an import with errors at DEBUG, then every demo NIK, phone, name and
  account is searched for in the log files).
"""

from __future__ import annotations

import re
import traceback

MIN_DIGITS = (
    9  # the shortest Indonesian mobile number has 10 digits, an account number 10, a NIB 13
)

# A run of digits with single separators; not inside a word, not right after "+"/a digit, and not
# glued to a code by a dash ("TNJ1-20261126-0001"). Greedy, so each run is judged whole.
_NUMBER = re.compile(r"(?<![\w+])(?<!\w-)\+?\d(?:[ ./-]?\d)*")
_DECIMAL = re.compile(r"\d+\.\d+")
_DATE_HOUR = re.compile(r"\d{4}-\d{2}-\d{2}(?: \d{2})?")
# From the start of a run only (the look-behind): the same matches, since the leftmost match of a
# run always starts there, but linear time: without it a run of 16,000 letters with no "@" (a long
# request path in an access line) was scanned again from each of its letters, ~1 s of CPU.
_EMAIL = re.compile(r"(?<![\w.+-])[\w.+-]+@[\w-]+(?:\.[\w-]+)+")
_QUOTED = re.compile(r"'[^'\n]*'|\"[^\"\n]*\"")


def _number(match: re.Match[str]) -> str:
    text = match.group()
    digits = sum(ch.isdigit() for ch in text)
    if digits < MIN_DIGITS or _DECIMAL.fullmatch(text) or _DATE_HOUR.fullmatch(text):
        return text
    return f"[{digits} digits]"


def redact(text: str) -> str:
    """``text`` with identifying numbers and e-mail addresses masked (see the module docstring)."""
    return _NUMBER.sub(_number, _EMAIL.sub("[email]", text))


def _quoted(match: re.Match[str]) -> str:
    inner = len(match.group()) - 2
    return f"'[{inner} chars]'" if inner else match.group()


def redact_untrusted(text: str) -> str:
    """:func:`redact`, and every quoted string replaced by its length (``'[11 chars]'``)."""
    return redact(_QUOTED.sub(_quoted, text))


def exception_line(exc: BaseException) -> str:
    """``module.Type: message`` with the message through :func:`redact_untrusted`."""
    kind = type(exc)
    name = (
        kind.__qualname__
        if kind.__module__ == "builtins"
        else f"{kind.__module__}.{kind.__qualname__}"
    )
    message = redact_untrusted(str(exc))
    return f"{name}: {message}" if message else name


def safe_traceback(exc: BaseException) -> str:
    """The traceback of ``exc`` and the exceptions it was raised from, without locals or data."""
    chain: list[BaseException] = []
    current: BaseException | None = exc
    while current is not None and all(current is not seen for seen in chain) and len(chain) < 10:
        chain.append(current)
        cause = current.__cause__
        current = (
            cause if cause is not None or current.__suppress_context__ else current.__context__
        )
    parts: list[str] = []
    for index, item in enumerate(reversed(chain)):
        if index:
            direct = item.__cause__ is chain[len(chain) - index]  # the one printed just above
            parts.append(
                "\nThe above exception was the direct cause of the following exception:\n\n"
                if direct
                else "\nDuring handling of the above exception, another exception occurred:\n\n"
            )
        frames = traceback.extract_tb(item.__traceback__)  # no locals: capture_locals is False
        if frames:
            parts.append("Traceback (most recent call last):\n")
            parts.extend(traceback.format_list(frames))
        parts.append(exception_line(item) + "\n")
    return "".join(parts)
