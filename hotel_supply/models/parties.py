"""Suppliers (UMKM), their certificates, partner hotels and their outlets."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import ForeignKey, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from hotel_supply.models.base import Base, Stamped
from hotel_supply.models.enums import Category, CertificateKind, HotelKind, LegalForm, OutletKind
from hotel_supply.models.types import enum_type


class Supplier(Stamped, Base):
    """A UMKM producer (Pemasok)."""

    __tablename__ = "supplier"

    id: Mapped[int] = mapped_column(primary_key=True)
    code: Mapped[str] = mapped_column(String(20), unique=True)
    name: Mapped[str]
    legal_form: Mapped[LegalForm] = mapped_column(enum_type(LegalForm))
    category: Mapped[Category] = mapped_column(enum_type(Category))
    owner_name: Mapped[str] = mapped_column(default="")
    phone: Mapped[str] = mapped_column(String(40), default="")
    address: Mapped[str] = mapped_column(Text, default="")
    city: Mapped[str] = mapped_column(String(80), default="Bandar Lampung")
    nib: Mapped[str] = mapped_column(String(20), default="")  # business licence number (13 digits)
    npwp: Mapped[str] = mapped_column(String(20), default="")  # tax id, 16 digits since 2024
    is_pkp: Mapped[bool] = mapped_column(default=False)  # VAT-registered: may charge PPN
    bank_name: Mapped[str] = mapped_column(String(80), default="")
    bank_account_no: Mapped[str] = mapped_column(String(40), default="")
    bank_account_name: Mapped[str] = mapped_column(default="")
    coaching_start: Mapped[dt.date | None]  # start of the programme's six-month monitoring
    notes: Mapped[str] = mapped_column(Text, default="")
    active: Mapped[bool] = mapped_column(default=True)

    certificates: Mapped[list[Certificate]] = relationship(
        back_populates="supplier", cascade="all, delete-orphan", order_by="Certificate.expires_on"
    )


class Certificate(Base):
    __tablename__ = "certificate"

    id: Mapped[int] = mapped_column(primary_key=True)
    supplier_id: Mapped[int] = mapped_column(ForeignKey("supplier.id"), index=True)
    kind: Mapped[CertificateKind] = mapped_column(enum_type(CertificateKind))
    number: Mapped[str] = mapped_column(String(80))
    issued_on: Mapped[dt.date | None]
    expires_on: Mapped[dt.date | None]

    supplier: Mapped[Supplier] = relationship(back_populates="certificates")


class Hotel(Stamped, Base):
    """A partner hotel or restaurant (Hotel Mitra)."""

    __tablename__ = "hotel"

    id: Mapped[int] = mapped_column(primary_key=True)
    code: Mapped[str] = mapped_column(String(20), unique=True)
    name: Mapped[str]
    kind: Mapped[HotelKind] = mapped_column(enum_type(HotelKind), default=HotelKind.HOTEL)
    address: Mapped[str] = mapped_column(Text, default="")
    city: Mapped[str] = mapped_column(String(80), default="Bandar Lampung")
    phone: Mapped[str] = mapped_column(String(40), default="")
    receiving_contact: Mapped[str] = mapped_column(default="")  # who signs for deliveries
    receiving_phone: Mapped[str] = mapped_column(String(40), default="")
    billing_name: Mapped[str] = mapped_column(default="")  # legal name on invoices
    billing_address: Mapped[str] = mapped_column(Text, default="")
    npwp: Mapped[str] = mapped_column(String(20), default="")
    payment_terms_days: Mapped[int] = mapped_column(default=30)
    active: Mapped[bool] = mapped_column(default=True)

    outlets: Mapped[list[Outlet]] = relationship(
        back_populates="hotel", cascade="all, delete-orphan", order_by="Outlet.code"
    )


class Outlet(Base):
    """A department of a hotel that consumes stock."""

    __tablename__ = "outlet"
    __table_args__ = (UniqueConstraint("hotel_id", "code"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    hotel_id: Mapped[int] = mapped_column(ForeignKey("hotel.id"), index=True)
    code: Mapped[str] = mapped_column(String(20))
    name: Mapped[str]
    kind: Mapped[OutletKind] = mapped_column(enum_type(OutletKind))
    active: Mapped[bool] = mapped_column(default=True)

    hotel: Mapped[Hotel] = relationship(back_populates="outlets")
