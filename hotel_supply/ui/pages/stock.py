"""Stok: what a hotel has on a date, per product and lot, with par, cover and expiry."""

from __future__ import annotations

import datetime as dt
from typing import Any

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, QSortFilterProxyModel, Qt, QTimer
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QSpinBox,
    QSplitter,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from hotel_supply import clock
from hotel_supply.formatting import format_date, format_number, format_qty, format_rupiah
from hotel_supply.i18n import N_, _
from hotel_supply.models.enums import Role, StockDocumentKind, label
from hotel_supply.services.file_names import stock_report_file_name, waste_report_file_name
from hotel_supply.services.hotels import hotel_choices
from hotel_supply.services.stock_levels import (
    StockFilter,
    StockQuery,
    StockRow,
    expiry_window_days,
    product_lots,
    stock_rows,
)
from hotel_supply.services.suppliers import supplier_choices
from hotel_supply.ui import theme
from hotel_supply.ui.context import AppContext
from hotel_supply.ui.export import export_model
from hotel_supply.ui.pages import Page
from hotel_supply.ui.pages.stock_lots import LotsPanel, expiry_color
from hotel_supply.ui.permissions import allow
from hotel_supply.ui.table_model import (
    CENTER,
    RAW_VALUE_ROLE,
    RIGHT,
    ROW_ROLE,
    Column,
    ListTableModel,
    setup_table,
)
from hotel_supply.ui.widgets import ChoiceCombo, DateEdit, page_header, show_error

AnyIndex = QModelIndex | QPersistentModelIndex

FILTERS = [
    (StockFilter.ALL, N_("All products")),
    (StockFilter.IN_STOCK, N_("In stock")),
    (StockFilter.BELOW_PAR, N_("Below par")),
    (StockFilter.EXPIRING, N_("Expiring soon")),
    (StockFilter.EXPIRED, N_("Expired")),
]


class SortProxy(QSortFilterProxyModel):
    """Sorts on the raw values behind the text (Decimal, date); empty values last."""

    def lessThan(self, left: AnyIndex, right: AnyIndex) -> bool:
        a, b = left.data(RAW_VALUE_ROLE), right.data(RAW_VALUE_ROLE)
        if a is None or b is None:
            return a is not None and b is None
        try:
            return bool(a < b)
        except TypeError:
            return str(a) < str(b)


class StockPage(Page):
    title = N_("Stock")
    icon_name = "warehouse"
    watches = ("stock", "delivery", "hotel", "product", "supplier")

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(ctx, parent)
        self.window_days = 3
        layout = QVBoxLayout(self)
        layout.setContentsMargins(18, 14, 18, 14)
        self.issue_button = QPushButton(
            theme.icon("tray-arrow-up", "#ffffff"), _("Issue to outlet…")
        )
        self.issue_button.setProperty("primary", True)
        self.issue_button.setToolTip(
            _("Issue goods to a kitchen, minibar, banquet or gift shop (Ctrl+I)")
        )
        self.waste_button = QPushButton(theme.icon("delete-variant"), _("Write off waste…"))
        self.return_button = QPushButton(theme.icon("truck-delivery"), _("Return to supplier…"))
        top = QHBoxLayout()
        top.addWidget(
            page_header(
                _("Stock"),
                _(
                    "What each hotel has on a date: on hand per product and lot, value, "
                    "par level, days of cover and expiry."
                ),
            ),
            1,
        )
        for b in (self.waste_button, self.return_button, self.issue_button):
            top.addWidget(b, 0, Qt.AlignmentFlag.AlignBottom)
        layout.addLayout(top)

        self.hotel = ChoiceCombo()
        self.day = DateEdit(clock.today())
        self.filter = QComboBox()
        for value, text in FILTERS:
            self.filter.addItem(_(text), value)
        self.within = QSpinBox()
        self.within.setRange(0, 365)
        self.within.setSuffix(" " + _("days"))
        self.within.setToolTip(_("“Expiring soon” means within this many days"))
        self.supplier = ChoiceCombo(all_text=_("All suppliers"))
        self.search = QLineEdit()
        self.search.setPlaceholderText(_("Search product or supplier…"))
        self.search.setClearButtonEnabled(True)
        self.search.setToolTip(_("Search (Ctrl+F)"))
        QShortcut(
            QKeySequence.StandardKey.Find,
            self,
            activated=self.search.setFocus,
            context=Qt.ShortcutContext.WidgetWithChildrenShortcut,
        )
        bar = QHBoxLayout()
        bar.addWidget(QLabel(_("Hotel")))
        bar.addWidget(self.hotel)
        bar.addWidget(QLabel(_("Date")))
        bar.addWidget(self.day)
        bar.addSpacing(8)
        bar.addWidget(self.filter)
        bar.addWidget(self.within)
        bar.addWidget(self.supplier)
        bar.addWidget(self.search, 1)
        layout.addLayout(bar)

        self.columns = self._columns()
        self.model: ListTableModel[StockRow] = ListTableModel(
            self.columns, key=lambda r: r.product_id, parent=self
        )
        self.proxy = SortProxy(self)
        self.proxy.setSourceModel(self.model)
        self.table = QTableView()
        self.table.setModel(self.proxy)
        setup_table(self.table, self.columns, stretch=0)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.horizontalHeader().setSortIndicator(-1, Qt.SortOrder.AscendingOrder)
        self.table.setSortingEnabled(True)  # until a header is clicked: by supplier, product
        self.table.doubleClicked.connect(lambda _i: self.show_history())
        for key in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            QShortcut(
                key,
                self.table,
                activated=self.show_history,
                context=Qt.ShortcutContext.WidgetShortcut,
            )
        self.table.selectionModel().selectionChanged.connect(lambda *_a: self._show_lots())

        self.lots = LotsPanel(day=self.day.value, within=self.within.value)
        self.totals = QLabel()
        self.totals.setStyleSheet("font-weight: 600;")
        self.totals.setWordWrap(True)
        stock_box = QWidget()
        stock_layout = QVBoxLayout(stock_box)
        stock_layout.setContentsMargins(0, 0, 0, 0)
        stock_layout.setSpacing(4)
        stock_layout.addWidget(self.table, 1)
        stock_layout.addWidget(self.totals)
        splitter = QSplitter(Qt.Orientation.Vertical)
        splitter.addWidget(stock_box)
        splitter.addWidget(self.lots)
        splitter.setStretchFactor(0, 3)
        splitter.setStretchFactor(1, 1)
        splitter.setSizes([420, 150])
        splitter.setChildrenCollapsible(False)
        layout.addWidget(splitter, 1)
        self.empty = QLabel()
        self.empty.setObjectName("pageSubtitle")
        self.empty.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.empty.hide()
        layout.addWidget(self.empty)

        self.history_button = QPushButton(theme.icon("history"), _("Product history…"))
        self.history_button.setToolTip(_("Every movement of the selected product (Enter)"))
        self.par_button = QPushButton(theme.icon("tune-vertical"), _("Par levels…"))
        self.par_button.setToolTip(_("Set the par level of the hotel's products"))
        self.report_button = QPushButton(theme.icon("printer"), _("Stock report…"))
        self.report_button.setToolTip(_("Print the stock of this hotel on this date"))
        self.waste_report_button = QPushButton(theme.icon("file-chart-outline"), _("Waste report…"))
        self.waste_report_button.setToolTip(_("Print what was written off in a period"))
        self.export_button = QPushButton(theme.icon("microsoft-excel"), _("Export…"))
        self.export_button.setToolTip(_("Save the list as XLSX or CSV"))
        actions = QHBoxLayout()
        actions.addWidget(self.history_button)
        actions.addWidget(self.par_button)
        actions.addStretch(1)
        actions.addWidget(self.report_button)
        actions.addWidget(self.waste_report_button)
        actions.addWidget(self.export_button)
        layout.addLayout(actions)
        for button in (self.issue_button, self.waste_button, self.return_button):
            allow(button, ctx, Role.STOREROOM)
        allow(self.par_button, ctx, Role.PURCHASING, Role.STOREROOM)

        QShortcut(
            QKeySequence("Ctrl+I"),
            self,
            activated=self.issue,
            context=Qt.ShortcutContext.WidgetWithChildrenShortcut,
        )
        self.issue_button.clicked.connect(self.issue)
        self.waste_button.clicked.connect(self.write_off)
        self.return_button.clicked.connect(self.give_back)
        self.history_button.clicked.connect(self.show_history)
        self.par_button.clicked.connect(self.edit_par_levels)
        self.report_button.clicked.connect(self.print_stock_report)
        self.waste_report_button.clicked.connect(self.print_waste_report)
        self.export_button.clicked.connect(self.export)

        self._debounce = QTimer(self, singleShot=True, interval=250)
        self._debounce.timeout.connect(self.reload)
        self.search.textChanged.connect(lambda _t: self._debounce.start())
        self.day.dateChanged.connect(lambda _d: self._debounce.start())
        self.within.valueChanged.connect(lambda _v: self._debounce.start())
        self.hotel.currentIndexChanged.connect(self._hotel_changed)
        self.supplier.currentIndexChanged.connect(lambda _i: self.reload())
        self.filter.currentIndexChanged.connect(lambda _i: self.reload())
        self._choices_loaded = False

    # --- columns -------------------------------------------------------------

    def _columns(self) -> list[Column[StockRow]]:
        def on_hand_color(r: StockRow) -> str | None:
            if r.on_hand < 0:
                return theme.BAD
            return theme.WARN if r.below_par else None

        def cover(r: StockRow) -> str:
            days = r.days_of_cover
            if days is None:
                return ""
            if days <= 0:
                return "0"
            return format_number(days if days < 10 else days.to_integral_value())

        return [
            Column(
                N_("Product"),
                lambda r: f"{r.product_code}  {r.product_name}",
                raw=lambda r: r.product_name.lower(),
                width=260,
            ),
            Column(
                N_("Supplier (UMKM)"),
                lambda r: r.supplier_name,
                raw=lambda r: r.supplier_name.lower(),
                width=150,
            ),
            Column(N_("Unit"), lambda r: label(r.unit), width=70),
            Column(
                N_("On hand"),
                lambda r: format_qty(r.on_hand),
                raw=lambda r: r.on_hand,
                align=RIGHT,
                color=on_hand_color,
                width=75,
            ),
            Column(
                N_("Par"), lambda r: format_qty(r.par), raw=lambda r: r.par, align=RIGHT, width=55
            ),
            Column(
                N_("Value"),
                lambda r: format_rupiah(r.value),
                raw=lambda r: r.value,
                align=RIGHT,
                width=110,
            ),
            Column(
                N_("Days of cover"), cover, raw=lambda r: r.days_of_cover, align=RIGHT, width=118
            ),
            Column(
                N_("Expiry"),  # of the lot that expires first
                lambda r: format_date(r.nearest_expiry),
                raw=lambda r: r.nearest_expiry,
                align=CENTER,
                width=110,
                color=lambda r: expiry_color(
                    r.nearest_expiry, self.day.value(), self.within.value()
                ),
            ),
            Column(
                N_("Last count"),
                lambda r: format_date(r.last_count),
                raw=lambda r: r.last_count,
                align=CENTER,
                width=142,
            ),
        ]

    # --- data ----------------------------------------------------------------

    def query(self) -> StockQuery | None:
        hotel_id = self.hotel.current_id()
        if hotel_id is None:
            return None
        return StockQuery(
            hotel_id=hotel_id,
            day=self.day.value(),
            filter=StockFilter(self.filter.currentData()),
            expiring_within_days=self.within.value(),
            text=self.search.text(),
            supplier_id=self.supplier.current_id(),
        )

    def refresh(self) -> None:
        super().refresh()
        if not self._choices_loaded:
            self._load_choices()
        self.reload()

    def _load_choices(self) -> None:
        for w in (self.hotel, self.supplier, self.within):
            w.blockSignals(True)
        self.hotel.set_choices([(h[0], h[2]) for h in hotel_choices(self.ctx.db)])
        if self.ctx.prefs.last_hotel_id:
            self.hotel.select_id(self.ctx.prefs.last_hotel_id)
        self.supplier.set_choices(
            [(s[0], s[2]) for s in supplier_choices(self.ctx.db, active_only=False)]
        )
        self.window_days = expiry_window_days(self.ctx.db)
        self.within.setValue(self.window_days)
        for w in (self.hotel, self.supplier, self.within):
            w.blockSignals(False)
        self._choices_loaded = True

    def _hotel_changed(self) -> None:
        self.ctx.prefs.last_hotel_id = self.hotel.current_id()
        self.reload()

    def reload(self) -> None:
        selected = self.selected()
        query = self.query()
        try:
            rows = stock_rows(self.ctx.db, query=query) if query else []
        except Exception as exc:
            show_error(self, exc)
            return
        self.model.set_rows(rows)
        self._show_totals(rows)
        if query is None:
            self.empty.setText(_("Add a partner hotel first: its stock shows here."))
        elif query.filter == StockFilter.ALL and not query.text and not query.supplier_id:
            self.empty.setText(_("Nothing has been received at this hotel yet."))
        else:
            self.empty.setText(_("No product matches the filter."))
        self.empty.setVisible(not rows)
        if rows:
            self._select_product(selected.product_id if selected else None)
        self._show_lots()
        self._update_actions()

    def _show_totals(self, rows: list[StockRow]) -> None:
        value = sum(r.value for r in rows)
        below = sum(1 for r in rows if r.below_par)
        expiring = sum(1 for r in rows if r.expiring_qty > 0)
        expired = sum(1 for r in rows if r.expired_qty > 0)
        parts = [
            _("{n} products").format(n=format_number(len(rows))),
            _("value {value}").format(value=format_rupiah(value)),
        ]
        if below:
            parts.append(_("{n} below par").format(n=below))
        if expiring:
            parts.append(_("{n} expiring soon").format(n=expiring))
        if expired:
            parts.append(_("{n} with expired lots").format(n=expired))
        self.totals.setText("  ·  ".join(parts))

    def _select_product(self, product_id: int | None) -> None:
        for r in range(self.proxy.rowCount()):
            row: StockRow = self.proxy.index(r, 0).data(ROW_ROLE)
            if product_id is None or row.product_id == product_id:
                self.table.selectRow(r)
                return
        self.table.selectRow(0)

    def selected(self) -> StockRow | None:
        model = self.table.selectionModel()
        rows = model.selectedRows() if model else []
        if not rows:
            return None
        row: StockRow = rows[0].data(ROW_ROLE)
        return row

    def _show_lots(self) -> None:
        row = self.selected()
        hotel_id = self.hotel.current_id()
        if row is None or hotel_id is None:
            self.lots.clear()
            return
        lots = product_lots(
            self.ctx.db, hotel_id=hotel_id, product_id=row.product_id, day=self.day.value()
        )
        self.lots.show_lots(row.product_name, lots)
        self._update_actions()

    def _update_actions(self) -> None:
        has_hotel = self.hotel.current_id() is not None
        for b in (
            self.issue_button,
            self.waste_button,
            self.return_button,
            self.par_button,
            self.report_button,
            self.waste_report_button,
        ):
            b.setEnabled(has_hotel)
        self.history_button.setEnabled(self.selected() is not None)

    # --- actions -------------------------------------------------------------

    def _document(self, kind: StockDocumentKind) -> None:
        from hotel_supply.ui.dialogs.stock_document import StockDocumentDialog

        hotel_id = self.hotel.current_id()
        if hotel_id is None:
            return
        row = self.selected()
        dialog = StockDocumentDialog(
            self.ctx,
            kind,
            hotel_id=hotel_id,
            product_id=row.product_id if row else None,
            parent=self,
        )
        dialog.exec()
        if dialog.result is not None:
            self.reload()

    def issue(self) -> None:
        self._document(StockDocumentKind.ISSUE)

    def write_off(self) -> None:
        self._document(StockDocumentKind.WASTE)

    def give_back(self) -> None:
        self._document(StockDocumentKind.RETURN)

    def show_history(self) -> None:
        from hotel_supply.ui.dialogs.product_history import ProductHistoryDialog

        row = self.selected()
        hotel_id = self.hotel.current_id()
        if row is None or hotel_id is None:
            return
        ProductHistoryDialog(
            self.ctx,
            hotel_id=hotel_id,
            product_id=row.product_id,
            title=f"{row.product_code}  {row.product_name}",
            day=self.day.value(),
            parent=self,
        ).exec()

    def edit_par_levels(self) -> None:
        from hotel_supply.ui.dialogs.par_levels import ParLevelsDialog

        hotel_id = self.hotel.current_id()
        if hotel_id is None:
            return
        if ParLevelsDialog(self.ctx, hotel_id=hotel_id, day=self.day.value(), parent=self).exec():
            self.reload()

    def print_stock_report(self) -> None:
        hotel_id = self.hotel.current_id()
        if hotel_id is None:
            return
        day = self.day.value()
        try:
            from hotel_supply.documents.stock_report import render_stock_report
            from hotel_supply.services.stock_printing import stock_report_data

            data = stock_report_data(
                self.ctx.db, hotel_id=hotel_id, day=day, expiring_within_days=self.within.value()
            )
        except Exception as exc:
            show_printing_error(self, exc)
            return
        show_preview(
            self.ctx,
            lambda size: bytes(render_stock_report(data, page_size=size)),
            title=_("Stock of {hotel} on {date}").format(
                hotel=self.hotel.currentText(), date=format_date(day)
            ),
            filename=stock_report_file_name(hotel_code=data.hotel.code, day=day).removesuffix(
                ".pdf"
            ),
            parent=self,
        )

    def print_waste_report(self) -> None:
        hotel_id = self.hotel.current_id()
        if hotel_id is None:
            return
        period = ask_period(self, _("Waste report"), self.day.value())
        if period is None:
            return
        date_from, date_to = period
        try:
            from hotel_supply.documents.waste_report import render_waste_report
            from hotel_supply.services.stock_printing import waste_report_data

            data = waste_report_data(
                self.ctx.db, hotel_id=hotel_id, date_from=date_from, date_to=date_to
            )
        except Exception as exc:
            show_printing_error(self, exc)
            return
        show_preview(
            self.ctx,
            lambda size: bytes(render_waste_report(data, page_size=size)),
            title=_("Waste report"),
            filename=waste_report_file_name(
                hotel_code=data.hotel.code if data.hotel else None,
                date_from=date_from,
                date_to=date_to,
            ).removesuffix(".pdf"),
            parent=self,
        )

    def export(self) -> None:
        title = _("Stock of {hotel} on {date}").format(
            hotel=self.hotel.currentText(), date=format_date(self.day.value())
        )
        export_model(self.ctx, self.model, title=title.replace("/", "-"), parent=self)


def show_printing_error(parent: QWidget, exc: BaseException) -> None:
    from PySide6.QtWidgets import QMessageBox

    if isinstance(exc, ImportError):
        QMessageBox.information(
            parent, _("Print"), _("Printing of stock documents is not available yet.")
        )
    else:
        show_error(parent, exc)


def show_preview(
    ctx: AppContext, render: Any, *, title: str, filename: str, parent: QWidget | None = None
) -> None:
    """Preview a report that has no copies to choose; ``render(paper)`` makes its PDF."""
    from hotel_supply.ui.dialogs.print_preview import PrintPreviewDialog

    PrintPreviewDialog(
        ctx,
        lambda size, _copies: render(size),
        title=title,
        filename=filename,
        with_copies=False,
        parent=parent,
    ).exec()


def ask_period(parent: QWidget, title: str, day: dt.date) -> tuple[dt.date, dt.date] | None:
    """From the first of the month to ``day`` unless the clerk changes it."""
    dialog = QDialog(parent)
    dialog.setWindowTitle(title)
    form = QFormLayout(dialog)
    date_from = DateEdit(day.replace(day=1))
    date_to = DateEdit(day)
    form.addRow(_("From"), date_from)
    form.addRow(_("to"), date_to)
    buttons = QDialogButtonBox(
        QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
    )
    buttons.button(QDialogButtonBox.StandardButton.Ok).setText(_("Show"))
    buttons.button(QDialogButtonBox.StandardButton.Cancel).setText(_("Cancel"))
    buttons.accepted.connect(dialog.accept)
    buttons.rejected.connect(dialog.reject)
    form.addRow(buttons)
    if not dialog.exec():
        return None
    start, end = date_from.value(), date_to.value()
    return (start, end) if start <= end else (end, start)
