"""Organisation-wide settings shared by every PC: profile, numbering, tax."""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass, field, fields
from decimal import Decimal
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from hotel_supply.db import Database
from hotel_supply.i18n import _
from hotel_supply.models import Setting
from hotel_supply.services import audit
from hotel_supply.services.errors import ValidationError
from hotel_supply.services.numbering import DEFAULT_FORMATS, SERIES_NAMES, format_problems

KEY = "organisation"


@dataclass
class OrganisationSettings:
    """What documents print about the office, and how numbers and tax are made."""

    name: str = ""
    address: str = ""
    city: str = "Bandar Lampung"
    phone: str = ""
    email: str = ""
    logo_path: str = ""  # PNG or JPEG shown at the top of documents
    known_by: str = ""  # name printed under "Mengetahui" on delivery notes
    number_formats: dict[str, str] = field(default_factory=lambda: dict(DEFAULT_FORMATS))
    ppn_rate_percent: str = "12"  # statutory rate
    ppn_base_numerator: int = 11  # DPP = price × 11/12 for ordinary goods since 2025
    ppn_base_denominator: int = 12
    expiry_warning_days: int = 3
    currency_space: bool = False  # "Rp 1.250.000" instead of "Rp1.250.000"

    @property
    def is_configured(self) -> bool:
        return bool(self.name.strip())

    @property
    def ppn_rate(self) -> Decimal:
        return Decimal(self.ppn_rate_percent)

    def number_format(self, series: str) -> str:
        return self.number_formats.get(series) or DEFAULT_FORMATS[series]


def load(session: Session) -> OrganisationSettings:
    raw = session.scalar(select(Setting.value).where(Setting.key == KEY))
    if not raw:
        return OrganisationSettings()
    data: dict[str, Any] = json.loads(raw)
    known = {f.name for f in fields(OrganisationSettings)}
    settings = OrganisationSettings(**{k: v for k, v in data.items() if k in known})
    merged = dict(DEFAULT_FORMATS)
    merged.update(settings.number_formats)
    settings.number_formats = merged
    return settings


def cached(session: Session) -> OrganisationSettings:
    """The settings, read once per unit of work (posting many documents in one)."""
    found = session.info.get("organisation_settings")
    if not isinstance(found, OrganisationSettings):
        found = load(session)
        session.info["organisation_settings"] = found
    return found


def number_format_field(series: str) -> str:
    """The key of a series' number format in the problems ``validate`` returns."""
    return f"number_formats.{series}"


def validate(settings: OrganisationSettings) -> dict[str, list[str]]:
    """Per field, what is wrong with the settings (empty when they can be saved)."""
    problems: dict[str, list[str]] = {}
    if not settings.name.strip():
        problems.setdefault("name", []).append(_("The organisation's name is required."))
    formats = {series: settings.number_format(series) for series in DEFAULT_FORMATS}
    for series, messages in format_problems(formats).items():
        name = _(SERIES_NAMES[series])
        problems[number_format_field(series)] = [f"{name}: {m}" for m in messages]
    try:
        rate = Decimal(settings.ppn_rate_percent)
        if rate < 0 or rate > 100:
            raise ValueError
    except (ValueError, ArithmeticError):
        problems.setdefault("ppn_rate_percent", []).append(_("The PPN rate must be a percentage."))
    if settings.ppn_base_denominator <= 0 or settings.ppn_base_numerator <= 0:
        problems.setdefault("ppn_base", []).append(_("The PPN base must be a positive fraction."))
    if settings.expiry_warning_days < 0:
        problems.setdefault("expiry_warning_days", []).append(
            _("The expiry warning must be zero days or more.")
        )
    return problems


def save(session: Session, settings: OrganisationSettings) -> OrganisationSettings:
    """Validate and store the settings in the current unit of work."""
    problems = validate(settings)
    if problems:
        raise ValidationError(problems)
    session.info.pop("organisation_settings", None)
    value = json.dumps(asdict(settings), ensure_ascii=False, sort_keys=True)
    row = session.get(Setting, KEY)
    if row is None:
        session.add(Setting(key=KEY, value=value))
    else:
        row.value = value
    audit.record(session, action="update", entity="settings", entity_id=None, name=settings.name)
    return settings


def load_settings(db: Database) -> OrganisationSettings:
    with db.reader() as session:
        return load(session)


def save_settings(db: Database, *, settings: OrganisationSettings) -> OrganisationSettings:
    """Validate and store the organisation's settings (one unit of work)."""
    with db.unit_of_work() as session:
        return save(session, settings)
