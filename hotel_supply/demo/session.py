"""How a demo build runs: one session for every service, a clock pinned to the replayed day."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from contextlib import contextmanager

from sqlalchemy.orm import Session

from hotel_supply.db import Database
from hotel_supply.models.enums import Role
from hotel_supply.services import audit

# The demo's accounts (each with the password "demo"): who does what in the demo office.
DEMO_ACCOUNTS: dict[str, tuple[str, tuple[Role, ...]]] = {
    "admin": ("Hendra Saputra", (Role.ADMIN, Role.FINANCE, Role.PURCHASING, Role.STOREROOM)),
    "keuangan": ("Rina Oktaviani", (Role.FINANCE,)),
    "pembelian": ("Yusuf Pratama", (Role.PURCHASING,)),
    "gudang": ("Dewi Lestari", (Role.STOREROOM,)),
    "pemantau": ("Agus Salim", (Role.VIEWER,)),
}
DEMO_PASSWORD = "demo"
# who in the demo office makes a write that a role may make
ACTING_ACCOUNT = {Role.STOREROOM: "gudang", Role.FINANCE: "keuangan",
                  Role.PURCHASING: "pembelian", Role.ADMIN: "admin"}


class PinnedClock:
    """The app's clock while the demo is built: set to each moment the demo replays."""

    def __init__(self, at: dt.datetime) -> None:
        self.at = at

    def __call__(self) -> dt.datetime:
        return self.at


class SharedSession(Database):
    """The database as the services see it during the build.

    Every unit of work a service opens joins the demo's one session, so the
    services validate and audit as usual while the whole demo is committed, or
    rolled back, at once (and fast: one transaction instead of thousands).
    """

    def __init__(self, db: Database, session: Session) -> None:
        super().__init__(db.url, user="admin", engine=db.engine)
        self.session = session

    @contextmanager
    def unit_of_work(self, *roles: Role, anyone: bool = False) -> Iterator[Session]:
        """The demo's one session, acting as the demo account whose role makes this write."""
        user = ACTING_ACCOUNT[roles[0]] if roles else "admin"
        self.session.info["user"] = user
        self.user = user
        yield self.session
        # what this write changed is audited now, as its own account at its own time (a
        # real unit of work does it at its commit; the demo commits once, at the end)
        audit.before_commit(self.session)

    @contextmanager
    def reader(self) -> Iterator[Session]:
        yield self.session


def moment(day: dt.date, minutes: int) -> dt.datetime:
    """``day`` at ``minutes`` after midnight."""
    return dt.datetime.combine(day, dt.time()) + dt.timedelta(minutes=minutes)
