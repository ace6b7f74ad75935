"""Users, settings, periods, document number series and the audit log."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import Index, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from hotel_supply import clock
from hotel_supply.models.base import Base
from hotel_supply.models.enums import PeriodStatus
from hotel_supply.models.types import enum_type


class AppUser(Base):
    """An account: who signs in, with which roles (comma-separated ``Role`` values)."""

    __tablename__ = "app_user"

    id: Mapped[int] = mapped_column(primary_key=True)
    username: Mapped[str] = mapped_column(String(80), unique=True)
    full_name: Mapped[str] = mapped_column(default="")
    active: Mapped[bool] = mapped_column(default=True)
    roles: Mapped[str] = mapped_column(String(120), default="")
    # "scrypt$n$r$p$salt$key"; empty: no password yet (an account brought from the
    # user names of an older database, which must set one at its first sign-in)
    password_hash: Mapped[str] = mapped_column(String(255), default="")
    must_change_password: Mapped[bool] = mapped_column(default=False)
    failed_logins: Mapped[int] = mapped_column(default=0)
    locked_until: Mapped[dt.datetime | None]
    last_login_at: Mapped[dt.datetime | None]
    created_at: Mapped[dt.datetime | None] = mapped_column(default=clock.now)


class Setting(Base):
    """One organisation-wide setting; the value is JSON text."""

    __tablename__ = "setting"

    key: Mapped[str] = mapped_column(String(80), primary_key=True)
    value: Mapped[str] = mapped_column(Text)


class Period(Base):
    """A calendar month; postings dated inside a closed one are refused."""

    __tablename__ = "period"
    __table_args__ = (UniqueConstraint("year", "month"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    year: Mapped[int]
    month: Mapped[int]
    status: Mapped[PeriodStatus] = mapped_column(enum_type(PeriodStatus), default=PeriodStatus.OPEN)
    closed_at: Mapped[dt.datetime | None]
    closed_by: Mapped[str] = mapped_column(String(80), default="")
    reopened_at: Mapped[dt.datetime | None]
    reopened_by: Mapped[str] = mapped_column(String(80), default="")
    reopen_reason: Mapped[str] = mapped_column(Text, default="")


class NumberSeries(Base):
    """Last number taken in a series and year; bumped in the same transaction as the document."""

    __tablename__ = "number_series"

    series: Mapped[str] = mapped_column(String(20), primary_key=True)
    year: Mapped[int] = mapped_column(primary_key=True)
    last_number: Mapped[int] = mapped_column(default=0)


class AuditEntry(Base):
    """One entry of the audit log: append-only (database triggers) and hash-chained.

    ``seq`` orders the chain; ``hash`` is the SHA-256 of the entry's fields and of
    ``prev_hash``, the hash of the entry before it (services/audit_chain.py).
    """

    __tablename__ = "audit_entry"
    __table_args__ = (Index("ix_audit_entry_entity", "entity", "entity_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    seq: Mapped[int] = mapped_column(unique=True)
    prev_hash: Mapped[str] = mapped_column(String(64), default="")
    hash: Mapped[str] = mapped_column(String(64), default="")
    at: Mapped[dt.datetime] = mapped_column(default=clock.now, index=True)
    username: Mapped[str] = mapped_column(String(80))
    action: Mapped[str] = mapped_column(String(40))  # create, update, post, cancel, ...
    entity: Mapped[str] = mapped_column(String(40))
    entity_id: Mapped[int | None]
    summary: Mapped[str] = mapped_column(Text, default="")  # JSON of what changed


class AuditChainHead(Base):
    """The last link of the audit chain, locked by each writer so the chain never forks."""

    __tablename__ = "audit_chain_head"

    id: Mapped[int] = mapped_column(primary_key=True)  # always 1
    seq: Mapped[int] = mapped_column(default=0)
    hash: Mapped[str] = mapped_column(String(64), default="")
