"""Floor for printing a month: bare ReportLab drawing the same invoices' lines, one PDF per
invoice, one after the other in one process (no recaps, no statements, no app code).

``read(connection, year, month)`` takes the month's issued invoices and their lines from a
DB-API connection (SQLite or PostgreSQL) as plain strings; ``render(invoices)`` draws them
with :func:`bare_invoice.render`, what any invoice must at least cost.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import bare_invoice

Invoice = tuple[str, list[str], list[list[str]], str]  # title, parties, lines, total

_INVOICES = """
SELECT id, number, supplier_name, hotel_billing_name, total FROM invoice
WHERE year = {p} AND month = {p} AND status = 'issued' ORDER BY id
"""
_LINES = """
SELECT l.invoice_id, l.line_no, l.delivery_date, l.delivery_number, l.product_code,
       l.product_name, l.quantity, l.unit, l.unit_price, l.amount
FROM invoice_line l JOIN invoice i ON i.id = l.invoice_id
WHERE i.year = {p} AND i.month = {p} AND i.status = 'issued'
ORDER BY l.invoice_id, l.line_no
"""


def read(connection: Any, year: int, month: int, *, mark: str = "?") -> list[Invoice]:
    """The month's issued invoices as the floor draws them (``mark``: the driver's
    parameter mark, ``?`` or ``%s``)."""
    cursor = connection.cursor()
    cursor.execute(_INVOICES.format(p=mark), (year, month))
    heads = cursor.fetchall()
    cursor.execute(_LINES.format(p=mark), (year, month))
    lines: dict[int, list[list[str]]] = {}
    for invoice_id, no, day, sj, code, name, qty, unit, price, amount in cursor.fetchall():
        lines.setdefault(invoice_id, []).append(
            # (quantities are stored in thousandths)
            [str(no), str(day), sj, code, name, f"{qty / 1000:g} {unit}", f"{price:,}",
             f"{amount:,}"])
    return [(f"TAGIHAN {number}", [supplier, hotel], lines.get(i, []), f"{total:,}")
            for i, number, supplier, hotel, total in heads]


def render(invoices: Sequence[Invoice]) -> list[bytes]:
    return [bare_invoice.render(title, parties, lines, total)
            for title, parties, lines, total in invoices]
