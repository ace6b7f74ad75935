"""Start a delivery that came without an order."""

from __future__ import annotations

import datetime as dt

from PySide6.QtWidgets import QDialog, QDialogButtonBox, QFormLayout, QLabel, QVBoxLayout, QWidget

from hotel_supply.i18n import _
from hotel_supply.services import deliveries
from hotel_supply.services.errors import DomainError
from hotel_supply.services.hotels import hotel_choices
from hotel_supply.services.suppliers import supplier_choices
from hotel_supply.ui.context import AppContext
from hotel_supply.ui.widgets import ChoiceCombo, DateEdit, show_error


class NewDeliveryDialog(QDialog):
    def __init__(self, ctx: AppContext, *, hotel_id: int | None, day: dt.date,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.delivery_id: int | None = None
        self.setWindowTitle(_("Delivery without order"))
        layout = QVBoxLayout(self)
        hint = QLabel(_("Goods arrived that nobody ordered for this day. Choose who brought "
                        "them; the lines are typed next."))
        hint.setWordWrap(True)
        layout.addWidget(hint)
        form = QFormLayout()
        self.hotel = ChoiceCombo()
        self.hotel.set_choices([(h[0], h[2]) for h in hotel_choices(ctx.db)])
        if hotel_id:
            self.hotel.select_id(hotel_id)
        self.supplier = ChoiceCombo()
        self.supplier.setEditable(True)
        self.supplier.set_choices([(s[0], f"{s[2]} ({s[1]})") for s in supplier_choices(ctx.db)])
        self.day = DateEdit(day)
        form.addRow(_("Hotel"), self.hotel)
        form.addRow(_("Supplier (UMKM)"), self.supplier)
        form.addRow(_("Delivery date"), self.day)
        layout.addLayout(form)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok
                                   | QDialogButtonBox.StandardButton.Cancel)
        buttons.button(QDialogButtonBox.StandardButton.Ok).setText(_("Start receiving"))
        buttons.button(QDialogButtonBox.StandardButton.Cancel).setText(_("Cancel"))
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)

    def accept(self) -> None:
        hotel_id, supplier_id = self.hotel.current_id(), self.supplier.current_id()
        if hotel_id is None or supplier_id is None:
            show_error(self, DomainError(_("Choose a hotel and a supplier.")))
            return
        try:
            self.delivery_id = deliveries.new_delivery(
                self.ctx.db, hotel_id=hotel_id, supplier_id=supplier_id, day=self.day.value())
        except Exception as exc:
            show_error(self, exc)
            return
        super().accept()
