"""SQLAlchemy typed models: the whole schema of the domain."""

from hotel_supply.models.admin import (
    AppUser,
    AuditChainHead,
    AuditEntry,
    NumberSeries,
    Period,
    Setting,
)
from hotel_supply.models.base import Base
from hotel_supply.models.catalog import ParLevel, PriceAgreement, Product, StandingOrder
from hotel_supply.models.deliveries import Delivery, DeliveryLine
from hotel_supply.models.invoices import Invoice, InvoiceLine, Payment
from hotel_supply.models.orders import Order, OrderLine
from hotel_supply.models.parties import Certificate, Hotel, Outlet, Supplier
from hotel_supply.models.stock import (
    StockCount,
    StockCountLine,
    StockDocument,
    StockLot,
    StockMovement,
)

__all__ = [
    "AppUser",
    "AuditChainHead",
    "AuditEntry",
    "Base",
    "Certificate",
    "Delivery",
    "DeliveryLine",
    "Hotel",
    "Invoice",
    "InvoiceLine",
    "NumberSeries",
    "Order",
    "OrderLine",
    "Outlet",
    "ParLevel",
    "Payment",
    "Period",
    "PriceAgreement",
    "Product",
    "Setting",
    "StandingOrder",
    "StockCount",
    "StockCountLine",
    "StockDocument",
    "StockLot",
    "StockMovement",
    "Supplier",
]
