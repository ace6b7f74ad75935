"""The one small base of the master-data edit dialogs: build, validate, accept.

A subclass builds its widgets with :meth:`FormDialog.add_field` (each field gets
a message line under it), loads its record, then calls :meth:`finish_loading`.
On every change the form is collected into the service's dataclass and checked
by the service's pure ``validate_*`` function; the dialog only shows the
messages next to their fields and keeps Save disabled while any remain. Save
(OK, Enter, Ctrl+S) calls the service's write; problems the database finds (a
code already taken) come back as a ``ValidationError`` and are shown the same
way. Closing a changed form asks before the changes are thrown away.
"""

from __future__ import annotations

import datetime as dt
from enum import StrEnum
from typing import Any

from PySide6.QtCore import (
    QAbstractItemModel,
    QModelIndex,
    QPersistentModelIndex,
    QSize,
    Qt,
    Signal,
)
from PySide6.QtGui import QIcon, QKeySequence, QResizeEvent, QShortcut
from PySide6.QtWidgets import (
    QAbstractButton,
    QAbstractSpinBox,
    QCheckBox,
    QComboBox,
    QDateEdit,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPlainTextEdit,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from hotel_supply import clock
from hotel_supply.i18n import _
from hotel_supply.models.enums import Role, label
from hotel_supply.services.errors import DomainError, ValidationError
from hotel_supply.ui import theme
from hotel_supply.ui.context import AppContext
from hotel_supply.ui.permissions import allow
from hotel_supply.ui.widgets import DateEdit, NumberEdit, show_error

AnyIndex = QModelIndex | QPersistentModelIndex


class WrappedLabel(QLabel):
    """A word-wrapped label exactly as tall as its lines at its current width.

    A plain word-wrapped QLabel asks for the height of a narrow guess, which
    leaves a gap around a short message in a form; this one measures at its
    real width. ``style`` is the object name the theme styles it by.
    """

    def __init__(self, text: str = "", *, style: str = "fieldError") -> None:
        super().__init__(text)
        self.setObjectName(style)
        self.setWordWrap(True)
        self.setAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop)

    def _fit(self, hint: QSize) -> QSize:
        if self.text() and self.width() > 80:
            return QSize(hint.width(), self.heightForWidth(self.width()))
        return hint

    def sizeHint(self) -> QSize:
        return self._fit(super().sizeHint())

    def minimumSizeHint(self) -> QSize:
        return self._fit(super().minimumSizeHint())

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        if event.oldSize().width() != event.size().width():
            self.updateGeometry()


class _Field:
    """A form field: the widget that shows the value, its caption and its message line."""

    def __init__(
        self,
        key: str,
        caption: str,
        widget: QWidget,
        message: QLabel,
        form: QFormLayout | None = None,
    ) -> None:
        self.key = key
        self.caption = caption
        self.widget = widget
        self.message = message
        self.form = form  # the message is a row of its own there, hidden while empty

    def show(self, messages: list[str]) -> None:
        self.message.setText("\n".join(messages))
        if self.form is not None:
            self.form.setRowVisible(self.message, bool(messages))
        self.message.setVisible(bool(messages))
        if self.widget.property("invalid") != bool(messages):
            self.widget.setProperty("invalid", bool(messages))
            self.widget.style().unpolish(self.widget)
            self.widget.style().polish(self.widget)


class FormDialog(QDialog):
    """Base of an edit dialog over one service dataclass.

    Subclasses implement :meth:`collect` (widgets -> dataclass), :meth:`validate`
    (the service's pure check) and :meth:`save` (the service's write, which may
    raise ``ValidationError``). ``saved_id`` holds the id written, if any.
    """

    write_roles: tuple[Role, ...] = (Role.PURCHASING,)  # who may save what it edits

    def __init__(self, ctx: AppContext, *, title: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.saved_id: int | None = None
        self.setWindowTitle(title)
        self._fields: dict[str, _Field] = {}
        self._number_fields: dict[str, NumberEdit] = {}
        self._touched: set[str] = set()
        self._show_all = False
        self._loading = True
        self._dirty = False
        self._server_problems: dict[str, list[str]] = {}
        self.tabs: QTabWidget | None = None

        outer = QVBoxLayout(self)
        self.body = QVBoxLayout()
        outer.addLayout(self.body, 1)
        self.form_problems = WrappedLabel()
        self.form_problems.hide()
        outer.addWidget(self.form_problems)
        self.pending = WrappedLabel(style="pageSubtitle")
        outer.addWidget(self.pending)
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel
        )
        self.ok_button = self.buttons.button(QDialogButtonBox.StandardButton.Save)
        self.ok_button.setText(_("Save"))
        self.ok_button.setIcon(theme.icon("content-save", "#ffffff"))
        self.ok_button.setProperty("primary", True)
        self.ok_button.setToolTip(_("Save (Ctrl+S)"))
        self.ok_button.setDefault(True)
        allow(self.ok_button, self.ctx, *self.write_roles)  # others may open it to read
        self.cancel_button = self.buttons.button(QDialogButtonBox.StandardButton.Cancel)
        self.cancel_button.setText(_("Cancel"))
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        outer.addWidget(self.buttons)
        QShortcut(QKeySequence.StandardKey.Save, self, activated=self.accept)

    # --- what a subclass provides ---------------------------------------------

    def collect(self) -> Any:
        """The form as the service's dataclass."""
        raise NotImplementedError

    def validate(self, data: Any) -> dict[str, list[str]]:
        """The service's pure ``validate_*`` of ``data``."""
        raise NotImplementedError

    def save(self, data: Any) -> None:
        """Write ``data`` through the service; set ``saved_id``."""
        raise NotImplementedError

    # --- building ---------------------------------------------------------------

    def add_field(
        self,
        form: QFormLayout,
        key: str,
        caption: str,
        widget: QWidget,
        *,
        shown: QWidget | None = None,
    ) -> None:
        """Add ``widget`` to ``form``, with a message row under it shown when it is wrong.

        ``shown`` is what goes into the form when it is not ``widget`` itself (a
        row of widgets around it, say).
        """
        form.addRow(caption, shown or widget)
        message = self._message_label()
        form.addRow("", message)
        form.setRowVisible(message, False)
        self._register(_Field(key, caption, widget, message, form))

    def register_field(self, key: str, caption: str, widget: QWidget, layout: QVBoxLayout) -> None:
        """Give ``widget`` a message line at the end of ``layout`` and watch it for changes."""
        message = self._message_label()
        message.hide()
        layout.addWidget(message)
        self._register(_Field(key, caption, widget, message))

    @staticmethod
    def _message_label() -> QLabel:
        return WrappedLabel()

    def _register(self, field: _Field) -> None:
        self._fields[field.key] = field
        if isinstance(field.widget, NumberEdit):
            self._number_fields[field.key] = field.widget
        self.watch(field.widget, field.key)

    def watch(self, widget: QWidget | QAbstractItemModel, key: str = "") -> None:
        """Re-check the form whenever ``widget`` changes (``key``: the field it edits)."""

        def changed(*_args: object) -> None:
            self._changed(key)

        if isinstance(widget, QLineEdit | QPlainTextEdit):
            widget.textChanged.connect(changed)
        elif isinstance(widget, QComboBox):
            widget.currentIndexChanged.connect(changed)
        elif isinstance(widget, QDateEdit):
            widget.dateChanged.connect(changed)
        elif isinstance(widget, QAbstractSpinBox):
            widget.valueChanged.connect(changed)  # type: ignore[attr-defined]
        elif isinstance(widget, QAbstractButton):
            widget.toggled.connect(changed)
        elif isinstance(widget, OptionalDate):
            widget.valueChanged.connect(changed)
        elif isinstance(widget, QAbstractItemModel):
            widget.dataChanged.connect(changed)
            widget.rowsInserted.connect(changed)
            widget.rowsRemoved.connect(changed)
            widget.modelReset.connect(changed)

    def finish_loading(self) -> None:
        """Call once the record is in the widgets: from here on changes make the form dirty."""
        self._loading = False
        self._dirty = False
        self._touched.clear()
        self.revalidate()

    # --- checking ---------------------------------------------------------------

    @property
    def dirty(self) -> bool:
        return self._dirty

    def _changed(self, key: str) -> None:
        if self._loading:
            return
        self._dirty = True
        if key:
            self._touched.add(key)
            self._server_problems.pop(key, None)
        self.revalidate()

    def problems(self) -> dict[str, list[str]]:
        """What is wrong now: typing errors of number fields, then the service's check."""
        problems = {k: list(v) for k, v in self.validate(self.collect()).items()}
        for key, edit in self._number_fields.items():
            if edit.isEnabled() and edit.error():
                problems[key] = [edit.error()]
        for key, messages in self._server_problems.items():
            problems.setdefault(key, []).extend(m for m in messages if m not in problems[key])
        return problems

    def revalidate(self) -> dict[str, list[str]]:
        """Show each field's messages (once touched) and enable Save only when all is well."""
        problems = self.problems()
        waiting: list[str] = []
        for key, field in self._fields.items():
            messages = problems.get(key, [])
            shown = self._show_all or key in self._touched or key in self._server_problems
            field.show(messages if shown else [])
            if messages and not shown:
                waiting.append(field.caption)
        loose = [m for key, msgs in problems.items() if key not in self._fields for m in msgs]
        self.form_problems.setText("\n".join(loose))
        self.form_problems.setVisible(bool(loose))
        self.pending.setText(
            _("Still to fill in: {fields}.").format(fields=", ".join(waiting)) if waiting else ""
        )
        self.pending.setVisible(bool(waiting))
        self.ok_button.setEnabled(not problems)
        self._mark_tabs(problems)
        return problems

    def _mark_tabs(self, problems: dict[str, list[str]]) -> None:
        if self.tabs is None:
            return
        for i in range(self.tabs.count()):
            page = self.tabs.widget(i)
            wrong = any(
                key in self._fields and page.isAncestorOf(self._fields[key].widget)
                for key in problems
            )
            self.tabs.setTabIcon(i, theme.icon("alert-circle", theme.BAD) if wrong else QIcon())

    def field_message(self, key: str) -> str:
        """The message shown under a field ('' when none is shown)."""
        field = self._fields[key]
        return "" if field.message.isHidden() else field.message.text()

    def show_problems(self, problems: dict[str, list[str]]) -> None:
        """Show problems the database found (after a refused save) next to their fields."""
        self._server_problems = {k: list(v) for k, v in problems.items()}
        self._show_all = True
        self.revalidate()
        for key in problems:
            if key in self._fields:
                self._focus_field(self._fields[key].widget)
                break

    def _focus_field(self, widget: QWidget) -> None:
        if self.tabs is not None:
            for i in range(self.tabs.count()):
                if self.tabs.widget(i).isAncestorOf(widget):
                    self.tabs.setCurrentIndex(i)
                    break
        widget.setFocus()

    # --- closing ----------------------------------------------------------------

    def accept(self) -> None:
        """Save: check once more, write through the service, close on success."""
        self._show_all = True
        self._server_problems = {}
        if self.revalidate():
            self.ctx.say(_("Correct the marked fields first."))
            return
        try:
            self.save(self.collect())
        except ValidationError as exc:
            self.show_problems(exc.problems)
            self.ctx.say(_("Not saved: {reason}").format(reason=exc.message.splitlines()[0]))
            return
        except DomainError as exc:
            show_error(self, exc)
            return
        except Exception as exc:
            show_error(self, exc)
            return
        self._dirty = False
        super().accept()

    def reject(self) -> None:
        """Cancel, Esc and the close box: ask first when something was changed."""
        if self._dirty and not self.confirm_discard():
            return
        self._dirty = False
        super().reject()

    def confirm_discard(self) -> bool:
        box = QMessageBox(
            QMessageBox.Icon.Question,
            _("Unsaved changes"),
            _("Discard the changes made in this form?"),
            parent=self,
        )
        discard = box.addButton(_("Discard changes"), QMessageBox.ButtonRole.DestructiveRole)
        keep = box.addButton(_("Keep editing"), QMessageBox.ButtonRole.RejectRole)
        box.setDefaultButton(keep)
        box.exec()
        return box.clickedButton() is discard


# --- small editors for the tables inside forms ------------------------------------------


class OptionalDate(QWidget):
    """A date that may be left empty: a check box ("until", "since") and a date edit."""

    valueChanged = Signal(object)

    def __init__(self, caption: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        self.check = QCheckBox(caption)
        self.date = DateEdit(clock.today())
        self.date.setEnabled(False)
        layout.addWidget(self.check)
        layout.addWidget(self.date)
        layout.addStretch(1)
        self.check.toggled.connect(self._toggled)
        self.date.dateChanged.connect(lambda _d: self.valueChanged.emit(self.value()))

    def _toggled(self, on: bool) -> None:
        self.date.setEnabled(on)
        self.valueChanged.emit(self.value())

    def value(self) -> dt.date | None:
        return self.date.value() if self.check.isChecked() else None

    def set_value(self, value: dt.date | None) -> None:
        if value is not None:
            self.date.set_value(value)
        self.check.setChecked(value is not None)


def enum_combo(
    enum: type[StrEnum], parent: QWidget | None = None, *, placeholder: str | None = None
) -> QComboBox:
    """A combo of an enum's members, shown by their translated labels, ``currentData()``.

    With ``placeholder`` the combo starts on that empty entry, so a new record
    makes the clerk choose instead of silently taking the first member.
    """
    combo = QComboBox(parent)
    if placeholder is not None:
        combo.addItem(placeholder, None)
    for member in enum:
        combo.addItem(label(member), member)
    return combo


def select_data(combo: QComboBox, value: object) -> None:
    index = combo.findData(value)
    if index >= 0:
        combo.setCurrentIndex(index)


class EnumDelegate(QStyledItemDelegate):
    """Edits a table cell holding an enum member with a combo of its labels."""

    def __init__(self, enum: type[StrEnum], parent: Any = None) -> None:
        super().__init__(parent)
        self.enum = enum

    def createEditor(
        self, parent: QWidget, option: QStyleOptionViewItem, index: AnyIndex
    ) -> QWidget:
        return enum_combo(self.enum, parent)

    def setEditorData(self, editor: QWidget, index: AnyIndex) -> None:
        assert isinstance(editor, QComboBox)
        select_data(editor, index.data(Qt.ItemDataRole.EditRole))

    def setModelData(self, editor: QWidget, model: QAbstractItemModel, index: AnyIndex) -> None:
        assert isinstance(editor, QComboBox)
        model.setData(index, editor.currentData(), Qt.ItemDataRole.EditRole)
