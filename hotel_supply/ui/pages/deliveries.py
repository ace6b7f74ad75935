"""Find any delivery again: filter by dates, hotel, supplier, status and text."""

from __future__ import annotations

import datetime as dt
from collections import OrderedDict
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QModelIndex, Qt, QTimer
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QComboBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from hotel_supply import clock
from hotel_supply.db import Database
from hotel_supply.formatting import format_date, format_rupiah, format_time
from hotel_supply.i18n import N_, _
from hotel_supply.models.enums import DeliveryStatus, label
from hotel_supply.services.delivery_list import (
    DeliveryQuery,
    DeliveryRow,
    OutsideDates,
    count_deliveries,
    delivery_rows,
    found_outside_dates,
    row_key,
)
from hotel_supply.services.hotels import hotel_choices
from hotel_supply.services.suppliers import supplier_choices
from hotel_supply.ui import theme
from hotel_supply.ui.context import AppContext
from hotel_supply.ui.export import export_model
from hotel_supply.ui.pages import Page
from hotel_supply.ui.table_model import (
    CENTER,
    RIGHT,
    ROW_KEY_ROLE,
    Column,
    LazyTableModel,
    setup_table,
)
from hotel_supply.ui.widgets import ChoiceCombo, DateEdit, page_header, to_qdate

STATUS_COLORS = {
    DeliveryStatus.DRAFT: theme.ACCENT,
    DeliveryStatus.POSTED: theme.OK,
    DeliveryStatus.INVOICED: theme.MUTED,
    DeliveryStatus.CANCELLED: theme.BAD,
}

COLUMNS: list[Column[DeliveryRow]] = [
    Column(N_("Date"), lambda r: format_date(r.delivery_date), raw=lambda r: r.delivery_date,
           width=90),
    Column(N_("Number"), lambda r: r.number or _("(draft)"), raw=lambda r: r.number, width=130),
    Column(N_("Status"), lambda r: label(r.status), color=lambda r: STATUS_COLORS[r.status],
           width=90),
    Column(N_("Hotel"), lambda r: r.hotel_name, width=170),
    Column(N_("Supplier (UMKM)"), lambda r: r.supplier_name, width=230),
    Column(N_("Value"), lambda r: format_rupiah(r.value), raw=lambda r: r.value, align=RIGHT,
           width=120),
    Column(N_("Lines"), lambda r: str(r.line_count), raw=lambda r: r.line_count, align=RIGHT,
           width=55),
    Column(N_("Lines rejected"), lambda r: str(r.rejected_lines) if r.rejected_lines else "",
           raw=lambda r: r.rejected_lines, align=RIGHT, width=120),
    Column(N_("Time"), lambda r: format_time(r.arrived_at), align=CENTER, width=55),
    Column(N_("Driver"), lambda r: r.driver_name, width=120),
    Column(N_("Plate"), lambda r: r.vehicle_plate, width=90),
]


class DeliveryWindows(LazyTableModel[DeliveryRow]):
    """The whole list as rows (the scroll bar spans every delivery) read in windows of 200
    as they come into view: a window next to one in memory is found by its neighbour's key,
    one far down the list by counting from its end; only the last few windows are kept."""

    KEEP = 8  # windows in memory, about a screenful each side of what is seen

    def __init__(self, query: Callable[[], DeliveryQuery], db: Callable[[], Database],
                 window: int = 200) -> None:
        self._query = query
        self._db = db
        self._windows: OrderedDict[int, list[DeliveryRow]] = OrderedDict()
        super().__init__(COLUMNS, count=lambda: count_deliveries(db(), query=query()),
                         fetch=self._fetch_plain, key=lambda r: r.id, window=window)

    def _fetch_plain(self, offset: int, limit: int) -> list[DeliveryRow]:
        return delivery_rows(self._db(), query=self._query(), offset=offset, limit=limit)

    def reload(self) -> None:
        self.beginResetModel()
        self._windows.clear()
        self._total = self._count()
        self.endResetModel()

    def canFetchMore(self, parent: Any = QModelIndex()) -> bool:  # noqa: B008
        return False

    def rowCount(self, parent: Any = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else self._total

    def row_at(self, index: int) -> DeliveryRow | None:  # type: ignore[override]
        n, size = divmod(index, self._window)
        rows = self._windows.get(n)
        if rows is None:
            rows = self._load(n)
        else:
            self._windows.move_to_end(n)
        return rows[size] if size < len(rows) else None

    def _load(self, n: int) -> list[DeliveryRow]:
        db, query, size = self._db(), self._query(), self._window
        above, below = self._windows.get(n - 1), self._windows.get(n + 1)
        start = n * size
        if above:
            rows = delivery_rows(db, query=query, after=row_key(above[-1]), limit=size)
        elif below:
            rows = delivery_rows(db, query=query, before=row_key(below[0]), limit=size)
        elif start > self._total // 2:  # nearer the end: count from there
            from_end = self._total - start - size
            rows = delivery_rows(db, query=query, from_end=True, offset=max(0, from_end),
                                 limit=size + min(0, from_end))
        else:
            rows = delivery_rows(db, query=query, offset=start, limit=size)
        self._windows[n] = rows
        while len(self._windows) > self.KEEP:
            self._windows.popitem(last=False)
        return rows

    def loaded_rows(self) -> list[DeliveryRow]:
        """Every row of the list (for an export), read window by window, none kept."""
        rows: list[DeliveryRow] = []
        while True:
            more = delivery_rows(self._db(), query=self._query(), limit=self._window,
                                 after=row_key(rows[-1]) if rows else None)
            rows.extend(more)
            if len(more) < self._window:
                return rows

    def replace_row(self, row: DeliveryRow) -> None:
        for n, rows in self._windows.items():
            for i, existing in enumerate(rows):
                if existing.id == row.id:
                    rows[i] = row
                    at = n * self._window + i
                    self.dataChanged.emit(self.index(at, 0),
                                          self.index(at, len(self.columns) - 1))
                    return


class DeliveriesPage(Page):
    title = N_("Deliveries")
    icon_name = "truck-delivery-outline"
    watches = ("delivery",)

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(ctx, parent)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(18, 14, 18, 14)
        layout.addWidget(page_header(
            _("Deliveries"),
            _("Every delivery note: open, reprint, or cancel one that is not invoiced.")))
        today = clock.today()
        self.date_from = DateEdit(today - dt.timedelta(days=30))
        self.date_to = DateEdit(today)
        self.hotel = ChoiceCombo(all_text=_("All hotels"))
        self.supplier = ChoiceCombo(all_text=_("All suppliers"))
        self.status = QComboBox()
        self.status.addItem(_("Any status"), None)
        for s in DeliveryStatus:
            self.status.addItem(label(s), s)
        self.search = QLineEdit()
        self.search.setPlaceholderText(_("Search number, supplier, driver, plate, product…"))
        self.search.setClearButtonEnabled(True)
        QShortcut(QKeySequence.StandardKey.Find, self, activated=self.search.setFocus)
        bar = QHBoxLayout()
        bar.addWidget(QLabel(_("From")))
        bar.addWidget(self.date_from)
        bar.addWidget(QLabel(_("to")))
        bar.addWidget(self.date_to)
        bar.addWidget(self.hotel)
        bar.addWidget(self.supplier)
        bar.addWidget(self.status)
        bar.addWidget(self.search, 1)
        layout.addLayout(bar)
        # A number typed into the search is never hidden by the date range.
        self.outside_label = QLabel()
        self.outside_label.setObjectName("banner")
        self.outside_button = QPushButton(_("Show them"))
        self.outside_button.clicked.connect(self.show_outside)
        outside = QHBoxLayout()
        outside.addWidget(self.outside_label, 1)
        outside.addWidget(self.outside_button)
        self.outside_box = QWidget()
        self.outside_box.setLayout(outside)
        self.outside_box.hide()
        self._outside: OutsideDates | None = None
        layout.addWidget(self.outside_box)

        self.model = DeliveryWindows(self.query, lambda: self.ctx.db)
        self.table = QTableView()
        self.table.setModel(self.model)
        setup_table(self.table, COLUMNS)
        self.table.horizontalHeader().setStretchLastSection(True)
        self.table.doubleClicked.connect(self._open_index)
        for key in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            QShortcut(key, self.table, activated=self.open_selected)
        layout.addWidget(self.table, 1)

        actions = QHBoxLayout()
        self.count_label = QLabel()
        self.count_label.setObjectName("pageSubtitle")
        open_button = QPushButton(theme.icon("folder-open-outline"), _("Open"))
        print_button = QPushButton(theme.icon("printer"), _("Print…"))
        export_button = QPushButton(theme.icon("microsoft-excel"), _("Export…"))
        actions.addWidget(self.count_label)
        actions.addStretch(1)
        actions.addWidget(export_button)
        actions.addWidget(print_button)
        actions.addWidget(open_button)
        layout.addLayout(actions)
        open_button.clicked.connect(self.open_selected)
        print_button.clicked.connect(self.print_selected)
        export_button.clicked.connect(
            lambda: export_model(self.ctx, self.model, title=_("Deliveries"), parent=self))

        self._debounce = QTimer(self, singleShot=True, interval=250)
        self._debounce.timeout.connect(self.refresh)
        self.search.textChanged.connect(lambda _t: self._debounce.start())
        for combo in (self.hotel, self.supplier, self.status):
            combo.currentIndexChanged.connect(lambda _i: self.refresh())
        for edit in (self.date_from, self.date_to):
            edit.dateChanged.connect(lambda _d: self._debounce.start())
        self._choices_loaded = False

    def query(self) -> DeliveryQuery:
        status = self.status.currentData()
        return DeliveryQuery(
            date_from=self.date_from.value(), date_to=self.date_to.value(),
            hotel_id=self.hotel.current_id(), supplier_id=self.supplier.current_id(),
            status=DeliveryStatus(status) if status else None, text=self.search.text(),
        )

    def refresh(self) -> None:
        super().refresh()
        if not self._choices_loaded:
            self.hotel.set_choices([(h[0], h[2]) for h in hotel_choices(self.ctx.db)])
            self.supplier.set_choices([(s[0], s[2]) for s in supplier_choices(
                self.ctx.db, active_only=False)])
            self._choices_loaded = True
        self.model.reload()
        self.count_label.setText(_("{n} deliveries").format(n=f"{self.model.total:,}".replace(
            ",", ".")))
        self._outside = found_outside_dates(self.ctx.db, query=self.query())
        if self._outside is None:
            self.outside_box.hide()
        else:
            self.outside_label.setText(_(
                "{n} found outside these dates ({first} – {last}).").format(
                    n=self._outside.count, first=format_date(self._outside.first),
                    last=format_date(self._outside.last)))
            self.outside_box.show()

    def show_outside(self) -> None:
        """Widen the dates so that what the search found outside them shows too."""
        if self._outside is None:
            return
        self.date_from.setDate(to_qdate(min(self.date_from.value(), self._outside.first)))
        self.date_to.setDate(to_qdate(max(self.date_to.value(), self._outside.last)))
        self.refresh()
        self.ctx.say(_("The dates now run from {first} to {last}.").format(
            first=format_date(self.date_from.value()), last=format_date(self.date_to.value())))

    def selected_id(self) -> int | None:
        rows = self.table.selectionModel().selectedRows()
        return int(self.model.data(rows[0], ROW_KEY_ROLE)) if rows else None

    def _open_index(self, index: QModelIndex) -> None:
        self.table.selectRow(index.row())
        self.open_selected()

    def open_selected(self) -> None:
        from hotel_supply.ui.dialogs.delivery import DeliveryDialog

        delivery_id = self.selected_id()
        if delivery_id is None:
            return
        DeliveryDialog(self.ctx, delivery_id, parent=self).exec()
        self.refresh()

    def print_selected(self) -> None:
        from hotel_supply.ui.dialogs.print_preview import preview_delivery_note

        delivery_id = self.selected_id()
        if delivery_id is not None:
            preview_delivery_note(self.ctx, delivery_id, parent=self)
