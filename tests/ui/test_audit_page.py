"""The Audit trail page: newest first, each filter narrows the list, a change reads old → new,
"Open document" opens the delivery an entry is about, the list exports, and "Verify chain"
says plainly that the chain holds or which entry (number, time, who) breaks it."""

from __future__ import annotations

import datetime as dt

import pytest
from openpyxl import load_workbook
from sqlalchemy import select, text

from hotel_supply import clock
from hotel_supply.config import Preferences
from hotel_supply.models import AuditEntry
from hotel_supply.services import audit
from hotel_supply.ui import export as export_module
from hotel_supply.ui.context import AppContext
from hotel_supply.ui.pages.audit import COLUMNS, DETAILS_COLUMN, AuditPage
from tests.tamper import tampering


def _write(db, *, at, user, action, entity, entity_id, **details) -> None:
    clock.set_clock(lambda: at)
    with db.unit_of_work(anyone=True) as session:
        session.info["user"] = user
        audit.record(session, action=action, entity=entity, entity_id=entity_id, **details)


@pytest.fixture
def page(qtbot, sqlite_db):
    _write(sqlite_db, at=dt.datetime(2026, 10, 30, 9, 0), user="gudang", action="post",
           entity="delivery", entity_id=7, number="SJ/2026/00010")
    _write(sqlite_db, at=dt.datetime(2026, 11, 2, 10, 0), user="pembelian", action="update",
           entity="product", entity_id=3, price=[12_000, 13_500])
    _write(sqlite_db, at=dt.datetime(2026, 11, 3, 11, 0), user="keuangan", action="issue",
           entity="invoice", entity_id=4, number="INV/2026/00004")
    clock.set_clock(lambda: dt.datetime(2026, 11, 5, 9, 0))
    page = AuditPage(AppContext(sqlite_db, Preferences()))
    qtbot.addWidget(page)
    page.resize(1100, 600)
    page.show()
    yield page
    clock.set_clock(None)


def column(page: AuditPage, col: int) -> list[str]:
    return [page.model.index(row, col).data() for row in range(page.model.rowCount())]


def test_newest_first_and_each_filter_narrows_the_list(qtbot, page):
    assert column(page, 2)[:3] == ["keuangan", "pembelian", "gudang"]
    assert page.count_label.text() == f"{page.model.total} entri"

    page.account.setCurrentIndex(page.account.findData("gudang"))
    assert column(page, 2) == ["gudang"]
    page.account.setCurrentIndex(0)

    page.action.setCurrentIndex(page.action.findData("issue"))
    assert column(page, 4) == ["Tagihan #4"]
    assert column(page, 3) == ["diterbitkan"]
    page.action.setCurrentIndex(0)

    page.use_dates.setChecked(True)
    page.start.set_value(dt.date(2026, 11, 1))
    page.end.set_value(dt.date(2026, 11, 2))
    page.reload()
    assert column(page, 2) == ["pembelian"]
    page.use_dates.setChecked(False)

    page.search.setText("SJ/2026/00010")
    page.reload()
    assert column(page, 4) == ["Pengiriman #7"]


def test_a_change_reads_old_to_new(page):
    page.account.setCurrentIndex(page.account.findData("pembelian"))
    assert column(page, DETAILS_COLUMN) == ["price: 12000 → 13500"]
    page.table.selectRow(0)
    assert "12000 → 13500" in page.detail.text()
    assert not page.open_button.isEnabled()  # a product is not a document


def test_open_document_opens_the_delivery_the_entry_is_about(page, monkeypatch):
    opened = []
    monkeypatch.setattr(page, "open_document", opened.append)
    page.search.setText("SJ/2026/00010")
    page.reload()
    page.table.selectRow(0)
    assert page.open_button.isEnabled()
    page.open_button.click()
    assert [(ref.kind, ref.id) for ref in opened] == [("delivery", 7)]


def test_export_writes_every_matching_entry(page, monkeypatch, tmp_path):
    target = tmp_path / "audit.xlsx"
    monkeypatch.setattr(export_module, "save_file_name",
                        lambda *a, **k: (str(target), "Excel (*.xlsx)"))
    page.account.setCurrentIndex(page.account.findData("keuangan"))
    page.export_button.click()
    sheet = load_workbook(target).active
    rows = list(sheet.iter_rows(values_only=True))
    assert len(rows) == 2 and len(rows[0]) == len(COLUMNS)
    assert rows[1][2] == "keuangan" and "INV/2026/00004" in rows[1][DETAILS_COLUMN]


def test_verify_chain_says_it_holds(qtbot, page):
    page.verify_button.click()
    qtbot.waitUntil(page.chain_label.isVisible, timeout=10_000)
    assert page.chain_label.text().startswith("Jejak audit utuh")


def test_verify_chain_names_the_tampered_entry_and_shows_it(qtbot, page):
    db = page.ctx.db
    with db.reader() as session:
        target = session.execute(select(AuditEntry.id, AuditEntry.seq).where(
            AuditEntry.entity == "product")).one()
    with tampering(db) as session:
        session.execute(text("UPDATE audit_entry SET summary = :s WHERE id = :id"),
                        {"s": '{"price": [12000, 9000]}', "id": target.id})
    page.account.setCurrentIndex(page.account.findData("keuangan"))
    page.verify_button.click()
    qtbot.waitUntil(page.chain_label.isVisible, timeout=10_000)
    said = page.chain_label.text()
    assert said.startswith("Jejak audit rusak")
    assert f"entri {target.seq}" in said and "02/11/2026 10:00:00" in said and "pembelian" in said
    assert page.selected() is not None and page.selected().seq == target.seq
