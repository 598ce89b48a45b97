"""Settings: hall name and logo, idle periods, staff management by supervisors only."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QColor, QImage

from kiosk.staff import accounts, audit
from tests.ui.helpers import settle


def click(qtbot, widget):
    qtbot.mouseClick(widget, Qt.MouseButton.LeftButton)


def open_settings(qtbot, window, user):
    window.logged_in(user)
    settle(qtbot)
    click(qtbot, window.page("home").settings)
    settle(qtbot)
    return window.page("settings")


def test_supervisor_changes_hall_name_logo_and_idle_periods(
    qtbot, make_window, store, supervisor, tmp_path
):
    window = make_window()
    general = open_settings(qtbot, window, supervisor).general
    general.mpp_name.clear()
    qtbot.keyClicks(general.mpp_name, "MPP Kabupaten Sleman")
    assert general.province.select("Daerah Istimewa Yogyakarta")
    big = QImage(1024, 512, QImage.Format.Format_RGB32)
    big.fill(QColor("#0a4f96"))
    source = tmp_path / "logo.jpg"
    assert big.save(str(source))
    general.set_logo_file(source)
    general.idle_lock.setValue(300)
    click(qtbot, general.save)
    qtbot.waitUntil(general.message.isVisible, timeout=10_000)
    settle(qtbot)
    assert general.message.text() == "Pengaturan disimpan."
    assert window.header.title.text() == "MPP Kabupaten Sleman"
    assert window.header.logo.isVisible()
    stored = QImage(str(store.paths.root / "branding" / "logo.png"))
    assert (stored.width(), stored.height()) == (256, 128)  # scaled down, aspect kept
    assert accounts.idle_settings(store).lock_after_s == 300
    assert audit.entries(store, action="settings.idle_changed")[0].actor == "sari"


def test_a_file_that_is_not_an_image_is_refused(qtbot, make_window, store, supervisor, tmp_path):
    window = make_window()
    general = open_settings(qtbot, window, supervisor).general
    bogus = tmp_path / "logo.png"
    bogus.write_bytes(b"not an image")
    general.set_logo_file(bogus)
    click(qtbot, general.save)
    qtbot.waitUntil(general.message.isVisible, timeout=10_000)
    assert general.message.text() == "Berkas yang dipilih bukan gambar yang dapat dibaca kios."
    assert store.get_setting("branding.logo", "") == ""


def test_supervisor_manages_staff(qtbot, make_window, store, supervisor):
    window = make_window()
    staff = open_settings(qtbot, window, supervisor).staff
    settle(qtbot)
    assert staff.table.rowCount() == 1
    staff.username.setText("dewi")
    staff.full_name.setText("Dewi Lestari")
    staff.role.setCurrentIndex(staff.role.findData("operator"))
    staff.password.setText("sandi-dewi-1")
    click(qtbot, staff.create_button)
    qtbot.waitUntil(lambda: staff.table.rowCount() == 2, timeout=10_000)
    assert staff.message.text() == "Akun dewi dibuat."
    dewi = accounts.authenticate(store, "dewi", "sandi-dewi-1")

    staff.table.selectRow([u.username for u in staff._staff].index("dewi"))
    staff.new_password.setText("sandi-baru-2")
    click(qtbot, staff.reset)
    settle(qtbot)
    assert accounts.authenticate(store, "dewi", "sandi-baru-2").id == dewi.id
    click(qtbot, staff.toggle_active)
    settle(qtbot)
    assert not accounts.get_staff(store, dewi.id).active
    actions = {e.action for e in audit.entries(store, target=dewi.id)}
    assert {"staff.created", "staff.password_reset", "staff.deactivated"} <= actions

    # The last supervisor cannot be deactivated; the message says why.
    staff.table.selectRow([u.username for u in staff._staff].index("sari"))
    click(qtbot, staff.toggle_active)
    settle(qtbot)
    assert staff.message.text() == "Supervisor aktif terakhir tidak dapat dinonaktifkan."


def test_operator_sees_language_only(qtbot, make_window, store, supervisor, operator):
    window = make_window()
    page = open_settings(qtbot, window, operator)
    assert page.staff is None
    assert not page.general.hall_box.isVisible() and not page.general.save.isVisible()
    assert page.general.language.isVisible()
    page.general.language.setCurrentIndex(page.general.language.findData("en"))
    page.general.language.activated.emit(page.general.language.currentIndex())
    assert window.ctx.lang == "en" and page.title.text() == "Settings"


def test_listed_section_appears_for_supervisors(qtbot, make_window, supervisor, monkeypatch):
    from PySide6.QtWidgets import QLabel, QVBoxLayout

    from ui.settings import page as settings_page
    from ui.settings.tab import SettingsTab

    class TestSection(SettingsTab):
        def __init__(self, ctx, parent):
            super().__init__(parent)
            self.setObjectName("testSection")
            QVBoxLayout(self).addWidget(QLabel("printer settings", self))

        def refresh(self):
            pass

        def retranslate(self):
            pass

    listed = settings_page.sections()
    test = settings_page.Section("test", lambda: "Test section", TestSection)
    monkeypatch.setattr(settings_page, "sections", lambda: [*listed, test])
    window = make_window()
    page = open_settings(qtbot, window, supervisor)
    titles = [page.tabs.tabText(i) for i in range(page.tabs.count())]
    assert titles[:2] == ["Umum", "Akun petugas"] and "Test section" in titles
    assert titles[2:5] == ["Dokumen", "Tanda terima", "Sinkronisasi"]
