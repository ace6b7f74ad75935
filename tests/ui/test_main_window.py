"""The main window: every page opens, the navigation and the title say where you are."""

from __future__ import annotations

from hotel_supply.config import Preferences
from hotel_supply.ui.context import AppContext
from hotel_supply.ui.main_window import MainWindow, page_classes


def test_every_page_opens_from_the_navigation(qtbot, sqlite_db):
    window = MainWindow(AppContext(sqlite_db, Preferences(), is_demo=True))
    qtbot.addWidget(window)
    window.show()
    assert "DEMO" in window.windowTitle()
    titles = [window.navigation.item(i).text() for i in range(window.navigation.count())]
    assert titles[:5] == ["Hari Ini", "Pengiriman", "Stok", "Barang keluar", "Stok opname"]
    assert titles[-1] == "Pengaturan"
    for i, cls in enumerate(page_classes()):
        window.navigation.setCurrentRow(i)
        assert isinstance(window.current_page(), cls)
        assert window.current_page().isVisible()
    window.ctx.say("Tersimpan.")
    assert window.statusBar().currentMessage() == "Tersimpan."


def test_first_start_asks_for_the_organisation_or_offers_the_demo(qtbot, sqlite_db):
    from hotel_supply.services import settings
    from hotel_supply.ui.dialogs.first_run import FirstRunDialog

    ctx = AppContext(sqlite_db, Preferences())
    dialog = FirstRunDialog(ctx)
    qtbot.addWidget(dialog)
    dialog.show()
    dialog.accept()  # nothing typed: refused, the dialog stays with the message
    assert dialog.isVisible() and dialog.form.name_error.isVisible()
    assert "wajib" in dialog.form.name_error.text()
    qtbot.keyClicks(dialog.form.name, "UPT Pendampingan UMKM & <Kota>")
    dialog.accept()
    assert not dialog.isVisible() and not dialog.wants_demo
    assert settings.load_settings(sqlite_db).name == "UPT Pendampingan UMKM & <Kota>"

    other = FirstRunDialog(ctx)
    qtbot.addWidget(other)
    other._demo()
    assert other.wants_demo
