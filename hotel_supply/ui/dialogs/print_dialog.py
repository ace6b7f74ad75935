"""The app's own print dialog, in the chosen language (Qt ships no Indonesian for its own):
printer from the system's list, copies, paper, page range, orientation where the document
has a choice, and the system's dialog one button away.

:func:`print_pdf_job` sends the PDF itself to a CUPS printer (Linux, macOS); only where
there is no CUPS (Windows) are the pages drawn through ``QPrinter``.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

from PySide6.QtCore import QBuffer, QByteArray, QIODevice, QMarginsF, QRect, QSize, QSizeF, Qt
from PySide6.QtGui import QPageLayout, QPageSize, QPainter
from PySide6.QtPdf import QPdfDocument
from PySide6.QtPrintSupport import QPrintDialog, QPrinter, QPrinterInfo
from PySide6.QtWidgets import (
    QButtonGroup,
    QComboBox,
    QDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QRadioButton,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from hotel_supply import print_queue
from hotel_supply.i18n import _
from hotel_supply.papers import PAPER_NAMES
from hotel_supply.print_queue import PrintJob
from hotel_supply.ui import geometry

_PAGE_SIZES = {"A4": QPageSize.PageSizeId.A4, "A5": QPageSize.PageSizeId.A5}


def qt_page_size(paper: str) -> QPageSize:
    """The Qt page size of ``paper`` ("A4", "A5" or "F4")."""
    if paper.upper() == "F4":
        return QPageSize(QSizeF(215, 330), QPageSize.Unit.Millimeter, "F4",
                         QPageSize.SizeMatchPolicy.ExactMatch)
    return QPageSize(_PAGE_SIZES[paper.upper()])


def paper_of(size: QPageSize) -> str | None:
    """Which of our papers a Qt page size is (F4 within a millimetre), if any."""
    mm = size.size(QPageSize.Unit.Millimeter)
    for paper in ("A4", "A5", "F4"):
        ours = qt_page_size(paper).size(QPageSize.Unit.Millimeter)
        if abs(ours.width() - mm.width()) <= 1 and abs(ours.height() - mm.height()) <= 1:
            return paper
    return None


def system_printers() -> tuple[list[str], str]:
    """The printers this computer knows (Qt's list and the CUPS queues) and the default."""
    names = list(QPrinterInfo.availablePrinterNames())
    names += [q for q in print_queue.cups_queues() if q not in names]
    default = QPrinterInfo.defaultPrinterName() or print_queue.default_cups_queue() or ""
    return names, default


class PrintDialog(QDialog):
    """Choose printer, copies, paper, pages (and orientation if the document allows);
    ``job()`` is what was chosen. "System dialog…" opens the platform's own dialog with
    the same choices and takes back what is chosen there."""

    def __init__(self, *, papers: Sequence[str], paper: str, page_count: int,
                 orientation_choice: bool = False, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(_("Print"))
        self.page_count = max(1, page_count)
        geometry.fit_to_screen(self, 480, 250)
        layout = QVBoxLayout(self)
        form = QFormLayout()
        layout.addLayout(form)

        self.printer = QComboBox()
        names, default = system_printers()
        for name in names:
            self.printer.addItem(name, name)
        if default in names:
            self.printer.setCurrentIndex(names.index(default))
        self.no_printer = QLabel(_("This computer has no printer. Save the PDF instead, or "
                                   "add a printer in the system's settings."))
        self.no_printer.setWordWrap(True)
        self.no_printer.setObjectName("fieldError")
        self.no_printer.setVisible(not names)
        form.addRow(_("Printer"), self.printer)
        form.addRow(self.no_printer)

        self.copies = QSpinBox()
        self.copies.setRange(1, 99)
        self.copies.setMaximumWidth(80)
        form.addRow(_("Number of copies"), self.copies)

        self.paper = QComboBox()
        for name in papers:
            self.paper.addItem(PAPER_NAMES.get(name, name), name)
        self.paper.setCurrentIndex(max(0, self.paper.findData(paper)))
        form.addRow(_("Paper"), self.paper)

        self.orientation = QComboBox()
        self.orientation.addItem(_("Portrait"), False)
        self.orientation.addItem(_("Landscape"), True)
        if orientation_choice:
            form.addRow(_("Orientation"), self.orientation)
        else:
            self.orientation.hide()

        self.all_pages = QRadioButton(_("All pages ({n})").format(n=self.page_count))
        self.some_pages = QRadioButton(_("Pages"))
        self.all_pages.setChecked(True)
        group = QButtonGroup(self)
        group.addButton(self.all_pages)
        group.addButton(self.some_pages)
        self.ranges = QLineEdit()
        self.ranges.setPlaceholderText(_("e.g. 1-2, 4"))
        self.ranges.textEdited.connect(lambda _t: self.some_pages.setChecked(True))
        pages_row = QHBoxLayout()
        pages_row.addWidget(self.all_pages)
        pages_row.addWidget(self.some_pages)
        pages_row.addWidget(self.ranges, 1)
        form.addRow(_("Page range"), pages_row)
        self.range_error = QLabel()
        self.range_error.setObjectName("fieldError")
        self.range_error.setWordWrap(True)
        self.range_error.hide()
        form.addRow(self.range_error)

        buttons = QHBoxLayout()
        self.system_button = QPushButton(_("System dialog…"))
        self.system_button.setToolTip(_("The printer's own dialog, with every option the "
                                        "printer has"))
        self.print_button = QPushButton(_("Print"))
        self.print_button.setProperty("primary", True)
        self.print_button.setDefault(True)
        self.cancel_button = QPushButton(_("Cancel"))
        buttons.addWidget(self.system_button)
        buttons.addStretch(1)
        buttons.addWidget(self.print_button)
        buttons.addWidget(self.cancel_button)
        layout.addStretch(1)
        layout.addLayout(buttons)

        self.system_button.clicked.connect(self.open_system_dialog)
        self.print_button.clicked.connect(self.accept)
        self.cancel_button.clicked.connect(self.reject)
        self.ranges.textChanged.connect(self._check)
        self.some_pages.toggled.connect(self._check)
        self._check()

    def _range_text(self) -> str:
        return self.ranges.text() if self.some_pages.isChecked() else ""

    def _check(self) -> None:
        problem = print_queue.page_ranges_problem(self._range_text(), self.page_count)
        self.range_error.setText(problem)
        self.range_error.setVisible(bool(problem))
        self.print_button.setEnabled(not problem and self.printer.count() > 0)

    def job(self) -> PrintJob:
        """The printer, copies, paper, pages and orientation as chosen."""
        return PrintJob(
            printer=str(self.printer.currentData() or ""),
            copies=self.copies.value(),
            paper=str(self.paper.currentData()),
            page_ranges=self._range_text().replace(" ", ""),
            landscape=bool(self.orientation.currentData()) if not self.orientation.isHidden()
            else None,
        )

    def open_system_dialog(self) -> None:
        """The platform's print dialog, set to the choices made here; what is chosen there
        comes back here and the document prints."""
        job = self.job()
        printer = QPrinter(QPrinter.PrinterMode.HighResolution)
        if job.printer:
            printer.setPrinterName(job.printer)
        printer.setCopyCount(job.copies)
        printer.setPageSize(qt_page_size(job.paper))
        dialog = QPrintDialog(printer, self)
        dialog.setMinMax(1, self.page_count)
        if dialog.exec() != QDialog.DialogCode.Accepted:
            return
        name = printer.printerName()
        if name and self.printer.findData(name) < 0:
            self.printer.addItem(name, name)
        self.printer.setCurrentIndex(max(0, self.printer.findData(name)))
        self.copies.setValue(max(1, printer.copyCount()))
        paper = paper_of(printer.pageLayout().pageSize())
        if paper is not None and self.paper.findData(paper) >= 0:
            self.paper.setCurrentIndex(self.paper.findData(paper))
        if printer.printRange() == QPrinter.PrintRange.PageRange and printer.fromPage():
            self.some_pages.setChecked(True)
            self.ranges.setText(f"{printer.fromPage()}-{printer.toPage()}")
        self._check()
        if self.print_button.isEnabled():
            self.accept()


def ask_print_job(*, papers: Sequence[str], paper: str, page_count: int,
                  orientation_choice: bool = False,
                  parent: QWidget | None = None) -> PrintJob | None:
    """Show the print dialog; the job chosen, or ``None`` when it was cancelled."""
    dialog = PrintDialog(papers=papers, paper=paper, page_count=page_count,
                         orientation_choice=orientation_choice, parent=parent)
    if dialog.exec() != QDialog.DialogCode.Accepted:
        return None
    return dialog.job()


def print_pdf_job(pdf: bytes, job: PrintJob, *, title: str = "") -> str:
    """Print ``pdf`` as ``job`` says: the PDF itself to a CUPS queue, or, where CUPS does
    not know the printer (Windows), each page drawn through ``QPrinter``. Returns the
    CUPS job id (empty when drawn)."""
    if job.printer in print_queue.cups_queues():
        return print_queue.submit_pdf(pdf, job, title=title)
    raster_print(pdf, job)
    return ""


def raster_print(pdf: bytes, job: PrintJob,
                 *, printer_factory: Callable[[], QPrinter] | None = None) -> None:
    """The fallback: draw each chosen page onto a ``QPrinter`` at its resolution."""
    printer = printer_factory() if printer_factory else QPrinter(
        QPrinter.PrinterMode.HighResolution)
    if job.printer:
        printer.setPrinterName(job.printer)
    printer.setCopyCount(job.copies)
    orientation = (QPageLayout.Orientation.Landscape if job.landscape
                   else QPageLayout.Orientation.Portrait)
    printer.setPageLayout(QPageLayout(qt_page_size(job.paper), orientation, QMarginsF()))
    printer.setFullPage(True)
    buffer = QBuffer()
    buffer.setData(QByteArray(pdf))
    buffer.open(QIODevice.OpenModeFlag.ReadOnly)
    document = QPdfDocument()
    document.load(buffer)
    painter = QPainter()
    if not painter.begin(printer):
        raise print_queue.PrintFailed(_("The printer {name} cannot be opened.").format(
            name=job.printer or "?"))
    try:
        dpi = printer.resolution()
        for n, page in enumerate(print_queue.pages_of(job.page_ranges, document.pageCount())):
            if n:
                printer.newPage()
            size_pt = document.pagePointSize(page - 1)
            target = QSize(int(size_pt.width() / 72 * dpi), int(size_pt.height() / 72 * dpi))
            image = document.render(page - 1, target)
            scaled = target.scaled(painter.viewport().size(), Qt.AspectRatioMode.KeepAspectRatio)
            painter.drawImage(QRect(0, 0, scaled.width(), scaled.height()), image)
    finally:
        painter.end()
        document.close()
