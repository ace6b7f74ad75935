"""Indonesian formats for money, quantities and dates, and parsing of typed numbers.

Numbers keep the Indonesian form (dot for thousands, comma for decimals) in
both UI languages: amounts are in Rupiah whatever language the screen speaks.
"""

from __future__ import annotations

import datetime as dt
import re
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation

from babel.dates import format_date as _babel_format_date
from babel.numbers import format_decimal

from hotel_supply.i18n import _, current_language

NUMBER_LOCALE = "id_ID"
QTY_PLACES = Decimal("0.001")


class ParseError(ValueError):
    """Typed text is not a number; the message is fit for a user."""


def round_rupiah(value: Decimal | int) -> int:
    """Round half-up to the whole rupiah (SPEC rule 1)."""
    return int(Decimal(value).quantize(Decimal(1), rounding=ROUND_HALF_UP))


def line_amount(quantity: Decimal, unit_price: int) -> int:
    """quantity × unit price, rounded half-up to the rupiah."""
    return round_rupiah(Decimal(quantity) * unit_price)


def format_number(value: int | Decimal) -> str:
    return format_decimal(value, format="#,##0.###", locale=NUMBER_LOCALE)


# the office's money format (Settings → Money format): set whenever the settings are read
_money_format = {"space": False}


def use_money_format(*, space: bool) -> None:
    """Show every amount as ``Rp 1.250.000`` (``space``) or ``Rp1.250.000`` from now on."""
    _money_format["space"] = bool(space)


def format_rupiah(amount: int | Decimal | None, *, space: bool | None = None) -> str:
    """``Rp1.250.000`` or ``Rp 1.250.000`` as the office chose (``space`` overrides it);
    negative as ``-Rp1.250``."""
    if amount is None:
        return ""
    value = round_rupiah(amount)
    sign = "-" if value < 0 else ""
    # "#,##0" in id_ID is thousands grouped by "."; Python's grouping is the same, 20× faster
    # (a month's documents format tens of thousands of amounts)
    if NUMBER_LOCALE == "id_ID":
        body = f"{abs(value):,}".replace(",", ".")
    else:
        body = format_decimal(abs(value), format="#,##0", locale=NUMBER_LOCALE)
    gap = _money_format["space"] if space is None else space
    return f"{sign}Rp{' ' if gap else ''}{body}"


def format_qty(quantity: Decimal | int | None, unit: str | None = None) -> str:
    """``2,5`` or ``2,5 kg``; at most three decimals, none when whole."""
    if quantity is None:
        return ""
    text = format_decimal(Decimal(quantity), format="#,##0.###", locale=NUMBER_LOCALE)
    return f"{text} {unit}" if unit else text


def format_date(value: dt.date | None) -> str:
    """``19/11/2020`` as in tables."""
    return value.strftime("%d/%m/%Y") if value else ""


def format_date_long(value: dt.date | None) -> str:
    """``19 November 2020`` as on paper, month named in the current language."""
    if value is None:
        return ""
    locale = "id_ID" if current_language() == "id" else "en_GB"
    return _babel_format_date(value, "d MMMM y", locale=locale)


def format_datetime(value: dt.datetime | None) -> str:
    return value.strftime("%d/%m/%Y %H:%M") if value else ""


def format_month(year: int, month: int) -> str:
    locale = "id_ID" if current_language() == "id" else "en_GB"
    return _babel_format_date(dt.date(year, month, 1), "MMMM y", locale=locale)


_GROUPED = re.compile(r"^\d{1,3}(\.\d{3})+$")


def parse_decimal(text: str, *, places: int = 3) -> Decimal:
    """Parse Indonesian input: ``1.250.000`` → 1250000, ``2,5`` → 2.5.

    A dot is a thousands separator and must group by three; a comma marks
    decimals. ``2.5`` is refused rather than guessed, since in Indonesian it
    cannot mean two and a half.
    """
    raw = text.strip().replace(" ", "").replace("\u00a0", "")
    if raw.lower().startswith("rp"):
        raw = raw[2:]
    if not raw:
        raise ParseError(_("Enter a number."))
    sign = ""
    if raw[0] in "+-":
        sign, raw = ("-" if raw[0] == "-" else ""), raw[1:]
    whole, _sep, frac = raw.partition(",")
    if "," in frac or (frac and not frac.isdigit()):
        raise ParseError(_("“{text}” is not a number.").format(text=text))
    if "." in whole:
        if not _GROUPED.match(whole):
            raise ParseError(
                _("“{text}” is not a number. Use a comma for decimals, e.g. 2,5.").format(
                    text=text
                )
            )
        whole = whole.replace(".", "")
    if not whole.isdigit():
        raise ParseError(_("“{text}” is not a number.").format(text=text))
    if len(frac) > places:
        raise ParseError(
            _("At most {places} decimals are allowed.").format(places=places)
            if places
            else _("Enter a whole number, without decimals.")
        )
    try:
        return Decimal(f"{sign}{whole}.{frac or '0'}")
    except InvalidOperation as exc:  # pragma: no cover - guarded above
        raise ParseError(_("“{text}” is not a number.").format(text=text)) from exc


_DAY = re.compile(r"^(\d{1,2})[/.\- ](\d{1,2})(?:[/.\- ](\d{2}|\d{4}))?$")


def parse_day(text: str, *, reference: dt.date, after: bool = False) -> dt.date | None:
    """A date as a clerk types it; empty → None; raises ParseError.

    ``19/11/2026``, ``19-11-2026``, ``19.11.26``, ``19112026`` and ``2026-11-19`` are read
    as written. A short ``3/12`` (or ``0312``) takes the year of ``reference`` (the
    document's date); with ``after`` (an expiry date) a day that would fall before
    ``reference`` is taken in the next year, the next sensible one.
    """
    raw = text.strip()
    if not raw:
        return None
    try:
        if re.fullmatch(r"\d{4}-\d{1,2}-\d{1,2}", raw):
            return dt.date.fromisoformat("-".join(f"{int(p):02d}" for p in raw.split("-")))
        digits = re.fullmatch(r"\d{4}|\d{6}|\d{8}", raw)
        if digits:  # 0312, 031226, 03122026
            parts = [raw[0:2], raw[2:4], raw[4:] or None]
        else:
            match = _DAY.match(raw)
            if match is None:
                raise ValueError(raw)
            parts = [match.group(1), match.group(2), match.group(3)]
        day, month = int(parts[0] or 0), int(parts[1] or 0)
        year_text = parts[2]
        if year_text is None:
            found = dt.date(reference.year, month, day)
            if after and found < reference:
                found = dt.date(reference.year + 1, month, day)
            return found
        year = int(year_text) + (2000 if len(year_text) == 2 else 0)
        return dt.date(year, month, day)
    except ValueError:
        raise ParseError(
            _("“{text}” is not a date; type it as 19/11/2026 or 19/11.").format(text=text)
        ) from None


def parse_rupiah(text: str) -> int:
    """Parse a whole-rupiah amount such as ``Rp1.250.000`` or ``1250000``."""
    return int(parse_decimal(text, places=0))


def format_time(value: dt.datetime | None) -> str:
    return value.strftime("%H:%M") if value else ""


def amount_in_words(amount: int) -> str:
    """The amount in Indonesian words, capitalised as on a formal document.

    ``1_250_000`` → ``Satu Juta Dua Ratus Lima Puluh Ribu Rupiah`` (Terbilang). Always
    Indonesian: the legal text of a Rupiah amount, whatever the screen's language.
    """
    from num2words import num2words

    value = round_rupiah(amount)
    words = num2words(abs(value), lang="id")
    text = " ".join(word.capitalize() for word in words.split()) + " Rupiah"
    return ("Minus " + text) if value < 0 else text


def compact_units() -> tuple[tuple[int, str], ...]:
    """Thousands, millions and billions as the reader's language shortens them."""
    if current_language() == "id":
        return (1_000_000_000, "M"), (1_000_000, "jt"), (1_000, "rb")
    return (1_000_000_000, "bn"), (1_000_000, "m"), (1_000, "k")
