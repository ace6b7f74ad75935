"""Every document prints on F4/Folio (215 × 330 mm), the paper most Indonesian offices use,
besides A4 and A5: the page is the paper's size, nothing is lost, and a document that
filled an A4 page fills the taller F4 page rather than leaving a gap."""

from __future__ import annotations

import io
from collections.abc import Callable
from typing import Any

import pytest
from pypdf import PdfReader

from hotel_supply.documents.count_sheet import render_count_sheet
from hotel_supply.documents.delivery_note import render_delivery_note
from hotel_supply.documents.hotel_recap import render_hotel_recap
from hotel_supply.documents.invoice import render_invoice
from hotel_supply.documents.payment_receipt import render_payment_receipt
from hotel_supply.documents.reconciliation_report import render_reconciliation
from hotel_supply.documents.stock_report import render_stock_report
from hotel_supply.documents.stock_slip import render_stock_slip
from hotel_supply.documents.styles import PAPERS, page_geometry
from hotel_supply.documents.supplier_statement import render_supplier_statement
from hotel_supply.documents.waste_report import render_waste_report
from tests.documents import test_delivery_note as note_tests
from tests.documents import test_invoice_documents as month_tests
from tests.documents import test_stock_documents as stock_tests

F4_POINTS = (609.4, 935.4)  # 215 × 330 mm
PORTRAIT = {"A4": (595.3, 841.9), "A5": (419.5, 595.3), "F4": F4_POINTS}


def page_sizes(pdf: bytes) -> set[tuple[float, float]]:
    return {
        (round(float(p.mediabox.width), 1), round(float(p.mediabox.height), 1))
        for p in PdfReader(io.BytesIO(pdf)).pages
    }


def text_of(pdf: bytes) -> str:
    return "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf)).pages)


def captured_data(monkeypatch: pytest.MonkeyPatch, module: Any, name: str,
                  test: Callable[[], None]) -> Any:
    """The data an existing document test prints, caught as that test renders it."""
    seen: list[Any] = []
    real = getattr(module, name)

    def spy(data: Any, *args: Any, **kwargs: Any) -> bytes:
        seen.append(data)
        return bytes(real(data, *args, **kwargs))

    monkeypatch.setattr(module, name, spy)
    test()
    monkeypatch.undo()
    return seen[0]


def test_f4_is_215_by_330_mm() -> None:
    geometry = page_geometry("f4")
    assert (round(geometry.width, 1), round(geometry.height, 1)) == F4_POINTS
    assert PAPERS == ("A4", "A5", "F4")


def portrait_documents(monkeypatch: pytest.MonkeyPatch) -> dict[str, Callable[[str], bytes]]:
    """Each portrait document, rendered on a given paper."""
    note = note_tests.make_note(note_tests.typical_lines())
    invoice = month_tests.invoice()
    credit = captured_data(
        monkeypatch, month_tests, "render_invoice",
        month_tests.test_a_credit_note_names_the_invoice_it_corrects_and_labels_its_totals_as_credit,
    )
    statement = captured_data(
        monkeypatch, month_tests, "render_supplier_statement",
        month_tests.test_the_supplier_statement_shows_deliveries_invoices_payments_and_what_is_owed,
    )
    slip = stock_tests.make_slip()
    report = stock_tests.make_report()
    count = stock_tests.make_count(show_book=True)
    waste = stock_tests.make_waste()
    return {
        "delivery note": lambda paper: render_delivery_note(note, page_size=paper),
        "invoice": lambda paper: render_invoice(invoice, page_size=paper),
        "credit note": lambda paper: render_invoice(credit, page_size=paper),
        "supplier statement": lambda paper: render_supplier_statement(statement, page_size=paper),
        "stock slip": lambda paper: render_stock_slip(slip, page_size=paper),
        "stock report": lambda paper: render_stock_report(report, page_size=paper),
        "count sheet": lambda paper: render_count_sheet(count, page_size=paper),
        "waste report": lambda paper: render_waste_report(waste, page_size=paper),
    }


def landscape_documents(monkeypatch: pytest.MonkeyPatch) -> dict[str, Callable[[str], bytes]]:
    """Each landscape document, rendered on a given paper (turned)."""
    recap = captured_data(
        monkeypatch, month_tests, "render_hotel_recap",
        month_tests.test_the_hotel_recap_lists_each_invoice_with_its_delivery_notes_and_totals,
    )
    recon: list[Any] = []
    real_recon = month_tests.render_reconciliation

    def spy(data: Any, **kwargs: Any) -> bytes:
        recon.append((data, kwargs))
        return real_recon(data, **kwargs)

    monkeypatch.setattr(month_tests, "render_reconciliation", spy)
    month_tests.test_the_reconciliation_report_prints_suppliers_products_counts_and_exceptions()
    monkeypatch.undo()
    recon_data, recon_args = recon[0]
    return {
        "hotel recap": lambda paper: render_hotel_recap(recap, page_size=paper),
        "reconciliation": lambda paper: render_reconciliation(
            recon_data, **recon_args, page_size=paper),
    }


@pytest.mark.parametrize("paper", PAPERS)
def test_every_portrait_document_prints_on_each_paper(
    monkeypatch: pytest.MonkeyPatch, paper: str
) -> None:
    for name, render in portrait_documents(monkeypatch).items():
        pdf = render(paper)
        assert page_sizes(pdf) == {PORTRAIT[paper]}, name
        assert "Halaman 1 dari" in text_of(pdf), name


@pytest.mark.parametrize("paper", PAPERS)
def test_every_landscape_document_prints_turned_on_each_paper(
    monkeypatch: pytest.MonkeyPatch, paper: str
) -> None:
    width, height = PORTRAIT[paper]
    for name, render in landscape_documents(monkeypatch).items():
        pdf = render(paper)
        assert page_sizes(pdf) == {(height, width)}, name
        assert "Halaman 1 dari" in text_of(pdf), name


@pytest.mark.parametrize(
    ("paper", "size"), [("A5", (595.3, 419.5)), ("A4", PORTRAIT["A4"]), ("F4", F4_POINTS)]
)
def test_a_kuitansi_is_half_an_a4_sheet_turned_or_the_top_of_an_a4_or_f4_sheet(
    paper: str, size: tuple[float, float]
) -> None:
    pdf = render_payment_receipt(month_tests.receipt(1_250_000, full=True), page_size=paper)
    assert page_sizes(pdf) == {size}
    assert "Rp1.250.000" in text_of(pdf) and "KW/2026/00007" in text_of(pdf)


def test_the_same_text_prints_on_f4_as_on_a4_and_its_first_page_holds_more() -> None:
    note = note_tests.make_note(note_tests.long_lines(60))
    a4, f4 = (render_delivery_note(note, page_size=p, copies=("ASLI",)) for p in ("A4", "F4"))
    words = lambda pdf: sorted(  # noqa: E731
        w for w in text_of(pdf).split() if not w.isdigit() and w not in ("Halaman", "dari"))
    assert words(f4) == words(a4)
    first_page_lines = [
        len(PdfReader(io.BytesIO(pdf)).pages[0].extract_text().splitlines()) for pdf in (a4, f4)
    ]
    assert first_page_lines[1] > first_page_lines[0] + 5


def test_an_unknown_paper_is_refused_with_the_papers_there_are() -> None:
    with pytest.raises(ValueError, match="A4, A5 or F4"):
        render_invoice(month_tests.invoice(), page_size="Letter")


def test_the_programme_reports_print_on_f4(sqlite_db, tmp_path) -> None:
    from hotel_supply.cli import main
    from hotel_supply.documents.programme_report import render_programme_report
    from hotel_supply.documents.scorecard import render_scorecard
    from hotel_supply.services.programme_report import programme_report_data
    from hotel_supply.services.scorecard import scorecard_data
    from hotel_supply.services.umkm_figures import parse_period
    from tests.reports.world import AS_OF, build

    world = build(sqlite_db)
    quarter = parse_period("2026-Q3")
    card = scorecard_data(sqlite_db, supplier_id=world.ids["roastery"], period=quarter,
                          as_of=AS_OF)
    report = programme_report_data(sqlite_db, period=quarter, as_of=AS_OF)
    for pdf in (render_scorecard(card, page_size="F4"),
                render_programme_report(report, page_size="F4")):
        assert page_sizes(pdf) == {F4_POINTS}
        assert "Halaman 1 dari" in text_of(pdf)

    out = tmp_path / "programme.pdf"
    assert main(["report", "programme", "--period", "2026-Q3", "--out", str(out),
                 "--today", AS_OF.isoformat(), "--paper", "F4",
                 "--database", sqlite_db.url]) == 0
    assert page_sizes(out.read_bytes()) == {F4_POINTS}
