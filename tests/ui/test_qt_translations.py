"""Qt's own texts in Indonesian (issue 12, item 10): the file dialog and standard buttons.

PySide6 ships no ``qtbase_id.qm``; ``resources/translations/qt_id.ts`` carries those texts in
Qt's contexts, so Qt's widgets translate themselves once the language is installed.
"""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication
from PySide6.QtWidgets import QDialogButtonBox, QFileDialog, QLabel, QPushButton

from ui import i18n


def test_qt_ships_no_indonesian_so_the_apps_catalogue_is_installed(qt_lang):
    assert i18n.qt_catalogue_files("id") == []  # if Qt ever ships one, it is loaded first
    assert any(p.name == "qt_id.qm" for p in i18n.catalogue_files("id"))
    assert QCoreApplication.translate("QFileDialog", "Look in:") == "Cari di:"
    assert QCoreApplication.translate("QPlatformTheme", "Cancel") == "Batal"
    i18n.install("en")
    assert QCoreApplication.translate("QPlatformTheme", "Cancel") == "Cancel"


def test_the_file_dialog_speaks_indonesian(qtbot, qt_lang):
    dialog = QFileDialog(None, "Simpan tanda terima sebagai PDF")
    dialog.setOption(QFileDialog.Option.DontUseNativeDialog)
    dialog.setAcceptMode(QFileDialog.AcceptMode.AcceptSave)
    qtbot.addWidget(dialog)
    texts = {label.text() for label in dialog.findChildren(QLabel)}
    assert {"&Cari di:", "&Nama berkas:", "&Jenis berkas:"} <= texts
    buttons = dialog.findChild(QDialogButtonBox)
    assert {b.text() for b in buttons.findChildren(QPushButton)} == {"&Simpan", "Batal"}
