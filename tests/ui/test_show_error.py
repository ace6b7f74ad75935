"""An unexpected error that a page catches is reported like one no page caught: a calm
sentence, the details kept in the log, never the raw text alone."""

from __future__ import annotations

from PySide6.QtWidgets import QMessageBox

from hotel_supply import errors_log
from hotel_supply.services.errors import DomainError
from hotel_supply.ui.dialogs import error as error_dialog
from hotel_supply.ui.widgets import show_error


def test_an_unexpected_error_is_logged_and_shown_calmly(qtbot, monkeypatch):
    shown = []
    monkeypatch.setattr(error_dialog.ErrorDialog, "exec", lambda self: shown.append(self) or 0)
    try:
        raise RuntimeError("kolom hilang: delivery_line.amount")
    except RuntimeError as exc:
        show_error(None, exc)
    (dialog,) = shown
    qtbot.addWidget(dialog)
    assert "kolom hilang" not in dialog.message_label.text()  # a sentence, not the raw error
    assert "RuntimeError" in dialog.details and "kolom hilang" in dialog.details
    assert "kolom hilang" in errors_log.log_path().read_text(encoding="utf-8")


def test_a_domain_error_is_shown_as_it_is(qtbot, monkeypatch):
    said = []
    monkeypatch.setattr(QMessageBox, "warning", lambda _p, _t, text, *a: said.append(text))
    show_error(None, DomainError("Oktober 2026 sudah ditutup."))
    assert said == ["Oktober 2026 sudah ditutup."]
