"""What "Hari Ini" warns of: lots about to expire, certificates about to lapse."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal

from sqlalchemy import func, select

from hotel_supply.db import Database
from hotel_supply.models import Certificate, Hotel, Product, StockLot, Supplier
from hotel_supply.models.enums import CertificateKind, Unit
from hotel_supply.services.stock import OPEN_LOT

# Older expired stock is still in the stock page's "expired" filter and the stock report.
EXPIRED_LOOKBACK_DAYS = 60


@dataclass(frozen=True)
class ExpiringLot:
    hotel_id: int
    hotel_name: str
    product_id: int
    product_name: str
    unit: Unit
    lot_id: int
    lot_code: str
    expiry_date: dt.date
    quantity: Decimal
    days_left: int  # 0 today, 1 tomorrow, negative: already expired


def expiring_lots(db: Database, *, day: dt.date, within_days: int,
                  hotel_id: int | None = None) -> list[ExpiringLot]:
    """Lots holding stock now that expire by ``day + within_days``, and those that expired
    in the last ``EXPIRED_LOOKBACK_DAYS`` and still hold stock (to be written off).

    Answered from the lots' running balances through a partial index of the open lots, so
    it costs the same with five years of history as with one week.
    """
    horizon = day + dt.timedelta(days=within_days)
    oldest = day - dt.timedelta(days=EXPIRED_LOOKBACK_DAYS)
    with db.reader() as session:
        stmt = (
            select(StockLot.hotel_id, Hotel.name, StockLot.product_id, Product.name, Product.unit,
                   StockLot.id, StockLot.lot_code, StockLot.expiry_date, StockLot.on_hand)
            .join(Hotel, Hotel.id == StockLot.hotel_id)
            .join(Product, Product.id == StockLot.product_id)
            .where(OPEN_LOT, StockLot.on_hand > 0, StockLot.expiry_date >= oldest,
                   StockLot.expiry_date <= horizon)
        )
        if hotel_id is not None:
            stmt = stmt.where(StockLot.hotel_id == hotel_id)
        rows = [
            ExpiringLot(r[0], r[1], r[2], r[3], r[4], r[5], r[6] or "", expiry, r[8],
                        (expiry - day).days)
            for r in session.execute(stmt)
            if (expiry := r[7]) is not None
        ]
        rows.sort(key=lambda x: (x.expiry_date, x.hotel_name, x.product_name))
        return rows


@dataclass(frozen=True)
class ExpiringCertificate:
    supplier_id: int
    supplier_name: str
    kind: CertificateKind
    number: str
    expires_on: dt.date
    days_left: int


def expiring_certificates(db: Database, *, day: dt.date,
                          within_days: int = 30) -> list[ExpiringCertificate]:
    """Certificates of active suppliers that lapse within ``within_days`` (or have lapsed),
    ignoring one that a newer certificate of the same kind has replaced."""
    horizon = day + dt.timedelta(days=within_days)
    with db.reader() as session:
        latest = (
            select(Certificate.supplier_id, Certificate.kind,
                   func.max(Certificate.expires_on).label("expires_on"))
            .where(Certificate.expires_on.is_not(None))
            .group_by(Certificate.supplier_id, Certificate.kind)
            .subquery()
        )
        stmt = (
            select(Supplier.id, Supplier.name, Certificate.kind, Certificate.number,
                   Certificate.expires_on)
            .join(latest, (latest.c.supplier_id == Certificate.supplier_id)
                  & (latest.c.kind == Certificate.kind)
                  & (latest.c.expires_on == Certificate.expires_on))
            .join(Supplier, Supplier.id == Certificate.supplier_id)
            .where(Supplier.active.is_(True), Certificate.expires_on <= horizon)
            .order_by(Certificate.expires_on, Supplier.name)
        )
        return [ExpiringCertificate(r[0], r[1], r[2], r[3], expires, (expires - day).days)
                for r in session.execute(stmt) if (expires := r[4]) is not None]
