"""Planning and writing suppliers, hotels and products from rows.

A row that matches a record (code, then NPWP, then name) updates the fields the
file has columns for and keeps the others; one that matches nothing is new. A
second row for the same record (same code, NPWP or name) is an error that names
the first, so nothing is created twice.
"""

from __future__ import annotations

import dataclasses
from typing import Any

from hotel_supply.i18n import _
from hotel_supply.importing.columns import FIELDS, Kind
from hotel_supply.importing.context import (
    Context,
    category_of_text,
    legal_form_of_name,
    legal_form_of_text,
    unit_of_text,
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


def _labels(kind: Kind) -> dict[str, str]:
    return {f.key: _(f.label) for f in FIELDS[kind]}


class _SeenInFile:
    """Which row of the file first named a record, by code, NPWP and name key."""

    def __init__(self) -> None:
        self.rows: dict[tuple[str, str], int] = {}

    def check(self, row: PlannedRow, *, code: str = "", npwp: str = "", name: str = "",
              existing_id: int | None = None) -> None:
        keys = [("code", code.upper()), ("npwp", npwp), ("name", name_key(name))]
        if existing_id is not None:
            keys.append(("id", str(existing_id)))
        for key in keys:
            if key[1] and key in self.rows:
                row.fail(_("Likely the same as row {row} of the file: it is imported once.")
                         .format(row=self.rows[key]))
                return
        for key in keys:
            if key[1]:
                self.rows[key] = row.row_no


def _set_texts(read: RowReader, data: Any, keys: tuple[str, ...]) -> None:
    """Copy the file's texts; an empty cell keeps what is stored (lists have gaps)."""
    for key in keys:
        value = read.get(key)
        if value:
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


# --- suppliers ---------------------------------------------------------------------------


def plan_suppliers(ctx: Context, rows: list[PlannedRow]) -> None:
    seen = _SeenInFile()
    directory = ctx.suppliers
    taken = directory.codes()
    labels = _labels(Kind.SUPPLIERS)
    for row in rows:
        read = RowReader(row, FIELDS[Kind.SUPPLIERS])
        name = read.require("name") or ""
        code = read.get("code") or ""
        npwp = read.get("npwp") or ""
        found = directory.find(code=code, npwp=npwp, name=name)
        if found.problem:
            row.fail(found.problem)
        seen.check(row, code=code, npwp=npwp, name=name,
                   existing_id=found.item.id if found.item else None)
        before = (suppliers.supplier_data_in(ctx.session, found.item.id)
                  if found.item and found.item.id > 0 else None)
        data = dataclasses.replace(before) if before else suppliers.SupplierData(
            code="", name=name, legal_form=legal_form_of_name(name), category=None)  # type: ignore[arg-type]
        data.name = name or data.name
        _set_texts(read, data, ("owner_name", "phone", "address", "city", "nib", "npwp",
                                "bank_name", "bank_account_no", "bank_account_name", "notes"))
        if read.has("code") and code:
            data.code = code
        for key in ("is_pkp", "coaching_start"):
            value = read.get(key)
            if value is not None:
                setattr(data, key, value)
        if read.has("legal_form") and not read.blank("legal_form"):
            text = read.get("legal_form")
            form = legal_form_of_text(text)
            if form is None:
                row.fail(_("Legal form: “{text}” is not one the app knows: CV, UD or sole "
                           "trader (Perorangan).").format(text=text))
            else:
                data.legal_form = form
        if read.has("category") and not read.blank("category"):
            text = read.get("category")
            category = category_of_text(text)
            if category is None:
                row.fail(_("Category: “{text}” is not one of: Kopi, Jajanan, Olahan Ikan, "
                           "Roti & Kue, Batik & Tapis, Kerajinan.").format(text=text))
            else:
                data.category = category
        elif before is None:
            row.fail(_("Category is empty."))
        if before is None and not data.code and row.status != RowStatus.ERROR:
            data.code = next_code(taken, "UMKM", 4)
            row.notes.append(_("Gets the code {code}.").format(code=data.code))
        if row.status != RowStatus.ERROR:
            row.errors += _problems_of(suppliers.validate_supplier(data), labels)
            if row.errors:
                row.status = RowStatus.ERROR
        if row.status != RowStatus.ERROR:
            _check_npwp_against(row, directory, data.npwp, found)
            _check_code_against(row, directory, data.code, found)
        row.target = f"{data.code} {data.name}".strip()
        _decide(row, before, data, found)
        if row.status in (RowStatus.NEW, RowStatus.UPDATE):
            row.action = (found.item.id if found.item else None, data)
            if found.item is None:
                directory.add(Known(id=directory.new_id(), code=data.code, name=data.name,
                                    npwp=data.npwp))


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


def apply_suppliers(
    ctx: Context, rows: list[PlannedRow], progress: Progress = SILENT
) -> None:
    for n, row in enumerate(rows, start=1):
        progress.step(n, len(rows), row.target)
        supplier_id, data = row.action
        if supplier_id is None:
            suppliers.add_supplier(ctx.session, data)
        else:
            suppliers.change_supplier(ctx.session, supplier_id, data)


# --- hotels --------------------------------------------------------------------------------


def plan_hotels(ctx: Context, rows: list[PlannedRow]) -> None:
    seen = _SeenInFile()
    directory = ctx.hotels
    taken = directory.codes()
    labels = _labels(Kind.HOTELS)
    for row in rows:
        read = RowReader(row, FIELDS[Kind.HOTELS])
        name = read.require("name") or ""
        code = read.get("code") or ""
        # hotels of one group may share a billing NPWP: match by code and name only
        found = directory.find(code=code, name=name)
        if found.problem:
            row.fail(found.problem)
        seen.check(row, code=code, name=name, existing_id=found.item.id if found.item else None)
        before = (hotels.hotel_data_in(ctx.session, found.item.id)
                  if found.item and found.item.id > 0 else None)
        data = dataclasses.replace(before) if before else hotels.HotelData(
            code="", name=name, outlets=hotels.standard_outlets())
        data.name = name or data.name
        if code:
            data.code = code
        _set_texts(read, data, ("address", "city", "phone", "receiving_contact",
                                "receiving_phone", "billing_name", "billing_address", "npwp"))
        terms = read.get("payment_terms_days")
        if terms is not None:
            data.payment_terms_days = terms
        if read.has("kind") and not read.blank("kind"):
            text = read.get("kind")
            if text.lower() in ("hotel", "penginapan", "resort"):
                data.kind = HotelKind.HOTEL
            elif text.lower() in ("restoran", "restaurant", "resto", "rumah makan", "kafe",
                                  "cafe"):
                data.kind = HotelKind.RESTAURANT
            else:
                row.fail(_("Kind: “{text}” is neither Hotel nor Restoran.").format(text=text))
        if before is None and not data.code and row.status != RowStatus.ERROR:
            data.code = next_code(taken, "H", 3)
            row.notes.append(_("Gets the code {code}.").format(code=data.code))
        if row.status != RowStatus.ERROR:
            row.errors += _problems_of(hotels.validate_hotel(data), labels)
            if row.errors:
                row.status = RowStatus.ERROR
        if row.status != RowStatus.ERROR:
            _check_code_against(row, directory, data.code, found)
        row.target = f"{data.code} {data.name}".strip()
        _decide(row, before, data, found)
        if row.status in (RowStatus.NEW, RowStatus.UPDATE):
            row.action = (found.item.id if found.item else None, data)
            if found.item is None:
                directory.add(Known(id=directory.new_id(), code=data.code, name=data.name))


def apply_hotels(
    ctx: Context, rows: list[PlannedRow], progress: Progress = SILENT
) -> None:
    for n, row in enumerate(rows, start=1):
        progress.step(n, len(rows), row.target)
        hotel_id, data = row.action
        if hotel_id is None:
            hotels.add_hotel(ctx.session, data)
        else:
            hotels.change_hotel(ctx.session, hotel_id, data)


# --- products ------------------------------------------------------------------------------


def plan_products(ctx: Context, rows: list[PlannedRow]) -> None:
    seen = _SeenInFile()
    directory = ctx.products
    taken = directory.codes()
    labels = _labels(Kind.PRODUCTS)
    for row in rows:
        read = RowReader(row, FIELDS[Kind.PRODUCTS])
        name = read.require("name") or ""
        code = read.get("code") or ""
        supplier_text = read.require("supplier") or ""
        unit_text = read.get("unit") or ""
        unit = unit_of_text(unit_text) if unit_text else None
        if unit_text and unit is None:
            row.fail(_("Unit: “{text}” is not one of pcs, pak, kg, liter, kotak, lembar.")
                     .format(text=unit_text))
        price = read.get("standard_price")
        supplier = ctx.supplier(row, supplier_text, hint=name) if supplier_text else None
        found = Found(None)
        if supplier is not None:
            found = directory.find(code=code, name=name, owner=supplier.id)
            if found.problem:
                row.fail(found.problem)
            elif found.item is not None and found.item.owner != supplier.id:
                row.fail(_("The code {code} belongs to a product of another supplier.").format(
                    code=code))
        seen.check(row, code=code, name=f"{supplier.id if supplier else ''} {name}",
                   existing_id=found.item.id if found.item else None)
        before = _product_data(ctx, found.item) if found.item and found.item.id > 0 else None
        if supplier is None or row.status == RowStatus.ERROR:
            row.status = RowStatus.ERROR
            row.target = f"{code} {name}".strip()
            continue
        data = dataclasses.replace(before) if before else products.ProductData(
            code=code, name=name, supplier_id=supplier.id,
            category=supplier.extra.get("category"),  # type: ignore[arg-type]
            unit=unit)  # type: ignore[arg-type]
        data.name = name or data.name
        if code:
            data.code = code
        if unit is not None:
            data.unit = unit
        elif before is None:
            row.fail(_("Unit is empty."))
        if read.has("category") and not read.blank("category"):
            category = category_of_text(read.get("category"))
            if category is None:
                row.fail(_("Category: “{text}” is not one of: Kopi, Jajanan, Olahan Ikan, "
                           "Roti & Kue, Batik & Tapis, Kerajinan.").format(
                    text=read.get("category")))
            else:
                data.category = category
        perishable = read.get("perishable")
        if perishable is not None:
            data.perishable = perishable
        days = read.get("shelf_life_days")
        if days is not None:
            data.shelf_life_days = days
        if price is not None:
            data.standard_price = price
        if before is None and not data.code and row.status != RowStatus.ERROR:
            data.code = next_code(taken, "P", 5)
            row.notes.append(_("Gets the code {code}.").format(code=data.code))
        if row.status != RowStatus.ERROR:
            checked = dataclasses.replace(data, supplier_id=max(data.supplier_id, 1))
            row.errors += _problems_of(products.validate_product(checked), labels)
            if row.errors:
                row.status = RowStatus.ERROR
        if row.status != RowStatus.ERROR:
            _check_code_against(row, directory, data.code, found)
        row.target = f"{data.code} {data.name}".strip()
        _decide(row, before, data, found)
        if row.status in (RowStatus.NEW, RowStatus.UPDATE):
            row.action = (found.item.id if found.item else None, data)
            if found.item is None:
                directory.add(Known(id=directory.new_id(), code=data.code, name=data.name,
                                    owner=supplier.id, extra={"unit": data.unit}))


def _product_data(ctx: Context, item: Known) -> products.ProductData:
    from hotel_supply.models import Product

    product = ctx.session.get(Product, item.id)
    assert product is not None
    return products.ProductData(
        code=product.code, name=product.name, supplier_id=product.supplier_id,
        category=product.category, unit=product.unit, perishable=product.perishable,
        shelf_life_days=product.shelf_life_days, standard_price=product.standard_price)


def apply_products(
    ctx: Context, rows: list[PlannedRow], progress: Progress = SILENT
) -> None:
    for n, row in enumerate(rows, start=1):
        progress.step(n, len(rows), row.target)
        product_id, data = row.action
        data = dataclasses.replace(data, supplier_id=ctx.real_id(data.supplier_id))
        if product_id is None:
            products.add_product(ctx.session, data)
        else:
            products.change_product(ctx.session, product_id, data)
