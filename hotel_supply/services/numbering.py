"""Gapless document numbers per series and year (SPEC rule 6).

A number is taken inside the unit of work that issues or posts the document:
if that unit rolls back, so does the counter, and no number is lost. The
counter row is locked (``SELECT ... FOR UPDATE`` on PostgreSQL; SQLite's write
lock does the same), so two PCs posting at once get consecutive numbers.

A series' format turns (year, sequence) into the number's text. Counters restart
each year, so a format must show the full year, and the formats of the series
must never render the same text: ``format_problems`` says what is wrong with
formats before they are saved.
"""

from __future__ import annotations

import re
import string
from collections.abc import Mapping

from sqlalchemy import select
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy.orm import InstrumentedAttribute, Session

from hotel_supply.db import Database
from hotel_supply.i18n import N_, _
from hotel_supply.models import Delivery, Invoice, NumberSeries, Payment, StockCount, StockDocument
from hotel_supply.services.errors import DomainError

# series code -> default format; the settings may override the format.
DEFAULT_FORMATS: dict[str, str] = {
    "SJ": "SJ/{year}/{seq:05d}",  # Surat Jalan / Tanda Terima Barang
    "INV": "INV/{year}/{seq:05d}",
    "NK": "NK/{year}/{seq:05d}",  # Nota Kredit
    "KW": "KW/{year}/{seq:05d}",  # Kuitansi
    "RF": "RF/{year}/{seq:05d}",  # Refund: money paid back to a hotel after a credit note
    "BK": "BK/{year}/{seq:05d}",  # Bukti Keluar: issue to outlet
    "BS": "BS/{year}/{seq:05d}",  # Berita acara barang rusak: waste
    "RT": "RT/{year}/{seq:05d}",  # Retur ke pemasok
    "SO": "SO/{year}/{seq:05d}",  # Stok Opname
}


def next_sequence(session: Session, *, series: str, year: int) -> int:
    """Take the next number of ``series`` in ``year`` (1, 2, 3, ... without gaps)."""
    dialect = session.get_bind().dialect.name
    values = {"series": series, "year": year, "last_number": 0}
    if dialect == "postgresql":
        session.execute(pg_insert(NumberSeries).values(values).on_conflict_do_nothing())
    elif dialect == "sqlite":
        session.execute(sqlite_insert(NumberSeries).values(values).on_conflict_do_nothing())
    else:  # pragma: no cover - only the two supported databases
        if session.get(NumberSeries, (series, year)) is None:
            session.add(NumberSeries(**values))
            session.flush()
    row = session.scalars(
        select(NumberSeries)
        .where(NumberSeries.series == series, NumberSeries.year == year)
        .with_for_update()
        .execution_options(populate_existing=True)
    ).one()
    row.last_number += 1
    session.flush()
    return row.last_number


# series code -> what its documents are, as the settings and messages name them
SERIES_NAMES: dict[str, str] = {
    "SJ": N_("Delivery notes"), "INV": N_("Invoices"), "NK": N_("Credit notes"),
    "KW": N_("Payment receipts"), "RF": N_("Refunds to hotels"), "BK": N_("Issues to outlets"),
    "BS": N_("Waste write-offs"), "RT": N_("Returns to suppliers"), "SO": N_("Stock counts"),
}

# series code -> the column its numbers are kept in (unique there)
NUMBER_COLUMNS: dict[str, InstrumentedAttribute[str | None] | InstrumentedAttribute[str]] = {
    "SJ": Delivery.number, "INV": Invoice.number, "NK": Invoice.number, "KW": Payment.number,
    "RF": Payment.number, "BK": StockDocument.number, "BS": StockDocument.number,
    "RT": StockDocument.number, "SO": StockCount.number,
}

NUMBER_LENGTH = 40  # the number columns' width
_SPECS = {  # field -> the ways it may be written after a colon; all render digits only
    "year": re.compile(r"d?"),
    "yy": re.compile(r"(02)?d?"),
    "seq": re.compile(r"(0[1-9][0-9]?)?d?"),
}
_LONGEST_SEQ = 999_999  # a series will not pass a million documents in a year


def format_number(fmt: str, *, year: int, seq: int) -> str:
    # {hotel} is no longer accepted, but a format saved with it still prints (as before)
    return fmt.format(year=year, seq=seq, yy=year % 100, hotel="")


def format_problems(formats: Mapping[str, str]) -> dict[str, list[str]]:
    """What is wrong with each series' number format (series without problems are left out).

    A format is fine when it is a valid format of the fields {year}, {yy} and {seq},
    contains {seq} and the full {year}, fits the number column, and the letters and
    signs outside its fields differ from every other series': the fields render only
    digits, so two series whose non-digit text differs can never render the same number.
    """
    problems: dict[str, list[str]] = {}
    by_letters: dict[str, list[str]] = {}
    for series, fmt in formats.items():
        found = _problems_of(fmt)
        if found:
            problems[series] = found
        else:
            by_letters.setdefault(_letters(fmt), []).append(series)
    for same in (group for group in by_letters.values() if len(group) > 1):
        for series in same:
            others = ", ".join(_(SERIES_NAMES.get(s, s)) for s in same if s != series)
            default = DEFAULT_FORMATS.get(series)
            if default is None or formats[series] == default:
                message = _("It can make the same numbers as {others}: give each series letters "
                            "or signs of its own.").format(others=others)
            else:
                message = _("It can make the same numbers as {others}: give each series letters "
                            "or signs of its own (e.g. {example}).").format(others=others,
                                                                          example=default)
            problems[series] = [message]
    return problems


def _problems_of(fmt: str) -> list[str]:
    if not fmt.isprintable():
        return [_("A number format cannot contain line breaks or tabs.")]
    try:
        parts = list(string.Formatter().parse(fmt))
    except ValueError:
        return [_("A brace stands alone: write the fields as {year} and {seq}, and a brace "
                  "to print as {open} or {close}.").format(year="{year}", seq="{seq:05d}",
                                                          open="{{", close="}}")]
    problems: list[str] = []
    fields: set[str] = set()
    for _literal, name, spec, conversion in parts:
        if name is None:
            continue
        if name not in _SPECS:
            problems.append(_("“{field}” is not a field of a number: use {year}, {yy} and "
                              "{seq}.").format(field="{" + name + "}", year="{year}",
                                               yy="{yy}", seq="{seq}"))
        elif conversion or not _SPECS[name].fullmatch(spec or ""):
            if name == "seq":
                problems.append(_("Write the sequence as {seq}, or with zeros to a width, such "
                                  "as {example} for 00001.").format(seq="{seq}",
                                                                    example="{seq:05d}"))
            else:
                problems.append(_("Write {field} as it is, without a colon or a sign after "
                                  "it.").format(field="{" + name + "}"))
        fields.add(name)
    if problems:
        return problems
    if "seq" not in fields:
        problems.append(_("The format needs {seq}, the running number of the document (e.g. "
                          "{example}).").format(seq="{seq}", example="{seq:05d}"))
    if "year" not in fields:
        if "yy" in fields:
            problems.append(_("The format needs {year}: numbers restart every year, and with "
                              "{yy} alone they would repeat after a hundred years.").format(
                year="{year}", yy="{yy}"))
        else:
            problems.append(_("The format needs {year}: numbers restart every year, so without "
                              "it next year's numbers would repeat this year's.").format(
                year="{year}"))
    if not problems:
        longest = len(format_number(fmt, year=2026, seq=_LONGEST_SEQ))
        if longest > NUMBER_LENGTH:
            problems.append(_("Too long: its numbers can have {n} characters, and at most {most} "
                              "fit.").format(n=longest, most=NUMBER_LENGTH))
    return problems


def _letters(fmt: str) -> str:
    """The text outside the fields, without digits: what a number always shows besides digits."""
    return "".join(literal for literal, *_rest in string.Formatter().parse(fmt)).translate(
        str.maketrans("", "", string.digits))


def take_number(session: Session, *, series: str, year: int, fmt: str | None = None) -> str:
    """Take and format the next document number of a series.

    Raises DomainError (and the unit of work rolls the counter back) when that number is
    already on a document: a format that repeats numbers, saved before formats were checked.
    """
    seq = next_sequence(session, series=series, year=year)
    number = format_number(fmt or DEFAULT_FORMATS[series], year=year, seq=seq)
    column = NUMBER_COLUMNS.get(series)
    if column is not None and session.scalar(
            select(column).where(column == number).limit(1)) is not None:
        raise DomainError(_(
            "The next number of {series}, {number}, is already on another document. Correct "
            "the number format in Settings: it needs {year} and letters of its own.").format(
            series=_(SERIES_NAMES.get(series, series)).lower(), number=number, year="{year}"))
    return number


def next_sequences(db: Database, *, year: int) -> dict[str, int]:
    """For every series, the sequence its next document of ``year`` will take."""
    with db.reader() as session:
        taken = {series: last for series, last in session.execute(
            select(NumberSeries.series, NumberSeries.last_number)
            .where(NumberSeries.year == year))}
    return {series: taken.get(series, 0) + 1 for series in DEFAULT_FORMATS}
