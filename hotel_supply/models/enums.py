"""Fixed vocabularies stored as short strings; labels are translated where shown."""

from __future__ import annotations

from enum import StrEnum

from hotel_supply.i18n import N_


class LegalForm(StrEnum):
    CV = "cv"
    UD = "ud"
    SOLE = "sole"  # perorangan: sole trader


class Category(StrEnum):
    COFFEE = "coffee"
    SNACK = "snack"
    FISH = "fish"
    BAKERY = "bakery"
    BATIK = "batik"
    CRAFT = "craft"


class Unit(StrEnum):
    PCS = "pcs"
    PAK = "pak"
    KG = "kg"
    LITER = "liter"
    KOTAK = "kotak"
    LEMBAR = "lembar"


class CertificateKind(StrEnum):
    BNSP = "bnsp"
    HALAL = "halal"
    PIRT = "pirt"


class HotelKind(StrEnum):
    HOTEL = "hotel"
    RESTAURANT = "restaurant"


class OutletKind(StrEnum):
    KITCHEN = "kitchen"
    MINIBAR = "minibar"
    BANQUET = "banquet"
    GIFT_SHOP = "gift_shop"
    OTHER = "other"


class OrderSource(StrEnum):
    STANDING = "standing"
    ADHOC = "adhoc"


class OrderStatus(StrEnum):
    OPEN = "open"
    DELIVERED = "delivered"
    CANCELLED = "cancelled"


class DeliveryStatus(StrEnum):
    DRAFT = "draft"
    POSTED = "posted"
    INVOICED = "invoiced"
    CANCELLED = "cancelled"


class RejectionReason(StrEnum):
    DAMAGED = "damaged"
    EXPIRED = "expired"  # expired or too close to expiry
    WRONG_PRODUCT = "wrong_product"
    QUALITY = "quality"
    EXCESS = "excess"  # more than was ordered


class MovementKind(StrEnum):
    RECEIPT = "receipt"
    RECEIPT_REVERSAL = "receipt_reversal"  # counter-movement of a cancelled delivery
    ISSUE = "issue"
    WASTE = "waste"
    RETURN = "return"
    ADJUSTMENT = "adjustment"


class StockDocumentKind(StrEnum):
    ISSUE = "issue"
    WASTE = "waste"
    RETURN = "return"


class WasteReason(StrEnum):
    EXPIRED = "expired"
    DAMAGED = "damaged"
    SPOILED = "spoiled"
    OTHER = "other"


class ReturnReason(StrEnum):
    DAMAGED = "damaged"
    EXPIRED = "expired"
    QUALITY = "quality"
    WRONG_PRODUCT = "wrong_product"
    EXCESS = "excess"
    OTHER = "other"


class CountStatus(StrEnum):
    OPEN = "open"
    POSTED = "posted"
    CANCELLED = "cancelled"


class InvoiceKind(StrEnum):
    INVOICE = "invoice"
    CREDIT_NOTE = "credit_note"


class InvoiceStatus(StrEnum):
    DRAFT = "draft"
    ISSUED = "issued"
    CANCELLED = "cancelled"


class PaymentMethod(StrEnum):
    TRANSFER = "transfer"
    CASH = "cash"
    GIRO = "giro"


class PeriodStatus(StrEnum):
    OPEN = "open"
    CLOSED = "closed"


class Role(StrEnum):
    """What an account may do; one account may hold several (issue 8)."""

    ADMIN = "admin"  # users, settings, numbering, PPN, reopening months
    FINANCE = "keuangan"  # invoices, credit notes, payments, closing months
    PURCHASING = "pembelian"  # orders, standing orders, master data, prices
    STOREROOM = "gudang"  # receiving, issues, waste, returns, counts
    VIEWER = "pemantau"  # read, print and export only


# Labels are keyed by (enum class, value): "expired" is a different word for a rejected
# delivery line than for a waste write-off.
_LABEL_PAIRS: list[tuple[StrEnum, str]] = [
    (LegalForm.CV, N_("CV")),
    (LegalForm.UD, N_("UD")),
    (LegalForm.SOLE, N_("Sole trader")),
    (Category.COFFEE, N_("Coffee")),
    (Category.SNACK, N_("Traditional snacks")),
    (Category.FISH, N_("Processed fish")),
    (Category.BAKERY, N_("Bakery")),
    (Category.BATIK, N_("Batik & tapis")),
    (Category.CRAFT, N_("Handicrafts")),
    (Unit.PCS, N_("pcs")),
    (Unit.PAK, N_("pack")),
    (Unit.KG, N_("kg")),
    (Unit.LITER, N_("liter")),
    (Unit.KOTAK, N_("box")),
    (Unit.LEMBAR, N_("sheet")),
    (CertificateKind.BNSP, N_("BNSP competence")),
    (CertificateKind.HALAL, N_("Halal")),
    (CertificateKind.PIRT, N_("P-IRT")),
    (HotelKind.HOTEL, N_("Hotel")),
    (HotelKind.RESTAURANT, N_("Restaurant")),
    (OutletKind.KITCHEN, N_("Kitchen")),
    (OutletKind.MINIBAR, N_("Minibar")),
    (OutletKind.BANQUET, N_("Banquet")),
    (OutletKind.GIFT_SHOP, N_("Gift shop")),
    (OutletKind.OTHER, N_("Other")),
    (OrderSource.STANDING, N_("Standing order")),
    (OrderSource.ADHOC, N_("Ad-hoc order")),
    (OrderStatus.OPEN, N_("Expected")),
    (OrderStatus.DELIVERED, N_("Delivered")),
    (OrderStatus.CANCELLED, N_("Cancelled")),
    (DeliveryStatus.DRAFT, N_("Draft")),
    (DeliveryStatus.POSTED, N_("Posted")),
    (DeliveryStatus.INVOICED, N_("Invoiced")),
    (DeliveryStatus.CANCELLED, N_("Cancelled")),
    (RejectionReason.DAMAGED, N_("Damaged")),
    (RejectionReason.EXPIRED, N_("Expired or near expiry")),
    (RejectionReason.WRONG_PRODUCT, N_("Wrong product")),
    (RejectionReason.QUALITY, N_("Quality")),
    (RejectionReason.EXCESS, N_("Excess over order")),
    (MovementKind.RECEIPT, N_("Receipt")),
    (MovementKind.RECEIPT_REVERSAL, N_("Receipt cancelled")),
    (MovementKind.ISSUE, N_("Issue to outlet")),
    (MovementKind.WASTE, N_("Waste")),
    (MovementKind.RETURN, N_("Return to supplier")),
    (MovementKind.ADJUSTMENT, N_("Count adjustment")),
    (WasteReason.EXPIRED, N_("Expired")),
    (WasteReason.DAMAGED, N_("Damaged")),
    (WasteReason.SPOILED, N_("Spoiled")),
    (WasteReason.OTHER, N_("Other")),
    (ReturnReason.DAMAGED, N_("Damaged")),
    (ReturnReason.EXPIRED, N_("Expired or near expiry")),
    (ReturnReason.QUALITY, N_("Quality")),
    (ReturnReason.WRONG_PRODUCT, N_("Wrong product")),
    (ReturnReason.EXCESS, N_("Excess")),
    (ReturnReason.OTHER, N_("Other")),
    (StockDocumentKind.ISSUE, N_("Issue to outlet")),
    (StockDocumentKind.WASTE, N_("Waste write-off")),
    (StockDocumentKind.RETURN, N_("Return to supplier")),
    (CountStatus.OPEN, N_("In progress")),
    (CountStatus.POSTED, N_("Posted")),
    (Role.ADMIN, N_("Administrator")),
    (Role.FINANCE, N_("Accounts (Keuangan)")),
    (Role.PURCHASING, N_("Purchasing (Pembelian)")),
    (Role.STOREROOM, N_("Storeroom (Gudang)")),
    (Role.VIEWER, N_("Viewer (Pemantau)")),
    (CountStatus.CANCELLED, N_("Cancelled")),
    (InvoiceStatus.DRAFT, N_("Draft")),
    (InvoiceStatus.ISSUED, N_("Issued")),
    (InvoiceStatus.CANCELLED, N_("Cancelled")),
    (PaymentMethod.TRANSFER, N_("Bank transfer")),
    (PaymentMethod.CASH, N_("Cash")),
    (PaymentMethod.GIRO, N_("Giro / cheque")),
    (PeriodStatus.OPEN, N_("Not closed")),
    (PeriodStatus.CLOSED, N_("Closed")),
]
LABELS: dict[tuple[type, str], str] = {(type(m), m.value): text for m, text in _LABEL_PAIRS}


def label(value: StrEnum) -> str:
    """The translated label of an enum value, for screens and documents."""
    from hotel_supply.i18n import _

    return _(LABELS.get((type(value), value.value), str(value)))
