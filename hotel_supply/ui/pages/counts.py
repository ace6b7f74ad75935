"""Stok Opname: the counts of every hotel; start one, continue an open one, reprint."""

from __future__ import annotations

from PySide6.QtCore import QModelIndex, Qt
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from hotel_supply.formatting import format_date
from hotel_supply.i18n import N_, _
from hotel_supply.models.enums import CountStatus, Role, label
from hotel_supply.services import stock_counts
from hotel_supply.services.hotels import hotel_choices
from hotel_supply.services.stock_counts import CountRow
from hotel_supply.ui import theme
from hotel_supply.ui.context import AppContext
from hotel_supply.ui.export import export_model
from hotel_supply.ui.pages import Page
from hotel_supply.ui.permissions import allow
from hotel_supply.ui.table_model import (
    CENTER,
    RIGHT,
    ROW_ROLE,
    Column,
    ListTableModel,
    setup_table,
)
from hotel_supply.ui.widgets import ChoiceCombo, confirm, page_header, show_error

STATUS_COLORS = {
    CountStatus.OPEN: theme.ACCENT,
    CountStatus.POSTED: theme.OK,
    CountStatus.CANCELLED: theme.MUTED,
}

COLUMNS: list[Column[CountRow]] = [
    Column(
        N_("Number"),
        lambda r: r.number or "—",  # a count takes its number when it is posted
        raw=lambda r: r.number,
        width=150,
    ),
    Column(
        N_("Date"),
        lambda r: format_date(r.count_date),
        raw=lambda r: r.count_date,
        align=CENTER,
        width=95,
    ),
    Column(N_("Hotel"), lambda r: r.hotel_name, width=220),
    Column(
        N_("Status"),
        lambda r: label(r.status),
        raw=lambda r: r.status.value,
        color=lambda r: STATUS_COLORS[r.status],
        width=120,
    ),
    Column(
        N_("Counted"),
        lambda r: f"{r.counted} / {r.lines}",
        raw=lambda r: r.counted,
        align=RIGHT,
    ),
    Column(N_("By"), lambda r: r.created_by, width=140),
]


class CountsPage(Page):
    title = N_("Stock counts")
    icon_name = "clipboard-check-outline"
    watches = ("count", "stock", "hotel")

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(ctx, parent)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(18, 14, 18, 14)
        layout.addWidget(
            page_header(
                _("Stock counts"),
                _(
                    "Count a hotel's store (stok opname), save to continue later, and post the "
                    "differences: afterwards the stock shows exactly what was counted."
                ),
            )
        )
        self.hotel = ChoiceCombo(all_text=_("All hotels"))
        self.status = QComboBox()
        self.status.addItem(_("Any status"), None)
        for s in CountStatus:
            self.status.addItem(label(s), s.value)
        bar = QHBoxLayout()
        bar.addWidget(QLabel(_("Hotel")))
        bar.addWidget(self.hotel)
        bar.addWidget(self.status)
        bar.addStretch(1)
        layout.addLayout(bar)

        self.model: ListTableModel[CountRow] = ListTableModel(
            COLUMNS, key=lambda r: r.id, parent=self
        )
        self.table = QTableView()
        self.table.setModel(self.model)
        setup_table(self.table, COLUMNS, stretch=2)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.doubleClicked.connect(self._open_index)
        for key in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            QShortcut(
                key,
                self.table,
                activated=self.open_selected,
                context=Qt.ShortcutContext.WidgetShortcut,
            )
        self.table.selectionModel().selectionChanged.connect(lambda *_a: self._update_actions())
        layout.addWidget(self.table, 1)
        self.empty = QLabel(_("No count yet. Start one to count a hotel's store."))
        self.empty.setObjectName("pageSubtitle")
        self.empty.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.empty.hide()
        layout.addWidget(self.empty)

        self.count_label = QLabel()
        self.count_label.setObjectName("pageSubtitle")
        self.export_button = QPushButton(theme.icon("microsoft-excel"), _("Export…"))
        self.cancel_button = QPushButton(theme.icon("cancel"), _("Cancel count…"))
        self.print_button = QPushButton(theme.icon("printer"), _("Print count sheet…"))
        self.open_button = QPushButton(theme.icon("folder-open-outline"), _("Open"))
        self.open_button.setToolTip(_("Open the selected count; an open one is continued (Enter)"))
        self.start_button = QPushButton(
            theme.icon("clipboard-play-outline", "#ffffff"), _("Start count…")
        )
        self.start_button.setProperty("primary", True)
        self.start_button.setToolTip(_("Start counting a hotel's store (Ctrl+N)"))
        actions = QHBoxLayout()
        actions.addWidget(self.count_label)
        actions.addStretch(1)
        for b in (
            self.export_button,
            self.cancel_button,
            self.print_button,
            self.open_button,
            self.start_button,
        ):
            actions.addWidget(b)
        layout.addLayout(actions)
        allow(self.start_button, ctx, Role.STOREROOM)
        allow(self.cancel_button, ctx, Role.STOREROOM)
        QShortcut(
            QKeySequence.StandardKey.New,
            self,
            activated=self.start_count,
            context=Qt.ShortcutContext.WidgetWithChildrenShortcut,
        )
        self.export_button.clicked.connect(
            lambda: export_model(self.ctx, self.model, title=_("Stock counts"), parent=self)
        )
        self.cancel_button.clicked.connect(self.cancel_selected)
        self.print_button.clicked.connect(self.print_selected)
        self.open_button.clicked.connect(self.open_selected)
        self.start_button.clicked.connect(self.start_count)
        self.hotel.currentIndexChanged.connect(lambda _i: self.refresh())
        self.status.currentIndexChanged.connect(lambda _i: self.refresh())
        self._choices_loaded = False

    def refresh(self) -> None:
        super().refresh()
        if not self._choices_loaded:
            self.hotel.blockSignals(True)
            self.hotel.set_choices([(h[0], h[2]) for h in hotel_choices(self.ctx.db)])
            self.hotel.blockSignals(False)
            self._choices_loaded = True
        selected = self.selected()
        try:
            rows = stock_counts.count_rows(self.ctx.db, hotel_id=self.hotel.current_id())
        except Exception as exc:
            show_error(self, exc)
            return
        status = self.status.currentData()
        if status:
            rows = [r for r in rows if r.status.value == status]
        self.model.set_rows(rows)
        self.empty.setVisible(not rows)
        open_counts = sum(1 for r in rows if r.status == CountStatus.OPEN)
        text = _("{n} counts").format(n=len(rows))
        if open_counts:
            text += "  ·  " + _("{n} in progress").format(n=open_counts)
        self.count_label.setText(text)
        keep = next((i for i, r in enumerate(rows) if selected and r.id == selected.id), 0)
        if rows:
            self.table.selectRow(keep)
        self._update_actions()

    def selected(self) -> CountRow | None:
        model = self.table.selectionModel()
        rows = model.selectedRows() if model else []
        if not rows:
            return None
        row: CountRow = rows[0].data(ROW_ROLE)
        return row

    def _update_actions(self) -> None:
        row = self.selected()
        self.open_button.setEnabled(row is not None)
        self.print_button.setEnabled(row is not None and row.status != CountStatus.CANCELLED)
        # a count of a closed month can only be looked at (and printed)
        self.cancel_button.setEnabled(row is not None and row.continuable)
        if row is not None and row.continuable:
            self.open_button.setText(_("Continue"))
        else:
            self.open_button.setText(_("Open"))

    def _open_index(self, index: QModelIndex) -> None:
        self.table.selectRow(index.row())
        self.open_selected()

    def open_count(self, count_id: int) -> None:
        from hotel_supply.ui.dialogs.stock_count import StockCountDialog

        StockCountDialog(self.ctx, count_id, parent=self).exec()
        self.refresh()

    def open_selected(self) -> None:
        row = self.selected()
        if row is not None:
            self.open_count(row.id)

    def start_count(self) -> None:
        from hotel_supply.ui.dialogs.stock_count import StartCountDialog

        dialog = StartCountDialog(
            self.ctx, hotel_id=self.hotel.current_id() or self.ctx.prefs.last_hotel_id, parent=self
        )
        if dialog.exec() and dialog.count_id is not None:
            self.refresh()
            self.open_count(dialog.count_id)

    def print_selected(self) -> None:
        from hotel_supply.ui.pages.stock import show_preview, show_printing_error

        row = self.selected()
        if row is None:
            return
        try:
            from hotel_supply.documents.count_sheet import render_count_sheet
            from hotel_supply.services.file_names import count_sheet_file_name
            from hotel_supply.services.stock_printing import count_sheet_data

            data = count_sheet_data(self.ctx.db, count_id=row.id, show_book=None)
        except Exception as exc:
            show_printing_error(self, exc)
            return
        title = _("Count of {hotel} on {date}").format(
            hotel=row.hotel_name, date=format_date(row.count_date)
        )
        show_preview(
            self.ctx,
            lambda size: bytes(render_count_sheet(data, page_size=size)),
            title=title,
            filename=count_sheet_file_name(
                number=data.number, hotel_code=data.hotel.code, day=data.count_date
            ).removesuffix(".pdf"),
            parent=self,
        )

    def cancel_selected(self) -> None:
        row = self.selected()
        if row is None or row.status != CountStatus.OPEN:
            return
        if not confirm(
            self,
            _("Cancel the count of {hotel} started on {date}? No stock changes.").format(
                hotel=row.hotel_name, date=format_date(row.count_date)
            ),
            yes=_("Cancel count"),
            danger=True,
        ):
            return
        try:
            stock_counts.cancel_count(self.ctx.db, count_id=row.id)
        except Exception as exc:
            show_error(self, exc)
            return
        self.ctx.notify("count", _("Count cancelled."))
