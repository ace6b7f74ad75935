"""The supplier list: short read-only queries that select the columns the list shows, as
flat rows (with each supplier's active products and nearest certificate expiry), and the
choices to pick a supplier from."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from enum import StrEnum
from typing import Any

from sqlalchemy import (
    ColumnElement,
    Date,
    SQLColumnExpression,
    case,
    func,
    or_,
    select,
    type_coerce,
)
from sqlalchemy.orm import Session

from hotel_supply.db import Database
from hotel_supply.i18n import _
from hotel_supply.models import Certificate, Product, Supplier
from hotel_supply.models.enums import Category, LegalForm
from hotel_supply.services.errors import NotFound
from hotel_supply.services.validation import Choice, digits_only, like_pattern, search_terms


class SupplierSort(StrEnum):
    """The columns a supplier list can be sorted by."""

    CODE = "code"
    NAME = "name"
    LEGAL_FORM = "legal_form"
    CATEGORY = "category"
    CITY = "city"
    PRODUCT_COUNT = "product_count"
    NEAREST_EXPIRY = "nearest_expiry"


@dataclass
class SupplierQuery:
    """What a supplier list shows: a free-text search, filters and the sort order."""

    text: str = ""  # words matched against code, name, owner and phone
    active: bool | None = True  # None shows active and inactive suppliers
    category: Category | None = None
    sort: SupplierSort = SupplierSort.CODE
    descending: bool = False


@dataclass(frozen=True)
class SupplierRow:
    """One line of the supplier list."""

    id: int
    code: str
    name: str
    legal_form: LegalForm
    category: Category
    phone: str
    city: str
    is_pkp: bool
    active: bool
    product_count: int  # active products
    # Earliest expiry among the current certificate of each kind (a renewed
    # certificate replaces the old one); None when nothing expires.
    nearest_expiry: dt.date | None


def _filters(query: SupplierQuery) -> list[ColumnElement[bool]]:
    conditions: list[ColumnElement[bool]] = []
    if query.active is not None:
        conditions.append(Supplier.active.is_(query.active))
    if query.category is not None:
        conditions.append(Supplier.category == Category(query.category))
    phone_digits = func.replace(
        func.replace(func.replace(Supplier.phone, "-", ""), " ", ""), ".", ""
    )
    for term in search_terms(query.text):
        pattern = like_pattern(term)
        matches = [
            Supplier.code.ilike(pattern, escape="\\"),
            Supplier.name.ilike(pattern, escape="\\"),
            Supplier.owner_name.ilike(pattern, escape="\\"),
            Supplier.phone.ilike(pattern, escape="\\"),
        ]
        digits = digits_only(term)
        if len(digits) >= 4 and digits.isdigit():
            matches.append(phone_digits.like(f"%{digits}%"))
        conditions.append(or_(*matches))
    return conditions


def count_suppliers(db: Database, *, query: SupplierQuery) -> int:
    """How many suppliers the list shows for ``query``."""
    with db.reader() as session:
        stmt = select(func.count()).select_from(Supplier).where(*_filters(query))
        return int(session.scalar(stmt) or 0)


def _select_rows(
    session: Session,
    conditions: list[ColumnElement[bool]],
    *,
    sort: SupplierSort = SupplierSort.CODE,
    descending: bool = False,
    offset: int = 0,
    limit: int | None = None,
) -> list[SupplierRow]:
    per_kind = (
        select(
            Certificate.supplier_id.label("supplier_id"),
            # the current certificate of a kind is the latest; one without expiry never expires
            case(
                (
                    func.count() == func.count(Certificate.expires_on),
                    func.max(Certificate.expires_on),
                ),
                else_=None,
            ).label("expires_on"),
        )
        .group_by(Certificate.supplier_id, Certificate.kind)
        .subquery()
    )
    nearest = (
        select(
            per_kind.c.supplier_id,
            type_coerce(func.min(per_kind.c.expires_on), Date).label("nearest_expiry"),
        )
        .group_by(per_kind.c.supplier_id)
        .subquery()
    )
    products = (
        select(Product.supplier_id, func.count().label("product_count"))
        .where(Product.active.is_(True))
        .group_by(Product.supplier_id)
        .subquery()
    )
    product_count = func.coalesce(products.c.product_count, 0)
    sort_keys: dict[SupplierSort, SQLColumnExpression[Any]] = {
        SupplierSort.CODE: Supplier.code,
        SupplierSort.NAME: func.lower(Supplier.name),
        SupplierSort.LEGAL_FORM: Supplier.legal_form,
        SupplierSort.CATEGORY: Supplier.category,
        SupplierSort.CITY: func.lower(Supplier.city),
        SupplierSort.PRODUCT_COUNT: product_count,
        SupplierSort.NEAREST_EXPIRY: nearest.c.nearest_expiry,
    }
    key = sort_keys[SupplierSort(sort)]
    order: list[SQLColumnExpression[Any]] = []
    if sort == SupplierSort.NEAREST_EXPIRY:
        order.append(case((key.is_(None), 1), else_=0))  # suppliers without expiry go last
    order += [key.desc() if descending else key.asc(), Supplier.id.asc()]
    stmt = (
        select(
            Supplier.id,
            Supplier.code,
            Supplier.name,
            Supplier.legal_form,
            Supplier.category,
            Supplier.phone,
            Supplier.city,
            Supplier.is_pkp,
            Supplier.active,
            product_count.label("product_count"),
            nearest.c.nearest_expiry,
        )
        .outerjoin(products, products.c.supplier_id == Supplier.id)
        .outerjoin(nearest, nearest.c.supplier_id == Supplier.id)
        .where(*conditions)
        .order_by(*order)
        .offset(offset)
        .limit(limit)
    )
    return [
        SupplierRow(
            id=r.id,
            code=r.code,
            name=r.name,
            legal_form=r.legal_form,
            category=r.category,
            phone=r.phone,
            city=r.city,
            is_pkp=r.is_pkp,
            active=r.active,
            product_count=int(r.product_count),
            nearest_expiry=r.nearest_expiry,
        )
        for r in session.execute(stmt)
    ]


def supplier_rows(
    db: Database, *, query: SupplierQuery, offset: int = 0, limit: int = 100
) -> list[SupplierRow]:
    """One window of the supplier list, sorted as ``query`` asks (ties by id)."""
    with db.reader() as session:
        return _select_rows(
            session,
            _filters(query),
            sort=query.sort,
            descending=query.descending,
            offset=offset,
            limit=limit,
        )


def supplier_row(db: Database, supplier_id: int) -> SupplierRow:
    """The list row of one supplier, to refresh it after an edit."""
    with db.reader() as session:
        rows = _select_rows(session, [Supplier.id == supplier_id])
    if not rows:
        raise NotFound(_("The supplier no longer exists."))
    return rows[0]


def supplier_choices(db: Database, active_only: bool = True) -> list[Choice]:
    """(id, code, name) of the suppliers to pick from, by code."""
    stmt = select(Supplier.id, Supplier.code, Supplier.name).order_by(Supplier.code)
    if active_only:
        stmt = stmt.where(Supplier.active.is_(True))
    with db.reader() as session:
        return [Choice(id_, code, name) for id_, code, name in session.execute(stmt)]
