"""Empty cells and "All" entries read back from Qt never use up Python's ``None``."""

from __future__ import annotations

import sys

from PySide6.QtCore import Qt
from PySide6.QtGui import QStandardItemModel
from PySide6.QtWidgets import QComboBox

import hotel_supply.ui  # noqa: F401  (settles PySide6's quirks)


def test_reading_a_hundred_thousand_empty_cells_and_all_entries_is_survived(qtbot):
    model = QStandardItemModel(2, 2)
    empty = model.index(0, 0)
    combo = QComboBox()
    qtbot.addWidget(combo)
    combo.addItem("Semua hotel", None)
    before = sys.getrefcount(None)
    for _ in range(50_000):  # more than the references None has in a whole session
        assert empty.data(Qt.ItemDataRole.DisplayRole) is None
        assert combo.currentData() is None
    assert sys.getrefcount(None) > 1_000_000  # still far from being freed
    assert before > 1_000_000
