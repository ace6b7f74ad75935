"""The append-only stock ledger, lots, stock documents and counts (Stok Opname)."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from sqlalchemy import ForeignKey, Index, String, Text, text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from hotel_supply.models.base import Base, Money, Stamped
from hotel_supply.models.catalog import Product
from hotel_supply.models.enums import CountStatus, MovementKind, StockDocumentKind
from hotel_supply.models.types import enum_type


class StockLot(Base):
    """Goods of one product received at one hotel with one lot code and expiry."""

    __tablename__ = "stock_lot"
    __table_args__ = (
        Index("ix_stock_lot_fefo", "hotel_id", "product_id", "expiry_date"),
        # the few lots that still hold something, by expiry: "what expires soon" stays cheap
        Index("ix_stock_lot_open", "expiry_date", "hotel_id",
              sqlite_where=text("on_hand <> 0"), postgresql_where=text("on_hand <> 0")),
        # and by hotel: one hotel's stock today, or every hotel's, from its few open lots
        Index("ix_stock_lot_open_hotel", "hotel_id", "product_id",
              sqlite_where=text("on_hand <> 0"), postgresql_where=text("on_hand <> 0")),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    hotel_id: Mapped[int] = mapped_column(ForeignKey("hotel.id"))
    product_id: Mapped[int] = mapped_column(ForeignKey("product.id"), index=True)
    lot_code: Mapped[str] = mapped_column(String(40), default="")
    expiry_date: Mapped[dt.date | None]
    received_on: Mapped[dt.date]
    unit_cost: Mapped[int] = mapped_column(Money, default=0)  # receipt price, for valuation
    delivery_line_id: Mapped[int | None] = mapped_column(ForeignKey("delivery_line.id"), index=True)
    # Running balance: the sum of this lot's movements, kept by stock.add_movement in the
    # same unit of work. A cache of the ledger, never edited by hand.
    on_hand: Mapped[Decimal] = mapped_column(default=Decimal(0), server_default="0")

    product: Mapped[Product] = relationship()


class StockDocument(Stamped, Base):
    """An issue to an outlet, a waste write-off or a return to a supplier."""

    __tablename__ = "stock_document"

    id: Mapped[int] = mapped_column(primary_key=True)
    number: Mapped[str] = mapped_column(String(40), unique=True)
    kind: Mapped[StockDocumentKind] = mapped_column(enum_type(StockDocumentKind))
    hotel_id: Mapped[int] = mapped_column(ForeignKey("hotel.id"), index=True)
    outlet_id: Mapped[int | None] = mapped_column(ForeignKey("outlet.id"))
    supplier_id: Mapped[int | None] = mapped_column(ForeignKey("supplier.id"))
    doc_date: Mapped[dt.date]
    reason: Mapped[str] = mapped_column(String(40), default="")
    notes: Mapped[str] = mapped_column(Text, default="")


class StockMovement(Base):
    """One signed change of a hotel's stock. Rows are never updated or deleted."""

    __tablename__ = "stock_movement"
    __table_args__ = (
        Index("ix_stock_movement_balance", "hotel_id", "product_id", "movement_date"),
        Index("ix_stock_movement_lot", "lot_id", "movement_date"),
        # a hotel's movements by date, with what a balance needs: sums read from the index alone
        Index("ix_stock_movement_dated", "hotel_id", "movement_date", "product_id", "lot_id",
              "quantity"),
        Index("ix_stock_movement_lotless", "hotel_id", "product_id",
              sqlite_where=text("lot_id IS NULL"), postgresql_where=text("lot_id IS NULL")),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    hotel_id: Mapped[int] = mapped_column(ForeignKey("hotel.id"))
    product_id: Mapped[int] = mapped_column(ForeignKey("product.id"))
    lot_id: Mapped[int | None] = mapped_column(ForeignKey("stock_lot.id"))
    movement_date: Mapped[dt.date]
    kind: Mapped[MovementKind] = mapped_column(enum_type(MovementKind))
    quantity: Mapped[Decimal]  # positive in, negative out
    unit_cost: Mapped[int] = mapped_column(Money, default=0)
    delivery_id: Mapped[int | None] = mapped_column(ForeignKey("delivery.id"), index=True)
    stock_document_id: Mapped[int | None] = mapped_column(
        ForeignKey("stock_document.id"), index=True
    )
    stock_count_id: Mapped[int | None] = mapped_column(ForeignKey("stock_count.id"), index=True)
    outlet_id: Mapped[int | None] = mapped_column(ForeignKey("outlet.id"))
    reason: Mapped[str] = mapped_column(String(40), default="")
    corrects_id: Mapped[int | None] = mapped_column(ForeignKey("stock_movement.id"))
    negative_confirmed: Mapped[bool] = mapped_column(default=False)  # user allowed going below 0
    created_at: Mapped[dt.datetime]
    created_by: Mapped[str] = mapped_column(String(80), default="")

    lot: Mapped[StockLot | None] = relationship()


class StockCount(Stamped, Base):
    __tablename__ = "stock_count"

    id: Mapped[int] = mapped_column(primary_key=True)
    number: Mapped[str | None] = mapped_column(String(40), unique=True)  # taken at posting
    hotel_id: Mapped[int] = mapped_column(ForeignKey("hotel.id"), index=True)
    count_date: Mapped[dt.date]
    status: Mapped[CountStatus] = mapped_column(enum_type(CountStatus), default=CountStatus.OPEN)
    show_book_quantities: Mapped[bool] = mapped_column(default=False)
    notes: Mapped[str] = mapped_column(Text, default="")
    posted_at: Mapped[dt.datetime | None]
    posted_by: Mapped[str] = mapped_column(String(80), default="")

    lines: Mapped[list[StockCountLine]] = relationship(
        back_populates="count", cascade="all, delete-orphan", order_by="StockCountLine.id"
    )


class StockCountLine(Base):
    __tablename__ = "stock_count_line"

    id: Mapped[int] = mapped_column(primary_key=True)
    count_id: Mapped[int] = mapped_column(ForeignKey("stock_count.id"), index=True)
    product_id: Mapped[int] = mapped_column(ForeignKey("product.id"))
    lot_id: Mapped[int | None] = mapped_column(ForeignKey("stock_lot.id"))
    book_qty: Mapped[Decimal]
    counted_qty: Mapped[Decimal | None]  # empty until typed
    reason: Mapped[str] = mapped_column(String(80), default="")

    count: Mapped[StockCount] = relationship(back_populates="lines")
    product: Mapped[Product] = relationship()
