"""Monthly invoices, credit notes and payments (Tagihan, Nota Kredit, Pembayaran).

An issued invoice copies the parties, lines and totals it shows into its own
rows, so it never changes when master data does (SPEC rule 6).
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from sqlalchemy import ForeignKey, Index, Numeric, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from hotel_supply.models.base import Base, Money, Stamped
from hotel_supply.models.enums import InvoiceKind, InvoiceStatus, PaymentMethod
from hotel_supply.models.types import enum_type


class Invoice(Stamped, Base):
    __tablename__ = "invoice"
    __table_args__ = (Index("ix_invoice_period", "year", "month", "hotel_id", "supplier_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    kind: Mapped[InvoiceKind] = mapped_column(enum_type(InvoiceKind), default=InvoiceKind.INVOICE)
    number: Mapped[str | None] = mapped_column(String(40), unique=True)  # taken at issue
    status: Mapped[InvoiceStatus] = mapped_column(
        enum_type(InvoiceStatus), default=InvoiceStatus.DRAFT
    )
    supplier_id: Mapped[int] = mapped_column(ForeignKey("supplier.id"))
    hotel_id: Mapped[int] = mapped_column(ForeignKey("hotel.id"))
    year: Mapped[int]
    month: Mapped[int]
    issue_date: Mapped[dt.date | None]
    due_date: Mapped[dt.date | None]
    corrects_invoice_id: Mapped[int | None] = mapped_column(ForeignKey("invoice.id"), index=True)
    # Parties as they were at issue.
    supplier_name: Mapped[str] = mapped_column(default="")
    supplier_address: Mapped[str] = mapped_column(Text, default="")
    supplier_phone: Mapped[str] = mapped_column(String(40), default="")
    supplier_npwp: Mapped[str] = mapped_column(String(20), default="")
    supplier_is_pkp: Mapped[bool] = mapped_column(default=False)
    supplier_bank: Mapped[str] = mapped_column(Text, default="")
    hotel_billing_name: Mapped[str] = mapped_column(default="")
    hotel_address: Mapped[str] = mapped_column(Text, default="")
    hotel_npwp: Mapped[str] = mapped_column(String(20), default="")
    # The programme office's letterhead at issue (JSON), so a reprint is the same document.
    office: Mapped[str] = mapped_column(Text, default="", server_default="")
    # Totals as issued.
    subtotal: Mapped[int] = mapped_column(Money, default=0)
    tax_base: Mapped[int] = mapped_column(Money, default=0)  # DPP
    ppn_rate: Mapped[Decimal] = mapped_column(Numeric(5, 2), default=Decimal(0))  # percent
    ppn: Mapped[int] = mapped_column(Money, default=0)
    total: Mapped[int] = mapped_column(Money, default=0)
    notes: Mapped[str] = mapped_column(Text, default="")
    issued_at: Mapped[dt.datetime | None]
    issued_by: Mapped[str] = mapped_column(String(80), default="")
    cancelled_at: Mapped[dt.datetime | None]
    cancel_reason: Mapped[str] = mapped_column(Text, default="")
    version: Mapped[int] = mapped_column(default=1)

    lines: Mapped[list[InvoiceLine]] = relationship(
        back_populates="invoice", cascade="all, delete-orphan", order_by="InvoiceLine.line_no"
    )
    payments: Mapped[list[Payment]] = relationship(back_populates="invoice")

    __mapper_args__ = {"version_id_col": version}


class InvoiceLine(Base):
    __tablename__ = "invoice_line"

    id: Mapped[int] = mapped_column(primary_key=True)
    invoice_id: Mapped[int] = mapped_column(ForeignKey("invoice.id"), index=True)
    line_no: Mapped[int]
    delivery_line_id: Mapped[int | None] = mapped_column(ForeignKey("delivery_line.id"), index=True)
    # The delivery line this line bills, set only on an issued invoice (never on a draft or a
    # credit note): its unique index lets a delivery line be billed at most once.
    billed_delivery_line_id: Mapped[int | None] = mapped_column(index=True, unique=True)
    corrects_line_id: Mapped[int | None] = mapped_column(ForeignKey("invoice_line.id"))
    delivery_date: Mapped[dt.date | None]
    delivery_number: Mapped[str] = mapped_column(String(40), default="")
    product_code: Mapped[str] = mapped_column(String(30), default="")
    product_name: Mapped[str] = mapped_column(default="")
    unit: Mapped[str] = mapped_column(String(20), default="")
    quantity: Mapped[Decimal]
    unit_price: Mapped[int] = mapped_column(Money)
    amount: Mapped[int] = mapped_column(Money)

    invoice: Mapped[Invoice] = relationship(back_populates="lines")


class Payment(Stamped, Base):
    __tablename__ = "payment"

    id: Mapped[int] = mapped_column(primary_key=True)
    number: Mapped[str] = mapped_column(String(40), unique=True)  # receipt (kuitansi) number
    invoice_id: Mapped[int] = mapped_column(ForeignKey("invoice.id"), index=True)
    paid_on: Mapped[dt.date]
    amount: Mapped[int] = mapped_column(Money)
    method: Mapped[PaymentMethod] = mapped_column(enum_type(PaymentMethod))
    reference: Mapped[str] = mapped_column(default="")
    notes: Mapped[str] = mapped_column(Text, default="")

    invoice: Mapped[Invoice] = relationship(back_populates="payments")
