"""The app's own print dialog and file dialogs: in Indonesian or English as chosen, and what
the clerk chooses (printer, copies, paper, pages) is what the printing system is sent."""

from __future__ import annotations

import io
import subprocess
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from pypdf import PdfReader
from PySide6.QtCore import Qt, QTimer
from PySide6.QtPrintSupport import QPrinter
from PySide6.QtWidgets import QApplication, QDialog, QFileDialog, QToolButton, QTreeView

from hotel_supply import i18n, print_queue
from hotel_supply.config import Preferences
from hotel_supply.documents.delivery_note import render_delivery_note
from hotel_supply.documents.styles import PAPERS
from hotel_supply.print_queue import PrintJob
from hotel_supply.services import settings as settings_service
from hotel_supply.ui import file_dialogs
from hotel_supply.ui.context import AppContext
from hotel_supply.ui.dialogs import print_dialog
from hotel_supply.ui.dialogs.print_dialog import PrintDialog, print_pdf_job, raster_print
from hotel_supply.ui.dialogs.print_preview import PrintPreviewDialog
from tests.documents.test_delivery_note import long_lines, make_note

F4_POINTS = (609.4, 935.4)
PRINTERS = ["Kantor F4", "Gudang"]


@pytest.fixture
def english() -> Iterator[None]:
    i18n.set_language("en")
    yield
    i18n.set_language("id")


@pytest.fixture
def printers(monkeypatch: pytest.MonkeyPatch) -> list[tuple[bytes, PrintJob]]:
    """Two CUPS printers; what is sent to them is kept instead of printed."""
    sent: list[tuple[bytes, PrintJob]] = []
    monkeypatch.setattr(print_dialog, "system_printers", lambda: (list(PRINTERS), PRINTERS[0]))
    monkeypatch.setattr(print_queue, "cups_queues", lambda: list(PRINTERS))

    def submit(pdf: bytes, job: PrintJob, *, title: str = "") -> str:
        sent.append((pdf, job))
        return "Kantor-1"

    monkeypatch.setattr(print_queue, "submit_pdf", submit)
    return sent


def sizes(pdf: bytes) -> set[tuple[float, float]]:
    return {(round(float(p.mediabox.width), 1), round(float(p.mediabox.height), 1))
            for p in PdfReader(io.BytesIO(pdf)).pages}


def texts(dialog: QDialog) -> set[str]:
    from PySide6.QtWidgets import QAbstractButton, QLabel

    found = {w.text() for w in dialog.findChildren(QLabel)}
    found |= {w.text() for w in dialog.findChildren(QAbstractButton)}
    return found | {dialog.windowTitle()}


def test_the_print_dialog_speaks_indonesian(qtbot, printers) -> None:
    dialog = PrintDialog(papers=PAPERS, paper="F4", page_count=3)
    qtbot.addWidget(dialog)
    shown = texts(dialog)
    for text in ("Cetak", "Printer", "Jumlah cetakan", "Kertas", "Rentang halaman",
                 "Semua halaman (3)", "Halaman", "Dialog sistem…", "Batal"):
        assert text in shown, text
    assert dialog.paper.currentText() == "F4 / Folio (215 × 330 mm)"
    assert dialog.printer.currentText() == "Kantor F4"


def test_the_print_dialog_speaks_english_when_english_is_chosen(qtbot, printers,
                                                                english) -> None:
    dialog = PrintDialog(papers=PAPERS, paper="A4", page_count=2)
    qtbot.addWidget(dialog)
    shown = texts(dialog)
    for text in ("Print", "Number of copies", "Paper", "Page range", "All pages (2)",
                 "System dialog…", "Cancel"):
        assert text in shown, text


def test_a_wrong_page_range_is_said_under_the_field_and_print_waits(qtbot, printers) -> None:
    dialog = PrintDialog(papers=PAPERS, paper="A4", page_count=2)
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.keyClicks(dialog.ranges, "3")
    assert dialog.some_pages.isChecked()
    assert dialog.range_error.isVisible() and "2 halaman" in dialog.range_error.text()
    assert not dialog.print_button.isEnabled()
    dialog.ranges.setText("2")
    assert dialog.print_button.isEnabled() and not dialog.range_error.isVisible()


def preview(qtbot: Any, db: Any, **kwargs: Any) -> PrintPreviewDialog:
    note = make_note(long_lines(40))
    ctx = AppContext(db, Preferences())
    dialog = PrintPreviewDialog(
        ctx, lambda size, copies: render_delivery_note(note, page_size=size, copies=copies),
        title="Surat jalan SJ/2026/00012", filename="sj", **kwargs)
    qtbot.addWidget(dialog)
    return dialog


def choose_in_print_dialog(**choices: Any) -> None:
    """When the print dialog opens: choose paper, copies and pages, then press Print."""
    def fill() -> None:
        dialog = QApplication.activeModalWidget()
        assert isinstance(dialog, PrintDialog)
        dialog.printer.setCurrentIndex(dialog.printer.findData(choices["printer"]))
        dialog.paper.setCurrentIndex(dialog.paper.findData(choices["paper"]))
        dialog.copies.setValue(choices["copies"])
        dialog.some_pages.setChecked(True)
        dialog.ranges.setText(choices["pages"])
        dialog.print_button.click()

    QTimer.singleShot(0, fill)


def test_the_chosen_paper_copies_and_pages_reach_the_printer(qtbot, sqlite_db,
                                                             printers) -> None:
    dialog = preview(qtbot, sqlite_db)
    assert dialog.size.currentData() == "A4"
    choose_in_print_dialog(printer="Gudang", paper="F4", copies=3, pages="2-3")
    dialog.print_document()

    (pdf, job), = printers
    assert job == PrintJob(printer="Gudang", copies=3, paper="F4", page_ranges="2-3")
    assert sizes(pdf) == {F4_POINTS}  # the document laid out for F4, not shrunk from A4
    assert dialog.size.currentData() == "F4"  # and the preview shows it


def test_the_preview_starts_on_the_office_default_paper(qtbot, sqlite_db) -> None:
    chosen = settings_service.load_settings(sqlite_db)
    chosen.name, chosen.default_paper = "Dinas Koperasi dan UKM", "F4"
    settings_service.save_settings(sqlite_db, settings=chosen)
    dialog = preview(qtbot, sqlite_db)
    assert dialog.size.currentData() == "F4"
    assert sizes(dialog.pdf) == {F4_POINTS}
    stock_slip = preview(qtbot, sqlite_db, sizes=("A5", "A4"))  # a document without F4
    assert stock_slip.size.currentData() == "A5"


def test_the_system_dialog_is_one_click_away_and_its_choices_come_back(
    qtbot, printers, monkeypatch
) -> None:
    opened: list[tuple[int, str | None]] = []  # what the system dialog opens with
    chosen: list[str] = []  # the printer left chosen there (Qt keeps only printers it knows)

    class SystemDialog:
        def __init__(self, printer: QPrinter, _parent: Any) -> None:
            self.printer = printer
            opened.append((printer.copyCount(), print_dialog.paper_of(
                printer.pageLayout().pageSize())))

        def setMinMax(self, low: int, high: int) -> None:
            assert (low, high) == (1, 4)

        def exec(self) -> QDialog.DialogCode:
            chosen.append(self.printer.printerName() or PRINTERS[0])
            self.printer.setCopyCount(2)
            self.printer.setPrintRange(QPrinter.PrintRange.PageRange)
            self.printer.setFromTo(2, 4)
            return QDialog.DialogCode.Accepted

    monkeypatch.setattr(print_dialog, "QPrintDialog", SystemDialog)
    dialog = PrintDialog(papers=PAPERS, paper="F4", page_count=4)
    qtbot.addWidget(dialog)
    dialog.system_button.click()
    assert opened == [(1, "F4")]
    assert dialog.result() == QDialog.DialogCode.Accepted
    assert dialog.job() == PrintJob(printer=chosen[0], copies=2, paper="F4", page_ranges="2-4")


def test_lp_is_asked_for_the_paper_copies_and_pages(monkeypatch) -> None:
    options = "PageSize/Media Size: *A4 A5 Letter F4 Legal\nDuplex/2-Sided: *None\n"
    monkeypatch.setattr(print_queue.shutil, "which", lambda name: f"/usr/bin/{name}")
    monkeypatch.setattr(print_queue, "_run", lambda args, data=None: options)
    job = PrintJob(printer="Kantor", copies=2, paper="F4", page_ranges="1-2, 4")
    assert print_queue.lp_command(job, title="SJ") == [
        "lp", "-d", "Kantor", "-n", "2", "-o", "media=F4", "-o", "page-ranges=1-2,4",
        "-o", "collate=true", "-t", "SJ", "--", "-"]
    monkeypatch.setattr(print_queue, "_run", lambda args, data=None: "PageSize: *A4 Letter\n")
    assert print_queue.media_for("Kantor", "F4") == "Custom.215x330mm"
    assert print_queue.media_for("Kantor", "A5") == "A5"


def test_without_cups_the_pages_are_drawn_on_the_chosen_paper(qtbot, tmp_path) -> None:
    pdf = render_delivery_note(make_note(long_lines(40)), page_size="F4")
    out = tmp_path / "drawn.pdf"

    def pdf_printer() -> QPrinter:
        printer = QPrinter(QPrinter.PrinterMode.ScreenResolution)
        printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
        printer.setOutputFileName(str(out))
        return printer

    raster_print(pdf, PrintJob(printer="", paper="F4", page_ranges="2-3"),
                 printer_factory=pdf_printer)
    drawn = PdfReader(out)
    assert len(drawn.pages) == 2
    width, height = (float(v) for v in drawn.pages[0].mediabox.upper_right)
    assert (round(width), round(height)) == (609, 935)


# ---------------------------------------------------------------------- a real CUPS queue


def file_queue() -> tuple[str, Path] | None:
    """A CUPS queue that writes its jobs to a file (``.ci/start-cups.sh`` adds one)."""
    for queue in print_queue.cups_queues():
        try:
            device = subprocess.run(["lpstat", "-v", queue], capture_output=True, text=True,
                                    timeout=10).stdout
        except (OSError, subprocess.TimeoutExpired):
            continue
        _head, _sep, uri = device.partition(": ")
        uri = uri.strip().removeprefix("file:")  # lpstat shows file:///x as ///x
        if uri.startswith("/"):
            return queue, Path("/" + uri.lstrip("/"))
    return None


def test_a_delivery_note_printed_through_cups_arrives_as_the_pdf_itself(qtbot) -> None:
    found = file_queue()
    if found is None:
        pytest.skip("no CUPS queue that writes to a file (.ci/start-cups.sh adds one)")
    queue, output = found
    output.unlink(missing_ok=True)
    pdf = render_delivery_note(make_note(long_lines(40)), page_size="F4", copies=("ASLI",))
    assert len(PdfReader(io.BytesIO(pdf)).pages) == 2

    job_id = print_pdf_job(pdf, PrintJob(printer=queue, paper="F4"), title="SJ/2026/00012")
    assert job_id.startswith(queue)
    assert print_queue.wait_for_job(job_id, timeout=30)

    printed = PdfReader(output)
    text = "\n".join(page.extract_text() for page in printed.pages)
    assert len(printed.pages) == 2
    assert "SJ/2026/00012" in text and "SURAT JALAN" in text
    assert output.stat().st_size < 1_000_000  # the pages as drawn, never as pictures


# ---------------------------------------------------------------------------- file dialogs


def file_dialog_texts(dialog: QFileDialog) -> dict[str, str]:
    label = QFileDialog.DialogLabel
    found = {name: dialog.labelText(getattr(label, name))
             for name in ("LookIn", "FileName", "FileType", "Accept", "Reject")}
    back = dialog.findChild(QToolButton, "backButton")
    found["back"] = back.toolTip() if back is not None else ""
    model = dialog.findChild(QTreeView, "treeView").model()
    found["columns"] = ", ".join(
        str(model.headerData(i, Qt.Orientation.Horizontal)) for i in range(4))
    return found


def test_file_dialogs_speak_indonesian(qtbot) -> None:
    dialog = file_dialogs.translated_dialog(None, "Simpan PDF", str(Path.home()),
                                            accept_label=i18n._("Save"))
    qtbot.addWidget(dialog)
    assert dialog.testOption(QFileDialog.Option.DontUseNativeDialog)
    assert file_dialog_texts(dialog) == {
        "LookIn": "Lihat di:", "FileName": "Nama berkas:", "FileType": "Jenis berkas:",
        "Accept": "Simpan", "Reject": "Batal", "back": "Kembali",
        "columns": "Nama, Ukuran, Jenis, Tanggal diubah"}


def test_file_dialogs_speak_english_when_english_is_chosen(qtbot, english) -> None:
    dialog = file_dialogs.translated_dialog(None, "Save PDF", str(Path.home()),
                                            accept_label=i18n._("Save"))
    qtbot.addWidget(dialog)
    assert file_dialog_texts(dialog) == {
        "LookIn": "Look in:", "FileName": "File name:", "FileType": "Files of type:",
        "Accept": "Save", "Reject": "Cancel", "back": "Back",
        "columns": "Name, Size, Type, Date Modified"}
