"""What every page needs: the database, this PC's preferences, and a way to say what changed."""

from __future__ import annotations

from PySide6.QtCore import QObject, Signal

from hotel_supply.config import Preferences
from hotel_supply.db import Database
from hotel_supply.models.enums import Role
from hotel_supply.services import accounts
from hotel_supply.services.accounts import AccountView


class AppContext(QObject):
    """Shared by the main window and its pages.

    ``changed`` carries the name of what was written ("delivery", "supplier", ...)
    so pages showing it can refresh; ``status`` carries a message for the status bar.
    """

    changed = Signal(str)
    status = Signal(str)

    def __init__(self, db: Database, prefs: Preferences, *, is_demo: bool = False) -> None:
        super().__init__()
        self.db = db
        self.prefs = prefs
        self.is_demo = is_demo
        self.account: AccountView | None = accounts.current(db)

    def may(self, *roles: Role) -> bool:
        """True when the signed-in account holds one of ``roles`` (what the UI offers;
        the services check again at every write)."""
        return self.account is not None and self.account.active and self.account.holds(*roles)

    def notify(self, what: str, message: str = "") -> None:
        self.changed.emit(what)
        if message:
            self.status.emit(message)

    def say(self, message: str) -> None:
        self.status.emit(message)
