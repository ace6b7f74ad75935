"""The welcome form and the Settings page's organisation form: what is wrong shows under
its field, goes as soon as the field is right, and nothing wrong is saved."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt

from hotel_supply.config import Preferences
from hotel_supply.db import Database
from hotel_supply.services import settings
from hotel_supply.ui.context import AppContext
from hotel_supply.ui.dialogs.first_run import FirstRunDialog
from hotel_supply.ui.pages.settings import SettingsPage


@pytest.fixture
def dialog(qtbot, sqlite_db: Database) -> FirstRunDialog:
    widget = FirstRunDialog(AppContext(sqlite_db, Preferences()))
    qtbot.addWidget(widget)
    widget.show()
    return widget


def leave(qtbot, edit, text: str) -> None:
    """Type ``text`` into a field and leave it (Enter ends the editing as Tab would)."""
    edit.clear()
    qtbot.keyClicks(edit, text)
    qtbot.keyClick(edit, Qt.Key.Key_Return)


def test_the_name_error_goes_as_soon_as_a_name_is_typed(qtbot, dialog):
    dialog.accept()  # nothing typed: refused, the message under the name
    form = dialog.form
    assert dialog.isVisible() and form.errors["name"].isVisible()
    assert "Nama organisasi wajib diisi" in form.errors["name"].text()
    qtbot.keyClicks(form.name, "U")  # one letter is enough: no need to save again
    assert not form.errors["name"].isVisible()
    form.name.clear()  # and it comes back when the name is emptied again
    assert form.errors["name"].isVisible()


def test_an_email_without_at_sign_is_refused_until_it_is_right(qtbot, sqlite_db, dialog):
    form = dialog.form
    qtbot.keyClicks(form.name, "UPT Pendampingan UMKM")
    qtbot.keyClicks(form.email, "abc")
    assert not form.errors["email"].isVisible()  # not while the clerk is still typing
    qtbot.keyClick(form.email, Qt.Key.Key_Return)
    assert form.errors["email"].isVisible()
    assert "Alamat e-mail tidak valid" in form.errors["email"].text()
    dialog.accept()
    assert dialog.isVisible() and settings.load_settings(sqlite_db).name == ""
    qtbot.keyClicks(form.email, "@umkm.go.id")
    assert not form.errors["email"].isVisible()
    dialog.accept()
    assert not dialog.isVisible()
    assert settings.load_settings(sqlite_db).email == "abc@umkm.go.id"


def test_a_phone_with_letters_is_refused(qtbot, sqlite_db, dialog):
    form = dialog.form
    qtbot.keyClicks(form.name, "UPT Pendampingan UMKM")
    leave(qtbot, form.phone, "0721-xyz")
    assert "Nomor telepon" in form.errors["phone"].text() and form.errors["phone"].isVisible()
    dialog.accept()
    assert dialog.isVisible() and settings.load_settings(sqlite_db).name == ""
    leave(qtbot, form.phone, "0721 481126")
    assert not form.errors["phone"].isVisible()
    dialog.accept()
    assert settings.load_settings(sqlite_db).phone == "0721 481126"


def test_the_office_npwp_is_checked_and_kept(qtbot, sqlite_db, dialog):
    form = dialog.form
    qtbot.keyClicks(form.name, "UPT Pendampingan UMKM")
    leave(qtbot, form.npwp, "12.345")
    assert form.errors["npwp"].isVisible() and "16" in form.errors["npwp"].text()
    leave(qtbot, form.npwp, "01.234.567.8-901.000")  # the old 15 digits still do
    assert not form.errors["npwp"].isVisible()
    leave(qtbot, form.npwp, "0123.4567.8901.2345")
    dialog.accept()
    assert not dialog.isVisible()
    assert settings.load_settings(sqlite_db).npwp == "0123456789012345"


def test_the_settings_page_shows_the_same_checks_and_the_line_limits(qtbot, sqlite_db,
                                                                    monkeypatch):
    said: list[str] = []
    monkeypatch.setattr("hotel_supply.ui.pages.settings.show_error",
                        lambda _parent, exc: said.append(str(exc)))
    page = SettingsPage(AppContext(sqlite_db, Preferences()))
    qtbot.addWidget(page)
    page.show()
    page.refresh()
    assert page.limits["max_line_quantity"].text() == "1.000.000"
    assert page.limits["max_unit_price"].text() == "1.000.000.000"
    qtbot.keyClicks(page.org.name, "UPT Pendampingan UMKM")
    leave(qtbot, page.org.email, "kantor@umkm")
    page.limits["max_line_quantity"].setText("dua juta")
    page.save()
    assert said and page.org.errors["email"].isVisible()
    assert page.limit_errors["max_line_quantity"].isVisible()
    assert settings.load_settings(sqlite_db).name == ""  # nothing was saved
    leave(qtbot, page.org.email, "kantor@umkm.go.id")
    assert not page.org.errors["email"].isVisible()
    page.limits["max_line_quantity"].setText("2.000.000")
    page.save()
    stored = settings.load_settings(sqlite_db)
    assert (stored.email, stored.max_line_quantity) == ("kantor@umkm.go.id", 2_000_000)
    assert not page.limit_errors["max_line_quantity"].isVisible()
