"""The administrator's Accounts page: the list, adding an account with its roles, editing,
disabling and enabling, resetting a password; the service's refusals shown calmly."""

from __future__ import annotations

import pytest

from hotel_supply.config import Preferences
from hotel_supply.db import Database
from hotel_supply.models.enums import Role
from hotel_supply.services import accounts
from hotel_supply.services.errors import DomainError
from hotel_supply.ui.context import AppContext
from hotel_supply.ui.dialogs.accounts import AccountDialog, ResetPasswordDialog
from hotel_supply.ui.pages import accounts as accounts_page
from hotel_supply.ui.pages.accounts import COLUMNS, AccountsPage
from tests.conftest import add_tester


@pytest.fixture
def page(qtbot, sqlite_db):
    add_tester(sqlite_db, "gudang", roles=[Role.STOREROOM])
    page = AccountsPage(AppContext(sqlite_db, Preferences()))
    qtbot.addWidget(page)
    page.show()
    page.refresh()
    return page


def shown(page: AccountsPage, username: str) -> list[str]:
    """The row of ``username`` as the table shows it."""
    for row, account in enumerate(page.model.loaded_rows()):
        if account.username == username:
            return [page.model.index(row, col).data() for col in range(len(COLUMNS))]
    raise AssertionError(f"{username} not listed")


def test_the_list_shows_each_account_with_its_roles(page):
    row = shown(page, "gudang")
    assert row[0] == "gudang" and row[1] == "Gudang"
    assert "Gudang" in row[2] and "Keuangan" not in row[2]
    assert row[3] == "Aktif"
    assert page.count_label.text() == "2 akun"


def test_adding_an_account_with_roles_lists_it_and_it_must_choose_a_password(qtbot, page):
    dialog = AccountDialog(page.ctx.db, parent=page)
    qtbot.addWidget(dialog)
    dialog.username.setText("rina")
    dialog.full_name.setText("Rina Wulandari")
    dialog.role_boxes[Role.FINANCE].setChecked(True)
    dialog.role_boxes[Role.VIEWER].setChecked(True)
    dialog.password.setText("mulai-123")
    dialog.show()
    dialog.accept()
    assert not dialog.isVisible(), dialog.error.text()
    page.refresh()
    row = shown(page, "rina")
    assert row[1] == "Rina Wulandari"
    assert "Keuangan" in row[2] and "Pemantau" in row[2]
    assert row[3] == "Wajib memilih kata sandi"
    signed = accounts.sign_in(Database(page.ctx.db.url),
                              username="rina", password="mulai-123")
    assert signed.must_change_password and signed.roles == {Role.FINANCE, Role.VIEWER}


def test_a_bad_user_name_is_said_in_the_dialog_which_stays_open(qtbot, page):
    dialog = AccountDialog(page.ctx.db, parent=page)
    qtbot.addWidget(dialog)
    dialog.username.setText("Rina W")
    dialog.full_name.setText("Rina")
    dialog.role_boxes[Role.FINANCE].setChecked(True)
    dialog.password.setText("mulai-123")
    dialog.show()
    dialog.accept()
    assert dialog.isVisible() and dialog.error.isVisible()
    assert "rina" in dialog.error.text()  # the message's example of a good user name
    assert "rina" not in [a.username for a in accounts.accounts(page.ctx.db)]


def test_editing_changes_the_roles_and_full_name(qtbot, page):
    page.select("gudang")
    dialog = AccountDialog(page.ctx.db, page.selected(), parent=page)
    qtbot.addWidget(dialog)
    assert dialog.username.isReadOnly() and dialog.role_boxes[Role.STOREROOM].isChecked()
    dialog.full_name.setText("Budi Santoso")
    dialog.role_boxes[Role.PURCHASING].setChecked(True)
    dialog.show()
    dialog.accept()
    assert not dialog.isVisible(), dialog.error.text()
    page.refresh()
    row = shown(page, "gudang")
    assert row[1] == "Budi Santoso" and "Pembelian" in row[2] and "Gudang" in row[2]


def test_disabling_and_enabling_an_account(page, monkeypatch):
    monkeypatch.setattr(accounts_page, "confirm", lambda *a, **k: True)
    page.select("gudang")
    assert page.active_button.text() == "Nonaktifkan"
    page.toggle_active()
    assert shown(page, "gudang")[3] == "Nonaktif"
    assert page.selected().username == "gudang" and page.active_button.text() == "Aktifkan"
    with pytest.raises(DomainError):
        accounts.sign_in(Database(page.ctx.db.url),
                         username="gudang", password="tester-password")
    page.toggle_active()
    assert shown(page, "gudang")[3] == "Aktif"


def test_disabling_ones_own_account_is_refused_calmly(page, monkeypatch):
    monkeypatch.setattr(accounts_page, "confirm", lambda *a, **k: True)
    said: list[BaseException] = []
    monkeypatch.setattr(accounts_page, "show_error", lambda _parent, exc: said.append(exc))
    page.select("tester")
    page.toggle_active()
    assert len(said) == 1 and isinstance(said[0], DomainError)
    assert shown(page, "tester")[3] == "Aktif"


def test_resetting_a_password_lifts_the_lock_and_asks_for_a_new_one(qtbot, page):
    page.select("gudang")
    dialog = ResetPasswordDialog(page.ctx.db, page.selected(), parent=page)
    qtbot.addWidget(dialog)
    dialog.show()
    dialog.password.setText("short")
    dialog.accept()
    assert dialog.isVisible() and "8" in dialog.error.text()
    dialog.password.setText("sementara-1")
    dialog.accept()
    assert not dialog.isVisible()
    page.refresh()
    assert shown(page, "gudang")[3] == "Wajib memilih kata sandi"
    signed = accounts.sign_in(Database(page.ctx.db.url),
                              username="gudang", password="sementara-1")
    assert signed.must_change_password


def test_a_clerk_sees_the_buttons_kept_off(qtbot, page):
    from hotel_supply.ui.permissions import forbidden

    clerk = AccountsPage(AppContext(Database(page.ctx.db.url, user="gudang"), Preferences()))
    qtbot.addWidget(clerk)
    for button in (clerk.new_button, clerk.edit_button, clerk.active_button, clerk.reset_button):
        assert forbidden(button) and not button.isEnabled()
