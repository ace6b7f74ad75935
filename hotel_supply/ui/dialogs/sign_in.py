"""Signing in at start: the first administrator of a new database, or an account's password.

An account brought from an older database chooses its password here (an
administrator's only: the others get one from an administrator), and an account
whose password was set by an administrator must change it before it works.
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QVBoxLayout,
    QWidget,
)

from hotel_supply.db import Database
from hotel_supply.i18n import _
from hotel_supply.services import accounts
from hotel_supply.services.accounts import AccountView
from hotel_supply.services.errors import DomainError, ValidationError
from hotel_supply.ui import theme


def _password_field() -> QLineEdit:
    field = QLineEdit()
    field.setEchoMode(QLineEdit.EchoMode.Password)
    field.setMaxLength(200)
    return field


class _AccountDialog(QDialog):
    """Title, intro, a form, an error line under it, OK and Cancel in Indonesian or English."""

    def __init__(self, title: str, intro: str, ok_text: str,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(title)
        self.setMinimumWidth(440)
        layout = QVBoxLayout(self)
        heading = QLabel(title)
        heading.setObjectName("pageTitle")
        layout.addWidget(heading)
        if intro:
            text = QLabel(intro)
            text.setWordWrap(True)
            layout.addWidget(text)
        self.form = QFormLayout()
        layout.addLayout(self.form)
        self.error = QLabel()
        self.error.setObjectName("errorText")
        self.error.setStyleSheet(f"color: {theme.BAD};")
        self.error.setWordWrap(True)
        self.error.hide()
        layout.addWidget(self.error)
        self.buttons = QDialogButtonBox()
        self.ok_button = self.buttons.addButton(ok_text, QDialogButtonBox.ButtonRole.AcceptRole)
        self.ok_button.setDefault(True)
        self.cancel_button = self.buttons.addButton(_("Cancel"),
                                                    QDialogButtonBox.ButtonRole.RejectRole)
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        layout.addWidget(self.buttons)

    def show_problem(self, error: BaseException) -> None:
        if isinstance(error, ValidationError):
            text = "\n".join(m for msgs in error.problems.values() for m in msgs)
        else:
            text = str(getattr(error, "message", error))
        self.error.setText(text)
        self.error.show()
        self.adjustSize()


class FirstAdminDialog(_AccountDialog):
    """A new database: its first account, the administrator (with every role)."""

    def __init__(self, db: Database, parent: QWidget | None = None) -> None:
        super().__init__(
            _("Create the administrator"),
            _("This database has no accounts yet. Create the administrator's account: it may "
              "do everything, and it creates the other clerks' accounts later (the Accounts "
              "page). Documents print the full name."),
            _("Create and sign in"), parent)
        self.db = db
        self.account: AccountView | None = None
        self.username = QLineEdit()
        self.username.setMaxLength(40)
        self.full_name = QLineEdit()
        self.full_name.setMaxLength(120)
        self.password = _password_field()
        self.repeat = _password_field()
        self.form.addRow(_("User name"), self.username)
        self.form.addRow(_("Full name"), self.full_name)
        self.form.addRow(_("Password"), self.password)
        self.form.addRow(_("Password again"), self.repeat)
        self.password.setPlaceholderText(_("at least {n} characters").format(
            n=accounts.MIN_PASSWORD))

    def accept(self) -> None:
        try:
            self.account = accounts.create_first_admin(
                self.db, username=self.username.text(), full_name=self.full_name.text(),
                password=self.password.text(), repeated=self.repeat.text())
        except DomainError as exc:
            self.show_problem(exc)
            return
        super().accept()


class NewPasswordDialog(_AccountDialog):
    """Choose a password: the first one of an administrator brought from an older
    database, or a new one after an administrator set a temporary one."""

    def __init__(self, db: Database, username: str, *, first: bool, old_password: str = "",
                 parent: QWidget | None = None) -> None:
        intro = (_("The account “{user}” has no password yet. Choose one now; nobody else "
                   "can sign in as you afterwards.") if first else
                 _("An administrator set the password of “{user}”. Choose your own now."))
        super().__init__(_("Choose a password"), intro.format(user=username), _("Save"), parent)
        self.db = db
        self.username = username
        self.first = first
        self.old_password = old_password
        self.account: AccountView | None = None
        self.password = _password_field()
        self.repeat = _password_field()
        self.password.setPlaceholderText(_("at least {n} characters").format(
            n=accounts.MIN_PASSWORD))
        self.form.addRow(_("New password"), self.password)
        self.form.addRow(_("New password again"), self.repeat)

    def accept(self) -> None:
        try:
            if self.first:
                self.account = accounts.set_first_password(
                    self.db, username=self.username, password=self.password.text(),
                    repeated=self.repeat.text())
            else:
                accounts.change_password(self.db, old=self.old_password,
                                         new=self.password.text(), repeated=self.repeat.text())
                self.account = accounts.current(self.db)
        except DomainError as exc:
            self.show_problem(exc)
            return
        super().accept()


class SignInDialog(_AccountDialog):
    """User name (the last one on this PC filled in) and password."""

    def __init__(self, db: Database, *, last_user: str = "", demo: bool = False,
                 parent: QWidget | None = None) -> None:
        intro = (_("Demo accounts: admin, keuangan, pembelian, gudang and pemantau, each with "
                   "the password “demo”.") if demo else "")
        super().__init__(_("Sign in to Hotel Supply"), intro, _("Sign in"), parent)
        self.db = db
        self.account: AccountView | None = None
        self.username = QLineEdit(last_user or ("admin" if demo else ""))
        self.username.setMaxLength(40)
        self.password = _password_field()
        self.form.addRow(_("User name"), self.username)
        self.form.addRow(_("Password"), self.password)
        (self.password if self.username.text() else self.username).setFocus(
            Qt.FocusReason.OtherFocusReason)

    def accept(self) -> None:
        name = self.username.text()
        password = self.password.text()
        try:
            account = accounts.sign_in(self.db, username=name, password=password)
        except accounts.PasswordNotSet:
            chooser = NewPasswordDialog(self.db, name.strip().lower(), first=True, parent=self)
            if not chooser.exec():
                return
            account = chooser.account  # type: ignore[assignment]
        except DomainError as exc:
            self.password.clear()
            self.show_problem(exc)
            self.password.setFocus()
            return
        if account is not None and account.must_change_password:
            chooser = NewPasswordDialog(self.db, account.username, first=False,
                                        old_password=password, parent=self)
            if not chooser.exec():
                accounts.sign_out(self.db)
                return
            account = chooser.account  # type: ignore[assignment]
        self.account = account
        super().accept()


def sign_in_at_start(db: Database, *, last_user: str, demo: bool,
                     parent: QWidget | None = None) -> AccountView | None:
    """The account to work as, or None when the user gave up."""
    if not accounts.has_accounts(db):
        dialog: FirstAdminDialog | SignInDialog = FirstAdminDialog(db, parent)
    else:
        dialog = SignInDialog(db, last_user=last_user, demo=demo, parent=parent)
    if not dialog.exec():
        return None
    return dialog.account
