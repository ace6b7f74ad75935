"""Hotel Mitra: the partner hotels and restaurants, their outlets and payment terms."""

from __future__ import annotations

from PySide6.QtWidgets import QComboBox, QHBoxLayout

from hotel_supply.i18n import N_, _
from hotel_supply.models.enums import HotelKind, label
from hotel_supply.services import hotels
from hotel_supply.services.errors import DomainError
from hotel_supply.services.hotels import HotelQuery, HotelRow, HotelSort
from hotel_supply.ui.dialogs.form import FormDialog
from hotel_supply.ui.pages.master_list import MasterListPage, status_column
from hotel_supply.ui.table_model import RIGHT, Column
from hotel_supply.ui.widgets import confirm, show_error

HOTEL_COLUMNS: list[Column[HotelRow]] = [
    Column(N_("Code"), lambda r: r.code, width=100),
    Column(N_("Name"), lambda r: r.name, width=240),
    Column(N_("Kind"), lambda r: label(r.kind), width=100),
    Column(N_("City"), lambda r: r.city, width=140),
    Column(N_("Receiving contact"), lambda r: r.receiving_contact, width=180),
    Column(N_("Phone"), lambda r: r.phone, width=130),
    Column(
        N_("Payment terms"),
        lambda r: _("{n} days").format(n=r.payment_terms_days),
        raw=lambda r: r.payment_terms_days,
        align=RIGHT,
        width=130,
    ),
    Column(
        N_("Outlets"),
        lambda r: str(r.outlet_count),
        raw=lambda r: r.outlet_count,
        align=RIGHT,
        width=70,
    ),
    status_column(),
]


class HotelsPage(MasterListPage[HotelRow]):
    title = N_("Partner hotels")
    icon_name = "office-building-outline"
    watches = ("hotel",)
    entity = "hotel"
    subtitle = N_(
        "Hotels and restaurants that take UMKM products: who receives the goods, "
        "who is billed, and the outlets that use them."
    )
    search_hint = N_("Search code, name, city, receiving contact…")
    count_text = N_("{n} hotels")
    empty_text = N_("No partner hotel yet. Add the first one with {button} (Ctrl+N).")
    new_text = N_("New hotel…")
    columns = HOTEL_COLUMNS
    sort_columns = {
        0: HotelSort.CODE,
        1: HotelSort.NAME,
        2: HotelSort.KIND,
        3: HotelSort.CITY,
        6: HotelSort.PAYMENT_TERMS,
        7: HotelSort.OUTLET_COUNT,
    }

    def build_filters(self, bar: QHBoxLayout) -> None:
        self.kind = QComboBox()
        self.kind.addItem(_("Hotels and restaurants"), None)
        for kind in HotelKind:
            self.kind.addItem(label(kind), kind)
        self.kind.currentIndexChanged.connect(lambda _i: self.reload())
        bar.addWidget(self.kind)

    def query(self) -> HotelQuery:
        return HotelQuery(
            text=self.search.text(),
            kind=self.kind.currentData(),
            active=self.active,
            sort=self.sort_key or HotelSort.CODE,
            descending=self.descending,
        )

    def count_all_rows(self) -> int:
        return hotels.count_hotels(self.ctx.db, query=HotelQuery(active=None))

    def count_rows(self) -> int:
        return hotels.count_hotels(self.ctx.db, query=self.query())

    def fetch_rows(self, offset: int, limit: int) -> list[HotelRow]:
        return hotels.hotel_rows(self.ctx.db, query=self.query(), offset=offset, limit=limit)

    def row_for(self, key: int) -> HotelRow:
        return hotels.hotel_row(self.ctx.db, key)

    def make_dialog(self, key: int | None) -> FormDialog:
        from hotel_supply.ui.dialogs.hotel import HotelDialog

        return HotelDialog(self.ctx, key, parent=self)

    def saved_message(self, row: HotelRow, created: bool) -> str:
        text = _("Hotel {code} {name} added.") if created else _("Hotel {code} {name} saved.")
        return text.format(code=row.code, name=row.name)

    def change_active(self, row: HotelRow, active: bool) -> str | None:
        name = f"{row.code} {row.name}"
        if not active and not confirm(
            self,
            _(
                "Deactivate {name}? It leaves the choice lists and gets no more daily "
                "standing orders; its deliveries and invoices stay."
            ).format(name=name),
            title=_("Deactivate hotel"),
            yes=_("Deactivate"),
            danger=True,
        ):
            return None
        try:
            hotels.set_hotel_active(self.ctx.db, hotel_id=row.id, active=active)
        except DomainError as exc:
            show_error(self, exc)
            return None
        if active:
            return _("Hotel {name} reactivated.").format(name=name)
        return _("Hotel {name} deactivated.").format(name=name)
