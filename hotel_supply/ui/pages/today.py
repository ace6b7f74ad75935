"""Hari Ini: which UMKM are due at a hotel today, which have arrived, which not."""

from __future__ import annotations

from PySide6.QtCore import QModelIndex, Qt
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QFrame,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QScrollArea,
    QSplitter,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from hotel_supply import clock
from hotel_supply.formatting import format_date_long, format_qty, format_rupiah, format_time
from hotel_supply.i18n import N_, _
from hotel_supply.models.enums import DeliveryStatus, Role, label
from hotel_supply.services import deliveries, first_steps, orders
from hotel_supply.services.first_steps import Step
from hotel_supply.services.hotels import hotel_choices
from hotel_supply.services.orders import ExpectedDelivery
from hotel_supply.ui import theme
from hotel_supply.ui.context import AppContext
from hotel_supply.ui.pages import Page
from hotel_supply.ui.pages.today_alerts import TodayAlerts
from hotel_supply.ui.pages.today_first_steps import FirstStepsPanel
from hotel_supply.ui.permissions import allow
from hotel_supply.ui.table_model import (
    CENTER,
    RIGHT,
    ROW_ROLE,
    Column,
    ListTableModel,
    setup_table,
)
from hotel_supply.ui.widgets import ChoiceCombo, DateEdit, page_header, show_error


def _status_text(e: ExpectedDelivery) -> str:
    if e.delivery_status is None:
        return _("Not arrived")
    if e.delivery_status == DeliveryStatus.DRAFT:
        return _("Being received")
    return _("Arrived") if e.delivery_status != DeliveryStatus.CANCELLED else label(
        e.delivery_status)


def _status_color(e: ExpectedDelivery) -> str | None:
    if e.delivery_status is None:
        return theme.WARN
    if e.delivery_status == DeliveryStatus.DRAFT:
        return theme.ACCENT
    return theme.OK


COLUMNS: list[Column[ExpectedDelivery]] = [
    Column(N_("Status"), _status_text, color=_status_color, width=115),
    Column(N_("Supplier (UMKM)"), lambda e: e.supplier_name, width=235),
    Column(N_("Hotel"), lambda e: e.hotel_name, width=165),
    Column(N_("Order"), lambda e: label(e.source) if e.source else _("Without order"),
           width=115),
    Column(N_("Lines"), lambda e: str(e.line_count), raw=lambda e: e.line_count, align=RIGHT,
           width=55),
    Column(N_("Ordered qty"), lambda e: format_qty(e.ordered_qty), raw=lambda e: e.ordered_qty,
           align=RIGHT, width=108),
    Column(N_("Arrived at"), lambda e: format_time(e.arrived_at) if e.arrived else "",
           align=CENTER, width=96),
    Column(N_("Delivery note"), lambda e: e.delivery_number, width=120),
    Column(N_("Rejected lines"),
           lambda e: str(e.rejected_lines) if e.arrived and e.rejected_lines else "",
           raw=lambda e: e.rejected_lines, align=RIGHT, width=118),
    Column(N_("Value received"), lambda e: format_rupiah(e.accepted_value) if e.arrived else "",
           raw=lambda e: e.accepted_value, align=RIGHT, width=115),
    Column(N_("Phone"), lambda e: e.supplier_phone, width=120),
]


class _Card(QFrame):
    def __init__(self, caption: str) -> None:
        super().__init__()
        self.setObjectName("card")
        layout = QVBoxLayout(self)
        layout.setContentsMargins(14, 10, 14, 10)
        self.value = QLabel("0")
        self.value.setObjectName("cardValue")
        text = QLabel(caption)
        text.setObjectName("cardLabel")
        layout.addWidget(self.value)
        layout.addWidget(text)


class TodayPage(Page):
    title = N_("Today")
    icon_name = "calendar-today"
    watches = ("delivery", "order", "hotel", "supplier", "standing_order", "stock", "product")

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(ctx, parent)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(18, 14, 18, 14)
        self.header = page_header(_("Today"), "")
        layout.addWidget(self.header)

        self.hotel = ChoiceCombo(all_text=_("All hotels"))
        self.day = DateEdit(clock.today())
        self.open_button = QPushButton(theme.icon("truck-check", "#ffffff"), _("Receive…"))
        self.open_button.setProperty("primary", True)
        self.open_button.setToolTip(_("Open the selected delivery (Enter)"))
        self.unplanned_button = QPushButton(theme.icon("truck-plus"), _("Delivery without order…"))
        self.adhoc_button = QPushButton(theme.icon("cart-plus"), _("Ad-hoc order…"))
        refresh = QPushButton(theme.icon("refresh"), _("Refresh"))
        refresh.setShortcut(QKeySequence.StandardKey.Refresh)
        bar = QHBoxLayout()
        bar.addWidget(QLabel(_("Hotel")))
        bar.addWidget(self.hotel)
        bar.addWidget(QLabel(_("Date")))
        bar.addWidget(self.day)
        bar.addWidget(refresh)
        bar.addStretch(1)
        bar.addWidget(self.adhoc_button)
        bar.addWidget(self.unplanned_button)
        bar.addWidget(self.open_button)
        layout.addLayout(bar)
        allow(self.adhoc_button, ctx, Role.PURCHASING)
        allow(self.unplanned_button, ctx, Role.STOREROOM)
        allow(self.open_button, ctx, Role.STOREROOM)

        # a new office's first steps; scrolls rather than squeezing the day's list away
        self.first_steps = FirstStepsPanel()
        self.first_steps.step_chosen.connect(self.take_step)
        self.first_steps_area = QScrollArea()
        self.first_steps_area.setWidget(self.first_steps)
        self.first_steps_area.setWidgetResizable(True)
        self.first_steps_area.setFrameShape(QFrame.Shape.NoFrame)
        self.first_steps_area.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        layout.addWidget(self.first_steps_area)

        cards = QGridLayout()
        self.card_due = _Card(_("Expected"))
        self.card_waiting = _Card(_("Not arrived yet"))
        self.card_arrived = _Card(_("Arrived"))
        self.card_value = _Card(_("Value received"))
        for i, card in enumerate((self.card_due, self.card_waiting, self.card_arrived,
                                  self.card_value)):
            cards.addWidget(card, 0, i)
        layout.addLayout(cards)

        self.model = ListTableModel(COLUMNS, key=lambda e: e.order_id or -(e.delivery_id or 0))
        self.table = QTableView()
        self.table.setModel(self.model)
        setup_table(self.table, COLUMNS)
        self.table.horizontalHeader().setStretchLastSection(True)
        self.table.doubleClicked.connect(self._open_index)
        self.empty = QLabel(_("No deliveries are expected for this day."))
        self.empty.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.empty.setObjectName("pageSubtitle")
        upper = QWidget()
        upper_layout = QVBoxLayout(upper)
        upper_layout.setContentsMargins(0, 0, 0, 0)
        upper_layout.addWidget(self.table, 1)
        upper_layout.addWidget(self.empty)
        self.alerts = TodayAlerts(ctx)
        splitter = QSplitter(Qt.Orientation.Vertical)
        splitter.addWidget(upper)
        splitter.addWidget(self.alerts)
        splitter.setStretchFactor(0, 3)
        splitter.setStretchFactor(1, 2)
        splitter.setChildrenCollapsible(False)
        layout.addWidget(splitter, 1)

        for key in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            QShortcut(key, self.table, activated=self.open_selected)
        self.open_button.clicked.connect(self.open_selected)
        self.unplanned_button.clicked.connect(self._unplanned)
        self.adhoc_button.clicked.connect(self._adhoc)
        refresh.clicked.connect(self.refresh)
        self.hotel.currentIndexChanged.connect(self._on_hotel_changed)
        self.day.dateChanged.connect(lambda _d: self.refresh())
        self._hotels_loaded = False

    # --- data ----------------------------------------------------------------

    def _load_hotels(self) -> None:
        choices = [(h[0], h[2]) for h in hotel_choices(self.ctx.db)]
        self.hotel.set_choices(choices)
        if not self._hotels_loaded and self.ctx.prefs.last_hotel_id:
            self.hotel.select_id(self.ctx.prefs.last_hotel_id)
        self._hotels_loaded = True

    def _on_hotel_changed(self) -> None:
        self.ctx.prefs.last_hotel_id = self.hotel.current_id()
        self.table.setColumnHidden(2, self.hotel.current_id() is not None)
        self.refresh()

    def refresh(self) -> None:
        super().refresh()
        if not self._hotels_loaded:
            self._load_hotels()
        day = self.day.value()
        try:
            rows = orders.day_overview(self.ctx.db, day=day, hotel_id=self.hotel.current_id())
        except Exception as exc:
            show_error(self, exc)
            return
        title = self.header.findChild(QLabel, "pageTitle")
        if title is not None:
            title.setText(_("Today") if day == clock.today() else _("Deliveries of the day"))
        self.model.set_rows(rows)
        waiting = sum(1 for r in rows if r.delivery_status is None and r.order_id)
        arrived = sum(1 for r in rows if r.arrived)
        self.card_due.value.setText(str(sum(1 for r in rows if r.order_id)))
        self.card_waiting.value.setText(str(waiting))
        self.card_arrived.value.setText(str(arrived))
        self.card_value.value.setText(format_rupiah(sum(r.accepted_value for r in rows
                                                        if r.arrived)))
        self.empty.setVisible(not rows)
        self.table.setVisible(bool(rows))
        self.alerts.refresh(hotel_id=self.hotel.current_id(), day=day)
        self._show_first_steps()
        subtitle = self.header.findChild(QLabel, "pageSubtitle")
        text = format_date_long(day)
        if subtitle is None:
            subtitle = QLabel()
            subtitle.setObjectName("pageSubtitle")
            self.header.layout().addWidget(subtitle)
        subtitle.setText(text)
        if rows and not self.table.selectionModel().hasSelection():
            self.table.selectRow(0)

    def _show_first_steps(self) -> None:
        try:
            steps = first_steps.first_steps(self.ctx.db)
        except Exception as exc:
            show_error(self, exc)
            return
        self.first_steps.show_steps(steps)
        self.first_steps_area.setVisible(not steps.all_done)
        self.first_steps_area.setMaximumHeight(self.first_steps.sizeHint().height())

    # --- actions -------------------------------------------------------------

    def take_step(self, step: str, done: bool) -> None:
        """Open the page of a first step; for a step not taken yet, also its New dialog."""
        from hotel_supply.ui.pages.hotels import HotelsPage
        from hotel_supply.ui.pages.master_list import MasterListPage
        from hotel_supply.ui.pages.prices import PricesPage
        from hotel_supply.ui.pages.products import ProductsPage
        from hotel_supply.ui.pages.settings import SettingsPage
        from hotel_supply.ui.pages.standing_orders import StandingOrdersPage
        from hotel_supply.ui.pages.suppliers import SuppliersPage

        page_class: type[Page] = {
            Step.PROFILE: SettingsPage,
            Step.HOTELS: HotelsPage,
            Step.SUPPLIERS: SuppliersPage,
            Step.PRODUCTS: ProductsPage,
            Step.PRICES: PricesPage,
            Step.STANDING_ORDERS: StandingOrdersPage,
        }[Step(step)]
        window = self.window()
        pages: list[Page] = getattr(window, "pages", [])
        for i, page in enumerate(pages):
            if isinstance(page, page_class):
                window.show_page(i)  # type: ignore[attr-defined]
                break
        else:
            return
        if isinstance(page, SettingsPage):
            page.org.name.setFocus()
        elif isinstance(page, MasterListPage) and not done:
            page.new_record()

    def selected(self) -> ExpectedDelivery | None:
        indexes = self.table.selectionModel().selectedRows()
        if not indexes:
            return None
        row: ExpectedDelivery = self.model.data(indexes[0], ROW_ROLE)
        return row

    def _open_index(self, index: QModelIndex) -> None:
        self.table.selectRow(index.row())
        self.open_selected()

    def open_selected(self) -> None:
        row = self.selected()
        if row is None:
            return
        if row.delivery_id is not None:
            self.open_delivery(row.delivery_id)
            return
        assert row.order_id is not None
        try:  # nothing is written until the clerk saves or posts what was received
            deliveries.preview_from_order(self.ctx.db, order_id=row.order_id)
        except Exception as exc:
            show_error(self, exc)
            return
        self.open_delivery(None, order_id=row.order_id)

    def open_delivery(self, delivery_id: int | None, *, order_id: int | None = None) -> None:
        from hotel_supply.ui.dialogs.delivery import DeliveryDialog

        dialog = DeliveryDialog(self.ctx, delivery_id, parent=self, order_id=order_id)
        dialog.exec()
        self.refresh()

    def _unplanned(self) -> None:
        from hotel_supply.ui.dialogs.new_delivery import NewDeliveryDialog

        dialog = NewDeliveryDialog(self.ctx, hotel_id=self.hotel.current_id(),
                                   day=self.day.value(), parent=self)
        if dialog.exec() and dialog.delivery_id is not None:
            self.ctx.notify("delivery")
            self.open_delivery(dialog.delivery_id)

    def _adhoc(self) -> None:
        from hotel_supply.ui.dialogs.adhoc_order import AdhocOrderDialog

        dialog = AdhocOrderDialog(self.ctx, hotel_id=self.hotel.current_id(),
                                  day=self.day.value(), parent=self)
        if dialog.exec():
            self.ctx.notify("order", _("Ad-hoc order saved."))
            self.refresh()
