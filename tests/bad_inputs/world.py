"""The small office every bad input is tried against: one of each document, named.

Built once per database; each case then checks that nothing in it changed.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from decimal import Decimal
from pathlib import Path
from typing import Any

from sqlalchemy import select

from hotel_supply.db import Database
from hotel_supply.models import Base, Period
from hotel_supply.models.enums import PeriodStatus, Unit
from hotel_supply.services import (
    deliveries,
    hotels,
    invoicing,
    orders,
    settings,
    stock_counts,
)
from hotel_supply.services.deliveries import DeliveryInput, LineInput
from hotel_supply.services.invoice_printing import invoice_data
from hotel_supply.services.orders import OrderLineInput
from tests.factories import make_hotel, make_price, make_product, make_supplier

TODAY = dt.date(2026, 11, 20)
NOW = dt.datetime(2026, 11, 20, 9, 30)


def bad_files(folder: Path) -> dict[str, str]:
    """Files that are not what their names say, for the entry points that read a file."""
    fake = folder / "daftar-umkm.xlsx"
    fake.write_text("this is not a spreadsheet, only text with an .xlsx name")
    workbook = folder / "harga.xlsx"
    from openpyxl import Workbook

    book = Workbook()
    book.active.append(["Kode", "Nama UMKM", "Harga Satuan"])  # type: ignore[union-attr]
    book.save(workbook)
    cp1252 = folder / "pemasok.csv"
    cp1252.write_bytes("Kode;Nama;Kota\nKOP;Kopi Caf\u00e9 \u201cLiwa\u201d;Bandar Lampung\n"
                       .encode("cp1252"))
    empty = folder / "kosong.png"
    empty.write_bytes(b"")
    return {"fake_xlsx": str(fake), "real_xlsx": str(workbook), "cp1252_csv": str(cp1252),
            "empty_png": str(empty), "no_file": str(folder / "tidak-ada.png")}


def build_world(db: Database, folder: Path) -> dict[str, Any]:
    org = settings.load_settings(db)
    org.name = "UPT Pendampingan UMKM Bandar Lampung"
    settings.save_settings(db, settings=org)
    supplier = make_supplier(db, name="CV Kopi Liwa", code="KOPILIWA")
    other = make_supplier(db, name="UD Roti Pandan", code="ROTI")
    coffee = make_product(db, supplier, name="Kopi Robusta", code="KP-01", unit=Unit.KG,
                          standard_price=90_000)
    chips = make_product(db, supplier, name="Keripik 100% Pisang_Manis", code="KP-02",
                         standard_price=12_000)
    bread = make_product(db, other, name="Roti Sobek", code="RT-01", standard_price=8_000)
    hotel = make_hotel(db, name="Hotel Emersia", code="EMR")
    make_price(db, hotel_id=hotel, product_id=coffee, price=90_000)
    outlet = hotels.get_hotel(db, hotel).outlets[0].id

    posted = deliveries.new_delivery(db, hotel_id=hotel, supplier_id=supplier,
                                     day=dt.date(2026, 10, 6))
    q = Decimal
    deliveries.post_delivery(db, delivery_id=posted, data=DeliveryInput(
        delivery_date=dt.date(2026, 10, 6), driver_name="Pak Budi", vehicle_plate="BE 1234 XY",
        lines=[LineInput(product_id=coffee, delivered=q(10), accepted=q(10)),
               LineInput(product_id=chips, delivered=q(20), accepted=q(20))]))
    drafts = invoicing.generate_drafts(db, year=2026, month=10)
    issued, _refused = invoicing.issue_invoices(db, invoice_ids=list(drafts.invoice_ids),
                                                issue_date=dt.date(2026, 11, 1))
    invoice = issued[0].invoice_id
    invoice_line = invoice_data(db, invoice_id=invoice).lines[0].invoice_line_id
    stocked = deliveries.new_delivery(db, hotel_id=hotel, supplier_id=other,
                                      day=dt.date(2026, 11, 2))
    deliveries.post_delivery(db, delivery_id=stocked, data=DeliveryInput(
        delivery_date=dt.date(2026, 11, 2),
        lines=[LineInput(product_id=bread, delivered=q(30), accepted=q(30))]))
    draft = deliveries.new_delivery(db, hotel_id=hotel, supplier_id=supplier,
                                    day=dt.date(2026, 11, 19))
    order = orders.create_adhoc_order(db, hotel_id=hotel, supplier_id=other, day=TODAY,
                                      lines=[OrderLineInput(product_id=bread, quantity=q(5))])
    count = stock_counts.start_count(db, hotel_id=hotel, day=dt.date(2026, 11, 18))
    count_line = stock_counts.get_count(db, count).lines[0].id
    with db.unit_of_work(anyone=True) as session:  # September is closed
        session.add(Period(year=2026, month=9, status=PeriodStatus.CLOSED, closed_by="test"))
    return {
        "url": db.url, "hotel": hotel, "outlet": outlet, "supplier": supplier,
        "other_supplier": other, "coffee": coffee, "chips": chips, "bread": bread,
        "posted": posted, "stocked": stocked, "draft": draft, "invoice": invoice,
        "invoice_line": invoice_line, "order": order, "count": count,
        "count_line": count_line, "missing": 987_654, **bad_files(folder),
    }


SIGN_IN_COLUMNS = {"last_login_at", "failed_logins", "locked_until", "seq", "prev_hash", "hash"}


def digest(db: Database) -> dict[str, tuple[int, str]]:
    """Every table's row count and a digest of its rows, ordered by primary key.

    Signing in is not part of what a command writes: the account's last sign-in, its
    failed attempts and the sign-in entries of the audit log (and the chain's head,
    which moves with them) are left out.
    """
    found: dict[str, tuple[int, str]] = {}
    with db.reader() as session:
        for table in Base.metadata.sorted_tables:
            if table.name == "audit_chain_head":
                continue
            columns = [c for c in table.columns if c.name not in SIGN_IN_COLUMNS]
            stmt = select(*columns).order_by(*table.primary_key.columns)
            if table.name == "audit_entry":
                stmt = stmt.where(table.c.action.not_in(("sign_in", "sign_in_failed")))
            rows = session.execute(stmt).all()
            found[table.name] = (len(rows), hashlib.sha256(repr(rows).encode()).hexdigest())
        version = session.execute(select(Base.metadata.tables["number_series"])).all()
        found["number_series*"] = (len(version), repr(sorted(version)))
    return found
