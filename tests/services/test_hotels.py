"""Hotels and their outlets: validation, writes, deactivation, lists and choices."""

from __future__ import annotations

from dataclasses import replace

import pytest
from sqlalchemy import func, select

from hotel_supply.db import Database
from hotel_supply.models import AuditEntry, Hotel, Outlet
from hotel_supply.models.enums import HotelKind, OutletKind
from hotel_supply.services import audit
from hotel_supply.services.errors import NotFound, ValidationError
from hotel_supply.services.hotels import (
    HotelData,
    HotelQuery,
    HotelSort,
    OutletData,
    count_hotels,
    create_hotel,
    get_hotel,
    hotel_choices,
    hotel_row,
    hotel_rows,
    outlet_choices,
    set_hotel_active,
    standard_outlets,
    update_hotel,
    validate_hotel,
)
from tests.factories import make_hotel


def _data(**overrides: object) -> HotelData:
    data = HotelData(code="emr", name="Emersia Hotel & Resort", outlets=standard_outlets())
    return replace(data, **overrides)


def _count(db: Database, model: type[object]) -> int:
    with db.reader() as session:
        return int(session.scalar(select(func.count()).select_from(model)) or 0)


# --- validation ------------------------------------------------------------------------


@pytest.mark.parametrize(("days", "ok"), [(0, True), (180, True), (-1, False), (181, False)])
def test_payment_terms_are_zero_to_180_days(days: int, ok: bool) -> None:
    assert ("payment_terms_days" not in validate_hotel(_data(payment_terms_days=days))) is ok


def test_hotel_npwp_is_optional_but_sixteen_digits_when_given() -> None:
    assert validate_hotel(_data(npwp="")) == {}
    assert validate_hotel(_data(npwp="01.234.567.8-901.0001")) == {}
    assert "npwp" in validate_hotel(_data(npwp="01.234.567.8-901.000"))


def test_outlet_problems_are_numbered_and_codes_unique_in_the_hotel() -> None:
    problems = validate_hotel(
        _data(
            outlets=[
                OutletData(code="KIT", name="Dapur", kind=OutletKind.KITCHEN),
                OutletData(code="kit", name="Dapur 2", kind=OutletKind.KITCHEN),
                OutletData(code="MB", name="", kind=OutletKind.MINIBAR),
            ]
        )
    )
    assert len(problems["outlets"]) == 2
    assert "2" in problems["outlets"][0] and "3" in problems["outlets"][1]


# --- writes -------------------------------------------------------------------------------


def test_a_hotel_with_its_standard_outlets_round_trips(db: Database) -> None:
    hotel_id = create_hotel(
        db,
        data=_data(
            kind=HotelKind.RESTAURANT,
            name="Resto <b>Bukit</b> & Randu 🌴",
            npwp="0123.4567.8901.0001",
            payment_terms_days=14,
        ),
    )
    loaded = get_hotel(db, hotel_id)
    assert loaded.code == "EMR"
    assert loaded.name == "Resto <b>Bukit</b> & Randu 🌴"
    assert loaded.npwp == "0123456789010001"
    assert (loaded.kind, loaded.payment_terms_days) == (HotelKind.RESTAURANT, 14)
    assert sorted(o.kind for o in loaded.outlets) == sorted(
        [OutletKind.BANQUET, OutletKind.GIFT_SHOP, OutletKind.KITCHEN, OutletKind.MINIBAR]
    )
    assert [c.code for c in outlet_choices(db, hotel_id)] == ["BQT", "GS", "KIT", "MB"]
    assert hotel_row(db, hotel_id).outlet_count == 4


def test_standard_outlets_are_named_in_indonesian() -> None:
    assert [o.name for o in standard_outlets()] == ["Dapur", "Minibar", "Banquet", "Toko suvenir"]


def test_duplicate_code_is_refused_and_nothing_is_written(db: Database) -> None:
    create_hotel(db, data=_data())
    audit_before = _count(db, AuditEntry)
    with pytest.raises(ValidationError) as caught:
        create_hotel(db, data=_data(code=" EMR ", name="Other"))
    assert set(caught.value.problems) == {"code"}
    assert _count(db, Hotel) == 1
    assert _count(db, Outlet) == 4
    assert _count(db, AuditEntry) == audit_before


def test_outlets_are_added_renamed_and_deactivated_with_the_hotel(db: Database) -> None:
    hotel_id = create_hotel(db, data=_data())
    data = get_hotel(db, hotel_id)
    by_code = {o.code: o for o in data.outlets}
    by_code["KIT"].name = "Dapur Utama"
    by_code["MB"].active = False
    data.outlets = [
        by_code["KIT"],
        by_code["MB"],
        by_code["BQT"],
        # GS left out: deactivated, never deleted
        OutletData(code="pool", name="Pool Bar", kind=OutletKind.OTHER),
    ]
    update_hotel(db, hotel_id=hotel_id, data=data)

    loaded = {o.code: o for o in get_hotel(db, hotel_id).outlets}
    assert loaded["KIT"].name == "Dapur Utama"
    assert loaded["KIT"].id == by_code["KIT"].id
    assert (loaded["MB"].active, loaded["GS"].active, loaded["POOL"].active) == (
        False,
        False,
        True,
    )
    assert [c.code for c in outlet_choices(db, hotel_id)] == ["BQT", "KIT", "POOL"]
    assert [c.code for c in outlet_choices(db, hotel_id, active_only=False)] == [
        "BQT",
        "GS",
        "KIT",
        "MB",
        "POOL",
    ]
    assert hotel_row(db, hotel_id).outlet_count == 3


def test_two_outlets_may_swap_codes(db: Database) -> None:
    hotel_id = create_hotel(db, data=_data())
    data = get_hotel(db, hotel_id)
    by_code = {o.code: o for o in data.outlets}
    by_code["KIT"].code, by_code["MB"].code = "MB", "KIT"
    update_hotel(db, hotel_id=hotel_id, data=data)
    loaded = {o.id: o.code for o in get_hotel(db, hotel_id).outlets}
    assert loaded[by_code["KIT"].id] == "MB"
    assert loaded[by_code["MB"].id] == "KIT"


def test_a_new_outlet_cannot_take_the_code_of_a_left_out_one(db: Database) -> None:
    hotel_id = create_hotel(db, data=_data())
    data = get_hotel(db, hotel_id)
    data.outlets = [o for o in data.outlets if o.code != "GS"]
    data.outlets.append(OutletData(code="GS", name="Galeri", kind=OutletKind.GIFT_SHOP))
    with pytest.raises(ValidationError) as caught:
        update_hotel(db, hotel_id=hotel_id, data=data)
    assert "outlets" in caught.value.problems
    assert _count(db, Outlet) == 4


def test_an_outlet_of_another_hotel_cannot_be_edited_here(db: Database) -> None:
    first = create_hotel(db, data=_data())
    second = make_hotel(db)
    foreign = get_hotel(db, first).outlets[0]
    data = get_hotel(db, second)
    data.outlets.append(replace(foreign, code="NEW"))
    with pytest.raises(ValidationError):
        update_hotel(db, hotel_id=second, data=data)
    assert foreign.code in [o.code for o in get_hotel(db, first).outlets]


def test_writes_are_audited_with_the_acting_user(db: Database) -> None:
    hotel_id = make_hotel(db)
    update_hotel(
        db, hotel_id=hotel_id, data=replace(get_hotel(db, hotel_id), payment_terms_days=45)
    )
    set_hotel_active(db, hotel_id=hotel_id, active=False)
    with db.reader() as session:
        history = audit.history(session, entity="hotel", entity_id=hotel_id)
    assert [(h.action, h.username) for h in history] == [
        ("create", "tester"),
        ("update", "tester"),
        ("deactivate", "tester"),
    ]
    assert '"payment_terms_days": [30, 45]' in history[1].summary


def test_a_deactivated_hotel_leaves_the_choices_but_stays_readable(db: Database) -> None:
    keep = make_hotel(db, code="A")
    gone = make_hotel(db, code="B", name="Golden <Tulip> & Co")
    set_hotel_active(db, hotel_id=gone, active=False)
    assert [c.id for c in hotel_choices(db)] == [keep]
    assert [c.id for c in hotel_choices(db, active_only=False)] == [keep, gone]
    assert get_hotel(db, gone).name == "Golden <Tulip> & Co"
    assert len(outlet_choices(db, gone)) == 4  # outlets keep their own state
    set_hotel_active(db, hotel_id=gone, active=True)
    assert [c.id for c in hotel_choices(db)] == [keep, gone]


def test_unknown_hotel_is_not_found(db: Database) -> None:
    with pytest.raises(NotFound):
        get_hotel(db, 77)
    with pytest.raises(NotFound):
        update_hotel(db, hotel_id=77, data=_data())


# --- lists ----------------------------------------------------------------------------------


def test_list_filters_searches_and_sorts(db: Database) -> None:
    emersia = make_hotel(db, code="EMR", name="Emersia", city="Bandar Lampung", outlets=[])
    randu = make_hotel(
        db, code="BRH", name="Bukit Randu", receiving_contact="Ibu Wati", payment_terms_days=14
    )
    resto = make_hotel(
        db, code="RM1", name="rumah makan Begadang", kind=HotelKind.RESTAURANT, city="Metro"
    )
    set_hotel_active(db, hotel_id=resto, active=False)

    def ids(**kwargs: object) -> list[int]:
        query = HotelQuery(**kwargs)  # type: ignore[arg-type]
        rows = hotel_rows(db, query=query)
        assert count_hotels(db, query=query) == len(rows)
        return [r.id for r in rows]

    assert ids() == [randu, emersia]
    assert ids(active=None, sort=HotelSort.NAME) == [randu, emersia, resto]
    assert ids(active=None, kind=HotelKind.RESTAURANT) == [resto]
    assert ids(text="wati") == [randu]
    assert ids(active=None, text="metro") == [resto]
    assert ids(sort=HotelSort.OUTLET_COUNT) == [emersia, randu]
    assert ids(sort=HotelSort.PAYMENT_TERMS, descending=True) == [emersia, randu]
    assert [r.code for r in hotel_rows(db, query=HotelQuery(), offset=1, limit=1)] == ["EMR"]
