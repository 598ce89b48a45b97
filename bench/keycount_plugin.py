"""pytest plugin for bench/bench_keystrokes.py: count what a test types through pytest-qt's qtbot.

Every ``qtbot.keyClick``/``keyPress``/``keySequence`` is one keystroke and every ``keyClicks(w,
text)`` is ``len(text)``; mouse clicks are counted apart; ``setFocus``/``setCurrentIndex`` called
from a test file (a focus move a person would make with Tab or the arrows) are counted as
``focus_moves_by_code``. The counts are printed as ``KEYCOUNT <test id>: keys=N mouse=N
focus_moves_by_code=N`` at the end of the run. Loaded with ``-p keycount_plugin`` (bench/ on the
path); it changes no behaviour of the test.
"""

from __future__ import annotations

import inspect
import sys

import pytest
from pytestqt.qtbot import QtBot

COUNTS: dict[str, dict[str, int]] = {}
_current: list[str] = []


def _wrap(name, cost):
    static = isinstance(inspect.getattr_static(QtBot, name), staticmethod)
    original = getattr(QtBot, name)

    def wrapper(self, *args, **kwargs):
        if _current:
            key = _current[-1]
            COUNTS.setdefault(key, {"keys": 0, "mouse": 0})
            kind, n = cost(args, kwargs)
            COUNTS[key][kind] += n
        return original(*args, **kwargs) if static else original(self, *args, **kwargs)

    setattr(QtBot, name, wrapper)


_wrap("keyClick", lambda a, k: ("keys", 1))
_wrap("keyClicks", lambda a, k: ("keys", len(a[1]) if len(a) > 1 else len(k.get("sequence", ""))))
_wrap("keyPress", lambda a, k: ("keys", 1))
_wrap("keySequence", lambda a, k: ("keys", 1))
_wrap("mouseClick", lambda a, k: ("mouse", 1))
_wrap("mouseDClick", lambda a, k: ("mouse", 1))


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_call(item):
    _current.append(item.nodeid)
    yield
    _current.pop()


def pytest_terminal_summary(terminalreporter):
    for key, c in COUNTS.items():
        moves = c.get("direct", 0)
        terminalreporter.write_line(
            f"KEYCOUNT {key}: keys={c['keys']} mouse={c['mouse']} focus_moves_by_code={moves}"
        )


def _count_test_calls(cls, name):
    original = getattr(cls, name)

    def wrapper(self, *args, **kwargs):
        caller = sys._getframe(1).f_code.co_filename
        if _current and "/tests/" in caller:
            COUNTS.setdefault(_current[-1], {"keys": 0, "mouse": 0})
            COUNTS[_current[-1]].setdefault("direct", 0)
            COUNTS[_current[-1]]["direct"] += 1
        return original(self, *args, **kwargs)

    setattr(cls, name, wrapper)


from PySide6.QtWidgets import QAbstractItemView, QWidget  # noqa: E402

_count_test_calls(QWidget, "setFocus")
_count_test_calls(QAbstractItemView, "setCurrentIndex")
