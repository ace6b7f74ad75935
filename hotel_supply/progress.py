"""Progress reporting for long work, testable without Qt.

Long jobs (a demo database, a month of PDFs, an import) take a ``Progress``
and call ``step()``; the UI passes one that drives a progress dialog and can
cancel, the command line one that prints, tests a silent one.
"""

from __future__ import annotations

from collections.abc import Callable


class Cancelled(Exception):
    """The user cancelled the job; whatever it wrote in its own unit of work is rolled back."""


class Progress:
    def __init__(self, report: Callable[[int, int, str], None] | None = None,
                 cancelled: Callable[[], bool] | None = None) -> None:
        self._report = report
        self._cancelled = cancelled

    def step(self, done: int, total: int, message: str = "") -> None:
        """Report ``done`` of ``total``; raises ``Cancelled`` if the user asked to stop."""
        if self._cancelled is not None and self._cancelled():
            raise Cancelled()
        if self._report is not None:
            self._report(done, total, message)


SILENT = Progress()
