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
    __tablename__ = "app_user"

    id: Mapped[int] = mapped_column(primary_key=True)
    username: Mapped[str] = mapped_column(String(80), unique=True)
    full_name: Mapped[str] = mapped_column(default="")
    is_admin: Mapped[bool] = mapped_column(default=False)
    active: Mapped[bool] = mapped_column(default=True)


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
    __tablename__ = "audit_entry"
    __table_args__ = (Index("ix_audit_entry_entity", "entity", "entity_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    at: Mapped[dt.datetime] = mapped_column(default=clock.now, index=True)
    username: Mapped[str] = mapped_column(String(80))
    action: Mapped[str] = mapped_column(String(40))  # create, update, post, cancel, ...
    entity: Mapped[str] = mapped_column(String(40))
    entity_id: Mapped[int | None]
    summary: Mapped[str] = mapped_column(Text, default="")  # JSON of what changed
