"""Harga Kontrak: the agreed price of each product for each hotel, with its validity dates."""

from __future__ import annotations

from PySide6.QtWidgets import QCheckBox, QHBoxLayout, QPushButton

from hotel_supply import clock
from hotel_supply.formatting import format_date, format_rupiah
from hotel_supply.i18n import N_, _
from hotel_supply.models.enums import Role, label
from hotel_supply.services import prices
from hotel_supply.services.errors import DomainError
from hotel_supply.services.hotels import hotel_choices
from hotel_supply.services.prices import PriceQuery, PriceRow, PriceSort
from hotel_supply.services.products import product_choices
from hotel_supply.services.suppliers import supplier_choices
from hotel_supply.ui import theme
from hotel_supply.ui.dialogs.form import FormDialog
from hotel_supply.ui.pages.master_list import MasterListPage
from hotel_supply.ui.permissions import allow
from hotel_supply.ui.table_model import RIGHT, Column
from hotel_supply.ui.widgets import ChoiceCombo, DateEdit, confirm, show_error


def _state(row: PriceRow) -> str:
    today = clock.today()
    if not row.active:
        return _("Cancelled")
    if row.valid_from > today:
        return _("Upcoming")
    if row.valid_to is not None and row.valid_to < today:
        return _("Ended")
    return _("In force")


def _state_color(row: PriceRow) -> str | None:
    today = clock.today()
    if not row.active:
        return theme.BAD
    if row.valid_from > today:
        return theme.ACCENT
    if row.valid_to is not None and row.valid_to < today:
        return theme.MUTED
    return theme.OK


PRICE_COLUMNS: list[Column[PriceRow]] = [
    Column(N_("Hotel"), lambda r: r.hotel_name, width=145),
    Column(N_("Product"), lambda r: f"{r.product_code}  {r.product_name}", width=280),
    Column(N_("Unit"), lambda r: label(r.unit), width=65),
    Column(N_("Supplier (UMKM)"), lambda r: r.supplier_name, width=145),
    Column(
        N_("Agreed price"),
        lambda r: format_rupiah(r.price),
        raw=lambda r: r.price,
        align=RIGHT,
        width=120,
    ),
    Column(
        N_("Standard price"),
        lambda r: format_rupiah(r.standard_price),
        raw=lambda r: r.standard_price,
        align=RIGHT,
        width=125,
        color=lambda r: theme.MUTED,
    ),
    Column(N_("From"), lambda r: format_date(r.valid_from), raw=lambda r: r.valid_from, width=88),
    Column(
        N_("Until"), lambda r: format_date(r.valid_to) or "—", raw=lambda r: r.valid_to, width=88
    ),
    Column(N_("Status"), _state, raw=lambda r: r.active, color=_state_color, width=85),
]


class PricesPage(MasterListPage[PriceRow]):
    title = N_("Price agreements")
    icon_name = "handshake-outline"
    watches = ("price", "product", "hotel", "supplier")
    entity = "price"
    subtitle = N_(
        "The agreed price of a product for a hotel, from a date and optionally to a "
        "date. Without an agreement the product's standard price applies."
    )
    search_hint = N_("Search product, hotel or supplier…")
    count_text = N_("{n} agreements")
    empty_text = N_("No price agreement yet. Add the first one with {button} (Ctrl+N).")
    new_text = N_("New agreement…")
    edit_text = N_("End agreement…")
    deactivate_text = N_("Cancel agreement")
    reactivate_text = N_("Restore agreement")
    active_choices = (N_("Not cancelled"), N_("Cancelled"), N_("All agreements"))
    columns = PRICE_COLUMNS
    stretch_column = 1
    default_sort_column = 1
    sort_columns = {
        0: PriceSort.HOTEL,
        1: PriceSort.PRODUCT,
        3: PriceSort.SUPPLIER,
        4: PriceSort.PRICE,
        6: PriceSort.VALID_FROM,
        7: PriceSort.VALID_TO,
    }

    def build_filters(self, bar: QHBoxLayout) -> None:
        self.hotel = ChoiceCombo(all_text=_("All hotels"))
        self.supplier = ChoiceCombo(all_text=_("All suppliers"))
        self.product = ChoiceCombo(all_text=_("All products"))
        self.valid_on_check = QCheckBox(_("Valid on"))
        self.valid_on = DateEdit(clock.today())
        self.valid_on.setEnabled(False)
        for combo in (self.hotel, self.supplier, self.product):
            combo.setMinimumContentsLength(13)
            bar.addWidget(combo)
        bar.addWidget(self.valid_on_check)
        bar.addWidget(self.valid_on)
        self.hotel.currentIndexChanged.connect(lambda _i: self.reload())
        self.supplier.currentIndexChanged.connect(lambda _i: self._supplier_changed())
        self.product.currentIndexChanged.connect(lambda _i: self.reload())
        self.valid_on_check.toggled.connect(self._valid_on_toggled)
        self.valid_on.dateChanged.connect(lambda _d: self._debounce.start())

    def build_actions(self, bar: QHBoxLayout) -> None:
        self.new_price_button = QPushButton(theme.icon("cash-edit"), _("New price…"))
        self.new_price_button.setToolTip(
            _("A new price for the selected hotel and product, replacing the current one")
        )
        self.new_price_button.clicked.connect(self.new_price)
        allow(self.new_price_button, self.ctx, Role.PURCHASING)
        bar.addWidget(self.new_price_button)

    def _valid_on_toggled(self, on: bool) -> None:
        self.valid_on.setEnabled(on)
        self.reload()

    def _supplier_changed(self) -> None:
        self._load_products()
        self.reload()

    def _load_products(self) -> None:
        choices = product_choices(
            self.ctx.db, supplier_id=self.supplier.current_id(), active_only=False
        )
        self.product.set_choices([(c.id, f"{c.code} {c.name}") for c in choices])

    def load_choices(self) -> None:
        self.hotel.set_choices([(c.id, c.name) for c in hotel_choices(self.ctx.db, False)])
        self.supplier.set_choices(
            [(c.id, c.name) for c in supplier_choices(self.ctx.db, active_only=False)]
        )
        self._load_products()

    def query(self) -> PriceQuery:
        return PriceQuery(
            text=self.search.text(),
            hotel_id=self.hotel.current_id(),
            product_id=self.product.current_id(),
            supplier_id=self.supplier.current_id(),
            valid_on=self.valid_on.value() if self.valid_on_check.isChecked() else None,
            active=self.active,
            sort=self.sort_key or PriceSort.PRODUCT,
            descending=self.descending,
        )

    def count_all_rows(self) -> int:
        return prices.count_price_agreements(self.ctx.db, query=PriceQuery(active=None))

    def count_rows(self) -> int:
        return prices.count_price_agreements(self.ctx.db, query=self.query())

    def fetch_rows(self, offset: int, limit: int) -> list[PriceRow]:
        return prices.price_agreement_rows(
            self.ctx.db, query=self.query(), offset=offset, limit=limit
        )

    def row_for(self, key: int) -> PriceRow:
        return prices.price_agreement_row(self.ctx.db, key)

    def _selection_changed(self, *args: object) -> None:
        super()._selection_changed(*args)  # type: ignore[arg-type]
        row = self.selected_row()
        self.new_price_button.setEnabled(row is not None)
        self.edit_button.setEnabled(row is not None and row.active)

    def make_dialog(self, key: int | None) -> FormDialog:
        from hotel_supply.ui.dialogs.price import EndAgreementDialog, PriceAgreementDialog

        if key is None:
            return PriceAgreementDialog(
                self.ctx,
                hotel_id=self.hotel.current_id(),
                supplier_id=self.supplier.current_id(),
                product_id=self.product.current_id(),
                parent=self,
            )
        return EndAgreementDialog(self.ctx, self.row_for(key), parent=self)

    def edit_selected(self) -> None:
        row = self.selected_row()
        if row is not None and not row.active:
            self.ctx.say(_("A cancelled agreement cannot be ended; restore it first."))
            return
        super().edit_selected()

    def new_price(self) -> None:
        """A new price for the selected row's hotel and product, ending the running one."""
        from hotel_supply.ui.dialogs.price import PriceAgreementDialog

        row = self.selected_row()
        if row is None:
            return
        dialog = PriceAgreementDialog(
            self.ctx,
            hotel_id=row.hotel_id,
            supplier_id=row.supplier_id,
            product_id=row.product_id,
            parent=self,
        )
        if dialog.exec() and dialog.saved_id is not None:
            self.after_save(dialog.saved_id, created=True)

    def after_save(self, key: int, *, created: bool) -> None:
        if created:
            super().after_save(key, created=True)
            return
        # ending one agreement can change how others read: show the list again
        row = self.row_for(key)
        self.reload(select=key)
        self.announce(self.entity, self.saved_message(row, created=False))

    def saved_message(self, row: PriceRow, created: bool) -> str:
        if created:
            return _("Price of {product} for {hotel}: {price} from {start}.").format(
                product=row.product_name,
                hotel=row.hotel_name,
                price=format_rupiah(row.price),
                start=format_date(row.valid_from),
            )
        return _("The price of {product} for {hotel} ends on {end}.").format(
            product=row.product_name, hotel=row.hotel_name, end=format_date(row.valid_to)
        )

    def change_active(self, row: PriceRow, active: bool) -> str | None:
        name = _("{product} for {hotel} at {price}").format(
            product=row.product_name, hotel=row.hotel_name, price=format_rupiah(row.price)
        )
        if not active and not confirm(
            self,
            _(
                "Cancel the agreement {name}? Do this only for an agreement entered by "
                "mistake: it then sets no price at all. To stop a price from a date, "
                "use “End agreement…”."
            ).format(name=name),
            title=_("Cancel agreement"),
            yes=_("Yes, cancel it"),
            danger=True,
        ):
            return None
        try:
            prices.set_price_agreement_active(self.ctx.db, agreement_id=row.id, active=active)
        except DomainError as exc:
            show_error(self, exc)
            return None
        if active:
            return _("Agreement {name} restored.").format(name=name)
        return _("Agreement {name} cancelled.").format(name=name)
