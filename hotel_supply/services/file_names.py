"""The names of the files the app writes, as a person would look for them in a folder.

Every name starts with what the document is known by (its number, or its kind in
the current language), then the hotel's and the supplier's codes, then the period:
``INV-2026-00012_EMR_KOPILIWA.pdf``, ``Rekap-Tagihan_EMR_2026-10.pdf``,
``Laporan-Rekening_KOPILIWA_2026-10.pdf``, ``SJ-2026-00001_KOPILIWA.pdf``,
``KW-2026-00001.pdf``, ``Rekonsiliasi_Semua_2026-10.xlsx``. Parts are joined by
``_``; inside a part, anything a file system could refuse (``/ \\ : * ? " < > |``,
spaces, accents) becomes ``-`` or plain ASCII, so a name is the same on Windows and
Linux and sorts by number.
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from collections.abc import Iterable

from sqlalchemy import select

from hotel_supply.db import Database
from hotel_supply.i18n import _
from hotel_supply.models import Hotel, Invoice, Supplier
from hotel_supply.models.enums import InvoiceKind

__all__ = [
    "count_sheet_file_name",
    "delivery_note_file_name",
    "file_name",
    "file_part",
    "hotel_codes",
    "hotel_recap_file_name",
    "invoice_file_name",
    "invoice_file_name_of",
    "invoice_file_names",
    "receipt_file_name",
    "reconciliation_file_name",
    "stock_report_file_name",
    "stock_slip_file_name",
    "supplier_codes",
    "supplier_statement_file_name",
    "waste_report_file_name",
]

_UNSAFE = re.compile(r"[^A-Za-z0-9.-]+")
_DASHES = re.compile(r"-{2,}")


def file_part(text: str) -> str:
    """One part of a file name: ``"INV/2026/00012"`` → ``"INV-2026-00012"``,
    ``"Kopi Liwa"`` → ``"Kopi-Liwa"``, ``"Café"`` → ``"Cafe"``; never a character a
    file system refuses, never a leading or trailing dot or dash."""
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return _DASHES.sub("-", _UNSAFE.sub("-", ascii_text)).strip("-.")


def file_name(parts: Iterable[str], extension: str = "pdf") -> str:
    """``parts`` made safe and joined by ``_`` (empty ones left out), with ``extension``."""
    stem = "_".join(p for p in (file_part(x) for x in parts) if p)
    return f"{stem or file_part(_('Document'))}.{extension}"


def _month(year: int, month: int) -> str:
    return f"{year}-{month:02d}"


# --------------------------------------------------------------------------- month end


def invoice_file_name(
    *,
    number: str,
    hotel_code: str,
    supplier_code: str,
    year: int,
    month: int,
    credit_note: bool = False,
) -> str:
    """``INV-2026-00012_EMR_KOPILIWA.pdf`` (a credit note: ``NK-…``); a draft has no
    number yet: ``Draf-Tagihan_EMR_KOPILIWA_2026-10.pdf``."""
    if number.strip():
        return file_name([number, hotel_code, supplier_code])
    kind = _("Draft Credit Note") if credit_note else _("Draft Invoice")
    return file_name([kind, hotel_code, supplier_code, _month(year, month)])


def hotel_recap_file_name(*, hotel_code: str, year: int, month: int) -> str:
    """``Rekap-Tagihan_EMR_2026-10.pdf``."""
    return file_name([_("Invoice Recap"), hotel_code, _month(year, month)])


def supplier_statement_file_name(*, supplier_code: str, year: int, month: int) -> str:
    """``Laporan-Rekening_KOPILIWA_2026-10.pdf``."""
    return file_name([_("Statement of Account"), supplier_code, _month(year, month)])


def receipt_file_name(*, number: str, hotel_code: str = "") -> str:
    """``KW-2026-00001.pdf`` (with the hotel's code when given: ``KW-2026-00001_EMR.pdf``)."""
    return file_name([number or _("Payment Receipt"), hotel_code])


def reconciliation_file_name(
    *, hotel_code: str | None, year: int, month: int, extension: str = "xlsx"
) -> str:
    """``Rekonsiliasi_EMR_2026-10.xlsx``; every hotel: ``Rekonsiliasi_Semua_2026-10.xlsx``."""
    hotel = hotel_code if hotel_code else _("All")
    return file_name([_("Reconciliation"), hotel, _month(year, month)], extension)


# --------------------------------------------------------------------------- deliveries and stock


def delivery_note_file_name(*, number: str, supplier_code: str, day: dt.date) -> str:
    """``SJ-2026-00001_KOPILIWA.pdf``; a draft: ``Draf-Surat-Jalan_KOPILIWA_2026-10-27.pdf``."""
    if number.strip():
        return file_name([number, supplier_code])
    return file_name([_("Draft Delivery Note"), supplier_code, day.isoformat()])


def stock_slip_file_name(*, number: str, hotel_code: str) -> str:
    """``BK-2026-00001_EMR.pdf`` (an issue, a write-off or a return)."""
    return file_name([number or _("Stock Slip"), hotel_code])


def count_sheet_file_name(*, number: str, hotel_code: str, day: dt.date) -> str:
    """``SO-2026-00003_EMR.pdf``; before it is posted: ``Stok-Opname_EMR_2026-11-27.pdf``."""
    if number.strip():
        return file_name([number, hotel_code])
    return file_name([_("Stock Count"), hotel_code, day.isoformat()])


def stock_report_file_name(*, hotel_code: str, day: dt.date) -> str:
    """``Laporan-Stok_EMR_2026-11-27.pdf``."""
    return file_name([_("Stock Report"), hotel_code, day.isoformat()])


def waste_report_file_name(*, hotel_code: str | None, date_from: dt.date, date_to: dt.date) -> str:
    """``Laporan-Barang-Rusak_EMR_2026-11-01_2026-11-30.pdf`` (``Semua`` for every hotel)."""
    hotel = hotel_code if hotel_code else _("All")
    return file_name([_("Waste Report"), hotel, date_from.isoformat(), date_to.isoformat()])


# --------------------------------------------------------------------------- from the database


def hotel_codes(db: Database, hotel_ids: Iterable[int]) -> dict[int, str]:
    """Each hotel's code, by id."""
    ids = sorted(set(hotel_ids))
    with db.reader() as session:
        rows = session.execute(select(Hotel.id, Hotel.code).where(Hotel.id.in_(ids)))
        return {hotel_id: code for hotel_id, code in rows}


def supplier_codes(db: Database, supplier_ids: Iterable[int]) -> dict[int, str]:
    """Each supplier's code, by id."""
    ids = sorted(set(supplier_ids))
    with db.reader() as session:
        rows = session.execute(select(Supplier.id, Supplier.code).where(Supplier.id.in_(ids)))
        return {supplier_id: code for supplier_id, code in rows}


def invoice_file_name_of(db: Database, *, invoice_id: int) -> str:
    """:func:`invoice_file_name` of a stored invoice or credit note."""
    return invoice_file_names(db, [invoice_id]).get(invoice_id) or file_name([_("Invoice")])


def invoice_file_names(db: Database, invoice_ids: Iterable[int]) -> dict[int, str]:
    """:func:`invoice_file_name` of each stored invoice or credit note, read in one query
    (an id not found is left out)."""
    ids = sorted(set(invoice_ids))
    with db.reader() as session:
        rows = session.execute(
            select(Invoice.id, Invoice.number, Invoice.kind, Invoice.year, Invoice.month,
                   Hotel.code, Supplier.code)
            .join(Hotel, Hotel.id == Invoice.hotel_id)
            .join(Supplier, Supplier.id == Invoice.supplier_id)
            .where(Invoice.id.in_(ids))
        ).all()
    return {
        invoice_id: invoice_file_name(
            number=number or "", hotel_code=hotel_code, supplier_code=supplier_code,
            year=year, month=month, credit_note=kind == InvoiceKind.CREDIT_NOTE)
        for invoice_id, number, kind, year, month, hotel_code, supplier_code in rows
    }
