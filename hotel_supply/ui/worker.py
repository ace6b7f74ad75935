"""Run long work off the GUI thread behind a progress dialog that can cancel it."""

from __future__ import annotations

import threading
from collections.abc import Callable
from typing import Any, TypeVar

from PySide6.QtCore import QObject, Qt, QThread, Signal
from PySide6.QtWidgets import QApplication, QProgressDialog, QWidget

from hotel_supply.i18n import _
from hotel_supply.progress import Cancelled, Progress

T = TypeVar("T")


class _Job(QObject):
    progressed = Signal(int, int, str)
    finished = Signal()

    def __init__(self, func: Callable[[Progress], Any]) -> None:
        super().__init__()
        self.func = func
        self.result: Any = None
        self.error: BaseException | None = None
        self.cancel_flag = threading.Event()

    def run(self) -> None:
        progress = Progress(lambda d, t, m: self.progressed.emit(d, t, m),
                            self.cancel_flag.is_set)
        try:
            self.result = self.func(progress)
        except BaseException as exc:  # handed to the GUI thread, shown there
            self.error = exc
        self.finished.emit()


def run_with_progress(parent: QWidget | None, title: str,
                      func: Callable[[Progress], T]) -> T:
    """Run ``func(progress)`` in a worker thread; returns its result or re-raises its error.

    Raises ``Cancelled`` when the user pressed Cancel.
    """
    dialog = QProgressDialog(title, _("Cancel"), 0, 0, parent)
    dialog.setWindowTitle(title)
    dialog.setWindowModality(Qt.WindowModality.WindowModal)
    dialog.setMinimumDuration(300)
    dialog.setAutoClose(False)
    dialog.setAutoReset(False)
    job = _Job(func)
    thread = QThread()
    job.moveToThread(thread)
    thread.started.connect(job.run)

    def on_progress(done: int, total: int, message: str) -> None:
        dialog.setMaximum(max(total, 1))
        dialog.setValue(min(done, max(total, 1)))
        if message:
            dialog.setLabelText(message)

    job.progressed.connect(on_progress, Qt.ConnectionType.QueuedConnection)
    job.finished.connect(thread.quit)
    dialog.canceled.connect(job.cancel_flag.set)
    thread.start()
    while thread.isRunning():
        QApplication.processEvents()
        thread.wait(30)
    QApplication.processEvents()
    # closing a progress dialog emits "canceled": the work is done, so stop listening first
    dialog.canceled.disconnect(job.cancel_flag.set)
    cancelled = job.cancel_flag.is_set()
    dialog.close()
    if job.error is not None:
        raise job.error
    if cancelled:
        raise Cancelled()
    result: T = job.result
    return result
