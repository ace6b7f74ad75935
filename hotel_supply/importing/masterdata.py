"""Planning and writing suppliers, hotels and products from rows.

A row that matches a record (code, then NPWP, then name) updates the fields the
file has columns for and keeps the others; one that matches nothing is new. A
second row for the same record (same code, NPWP or name) is an error that names
the first, so nothing is created twice.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable
from typing import Any

from sqlalchemy.orm import Session

from hotel_supply.i18n import _
from hotel_supply.importing.columns import FIELDS, Kind
from hotel_supply.importing.context import (
    Context,
    category_named,
    legal_form_of_name,
    legal_form_of_text,
    unit_named,
)
from hotel_supply.importing.matching import Directory, Found, Known, name_key, next_code
from hotel_supply.importing.plan import PlannedRow, RowReader, RowStatus
from hotel_supply.models.enums import HotelKind
from hotel_supply.progress import SILENT, Progress
from hotel_supply.services import hotels, products, suppliers


def _problems_of(found: dict[str, list[str]], labels: dict[str, str]) -> list[str]:
    out: list[str] = []
    for key, messages in found.items():
        name = labels.get(key)
        out += [_("{field}: {problem}").format(field=name, problem=m) if name else m
                for m in messages]
    return out


class _SeenInFile:
    """Which row of the file first named a record, by code, NPWP and name key."""

    def __init__(self) -> None:
        self.rows: dict[tuple[str, str], int] = {}

    def check(self, row: PlannedRow, found: Found, *, code: str = "", npwp: str = "",
              name: str = "") -> None:
        keys = [("code", code.upper()), ("npwp", npwp), ("name", name_key(name))]
        if found.item is not None:
            keys.append(("id", str(found.item.id)))
        for key in keys:
            if key[1] and key in self.rows:
                row.fail(_("Likely the same as row {row} of the file: it is imported once.")
                         .format(row=self.rows[key]))
                return
        for key in keys:
            if key[1]:
                self.rows[key] = row.row_no


class _Records:
    """One kind of record the file lists, and the planning steps every kind shares."""

    def __init__(self, kind: Kind, directory: Directory, *,
                 load: Callable[[Session, int], Any],
                 validate: Callable[[Any], dict[str, list[str]]],
                 code_prefix: str, code_width: int, npwp_unique: bool = False) -> None:
        self.fields = FIELDS[kind]
        self.labels = {f.key: _(f.label) for f in self.fields}
        self.directory = directory
        self.taken = directory.codes()
        self.seen = _SeenInFile()
        self.load = load
        self.validate = validate
        self.code_prefix = code_prefix
        self.code_width = code_width
        self.npwp_unique = npwp_unique  # hotels of one group may share a billing NPWP

    def read(self, row: PlannedRow) -> tuple[RowReader, str, str]:
        """The row's reader, its name (required) and its code (may be empty)."""
        read = RowReader(row, self.fields)
        return read, read.require("name") or "", read.get("code") or ""

    def stored(self, session: Session, found: Found) -> Any:
        """What the database holds for the matched record; None for a new one."""
        if found.item is None or found.item.id <= 0:
            return None
        return self.load(session, found.item.id)

    def finish(self, row: PlannedRow, before: Any, data: Any, found: Found,
               **known: Any) -> None:
        """Give a new record its code, check it whole and against the others, and decide
        what the row does; ``known`` are the directory's fields besides code and name."""
        if before is None and not data.code and row.status != RowStatus.ERROR:
            data.code = next_code(self.taken, self.code_prefix, self.code_width)
            row.notes.append(_("Gets the code {code}.").format(code=data.code))
        if row.status != RowStatus.ERROR:
            row.errors += _problems_of(self.validate(data), self.labels)
            if row.errors:
                row.status = RowStatus.ERROR
        if row.status != RowStatus.ERROR:
            if self.npwp_unique:
                _check_npwp_against(row, self.directory, data.npwp, found)
            _check_code_against(row, self.directory, data.code, found)
        row.target = f"{data.code} {data.name}".strip()
        _decide(row, before, data, found)
        if row.status in (RowStatus.NEW, RowStatus.UPDATE):
            row.action = (found.item.id if found.item else None, data)
            if found.item is None:
                self.directory.add(Known(id=self.directory.new_id(), code=data.code,
                                         name=data.name, **known))


def _set_name_and_code(data: Any, *, name: str, code: str) -> None:
    """The row's name and code replace the stored ones; an empty cell keeps them."""
    data.name = name or data.name
    if code:
        data.code = code


def _set_texts(read: RowReader, data: Any, keys: tuple[str, ...]) -> None:
    """Copy the file's texts; an empty cell keeps what is stored (lists have gaps)."""
    for key in keys:
        value = read.get(key)
        if value:
            setattr(data, key, value)


def _set_given(read: RowReader, data: Any, keys: tuple[str, ...]) -> None:
    """Copy the file's values (yes/no, numbers, dates); an empty cell keeps what is stored."""
    for key in keys:
        value = read.get(key)
        if value is not None:
            setattr(data, key, value)


def _decide(row: PlannedRow, before: Any, after: Any, found: Found) -> None:
    if row.status == RowStatus.ERROR:
        return
    if found.item is None:
        row.status = RowStatus.NEW
    else:
        row.status = RowStatus.UNCHANGED if before == after else RowStatus.UPDATE
        if found.how == "npwp":
            row.notes.append(_("Matched by NPWP to {record}.").format(record=found.item.label))
        elif found.how == "name":
            row.notes.append(_("Matched by name to {record}.").format(record=found.item.label))


def _check_npwp_against(row: PlannedRow, directory: Directory, npwp: str, found: Found) -> None:
    if not npwp:
        return
    others = [k for k in directory.by_npwp.get(npwp, []) if k.active and
              (found.item is None or k.id != found.item.id)]
    if others:
        row.fail(_("This NPWP already belongs to {record}.").format(record=others[0].label))


def _check_code_against(row: PlannedRow, directory: Directory, code: str, found: Found) -> None:
    other = directory.by_code.get(code.upper())
    if other is not None and (found.item is None or other.id != found.item.id):
        row.fail(_("The code {code} is already used by {record}.").format(
            code=code, record=other.label))


def _write(rows: list[PlannedRow], progress: Progress, add: Callable[[Any], object],
           change: Callable[[int, Any], object]) -> None:
    for n, row in enumerate(rows, start=1):
        progress.step(n, len(rows), row.target)
        record_id, data = row.action
        if record_id is None:
            add(data)
        else:
            change(record_id, data)


# --- suppliers ---------------------------------------------------------------------------


def plan_suppliers(ctx: Context, rows: list[PlannedRow]) -> None:
    records = _Records(Kind.SUPPLIERS, ctx.suppliers, load=suppliers.supplier_data_in,
                       validate=suppliers.validate_supplier, code_prefix="UMKM", code_width=4,
                       npwp_unique=True)
    for row in rows:
        read, name, code = records.read(row)
        npwp = read.get("npwp") or ""
        found = records.directory.find(code=code, npwp=npwp, name=name)
        if found.problem:
            row.fail(found.problem)
        records.seen.check(row, found, code=code, npwp=npwp, name=name)
        before = records.stored(ctx.session, found)
        data = dataclasses.replace(before) if before else suppliers.SupplierData(
            code="", name=name, legal_form=legal_form_of_name(name), category=None)  # type: ignore[arg-type]
        _set_name_and_code(data, name=name, code=code)
        _set_texts(read, data, ("owner_name", "phone", "address", "city", "nib", "npwp",
                                "bank_name", "bank_account_no", "bank_account_name", "notes"))
        _set_given(read, data, ("is_pkp", "coaching_start"))
        if read.has("legal_form") and not read.blank("legal_form"):
            text = read.get("legal_form")
            form = legal_form_of_text(text)
            if form is None:
                row.fail(_("Legal form: “{text}” is not one the app knows: CV, UD or sole "
                           "trader (Perorangan).").format(text=text))
            else:
                data.legal_form = form
        if read.has("category") and not read.blank("category"):
            data.category = category_named(row, read.get("category")) or data.category
        elif before is None:
            row.fail(_("Category is empty."))
        records.finish(row, before, data, found, npwp=data.npwp)


def apply_suppliers(
    ctx: Context, rows: list[PlannedRow], progress: Progress = SILENT
) -> None:
    _write(rows, progress, lambda data: suppliers.add_supplier(ctx.session, data),
           lambda supplier_id, data: suppliers.change_supplier(ctx.session, supplier_id, data))


# --- hotels --------------------------------------------------------------------------------


def plan_hotels(ctx: Context, rows: list[PlannedRow]) -> None:
    records = _Records(Kind.HOTELS, ctx.hotels, load=hotels.hotel_data_in,
                       validate=hotels.validate_hotel, code_prefix="H", code_width=3)
    for row in rows:
        read, name, code = records.read(row)
        # hotels of one group may share a billing NPWP: match by code and name only
        found = records.directory.find(code=code, name=name)
        if found.problem:
            row.fail(found.problem)
        records.seen.check(row, found, code=code, name=name)
        before = records.stored(ctx.session, found)
        data = dataclasses.replace(before) if before else hotels.HotelData(
            code="", name=name, outlets=hotels.standard_outlets())
        _set_name_and_code(data, name=name, code=code)
        _set_texts(read, data, ("address", "city", "phone", "receiving_contact",
                                "receiving_phone", "billing_name", "billing_address", "npwp"))
        _set_given(read, data, ("payment_terms_days",))
        if read.has("kind") and not read.blank("kind"):
            text = read.get("kind")
            if text.lower() in ("hotel", "penginapan", "resort"):
                data.kind = HotelKind.HOTEL
            elif text.lower() in ("restoran", "restaurant", "resto", "rumah makan", "kafe",
                                  "cafe"):
                data.kind = HotelKind.RESTAURANT
            else:
                row.fail(_("Kind: “{text}” is neither Hotel nor Restoran.").format(text=text))
        records.finish(row, before, data, found)


def apply_hotels(
    ctx: Context, rows: list[PlannedRow], progress: Progress = SILENT
) -> None:
    _write(rows, progress, lambda data: hotels.add_hotel(ctx.session, data),
           lambda hotel_id, data: hotels.change_hotel(ctx.session, hotel_id, data))


# --- products ------------------------------------------------------------------------------


def _validate_product(data: products.ProductData) -> dict[str, list[str]]:
    # a supplier the import creates has a negative id until it is written
    return products.validate_product(
        dataclasses.replace(data, supplier_id=max(data.supplier_id, 1)))


def plan_products(ctx: Context, rows: list[PlannedRow]) -> None:
    records = _Records(Kind.PRODUCTS, ctx.products, load=_product_data,
                       validate=_validate_product, code_prefix="P", code_width=5)
    for row in rows:
        read, name, code = records.read(row)
        supplier_text = read.require("supplier") or ""
        unit = unit_named(row, read.get("unit") or "")
        price = read.get("standard_price")
        supplier = ctx.supplier(row, supplier_text, hint=name) if supplier_text else None
        found = Found(None)
        if supplier is not None:
            found = records.directory.find(code=code, name=name, owner=supplier.id)
            if found.problem:
                row.fail(found.problem)
            elif found.item is not None and found.item.owner != supplier.id:
                row.fail(_("The code {code} belongs to a product of another supplier.").format(
                    code=code))
        records.seen.check(row, found, code=code,
                           name=f"{supplier.id if supplier else ''} {name}")
        before = records.stored(ctx.session, found)
        if supplier is None or row.status == RowStatus.ERROR:
            row.status = RowStatus.ERROR
            row.target = f"{code} {name}".strip()
            continue
        data = dataclasses.replace(before) if before else products.ProductData(
            code=code, name=name, supplier_id=supplier.id,
            category=supplier.extra.get("category"),  # type: ignore[arg-type]
            unit=unit)  # type: ignore[arg-type]
        _set_name_and_code(data, name=name, code=code)
        if unit is not None:
            data.unit = unit
        elif before is None:
            row.fail(_("Unit is empty."))
        if read.has("category") and not read.blank("category"):
            data.category = category_named(row, read.get("category")) or data.category
        _set_given(read, data, ("perishable", "shelf_life_days"))
        if price is not None:
            data.standard_price = price
        records.finish(row, before, data, found, owner=supplier.id, extra={"unit": data.unit})


def _product_data(session: Session, product_id: int) -> products.ProductData:
    from hotel_supply.models import Product

    product = session.get(Product, product_id)
    assert product is not None
    return products.ProductData(
        code=product.code, name=product.name, supplier_id=product.supplier_id,
        category=product.category, unit=product.unit, perishable=product.perishable,
        shelf_life_days=product.shelf_life_days, standard_price=product.standard_price)


def apply_products(
    ctx: Context, rows: list[PlannedRow], progress: Progress = SILENT
) -> None:
    def written(data: products.ProductData) -> products.ProductData:
        return dataclasses.replace(data, supplier_id=ctx.real_id(data.supplier_id))

    _write(rows, progress, lambda data: products.add_product(ctx.session, written(data)),
           lambda product_id, data: products.change_product(ctx.session, product_id,
                                                            written(data)))
