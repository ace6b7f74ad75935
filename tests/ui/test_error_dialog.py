"""An error nobody caught shows a calm dialog, is logged, and the app keeps running."""

from __future__ import annotations

import shutil
import sqlite3
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication, QPushButton

from hotel_supply import config
from hotel_supply.config import sqlite_url
from hotel_supply.services.errors import DomainError
from hotel_supply.ui import app as app_module
from hotel_supply.ui.dialogs.error import ErrorDialog, ExceptionHooks

# Qt hands an exception that leaves a slot to sys.excepthook: ours, not pytest-qt's
pytestmark = pytest.mark.qt_no_exception_capture


@pytest.fixture
def hooks(qtbot) -> Iterator[ExceptionHooks]:
    installed = ExceptionHooks()
    installed.install()
    yield installed
    installed.uninstall()
    for dialog in error_dialogs():
        dialog.close()


def error_dialogs() -> list[ErrorDialog]:
    return [w for w in QApplication.topLevelWidgets()
            if isinstance(w, ErrorDialog) and w.isVisible()]


def button_that_raises(qtbot, error: BaseException) -> QPushButton:
    button = QPushButton("Simpan")
    qtbot.addWidget(button)

    def on_click() -> None:
        raise error

    button.clicked.connect(on_click)
    button.show()
    return button


def test_an_error_in_a_slot_shows_the_dialog_and_the_app_goes_on(qtbot, hooks):
    from PySide6.QtCore import Qt

    button = button_that_raises(qtbot, RuntimeError("stok tidak terbaca"))
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: len(error_dialogs()) == 1)
    dialog = error_dialogs()[0]
    log = config.data_dir() / "hotel-supply.log"
    assert dialog.message_label.text().startswith("Terjadi masalah yang tidak terduga")
    assert dialog.log_label.text() == f"Rinciannya tersimpan di {log}."
    dialog.copy_button.click()
    copied = QApplication.clipboard().text()
    assert "Traceback (most recent call last)" in copied
    assert "RuntimeError: stok tidak terbaca" in copied and "on_click" in copied
    assert dialog.copy_button.text() == "Tersalin"
    assert "RuntimeError: stok tidak terbaca" in log.read_text(encoding="utf-8")

    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)  # again, while the dialog is open
    assert len(error_dialogs()) == 1  # logged, not piled up
    assert log.read_text(encoding="utf-8").count("RuntimeError: stok tidak terbaca") == 2
    dialog.accept()
    qtbot.waitUntil(lambda: error_dialogs() == [])
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)  # the app is still alive
    qtbot.waitUntil(lambda: len(error_dialogs()) == 1)


def test_a_domain_error_shows_just_its_message(qtbot, hooks):
    from PySide6.QtCore import Qt

    button = button_that_raises(qtbot, DomainError("Bulan November 2026 sudah ditutup."))
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: len(error_dialogs()) == 1)
    dialog = error_dialogs()[0]
    assert dialog.message_label.text() == "Bulan November 2026 sudah ditutup."
    assert not dialog.log_label.isVisible() and not dialog.copy_button.isVisible()
    assert not (config.data_dir() / "hotel-supply.log").exists()


def test_an_error_in_a_background_thread_reaches_the_dialog(qtbot, hooks):
    def work() -> None:
        raise ValueError("ekspor terhenti")

    thread = threading.Thread(target=work, name="ekspor")
    thread.start()
    thread.join()
    qtbot.waitUntil(lambda: len(error_dialogs()) == 1)
    details = error_dialogs()[0].details
    assert "di latar belakang (ekspor)" in details and "ValueError: ekspor terhenti" in details


@pytest.fixture
def gui_start(monkeypatch) -> Iterator[list[str]]:
    """run_gui as the app starts it, minus the theme; every dialog it shows is read and closed."""
    monkeypatch.setattr(app_module.theme, "apply", lambda app: None)
    shown: list[str] = []

    def close_dialogs() -> None:
        for dialog in error_dialogs():
            shown.append(dialog.message_label.text())
            dialog.accept()

    timer = QTimer()
    timer.timeout.connect(close_dialogs)
    timer.start(50)
    yield shown
    timer.stop()
    if app_module._hooks is not None:
        app_module._hooks.uninstall()
        app_module._hooks = None


def test_the_app_on_a_newer_database_says_so_and_exits(qtbot, gui_start, tmp_path,
                                                      _sqlite_template: Path):
    newer = tmp_path / "office.sqlite3"
    shutil.copyfile(_sqlite_template, newer)
    with sqlite3.connect(newer) as conn:
        conn.execute("UPDATE alembic_version SET version_num = '9999'")
    conn.close()
    assert app_module.run_gui(sqlite_url(newer)) == 2
    assert gui_start == ["Database ini dibuat oleh Hotel Supply versi yang lebih baru "
                         "(revisi 9999): pasang versi yang lebih baru itu."]
    assert not (tmp_path / "office-backups").exists()  # no backup of a refused file


def test_the_app_on_a_read_only_database_says_so_and_exits(qtbot, gui_start, tmp_path,
                                                          _sqlite_template: Path):
    from tests.test_cli_errors import read_only

    office = tmp_path / "office.sqlite3"
    shutil.copyfile(_sqlite_template, office)
    with read_only(office):
        assert app_module.run_gui(sqlite_url(office)) == 2
    assert len(gui_start) == 1 and gui_start[0].startswith(f"File database {office} hanya-baca")


def test_the_app_given_an_empty_url_says_so_and_creates_nothing(qtbot, gui_start):
    assert app_module.run_gui("") == 2
    assert len(gui_start) == 1 and gui_start[0].startswith("URL database kosong: gunakan ")
    assert list(config.data_dir().glob("*.sqlite3")) == []
