"""Pure validators and small helpers shared by the master-data services (no database, no Qt).

Each ``*_problems`` function returns a list of messages fit to show a clerk,
empty when the value is fine; ``normalise_*`` functions give the form a value
is stored in. Names and other free text are kept exactly as typed (markup
characters such as ``<`` and ``&`` and emoji included): escaping is the
documents' job. Only control characters are refused, because PostgreSQL
cannot store a NUL and a stray tab or line break breaks lists and printouts.
"""

from __future__ import annotations

import re
from decimal import Decimal
from enum import StrEnum
from typing import NamedTuple

from hotel_supply.i18n import _

NPWP_DIGITS = 16
OLD_NPWP_DIGITS = 15
NIB_DIGITS = 13
MAX_MONEY = 10**12  # Rp1 trillion: far above any price, far below the BIGINT limit
QUANTITY_PLACES = 3

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
    text = normalise_text(value)
    if not text:
        return [_("{field} is required.").format(field=label)]
    return text_problems(text, label=label, max_length=max_length)


def text_problems(
    value: str, *, label: str, max_length: int | None = 200, multiline: bool = False
) -> list[str]:
    """An optional text: any Unicode, markup characters and emoji allowed."""
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


def npwp_problems(value: str, *, required: bool = False) -> list[str]:
    """The 16-digit NPWP; dots, dashes and spaces are allowed when typing."""
    digits = digits_only(value)
    if not digits:
        return [_("The NPWP is required.")] if required else []
    if not digits.isdigit():
        return [_("The NPWP may contain only digits (dots, dashes and spaces are ignored).")]
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
    """An optional Indonesian phone number: ``0812-3456-7890``, ``+62 721 123456``, ..."""
    text = normalise_text(value)
    if not text:
        return []
    field = label or _("The phone number")
    if not _PHONE_CHARS.match(text):
        return [
            _("{field} may contain only digits, spaces, dashes, brackets and a leading +.").format(
                field=field
            )
        ]
    digits = re.sub(r"\D", "", text)
    if not 8 <= len(digits) <= 15:
        return [
            _("{field} must have between 8 and 15 digits, e.g. 0812-3456-7890.").format(field=field)
        ]
    if not (text.startswith("+") or digits.startswith("0")):
        return [
            _("{field} must start with 0 or with the country code, e.g. +62.").format(field=field)
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


def money_problems(value: object, *, label: str) -> list[str]:
    """Whole rupiah: an int from 0 up to :data:`MAX_MONEY`."""
    if isinstance(value, bool) or not isinstance(value, int):
        if isinstance(value, Decimal) and value.is_finite() and value == value.to_integral_value():
            value = int(value)
        else:
            return [_("{field} must be a whole number of rupiah.").format(field=label)]
    if value < 0:
        return [_("{field} cannot be negative.").format(field=label)]
    if value > MAX_MONEY:
        return [_("{field} is too large.").format(field=label)]
    return []


def quantity_problems(value: object, *, label: str) -> list[str]:
    """A quantity: zero or more, with at most three decimals."""
    if isinstance(value, bool) or not isinstance(value, int | Decimal):
        return [_("{field} must be a number.").format(field=label)]
    qty = Decimal(value)
    if not qty.is_finite():
        return [_("{field} must be a number.").format(field=label)]
    if qty < 0:
        return [_("{field} cannot be negative.").format(field=label)]
    if qty != qty.quantize(Decimal(1).scaleb(-QUANTITY_PLACES)):
        return [_("{field} may have at most 3 decimals.").format(field=label)]
    if qty >= Decimal(10) ** 12:
        return [_("{field} is too large.").format(field=label)]
    return []


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
