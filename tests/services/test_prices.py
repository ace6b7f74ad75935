"""Price agreements: no overlaps, ending, cancelling, lists, and the price lookup."""

from __future__ import annotations

import datetime as dt

import pytest
from sqlalchemy import func, select

from hotel_supply.db import Database
from hotel_supply.models import AuditEntry, PriceAgreement
from hotel_supply.services import audit
from hotel_supply.services.errors import NotFound, ValidationError
from hotel_supply.services.hotels import set_hotel_active
from hotel_supply.services.prices import (
    PriceAgreementData,
    PriceQuery,
    PriceSort,
    count_price_agreements,
    create_price_agreement,
    end_price_agreement,
    get_price_agreement,
    price_agreement_row,
    price_agreement_rows,
    price_on,
    prices_on,
    set_price_agreement_active,
    validate_price_agreement,
)
from hotel_supply.services.products import set_product_active
from tests.factories import make_hotel, make_price, make_product, make_supplier

D = dt.date


@pytest.fixture
def ids(db: Database) -> tuple[int, int]:
    """A hotel and a product with a standard price of Rp10.000."""
    return make_hotel(db), make_product(db, make_supplier(db), standard_price=10_000)


def _price(db: Database, hotel_id: int, product_id: int, day: dt.date) -> int:
    with db.reader() as session:
        return price_on(session, hotel_id=hotel_id, product_id=product_id, day=day)


def _count(db: Database, model: type[object]) -> int:
    with db.reader() as session:
        return int(session.scalar(select(func.count()).select_from(model)) or 0)


# --- the lookup -------------------------------------------------------------------------


def test_price_on_switches_exactly_at_valid_from_and_after_valid_to(
    db: Database, ids: tuple[int, int]
) -> None:
    hotel, product = ids
    make_price(
        db,
        hotel_id=hotel,
        product_id=product,
        price=12_500,
        valid_from=D(2025, 3, 1),
        valid_to=D(2025, 3, 31),
    )
    assert _price(db, hotel, product, D(2025, 2, 28)) == 10_000
    assert _price(db, hotel, product, D(2025, 3, 1)) == 12_500
    assert _price(db, hotel, product, D(2025, 3, 31)) == 12_500
    assert _price(db, hotel, product, D(2025, 4, 1)) == 10_000


def test_an_open_ended_agreement_runs_until_further_notice(
    db: Database, ids: tuple[int, int]
) -> None:
    hotel, product = ids
    make_price(db, hotel_id=hotel, product_id=product, price=9_000, valid_from=D(2025, 1, 1))
    assert _price(db, hotel, product, D(2030, 12, 31)) == 9_000


def test_consecutive_agreements_each_price_their_own_days(
    db: Database, ids: tuple[int, int]
) -> None:
    hotel, product = ids
    make_price(db, hotel_id=hotel, product_id=product, price=11_000, valid_from=D(2025, 1, 1))
    make_price(
        db,
        hotel_id=hotel,
        product_id=product,
        price=12_000,
        valid_from=D(2025, 7, 1),
        end_previous=True,
    )
    assert _price(db, hotel, product, D(2025, 6, 30)) == 11_000
    assert _price(db, hotel, product, D(2025, 7, 1)) == 12_000


def test_the_latest_valid_from_wins_should_agreements_overlap(
    db: Database, ids: tuple[int, int]
) -> None:
    hotel, product = ids
    # The services never let this happen; data imported from elsewhere might.
    with db.unit_of_work(anyone=True) as session:
        session.add_all(
            [
                PriceAgreement(
                    hotel_id=hotel, product_id=product, price=1_000, valid_from=D(2025, 1, 1)
                ),
                PriceAgreement(
                    hotel_id=hotel, product_id=product, price=2_000, valid_from=D(2025, 5, 1)
                ),
            ]
        )
    assert _price(db, hotel, product, D(2025, 4, 30)) == 1_000
    assert _price(db, hotel, product, D(2025, 5, 1)) == 2_000


def test_other_hotels_and_cancelled_agreements_do_not_set_the_price(
    db: Database, ids: tuple[int, int]
) -> None:
    hotel, product = ids
    other_hotel = make_hotel(db)
    make_price(db, hotel_id=other_hotel, product_id=product, price=7_000)
    cancelled = make_price(db, hotel_id=hotel, product_id=product, price=8_000)
    set_price_agreement_active(db, agreement_id=cancelled, active=False)
    assert _price(db, hotel, product, D(2025, 6, 1)) == 10_000
    assert _price(db, other_hotel, product, D(2025, 6, 1)) == 7_000


def test_prices_on_prices_many_products_at_once(db: Database, ids: tuple[int, int]) -> None:
    hotel, agreed = ids
    supplier = make_supplier(db)
    plain = make_product(db, supplier, standard_price=4_500)
    free = make_product(db, supplier, standard_price=0)
    make_price(db, hotel_id=hotel, product_id=agreed, price=9_500)
    with db.reader() as session:
        prices = prices_on(
            session,
            hotel_id=hotel,
            product_ids=[agreed, plain, free, 98765, *range(1000, 1700)],
            day=D(2025, 2, 1),
        )
    assert prices == {agreed: 9_500, plain: 4_500, free: 0}


def test_price_on_an_unknown_product_is_not_found(db: Database, ids: tuple[int, int]) -> None:
    with db.reader() as session, pytest.raises(NotFound):
        price_on(session, hotel_id=ids[0], product_id=4242, day=D(2025, 1, 1))


# --- writes -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("valid_from", "valid_to"),
    [
        (D(2025, 3, 31), None),  # starts on the last day of the existing one
        (D(2025, 2, 1), D(2025, 3, 1)),  # ends on its first day
        (D(2025, 3, 10), D(2025, 3, 12)),  # inside it
        (D(2025, 1, 1), None),  # around it
    ],
)
def test_overlapping_agreements_are_refused_and_nothing_is_written(
    db: Database, ids: tuple[int, int], valid_from: dt.date, valid_to: dt.date | None
) -> None:
    hotel, product = ids
    make_price(
        db, hotel_id=hotel, product_id=product, valid_from=D(2025, 3, 1), valid_to=D(2025, 3, 31)
    )
    audit_before = _count(db, AuditEntry)
    with pytest.raises(ValidationError) as caught:
        make_price(db, hotel_id=hotel, product_id=product, valid_from=valid_from, valid_to=valid_to)
    assert "valid_from" in caught.value.problems
    assert _count(db, PriceAgreement) == 1
    assert _count(db, AuditEntry) == audit_before


def test_touching_agreements_and_other_hotels_are_fine(db: Database, ids: tuple[int, int]) -> None:
    hotel, product = ids
    make_price(
        db, hotel_id=hotel, product_id=product, valid_from=D(2025, 3, 1), valid_to=D(2025, 3, 31)
    )
    make_price(db, hotel_id=hotel, product_id=product, valid_from=D(2025, 4, 1))
    make_price(
        db, hotel_id=hotel, product_id=product, valid_from=D(2025, 1, 1), valid_to=D(2025, 2, 28)
    )
    make_price(db, hotel_id=make_hotel(db), product_id=product, valid_from=D(2025, 3, 15))
    assert _count(db, PriceAgreement) == 4


def test_valid_to_before_valid_from_is_refused(db: Database, ids: tuple[int, int]) -> None:
    hotel, product = ids
    data = PriceAgreementData(
        hotel_id=hotel,
        product_id=product,
        price=1,
        valid_from=D(2025, 3, 2),
        valid_to=D(2025, 3, 1),
    )
    assert "valid_to" in validate_price_agreement(data)
    with pytest.raises(ValidationError):
        create_price_agreement(db, data=data)
    one_day = make_price(
        db, hotel_id=hotel, product_id=product, valid_from=D(2025, 3, 2), valid_to=D(2025, 3, 2)
    )
    with pytest.raises(ValidationError) as caught:
        end_price_agreement(db, agreement_id=one_day, valid_to=D(2025, 3, 1))
    assert "valid_to" in caught.value.problems
    assert get_price_agreement(db, one_day).valid_to == D(2025, 3, 2)


def test_price_must_be_whole_rupiah() -> None:
    data = PriceAgreementData(hotel_id=1, product_id=1, price=-5, valid_from=D(2025, 1, 1))
    assert "price" in validate_price_agreement(data)


def test_ending_an_agreement_and_not_extending_it_into_the_next(
    db: Database, ids: tuple[int, int]
) -> None:
    hotel, product = ids
    first = make_price(db, hotel_id=hotel, product_id=product, valid_from=D(2025, 1, 1))
    end_price_agreement(db, agreement_id=first, valid_to=D(2025, 5, 31))
    make_price(db, hotel_id=hotel, product_id=product, valid_from=D(2025, 6, 1))
    with pytest.raises(ValidationError) as caught:
        end_price_agreement(db, agreement_id=first, valid_to=D(2025, 6, 1))
    assert "valid_to" in caught.value.problems
    assert get_price_agreement(db, first).valid_to == D(2025, 5, 31)
    with db.reader() as session:
        history = audit.history(session, entity="price_agreement", entity_id=first)
    assert [(h.action, h.username) for h in history] == [("create", "tester"), ("end", "tester")]


def test_end_previous_still_refuses_an_overlap_with_a_later_agreement(
    db: Database, ids: tuple[int, int]
) -> None:
    hotel, product = ids
    old = make_price(
        db, hotel_id=hotel, product_id=product, valid_from=D(2025, 1, 1), valid_to=D(2025, 6, 30)
    )
    make_price(db, hotel_id=hotel, product_id=product, valid_from=D(2025, 9, 1))
    with pytest.raises(ValidationError):
        make_price(
            db, hotel_id=hotel, product_id=product, valid_from=D(2025, 6, 1), end_previous=True
        )
    assert get_price_agreement(db, old).valid_to == D(2025, 6, 30)  # nothing was ended
    assert _count(db, PriceAgreement) == 2


def test_end_previous_with_an_open_agreement(db: Database, ids: tuple[int, int]) -> None:
    hotel, product = ids
    old = make_price(db, hotel_id=hotel, product_id=product, price=10_500, valid_from=D(2025, 1, 1))
    new = make_price(
        db,
        hotel_id=hotel,
        product_id=product,
        price=11_000,
        valid_from=D(2025, 9, 1),
        end_previous=True,
    )
    assert get_price_agreement(db, old).valid_to == D(2025, 8, 31)
    assert get_price_agreement(db, new).valid_to is None
    assert _price(db, hotel, product, D(2025, 8, 31)) == 10_500
    assert _price(db, hotel, product, D(2025, 9, 1)) == 11_000


def test_a_cancelled_agreement_stops_blocking_and_comes_back_only_without_overlap(
    db: Database, ids: tuple[int, int]
) -> None:
    hotel, product = ids
    wrong = make_price(db, hotel_id=hotel, product_id=product, price=99_000)
    set_price_agreement_active(db, agreement_id=wrong, active=False)
    right = make_price(db, hotel_id=hotel, product_id=product, price=9_900)
    with pytest.raises(ValidationError):
        set_price_agreement_active(db, agreement_id=wrong, active=True)
    with pytest.raises(ValidationError):
        end_price_agreement(db, agreement_id=wrong, valid_to=D(2025, 1, 31))
    assert price_agreement_row(db, wrong).active is False
    assert price_agreement_row(db, right).active is True


def test_agreements_for_inactive_hotels_or_products_are_refused(
    db: Database, ids: tuple[int, int]
) -> None:
    hotel, product = ids
    set_product_active(db, product_id=product, active=False)
    with pytest.raises(ValidationError) as caught:
        make_price(db, hotel_id=hotel, product_id=product)
    assert "product_id" in caught.value.problems
    other = make_product(db, make_supplier(db))
    set_hotel_active(db, hotel_id=hotel, active=False)
    with pytest.raises(ValidationError) as caught:
        make_price(db, hotel_id=hotel, product_id=other)
    assert "hotel_id" in caught.value.problems
    with pytest.raises(NotFound):
        make_price(db, hotel_id=hotel, product_id=31337)
    assert _count(db, PriceAgreement) == 0


# --- lists ----------------------------------------------------------------------------------


def test_list_filters_by_hotel_product_supplier_and_day(db: Database) -> None:
    emersia, randu = make_hotel(db, code="EMR"), make_hotel(db, code="BRH")
    kopi, batik = make_supplier(db, name="Kopi Sari"), make_supplier(db, name="Batik Siger")
    robusta = make_product(db, kopi, code="K-1", name="Robusta")
    tapis = make_product(db, batik, code="B-1", name="Kain Tapis")
    a = make_price(
        db,
        hotel_id=emersia,
        product_id=robusta,
        price=40_000,
        valid_from=D(2025, 1, 1),
        valid_to=D(2025, 6, 30),
    )
    b = make_price(db, hotel_id=emersia, product_id=robusta, price=42_000, valid_from=D(2025, 7, 1))
    c = make_price(db, hotel_id=randu, product_id=tapis, price=300_000, valid_from=D(2025, 3, 1))
    cancelled = make_price(db, hotel_id=randu, product_id=robusta, price=1)
    set_price_agreement_active(db, agreement_id=cancelled, active=False)

    def found(**kwargs: object) -> list[int]:
        query = PriceQuery(**kwargs)  # type: ignore[arg-type]
        rows = price_agreement_rows(db, query=query)
        assert count_price_agreements(db, query=query) == len(rows)
        return [r.id for r in rows]

    assert found() == [c, a, b]  # by product code, hotel code, start
    assert found(hotel_id=emersia) == [a, b]
    assert found(product_id=tapis) == [c]
    assert found(supplier_id=kopi) == [a, b]
    assert found(valid_on=D(2025, 6, 30)) == [c, a]
    assert found(valid_on=D(2025, 7, 1)) == [c, b]
    assert found(valid_on=D(2025, 2, 1)) == [a]
    assert found(text="siger") == [c]
    assert found(active=False) == [cancelled]
    assert found(sort=PriceSort.PRICE, descending=True) == [c, b, a]
    assert found(sort=PriceSort.VALID_TO) == [a, b, c]  # open-ended last, then by id
    (row,) = price_agreement_rows(db, query=PriceQuery(product_id=tapis))
    assert (row.hotel_code, row.product_name, row.supplier_name, row.price, row.standard_price) == (
        "BRH",
        "Kain Tapis",
        "Batik Siger",
        300_000,
        10_000,
    )
