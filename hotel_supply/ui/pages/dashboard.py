"""Dashboard: the programme at a glance, drawn with QPainter (no chart library).

Value received per week per hotel, the weekly rejection rate, the top UMKM,
stock value by hotel and overdue invoices. Clicking a bar opens the list behind
it. Nothing is read until the page is first shown; the figures load off the GUI
thread.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence
from decimal import Decimal
from typing import Any

from PySide6.QtCore import (
    QAbstractTableModel,
    QModelIndex,
    QPersistentModelIndex,
    QPointF,
    QRectF,
    QSize,
    Qt,
    Signal,
)
from PySide6.QtGui import QColor, QFont, QKeySequence, QMouseEvent, QPainter, QPaintEvent, QPen
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFrame,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from hotel_supply.formatting import (
    compact_units,
    format_date,
    format_number,
    format_qty,
    format_rupiah,
)
from hotel_supply.i18n import N_, _
from hotel_supply.progress import Cancelled
from hotel_supply.services.dashboard import Dashboard, DetailList, dashboard_data, detail_list
from hotel_supply.ui import geometry, theme
from hotel_supply.ui.context import AppContext
from hotel_supply.ui.pages import Page
from hotel_supply.ui.widgets import page_header, show_error
from hotel_supply.ui.worker import run_with_progress

PALETTE = ["#1f5f8b", "#e08a1e", "#2e7d32", "#8e44ad", "#c0392b", "#16a085", "#7f8c8d",
           "#d35400", "#2c3e50", "#b7950b"]


def short_rupiah(value: float) -> str:
    """"1,2 M", "45,3 jt", "850 rb": a value on a bar."""
    for size, unit in compact_units():
        if abs(value) >= size:
            return f"{format_number(round(Decimal(value) / size, 1))} {unit}"
    return format_number(int(value))


class BarChart(QWidget):
    """Bars drawn with QPainter: columns (optionally stacked series) or horizontal bars.

    ``values[bar][series]`` holds the raw figures; ``clicked(bar, series)`` is emitted
    when a bar (or one series of a stacked column) is clicked.
    """

    clicked = Signal(int, int)

    def __init__(self, *, horizontal: bool = False, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.horizontal = horizontal
        self.labels: list[str] = []
        self.values: list[list[float]] = []
        self.series_names: list[str] = []
        self.value_text: Callable[[float], str] = short_rupiah
        self.hits: list[tuple[QRectF, int, int]] = []
        self.setMinimumSize(200, 120)
        self.setCursor(Qt.CursorShape.PointingHandCursor)
        self.setMouseTracking(True)

    def sizeHint(self) -> QSize:
        return QSize(360, 190)

    def set_data(self, labels: Sequence[str], values: Sequence[Sequence[float]], *,
                 series_names: Sequence[str] = (),
                 value_text: Callable[[float], str] = short_rupiah) -> None:
        self.labels = list(labels)
        self.values = [list(v) for v in values]
        self.series_names = list(series_names)
        self.value_text = value_text
        self.update()

    def totals(self) -> list[float]:
        return [sum(v) for v in self.values]

    def paintEvent(self, event: QPaintEvent) -> None:
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        self.hits = []
        font = QFont(self.font())
        font.setPointSizeF(max(7.0, font.pointSizeF() - 1.5))
        painter.setFont(font)
        if not self.values or not any(self.totals()):
            painter.setPen(QColor(theme.MUTED))
            painter.drawText(self.rect(), Qt.AlignmentFlag.AlignCenter, _("Nothing to show yet."))
            return
        if self.horizontal:
            self._paint_rows(painter)
        else:
            self._paint_columns(painter)
        painter.end()

    def _paint_columns(self, painter: QPainter) -> None:
        metrics = painter.fontMetrics()
        line = metrics.height()
        legend = self._legend_rows(painter) if len(self.series_names) > 1 else []
        legend_height = len(legend) * (line + 2) + (4 if legend else 0)
        area = QRectF(4, 4 + line + legend_height, self.width() - 8,
                      self.height() - 8 - 2 * line - legend_height - 4)
        top = max(self.totals()) or 1
        n = len(self.values)
        slot = area.width() / n
        bar_width = max(3.0, slot * 0.7)
        painter.setPen(QPen(QColor(theme.MUTED), 0.5))
        painter.drawLine(QPointF(area.left(), area.bottom()), QPointF(area.right(), area.bottom()))
        # labels that would overlap are thinned out, counting back from the latest bar
        widest = max(metrics.horizontalAdvance(self.value_text(t)) for t in self.totals())
        label_every = max(1, math.ceil((metrics.horizontalAdvance("00/00") + 6) / slot))
        value_every = max(1, math.ceil((widest + 4) / slot))
        for i, stack in enumerate(self.values):
            x = area.left() + i * slot + (slot - bar_width) / 2
            y = area.bottom()
            for s, value in enumerate(stack):
                h = area.height() * value / top
                rect = QRectF(x, y - h, bar_width, h)
                painter.fillRect(rect, QColor(PALETTE[s % len(PALETTE)]))
                self.hits.append((rect, i, s))
                y -= h
            # the whole column answers a click too (a thin segment is hard to hit)
            self.hits.append((QRectF(x, area.top(), bar_width, area.height()), i, -1))
            centre = x + bar_width / 2
            if (n - 1 - i) % label_every == 0:
                painter.setPen(QColor(theme.MUTED))
                painter.drawText(QRectF(centre - slot * label_every / 2, area.bottom() + 2,
                                        slot * label_every, line),
                                 Qt.AlignmentFlag.AlignHCenter, self.labels[i])
            total = sum(stack)
            if total and (n - 1 - i) % value_every == 0:
                painter.setPen(QColor("#333333"))
                painter.drawText(QRectF(centre - slot * value_every / 2, y - line - 1,
                                        slot * value_every, line),
                                 Qt.AlignmentFlag.AlignHCenter, self.value_text(total))
        for row, entries in enumerate(legend):
            y = 4 + row * (line + 2)
            for s, name, x in entries:
                painter.fillRect(QRectF(x, y + (line - 9) / 2, 9, 9),
                                 QColor(PALETTE[s % len(PALETTE)]))
                painter.setPen(QColor("#333333"))
                painter.drawText(QRectF(x + 12, y, self.width(), line),
                                 Qt.AlignmentFlag.AlignLeft, name)

    def _legend_rows(self, painter: QPainter) -> list[list[tuple[int, str, float]]]:
        """The series' names as legend entries (series, name, x), wrapped into rows."""
        rows: list[list[tuple[int, str, float]]] = [[]]
        x = 4.0
        for s, name in enumerate(self.series_names):
            width = painter.fontMetrics().horizontalAdvance(name) + 18
            if x + width > self.width() and rows[-1]:
                rows.append([])
                x = 4.0
            rows[-1].append((s, name, x))
            x += width + 6
        return rows

    def _paint_rows(self, painter: QPainter) -> None:
        metrics = painter.fontMetrics()
        line = metrics.height()
        n = len(self.values)
        label_width = min(max(metrics.horizontalAdvance(t) for t in self.labels) + 8,
                          self.width() * 0.42)
        value_width = max(metrics.horizontalAdvance(self.value_text(v)) for v in self.totals())
        area = QRectF(label_width, 4, self.width() - label_width - value_width - 12,
                      self.height() - 8)
        top = max(self.totals()) or 1
        slot = area.height() / n
        bar_height = min(max(4.0, slot * 0.7), 2.0 * line)
        for i, stack in enumerate(self.values):
            y = area.top() + i * slot + (slot - bar_height) / 2
            total = sum(stack)
            rect = QRectF(area.left(), y, area.width() * total / top, bar_height)
            painter.fillRect(rect, QColor(PALETTE[0]))
            self.hits.append((QRectF(0, y, self.width(), bar_height), i, 0))
            painter.setPen(QColor("#333333"))
            label = metrics.elidedText(self.labels[i], Qt.TextElideMode.ElideRight,
                                       int(label_width - 8))
            painter.drawText(QRectF(0, y, label_width - 6, bar_height),
                             Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter, label)
            painter.drawText(QRectF(rect.right() + 4, y, value_width + 8, bar_height),
                             Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter,
                             self.value_text(total))

    def bar_at(self, x: float, y: float) -> tuple[int, int] | None:
        for rect, bar, series in self.hits:
            if rect.contains(QPointF(x, y)):
                return bar, series
        return None

    def mousePressEvent(self, event: QMouseEvent) -> None:
        hit = self.bar_at(event.position().x(), event.position().y())
        if hit is not None:
            self.clicked.emit(*hit)
        super().mousePressEvent(event)


class _Card(QFrame):
    def __init__(self, title: str, chart: BarChart) -> None:
        super().__init__()
        self.setObjectName("card")
        self.setFrameShape(QFrame.Shape.StyledPanel)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(10, 8, 10, 8)
        layout.setSpacing(4)
        heading = QLabel(title)
        heading.setStyleSheet(f"font-weight: 600; color: {theme.ACCENT};")
        self.caption = QLabel("")
        self.caption.setObjectName("pageSubtitle")
        self.caption.setWordWrap(True)
        layout.addWidget(heading)
        layout.addWidget(chart, 1)
        layout.addWidget(self.caption)
        self.chart = chart


class DashboardPage(Page):
    title = N_("Dashboard")
    icon_name = "chart-bar"
    watches = ("delivery", "invoice", "payment", "stock", "hotel", "supplier")

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(ctx, parent)
        self.board: Dashboard | None = None
        layout = QVBoxLayout(self)
        layout.setContentsMargins(18, 14, 18, 14)
        self.header = page_header(_("Dashboard"), _("The last twelve weeks. Click a bar to see "
                                                    "the list behind it."))
        refresh = QPushButton(theme.icon("refresh"), _("Refresh"))
        refresh.setShortcut(QKeySequence.StandardKey.Refresh)
        refresh.clicked.connect(self.refresh)
        top = QHBoxLayout()
        top.addWidget(self.header, 1)
        top.addWidget(refresh, 0, Qt.AlignmentFlag.AlignTop)
        layout.addLayout(top)

        self.weekly = _Card(_("Value received per week per hotel"), BarChart())
        self.rejection = _Card(_("Rejection rate per week"), BarChart())
        self.top_umkm = _Card(_("Top UMKM"), BarChart(horizontal=True))
        self.stock = _Card(_("Stock value by hotel"), BarChart(horizontal=True))
        self.overdue = _Card(_("Overdue invoices by hotel"), BarChart(horizontal=True))
        grid = QGridLayout()
        grid.setSpacing(10)
        grid.addWidget(self.weekly, 0, 0, 1, 2)
        grid.addWidget(self.rejection, 0, 2)
        grid.addWidget(self.top_umkm, 1, 0)
        grid.addWidget(self.stock, 1, 1)
        grid.addWidget(self.overdue, 1, 2)
        for column in range(3):
            grid.setColumnStretch(column, 1)
        layout.addLayout(grid, 1)

        self.weekly.chart.clicked.connect(
            lambda bar, series: self.open_list("weekly", bar, series))
        self.rejection.chart.clicked.connect(
            lambda bar, _s: self.open_list("rejection", bar))
        for name, card in (("top", self.top_umkm), ("stock", self.stock),
                           ("overdue", self.overdue)):
            card.chart.clicked.connect(lambda bar, _s, n=name: self.open_list(n, bar))

    def refresh(self) -> None:
        super().refresh()
        try:
            board = run_with_progress(self, _("Loading the dashboard…"),
                                      lambda _p: dashboard_data(self.ctx.db))
        except Cancelled:
            self._stale = True
            return
        except Exception as exc:
            show_error(self, exc)
            return
        self.show_board(board)

    def show_board(self, board: Dashboard) -> None:
        self.board = board
        weeks = [format_date(w)[:5] for w in board.weeks]
        self.weekly.chart.set_data(
            weeks,
            [[board.weekly.get((w, h), 0) for h, _n in board.hotels]
             for w in range(len(board.weeks))],
            series_names=[n for _h, n in board.hotels])
        self.weekly.caption.setText(_("Accepted value before PPN; this week: {value}").format(
            value=format_rupiah(board.week_total(len(board.weeks) - 1))))
        rates = [board.rejection_rate(w) for w in range(len(board.weeks))]
        self.rejection.chart.set_data(weeks, [[float(r or 0)] for r in rates],
                                      value_text=lambda v: f"{format_number(Decimal(str(v)))}%")
        self.rejection.caption.setText(_("Rejected value ÷ value delivered"))
        self.top_umkm.chart.set_data([b.label for b in board.top_umkm],
                                     [[b.value] for b in board.top_umkm])
        self.top_umkm.caption.setText(_("Value accepted in the twelve weeks"))
        self.stock.chart.set_data([b.label for b in board.stock], [[b.value] for b in board.stock])
        self.stock.caption.setText(_("Total: {value}").format(
            value=format_rupiah(sum(b.value for b in board.stock))))
        self.overdue.chart.set_data([b.label for b in board.overdue],
                                    [[b.value] for b in board.overdue])
        count = sum(board.overdue_counts.values())
        self.overdue.caption.setText(
            _("{n} invoices past their due date: {value}").format(
                n=count, value=format_rupiah(sum(b.value for b in board.overdue)))
            if count else _("No invoice is overdue."))

    def open_list(self, chart: str, bar: int, series: int = -1) -> DetailDialog | None:
        board = self.board
        if board is None:
            return None
        hotel_id = board.hotels[series][0] if chart == "weekly" and series >= 0 else None
        try:
            found = detail_list(self.ctx.db, board, chart=chart, index=bar, hotel_id=hotel_id)
        except Exception as exc:
            show_error(self, exc)
            return None
        title = found.title
        if chart in ("weekly", "rejection"):
            week = format_date(board.weeks[bar])
            what = _("Deliveries") if chart == "weekly" else _("Rejected lines")
            who = board.hotels[series][1] if hotel_id is not None else _("All hotels")
            title = _("{what}, week of {week}: {who}").format(what=what, week=week, who=who)
        dialog = DetailDialog(self, title, found)
        dialog.open()
        return dialog


class DetailModel(QAbstractTableModel):
    """The rows of a :class:`DetailList`, formatted by their column's kind."""

    def __init__(self, found: DetailList, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.found = found

    def rowCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.found.rows)

    def columnCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.found.columns)

    def headerData(self, section: int, orientation: Qt.Orientation,
                   role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return _(self.found.columns[section][0])
        return None

    def data(self, index: QModelIndex | QPersistentModelIndex,
             role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        value = self.found.rows[index.row()][index.column()]
        kind = self.found.columns[index.column()][1]
        if role == Qt.ItemDataRole.DisplayRole:
            if kind == "money":
                return format_rupiah(value)
            if kind == "qty":
                return format_qty(value)
            if kind == "date":
                return format_date(value)
            return str(value)
        if role == Qt.ItemDataRole.TextAlignmentRole and kind in ("money", "qty", "date"):
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        return None


class DetailDialog(QDialog):
    def __init__(self, parent: QWidget, title: str, found: DetailList) -> None:
        super().__init__(parent)
        self.setWindowTitle(title)
        layout = QVBoxLayout(self)
        layout.addWidget(QLabel(title))
        self.table = QTableView()
        self.model = DetailModel(found, self.table)
        self.table.setModel(self.model)
        self.table.verticalHeader().hide()
        self.table.setAlternatingRowColors(True)
        self.table.resizeColumnsToContents()
        self.table.horizontalHeader().setStretchLastSection(True)
        layout.addWidget(self.table, 1)
        money = [i for i, (_h, kind) in enumerate(found.columns) if kind == "money"]
        total = sum(row[money[-1]] for row in found.rows) if money else 0
        footer = _("{n} rows").format(n=len(found.rows))
        if money:
            footer += " · " + _("Total: {value}").format(value=format_rupiah(total))
        self.footer = QLabel(footer)
        layout.addWidget(self.footer)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)
        geometry.fit_to_screen(self, 780, 460)
