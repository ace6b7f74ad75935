"""Amounts are grouped by Python's own thousands grouping (far faster than babel, which a
month's documents call tens of thousands of times): it must read exactly as babel's id_ID."""

from __future__ import annotations

import random

from babel.numbers import format_decimal

from hotel_supply.formatting import NUMBER_LOCALE, format_rupiah


def test_every_amount_reads_as_babel_groups_it_in_indonesian():
    rng = random.Random(10)
    amounts = [*range(-1_100, 1_100), *(10**k for k in range(16)),
               *(rng.randrange(-10**13, 10**13) for _ in range(5_000))]
    for amount in amounts:
        body = format_decimal(abs(amount), format="#,##0", locale=NUMBER_LOCALE)
        expected = f"{'-' if amount < 0 else ''}Rp{body}"
        assert format_rupiah(amount, space=False) == expected
    assert format_rupiah(1_250_000, space=True) == "Rp 1.250.000"
