"""The calm error dialog, and the exception hooks that show it instead of a traceback.

An error nobody caught (in a slot, a timer, a worker thread) is written to the
log file in the data folder and reported in one sentence; "Copy details" puts
the traceback on the clipboard for whoever supports the office. The app keeps
running. A ``DomainError`` that gets this far shows just its message.
"""

from __future__ import annotations

import queue
import sys
import threading
from collections.abc import Callable
from pathlib import Path
from types import TracebackType

from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import (
    QApplication,
    QDialog,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from hotel_supply import errors_log
from hotel_supply.i18n import _
from hotel_supply.services.errors import DomainError
from hotel_supply.ui import theme

THREAD_POLL_MS = 250


class ErrorDialog(QDialog):
    """One sentence, where the details are kept, and a button that copies them."""

    def __init__(self, message: str, *, details: str = "", log_path: Path | None = None,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.details = details
        self.setWindowTitle(_("Hotel Supply"))
        self.setMinimumWidth(480)
        layout = QVBoxLayout(self)
        row = QHBoxLayout()
        icon = QLabel()
        icon.setPixmap(theme.icon("alert-circle-outline", theme.WARN).pixmap(40, 40))
        icon.setAlignment(Qt.AlignmentFlag.AlignTop)
        row.addWidget(icon)
        text = QVBoxLayout()
        self.message_label = QLabel(message)
        self.message_label.setWordWrap(True)
        self.message_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        text.addWidget(self.message_label)
        self.log_label = QLabel()
        self.log_label.setObjectName("pageSubtitle")
        self.log_label.setWordWrap(True)
        self.log_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        if details:
            self.log_label.setText(
                _("The details are kept in {path}.").format(path=log_path) if log_path else
                _("The details could not be written to a log file; copy them from here."))
        self.log_label.setVisible(bool(details))
        text.addWidget(self.log_label)
        text.addStretch(1)
        row.addLayout(text, 1)
        layout.addLayout(row)

        buttons = QHBoxLayout()  # copying on the left, away from the button that closes
        self.copy_button = QPushButton(theme.icon("content-copy"), _("Copy details"))
        self.copy_button.setAutoDefault(False)
        self.copy_button.clicked.connect(self.copy_details)
        self.copy_button.setVisible(bool(details))
        buttons.addWidget(self.copy_button)
        buttons.addStretch(1)
        close = QPushButton(_("Close"))
        close.setDefault(True)
        close.clicked.connect(self.accept)
        buttons.addWidget(close)
        layout.addLayout(buttons)

    def copy_details(self) -> None:
        QApplication.clipboard().setText(self.details)
        self.copy_button.setText(_("Copied"))


def unexpected_message() -> str:
    return _(
        "Something unexpected went wrong, and what you were doing may not have finished. "
        "Hotel Supply keeps running: you can carry on, and try it again."
    )


def dialog_for(error: BaseException, *, where: str = "",
               parent: QWidget | None = None) -> ErrorDialog:
    """The dialog that reports ``error``; anything but a ``DomainError`` is logged first."""
    if isinstance(error, DomainError):
        return ErrorDialog(error.message, parent=parent)
    path = errors_log.log_error(error, where=where)
    return ErrorDialog(unexpected_message(), details=errors_log.format_details(error, where=where),
                       log_path=path, parent=parent)


class ExceptionHooks:
    """``sys.excepthook`` and ``threading.excepthook`` that report through ``ErrorDialog``.

    Qt calls ``sys.excepthook`` for an exception that leaves a slot, and the
    event loop goes on. An error in another thread is queued and shown by the
    GUI thread. While one dialog is open, further errors are only logged, so a
    fault that repeats (a paint event, a timer) cannot bury the screen.
    """

    def __init__(self) -> None:
        self._pending: queue.SimpleQueue[tuple[BaseException, str]] = queue.SimpleQueue()
        self._open: ErrorDialog | None = None
        self._saved: tuple[Callable[..., object], Callable[..., object]] | None = None
        self._timer = QTimer()
        self._timer.setInterval(THREAD_POLL_MS)
        self._timer.timeout.connect(self._show_pending)

    def install(self) -> None:
        self._saved = (sys.excepthook, threading.excepthook)
        sys.excepthook = self.on_exception
        threading.excepthook = self.on_thread_exception
        self._timer.start()

    def uninstall(self) -> None:
        self._timer.stop()
        if self._saved is not None:
            sys.excepthook, threading.excepthook = self._saved  # type: ignore[assignment]
            self._saved = None

    def on_exception(self, exc_type: type[BaseException], error: BaseException,
                     tb: TracebackType | None) -> None:
        if not isinstance(error, Exception):  # Ctrl+C in the terminal, SystemExit: as Python does
            sys.__excepthook__(exc_type, error, tb)
            return
        if threading.current_thread() is not threading.main_thread():
            self._pending.put((error, threading.current_thread().name))
            return
        self.report(error)

    def on_thread_exception(self, args: threading.ExceptHookArgs) -> None:
        if args.exc_value is None or not isinstance(args.exc_value, Exception):
            return
        self._pending.put((args.exc_value, args.thread.name if args.thread else ""))

    def _show_pending(self) -> None:
        while not self._pending.empty():
            error, thread = self._pending.get()
            self.report(error, where=_("in the background ({thread})").format(thread=thread))

    def report(self, error: BaseException, *, where: str = "") -> None:
        """Show ``error`` (non-modal for the caller: it returns at once), or only log it."""
        try:
            if self._open is not None and self._open.isVisible():
                if not isinstance(error, DomainError):
                    errors_log.log_error(error, where=where)
                return
            dialog = dialog_for(error, where=where, parent=QApplication.activeWindow())
            dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
            dialog.setWindowModality(Qt.WindowModality.ApplicationModal)
            dialog.finished.connect(self._closed)
            self._open = dialog
            dialog.show()
        except Exception:  # the report itself failed: Python's own output beats silence
            sys.__excepthook__(type(error), error, error.__traceback__)

    def _closed(self) -> None:
        self._open = None
