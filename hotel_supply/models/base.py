"""Declarative base and the column types every model shares."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

from sqlalchemy import (
    BigInteger,
    ColumnElement,
    DateTime,
    Dialect,
    MetaData,
    String,
    TypeDecorator,
    type_coerce,
)
from sqlalchemy.orm import DeclarativeBase, InstrumentedAttribute, Mapped, mapped_column
from sqlalchemy.sql import operators
from sqlalchemy.sql.operators import OperatorType

from hotel_supply import clock

NAMING = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_N_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


class Quantity(TypeDecorator[Decimal]):
    """A quantity with up to three decimals, stored exactly as integer thousandths.

    SQLite has no exact decimal type; thousandths in a BIGINT keep sums exact on
    both SQLite and PostgreSQL. The scale travels with the type: a sum or a
    difference of quantities computed in SQL is read back as a quantity, and a
    product or quotient in SQL is refused (it would silently be 1000× too large);
    a value is ``quantity_value(quantity, price)``, which knows the scale.
    """

    impl = BigInteger
    cache_ok = True

    class comparator_factory(TypeDecorator.Comparator[Decimal]):
        def operate(self, op: OperatorType, *other: Any, **kwargs: Any) -> ColumnElement[Any]:
            return _scaled(op, super().operate(op, *other, **kwargs))

        def reverse_operate(self, op: OperatorType, other: Any,
                            **kwargs: Any) -> ColumnElement[Any]:
            return _scaled(op, super().reverse_operate(op, other, **kwargs))

    def process_bind_param(self, value: Any, dialect: Dialect) -> int | None:
        if value is None:
            return None
        scaled = Decimal(value) * 1000
        if scaled != scaled.to_integral_value():
            raise ValueError(f"quantity {value} has more than three decimals")
        return int(scaled)

    def process_result_value(self, value: Any, dialect: Dialect) -> Decimal | None:
        if value is None:
            return None
        return (Decimal(int(value)) / 1000).quantize(Decimal("0.001")).normalize() + 0

    @property
    def python_type(self) -> type[Decimal]:
        return Decimal


_KEEPS_SCALE = {operators.add, operators.sub, operators.neg}
_BREAKS_SCALE = {operators.mul, operators.truediv, operators.floordiv, operators.mod,
                 operators.pow_}


def _scaled(op: OperatorType, result: ColumnElement[Any]) -> ColumnElement[Any]:
    if op in _KEEPS_SCALE:
        return type_coerce(result, Quantity())
    if op in _BREAKS_SCALE:
        raise TypeError("a quantity is stored in thousandths: multiply or divide it in SQL "
                        "only through quantity_value(), never directly")
    return result


class QuantityValue(TypeDecorator[Decimal]):
    """Quantity × rupiah computed in SQL: read back as exact rupiah (a Decimal that may
    still carry a fraction: round it with ``round_rupiah`` where a line amount is meant)."""

    impl = BigInteger
    cache_ok = True

    def process_bind_param(self, value: Any, dialect: Dialect) -> int | None:
        raise TypeError("a quantity value is computed, never bound")

    def process_result_value(self, value: Any, dialect: Dialect) -> Decimal | None:
        if value is None:
            return None
        return Decimal(int(value)) / 1000

    @property
    def python_type(self) -> type[Decimal]:
        return Decimal


def quantity_value(quantity: ColumnElement[Decimal] | InstrumentedAttribute[Decimal],
                   price: ColumnElement[int] | InstrumentedAttribute[int]
                   ) -> ColumnElement[Decimal]:
    """``quantity × price`` in SQL, in rupiah: the one place that knows quantities are
    stored in thousandths. Sum it freely; it reads back as a Decimal number of rupiah."""
    raw = type_coerce(quantity, BigInteger()) * type_coerce(price, BigInteger())
    return type_coerce(raw, QuantityValue())


# Whole rupiah, never float (SPEC rule 1).
Money = BigInteger


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING)
    type_annotation_map = {
        dt.datetime: DateTime(),
        str: String(200),
        Decimal: Quantity(),
    }


class Stamped:
    """Who created a row and when; the full trail is in the audit log."""

    created_at: Mapped[dt.datetime] = mapped_column(default=clock.now)
    created_by: Mapped[str] = mapped_column(String(80), default="")
