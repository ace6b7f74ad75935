"""One invoice as issued: parties, lines, totals, what was credited and paid; and what can
be done with it (print, record a payment, correct it with a credit note)."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QDialog,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QTableView,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from hotel_supply import clock
from hotel_supply.formatting import format_date, format_month, format_qty, format_rupiah
from hotel_supply.i18n import N_, _
from hotel_supply.models.enums import InvoiceKind, InvoiceStatus, Role, label
from hotel_supply.services.invoice_balances import (
    InvoiceQuery,
    InvoiceRow,
    PaymentState,
    invoice_rows,
)
from hotel_supply.services.payments import PaymentRow, payments_of
from hotel_supply.ui import geometry, theme
from hotel_supply.ui.context import AppContext
from hotel_supply.ui.permissions import allow
from hotel_supply.ui.table_model import RIGHT, Column, ListTableModel, setup_table

STATE_LABELS = {
    PaymentState.UNPAID: N_("Unpaid"),
    PaymentState.PARTLY_PAID: N_("Partly paid"),
    PaymentState.PAID: N_("Paid in full"),
    PaymentState.OVERDUE: N_("Overdue"),
    PaymentState.OVERPAID: N_("Overpaid: refund due"),
}
STATE_COLORS = {
    PaymentState.UNPAID: theme.WARN,
    PaymentState.PARTLY_PAID: theme.ACCENT,
    PaymentState.PAID: theme.OK,
    PaymentState.OVERDUE: theme.BAD,
    PaymentState.OVERPAID: theme.BAD,
}


def state_text(row: InvoiceRow) -> str:
    if row.state is not None:
        return _(STATE_LABELS[row.state])
    return label(row.status)


def find_row(
    ctx: AppContext,
    invoice_id: int,
    number: str,
    kind: InvoiceKind,
    year: int | None = None,
    month: int | None = None,
) -> InvoiceRow | None:
    """The invoice's list row (balances as of today), found by its number or month."""
    query = InvoiceQuery(
        year=None if number else year,
        month=None if number else month,
        kind=kind,
        text=number,
        today=clock.today(),
    )
    offset = 0
    while True:
        rows = invoice_rows(ctx.db, query=query, offset=offset, limit=500)
        for row in rows:
            if row.id == invoice_id:
                return row
        if len(rows) < 500:
            return None
        offset += 500


LINE_COLUMNS: list[Column[Any]] = [
    Column(N_("Date"), lambda x: format_date(x.delivery_date), width=90),
    Column(N_("Delivery note"), lambda x: x.delivery_number, width=140),
    Column(N_("Product"), lambda x: x.product_name, width=260),
    Column(N_("Quantity"), lambda x: format_qty(x.quantity), align=RIGHT, width=80),
    Column(N_("Unit"), lambda x: x.unit, width=60),
    Column(N_("Price"), lambda x: format_rupiah(x.unit_price), align=RIGHT, width=110),
    Column(N_("Amount"), lambda x: format_rupiah(x.amount), align=RIGHT, width=120),
]
PAYMENT_COLUMNS: list[Column[PaymentRow]] = [
    Column(N_("Number"), lambda p: p.number, width=140),
    Column(N_("Paid on"), lambda p: format_date(p.paid_on), width=100),
    Column(N_("Amount"), lambda p: format_rupiah(p.amount), align=RIGHT, width=130),
    Column(N_("Method"), lambda p: label(p.method), width=140),
    Column(N_("Reference"), lambda p: p.reference, width=200),
    Column(N_("Recorded by"), lambda p: p.created_by, width=120),
]
CREDIT_COLUMNS: list[Column[InvoiceRow]] = [
    Column(N_("Number"), lambda r: r.number, width=140),
    Column(N_("Date"), lambda r: format_date(r.issue_date), width=100),
    Column(N_("Subtotal"), lambda r: format_rupiah(r.subtotal), align=RIGHT, width=120),
    Column(N_("PPN"), lambda r: format_rupiah(r.ppn), align=RIGHT, width=110),
    Column(N_("Total"), lambda r: format_rupiah(r.total), align=RIGHT, width=130),
]


class InvoiceDialog(QDialog):
    """An invoice or credit note; ``changed`` is True once a payment or credit was made."""

    def __init__(
        self,
        ctx: AppContext,
        invoice_id: int,
        row: InvoiceRow | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.invoice_id = invoice_id
        self.row = row
        self.data: Any = None
        self.setMinimumSize(860, 520)
        geometry.fit_to_screen(self, 1180, 760)
        self._build()
        self.load()

    def _build(self) -> None:
        layout = QVBoxLayout(self)
        top = QHBoxLayout()
        heads = QVBoxLayout()
        self.title = QLabel()
        self.title.setObjectName("pageTitle")
        self.subtitle = QLabel()
        self.subtitle.setObjectName("pageSubtitle")
        heads.addWidget(self.title)
        heads.addWidget(self.subtitle)
        top.addLayout(heads, 1)
        self.status_label = QLabel()
        top.addWidget(self.status_label, 0, Qt.AlignmentFlag.AlignTop)
        layout.addLayout(top)

        grid = QGridLayout()
        grid.setHorizontalSpacing(24)
        self.issuer = QLabel()
        self.customer = QLabel()
        self.dates = QLabel()
        for w in (self.issuer, self.customer, self.dates):
            w.setWordWrap(True)
            w.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
            w.setAlignment(Qt.AlignmentFlag.AlignTop | Qt.AlignmentFlag.AlignLeft)
        for c, (caption, w) in enumerate(
            (
                (_("Supplier (issuer)"), self.issuer),
                (_("Billed to"), self.customer),
                (_("Dates"), self.dates),
            )
        ):
            head = QLabel(caption)
            head.setObjectName("cardLabel")
            grid.addWidget(head, 0, c)
            grid.addWidget(w, 1, c)
            grid.setColumnStretch(c, 1)
        layout.addLayout(grid)

        self.tabs = QTabWidget()
        self.lines_model: ListTableModel[Any] = ListTableModel(LINE_COLUMNS, key=lambda x: id(x))
        self.lines_table = QTableView()
        self.lines_table.setModel(self.lines_model)
        setup_table(self.lines_table, LINE_COLUMNS, stretch=2)
        self.payments_model: ListTableModel[PaymentRow] = ListTableModel(
            PAYMENT_COLUMNS, key=lambda p: p.id
        )
        self.payments_table = QTableView()
        self.payments_table.setModel(self.payments_model)
        setup_table(self.payments_table, PAYMENT_COLUMNS, stretch=4)
        self.payments_table.doubleClicked.connect(lambda _i: self.print_receipt())
        self.credits_model: ListTableModel[InvoiceRow] = ListTableModel(
            CREDIT_COLUMNS, key=lambda r: r.id
        )
        self.credits_table = QTableView()
        self.credits_table.setModel(self.credits_model)
        setup_table(self.credits_table, CREDIT_COLUMNS)
        self.credits_table.doubleClicked.connect(lambda _i: self.open_credit_note())
        payments_box = QWidget()
        pl = QVBoxLayout(payments_box)
        pl.setContentsMargins(0, 6, 0, 0)
        pl.addWidget(self.payments_table, 1)
        self.receipt_button = QPushButton(theme.icon("receipt-text-outline"), _("Reprint receipt…"))
        self.receipt_button.clicked.connect(self.print_receipt)
        pl.addLayout(_right(self.receipt_button))
        self.tabs.addTab(self.lines_table, _("Lines"))
        self.tabs.addTab(payments_box, _("Payments"))
        self.tabs.addTab(self.credits_table, _("Credit notes"))
        layout.addWidget(self.tabs, 1)
        self.lines_missing = QLabel()
        self.lines_missing.setObjectName("banner")
        self.lines_missing.setWordWrap(True)
        self.lines_missing.hide()
        layout.addWidget(self.lines_missing)

        sums = QGridLayout()
        sums.setHorizontalSpacing(18)
        self.sum_labels: dict[str, QLabel] = {}
        captions = (
            ("subtotal", N_("Subtotal")),
            ("dpp", N_("DPP (tax base)")),
            ("ppn", N_("PPN")),
            ("total", N_("Total")),
            ("credited", N_("Credited")),
            ("paid", N_("Paid")),
            ("outstanding", N_("Outstanding")),
        )
        for i, (key, caption) in enumerate(captions):
            head = QLabel(_(caption))
            head.setObjectName("cardLabel")
            value = QLabel()
            value.setAlignment(RIGHT)
            value.setStyleSheet("font-weight: 600; font-size: 11pt;")
            sums.addWidget(head, 0, i, alignment=RIGHT)
            sums.addWidget(value, 1, i)
            self.sum_labels[key] = value
        layout.addLayout(sums)

        buttons = QHBoxLayout()
        self.credit_button = QPushButton(theme.icon("file-undo-outline"), _("Credit note…"))
        self.print_button = QPushButton(theme.icon("printer"), _("Print…"))
        self.pay_button = QPushButton(theme.icon("cash-plus", "#ffffff"), _("Record payment…"))
        self.pay_button.setProperty("primary", True)
        for button in (self.credit_button, self.pay_button):  # the accounts' acts
            allow(button, self.ctx, Role.FINANCE)
        close = QPushButton(_("Close"))
        buttons.addStretch(1)
        for b in (self.credit_button, self.print_button, self.pay_button, close):
            buttons.addWidget(b)
        layout.addLayout(buttons)
        self.credit_button.clicked.connect(self.credit_note)
        self.print_button.clicked.connect(self.print_invoice)
        self.pay_button.clicked.connect(self.record_payment)
        close.clicked.connect(self.accept)

    # --- loading -------------------------------------------------------------

    def load(self) -> None:
        self.data = None
        try:
            from hotel_supply.services.invoice_printing import invoice_data

            self.data = invoice_data(self.ctx.db, invoice_id=self.invoice_id)
        except Exception as exc:  # shown in place: the header and balances still help
            self.lines_missing.setText(
                _("The invoice's lines cannot be shown: {error}").format(error=exc)
            )
            self.lines_missing.show()
        else:
            self.lines_missing.hide()
        if self.row is not None and self.row.number:
            self.row = (
                find_row(self.ctx, self.invoice_id, self.row.number, self.row.kind) or self.row
            )
        elif self.row is None and self.data is not None and self.data.number:
            self.row = find_row(
                self.ctx, self.invoice_id, self.data.number, InvoiceKind(self.data.kind)
            )
        row = self.row
        if row is None and self.data is None:
            self.title.setText(_("The invoice no longer exists."))
            return
        data = self.data
        is_credit = (row.kind == InvoiceKind.CREDIT_NOTE) if row else data.is_credit_note
        kind = _("Credit note") if is_credit else _("Invoice")
        number = (row.number if row else data.number) or _("DRAFT")
        self.setWindowTitle(f"{kind} {number}")
        self.title.setText(f"{kind} {number}")
        year, month = (row.year, row.month) if row else (data.year, data.month)
        supplier = row.supplier_name if row else data.supplier.name
        hotel = row.hotel_name if row else data.hotel.name
        sub = f"{supplier}  →  {hotel} · {format_month(year, month)}"
        if row and row.corrects_number:
            sub += " · " + _("corrects {number}").format(number=row.corrects_number)
        self.subtitle.setText(sub)
        if row is not None:
            text = state_text(row)
            color = (
                STATE_COLORS[row.state]
                if row.state
                else (theme.ACCENT if row.status == InvoiceStatus.DRAFT else theme.MUTED)
            )
            self.status_label.setText(text)
            self.status_label.setStyleSheet(
                f"color: white; background: {color}; border-radius: 4px; padding: 4px 10px;"
                " font-weight: 600;"
            )
        if data is not None:
            self.issuer.setText(
                "\n".join(
                    x
                    for x in (
                        data.supplier.name,
                        data.supplier.address,
                        _("NPWP {npwp}").format(npwp=data.supplier.npwp)
                        if data.supplier.npwp
                        else "",
                        data.supplier_bank,
                    )
                    if x
                )
            )
            self.customer.setText(
                "\n".join(
                    x
                    for x in (
                        data.hotel.name,
                        data.hotel.address,
                        _("NPWP {npwp}").format(npwp=data.hotel.npwp) if data.hotel.npwp else "",
                    )
                    if x
                )
            )
            self.lines_model.set_rows(list(data.lines))
        else:
            self.issuer.setText(supplier)
            self.customer.setText(hotel)
        issue = row.issue_date if row else data.issue_date
        due = row.due_date if row else data.due_date
        self.dates.setText(
            _("Issued {issue}\nDue {due}").format(
                issue=format_date(issue) or "—", due=format_date(due) or "—"
            )
        )

        subtotal = row.subtotal if row else data.subtotal
        ppn = row.ppn if row else data.ppn
        total = row.total if row else data.total
        values = {
            "subtotal": subtotal,
            "dpp": data.tax_base if data and data.tax_base else None,
            "ppn": ppn,
            "total": total,
            "credited": row.credited if row else 0,
            "paid": row.paid if row else 0,
            "outstanding": row.outstanding if row else total,
        }
        for key, value in values.items():
            self.sum_labels[key].setText(format_rupiah(value) if value is not None else "—")
        overdue = row is not None and row.state in (PaymentState.OVERDUE, PaymentState.OVERPAID)
        self.sum_labels["outstanding"].setStyleSheet(
            f"font-weight: 600; font-size: 11pt; color: {theme.BAD if overdue else theme.ACCENT};"
        )

        issued_invoice = (
            row is not None
            and row.kind == InvoiceKind.INVOICE
            and row.status == InvoiceStatus.ISSUED
        )
        self.payments_model.set_rows(
            payments_of(self.ctx.db, invoice_id=self.invoice_id) if issued_invoice else []
        )
        credits = []
        if issued_invoice and row is not None:
            credits = invoice_rows(
                self.ctx.db,
                query=InvoiceQuery(kind=InvoiceKind.CREDIT_NOTE, corrects_invoice_id=row.id),
                limit=500,
            )
        self.credits_model.set_rows(credits)
        self.tabs.setTabText(1, _("Payments ({n})").format(n=self.payments_model.total))
        self.tabs.setTabText(2, _("Credit notes ({n})").format(n=self.credits_model.total))
        self.pay_button.setVisible(not is_credit)
        self.credit_button.setVisible(not is_credit)
        refund_due = issued_invoice and row is not None and row.outstanding < 0
        self.pay_button.setText(_("Record refund…") if refund_due else _("Record payment…"))
        self.pay_button.setEnabled(issued_invoice and row is not None and row.outstanding != 0)
        self.credit_button.setEnabled(issued_invoice and data is not None)
        self.receipt_button.setEnabled(self.payments_model.total > 0)

    # --- actions -------------------------------------------------------------

    def record_payment(self) -> None:
        from hotel_supply.ui.dialogs.payment import PaymentDialog

        if self.row is None:
            return
        refund = self.row.outstanding < 0
        if PaymentDialog(self.ctx, self.row, parent=self, refund=refund).exec():
            self.load()

    def credit_note(self) -> None:
        from hotel_supply.ui.dialogs.credit_note import CreditNoteDialog

        if self.data is None:
            return
        if CreditNoteDialog(self.ctx, self.invoice_id, self.data, parent=self).exec():
            self.load()

    def print_invoice(self) -> None:
        from hotel_supply.ui.dialogs.month_print import preview_invoice

        preview_invoice(self.ctx, self.invoice_id, parent=self)

    def print_receipt(self) -> None:
        from hotel_supply.ui.dialogs.month_print import preview_receipt

        rows = self.payments_table.selectionModel().selectedRows()
        if not rows and self.payments_model.total == 1:
            payment = self.payments_model.row_at(0)
        elif rows:
            payment = self.payments_model.row_at(rows[0].row())
        else:
            return
        preview_receipt(self.ctx, payment.id, parent=self)

    def open_credit_note(self) -> None:
        rows = self.credits_table.selectionModel().selectedRows()
        if rows:
            note = self.credits_model.row_at(rows[0].row())
            InvoiceDialog(self.ctx, note.id, note, parent=self).exec()


def _right(*widgets: QWidget) -> QHBoxLayout:
    layout = QHBoxLayout()
    layout.addStretch(1)
    for w in widgets:
        layout.addWidget(w)
    return layout
