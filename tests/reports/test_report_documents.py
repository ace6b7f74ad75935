"""The scorecard and programme report as a reader gets them: the PDF's text holds the
figures, every chart holds the same numbers as the table beside it, the XLSX the same
totals; and the batch command writes both."""

from __future__ import annotations

import io

import pytest
from openpyxl import load_workbook
from pypdf import PdfReader

from hotel_supply.cli import main
from hotel_supply.documents.programme_report import (
    category_chart,
    hotel_chart,
    render_programme_report,
    write_programme_xlsx,
)
from hotel_supply.documents.programme_report import trend_chart as programme_trend
from hotel_supply.documents.scorecard import render_scorecard, trend_chart
from hotel_supply.formatting import format_rupiah
from hotel_supply.services.programme_report import programme_report_data
from hotel_supply.services.scorecard import scorecard_data
from hotel_supply.services.umkm_figures import parse_period
from tests.reports.world import AS_OF, build

Q3 = parse_period("2026-Q3")


def pdf_text(pdf: bytes) -> str:
    return "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf)).pages)


@pytest.fixture
def world(sqlite_db):
    return build(sqlite_db)


def test_the_scorecard_prints_its_figures_and_its_chart_holds_the_trend(sqlite_db, world):
    card = scorecard_data(sqlite_db, supplier_id=world.ids["roastery"], period=Q3, as_of=AS_OF)
    text = pdf_text(render_scorecard(card))
    for figure in (format_rupiah(card.flow.accepted), format_rupiah(card.billed.total),
                   format_rupiah(card.billed.ppn), "ID-HALAL-77", "Kopi Robusta",
                   "Hotel Bukit Randu", format_rupiah(11_000)):
        assert figure in text
    chart = trend_chart(card, 400).chart
    assert list(chart.data[0]) == [t.accepted for t in card.trend]
    # the table under the chart prints the same months, in thousands of rupiah
    assert "506,5" not in text  # the chart labels are not the table
    for t in card.trend:
        if t.accepted:
            assert f"{t.accepted // 1000}" in text.replace(".", "")


def test_the_programme_report_charts_hold_the_table_figures(sqlite_db, world):
    report = programme_report_data(sqlite_db, period=Q3, as_of=AS_OF)
    text = pdf_text(render_programme_report(report))
    assert format_rupiah(report.totals.accepted) in text
    assert "Kopi Way Kanan" in text and "ID-HALAL-77" in text
    categories = category_chart(report, 400).chart
    # horizontal bars are drawn bottom up: the first row of the table is the top bar
    assert list(reversed(categories.data[0])) == [c.accepted for c in report.categories]
    assert list(reversed(categories.categoryAxis.categoryNames)) == [
        c.name for c in report.categories]
    for c in report.categories:
        assert format_rupiah(c.accepted) in text
    hotels = hotel_chart(report, 400).chart
    assert list(reversed(hotels.data[0])) == [h.accepted for h in report.hotels]
    assert list(programme_trend(report, 400).chart.data[0]) == [
        t.accepted for t in report.trend]


def test_the_programme_report_as_xlsx_and_from_the_command_line(sqlite_db, world, tmp_path,
                                                                 capsys):
    report = programme_report_data(sqlite_db, period=Q3, as_of=AS_OF)
    book = tmp_path / "programme.xlsx"
    write_programme_xlsx(book, report)
    sheets = load_workbook(book)
    totals = list(sheets.worksheets[1].iter_rows(values_only=True))
    assert totals[1][0] == Q3.label and totals[1][4] == report.totals.accepted
    out = tmp_path / "cmd.xlsx"
    assert main(["report", "programme", "--period", "2026-Q3", "--out", str(out),
                 "--today", "2026-11-10", "--database", sqlite_db.url]) == 0
    again = list(load_workbook(out).worksheets[1].iter_rows(values_only=True))
    assert again[1][4] == report.totals.accepted
    pdf = tmp_path / "card.pdf"
    code = sqlite_db_code(sqlite_db, world.ids["roastery"])
    assert main(["report", "scorecard", "--supplier", code.lower(), "--period", "2026-Q3",
                 "--out", str(pdf), "--database", sqlite_db.url]) == 0
    assert "Kopi Way Kanan" in pdf_text(pdf.read_bytes())
    capsys.readouterr()
    assert main(["report", "scorecard", "--supplier", "NOPE", "--period", "2026-Q3",
                 "--out", str(tmp_path / "x.pdf"), "--database", sqlite_db.url]) == 2
    assert "NOPE" in capsys.readouterr().err
    assert main(["report", "programme", "--period", "2026-Q7",
                 "--out", str(tmp_path / "x.pdf"), "--database", sqlite_db.url]) == 2
    assert "2026-Q4" in capsys.readouterr().err


def sqlite_db_code(db, supplier_id: int) -> str:
    from hotel_supply.models import Supplier

    with db.reader() as s:
        supplier = s.get(Supplier, supplier_id)
        assert supplier is not None
        return supplier.code
