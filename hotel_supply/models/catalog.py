"""Products, contract prices, standing orders and par levels."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from sqlalchemy import ForeignKey, Index, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from hotel_supply.models.base import Base, Money, Stamped
from hotel_supply.models.enums import Category, Unit
from hotel_supply.models.parties import Hotel, Supplier
from hotel_supply.models.types import enum_type


class Product(Stamped, Base):
    __tablename__ = "product"

    id: Mapped[int] = mapped_column(primary_key=True)
    code: Mapped[str] = mapped_column(String(30), unique=True)
    name: Mapped[str]
    supplier_id: Mapped[int] = mapped_column(ForeignKey("supplier.id"), index=True)
    category: Mapped[Category] = mapped_column(enum_type(Category))
    unit: Mapped[Unit] = mapped_column(enum_type(Unit))
    perishable: Mapped[bool] = mapped_column(default=False)
    shelf_life_days: Mapped[int | None]
    standard_price: Mapped[int] = mapped_column(Money, default=0)  # rupiah per unit
    active: Mapped[bool] = mapped_column(default=True)

    supplier: Mapped[Supplier] = relationship()


class PriceAgreement(Stamped, Base):
    """Contract price of a product for a hotel, valid from a date, optionally to a date."""

    __tablename__ = "price_agreement"
    __table_args__ = (Index("ix_price_agreement_lookup", "hotel_id", "product_id", "valid_from"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    hotel_id: Mapped[int] = mapped_column(ForeignKey("hotel.id"))
    product_id: Mapped[int] = mapped_column(ForeignKey("product.id"), index=True)
    price: Mapped[int] = mapped_column(Money)
    valid_from: Mapped[dt.date]
    valid_to: Mapped[dt.date | None]  # inclusive; open-ended when empty
    active: Mapped[bool] = mapped_column(default=True)

    hotel: Mapped[Hotel] = relationship()
    product: Mapped[Product] = relationship()


class StandingOrder(Base):
    """Quantity of a product a hotel expects on one weekday (0 = Monday)."""

    __tablename__ = "standing_order"
    __table_args__ = (UniqueConstraint("hotel_id", "product_id", "weekday"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    hotel_id: Mapped[int] = mapped_column(ForeignKey("hotel.id"), index=True)
    product_id: Mapped[int] = mapped_column(ForeignKey("product.id"), index=True)
    weekday: Mapped[int]
    quantity: Mapped[Decimal]


class ParLevel(Base):
    """Stock a hotel wants to hold of a product; below it, reorder."""

    __tablename__ = "par_level"
    __table_args__ = (UniqueConstraint("hotel_id", "product_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    hotel_id: Mapped[int] = mapped_column(ForeignKey("hotel.id"))
    product_id: Mapped[int] = mapped_column(ForeignKey("product.id"), index=True)
    quantity: Mapped[Decimal]
