"""A month to work on (invoicing, reconciliation), chosen as month and year."""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QComboBox, QHBoxLayout, QSpinBox, QWidget

from hotel_supply import clock
from hotel_supply.formatting import format_month


class MonthPicker(QWidget):
    """Year and month of a period; ``changed`` when either moves."""

    changed = Signal()

    def __init__(self, value: dt.date | None = None, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        value = value or clock.today()
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(4)
        self.month_combo = QComboBox()
        for m in range(1, 13):
            self.month_combo.addItem(format_month(2000, m).split()[0], m)
        self.year_spin = QSpinBox()
        self.year_spin.setRange(2000, 2100)
        self.set_month(value.year, value.month)
        layout.addWidget(self.month_combo)
        layout.addWidget(self.year_spin)
        self.month_combo.currentIndexChanged.connect(lambda _i: self.changed.emit())
        self.year_spin.valueChanged.connect(lambda _v: self.changed.emit())

    def year(self) -> int:
        return self.year_spin.value()

    def month(self) -> int:
        return int(self.month_combo.currentData())

    def set_month(self, year: int, month: int) -> None:
        self.blockSignals(True)
        self.year_spin.setValue(year)
        self.month_combo.setCurrentIndex(month - 1)
        self.blockSignals(False)
        self.changed.emit()


def previous_month(today: dt.date) -> dt.date:
    return (today.replace(day=1) - dt.timedelta(days=1)).replace(day=1)
