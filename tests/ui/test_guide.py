"""Bantuan → Panduan (F1): the guide opens in the chosen language with its contents, finds a
word and scrolls to it, and every picture it shows is shipped (and small)."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from hotel_supply import i18n
from hotel_supply.resources import resource_path
from hotel_supply.ui.dialogs.guide import GuideDialog, guide_path

IMAGE = re.compile(r"!\[[^\]]*\]\(([^)\s]+)\)")


def open_guide(qtbot, language: str) -> GuideDialog:
    i18n.set_language(language)
    dialog = GuideDialog()
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.wait(1)
    return dialog


@pytest.mark.parametrize(
    ("language", "title", "first_steps", "month_end"),
    [
        ("id", "Panduan — Hotel Supply", "Langkah pertama: menyiapkan kantor",
         "Akhir bulan: tagihan, pembayaran, rekonsiliasi, tutup bulan"),
        ("en", "Guide — Hotel Supply", "First steps: setting up the office",
         "Month end: invoices, payments, reconciliation, closing"),
    ],
)
def test_the_guide_opens_in_the_chosen_language_with_its_contents(
    qtbot, language, title, first_steps, month_end
):
    dialog = open_guide(qtbot, language)
    assert dialog.windowTitle() == title
    assert dialog.path == resource_path("guide", language, "guide.md")
    headings = dialog.headings()
    assert first_steps in headings and month_end in headings
    # task by task, in the order of the office's day and month
    assert headings.index(first_steps) < headings.index(month_end)
    assert len(headings) >= 7
    text = dialog.browser.toPlainText()
    assert ("Stok opname" if language == "id" else "Stock counts") in text


def test_choosing_a_heading_scrolls_to_it(qtbot):
    dialog = open_guide(qtbot, "id")
    bar = dialog.browser.verticalScrollBar()
    assert bar.value() == 0
    row = dialog.headings().index("Tombol pintas")
    dialog.contents.setCurrentRow(row)
    qtbot.wait(1)
    assert bar.value() > 0
    assert dialog.browser.textCursor().block().text() == "Tombol pintas"


def test_the_search_highlights_every_match_and_jumps_to_the_first(qtbot):
    dialog = open_guide(qtbot, "id")
    bar = dialog.browser.verticalScrollBar()
    expected = dialog.browser.toPlainText().lower().count("meterai")
    assert expected >= 1
    qtbot.keyClicks(dialog.search, "meterai")
    assert dialog.match_count == expected
    assert len(dialog.browser.extraSelections()) == expected
    assert dialog.browser.textCursor().selectedText().lower() == "meterai"
    assert bar.value() > 0  # the word is far down the guide: the view went there
    assert dialog.found.text() == f"1 dari {expected} ditemukan"


def test_enter_goes_to_the_next_match_and_a_missing_word_says_so(qtbot):
    dialog = open_guide(qtbot, "id")
    qtbot.keyClicks(dialog.search, "hotel")
    first = dialog.browser.textCursor().position()
    qtbot.keyClick(dialog.search, Qt.Key.Key_Return)
    assert dialog.browser.textCursor().position() > first
    assert dialog.found.text().startswith("2 dari ")
    dialog.search.clear()
    qtbot.keyClicks(dialog.search, "xyzzy")
    assert dialog.match_count == 0 and dialog.found.text() == "Tidak ditemukan"


@pytest.mark.parametrize("language", ["id", "en"])
def test_every_picture_the_guide_shows_is_shipped_and_small(qtbot, language):
    path = guide_path(language)
    written = IMAGE.findall(path.read_text(encoding="utf-8"))
    assert len(written) >= 8
    for name in written:
        image = (path.parent / name).resolve()
        assert image.is_file(), name
        assert image.suffix == ".png" and image.stat().st_size <= 150_000, name
        assert image.parent.name == language  # the screens in the guide's own language
    dialog = open_guide(qtbot, language)
    shown = dialog.image_names()
    assert sorted(shown) == sorted(written)
    for name in shown:  # the name as Qt resolves it finds the file
        assert not dialog._natural_size(name).isEmpty(), name


def test_pictures_shrink_to_the_width_of_the_text(qtbot):
    dialog = open_guide(qtbot, "id")
    dialog.resize(900, 600)
    qtbot.wait(200)
    room = dialog.browser.viewport().width()
    block = dialog.browser.document().begin()
    widths = []
    while block.isValid():
        it = block.begin()
        while not it.atEnd():
            fmt = it.fragment().charFormat()
            if fmt.isImageFormat():
                widths.append(fmt.toImageFormat().width())
            it += 1
        block = block.next()
    assert widths and all(0 < w <= room for w in widths)


def test_the_help_menu_offers_the_guide(qtbot, sqlite_db):
    from hotel_supply.config import Preferences
    from hotel_supply.ui.context import AppContext
    from hotel_supply.ui.main_window import MainWindow

    window = MainWindow(AppContext(sqlite_db, Preferences()))
    qtbot.addWidget(window)
    window.show()
    assert window.guide_action.text() == "&Panduan"
    assert window.guide_action.shortcut().toString() == "F1"
    window.guide_action.trigger()  # what F1 does (an offscreen window takes no key focus)
    guide = window._guide
    assert isinstance(guide, GuideDialog) and guide.isVisible()
    assert guide.headings()[0] == "Panduan Hotel Supply"
    assert QApplication.activeModalWidget() is None  # beside the window, not blocking it


def test_the_guide_is_in_the_wheel():
    pyproject = (Path(__file__).resolve().parents[2] / "pyproject.toml").read_text()
    assert '"resources" = "hotel_supply/_resources"' in pyproject
