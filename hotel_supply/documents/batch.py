"""Drawing month-end documents by the batch, in a pool process of their own.

Only the documents and their plain data are imported here (no database, no Qt), so a
process started to draw them is ready in a fraction of a second; it takes the language
and money format of the process that started it (:func:`start_worker`).
"""

from __future__ import annotations

from collections.abc import Sequence

from hotel_supply.documents.invoice_data import HotelRecapData, InvoiceDocData
from hotel_supply.documents.statement_data import SupplierStatementData
from hotel_supply.formatting import use_money_format
from hotel_supply.i18n import set_language

__all__ = ["MonthDocument", "render_batch", "render_document", "start_worker"]

MonthDocument = InvoiceDocData | HotelRecapData | SupplierStatementData


def render_document(document: MonthDocument, paper: str) -> bytes:
    """One document's PDF on ``paper``, as its preview draws it."""
    if isinstance(document, InvoiceDocData):
        from hotel_supply.documents.invoice import render_invoice

        return render_invoice(document, page_size=paper)
    if isinstance(document, HotelRecapData):
        from hotel_supply.documents.hotel_recap import render_hotel_recap

        return render_hotel_recap(document, page_size=paper)
    from hotel_supply.documents.supplier_statement import render_supplier_statement

    return render_supplier_statement(document, page_size=paper)


def render_batch(documents: Sequence[MonthDocument], paper: str) -> list[bytes]:
    """Each document's PDF, in order."""
    return [render_document(d, paper) for d in documents]


def start_worker(language: str, money_space: bool) -> None:
    """A pool process draws as the one that started it: the same language, the same money
    format (``Rp 1.250.000`` or ``Rp1.250.000``)."""
    set_language(language)
    use_money_format(space=money_space)
