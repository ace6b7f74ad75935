"""A posted, not yet invoiced delivery is corrected in one step: the old number is cancelled
with its reason (its stock reversed), the new one is posted and refers to it; an invoiced
delivery or one of a closed month is refused and nothing changes."""

from __future__ import annotations

import datetime as dt
import io
from decimal import Decimal

import pytest
from sqlalchemy import select

from hotel_supply import clock
from hotel_supply.db import Database
from hotel_supply.models import Base, Delivery, Period
from hotel_supply.models.enums import DeliveryStatus, PeriodStatus, RejectionReason, Unit
from hotel_supply.services import deliveries, invoicing, stock, stock_moves
from hotel_supply.services.deliveries import DeliveryInput, LineInput
from hotel_supply.services.delivery_correction import correct_delivery
from hotel_supply.services.errors import ClosedPeriodError, DomainError, ValidationError
from hotel_supply.services.hotels import outlet_choices
from hotel_supply.services.stock import NegativeStockError
from hotel_supply.services.stock_moves import StockLineInput
from tests.factories import make_hotel, make_price, make_product, make_supplier

DAY = dt.date(2026, 11, 16)
CHIPS, BREAD = 25_000, 8_000


@pytest.fixture
def w(db: Database) -> dict[str, int]:
    clock.set_clock(lambda: dt.datetime(2026, 11, 16, 9, 0))
    supplier = make_supplier(db, name="UMKM Keripik Bu Ani")
    chips = make_product(db, supplier, name="Keripik Pisang", unit=Unit.PAK, standard_price=CHIPS)
    bread = make_product(db, supplier, name="Roti Sobek", perishable=True, shelf_life_days=5,
                         standard_price=BREAD)
    hotel = make_hotel(db, name="Hotel Emersia")
    make_price(db, hotel_id=hotel, product_id=chips, price=CHIPS)
    make_price(db, hotel_id=hotel, product_id=bread, price=BREAD)
    return {"supplier": supplier, "chips": chips, "bread": bread, "hotel": hotel}


def chips_only(w: dict[str, int], day: dt.date, qty: str) -> DeliveryInput:
    q = Decimal(qty)
    return DeliveryInput(delivery_date=day, driver_name="Pak Joko", lines=[
        LineInput(product_id=w["chips"], ordered=q, delivered=q, accepted=q)])


def receive(db: Database, w: dict[str, int], day: dt.date, qty: str) -> int:
    delivery_id = deliveries.new_delivery(db, hotel_id=w["hotel"], supplier_id=w["supplier"],
                                          day=day)
    deliveries.post_delivery(db, delivery_id=delivery_id, data=chips_only(w, day, qty))
    return delivery_id


def on_hand(db: Database, w: dict[str, int], product: str) -> Decimal:
    with db.reader() as s:
        return stock.on_hand(s, hotel_id=w["hotel"], product_id=w[product])


def snapshot(db: Database) -> dict[str, list[str]]:
    with db.reader() as s:
        return {t.name: sorted(repr(tuple(r)) for r in s.execute(select(t)))
                for t in Base.metadata.sorted_tables}


def test_a_posted_delivery_is_corrected_in_one_step(db, w):
    old_id = receive(db, w, DAY, "12")
    assert on_hand(db, w, "chips") == 12
    corrected = DeliveryInput(delivery_date=DAY, driver_name="Pak Joko", lines=[
        LineInput(product_id=w["chips"], ordered=Decimal(12), delivered=Decimal(12),
                  accepted=Decimal(10), rejected=Decimal(2),
                  rejection_reason=RejectionReason.DAMAGED, rejection_note="penyok"),
        LineInput(product_id=w["bread"], delivered=Decimal(5), accepted=Decimal(5),
                  expiry_date=DAY + dt.timedelta(days=3)),
    ])

    result = correct_delivery(db, delivery_id=old_id, data=corrected,
                              reason="Dua pak penyok tidak dihitung")

    assert (result.cancelled_number, result.number) == ("SJ/2026/00001", "SJ/2026/00002")
    assert result.total_value == 10 * CHIPS + 5 * BREAD
    old, new = deliveries.get_delivery(db, old_id), deliveries.get_delivery(db, result.delivery_id)
    assert old.status == DeliveryStatus.CANCELLED
    assert old.cancel_reason == "Dua pak penyok tidak dihitung"
    assert old.corrected_by_number == "SJ/2026/00002" and old.corrects_number == ""
    assert new.status == DeliveryStatus.POSTED and new.number == "SJ/2026/00002"
    assert new.corrects_number == "SJ/2026/00001" and new.corrected_by_number == ""
    assert [(x.input.accepted, x.input.rejected) for x in new.lines] == [(10, 2), (5, 0)]
    # the old receipts are reversed, the corrected goods received: only these are in stock
    assert (on_hand(db, w, "chips"), on_hand(db, w, "bread")) == (10, 5)
    with db.reader() as s:
        row = s.scalars(select(Delivery).where(Delivery.id == result.delivery_id)).one()
        assert row.corrects_id == old_id


def test_a_correction_that_does_not_validate_changes_nothing(db, w):
    old_id = receive(db, w, DAY, "12")
    before = snapshot(db)
    bad = chips_only(w, DAY, "12")
    bad.lines[0].accepted = Decimal(14)  # more than delivered
    with pytest.raises(ValidationError):
        correct_delivery(db, delivery_id=old_id, data=bad, reason="salah hitung")
    with pytest.raises(ValidationError):
        correct_delivery(db, delivery_id=old_id, data=chips_only(w, DAY, "10"), reason="  ")
    assert snapshot(db) == before
    assert deliveries.get_delivery(db, old_id).status == DeliveryStatus.POSTED


def test_an_invoiced_delivery_is_refused_it_takes_a_credit_note(db, w):
    old_id = receive(db, w, DAY, "12")
    drafts = invoicing.generate_drafts(db, year=2026, month=11)
    issued, refused = invoicing.issue_invoices(db, invoice_ids=list(drafts.invoice_ids),
                                               issue_date=dt.date(2026, 11, 30))
    assert refused == [] and len(issued) == 1
    before = snapshot(db)
    with pytest.raises(DomainError, match=r"credit note|nota kredit"):
        correct_delivery(db, delivery_id=old_id, data=chips_only(w, DAY, "10"), reason="salah")
    assert snapshot(db) == before


def test_a_delivery_of_a_closed_month_is_refused_and_nothing_moves_into_one(db, w):
    october = receive(db, w, dt.date(2026, 10, 14), "30")
    november = receive(db, w, DAY, "12")
    with db.unit_of_work(anyone=True) as s:
        s.add(Period(year=2026, month=10, status=PeriodStatus.CLOSED, closed_at=clock.now(),
                     closed_by="tester"))
    before = snapshot(db)
    with pytest.raises(ClosedPeriodError):
        correct_delivery(db, delivery_id=october, data=chips_only(w, dt.date(2026, 10, 14), "28"),
                         reason="salah hitung")
    with pytest.raises(ClosedPeriodError):  # nor corrected into the closed month
        correct_delivery(db, delivery_id=november, data=chips_only(w, dt.date(2026, 10, 30), "12"),
                         reason="tanggal salah")
    assert snapshot(db) == before


def test_goods_already_used_ask_before_stock_goes_below_zero_as_cancelling_does(db, w):
    old_id = receive(db, w, DAY, "12")
    kitchen = next(c.id for c in outlet_choices(db, w["hotel"]) if c.code == "KIT")
    stock_moves.issue_to_outlet(db, hotel_id=w["hotel"], outlet_id=kitchen, day=DAY,
                                lines=[StockLineInput(product_id=w["chips"], quantity=Decimal(5))])
    before = snapshot(db)
    with pytest.raises(NegativeStockError):
        correct_delivery(db, delivery_id=old_id, data=chips_only(w, DAY, "3"), reason="salah")
    assert snapshot(db) == before
    result = correct_delivery(db, delivery_id=old_id, data=chips_only(w, DAY, "3"),
                              reason="salah", confirm_negative=True)
    assert result.number == "SJ/2026/00002"
    assert on_hand(db, w, "chips") == 12 - 5 - 12 + 3


def test_both_delivery_notes_say_which_corrects_which(db, w):
    from pypdf import PdfReader

    from hotel_supply.documents.delivery_note import render_delivery_note
    from hotel_supply.services.printing import delivery_note_data

    def text_of(delivery_id: int) -> str:
        pdf = render_delivery_note(delivery_note_data(db, delivery_id=delivery_id))
        pages = PdfReader(io.BytesIO(pdf)).pages
        return " ".join(" ".join(p.extract_text().split()) for p in pages)

    old_id = receive(db, w, DAY, "12")
    result = correct_delivery(db, delivery_id=old_id, data=chips_only(w, DAY, "10"),
                              reason="Salah hitung")
    old, new = text_of(old_id), text_of(result.delivery_id)
    assert "SJ/2026/00001" in old and "DIBATALKAN" in old and "Salah hitung" in old
    assert "Dikoreksi oleh SJ/2026/00002." in old
    assert "SJ/2026/00002" in new and "Koreksi atas SJ/2026/00001, yang telah dibatalkan." in new
    assert "DIBATALKAN" not in new
