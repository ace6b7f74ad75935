"""Organisation-wide settings shared by every PC: profile, numbering, tax."""

from __future__ import annotations

import contextlib
import json
from dataclasses import asdict, dataclass, field, fields
from decimal import Decimal
from pathlib import Path
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from hotel_supply.db import Database
from hotel_supply.formatting import format_number, format_rupiah, use_money_format
from hotel_supply.i18n import _
from hotel_supply.models import Setting
from hotel_supply.models.enums import Role
from hotel_supply.papers import PAPERS
from hotel_supply.services import audit
from hotel_supply.services.errors import ValidationError
from hotel_supply.services.numbering import DEFAULT_FORMATS, SERIES_NAMES, format_problems
from hotel_supply.services.validation import (
    DEFAULT_MAX_LINE_QUANTITY,
    DEFAULT_MAX_UNIT_PRICE,
    HARD_MAX_LINE_QUANTITY,
    MAX_LINE_VALUE,
    MAX_MONEY,
    add,
    email_problems,
    normalise_npwp,
    npwp_problems,
    phone_problems,
    text_problems,
)

KEY = "organisation"


@dataclass
class OrganisationSettings:
    """What documents print about the office, and how numbers and tax are made."""

    name: str = ""
    address: str = ""
    city: str = "Bandar Lampung"
    phone: str = ""
    email: str = ""
    npwp: str = ""  # the office's own tax number: 16 digits (or the old 15), digits only
    logo_path: str = ""  # PNG or JPEG shown at the top of documents
    known_by: str = ""  # name printed under "Mengetahui" on delivery notes
    number_formats: dict[str, str] = field(default_factory=lambda: dict(DEFAULT_FORMATS))
    ppn_rate_percent: str = "12"  # statutory rate
    ppn_base_numerator: int = 11  # DPP = price × 11/12 for ordinary goods since 2025
    ppn_base_denominator: int = 12
    expiry_warning_days: int = 3
    currency_space: bool = False  # "Rp 1.250.000" instead of "Rp1.250.000"
    # What one line of a delivery, order, stock document or credit note may hold: a typing
    # slip (a price typed as a quantity) is refused instead of booked.
    max_line_quantity: int = DEFAULT_MAX_LINE_QUANTITY  # units of any product
    max_unit_price: int = DEFAULT_MAX_UNIT_PRICE  # rupiah a unit
    default_paper: str = "A4"  # what documents print on unless another is chosen: PAPERS

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
        settings = OrganisationSettings()
    else:
        data: dict[str, Any] = json.loads(raw)
        known = {f.name for f in fields(OrganisationSettings)}
        settings = OrganisationSettings(**{k: v for k, v in data.items() if k in known})
        merged = dict(DEFAULT_FORMATS)
        merged.update(settings.number_formats)
        settings.number_formats = merged
    # every amount on screen and on paper follows the office's money format
    use_money_format(space=settings.currency_space)
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


def _whole(value: object) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)


def profile_problems(settings: OrganisationSettings) -> dict[str, list[str]]:
    """Per field, what is wrong with the office's profile (name, address, phone, e-mail,
    NPWP...): the part of :func:`validate` the welcome form checks as the user types."""
    problems: dict[str, list[str]] = {}
    if not isinstance(settings.name, str) or not settings.name.strip():
        problems["name"] = [_("The organisation's name is required.")]
    else:
        add(problems, "name", text_problems(settings.name, label=_("The name")))
    add(problems, "address", text_problems(settings.address, label=_("The address"),
                                           max_length=1000, multiline=True))
    add(problems, "city", text_problems(settings.city, label=_("The city"), max_length=80))
    add(problems, "phone", phone_problems(settings.phone))
    add(problems, "email", email_problems(settings.email))
    add(problems, "npwp", npwp_problems(settings.npwp, allow_old=True))
    known_by = _("The name under “Mengetahui”")
    add(problems, "known_by", text_problems(settings.known_by, label=known_by))
    add(problems, "logo_path", text_problems(settings.logo_path, label=_("The logo file"),
                                             max_length=1000) or logo_problems(settings.logo_path))
    return problems


_IMAGE_SIGNATURES = (b"\x89PNG\r\n\x1a\n", b"\xff\xd8\xff")  # PNG, JPEG


def logo_problems(path: str) -> list[str]:
    """A logo, when given, is a PNG or JPEG picture that can be read."""
    if not path.strip():
        return []
    file = Path(path.strip())
    try:
        with file.open("rb") as fh:
            head = fh.read(8)
    except FileNotFoundError:
        return [_("The logo file {path} does not exist.").format(path=path)]
    except OSError:
        return [_("The logo file {path} cannot be read.").format(path=path)]
    if not head.startswith(_IMAGE_SIGNATURES):
        return [_("The logo file {path} is not a PNG or JPEG picture.").format(path=path)]
    return []


def limit_problems(settings: OrganisationSettings) -> dict[str, list[str]]:
    """The bounds of one line: whole numbers within what the database can always hold."""
    problems: dict[str, list[str]] = {}
    quantity, price = settings.max_line_quantity, settings.max_unit_price
    if not _whole(quantity) or not 1 <= quantity <= HARD_MAX_LINE_QUANTITY:
        problems["max_line_quantity"] = [
            _("The largest quantity of a line must be a whole number from 1 to {max}.").format(
                max=format_number(HARD_MAX_LINE_QUANTITY))]
    if not _whole(price) or not 1 <= price <= MAX_MONEY:
        problems["max_unit_price"] = [
            _("The largest unit price must be a whole number of rupiah from Rp1 to {max}.")
            .format(max=format_rupiah(MAX_MONEY))]
    if not problems and quantity * price > MAX_LINE_VALUE:
        problems["max_unit_price"] = [
            _("The largest quantity times the largest unit price may be at most {max}: "
              "lower one of them.").format(max=format_rupiah(MAX_LINE_VALUE))]
    return problems


def validate(settings: OrganisationSettings) -> dict[str, list[str]]:
    """Per field, what is wrong with the settings (empty when they can be saved)."""
    problems = profile_problems(settings)
    stored = settings.number_formats if isinstance(settings.number_formats, dict) else {}
    formats = {series: stored.get(series) or DEFAULT_FORMATS[series] for series in DEFAULT_FORMATS}
    for series, messages in format_problems(formats).items():
        name = _(SERIES_NAMES[series])
        problems[number_format_field(series)] = [f"{name}: {m}" for m in messages]
    try:
        rate = Decimal(settings.ppn_rate_percent)
        if not rate.is_finite() or rate < 0 or rate > 100:
            raise ValueError
    except (ValueError, TypeError, ArithmeticError):
        problems.setdefault("ppn_rate_percent", []).append(_("The PPN rate must be a percentage."))
    numerator, denominator = settings.ppn_base_numerator, settings.ppn_base_denominator
    if not (_whole(numerator) and _whole(denominator)) or denominator <= 0 or numerator <= 0:
        problems.setdefault("ppn_base", []).append(_("The PPN base must be a positive fraction."))
    if not _whole(settings.expiry_warning_days) or settings.expiry_warning_days < 0:
        problems.setdefault("expiry_warning_days", []).append(
            _("The expiry warning must be zero days or more.")
        )
    problems.update(limit_problems(settings))
    if settings.default_paper not in PAPERS:
        problems["default_paper"] = [
            _("The paper must be one of {papers}.").format(papers=", ".join(PAPERS))]
    return problems


def save(session: Session, settings: OrganisationSettings) -> OrganisationSettings:
    """Validate and store the settings in the current unit of work."""
    problems = validate(settings)
    if problems:
        raise ValidationError(problems)
    session.info.pop("organisation_settings", None)
    settings.npwp = normalise_npwp(settings.npwp)
    use_money_format(space=settings.currency_space)
    value = json.dumps(asdict(settings), ensure_ascii=False, sort_keys=True)
    row = session.get(Setting, KEY)
    before: dict[str, object] = {}
    if row is None:
        session.add(Setting(key=KEY, value=value))
    else:
        with contextlib.suppress(ValueError):
            before = json.loads(row.value)
        row.value = value
    after = asdict(settings)
    # each field that changed, old and new (the PPN rate, a number format, the letterhead)
    changes = {key: [before.get(key), new] for key, new in sorted(after.items())
               if before.get(key) != new}
    audit.record(session, action="update", entity="settings", entity_id=None,
                 name=settings.name, changes=changes)
    return settings


def load_settings(db: Database) -> OrganisationSettings:
    with db.reader() as session:
        return load(session)


def save_settings(db: Database, *, settings: OrganisationSettings) -> OrganisationSettings:
    """Validate and store the organisation's settings (one unit of work)."""
    with db.unit_of_work(Role.ADMIN) as session:
        return save(session, settings)
