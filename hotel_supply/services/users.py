"""Who works with the app: each login becomes a user; administrators may reopen a month."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from hotel_supply.db import Database
from hotel_supply.i18n import _
from hotel_supply.models import AppUser
from hotel_supply.services import audit
from hotel_supply.services.errors import DomainError, NotFound


@dataclass(frozen=True)
class UserView:
    username: str
    full_name: str
    is_admin: bool
    active: bool


def ensure_user(db: Database) -> UserView:
    """The acting user, created on first sight; the first user ever is an administrator."""
    with db.unit_of_work() as session:
        user = session.scalar(select(AppUser).where(AppUser.username == db.user))
        if user is None:
            first = not session.scalar(select(func.count(AppUser.id)))
            user = AppUser(username=db.user, full_name=db.user, is_admin=first, active=True)
            session.add(user)
            session.flush()
            audit.record(session, action="create", entity="user", entity_id=user.id,
                         username=db.user, is_admin=first)
        return UserView(user.username, user.full_name, user.is_admin, user.active)


def is_admin(session: Session, username: str) -> bool:
    return bool(session.scalar(select(AppUser.is_admin).where(
        AppUser.username == username, AppUser.active.is_(True))))


def require_admin(session: Session) -> None:
    if not is_admin(session, audit.current_user(session)):
        raise DomainError(_("Only an administrator may do this."))


def users(db: Database) -> list[UserView]:
    with db.reader() as session:
        return [UserView(u.username, u.full_name, u.is_admin, u.active)
                for u in session.scalars(select(AppUser).order_by(AppUser.username))]


def set_admin(db: Database, *, username: str, admin: bool) -> None:
    """Give or take the administrator's rights (an administrator only; one must remain)."""
    with db.unit_of_work() as session:
        require_admin(session)
        user = session.scalar(select(AppUser).where(AppUser.username == username))
        if user is None:
            raise NotFound(_("No such user."))
        if not admin:
            others = session.scalar(select(func.count(AppUser.id)).where(
                AppUser.is_admin.is_(True), AppUser.active.is_(True),
                AppUser.username != username))
            if not others:
                raise DomainError(_("At least one administrator must remain."))
        user.is_admin = admin
        audit.record(session, action="update", entity="user", entity_id=user.id,
                     username=username, is_admin=admin)
