"""Run long work off the GUI thread behind a progress dialog that can cancel it.

The work runs in a plain Python thread and never touches Qt: it reports through
``Progress.step`` into a small locked box, and the GUI thread, which keeps the
window alive meanwhile, shows the latest report in the dialog. (Emitting Qt
signals from a worker thread at a high rate has crashed PySide; this design has
no cross-thread Qt calls at all.)
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from typing import Any, TypeVar

from PySide6.QtCore import QEventLoop, Qt
from PySide6.QtWidgets import QApplication, QProgressDialog, QWidget

from hotel_supply.progress import Cancelled, Progress

T = TypeVar("T")
POLL_SECONDS = 0.03


class _Report:
    """The latest progress report, written by the worker, read by the GUI thread."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._value: tuple[int, int, str] | None = None

    def put(self, done: int, total: int, message: str) -> None:
        with self._lock:
            self._value = (done, total, message)

    def take(self) -> tuple[int, int, str] | None:
        with self._lock:
            value, self._value = self._value, None
            return value


def run_with_progress(parent: QWidget | None, title: str,
                      func: Callable[[Progress], T]) -> T:
    """Run ``func(progress)`` in a worker thread; returns its result or re-raises its error.

    Raises ``Cancelled`` when the user pressed Cancel before the work ended.
    """
    from hotel_supply.i18n import _

    dialog = QProgressDialog(title, _("Cancel"), 0, 0, parent)
    dialog.setWindowTitle(title)
    dialog.setWindowModality(Qt.WindowModality.WindowModal)
    dialog.setMinimumDuration(300)
    dialog.setAutoClose(False)
    dialog.setAutoReset(False)
    cancel = threading.Event()
    dialog.canceled.connect(cancel.set)
    report = _Report()
    outcome: dict[str, Any] = {}

    def run() -> None:
        try:
            outcome["result"] = func(Progress(report.put, cancel.is_set))
        except BaseException as exc:  # handed to the GUI thread, raised there
            outcome["error"] = exc

    worker = threading.Thread(target=run, name="hotel-supply-work", daemon=True)
    worker.start()
    while worker.is_alive():
        latest = report.take()
        if latest is not None:
            done, total, message = latest
            dialog.setMaximum(max(total, 1))
            dialog.setValue(min(done, max(total, 1)))
            if message:
                dialog.setLabelText(message)
        QApplication.processEvents(QEventLoop.ProcessEventsFlag.AllEvents, 20)
        if dialog.wasCanceled():
            cancel.set()
        worker.join(POLL_SECONDS)
    # closing a progress dialog emits "canceled": the work is over, stop listening first
    dialog.canceled.disconnect()
    dialog.close()
    dialog.deleteLater()
    if "error" in outcome:
        raise outcome["error"]
    if "result" not in outcome:  # pragma: no cover - the thread always sets one or the other
        raise Cancelled()
    result: T = outcome["result"]
    return result


__all__ = ["Cancelled", "run_with_progress"]
