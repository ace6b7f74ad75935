"""Issues, write-offs and returns: find one again and reprint its slip."""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import QModelIndex, Qt, QTimer
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

from hotel_supply import clock
from hotel_supply.formatting import format_date, format_number, format_qty, format_rupiah
from hotel_supply.i18n import N_, _
from hotel_supply.models.enums import Role, StockDocumentKind, label
from hotel_supply.services.hotels import hotel_choices
from hotel_supply.services.stock_moves import (
    StockDocumentQuery,
    StockDocumentRow,
    count_stock_documents,
    stock_document_rows,
)
from hotel_supply.ui import theme
from hotel_supply.ui.context import AppContext
from hotel_supply.ui.export import export_model
from hotel_supply.ui.pages import Page
from hotel_supply.ui.permissions import allow
from hotel_supply.ui.table_model import (
    CENTER,
    RIGHT,
    ROW_KEY_ROLE,
    Column,
    LazyTableModel,
    setup_table,
)
from hotel_supply.ui.widgets import ChoiceCombo, DateEdit, page_header

KIND_COLORS = {
    StockDocumentKind.ISSUE: theme.ACCENT,
    StockDocumentKind.WASTE: theme.BAD,
    StockDocumentKind.RETURN: theme.WARN,
}

COLUMNS: list[Column[StockDocumentRow]] = [
    Column(N_("Date"), lambda r: format_date(r.day), raw=lambda r: r.day, align=CENTER, width=90),
    Column(N_("Number"), lambda r: r.number, width=140),
    Column(
        N_("Kind"),
        lambda r: label(r.kind),
        raw=lambda r: r.kind.value,
        color=lambda r: KIND_COLORS[r.kind],
        width=260,
    ),
    Column(N_("Hotel"), lambda r: r.hotel_name, width=180),
    Column(N_("Outlet / supplier"), lambda r: r.counterpart, width=220),
    Column(N_("Lines"), lambda r: str(r.lines), raw=lambda r: r.lines, align=RIGHT, width=55),
    Column(
        N_("Quantity"),
        lambda r: format_qty(r.quantity),
        raw=lambda r: r.quantity,
        align=RIGHT,
        width=85,
    ),
    Column(
        N_("Value"), lambda r: format_rupiah(r.value), raw=lambda r: r.value, align=RIGHT, width=115
    ),
    Column(N_("By"), lambda r: r.created_by, width=110),
]


class StockDocumentsPage(Page):
    title = N_("Issues and write-offs")
    icon_name = "file-document-multiple-outline"
    watches = ("stock", "hotel")

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(ctx, parent)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(18, 14, 18, 14)
        layout.addWidget(
            page_header(
                _("Issues and write-offs"),
                _(
                    "Goods that left a hotel's store: issues to outlets, waste write-offs and "
                    "returns to suppliers. Open one to reprint its slip."
                ),
            )
        )
        today = clock.today()
        self.date_from = DateEdit(today - dt.timedelta(days=30))
        self.date_to = DateEdit(today)
        self.hotel = ChoiceCombo(all_text=_("All hotels"))
        self.kind = QComboBox()
        self.kind.addItem(_("All kinds"), None)
        for kind in StockDocumentKind:
            self.kind.addItem(label(kind), kind.value)
        bar = QHBoxLayout()
        bar.addWidget(QLabel(_("From")))
        bar.addWidget(self.date_from)
        bar.addWidget(QLabel(_("to")))
        bar.addWidget(self.date_to)
        bar.addWidget(self.hotel)
        bar.addWidget(self.kind)
        bar.addStretch(1)
        layout.addLayout(bar)

        self.model: LazyTableModel[StockDocumentRow] = LazyTableModel(
            COLUMNS,
            count=lambda: count_stock_documents(self.ctx.db, query=self.query()),
            fetch=lambda offset, limit: stock_document_rows(
                self.ctx.db, query=self.query(), offset=offset, limit=limit
            ),
            key=lambda r: r.id,
            parent=self,
        )
        self.table = QTableView()
        self.table.setModel(self.model)
        setup_table(self.table, COLUMNS, stretch=4)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.doubleClicked.connect(self._open_index)
        for key in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            QShortcut(
                key,
                self.table,
                activated=self.print_selected,
                context=Qt.ShortcutContext.WidgetShortcut,
            )
        layout.addWidget(self.table, 1)
        self.empty = QLabel(_("No issue, write-off or return in this period."))
        self.empty.setObjectName("pageSubtitle")
        self.empty.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.empty.hide()
        layout.addWidget(self.empty)

        self.count_label = QLabel()
        self.count_label.setObjectName("pageSubtitle")
        issue = QPushButton(theme.icon("tray-arrow-up"), _("Issue to outlet…"))
        issue.setToolTip(_("Issue goods to a kitchen, minibar, banquet or gift shop (Ctrl+I)"))
        waste = QPushButton(theme.icon("delete-variant"), _("Write off waste…"))
        give_back = QPushButton(theme.icon("truck-delivery"), _("Return to supplier…"))
        export_button = QPushButton(theme.icon("microsoft-excel"), _("Export…"))
        self.print_button = QPushButton(theme.icon("printer", "#ffffff"), _("Print slip…"))
        self.print_button.setProperty("primary", True)
        self.print_button.setToolTip(_("Reprint the slip of the selected document (Enter)"))
        actions = QHBoxLayout()
        actions.addWidget(self.count_label)
        actions.addStretch(1)
        for b in (issue, waste, give_back, export_button, self.print_button):
            actions.addWidget(b)
        for b in (issue, waste, give_back):
            allow(b, ctx, Role.STOREROOM)
        layout.addLayout(actions)
        QShortcut(
            QKeySequence("Ctrl+I"),
            self,
            activated=lambda: self.new_document(StockDocumentKind.ISSUE),
            context=Qt.ShortcutContext.WidgetWithChildrenShortcut,
        )
        issue.clicked.connect(lambda: self.new_document(StockDocumentKind.ISSUE))
        waste.clicked.connect(lambda: self.new_document(StockDocumentKind.WASTE))
        give_back.clicked.connect(lambda: self.new_document(StockDocumentKind.RETURN))
        export_button.clicked.connect(
            lambda: export_model(
                self.ctx, self.model, title=_("Issues and write-offs"), parent=self
            )
        )
        self.print_button.clicked.connect(self.print_selected)

        self._debounce = QTimer(self, singleShot=True, interval=250)
        self._debounce.timeout.connect(self.refresh)
        for edit in (self.date_from, self.date_to):
            edit.dateChanged.connect(lambda _d: self._debounce.start())
        self.hotel.currentIndexChanged.connect(lambda _i: self.refresh())
        self.kind.currentIndexChanged.connect(lambda _i: self.refresh())
        self._choices_loaded = False

    def query(self) -> StockDocumentQuery:
        kind = self.kind.currentData()
        return StockDocumentQuery(
            hotel_id=self.hotel.current_id(),
            kind=StockDocumentKind(kind) if kind else None,
            date_from=self.date_from.value(),
            date_to=self.date_to.value(),
        )

    def refresh(self) -> None:
        super().refresh()
        if not self._choices_loaded:
            self.hotel.blockSignals(True)
            self.hotel.set_choices([(h[0], h[2]) for h in hotel_choices(self.ctx.db)])
            self.hotel.blockSignals(False)
            self._choices_loaded = True
        self.model.reload()
        self.empty.setVisible(self.model.total == 0)
        self.count_label.setText(_("{n} documents").format(n=format_number(self.model.total)))
        if self.model.total:
            self.table.selectRow(0)
        self.print_button.setEnabled(self.model.total > 0)

    def selected_id(self) -> int | None:
        rows = self.table.selectionModel().selectedRows()
        return int(self.model.data(rows[0], ROW_KEY_ROLE)) if rows else None

    def _open_index(self, index: QModelIndex) -> None:
        self.table.selectRow(index.row())
        self.print_selected()

    def print_selected(self) -> None:
        from hotel_supply.ui.dialogs.stock_document import preview_stock_slip

        document_id = self.selected_id()
        if document_id is not None:
            preview_stock_slip(self.ctx, document_id, parent=self)

    def new_document(self, kind: StockDocumentKind) -> None:
        from hotel_supply.ui.dialogs.stock_document import StockDocumentDialog

        hotel_id = self.hotel.current_id() or self.ctx.prefs.last_hotel_id
        StockDocumentDialog(self.ctx, kind, hotel_id=hotel_id, parent=self).exec()
