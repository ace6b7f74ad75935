"""Open a dialog of the app by name and type into it as a clerk would (for the corpus)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from PySide6.QtCore import QDate
from PySide6.QtWidgets import (
    QAbstractButton,
    QComboBox,
    QDateEdit,
    QLineEdit,
    QPlainTextEdit,
    QSpinBox,
    QWidget,
)

from hotel_supply.config import Preferences
from hotel_supply.db import Database
from hotel_supply.ui.context import AppContext
from hotel_supply.ui.dialogs.form import OptionalDate


class FormDriver:
    """A dialog built on ``FormDialog``: fields by key, their messages, Save."""

    def __init__(self, dialog: Any) -> None:
        self.dialog = dialog

    def widget(self, key: str) -> QWidget:
        return self.dialog._fields[key].widget  # the form's own registry of fields

    def type_into(self, key: str, value: Any) -> None:
        widget = self.widget(key)
        if isinstance(widget, QLineEdit):
            widget.setFocus()
            widget.setText(str(value))
        elif isinstance(widget, QPlainTextEdit):
            widget.setPlainText(str(value))
        elif isinstance(widget, QSpinBox):
            widget.setValue(int(value))
        elif isinstance(widget, QDateEdit):
            assert isinstance(value, dt.date)
            widget.setDate(QDate(value.year, value.month, value.day))
        elif isinstance(widget, QComboBox):
            index = widget.findData(value)
            widget.setCurrentIndex(index)
        elif isinstance(widget, QAbstractButton):
            widget.setChecked(bool(value))
        elif isinstance(widget, OptionalDate):
            widget.set_value(value)
        else:  # pragma: no cover - a widget the corpus does not know yet
            raise AssertionError(f"cannot type into {type(widget).__name__}")
        self.dialog.revalidate()

    def message(self, key: str) -> str:
        return self.dialog.field_message(key)

    def can_save(self) -> bool:
        return bool(self.dialog.ok_button.isEnabled())

    def try_save(self) -> None:
        self.dialog.ok_button.click()
        self.dialog.accept()


def open_form(name: str, db: Database, ids: dict[str, Any], qtbot: Any) -> FormDriver:
    ctx = AppContext(db, Preferences())
    if name == "supplier":
        from hotel_supply.ui.dialogs.supplier import SupplierDialog

        dialog: Any = SupplierDialog(ctx)
    elif name == "product":
        from hotel_supply.ui.dialogs.product import ProductDialog

        dialog = ProductDialog(ctx, supplier_id=ids["supplier"])
    elif name == "hotel":
        from hotel_supply.ui.dialogs.hotel import HotelDialog

        dialog = HotelDialog(ctx)
    elif name == "price":
        from hotel_supply.ui.dialogs.price import PriceAgreementDialog

        dialog = PriceAgreementDialog(ctx, hotel_id=ids["hotel"], supplier_id=ids["supplier"],
                                      product_id=ids["chips"])
    else:  # pragma: no cover - a typo in the corpus
        raise AssertionError(f"unknown form {name}")
    qtbot.addWidget(dialog)
    dialog.show()
    return FormDriver(dialog)
