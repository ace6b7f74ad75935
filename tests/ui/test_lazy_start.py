"""The start builds and loads only what "Today" needs: the other pages are built when first
shown; ReportLab, openpyxl, qtawesome's Qt wrappers and the .po reader wait until used."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from hotel_supply import i18n
from hotel_supply.config import Preferences
from hotel_supply.ui import theme
from hotel_supply.ui.context import AppContext
from hotel_supply.ui.main_window import PAGES, MainWindow, page_classes
from hotel_supply.ui.pages.today import TodayPage

START_AND_LIST_MODULES = """
import sys
from PySide6.QtWidgets import QApplication
from hotel_supply import i18n
from hotel_supply.config import Preferences
from hotel_supply.db import Database
from hotel_supply.ui import app as _app  # what the real start imports
from hotel_supply.ui.context import AppContext
from hotel_supply.ui.main_window import MainWindow

qt = QApplication([])
i18n.set_language("id")
window = MainWindow(AppContext(Database(sys.argv[1], user="tester"), Preferences()))
window.show()
qt.processEvents()
print(" ".join(sorted({m.split(".")[0] for m in sys.modules} | set(sys.modules))))
"""


def test_the_window_shown_has_loaded_no_printing_spreadsheet_or_icon_library(sqlite_db):
    url = sqlite_db.url
    i18n._catalog("id")  # compiled once, as after the first start
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen"}
    done = subprocess.run([sys.executable, "-c", START_AND_LIST_MODULES, url], env=env,
                          capture_output=True, text=True, check=True, timeout=180)
    loaded = set(done.stdout.split())
    for library in ("reportlab", "openpyxl", "qtawesome", "qtpy", "babel.messages.pofile",
                    "hotel_supply.documents", "hotel_supply.ui.pages.deliveries"):
        assert library not in loaded, library
    assert "hotel_supply.ui.pages.today" in loaded


def test_each_navigation_entry_is_its_page_class(qtbot):
    for entry, cls in zip(PAGES, page_classes(), strict=True):
        assert (entry.title, entry.icon_name, entry.admin_only) == (
            cls.title, cls.icon_name, getattr(cls, "admin_only", False)), cls.__name__
        assert not theme.icon(entry.icon_name).isNull()
    with pytest.raises(ValueError):
        theme.icon("no-such-icon")


def test_pages_are_built_when_first_shown(qtbot, sqlite_db):
    window = MainWindow(AppContext(sqlite_db, Preferences(), is_demo=True))
    qtbot.addWidget(window)
    window.show()
    assert [type(p) for p in window.built_pages()] == [TodayPage]
    assert window.stack.count() == len(PAGES)
    window.show_page(2)
    assert [type(p).__name__ for p in window.built_pages()] == ["TodayPage", "StockPage"]
    assert window.current_page() is window.built_pages()[1]
    assert window.current_page().isVisible()
    pages = window.pages  # every page, built on asking
    assert [type(p) for p in pages] == page_classes()
    assert [window.stack.widget(i) for i in range(window.stack.count())] == pages
    assert window.current_page() is pages[2]


def test_the_compiled_catalog_is_kept_and_a_changed_po_file_compiles_afresh(
        tmp_path: Path, monkeypatch):
    translations = tmp_path / "translations" / "id" / "LC_MESSAGES"
    translations.mkdir(parents=True)
    header = 'msgid ""\nmsgstr ""\n"Content-Type: text/plain; charset=UTF-8\\n"\n\n'
    po = translations / "one.po"
    po.write_text(header + 'msgid "Today"\nmsgstr "Hari Ini"\n', encoding="utf-8")
    monkeypatch.setattr(i18n, "translations_dir", lambda: tmp_path / "translations")
    monkeypatch.setattr(i18n, "_cache_folder", lambda: tmp_path / "cache")
    i18n._catalog.cache_clear()
    try:
        assert i18n._catalog("id").gettext("Today") == "Hari Ini"
        assert len(list((tmp_path / "cache").glob("*.mo"))) == 1
        i18n._catalog.cache_clear()
        compile_ = i18n._compile
        monkeypatch.setattr(i18n, "_compile", lambda *a: pytest.fail("compiled again"))
        assert i18n._catalog("id").gettext("Today") == "Hari Ini"  # read from the cache

        po.write_text(header + 'msgid "Today"\nmsgstr "Hari ini"\n', encoding="utf-8")
        monkeypatch.setattr(i18n, "_compile", compile_)
        i18n._catalog.cache_clear()
        assert i18n._catalog("id").gettext("Today") == "Hari ini"
        assert len(list((tmp_path / "cache").glob("*.mo"))) == 1  # the older one is gone
    finally:
        i18n._catalog.cache_clear()


EVERY_PAGE_AND_LIST_MODULES = START_AND_LIST_MODULES.replace(
    "qt.processEvents()\n",
    "qt.processEvents()\nfor index in range(window.stack.count()):\n"
    "    window.show_page(index)\n    qt.processEvents()\n")


def test_every_page_shown_still_waits_for_printing_and_spreadsheets(sqlite_db):
    """ReportLab and openpyxl are loaded when a document is printed or a list exported,
    not by showing the pages that offer it (the Dashboard's bar labels included)."""
    i18n._catalog("id")
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen"}
    done = subprocess.run([sys.executable, "-c", EVERY_PAGE_AND_LIST_MODULES, sqlite_db.url],
                          env=env, capture_output=True, text=True, check=True, timeout=180)
    loaded = set(done.stdout.split())
    assert "hotel_supply.ui.pages.dashboard" in loaded
    for library in ("reportlab", "openpyxl", "PIL", "phonenumbers", "PySide6.QtPdf",
                    "PySide6.QtPrintSupport"):
        assert library not in loaded, library


PREPARE_WHILE_SIGNING_IN = """
import sys
from hotel_supply.ui import app
from hotel_supply.models import AppUser
before = (AppUser.__mapper__.configured, "hotel_supply.ui.pages.today" in sys.modules)
app._prepare_window_meanwhile().join()
after = (AppUser.__mapper__.configured, "hotel_supply.ui.pages.today" in sys.modules)
print(before, after)
"""


def test_the_window_is_prepared_while_the_sign_in_dialog_waits():
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen"}
    done = subprocess.run([sys.executable, "-c", PREPARE_WHILE_SIGNING_IN], env=env,
                          capture_output=True, text=True, check=True, timeout=180)
    assert done.stdout.split("\n")[0] == "(False, False) (True, True)"
