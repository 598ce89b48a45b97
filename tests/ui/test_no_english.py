"""Indonesian mode shows no English (issue 12, item 10): every page and wizard step is walked in
Bahasa Indonesia and every visible text is checked for English words.

The check is a word list of English UI words that are not also Indonesian (``status``, ``data``,
``email``, ``bank``, ``printer``, ``log``, ``no.`` are both); key names (Enter, Delete, Insert)
are the keys' names in both languages; the language button offers "English" in English on
purpose.
"""

from __future__ import annotations

import re

from PySide6.QtWidgets import (
    QAbstractButton,
    QGroupBox,
    QLabel,
    QLineEdit,
    QTabWidget,
    QTreeWidget,
    QWidget,
)

from tests.ui.helpers import settle

ENGLISH = set(
    """the and or of to for with from this that these is are was not yes none yet
    save cancel open close print search next back settings name owner business registration
    registrations receipt draft drafts page pages scan scanner scanners preset presets sync home
    lock out new remove add edit help user users password language date time file
    files folder paper layout copy submit done finish review address
    account products documents consent error warning offline online waiting records last change
    general staff diagnostics kiosk choose preview today please click select""".split()
)
ALLOWED = {"English"}  # the language button names the other language in that language
WORD = re.compile(r"[A-Za-z]+")
TAG = re.compile(r"<[^>]+>")


def visible_texts(root: QWidget) -> list[str]:
    texts: list[str] = []
    for w in [root, *root.findChildren(QWidget)]:
        if not w.isVisible():
            continue
        if isinstance(w, QLabel):
            texts.append(TAG.sub(" ", w.text()))
        elif isinstance(w, QAbstractButton):
            texts.append(w.text())
        elif isinstance(w, QGroupBox):
            texts.append(w.title())
        elif isinstance(w, QLineEdit):
            texts.append(w.placeholderText())
        elif isinstance(w, QTabWidget):
            texts += [w.tabText(i) for i in range(w.count())]
        elif isinstance(w, QTreeWidget):
            head = w.headerItem()
            texts += [head.text(i) for i in range(head.columnCount())]
    return [t for t in texts if t and t not in ALLOWED]


def english_in(texts: list[str]) -> list[str]:
    return [
        t
        for t in texts
        if any(word.casefold() in ENGLISH for word in WORD.findall(t.replace("&", "")))
    ]


def test_every_page_and_step_is_indonesian(qtbot, make_window, store, supervisor):
    window = make_window(lang="id")
    window.logged_in(supervisor)
    settle(qtbot)
    found: dict[str, list[str]] = {}
    for name in ("home", "search", "settings"):
        page = window.show_page(name)
        settle(qtbot)
        tabs = page.findChildren(QTabWidget)
        for tab in tabs:
            for i in range(tab.count()):
                tab.setCurrentIndex(i)
                settle(qtbot)
                if bad := english_in(visible_texts(window)):
                    found[f"{name}:{tab.tabText(i)}"] = bad
        if bad := english_in(visible_texts(window)):
            found[name] = bad
    wizard = window.show_page("wizard")
    settle(qtbot)
    for step in wizard.flow.steps:
        wizard._show(step, save=False)
        settle(qtbot)
        if bad := english_in(visible_texts(window)):
            found[f"wizard:{step.value}"] = bad
    wizard.show_shortcuts()
    settle(qtbot)
    if bad := english_in(visible_texts(wizard.shortcut_help)):
        found["wizard:F1"] = bad
    assert found == {}


def test_the_detector_finds_english():
    assert english_in(["Save draft", "Simpan draf", "Status", "Pemindai uji (test:0)"]) == [
        "Save draft"
    ]
