"""Pesanan Rutin: what a hotel expects of each product on each weekday, typed as a grid.

The grid shows one hotel (optionally one supplier): a row per product with a
quantity, seven weekday columns and the week's total. Cells are typed the
Indonesian way (``2,5``); changed cells are marked until saved. Save writes
every changed row through the service in one unit of work.
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, Qt, QTimer
from PySide6.QtGui import QHideEvent, QKeySequence, QShortcut, QShowEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QMessageBox,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from hotel_supply.i18n import N_, _
from hotel_supply.models.enums import Role, label
from hotel_supply.services import standing_orders
from hotel_supply.services.errors import DomainError, ValidationError
from hotel_supply.services.hotels import hotel_choices
from hotel_supply.services.standing_orders import WEEKDAYS, GridRow
from hotel_supply.services.suppliers import supplier_choices
from hotel_supply.ui import geometry, theme
from hotel_supply.ui.context import AppContext
from hotel_supply.ui.export import export_model
from hotel_supply.ui.pages import Page
from hotel_supply.ui.pages.standing_order_grid import (
    GridCol,
    QuantityDelegate,
    StandingOrderGridModel,
    export_columns,
)
from hotel_supply.ui.permissions import allow
from hotel_supply.ui.table_model import ListTableModel
from hotel_supply.ui.widgets import ChoiceCombo, page_header, show_error


class ProductPicker(QDialog):
    """Pick products to add to the grid: type to filter, select one or more."""

    def __init__(self, rows: list[GridRow], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(_("Add product"))
        geometry.fit_to_screen(self, 560, 480)
        layout = QVBoxLayout(self)
        self.filter = QLineEdit()
        self.filter.setPlaceholderText(_("Type part of the product or supplier name…"))
        self.filter.setClearButtonEnabled(True)
        self.list = QListWidget()
        self.list.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        for row in rows:
            item = QListWidgetItem(
                f"{row.product_code}  {row.product_name} ({label(row.unit)}) — {row.supplier_name}"
            )
            item.setData(Qt.ItemDataRole.UserRole, row.product_id)
            self.list.addItem(item)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        buttons.button(QDialogButtonBox.StandardButton.Ok).setText(_("Add"))
        buttons.button(QDialogButtonBox.StandardButton.Cancel).setText(_("Cancel"))
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout.addWidget(self.filter)
        layout.addWidget(self.list, 1)
        layout.addWidget(buttons)
        self.filter.textChanged.connect(self._filter)
        self.list.itemDoubleClicked.connect(lambda _i: self.accept())
        if self.list.count():
            self.list.setCurrentRow(0)

    def _filter(self, text: str) -> None:
        words = text.lower().split()
        first = None
        for i in range(self.list.count()):
            item = self.list.item(i)
            hidden = not all(w in item.text().lower() for w in words)
            item.setHidden(hidden)
            if not hidden and first is None:
                first = i
        if first is not None:
            self.list.setCurrentRow(first)

    def chosen(self) -> list[int]:
        return [
            int(i.data(Qt.ItemDataRole.UserRole))
            for i in self.list.selectedItems()
            if not i.isHidden()
        ]


class StandingOrdersPage(Page):
    title = N_("Standing orders")
    icon_name = "calendar-sync-outline"
    watches = ("standing_order", "product", "supplier", "hotel")

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(ctx, parent)
        self._all: list[GridRow] = []  # every product the hotel may order, shown or not
        self._hotel_id: int | None = None
        self._supplier_id: int | None = None
        self._watching_window: QObject | None = None
        self._quiet = False
        layout = QVBoxLayout(self)
        layout.setContentsMargins(18, 14, 18, 14)
        layout.addWidget(
            page_header(
                _("Standing orders"),
                _(
                    "What each hotel expects of each product on each weekday. Type the quantities "
                    "(2,5 for two and a half) and save with Ctrl+S; an empty cell orders nothing."
                ),
            )
        )

        self.hotel = ChoiceCombo()
        self.hotel.setMinimumContentsLength(24)
        self.supplier = ChoiceCombo(all_text=_("All suppliers"))
        self.supplier.setMinimumContentsLength(24)
        self.show_all = QCheckBox(_("Show products without standing orders"))
        bar = QHBoxLayout()
        bar.addWidget(QLabel(_("Hotel")))
        bar.addWidget(self.hotel)
        bar.addWidget(QLabel(_("Supplier (UMKM)")))
        bar.addWidget(self.supplier)
        bar.addWidget(self.show_all)
        bar.addStretch(1)
        layout.addLayout(bar)

        self.model = StandingOrderGridModel(self)
        self.table = QTableView()
        self.table.setModel(self.model)
        self.table.setItemDelegate(QuantityDelegate(self.table))
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectItems)
        self.table.setEditTriggers(
            QAbstractItemView.EditTrigger.AnyKeyPressed
            | QAbstractItemView.EditTrigger.DoubleClicked
            | QAbstractItemView.EditTrigger.EditKeyPressed
        )
        self.table.setTabKeyNavigation(True)
        self.table.verticalHeader().hide()
        self.table.verticalHeader().setDefaultSectionSize(24)
        header = self.table.horizontalHeader()
        header.setHighlightSections(False)
        header.setSectionResizeMode(GridCol.PRODUCT, QHeaderView.ResizeMode.Stretch)
        self.table.setColumnWidth(GridCol.SUPPLIER, 230)
        self.table.setColumnWidth(GridCol.UNIT, 65)
        for day in range(WEEKDAYS):
            self.table.setColumnWidth(GridCol.MONDAY + day, 62)
        self.table.setColumnWidth(self.model.columnCount() - 1, 80)
        layout.addWidget(self.table, 1)
        self.empty = QLabel()
        self.empty.setObjectName("pageSubtitle")
        self.empty.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.empty.setWordWrap(True)
        self.empty.hide()
        layout.addWidget(self.empty)
        self.problems = QLabel()
        self.problems.setObjectName("fieldError")
        self.problems.setWordWrap(True)
        self.problems.hide()
        layout.addWidget(self.problems)

        actions = QHBoxLayout()
        self.summary = QLabel()
        self.summary.setObjectName("pageSubtitle")
        self.add_button = QPushButton(theme.icon("plus"), _("Add product…"))
        self.add_button.setToolTip(_("Add a product to this hotel's standing orders (Insert)"))
        self.export_button = QPushButton(theme.icon("microsoft-excel"), _("Export…"))
        self.revert_button = QPushButton(theme.icon("undo"), _("Revert"))
        self.revert_button.setToolTip(_("Throw away the changes not saved yet"))
        self.save_button = QPushButton(theme.icon("content-save", "#ffffff"), _("Save"))
        self.save_button.setProperty("primary", True)
        self.save_button.setToolTip(_("Save the changed cells (Ctrl+S)"))
        actions.addWidget(self.add_button)
        actions.addSpacing(12)
        actions.addWidget(self.summary)
        actions.addStretch(1)
        for button in (self.export_button, self.revert_button, self.save_button):
            actions.addWidget(button)
        for button in (self.add_button, self.save_button):
            allow(button, ctx, Role.PURCHASING)
        layout.addLayout(actions)

        QShortcut(QKeySequence.StandardKey.Save, self, activated=self.save)
        QShortcut(QKeySequence(Qt.Key.Key_Insert), self, activated=self.add_product)
        self.add_button.clicked.connect(self.add_product)
        self.export_button.clicked.connect(self.export)
        self.revert_button.clicked.connect(self.revert)
        self.save_button.clicked.connect(self.save)
        self.hotel.currentIndexChanged.connect(lambda _i: self._selection_changed())
        self.supplier.currentIndexChanged.connect(lambda _i: self._selection_changed())
        self.show_all.toggled.connect(lambda _on: self._show_rows())
        self.model.edited.connect(self._edited)
        self.model.typing_error.connect(self._typing_error)
        self._hotels_loaded = False
        self._update_actions()

    # --- loading -------------------------------------------------------------------

    def _on_changed(self, what: str) -> None:
        if not self._quiet:
            super()._on_changed(what)

    def refresh(self) -> None:
        super().refresh()
        self._load_choices()
        if self.model.dirty:
            # keep what is being typed; the grid reloads after Save or Revert
            return
        self.load_grid()

    def _load_choices(self) -> None:
        for combo in (self.hotel, self.supplier):
            combo.blockSignals(True)
        self.hotel.set_choices([(c.id, c.name) for c in hotel_choices(self.ctx.db)])
        if not self._hotels_loaded and self.ctx.prefs.last_hotel_id:
            self.hotel.select_id(self.ctx.prefs.last_hotel_id)
        self._hotels_loaded = True
        self.supplier.set_choices([(c.id, c.name) for c in supplier_choices(self.ctx.db)])
        for combo in (self.hotel, self.supplier):
            combo.blockSignals(False)

    def load_grid(self) -> None:
        """Read the grid of the chosen hotel (and supplier) again; unsaved typing is lost."""
        self._hotel_id = self.hotel.current_id()
        self._supplier_id = self.supplier.current_id()
        self.problems.hide()
        if self._hotel_id is None:
            self._all = []
        else:
            try:
                self._all = standing_orders.standing_order_grid(
                    self.ctx.db, hotel_id=self._hotel_id, supplier_id=self._supplier_id
                )
            except DomainError as exc:
                show_error(self, exc)
                self._all = []
        self._show_rows(keep_typing=False)

    def _show_rows(self, *, keep_typing: bool = True) -> None:
        if keep_typing and self.model.dirty:
            # keep the typed rows; only add the others
            shown = self.model.shown_ids()
            for row in self._all:
                if row.product_id not in shown and (self.show_all.isChecked() or row.weekly_total):
                    self.model.add_row(row)
        else:
            self.model.set_rows(
                [r for r in self._all if self.show_all.isChecked() or r.weekly_total]
            )
        self._update_actions()
        if self._hotel_id is None:
            self.empty.setText(_("Choose a hotel to see its standing orders."))
        else:
            self.empty.setText(
                _(
                    "No standing orders for this hotel yet. Use “Add product…” "
                    "or show the products without standing orders."
                )
            )
        self.empty.setVisible(not self.model.rows)

    def _selection_changed(self) -> None:
        """Another hotel or supplier was chosen: ask about unsaved typing, then load."""
        if self.model.dirty and not self.leave_unsaved():
            for combo, key in ((self.hotel, self._hotel_id), (self.supplier, self._supplier_id)):
                combo.blockSignals(True)
                combo.select_id(key)
                combo.blockSignals(False)
            return
        if self.hotel.current_id() is not None:
            self.ctx.prefs.last_hotel_id = self.hotel.current_id()
        self.load_grid()

    # --- editing -------------------------------------------------------------------

    def _edited(self) -> None:
        self.problems.hide()
        self._update_actions()

    def _typing_error(self, message: str) -> None:
        self.problems.setText(message)
        self.problems.show()
        self.ctx.say(message)

    def _update_actions(self) -> None:
        dirty = self.model.dirty
        self.save_button.setEnabled(dirty)
        self.revert_button.setEnabled(dirty)
        self.add_button.setEnabled(self._hotel_id is not None)
        self.export_button.setEnabled(bool(self.model.rows))
        rows = len(self.model.rows)
        text = _("{n} products").format(n=rows)
        if dirty:
            text += " · " + _("{n} cells changed, not saved").format(n=self.model.changed_cells())
        self.summary.setText(text)

    def add_product(self) -> None:
        if self._hotel_id is None:
            return
        shown = self.model.shown_ids()
        candidates = [r for r in self._all if r.product_id not in shown and r.active]
        if not candidates:
            QMessageBox.information(
                self, _("Add product"), _("Every active product is already in the grid.")
            )
            return
        picker = ProductPicker(candidates, parent=self)
        if not picker.exec():
            return
        self.add_products(picker.chosen())

    def add_products(self, product_ids: list[int]) -> None:
        """Show these products in the grid and put the cursor on the first one's Monday."""
        by_id = {r.product_id: r for r in self._all}
        first: int | None = None
        for product_id in product_ids:
            if product_id in by_id and product_id not in self.model.shown_ids():
                row = self.model.add_row(by_id[product_id])
                first = row if first is None else min(first, row)
        self._update_actions()
        self.empty.setVisible(not self.model.rows)
        if first is not None:
            index = self.model.index(first, GridCol.MONDAY)
            self.table.setCurrentIndex(index)
            self.table.scrollTo(index)
            self.table.setFocus()

    # --- saving --------------------------------------------------------------------

    def save(self) -> bool:
        """Write the changed rows in one unit of work; True when nothing is left unsaved."""
        if self.table.state() == QAbstractItemView.State.EditingState:
            self.table.setFocus()  # the open cell editor commits what it holds
        if self._hotel_id is None or not self.model.dirty:
            return True
        changed = self.model.changed_rows()
        try:
            saved = standing_orders.save_standing_order_grid(
                self.ctx.db, hotel_id=self._hotel_id, rows=changed
            )
        except ValidationError as exc:
            messages = [m for msgs in exc.problems.values() for m in msgs]
            self.problems.setText("\n".join(messages))
            self.problems.show()
            self.ctx.say(_("Not saved: {reason}").format(reason=messages[0] if messages else ""))
            return False
        except Exception as exc:
            show_error(self, exc)
            return False
        self.load_grid()
        self._quiet = True  # the grid was just read again: no refresh for our own change
        try:
            self.ctx.notify(
                "standing_order",
                _("Standing orders of {hotel} saved: {n} products changed.").format(
                    hotel=self.hotel.currentText(), n=len(saved)
                ),
            )
        finally:
            self._quiet = False
        return True

    def revert(self) -> None:
        if not self.model.dirty:
            return
        if not self.confirm_revert():
            return
        self.model.revert()
        self.load_grid()
        self.ctx.say(_("Changes to the standing orders thrown away."))

    def confirm_revert(self) -> bool:
        box = QMessageBox(
            QMessageBox.Icon.Question,
            _("Revert"),
            _("Throw away the {n} changed cells?").format(n=self.model.changed_cells()),
            parent=self,
        )
        revert = box.addButton(_("Revert"), QMessageBox.ButtonRole.DestructiveRole)
        box.setDefaultButton(box.addButton(_("Keep editing"), QMessageBox.ButtonRole.RejectRole))
        box.exec()
        return box.clickedButton() is revert

    def export(self) -> None:
        model: ListTableModel[GridRow] = ListTableModel(
            export_columns(), key=lambda r: r.product_id
        )
        model.set_rows(list(self.model.rows))
        title = _("Standing orders") + f" {self.hotel.currentText()}"
        export_model(self.ctx, model, title=title, parent=self)

    # --- leaving with unsaved changes ---------------------------------------------

    def ask_unsaved(self) -> str:
        """Ask what to do with unsaved typing: "save", "discard" or "cancel"."""
        box = QMessageBox(
            QMessageBox.Icon.Question,
            _("Unsaved changes"),
            _("The standing orders of {hotel} have {n} changed cells that are not saved.").format(
                hotel=self.hotel.itemText(max(0, self.hotel.findData(self._hotel_id))),
                n=self.model.changed_cells(),
            ),
            parent=self,
        )
        save = box.addButton(_("Save"), QMessageBox.ButtonRole.AcceptRole)
        discard = box.addButton(_("Discard changes"), QMessageBox.ButtonRole.DestructiveRole)
        box.addButton(_("Keep editing"), QMessageBox.ButtonRole.RejectRole)
        box.setDefaultButton(save)
        box.exec()
        if box.clickedButton() is save:
            return "save"
        return "discard" if box.clickedButton() is discard else "cancel"

    def leave_unsaved(self) -> bool:
        """True when the page may go on: the changes were saved or thrown away."""
        if not self.model.dirty:
            return True
        answer = self.ask_unsaved()
        if answer == "save":
            return self.save()
        if answer == "discard":
            self.model.revert()
            self.ctx.say(_("Changes to the standing orders thrown away."))
            return True
        return False

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        window = self.window()
        if window is not self and window is not self._watching_window:
            # the main window has no "may this page be left?" hook: watch its closing
            window.installEventFilter(self)
            self._watching_window = window

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if (
            watched is self._watching_window
            and event.type() == QEvent.Type.Close
            and self.isVisible()
            and not self.leave_unsaved()
        ):
            event.ignore()
            return True
        return super().eventFilter(watched, event)

    def hideEvent(self, event: QHideEvent) -> None:
        super().hideEvent(event)
        window = self.window()
        if event.spontaneous():
            return  # the window was minimised, not left
        if self.model.dirty and window is not self and window.isVisible():
            # another page was chosen: ask once the switch is done, and come back on Cancel
            QTimer.singleShot(0, self._left_with_changes)

    def _left_with_changes(self) -> None:
        if self.isVisible() or not self.model.dirty:
            return
        if self.leave_unsaved():
            self.load_grid()
            return
        window = self.window()
        pages = getattr(window, "pages", None)
        show_page = getattr(window, "show_page", None)
        if isinstance(pages, list) and self in pages and callable(show_page):
            show_page(pages.index(self))
