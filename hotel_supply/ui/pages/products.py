"""Produk: what the UMKM make, in which unit, and at which standard price."""

from __future__ import annotations

from PySide6.QtWidgets import QComboBox, QHBoxLayout

from hotel_supply.formatting import format_rupiah
from hotel_supply.i18n import N_, _
from hotel_supply.models.enums import Category, label
from hotel_supply.services import products
from hotel_supply.services.errors import DomainError
from hotel_supply.services.products import ProductQuery, ProductRow, ProductSort
from hotel_supply.services.suppliers import supplier_choices
from hotel_supply.ui.dialogs.form import FormDialog
from hotel_supply.ui.pages.master_list import MasterListPage, status_column
from hotel_supply.ui.table_model import RIGHT, Column
from hotel_supply.ui.widgets import ChoiceCombo, confirm, show_error


def _keeps(row: ProductRow) -> str:
    if not row.perishable:
        return ""
    if row.shelf_life_days:
        return _("Yes, {days} days").format(days=row.shelf_life_days)
    return _("Yes")


PRODUCT_COLUMNS: list[Column[ProductRow]] = [
    Column(N_("Code"), lambda r: r.code, width=120),
    Column(N_("Name"), lambda r: r.name, width=260),
    Column(N_("Supplier (UMKM)"), lambda r: r.supplier_name, width=220),
    Column(N_("Category"), lambda r: label(r.category), width=150),
    Column(N_("Unit"), lambda r: label(r.unit), width=70),
    Column(
        N_("Perishable"),
        _keeps,
        raw=lambda r: r.shelf_life_days if r.perishable else None,
        width=120,
    ),
    Column(
        N_("Standard price"),
        lambda r: format_rupiah(r.standard_price),
        raw=lambda r: r.standard_price,
        align=RIGHT,
        width=120,
    ),
    status_column(),
]


class ProductsPage(MasterListPage[ProductRow]):
    title = N_("Products")
    icon_name = "package-variant-closed"
    watches = ("product", "supplier")
    entity = "product"
    subtitle = N_(
        "What each UMKM delivers: unit, shelf life and the standard price used where "
        "no price agreement applies."
    )
    search_hint = N_("Search product or supplier code and name…")
    count_text = N_("{n} products")
    empty_text = N_("No product yet. Add the first one with {button} (Ctrl+N).")
    new_text = N_("New product…")
    columns = PRODUCT_COLUMNS
    sort_columns = {
        0: ProductSort.CODE,
        1: ProductSort.NAME,
        2: ProductSort.SUPPLIER,
        3: ProductSort.CATEGORY,
        4: ProductSort.UNIT,
        5: ProductSort.SHELF_LIFE,
        6: ProductSort.STANDARD_PRICE,
    }

    def build_filters(self, bar: QHBoxLayout) -> None:
        self.supplier = ChoiceCombo(all_text=_("All suppliers"))
        self.supplier.setMinimumContentsLength(24)
        self.category = QComboBox()
        self.category.addItem(_("All categories"), None)
        for category in Category:
            self.category.addItem(label(category), category)
        for combo in (self.supplier, self.category):
            combo.currentIndexChanged.connect(lambda _i: self.reload())
            bar.addWidget(combo)

    def load_choices(self) -> None:
        self.supplier.set_choices(
            [(c.id, c.name) for c in supplier_choices(self.ctx.db, active_only=False)]
        )

    def query(self) -> ProductQuery:
        return ProductQuery(
            text=self.search.text(),
            supplier_id=self.supplier.current_id(),
            category=self.category.currentData(),
            active=self.active,
            sort=self.sort_key or ProductSort.CODE,
            descending=self.descending,
        )

    def count_all_rows(self) -> int:
        return products.count_products(self.ctx.db, query=ProductQuery(active=None))

    def count_rows(self) -> int:
        return products.count_products(self.ctx.db, query=self.query())

    def fetch_rows(self, offset: int, limit: int) -> list[ProductRow]:
        return products.product_rows(self.ctx.db, query=self.query(), offset=offset, limit=limit)

    def row_for(self, key: int) -> ProductRow:
        return products.product_row(self.ctx.db, key)

    def make_dialog(self, key: int | None) -> FormDialog:
        from hotel_supply.ui.dialogs.product import ProductDialog

        return ProductDialog(self.ctx, key, supplier_id=self.supplier.current_id(), parent=self)

    def saved_message(self, row: ProductRow, created: bool) -> str:
        text = _("Product {code} {name} added.") if created else _("Product {code} {name} saved.")
        return text.format(code=row.code, name=row.name)

    def change_active(self, row: ProductRow, active: bool) -> str | None:
        name = f"{row.code} {row.name}"
        if not active and not confirm(
            self,
            _(
                "Deactivate {name}? It leaves the choice lists and the daily standing "
                "orders; deliveries and invoices keep it."
            ).format(name=name),
            title=_("Deactivate product"),
            yes=_("Deactivate"),
            danger=True,
        ):
            return None
        try:
            products.set_product_active(self.ctx.db, product_id=row.id, active=active)
        except DomainError as exc:
            show_error(self, exc)
            return None
        if active:
            return _("Product {name} reactivated.").format(name=name)
        return _("Product {name} deactivated.").format(name=name)
