"""Small widgets every page uses: number and date edits, page headers, messages."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from decimal import Decimal

from PySide6.QtCore import QCoreApplication, QDate, QEvent, QObject, Qt, Signal
from PySide6.QtWidgets import (
    QAbstractScrollArea,
    QAbstractSlider,
    QAbstractSpinBox,
    QComboBox,
    QDateEdit,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPushButton,
    QScrollBar,
    QVBoxLayout,
    QWidget,
)

from hotel_supply.formatting import ParseError, format_number, format_rupiah, parse_decimal
from hotel_supply.i18n import _
from hotel_supply.services.errors import DomainError


class NumberEdit(QLineEdit):
    """Types Indonesian numbers (``1.250.000``, ``2,5``); right-aligned; Decimal in and out.

    ``value()`` is None while the text is not a number; ``error()`` says why.
    """

    valueChanged = Signal(object)

    def __init__(self, *, places: int = 3, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._places = places
        self.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        self.textEdited.connect(lambda _t: self.valueChanged.emit(self.value()))
        self.editingFinished.connect(self._tidy)

    def value(self) -> Decimal | None:
        try:
            return parse_decimal(self.text(), places=self._places)
        except ParseError:
            return None

    def error(self) -> str:
        try:
            parse_decimal(self.text(), places=self._places)
        except ParseError as exc:
            return str(exc)
        return ""

    def set_value(self, value: Decimal | int | None) -> None:
        self.setText("" if value is None else format_number(value))

    def _tidy(self) -> None:
        value = self.value()
        if value is not None:
            self.setText(format_number(value))


class MoneyEdit(NumberEdit):
    """Whole rupiah."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(places=0, parent=parent)
        self.setPlaceholderText("Rp0")

    def amount(self) -> int | None:
        value = self.value()
        return None if value is None else int(value)

    def _tidy(self) -> None:
        value = self.value()
        if value is not None:
            self.setText(format_rupiah(int(value)))


def to_qdate(value: dt.date) -> QDate:
    return QDate(value.year, value.month, value.day)


def from_qdate(value: QDate) -> dt.date:
    return dt.date(value.year(), value.month(), value.day())


class DateEdit(QDateEdit):
    """``19/11/2020`` with a calendar popup; Python dates in and out."""

    def __init__(self, value: dt.date | None = None, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setDisplayFormat("dd/MM/yyyy")
        self.setCalendarPopup(True)
        if value is not None:
            self.setDate(to_qdate(value))

    def value(self) -> dt.date:
        return from_qdate(self.date())

    def set_value(self, value: dt.date) -> None:
        self.setDate(to_qdate(value))


class ChoiceCombo(QComboBox):
    """A combo of (id, text) choices with an optional "all" entry; ``current_id()``."""

    def __init__(self, *, all_text: str | None = None, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._all_text = all_text
        self.setMinimumContentsLength(18)
        self.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)

    def set_choices(self, choices: list[tuple[int, str]], *, keep: bool = True) -> None:
        current = self.current_id() if keep else None
        self.blockSignals(True)
        self.clear()
        if self._all_text is not None:
            self.addItem(self._all_text, None)
        for key, text in choices:
            self.addItem(text, key)
        if current is not None:
            self.select_id(current)
        self.blockSignals(False)

    def current_id(self) -> int | None:
        data = self.currentData()
        return int(data) if data is not None else None

    def select_id(self, key: int | None) -> None:
        index = self.findData(key)
        if index >= 0:
            self.setCurrentIndex(index)


def page_header(title: str, subtitle: str = "") -> QWidget:
    box = QWidget()
    layout = QVBoxLayout(box)
    layout.setContentsMargins(0, 0, 0, 6)
    layout.setSpacing(2)
    heading = QLabel(title)
    heading.setObjectName("pageTitle")
    layout.addWidget(heading)
    if subtitle:
        sub = QLabel(subtitle)
        sub.setObjectName("pageSubtitle")
        sub.setWordWrap(True)
        layout.addWidget(sub)
    return box


def hbox(*widgets: QWidget | None, stretch_last: bool = False) -> QHBoxLayout:
    layout = QHBoxLayout()
    for w in widgets:
        if w is None:
            layout.addStretch(1)
        else:
            layout.addWidget(w)
    if stretch_last:
        layout.addStretch(1)
    return layout


def show_error(parent: QWidget | None, error: BaseException, title: str | None = None) -> None:
    """Show a domain error as it is; anything else as the calm unexpected-problem dialog,
    logged with its details (the same as an error no page caught)."""
    if isinstance(error, DomainError):
        QMessageBox.warning(parent, title or _("Hotel Supply"), error.message)
        return
    from hotel_supply.ui.dialogs.error import dialog_for

    dialog_for(error, where=type(parent).__name__ if parent is not None else "",
               parent=parent).exec()


def confirm(parent: QWidget | None, text: str, *, title: str | None = None,
            yes: str | None = None, danger: bool = False) -> bool:
    """Ask before doing ``text``; True when the user chose ``yes``.

    With ``danger`` (stock below zero, cancelling, discarding, closing a month) Enter and
    Esc both mean Cancel: only a deliberate click or the button's own key goes ahead.
    """
    box = QMessageBox(QMessageBox.Icon.Warning if danger else QMessageBox.Icon.Question,
                      title or _("Hotel Supply"), text, parent=parent)
    ok = box.addButton(yes or _("Yes"), QMessageBox.ButtonRole.AcceptRole)
    cancel = box.addButton(_("Cancel"), QMessageBox.ButtonRole.RejectRole)
    box.setEscapeButton(cancel)
    box.setDefaultButton(cancel if danger else ok)
    box.exec()
    return box.clickedButton() is ok


def leave_enter_to_the_grid(dialog: QWidget) -> None:
    """No button of ``dialog`` answers a stray Enter: in a dialog built around a grid, Enter
    moves through the cells, and posting is Ctrl+Enter."""
    for button in dialog.findChildren(QPushButton):
        button.setAutoDefault(False)
        button.setDefault(False)


class WheelGuard(QObject):
    """The mouse wheel changes a number, a date or a choice only in the field that has
    focus; over any other field it scrolls the page, so scrolling never changes a value."""

    GUARDED = (QAbstractSpinBox, QComboBox, QAbstractSlider)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if (event.type() != QEvent.Type.Wheel or not isinstance(watched, self.GUARDED)
                or isinstance(watched, QScrollBar) or watched.hasFocus()):
            return False
        parent = watched.parentWidget()
        while parent is not None and not isinstance(parent, QAbstractScrollArea):
            parent = parent.parentWidget()
        if parent is not None:
            QCoreApplication.sendEvent(parent.viewport(), event)
        event.accept()
        return True


_wheel_guard: WheelGuard | None = None


def install_wheel_guard(app: QCoreApplication) -> WheelGuard:
    """Guard every field of the application against the wheel (once)."""
    global _wheel_guard
    if _wheel_guard is None:
        _wheel_guard = WheelGuard()
        app.installEventFilter(_wheel_guard)
    return _wheel_guard


def describe_line_problems(problems: dict[str, list[str]], *,
                           product_of_row: Callable[[int], str | None],
                           field_labels: dict[str, str], limit: int = 4) -> str:
    """The problems of a lines table as sentences a clerk can act on, the first few only.

    Keys are ``line:<row>:<field>`` (shown as "Line 2 (Roti Sobek) · Accepted: …") or a
    header field (shown as the message alone).
    """
    texts: list[str] = []
    for key, messages in problems.items():
        parts = key.split(":")
        if parts[0] == "line" and len(parts) == 3:
            row = int(parts[1])
            product = product_of_row(row)
            where = _("Line {n}").format(n=row + 1) + (f" ({product})" if product else "")
            field = _(field_labels.get(parts[2], parts[2]))
            texts.extend(f"{where} · {field}: {m}" for m in messages)
        else:
            texts.extend(messages)
    text = "\n".join(texts[:limit])
    if len(texts) > limit:
        text += "\n" + _("… and {n} more").format(n=len(texts) - limit)
    return text
