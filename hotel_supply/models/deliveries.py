"""One supplier's drop at one hotel on one date (Pengiriman / Surat Jalan)."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from sqlalchemy import ForeignKey, Index, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from hotel_supply.models.base import Base, Money, Stamped
from hotel_supply.models.catalog import Product
from hotel_supply.models.enums import DeliveryStatus, RejectionReason
from hotel_supply.models.orders import Order
from hotel_supply.models.parties import Hotel, Supplier
from hotel_supply.models.types import enum_type


class Delivery(Stamped, Base):
    __tablename__ = "delivery"
    __table_args__ = (
        Index("ix_delivery_day", "delivery_date", "hotel_id"),
        Index("ix_delivery_supplier_day", "supplier_id", "delivery_date"),
        Index("ix_delivery_list", "delivery_date", "id"),  # the list's windows, in order
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    number: Mapped[str | None] = mapped_column(String(40), unique=True)  # taken at posting
    hotel_id: Mapped[int] = mapped_column(ForeignKey("hotel.id"))
    supplier_id: Mapped[int] = mapped_column(ForeignKey("supplier.id"))
    order_id: Mapped[int | None] = mapped_column(ForeignKey("purchase_order.id"), index=True)
    delivery_date: Mapped[dt.date]
    arrived_at: Mapped[dt.datetime | None]
    status: Mapped[DeliveryStatus] = mapped_column(
        enum_type(DeliveryStatus), default=DeliveryStatus.DRAFT, index=True
    )
    driver_name: Mapped[str] = mapped_column(default="")
    vehicle_plate: Mapped[str] = mapped_column(String(20), default="")
    received_by: Mapped[str] = mapped_column(default="")  # hotel staff who counted the goods
    notes: Mapped[str] = mapped_column(Text, default="")
    posted_at: Mapped[dt.datetime | None]
    posted_by: Mapped[str] = mapped_column(String(80), default="")
    cancelled_at: Mapped[dt.datetime | None]
    cancelled_by: Mapped[str] = mapped_column(String(80), default="")
    cancel_reason: Mapped[str] = mapped_column(Text, default="")
    # the cancelled delivery this one corrects (a posted delivery corrected in one step)
    corrects_id: Mapped[int | None] = mapped_column(ForeignKey("delivery.id"), index=True)
    version: Mapped[int] = mapped_column(default=1)  # optimistic lock between PCs

    hotel: Mapped[Hotel] = relationship()
    supplier: Mapped[Supplier] = relationship()
    order: Mapped[Order | None] = relationship()
    corrects: Mapped[Delivery | None] = relationship(remote_side="Delivery.id")
    lines: Mapped[list[DeliveryLine]] = relationship(
        back_populates="delivery", cascade="all, delete-orphan", order_by="DeliveryLine.line_no"
    )

    __mapper_args__ = {"version_id_col": version}


class DeliveryLine(Base):
    """delivered = accepted + rejected; only accepted goods enter stock and are billed."""

    __tablename__ = "delivery_line"

    id: Mapped[int] = mapped_column(primary_key=True)
    delivery_id: Mapped[int] = mapped_column(ForeignKey("delivery.id"), index=True)
    line_no: Mapped[int]
    product_id: Mapped[int] = mapped_column(ForeignKey("product.id"), index=True)
    ordered_qty: Mapped[Decimal] = mapped_column(default=Decimal(0))
    delivered_qty: Mapped[Decimal] = mapped_column(default=Decimal(0))
    accepted_qty: Mapped[Decimal] = mapped_column(default=Decimal(0))
    rejected_qty: Mapped[Decimal] = mapped_column(default=Decimal(0))
    rejection_reason: Mapped[RejectionReason | None] = mapped_column(enum_type(RejectionReason))
    rejection_note: Mapped[str] = mapped_column(Text, default="")
    unit_price: Mapped[int] = mapped_column(Money, default=0)  # kept from the agreement at the date
    amount: Mapped[int] = mapped_column(Money, default=0)  # accepted × price, half-up
    lot_code: Mapped[str] = mapped_column(String(40), default="")
    expiry_date: Mapped[dt.date | None]

    delivery: Mapped[Delivery] = relationship(back_populates="lines")
    product: Mapped[Product] = relationship()
