"""``--paper A4|A5|F4`` on every batch command that prints, the office's default paper when
it is not given, and ``--size`` still understood by old scripts."""

from __future__ import annotations

from pathlib import Path

import pytest
from pypdf import PdfReader

from hotel_supply.cli import main
from hotel_supply.services import settings
from tests.test_cli import posted  # noqa: F401  (the fixture: two posted delivery notes)

F4 = (609.4, 935.4)
A4 = (595.3, 841.9)
A5 = (419.5, 595.3)


def page_size(path: Path) -> tuple[float, float]:
    box = PdfReader(path).pages[0].mediabox
    return round(float(box.width), 1), round(float(box.height), 1)


def turned(size: tuple[float, float]) -> tuple[float, float]:
    return size[1], size[0]


def notes(tmp_path: Path, url: str, *options: str) -> list[Path]:
    out = tmp_path / "-".join(options or ("default",))
    assert main(["print", "delivery-notes", "--date", "2026-11-23", "--out", str(out),
                 "--database", url, *options]) == 0
    return sorted(out.glob("*.pdf"))


def test_delivery_notes_print_on_the_paper_asked_for(tmp_path, posted):  # noqa: F811
    url, _numbers = posted
    assert {page_size(f) for f in notes(tmp_path, url, "--paper", "F4")} == {F4}
    assert {page_size(f) for f in notes(tmp_path, url, "--paper", "f4")} == {F4}
    assert {page_size(f) for f in notes(tmp_path, url, "--size", "A5")} == {A5}  # old scripts


def test_without_paper_the_office_default_is_used(tmp_path, posted, sqlite_db):  # noqa: F811
    url, _numbers = posted
    assert {page_size(f) for f in notes(tmp_path, url)} == {A4}
    office = settings.load_settings(sqlite_db)
    office.default_paper = "F4"
    settings.save_settings(sqlite_db, settings=office)
    assert {page_size(f) for f in notes(tmp_path, url)} == {F4}


def test_an_unknown_paper_is_refused_naming_the_papers(tmp_path, posted, capsys):  # noqa: F811
    url, _numbers = posted
    with pytest.raises(SystemExit):
        main(["print", "delivery-notes", "--date", "2026-11-23", "--out", str(tmp_path / "x"),
              "--database", url, "--paper", "Letter"])
    err = capsys.readouterr().err
    assert "LETTER" in err and "F4" in err


def test_a_full_sheet_document_is_not_squeezed_onto_a5(tmp_path, posted, capsys,  # noqa: F811
                                                        sqlite_db):
    url, _numbers = posted
    with pytest.raises(SystemExit):
        main(["invoices", "print", "--month", "2026-11", "--out", str(tmp_path / "x"),
              "--paper", "A5", "--database", url])
    assert "A5" in capsys.readouterr().err
    office = settings.load_settings(sqlite_db)  # an office whose default is A5 ...
    office.default_paper = "A5"
    settings.save_settings(sqlite_db, settings=office)
    report = tmp_path / "rekon.pdf"  # ... gets its reconciliation on A4, turned
    assert main(["reconcile", "--month", "2026-11", "--out", str(report), "--database",
                 url]) == 0
    assert page_size(report) == turned(A4)
    assert {page_size(f) for f in notes(tmp_path, url)} == {A5}  # and its notes on A5


def test_the_month_prints_on_f4(tmp_path, posted):  # noqa: F811
    url, _numbers = posted
    assert main(["invoices", "generate", "--month", "2026-11", "--database", url]) == 0
    assert main(["invoices", "issue", "--month", "2026-11", "--date", "2026-12-01",
                 "--database", url]) == 0
    out = tmp_path / "month"
    assert main(["invoices", "print", "--month", "2026-11", "--out", str(out),
                 "--paper", "F4", "--database", url]) == 0
    sizes = {f.name: page_size(f) for f in out.glob("*.pdf")}
    invoices = [name for name in sizes if name.startswith("INV")]
    assert len(invoices) == 2 and all(sizes[name] == F4 for name in invoices)
    others = [name for name in sizes if not name.startswith("INV")]
    assert others  # the recaps (turned) and the supplier's statement
    assert {sizes[name] for name in others} <= {F4, turned(F4)}
    assert turned(F4) in {sizes[name] for name in others}

    report = tmp_path / "rekon.pdf"
    assert main(["reconcile", "--month", "2026-11", "--out", str(report), "--paper", "F4",
                 "--database", url]) == 0
    assert page_size(report) == turned(F4)


def test_the_month_printed_from_the_app_uses_the_paper_chosen(tmp_path, posted,  # noqa: F811
                                                              sqlite_db):
    from types import SimpleNamespace

    from hotel_supply.models.enums import InvoiceStatus
    from hotel_supply.progress import Progress
    from hotel_supply.services.invoice_balances import InvoiceQuery, invoice_rows
    from hotel_supply.ui.dialogs.month_print import MonthDocuments, write_month

    url, _numbers = posted
    assert main(["invoices", "generate", "--month", "2026-11", "--database", url]) == 0
    assert main(["invoices", "issue", "--month", "2026-11", "--date", "2026-12-01",
                 "--database", url]) == 0
    rows = invoice_rows(sqlite_db, limit=10, query=InvoiceQuery(
        year=2026, month=11, status=InvoiceStatus.ISSUED))
    docs = MonthDocuments(invoices=tuple((r.id, r.number) for r in rows),
                          hotels=tuple((r.hotel_id, "") for r in rows),
                          suppliers=((rows[0].supplier_id, ""),))
    written = write_month(SimpleNamespace(db=sqlite_db),  # type: ignore[arg-type]
                          docs, year=2026, month=11, folder=tmp_path / "app", invoices=True,
                          recaps=True, statements=True, progress=Progress(), paper="F4")
    assert len(written) == 5
    assert {page_size(p) for p in written} == {F4, turned(F4)}
