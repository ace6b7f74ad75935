"""Products (Produk): what a supplier makes, in which unit, and at which standard price.

A product is never deleted: :func:`set_product_active` deactivates it. An
active product needs an active supplier. Once a product has been ordered or
delivered its unit is fixed, since the quantities already recorded are in it.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum
from typing import Any

from sqlalchemy import ColumnElement, SQLColumnExpression, exists, func, or_, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from hotel_supply.db import Database
from hotel_supply.i18n import _
from hotel_supply.models import DeliveryLine, OrderLine, Product, StockLot, Supplier
from hotel_supply.models.enums import Category, Role, Unit
from hotel_supply.services import audit, settings
from hotel_supply.services.errors import NotFound, ValidationError
from hotel_supply.services.validation import (
    Choice,
    add,
    changes,
    code_problems,
    enum_problems,
    like_pattern,
    money_problems,
    name_problems,
    normalise_code,
    normalise_text,
    search_terms,
)

__all__ = [
    "ProductData",
    "ProductQuery",
    "ProductRow",
    "ProductSort",
    "count_products",
    "create_product",
    "get_product",
    "product_choices",
    "product_row",
    "product_rows",
    "set_product_active",
    "update_product",
    "validate_product",
]

MAX_SHELF_LIFE_DAYS = 3650


@dataclass
class ProductData:
    """Every field of a product the edit dialog (or an import) can change."""

    code: str
    name: str
    supplier_id: int
    category: Category
    unit: Unit
    perishable: bool = False
    shelf_life_days: int | None = None  # required (> 0) when perishable
    standard_price: int = 0  # whole rupiah per unit, used where no agreement applies


class ProductSort(StrEnum):
    """The columns a product list can be sorted by."""

    CODE = "code"
    NAME = "name"
    SUPPLIER = "supplier"
    CATEGORY = "category"
    UNIT = "unit"
    SHELF_LIFE = "shelf_life"
    STANDARD_PRICE = "standard_price"


@dataclass
class ProductQuery:
    """What a product list shows: a free-text search, filters and the sort order."""

    text: str = ""  # words matched against product code and name and the supplier's code and name
    supplier_id: int | None = None
    category: Category | None = None
    active: bool | None = True  # None shows active and inactive products
    sort: ProductSort = ProductSort.CODE
    descending: bool = False


@dataclass(frozen=True)
class ProductRow:
    """One line of the product list."""

    id: int
    code: str
    name: str
    supplier_id: int
    supplier_code: str
    supplier_name: str
    category: Category
    unit: Unit
    perishable: bool
    shelf_life_days: int | None
    standard_price: int
    active: bool


# --- validation -------------------------------------------------------------------


def validate_product(data: ProductData) -> dict[str, list[str]]:
    """Check a product form without the database: field name -> messages ('' for the form)."""
    problems: dict[str, list[str]] = {}
    add(problems, "code", code_problems(data.code, max_length=30))
    add(problems, "name", name_problems(data.name))
    if isinstance(data.supplier_id, bool) or not isinstance(data.supplier_id, int):
        add(problems, "supplier_id", [_("Choose the supplier.")])
    add(
        problems,
        "category",
        enum_problems(data.category, Category, message=_("Choose a category.")),
    )
    add(problems, "unit", enum_problems(data.unit, Unit, message=_("Choose the unit.")))
    add(problems, "shelf_life_days", _shelf_life_problems(data))
    add(
        problems,
        "standard_price",
        money_problems(data.standard_price, label=_("The standard price")),
    )
    return problems


def _shelf_life_problems(data: ProductData) -> list[str]:
    days = data.shelf_life_days
    if days is None:
        if data.perishable:
            return [_("A perishable product needs its shelf life in days.")]
        return []
    if isinstance(days, bool) or not isinstance(days, int) or days <= 0:
        return [_("The shelf life must be a whole number of days, at least 1.")]
    if days > MAX_SHELF_LIFE_DAYS:
        return [_("The shelf life can be at most {max} days.").format(max=MAX_SHELF_LIFE_DAYS)]
    return []


def _duplicate_code(code: str) -> dict[str, list[str]]:
    return {"code": [_("The code {code} is already used by another product.").format(code=code)]}


def _check_database(session: Session, data: ProductData, *, product: Product | None) -> None:
    """The checks that need the database; raise with the same field keys as the form."""
    problems: dict[str, list[str]] = {}
    add(problems, "standard_price", money_problems(
        data.standard_price, label=_("The standard price"),
        max=settings.cached(session).max_unit_price))
    code = normalise_code(data.code)
    taken = session.scalar(
        select(Product.id).where(
            Product.code == code, Product.id != (product.id if product else -1)
        )
    )
    if taken is not None:
        problems.update(_duplicate_code(code))
    supplier_active = session.scalar(select(Supplier.active).where(Supplier.id == data.supplier_id))
    if supplier_active is None:
        add(problems, "supplier_id", [_("The supplier no longer exists.")])
    elif not supplier_active and (product is None or product.active):
        add(
            problems,
            "supplier_id",
            [_("This supplier is inactive. Activate the supplier first, or choose another one.")],
        )
    if (
        product is not None
        and Unit(data.unit) != product.unit
        and _is_referenced(session, product.id)
    ):
        add(
            problems,
            "unit",
            [
                _(
                    "The unit cannot be changed: this product has already been ordered or "
                    "delivered in {unit}. Create a new product for the new unit."
                ).format(unit=product.unit.value)
            ],
        )
    if problems:
        raise ValidationError(problems)


def _is_referenced(session: Session, product_id: int) -> bool:
    """Whether any order, delivery or stock lot counts this product in its unit."""
    return any(
        session.scalar(select(exists().where(column == product_id)))
        for column in (OrderLine.product_id, DeliveryLine.product_id, StockLot.product_id)
    )


def _flush_or_duplicate_code(session: Session, code: str) -> None:
    """Flush; another PC saving the same code at the same moment becomes a form message."""
    try:
        session.flush()
    except IntegrityError as exc:
        text = str(exc.orig).lower()
        if "unique" in text or "duplicate" in text:
            raise ValidationError(_duplicate_code(code)) from exc
        raise


# --- writes --------------------------------------------------------------------------


def _snapshot(product: Product) -> dict[str, object]:
    return {
        "code": product.code,
        "name": product.name,
        "supplier_id": product.supplier_id,
        "category": product.category,
        "unit": product.unit,
        "perishable": product.perishable,
        "shelf_life_days": product.shelf_life_days,
        "standard_price": product.standard_price,
    }


def _apply(product: Product, data: ProductData) -> None:
    product.code = normalise_code(data.code)
    product.name = normalise_text(data.name)
    product.supplier_id = data.supplier_id
    product.category = Category(data.category)
    product.unit = Unit(data.unit)
    product.perishable = bool(data.perishable)
    product.shelf_life_days = data.shelf_life_days
    product.standard_price = int(data.standard_price)


def create_product(db: Database, *, data: ProductData) -> int:
    """Add an active product of an active supplier; returns its id.

    Raises :class:`ValidationError` (nothing written) when the form is wrong,
    the code is taken, or the supplier is missing or inactive.
    """
    problems = validate_product(data)
    if problems:
        raise ValidationError(problems)
    with db.unit_of_work(Role.PURCHASING) as session:
        return add_product(session, data)


def update_product(db: Database, *, product_id: int, data: ProductData) -> None:
    """Replace every editable field of a product (the unit only while it is unused)."""
    problems = validate_product(data)
    if problems:
        raise ValidationError(problems)
    with db.unit_of_work(Role.PURCHASING) as session:
        change_product(session, product_id, data)


def set_product_active(db: Database, *, product_id: int, active: bool) -> None:
    """Deactivate (or reactivate) a product.

    An inactive product drops out of the choice lists, the standing-order grid
    (unless it still has quantities there) and the daily standing orders, but
    stays readable in every list and document. Reactivating needs an active
    supplier.
    """
    with db.unit_of_work(Role.PURCHASING) as session:
        product = _load(session, product_id)
        if product.active == active:
            return
        if active:
            supplier_active = session.scalar(
                select(Supplier.active).where(Supplier.id == product.supplier_id)
            )
            if not supplier_active:
                raise ValidationError(
                    {
                        "supplier_id": [
                            _("The supplier of this product is inactive. Activate it first.")
                        ]
                    }
                )
        product.active = active
        audit.record(
            session,
            action="activate" if active else "deactivate",
            entity="product",
            entity_id=product_id,
        )


def _load(session: Session, product_id: int) -> Product:
    product = session.get(Product, product_id)
    if product is None:
        raise NotFound(_("The product no longer exists."))
    return product


# --- reads -------------------------------------------------------------------------------


def get_product(db: Database, product_id: int) -> ProductData:
    """Everything the edit dialog shows of one product."""
    with db.reader() as session:
        product = _load(session, product_id)
        return ProductData(
            code=product.code,
            name=product.name,
            supplier_id=product.supplier_id,
            category=product.category,
            unit=product.unit,
            perishable=product.perishable,
            shelf_life_days=product.shelf_life_days,
            standard_price=product.standard_price,
        )


def _filters(query: ProductQuery) -> list[ColumnElement[bool]]:
    conditions: list[ColumnElement[bool]] = []
    if query.active is not None:
        conditions.append(Product.active.is_(query.active))
    if query.supplier_id is not None:
        conditions.append(Product.supplier_id == query.supplier_id)
    if query.category is not None:
        conditions.append(Product.category == Category(query.category))
    for term in search_terms(query.text):
        pattern = like_pattern(term)
        conditions.append(
            or_(
                Product.code.ilike(pattern, escape="\\"),
                Product.name.ilike(pattern, escape="\\"),
                Supplier.code.ilike(pattern, escape="\\"),
                Supplier.name.ilike(pattern, escape="\\"),
            )
        )
    return conditions


def count_products(db: Database, *, query: ProductQuery) -> int:
    """How many products the list shows for ``query``."""
    stmt = (
        select(func.count())
        .select_from(Product)
        .join(Supplier, Supplier.id == Product.supplier_id)
        .where(*_filters(query))
    )
    with db.reader() as session:
        return int(session.scalar(stmt) or 0)


def _select_rows(
    session: Session,
    conditions: list[ColumnElement[bool]],
    *,
    sort: ProductSort = ProductSort.CODE,
    descending: bool = False,
    offset: int = 0,
    limit: int | None = None,
) -> list[ProductRow]:
    sort_keys: dict[ProductSort, SQLColumnExpression[Any]] = {
        ProductSort.CODE: Product.code,
        ProductSort.NAME: func.lower(Product.name),
        ProductSort.SUPPLIER: func.lower(Supplier.name),
        ProductSort.CATEGORY: Product.category,
        ProductSort.UNIT: Product.unit,
        ProductSort.SHELF_LIFE: func.coalesce(Product.shelf_life_days, 0),
        ProductSort.STANDARD_PRICE: Product.standard_price,
    }
    key = sort_keys[ProductSort(sort)]
    stmt = (
        select(
            Product.id,
            Product.code,
            Product.name,
            Product.supplier_id,
            Supplier.code.label("supplier_code"),
            Supplier.name.label("supplier_name"),
            Product.category,
            Product.unit,
            Product.perishable,
            Product.shelf_life_days,
            Product.standard_price,
            Product.active,
        )
        .join(Supplier, Supplier.id == Product.supplier_id)
        .where(*conditions)
        .order_by(key.desc() if descending else key.asc(), Product.id.asc())
        .offset(offset)
        .limit(limit)
    )
    return [
        ProductRow(
            id=r.id,
            code=r.code,
            name=r.name,
            supplier_id=r.supplier_id,
            supplier_code=r.supplier_code,
            supplier_name=r.supplier_name,
            category=r.category,
            unit=r.unit,
            perishable=r.perishable,
            shelf_life_days=r.shelf_life_days,
            standard_price=r.standard_price,
            active=r.active,
        )
        for r in session.execute(stmt)
    ]


def product_rows(
    db: Database, *, query: ProductQuery, offset: int = 0, limit: int = 100
) -> list[ProductRow]:
    """One window of the product list, sorted as ``query`` asks (ties by id)."""
    with db.reader() as session:
        return _select_rows(
            session,
            _filters(query),
            sort=query.sort,
            descending=query.descending,
            offset=offset,
            limit=limit,
        )


def product_row(db: Database, product_id: int) -> ProductRow:
    """The list row of one product, to refresh it after an edit."""
    with db.reader() as session:
        rows = _select_rows(session, [Product.id == product_id])
    if not rows:
        raise NotFound(_("The product no longer exists."))
    return rows[0]


def product_choices(
    db: Database, *, supplier_id: int | None = None, active_only: bool = True
) -> list[Choice]:
    """(id, code, name) of the products to pick from, by code; optionally of one supplier.

    With ``active_only`` a product counts as active only when its supplier is too.
    """
    stmt = (
        select(Product.id, Product.code, Product.name)
        .join(Supplier, Supplier.id == Product.supplier_id)
        .order_by(Product.code)
    )
    if supplier_id is not None:
        stmt = stmt.where(Product.supplier_id == supplier_id)
    if active_only:
        stmt = stmt.where(Product.active.is_(True), Supplier.active.is_(True))
    with db.reader() as session:
        return [Choice(id_, code, name) for id_, code, name in session.execute(stmt)]


# --- session-level, for an import that writes many products in one unit of work --------


def add_product(session: Session, data: ProductData) -> int:
    """Session-level :func:`create_product`: the same checks and audit entry."""
    problems = validate_product(data)
    if problems:
        raise ValidationError(problems)
    _check_database(session, data, product=None)
    product = Product(created_by=audit.current_user(session), active=True)
    _apply(product, data)
    session.add(product)
    _flush_or_duplicate_code(session, product.code)
    audit.record(session, action="create", entity="product", entity_id=product.id,
                 **_snapshot(product))
    return product.id


def change_product(session: Session, product_id: int, data: ProductData) -> bool:
    """Session-level :func:`update_product`; returns whether anything changed."""
    problems = validate_product(data)
    if problems:
        raise ValidationError(problems)
    product = _load(session, product_id)
    _check_database(session, data, product=product)
    before = _snapshot(product)
    _apply(product, data)
    _flush_or_duplicate_code(session, product.code)
    changed = changes(before, _snapshot(product))
    if changed:
        audit.record(session, action="update", entity="product", entity_id=product_id,
                     **changed)
    return bool(changed)
