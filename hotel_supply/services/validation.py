"""Pure validators and small helpers shared by the master-data services (no database, no Qt).

Each ``*_problems`` function returns a list of messages fit to show a clerk,
empty when the value is fine; ``normalise_*`` functions give the form a value
is stored in. Names and other free text are kept exactly as typed (markup
characters such as ``<`` and ``&`` and emoji included): escaping is the
documents' job. Only control characters are refused, because PostgreSQL
cannot store a NUL and a stray tab or line break breaks lists and printouts.

Every way in (a dialog, a batch command, an import) goes through the same
checks: quantities are ``Decimal`` (or int) with at most three decimals, money is
whole rupiah, both below a bound the organisation's settings hold; a text fits
its column; phone numbers and e-mail addresses are checked by the
``phonenumbers`` and ``email-validator`` libraries.
"""

from __future__ import annotations

import datetime as dt
import re
from decimal import Decimal
from enum import StrEnum
from typing import NamedTuple

from hotel_supply.formatting import format_number, format_rupiah
from hotel_supply.i18n import _

NPWP_DIGITS = 16
OLD_NPWP_DIGITS = 15
NIB_DIGITS = 13
MAX_MONEY = 10**12  # Rp1 trillion: far above any price, far below the BIGINT limit
QUANTITY_PLACES = 3
# Bounds of what one line may hold; the organisation's settings may change them within
# the hard limits below (quantity × price of a line stays far below the BIGINT limit).
DEFAULT_MAX_LINE_QUANTITY = 1_000_000
DEFAULT_MAX_UNIT_PRICE = 1_000_000_000  # Rp1 miliar a unit
HARD_MAX_LINE_QUANTITY = 1_000_000_000
MAX_LINE_VALUE = 10**16  # quantity limit × price limit: ten times the defaults' product
NOTES_MAX_LENGTH = 5000  # free multi-line text stored in an unbounded column
PHONE_MAX_LENGTH = 40  # the phone columns
PHONE_REGION = "ID"  # numbers without a country code are Indonesian

_SEPARATORS = re.compile(r"[\s.\-]")
_CODE = re.compile(r"^[A-Z0-9][A-Z0-9._/-]*$")
_PHONE_CHARS = re.compile(r"^\+?[0-9\s().\-]+$")
_ACCOUNT_CHARS = re.compile(r"^[0-9\s.\-]+$")
# C0 controls and DEL; a single-line field also refuses line breaks and tabs.
_CONTROL = re.compile(r"[\x00-\x1f\x7f]")
_CONTROL_MULTILINE = re.compile(r"[\x00-\x08\x0b-\x1f\x7f]")


class Choice(NamedTuple):
    """One entry of a choice list (combo boxes): the row key, its code and its name."""

    id: int
    code: str
    name: str


# --- normalising --------------------------------------------------------------


def digits_only(text: str) -> str:
    """Drop the dots, dashes and spaces people type in tax and licence numbers."""
    return _SEPARATORS.sub("", text or "")


def normalise_code(code: str) -> str:
    """Codes are stored in capitals, without surrounding spaces."""
    return (code or "").strip().upper()


def normalise_text(text: str) -> str:
    """Free text is kept as typed, only surrounding spaces are dropped."""
    return (text or "").strip()


def search_terms(text: str) -> list[str]:
    """The words of a free-text search; every word must match somewhere."""
    return [word for word in (text or "").split() if word]


def like_pattern(term: str) -> str:
    """A ``LIKE`` pattern matching ``term`` anywhere, with ``\\`` as the escape character."""
    escaped = term.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    return f"%{escaped}%"


# --- validators -----------------------------------------------------------------


def required_text_problems(value: str, *, label: str, max_length: int = 200) -> list[str]:
    """A required one-line text such as a name (``label`` is the translated field name)."""
    if not isinstance(value, str):
        return [_("{field} must be text.").format(field=label)]
    text = normalise_text(value)
    if not text:
        return [_("{field} is required.").format(field=label)]
    return text_problems(text, label=label, max_length=max_length)


def text_problems(
    value: str, *, label: str, max_length: int | None = 200, multiline: bool = False
) -> list[str]:
    """An optional text: any Unicode, markup characters and emoji allowed."""
    if not isinstance(value, str):
        return [_("{field} must be text.").format(field=label)]
    text = normalise_text(value)
    problems: list[str] = []
    pattern = _CONTROL_MULTILINE if multiline else _CONTROL
    if pattern.search(text):
        problems.append(
            _("{field} contains a control character (such as a tab); please retype it.").format(
                field=label
            )
        )
    if max_length is not None and len(text) > max_length:
        problems.append(
            _("{field} is too long: at most {max} characters.").format(field=label, max=max_length)
        )
    return problems


def name_problems(value: str, *, label: str | None = None, max_length: int = 200) -> list[str]:
    """A required name; ``<b>&`` and emoji are fine and are kept exactly as typed."""
    return required_text_problems(value, label=label or _("Name"), max_length=max_length)


def code_problems(value: str, *, max_length: int = 20) -> list[str]:
    """A code: required, capitals, digits and ``. _ / -``, no spaces (checked after normalising)."""
    code = normalise_code(value)
    if not code:
        return [_("The code is required.")]
    problems: list[str] = []
    if re.search(r"\s", code):
        problems.append(_("The code may not contain spaces."))
    elif not _CODE.match(code):
        problems.append(
            _(
                "The code may contain only letters A-Z, digits and the characters . _ / - "
                "and must start with a letter or digit."
            )
        )
    if len(code) > max_length:
        problems.append(_("The code is too long: at most {max} characters.").format(max=max_length))
    return problems


def npwp_problems(value: str, *, required: bool = False, allow_old: bool = False) -> list[str]:
    """The 16-digit NPWP; dots, dashes and spaces are allowed when typing. ``allow_old``
    also accepts the old 15-digit form (the office's own number may still be printed so)."""
    if not isinstance(value, str):
        return [_("The NPWP may contain only digits (dots, dashes and spaces are ignored).")]
    digits = digits_only(value)
    if not digits:
        return [_("The NPWP is required.")] if required else []
    if not digits.isdigit():
        return [_("The NPWP may contain only digits (dots, dashes and spaces are ignored).")]
    if len(digits) == OLD_NPWP_DIGITS and allow_old:
        return []
    if len(digits) == OLD_NPWP_DIGITS:
        return [
            _(
                "This is the old 15-digit NPWP. Since 2024 the 16-digit NPWP is required "
                "(for a person it is the NIK); please enter the new number."
            )
        ]
    if len(digits) != NPWP_DIGITS:
        return [_("The NPWP must have 16 digits; this one has {count}.").format(count=len(digits))]
    return []


def normalise_npwp(value: str) -> str:
    """The NPWP as stored: digits only."""
    return digits_only(value)


def nib_problems(value: str, *, required: bool = False) -> list[str]:
    """The 13-digit NIB (Nomor Induk Berusaha) from OSS."""
    digits = digits_only(value)
    if not digits:
        return [_("The NIB is required.")] if required else []
    if not digits.isdigit():
        return [_("The NIB may contain only digits.")]
    if len(digits) != NIB_DIGITS:
        return [_("The NIB must have 13 digits; this one has {count}.").format(count=len(digits))]
    return []


def normalise_nib(value: str) -> str:
    """The NIB as stored: digits only."""
    return digits_only(value)


def phone_problems(value: str, *, label: str | None = None) -> list[str]:
    """An optional phone number: ``0721 481126``, ``0812-3456-7890``, ``+62 812-3456-7890``.

    Checked against the numbering plan of Indonesia (or of the country after ``+``)
    by the ``phonenumbers`` library, so a number too short, too long or with an
    unknown area or mobile prefix is refused.
    """
    field = label or _("The phone number")
    if not isinstance(value, str):
        return [_("{field} must be text.").format(field=field)]
    text = normalise_text(value)
    if not text:
        return []
    if not _PHONE_CHARS.match(text):
        # phonenumbers would read letters as on a keypad ("0721-xyz"): refuse them first
        return [
            _("{field} may contain only digits, spaces, dashes, brackets and a leading +.").format(
                field=field
            )
        ]
    if len(text) > PHONE_MAX_LENGTH:
        return [
            _("{field} is too long: at most {max} characters.").format(
                field=field, max=PHONE_MAX_LENGTH
            )
        ]
    digits = re.sub(r"\D", "", text)
    if not (text.startswith("+") or digits.startswith("0")):
        return [
            _("{field} must start with 0 or with the country code, e.g. +62.").format(field=field)
        ]
    if not _valid_phone_number(text):
        return [
            _(
                "{field} is not valid: e.g. 0721 481126 for a fixed line or 0812-3456-7890 "
                "for a mobile."
            ).format(field=field)
        ]
    return []


def _valid_phone_number(text: str) -> bool:
    # imported here: the library's metadata takes about a tenth of a second to load
    import phonenumbers

    try:
        number = phonenumbers.parse(text, PHONE_REGION)
    except phonenumbers.NumberParseException:
        return False
    return bool(phonenumbers.is_valid_number(number))


def email_problems(value: str, *, label: str | None = None) -> list[str]:
    """An optional e-mail address, checked by the ``email-validator`` library (syntax only:
    no network look-up)."""
    field = label or _("The e-mail address")
    if not isinstance(value, str):
        return [_("{field} must be text.").format(field=field)]
    text = normalise_text(value)
    if not text:
        return []
    # imported here: the library takes about a tenth of a second to load
    from email_validator import EmailNotValidError, validate_email

    try:
        validate_email(text, check_deliverability=False)
    except EmailNotValidError:
        return [
            _("{field} is not valid: it should look like kantor@contoh.go.id.").format(
                field=field
            )
        ]
    return []


def bank_account_problems(value: str) -> list[str]:
    """An optional bank account number: digits, with spaces, dots or dashes as typed."""
    text = normalise_text(value)
    if not text:
        return []
    if not _ACCOUNT_CHARS.match(text) or not digits_only(text).isdigit():
        return [_("The account number may contain only digits, spaces, dots and dashes.")]
    if len(text) > 40:
        return [_("The account number is too long: at most 40 characters.")]
    return []


def _type_problems(value: object, *, label: str, money: bool) -> list[str]:
    """Why ``value`` is not an exact number at all (None, text, a float, NaN, ...)."""
    if value is None:
        return [_("{field} is required.").format(field=label)]
    if isinstance(value, str):
        return [
            _("{field} must be a number, not the text “{text}”.").format(
                field=label, text=value[:20]
            )
        ]
    if isinstance(value, float):
        if money:
            return [_("{field} must be a whole number of rupiah.").format(field=label)]
        return [
            _(
                "{field} must be an exact decimal number (Decimal), not a floating-point "
                "number such as {value}."
            ).format(field=label, value=repr(value)[:20])
        ]
    if isinstance(value, bool) or not isinstance(value, int | Decimal):
        return [_("{field} must be a number.").format(field=label)]
    if isinstance(value, Decimal) and not value.is_finite():
        name = "NaN" if value.is_nan() else ("-Infinity" if value < 0 else "Infinity")
        return [_("{field} must be a real number, not {value}.").format(field=label, value=name)]
    return []


def money_problems(value: object, *, label: str, max: int = MAX_MONEY) -> list[str]:
    """Whole rupiah: an int (or a Decimal without fraction) from 0 up to ``max``."""
    problems = _type_problems(value, label=label, money=True)
    if problems:
        return problems
    assert isinstance(value, int | Decimal)
    if isinstance(value, Decimal):
        if value != value.to_integral_value():
            return [_("{field} must be a whole number of rupiah.").format(field=label)]
        value = int(value)
    if value < 0:
        return [_("{field} cannot be negative.").format(field=label)]
    if value > max:
        return [
            _("{field} is too large: at most {max}.").format(field=label, max=format_rupiah(max))
        ]
    return []


def quantity_problems(
    value: object, *, label: str, max_units: int | Decimal = DEFAULT_MAX_LINE_QUANTITY
) -> list[str]:
    """A quantity: a ``Decimal`` (or int) from zero up to ``max_units``, at most three
    decimals. Text, floats, None, NaN and Infinity are refused, each with a sentence."""
    problems = _type_problems(value, label=label, money=False)
    if problems:
        return problems
    assert isinstance(value, int | Decimal)
    qty = Decimal(value)
    if qty < 0:
        return [_("{field} cannot be negative.").format(field=label)]
    if qty > max_units:
        return [
            _("{field} is too large: at most {max}.").format(
                field=label, max=format_number(max_units)
            )
        ]
    if qty != qty.quantize(Decimal(1).scaleb(-QUANTITY_PLACES)):
        return [_("{field} may have at most 3 decimals.").format(field=label)]
    return []


def id_problems(value: object, *, label: str) -> list[str]:
    """A row key chosen from a list (hotel, supplier, product...): a positive int."""
    if isinstance(value, bool) or not isinstance(value, int) or value <= 0:
        return [_("{field} is not valid: choose it from the list.").format(field=label)]
    return []


def date_problems(value: object, *, label: str, required: bool = True) -> list[str]:
    """A calendar date (a ``datetime.date``, not a date-time or text)."""
    if value is None and not required:
        return []
    if isinstance(value, dt.datetime) or not isinstance(value, dt.date):
        return [_("{field} must be a date.").format(field=label)]
    return []


def datetime_problems(value: object, *, label: str) -> list[str]:
    """An optional moment (a ``datetime.datetime``)."""
    if value is None or isinstance(value, dt.datetime):
        return []
    return [_("{field} must be a date and time.").format(field=label)]


def enum_problems(value: object, enum: type[StrEnum], *, message: str) -> list[str]:
    """``value`` must be one of ``enum`` (a member, or its stored string from an import)."""
    if isinstance(value, str) and value in {member.value for member in enum}:
        return []
    return [message]


def changes(before: dict[str, object], after: dict[str, object]) -> dict[str, list[object]]:
    """What an update changed, for the audit log: field -> [old, new]."""
    return {
        key: [before.get(key), value] for key, value in after.items() if before.get(key) != value
    }


def add(problems: dict[str, list[str]], key: str, messages: list[str]) -> None:
    """Collect ``messages`` under ``key`` (a field name, '' for the whole form)."""
    if messages:
        problems.setdefault(key, []).extend(messages)
