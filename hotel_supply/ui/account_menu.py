"""The signed-in account in the main window: its full name in the status bar, the Account
menu (change password, sign out or switch user), the administrators' pages shown only to
administrators, and the menu actions a role may not use kept off."""

from __future__ import annotations

import contextlib
from typing import TYPE_CHECKING

from PySide6.QtGui import QAction
from PySide6.QtWidgets import QLabel, QMessageBox

from hotel_supply.i18n import _
from hotel_supply.models.enums import Role
from hotel_supply.services import accounts
from hotel_supply.services.accounts import AccountView
from hotel_supply.ui import theme
from hotel_supply.ui.context import AppContext
from hotel_supply.ui.permissions import allow

if TYPE_CHECKING:
    from hotel_supply.ui.main_window import MainWindow

_windows: list[MainWindow] = []  # a window opened for the next account lives on here


def signed_in_text(account: AccountView | None) -> str:
    if account is None:
        return _("Nobody signed in")
    return _("Signed in: {name} ({user})").format(name=account.full_name or account.username,
                                                  user=account.username)


def install(window: MainWindow) -> None:
    """Everything of the window that depends on who signed in (called once, at its end)."""
    ctx = window.ctx
    from hotel_supply.ui.main_window import PAGES

    for row, entry in enumerate(PAGES):  # the pages are not built yet: their entries say
        if entry.admin_only and not ctx.may(Role.ADMIN):
            window.navigation.setRowHidden(row, True)
            window.page_actions[row].setVisible(False)
            window.page_actions[row].setEnabled(False)
    for text, roles in ((_("&Import…"), (Role.PURCHASING,)), (_("&Restore…"), (Role.ADMIN,))):
        action = menu_action(window, text)
        if action is not None:
            allow(action, ctx, *roles)

    window.account_label = QLabel(signed_in_text(ctx.account))
    window.account_label.setObjectName("pageSubtitle")
    window.statusBar().addPermanentWidget(window.account_label)

    menu = window.menuBar().addMenu(_("&Account"))
    change = QAction(theme.icon("form-textbox-password"), _("C&hange password…"), window)
    change.triggered.connect(lambda: change_password(window))
    menu.addAction(change)
    switch = QAction(theme.icon("account-switch-outline"), _("Sign &out / switch user…"),
                     window)
    switch.triggered.connect(lambda: switch_user(window))
    menu.addAction(switch)
    window.change_password_action = change
    window.switch_user_action = switch
    # the Account menu comes before Help
    actions = window.menuBar().actions()
    if len(actions) >= 2:
        window.menuBar().insertAction(actions[-2], menu.menuAction())


def menu_action(window: MainWindow, text: str) -> QAction | None:
    """The window's menu action showing ``text`` (mnemonic included), if it has one."""
    for menu_entry in window.menuBar().actions():
        menu = menu_entry.menu()
        for action in menu.actions() if menu is not None else []:
            if action.text() == text:
                return action
    return None


def change_password(window: MainWindow) -> bool:
    from hotel_supply.ui.dialogs.accounts import ChangePasswordDialog

    if ChangePasswordDialog(window.ctx.db, window).exec():
        window.ctx.say(_("Your password is changed."))
        return True
    return False


def sign_in_again(ctx: AppContext) -> AccountView | None:
    """The sign-in dialog for the next account (the last one's name remembered)."""
    from hotel_supply.ui.dialogs.sign_in import sign_in_at_start

    account = sign_in_at_start(ctx.db, last_user=ctx.prefs.last_user, demo=ctx.is_demo)
    if account is not None and ctx.prefs.last_user != account.username:
        ctx.prefs.last_user = account.username
        with contextlib.suppress(OSError):  # remembering the name is only a convenience
            ctx.prefs.save()
    return account


def switch_user(window: MainWindow, *, ask: bool = True) -> MainWindow | None:
    """Sign out, sign in (the same or another account), and open the window anew for its
    roles. Giving up at the sign-in closes the app: nobody is signed in any more."""
    from hotel_supply.ui.main_window import MainWindow

    ctx = window.ctx
    if ask and QMessageBox.question(
            window, _("Sign out"),
            _("Sign out and let someone else sign in? Unsaved work in open windows is lost."),
    ) != QMessageBox.StandardButton.Yes:
        return None
    accounts.sign_out(ctx.db)
    window.hide()
    account = sign_in_again(ctx)
    if account is None:
        window.close()  # nobody is signed in: the app ends (and closes the database)
        return None
    fresh = MainWindow(AppContext(ctx.db, ctx.prefs, is_demo=ctx.is_demo))
    if window in _windows:
        _windows.remove(window)
    _windows.append(fresh)
    fresh.show()
    window.deleteLater()  # not close(): that would close the database the new window uses
    fresh.ctx.say(signed_in_text(fresh.ctx.account))
    return fresh
