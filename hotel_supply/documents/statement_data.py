"""Plain data of the supplier statement: one UMKM's account with the hotels for a month.

The statement is a receivable account: what the partner hotels owe the UMKM.
It ties out on its face (SPEC section 4): opening balance + invoices − credit
notes − payments received + refunds paid back = closing balance, and the
ageing of the open invoices adds up to that closing balance.

Every money figure of the account includes PPN where the UMKM charges it
(invoice and credit-note totals, as issued). Only the deliveries' accepted
values are before PPN: they are goods, not yet documents of the account.
Text fields are user text as typed (renderers escape it).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from hotel_supply.documents.data import Organisation, Party

# Kinds of the account's lines: invoices and refunds add to the balance, the others take off.
INVOICE = "invoice"
CREDIT_NOTE = "credit_note"
PAYMENT = "payment"
REFUND = "refund"


@dataclass(frozen=True)
class StatementDelivery:
    """A delivery of the month, with the issued invoice that bills it (if any)."""

    delivery_date: dt.date
    number: str
    hotel_name: str
    accepted_value: int  # before PPN; 0 when cancelled or rejected in full
    status: str  # "posted" | "invoiced" | "rejected" (nothing accepted) | "cancelled"
    invoice_number: str = ""  # issued up to the statement date

    @property
    def awaiting_invoice(self) -> bool:
        """Accepted goods no invoice bills yet (a rejected or cancelled one never is)."""
        return self.status in ("posted", "invoiced") and not self.invoice_number


@dataclass(frozen=True)
class StatementEntry:
    """One line of the account in the period: an invoice, credit note, payment or refund.

    ``amount`` is positive as printed; invoices and refunds add it to the balance,
    credit notes and payments take it off. ``balance`` is the running balance after it.
    """

    kind: str  # INVOICE | CREDIT_NOTE | PAYMENT | REFUND
    day: dt.date
    number: str
    hotel_name: str
    amount: int
    balance: int
    invoice_number: str = ""  # the invoice corrected, paid or refunded; "" on an invoice
    due_date: dt.date | None = None  # an invoice
    billed_year: int = 0  # an invoice: the month it bills
    billed_month: int = 0
    method: str = ""  # a payment or refund: translated label
    reference: str = ""

    @property
    def adds(self) -> bool:
        return self.kind in (INVOICE, REFUND)

    @property
    def debit(self) -> int:
        return self.amount if self.adds else 0

    @property
    def credit(self) -> int:
        return 0 if self.adds else self.amount


@dataclass(frozen=True)
class OpenInvoice:
    """An invoice with a balance on the statement date (below zero: overpaid)."""

    number: str
    hotel_name: str
    issue_date: dt.date
    due_date: dt.date | None
    total: int
    credited: int  # credit notes up to the statement date
    paid: int  # payments less refunds up to the statement date
    days_overdue: int  # statement date − due date; 0 or less: not yet due

    @property
    def open(self) -> int:
        return self.total - self.credited - self.paid

    @property
    def overpaid(self) -> bool:
        return self.open < 0


@dataclass(frozen=True)
class Ageing:
    """The closing balance by how long it is past due; ``credit`` (zero or below) is what
    overpaid invoices owe back to the hotels."""

    not_due: int = 0
    days_1_30: int = 0
    days_31_60: int = 0
    days_61_90: int = 0
    over_90: int = 0
    credit: int = 0

    @property
    def total(self) -> int:
        return (
            self.not_due
            + self.days_1_30
            + self.days_31_60
            + self.days_61_90
            + self.over_90
            + self.credit
        )


@dataclass(frozen=True)
class SupplierStatementData:
    """One UMKM's statement of account across hotels for a month, made up to ``as_of``
    (the month's last day, or the day it is printed if the month has not ended)."""

    organisation: Organisation
    supplier: Party
    supplier_bank: str
    supplier_is_pkp: bool
    year: int
    month: int
    period_start: dt.date
    as_of: dt.date
    opening_balance: int  # everything dated before ``period_start``
    entries: tuple[StatementEntry, ...]  # dated from ``period_start`` to ``as_of``
    invoiced: int
    credited: int
    received: int
    refunded: int
    closing_balance: int  # the sum of the open invoices' balances on ``as_of``
    ageing: Ageing
    open_invoices: tuple[OpenInvoice, ...]
    deliveries: tuple[StatementDelivery, ...]
    printed_at: dt.datetime | None = None
    made_by: str = ""  # full name of the account that made it (footer)

    @property
    def delivered_value(self) -> int:
        return sum(d.accepted_value for d in self.deliveries)

    @property
    def awaiting_invoice_value(self) -> int:
        return sum(d.accepted_value for d in self.deliveries if d.awaiting_invoice)
