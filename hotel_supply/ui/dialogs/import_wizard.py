"""File → Import…: bring an office's spreadsheet in, step by step.

1. the file, its sheet and what it holds; 2. the header row and which column
each field is read from (remembered per file layout on this PC); 3. a preview
of every row with its status and messages; 4. the import itself, with a
progress bar, and what it did. The wizard only shows: reading, planning and
writing are :mod:`hotel_supply.importing`'s.
"""

from __future__ import annotations

import contextlib
from enum import IntEnum
from pathlib import Path
from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtGui import QBrush, QColor
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QFormLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QSpinBox,
    QTableView,
    QTableWidget,
    QVBoxLayout,
    QWidget,
    QWizard,
    QWizardPage,
)

from hotel_supply.i18n import N_, _
from hotel_supply.importing.cleaning import read_text
from hotel_supply.importing.columns import (
    FIELDS,
    KIND_LABELS,
    Kind,
    Layout,
    detect_layout,
    headers_of,
    layout_signature,
    missing_required,
)
from hotel_supply.importing.plan import STATUS_LABELS, Plan, RowStatus
from hotel_supply.importing.runner import ImportRefused, Source, preview, run_import
from hotel_supply.importing.sheets import SUFFIXES, Sheet, column_letter, read_sheet, sheet_names
from hotel_supply.progress import Cancelled, Progress
from hotel_supply.services.errors import DomainError
from hotel_supply.ui import geometry
from hotel_supply.ui.context import AppContext
from hotel_supply.ui.file_dialogs import open_file_name
from hotel_supply.ui.widgets import show_error
from hotel_supply.ui.worker import run_with_progress

NOT_READ = -1
_STATUS_COLOURS = {RowStatus.NEW: "#E3F2E1", RowStatus.UPDATE: "#FFF4D6",
                   RowStatus.ERROR: "#F8DADA"}


class Column(IntEnum):
    ROW = 0
    STATUS = 1
    RECORD = 2
    MESSAGES = 3


_HEADERS = {Column.ROW: N_("Row"), Column.STATUS: N_("Status"), Column.RECORD: N_("Record"),
            Column.MESSAGES: N_("Messages")}


class PlanModel(QAbstractTableModel):
    """The preview's rows: the file's row number, status, record and messages."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.plan: Plan | None = None

    def set_plan(self, plan: Plan | None) -> None:
        self.beginResetModel()
        self.plan = plan
        self.endResetModel()

    def rowCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() or self.plan is None else len(self.plan.rows)

    def columnCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(Column)

    def headerData(self, section: int, orientation: Qt.Orientation,
                   role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return _(_HEADERS[Column(section)])
        return None

    def data(self, index: QModelIndex | QPersistentModelIndex,
             role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if self.plan is None or not index.isValid():
            return None
        row = self.plan.rows[index.row()]
        column = Column(index.column())
        if role == Qt.ItemDataRole.DisplayRole:
            return {Column.ROW: str(row.row_no), Column.STATUS: _(STATUS_LABELS[row.status]),
                    Column.RECORD: row.target,
                    Column.MESSAGES: " · ".join(row.messages)}[column]
        if role == Qt.ItemDataRole.ToolTipRole and column == Column.MESSAGES:
            return "\n".join(row.messages) or None
        if role == Qt.ItemDataRole.BackgroundRole and column == Column.STATUS:
            colour = _STATUS_COLOURS.get(row.status)
            return QBrush(QColor(colour)) if colour else None
        if role == Qt.ItemDataRole.TextAlignmentRole and column == Column.ROW:
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        return None


class FilePage(QWizardPage):
    def __init__(self, wizard: ImportWizard) -> None:
        super().__init__()
        self.wizard_ = wizard
        self.setTitle(_("Choose the file"))
        self.setSubTitle(_("An XLSX, XLS, ODS or CSV file as the office keeps it: title rows, "
                           "blank rows and a total row are fine."))
        form = QFormLayout(self)
        self.kind = QComboBox()
        for kind in Kind:
            self.kind.addItem(_(KIND_LABELS[kind]), str(kind))
        form.addRow(_("&What it holds:"), self.kind)
        row = QHBoxLayout()
        self.path = QLineEdit()
        self.path.setPlaceholderText(_("the spreadsheet file"))
        browse = QPushButton(_("&Browse…"))
        browse.clicked.connect(self.browse)
        row.addWidget(self.path, 1)
        row.addWidget(browse)
        file_label = QLabel(_("&File:"))  # a row of two widgets has no buddy of its own
        file_label.setBuddy(self.path)
        form.addRow(file_label, row)
        self.sheet = QComboBox()
        form.addRow(_("&Sheet:"), self.sheet)
        self.create_missing = QCheckBox(_("&Create the hotels, suppliers and products the rows "
                                          "name that do not exist yet"))
        form.addRow(self.create_missing)
        self.problem = QLabel()
        self.problem.setWordWrap(True)
        self.problem.setStyleSheet("color: #b00020;")
        form.addRow(self.problem)
        self.path.editingFinished.connect(self.load_sheets)
        self.sheet.currentIndexChanged.connect(self.completeChanged)

    def browse(self) -> None:
        patterns = " ".join(f"*{s}" for s in SUFFIXES)
        name = open_file_name(
            self, _("Import a spreadsheet"), "", _("Spreadsheets ({patterns})").format(
                patterns=patterns))
        if name:
            self.path.setText(name)
            self.load_sheets()

    def load_sheets(self) -> None:
        self.sheet.clear()
        self.problem.clear()
        text = self.path.text().strip()
        if not text:
            return
        try:
            names = sheet_names(Path(text))
        except DomainError as exc:
            self.problem.setText(exc.message)
            names = []
        self.sheet.addItems(names)
        self.completeChanged.emit()

    def isComplete(self) -> bool:
        return self.sheet.count() > 0

    def validatePage(self) -> bool:
        try:
            self.wizard_.load(Kind(self.kind.currentData()), Path(self.path.text().strip()),
                              self.sheet.currentText())
        except DomainError as exc:
            self.problem.setText(exc.message)
            return False
        return True


class MappingPage(QWizardPage):
    def __init__(self, wizard: ImportWizard) -> None:
        super().__init__()
        self.wizard_ = wizard
        self.setTitle(_("Check the columns"))
        self.setSubTitle(_("The row holding the column names, and which column each field is "
                           "read from. Your choice is remembered for files laid out the same "
                           "way."))
        box = QVBoxLayout(self)
        form = QFormLayout()
        self.header_row = QSpinBox()
        self.header_row.setRange(1, 1)
        form.addRow(_("&Header row:"), self.header_row)
        box.addLayout(form)
        self.table = QTableWidget(0, 3)
        self.table.setHorizontalHeaderLabels([_("Field"), _("Read from column"), _("First value")])
        self.table.verticalHeader().hide()
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(2, QHeaderView.ResizeMode.Stretch)
        box.addWidget(self.table, 1)
        self.problem = QLabel()
        self.problem.setWordWrap(True)
        self.problem.setStyleSheet("color: #b00020;")
        box.addWidget(self.problem)
        self.combos: dict[str, QComboBox] = {}
        self.header_row.valueChanged.connect(self.on_header_row)

    def initializePage(self) -> None:
        sheet = self.wizard_.sheet
        assert sheet is not None
        self.header_row.blockSignals(True)
        self.header_row.setRange(1, max(1, len(sheet.rows)))
        self.header_row.setValue(self.wizard_.layout_.header_row + 1
                                 if self.wizard_.layout_ else 1)
        self.header_row.blockSignals(False)
        self.fill(self.wizard_.layout_.mapping if self.wizard_.layout_ else {})

    def on_header_row(self, value: int) -> None:
        sheet = self.wizard_.sheet
        assert sheet is not None
        from hotel_supply.importing.columns import map_headers

        self.fill(map_headers(self.wizard_.kind, headers_of(sheet.rows, value - 1)))

    def fill(self, mapping: dict[str, int]) -> None:
        sheet = self.wizard_.sheet
        assert sheet is not None
        header_index = self.header_row.value() - 1
        headers = headers_of(sheet.rows, header_index)
        first = sheet.rows[header_index + 1] if header_index + 1 < len(sheet.rows) else []
        fields = FIELDS[self.wizard_.kind]
        self.table.setRowCount(len(fields))
        self.combos = {}
        for n, item in enumerate(fields):
            name = _(item.label) + (" *" if item.required else "")
            cell = self.table.item(n, 0)
            if cell is None:
                from PySide6.QtWidgets import QTableWidgetItem

                cell = QTableWidgetItem()
                self.table.setItem(n, 0, cell)
            cell.setText(name)
            combo = QComboBox()
            combo.addItem(_("— not read —"), NOT_READ)
            for index, header in enumerate(headers):
                combo.addItem(f"{column_letter(index)}: {header}" if header
                              else column_letter(index), index)
            chosen = mapping.get(item.key, NOT_READ)
            combo.setCurrentIndex(max(0, combo.findData(chosen)))
            combo.currentIndexChanged.connect(self.completeChanged)
            self.table.setCellWidget(n, 1, combo)
            self.combos[item.key] = combo
            value = read_text(first[chosen]) if 0 <= chosen < len(first) else ""
            from PySide6.QtWidgets import QTableWidgetItem

            self.table.setItem(n, 2, QTableWidgetItem(value))
        self.completeChanged.emit()

    def mapping(self) -> dict[str, int]:
        return {key: combo.currentData() for key, combo in self.combos.items()
                if combo.currentData() != NOT_READ}

    def isComplete(self) -> bool:
        missing = missing_required(self.wizard_.kind, self.mapping())
        self.problem.setText(_("Choose a column for: {fields}.").format(
            fields=", ".join(missing)) if missing else "")
        return not missing

    def validatePage(self) -> bool:
        self.wizard_.choose_layout(Layout(self.header_row.value() - 1, self.mapping()))
        return self.wizard_.make_preview()


class PreviewPage(QWizardPage):
    def __init__(self, wizard: ImportWizard) -> None:
        super().__init__()
        self.wizard_ = wizard
        self.setTitle(_("Preview"))
        self.setSubTitle(_("Every row of the file and what importing it does. Nothing is "
                           "written until you press Import."))
        box = QVBoxLayout(self)
        self.summary = QLabel()
        self.summary.setWordWrap(True)
        box.addWidget(self.summary)
        self.model = PlanModel(self)
        self.view = QTableView()
        self.view.setModel(self.model)
        self.view.setWordWrap(True)
        self.view.verticalHeader().hide()
        header = self.view.horizontalHeader()
        header.setSectionResizeMode(Column.MESSAGES, QHeaderView.ResizeMode.Stretch)
        box.addWidget(self.view, 1)
        self.valid_only = QCheckBox(_("Import only the &valid rows"))
        self.valid_only.toggled.connect(self.completeChanged)
        box.addWidget(self.valid_only)

    def initializePage(self) -> None:
        plan = self.wizard_.plan
        assert plan is not None
        self.model.set_plan(plan)
        self.view.resizeColumnToContents(Column.ROW)
        self.view.resizeColumnToContents(Column.STATUS)
        self.view.setColumnWidth(Column.RECORD, 260)
        if len(plan.rows) <= 2000:  # whole messages; past that the tooltip holds them
            self.view.resizeRowsToContents()
        lines = [plan.counts.summary(), *plan.warnings, *plan.created]
        if plan.rows and not plan.writes() and not plan.counts.errors:
            lines.append(_("Nothing to import: the data already hold every row as the file "
                           "has it."))
        self.summary.setText("\n".join(lines))
        self.valid_only.setChecked(False)
        self.valid_only.setVisible(plan.counts.errors > 0)

    def isComplete(self) -> bool:
        plan = self.wizard_.plan
        if plan is None or plan.warnings_block or not plan.writes():
            return False
        return plan.counts.errors == 0 or self.valid_only.isChecked()

    def validatePage(self) -> bool:
        return self.wizard_.run(valid_only=self.valid_only.isChecked())


class ResultPage(QWizardPage):
    def __init__(self) -> None:
        super().__init__()
        self.setTitle(_("Imported"))
        self.setSubTitle(_("The import is written, with one entry in the audit log."))
        box = QVBoxLayout(self)
        self.text = QLabel()
        self.text.setWordWrap(True)
        box.addWidget(self.text)
        box.addStretch(1)


class ImportWizard(QWizard):
    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.setWindowTitle(_("Import a spreadsheet"))
        self.setWizardStyle(QWizard.WizardStyle.ClassicStyle)
        self.setOption(QWizard.WizardOption.NoBackButtonOnLastPage, True)
        self.setOption(QWizard.WizardOption.NoCancelButtonOnLastPage, True)  # it is done
        self.kind = Kind.SUPPLIERS
        self.path = Path()
        self.sheet: Sheet | None = None
        self.layout_: Layout | None = None
        self.plan: Plan | None = None
        self.file_page = FilePage(self)
        self.mapping_page = MappingPage(self)
        self.preview_page = PreviewPage(self)
        self.result_page = ResultPage()
        for page in (self.file_page, self.mapping_page, self.preview_page, self.result_page):
            self.addPage(page)
        self.preview_page.setCommitPage(True)  # its button imports; there is no way back
        buttons = QWizard.WizardButton
        for which, text in ((buttons.BackButton, _("< &Back")),
                            (buttons.NextButton, _("&Next >")),
                            (buttons.CommitButton, _("&Import")),
                            (buttons.FinishButton, _("&Finish")),
                            (buttons.CancelButton, _("Cancel"))):
            self.setButtonText(which, text)  # Qt's own texts stay English otherwise
        geometry.fit_to_screen(self, 900, 600)

    # --- steps --------------------------------------------------------------------------

    def load(self, kind: Kind, path: Path, sheet: str) -> None:
        self.kind, self.path = kind, path
        self.sheet = read_sheet(path, sheet)
        detected = detect_layout(kind, self.sheet.rows)
        remembered = self._remembered(detected)
        self.layout_ = remembered or detected

    def _key(self, header_row: int) -> str:
        assert self.sheet is not None
        return layout_signature(self.kind, headers_of(self.sheet.rows, header_row))

    def _remembered(self, detected: Layout | None) -> Layout | None:
        if detected is None:
            return None
        saved = self.ctx.prefs.import_layouts.get(self._key(detected.header_row))
        if not saved:
            return None
        mapping = {str(k): int(v) for k, v in saved.get("mapping", {}).items()}
        return Layout(int(saved.get("header_row", detected.header_row)), mapping)

    def choose_layout(self, layout: Layout) -> None:
        self.layout_ = layout
        self.ctx.prefs.import_layouts[self._key(layout.header_row)] = {
            "header_row": layout.header_row, "mapping": dict(layout.mapping)}
        with contextlib.suppress(OSError):  # remembering is a convenience, not a must
            self.ctx.prefs.save()

    def source(self) -> Source:
        return Source(self.path, sheet=self.sheet.name if self.sheet else None,
                      layout=self.layout_)

    def make_preview(self) -> bool:
        try:
            self.plan = preview(self.ctx.db, self.kind, self.source(),
                                create_missing=self.file_page.create_missing.isChecked())
        except DomainError as exc:
            show_error(self, exc)
            return False
        return True

    def run(self, *, valid_only: bool) -> bool:
        def work(progress: Progress) -> Plan:
            return run_import(self.ctx.db, self.kind, self.source(),
                              create_missing=self.file_page.create_missing.isChecked(),
                              valid_only=valid_only, progress=progress)

        try:
            plan = run_with_progress(self, _("Importing…"), work)
        except Cancelled:
            return False
        except ImportRefused as exc:
            self.plan = exc.plan
            self.preview_page.initializePage()
            show_error(self, exc)
            return False
        except Exception as exc:
            show_error(self, exc)
            return False
        self.plan = plan
        self.result_page.text.setText(_("{file}: {summary}.").format(
            file=plan.file_name, summary=plan.counts.summary()))
        self.ctx.changed.emit({Kind.DELIVERIES: "delivery", Kind.PRICES: "price",
                               Kind.STANDING_ORDERS: "standing_order", Kind.HOTELS: "hotel",
                               Kind.PRODUCTS: "product"}.get(self.kind, "supplier"))
        return True
