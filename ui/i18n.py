"""Qt translations of the front end: source strings in English, Bahasa Indonesia as a catalogue.

Decision: code is written with English ``self.tr("...")`` strings (what lupdate and Qt tooling
expect), and ``resources/translations/<catalogue>_id.ts`` carry the Indonesian texts. Indonesian is
the default language; English is the untranslated source, so switching to English removes the
Indonesian translators. Each part keeps its own catalogue (``shell``, ``wizard``, ``documents``,
``receipts``; see ``scripts/i18n.py``) so engineers never edit the same ``.ts`` file; at run time
every ``*_<lang>.qm`` found is installed.

Switching language is :meth:`ui.context.AppContext.set_language`, which calls :func:`install` and
then emits ``language_changed`` so every page runs ``retranslate()``.

Qt's own texts (the file dialog, print preview, standard buttons, the right-click menu of a text
field) come from Qt's ``qtbase_<lang>.qm`` in ``QLibraryInfo``'s translations folder when Qt ships
one. PySide6 ships none for Indonesian (checked: 6.x has ``qtbase_it``, no ``qtbase_id``), so
``resources/translations/qt_id.ts`` (hand-kept, not a part's catalogue: ``scripts/i18n.py build``
compiles it, ``update`` leaves it alone) carries those texts, in Qt's contexts (``QFileDialog``,
``QPlatformTheme``...). It is installed after Qt's file, so it wins where both have a text.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QCoreApplication, QLocale, QTranslator

from kiosk.config import resources_dir

_installed: list[QTranslator] = []
_current: str | None = None


def translations_dir() -> Path:
    return resources_dir() / "translations"


def catalogue_files(lang: str) -> list[Path]:
    """The compiled catalogues for ``lang`` (none for English, the source language)."""
    if lang == "en":
        return []
    return sorted(translations_dir().glob(f"*_{lang}.qm"))


def qt_catalogue_files(lang: str) -> list[Path]:
    """Qt's own ``qtbase_<lang>.qm`` from the Qt installation, if Qt ships it (not for "id")."""
    if lang == "en":
        return []
    from PySide6.QtCore import QLibraryInfo

    folder = Path(QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath))
    return [path for path in (folder / f"qtbase_{lang}.qm",) if path.is_file()]


def install(lang: str) -> str:
    """Make ``lang`` the language of every ``tr()`` call from now on; returns it.

    Idempotent. Qt sends a LanguageChange event to every widget when translators change; pages
    also get ``language_changed`` from the context.
    """
    global _current
    app = QCoreApplication.instance()
    if app is None:
        raise RuntimeError("install() needs a QCoreApplication")
    if lang == _current and all(t.parent() is app for t in _installed):
        return lang
    for translator in _installed:
        QCoreApplication.removeTranslator(translator)
        translator.deleteLater()
    _installed.clear()
    for path in [*qt_catalogue_files(lang), *catalogue_files(lang)]:
        translator = QTranslator(app)
        if not translator.load(str(path)):
            raise RuntimeError(f"cannot load translation catalogue {path}")
        QCoreApplication.installTranslator(translator)
        _installed.append(translator)
    QLocale.setDefault(
        QLocale(QLocale.Language.Indonesian if lang == "id" else QLocale.Language.English)
    )
    _current = lang
    return lang


def current() -> str | None:
    return _current
