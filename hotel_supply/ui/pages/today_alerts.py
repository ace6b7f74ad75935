"""The lower half of "Hari Ini": what is below par, what expires, which certificates lapse."""

from __future__ import annotations

import datetime as dt

from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QPushButton,
    QTableView,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from hotel_supply.formatting import format_date, format_qty
from hotel_supply.i18n import N_, _
from hotel_supply.models.enums import label
from hotel_supply.services import alerts, replenishment, stock_levels
from hotel_supply.services.alerts import ExpiringCertificate, ExpiringLot
from hotel_supply.services.replenishment import Suggestion
from hotel_supply.ui import theme
from hotel_supply.ui.context import AppContext
from hotel_supply.ui.table_model import RIGHT, ROW_ROLE, Column, ListTableModel, setup_table
from hotel_supply.ui.widgets import confirm, show_error

CERTIFICATE_DAYS = 30


def _when(days_left: int) -> str:
    if days_left < 0:
        return _("Expired")
    if days_left == 0:
        return _("Today")
    if days_left == 1:
        return _("Tomorrow")
    return _("In {n} days").format(n=days_left)


def _when_color(days_left: int) -> str:
    return theme.BAD if days_left <= 0 else theme.WARN


SUGGESTION_COLUMNS: list[Column[Suggestion]] = [
    Column(N_("Hotel"), lambda s: s.hotel_name, width=160),
    Column(N_("Supplier (UMKM)"), lambda s: s.supplier_name, width=230),
    Column(N_("Product"), lambda s: s.product_name),
    Column(N_("Unit"), lambda s: label(s.unit), width=60),
    Column(N_("Par"), lambda s: format_qty(s.par), raw=lambda s: s.par, align=RIGHT, width=70),
    Column(N_("On hand"), lambda s: format_qty(s.on_hand), raw=lambda s: s.on_hand, align=RIGHT,
           width=80),
    Column(N_("On order"), lambda s: format_qty(s.on_order), raw=lambda s: s.on_order,
           align=RIGHT, width=80),
    Column(N_("Suggested"), lambda s: format_qty(s.suggested), raw=lambda s: s.suggested,
           align=RIGHT, width=90, color=lambda s: theme.ACCENT),
]

LOT_COLUMNS: list[Column[ExpiringLot]] = [
    Column(N_("When"), lambda x: _when(x.days_left), raw=lambda x: x.days_left,
           color=lambda x: _when_color(x.days_left), width=110),
    Column(N_("Hotel"), lambda x: x.hotel_name, width=160),
    Column(N_("Product"), lambda x: x.product_name),
    Column(N_("Lot"), lambda x: x.lot_code, width=110),
    Column(N_("Expiry"), lambda x: format_date(x.expiry_date), raw=lambda x: x.expiry_date,
           width=95),
    Column(N_("Quantity"), lambda x: format_qty(x.quantity, label(x.unit)),
           raw=lambda x: x.quantity, align=RIGHT, width=100),
]

CERTIFICATE_COLUMNS: list[Column[ExpiringCertificate]] = [
    Column(N_("When"), lambda c: _when(c.days_left), raw=lambda c: c.days_left,
           color=lambda c: _when_color(c.days_left), width=110),
    Column(N_("Supplier (UMKM)"), lambda c: c.supplier_name),
    Column(N_("Certificate"), lambda c: label(c.kind), width=170),
    Column(N_("Number"), lambda c: c.number, width=200),
    Column(N_("Expires on"), lambda c: format_date(c.expires_on), raw=lambda c: c.expires_on,
           width=100),
]


def _table(model: ListTableModel, columns: list[Column], stretch: int) -> QTableView:  # type: ignore[type-arg]
    view = QTableView()
    view.setModel(model)
    setup_table(view, columns, stretch=stretch, row_height=24)
    return view


class TodayAlerts(QTabWidget):
    """Three tabs; each title carries its count so a glance says whether to look."""

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.hotel_id: int | None = None
        self.day = dt.date.today()

        self.suggestions = ListTableModel(SUGGESTION_COLUMNS, key=lambda s: s.product_id)
        self.suggestion_view = _table(self.suggestions, SUGGESTION_COLUMNS, 2)
        self.suggestion_view.setSelectionMode(QTableView.SelectionMode.ExtendedSelection)
        self.order_button = QPushButton(theme.icon("cart-arrow-right", "#ffffff"),
                                        _("Order the selected suggestions"))
        self.order_button.setProperty("primary", True)
        self.order_button.setToolTip(_("One ad-hoc order per hotel and supplier, for tomorrow"))
        hint = QLabel(_("Par level minus on hand minus what is already ordered."))
        hint.setObjectName("pageSubtitle")
        par_tab = QWidget()
        par_layout = QVBoxLayout(par_tab)
        par_layout.setContentsMargins(4, 6, 4, 4)
        par_layout.addWidget(self.suggestion_view, 1)
        bar = QHBoxLayout()
        bar.addWidget(hint)
        bar.addStretch(1)
        bar.addWidget(self.order_button)
        par_layout.addLayout(bar)
        self.order_button.clicked.connect(self.order_selected)

        self.lots = ListTableModel(LOT_COLUMNS, key=lambda x: x.lot_id)
        self.certificates = ListTableModel(CERTIFICATE_COLUMNS,
                                           key=lambda c: hash((c.supplier_id, c.kind)))
        self.addTab(par_tab, "")
        self.addTab(_table(self.lots, LOT_COLUMNS, 2), "")
        self.addTab(_table(self.certificates, CERTIFICATE_COLUMNS, 1), "")
        self._titles()

    def _titles(self) -> None:
        self.setTabText(0, _("Below par ({n})").format(n=self.suggestions.rowCount()))
        self.setTabText(1, _("Expiring ({n})").format(n=self.lots.rowCount()))
        self.setTabText(2, _("Certificates ({n})").format(n=self.certificates.rowCount()))
        self.setTabIcon(0, theme.icon("arrow-down-bold-box-outline"))
        self.setTabIcon(1, theme.icon("clock-alert-outline"))
        self.setTabIcon(2, theme.icon("certificate-outline"))

    def refresh(self, *, hotel_id: int | None, day: dt.date) -> None:
        self.hotel_id, self.day = hotel_id, day
        db = self.ctx.db
        window = stock_levels.expiry_window_days(db)
        self.suggestions.set_rows(replenishment.reorder_suggestions(db, day=day,
                                                                    hotel_id=hotel_id))
        self.lots.set_rows(alerts.expiring_lots(db, day=day, within_days=window,
                                                hotel_id=hotel_id))
        self.certificates.set_rows(alerts.expiring_certificates(db, day=day,
                                                                within_days=CERTIFICATE_DAYS))
        self.order_button.setEnabled(self.suggestions.rowCount() > 0)
        self._titles()

    def order_selected(self) -> None:
        rows = self.suggestion_view.selectionModel().selectedRows()
        chosen: list[Suggestion] = [self.suggestions.data(i, ROW_ROLE) for i in rows]
        if not chosen:
            chosen = self.suggestions.loaded_rows()
        if not chosen:
            return
        suppliers = len({(s.hotel_id, s.supplier_id) for s in chosen})
        tomorrow = self.day + dt.timedelta(days=1)
        if not confirm(self, _("Create {n} ad-hoc order(s) for {date} from {lines} suggestion(s)?")
                       .format(n=suppliers, date=format_date(tomorrow), lines=len(chosen)),
                       yes=_("Create orders")):
            return
        try:
            replenishment.order_suggestions(self.ctx.db, day=tomorrow, suggestions=chosen)
        except Exception as exc:
            show_error(self, exc)
            return
        self.ctx.notify("order", _("{n} ad-hoc order(s) created for {date}.").format(
            n=suppliers, date=format_date(tomorrow)))
        self.refresh(hotel_id=self.hotel_id, day=self.day)
