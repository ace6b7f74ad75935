"""Settings speaks to a clerk: a number series is shown by example, the database by what it
means (no environment variable), and the name under the signature box is "Acknowledged by"."""

from __future__ import annotations

import pytest
from PySide6.QtWidgets import QLabel

from hotel_supply import clock
from hotel_supply.config import Preferences
from hotel_supply.i18n import set_language
from hotel_supply.ui.context import AppContext


@pytest.mark.parametrize(("language", "known_by"), [("id", "Mengetahui (nama)"),
                                                    ("en", "Acknowledged by (name)")])
def test_settings_show_examples_and_plain_words(qtbot, sqlite_db, language, known_by):
    import datetime as dt

    from hotel_supply.ui.pages.settings import SettingsPage

    clock.set_clock(lambda: dt.datetime(2026, 11, 16, 9, 0))
    set_language(language)
    try:
        page = SettingsPage(AppContext(sqlite_db, Preferences()))
        qtbot.addWidget(page)
        page.refresh()
        texts = [label.text() for label in page.findChildren(QLabel)]
    finally:
        set_language("id")
    assert known_by in texts
    assert not any("Known by" in t for t in texts)
    assert not any("HOTEL_SUPPLY_" in t or "postgresql://" in t for t in texts)
    assert any("SJ/2026/00001" in t for t in texts)  # the delivery notes' next number
