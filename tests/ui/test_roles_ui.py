"""What each role sees in the main window: the buttons it may use enabled, the others
disabled with a tooltip naming the role that may (whatever the page's own state turns on),
the administrators' pages only for administrators, the full name in the status bar, and
signing out to another account rebuilding the window for its roles."""

from __future__ import annotations

import pytest
from PySide6.QtWidgets import QPushButton

from hotel_supply import i18n
from hotel_supply.config import Preferences
from hotel_supply.db import Database
from hotel_supply.models.enums import Role
from hotel_supply.services import accounts
from hotel_supply.ui import account_menu
from hotel_supply.ui.context import AppContext
from hotel_supply.ui.main_window import MainWindow
from hotel_supply.ui.pages.accounts import AccountsPage
from hotel_supply.ui.pages.audit import AuditPage
from hotel_supply.ui.pages.counts import CountsPage
from hotel_supply.ui.pages.invoices import InvoicesPage
from hotel_supply.ui.pages.products import ProductsPage
from hotel_supply.ui.pages.reconciliation import ReconciliationPage
from hotel_supply.ui.pages.settings import SettingsPage
from hotel_supply.ui.pages.standing_orders import StandingOrdersPage
from hotel_supply.ui.pages.stock import StockPage
from hotel_supply.ui.pages.suppliers import SuppliersPage
from hotel_supply.ui.pages.today import TodayPage
from hotel_supply.ui.permissions import forbidden
from tests.conftest import TESTER_PASSWORD, add_tester

DEMO_ACCOUNTS = {
    "admin": [Role.ADMIN],
    "keuangan": [Role.FINANCE],
    "pembelian": [Role.PURCHASING],
    "gudang": [Role.STOREROOM],
    "pemantau": [Role.VIEWER],
}

# (page, button attribute, the role that may use it)
GUARDED = [
    (SuppliersPage, "new_button", Role.PURCHASING),
    (SuppliersPage, "edit_button", Role.PURCHASING),
    (SuppliersPage, "active_button", Role.PURCHASING),
    (ProductsPage, "new_button", Role.PURCHASING),
    (StandingOrdersPage, "save_button", Role.PURCHASING),
    (StandingOrdersPage, "add_button", Role.PURCHASING),
    (TodayPage, "adhoc_button", Role.PURCHASING),
    (TodayPage, "unplanned_button", Role.STOREROOM),
    (StockPage, "issue_button", Role.STOREROOM),
    (StockPage, "waste_button", Role.STOREROOM),
    (StockPage, "return_button", Role.STOREROOM),
    (CountsPage, "start_button", Role.STOREROOM),
    (InvoicesPage, "generate_button", Role.FINANCE),
    (InvoicesPage, "issue_button", Role.FINANCE),
    (InvoicesPage, "pay_button", Role.FINANCE),
    (InvoicesPage, "credit_button", Role.FINANCE),
    (ReconciliationPage, "close_button", Role.FINANCE),
    (ReconciliationPage, "reopen_button", Role.ADMIN),
]
OPEN_TO_ALL = [
    (SuppliersPage, "export_button"),
    (StockPage, "report_button"),
    (StockPage, "export_button"),
    (InvoicesPage, "print_button"),
    (ReconciliationPage, "export_button"),
    (CountsPage, "export_button"),
    (SettingsPage, "save_button"),  # this computer's language and backups are anyone's
]


@pytest.fixture
def office(sqlite_db):
    for name, roles in DEMO_ACCOUNTS.items():
        add_tester(sqlite_db, name, roles=roles)
    return sqlite_db


def window_for(qtbot, db: Database, username: str) -> MainWindow:
    as_user = Database(db.url, user=username)
    window = MainWindow(AppContext(as_user, Preferences()))
    qtbot.addWidget(window)
    window.show()
    return window


def page_of(window: MainWindow, cls: type) -> object:
    return next(page for page in window.pages if type(page) is cls)


@pytest.mark.parametrize("username", list(DEMO_ACCOUNTS))
def test_each_role_finds_only_its_own_buttons_enabled(qtbot, office, username):
    window = window_for(qtbot, office, username)
    held = set(DEMO_ACCOUNTS[username])
    for cls, name, role in GUARDED:
        button = getattr(page_of(window, cls), name)
        assert isinstance(button, QPushButton)
        if role in held:
            assert not forbidden(button), (username, cls.__name__, name)
        else:
            assert forbidden(button), (username, cls.__name__, name)
            assert not button.isEnabled(), (username, cls.__name__, name)
            button.setEnabled(True)  # what the page does when a row is chosen
            assert not button.isEnabled(), (username, cls.__name__, name)
            assert "may do this" in button.toolTip() or "boleh" in button.toolTip()
    for cls, name in OPEN_TO_ALL:
        assert not forbidden(getattr(page_of(window, cls), name)), (username, name)


def test_a_viewer_sees_every_page_but_the_administrators_and_changes_nothing(qtbot, office):
    window = window_for(qtbot, office, "pemantau")
    hidden = {type(page) for row, page in enumerate(window.pages)
              if window.navigation.isRowHidden(row)}
    assert hidden == {AccountsPage, AuditPage}
    for i, page in enumerate(window.pages):
        if type(page) not in hidden:
            window.show_page(i)
            assert page.isVisible()
    kept_off = [b for page in window.pages for b in page.findChildren(QPushButton)
                if forbidden(b)]
    assert len(kept_off) >= len(GUARDED)
    for text in ("&Import…", "&Restore…"):
        action = account_menu.menu_action(window, i18n._(text))
        assert action is not None and forbidden(action) and not action.isEnabled()
    assert "Pemantau" in window.account_label.text() or "pemantau" in window.account_label.text()


def test_an_administrator_sees_the_accounts_and_audit_pages(qtbot, office):
    window = window_for(qtbot, office, "admin")
    rows = {type(page): row for row, page in enumerate(window.pages)}
    assert not window.navigation.isRowHidden(rows[AccountsPage])
    assert not window.navigation.isRowHidden(rows[AuditPage])
    window.show_page(rows[AccountsPage])
    names = [a.username for a in window.current_page().model.loaded_rows()]
    assert {"admin", "keuangan", "gudang"} <= set(names)


def test_the_status_bar_names_the_signed_in_account(qtbot, office):
    window = window_for(qtbot, office, "keuangan")
    assert window.account_label.text() == "Masuk sebagai: Keuangan (keuangan)"


def test_a_shown_tooltip_keeps_the_role_after_the_page_sets_its_own(qtbot, office):
    window = window_for(qtbot, office, "gudang")
    close = page_of(window, ReconciliationPage).close_button
    close.setToolTip("Reconcile all hotels to close the month.")
    assert "Reconcile all hotels" in close.toolTip()
    assert "Keuangan" in close.toolTip()


def test_signing_out_and_in_as_another_account_rebuilds_the_window(qtbot, office, monkeypatch):
    window = window_for(qtbot, office, "pemantau")
    assert forbidden(page_of(window, InvoicesPage).issue_button)

    def sign_in_as_keuangan(ctx):
        return accounts.sign_in(ctx.db, username="keuangan", password=TESTER_PASSWORD)

    monkeypatch.setattr(account_menu, "sign_in_again", sign_in_as_keuangan)
    fresh = account_menu.switch_user(window, ask=False)
    assert fresh is not None
    qtbot.addWidget(fresh)
    assert fresh.ctx.db.user == "keuangan" and fresh.ctx.account.username == "keuangan"
    assert not forbidden(page_of(fresh, InvoicesPage).issue_button)
    assert forbidden(page_of(fresh, StockPage).issue_button)
    assert "keuangan" in fresh.account_label.text()
    assert not window.isVisible()


def test_giving_up_at_the_sign_in_leaves_nobody_signed_in(qtbot, office, monkeypatch):
    window = window_for(qtbot, office, "gudang")
    monkeypatch.setattr(account_menu, "sign_in_again", lambda ctx: None)
    assert account_menu.switch_user(window, ask=False) is None
    assert window.ctx.db.user is None
    assert not window.isVisible()


def test_changing_ones_own_password_from_the_account_menu(qtbot, office, monkeypatch):
    from hotel_supply.ui.dialogs.accounts import ChangePasswordDialog

    window = window_for(qtbot, office, "gudang")
    dialog = ChangePasswordDialog(window.ctx.db, window)
    qtbot.addWidget(dialog)
    dialog.show()
    dialog.old.setText("wrong one")
    dialog.password.setText("gudang-baru-1")
    dialog.repeat.setText("gudang-baru-1")
    dialog.accept()
    assert dialog.isVisible() and dialog.error.isVisible()
    dialog.old.setText(TESTER_PASSWORD)
    dialog.accept()
    assert not dialog.isVisible()
    assert accounts.sign_in(window.ctx.db, username="gudang", password="gudang-baru-1")
