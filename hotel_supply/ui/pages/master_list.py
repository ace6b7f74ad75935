"""The list screen the master-data pages (suppliers, products, hotels, prices) are built on:
search, filters, a lazily loaded sortable table, and new / edit / (de)activate / export."""

from __future__ import annotations

from enum import StrEnum
from typing import Any, Generic, TypeVar

from PySide6.QtCore import QItemSelection, QModelIndex, Qt, QTimer
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from hotel_supply.formatting import format_number
from hotel_supply.i18n import N_, _
from hotel_supply.models.enums import Role
from hotel_supply.services.errors import DomainError
from hotel_supply.ui import theme
from hotel_supply.ui.context import AppContext
from hotel_supply.ui.dialogs.form import FormDialog
from hotel_supply.ui.export import export_model
from hotel_supply.ui.pages import Page
from hotel_supply.ui.permissions import allow
from hotel_supply.ui.table_model import ROW_ROLE, Column, LazyTableModel, setup_table
from hotel_supply.ui.widgets import page_header, show_error

R = TypeVar("R")


def status_column(width: int = 90) -> Column[Any]:
    """The Status column: Active, or Inactive in a muted colour."""
    return Column(
        N_("Status"),
        lambda r: _("Active") if r.active else _("Inactive"),
        raw=lambda r: r.active,
        color=lambda r: None if r.active else theme.MUTED,
        width=width,
    )


class MasterListPage(Page, Generic[R]):
    """A master-data list: filter bar, lazy sortable table, New / Edit / (De)activate / Export.

    A subclass declares its columns and which of them sort (``sort_columns``:
    column -> the service's sort key), builds its extra filters, and answers
    :meth:`count_rows`, :meth:`fetch_rows`, :meth:`row_for`, :meth:`make_dialog`
    and :meth:`change_active`. The page refreshes a changed row by its key
    instead of reloading the list, so the clerk keeps the place.
    """

    entity = ""  # what ctx.notify calls a change of this page's records
    subtitle = ""  # msgid
    search_hint = ""  # msgid
    count_text = N_("{n} rows")  # msgid with {n}
    # msgid with {button}: what the list says while there is nothing at all, not even
    # inactive rows, whatever the filters
    empty_text = N_("Nothing here yet. Add the first one with {button} (Ctrl+N).")
    new_text = N_("New…")
    edit_text = N_("Edit…")
    deactivate_text = N_("Deactivate")
    reactivate_text = N_("Reactivate")
    columns: list[Column[Any]] = []
    stretch_column = 1
    sort_columns: dict[int, StrEnum] = {}
    default_sort_column = 0
    active_choices = (N_("Active"), N_("Inactive"), N_("Active and inactive"))

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(ctx, parent)
        self._quiet = False
        self.sort_column = self.default_sort_column
        self.descending = False
        layout = QVBoxLayout(self)
        layout.setContentsMargins(18, 14, 18, 14)
        layout.addWidget(page_header(_(self.title), _(self.subtitle)))

        self.search = QLineEdit()
        self.search.setPlaceholderText(_(self.search_hint))
        self.search.setClearButtonEnabled(True)
        self.search.setToolTip(_("Search (Ctrl+F)"))
        self.search.setMinimumWidth(220)
        QShortcut(QKeySequence.StandardKey.Find, self, activated=self.focus_search)
        self.active_filter = QComboBox()
        for text, value in zip(self.active_choices, (True, False, None), strict=True):
            self.active_filter.addItem(_(text), value)
        self.filter_bar = QHBoxLayout()
        self.build_filters(self.filter_bar)
        self.filter_bar.addWidget(self.active_filter)
        self.filter_bar.addWidget(self.search, 1)
        layout.addLayout(self.filter_bar)

        self.model: LazyTableModel[R] = LazyTableModel(
            self.columns, count=self.count_rows, fetch=self.fetch_rows, key=lambda r: r.id
        )
        self.table = QTableView()
        self.table.setModel(self.model)
        setup_table(self.table, self.columns, stretch=self.stretch_column)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        header = self.table.horizontalHeader()
        header.setSortIndicatorShown(True)
        header.setSectionsClickable(True)
        header.setSortIndicator(self.sort_column, Qt.SortOrder.AscendingOrder)
        header.sortIndicatorChanged.connect(self._sort_changed)
        self.table.doubleClicked.connect(self._open_index)
        for key in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            QShortcut(
                key,
                self.table,
                activated=self.edit_selected,
                context=Qt.ShortcutContext.WidgetWithChildrenShortcut,
            )
        self.table.selectionModel().selectionChanged.connect(self._selection_changed)
        layout.addWidget(self.table, 1)
        self.empty = QLabel()
        self.empty.setObjectName("pageSubtitle")
        self.empty.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.empty.setWordWrap(True)
        self.empty.hide()
        layout.addWidget(self.empty)

        actions = QHBoxLayout()
        self.count_label = QLabel()
        self.count_label.setObjectName("pageSubtitle")
        self.export_button = QPushButton(theme.icon("microsoft-excel"), _("Export…"))
        self.export_button.setToolTip(_("Save the list as XLSX or CSV"))
        self.active_button = QPushButton(
            theme.icon("archive-arrow-down-outline"), _(self.deactivate_text)
        )
        self.edit_button = QPushButton(theme.icon("pencil-outline"), _(self.edit_text))
        self.edit_button.setToolTip(_("Open the selected row (Enter)"))
        self.new_button = QPushButton(theme.icon("plus", "#ffffff"), _(self.new_text))
        self.new_button.setProperty("primary", True)
        self.new_button.setToolTip(_("Add a new one (Ctrl+N)"))
        QShortcut(QKeySequence.StandardKey.New, self, activated=self.new_record)
        actions.addWidget(self.count_label)
        actions.addStretch(1)
        self.build_actions(actions)
        for button in (self.export_button, self.active_button, self.edit_button, self.new_button):
            actions.addWidget(button)
        for button in (self.active_button, self.edit_button, self.new_button):
            allow(button, ctx, Role.PURCHASING)
        layout.addLayout(actions)
        self.export_button.clicked.connect(self.export)
        self.active_button.clicked.connect(self.toggle_active)
        self.edit_button.clicked.connect(self.edit_selected)
        self.new_button.clicked.connect(self.new_record)

        self._debounce = QTimer(self, singleShot=True, interval=250)
        self._debounce.timeout.connect(self.reload)
        self.search.textChanged.connect(lambda _t: self._debounce.start())
        self.active_filter.currentIndexChanged.connect(lambda _i: self.reload())
        self._selection_changed()

    # --- what a subclass provides ---------------------------------------------

    def build_filters(self, bar: QHBoxLayout) -> None:
        """Add the page's own filter widgets to ``bar`` (and connect them to ``reload``)."""

    def build_actions(self, bar: QHBoxLayout) -> None:
        """Add buttons of the page's own before the common ones."""

    def load_choices(self) -> None:
        """Fill the filter combos (called on every refresh; keep the current choice)."""

    def count_rows(self) -> int:
        raise NotImplementedError

    def fetch_rows(self, offset: int, limit: int) -> list[R]:
        raise NotImplementedError

    def count_all_rows(self) -> int | None:
        """How many records there are whatever the filters (None: not known)."""
        return None

    def row_for(self, key: int) -> R:
        """The list row of one record, fresh from the service."""
        raise NotImplementedError

    def make_dialog(self, key: int | None) -> FormDialog:
        """The edit dialog of a record (``None``: a new one)."""
        raise NotImplementedError

    def change_active(self, row: R, active: bool) -> str | None:
        """Ask and (de)activate ``row``; the status message, or None when nothing changed."""
        raise NotImplementedError

    def saved_message(self, row: R, created: bool) -> str:
        raise NotImplementedError

    # --- filters and loading ----------------------------------------------------

    @property
    def active(self) -> bool | None:
        value = self.active_filter.currentData()
        return None if value is None else bool(value)

    @property
    def sort_key(self) -> Any:
        return self.sort_columns.get(self.sort_column)

    def focus_search(self) -> None:
        self.search.setFocus()
        self.search.selectAll()

    def _on_changed(self, what: str) -> None:
        if not self._quiet:  # our own change: the page already shows it
            super()._on_changed(what)

    def announce(self, what: str, message: str) -> None:
        """Tell the other pages what changed, and the status bar what was done."""
        self._quiet = True
        try:
            self.ctx.notify(what, message)
        finally:
            self._quiet = False

    def refresh(self) -> None:
        super().refresh()
        self.load_choices()
        self.reload()

    def reload(self, select: int | None = None) -> None:
        """Load the list again for the filters; keep (or move to) the selected row."""
        keep = select if select is not None else self.selected_key()
        try:
            self.model.reload()
        except Exception as exc:
            show_error(self, exc)
            return
        self.count_label.setText(_(self.count_text).format(n=format_number(self.model.total)))
        if self.model.total == 0:
            self.empty.setText(self.empty_list_text())
        self.empty.setVisible(self.model.total == 0)
        if keep is not None:
            self.select_key(keep)
        self._selection_changed()

    def empty_list_text(self) -> str:
        """Nothing yet (and how to add the first), or nothing that matches the filters."""
        try:
            everything = self.count_all_rows()
        except Exception:  # the list itself loaded: this is only the wording of its hint
            everything = None
        if everything == 0:
            return _(self.empty_text).format(button=_(self.new_text).rstrip("…"))
        return _("Nothing matches these filters.") + " " + _(
            "Clear the search or show active and inactive ones.")

    def _sort_changed(self, column: int, order: Qt.SortOrder) -> None:
        header = self.table.horizontalHeader()
        if column not in self.sort_columns:
            # this column does not sort: put the indicator back where it was
            header.blockSignals(True)
            header.setSortIndicator(
                self.sort_column,
                Qt.SortOrder.DescendingOrder if self.descending else Qt.SortOrder.AscendingOrder,
            )
            header.blockSignals(False)
            return
        self.sort_column = column
        self.descending = order == Qt.SortOrder.DescendingOrder
        self.reload()

    # --- selection ----------------------------------------------------------------

    def selected_row(self) -> R | None:
        rows = self.table.selectionModel().selectedRows()
        if not rows:
            return None
        row: R = self.model.data(rows[0], ROW_ROLE)
        return row

    def selected_key(self) -> int | None:
        row = self.selected_row()
        return None if row is None else int(row.id)  # type: ignore[attr-defined]

    def select_key(self, key: int) -> bool:
        for i, row in enumerate(self.model.loaded_rows()):
            if row.id == key:  # type: ignore[attr-defined]
                self.table.selectRow(i)
                self.table.scrollTo(self.model.index(i, 0))
                return True
        return False

    def _selection_changed(self, *_args: QItemSelection) -> None:
        row = self.selected_row()
        self.edit_button.setEnabled(row is not None)
        self.active_button.setEnabled(row is not None)
        if row is not None and not row.active:  # type: ignore[attr-defined]
            self.active_button.setText(_(self.reactivate_text))
            self.active_button.setIcon(theme.icon("restore"))
        else:
            self.active_button.setText(_(self.deactivate_text))
            self.active_button.setIcon(theme.icon("archive-arrow-down-outline"))

    # --- actions --------------------------------------------------------------------

    def _open_index(self, index: QModelIndex) -> None:
        self.table.selectRow(index.row())
        self.edit_selected()

    def new_record(self) -> None:
        dialog = self.make_dialog(None)
        if dialog.exec() and dialog.saved_id is not None:
            self.after_save(dialog.saved_id, created=True)

    def edit_selected(self) -> None:
        key = self.selected_key()
        if key is None:
            return
        try:
            dialog = self.make_dialog(key)
        except DomainError as exc:
            show_error(self, exc)
            self.reload()
            return
        if dialog.exec() and dialog.saved_id is not None:
            self.after_save(dialog.saved_id, created=False)

    def after_save(self, key: int, *, created: bool) -> None:
        """Show the saved record: a new one by reloading, an edited one in its place."""
        row = self.row_for(key)
        message = self.saved_message(row, created)
        if created:
            self.reload(select=key)
            if not self.select_key(key):
                message += " " + _("It is not shown with the current filters.")
        else:
            self.model.replace_row(row)
            self._selection_changed()
        self.announce(self.entity, message)

    def toggle_active(self) -> None:
        row = self.selected_row()
        if row is None:
            return
        message = self.change_active(row, not row.active)  # type: ignore[attr-defined]
        if message is None:
            return
        self.reload()
        self.announce(self.entity, message)

    def export(self) -> None:
        export_model(self.ctx, self.model, title=_(self.title), parent=self)
