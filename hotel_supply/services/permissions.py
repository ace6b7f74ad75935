"""What each role may do, checked at every write (issue 8).

A unit of work names the roles allowed to make it (``db.unit_of_work(Role.FINANCE)``);
the signed-in account must hold one of them, read from its row at that moment.
"""

from __future__ import annotations

from collections.abc import Iterable

from sqlalchemy import select
from sqlalchemy.orm import Session

from hotel_supply.i18n import _
from hotel_supply.models import AppUser
from hotel_supply.models.enums import Role, label
from hotel_supply.services.errors import NotAllowed

WORK_ROLES = (Role.FINANCE, Role.PURCHASING, Role.STOREROOM)
ALL_ROLES = frozenset(Role)
# Bookkeeping any signed-in account sets off by looking (the expected deliveries of a
# standing order materialised for a day): derived, never a decision of its own.
ANY_ROLE = tuple(Role)


def parse_roles(text: str) -> frozenset[Role]:
    known = {role.value for role in Role}
    return frozenset(Role(part) for part in text.split(",") if part in known)


def format_roles(roles: Iterable[Role]) -> str:
    return ",".join(role.value for role in Role if role in set(roles))


def roles_of(session: Session, username: str | None) -> frozenset[Role]:
    """The roles an active account holds now (none for an unknown or disabled one)."""
    if not username:
        return frozenset()
    text = session.scalar(select(AppUser.roles).where(
        AppUser.username == username, AppUser.active.is_(True)))
    return parse_roles(text or "")


def require_role(session: Session, username: str | None, allowed: Iterable[Role]) -> None:
    """Refuse, with a sentence naming the roles that may, unless the account holds one."""
    allowed = tuple(allowed)
    if not username:
        raise NotAllowed(_("Nobody is signed in: sign in first."))
    held = roles_of(session, username)
    if not held:
        raise NotAllowed(_("The account “{user}” is disabled or unknown: nothing was changed.")
                         .format(user=username))
    if held.isdisjoint(allowed):
        raise NotAllowed(_(
            "Your account ({user}) may not do this: it needs the role {roles}. Nothing was "
            "changed; ask an administrator if you should."
        ).format(user=username, roles=_(" or ").join(f"“{label(r)}”" for r in allowed)))
