"""Akun pengguna (administrators): who may sign in, with which roles; add, edit, disable,
enable and reset a password. Every refusal of the service is shown as it is."""

from __future__ import annotations

from PySide6.QtCore import QModelIndex
from PySide6.QtWidgets import QHBoxLayout, QLabel, QPushButton, QTableView, QVBoxLayout, QWidget

from hotel_supply import clock
from hotel_supply.formatting import format_datetime
from hotel_supply.i18n import N_, _
from hotel_supply.models.enums import Role, label
from hotel_supply.services import accounts
from hotel_supply.services.accounts import AccountView
from hotel_supply.ui import theme
from hotel_supply.ui.context import AppContext
from hotel_supply.ui.pages import Page
from hotel_supply.ui.permissions import allow
from hotel_supply.ui.table_model import ROW_ROLE, Column, ListTableModel, setup_table
from hotel_supply.ui.widgets import confirm, page_header, show_error


def _roles_text(account: AccountView) -> str:
    return ", ".join(label(role) for role in Role if role in account.roles)


def _locked_text(account: AccountView) -> str:
    if account.locked_until is None or account.locked_until <= clock.now():
        return ""
    return format_datetime(account.locked_until)


def _state_text(account: AccountView) -> str:
    if not account.active:
        return _("Disabled")
    if not account.has_password:
        return _("No password yet")
    if account.must_change_password:
        return _("Must choose a password")
    return _("Active")


COLUMNS: list[Column[AccountView]] = [
    Column(N_("User name"), lambda a: a.username, width=140),
    Column(N_("Full name"), lambda a: a.full_name, width=190),
    Column(N_("Roles"), _roles_text),
    Column(N_("Status"), _state_text, raw=lambda a: a.active, width=150,
           color=lambda a: None if a.active else theme.MUTED),
    Column(N_("Last sign-in"), lambda a: format_datetime(a.last_login_at),
           raw=lambda a: a.last_login_at, width=130),
    Column(N_("Locked until"), _locked_text, raw=lambda a: a.locked_until, width=150,
           color=lambda a: theme.BAD if _locked_text(a) else None),
]


class AccountsPage(Page):
    title = N_("Accounts")
    icon_name = "account-key-outline"
    watches = ("app_user",)
    admin_only = True

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(ctx, parent)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(18, 14, 18, 14)
        layout.addWidget(page_header(
            _("Accounts"),
            _("Who may sign in, and what each may do. A disabled account keeps its name on "
              "what it made, but can no longer sign in.")))
        self.model: ListTableModel[AccountView] = ListTableModel(
            COLUMNS, key=lambda a: hash(a.username), parent=self)
        self.table = QTableView()
        self.table.setModel(self.model)
        setup_table(self.table, COLUMNS, stretch=2)
        self.table.doubleClicked.connect(self._edit_index)
        self.table.selectionModel().selectionChanged.connect(lambda *_a: self._update_buttons())
        layout.addWidget(self.table, 1)

        actions = QHBoxLayout()
        self.count_label = QLabel()
        self.count_label.setObjectName("pageSubtitle")
        self.reset_button = QPushButton(theme.icon("lock-reset"), _("Reset password…"))
        self.active_button = QPushButton(theme.icon("account-cancel-outline"), _("Disable"))
        self.edit_button = QPushButton(theme.icon("pencil-outline"), _("Edit…"))
        self.new_button = QPushButton(theme.icon("account-plus-outline", "#ffffff"),
                                      _("New account…"))
        self.new_button.setProperty("primary", True)
        actions.addWidget(self.count_label)
        actions.addStretch(1)
        for button in (self.reset_button, self.active_button, self.edit_button, self.new_button):
            actions.addWidget(button)
            allow(button, ctx, Role.ADMIN)
        layout.addLayout(actions)
        self.new_button.clicked.connect(self.new_account)
        self.edit_button.clicked.connect(self.edit_selected)
        self.active_button.clicked.connect(self.toggle_active)
        self.reset_button.clicked.connect(self.reset_selected)
        self._update_buttons()

    def refresh(self) -> None:
        super().refresh()
        chosen = self.selected()
        self.model.set_rows(accounts.accounts(self.ctx.db))
        self.count_label.setText(_("{n} accounts").format(n=self.model.total))
        if chosen is not None:
            self.select(chosen.username)
        self._update_buttons()

    def selected(self) -> AccountView | None:
        rows = self.table.selectionModel().selectedRows()
        if not rows:
            return None
        row = self.model.data(rows[0], ROW_ROLE)
        return row if isinstance(row, AccountView) else None

    def select(self, username: str) -> None:
        for i, account in enumerate(self.model.loaded_rows()):
            if account.username == username:
                self.table.selectRow(i)
                return

    def _update_buttons(self) -> None:
        account = self.selected()
        for button in (self.edit_button, self.active_button, self.reset_button):
            button.setEnabled(account is not None)
        self.active_button.setText(_("Enable") if account is not None and not account.active
                                   else _("Disable"))

    def _changed(self, message: str, username: str) -> None:
        self.refresh()
        self.select(username)
        self.ctx.notify("app_user", message)

    def _edit_index(self, index: QModelIndex) -> None:
        self.table.selectRow(index.row())
        if self.edit_button.isEnabled():
            self.edit_selected()

    def new_account(self) -> None:
        from hotel_supply.ui.dialogs.accounts import AccountDialog

        dialog = AccountDialog(self.ctx.db, parent=self)
        if dialog.exec() and dialog.result_account is not None:
            name = dialog.result_account.username
            self._changed(_("Account “{user}” created.").format(user=name), name)

    def edit_selected(self) -> None:
        from hotel_supply.ui.dialogs.accounts import AccountDialog

        account = self.selected()
        if account is None:
            return
        if AccountDialog(self.ctx.db, account, parent=self).exec():
            self._changed(_("Account “{user}” saved.").format(user=account.username),
                          account.username)

    def toggle_active(self) -> None:
        account = self.selected()
        if account is None:
            return
        if account.active and not confirm(
                self, _("Disable the account “{user}” ({name})? It can no longer sign in; "
                        "what it made keeps its name.").format(user=account.username,
                                                               name=account.full_name),
                yes=_("Disable"), danger=True):
            return
        try:
            accounts.set_active(self.ctx.db, username=account.username,
                                active=not account.active)
        except Exception as exc:
            show_error(self, exc)
            return
        message = (_("Account “{user}” disabled.") if account.active
                   else _("Account “{user}” enabled."))
        self._changed(message.format(user=account.username), account.username)

    def reset_selected(self) -> None:
        from hotel_supply.ui.dialogs.accounts import ResetPasswordDialog

        account = self.selected()
        if account is None:
            return
        if ResetPasswordDialog(self.ctx.db, account, parent=self).exec():
            self._changed(_("The password of “{user}” is reset; it must be changed at the "
                            "next sign-in.").format(user=account.username), account.username)

