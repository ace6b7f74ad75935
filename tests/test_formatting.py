"""Indonesian formats and the parsing of typed numbers (SPEC rules 1–3)."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from hotel_supply.formatting import (
    ParseError,
    format_date,
    format_date_long,
    format_qty,
    format_rupiah,
    line_amount,
    parse_decimal,
    parse_rupiah,
    round_rupiah,
)
from hotel_supply.i18n import _, set_language


def test_money_is_shown_the_indonesian_way():
    assert format_rupiah(1_250_000) == "Rp1.250.000"
    assert format_rupiah(0) == "Rp0"
    assert format_rupiah(-2_500) == "-Rp2.500"
    assert format_rupiah(1_250_000, space=True) == "Rp 1.250.000"


def test_quantities_and_dates():
    assert format_qty(Decimal("2.5"), "kg") == "2,5 kg"
    assert format_qty(Decimal("1250")) == "1.250"
    assert format_qty(Decimal("0.125")) == "0,125"
    assert format_date(dt.date(2020, 11, 19)) == "19/11/2020"
    assert format_date_long(dt.date(2020, 11, 19)) == "19 November 2020"
    assert format_date_long(dt.date(2026, 8, 17)) == "17 Agustus 2026"
    set_language("en")
    assert format_date_long(dt.date(2026, 8, 17)) == "17 August 2026"


def test_line_amounts_round_half_up_to_the_rupiah():
    assert line_amount(Decimal("2.5"), 85_001) == 212_503
    assert line_amount(Decimal("0.333"), 1_500) == 500  # 499,5 → 500
    assert round_rupiah(Decimal("0.5")) == 1
    assert round_rupiah(Decimal("-0.5")) == -1


@pytest.mark.parametrize(
    ("text", "value"),
    [("1.250.000", Decimal(1250000)), ("2,5", Decimal("2.5")), ("Rp1.250.000", Decimal(1250000)),
     (" 12 ", Decimal(12)), ("0,125", Decimal("0.125")), ("1.000,5", Decimal("1000.5"))],
)
def test_typed_numbers_are_read_the_indonesian_way(text, value):
    assert parse_decimal(text) == value


@pytest.mark.parametrize("text", ["", "abc", "2.5", "1,2,3", "1.25.000", "0,1234", "1e5", "--1"])
def test_bad_numbers_are_refused_with_a_message(text):
    with pytest.raises(ParseError) as err:
        parse_decimal(text)
    assert str(err.value)


def test_rupiah_input_takes_no_decimals():
    assert parse_rupiah("Rp 45.000") == 45_000
    with pytest.raises(ParseError):
        parse_rupiah("45.000,5")


@given(st.integers(min_value=0, max_value=10**12))
def test_formatted_rupiah_reads_back(amount):
    assert parse_rupiah(format_rupiah(amount)) == amount


@given(st.decimals(min_value=0, max_value=10**9, places=3, allow_nan=False))
def test_formatted_quantities_read_back(qty):
    assert parse_decimal(format_qty(qty)) == qty


def test_messages_are_indonesian_by_default_and_english_on_request():
    assert _("Today") == "Hari Ini"
    set_language("en")
    assert _("Today") == "Today"
