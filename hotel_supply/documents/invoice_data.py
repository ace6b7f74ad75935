"""Plain data of the month-end documents: the invoice (Tagihan) and credit note (Nota
Kredit), the hotel's monthly recap (Rekap Tagihan) and the payment receipt (Kuitansi);
the supplier statement's is in :mod:`hotel_supply.documents.statement_data`. Services
build these; renderers never query.

Every text field is user text as typed (renderers escape it). Amounts are whole
rupiah (int), quantities Decimal. An issued invoice's data comes only from the
invoice's own rows, so a reprint gives the same document.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal

from hotel_supply.documents.data import Organisation, Party


@dataclass(frozen=True)
class InvoiceDocLine:
    """One accepted delivery line as billed (or, on a credit note, as credited)."""

    line_no: int
    delivery_date: dt.date | None
    delivery_number: str
    product_code: str
    product_name: str
    unit: str  # translated label, e.g. "pcs", "kg"
    quantity: Decimal
    unit_price: int
    amount: int
    invoice_line_id: int | None = None  # for a credit note against this line; not printed


@dataclass(frozen=True)
class InvoiceDocData:
    """Tagihan or Nota Kredit (SPEC section 4).

    ``supplier`` is the issuer and ``hotel`` the customer (billing name, address,
    NPWP), both as frozen on the invoice at issue. ``tax_base_fraction`` is the DPP
    fraction as printed ("11/12"), "" when it cannot be told from the amounts.
    """

    kind: str  # "invoice" | "credit_note"
    number: str  # "" for a draft
    status: str  # "draft" | "issued" | "cancelled"
    year: int
    month: int
    issue_date: dt.date | None
    due_date: dt.date | None
    organisation: Organisation
    supplier: Party
    supplier_is_pkp: bool
    supplier_bank: str  # "Bank Lampung · 380.01.02.123 · UD Sari Rasa"
    hotel: Party
    lines: tuple[InvoiceDocLine, ...]
    subtotal: int
    tax_base: int  # DPP
    tax_base_fraction: str
    ppn_rate: Decimal  # percent
    ppn: int
    total: int
    notes: str = ""  # the invoice's notes; a credit note's reason
    corrects_number: str = ""  # a credit note: the invoice it corrects
    corrects_issue_date: dt.date | None = None
    cancel_reason: str = ""
    issued_by: str = ""
    printed_at: dt.datetime | None = None  # an issued document: its issue time
    made_by: str = ""  # full name of the account that made it (footer)

    @property
    def is_credit_note(self) -> bool:
        return self.kind == "credit_note"

    @property
    def is_draft(self) -> bool:
        return self.status == "draft" or not self.number.strip()

    @property
    def charges_ppn(self) -> bool:
        return self.supplier_is_pkp and self.ppn_rate > 0


# --------------------------------------------------------------------------- hotel recap


@dataclass(frozen=True)
class RecapInvoice:
    """One supplier's invoice of the month, with what was credited and paid up to the day."""

    number: str
    status: str  # "issued" | "cancelled"
    supplier_name: str
    issue_date: dt.date | None
    due_date: dt.date | None
    subtotal: int
    ppn: int
    total: int
    credited: int
    paid: int
    state: str  # "unpaid" | "partly_paid" | "paid" | "overdue" | "cancelled"
    delivery_numbers: tuple[str, ...]  # every delivery note billed, in order
    credit_notes: tuple[str, ...] = ()  # numbers of the credit notes against it

    @property
    def outstanding(self) -> int:
        return self.total - self.credited - self.paid if self.status != "cancelled" else 0


@dataclass(frozen=True)
class RecapTotals:
    subtotal: int = 0
    ppn: int = 0
    total: int = 0
    credited: int = 0
    paid: int = 0
    outstanding: int = 0


@dataclass(frozen=True)
class HotelRecapData:
    """Rekap Tagihan: every supplier's invoice for one hotel and month."""

    organisation: Organisation
    hotel: Party
    year: int
    month: int
    as_of: dt.date  # credits and payments counted up to this day
    invoices: tuple[RecapInvoice, ...]
    totals: RecapTotals
    draft_count: int = 0  # invoices of the month not issued yet
    printed_at: dt.datetime | None = None
    made_by: str = ""  # full name of the account that made it (footer)


# --------------------------------------------------------------------------- receipt


@dataclass(frozen=True)
class ReceiptEntry:
    """One line of the account a kuitansi prints: its signed effect on what the hotel owes
    (the invoice +, a credit note −, a payment −, a refund +)."""

    kind: str  # "invoice" | "credit_note" | "payment" | "refund"
    number: str
    day: dt.date | None
    amount: int


@dataclass(frozen=True)
class PaymentReceiptData:
    """Kuitansi: the receipt the supplier (through the office) gives the hotel.

    ``paid_in_full``: nothing is owed on the invoice after this payment (LUNAS);
    ``needs_meterai``: the amount is above the stamp-duty threshold.
    """

    organisation: Organisation
    number: str
    paid_on: dt.date
    amount: int
    method: str  # translated label
    reference: str
    payer: str  # the hotel's billing name (Telah terima dari)
    hotel_address: str
    supplier_name: str  # on whose behalf it is received
    invoice_number: str
    invoice_issue_date: dt.date | None
    invoice_total: int
    credited: int
    paid_before: int
    outstanding_after: int
    paid_in_full: bool
    needs_meterai: bool
    meterai_above: int
    received_by: str = ""  # who recorded the payment
    notes: str = ""
    # The invoice, each credit note and each earlier payment or refund up to this one, in
    # date order: with this payment they add up to ``outstanding_after`` on the paper.
    history: tuple[ReceiptEntry, ...] = ()
    is_refund: bool = False  # money paid back to the hotel: the hotel signs for it
    city: str = ""  # "Bandar Lampung" before the date
    printed_at: dt.datetime | None = None
    made_by: str = ""  # full name of the account that made it (footer)
