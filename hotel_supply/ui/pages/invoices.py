"""Tagihan: the month's invoices, from drafts to issued and paid, and everything printed."""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import QModelIndex, Qt, QTimer
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
    QMenu,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from hotel_supply import clock
from hotel_supply.formatting import format_month, format_rupiah
from hotel_supply.i18n import N_, _
from hotel_supply.models.enums import InvoiceKind, InvoiceStatus, Role, label
from hotel_supply.progress import Cancelled, Progress
from hotel_supply.services.hotels import hotel_choices
from hotel_supply.services.invoice_balances import (
    InvoiceQuery,
    InvoiceRow,
    PaymentState,
    count_invoices,
    invoice_rows,
)
from hotel_supply.services.invoicing import (
    IssueResult,
    UnpostedDraftsError,
    draft_ids,
    generate_drafts,
    issue_invoices,
)
from hotel_supply.services.suppliers import supplier_choices
from hotel_supply.ui import theme
from hotel_supply.ui.context import AppContext
from hotel_supply.ui.dialogs.invoice import STATE_LABELS, InvoiceDialog
from hotel_supply.ui.export import export_model
from hotel_supply.ui.month_picker import MonthPicker, previous_month
from hotel_supply.ui.pages import Page
from hotel_supply.ui.pages.invoice_columns import COLUMNS
from hotel_supply.ui.permissions import allow
from hotel_supply.ui.table_model import RIGHT, ROW_ROLE, LazyTableModel, setup_table
from hotel_supply.ui.widgets import ChoiceCombo, DateEdit, confirm, page_header, show_error
from hotel_supply.ui.worker import run_with_progress

FOOTER_LIMIT = 5_000  # a month has at most hotels × suppliers invoices; sum them all below


class IssueDateDialog(QDialog):
    """Asks the issue date of the invoices about to be issued."""

    def __init__(self, count: int, year: int, month: int, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(_("Issue invoices"))
        self.setMinimumWidth(440)
        layout = QVBoxLayout(self)
        text = QLabel(
            _(
                "Issue {n} draft invoices of {month}? Each takes its number and can "
                "then only be corrected by a credit note."
            ).format(n=count, month=format_month(year, month))
        )
        text.setWordWrap(True)
        layout.addWidget(text)
        form = QFormLayout()
        today = clock.today()
        end = (dt.date(year, month, 1) + dt.timedelta(days=32)).replace(day=1)
        self.date = DateEdit(today if today >= end else end - dt.timedelta(days=1))
        form.addRow(_("Issue date"), self.date)
        layout.addLayout(form)
        buttons = QDialogButtonBox()
        ok = buttons.addButton(_("Issue"), QDialogButtonBox.ButtonRole.AcceptRole)
        ok.setProperty("primary", True)
        buttons.addButton(_("Cancel"), QDialogButtonBox.ButtonRole.RejectRole)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)


def ask_issue_date(parent: QWidget, count: int, year: int, month: int) -> dt.date | None:
    dialog = IssueDateDialog(count, year, month, parent)
    return dialog.date.value() if dialog.exec() else None


class InvoicesPage(Page):
    title = N_("Invoices")
    icon_name = "file-document-multiple-outline"
    watches = ("invoice", "delivery", "period")

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(ctx, parent)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(18, 14, 18, 14)
        layout.addWidget(
            page_header(
                _("Invoices"),
                _(
                    "Each supplier's monthly bill to each hotel: generate the drafts, issue them, "
                    "record payments, print the month."
                ),
            )
        )
        self.month = MonthPicker(previous_month(clock.today()))
        self.hotel = ChoiceCombo(all_text=_("All hotels"))
        self.supplier = ChoiceCombo(all_text=_("All suppliers"))
        self.status = QComboBox()
        self.status.addItem(_("Any status"), None)
        for s in (InvoiceStatus.DRAFT, InvoiceStatus.ISSUED):
            self.status.addItem(label(s), s)
        self.state = QComboBox()
        self.state.addItem(_("Any payment"), None)
        for st in PaymentState:
            self.state.addItem(_(STATE_LABELS[st]), st)
        self.search = QLineEdit()
        self.search.setPlaceholderText(_("Search number, hotel, supplier…"))
        self.search.setClearButtonEnabled(True)
        QShortcut(QKeySequence.StandardKey.Find, self, activated=self.search.setFocus)
        bar = QHBoxLayout()
        bar.addWidget(QLabel(_("Month")))
        bar.addWidget(self.month)
        for w in (self.hotel, self.supplier, self.status, self.state):
            bar.addWidget(w)
        bar.addWidget(self.search, 1)
        layout.addLayout(bar)

        self.banner = QLabel()
        self.banner.setObjectName("banner")
        self.banner.setWordWrap(True)
        self.banner.hide()
        layout.addWidget(self.banner)

        self.model: LazyTableModel[InvoiceRow] = LazyTableModel(
            COLUMNS,
            count=lambda: count_invoices(self.ctx.db, query=self.query()),
            fetch=lambda offset, limit: invoice_rows(
                self.ctx.db, query=self.query(), offset=offset, limit=limit
            ),
            key=lambda r: r.id,
        )
        self.table = QTableView()
        self.table.setModel(self.model)
        setup_table(self.table, COLUMNS)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        self.table.doubleClicked.connect(self._open_index)
        for key in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            QShortcut(key, self.table, activated=self.open_selected)
        layout.addWidget(self.table, 1)

        self.footer = QLabel()
        self.footer.setStyleSheet("font-weight: 600;")
        self.footer.setAlignment(RIGHT)
        self.footer.setWordWrap(True)
        layout.addWidget(self.footer)

        actions = QHBoxLayout()
        self.count_label = QLabel()
        self.count_label.setObjectName("pageSubtitle")
        self.generate_button = QPushButton(theme.icon("file-cog-outline"), _("Generate drafts…"))
        self.issue_button = QPushButton(theme.icon("file-check-outline"), _("Issue…"))
        self.pay_button = QPushButton(theme.icon("cash-plus"), _("Record payment…"))
        self.credit_button = QPushButton(theme.icon("file-undo-outline"), _("Credit note…"))
        self.print_button = QPushButton(theme.icon("printer"), _("Print…"))
        more = QPushButton(theme.icon("printer-outline"), _("Month documents"))
        menu = QMenu(more)
        menu.addAction(theme.icon("printer-outline"), _("Print month…"), self.print_month)
        menu.addAction(theme.icon("domain"), _("Hotel recap…"), self.hotel_recap)
        menu.addAction(
            theme.icon("store-outline"), _("Supplier statement…"), self.supplier_statement
        )
        more.setMenu(menu)
        export_button = QPushButton(theme.icon("microsoft-excel"), _("Export…"))
        open_button = QPushButton(theme.icon("folder-open-outline"), _("Open"))
        actions.addWidget(self.count_label)
        actions.addStretch(1)
        for b in (
            self.generate_button,
            self.issue_button,
            self.pay_button,
            self.credit_button,
            self.print_button,
            more,
            export_button,
            open_button,
        ):
            actions.addWidget(b)
        layout.addLayout(actions)
        for b in (self.generate_button, self.issue_button, self.pay_button, self.credit_button):
            allow(b, ctx, Role.FINANCE)
        self.generate_button.clicked.connect(self.generate)
        self.issue_button.clicked.connect(self.issue)
        self.pay_button.clicked.connect(self.record_payment)
        self.credit_button.clicked.connect(self.credit_note)
        self.print_button.clicked.connect(self.print_selected)
        export_button.clicked.connect(
            lambda: export_model(self.ctx, self.model, title=_("Invoices"), parent=self)
        )
        open_button.clicked.connect(self.open_selected)

        self._debounce = QTimer(self, singleShot=True, interval=250)
        self._debounce.timeout.connect(self.refresh)
        self.search.textChanged.connect(lambda _t: self._debounce.start())
        for combo in (self.hotel, self.supplier, self.status, self.state):
            combo.currentIndexChanged.connect(lambda _i: self.refresh())
        self.month.changed.connect(self.refresh)
        self._choices_loaded = False

    # --- list ----------------------------------------------------------------

    def query(self) -> InvoiceQuery:
        status = self.status.currentData()
        state = self.state.currentData()
        return InvoiceQuery(
            year=self.month.year(),
            month=self.month.month(),
            hotel_id=self.hotel.current_id(),
            supplier_id=self.supplier.current_id(),
            status=InvoiceStatus(status) if status else None,
            state=PaymentState(state) if state else None,
            text=self.search.text(),
            today=clock.today(),
        )

    def refresh(self) -> None:
        super().refresh()
        if not self._choices_loaded:
            self.hotel.set_choices([(h[0], h[2]) for h in hotel_choices(self.ctx.db, False)])
            self.supplier.set_choices(
                [(s[0], s[2]) for s in supplier_choices(self.ctx.db, active_only=False)]
            )
            self._choices_loaded = True
        self.model.reload()
        total = self.model.total
        self.count_label.setText(_("{n} invoices").format(n=f"{total:,}".replace(",", ".")))
        rows = self.model.loaded_rows()
        if total > len(rows):
            rows = invoice_rows(self.ctx.db, query=self.query(), limit=FOOTER_LIMIT)
        invoices = [r for r in rows if r.kind == InvoiceKind.INVOICE]
        self.footer.setText(
            _(
                "Subtotal {subtotal} · PPN {ppn} · total {total} · credited "
                "{credited} · paid {paid} · outstanding {outstanding}"
            ).format(
                subtotal=format_rupiah(sum(r.subtotal for r in invoices)),
                ppn=format_rupiah(sum(r.ppn for r in invoices)),
                total=format_rupiah(sum(r.total for r in invoices)),
                credited=format_rupiah(sum(r.credited for r in invoices)),
                paid=format_rupiah(sum(r.paid for r in invoices)),
                outstanding=format_rupiah(sum(r.outstanding for r in invoices if r.state)),
            )
        )

    def selected_rows(self) -> list[InvoiceRow]:
        indexes = self.table.selectionModel().selectedRows()
        return [self.model.data(i, ROW_ROLE) for i in sorted(indexes, key=lambda i: i.row())]

    def selected(self) -> InvoiceRow | None:
        rows = self.selected_rows()
        return rows[0] if rows else None

    def _say(self, text: str) -> None:
        self.banner.setText(text)
        self.banner.setVisible(bool(text))

    # --- drafts and issuing --------------------------------------------------

    def generate(self) -> None:
        year, month = self.month.year(), self.month.month()
        hotel_id = self.hotel.current_id()
        where = self.hotel.currentText() if hotel_id else _("all hotels")
        if not confirm(
            self,
            _(
                "Generate the draft invoices of {month} for {hotels}? Drafts "
                "not yet issued are made again from the deliveries."
            ).format(month=format_month(year, month), hotels=where),
            yes=_("Generate"),
            danger=True,
        ):
            return
        try:
            try:
                result = generate_drafts(self.ctx.db, year=year, month=month, hotel_id=hotel_id)
            except UnpostedDraftsError as exc:
                if not confirm(
                    self,
                    exc.message + "\n\n" + _("Generate without them?"),
                    yes=_("Generate without them"),
                    danger=True,
                ):
                    return
                result = generate_drafts(
                    self.ctx.db, year=year, month=month, hotel_id=hotel_id, ignore_unposted=True
                )
        except Exception as exc:
            show_error(self, exc)
            return
        message = _("{n} draft invoices made for {month} ({lines} lines), total {total}.").format(
            n=len(result.invoice_ids),
            month=format_month(year, month),
            lines=result.lines,
            total=format_rupiah(result.total),
        )
        self.ctx.notify("invoice", message)
        self.refresh()
        self._say(message)

    def issue(self) -> None:
        year, month = self.month.year(), self.month.month()
        ids = [
            r.id
            for r in self.selected_rows()
            if r.status == InvoiceStatus.DRAFT and r.kind == InvoiceKind.INVOICE
        ]
        if not ids:
            ids = draft_ids(self.ctx.db, year=year, month=month, hotel_id=self.hotel.current_id())
        if not ids:
            self._say(
                _("There are no draft invoices to issue for {month}.").format(
                    month=format_month(year, month)
                )
            )
            return
        issue_date = ask_issue_date(self, len(ids), year, month)
        if issue_date is None:
            return
        done: list[IssueResult] = []
        refused: list[tuple[int, str]] = []

        def work(progress: Progress) -> None:
            for i, invoice_id in enumerate(ids):
                progress.step(i, len(ids), _("Issuing {i} of {n}…").format(i=i + 1, n=len(ids)))
                ok, no = issue_invoices(
                    self.ctx.db, invoice_ids=[invoice_id], issue_date=issue_date
                )
                done.extend(ok)
                refused.extend(no)

        try:
            run_with_progress(self, _("Issuing invoices…"), work)
        except Cancelled:
            pass
        except Exception as exc:
            show_error(self, exc)
        message = _("{n} invoices issued, total {total}.").format(
            n=len(done), total=format_rupiah(sum(r.total for r in done))
        )
        if refused:
            message += (
                "\n"
                + _("{n} refused:").format(n=len(refused))
                + "\n"
                + "\n".join(f"• {text}" for _id, text in refused[:10])
            )
        self.ctx.notify("invoice", message.splitlines()[0])
        self.refresh()
        self._say(message)

    # --- one invoice ---------------------------------------------------------

    def _open_index(self, index: QModelIndex) -> None:
        self.table.selectRow(index.row())
        self.open_selected()

    def open_selected(self) -> None:
        row = self.selected()
        if row is not None:
            InvoiceDialog(self.ctx, row.id, row, parent=self).exec()
            self.refresh()

    def _issued_invoice(self) -> InvoiceRow | None:
        row = self.selected()
        if row is None or row.kind != InvoiceKind.INVOICE or row.status != InvoiceStatus.ISSUED:
            self._say(_("Choose an issued invoice first."))
            return None
        return row

    def record_payment(self) -> None:
        from hotel_supply.ui.dialogs.payment import PaymentDialog

        row = self._issued_invoice()
        if row is None:
            return
        if row.outstanding <= 0:
            self._say(_("{number} is already paid in full.").format(number=row.number))
            return
        if PaymentDialog(self.ctx, row, parent=self).exec():
            self.refresh()

    def credit_note(self) -> None:
        from hotel_supply.services.invoice_printing import invoice_data
        from hotel_supply.ui.dialogs.credit_note import CreditNoteDialog

        row = self._issued_invoice()
        if row is None:
            return
        try:
            data = invoice_data(self.ctx.db, invoice_id=row.id)
        except Exception as exc:
            show_error(self, exc)
            return
        if CreditNoteDialog(self.ctx, row.id, data, parent=self).exec():
            self.refresh()

    def print_selected(self) -> None:
        from hotel_supply.ui.dialogs.month_print import preview_invoice

        row = self.selected()
        if row is not None:
            preview_invoice(self.ctx, row.id, parent=self)

    # --- the month's documents -----------------------------------------------

    def _chosen_id(self, combo: ChoiceCombo, name: str | None) -> int | None:
        if combo.current_id() is not None:
            return combo.current_id()
        if name:
            index = combo.findText(name)
            if index >= 0:
                return combo.itemData(index)
        return None

    def hotel_recap(self) -> None:
        from hotel_supply.ui.dialogs.month_print import preview_hotel_recap

        row = self.selected()
        hotel_id = self._chosen_id(self.hotel, row.hotel_name if row else None)
        if hotel_id is None:
            self._say(_("Choose a hotel (in the filter or the list) first."))
            return
        preview_hotel_recap(self.ctx, hotel_id, self.month.year(), self.month.month(), parent=self)

    def supplier_statement(self) -> None:
        from hotel_supply.ui.dialogs.month_print import preview_supplier_statement

        row = self.selected()
        supplier_id = self._chosen_id(self.supplier, row.supplier_name if row else None)
        if supplier_id is None:
            self._say(_("Choose a supplier (in the filter or the list) first."))
            return
        preview_supplier_statement(
            self.ctx, supplier_id, self.month.year(), self.month.month(), parent=self
        )

    def print_month(self) -> None:
        from hotel_supply.ui.dialogs.month_print import MonthDocuments, MonthPrintDialog

        year, month = self.month.year(), self.month.month()
        rows = invoice_rows(
            self.ctx.db,
            query=InvoiceQuery(year=year, month=month, status=InvoiceStatus.ISSUED),
            limit=FOOTER_LIMIT,
        )
        hotels = {
            self.hotel.itemText(i): self.hotel.itemData(i)
            for i in range(self.hotel.count())
            if self.hotel.itemData(i) is not None
        }
        suppliers = {
            self.supplier.itemText(i): self.supplier.itemData(i)
            for i in range(self.supplier.count())
            if self.supplier.itemData(i) is not None
        }
        docs = MonthDocuments(
            invoices=tuple((r.id, r.number) for r in rows),
            hotels=tuple(
                sorted(
                    {(hotels[r.hotel_name], r.hotel_name) for r in rows if r.hotel_name in hotels},
                    key=lambda x: x[1],
                )
            ),
            suppliers=tuple(
                sorted(
                    {
                        (suppliers[r.supplier_name], r.supplier_name)
                        for r in rows
                        if r.supplier_name in suppliers
                    },
                    key=lambda x: x[1],
                )
            ),
        )
        if not docs.invoices:
            self._say(
                _("No invoice of {month} is issued yet.").format(month=format_month(year, month))
            )
            return
        MonthPrintDialog(self.ctx, docs, year=year, month=month, parent=self).exec()
