"""File → Import…: each step of the wizard as a clerk goes through it."""

from __future__ import annotations

import datetime as dt
import os
from pathlib import Path

import pytest
from PySide6.QtCore import QRect
from PySide6.QtWidgets import QWizard
from pytestqt.qtbot import QtBot
from sqlalchemy import select

from hotel_supply import clock
from hotel_supply.config import Preferences
from hotel_supply.importing.columns import Kind
from hotel_supply.models import Supplier
from hotel_supply.ui import geometry
from hotel_supply.ui.context import AppContext
from hotel_supply.ui.dialogs import import_wizard
from hotel_supply.ui.dialogs.import_wizard import Column, ImportWizard
from tests.importing.sheets_for_tests import write_xlsx

SHOTS = os.environ.get("HOTEL_SUPPLY_SHOTS")  # a folder: save a picture of every step


def _shot(wizard: ImportWizard, name: str) -> None:
    if SHOTS:
        wizard.grab().save(str(Path(SHOTS) / f"import-{name}.png"))


@pytest.fixture
def ctx(sqlite_db) -> AppContext:
    clock.set_clock(lambda: dt.datetime(2026, 12, 2, 9, 0))
    return AppContext(sqlite_db, Preferences())


def _file(tmp_path: Path) -> Path:
    return write_xlsx(tmp_path / "umkm.xlsx", [
        ["No.", "Nama UMKM", "Jenis Usaha", "No. HP/WA", "Keterangan tambahan"],
        [1, "CV. Kopi Liwa", "Kopi", 81234567890, "binaan 2025"],
        [2, "Kopi Liwa", "Kopi", "", ""],
        [3, "Tapis Siger", "Batik", "0721 481126", ""],
    ], title="DAFTAR UMKM BINAAN")


def test_every_step_shows_what_the_import_will_do_and_imports_the_valid_rows(
        qtbot: QtBot, ctx: AppContext, tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    monkeypatch.setattr(import_wizard, "run_with_progress",
                        lambda parent, title, work: work(import_wizard.Progress()))
    monkeypatch.setattr(geometry, "available_area", lambda _widget=None: QRect(0, 0, 1366, 728))
    wizard = ImportWizard(ctx)
    qtbot.addWidget(wizard)
    wizard.show()
    assert wizard.width() <= 1366 and wizard.height() <= 728
    buttons = QWizard.WizardButton
    assert [wizard.buttonText(b) for b in (buttons.BackButton, buttons.NextButton,
                                           buttons.CommitButton, buttons.FinishButton,
                                           buttons.CancelButton)] == [
        "< &Kembali", "&Lanjut >", "&Impor", "&Selesai", "Batal"]

    page = wizard.file_page
    page.kind.setCurrentIndex(page.kind.findData(str(Kind.SUPPLIERS)))
    page.path.setText(str(_file(tmp_path)))
    page.load_sheets()
    assert page.sheet.currentText() == "Data" and page.isComplete()
    _shot(wizard, "1-file")
    wizard.next()

    mapping = wizard.mapping_page
    assert mapping.header_row.value() == 3  # under the merged title and a blank row
    assert mapping.combos["name"].currentData() == 1  # "Nama UMKM" is column B
    assert mapping.combos["notes"].currentData() == import_wizard.NOT_READ
    mapping.combos["notes"].setCurrentIndex(mapping.combos["notes"].findData(4))
    _shot(wizard, "2-columns")
    wizard.next()

    preview = wizard.preview_page
    model = preview.model
    statuses = [model.index(r, Column.STATUS).data() for r in range(model.rowCount())]
    assert statuses == ["Baru", "Bermasalah", "Baru"]
    assert "baris 4" in model.index(1, Column.MESSAGES).data()
    assert not preview.isComplete()  # an error: only with "import only the valid rows"
    preview.valid_only.setChecked(True)
    assert preview.isComplete()
    _shot(wizard, "3-preview")
    wizard.next()

    assert wizard.currentPage() is wizard.result_page
    assert "2 baru" in wizard.result_page.text.text()
    assert not wizard.button(QWizard.WizardButton.CancelButton).isVisible()  # it is done
    _shot(wizard, "4-result")
    with ctx.db.reader() as session:
        names = sorted(session.scalars(select(Supplier.name)))
        notes = session.scalar(select(Supplier.notes).where(Supplier.name == "CV. Kopi Liwa"))
    assert names == ["CV. Kopi Liwa", "Tapis Siger"] and notes == "binaan 2025"

    # the column chosen by hand is remembered for a file laid out the same way
    again = ImportWizard(ctx)
    qtbot.addWidget(again)
    again.load(Kind.SUPPLIERS, tmp_path / "umkm.xlsx", "Data")
    assert again.layout_ is not None and again.layout_.mapping["notes"] == 4
    assert again.button(QWizard.WizardButton.NextButton) is not None
