"""Turning the cells offices type into values: numbers, money, dates, phones, NPWP, yes/no.

Each ``read_*`` function takes a raw cell (text, a number, a date, or None) and
returns the value, None for an empty cell, or raises :class:`CellError` with a
sentence for the clerk. Indonesian and English ways of writing are both read:
``1.250.000``, ``Rp 12.500,-``, ``2,5``, ``1,250,000.50``; ``19/11/2020``,
``19 Nov 2020``, ``19 Nopember 2020``, an Excel serial or a real date.
"""

from __future__ import annotations

import datetime as dt
import re
from decimal import Decimal, InvalidOperation

from hotel_supply.i18n import _
from hotel_supply.importing.sheets import Cell
from hotel_supply.services.validation import NPWP_DIGITS, OLD_NPWP_DIGITS

_SPACES = re.compile(r"\s+")
_EXCEL_EPOCH = dt.date(1899, 12, 30)  # serial 1 is 1 January 1900 (Excel's leap-year bug kept)
_MAX_SERIAL = 2_958_465  # 31 December 9999
_FLOAT_EXACT = 2**53  # above this a number cell has lost digits (a 16-digit NPWP, say)


class CellError(Exception):
    """A cell that cannot be read as what its column holds; the message is for the clerk."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


def is_blank(cell: Cell) -> bool:
    return cell is None or (isinstance(cell, str) and not cell.strip())


def read_text(cell: Cell) -> str:
    """Text with surrounding and repeated spaces dropped; a whole number reads without ``.0``."""
    if cell is None:
        return ""
    if isinstance(cell, bool):
        return _("Yes") if cell else _("No")
    if isinstance(cell, float):
        return str(int(cell)) if cell.is_integer() else repr(cell)
    if isinstance(cell, dt.datetime):
        return cell.strftime("%d/%m/%Y %H:%M")
    if isinstance(cell, dt.date):
        return cell.strftime("%d/%m/%Y")
    return _SPACES.sub(" ", str(cell).replace("\u00a0", " ")).strip()


def read_code(cell: Cell) -> str:
    """A code: text in capitals without spaces around it."""
    return read_text(cell).upper()


# --- numbers -------------------------------------------------------------------------

_GROUPED_DOTS = re.compile(r"^\d{1,3}(\.\d{3})+$")
_GROUPED_COMMAS = re.compile(r"^\d{1,3}(,\d{3})+$")


def read_number(cell: Cell, *, money: bool = False) -> Decimal | None:
    """A number as an exact Decimal. With ``money`` a lone separator followed by three digits
    (``12.500``, ``12,500``) groups thousands; otherwise only a dot does so (``2,500`` kg is two
    and a half, as an Indonesian would read it)."""
    if is_blank(cell):
        return None
    if isinstance(cell, bool):
        raise CellError(_("“{text}” is not a number.").format(text=read_text(cell)))
    if isinstance(cell, int):
        return Decimal(cell)
    if isinstance(cell, float):
        if cell != cell or cell in (float("inf"), float("-inf")):
            raise CellError(_("The cell does not hold a number."))
        # the shortest text that gives back the same float: 2.5 stays 2.5, 0.1 stays 0.1
        return Decimal(repr(cell))
    if isinstance(cell, dt.date | dt.time):
        raise CellError(_("“{text}” is a date, not a number.").format(text=read_text(cell)))
    return _parse_number_text(str(cell), money=money)


def _parse_number_text(original: str, *, money: bool) -> Decimal | None:
    text = original.replace("\u00a0", "").replace(" ", "").strip()
    lowered = text.lower()
    if lowered.startswith("rp."):
        text = text[3:]
    elif lowered.startswith("rp"):
        text = text[2:]
    for tail in (",-", ".-"):  # "Rp 12.500,-": no cents
        if text.endswith(tail):
            text = text[: -len(tail)]
            break
    if text in ("", "-"):
        return None
    sign = ""
    if text[0] in "+-":
        sign, text = ("-" if text[0] == "-" else ""), text[1:]
    normalised = _normalise_separators(text, money=money)
    if normalised is None:
        raise CellError(_("“{text}” is not a number.").format(text=original.strip()[:30]))
    try:
        return Decimal(sign + normalised)
    except InvalidOperation as exc:
        raise CellError(_("“{text}” is not a number.").format(text=original.strip()[:30])) from exc


def _normalise_separators(text: str, *, money: bool) -> str | None:
    """``text`` without grouping, with ``.`` for decimals; None if it is not a number."""
    if not re.fullmatch(r"[\d.,]+", text) or not any(c.isdigit() for c in text):
        return None
    dots, commas = text.count("."), text.count(",")
    if dots and commas:  # the later separator marks the decimals: 1.250,5 or 1,250.5
        decimal_sep = "," if text.rfind(",") > text.rfind(".") else "."
        group_sep = "." if decimal_sep == "," else ","
        whole, _sep, frac = text.rpartition(decimal_sep)
        if whole.count(group_sep) and not re.fullmatch(
            r"\d{1,3}(" + re.escape(group_sep) + r"\d{3})+", whole
        ):
            return None
        if decimal_sep in whole:
            return None
        return whole.replace(group_sep, "") + "." + frac
    if dots > 1:
        return text.replace(".", "") if _GROUPED_DOTS.match(text) else None
    if commas > 1:
        return text.replace(",", "") if _GROUPED_COMMAS.match(text) else None
    if dots == 1:
        whole, frac = text.split(".")
        if len(frac) == 3 and whole and whole != "0":
            return whole + frac  # 12.500: Indonesian thousands
        return text
    if commas == 1:
        whole, frac = text.split(",")
        if money and len(frac) == 3 and whole and whole != "0":
            return whole + frac  # 12,500 rupiah: English thousands
        return whole + "." + frac
    return text


def read_money(cell: Cell) -> int | None:
    """Whole rupiah: ``Rp 12.500``, ``1.250.000``, ``12500``."""
    value = read_number(cell, money=True)
    if value is None:
        return None
    if value != value.to_integral_value():
        raise CellError(
            _("{amount} is not a whole number of rupiah.").format(amount=read_text(cell))
        )
    if value < 0:
        raise CellError(_("An amount cannot be negative."))
    return int(value)


def read_quantity(cell: Cell) -> Decimal | None:
    """A quantity (at most three decimals are checked by the services)."""
    value = read_number(cell)
    if value is None:
        return None
    return value.normalize() if value == value.to_integral_value() else value


def read_whole(cell: Cell) -> int | None:
    """A whole number such as days of shelf life or payment terms."""
    value = read_number(cell)
    if value is None:
        return None
    if value != value.to_integral_value():
        raise CellError(_("“{text}” is not a whole number.").format(text=read_text(cell)))
    return int(value)


# --- dates -----------------------------------------------------------------------------

_MONTHS = {
    "jan": 1, "januari": 1, "january": 1,
    "feb": 2, "peb": 2, "februari": 2, "pebruari": 2, "february": 2,
    "mar": 3, "maret": 3, "march": 3,
    "apr": 4, "april": 4,
    "mei": 5, "may": 5,
    "jun": 6, "juni": 6, "june": 6,
    "jul": 7, "juli": 7, "july": 7,
    "agu": 8, "agt": 8, "ags": 8, "agus": 8, "agustus": 8, "aug": 8, "august": 8,
    "sep": 9, "sept": 9, "september": 9,
    "okt": 10, "oct": 10, "oktober": 10, "october": 10,
    "nov": 11, "nop": 11, "november": 11, "nopember": 11,
    "des": 12, "dec": 12, "desember": 12, "december": 12,
}
_NUMERIC_DATE = re.compile(r"^(\d{1,4})[/.\-](\d{1,2})[/.\-](\d{1,4})$")
_WORD_DATE = re.compile(r"^(\d{1,2})[\s\-/.]*([a-z]+)\.?[\s\-/.,]*(\d{2,4})$")
_WEEKDAY_PREFIX = re.compile(
    r"^(senin|selasa|rabu|kamis|jum'?at|sabtu|minggu|ahad|monday|tuesday|wednesday|thursday|"
    r"friday|saturday|sunday)[,\s]+"
)


def read_date(cell: Cell) -> dt.date | None:
    """A date: a real date, an Excel serial, or text in day-month-year order."""
    if is_blank(cell):
        return None
    if isinstance(cell, dt.datetime):
        return cell.date()
    if isinstance(cell, dt.date):
        return cell
    if isinstance(cell, bool):
        raise CellError(_("“{text}” is not a date.").format(text=read_text(cell)))
    if isinstance(cell, int | float):
        return _from_serial(cell)
    return _parse_date_text(str(cell))


def _from_serial(serial: float) -> dt.date:
    if not 1 <= serial <= _MAX_SERIAL:
        raise CellError(_("{value} is not a date.").format(value=read_text(serial)))
    return _EXCEL_EPOCH + dt.timedelta(days=int(serial))


def _parse_date_text(original: str) -> dt.date:
    text = _WEEKDAY_PREFIX.sub("", original.strip().lower())
    text = text.split(" ")[0] if _NUMERIC_DATE.match(text.split(" ")[0]) else text
    if re.fullmatch(r"\d{5}(\.0+)?", text):
        return _from_serial(float(text))
    try:
        match = _NUMERIC_DATE.match(text)
        if match:
            a, b, c = (int(g) for g in match.groups())
            if len(match.group(1)) == 4:  # 2020-11-19
                return dt.date(a, b, c)
            return dt.date(_full_year(c), b, a)  # day first, as Indonesia writes dates
        match = _WORD_DATE.match(text)
        if match and match.group(2) in _MONTHS:
            day, month_word, year = match.groups()
            return dt.date(_full_year(int(year)), _MONTHS[month_word], int(day))
    except ValueError:
        pass
    raise CellError(
        _("“{text}” is not a date: write it as 19/11/2020 or 19 Nov 2020.").format(
            text=original.strip()[:30]
        )
    )


def _full_year(year: int) -> int:
    return year + 2000 if year < 100 else year


# --- phones, NPWP, yes/no ----------------------------------------------------------------


def read_phone(cell: Cell) -> tuple[str, list[str]]:
    """A phone number as a clerk would type it, and notes on what was repaired.

    A number stored as a number lost its leading 0 (``81234567890``); one written
    ``62812...`` lost its ``+``. The first of several numbers (``0812... / 0721...``)
    is kept.
    """
    notes: list[str] = []
    if isinstance(cell, float) and cell.is_integer():
        text = str(int(cell))
    elif isinstance(cell, int) and not isinstance(cell, bool):
        text = str(cell)
    else:
        text = read_text(cell)
    if not text:
        return "", notes
    parts = [p.strip() for p in re.split(r"\s*(?:/|;|,|\bdan\b|\bor\b|\batau\b)\s*", text) if p]
    if len(parts) > 1:
        notes.append(_("Only the first phone number {phone} is kept.").format(phone=parts[0]))
        text = parts[0]
    text = re.sub(r"^(?:hp|wa|telp|tel|tlp)[.:\s]*", "", text, flags=re.I)
    digits = re.sub(r"\D", "", text)
    if text.startswith("+") or not digits:
        return text, notes
    if digits.startswith("62") and len(digits) >= 10:
        return "+" + text.lstrip(), notes
    if not digits.startswith("0"):
        return "0" + text.lstrip(), notes
    return text, notes


def read_npwp(cell: Cell) -> tuple[str, list[str]]:
    """The NPWP's digits (16), and notes on what was repaired. The old 15-digit NPWP becomes
    the 16-digit one by a leading 0, as the tax office converts it; a number cell that lost
    its leading 0 is repaired the same way."""
    notes: list[str] = []
    if is_blank(cell):
        return "", notes
    if isinstance(cell, float | int) and not isinstance(cell, bool):
        if abs(cell) >= _FLOAT_EXACT:
            raise CellError(
                _(
                    "The NPWP was stored as a number and may have lost digits: format the "
                    "column as text and type it again."
                )
            )
        return _npwp_digits(str(int(cell)), notes, from_number=True)
    text = read_text(cell)
    digits = re.sub(r"[\s.\-/]", "", text)
    if not digits.isdigit():
        raise CellError(
            _("The NPWP “{text}” may contain only digits, dots and dashes.").format(
                text=text[:30]
            )
        )
    return _npwp_digits(digits, notes, from_number=False)


def _npwp_digits(digits: str, notes: list[str], *, from_number: bool) -> tuple[str, list[str]]:
    if from_number and len(digits) < OLD_NPWP_DIGITS:
        digits = digits.zfill(OLD_NPWP_DIGITS)
    if len(digits) == OLD_NPWP_DIGITS:
        if not from_number:
            notes.append(
                _("The old 15-digit NPWP was turned into the 16-digit form {npwp}.").format(
                    npwp="0" + digits
                )
            )
        digits = "0" + digits
    if len(digits) != NPWP_DIGITS:
        raise CellError(
            _("The NPWP must have 15 or 16 digits; this one has {count}.").format(
                count=len(digits)
            )
        )
    return digits, notes


_YES = {"ya", "y", "yes", "1", "true", "benar", "v", "√", "✓", "x", "ok", "iya", "pkp"}
_NO = {"tidak", "t", "tdk", "no", "n", "0", "false", "salah", "-", "bukan", "non pkp", "non-pkp"}


def read_yes_no(cell: Cell) -> bool | None:
    """``Ya``/``Tidak``, ``Y``/``T``, ``1``/``0``, ``Yes``/``No``, a check box's TRUE/FALSE."""
    if is_blank(cell):
        return None
    if isinstance(cell, bool):
        return cell
    if isinstance(cell, int | float) and cell in (0, 1):
        return bool(cell)
    text = read_text(cell).lower()
    if text in _YES:
        return True
    if text in _NO:
        return False
    raise CellError(
        _("“{text}” is not yes or no: write Ya or Tidak.").format(text=read_text(cell)[:30])
    )

