"""Floor for the start: a bare PySide6 window with a 50-row table, closed once painted.

    python bench/floors/bare_window.py

Prints ``painted`` the moment the table is first painted; the caller times the process
from its start to that line, and reads its peak memory at its exit.
"""

from __future__ import annotations

import sys

from PySide6.QtCore import QEvent, QObject, QTimer
from PySide6.QtGui import QStandardItem, QStandardItemModel
from PySide6.QtWidgets import QApplication, QMainWindow, QTableView


class QuitOnPaint(QObject):
    done = False

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.Paint and not self.done:
            self.done = True
            print("painted", flush=True)
            QTimer.singleShot(0, QApplication.quit)
        return False


def main() -> int:
    app = QApplication(sys.argv)
    window = QMainWindow()
    model = QStandardItemModel(50, 6)
    for row in range(50):
        for column in range(6):
            model.setItem(row, column, QStandardItem(f"{row}.{column}"))
    table = QTableView()
    table.setModel(model)
    window.setCentralWidget(table)
    spy = QuitOnPaint()
    table.viewport().installEventFilter(spy)
    window.resize(1200, 800)
    window.show()
    return app.exec()


if __name__ == "__main__":
    raise SystemExit(main())
