"""What a receiving clerk types for a delivery, and its pure checks (no database).

``validate_delivery`` is used by the receiving dialog as the clerk types and by
every service that saves or posts a delivery, so both say the same thing.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from decimal import Decimal

from hotel_supply.i18n import N_, _
from hotel_supply.models.enums import RejectionReason, Unit
from hotel_supply.services.validation import (
    DEFAULT_MAX_LINE_QUANTITY,
    NOTES_MAX_LENGTH,
    date_problems,
    datetime_problems,
    enum_problems,
    id_problems,
    quantity_problems,
    text_problems,
)

ZERO = Decimal(0)
COUNTABLE_UNITS = frozenset({Unit.PCS, Unit.PAK, Unit.KOTAK, Unit.LEMBAR})


@dataclass
class LineInput:
    """One line as the receiving clerk typed it."""

    product_id: int
    ordered: Decimal = ZERO
    delivered: Decimal = ZERO
    accepted: Decimal = ZERO
    rejected: Decimal = ZERO
    rejection_reason: RejectionReason | None = None
    rejection_note: str = ""
    lot_code: str = ""
    expiry_date: dt.date | None = None


@dataclass
class DeliveryInput:
    """The editable part of a delivery."""

    delivery_date: dt.date
    arrived_at: dt.datetime | None = None
    driver_name: str = ""
    vehicle_plate: str = ""
    received_by: str = ""
    notes: str = ""
    lines: list[LineInput] = field(default_factory=list)


@dataclass(frozen=True)
class ProductInfo:
    """What the editor and the validation need to know of a product."""

    id: int
    code: str
    name: str
    unit: Unit
    perishable: bool
    shelf_life_days: int | None
    supplier_id: int


# --- validation (pure) ------------------------------------------------------


def _header_problems(data: DeliveryInput) -> dict[str, list[str]]:
    """The delivery's own fields: a date, and texts that fit their columns."""
    problems: dict[str, list[str]] = {}
    for key, found in (
        ("delivery_date", date_problems(data.delivery_date, label=_("The delivery date"))),
        ("arrived_at", datetime_problems(data.arrived_at, label=_("The arrival time"))),
        ("driver_name", text_problems(data.driver_name, label=_("The driver's name"))),
        ("vehicle_plate", text_problems(data.vehicle_plate, label=_("The vehicle plate"),
                                        max_length=20)),
        ("received_by", text_problems(data.received_by,
                                      label=_("The name of who received the goods"))),
        ("notes", text_problems(data.notes, label=_("The notes"), max_length=NOTES_MAX_LENGTH,
                                multiline=True)),
    ):
        if found:
            problems[key] = found
    if not isinstance(data.lines, list):
        problems["lines"] = [_("The lines of the delivery are missing.")]
    return problems


def _positive(value: object) -> bool:
    """A real number above zero (whatever else is wrong with it is said elsewhere)."""
    return (isinstance(value, int | Decimal) and not isinstance(value, bool)
            and Decimal(value).is_finite() and value > 0)


_QUANTITY_LABELS = {
    "ordered": N_("The ordered quantity"),
    "delivered": N_("The delivered quantity"),
    "accepted": N_("The accepted quantity"),
    "rejected": N_("The rejected quantity"),
}


def validate_delivery(
    data: DeliveryInput,
    products: dict[int, ProductInfo],
    *,
    supplier_id: int,
    for_posting: bool = True,
    max_quantity: int | Decimal = DEFAULT_MAX_LINE_QUANTITY,
) -> dict[str, list[str]]:
    """Every problem of a delivery as typed, keyed ``line:<i>:<field>`` or a header field.

    A draft may be saved half-typed (``for_posting=False``): then only what could
    never be right (a quantity that is not a number, negative or above
    ``max_quantity``, a text too long for its column or with control characters,
    a product of another supplier) is refused.
    """
    problems = _header_problems(data)
    if "lines" in problems:
        return problems

    def add(key: str, message: str) -> None:
        problems.setdefault(key, []).append(message)

    for i, line in enumerate(data.lines):
        key = f"line:{i}"
        product = products.get(line.product_id) if not id_problems(
            line.product_id, label="") else None
        if product is None:
            add(f"{key}:product", _("Choose a product."))
            continue
        if product.supplier_id != supplier_id:
            add(f"{key}:product", _("{product} is not a product of this supplier.").format(
                product=product.name))
        line_ok = True
        for name in ("ordered", "delivered", "accepted", "rejected"):
            value = getattr(line, name)
            found = quantity_problems(value, label=_(_QUANTITY_LABELS[name]),
                                      max_units=max_quantity)
            if found:
                problems.setdefault(f"{key}:{name}", []).extend(found)
                line_ok = False
            elif product.unit in COUNTABLE_UNITS and value != int(value):
                add(f"{key}:{name}", _("{unit} are counted in whole numbers.").format(
                    unit=product.unit.value))
        for name, found in (
            ("reason", [] if line.rejection_reason is None else enum_problems(
                line.rejection_reason, RejectionReason,
                message=_("Choose the reason for the rejected quantity from the list."))),
            ("reason", text_problems(line.rejection_note, label=_("The rejection note"),
                                     max_length=NOTES_MAX_LENGTH, multiline=True)),
            ("lot", text_problems(line.lot_code, label=_("The lot code"), max_length=40)),
            ("expiry", date_problems(line.expiry_date, label=_("The expiry date"),
                                     required=False)),
        ):
            if found:
                problems.setdefault(f"{key}:{name}", []).extend(found)
                line_ok = False
        if not for_posting or not line_ok:
            continue
        if line.accepted + line.rejected != line.delivered:
            add(f"{key}:accepted", _("Accepted plus rejected must equal delivered."))
        if line.rejected > 0 and line.rejection_reason is None:
            add(f"{key}:reason", _("Give the reason for the rejected quantity."))
        if (line.expiry_date is not None and "delivery_date" not in problems
                and line.expiry_date < data.delivery_date):
            add(f"{key}:expiry", _("The expiry date is before the delivery date."))
        if product.perishable and line.accepted > 0 and line.expiry_date is None:
            add(f"{key}:expiry", _("Perishable goods need an expiry date."))
    if for_posting and not any(_positive(line.delivered) for line in data.lines):
        add("lines", _("Nothing was delivered: type the delivered quantity of at least one line."))
    return problems
