"""UMKM / Pemasok: the suppliers, with their certificates' nearest expiry."""

from __future__ import annotations

from PySide6.QtWidgets import QComboBox, QHBoxLayout

from hotel_supply import clock
from hotel_supply.formatting import format_date
from hotel_supply.i18n import N_, _
from hotel_supply.models.enums import Category, label
from hotel_supply.services import suppliers
from hotel_supply.services.errors import DomainError
from hotel_supply.services.suppliers import (
    SupplierHasActiveProducts,
    SupplierQuery,
    SupplierRow,
    SupplierSort,
)
from hotel_supply.ui.dialogs.form import FormDialog
from hotel_supply.ui.dialogs.supplier import expiry_color
from hotel_supply.ui.pages.master_list import MasterListPage, status_column
from hotel_supply.ui.table_model import CENTER, RIGHT, Column
from hotel_supply.ui.widgets import confirm, show_error

# --- suppliers ----------------------------------------------------------------------


def _expiry_text(row: SupplierRow) -> str:
    if row.nearest_expiry is None:
        return ""
    days = (row.nearest_expiry - clock.today()).days
    text = format_date(row.nearest_expiry)
    if days < 0:
        return _("{date} (expired)").format(date=text)
    if days <= 30:
        return _("{date} (in {days} days)").format(date=text, days=days)
    return text


def _expiry_color(row: SupplierRow) -> str | None:
    return expiry_color(row.nearest_expiry)


SUPPLIER_COLUMNS: list[Column[SupplierRow]] = [
    Column(N_("Code"), lambda r: r.code, width=90),
    Column(N_("Name"), lambda r: r.name, width=260),
    Column(N_("Legal form"), lambda r: label(r.legal_form), width=115),
    Column(N_("Category"), lambda r: label(r.category), width=130),
    Column(N_("Phone"), lambda r: r.phone, width=125),
    Column(
        N_("PKP"),
        lambda r: _("PKP") if r.is_pkp else "",
        raw=lambda r: r.is_pkp,
        align=CENTER,
        width=50,
    ),
    Column(
        N_("Products"),
        lambda r: str(r.product_count),
        raw=lambda r: r.product_count,
        align=RIGHT,
        width=75,
    ),
    Column(
        N_("Certificate expiry"),
        _expiry_text,
        raw=lambda r: r.nearest_expiry,
        color=_expiry_color,
        width=180,
    ),
    status_column(80),
]


class SuppliersPage(MasterListPage[SupplierRow]):
    title = N_("Suppliers (UMKM)")
    icon_name = "account-group-outline"
    watches = ("supplier", "product")
    entity = "supplier"
    subtitle = N_(
        "The coached UMKM: legal form, tax numbers, bank account and certificates. "
        "A supplier is deactivated, never deleted."
    )
    search_hint = N_("Search code, name, owner, phone…")
    count_text = N_("{n} suppliers")
    empty_text = N_("No supplier (UMKM) yet. Add the first one with {button} (Ctrl+N).")
    new_text = N_("New supplier…")
    columns = SUPPLIER_COLUMNS
    sort_columns = {
        0: SupplierSort.CODE,
        1: SupplierSort.NAME,
        2: SupplierSort.LEGAL_FORM,
        3: SupplierSort.CATEGORY,
        6: SupplierSort.PRODUCT_COUNT,
        7: SupplierSort.NEAREST_EXPIRY,
    }

    def build_filters(self, bar: QHBoxLayout) -> None:
        self.category = QComboBox()
        self.category.addItem(_("All categories"), None)
        for category in Category:
            self.category.addItem(label(category), category)
        self.category.currentIndexChanged.connect(lambda _i: self.reload())
        bar.addWidget(self.category)

    def query(self) -> SupplierQuery:
        return SupplierQuery(
            text=self.search.text(),
            active=self.active,
            category=self.category.currentData(),
            sort=self.sort_key or SupplierSort.CODE,
            descending=self.descending,
        )

    def count_all_rows(self) -> int:
        return suppliers.count_suppliers(self.ctx.db, query=SupplierQuery(active=None))

    def count_rows(self) -> int:
        return suppliers.count_suppliers(self.ctx.db, query=self.query())

    def fetch_rows(self, offset: int, limit: int) -> list[SupplierRow]:
        return suppliers.supplier_rows(self.ctx.db, query=self.query(), offset=offset, limit=limit)

    def row_for(self, key: int) -> SupplierRow:
        return suppliers.supplier_row(self.ctx.db, key)

    def make_dialog(self, key: int | None) -> FormDialog:
        from hotel_supply.ui.dialogs.supplier import SupplierDialog

        return SupplierDialog(self.ctx, key, parent=self)

    def saved_message(self, row: SupplierRow, created: bool) -> str:
        text = _("Supplier {code} {name} added.") if created else _("Supplier {code} {name} saved.")
        return text.format(code=row.code, name=row.name)

    def change_active(self, row: SupplierRow, active: bool) -> str | None:
        name = f"{row.code} {row.name}"
        if active:
            try:
                suppliers.set_supplier_active(self.ctx.db, supplier_id=row.id, active=True)
            except DomainError as exc:
                show_error(self, exc)
                return None
            return _("Supplier {name} reactivated. Reactivate its products one by one.").format(
                name=name
            )
        if not confirm(
            self,
            _(
                "Deactivate {name}? The supplier leaves the choice lists and the "
                "daily standing orders; its history stays."
            ).format(name=name),
            title=_("Deactivate supplier"),
            yes=_("Deactivate"),
            danger=True,
        ):
            return None
        try:
            try:
                suppliers.set_supplier_active(self.ctx.db, supplier_id=row.id, active=False)
                products: list[int] = []
            except SupplierHasActiveProducts as exc:
                if not confirm(
                    self,
                    exc.message,
                    title=_("Deactivate supplier"),
                    yes=_("Deactivate with its products"),
                    danger=True,
                ):
                    return None
                products = suppliers.set_supplier_active(
                    self.ctx.db, supplier_id=row.id, active=False, cascade=True
                )
        except DomainError as exc:
            show_error(self, exc)
            return None
        if products:
            self.announce("product", "")
            return _("Supplier {name} deactivated, with {n} products.").format(
                name=name, n=len(products)
            )
        return _("Supplier {name} deactivated.").format(name=name)
