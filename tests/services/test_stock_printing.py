"""What the stock documents print, gathered from real deliveries, issues, write-offs,
returns and counts."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest

from hotel_supply.db import Database
from hotel_supply.models.enums import Category, ReturnReason, Unit, WasteReason
from hotel_supply.services import deliveries, hotels, replenishment, settings, stock_counts
from hotel_supply.services import stock_moves as moves
from hotel_supply.services.deliveries import DeliveryInput, LineInput
from hotel_supply.services.errors import NotFound
from hotel_supply.services.stock_moves import StockLineInput
from hotel_supply.services.stock_printing import (
    count_sheet_data,
    stock_report_data,
    stock_slip_data,
    waste_report_data,
)
from tests.factories import make_hotel, make_price, make_product, make_supplier

D = dt.date(2026, 11, 10)
PRINTED = dt.datetime(2026, 11, 10, 16, 30)


def days(n: int) -> dt.date:
    return D + dt.timedelta(days=n)


@pytest.fixture
def w(db: Database) -> dict[str, int]:
    """Two UMKM, four products with agreed prices, a hotel with outlets, the office set up."""
    settings.save_settings(
        db,
        settings=settings.OrganisationSettings(
            name="Dinas Koperasi dan UKM Kota Bandar Lampung",
            known_by="Andi Pratama",
            expiry_warning_days=3,
        ),
    )
    kopi = make_supplier(db, name="CV Kopi Sinar Lampung", category=Category.COFFEE)
    roti = make_supplier(db, name="UD Roti Pandan")
    hotel = make_hotel(db, name="Emersia Hotel & Resort", receiving_contact="Ibu Dewi")
    ids = {"kopi_sup": kopi, "roti_sup": roti, "hotel": hotel}
    ids["coffee"] = make_product(
        db,
        kopi,
        name="Kopi Bubuk Robusta",
        unit=Unit.KG,
        category=Category.COFFEE,
        standard_price=90_000,
    )
    ids["beans"] = make_product(
        db, kopi, name="Kopi Biji Sangrai", unit=Unit.PAK, category=Category.COFFEE
    )
    ids["bread"] = make_product(
        db, roti, name="Roti Sobek Pandan", perishable=True, shelf_life_days=5
    )
    ids["chips"] = make_product(db, roti, name="Keripik <b>pedas</b> & manis", unit=Unit.PAK)
    for product, price in (
        ("coffee", 90_000),
        ("beans", 45_000),
        ("bread", 12_000),
        ("chips", 18_500),
    ):
        make_price(db, hotel_id=hotel, product_id=ids[product], price=price)
    outlets = {o.code: o.id for o in hotels.get_hotel(db, hotel).outlets}
    ids["kitchen"] = outlets["KIT"]
    return ids


def receive(
    db: Database,
    w: dict[str, int],
    product: str,
    qty: str,
    *,
    day: dt.date = D,
    expiry: dt.date | None = None,
    lot: str = "",
    hotel: str = "hotel",
) -> None:
    supplier = "kopi_sup" if product in ("coffee", "beans") else "roti_sup"
    if product == "bread" and expiry is None:  # perishable: an expiry date is required
        expiry = day + dt.timedelta(days=30)
    delivery_id = deliveries.new_delivery(db, hotel_id=w[hotel], supplier_id=w[supplier], day=day)
    q = Decimal(qty)
    deliveries.post_delivery(
        db,
        delivery_id=delivery_id,
        data=DeliveryInput(
            delivery_date=day,
            lines=[
                LineInput(
                    product_id=w[product], delivered=q, accepted=q, lot_code=lot, expiry_date=expiry
                )
            ],
        ),
    )


def waste(
    db: Database,
    w: dict[str, int],
    product: str,
    qty: str,
    reason: WasteReason,
    *,
    day: dt.date = D,
    hotel: str = "hotel",
) -> moves.StockDocumentResult:
    return moves.write_off_waste(
        db,
        hotel_id=w[hotel],
        day=day,
        lines=[StockLineInput(product_id=w[product], quantity=Decimal(qty), reason=reason.value)],
    )


# --------------------------------------------------------------------------- slips


def test_an_issue_slip_lists_each_lot_taken_with_its_cost_and_the_outlet_signs(db, w):
    receive(db, w, "bread", "10", expiry=days(4), lot="LATE")
    receive(db, w, "bread", "6", expiry=days(2), lot="EARLY")
    receive(db, w, "coffee", "5")
    result = moves.issue_to_outlet(
        db,
        hotel_id=w["hotel"],
        outlet_id=w["kitchen"],
        day=days(1),
        notes="Banquet <Sabtu>",
        lines=[
            StockLineInput(product_id=w["bread"], quantity=Decimal(8)),
            StockLineInput(product_id=w["coffee"], quantity=Decimal("1.5")),
        ],
    )

    data = stock_slip_data(db, document_id=result.document_id, printed_at=PRINTED)

    assert (data.kind, data.number, data.doc_date) == ("issue", "BK/2026/00001", days(1))
    assert data.outlet == "Dapur" and data.supplier is None
    assert data.hotel.name == "Emersia Hotel & Resort"
    assert [
        (x.product_name, x.lot_code, x.expiry_date, x.quantity, x.unit, x.value) for x in data.lines
    ] == [
        ("Roti Sobek Pandan", "EARLY", days(2), Decimal(6), "pcs", 72_000),
        ("Roti Sobek Pandan", "LATE", days(4), Decimal(2), "pcs", 24_000),
        ("Kopi Bubuk Robusta", "", None, Decimal("1.5"), "kg", 135_000),
    ]
    assert [x.line_no for x in data.lines] == [1, 2, 3]
    assert all(x.reason == "" and not x.below_zero for x in data.lines)
    assert data.total_value == 231_000
    assert data.total_quantity == Decimal("9.5")
    assert data.notes == "Banquet <Sabtu>"
    assert data.created_by == "Tester"  # the full name, not the user name
    assert data.printed_at == PRINTED
    assert data.organisation.name == "Dinas Koperasi dan UKM Kota Bandar Lampung"
    assert [(s.title, s.party) for s in data.signatures] == [
        ("Diserahkan", "Gudang Emersia Hotel & Resort"),
        ("Diterima", "Dapur"),
    ]


def test_a_waste_slip_prints_reasons_and_is_made_by_the_user_known_by_the_office(db, w):
    receive(db, w, "bread", "4", expiry=days(1), lot="OLD")
    result = moves.write_off_waste(
        db,
        hotel_id=w["hotel"],
        day=days(2),
        lines=[
            StockLineInput(
                product_id=w["bread"], quantity=Decimal(3), reason=WasteReason.EXPIRED.value
            ),
            StockLineInput(
                product_id=w["bread"], quantity=Decimal(1), reason=WasteReason.DAMAGED.value
            ),
        ],
    )

    data = stock_slip_data(db, document_id=result.document_id)

    assert data.kind == "waste" and data.number == "BS/2026/00001"
    assert [(x.quantity, x.reason, x.lot_code) for x in data.lines] == [
        (Decimal(3), "Kedaluwarsa", "OLD"),
        (Decimal(1), "Rusak", "OLD"),
    ]
    assert data.total_value == 48_000
    assert [(s.title, s.party, s.name) for s in data.signatures] == [
        ("Dibuat oleh", "Emersia Hotel & Resort", "Tester"),  # the full name
        ("Mengetahui", "Dinas Koperasi dan UKM Kota Bandar Lampung", "Andi Pratama"),
    ]


def test_a_return_slip_names_the_supplier_and_leaves_its_driver_to_sign(db, w):
    receive(db, w, "coffee", "4")
    result = moves.return_to_supplier(
        db,
        hotel_id=w["hotel"],
        supplier_id=w["kopi_sup"],
        day=D,
        lines=[
            StockLineInput(
                product_id=w["coffee"], quantity=Decimal("2.5"), reason=ReturnReason.QUALITY.value
            )
        ],
    )

    data = stock_slip_data(db, document_id=result.document_id)

    assert data.kind == "return" and data.number == "RT/2026/00001"
    assert data.supplier is not None and data.supplier.name == "CV Kopi Sinar Lampung"
    assert [(x.quantity, x.reason, x.value) for x in data.lines] == [
        (Decimal("2.5"), "Mutu", 225_000)
    ]
    assert [(s.title, s.party, s.name) for s in data.signatures] == [
        ("Diserahkan", "Emersia Hotel & Resort", "Ibu Dewi"),
        ("Diterima", "Sopir CV Kopi Sinar Lampung", ""),
    ]


def test_stock_taken_below_zero_is_marked_on_the_slip(db, w):
    receive(db, w, "coffee", "1")
    result = moves.issue_to_outlet(
        db,
        hotel_id=w["hotel"],
        outlet_id=w["kitchen"],
        day=D,
        confirm_negative=True,
        lines=[StockLineInput(product_id=w["coffee"], quantity=Decimal(3))],
    )

    lines = stock_slip_data(db, document_id=result.document_id).lines

    assert [(x.quantity, x.below_zero) for x in lines] == [(Decimal(1), False), (Decimal(2), True)]


def test_a_missing_stock_document_is_reported_as_not_found(db, w):
    with pytest.raises(NotFound):
        stock_slip_data(db, document_id=9999)


# --------------------------------------------------------------------------- stock report


def test_the_stock_report_values_each_product_and_groups_it_by_supplier(db, w):
    receive(db, w, "coffee", "2.5")  # 225.000
    receive(db, w, "beans", "10", day=days(-5))  # 450.000
    receive(db, w, "bread", "5", expiry=days(2), lot="R2")  # 60.000, expiring
    receive(db, w, "bread", "3", expiry=days(9), lot="R9")  # 36.000, later
    receive(db, w, "bread", "2", day=days(-6), expiry=days(-1), lot="OLD")  # 24.000, expired
    receive(db, w, "chips", "4")
    moves.issue_to_outlet(
        db,
        hotel_id=w["hotel"],
        outlet_id=w["kitchen"],
        day=D,
        lines=[StockLineInput(product_id=w["chips"], quantity=Decimal(4))],
    )
    replenishment.set_par_levels(
        db, hotel_id=w["hotel"], levels={w["chips"]: Decimal(6), w["coffee"]: Decimal(2)}
    )

    data = stock_report_data(db, hotel_id=w["hotel"], day=D, printed_at=PRINTED)

    assert data.group_by == "supplier" and data.expiring_within_days == 3
    assert [g.name for g in data.groups] == ["CV Kopi Sinar Lampung", "UD Roti Pandan"]
    kopi, roti = data.groups
    assert [(x.product_name, x.on_hand, x.value, x.par) for x in kopi.lines] == [
        ("Kopi Biji Sangrai", Decimal(10), 450_000, None),
        ("Kopi Bubuk Robusta", Decimal("2.5"), 225_000, Decimal(2)),
    ]
    # chips: nothing left but a par level, so listed (short); bread in three lots
    assert [(x.product_name, x.on_hand, x.value, x.below_par) for x in roti.lines] == [
        ("Keripik <b>pedas</b> & manis", Decimal(0), 0, True),
        ("Roti Sobek Pandan", Decimal(10), 120_000, False),
    ]
    bread = roti.lines[1]
    assert (bread.nearest_expiry, bread.expired_qty, bread.expiring_qty) == (
        days(-1),
        Decimal(2),
        Decimal(5),
    )
    assert (kopi.total_value, roti.total_value, data.total_value) == (675_000, 120_000, 795_000)
    assert data.product_count == 4 and data.below_par_count == 1
    assert [(x.lot_code, x.quantity, x.value, x.days_left) for x in data.expiring_lots] == [
        ("R2", Decimal(5), 60_000, 2)
    ]
    assert [(x.lot_code, x.value, x.days_left, x.supplier_name) for x in data.expired_lots] == [
        ("OLD", 24_000, -1, "UD Roti Pandan")
    ]
    assert (data.expiring_value, data.expired_value) == (60_000, 24_000)
    assert data.hotel.name == "Emersia Hotel & Resort" and data.printed_at == PRINTED


def test_the_expiry_window_comes_from_the_settings_unless_given(db, w):
    receive(db, w, "bread", "5", expiry=days(2), lot="R2")
    receive(db, w, "bread", "3", expiry=days(9), lot="R9")
    org = settings.load_settings(db)
    org.expiry_warning_days = 10
    settings.save_settings(db, settings=org)

    wide = stock_report_data(db, hotel_id=w["hotel"], day=D)
    narrow = stock_report_data(db, hotel_id=w["hotel"], day=D, expiring_within_days=1)

    assert [x.lot_code for x in wide.expiring_lots] == ["R2", "R9"]
    assert wide.expiring_within_days == 10
    assert narrow.expiring_lots == () and narrow.expiring_within_days == 1


def test_a_lot_is_expiring_on_its_expiry_date_and_expired_the_day_after(db, w):
    receive(db, w, "bread", "5", expiry=D, lot="TODAY")

    today = stock_report_data(db, hotel_id=w["hotel"], day=D)
    tomorrow = stock_report_data(db, hotel_id=w["hotel"], day=days(1))

    assert [(x.lot_code, x.days_left) for x in today.expiring_lots] == [("TODAY", 0)]
    assert today.expired_lots == ()
    assert [(x.lot_code, x.days_left) for x in tomorrow.expired_lots] == [("TODAY", -1)]


def test_the_stock_report_can_group_by_category_and_shows_the_last_count(db, w):
    receive(db, w, "coffee", "3")
    receive(db, w, "bread", "5")
    count_id = stock_counts.start_count(db, hotel_id=w["hotel"], day=days(1))
    lines = stock_counts.get_count(db, count_id).lines
    stock_counts.save_counted(db, count_id=count_id, counted={x.id: x.book for x in lines})
    stock_counts.post_count(db, count_id=count_id)
    receive(db, w, "coffee", "1", day=days(1))

    data = stock_report_data(db, hotel_id=w["hotel"], day=days(2), group_by="category")

    assert [g.name for g in data.groups] == ["Jajanan pasar", "Kopi"]
    assert [(x.product_name, x.on_hand, x.last_count) for x in data.lines] == [
        ("Roti Sobek Pandan", Decimal(5), days(1)),
        ("Kopi Bubuk Robusta", Decimal(4), days(1)),
    ]
    with pytest.raises(ValueError):
        stock_report_data(db, hotel_id=w["hotel"], day=D, group_by="colour")


def test_the_stock_report_of_an_empty_hotel_is_empty_and_a_missing_hotel_not_found(db, w):
    data = stock_report_data(db, hotel_id=w["hotel"], day=D)
    assert (data.groups, data.expiring_lots, data.expired_lots, data.total_value) == ((), (), (), 0)
    with pytest.raises(NotFound):
        stock_report_data(db, hotel_id=9999, day=D)


# --------------------------------------------------------------------------- count sheet


def test_a_blind_count_sheet_carries_no_book_quantities(db, w):
    receive(db, w, "bread", "6", expiry=days(3), lot="R3")
    receive(db, w, "coffee", "2.5")
    count_id = stock_counts.start_count(
        db, hotel_id=w["hotel"], day=days(1), show_book=False, notes="Chiller dihitung terpisah"
    )

    blind = count_sheet_data(db, count_id=count_id, printed_at=PRINTED)
    shown = count_sheet_data(db, count_id=count_id, show_book=True)

    assert blind.show_book is False and shown.show_book is True
    assert [x.book for x in blind.lines] == [None, None]
    assert blind.difference_value is None
    assert [(x.product_name, x.lot_code, x.expiry_date, x.unit, x.book) for x in shown.lines] == [
        ("Kopi Bubuk Robusta", "", None, "kg", Decimal("2.5")),
        ("Roti Sobek Pandan", "R3", days(3), "pcs", Decimal(6)),
    ]
    assert [x.line_no for x in blind.lines] == [1, 2]
    assert (blind.status, blind.number, blind.notes) == ("open", "", "Chiller dihitung terpisah")
    assert blind.count_date == days(1) and blind.hotel.name == "Emersia Hotel & Resort"
    assert [(s.title, s.name) for s in blind.signatures] == [
        ("Penghitung", ""),
        ("Saksi", ""),
        ("Mengetahui", "Andi Pratama"),
    ]


def test_a_count_sheet_shows_what_was_counted_and_with_the_book_the_difference(db, w):
    receive(db, w, "bread", "6", expiry=days(3), lot="R3")
    receive(db, w, "coffee", "2.5")
    count_id = stock_counts.start_count(db, hotel_id=w["hotel"], day=days(1), show_book=True)
    coffee, bread = stock_counts.get_count(db, count_id).lines
    stock_counts.save_counted(
        db, count_id=count_id, counted={bread.id: Decimal(5)}, reasons={bread.id: "Dimakan tikus"}
    )

    shown = count_sheet_data(db, count_id=count_id)
    blind = count_sheet_data(db, count_id=count_id, show_book=False)

    assert [(x.counted, x.difference, x.difference_value, x.reason) for x in shown.lines] == [
        (None, None, None, ""),
        (Decimal(5), Decimal(-1), -12_000, "Dimakan tikus"),
    ]
    assert shown.counted_lines == 1 and shown.difference_value == -12_000
    assert [(x.counted, x.book, x.difference) for x in blind.lines] == [
        (None, None, None),
        (Decimal(5), None, None),
    ]

    stock_counts.save_counted(db, count_id=count_id, counted={coffee.id: Decimal("2.5")})
    number = stock_counts.post_count(db, count_id=count_id)
    posted = count_sheet_data(db, count_id=count_id)
    assert (posted.status, posted.number, posted.posted_by) == ("posted", number, "Tester")


# --------------------------------------------------------------------------- waste report


def test_the_waste_report_adds_up_a_period_per_reason_and_per_supplier(db, w):
    w["other"] = make_hotel(db, name="Bukit Randu")
    make_price(db, hotel_id=w["other"], product_id=w["bread"], price=10_000)
    receive(db, w, "bread", "20", day=days(-20))
    receive(db, w, "coffee", "5", day=days(-20))
    receive(db, w, "bread", "9", day=days(-20), hotel="other")
    waste(db, w, "bread", "2", WasteReason.EXPIRED, day=days(-15))  # before the period
    first = waste(db, w, "bread", "3", WasteReason.EXPIRED, day=days(-3))  # 36.000
    waste(db, w, "coffee", "0.5", WasteReason.SPOILED, day=days(-1))  # 45.000
    waste(db, w, "bread", "1", WasteReason.DAMAGED, day=D)  # 12.000
    waste(db, w, "bread", "4", WasteReason.EXPIRED, day=D, hotel="other")  # 40.000
    waste(db, w, "bread", "1", WasteReason.EXPIRED, day=days(1))  # after the period

    data = waste_report_data(
        db, hotel_id=w["hotel"], date_from=days(-9), date_to=D, printed_at=PRINTED
    )

    assert [
        (x.day, x.number, x.product_name, x.quantity, x.reason, x.value) for x in data.lines
    ] == [
        (days(-3), first.number, "Roti Sobek Pandan", Decimal(3), "Kedaluwarsa", 36_000),
        (days(-1), "BS/2026/00003", "Kopi Bubuk Robusta", Decimal("0.5"), "Basi", 45_000),
        (D, "BS/2026/00004", "Roti Sobek Pandan", Decimal(1), "Rusak", 12_000),
    ]
    assert data.total_value == 93_000 and data.document_count == 3
    assert [(s.name, s.lines, s.value) for s in data.by_reason] == [
        ("Basi", 1, 45_000),
        ("Kedaluwarsa", 1, 36_000),
        ("Rusak", 1, 12_000),
    ]
    assert [(s.name, s.lines, s.value) for s in data.by_supplier] == [
        ("UD Roti Pandan", 2, 48_000),
        ("CV Kopi Sinar Lampung", 1, 45_000),
    ]
    assert data.by_hotel == ()
    assert data.hotel is not None and data.hotel.name == "Emersia Hotel & Resort"

    everywhere = waste_report_data(db, hotel_id=None, date_from=days(-9), date_to=D)
    assert everywhere.hotel is None and everywhere.total_value == 133_000
    assert [(s.name, s.value) for s in everywhere.by_hotel] == [
        ("Bukit Randu", 40_000),
        ("Emersia Hotel & Resort", 93_000),
    ]
    top = everywhere.by_reason[0]
    assert (top.name, top.lines, top.value) == ("Kedaluwarsa", 2, 76_000)


def test_issues_and_returns_are_not_waste_and_an_empty_period_is_empty(db, w):
    receive(db, w, "coffee", "5")
    moves.issue_to_outlet(
        db,
        hotel_id=w["hotel"],
        outlet_id=w["kitchen"],
        day=D,
        lines=[StockLineInput(product_id=w["coffee"], quantity=Decimal(1))],
    )
    moves.return_to_supplier(
        db,
        hotel_id=w["hotel"],
        supplier_id=w["kopi_sup"],
        day=D,
        lines=[
            StockLineInput(
                product_id=w["coffee"], quantity=Decimal(1), reason=ReturnReason.QUALITY.value
            )
        ],
    )

    data = waste_report_data(db, hotel_id=w["hotel"], date_from=D, date_to=D)

    assert (data.lines, data.by_reason, data.by_supplier, data.total_value) == ((), (), (), 0)
    with pytest.raises(ValueError):
        waste_report_data(db, hotel_id=w["hotel"], date_from=D, date_to=days(-1))
