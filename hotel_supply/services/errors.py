"""Errors the services raise; every message is fit to show a user as it is."""

from __future__ import annotations


class DomainError(Exception):
    """A rule of the domain refused the request; nothing was changed."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


class ValidationError(DomainError):
    """Input that breaks a rule; ``problems`` maps a field name ('' for the form) to messages."""

    def __init__(self, problems: dict[str, list[str]]) -> None:
        self.problems = problems
        lines = [msg for msgs in problems.values() for msg in msgs]
        super().__init__("\n".join(lines))


class NotFound(DomainError):
    pass


class ConflictError(DomainError):
    """Someone else changed or locked the same thing first (another PC)."""


class ClosedPeriodError(DomainError):
    pass


class DatabaseUnavailable(DomainError):
    """The database cannot be opened: not a database, locked, or out of reach."""


class NotAllowed(DomainError):
    """The signed-in account's roles do not allow this; nothing was changed."""
