"""Turn the corpus's TOML values into the Python values a service is called with.

TOML has no Decimal, date, None or dataclass, so a value may be a one-key table:

    {dec = "NaN"}            Decimal("NaN")          {float = 0.1}     the float 0.1
    {date = "2026-11-10"}    a date                  {none = true}     None
    {ref = "hotel"}          an id of the world       {repeat = "x", times = 20000}
    {enum = "PaymentMethod.TRANSFER"}                {type = "LineInput", ...} a dataclass
    {big = "1e16"}           an int written as text (TOML integers stop at 2**63)

Lists and tables are decoded all the way down.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

from hotel_supply.models import enums
from hotel_supply.services.credit_notes import CreditLineInput
from hotel_supply.services.deliveries import DeliveryInput, LineInput
from hotel_supply.services.delivery_list import DeliveryQuery
from hotel_supply.services.invoice_balances import InvoiceQuery
from hotel_supply.services.orders import OrderLineInput
from hotel_supply.services.prices import PriceAgreementData
from hotel_supply.services.settings import OrganisationSettings
from hotel_supply.services.stock_levels import StockQuery
from hotel_supply.services.stock_moves import StockLineInput

TYPES: dict[str, Any] = {
    "LineInput": LineInput,
    "DeliveryInput": DeliveryInput,
    "OrderLineInput": OrderLineInput,
    "StockLineInput": StockLineInput,
    "CreditLineInput": CreditLineInput,
    "DeliveryQuery": DeliveryQuery,
    "InvoiceQuery": InvoiceQuery,
    "StockQuery": StockQuery,
    "PriceAgreementData": PriceAgreementData,
    "OrganisationSettings": OrganisationSettings,
}


def decode(value: Any, ids: dict[str, Any]) -> Any:
    if isinstance(value, list):
        return [decode(v, ids) for v in value]
    if not isinstance(value, dict):
        return value
    if "dec" in value:
        return Decimal(value["dec"])
    if "float" in value:
        return float(value["float"])
    if "big" in value:
        return int(Decimal(value["big"]))
    if "date" in value:
        return dt.date.fromisoformat(value["date"])
    if "none" in value:
        return None
    if "ref" in value:
        return ids[value["ref"]]
    if "repeat" in value:
        return value["repeat"] * int(value["times"])
    if "enum" in value:
        cls, member = value["enum"].split(".")
        return getattr(getattr(enums, cls), member)
    if "type" in value:
        fields = {k: decode(v, ids) for k, v in value.items() if k != "type"}
        return TYPES[value["type"]](**fields)
    if "dict" in value:  # a mapping whose keys are world references: {dict = [[ref, value]]}
        return {decode(k, ids): decode(v, ids) for k, v in value["dict"]}
    return {k: decode(v, ids) for k, v in value.items()}
