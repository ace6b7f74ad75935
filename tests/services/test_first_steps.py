"""The first steps of a new office: each step's count, done once it has one, and what it
still waits for."""

from __future__ import annotations

from hotel_supply.services import settings
from hotel_supply.services.first_steps import Step, first_steps
from hotel_supply.services.hotels import set_hotel_active
from tests.factories import (
    make_hotel,
    make_price,
    make_product,
    make_standing_order,
    make_supplier,
)


def test_an_empty_office_has_every_step_to_take_and_later_ones_wait_for_earlier(db):
    steps = first_steps(db)
    assert [s.step for s in steps.steps] == list(Step)
    assert [s.count for s in steps.steps] == [0, 0, 0, 0, 0, 0]
    assert not steps.all_done and steps.done_count == 0
    assert steps[Step.HOTELS].ready and steps[Step.SUPPLIERS].ready
    assert steps[Step.PRODUCTS].missing == (Step.SUPPLIERS,)
    assert steps[Step.PRICES].missing == (Step.HOTELS, Step.PRODUCTS)
    assert steps[Step.STANDING_ORDERS].missing == (Step.HOTELS, Step.PRODUCTS)


def test_counts_follow_what_was_added_and_a_standing_order_counts_once_per_product(db):
    settings.save_settings(db, settings=settings.OrganisationSettings(name="Dinas Koperasi"))
    hotel_a, hotel_b = make_hotel(db), make_hotel(db)
    supplier = make_supplier(db)
    products = [make_product(db, supplier) for _ in range(3)]
    make_price(db, hotel_id=hotel_a, product_id=products[0])
    make_price(db, hotel_id=hotel_b, product_id=products[0])
    # Monday to Friday: five rows in the table, one product ordered at one hotel
    make_standing_order(db, hotel_id=hotel_a, product_id=products[1])
    make_standing_order(db, hotel_id=hotel_b, product_id=products[1], quantities=(0,) * 6 + (4,))

    steps = first_steps(db)
    counts = {s.step: s.count for s in steps.steps}
    assert counts == {
        Step.PROFILE: 1,
        Step.HOTELS: 2,
        Step.SUPPLIERS: 1,
        Step.PRODUCTS: 3,
        Step.PRICES: 2,
        Step.STANDING_ORDERS: 2,
    }
    assert steps.all_done and all(s.ready for s in steps.steps)


def test_a_deactivated_hotel_no_longer_counts(db):
    hotel = make_hotel(db)
    assert first_steps(db)[Step.HOTELS].count == 1
    set_hotel_active(db, hotel_id=hotel, active=False)
    steps = first_steps(db)
    assert steps[Step.HOTELS].count == 0 and not steps[Step.HOTELS].done
    assert Step.HOTELS in steps[Step.PRICES].missing
