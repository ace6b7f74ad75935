"""A delivery line is billed on at most one issued invoice, whatever two PCs do at once."""

from __future__ import annotations

import datetime as dt
import logging
import multiprocessing
import os
import shutil
import uuid
from collections import Counter
from collections.abc import Iterator
from decimal import ROUND_HALF_UP, Decimal
from pathlib import Path
from typing import Any

import pytest
from alembic import command
from sqlalchemy import Connection, column, create_engine, inspect, select, text
from sqlalchemy import table as sa_table
from sqlalchemy.exc import IntegrityError

from hotel_supply.config import sqlite_url
from hotel_supply.db import (
    Database,
    alembic_config,
    current_revision,
    head_revision,
    normalise_url,
    open_database,
)
from hotel_supply.models import Delivery, DeliveryLine, Invoice, InvoiceLine
from hotel_supply.models.enums import InvoiceKind, InvoiceStatus, Unit
from hotel_supply.services import deliveries, invoicing
from hotel_supply.services.deliveries import DeliveryInput, LineInput
from hotel_supply.services.errors import ConflictError
from tests.factories import make_hotel, make_price, make_product, make_supplier

TRIALS = 10
PG_URL = os.environ.get("HOTEL_SUPPLY_TEST_PG_URL")
BACKENDS = ["sqlite", "postgresql"] if PG_URL else ["sqlite"]
KOPI_PRICE, GULA_PRICE = 12_500, 33_333


def post(db: Database, *, hotel_id: int, supplier_id: int, day: dt.date,
         lines: list[tuple[int, str]]) -> int:
    delivery_id = deliveries.new_delivery(db, hotel_id=hotel_id, supplier_id=supplier_id, day=day)
    deliveries.post_delivery(db, delivery_id=delivery_id, data=DeliveryInput(
        delivery_date=day, lines=[LineInput(product_id=p, delivered=Decimal(q), accepted=Decimal(q))
                                  for p, q in lines]))
    return delivery_id


def rupiah(qty: str, price: int) -> int:
    return int((Decimal(qty) * price).quantize(Decimal(1), rounding=ROUND_HALF_UP))


def issued_lines(db: Database) -> list[tuple[int | None, str | None]]:
    """(delivery line, invoice number) of every line of every issued invoice."""
    with db.reader() as s:
        return [tuple(r) for r in s.execute(
            select(InvoiceLine.delivery_line_id, Invoice.number)
            .join(Invoice, Invoice.id == InvoiceLine.invoice_id)
            .where(Invoice.status == InvoiceStatus.ISSUED, Invoice.kind == InvoiceKind.INVOICE))]


# --- two PCs in two processes ---------------------------------------------------------


def _generate_and_issue(db: Database, year: int, month: int, hotel_id: int) -> tuple[str, str]:
    """What one PC's clerk does: generate the month's drafts, then issue them."""
    try:
        ids = invoicing.generate_drafts(db, year=year, month=month, hotel_id=hotel_id).invoice_ids
        numbers = []
        for invoice_id in ids:
            with db.unit_of_work(anyone=True) as session:
                numbers.append(invoicing.issue(session, invoice_id,
                                               issue_date=dt.date(year, month, 28)).number)
        return ("issued", " ".join(numbers)) if numbers else ("nothing", "")
    except ConflictError as exc:
        return "refused", exc.message
    except Exception as exc:  # anything else is what the test is here to catch
        return "error", f"{type(exc).__name__}: {exc}"


def _office_pc(url: str, year: int, month: int, jobs: Any, start: Any, results: Any) -> None:
    """One PC in a process of its own: it gets the trials' hotels, and each trial starts on
    the shared signal."""
    db = Database(url, user="tester")
    try:
        for hotel_id in jobs.get(timeout=120):
            start.wait(timeout=60)
            results.put((hotel_id, month, _generate_and_issue(db, year, month, hotel_id)))
    finally:
        db.dispose()


@pytest.mark.postgres_only
def test_two_pcs_issuing_january_and_february_at_once_bill_a_delivery_line_once(db):
    spawn = multiprocessing.get_context("spawn")
    jobs, results, start = spawn.Queue(), spawn.Queue(), spawn.Barrier(2)
    pcs = [spawn.Process(target=_office_pc, args=(db.url, 2026, month, jobs, start, results))
           for month in (1, 2)]
    for pc in pcs:  # they start (and import the app) while the data is made
        pc.start()
    try:
        supplier = make_supplier(db)
        kopi = make_product(db, supplier, name="Kopi Robusta 250 g")
        gula = make_product(db, supplier, name="Gula Aren", unit=Unit.KG)
        hotels = []
        for _ in range(TRIALS):  # a hotel per trial, so each trial starts from nothing billed
            hotel = make_hotel(db)
            make_price(db, hotel_id=hotel, product_id=kopi, price=KOPI_PRICE)
            make_price(db, hotel_id=hotel, product_id=gula, price=GULA_PRICE)
            post(db, hotel_id=hotel, supplier_id=supplier, day=dt.date(2026, 1, 10),
                 lines=[(kopi, "10"), (gula, "2.5")])
            post(db, hotel_id=hotel, supplier_id=supplier, day=dt.date(2026, 2, 5),
                 lines=[(kopi, "3")])
            hotels.append(hotel)
        for _pc in pcs:
            jobs.put(hotels)
        outcomes = [results.get(timeout=60) for _ in range(2 * TRIALS)]
    finally:
        for pc in pcs:
            pc.join(timeout=10)
            if pc.is_alive():
                pc.terminate()

    assert [o for o in outcomes if o[2][0] == "error"] == []
    billed = issued_lines(db)
    twice = [line for line, n in Counter(line for line, _number in billed).items() if n > 1]
    assert twice == []  # each delivery line on at most one issued invoice
    with db.reader() as s:
        january = s.scalars(
            select(DeliveryLine.id).join(Delivery, Delivery.id == DeliveryLine.delivery_id)
            .where(Delivery.delivery_date == dt.date(2026, 1, 10))).all()
        # January's goods are billed once, by whichever PC won
        assert set(january) <= {line for line, _number in billed}
        for invoice in s.scalars(select(Invoice).where(Invoice.status == InvoiceStatus.ISSUED)):
            prices = {"Kopi Robusta 250 g": KOPI_PRICE, "Gula Aren": GULA_PRICE}
            assert [x.amount for x in invoice.lines] == [
                rupiah(str(x.quantity), prices[x.product_name]) for x in invoice.lines]
            assert invoice.subtotal == sum(x.amount for x in invoice.lines) == invoice.total
    by_trial: dict[int, dict[int, tuple[str, str]]] = {}
    for hotel, month, outcome in outcomes:
        by_trial.setdefault(hotel, {})[month] = outcome
    for outcome in by_trial.values():
        for month, (kind, message) in outcome.items():
            if kind == "refused":  # the clear message names the invoice that won
                winner = outcome[3 - month]
                assert winner[0] == "issued" and winner[1] in message, outcome


# --- the constraint itself --------------------------------------------------------------


@pytest.fixture
def january(db: Database) -> dict[str, int]:
    supplier = make_supplier(db)
    kopi = make_product(db, supplier)
    hotel = make_hotel(db)
    make_price(db, hotel_id=hotel, product_id=kopi, price=KOPI_PRICE)
    delivery = post(db, hotel_id=hotel, supplier_id=supplier, day=dt.date(2026, 1, 10),
                    lines=[(kopi, "4")])
    return {"hotel": hotel, "supplier": supplier, "delivery": delivery}


def issue_all(db: Database, year: int, month: int) -> list[invoicing.IssueResult]:
    ids = invoicing.generate_drafts(db, year=year, month=month).invoice_ids
    issued, refused = invoicing.issue_invoices(db, invoice_ids=list(ids),
                                               issue_date=dt.date(year, month, 28))
    assert refused == []
    return issued


def test_the_database_refuses_a_second_issued_billing_of_a_delivery_line(db, january):
    issue_all(db, 2026, 1)
    with db.reader() as s:
        line = s.scalars(select(InvoiceLine)).one()
        assert line.billed_delivery_line_id == line.delivery_line_id is not None
        delivery_line_id = line.delivery_line_id
    with pytest.raises(IntegrityError), db.unit_of_work(anyone=True) as s:
        second = Invoice(kind=InvoiceKind.INVOICE, status=InvoiceStatus.ISSUED,
                         supplier_id=january["supplier"], hotel_id=january["hotel"],
                         year=2026, month=2, number="INV/2026/99999")
        second.lines.append(InvoiceLine(
            line_no=1, delivery_line_id=delivery_line_id,
            billed_delivery_line_id=delivery_line_id, quantity=Decimal(4),
            unit_price=KOPI_PRICE, amount=4 * KOPI_PRICE))
        s.add(second)


def test_drafts_and_credit_notes_never_hold_a_billing(db, january):
    invoicing.generate_drafts(db, year=2026, month=1)
    with db.reader() as s:
        assert [x.billed_delivery_line_id for x in s.scalars(select(InvoiceLine))] == [None]


def february_draft_of_the_same_line(db: Database, january: dict[str, int]) -> int:
    """What two PCs generating January and February at the same moment leave: two drafts
    with the same delivery line (generating one after the other never does)."""
    with db.unit_of_work(anyone=True) as s:
        line = s.scalars(select(DeliveryLine)).one()
        draft = Invoice(kind=InvoiceKind.INVOICE, status=InvoiceStatus.DRAFT,
                        supplier_id=january["supplier"], hotel_id=january["hotel"],
                        year=2026, month=2, subtotal=line.amount, total=line.amount)
        draft.lines.append(InvoiceLine(
            line_no=1, delivery_line_id=line.id, delivery_date=dt.date(2026, 1, 10),
            quantity=line.accepted_qty, unit_price=line.unit_price, amount=line.amount))
        s.add(draft)
        s.flush()
        return draft.id


def test_a_second_billing_that_slips_past_the_check_is_refused_with_the_winners_number(
        db, january, monkeypatch):
    """Two PCs that both find the lines free (the race the lock closes) still cannot both
    issue: the unique index refuses the second, and the clerk reads which invoice won."""
    [won] = issue_all(db, 2026, 1)
    february = february_draft_of_the_same_line(db, january)
    monkeypatch.setattr(invoicing, "_ensure_lines_free", lambda *a, **k: None)
    with pytest.raises(ConflictError) as err, db.unit_of_work(anyone=True) as s:
        invoicing.issue(s, february, issue_date=dt.date(2026, 2, 28))
    assert won.number in err.value.message and "10/01/2026" in err.value.message
    assert [n for _line, n in issued_lines(db)] == [won.number]  # nothing else was kept
    with db.reader() as s:
        assert s.get(Invoice, february).status == InvoiceStatus.DRAFT


def test_a_draft_whose_line_another_month_issued_is_refused_by_name(db, january):
    [won] = issue_all(db, 2026, 1)
    february = february_draft_of_the_same_line(db, january)
    issued, refused = invoicing.issue_invoices(db, invoice_ids=[february],
                                               issue_date=dt.date(2026, 2, 28))
    assert issued == []
    assert won.number in refused[0][1] and "Buat ulang drafnya" in refused[0][1]


# --- upgrading a database that already has issued invoices ---------------------------------


DATA = Path(__file__).parents[1] / "data"


def _insert(conn: Connection, table: str, **values: Any) -> None:
    """A row as the old schema had it: NOT NULL columns the test does not care about get an
    empty value of their type."""
    for col in inspect(conn).get_columns(table):
        if col["nullable"] or col["name"] in values or col["name"] == "id":
            continue
        python_type = col["type"].python_type
        values[col["name"]] = (
            dt.datetime(2026, 1, 1) if python_type is dt.datetime
            else dt.date(2026, 1, 1) if python_type is dt.date
            else False if python_type is bool
            else "" if python_type is str else 0)
    conn.execute(sa_table(table, *(column(k) for k in values)).insert().values(**values))


@pytest.fixture(params=BACKENDS)
def database_at_0003(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    """An empty database at revision 0003, the schema before this change."""
    if request.param == "sqlite":
        target = tmp_path / "office.sqlite3"
        shutil.copyfile(DATA / "schema-0003.sqlite3", target)
        yield sqlite_url(target)
        return
    assert PG_URL
    admin = create_engine(normalise_url(PG_URL), isolation_level="AUTOCOMMIT")
    name = f"hotel_supply_upgrade_{uuid.uuid4().hex[:8]}"
    with admin.connect() as conn:
        conn.execute(text(f'CREATE DATABASE "{name}"'))
    url = normalise_url(PG_URL).rsplit("/", 1)[0] + f"/{name}"
    engine = create_engine(url)
    with engine.begin() as conn:
        cfg = alembic_config(engine)
        cfg.attributes["connection"] = conn
        command.upgrade(cfg, "0003")
    engine.dispose()
    yield url
    with admin.connect() as conn:
        conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
    admin.dispose()


def test_upgrading_marks_what_issued_invoices_billed_and_names_lines_billed_twice(
        database_at_0003, caplog):
    engine = create_engine(normalise_url(database_at_0003))
    with engine.begin() as conn:
        _insert(conn, "hotel", id=1, code="EMR", name="Emersia", kind="hotel",
                payment_terms_days=30, active=True)
        _insert(conn, "supplier", id=1, code="S1", name="Kopi", legal_form="ud",
                category="coffee", active=True)
        _insert(conn, "product", id=1, code="P1", name="Kopi 250 g", supplier_id=1,
                category="coffee", unit="pcs", active=True)
        for d in (1, 2):
            _insert(conn, "delivery", id=d, number=f"SJ/2026/0000{d}", hotel_id=1,
                    supplier_id=1, delivery_date=dt.date(2026, 1, 9 + d), status="invoiced",
                    version=1)
            for n in (1, 2):
                _insert(conn, "delivery_line", id=10 * d + n, delivery_id=d, line_no=n,
                        product_id=1, accepted_qty=1000, delivered_qty=1000, unit_price=5000,
                        amount=5000)
        # January issued with SJ 1 and 2; February issued again with SJ 2's line 21 (the race);
        # a March draft and a credit note that repeat a line hold no billing
        invoices = [(1, "invoice", "issued", "INV/2026/00001", [11, 12, 21, 22]),
                    (2, "invoice", "issued", "INV/2026/00002", [21]),
                    (3, "invoice", "draft", None, [22]),
                    (4, "credit_note", "issued", "NK/2026/00001", [11])]
        line_id = 100
        for invoice_id, kind, status, number, lines in invoices:
            _insert(conn, "invoice", id=invoice_id, kind=kind, status=status, number=number,
                    supplier_id=1, hotel_id=1, year=2026, month=invoice_id, version=1)
            for n, delivery_line in enumerate(lines, 1):
                line_id += 1
                _insert(conn, "invoice_line", id=line_id, invoice_id=invoice_id, line_no=n,
                        delivery_line_id=delivery_line,
                        delivery_number=f"SJ/2026/0000{delivery_line // 10}",
                        quantity=1000, unit_price=5000, amount=5000)
    engine.dispose()

    with caplog.at_level(logging.WARNING):
        db = open_database(database_at_0003, user="tester")
    assert current_revision(db.engine) == head_revision()
    with db.reader() as s:
        billed = {(x.invoice_id, x.delivery_line_id): x.billed_delivery_line_id
                  for x in s.scalars(select(InvoiceLine))}
    assert billed == {(1, 11): 11, (1, 12): 12, (1, 21): 21, (1, 22): 22,  # the first billing
                      (2, 21): None,  # billed twice before: the later one is named below
                      (3, 22): None, (4, 11): None}
    warned = " ".join(r.getMessage() for r in caplog.records if r.levelno == logging.WARNING)
    assert "SJ/2026/00002: INV/2026/00001, INV/2026/00002" in warned
    db.dispose()
