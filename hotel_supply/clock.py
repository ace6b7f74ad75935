"""The one place the app asks for the current time, so tests and demos can pin it."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

_now: Callable[[], dt.datetime] = dt.datetime.now


def now() -> dt.datetime:
    """Local wall-clock time, without microseconds (documents and audit show seconds)."""
    return _now().replace(microsecond=0)


def today() -> dt.date:
    return now().date()


def set_clock(func: Callable[[], dt.datetime] | None) -> None:
    """Pin the clock (tests, demo builds); ``None`` restores the real one."""
    global _now
    _now = func or dt.datetime.now
