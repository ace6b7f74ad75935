"""Price agreements (Harga Kontrak) and the price lookup every document uses.

An agreement fixes the price of one product for one hotel from ``valid_from``
up to and including ``valid_to`` (open-ended when empty). Active agreements
of the same hotel and product never overlap; an agreement entered by mistake
is deactivated, never deleted. Where no agreement applies, the product's
standard price does: see :func:`price_on` and :func:`prices_on`.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass
from enum import StrEnum
from typing import Any

from sqlalchemy import ColumnElement, SQLColumnExpression, func, or_, select
from sqlalchemy.orm import Session

from hotel_supply.db import Database
from hotel_supply.formatting import format_date, format_month, format_rupiah
from hotel_supply.i18n import _
from hotel_supply.models import Hotel, Period, PriceAgreement, Product, Supplier
from hotel_supply.models.enums import PeriodStatus, Role, Unit
from hotel_supply.services import audit, settings
from hotel_supply.services.errors import NotFound, ValidationError
from hotel_supply.services.validation import add, like_pattern, money_problems, search_terms

__all__ = [
    "PriceAgreementData",
    "PriceQuery",
    "PriceRow",
    "PriceSort",
    "count_price_agreements",
    "create_price_agreement",
    "end_price_agreement",
    "get_price_agreement",
    "price_agreement_row",
    "price_agreement_rows",
    "price_on",
    "prices_on",
    "set_price_agreement_active",
    "validate_price_agreement",
]

_CHUNK = 500  # ids per IN (...) list


@dataclass
class PriceAgreementData:
    """A contract price of one product for one hotel."""

    hotel_id: int
    product_id: int
    price: int  # whole rupiah per unit of the product
    valid_from: dt.date
    valid_to: dt.date | None = None  # inclusive; None: until further notice


class PriceSort(StrEnum):
    """The columns a price-agreement list can be sorted by."""

    HOTEL = "hotel"
    PRODUCT = "product"
    SUPPLIER = "supplier"
    PRICE = "price"
    VALID_FROM = "valid_from"
    VALID_TO = "valid_to"


@dataclass
class PriceQuery:
    """What a price-agreement list shows: search, filters and the sort order."""

    text: str = ""  # words matched against product, hotel and supplier codes and names
    hotel_id: int | None = None
    product_id: int | None = None
    supplier_id: int | None = None
    valid_on: dt.date | None = None  # only agreements in force on this day
    active: bool | None = True  # None also shows deactivated (mistaken) agreements
    sort: PriceSort = PriceSort.PRODUCT
    descending: bool = False


@dataclass(frozen=True)
class PriceRow:
    """One line of the price-agreement list."""

    id: int
    hotel_id: int
    hotel_code: str
    hotel_name: str
    product_id: int
    product_code: str
    product_name: str
    unit: Unit
    supplier_id: int
    supplier_name: str
    price: int
    standard_price: int  # the product's price without agreement, for comparison
    valid_from: dt.date
    valid_to: dt.date | None
    active: bool


# --- the lookup -------------------------------------------------------------------


def prices_on(
    session: Session, *, hotel_id: int, product_ids: Iterable[int], day: dt.date
) -> dict[int, int]:
    """Product id -> the price for ``hotel_id`` on ``day``, in one query per 500 products.

    The price is that of the active agreement in force on ``day``
    (``valid_from <= day`` and ``valid_to`` empty or ``>= day``; the latest
    ``valid_from`` wins should several be), else the product's standard price.
    Ids of products that do not exist are left out of the result.
    """
    agreement = (
        select(PriceAgreement.price)
        .where(
            PriceAgreement.hotel_id == hotel_id,
            PriceAgreement.product_id == Product.id,
            PriceAgreement.active.is_(True),
            PriceAgreement.valid_from <= day,
            or_(PriceAgreement.valid_to.is_(None), PriceAgreement.valid_to >= day),
        )
        .order_by(PriceAgreement.valid_from.desc(), PriceAgreement.id.desc())
        .limit(1)
        .correlate(Product)
        .scalar_subquery()
    )
    ids = sorted(set(product_ids))
    prices: dict[int, int] = {}
    for start in range(0, len(ids), _CHUNK):
        stmt = select(Product.id, func.coalesce(agreement, Product.standard_price)).where(
            Product.id.in_(ids[start : start + _CHUNK])
        )
        prices.update({int(pid): int(price) for pid, price in session.execute(stmt)})
    return prices


def price_on(session: Session, *, hotel_id: int, product_id: int, day: dt.date) -> int:
    """The price of one product for ``hotel_id`` on ``day`` (see :func:`prices_on`)."""
    prices = prices_on(session, hotel_id=hotel_id, product_ids=[product_id], day=day)
    if product_id not in prices:
        raise NotFound(_("The product no longer exists."))
    return prices[product_id]


# --- validation -------------------------------------------------------------------


def _is_date(value: object) -> bool:
    return isinstance(value, dt.date) and not isinstance(value, dt.datetime)


def validate_price_agreement(data: PriceAgreementData) -> dict[str, list[str]]:
    """Check an agreement form without the database: field name -> messages."""
    problems: dict[str, list[str]] = {}
    if isinstance(data.hotel_id, bool) or not isinstance(data.hotel_id, int):
        add(problems, "hotel_id", [_("Choose the hotel.")])
    if isinstance(data.product_id, bool) or not isinstance(data.product_id, int):
        add(problems, "product_id", [_("Choose the product.")])
    add(problems, "price", money_problems(data.price, label=_("The price")))
    if not _is_date(data.valid_from):
        add(problems, "valid_from", [_("Enter the date the price is valid from.")])
    if data.valid_to is not None:
        if not _is_date(data.valid_to):
            add(problems, "valid_to", [_("The end date is not a valid date.")])
        elif _is_date(data.valid_from) and data.valid_to < data.valid_from:
            add(problems, "valid_to", [_valid_to_before_from()])
    return problems


def _valid_to_before_from() -> str:
    return _("The price cannot end before it starts: the end date is before the start date.")


def _lock_product(session: Session, product_id: int) -> Product:
    """Serialise agreement changes of one product between PCs (row lock on PostgreSQL)."""
    product = session.scalar(select(Product).where(Product.id == product_id).with_for_update())
    if product is None:
        raise NotFound(_("The product no longer exists."))
    return product


def _overlapping(
    session: Session,
    *,
    hotel_id: int,
    product_id: int,
    valid_from: dt.date,
    valid_to: dt.date | None,
    exclude_id: int | None = None,
) -> list[PriceAgreement]:
    stmt = select(PriceAgreement).where(
        PriceAgreement.hotel_id == hotel_id,
        PriceAgreement.product_id == product_id,
        PriceAgreement.active.is_(True),
        PriceAgreement.id != (exclude_id or -1),
        or_(PriceAgreement.valid_to.is_(None), PriceAgreement.valid_to >= valid_from),
    )
    if valid_to is not None:
        stmt = stmt.where(PriceAgreement.valid_from <= valid_to)
    return list(session.scalars(stmt.order_by(PriceAgreement.valid_from)))


def _overlap_message(other: PriceAgreement) -> str:
    if other.valid_to is None:
        return _(
            "These dates overlap the agreed price of {price} valid from {start}. "
            "End that agreement first, or choose other dates."
        ).format(price=format_rupiah(other.price), start=format_date(other.valid_from))
    return _(
        "These dates overlap the agreed price of {price} valid from {start} to {end}. "
        "End that agreement first, or choose other dates."
    ).format(
        price=format_rupiah(other.price),
        start=format_date(other.valid_from),
        end=format_date(other.valid_to),
    )


# --- writes --------------------------------------------------------------------------


def _closed_month_in(session: Session, start: dt.date, end: dt.date | None) -> str | None:
    """The first closed month that days from ``start`` to ``end`` (open-ended: None) touch,
    as its name; None when all are open. A price valid on a closed day would change what that
    month's reconciliation says (SPEC rule 7)."""
    for year, month in session.execute(
        select(Period.year, Period.month).where(Period.status == PeriodStatus.CLOSED)
        .order_by(Period.year, Period.month)
    ):
        first = dt.date(year, month, 1)
        last = dt.date(year + month // 12, month % 12 + 1, 1) - dt.timedelta(days=1)
        if first <= (end or dt.date.max) and last >= start:
            return format_month(year, month)
    return None


def _refuse_closed(session: Session, start: dt.date, end: dt.date | None, key: str) -> None:
    closed = _closed_month_in(session, start, end)
    if closed is not None:
        raise ValidationError({key: [_(
            "{month} is closed: a price agreement cannot change the prices of its days. "
            "Let the new price start in an open month.").format(month=closed)]})


def create_price_agreement(
    db: Database, *, data: PriceAgreementData, end_previous: bool = False
) -> int:
    """Add an active agreement; returns its id.

    Refused (:class:`ValidationError`, nothing written) when the form is wrong,
    the hotel or product is missing or inactive, or it overlaps another active
    agreement of the same hotel and product. With ``end_previous`` an
    agreement that started earlier and still runs on ``data.valid_from`` is
    ended the day before instead ("new price from the 1st"); overlaps with
    agreements starting on or after ``data.valid_from`` are still refused.
    """
    problems = validate_price_agreement(data)
    if problems:
        raise ValidationError(problems)
    with db.unit_of_work(Role.PURCHASING) as session:
        return add_price_agreement(session, data, end_previous=end_previous)


def add_price_agreement(
    session: Session, data: PriceAgreementData, *, end_previous: bool = False
) -> int:
    """Session-level :func:`create_price_agreement` (an import writes many in one unit of
    work); ``data`` must have passed :func:`validate_price_agreement`."""
    problems: dict[str, list[str]] = {}
    limit = settings.cached(session).max_unit_price
    add(problems, "price", money_problems(data.price, label=_("The price"), max=limit))
    if problems:
        raise ValidationError(problems)
    product = _lock_product(session, data.product_id)
    hotel = session.get(Hotel, data.hotel_id)
    if hotel is None:
        raise NotFound(_("The hotel no longer exists."))
    _refuse_closed(session, data.valid_from, data.valid_to, "valid_from")
    if not hotel.active:
        add(problems, "hotel_id", [_("This hotel is inactive.")])
    if not product.active:
        add(problems, "product_id", [_("This product is inactive.")])
    overlaps = _overlapping(
        session,
        hotel_id=data.hotel_id,
        product_id=data.product_id,
        valid_from=data.valid_from,
        valid_to=data.valid_to,
    )
    ended: list[PriceAgreement] = []
    for other in overlaps:
        if end_previous and other.valid_from < data.valid_from:
            ended.append(other)
        else:
            add(problems, "valid_from", [_overlap_message(other)])
    if problems:
        raise ValidationError(problems)
    for other in ended:
        old_to = other.valid_to
        other.valid_to = data.valid_from - dt.timedelta(days=1)
        audit.record(
            session,
            action="end",
            entity="price_agreement",
            entity_id=other.id,
            valid_to=[old_to, other.valid_to],
        )
    agreement = PriceAgreement(
        hotel_id=data.hotel_id,
        product_id=data.product_id,
        price=int(data.price),
        valid_from=data.valid_from,
        valid_to=data.valid_to,
        active=True,
        created_by=audit.current_user(session),
    )
    session.add(agreement)
    session.flush()
    audit.record(
        session,
        action="create",
        entity="price_agreement",
        entity_id=agreement.id,
        hotel_id=data.hotel_id,
        product_id=data.product_id,
        price=agreement.price,
        valid_from=data.valid_from,
        valid_to=data.valid_to,
    )
    return agreement.id


def end_price_agreement(db: Database, *, agreement_id: int, valid_to: dt.date) -> None:
    """Set the last day an agreement is valid (inclusive).

    Refused when ``valid_to`` is before the agreement's start, or when moving
    the end later would overlap a following agreement. Deliveries already
    priced keep their price: a delivery copies it when it is entered.
    """
    if not _is_date(valid_to):
        raise ValidationError({"valid_to": [_("The end date is not a valid date.")]})
    if isinstance(agreement_id, bool) or not isinstance(agreement_id, int):
        raise NotFound(_("The price agreement no longer exists."))
    with db.unit_of_work(Role.PURCHASING) as session:
        agreement = session.get(PriceAgreement, agreement_id)
        if agreement is None:
            raise NotFound(_("The price agreement no longer exists."))
        _lock_product(session, agreement.product_id)
        if not agreement.active:
            raise ValidationError({"": [_("This price agreement was cancelled.")]})
        if valid_to < agreement.valid_from:
            raise ValidationError({"valid_to": [_valid_to_before_from()]})
        if agreement.valid_to == valid_to:
            return
        # the days whose price this change adds or takes away
        old_end = agreement.valid_to
        if old_end is None:
            _refuse_closed(session, valid_to + dt.timedelta(days=1), None, "valid_to")
        else:
            _refuse_closed(session, min(old_end, valid_to) + dt.timedelta(days=1),
                           max(old_end, valid_to), "valid_to")
        overlaps = _overlapping(
            session,
            hotel_id=agreement.hotel_id,
            product_id=agreement.product_id,
            valid_from=agreement.valid_from,
            valid_to=valid_to,
            exclude_id=agreement.id,
        )
        if overlaps:
            raise ValidationError({"valid_to": [_overlap_message(o) for o in overlaps]})
        old_to = agreement.valid_to
        agreement.valid_to = valid_to
        audit.record(
            session,
            action="end",
            entity="price_agreement",
            entity_id=agreement_id,
            valid_to=[old_to, valid_to],
        )


def set_price_agreement_active(db: Database, *, agreement_id: int, active: bool) -> None:
    """Cancel an agreement entered by mistake (``active=False``), or restore it.

    A cancelled agreement no longer sets any price and no longer blocks other
    agreements; restoring it is refused if it would overlap one.
    """
    with db.unit_of_work(Role.PURCHASING) as session:
        agreement = session.get(PriceAgreement, agreement_id)
        if agreement is None:
            raise NotFound(_("The price agreement no longer exists."))
        _lock_product(session, agreement.product_id)
        if agreement.active == active:
            return
        _refuse_closed(session, agreement.valid_from, agreement.valid_to, "valid_from")
        if active:
            overlaps = _overlapping(
                session,
                hotel_id=agreement.hotel_id,
                product_id=agreement.product_id,
                valid_from=agreement.valid_from,
                valid_to=agreement.valid_to,
                exclude_id=agreement.id,
            )
            if overlaps:
                raise ValidationError({"valid_from": [_overlap_message(o) for o in overlaps]})
        agreement.active = active
        audit.record(
            session,
            action="activate" if active else "deactivate",
            entity="price_agreement",
            entity_id=agreement_id,
        )


# --- reads -------------------------------------------------------------------------------


def get_price_agreement(db: Database, agreement_id: int) -> PriceAgreementData:
    """The fields of one agreement."""
    with db.reader() as session:
        agreement = session.get(PriceAgreement, agreement_id)
        if agreement is None:
            raise NotFound(_("The price agreement no longer exists."))
        return PriceAgreementData(
            hotel_id=agreement.hotel_id,
            product_id=agreement.product_id,
            price=agreement.price,
            valid_from=agreement.valid_from,
            valid_to=agreement.valid_to,
        )


def _filters(query: PriceQuery) -> list[ColumnElement[bool]]:
    conditions: list[ColumnElement[bool]] = []
    if query.active is not None:
        conditions.append(PriceAgreement.active.is_(query.active))
    if query.hotel_id is not None:
        conditions.append(PriceAgreement.hotel_id == query.hotel_id)
    if query.product_id is not None:
        conditions.append(PriceAgreement.product_id == query.product_id)
    if query.supplier_id is not None:
        conditions.append(Product.supplier_id == query.supplier_id)
    if query.valid_on is not None:
        conditions += [
            PriceAgreement.valid_from <= query.valid_on,
            or_(PriceAgreement.valid_to.is_(None), PriceAgreement.valid_to >= query.valid_on),
        ]
    for term in search_terms(query.text):
        pattern = like_pattern(term)
        conditions.append(
            or_(
                *(
                    column.ilike(pattern, escape="\\")
                    for column in (
                        Product.code,
                        Product.name,
                        Hotel.code,
                        Hotel.name,
                        Supplier.code,
                        Supplier.name,
                    )
                )
            )
        )
    return conditions


def count_price_agreements(db: Database, *, query: PriceQuery) -> int:
    """How many agreements the list shows for ``query``."""
    stmt = (
        select(func.count())
        .select_from(PriceAgreement)
        .join(Product, Product.id == PriceAgreement.product_id)
        .join(Hotel, Hotel.id == PriceAgreement.hotel_id)
        .join(Supplier, Supplier.id == Product.supplier_id)
        .where(*_filters(query))
    )
    with db.reader() as session:
        return int(session.scalar(stmt) or 0)


def _select_rows(
    session: Session,
    conditions: list[ColumnElement[bool]],
    *,
    sort: PriceSort = PriceSort.PRODUCT,
    descending: bool = False,
    offset: int = 0,
    limit: int | None = None,
) -> list[PriceRow]:
    sort_keys: dict[PriceSort, list[SQLColumnExpression[Any]]] = {
        PriceSort.HOTEL: [Hotel.code, Product.code, PriceAgreement.valid_from],
        PriceSort.PRODUCT: [Product.code, Hotel.code, PriceAgreement.valid_from],
        PriceSort.SUPPLIER: [func.lower(Supplier.name), Product.code, PriceAgreement.valid_from],
        PriceSort.PRICE: [PriceAgreement.price],
        PriceSort.VALID_FROM: [PriceAgreement.valid_from],
        # open-ended agreements sort as the latest
        PriceSort.VALID_TO: [
            PriceAgreement.valid_to.is_(None),
            PriceAgreement.valid_to,
        ],
    }
    keys = sort_keys[PriceSort(sort)]
    order = [key.desc() if descending else key.asc() for key in keys]
    stmt = (
        select(
            PriceAgreement.id,
            PriceAgreement.hotel_id,
            Hotel.code.label("hotel_code"),
            Hotel.name.label("hotel_name"),
            PriceAgreement.product_id,
            Product.code.label("product_code"),
            Product.name.label("product_name"),
            Product.unit,
            Product.supplier_id,
            Supplier.name.label("supplier_name"),
            PriceAgreement.price,
            Product.standard_price,
            PriceAgreement.valid_from,
            PriceAgreement.valid_to,
            PriceAgreement.active,
        )
        .join(Product, Product.id == PriceAgreement.product_id)
        .join(Hotel, Hotel.id == PriceAgreement.hotel_id)
        .join(Supplier, Supplier.id == Product.supplier_id)
        .where(*conditions)
        .order_by(*order, PriceAgreement.id.asc())
        .offset(offset)
        .limit(limit)
    )
    return [
        PriceRow(
            id=r.id,
            hotel_id=r.hotel_id,
            hotel_code=r.hotel_code,
            hotel_name=r.hotel_name,
            product_id=r.product_id,
            product_code=r.product_code,
            product_name=r.product_name,
            unit=r.unit,
            supplier_id=r.supplier_id,
            supplier_name=r.supplier_name,
            price=r.price,
            standard_price=r.standard_price,
            valid_from=r.valid_from,
            valid_to=r.valid_to,
            active=r.active,
        )
        for r in session.execute(stmt)
    ]


def price_agreement_rows(
    db: Database, *, query: PriceQuery, offset: int = 0, limit: int = 100
) -> list[PriceRow]:
    """One window of the price-agreement list, sorted as ``query`` asks (ties by id)."""
    with db.reader() as session:
        return _select_rows(
            session,
            _filters(query),
            sort=query.sort,
            descending=query.descending,
            offset=offset,
            limit=limit,
        )


def price_agreement_row(db: Database, agreement_id: int) -> PriceRow:
    """The list row of one agreement, to refresh it after a change."""
    with db.reader() as session:
        rows = _select_rows(session, [PriceAgreement.id == agreement_id])
    if not rows:
        raise NotFound(_("The price agreement no longer exists."))
    return rows[0]
