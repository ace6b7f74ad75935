"""Settings for an account that is not an administrator: the office's settings are shown
read-only, and Save keeps this computer's own (its language) without touching the office's."""

from __future__ import annotations

from PySide6.QtWidgets import QGroupBox

from hotel_supply.config import Preferences
from hotel_supply.db import Database
from hotel_supply.models.enums import Role
from hotel_supply.services import settings as settings_service
from hotel_supply.ui.context import AppContext
from hotel_supply.ui.pages.settings import SettingsPage
from tests.conftest import add_tester


def test_a_clerk_changes_this_computers_language_but_not_the_office(qtbot, sqlite_db,
                                                                     monkeypatch):
    from hotel_supply.ui.pages import settings as page_module

    told: list[str] = []  # "from the next start": a box that would wait for a click
    monkeypatch.setattr(page_module.QMessageBox, "information",
                        lambda _parent, _title, text: told.append(text))
    add_tester(sqlite_db, "gudang", roles=[Role.STOREROOM])
    before = settings_service.load_settings(sqlite_db)
    prefs = Preferences()
    page = SettingsPage(AppContext(Database(sqlite_db.url, user="gudang"), prefs))
    qtbot.addWidget(page)
    page.refresh()
    boxes = {box.title(): box.isEnabled() for box in page.findChildren(QGroupBox)}
    assert [title for title, enabled in boxes.items() if enabled] == ["Komputer ini"], boxes
    assert page.save_button.isEnabled()
    page.language.setCurrentIndex(page.language.findData("en"))
    page.save()
    assert Preferences.load().language == "en" and told
    assert settings_service.load_settings(sqlite_db) == before


def test_an_administrator_still_saves_the_office(qtbot, sqlite_db):
    page = SettingsPage(AppContext(sqlite_db, Preferences()))
    qtbot.addWidget(page)
    page.refresh()
    assert all(box.isEnabled() for box in page.findChildren(QGroupBox))
