"""Gapless document numbers per series and year (SPEC rule 6).

A number is taken inside the unit of work that issues or posts the document:
if that unit rolls back, so does the counter, and no number is lost. The
counter row is locked (``SELECT ... FOR UPDATE`` on PostgreSQL; SQLite's write
lock does the same), so two PCs posting at once get consecutive numbers.
"""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy.orm import Session

from hotel_supply.models import NumberSeries

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


def format_number(fmt: str, *, year: int, seq: int, hotel: str = "") -> str:
    return fmt.format(year=year, seq=seq, yy=year % 100, hotel=hotel)


def take_number(session: Session, *, series: str, year: int, fmt: str | None = None) -> str:
    """Take and format the next document number of a series."""
    seq = next_sequence(session, series=series, year=year)
    return format_number(fmt or DEFAULT_FORMATS[series], year=year, seq=seq)
