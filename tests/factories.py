"""Small factories that create master data through the real services, for every test.

Each call gets unique codes, names and tax numbers, so a test can call a
factory several times; pass keyword overrides for the fields it cares about:

    supplier = make_supplier(db, is_pkp=True)
    product = make_product(db, supplier, unit=Unit.KG, standard_price=45_000)
    hotel = make_hotel(db)                     # outlets KIT, MB, BQT, GS
    make_price(db, hotel_id=hotel, product_id=product, price=40_000)
    make_standing_order(db, hotel_id=hotel, product_id=product, quantities=[5, 5, 5, 5, 5, 0, 0])
"""

from __future__ import annotations

import datetime as dt
import itertools
from collections.abc import Sequence
from decimal import Decimal
from typing import Any

from hotel_supply.db import Database
from hotel_supply.models.enums import Category, HotelKind, LegalForm, Unit
from hotel_supply.services import hotels, prices, products, standing_orders, suppliers

_sequence = itertools.count(1)


def _next() -> int:
    return next(_sequence)


def make_supplier(db: Database, **overrides: Any) -> int:
    """An active UMKM (UD, traditional snacks, non-PKP, with a unique 16-digit NPWP)."""
    n = _next()
    fields: dict[str, Any] = {
        "code": f"SUP{n:04d}",
        "name": f"UMKM Jajanan {n}",
        "legal_form": LegalForm.UD,
        "category": Category.SNACK,
        "owner_name": f"Ibu Sari {n}",
        "phone": f"0812-{n:04d}-7890",
        "address": f"Jl. Teuku Umar No. {n}",
        "city": "Bandar Lampung",
        "nib": f"{n:013d}",
        "npwp": f"01{n:014d}",
        "is_pkp": False,
    }
    fields.update(overrides)
    return suppliers.create_supplier(db, data=suppliers.SupplierData(**fields))


def make_product(db: Database, supplier_id: int, **overrides: Any) -> int:
    """An active product of ``supplier_id`` (pcs, not perishable, Rp10.000)."""
    n = _next()
    fields: dict[str, Any] = {
        "code": f"PRD{n:05d}",
        "name": f"Keripik Pisang {n}",
        "supplier_id": supplier_id,
        "category": Category.SNACK,
        "unit": Unit.PCS,
        "perishable": False,
        "shelf_life_days": None,
        "standard_price": 10_000,
    }
    fields.update(overrides)
    if fields["perishable"] and fields["shelf_life_days"] is None:
        fields["shelf_life_days"] = 3
    return products.create_product(db, data=products.ProductData(**fields))


def make_hotel(db: Database, **overrides: Any) -> int:
    """An active hotel with the outlets kitchen, minibar, banquet and gift shop."""
    n = _next()
    fields: dict[str, Any] = {
        "code": f"HTL{n:03d}",
        "name": f"Hotel Mitra {n}",
        "kind": HotelKind.HOTEL,
        "address": f"Jl. Raden Intan No. {n}",
        "city": "Bandar Lampung",
        "phone": "(0721) 123456",
        "receiving_contact": f"Pak Budi {n}",
        "receiving_phone": "0813-1111-2222",
        "billing_name": f"PT Hotel Mitra {n}",
        "npwp": f"02{n:014d}",
        "payment_terms_days": 30,
        "outlets": hotels.standard_outlets(),
    }
    fields.update(overrides)
    return hotels.create_hotel(db, data=hotels.HotelData(**fields))


def make_price(
    db: Database,
    *,
    hotel_id: int,
    product_id: int,
    price: int = 12_000,
    valid_from: dt.date = dt.date(2025, 1, 1),
    valid_to: dt.date | None = None,
    end_previous: bool = False,
) -> int:
    """An active price agreement (from 1 January 2025, open-ended, Rp12.000 by default)."""
    data = prices.PriceAgreementData(
        hotel_id=hotel_id,
        product_id=product_id,
        price=price,
        valid_from=valid_from,
        valid_to=valid_to,
    )
    return prices.create_price_agreement(db, data=data, end_previous=end_previous)


def make_standing_order(
    db: Database,
    *,
    hotel_id: int,
    product_id: int,
    quantities: Sequence[int | str | Decimal] = (10, 10, 10, 10, 10, 0, 0),
) -> None:
    """Set a product's weekday quantities for a hotel (Monday first; Mon-Fri 10 by default)."""
    line = standing_orders.StandingOrderLine(
        product_id=product_id, quantities=[Decimal(str(q)) for q in quantities]
    )
    standing_orders.save_standing_order_grid(db, hotel_id=hotel_id, rows=[line])
