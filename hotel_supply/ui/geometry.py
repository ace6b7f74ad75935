"""Window sizes that fit the screen: an office laptop is 1366×768 less its taskbar.

``fit_to_screen`` opens a window or dialog at its preferred size, or the size
the user last left it at, never larger than the screen's available area, and
centred on its parent (or the screen). Sizes are remembered per class in an
ini file in the data folder, so each dialog reopens as the user left it.

``reflow_wide_rows`` lets a page shrink to a narrow window: a row of filters or
buttons wider than the page can be wraps onto a second line instead of
widening the whole window.
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, QPoint, QRect, QSettings, QSize, Qt
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import (
    QBoxLayout,
    QHBoxLayout,
    QLayout,
    QLayoutItem,
    QSizePolicy,
    QSpacerItem,
    QWidget,
)

from hotel_supply import config

SETTINGS_FILE = "windows.ini"
MARGIN = 8  # kept free around a window so its frame and title bar stay on screen


def settings() -> QSettings:
    """The window-size store: an ini file in the user's data folder."""
    return QSettings(str(config.data_dir() / SETTINGS_FILE), QSettings.Format.IniFormat)


def available_area(widget: QWidget | None = None) -> QRect:
    """The usable part of the screen ``widget`` (or its parent) is on, less the taskbar."""
    screen = None
    if widget is not None:
        anchor = widget.parentWidget() or widget
        screen = anchor.window().screen()
    screen = screen or QGuiApplication.primaryScreen()
    if screen is None:  # no screen at all: assume the smallest laptop we support
        return QRect(0, 0, 1366, 728)
    return screen.availableGeometry()


def _key(widget: QWidget) -> str:
    return f"size/{type(widget).__name__}"


def saved_size(widget: QWidget) -> QSize | None:
    value = settings().value(_key(widget))
    if isinstance(value, QSize) and value.isValid():
        return value
    return None


class _SizeKeeper(QObject):
    """Writes a window's size down whenever it is hidden (closed, accepted or rejected)."""

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if (event.type() == QEvent.Type.Hide and isinstance(watched, QWidget)
                and not watched.isMaximized() and not watched.isMinimized()):
            settings().setValue(_key(watched), QWidget.size(watched))
        return False


def fit_to_screen(widget: QWidget, width: int, height: int, *, remember: bool = True) -> QSize:
    """Size ``widget`` to the size it was left at, or ``width``×``height``, within the screen.

    The window is centred on its parent (or on the screen) and kept inside the
    screen's available area; with ``remember`` its size is kept for next time.

    The widget's minimum size is capped to the screen too, so a layout can
    never push a window past the screen's edges. Returns the size given.
    """
    area = available_area(widget).adjusted(MARGIN, MARGIN, -MARGIN, -MARGIN)
    limit = area.size()
    minimum = widget.minimumSize().boundedTo(limit)
    widget.setMinimumSize(minimum)
    wanted = (saved_size(widget) if remember else None) or QSize(width, height)
    size = wanted.boundedTo(limit).expandedTo(minimum)
    widget.resize(size)
    parent = widget.parentWidget()
    centre = parent.window().frameGeometry().center() if parent is not None else area.center()
    x = min(max(centre.x() - size.width() // 2, area.left()), area.right() - size.width() + 1)
    y = min(max(centre.y() - size.height() // 2, area.top()), area.bottom() - size.height() + 1)
    widget.move(QPoint(x, y))
    if remember and widget.findChild(_SizeKeeper) is None:
        widget.installEventFilter(_SizeKeeper(widget))
    return size


class FlowLayout(QLayout):
    """Lays items out left to right and wraps them onto the next line when out of room.

    Items with a stretch (and expanding spacers) share what is left on their line,
    so a search field still fills the row and buttons after a stretch stay right.
    """

    def __init__(self, parent: QWidget | None = None, spacing: int = 6) -> None:
        super().__init__(parent)
        self._items: list[QLayoutItem] = []
        self._stretch: list[int] = []
        self._spacer: list[bool] = []
        self.setContentsMargins(0, 0, 0, 0)
        self.setSpacing(spacing)

    def add_item(self, item: QLayoutItem, stretch: int = 0) -> None:
        self._items.append(item)
        self._stretch.append(stretch)
        self._spacer.append(item.widget() is None and item.layout() is None)
        self.invalidate()

    def addItem(self, item: QLayoutItem) -> None:
        self.add_item(item)

    def count(self) -> int:
        return len(self._items)

    def itemAt(self, index: int) -> QLayoutItem | None:
        return self._items[index] if 0 <= index < len(self._items) else None

    def takeAt(self, index: int) -> QLayoutItem | None:
        if 0 <= index < len(self._items):
            self._stretch.pop(index)
            self._spacer.pop(index)
            return self._items.pop(index)
        return None

    def expandingDirections(self) -> Qt.Orientation:
        return Qt.Orientation.Horizontal

    def hasHeightForWidth(self) -> bool:
        return True

    def heightForWidth(self, width: int) -> int:
        return self._place(QRect(0, 0, width, 0), apply=False)

    def setGeometry(self, rect: QRect) -> None:
        super().setGeometry(rect)
        self._place(rect, apply=True)

    def sizeHint(self) -> QSize:
        width = sum(self._hint(i).width() for i in range(len(self._items)))
        width += self.spacing() * max(len(self._items) - 1, 0)
        height = max((self._hint(i).height() for i in range(len(self._items))), default=0)
        return QSize(width, height)

    def minimumSize(self) -> QSize:
        size = QSize()
        for i, item in enumerate(self._items):
            if not self._spacer[i] and not item.isEmpty():
                size = size.expandedTo(item.minimumSize())
        return size

    def _hint(self, index: int) -> QSize:
        item = self._items[index]
        if self._spacer[index] or item.isEmpty():
            return QSize(0, 0)
        return item.sizeHint()

    def _place(self, rect: QRect, *, apply: bool) -> int:
        gap = self.spacing()
        lines: list[list[int]] = [[]]
        used = 0
        for i, item in enumerate(self._items):
            if item.isEmpty() and not self._spacer[i]:
                continue
            width = self._hint(i).width()
            if lines[-1] and used + gap + width > rect.width():
                lines.append([])
                used = 0
            used += (gap if lines[-1] else 0) + width
            lines[-1].append(i)
        y = rect.y()
        for line in lines:
            if not line:
                continue
            height = max(self._hint(i).height() for i in line)
            if apply:
                self._lay_line(line, rect, y, height)
            y += height + gap
        return y - gap - rect.y()

    def _lay_line(self, line: list[int], rect: QRect, y: int, height: int) -> None:
        gap = self.spacing()
        widths = [self._hint(i).width() for i in line]
        spare = rect.width() - sum(widths) - gap * (len(line) - 1)
        stretches = [self._stretch[i] for i in line]
        total = sum(stretches)
        x = rect.x()
        if spare > 0 and total:
            for n, s in enumerate(stretches):
                widths[n] += spare * s // total
        elif spare > 0 and any(self._stretch[:line[0]]):
            x += spare  # what came after a stretch stays on the right when it wraps
        for n, i in enumerate(line):
            if not self._spacer[i]:
                width = max(min(widths[n], rect.width()), 0)
                self._items[i].setGeometry(QRect(x, y, width, height))
            x += widths[n] + gap


def _stretch_of(box: QBoxLayout, index: int, item: QLayoutItem) -> int:
    stretch = box.stretch(index)
    if not stretch and isinstance(item, QSpacerItem):
        policy = item.sizePolicy().horizontalPolicy()
        if policy.value & QSizePolicy.PolicyFlag.ExpandFlag.value:
            stretch = 1
    return stretch


def _reflow(box: QHBoxLayout) -> FlowLayout | None:
    parent = box.parent()
    if not isinstance(parent, QBoxLayout):
        return None
    position = parent.indexOf(box)
    if position < 0:
        return None
    flow = FlowLayout(spacing=max(box.spacing(), 6))
    while box.count():
        stretch = _stretch_of(box, 0, box.itemAt(0))
        item = box.takeAt(0)
        if item is not None:
            flow.add_item(item, stretch)
    parent.insertLayout(position, flow)
    parent.removeItem(box)
    return flow


def _layouts(layout: QLayout) -> list[QLayout]:
    found = [layout]
    for i in range(layout.count()):
        item = layout.itemAt(i)
        child = item.layout() if item is not None else None
        if child is not None:
            found.extend(_layouts(child))
    return found


def reflow_wide_rows(root: QWidget, width: int) -> int:
    """Let the rows of ``root`` wrap instead of widening it past ``width``; returns how many.

    The rows of filters and buttons straight under the page's own layout always
    wrap (their labels and combo boxes grow with the data shown later); any
    deeper row wraps when it is already wider than ``width``.
    """
    done = 0
    top = root.layout()
    if top is not None:
        for i in range(top.count()):
            item = top.itemAt(i)
            row = item.layout() if item is not None else None
            if isinstance(row, QHBoxLayout) and row.count() > 1 and _reflow(row) is not None:
                done += 1
    for widget in [root, *root.findChildren(QWidget)]:
        inner = widget.layout()
        if inner is None:
            continue
        for layout in _layouts(inner):
            if (isinstance(layout, QHBoxLayout) and layout.minimumSize().width() > width
                    and _reflow(layout) is not None):
                done += 1
    return done
