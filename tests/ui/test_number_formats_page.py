"""Settings page, document numbers: the next number of each series shows as it will print,
and a format whose numbers could repeat shows why under its field and cannot be saved."""

from __future__ import annotations

import datetime as dt

import pytest

from hotel_supply import clock
from hotel_supply.config import Preferences
from hotel_supply.db import Database
from hotel_supply.services import numbering, settings
from hotel_supply.ui.context import AppContext
from hotel_supply.ui.pages.settings import SettingsPage


@pytest.fixture
def page(qtbot, sqlite_db: Database) -> SettingsPage:
    clock.set_clock(lambda: dt.datetime(2026, 3, 2, 9, 0))
    with sqlite_db.unit_of_work(anyone=True) as s:  # two delivery notes already posted this year
        numbering.take_number(s, series="SJ", year=2026)
        numbering.take_number(s, series="SJ", year=2026)
    widget = SettingsPage(AppContext(sqlite_db, Preferences()))
    qtbot.addWidget(widget)
    widget.show()
    return widget


def retype(qtbot, page: SettingsPage, series: str, text: str) -> None:
    page.formats[series].clear()
    qtbot.keyClicks(page.formats[series], text)


def test_each_series_shows_its_next_number_next_to_its_format(page):
    assert page.examples["SJ"].text() == "berikutnya: SJ/2026/00003"
    assert page.examples["INV"].text() == "berikutnya: INV/2026/00001"
    assert page.examples["RF"].text() == "berikutnya: RF/2026/00001"
    assert not any(error.isVisible() for error in page.format_errors.values())
    assert page.save_button.isEnabled()


def test_a_format_without_the_year_shows_why_under_it_and_cannot_be_saved(qtbot, page):
    retype(qtbot, page, "SJ", "SJ-{seq:04d}")
    error = page.format_errors["SJ"]
    assert error.isVisible() and "harus memuat {year}" in error.text()
    assert page.examples["SJ"].text() == "(tidak valid)"
    assert not page.save_button.isEnabled()
    retype(qtbot, page, "SJ", "SJ-{year}-{seq:04d}")  # the preview follows the typing
    assert not error.isVisible() and page.save_button.isEnabled()
    assert page.examples["SJ"].text() == "berikutnya: SJ-2026-0003"


def test_a_format_that_repeats_another_series_is_shown_under_both(qtbot, page):
    retype(qtbot, page, "NK", "INV/{year}/{seq:05d}")
    assert "Tagihan" in page.format_errors["NK"].text()
    assert "Nota kredit" in page.format_errors["INV"].text()
    assert page.format_errors["INV"].isVisible() and not page.save_button.isEnabled()
    retype(qtbot, page, "NK", "NK/{year/{seq}")  # a stray brace: a sentence, not a traceback
    assert "kurung kurawal" in page.format_errors["NK"].text()
    assert not page.format_errors["INV"].isVisible()


def test_a_good_format_is_saved_and_numbers_the_next_document(qtbot, page, sqlite_db):
    qtbot.keyClicks(page.org.name, "UPT Pendampingan UMKM")
    retype(qtbot, page, "KW", "{seq:03d}/KW/UMKM/{year}")
    page.save_button.click()
    assert settings.load_settings(sqlite_db).number_format("KW") == "{seq:03d}/KW/UMKM/{year}"
    org = settings.load_settings(sqlite_db)
    with sqlite_db.unit_of_work(anyone=True) as s:
        assert numbering.take_number(s, series="KW", year=2026,
                                     fmt=org.number_format("KW")) == "001/KW/UMKM/2026"
