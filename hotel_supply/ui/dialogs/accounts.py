"""The account dialogs of a working day: change your own password; and the administrator's
add, edit and reset-password dialogs of the Accounts page."""

from __future__ import annotations

from PySide6.QtWidgets import QCheckBox, QLineEdit, QVBoxLayout, QWidget

from hotel_supply.db import Database
from hotel_supply.i18n import N_, _
from hotel_supply.models.enums import Role, label
from hotel_supply.services import accounts
from hotel_supply.services.accounts import AccountView
from hotel_supply.services.errors import DomainError
from hotel_supply.ui.dialogs.sign_in import _AccountDialog, _password_field

ROLE_HINTS: dict[Role, str] = {  # English msgids
    Role.ADMIN: N_("accounts, settings, numbering, PPN, reopening months"),
    Role.FINANCE: N_("invoices, credit notes, payments, closing months"),
    Role.PURCHASING: N_("orders, standing orders, master data, prices"),
    Role.STOREROOM: N_("receiving, issues, waste, returns, counts"),
    Role.VIEWER: N_("read, print and export only"),
}


def role_hint(role: Role) -> str:
    return _(ROLE_HINTS[role])


class ChangePasswordDialog(_AccountDialog):
    """Account → Change password…: the current password, then the new one twice."""

    def __init__(self, db: Database, parent: QWidget | None = None) -> None:
        super().__init__(_("Change password"),
                         _("Type your current password, then the new one twice."),
                         _("Change password"), parent)
        self.db = db
        self.old = _password_field()
        self.password = _password_field()
        self.repeat = _password_field()
        self.password.setPlaceholderText(_("at least {n} characters").format(
            n=accounts.MIN_PASSWORD))
        self.form.addRow(_("Current password"), self.old)
        self.form.addRow(_("New password"), self.password)
        self.form.addRow(_("New password again"), self.repeat)

    def accept(self) -> None:
        try:
            accounts.change_password(self.db, old=self.old.text(), new=self.password.text(),
                                     repeated=self.repeat.text())
        except DomainError as exc:
            self.show_problem(exc)
            return
        super().accept()


class AccountDialog(_AccountDialog):
    """A new account (user name, full name, roles, first password) or an existing one's
    full name and roles."""

    def __init__(self, db: Database, account: AccountView | None = None,
                 parent: QWidget | None = None) -> None:
        new = account is None
        super().__init__(
            _("New account") if new else _("Edit account"),
            _("The clerk signs in with the user name and this first password, and must "
              "choose an own password at once. Documents print the full name.") if new else
            _("Change the full name or the roles. The user name stays."),
            _("Create account") if new else _("Save"), parent)
        self.db = db
        self.account = account
        self.username = QLineEdit(account.username if account else "")
        self.username.setMaxLength(40)
        self.username.setReadOnly(not new)
        self.full_name = QLineEdit(account.full_name if account else "")
        self.full_name.setMaxLength(120)
        self.form.addRow(_("User name"), self.username)
        self.form.addRow(_("Full name"), self.full_name)
        roles_box = QWidget()
        roles_layout = QVBoxLayout(roles_box)
        roles_layout.setContentsMargins(0, 0, 0, 0)
        roles_layout.setSpacing(2)
        self.role_boxes: dict[Role, QCheckBox] = {}
        for role in Role:
            box = QCheckBox(f"{label(role)} — {role_hint(role)}")
            box.setChecked(account is not None and role in account.roles)
            roles_layout.addWidget(box)
            self.role_boxes[role] = box
        self.form.addRow(_("Roles"), roles_box)
        self.password: QLineEdit | None = None
        if new:
            self.password = _password_field()
            self.password.setPlaceholderText(_("at least {n} characters").format(
                n=accounts.MIN_PASSWORD))
            self.form.addRow(_("First password"), self.password)
        self.result_account: AccountView | None = None

    def chosen_roles(self) -> list[Role]:
        return [role for role, box in self.role_boxes.items() if box.isChecked()]

    def accept(self) -> None:
        try:
            if self.account is None:
                assert self.password is not None
                self.result_account = accounts.create_account(
                    self.db, username=self.username.text(), full_name=self.full_name.text(),
                    roles=self.chosen_roles(), password=self.password.text())
            else:
                accounts.update_account(self.db, username=self.account.username,
                                        full_name=self.full_name.text(),
                                        roles=self.chosen_roles())
        except DomainError as exc:
            self.show_problem(exc)
            return
        super().accept()


class ResetPasswordDialog(_AccountDialog):
    """A new first password for a clerk who forgot theirs (the lock-out is lifted too)."""

    def __init__(self, db: Database, account: AccountView, parent: QWidget | None = None) -> None:
        super().__init__(
            _("Reset password"),
            _("A new first password for “{user}” ({name}). Tell it to the clerk: it must be "
              "changed at the next sign-in.").format(user=account.username,
                                                     name=account.full_name),
            _("Reset password"), parent)
        self.db = db
        self.account = account
        self.password = QLineEdit()  # shown: the administrator passes it on
        self.password.setMaxLength(200)
        self.password.setPlaceholderText(_("at least {n} characters").format(
            n=accounts.MIN_PASSWORD))
        self.form.addRow(_("First password"), self.password)

    def accept(self) -> None:
        try:
            accounts.reset_password(self.db, username=self.account.username,
                                    password=self.password.text())
        except DomainError as exc:
            self.show_problem(exc)
            return
        super().accept()
