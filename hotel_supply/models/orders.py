"""What a hotel expects from a supplier on a date (Pesanan)."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from sqlalchemy import ForeignKey, Index, Text, text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from hotel_supply.models.base import Base, Stamped
from hotel_supply.models.catalog import Product
from hotel_supply.models.enums import OrderSource, OrderStatus
from hotel_supply.models.parties import Hotel, Supplier
from hotel_supply.models.types import enum_type


class Order(Stamped, Base):
    __tablename__ = "purchase_order"
    __table_args__ = (
        Index("ix_purchase_order_day", "order_date", "hotel_id", "supplier_id"),
        # one standing order per hotel, supplier and day, however often it is materialised
        Index(
            "uq_purchase_order_standing",
            "hotel_id",
            "supplier_id",
            "order_date",
            unique=True,
            sqlite_where=text("source = 'standing'"),
            postgresql_where=text("source = 'standing'"),
        ),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    hotel_id: Mapped[int] = mapped_column(ForeignKey("hotel.id"))
    supplier_id: Mapped[int] = mapped_column(ForeignKey("supplier.id"), index=True)
    order_date: Mapped[dt.date]  # the day the goods are expected
    source: Mapped[OrderSource] = mapped_column(enum_type(OrderSource))
    status: Mapped[OrderStatus] = mapped_column(enum_type(OrderStatus), default=OrderStatus.OPEN)
    notes: Mapped[str] = mapped_column(Text, default="")

    hotel: Mapped[Hotel] = relationship()
    supplier: Mapped[Supplier] = relationship()
    lines: Mapped[list[OrderLine]] = relationship(
        back_populates="order", cascade="all, delete-orphan", order_by="OrderLine.id"
    )


class OrderLine(Base):
    __tablename__ = "purchase_order_line"

    id: Mapped[int] = mapped_column(primary_key=True)
    order_id: Mapped[int] = mapped_column(ForeignKey("purchase_order.id"), index=True)
    product_id: Mapped[int] = mapped_column(ForeignKey("product.id"), index=True)
    quantity: Mapped[Decimal]

    order: Mapped[Order] = relationship(back_populates="lines")
    product: Mapped[Product] = relationship()
