"""A lazy, read-only table model over a service's count and window-of-rows functions.

Columns are declared once (header, how to show a row, alignment, raw value for
sorting); rows are fetched in windows as the view scrolls (``canFetchMore`` /
``fetchMore``), so a list of a million rows opens as fast as one of ten.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any, Generic, TypeVar

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtGui import QBrush, QColor

from hotel_supply.i18n import _

Row = TypeVar("Row")
ROW_KEY_ROLE = Qt.ItemDataRole.UserRole + 1  # the row's id
RAW_VALUE_ROLE = Qt.ItemDataRole.UserRole + 2  # Decimal/date/int behind the text, for sorting
ROW_ROLE = Qt.ItemDataRole.UserRole + 3  # the row object itself

RIGHT = Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter
LEFT = Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter
CENTER = Qt.AlignmentFlag.AlignCenter

AnyIndex = QModelIndex | QPersistentModelIndex


@dataclass(frozen=True)
class Column(Generic[Row]):
    header: str  # English msgid; translated when shown
    text: Callable[[Row], str]
    raw: Callable[[Row], Any] | None = None
    align: Qt.AlignmentFlag = LEFT
    width: int | None = None  # initial width in pixels; None: fit contents
    color: Callable[[Row], str | None] | None = None  # text colour, e.g. for a status


class LazyTableModel(QAbstractTableModel, Generic[Row]):
    """Rows of one list screen; ``reload()`` after a filter change or a write."""

    def __init__(
        self,
        columns: Sequence[Column[Row]],
        *,
        count: Callable[[], int],
        fetch: Callable[[int, int], list[Row]],
        key: Callable[[Row], int],
        window: int = 200,
        parent: Any = None,
    ) -> None:
        super().__init__(parent)
        self.columns = list(columns)
        self._count = count
        self._fetch = fetch
        self._key = key
        self._window = window
        self._rows: list[Row] = []
        self._total = 0

    # --- loading -------------------------------------------------------------

    def reload(self) -> None:
        self.beginResetModel()
        self._total = self._count()
        self._rows = self._fetch(0, min(self._window, self._total)) if self._total else []
        self.endResetModel()

    @property
    def total(self) -> int:
        return self._total

    def canFetchMore(self, parent: AnyIndex = QModelIndex()) -> bool:  # noqa: B008
        return not parent.isValid() and len(self._rows) < self._total

    def fetchMore(self, parent: AnyIndex = QModelIndex()) -> None:  # noqa: B008
        if parent.isValid():
            return
        more = self._fetch(len(self._rows), self._window)
        if not more:
            self._total = len(self._rows)
            return
        first = len(self._rows)
        self.beginInsertRows(QModelIndex(), first, first + len(more) - 1)
        self._rows.extend(more)
        self.endInsertRows()

    def replace_row(self, row: Row) -> None:
        """Refresh one row by its key after a change, without resetting the view."""
        k = self._key(row)
        for i, existing in enumerate(self._rows):
            if self._key(existing) == k:
                self._rows[i] = row
                self.dataChanged.emit(self.index(i, 0), self.index(i, len(self.columns) - 1))
                return

    def row_at(self, index: int) -> Row:
        return self._rows[index]

    def loaded_rows(self) -> list[Row]:
        return list(self._rows)

    # --- Qt model ------------------------------------------------------------

    def rowCount(self, parent: AnyIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: AnyIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.columns)

    def headerData(self, section: int, orientation: Qt.Orientation,
                   role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if orientation != Qt.Orientation.Horizontal or not 0 <= section < len(self.columns):
            return None
        col = self.columns[section]
        if role == Qt.ItemDataRole.DisplayRole:
            return _(col.header)
        if role == Qt.ItemDataRole.TextAlignmentRole:
            return int(col.align)
        return None

    def data(self, index: AnyIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        row = self.row_at(index.row())
        if row is None:  # gone since the count (a windowed model)
            return None
        col = self.columns[index.column()]
        if role == Qt.ItemDataRole.DisplayRole:
            return col.text(row)
        if role == Qt.ItemDataRole.TextAlignmentRole:
            return int(col.align)
        if role == ROW_KEY_ROLE:
            return self._key(row)
        if role == RAW_VALUE_ROLE:
            return col.raw(row) if col.raw else col.text(row)
        if role == ROW_ROLE:
            return row
        if role == Qt.ItemDataRole.ForegroundRole and col.color:
            color = col.color(row)
            return QBrush(QColor(color)) if color else None
        return None


def export_rows(model: LazyTableModel[Any]) -> tuple[list[str], list[list[Any]]]:
    """Headers and raw values of every row (fetching the rest first), for CSV/XLSX export."""
    while model.canFetchMore():
        model.fetchMore()
    headers = [_(c.header) for c in model.columns]
    rows = [
        [c.raw(r) if c.raw else c.text(r) for c in model.columns] for r in model.loaded_rows()
    ]
    return headers, rows


class ListTableModel(LazyTableModel[Row]):
    """The same columns over a list already in memory (a day's orders, a dialog's lines)."""

    def __init__(self, columns: Sequence[Column[Row]], *, key: Callable[[Row], int],
                 parent: Any = None) -> None:
        self._data: list[Row] = []
        super().__init__(
            columns, count=lambda: len(self._data),
            fetch=lambda offset, limit: self._data[offset: offset + limit],
            key=key, window=1_000_000, parent=parent,
        )

    def set_rows(self, rows: list[Row]) -> None:
        self._data = list(rows)
        self.reload()


HEADER_PADDING = 22  # the header's margins and the sort arrow


def setup_table(table: Any, columns: Sequence[Column[Any]], *, stretch: int | None = None,
                row_height: int = 26) -> None:
    """The one way list tables look: widths from the columns, one stretching column,
    whole-row selection, alternating rows, no row numbers."""
    from PySide6.QtGui import QFont, QFontMetrics
    from PySide6.QtWidgets import QAbstractItemView, QHeaderView

    table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
    table.setAlternatingRowColors(True)
    table.setWordWrap(False)
    table.verticalHeader().hide()
    table.verticalHeader().setDefaultSectionSize(row_height)
    header = table.horizontalHeader()
    header.setHighlightSections(False)
    header.setMinimumSectionSize(40)
    font = QFont(header.font())
    font.setWeight(QFont.Weight.DemiBold)  # as the theme draws headers
    bold = QFontMetrics(font)
    for i, col in enumerate(columns):
        if i == stretch:
            header.setSectionResizeMode(i, QHeaderView.ResizeMode.Stretch)
        elif col.width:
            # never narrower than its header in the language shown ("Baris ditolak")
            title = bold.horizontalAdvance(_(col.header)) + HEADER_PADDING
            table.setColumnWidth(i, max(col.width, title))
        else:
            header.setSectionResizeMode(i, QHeaderView.ResizeMode.ResizeToContents)
