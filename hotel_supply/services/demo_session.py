"""How a demo build runs: one session for every service, a clock pinned to the replayed day."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from contextlib import contextmanager

from sqlalchemy.orm import Session

from hotel_supply.db import Database


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
        super().__init__(db.url, user=db.user, engine=db.engine)
        self.session = session

    @contextmanager
    def unit_of_work(self) -> Iterator[Session]:
        yield self.session

    @contextmanager
    def reader(self) -> Iterator[Session]:
        yield self.session


def moment(day: dt.date, minutes: int) -> dt.datetime:
    """``day`` at ``minutes`` after midnight."""
    return dt.datetime.combine(day, dt.time()) + dt.timedelta(minutes=minutes)
