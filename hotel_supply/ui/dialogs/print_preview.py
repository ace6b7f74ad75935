"""Preview a PDF in the app, print it through the app's print dialog, or save it."""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QBuffer, QByteArray, QIODevice, Qt
from PySide6.QtGui import QKeySequence
from PySide6.QtPdf import QPdfDocument
from PySide6.QtPdfWidgets import QPdfView
from PySide6.QtWidgets import (
    QApplication,
    QComboBox,
    QDialog,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from hotel_supply import config
from hotel_supply.i18n import _
from hotel_supply.papers import FULL_SHEET, PAPERS
from hotel_supply.services.settings import load_settings
from hotel_supply.ui import geometry, theme
from hotel_supply.ui.context import AppContext
from hotel_supply.ui.dialogs.print_dialog import PAPER_NAMES, ask_print_job, print_pdf_job
from hotel_supply.ui.file_dialogs import save_file_name
from hotel_supply.ui.widgets import show_error

Renderer = Callable[[str, tuple[str, ...]], bytes]  # (page size, copies) -> PDF bytes

COPY_CHOICES: list[tuple[str, tuple[str, ...]]] = [
    ("Original and copy (ASLI + SALINAN)", ("ASLI", "SALINAN")),
    ("Original only (ASLI)", ("ASLI",)),
    ("Copy only (SALINAN)", ("SALINAN",)),
]


def safe_filename(text: str) -> str:
    return re.sub(r"[^A-Za-z0-9_.-]+", "-", text).strip("-") or "document"


class PrintPreviewDialog(QDialog):
    """Shows the PDF a renderer makes; the paper and copies can be changed in place. A
    full-sheet document (``sizes`` starting with A4) starts on the office's default paper
    (Settings); a half-sheet one (the stock slip, the kuitansi: A5 first) on A5."""

    def __init__(self, ctx: AppContext, render: Renderer, *, title: str, filename: str,
                 sizes: tuple[str, ...] = FULL_SHEET, with_copies: bool = True,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.render = render
        self.filename = safe_filename(filename)
        self.pdf = b""
        self.setWindowTitle(title)
        geometry.fit_to_screen(self, 900, 1000)
        layout = QVBoxLayout(self)
        bar = QHBoxLayout()
        self.size = QComboBox()
        for s in sizes:
            self.size.addItem(PAPER_NAMES.get(s, s), s)
        self.size.setCurrentIndex(max(0, self.size.findData(self._default_paper(sizes))))
        self.copies = QComboBox()
        for text, copies in COPY_CHOICES:
            self.copies.addItem(_(text), copies)
        self.copies.setVisible(with_copies)
        self.pages = QLabel()
        print_button = QPushButton(theme.icon("printer", "#ffffff"), _("Print…"))
        print_button.setProperty("primary", True)
        print_button.setShortcut(QKeySequence.StandardKey.Print)
        save_button = QPushButton(theme.icon("file-pdf-box"), _("Save PDF…"))
        save_button.setShortcut(QKeySequence.StandardKey.Save)
        close = QPushButton(_("Close"))
        bar.addWidget(QLabel(_("Paper")))
        bar.addWidget(self.size)
        if with_copies:
            bar.addWidget(QLabel(_("Copies")))
        bar.addWidget(self.copies)
        bar.addWidget(self.pages)
        bar.addStretch(1)
        bar.addWidget(save_button)
        bar.addWidget(print_button)
        bar.addWidget(close)
        layout.addLayout(bar)
        self.document = QPdfDocument(self)
        self.view = QPdfView(self)
        self.view.setPageMode(QPdfView.PageMode.MultiPage)
        self.view.setZoomMode(QPdfView.ZoomMode.FitToWidth)
        self.view.setDocument(self.document)
        layout.addWidget(self.view, 1)
        self._buffer: QBuffer | None = None
        self.size.currentIndexChanged.connect(self.refresh)
        self.copies.currentIndexChanged.connect(self.refresh)
        print_button.clicked.connect(self.print_document)
        save_button.clicked.connect(self.save_document)
        close.clicked.connect(self.accept)
        self.refresh()

    def _default_paper(self, sizes: tuple[str, ...]) -> str:
        try:
            paper = load_settings(self.ctx.db).default_paper
        except Exception:  # the preview still opens on the document's own first paper
            paper = sizes[0]
        return paper if sizes[0] == "A4" and paper in sizes else sizes[0]

    def refresh(self) -> None:
        QApplication.setOverrideCursor(Qt.CursorShape.WaitCursor)
        try:
            self.pdf = self.render(self.size.currentData(), tuple(self.copies.currentData()))
        except Exception as exc:
            QApplication.restoreOverrideCursor()
            show_error(self, exc)
            return
        QApplication.restoreOverrideCursor()
        self.document.close()
        self._buffer = QBuffer(self)
        self._buffer.setData(QByteArray(self.pdf))
        self._buffer.open(QIODevice.OpenModeFlag.ReadOnly)
        self.document.load(self._buffer)
        self.pages.setText(_("{n} page(s)").format(n=self.document.pageCount()))

    def save_document(self) -> None:
        start = str(Path.home() / f"{self.filename}.pdf")
        path, _filter = save_file_name(self, _("Save PDF"), start, "PDF (*.pdf)")
        if not path:
            return
        try:
            Path(path).write_bytes(self.pdf)
        except OSError as exc:
            show_error(self, exc)
            return
        self.ctx.say(_("Saved {path}").format(path=path))

    def print_document(self) -> None:
        """Ask printer, copies, paper and pages in the app's own dialog, then print; a paper
        other than the previewed one is shown in the preview too."""
        sizes = tuple(self.size.itemData(i) for i in range(self.size.count()))
        job = ask_print_job(papers=sizes, paper=self.size.currentData(),
                            page_count=self.document.pageCount(), parent=self)
        if job is None:
            return
        if job.paper != self.size.currentData():
            self.size.setCurrentIndex(self.size.findData(job.paper))  # renders it again
        try:
            print_pdf_job(self.pdf, job, title=self.windowTitle())
        except Exception as exc:
            show_error(self, exc)
            return
        self.ctx.say(_("Sent to {printer}.").format(printer=job.printer))


def preview_delivery_note(ctx: AppContext, delivery_id: int, *,
                          parent: QWidget | None = None) -> None:
    from hotel_supply.documents.delivery_note import render_delivery_note
    from hotel_supply.services.file_names import delivery_note_file_name
    from hotel_supply.services.printing import delivery_note_data

    data = delivery_note_data(ctx.db, delivery_id=delivery_id)

    def render(size: str, copies: tuple[str, ...]) -> bytes:
        return render_delivery_note(data, page_size=size, copies=copies)

    title = _("Delivery note {number}").format(number=data.number or _("(draft)"))
    name = delivery_note_file_name(number=data.number, supplier_code=data.supplier.code,
                                   day=data.delivery_date)
    dialog = PrintPreviewDialog(ctx, render, title=title, filename=name.removesuffix(".pdf"),
                                sizes=PAPERS, parent=parent)
    dialog.exec()


def default_output_dir() -> Path:
    return config.data_dir() / "documents"
