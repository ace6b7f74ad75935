"""Accounts: signing in, passwords, roles, and the administrator's care of them (issue 8).

Passwords are kept as scrypt hashes (memory-hard, in the standard library); five
wrong passwords in a row lock an account for five minutes. Identity is who signed
in, never the operating system's user name.
"""

from __future__ import annotations

import base64
import datetime as dt
import hashlib
import hmac
import re
import secrets
from collections.abc import Iterable
from dataclasses import dataclass

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from hotel_supply import clock
from hotel_supply.db import Database
from hotel_supply.i18n import _
from hotel_supply.models import AppUser
from hotel_supply.models.enums import Role
from hotel_supply.services import audit
from hotel_supply.services.errors import DomainError, NotFound, ValidationError
from hotel_supply.services.permissions import format_roles, parse_roles

SCRYPT_N, SCRYPT_R, SCRYPT_P = 2**14, 8, 1  # 16 MiB and ~50 ms a try
MAX_FAILURES = 5
LOCK_MINUTES = 5
MIN_PASSWORD = 8
USERNAME = re.compile(r"[a-z0-9][a-z0-9._-]{1,39}")


class PasswordNotSet(DomainError):
    """An administrator's account brought from an older database: choose a password now."""


@dataclass(frozen=True)
class AccountView:
    username: str
    full_name: str
    roles: frozenset[Role]
    active: bool
    has_password: bool
    must_change_password: bool
    last_login_at: dt.datetime | None
    locked_until: dt.datetime | None

    def holds(self, *roles: Role) -> bool:
        return not self.roles.isdisjoint(roles)

    @property
    def is_admin(self) -> bool:
        return Role.ADMIN in self.roles


def _view(user: AppUser) -> AccountView:
    return AccountView(user.username, user.full_name, parse_roles(user.roles), user.active,
                       bool(user.password_hash), user.must_change_password, user.last_login_at,
                       user.locked_until)


# --- passwords ----------------------------------------------------------------------------


def hash_password(password: str) -> str:
    salt = secrets.token_bytes(16)
    key = hashlib.scrypt(password.encode("utf-8"), salt=salt, n=SCRYPT_N, r=SCRYPT_R,
                         p=SCRYPT_P, dklen=32)
    b64 = base64.b64encode
    return f"scrypt${SCRYPT_N}${SCRYPT_R}${SCRYPT_P}${b64(salt).decode()}${b64(key).decode()}"


def check_password(password: str, stored: str) -> bool:
    try:
        scheme, n, r, p, salt, key = stored.split("$")
        if scheme != "scrypt":
            return False
        expected = base64.b64decode(key)
        got = hashlib.scrypt(password.encode("utf-8"), salt=base64.b64decode(salt), n=int(n),
                             r=int(r), p=int(p), dklen=len(expected))
    except (ValueError, TypeError):
        return False
    return hmac.compare_digest(got, expected)


def _check_new_password(password: str, repeated: str | None = None) -> None:
    if len(password) < MIN_PASSWORD:
        raise ValidationError({"password": [_(
            "A password has at least {n} characters.").format(n=MIN_PASSWORD)]})
    if repeated is not None and password != repeated:
        raise ValidationError({"repeat": [_("The two passwords differ: type the same twice.")]})


def _check_username(username: str) -> str:
    name = username.strip().lower()
    if not USERNAME.fullmatch(name):
        raise ValidationError({"username": [_(
            "A user name is 2 to 40 lower-case letters or digits (dots, dashes and "
            "underscores allowed inside), like “rina” or “budi.s”.")]})
    return name


def _check_roles(roles: Iterable[Role]) -> frozenset[Role]:
    held = frozenset(roles)
    if not held:
        raise ValidationError({"roles": [_("Give the account at least one role.")]})
    return held


def _get(session: Session, username: str) -> AppUser:
    user = session.scalar(select(AppUser).where(AppUser.username == username))
    if user is None:
        raise NotFound(_("There is no account “{user}”.").format(user=username))
    return user


def _active_admins(session: Session, *, besides: str) -> int:
    rows = session.scalars(select(AppUser.roles).where(
        AppUser.active.is_(True), AppUser.username != besides)).all()
    return sum(1 for text in rows if Role.ADMIN in parse_roles(text))


# --- first run and signing in -----------------------------------------------------------


def has_accounts(db: Database) -> bool:
    """Whether anyone can sign in yet. Asked of the table, not the mapped class: the
    sign-in dialog shows without waiting for the ORM to configure its mappers."""
    users = AppUser.__table__
    with db.reader() as session:
        return session.scalar(select(users.c.id).limit(1)) is not None


def create_first_admin(db: Database, *, username: str, full_name: str, password: str,
                       repeated: str) -> AccountView:
    """The first account of a new database: an administrator with every role, signed in."""
    name = _check_username(username)
    if not full_name.strip():
        raise ValidationError({"full_name": [_("Type the full name: documents print it.")]})
    _check_new_password(password, repeated)
    with db.unit_of_work(anyone=True) as session:
        if session.scalar(select(func.count(AppUser.id))):
            raise DomainError(_("This database already has accounts: sign in instead."))
        session.info["user"] = name
        user = AppUser(username=name, full_name=full_name.strip(), active=True,
                       roles=format_roles(Role), password_hash=hash_password(password),
                       last_login_at=clock.now())
        session.add(user)
        session.flush()
        audit.record(session, action="create", entity="app_user", entity_id=user.id,
                     username=name, full_name=user.full_name, roles=user.roles, first=True)
        view = _view(user)
    db.user = name
    return view


def sign_in(db: Database, *, username: str, password: str, record: bool = True) -> AccountView:
    """Check the password and sign ``db`` in; a wrong one counts towards a short lock-out.

    Raises ``PasswordNotSet`` for an administrator's account that has no password yet
    (from an older database): the caller asks for a new one, twice, and calls
    ``set_first_password``.
    """
    name = username.strip().lower()
    wrong = _("Wrong user name or password.")
    if not record:  # a read-only database file: check, and write nothing
        return _check_only(db, name, password)
    with db.unit_of_work(anyone=True) as session:
        session.info["user"] = name
        user = session.scalar(select(AppUser).where(AppUser.username == name))
        if user is None or not user.active:
            raise DomainError(wrong)
        now = clock.now()
        if user.locked_until is not None and user.locked_until > now:
            raise DomainError(_(
                "Too many wrong passwords: the account “{user}” is locked until {time}."
            ).format(user=name, time=user.locked_until.strftime("%H:%M")))
        if not user.password_hash:
            if Role.ADMIN in parse_roles(user.roles):
                raise PasswordNotSet(_(
                    "The account “{user}” has no password yet: choose one now."
                ).format(user=name))
            raise DomainError(_(
                "The account “{user}” has no password yet: ask an administrator to set one."
            ).format(user=name))
        ok = check_password(password, user.password_hash)
        if ok:
            user.failed_logins = 0
            user.locked_until = None
            user.last_login_at = now
            audit.record(session, action="sign_in", entity="app_user", entity_id=user.id)
            view = _view(user)
        else:
            user.failed_logins += 1
            if user.failed_logins >= MAX_FAILURES:
                user.locked_until = now + dt.timedelta(minutes=LOCK_MINUTES)
                user.failed_logins = 0
            audit.record(session, action="sign_in_failed", entity="app_user", entity_id=user.id,
                         locked=user.locked_until is not None and user.locked_until > now)
    if not ok:
        raise DomainError(wrong)
    db.user = name
    return view


def _check_only(db: Database, name: str, password: str) -> AccountView:
    with db.reader() as session:
        user = session.scalar(select(AppUser).where(AppUser.username == name))
        if (user is None or not user.active or not user.password_hash
                or not check_password(password, user.password_hash)):
            raise DomainError(_("Wrong user name or password."))
        view = _view(user)
    db.user = name
    return view


def set_first_password(db: Database, *, username: str, password: str,
                       repeated: str) -> AccountView:
    """An administrator's account from an older database chooses its password, and signs in."""
    _check_new_password(password, repeated)
    name = username.strip().lower()
    with db.unit_of_work(anyone=True) as session:
        session.info["user"] = name
        user = _get(session, name)
        if user.password_hash or not user.active or Role.ADMIN not in parse_roles(user.roles):
            raise DomainError(_("Only an administrator's account without a password may do "
                                "this."))
        user.password_hash = hash_password(password)
        user.must_change_password = False
        user.last_login_at = clock.now()
        audit.record(session, action="set_first_password", entity="app_user", entity_id=user.id)
        view = _view(user)
    db.user = name
    return view


def sign_out(db: Database) -> None:
    db.user = None


def current(db: Database) -> AccountView | None:
    """The signed-in account as it is now (its roles may have changed meanwhile)."""
    if not db.user:
        return None
    with db.reader() as session:
        user = session.scalar(select(AppUser).where(AppUser.username == db.user))
        return _view(user) if user is not None else None


def change_password(db: Database, *, old: str, new: str, repeated: str) -> None:
    """The signed-in account changes its own password (the old one first)."""
    _check_new_password(new, repeated)
    with db.unit_of_work(anyone=True) as session:
        if not db.user:
            raise DomainError(_("Nobody is signed in: sign in first."))
        user = _get(session, db.user)
        if not check_password(old, user.password_hash):
            raise ValidationError({"old": [_("The current password is wrong.")]})
        if old == new:
            raise ValidationError({"password": [_("Choose a password other than the old one.")]})
        user.password_hash = hash_password(new)
        user.must_change_password = False
        audit.record(session, action="change_password", entity="app_user", entity_id=user.id)


# --- the administrator's care of accounts -------------------------------------------------


def accounts(db: Database) -> list[AccountView]:
    with db.reader() as session:
        return [_view(u) for u in session.scalars(select(AppUser).order_by(AppUser.username))]


def create_account(db: Database, *, username: str, full_name: str, roles: Iterable[Role],
                   password: str) -> AccountView:
    """A new account with a first password its owner must change at first sign-in."""
    name = _check_username(username)
    if not full_name.strip():
        raise ValidationError({"full_name": [_("Type the full name: documents print it.")]})
    held = _check_roles(roles)
    _check_new_password(password)
    with db.unit_of_work(Role.ADMIN) as session:
        if session.scalar(select(AppUser.id).where(AppUser.username == name)) is not None:
            raise ValidationError({"username": [_(
                "The user name “{user}” is taken.").format(user=name)]})
        user = AppUser(username=name, full_name=full_name.strip(), active=True,
                       roles=format_roles(held), password_hash=hash_password(password),
                       must_change_password=True)
        session.add(user)
        session.flush()
        audit.record(session, action="create", entity="app_user", entity_id=user.id,
                     username=name, full_name=user.full_name, roles=user.roles)
        return _view(user)


def update_account(db: Database, *, username: str, full_name: str,
                   roles: Iterable[Role]) -> None:
    held = _check_roles(roles)
    if not full_name.strip():
        raise ValidationError({"full_name": [_("Type the full name: documents print it.")]})
    with db.unit_of_work(Role.ADMIN) as session:
        user = _get(session, username)
        if (Role.ADMIN not in held and user.active
                and not _active_admins(session, besides=user.username)):
            raise DomainError(_("At least one administrator must remain."))
        user.full_name = full_name.strip()
        user.roles = format_roles(held)


def set_active(db: Database, *, username: str, active: bool) -> None:
    """Disable an account (it can no longer sign in or write) or enable it again."""
    with db.unit_of_work(Role.ADMIN) as session:
        user = _get(session, username)
        if not active:
            if user.username == db.user:
                raise DomainError(_("You cannot disable your own account."))
            if Role.ADMIN in parse_roles(user.roles) and not _active_admins(
                    session, besides=user.username):
                raise DomainError(_("At least one administrator must remain."))
        user.active = active


def reset_password(db: Database, *, username: str, password: str) -> None:
    """A new first password, to be changed at the next sign-in; the lock-out is lifted."""
    _check_new_password(password)
    with db.unit_of_work(Role.ADMIN) as session:
        user = _get(session, username)
        user.password_hash = hash_password(password)
        user.must_change_password = True
        user.failed_logins = 0
        user.locked_until = None
        audit.record(session, action="reset_password", entity="app_user", entity_id=user.id)


def full_names(session: Session, usernames: Iterable[str]) -> dict[str, str]:
    """Each account's full name, for documents that say who made them."""
    wanted = {name for name in usernames if name}
    if not wanted:
        return {}
    rows = session.execute(select(AppUser.username, AppUser.full_name)
                           .where(AppUser.username.in_(wanted))).all()
    return {name: full or name for name, full in rows}


def full_name(session: Session, username: str) -> str:
    """The account's full name (its user name when it has none or is unknown)."""
    return full_names(session, [username]).get(username, username)


def printed_by(session: Session) -> str:
    """The full name of the account making a report now (the one signed in)."""
    user = audit.current_user(session)
    return full_name(session, user) if user else ""
