"""Receiving a delivery: count, accept or reject each line, post, print."""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import QDateTime, Qt
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QDateTimeEdit,
    QDialog,
    QGridLayout,
    QHBoxLayout,
    QHeaderView,
    QInputDialog,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from hotel_supply.formatting import format_month, format_rupiah
from hotel_supply.i18n import _
from hotel_supply.models.enums import DeliveryStatus, Role, label
from hotel_supply.services import deliveries, settings
from hotel_supply.services.deliveries import DeliveryInput, DeliveryView
from hotel_supply.services.errors import DomainError, ValidationError
from hotel_supply.services.products import product_choices
from hotel_supply.services.stock import NegativeStockError
from hotel_supply.ui import geometry, theme
from hotel_supply.ui.context import AppContext
from hotel_supply.ui.dialogs.delivery_lines import Col, DeliveryLinesModel, LinesDelegate
from hotel_supply.ui.grid import SpreadsheetTable
from hotel_supply.ui.permissions import allow
from hotel_supply.ui.widgets import (
    DateEdit,
    confirm,
    describe_line_problems,
    leave_enter_to_the_grid,
    show_error,
)

FIELD_LABELS = {
    "delivered": "Delivered", "accepted": "Accepted", "rejected": "Rejected",
    "reason": "Reason", "expiry": "Expiry", "product": "Product", "ordered": "Ordered",
    "lot": "Lot",
}


class DeliveryDialog(QDialog):
    """One delivery: a draft to type and post, or a posted note to print or cancel."""

    def __init__(self, ctx: AppContext, delivery_id: int | None, parent: QWidget | None = None,
                 *, order_id: int | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        # the office's limit on one line (Settings), the same the service applies
        self.max_quantity = settings.load_settings(ctx.db).max_line_quantity
        # None while the draft of an expected order exists only here: the first save or
        # post creates it, so opening and closing an order leaves nothing behind
        self.delivery_id = delivery_id
        self.order_id = order_id
        self.view: DeliveryView | None = None
        self.dirty = False
        self.setMinimumSize(860, 500)
        geometry.fit_to_screen(self, 1480, 760)
        self._build()
        self.load()

    # --- layout --------------------------------------------------------------

    def _build(self) -> None:
        layout = QVBoxLayout(self)
        self.title = QLabel()
        self.title.setObjectName("pageTitle")
        self.subtitle = QLabel()
        self.subtitle.setObjectName("pageSubtitle")
        self.status_label = QLabel()
        top = QHBoxLayout()
        heads = QVBoxLayout()
        heads.addWidget(self.title)
        heads.addWidget(self.subtitle)
        top.addLayout(heads, 1)
        top.addWidget(self.status_label, 0, Qt.AlignmentFlag.AlignTop)
        layout.addLayout(top)
        self.banner = QLabel()
        self.banner.setObjectName("banner")
        self.banner.setWordWrap(True)
        self.banner.hide()
        layout.addWidget(self.banner)

        grid = QGridLayout()
        grid.setHorizontalSpacing(10)
        self.date = DateEdit()
        self.arrived = QDateTimeEdit()
        self.arrived.setDisplayFormat("dd/MM/yyyy HH:mm")
        self.arrived.setCalendarPopup(True)
        self.driver = QLineEdit()
        self.plate = QLineEdit()
        self.plate.setPlaceholderText("BE 1234 AB")
        self.received_by = QLineEdit()
        self.notes = QLineEdit()
        rows = (
            (_("Delivery date"), self.date, _("Driver"), self.driver, _("Received by"),
             self.received_by),
            (_("Arrived at"), self.arrived, _("Vehicle plate"), self.plate, _("Notes"),
             self.notes),
        )
        for r, row in enumerate(rows):
            for c in range(0, 6, 2):
                caption = QLabel(row[c])
                caption.setBuddy(row[c + 1])
                grid.addWidget(caption, r, c)
                grid.addWidget(row[c + 1], r, c + 1)
        grid.setColumnStretch(1, 2)
        grid.setColumnStretch(3, 3)
        grid.setColumnStretch(5, 4)
        layout.addLayout(grid)
        for w in (self.driver, self.plate, self.received_by):
            w.textEdited.connect(self._mark_dirty)
        self.notes.textEdited.connect(self._mark_dirty)
        self.date.dateChanged.connect(self._date_changed)
        self.arrived.dateTimeChanged.connect(self._mark_dirty)

        self.model = DeliveryLinesModel(self)
        self.table = SpreadsheetTable()
        self.table.setModel(self.model)
        self.table.setItemDelegate(LinesDelegate(self.table))
        header = self.table.horizontalHeader()
        header.setMinimumSectionSize(40)
        header.setSectionResizeMode(Col.PRODUCT, QHeaderView.ResizeMode.Stretch)
        for col, width in ((Col.UNIT, 64), (Col.ORDERED, 78), (Col.DELIVERED, 78),
                           (Col.ACCEPTED, 78), (Col.REJECTED, 78), (Col.REASON, 150),
                           (Col.NOTE, 120), (Col.LOT, 90), (Col.EXPIRY, 108), (Col.PRICE, 96),
                           (Col.AMOUNT, 110)):
            self.table.setColumnWidth(col, width)
        layout.addWidget(self.table, 1)
        self.model.edited.connect(self._lines_edited)
        self.model.typing_error.connect(self._typing_error)

        # what could not be read from a cell, said under the table: a message box would
        # take the focus away from the grid, and the next keys would land elsewhere
        self.typing_problem = QLabel()
        self.typing_problem.setObjectName("fieldError")
        self.typing_problem.setWordWrap(True)
        self.typing_problem.hide()
        layout.addWidget(self.typing_problem)
        self.problems = QLabel()
        self.problems.setObjectName("fieldError")
        self.problems.setWordWrap(True)
        layout.addWidget(self.problems)

        buttons = QHBoxLayout()
        self.add_button = QPushButton(theme.icon("plus"), _("Add product…"))
        self.add_button.setShortcut(QKeySequence(Qt.Key.Key_Insert))
        self.add_button.setToolTip(_("Add a product that was not ordered (Insert)"))
        self.remove_button = QPushButton(theme.icon("minus"), _("Remove line"))
        self.total = QLabel()
        self.total.setStyleSheet("font-weight: 600; font-size: 11pt;")
        self.cancel_button = QPushButton(theme.icon("cancel"), _("Cancel delivery…"))
        self.correct_button = QPushButton(theme.icon("pencil"), _("Correct…"))
        self.correct_button.setToolTip(_(
            "Correct this delivery in one step: type what was right; this number is cancelled "
            "with the reason you give and the new note refers to it"))
        self.discard_button = QPushButton(theme.icon("delete-outline"), _("Discard draft"))
        self.print_button = QPushButton(theme.icon("printer"), _("Print…"))
        self.print_button.setShortcut(QKeySequence.StandardKey.Print)
        self.save_button = QPushButton(theme.icon("content-save"), _("Save draft"))
        self.save_button.setShortcut(QKeySequence.StandardKey.Save)
        self.save_button.setToolTip(_("Save without posting (Ctrl+S)"))
        self.post_button = QPushButton(theme.icon("check-decagram", "#ffffff"), _("Post"))
        self.post_button.setProperty("primary", True)
        self.post_button.setToolTip(_("Post: take the number and put the goods in stock "
                                      "(Ctrl+Enter)"))
        for button in (self.add_button, self.remove_button, self.cancel_button, self.correct_button,
                       self.discard_button, self.save_button, self.post_button):  # the storeroom's
            allow(button, self.ctx, Role.STOREROOM)
        close = QPushButton(_("Close"))
        buttons.addWidget(self.add_button)
        buttons.addWidget(self.remove_button)
        buttons.addSpacing(18)
        buttons.addWidget(self.total)
        buttons.addStretch(1)
        for b in (self.cancel_button, self.correct_button, self.discard_button,
                  self.print_button, self.save_button, self.post_button, close):
            buttons.addWidget(b)
        layout.addLayout(buttons)
        for key in ("Ctrl+Return", "Ctrl+Enter"):
            QShortcut(QKeySequence(key), self, activated=self.post)
        self.add_button.clicked.connect(self.add_product)
        self.remove_button.clicked.connect(self.remove_line)
        self.save_button.clicked.connect(self.save)
        self.post_button.clicked.connect(self.post)
        self.print_button.clicked.connect(self.print_note)
        self.cancel_button.clicked.connect(self.cancel_delivery)
        self.correct_button.clicked.connect(self.correct_delivery)
        self.discard_button.clicked.connect(self.discard)
        close.clicked.connect(self.reject)
        leave_enter_to_the_grid(self)

    # --- loading -------------------------------------------------------------

    def load(self) -> None:
        if self.delivery_id is None:
            assert self.order_id is not None
            view = deliveries.preview_from_order(self.ctx.db, order_id=self.order_id)
            self.delivery_id = view.id or None
        else:
            view = deliveries.get_delivery(self.ctx.db, self.delivery_id)
        self.show_view(view)

    def show_view(self, view: DeliveryView) -> None:
        self.view = view
        editable = view.editable
        self.setWindowTitle(
            (view.number or _("New delivery")) + " — " + view.supplier_name
        )
        self.title.setText(f"{view.supplier_name}  →  {view.hotel_name}")
        number = view.number or _("(number given at posting)")
        self.subtitle.setText(_("Delivery note {number}").format(number=number))
        color = {DeliveryStatus.DRAFT: theme.ACCENT, DeliveryStatus.POSTED: theme.OK,
                 DeliveryStatus.INVOICED: theme.OK, DeliveryStatus.CANCELLED: theme.BAD}
        self.status_label.setText(label(view.status))
        self.status_label.setStyleSheet(
            f"color: white; background: {color[view.status]}; border-radius: 4px;"
            " padding: 4px 10px; font-weight: 600;"
        )
        data = view.data
        widgets = (self.date, self.arrived, self.driver, self.plate, self.received_by, self.notes)
        for w in widgets:
            w.blockSignals(True)
        self.date.set_value(data.delivery_date)
        if data.arrived_at:
            self.arrived.setDateTime(QDateTime(data.arrived_at))
        self.driver.setText(data.driver_name)
        self.plate.setText(data.vehicle_plate)
        self.received_by.setText(data.received_by)
        self.notes.setText(data.notes)
        for w in widgets:
            w.blockSignals(False)
            w.setEnabled(editable)
        products = {lv.product.id: lv.product for lv in view.lines}
        prices = {lv.input.product_id: lv.unit_price for lv in view.lines}
        self.model.day = data.delivery_date
        self.model.set_lines(list(data.lines), products, prices, editable=editable)
        for b in (self.add_button, self.remove_button, self.save_button, self.post_button,
                  self.discard_button):
            b.setVisible(editable)
        self.discard_button.setVisible(editable and self.delivery_id is not None)
        self.print_button.setVisible(view.status != DeliveryStatus.DRAFT or bool(view.number))
        self.cancel_button.setVisible(view.cancellable)
        self.correct_button.setVisible(view.cancellable)
        if view.status == DeliveryStatus.CANCELLED:
            text = _("Cancelled: {reason}").format(reason=view.cancel_reason)
            if view.corrected_by_number:
                text += "\n" + _("Corrected by {number}.").format(number=view.corrected_by_number)
            self.banner.setText(text)
            self.banner.show()
        elif view.status == DeliveryStatus.INVOICED:
            self.banner.setText(_("Invoiced: correct it with a credit note."))
            self.banner.show()
        elif view.month_closed:
            self.banner.setText(_(
                "{month} is closed: this delivery can no longer be changed. Correct it in an "
                "open month and mention the document it corrects.").format(
                month=format_month(data.delivery_date.year, data.delivery_date.month)))
            self.banner.show()
        elif view.corrects_number:
            self.banner.setText(_("Correction of {number}, which was cancelled.").format(
                number=view.corrects_number))
            self.banner.show()
        else:
            self.banner.hide()
        self.dirty = False
        self._validate()
        if editable and self.model.lines:
            self.table.setCurrentIndex(self.model.index(0, Col.DELIVERED))
            self.table.setFocus()

    # --- editing -------------------------------------------------------------

    def current_input(self) -> DeliveryInput:
        arrived = self.arrived.dateTime().toPython()
        assert isinstance(arrived, dt.datetime)
        return DeliveryInput(
            delivery_date=self.date.value(),
            arrived_at=arrived.replace(second=0, microsecond=0),
            driver_name=self.driver.text(),
            vehicle_plate=self.plate.text(),
            received_by=self.received_by.text(),
            notes=self.notes.text(),
            lines=self.model.lines,
        )

    def _mark_dirty(self, *_args: object) -> None:
        if self.view and self.view.editable:
            self.dirty = True

    def _date_changed(self) -> None:
        self._mark_dirty()
        self.model.day = self.date.value()
        if self.view is None:
            return
        ids = list({line.product_id for line in self.model.lines})
        self.model.prices = deliveries.price_list(
            self.ctx.db, hotel_id=self.view.hotel_id, product_ids=ids, day=self.date.value()
        )
        self._validate()

    def _lines_edited(self) -> None:
        self.typing_problem.hide()
        self._mark_dirty()
        self._validate()

    def _typing_error(self, message: str) -> None:
        """Say under the table what could not be read; the cell keeps its value and the
        grid keeps the focus."""
        index = self.table.currentIndex()
        if index.isValid():
            message = self._describe({f"line:{index.row()}:{Col(index.column()).name.lower()}":
                                      [message]})
        self._validate()
        self.ctx.say(message)
        self.typing_problem.setText(message)
        self.typing_problem.show()
        self.table.setFocus()

    def _validate(self) -> dict[str, list[str]]:
        assert self.view is not None
        self.total.setText(_("Value accepted: {value}").format(
            value=format_rupiah(self.model.total_value())))
        if not self.view.editable:
            self.problems.clear()
            self.model.set_problems({})
            return {}
        problems = deliveries.validate_delivery(
            self.current_input(), self.model.products, supplier_id=self.view.supplier_id,
            max_quantity=self.max_quantity,
        )
        self.model.set_problems(problems)
        self.problems.setText(self._describe(problems))
        # a cell whose text could not be read (said in the cell and above) stops posting too
        problems = {**self.model.typing_problems(), **problems}
        self.post_button.setEnabled(not problems)
        return problems

    def _describe(self, problems: dict[str, list[str]]) -> str:
        def product_of_row(row: int) -> str | None:
            if row >= len(self.model.lines):
                return None
            product = self.model.products.get(self.model.lines[row].product_id)
            return product.name if product else None

        return describe_line_problems(problems, product_of_row=product_of_row,
                                      field_labels=FIELD_LABELS)

    def add_product(self) -> None:
        assert self.view is not None
        choices = product_choices(self.ctx.db, supplier_id=self.view.supplier_id)
        if not choices:
            QMessageBox.information(self, _("Add product"),
                                    _("This supplier has no active products."))
            return
        items = [f"{code} — {name}" for _id, code, name in choices]
        item, ok = QInputDialog.getItem(self, _("Add product"), _("Product"), items, 0, False)
        if not ok:
            return
        product_id = choices[items.index(item)][0]
        info = deliveries.product_info(self.ctx.db, {product_id})[product_id]
        price = deliveries.price_list(self.ctx.db, hotel_id=self.view.hotel_id,
                                      product_ids=[product_id], day=self.date.value())
        row = self.model.add_line(info, price.get(product_id, 0))
        self.table.setCurrentIndex(self.model.index(row, Col.DELIVERED))
        self.table.edit(self.model.index(row, Col.DELIVERED))

    def remove_line(self) -> None:
        index = self.table.currentIndex()
        if not index.isValid():
            return
        line = self.model.lines[index.row()]
        if line.ordered > 0:
            QMessageBox.information(
                self, _("Remove line"),
                _("An ordered line stays on the note: set its delivered quantity to 0 instead."))
            return
        self.model.remove_line(index.row())

    # --- actions -------------------------------------------------------------

    def save(self) -> bool:
        assert self.view is not None
        try:
            saved = deliveries.save_draft(
                self.ctx.db, delivery_id=self.delivery_id, order_id=self.order_id,
                data=self.current_input(), version=self.view.version)
        except Exception as exc:
            show_error(self, exc)
            return False
        self.delivery_id = saved.id
        self.ctx.notify("delivery", _("Draft saved."))
        self.load()
        return True

    def post(self) -> None:
        if self.view is None or not self.view.editable:
            return
        if self._validate():
            self.ctx.say(_("Correct the marked cells before posting."))
            return
        lines = self.model.lines
        rejected = sum(1 for x in lines if x.rejected > 0)
        text = _("Post this delivery? {n} lines, {r} with rejected goods, value {value}. "
                 "Accepted goods go into the hotel's stock.").format(
            n=len(lines), r=rejected, value=format_rupiah(self.model.total_value()))
        if not confirm(self, text, title=_("Post delivery"), yes=_("Post")):
            return
        try:
            result = deliveries.post_delivery(self.ctx.db, delivery_id=self.delivery_id,
                                              order_id=self.order_id,
                                              data=self.current_input(),
                                              version=self.view.version)
        except ValidationError as exc:
            self.model.set_problems(exc.problems)
            self.problems.setText(self._describe(exc.problems))
            show_error(self, exc)
            return
        except Exception as exc:
            show_error(self, exc)
            return
        self.delivery_id = result.delivery_id
        self.ctx.notify("delivery", _("Delivery {number} posted: {value} received.").format(
            number=result.number, value=format_rupiah(result.total_value)))
        self.load()
        self.print_note()

    def print_note(self) -> None:
        from hotel_supply.ui.dialogs.print_preview import preview_delivery_note

        if self.dirty and self.view and self.view.editable and not self.save():
            return
        if self.delivery_id is None:
            return
        preview_delivery_note(self.ctx, self.delivery_id, parent=self)

    def cancel_delivery(self) -> None:
        assert self.view is not None and self.delivery_id is not None
        reason, ok = QInputDialog.getText(
            self, _("Cancel delivery"),
            _("Why is delivery {number} cancelled? Its goods are taken back out of stock.")
            .format(number=self.view.number))
        if not ok:
            return
        confirm_negative = False
        while True:
            try:
                deliveries.cancel_delivery(self.ctx.db, delivery_id=self.delivery_id,
                                           reason=reason, confirm_negative=confirm_negative)
            except NegativeStockError as exc:
                if not confirm(self, exc.message, title=_("Stock below zero"),
                               yes=_("Cancel anyway"), danger=True):
                    return
                confirm_negative = True
                continue
            except DomainError as exc:
                show_error(self, exc)
                return
            break
        self.ctx.notify("delivery", _("Delivery {number} cancelled.").format(
            number=self.view.number))
        self.load()

    def correct_delivery(self) -> None:
        """Open this delivery's lines to correct them; once the correction is posted, show it."""
        from hotel_supply.ui.dialogs.delivery_correction import DeliveryCorrectionDialog

        assert self.delivery_id is not None
        dialog = DeliveryCorrectionDialog(self.ctx, self.delivery_id, parent=self)
        dialog.exec()
        if dialog.corrected_id is not None:
            self.delivery_id = dialog.corrected_id
        self.load()

    def discard(self) -> None:
        if self.delivery_id is None:  # never saved: there is nothing to throw away
            self.dirty = False
            self.reject()
            return
        if not confirm(self, _("Discard this draft? What was typed is lost."),
                       yes=_("Discard"), danger=True):
            return
        try:
            deliveries.discard_draft(self.ctx.db, delivery_id=self.delivery_id)
        except Exception as exc:
            show_error(self, exc)
            return
        self.ctx.notify("delivery", _("Draft discarded."))
        self.dirty = False
        self.accept()

    def reject(self) -> None:
        """Esc, the Close button and the window's close box all come here."""
        if self.dirty and not self._leave_unsaved():
            return
        super().reject()

    def _leave_unsaved(self) -> bool:
        box = QMessageBox(QMessageBox.Icon.Question, _("Unsaved changes"),
                          _("Save the changes to this draft?"), parent=self)
        save = box.addButton(_("Save"), QMessageBox.ButtonRole.AcceptRole)
        drop = box.addButton(_("Discard changes"), QMessageBox.ButtonRole.DestructiveRole)
        box.addButton(_("Cancel"), QMessageBox.ButtonRole.RejectRole)
        box.exec()
        if box.clickedButton() is save:
            return self.save()
        return box.clickedButton() is drop
