"""A whole month's documents printed into one folder: every issued invoice and credit note,
each hotel's recap and each supplier's statement, one PDF each. Used by the command line
(``hotel-supply invoices print``) and by the window's "Print month".

The plain data of every document is read here, in this process, a batch of invoices at a
time; the PDFs are drawn by a pool of processes (one per core), each handed a few
documents' data at a time, and written here as they come back, with the progress after
each. A few documents are drawn here directly: starting the pool would cost more. What a
worker draws is what this process would: it takes this process's language and money
format.
"""

from __future__ import annotations

import multiprocessing
import os
from collections.abc import Callable, Iterator
from concurrent.futures import FIRST_COMPLETED, Executor, Future, ProcessPoolExecutor, wait
from dataclasses import dataclass
from pathlib import Path
from typing import ParamSpec, TypeVar

from sqlalchemy import select

from hotel_supply import output_files
from hotel_supply.db import Database
from hotel_supply.documents.batch import MonthDocument as Document
from hotel_supply.documents.batch import render_batch, render_document, start_worker
from hotel_supply.i18n import current_language
from hotel_supply.models import Hotel, Invoice, Supplier
from hotel_supply.models.enums import InvoiceStatus
from hotel_supply.progress import SILENT, Progress
from hotel_supply.services import invoice_printing
from hotel_supply.services.file_names import (
    hotel_codes,
    hotel_recap_file_name,
    invoice_file_names,
    supplier_codes,
    supplier_statement_file_name,
)
from hotel_supply.services.settings import load_settings
from hotel_supply.services.statement import supplier_statement_data, supplier_statements_data

__all__ = ["MonthDocuments", "month_documents", "print_month", "render_document"]

#: Below this many documents the month is drawn in this process: a pool process takes
#: about a second to start and warm up, as long as twenty documents take to draw.
POOL_FROM = 40
#: Documents a worker is handed at a time; and at most how many batches per worker are
#: read ahead of the drawing (their data is small; reading goes on while they draw).
CHUNK = 4
AHEAD = 64
#: Suppliers whose statements are read together (the drawing starts after the first ones).
STATEMENTS = 40

_P = ParamSpec("_P")
_T = TypeVar("_T")


@dataclass(frozen=True)
class MonthDocuments:
    """What a month prints: its issued invoices and credit notes (id, number), and the
    hotels and suppliers whose recap and statement go with them (id, name)."""

    invoices: tuple[tuple[int, str], ...]
    hotels: tuple[tuple[int, str], ...]
    suppliers: tuple[tuple[int, str], ...]


def month_documents(
    db: Database, *, year: int, month: int, hotel_id: int | None = None
) -> MonthDocuments:
    """The month's issued invoices and credit notes (of one hotel, or all), and the hotels
    and suppliers they concern, each in id order."""
    with db.reader() as session:
        stmt = (
            select(Invoice.id, Invoice.number, Hotel.id, Hotel.name, Supplier.id, Supplier.name)
            .join(Hotel, Hotel.id == Invoice.hotel_id)
            .join(Supplier, Supplier.id == Invoice.supplier_id)
            .where(
                Invoice.year == year,
                Invoice.month == month,
                Invoice.status == InvoiceStatus.ISSUED,
            )
            .order_by(Invoice.id)
        )
        if hotel_id is not None:
            stmt = stmt.where(Invoice.hotel_id == hotel_id)
        rows = session.execute(stmt).all()
    return MonthDocuments(
        invoices=tuple((r[0], r[1] or "") for r in rows),
        hotels=tuple(sorted({(r[2], r[3]) for r in rows})),
        suppliers=tuple(sorted({(r[4], r[5]) for r in rows})),
    )


# --------------------------------------------------------------------------- drawing


class _Here(Executor):
    """Runs each batch at once, in this process (a small month: no pool to start)."""

    def submit(self, fn: Callable[_P, _T], /, *args: _P.args, **kwargs: _P.kwargs) -> Future[_T]:
        future: Future[_T] = Future()
        try:
            future.set_result(fn(*args, **kwargs))
        except Exception as exc:  # handed back as a pool would
            future.set_exception(exc)
        return future


def _executor(db: Database, workers: int | None, documents: int) -> tuple[Executor, int]:
    """Where the batches are drawn, and how many may wait there at most."""
    if workers is None:
        workers = (os.cpu_count() or 1) if documents >= POOL_FROM else 0
    if workers < 1:
        return _Here(), 0
    pool = ProcessPoolExecutor(
        max_workers=workers,
        # spawned, not forked: the window's threads and open connections stay behind
        mp_context=multiprocessing.get_context("spawn"),
        initializer=start_worker,
        initargs=(current_language(), load_settings(db).currency_space),
    )
    return pool, AHEAD * workers


# --------------------------------------------------------------------------- the month


def print_month(
    db: Database,
    docs: MonthDocuments,
    *,
    year: int,
    month: int,
    folder: Path,
    paper: str = "A4",
    invoices: bool = True,
    recaps: bool = True,
    statements: bool = True,
    progress: Progress = SILENT,
    workers: int | None = None,
) -> list[Path]:
    """Write each chosen document of the month into ``folder`` as a PDF on ``paper``,
    named as :mod:`~hotel_supply.services.file_names` names it; the files written, in the
    order of ``docs``. ``progress`` is told after each file (and may cancel: the files
    written so far stay). ``workers``: processes drawing the PDFs (default: one per core
    for a month of :data:`POOL_FROM` documents or more; 0 draws them here)."""
    total = (
        (len(docs.invoices) if invoices else 0)
        + (len(docs.hotels) if recaps else 0)
        + (len(docs.suppliers) if statements else 0)
    )
    output_files.make_folder(folder)
    progress.step(0, total, "")
    written: dict[int, Path] = {}
    pool, ahead = _executor(db, workers, total)
    with pool:
        pending: dict[Future[list[bytes]], list[tuple[int, Path]]] = {}

        def collect(*, block: bool = True) -> None:
            """Write what is drawn (waiting for the next one when ``block``)."""
            done, _waiting = wait(pending, timeout=None if block else 0,
                                  return_when=FIRST_COMPLETED)
            for future in done:
                targets = pending.pop(future)
                for (index, path), pdf in zip(targets, future.result(), strict=True):
                    output_files.write_bytes(path, pdf)
                    written[index] = path
                    progress.step(len(written), total, path.name)

        try:
            batch: list[tuple[int, Path, Document]] = []
            for item in _documents(db, docs, year=year, month=month, folder=folder,
                                   chosen=(invoices, recaps, statements)):
                batch.append(item)
                if len(batch) == CHUNK:
                    _submit(pool, pending, batch, paper)
                    batch = []
                    collect(block=len(pending) > ahead)  # reading goes on while they draw
            if batch:
                _submit(pool, pending, batch, paper)
            while pending:
                collect()
        except BaseException:
            for future in pending:
                future.cancel()
            raise
    return [written[i] for i in sorted(written)]


def _submit(
    pool: Executor,
    pending: dict[Future[list[bytes]], list[tuple[int, Path]]],
    batch: list[tuple[int, Path, Document]],
    paper: str,
) -> None:
    future = pool.submit(render_batch, [doc for _i, _p, doc in batch], paper)
    pending[future] = [(index, path) for index, path, _doc in batch]


def _documents(
    db: Database,
    docs: MonthDocuments,
    *,
    year: int,
    month: int,
    folder: Path,
    chosen: tuple[bool, bool, bool],
) -> Iterator[tuple[int, Path, Document]]:
    """Each chosen document's place, file and data, read as they are needed: the invoices a
    batch at a time, then each recap and each statement."""
    invoices, recaps, statements = chosen
    index = 0
    if invoices:
        ids = [invoice_id for invoice_id, _number in docs.invoices]
        for start in range(0, len(ids), invoice_printing.BATCH):
            chunk = ids[start : start + invoice_printing.BATCH]
            names = invoice_file_names(db, chunk)
            for invoice_id, data in invoice_printing.invoices_data(db, invoice_ids=chunk).items():
                yield index, folder / names[invoice_id], data
                index += 1
    if recaps:
        codes = hotel_codes(db, (h for h, _name in docs.hotels))
        for hotel_id, _name in docs.hotels:
            recap = invoice_printing.hotel_recap_data(db, hotel_id=hotel_id, year=year, month=month)
            name = hotel_recap_file_name(hotel_code=codes.get(hotel_id, ""), year=year, month=month)
            yield index, folder / name, recap
            index += 1
    if statements:
        codes = supplier_codes(db, (s for s, _name in docs.suppliers))
        ids = [supplier_id for supplier_id, _name in docs.suppliers]
        for start in range(0, len(ids), STATEMENTS):
            chunk = ids[start : start + STATEMENTS]
            read = supplier_statements_data(db, supplier_ids=chunk, year=year, month=month)
            for supplier_id in chunk:
                name = supplier_statement_file_name(
                    supplier_code=codes.get(supplier_id, ""), year=year, month=month
                )
                statement = read.get(supplier_id) or supplier_statement_data(
                    db, supplier_id=supplier_id, year=year, month=month
                )  # (gone since: its NotFound says so)
                yield index, folder / name, statement
                index += 1
