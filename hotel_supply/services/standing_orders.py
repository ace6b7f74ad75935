"""Standing orders (Pesanan Rutin): what a hotel expects of each product on each weekday.

The screen shows one hotel as a grid, one row per product and one column per
weekday (Monday first, as ``date.weekday()``). Saving writes only the cells
that changed, in one unit of work; a zero removes the standing order of that
day. The orders service turns the grid into each day's expected deliveries.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Literal, Protocol

from babel.dates import get_day_names
from sqlalchemy import and_, or_, select
from sqlalchemy.orm import Session

from hotel_supply.db import Database
from hotel_supply.i18n import _, current_language
from hotel_supply.models import Hotel, Product, StandingOrder, Supplier
from hotel_supply.models.enums import Role, Unit
from hotel_supply.services import audit, settings
from hotel_supply.services.errors import NotFound, ValidationError
from hotel_supply.services.validation import (
    DEFAULT_MAX_LINE_QUANTITY,
    id_problems,
    quantity_problems,
)

__all__ = [
    "WEEKDAYS",
    "GridLine",
    "GridRow",
    "StandingOrderLine",
    "save_standing_order_grid",
    "standing_order_grid",
    "validate_grid",
    "weekday_names",
]

WEEKDAYS = 7
ZERO = Decimal(0)


class GridLine(Protocol):
    """What saving needs of a grid row: the product and its seven quantities."""

    @property
    def product_id(self) -> int: ...

    @property
    def quantities(self) -> Sequence[Decimal]: ...


@dataclass
class StandingOrderLine:
    """A product's seven weekday quantities (Monday first), e.g. from an import."""

    product_id: int
    quantities: list[Decimal]


@dataclass
class GridRow:
    """One product's row of a hotel's standing-order grid."""

    product_id: int
    product_code: str
    product_name: str
    unit: Unit
    supplier_id: int
    supplier_code: str
    supplier_name: str
    # False when the product or its supplier is inactive: such a row is shown only
    # while it still has quantities, so they can be cleared; no new ones are accepted.
    active: bool
    quantities: list[Decimal] = field(default_factory=lambda: [ZERO] * WEEKDAYS)

    @property
    def weekly_total(self) -> Decimal:
        return sum(self.quantities, ZERO)


def weekday_names(width: Literal["abbreviated", "wide"] = "abbreviated") -> list[str]:
    """Monday..Sunday in the current language (``"wide"``: Senin, ...; default: Sen, ...)."""
    locale = "id_ID" if current_language() == "id" else "en_GB"
    names = get_day_names(width, locale=locale)
    return [str(names[day]) for day in range(WEEKDAYS)]


# --- reading ----------------------------------------------------------------------------


def standing_order_grid(
    db: Database, *, hotel_id: int, supplier_id: int | None = None
) -> list[GridRow]:
    """The grid of one hotel (optionally one supplier's products), by supplier and product code.

    Every active product of an active supplier has a row, with zeros where
    nothing is ordered; an inactive product has one only while it still has
    quantities for this hotel.
    """
    ordered = select(StandingOrder.product_id).where(StandingOrder.hotel_id == hotel_id)
    products = (
        select(
            Product.id,
            Product.code,
            Product.name,
            Product.unit,
            Product.supplier_id,
            Supplier.code.label("supplier_code"),
            Supplier.name.label("supplier_name"),
            and_(Product.active, Supplier.active).label("active"),
        )
        .join(Supplier, Supplier.id == Product.supplier_id)
        .where(
            or_(
                and_(Product.active.is_(True), Supplier.active.is_(True)),
                Product.id.in_(ordered),
            )
        )
        .order_by(Supplier.name, Supplier.id, Product.code)
    )
    cells = select(StandingOrder.product_id, StandingOrder.weekday, StandingOrder.quantity).where(
        StandingOrder.hotel_id == hotel_id
    )
    if supplier_id is not None:
        products = products.where(Product.supplier_id == supplier_id)
        cells = cells.join(Product, Product.id == StandingOrder.product_id).where(
            Product.supplier_id == supplier_id
        )
    with db.reader() as session:
        if session.get(Hotel, hotel_id) is None:
            raise NotFound(_("The hotel no longer exists."))
        rows = {
            r.id: GridRow(
                product_id=r.id,
                product_code=r.code,
                product_name=r.name,
                unit=r.unit,
                supplier_id=r.supplier_id,
                supplier_code=r.supplier_code,
                supplier_name=r.supplier_name,
                active=bool(r.active),
            )
            for r in session.execute(products)
        }
        for product_id, weekday, quantity in session.execute(cells):
            if product_id in rows and 0 <= weekday < WEEKDAYS:
                rows[product_id].quantities[weekday] = quantity
    return list(rows.values())


# --- saving ----------------------------------------------------------------------------


def _row_label(row: GridLine, n: int) -> str:
    code = getattr(row, "product_code", "")
    return str(code) if code else _("Row {n}").format(n=n)


def validate_grid(
    rows: Iterable[GridLine], *, max_quantity: int | Decimal = DEFAULT_MAX_LINE_QUANTITY
) -> dict[str, list[str]]:
    """Check edited grid rows without the database; problems are under ``"quantities"``."""
    problems: list[str] = []
    days = weekday_names("wide")
    seen: set[int] = set()
    for n, row in enumerate(rows, start=1):
        label = _row_label(row, n)
        if id_problems(row.product_id, label=""):
            problems.append(_("{row}: choose the product from the list.").format(row=label))
            continue
        if row.product_id in seen:
            problems.append(_("{row}: the product is listed twice.").format(row=label))
        seen.add(row.product_id)
        if not isinstance(row.quantities, list | tuple) or len(row.quantities) != WEEKDAYS:
            problems.append(
                _("{row}: there must be a quantity for each of the seven days.").format(row=label)
            )
            continue
        for day, quantity in enumerate(row.quantities):
            for problem in quantity_problems(quantity, label=_("The quantity"),
                                             max_units=max_quantity):
                problems.append(
                    _("{row}, {day}: {problem}").format(row=label, day=days[day], problem=problem)
                )
    return {"quantities": problems} if problems else {}


def save_standing_order_grid(db: Database, *, hotel_id: int, rows: Iterable[GridLine]) -> list[int]:
    """Write the cells of ``rows`` that differ from the database; returns the changed product ids.

    Products not in ``rows`` are left as they are. A zero removes that day's
    standing order. New or raised quantities are refused for an inactive hotel,
    product or supplier; lowering or clearing them is always allowed.
    """
    lines = list(rows)
    if id_problems(hotel_id, label=""):
        raise NotFound(_("The hotel no longer exists."))
    with db.unit_of_work(Role.PURCHASING) as session:
        return write_standing_orders(session, hotel_id=hotel_id, lines=lines)


def write_standing_orders(session: Session, *, hotel_id: int, lines: list[GridLine]) -> list[int]:
    """Session-level :func:`save_standing_order_grid` (an import writes many hotels' grids
    in one unit of work)."""
    problems = validate_grid(lines, max_quantity=settings.cached(session).max_line_quantity)
    if problems:
        raise ValidationError(problems)
    hotel = session.get(Hotel, hotel_id)
    if hotel is None:
        raise NotFound(_("The hotel no longer exists."))
    wanted = {row.product_id: [Decimal(q) for q in row.quantities] for row in lines}
    products = _products(session, list(wanted))
    current = _current(session, hotel_id, list(wanted))
    refused: list[str] = []
    changed: list[int] = []
    for product_id, after in wanted.items():
        if product_id not in products:
            raise NotFound(_("A product of the grid no longer exists. Reload the grid."))
        code, product_active = products[product_id]
        before = [
            current[product_id][d].quantity if d in current[product_id] else ZERO
            for d in range(WEEKDAYS)
        ]
        if before == after:
            continue
        raised = any(new > old for old, new in zip(before, after, strict=True))
        if raised and not (hotel.active and product_active):
            refused.append(
                _(
                    "{row}: the hotel, the product or its supplier is inactive; "
                    "quantities can only be lowered or cleared."
                ).format(row=code)
            )
            continue
        _write_cells(session, hotel_id, product_id, current[product_id], after)
        audit.record(
            session,
            action="update",
            entity="standing_order_grid",
            entity_id=hotel_id,
            product_id=product_id,
            before=[str(q) for q in before],
            after=[str(q) for q in after],
        )
        changed.append(product_id)
    if refused:
        raise ValidationError({"quantities": refused})
    return changed


def _products(session: Session, product_ids: list[int]) -> dict[int, tuple[str, bool]]:
    """Product id -> (code, whether it and its supplier are active)."""
    stmt = (
        select(Product.id, Product.code, Product.active, Supplier.active)
        .join(Supplier, Supplier.id == Product.supplier_id)
        .where(Product.id.in_(product_ids))
    )
    return {
        pid: (code, bool(p_active and s_active))
        for pid, code, p_active, s_active in (session.execute(stmt))
    }


def _current(
    session: Session, hotel_id: int, product_ids: list[int]
) -> dict[int, dict[int, StandingOrder]]:
    """Product id -> weekday -> the stored standing order."""
    found: dict[int, dict[int, StandingOrder]] = {pid: {} for pid in product_ids}
    stmt = select(StandingOrder).where(
        StandingOrder.hotel_id == hotel_id, StandingOrder.product_id.in_(product_ids)
    )
    for order in session.scalars(stmt):
        found[order.product_id][order.weekday] = order
    return found


def _write_cells(
    session: Session,
    hotel_id: int,
    product_id: int,
    stored: dict[int, StandingOrder],
    quantities: list[Decimal],
) -> None:
    for weekday, quantity in enumerate(quantities):
        order = stored.get(weekday)
        if quantity == 0:
            if order is not None:
                session.delete(order)
        elif order is None:
            session.add(
                StandingOrder(
                    hotel_id=hotel_id, product_id=product_id, weekday=weekday, quantity=quantity
                )
            )
        elif order.quantity != quantity:
            order.quantity = quantity
