"""The money format chosen in Settings shows wherever money is shown: on screen (every
amount goes through format_rupiah) and on paper."""

from __future__ import annotations

import datetime as dt
import io
from decimal import Decimal

import pytest
from pypdf import PdfReader

from hotel_supply import clock
from hotel_supply.documents.delivery_note import render_delivery_note
from hotel_supply.formatting import format_rupiah, use_money_format
from hotel_supply.models.enums import Unit
from hotel_supply.services import deliveries, settings
from hotel_supply.services.deliveries import DeliveryInput, LineInput
from hotel_supply.services.printing import delivery_note_data
from tests.factories import make_hotel, make_price, make_product, make_supplier


@pytest.fixture(autouse=True)
def _plain_money_afterwards():
    yield
    use_money_format(space=False)  # the next test starts with the default


def note_text(db, delivery_id: int) -> str:
    pdf = render_delivery_note(delivery_note_data(db, delivery_id=delivery_id))
    return " ".join(" ".join(p.extract_text().split()) for p in PdfReader(io.BytesIO(pdf)).pages)


def test_the_money_format_setting_shows_on_screen_and_on_paper(db):
    clock.set_clock(lambda: dt.datetime(2026, 11, 16, 9, 0))
    supplier = make_supplier(db)
    chips = make_product(db, supplier, unit=Unit.PAK, standard_price=25_000)
    hotel = make_hotel(db)
    make_price(db, hotel_id=hotel, product_id=chips, price=25_000)
    day = dt.date(2026, 11, 16)
    delivery_id = deliveries.new_delivery(db, hotel_id=hotel, supplier_id=supplier, day=day)
    deliveries.post_delivery(db, delivery_id=delivery_id, data=DeliveryInput(
        delivery_date=day, lines=[LineInput(product_id=chips, delivered=Decimal(50),
                                            accepted=Decimal(50))]))
    assert format_rupiah(1_250_000) == "Rp1.250.000"
    assert "Rp1.250.000" in note_text(db, delivery_id)  # 50 × Rp25.000

    chosen = settings.load_settings(db)
    chosen.name = "Kantor Program UMKM Kota Bandar Lampung"
    chosen.currency_space = True
    settings.save_settings(db, settings=chosen)
    assert format_rupiah(1_250_000) == "Rp 1.250.000"
    assert format_rupiah(-1_250) == "-Rp 1.250"
    assert "Rp 1.250.000" in note_text(db, delivery_id)
    assert format_rupiah(1_250_000, space=False) == "Rp1.250.000"  # a caller may insist

    # another PC (or the next start) reads the setting and shows the same
    use_money_format(space=False)
    settings.load_settings(db)
    assert format_rupiah(1_250_000) == "Rp 1.250.000"

    chosen.currency_space = False
    settings.save_settings(db, settings=chosen)
    assert format_rupiah(1_250_000) == "Rp1.250.000"
