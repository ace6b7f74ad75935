"""The tables of the month-end reconciliation page: the columns of the supplier, product,
stock-check and exception sections, and the read-only table each is shown in."""

from __future__ import annotations

from typing import Any

from PySide6.QtWidgets import QTableView

from hotel_supply.formatting import format_date, format_qty, format_rupiah
from hotel_supply.i18n import N_
from hotel_supply.models.enums import label
from hotel_supply.services.reconciliation import (
    ProductLine,
    ReconException,
    StockCheck,
    SupplierLine,
)
from hotel_supply.ui import theme
from hotel_supply.ui.table_model import RIGHT, Column, ListTableModel, setup_table


def percent_text(value: Any) -> str:
    """A percentage as printed (``95,5%``); empty for None."""
    return "" if value is None else f"{format_qty(value)}%"


def rupiah_text(get: Any) -> Any:
    """A column text function: the amount ``get`` reads, in rupiah; empty when zero."""
    return lambda r: format_rupiah(get(r)) if get(r) else ""


SUPPLIER_COLUMNS: list[Column[SupplierLine]] = [
    Column(N_("Hotel"), lambda s: s.hotel_name, width=190),
    Column(N_("Supplier (UMKM)"), lambda s: s.supplier_name, width=220),
    Column(N_("Products"), lambda s: str(s.products), raw=lambda s: s.products, align=RIGHT,
           width=75),
    Column(
        N_("Fill rate"),
        lambda s: percent_text(s.fill_rate),
        raw=lambda s: s.fill_rate,
        align=RIGHT,
        width=170,
    ),
    Column(
        N_("Accepted value"),
        rupiah_text(lambda s: s.accepted_value),
        raw=lambda s: s.accepted_value,
        align=RIGHT,
        width=125,
    ),
    Column(
        N_("Rejected value"),
        rupiah_text(lambda s: s.rejected_value),
        raw=lambda s: s.rejected_value,
        align=RIGHT,
        width=120,
    ),
    Column(
        N_("Invoiced incl. PPN"),
        rupiah_text(lambda s: s.invoiced),
        raw=lambda s: s.invoiced,
        align=RIGHT,
        width=175,
    ),
    Column(
        N_("Credited incl. PPN"),
        rupiah_text(lambda s: s.credited),
        raw=lambda s: s.credited,
        align=RIGHT,
        width=215,
    ),
    Column(
        N_("Received"),
        rupiah_text(lambda s: s.received),
        raw=lambda s: s.received,
        align=RIGHT,
        width=120,
    ),
    Column(
        N_("Refunded"),
        rupiah_text(lambda s: s.refunded),
        raw=lambda s: s.refunded,
        align=RIGHT,
        width=120,
    ),
    Column(
        N_("Outstanding"),
        rupiah_text(lambda s: s.outstanding),
        raw=lambda s: s.outstanding,
        align=RIGHT,
        width=120,
        color=lambda s: theme.BAD if s.outstanding != 0 else None,
    ),
]
PRODUCT_COLUMNS: list[Column[ProductLine]] = [
    Column(N_("Hotel"), lambda p: p.hotel_name, width=190),
    Column(N_("Supplier (UMKM)"), lambda p: p.supplier_name, width=190),
    Column(N_("Product"), lambda p: f"{p.product_code} · {p.product_name}", width=300),
    Column(N_("Unit"), lambda p: label(p.unit), width=65),
    Column(
        N_("Ordered"),
        lambda p: format_qty(p.ordered),
        raw=lambda p: p.ordered,
        align=RIGHT,
        width=75,
    ),
    Column(
        N_("Delivered"),
        lambda p: format_qty(p.delivered),
        raw=lambda p: p.delivered,
        align=RIGHT,
        width=75,
    ),
    Column(
        N_("Accepted"),
        lambda p: format_qty(p.accepted),
        raw=lambda p: p.accepted,
        align=RIGHT,
        width=75,
    ),
    Column(
        N_("Rejected"),
        lambda p: format_qty(p.rejected) if p.rejected else "",
        raw=lambda p: p.rejected,
        align=RIGHT,
        width=75,
    ),
    Column(
        N_("Rejected value"),
        rupiah_text(lambda p: p.rejected_value),
        raw=lambda p: p.rejected_value,
        align=RIGHT,
        width=115,
    ),
    Column(N_("Reasons"), lambda p: p.rejection_reasons, width=150),
    Column(
        N_("Invoiced excl. PPN"),
        rupiah_text(lambda p: p.invoiced_value),
        raw=lambda p: p.invoiced_value,
        align=RIGHT,
        width=185,
    ),
    Column(
        N_("Credited excl. PPN"),
        rupiah_text(lambda p: p.credited_value),
        raw=lambda p: p.credited_value,
        align=RIGHT,
        width=205,
    ),
    Column(
        N_("Fill rate"),
        lambda p: percent_text(p.fill_rate),
        raw=lambda p: p.fill_rate,
        align=RIGHT,
        width=170,
    ),
]
STOCK_COLUMNS: list[Column[StockCheck]] = [
    Column(N_("Hotel"), lambda c: c.hotel_name, width=160),
    Column(N_("Count"), lambda c: c.count_number, width=140),
    Column(N_("Date"), lambda c: format_date(c.count_date), raw=lambda c: c.count_date, width=90),
    Column(N_("Product"), lambda c: c.product_name, width=240),
    Column(N_("Unit"), lambda c: label(c.unit), width=55),
    Column(N_("Book"), lambda c: format_qty(c.book), raw=lambda c: c.book, align=RIGHT, width=90),
    Column(
        N_("Counted"),
        lambda c: format_qty(c.counted),
        raw=lambda c: c.counted,
        align=RIGHT,
        width=90,
    ),
    Column(
        N_("Variance"),
        lambda c: format_qty(c.variance),
        raw=lambda c: c.variance,
        align=RIGHT,
        width=90,
        color=lambda c: theme.BAD if c.variance < 0 else None,
    ),
    Column(
        N_("Variance value"),
        lambda c: format_rupiah(c.variance_value),
        raw=lambda c: c.variance_value,
        align=RIGHT,
        width=120,
    ),
]
EXCEPTION_COLUMNS: list[Column[ReconException]] = [
    Column(N_("Exception"), lambda e: e.title, width=210),
    Column(N_("Date"), lambda e: format_date(e.day), raw=lambda e: e.day, width=90),
    Column(N_("Hotel"), lambda e: e.hotel_name, width=190),
    Column(N_("Supplier (UMKM)"), lambda e: e.supplier_name, width=210),
    Column(N_("Description"), lambda e: e.description, width=260),
    Column(
        N_("Amount"),
        rupiah_text(lambda e: e.amount),
        raw=lambda e: e.amount,
        align=RIGHT,
        width=120,
    ),
]


def section_table(
    columns: list[Column[Any]], stretch: int | None
) -> tuple[ListTableModel[Any], QTableView]:
    """A read-only table for one section, with its model (columns stretch from ``stretch``)."""
    model: ListTableModel[Any] = ListTableModel(columns, key=lambda r: id(r))
    table = QTableView()
    table.setModel(model)
    setup_table(table, columns, stretch=stretch)
    return model, table
