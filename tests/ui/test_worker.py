"""Long work runs off the GUI thread behind a progress dialog that can cancel it."""

from __future__ import annotations

import threading

import pytest
from PySide6.QtWidgets import QApplication, QProgressDialog

from hotel_supply.progress import Cancelled, Progress
from hotel_supply.services.errors import DomainError
from hotel_supply.ui.worker import run_with_progress


def test_the_result_comes_back_and_the_work_ran_elsewhere(qtbot):
    seen: list[tuple[int, int]] = []
    gui = threading.get_ident()

    def work(progress: Progress) -> int:
        assert threading.get_ident() != gui
        for i in range(1, 4):
            progress.step(i, 3, f"langkah {i}")
            seen.append((i, 3))
        return 42

    assert run_with_progress(None, "Uji", work) == 42
    assert seen == [(1, 3), (2, 3), (3, 3)]


def test_an_error_in_the_work_reaches_the_caller(qtbot):
    def work(progress: Progress) -> None:
        raise DomainError("Database sibuk")

    with pytest.raises(DomainError, match="Database sibuk"):
        run_with_progress(None, "Uji", work)


def test_cancel_stops_the_work_at_its_next_step(qtbot):
    started = threading.Event()

    def work(progress: Progress) -> None:
        started.set()
        for i in range(10_000):
            progress.step(i, 10_000)
            threading.Event().wait(0.001)

    def press_cancel() -> None:
        started.wait(5)
        for widget in QApplication.topLevelWidgets():
            if isinstance(widget, QProgressDialog):
                widget.cancel()

    from PySide6.QtCore import QTimer

    QTimer.singleShot(50, press_cancel)
    with pytest.raises(Cancelled):
        run_with_progress(None, "Uji", work)
