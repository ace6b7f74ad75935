"""Partner hotels (Hotel Mitra) and their outlets (kitchen, minibar, banquet, gift shop).

Outlets are edited together with their hotel: in :class:`HotelData.outlets`
an outlet with an ``id`` is updated (renamed, recoded, deactivated with
``active=False``), one without an ``id`` is added, and an existing outlet left
out of the list is deactivated. Neither hotels nor outlets are ever deleted.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any

from sqlalchemy import ColumnElement, SQLColumnExpression, func, or_, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session, selectinload

from hotel_supply.db import Database
from hotel_supply.i18n import _
from hotel_supply.models import Hotel, Outlet
from hotel_supply.models.enums import HotelKind, OutletKind, Role, label
from hotel_supply.services import audit
from hotel_supply.services.errors import NotFound, ValidationError
from hotel_supply.services.validation import (
    Choice,
    add,
    changes,
    code_problems,
    enum_problems,
    like_pattern,
    name_problems,
    normalise_code,
    normalise_npwp,
    normalise_text,
    npwp_problems,
    phone_problems,
    search_terms,
    text_problems,
)

__all__ = [
    "MAX_PAYMENT_TERMS_DAYS",
    "HotelData",
    "HotelQuery",
    "HotelRow",
    "HotelSort",
    "OutletData",
    "count_hotels",
    "create_hotel",
    "get_hotel",
    "hotel_choices",
    "hotel_row",
    "hotel_rows",
    "outlet_choices",
    "set_hotel_active",
    "standard_outlets",
    "update_hotel",
    "validate_hotel",
]

MAX_PAYMENT_TERMS_DAYS = 180


@dataclass
class OutletData:
    """An outlet of a hotel; ``id`` is None for a new one."""

    code: str
    name: str
    kind: OutletKind
    active: bool = True
    id: int | None = None


@dataclass
class HotelData:
    """Every field of a hotel the edit dialog (or an import) can change, outlets included."""

    code: str
    name: str
    kind: HotelKind = HotelKind.HOTEL
    address: str = ""
    city: str = "Bandar Lampung"
    phone: str = ""
    receiving_contact: str = ""  # who counts and signs for deliveries
    receiving_phone: str = ""
    billing_name: str = ""  # legal name on invoices, when it differs from the name
    billing_address: str = ""
    npwp: str = ""  # 16 digits, optional; separators are dropped when stored
    payment_terms_days: int = 30  # 0..180; the invoice's due date is issue date + terms
    outlets: list[OutletData] = field(default_factory=list)


class HotelSort(StrEnum):
    """The columns a hotel list can be sorted by."""

    CODE = "code"
    NAME = "name"
    KIND = "kind"
    CITY = "city"
    PAYMENT_TERMS = "payment_terms"
    OUTLET_COUNT = "outlet_count"


@dataclass
class HotelQuery:
    """What a hotel list shows: a free-text search, filters and the sort order."""

    text: str = ""  # words matched against code, name, city and receiving contact
    kind: HotelKind | None = None
    active: bool | None = True  # None shows active and inactive hotels
    sort: HotelSort = HotelSort.CODE
    descending: bool = False


@dataclass(frozen=True)
class HotelRow:
    """One line of the hotel list."""

    id: int
    code: str
    name: str
    kind: HotelKind
    city: str
    phone: str
    receiving_contact: str
    payment_terms_days: int
    outlet_count: int  # active outlets
    active: bool


def standard_outlets() -> list[OutletData]:
    """The four outlets a new hotel usually has, named in the current language."""
    codes = {
        OutletKind.KITCHEN: "KIT",
        OutletKind.MINIBAR: "MB",
        OutletKind.BANQUET: "BQT",
        OutletKind.GIFT_SHOP: "GS",
    }
    return [OutletData(code=code, name=label(kind), kind=kind) for kind, code in codes.items()]


# --- validation -------------------------------------------------------------------


def validate_hotel(data: HotelData) -> dict[str, list[str]]:
    """Check a hotel form without the database: field name -> messages ('' for the form)."""
    problems: dict[str, list[str]] = {}
    add(problems, "code", code_problems(data.code))
    add(problems, "name", name_problems(data.name))
    add(problems, "kind", enum_problems(data.kind, HotelKind, message=_("Choose the kind.")))
    add(
        problems,
        "address",
        text_problems(data.address, label=_("The address"), max_length=1000, multiline=True),
    )
    add(problems, "city", text_problems(data.city, label=_("The city"), max_length=80))
    add(problems, "phone", phone_problems(data.phone))
    add(
        problems,
        "receiving_contact",
        text_problems(data.receiving_contact, label=_("The receiving contact")),
    )
    add(
        problems,
        "receiving_phone",
        phone_problems(data.receiving_phone, label=_("The receiving phone number")),
    )
    add(
        problems,
        "billing_name",
        text_problems(data.billing_name, label=_("The billing name")),
    )
    add(
        problems,
        "billing_address",
        text_problems(
            data.billing_address, label=_("The billing address"), max_length=1000, multiline=True
        ),
    )
    add(problems, "npwp", npwp_problems(data.npwp))
    terms = data.payment_terms_days
    if (
        isinstance(terms, bool)
        or not isinstance(terms, int)
        or not 0 <= terms <= MAX_PAYMENT_TERMS_DAYS
    ):
        add(
            problems,
            "payment_terms_days",
            [
                _("The payment terms must be a whole number of days from 0 to {max}.").format(
                    max=MAX_PAYMENT_TERMS_DAYS
                )
            ],
        )
    add(problems, "outlets", _outlet_problems(data.outlets))
    return problems


def _outlet_problems(outlets: list[OutletData]) -> list[str]:
    problems: list[str] = []
    seen: set[str] = set()
    for n, outlet in enumerate(outlets, start=1):
        problems += [
            _("Outlet {n}: {problem}").format(n=n, problem=problem)
            for problem in code_problems(outlet.code)
            + name_problems(outlet.name)
            + enum_problems(outlet.kind, OutletKind, message=_("Choose the kind."))
        ]
        code = normalise_code(outlet.code)
        if code and code in seen:
            problems.append(_("Outlet {n}: the code {code} is used twice.").format(n=n, code=code))
        seen.add(code)
    return problems


def _check_database(session: Session, data: HotelData, *, hotel: Hotel | None) -> None:
    """The checks that need the database; raise with the same field keys as the form."""
    problems: dict[str, list[str]] = {}
    code = normalise_code(data.code)
    taken = session.scalar(
        select(Hotel.id).where(Hotel.code == code, Hotel.id != (hotel.id if hotel else -1))
    )
    if taken is not None:
        problems.update(_duplicate_code(code))
    existing = {o.id: o for o in hotel.outlets} if hotel else {}
    listed = {item.id for item in data.outlets if item.id is not None}
    left_out = {o.code for o in existing.values() if o.id not in listed}
    for n, item in enumerate(data.outlets, start=1):
        if item.id is not None and item.id not in existing:
            add(
                problems,
                "outlets",
                [
                    _(
                        "Outlet {n} belongs to another hotel or no longer exists. "
                        "Close the form and open it again."
                    ).format(n=n)
                ],
            )
        elif normalise_code(item.code) in left_out:
            add(
                problems,
                "outlets",
                [
                    _(
                        "Outlet {n}: the code {code} belongs to another outlet of this hotel."
                    ).format(n=n, code=normalise_code(item.code))
                ],
            )
    if problems:
        raise ValidationError(problems)


def _duplicate_code(code: str) -> dict[str, list[str]]:
    return {"code": [_("The code {code} is already used by another hotel.").format(code=code)]}


# --- writes --------------------------------------------------------------------------


# How each field of HotelData is stored; the outlets are synchronised apart.
_STORED: dict[str, Callable[[Any], object]] = {
    "code": normalise_code,
    "name": normalise_text,
    "kind": HotelKind,
    "address": normalise_text,
    "city": normalise_text,
    "phone": normalise_text,
    "receiving_contact": normalise_text,
    "receiving_phone": normalise_text,
    "billing_name": normalise_text,
    "billing_address": normalise_text,
    "npwp": normalise_npwp,
    "payment_terms_days": int,
}


def _snapshot(hotel: Hotel) -> dict[str, object]:
    """The stored fields, for the audit log."""
    outlets = sorted(
        f"{o.code}:{o.name}:{o.kind}:{'active' if o.active else 'inactive'}" for o in hotel.outlets
    )
    return {name: getattr(hotel, name) for name in _STORED} | {"outlets": outlets}


def _apply(session: Session, hotel: Hotel, data: HotelData) -> None:
    for name, stored in _STORED.items():
        setattr(hotel, name, stored(getattr(data, name)))
    _sync_outlets(session, hotel, data.outlets)


def _sync_outlets(session: Session, hotel: Hotel, items: list[OutletData]) -> None:
    existing = {o.id: o for o in hotel.outlets}
    recoded = [
        existing[item.id]
        for item in items
        if item.id is not None and existing[item.id].code != normalise_code(item.code)
    ]
    if recoded:
        # Two outlets may swap codes; park the changed ones on codes nobody uses first,
        # since the database checks the (hotel, code) key row by row.
        for outlet in recoded:
            outlet.code = f"#{outlet.id}"
        session.flush()
    listed: set[int] = set()
    for item in items:
        if item.id is None:
            outlet = Outlet()
            hotel.outlets.append(outlet)
        else:
            outlet = existing[item.id]
            listed.add(item.id)
        outlet.code = normalise_code(item.code)
        outlet.name = normalise_text(item.name)
        outlet.kind = OutletKind(item.kind)
        outlet.active = bool(item.active)
    for outlet_id, outlet in existing.items():
        if outlet_id not in listed:
            outlet.active = False  # referenced by stock documents: never deleted


def _flush_or_duplicate_code(session: Session, code: str) -> None:
    """Flush; another PC saving the same code at the same moment becomes a form message."""
    try:
        session.flush()
    except IntegrityError as exc:
        text = str(exc.orig).lower()
        if "unique" in text or "duplicate" in text:
            raise ValidationError(_duplicate_code(code)) from exc
        raise


def create_hotel(db: Database, *, data: HotelData) -> int:
    """Add an active hotel with its outlets; returns its id.

    Raises :class:`ValidationError` (nothing written) when the form is wrong or
    the code is taken. See :func:`standard_outlets` for the usual four outlets.
    """
    problems = validate_hotel(data)
    if problems:
        raise ValidationError(problems)
    with db.unit_of_work(Role.PURCHASING) as session:
        return add_hotel(session, data)


def update_hotel(db: Database, *, hotel_id: int, data: HotelData) -> None:
    """Replace every editable field of a hotel and add, change or deactivate its outlets."""
    problems = validate_hotel(data)
    if problems:
        raise ValidationError(problems)
    with db.unit_of_work(Role.PURCHASING) as session:
        change_hotel(session, hotel_id, data)


def set_hotel_active(db: Database, *, hotel_id: int, active: bool) -> None:
    """Deactivate (or reactivate) a hotel; its outlets keep their own state.

    An inactive hotel drops out of the choice lists and gets no daily standing
    orders, but stays readable in every list and document.
    """
    with db.unit_of_work(Role.PURCHASING) as session:
        hotel = _load(session, hotel_id)
        if hotel.active == active:
            return
        hotel.active = active
        audit.record(
            session,
            action="activate" if active else "deactivate",
            entity="hotel",
            entity_id=hotel_id,
        )


def _load(session: Session, hotel_id: int) -> Hotel:
    hotel = session.scalar(
        select(Hotel).where(Hotel.id == hotel_id).options(selectinload(Hotel.outlets))
    )
    if hotel is None:
        raise NotFound(_("The hotel no longer exists."))
    return hotel


# --- reads -------------------------------------------------------------------------------


def get_hotel(db: Database, hotel_id: int) -> HotelData:
    """Everything the edit dialog shows of one hotel, with all its outlets by code."""
    with db.reader() as session:
        hotel = _load(session, hotel_id)
        return HotelData(
            **{name: getattr(hotel, name) for name in _STORED},
            outlets=[
                OutletData(code=o.code, name=o.name, kind=o.kind, active=o.active, id=o.id)
                for o in hotel.outlets
            ],
        )


def _filters(query: HotelQuery) -> list[ColumnElement[bool]]:
    conditions: list[ColumnElement[bool]] = []
    if query.active is not None:
        conditions.append(Hotel.active.is_(query.active))
    if query.kind is not None:
        conditions.append(Hotel.kind == HotelKind(query.kind))
    for term in search_terms(query.text):
        pattern = like_pattern(term)
        conditions.append(
            or_(
                Hotel.code.ilike(pattern, escape="\\"),
                Hotel.name.ilike(pattern, escape="\\"),
                Hotel.city.ilike(pattern, escape="\\"),
                Hotel.receiving_contact.ilike(pattern, escape="\\"),
            )
        )
    return conditions


def count_hotels(db: Database, *, query: HotelQuery) -> int:
    """How many hotels the list shows for ``query``."""
    with db.reader() as session:
        stmt = select(func.count()).select_from(Hotel).where(*_filters(query))
        return int(session.scalar(stmt) or 0)


def _select_rows(
    session: Session,
    conditions: list[ColumnElement[bool]],
    *,
    sort: HotelSort = HotelSort.CODE,
    descending: bool = False,
    offset: int = 0,
    limit: int | None = None,
) -> list[HotelRow]:
    outlets = (
        select(Outlet.hotel_id, func.count().label("outlet_count"))
        .where(Outlet.active.is_(True))
        .group_by(Outlet.hotel_id)
        .subquery()
    )
    outlet_count = func.coalesce(outlets.c.outlet_count, 0)
    sort_keys: dict[HotelSort, SQLColumnExpression[Any]] = {
        HotelSort.CODE: Hotel.code,
        HotelSort.NAME: func.lower(Hotel.name),
        HotelSort.KIND: Hotel.kind,
        HotelSort.CITY: func.lower(Hotel.city),
        HotelSort.PAYMENT_TERMS: Hotel.payment_terms_days,
        HotelSort.OUTLET_COUNT: outlet_count,
    }
    key = sort_keys[HotelSort(sort)]
    stmt = (
        select(
            Hotel.id,
            Hotel.code,
            Hotel.name,
            Hotel.kind,
            Hotel.city,
            Hotel.phone,
            Hotel.receiving_contact,
            Hotel.payment_terms_days,
            outlet_count.label("outlet_count"),
            Hotel.active,
        )
        .outerjoin(outlets, outlets.c.hotel_id == Hotel.id)
        .where(*conditions)
        .order_by(key.desc() if descending else key.asc(), Hotel.id.asc())
        .offset(offset)
        .limit(limit)
    )
    return [
        HotelRow(
            id=r.id,
            code=r.code,
            name=r.name,
            kind=r.kind,
            city=r.city,
            phone=r.phone,
            receiving_contact=r.receiving_contact,
            payment_terms_days=r.payment_terms_days,
            outlet_count=int(r.outlet_count),
            active=r.active,
        )
        for r in session.execute(stmt)
    ]


def hotel_rows(
    db: Database, *, query: HotelQuery, offset: int = 0, limit: int = 100
) -> list[HotelRow]:
    """One window of the hotel list, sorted as ``query`` asks (ties by id)."""
    with db.reader() as session:
        return _select_rows(
            session,
            _filters(query),
            sort=query.sort,
            descending=query.descending,
            offset=offset,
            limit=limit,
        )


def hotel_row(db: Database, hotel_id: int) -> HotelRow:
    """The list row of one hotel, to refresh it after an edit."""
    with db.reader() as session:
        rows = _select_rows(session, [Hotel.id == hotel_id])
    if not rows:
        raise NotFound(_("The hotel no longer exists."))
    return rows[0]


def hotel_choices(db: Database, active_only: bool = True) -> list[Choice]:
    """(id, code, name) of the hotels to pick from, by code."""
    stmt = select(Hotel.id, Hotel.code, Hotel.name).order_by(Hotel.code)
    if active_only:
        stmt = stmt.where(Hotel.active.is_(True))
    with db.reader() as session:
        return [Choice(id_, code, name) for id_, code, name in session.execute(stmt)]


def outlet_choices(db: Database, hotel_id: int, active_only: bool = True) -> list[Choice]:
    """(id, code, name) of a hotel's outlets to pick from, by code."""
    stmt = (
        select(Outlet.id, Outlet.code, Outlet.name)
        .where(Outlet.hotel_id == hotel_id)
        .order_by(Outlet.code)
    )
    if active_only:
        stmt = stmt.where(Outlet.active.is_(True))
    with db.reader() as session:
        return [Choice(id_, code, name) for id_, code, name in session.execute(stmt)]


# --- session-level, for an import that writes many hotels in one unit of work -----------


def hotel_data_in(session: Session, hotel_id: int) -> HotelData:
    """What :func:`get_hotel` returns, read in the caller's session."""
    hotel = _load(session, hotel_id)
    return HotelData(
        **{name: getattr(hotel, name) for name in _STORED},
        outlets=[OutletData(code=o.code, name=o.name, kind=o.kind, active=o.active, id=o.id)
                 for o in hotel.outlets],
    )


def add_hotel(session: Session, data: HotelData) -> int:
    """Session-level :func:`create_hotel`: the same checks and audit entry."""
    problems = validate_hotel(data)
    if problems:
        raise ValidationError(problems)
    _check_database(session, data, hotel=None)
    hotel = Hotel(created_by=audit.current_user(session), active=True)
    session.add(hotel)
    _apply(session, hotel, data)
    _flush_or_duplicate_code(session, hotel.code)
    audit.record(session, action="create", entity="hotel", entity_id=hotel.id,
                 **_snapshot(hotel))
    return hotel.id


def change_hotel(session: Session, hotel_id: int, data: HotelData) -> bool:
    """Session-level :func:`update_hotel`; returns whether anything changed."""
    problems = validate_hotel(data)
    if problems:
        raise ValidationError(problems)
    hotel = _load(session, hotel_id)
    _check_database(session, data, hotel=hotel)
    before = _snapshot(hotel)
    _apply(session, hotel, data)
    _flush_or_duplicate_code(session, hotel.code)
    changed = changes(before, _snapshot(hotel))
    if changed:
        audit.record(session, action="update", entity="hotel", entity_id=hotel_id, **changed)
    return bool(changed)
