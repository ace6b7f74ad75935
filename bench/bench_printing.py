"""Printing benchmarks of issue 10, for ``bench/run_all.py``: one 30-line invoice (time and
size) against bare ReportLab drawing the same lines, and a whole month printed on every core
(every issued invoice, each hotel's recap, each supplier's statement) against bare
ReportLab drawing the same invoices' lines in one process.

    uv run python bench/bench_printing.py [--database URL] [--runs N]

(standalone: the month before the database's "today", the latest order date).
"""

from __future__ import annotations

import datetime as dt
import shutil
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
for folder in (ROOT / "bench", ROOT / "bench" / "floors"):
    if str(folder) not in sys.path:
        sys.path.insert(0, str(folder))


def thirty_line_invoice() -> object:
    """The invoice run_all has always timed: 30 lines, one supplier, one hotel."""
    from decimal import Decimal

    from hotel_supply.documents.data import Organisation, Party
    from hotel_supply.documents.invoice_data import InvoiceDocData, InvoiceDocLine
    from hotel_supply.documents.month_common import tax_base_fraction
    from hotel_supply.formatting import line_amount

    lines = []
    for n in range(1, 31):
        qty = Decimal(n % 7 + 1) + Decimal("0.5") * (n % 2)
        price = 15_000 + 2_500 * (n % 9)
        lines.append(InvoiceDocLine(
            line_no=n, delivery_date=dt.date(2026, 11, n), delivery_number=f"SJ/2026/{n:05d}",
            product_code=f"PRD{n:04d}", product_name=f"Keripik Pisang Manis {n}", unit="kg",
            quantity=qty, unit_price=price, amount=line_amount(qty, price)))
    subtotal = sum(line.amount for line in lines)
    return InvoiceDocData(
        kind="invoice", number="INV/2026/00042", status="issued", year=2026, month=11,
        issue_date=dt.date(2026, 12, 1), due_date=dt.date(2026, 12, 31),
        organisation=Organisation(name="Dinas Koperasi dan UKM Kota Bandar Lampung",
                                  address="Jl. Dr. Susilo No. 2", city="Bandar Lampung"),
        supplier=Party(code="", name="CV Keripik Sinar Lampung",
                       address="Jl. Teuku Umar No. 12, Bandar Lampung", npwp="0123456789012345"),
        supplier_is_pkp=False, supplier_bank="Bank Lampung · 380.01.02.12345",
        hotel=Party(code="", name="PT Emersia Hotel & Resort", npwp="0298765432109876"),
        lines=tuple(lines), subtotal=subtotal, tax_base=0,
        tax_base_fraction=tax_base_fraction(subtotal, 0), ppn_rate=Decimal(0), ppn=0,
        total=subtotal, printed_at=dt.datetime(2026, 12, 1, 9, 30))


def bench_invoice(runs: int) -> None:
    """"one 30-line invoice rendered" and "PDF size of that invoice"."""
    import bare_invoice
    from run_all import interleaved, report

    from hotel_supply.documents.invoice import render_invoice

    data = thirty_line_invoice()
    rows = [[str(x.line_no), x.delivery_date.strftime("%d/%m/%Y"), x.delivery_number,
             x.product_code, x.product_name, f"{x.quantity} {x.unit}", f"{x.unit_price:,}",
             f"{x.amount:,}"] for x in data.lines]  # type: ignore[attr-defined]
    parties = ["CV Keripik Sinar Lampung", "PT Emersia Hotel & Resort"]

    def floor() -> bytes:
        return bare_invoice.render("TAGIHAN INV/2026/00042", parties, rows,
                                   f"{data.total:,}")  # type: ignore[attr-defined]

    app_s, floor_s = interleaved(lambda: render_invoice(data), floor, runs)  # type: ignore[arg-type]
    report("one 30-line invoice rendered", app_s, floor_s, 3.0)
    size = len(render_invoice(data)) / 1024  # type: ignore[arg-type]
    report("PDF size of that invoice", size, None, 30.0, "KiB")


def previous_month(today: dt.date) -> tuple[int, int]:
    first = today.replace(day=1) - dt.timedelta(days=1)
    return first.year, first.month


def bench_month(url: str, today: dt.date, runs: int) -> None:
    """"printing a whole month on both cores": the month before ``today``, every document
    the command prints, into a fresh folder each run, against the floor."""
    import bare_month
    from run_all import PASSWORD, USER, interleaved, report

    from hotel_supply.db import open_database
    from hotel_supply.services import accounts
    from hotel_supply.services.month_printing import month_documents, print_month

    year, month = previous_month(today)
    db = open_database(url, create=False, writes=False)
    accounts.sign_in(db, username=USER, password=PASSWORD, record=False)
    scratch = Path(tempfile.mkdtemp(prefix="hotel-supply-month-"))
    try:
        conn = db.engine.raw_connection()
        try:
            invoices = bare_month.read(conn, year, month, mark="?" if db.is_sqlite else "%s")
        finally:
            conn.close()
        docs = month_documents(db, year=year, month=month)
        count = len(docs.invoices) + len(docs.hotels) + len(docs.suppliers)

        def app() -> None:
            folder = scratch / "month"
            shutil.rmtree(folder, ignore_errors=True)
            written = print_month(db, month_documents(db, year=year, month=month), year=year,
                                  month=month, folder=folder)
            assert len(written) == count

        print(f"# {year}-{month:02d}: {len(docs.invoices)} invoices, {len(docs.hotels)} recaps, "
              f"{len(docs.suppliers)} statements; the floor draws the "
              f"{len(invoices)} invoices only", flush=True)
        app_s, floor_s = interleaved(app, lambda: bare_month.render(invoices), runs)
        report("printing a whole month on both cores", app_s, floor_s, 1.5, "s")
    finally:
        shutil.rmtree(scratch, ignore_errors=True)
        db.dispose()


def main(argv: list[str] | None = None) -> int:
    import argparse
    import os

    from run_all import _demo_today, compile_bytecode

    parser = argparse.ArgumentParser(description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--database", required=True, help="a demo database URL")
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--skip-invoice", action="store_true")
    args = parser.parse_args(argv)
    os.environ.pop("PYTHONDONTWRITEBYTECODE", None)  # the pool's processes as installed
    compile_bytecode()
    print(f"# bench_printing: {os.cpu_count()} cores, {args.runs} interleaved run(s), medians")
    if not args.skip_invoice:
        bench_invoice(max(args.runs, 5))
    bench_month(args.database, _demo_today(args.database), args.runs)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
