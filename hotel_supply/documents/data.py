"""Plain data the renderers draw from. Services build these; renderers never query.

Every text field is user text as typed: renderers escape it before it reaches
ReportLab markup. Amounts are whole rupiah (int), quantities Decimal.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal


@dataclass(frozen=True)
class Organisation:
    """The office that keeps the books for the programme (printed in the header)."""

    name: str
    address: str = ""
    city: str = ""
    phone: str = ""
    email: str = ""
    logo_path: str = ""  # PNG/JPEG file, may be empty or missing
    npwp: str = ""  # the office's own tax number (digits), printed under its name


@dataclass(frozen=True)
class Party:
    """A supplier or a hotel as a document shows it."""

    code: str
    name: str
    address: str = ""
    city: str = ""
    phone: str = ""
    contact: str = ""  # hotel: receiving contact; supplier: owner
    npwp: str = ""


@dataclass(frozen=True)
class DeliveryNoteLine:
    line_no: int
    product_code: str
    product_name: str
    unit: str  # already translated label, e.g. "pcs", "kg"
    ordered: Decimal
    delivered: Decimal
    accepted: Decimal
    rejected: Decimal
    rejection_reason: str  # translated label, "" when nothing rejected
    rejection_note: str
    unit_price: int
    amount: int  # accepted × unit price, rounded half-up
    lot_code: str = ""
    expiry_date: dt.date | None = None


@dataclass(frozen=True)
class DeliveryNoteData:
    """Surat Jalan / Tanda Terima Barang (SPEC section 4)."""

    number: str  # "" for a draft (printed as DRAFT, never given to a supplier)
    status: str  # "draft" | "posted" | "invoiced" | "cancelled"
    delivery_date: dt.date
    arrived_at: dt.datetime | None
    organisation: Organisation
    supplier: Party
    hotel: Party
    lines: tuple[DeliveryNoteLine, ...]
    driver_name: str = ""
    vehicle_plate: str = ""
    received_by: str = ""  # hotel staff who counted the goods (Penerima)
    known_by: str = ""  # the office's name under "Mengetahui"
    notes: str = ""
    cancel_reason: str = ""
    corrects_number: str = ""  # the cancelled delivery note this one corrects
    corrected_by_number: str = ""  # the delivery note that corrects this cancelled one
    printed_at: dt.datetime | None = None
    # Quantities of different units are never added: the note totals each unit on its own.
    total_value: int = 0  # sum of line amounts (accepted goods only)
    made_by: str = ""  # full name of the account that made it (footer)
