"""Jejak audit (administrators): who did what and when, filtered; the document an entry
is about opened; the list exported; and the chain checked from its first entry."""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import QModelIndex, Qt, QTimer
from PySide6.QtWidgets import (
    QCheckBox,
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
from hotel_supply.formatting import format_number
from hotel_supply.i18n import N_, _
from hotel_supply.progress import Cancelled
from hotel_supply.services import audit_log
from hotel_supply.services.audit_log import AuditFilter, AuditLine
from hotel_supply.ui import theme
from hotel_supply.ui.context import AppContext
from hotel_supply.ui.export import export_model
from hotel_supply.ui.pages import Page
from hotel_supply.ui.table_model import RIGHT, ROW_ROLE, Column, LazyTableModel, setup_table
from hotel_supply.ui.widgets import DateEdit, page_header, show_error

COLUMNS: list[Column[AuditLine]] = [
    Column(N_("No."), lambda e: str(e.seq), raw=lambda e: e.seq, align=RIGHT, width=70),
    Column(N_("Time"), lambda e: e.at.strftime("%d/%m/%Y %H:%M:%S"), raw=lambda e: e.at,
           width=160),
    Column(N_("Account"), lambda e: e.username, width=100),
    Column(N_("Action"), lambda e: e.action_text, width=130),
    Column(N_("About"), lambda e: e.entity_text, width=170),
    Column(N_("What changed"), lambda e: e.details),
]
DETAILS_COLUMN = 5


class AuditPage(Page):
    title = N_("Audit trail")
    icon_name = "shield-search"
    watches = ("*",)
    admin_only = True

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(ctx, parent)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(18, 14, 18, 14)
        layout.addWidget(page_header(
            _("Audit trail"),
            _("Every write, by whom and when, newest first. Entries can never be changed; "
              "“Verify chain” shows whether anyone changed them outside the app.")))

        self.account = QComboBox()
        self.account.setMinimumContentsLength(12)
        self.action = QComboBox()
        self.action.setMinimumContentsLength(14)
        self.use_dates = QCheckBox(_("From"))
        today = clock.today()
        self.start = DateEdit(today - dt.timedelta(days=30))
        self.end = DateEdit(today)
        self.search = QLineEdit()
        self.search.setPlaceholderText(_("Document number, name or what…"))
        self.search.setClearButtonEnabled(True)
        self.search.setMinimumWidth(200)
        filters = QHBoxLayout()
        filters.addWidget(QLabel(_("Account")))
        filters.addWidget(self.account)
        filters.addWidget(QLabel(_("Action")))
        filters.addWidget(self.action)
        filters.addWidget(self.use_dates)
        filters.addWidget(self.start)
        filters.addWidget(QLabel(_("to")))
        filters.addWidget(self.end)
        filters.addWidget(self.search, 1)
        layout.addLayout(filters)

        self.model: LazyTableModel[AuditLine] = LazyTableModel(
            COLUMNS, count=lambda: audit_log.count(self.ctx.db, self.query()),
            fetch=self._fetch, key=lambda e: e.id, window=audit_log.PAGE, parent=self)
        self.table = QTableView()
        self.table.setModel(self.model)
        setup_table(self.table, COLUMNS, stretch=DETAILS_COLUMN)
        self.table.doubleClicked.connect(self._open_index)
        self.table.selectionModel().selectionChanged.connect(lambda *_a: self._selected_changed())
        layout.addWidget(self.table, 1)
        self.detail = QLabel()
        self.detail.setWordWrap(True)
        self.detail.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.detail.setMaximumHeight(60)
        layout.addWidget(self.detail)

        self.chain_label = QLabel()
        self.chain_label.setWordWrap(True)
        self.chain_label.hide()
        layout.addWidget(self.chain_label)

        actions = QHBoxLayout()
        self.count_label = QLabel()
        self.count_label.setObjectName("pageSubtitle")
        self.verify_button = QPushButton(theme.icon("link-variant"), _("Verify chain"))
        self.verify_button.setToolTip(_("Check every entry from the first: were any changed "
                                        "or deleted outside the app?"))
        self.export_button = QPushButton(theme.icon("microsoft-excel"), _("Export XLSX…"))
        self.open_button = QPushButton(theme.icon("folder-open-outline"), _("Open document"))
        self.open_button.setToolTip(_("Open the delivery, invoice, payment, stock document or "
                                      "count the entry is about (Enter)"))
        actions.addWidget(self.count_label)
        actions.addStretch(1)
        for button in (self.verify_button, self.export_button, self.open_button):
            actions.addWidget(button)
        layout.addLayout(actions)
        self.verify_button.clicked.connect(self.verify_chain)
        self.export_button.clicked.connect(
            lambda: export_model(self.ctx, self.model, title=_("Audit trail"), parent=self))
        self.open_button.clicked.connect(self.open_selected)

        self._debounce = QTimer(self, singleShot=True, interval=300)
        self._debounce.timeout.connect(self.reload)
        self.search.textChanged.connect(lambda _t: self._debounce.start())
        for combo in (self.account, self.action):
            combo.currentIndexChanged.connect(lambda _i: self.reload())
        self.use_dates.toggled.connect(self._dates_toggled)
        self.start.dateChanged.connect(lambda _d: self._debounce.start())
        self.end.dateChanged.connect(lambda _d: self._debounce.start())
        self.start.setEnabled(False)
        self.end.setEnabled(False)

    # --- filters -------------------------------------------------------------

    def query(self) -> AuditFilter:
        dated = self.use_dates.isChecked()
        return AuditFilter(
            username=str(self.account.currentData() or ""),
            action=str(self.action.currentData() or ""),
            start=self.start.value() if dated else None,
            end=self.end.value() if dated else None,
            text=self.search.text().strip(),
        )

    def _dates_toggled(self, on: bool) -> None:
        self.start.setEnabled(on)
        self.end.setEnabled(on)
        self._debounce.start()

    def _load_choices(self) -> None:
        for combo, values, all_text, show in (
            (self.account, audit_log.usernames(self.ctx.db), _("All accounts"), str),
            (self.action, audit_log.actions(self.ctx.db), _("All actions"),
             audit_log.action_name),
        ):
            current = combo.currentData()
            combo.blockSignals(True)
            combo.clear()
            combo.addItem(all_text, "")
            for value in values:
                combo.addItem(show(value), value)
            combo.setCurrentIndex(max(0, combo.findData(current)))
            combo.blockSignals(False)

    # --- the list ------------------------------------------------------------

    def _fetch(self, offset: int, limit: int) -> list[AuditLine]:
        """By key: the entries older than the last one shown (the offset is the rows loaded)."""
        before = self.model.row_at(offset - 1).seq if offset else None
        return audit_log.entries(self.ctx.db, self.query(), before_seq=before, limit=limit)

    def refresh(self) -> None:
        super().refresh()
        self._load_choices()
        self.reload()

    def reload(self) -> None:
        try:
            self.model.reload()
        except Exception as exc:
            show_error(self, exc)
            return
        self.count_label.setText(_("{n} entries").format(n=format_number(self.model.total)))
        self._selected_changed()

    def selected(self) -> AuditLine | None:
        rows = self.table.selectionModel().selectedRows()
        if not rows:
            return None
        row = self.model.data(rows[0], ROW_ROLE)
        return row if isinstance(row, AuditLine) else None

    def _selected_changed(self) -> None:
        line = self.selected()
        self.open_button.setEnabled(line is not None and line.document_kind is not None)
        self.detail.setText("" if line is None else
                            f"{line.entity_text} — {line.action_text}: {line.details}")

    # --- opening the document ------------------------------------------------

    def _open_index(self, index: QModelIndex) -> None:
        self.table.selectRow(index.row())
        self.open_selected()

    def open_selected(self) -> None:
        line = self.selected()
        if line is None:
            return
        try:
            ref = audit_log.document_of(self.ctx.db, line)
            if ref is None:
                self.ctx.say(_("This entry is not about a document."))
                return
            self.open_document(ref)
        except Exception as exc:
            show_error(self, exc)

    def open_document(self, ref: audit_log.DocumentRef) -> None:
        """Open the document as its own page does."""
        if ref.kind == "delivery":
            from hotel_supply.ui.dialogs.delivery import DeliveryDialog

            DeliveryDialog(self.ctx, ref.id, parent=self).exec()
        elif ref.kind == "invoice":
            from hotel_supply.ui.dialogs.invoice import InvoiceDialog

            InvoiceDialog(self.ctx, ref.id, parent=self).exec()
        elif ref.kind == "stock_count":
            from hotel_supply.ui.dialogs.stock_count import StockCountDialog

            StockCountDialog(self.ctx, ref.id, parent=self).exec()
        elif ref.kind == "stock_document":
            from hotel_supply.ui.dialogs.stock_document import preview_stock_slip

            preview_stock_slip(self.ctx, ref.id, parent=self)

    # --- the chain -----------------------------------------------------------

    def verify_chain(self) -> None:
        from hotel_supply.ui.worker import run_with_progress

        try:
            check = run_with_progress(
                self, _("Checking the audit trail…"),
                lambda progress: audit_log.verify_chain(self.ctx.db, progress=progress))
        except Cancelled:
            return
        except Exception as exc:
            show_error(self, exc)
            return
        self.show_chain(check)

    def show_chain(self, check: audit_log.ChainCheck) -> None:
        self.chain_label.setText(check.sentence())
        self.chain_label.setStyleSheet(
            f"font-weight: 600; color: {theme.OK if check.ok else theme.BAD};")
        self.chain_label.show()
        self.ctx.say(check.sentence())
        if check.broken is not None:
            # show the broken entry in the list: its number, whatever the filters were
            self.search.blockSignals(True)
            self.search.clear()
            self.search.blockSignals(False)
            self.account.setCurrentIndex(0)
            self.action.setCurrentIndex(0)
            self.use_dates.setChecked(False)
            self.reload()
            for i, line in enumerate(self._rows_until(check.broken.seq)):
                if line.seq == check.broken.seq:
                    self.table.selectRow(i)
                    self.table.scrollTo(self.model.index(i, 0))
                    break

    def _rows_until(self, seq: int) -> list[AuditLine]:
        while self.model.canFetchMore() and (
                not self.model.loaded_rows() or self.model.loaded_rows()[-1].seq > seq):
            self.model.fetchMore()
        return self.model.loaded_rows()
