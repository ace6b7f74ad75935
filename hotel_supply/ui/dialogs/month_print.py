"""Month-end printing: one document in the preview, or a whole month into one folder."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from hotel_supply.documents.styles import FULL_SHEET
from hotel_supply.formatting import format_month
from hotel_supply.i18n import _
from hotel_supply.papers import PAPER_NAMES
from hotel_supply.progress import Cancelled, Progress
from hotel_supply.services.file_names import (
    hotel_recap_file_name,
    invoice_file_name_of,
    receipt_file_name,
    supplier_statement_file_name,
)
from hotel_supply.services.month_printing import MonthDocuments, print_month
from hotel_supply.ui import theme
from hotel_supply.ui.context import AppContext
from hotel_supply.ui.dialogs.print_preview import (
    PrintPreviewDialog,
    default_output_dir,
)
from hotel_supply.ui.file_dialogs import existing_folder
from hotel_supply.ui.widgets import show_error
from hotel_supply.ui.worker import run_with_progress

# --- one document in the preview ---------------------------------------------------------


def _preview(
    ctx: AppContext,
    make: Callable[[str], bytes],
    *,
    title: str,
    filename: str,
    parent: QWidget | None,
    sizes: tuple[str, ...] = FULL_SHEET,
) -> None:
    """Preview a document that has no copies to choose; ``make(paper)`` renders it."""
    dialog = PrintPreviewDialog(
        ctx,
        lambda size, _copies: make(size),
        title=title,
        filename=filename,
        sizes=sizes,
        with_copies=False,
        parent=parent,
    )
    dialog.exec()


def preview_invoice(ctx: AppContext, invoice_id: int, *, parent: QWidget | None = None) -> None:
    """The invoice or credit note as it prints (a draft prints marked as a draft)."""
    from hotel_supply.documents.invoice import render_invoice
    from hotel_supply.services.invoice_printing import invoice_data

    try:
        data = invoice_data(ctx.db, invoice_id=invoice_id)
    except Exception as exc:  # a domain error or a problem reading: say it, change nothing
        show_error(parent, exc)
        return
    kind = _("Credit note") if data.is_credit_note else _("Invoice")
    number = data.number or _("(draft)")
    _preview(
        ctx,
        lambda size: render_invoice(data, page_size=size),
        title=f"{kind} {number}",
        filename=invoice_file_name_of(ctx.db, invoice_id=invoice_id).removesuffix(".pdf"),
        parent=parent,
    )


def preview_receipt(ctx: AppContext, payment_id: int, *, parent: QWidget | None = None) -> None:
    """The kuitansi of one payment."""
    from hotel_supply.documents.payment_receipt import render_payment_receipt
    from hotel_supply.services.invoice_printing import payment_receipt_data

    try:
        data = payment_receipt_data(ctx.db, payment_id=payment_id)
    except Exception as exc:
        show_error(parent, exc)
        return
    _preview(
        ctx,
        lambda size: render_payment_receipt(data, page_size=size),
        title=_("Receipt {number}").format(number=data.number),
        filename=receipt_file_name(number=data.number).removesuffix(".pdf"),
        parent=parent,
        sizes=("A5", "A4", "F4"),
    )


def preview_hotel_recap(
    ctx: AppContext, hotel_id: int, year: int, month: int, *, parent: QWidget | None = None
) -> None:
    from hotel_supply.documents.hotel_recap import render_hotel_recap
    from hotel_supply.services.invoice_printing import hotel_recap_data

    try:
        data = hotel_recap_data(ctx.db, hotel_id=hotel_id, year=year, month=month)
    except Exception as exc:
        show_error(parent, exc)
        return
    _preview(
        ctx,
        lambda size: render_hotel_recap(data, page_size=size),
        title=_("Hotel recap {month}").format(month=format_month(year, month)),
        filename=hotel_recap_file_name(
            hotel_code=data.hotel.code, year=year, month=month
        ).removesuffix(".pdf"),
        parent=parent,
    )


def preview_supplier_statement(
    ctx: AppContext, supplier_id: int, year: int, month: int, *, parent: QWidget | None = None
) -> None:
    from hotel_supply.documents.supplier_statement import render_supplier_statement
    from hotel_supply.services.statement import supplier_statement_data

    try:
        data = supplier_statement_data(ctx.db, supplier_id=supplier_id, year=year, month=month)
    except Exception as exc:
        show_error(parent, exc)
        return
    _preview(
        ctx,
        lambda size: render_supplier_statement(data, page_size=size),
        title=_("Supplier statement {month}").format(month=format_month(year, month)),
        filename=supplier_statement_file_name(
            supplier_code=data.supplier.code, year=year, month=month
        ).removesuffix(".pdf"),
        parent=parent,
    )


# --- the whole month into a folder --------------------------------------------------------


def write_month(
    ctx: AppContext,
    docs: MonthDocuments,
    *,
    year: int,
    month: int,
    folder: Path,
    invoices: bool,
    recaps: bool,
    statements: bool,
    progress: Progress,
    paper: str = "A4",
) -> list[Path]:
    """Render and write each chosen document on ``paper`` (the month-printing service, its
    PDFs drawn on every core); no Qt, so it runs in the worker thread."""
    return print_month(
        ctx.db,
        docs,
        year=year,
        month=month,
        folder=folder,
        paper=paper,
        invoices=invoices,
        recaps=recaps,
        statements=statements,
        progress=progress,
    )


def _default_paper(ctx: AppContext) -> str:
    from hotel_supply.services.settings import load_settings

    try:
        return load_settings(ctx.db).default_paper
    except Exception:  # the dialog still opens, on A4
        return "A4"


class MonthPrintDialog(QDialog):
    """Choose what to print for the month and where; then write it all with a progress bar."""

    def __init__(
        self,
        ctx: AppContext,
        docs: MonthDocuments,
        *,
        year: int,
        month: int,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.docs = docs
        self.year, self.month = year, month
        self.written: list[Path] = []
        self.setWindowTitle(_("Print month {month}").format(month=format_month(year, month)))
        self.setMinimumWidth(560)
        layout = QVBoxLayout(self)
        intro = QLabel(
            _(
                "Every document of {month} is saved as a PDF in one folder, ready to print or send."
            ).format(month=format_month(year, month))
        )
        intro.setWordWrap(True)
        layout.addWidget(intro)
        form = QFormLayout()
        self.invoices = QCheckBox(_("Invoices and credit notes ({n})").format(n=len(docs.invoices)))
        self.recaps = QCheckBox(_("Each hotel's recap ({n})").format(n=len(docs.hotels)))
        self.statements = QCheckBox(
            _("Each supplier's statement ({n})").format(n=len(docs.suppliers))
        )
        for box in (self.invoices, self.recaps, self.statements):
            box.setChecked(True)
            form.addRow(box)
        folder = default_output_dir() / f"{year}-{month:02d}"
        self.folder = QLineEdit(str(folder))
        browse = QPushButton(theme.icon("folder-open-outline"), _("Choose…"))
        browse.clicked.connect(self._browse)
        row = QHBoxLayout()
        row.addWidget(self.folder, 1)
        row.addWidget(browse)
        form.addRow(_("Folder"), row)
        self.paper = QComboBox()
        for paper in FULL_SHEET:
            self.paper.addItem(PAPER_NAMES[paper], paper)
        self.paper.setCurrentIndex(max(0, self.paper.findData(_default_paper(ctx))))
        form.addRow(_("Paper"), self.paper)
        layout.addLayout(form)
        buttons = QDialogButtonBox()
        self.ok = buttons.addButton(_("Print month"), QDialogButtonBox.ButtonRole.AcceptRole)
        self.ok.setIcon(theme.icon("printer-outline", "#ffffff"))
        self.ok.setProperty("primary", True)
        buttons.addButton(_("Cancel"), QDialogButtonBox.ButtonRole.RejectRole)
        buttons.accepted.connect(self.run)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)

    def _browse(self) -> None:
        chosen = existing_folder(self, _("Folder"), self.folder.text())
        if chosen:
            self.folder.setText(chosen)

    def run(self) -> None:
        folder = Path(self.folder.text().strip()).expanduser()
        try:
            self.written = run_with_progress(
                self,
                _("Printing {month}…").format(month=format_month(self.year, self.month)),
                lambda progress: write_month(
                    self.ctx,
                    self.docs,
                    year=self.year,
                    month=self.month,
                    folder=folder,
                    invoices=self.invoices.isChecked(),
                    recaps=self.recaps.isChecked(),
                    statements=self.statements.isChecked(),
                    progress=progress,
                    paper=str(self.paper.currentData()),
                ),
            )
        except Cancelled:
            self.ctx.say(
                _("Printing stopped; the files written so far stay in {path}.").format(path=folder)
            )
            return
        except Exception as exc:
            show_error(self, exc)
            return
        self.ctx.say(_("{n} documents saved in {path}").format(n=len(self.written), path=folder))
        self.accept()
