"""A table that types like a spreadsheet, for the grids a clerk types lines into (receiving,
issues, write-offs, returns, counts).

- Enter takes what is typed and moves down, in the same column;
- Tab and Shift+Tab go to the next or previous cell that can be typed in, skipping
  read-only and hidden columns and wrapping to the next row;
- typing on a selected cell starts editing it with that character;
- a cell whose text could not be read keeps the cursor: its model answers
  :data:`TYPING_ERROR_ROLE` with the reason (and shows the cell red, with the reason as
  its tooltip), the dialog says it under the table, and no message box takes the focus.
"""

from __future__ import annotations

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtGui import QKeyEvent, QShowEvent
from PySide6.QtWidgets import (
    QAbstractItemDelegate,
    QAbstractItemView,
    QAbstractSpinBox,
    QHeaderView,
    QLineEdit,
    QStyledItemDelegate,
    QTableView,
    QWidget,
)

AnyIndex = QModelIndex | QPersistentModelIndex
# a model answers this role with why the text typed in the cell could not be read ("" if it
# could); the cursor stays on such a cell when Enter or Tab is pressed
TYPING_ERROR_ROLE = int(Qt.ItemDataRole.UserRole) + 77

Hint = QAbstractItemDelegate.EndEditHint
Move = QAbstractItemView.CursorAction


class SpreadsheetTable(QTableView):
    """Enter moves down, Tab moves to the next editable cell, typing starts editing."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectItems)
        self.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.setEditTriggers(
            QAbstractItemView.EditTrigger.AnyKeyPressed
            | QAbstractItemView.EditTrigger.DoubleClicked
            | QAbstractItemView.EditTrigger.EditKeyPressed
        )
        self.setTabKeyNavigation(True)
        self.setAlternatingRowColors(True)
        self.verticalHeader().setDefaultSectionSize(26)

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        self.widen_to_headers()

    def widen_to_headers(self) -> None:
        """No column narrower than its header ("Hasil hitung" whole, not "asil hitung"):
        the widths a dialog sets are for English and Indonesian alike."""
        header = self.horizontalHeader()
        for col in range(header.count()):
            if (header.isSectionHidden(col)
                    or header.sectionResizeMode(col) != QHeaderView.ResizeMode.Interactive):
                continue
            need = header.sectionSizeHint(col)
            if header.sectionSize(col) < need:
                header.resizeSection(col, need)

    # --- where the cursor goes -------------------------------------------------

    def editable_cell(self, index: AnyIndex, *, forward: bool) -> QModelIndex:
        """The next (or previous) visible cell after ``index`` that can be typed in, row by
        row; an invalid index when there is none."""
        model = self.model()
        if model is None:
            return QModelIndex()
        rows, cols = model.rowCount(), model.columnCount()
        if not rows or not cols:
            return QModelIndex()
        header = self.horizontalHeader()
        order = [header.logicalIndex(v) for v in range(cols)]
        order = [c for c in order if not self.isColumnHidden(c)]
        if not order:
            return QModelIndex()
        row = index.row() if index.isValid() else (-1 if forward else rows)
        pos = order.index(index.column()) if index.isValid() and index.column() in order else (
            -1 if forward else len(order))
        step = 1 if forward else -1
        for _guard in range(rows * len(order) + 1):
            pos += step
            if pos >= len(order):
                pos, row = 0, row + 1
            elif pos < 0:
                pos, row = len(order) - 1, row - 1
            if row < 0 or row >= rows:
                return QModelIndex()
            if self.isRowHidden(row):
                continue
            candidate = model.index(row, order[pos])
            if candidate.flags() & Qt.ItemFlag.ItemIsEditable:
                return candidate
        return QModelIndex()

    def cell_below(self, index: AnyIndex) -> QModelIndex:
        """The cell of the next visible row in the same column (``index`` on the last row)."""
        model = self.model()
        if model is None or not index.isValid():
            return QModelIndex()
        for row in range(index.row() + 1, model.rowCount()):
            if not self.isRowHidden(row):
                return model.index(row, index.column())
        return QModelIndex(index)

    def moveCursor(self, cursorAction: Move, modifiers: Qt.KeyboardModifier) -> QModelIndex:
        if cursorAction in (Move.MoveNext, Move.MovePrevious):
            found = self.editable_cell(self.currentIndex(),
                                       forward=cursorAction == Move.MoveNext)
            return found if found.isValid() else self.currentIndex()
        return super().moveCursor(cursorAction, modifiers)

    def typing_error(self, index: AnyIndex) -> str:
        return str(index.data(TYPING_ERROR_ROLE) or "") if index.isValid() else ""

    # --- keys ------------------------------------------------------------------

    def closeEditor(self, editor: QWidget, hint: Hint) -> None:
        """Enter moves down; Enter or Tab on a cell whose text could not be read stays."""
        index = self.currentIndex()
        if hint in (Hint.SubmitModelCache, Hint.EditNextItem, Hint.EditPreviousItem) and (
            self.typing_error(index)
        ):
            super().closeEditor(editor, Hint.NoHint)
            self.setFocus()
            return
        if hint == Hint.SubmitModelCache:
            super().closeEditor(editor, Hint.NoHint)
            self.setCurrentIndex(self.cell_below(index))
            self.setFocus()
            return
        super().closeEditor(editor, hint)

    def keyPressEvent(self, event: QKeyEvent) -> None:
        plain = not (event.modifiers() & ~Qt.KeyboardModifier.KeypadModifier)
        if (event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter) and plain
                and self.state() != QAbstractItemView.State.EditingState):
            # Enter on a cell not being typed in moves down, like a spreadsheet; it never
            # reaches the dialog's buttons
            index = self.currentIndex()
            if index.isValid() and not self.typing_error(index):
                self.setCurrentIndex(self.cell_below(index))
            event.accept()
            return
        super().keyPressEvent(event)


class SpreadsheetDelegate(QStyledItemDelegate):
    """Cell editors that start with the cell's text selected, so the first key typed
    replaces it, as in a spreadsheet."""

    def setEditorData(self, editor: QWidget, index: AnyIndex) -> None:
        super().setEditorData(editor, index)
        if isinstance(editor, QLineEdit | QAbstractSpinBox):
            editor.selectAll()

