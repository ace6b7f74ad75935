"""Goods leaving a hotel's store: issues to outlets, waste write-offs, returns to suppliers.

Each is one stock document with its own number (BK, BS, RT) and one movement
per lot taken. Issues take lots first-expiring-first and never an expired lot;
waste and returns may take expired lots (that is what they are for). Stock never
goes below zero unless the user confirms it, and then the movement says so.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any, TypeVar

from sqlalchemy import Select, func, select, type_coerce
from sqlalchemy.orm import Session

from hotel_supply.db import Database
from hotel_supply.formatting import round_rupiah
from hotel_supply.i18n import _
from hotel_supply.models import (
    Hotel,
    Outlet,
    Product,
    StockDocument,
    StockLot,
    StockMovement,
    Supplier,
)
from hotel_supply.models.base import Quantity, quantity_value
from hotel_supply.models.enums import (
    MovementKind,
    ReturnReason,
    Role,
    StockDocumentKind,
    Unit,
    WasteReason,
    label,
)
from hotel_supply.services import audit, numbering, periods, settings, stock
from hotel_supply.services.errors import NotFound, ValidationError
from hotel_supply.services.stock import NegativeStockError, Pick, Shortage
from hotel_supply.services.validation import (
    DEFAULT_MAX_LINE_QUANTITY,
    NOTES_MAX_LENGTH,
    date_problems,
    id_problems,
    quantity_problems,
    text_problems,
)

ZERO = Decimal(0)
SelectT = TypeVar("SelectT", bound=Select[*tuple[Any, ...]])
COUNTABLE = frozenset({Unit.PCS, Unit.PAK, Unit.KOTAK, Unit.LEMBAR})
SERIES = {StockDocumentKind.ISSUE: "BK", StockDocumentKind.WASTE: "BS",
          StockDocumentKind.RETURN: "RT"}
KIND = {StockDocumentKind.ISSUE: MovementKind.ISSUE, StockDocumentKind.WASTE: MovementKind.WASTE,
        StockDocumentKind.RETURN: MovementKind.RETURN}


@dataclass
class StockLineInput:
    """One product to take out; ``lot_id`` picks a lot, else first-expiring-first."""

    product_id: int
    quantity: Decimal
    lot_id: int | None = None
    reason: str = ""  # waste and returns: a WasteReason / ReturnReason value


@dataclass(frozen=True)
class PickedLine:
    product_id: int
    product_code: str
    product_name: str
    unit: Unit
    picks: tuple[Pick, ...]
    reason: str
    overdraws_lots: bool = False  # lot stock is owed to earlier confirmed shortfalls

    @property
    def quantity(self) -> Decimal:
        return sum((p.quantity for p in self.picks), ZERO)


@dataclass(frozen=True)
class StockDocumentResult:
    document_id: int
    number: str
    kind: StockDocumentKind
    lines: tuple[PickedLine, ...] = field(default_factory=tuple)
    below_zero: bool = False  # the user confirmed going below zero


def validate_lines(lines: list[StockLineInput], products: dict[int, Product], *,
                   kind: StockDocumentKind, supplier_id: int | None = None,
                   max_quantity: int | Decimal = DEFAULT_MAX_LINE_QUANTITY,
                   ) -> dict[str, list[str]]:
    """Pure checks of what was typed, keyed ``line:<i>:<field>``."""
    problems: dict[str, list[str]] = {}

    def add(key: str, message: str) -> None:
        problems.setdefault(key, []).append(message)

    if not lines:
        add("lines", _("Add at least one product."))
    reasons = {StockDocumentKind.WASTE: {r.value for r in WasteReason},
               StockDocumentKind.RETURN: {r.value for r in ReturnReason}}.get(kind)
    for i, line in enumerate(lines):
        product = None if id_problems(line.product_id, label="") else products.get(
            line.product_id)
        if product is None:
            add(f"line:{i}:product", _("Choose a product."))
            continue
        found = quantity_problems(line.quantity, label=_("The quantity"),
                                  max_units=max_quantity)
        if found:
            problems.setdefault(f"line:{i}:quantity", []).extend(found)
        elif line.quantity <= 0:
            add(f"line:{i}:quantity", _("The quantity must be more than zero."))
        elif product.unit in COUNTABLE and line.quantity != int(line.quantity):
            add(f"line:{i}:quantity", _("{unit} are counted in whole numbers.").format(
                unit=product.unit.value))
        if line.lot_id is not None and id_problems(line.lot_id, label=""):
            add(f"line:{i}:lot", _("This lot is not stock of this product at this hotel."))
        if reasons is not None and line.reason not in reasons:
            add(f"line:{i}:reason", _("Choose a reason."))
        elif reasons is None:
            # an issue's reason is free text, kept on its movements (40 characters)
            for message in text_problems(line.reason, label=_("The reason"), max_length=40):
                add(f"line:{i}:reason", message)
        if supplier_id is not None and product.supplier_id != supplier_id:
            add(f"line:{i}:product", _("{product} is not a product of this supplier.").format(
                product=product.name))
    return problems


def _products(session: Session, lines: list[StockLineInput]) -> dict[int, Product]:
    ids = {line.product_id for line in lines if not id_problems(line.product_id, label="")}
    return {p.id: p for p in session.scalars(select(Product).where(Product.id.in_(ids)))}


def _pick(session: Session, *, hotel_id: int, day: dt.date, line: StockLineInput,
          product: Product, include_expired: bool, index: int,
          problems: dict[str, list[str]]) -> tuple[list[Pick], Shortage | None, bool]:
    lots = stock.lots_on_hand(session, hotel_id=hotel_id, product_id=line.product_id, day=day)
    if line.lot_id is not None:
        chosen = [lot for lot in lots if lot.lot_id == line.lot_id]
        lot_row = session.get(StockLot, line.lot_id)
        if lot_row is None or lot_row.hotel_id != hotel_id or lot_row.product_id != product.id:
            problems.setdefault(f"line:{index}:lot", []).append(
                _("This lot is not stock of this product at this hotel."))
            return [], None, False
        if not include_expired and lot_row.expiry_date is not None and lot_row.expiry_date < day:
            problems.setdefault(f"line:{index}:lot", []).append(
                _("Lot {lot} expired on {date}: it cannot be issued, only written off or "
                  "returned.").format(lot=lot_row.lot_code or "-",
                                      date=lot_row.expiry_date.strftime("%d/%m/%Y")))
            return [], None, False
        lots = chosen
    picks, rest = stock.allocate(lots, line.quantity, day=day, include_expired=include_expired)
    # Stock outside any lot (a confirmed shortfall earlier) is owed: it limits what can be
    # taken, so a product never drops below zero again without a new confirmation.
    balance = min(stock.on_hand(session, hotel_id=hotel_id, product_id=product.id, on=day),
                  stock.on_hand(session, hotel_id=hotel_id, product_id=product.id))
    from_lots = sum((p.quantity for p in picks), ZERO)
    covered = min(from_lots, max(balance, ZERO))
    if rest <= 0 and covered >= line.quantity:
        return picks, None, False
    expired = ZERO if include_expired else sum(
        (lot.quantity for lot in lots if not lot.usable_on(day)), ZERO)
    shortage = Shortage(product.id, product.name, label(product.unit), covered, line.quantity,
                        expired)
    if rest > 0:
        last_cost = picks[-1].unit_cost if picks else (lots[-1].unit_cost if lots else 0)
        picks.append(Pick(None, "", None, rest, last_cost))
    return picks, shortage, covered < from_lots


def _post_document(
    session: Session,
    *,
    kind: StockDocumentKind,
    hotel_id: int,
    day: dt.date,
    lines: list[StockLineInput],
    outlet_id: int | None = None,
    supplier_id: int | None = None,
    notes: str = "",
    confirm_negative: bool = False,
) -> StockDocumentResult:
    header: dict[str, list[str]] = {}
    for key, found in (
        ("hotel_id", id_problems(hotel_id, label=_("The hotel"))),
        ("supplier_id", [] if supplier_id is None else id_problems(
            supplier_id, label=_("The supplier"))),
        ("day", date_problems(day, label=_("The date"))),
        ("notes", text_problems(notes, label=_("The notes"), max_length=NOTES_MAX_LENGTH,
                                multiline=True)),
    ):
        if found:
            header[key] = found
    if not isinstance(lines, list):
        header["lines"] = [_("Add at least one product.")]
    if header:
        raise ValidationError(header)
    if session.get(Hotel, hotel_id) is None:
        raise NotFound(_("The hotel no longer exists."))
    if supplier_id is not None and session.get(Supplier, supplier_id) is None:
        raise NotFound(_("The supplier no longer exists."))
    products = _products(session, lines)
    for n, line in enumerate(lines, start=1):
        if not id_problems(line.product_id, label="") and line.product_id not in products:
            raise NotFound(_("The product of line {n} no longer exists.").format(n=n))
    problems = validate_lines(lines, products, kind=kind, supplier_id=supplier_id,
                              max_quantity=settings.cached(session).max_line_quantity)
    if problems:
        raise ValidationError(problems)
    periods.ensure_open(session, day)
    include_expired = kind != StockDocumentKind.ISSUE
    picked: list[PickedLine] = []
    shortages: list[Shortage] = []
    for i, line in enumerate(lines):
        product = products[line.product_id]
        picks, shortage, overdraws = _pick(
            session, hotel_id=hotel_id, day=day, line=line, product=product,
            include_expired=include_expired, index=i, problems=problems)
        if shortage is not None:
            shortages.append(shortage)
        picked.append(PickedLine(product.id, product.code, product.name, product.unit,
                                 tuple(picks), line.reason, overdraws))
    if problems:
        raise ValidationError(problems)
    if shortages and not confirm_negative:
        raise NegativeStockError(shortages)
    org = settings.load(session)
    series = SERIES[kind]
    document = StockDocument(
        number=numbering.take_number(session, series=series, year=day.year,
                                     fmt=org.number_format(series)),
        kind=kind, hotel_id=hotel_id, outlet_id=outlet_id, supplier_id=supplier_id,
        doc_date=day, reason=lines[0].reason if lines else "", notes=notes.strip(),
        created_by=audit.current_user(session),
    )
    session.add(document)
    session.flush()
    for taken in picked:
        for pick in taken.picks:
            stock.add_movement(
                session, hotel_id=hotel_id, product_id=taken.product_id, lot_id=pick.lot_id,
                day=day, kind=KIND[kind], quantity=-pick.quantity, unit_cost=pick.unit_cost,
                stock_document_id=document.id, outlet_id=outlet_id, reason=taken.reason,
                negative_confirmed=pick.lot_id is None or taken.overdraws_lots,
            )
    audit.record(session, action="post", entity=f"stock_{kind.value}", entity_id=document.id,
                 number=document.number, hotel_id=hotel_id, lines=len(lines),
                 below_zero=bool(shortages))
    return StockDocumentResult(document.id, document.number, kind, tuple(picked),
                               bool(shortages))


def issue_to_outlet(
    db: Database, *, hotel_id: int, outlet_id: int, day: dt.date,
    lines: list[StockLineInput], notes: str = "", confirm_negative: bool = False,
) -> StockDocumentResult:
    """Issue goods to a kitchen, minibar, banquet or gift shop (first expiring first)."""
    if id_problems(outlet_id, label=""):
        raise ValidationError({"outlet": [_("Choose an outlet of this hotel.")]})
    with db.unit_of_work(Role.STOREROOM) as session:
        outlet = session.get(Outlet, outlet_id)
        if outlet is None or outlet.hotel_id != hotel_id:
            raise ValidationError({"outlet": [_("Choose an outlet of this hotel.")]})
        return _post_document(session, kind=StockDocumentKind.ISSUE, hotel_id=hotel_id,
                              day=day, lines=lines, outlet_id=outlet_id, notes=notes,
                              confirm_negative=confirm_negative)


def write_off_waste(
    db: Database, *, hotel_id: int, day: dt.date, lines: list[StockLineInput],
    notes: str = "", confirm_negative: bool = False,
) -> StockDocumentResult:
    """Write off expired, damaged or spoiled goods (expired lots first)."""
    with db.unit_of_work(Role.STOREROOM) as session:
        return _post_document(session, kind=StockDocumentKind.WASTE, hotel_id=hotel_id,
                              day=day, lines=lines, notes=notes,
                              confirm_negative=confirm_negative)


def return_to_supplier(
    db: Database, *, hotel_id: int, supplier_id: int, day: dt.date,
    lines: list[StockLineInput], notes: str = "", confirm_negative: bool = False,
) -> StockDocumentResult:
    """Give goods back to the UMKM that delivered them."""
    with db.unit_of_work(Role.STOREROOM) as session:
        return _post_document(session, kind=StockDocumentKind.RETURN, hotel_id=hotel_id,
                              day=day, lines=lines, supplier_id=supplier_id, notes=notes,
                              confirm_negative=confirm_negative)


# --- the list of stock documents --------------------------------------------


@dataclass(frozen=True)
class StockDocumentQuery:
    hotel_id: int | None = None
    kind: StockDocumentKind | None = None
    date_from: dt.date | None = None
    date_to: dt.date | None = None


@dataclass(frozen=True)
class StockDocumentRow:
    id: int
    number: str
    kind: StockDocumentKind
    day: dt.date
    hotel_name: str
    counterpart: str  # the outlet of an issue, the supplier of a return
    lines: int
    quantity: Decimal
    value: int
    created_by: str


def _document_filters(stmt: SelectT, query: StockDocumentQuery) -> SelectT:
    if query.hotel_id:
        stmt = stmt.where(StockDocument.hotel_id == query.hotel_id)
    if query.kind:
        stmt = stmt.where(StockDocument.kind == query.kind)
    if query.date_from:
        stmt = stmt.where(StockDocument.doc_date >= query.date_from)
    if query.date_to:
        stmt = stmt.where(StockDocument.doc_date <= query.date_to)
    return stmt


def count_stock_documents(db: Database, *, query: StockDocumentQuery) -> int:
    with db.reader() as session:
        stmt = _document_filters(select(func.count(StockDocument.id)), query)
        return int(session.scalar(stmt) or 0)


def stock_document_rows(db: Database, *, query: StockDocumentQuery, offset: int = 0,
                        limit: int = 200) -> list[StockDocumentRow]:
    """Issues, write-offs and returns, newest first, with their totals."""
    with db.reader() as session:
        stmt = _document_filters(
            select(StockDocument.id, StockDocument.number, StockDocument.kind,
                   StockDocument.doc_date, Hotel.name, Outlet.name, Supplier.name,
                   StockDocument.created_by)
            .join(Hotel, Hotel.id == StockDocument.hotel_id)
            .join(Outlet, Outlet.id == StockDocument.outlet_id, isouter=True)
            .join(Supplier, Supplier.id == StockDocument.supplier_id, isouter=True), query,
        ).order_by(StockDocument.doc_date.desc(), StockDocument.id.desc()
                   ).offset(offset).limit(limit)
        heads = session.execute(stmt).all()
        ids = [h[0] for h in heads]
        sums = {
            r[0]: (int(r[1]), r[2], int(r[3] or 0))
            for r in session.execute(
                select(StockMovement.stock_document_id,
                       func.count(func.distinct(StockMovement.product_id)),
                       type_coerce(func.sum(-StockMovement.quantity), Quantity()),
                       func.sum(quantity_value(-StockMovement.quantity,
                                               StockMovement.unit_cost)))
                .where(StockMovement.stock_document_id.in_(ids))
                .group_by(StockMovement.stock_document_id))
        } if ids else {}
        rows = []
        for h in heads:
            lines, qty, raw_value = sums.get(h[0], (0, ZERO, 0))
            rows.append(StockDocumentRow(
                id=h[0], number=h[1], kind=h[2], day=h[3], hotel_name=h[4],
                counterpart=h[5] or h[6] or "", lines=lines, quantity=qty,
                value=round_rupiah(Decimal(raw_value)), created_by=h[7]))
        return rows
