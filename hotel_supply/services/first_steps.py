"""The first steps of a new office: what has been set up of what the daily work needs.

Hari Ini shows them until each has at least one record: the office profile (printed on
every document), then partner hotels, suppliers (UMKM), their products, the agreed
prices and the standing orders that make each day's expected deliveries.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from sqlalchemy import Select, func, select
from sqlalchemy.orm import Session

from hotel_supply.db import Database
from hotel_supply.models import Hotel, PriceAgreement, Product, StandingOrder, Supplier
from hotel_supply.services import settings

__all__ = ["FirstStep", "FirstSteps", "Step", "first_steps"]


class Step(StrEnum):
    """The steps, in the order a new office takes them."""

    PROFILE = "profile"
    HOTELS = "hotels"
    SUPPLIERS = "suppliers"
    PRODUCTS = "products"
    PRICES = "prices"
    STANDING_ORDERS = "standing_orders"


# what must exist before a step can be taken: a product belongs to a supplier, a price
# and a standing order name a hotel and a product
NEEDS: dict[Step, tuple[Step, ...]] = {
    Step.PROFILE: (),
    Step.HOTELS: (),
    Step.SUPPLIERS: (),
    Step.PRODUCTS: (Step.SUPPLIERS,),
    Step.PRICES: (Step.HOTELS, Step.PRODUCTS),
    Step.STANDING_ORDERS: (Step.HOTELS, Step.PRODUCTS),
}


@dataclass(frozen=True)
class FirstStep:
    """One step: how many records it has (for the profile: 1 once the name is filled in)
    and the earlier steps still missing before it can be taken."""

    step: Step
    count: int
    missing: tuple[Step, ...] = ()

    @property
    def done(self) -> bool:
        return self.count > 0

    @property
    def ready(self) -> bool:
        return not self.missing


@dataclass(frozen=True)
class FirstSteps:
    steps: tuple[FirstStep, ...]

    @property
    def all_done(self) -> bool:
        return all(s.done for s in self.steps)

    @property
    def done_count(self) -> int:
        return sum(1 for s in self.steps if s.done)

    def __getitem__(self, step: Step) -> FirstStep:
        return next(s for s in self.steps if s.step == step)


def _counts(session: Session) -> dict[Step, int]:
    """Active records only: a deactivated hotel or product does not start anyone's day."""

    def count(statement: Select[int]) -> int:
        return int(session.scalar(statement) or 0)

    active_product = select(Product.id).where(Product.active.is_(True))
    return {
        Step.PROFILE: 1 if settings.load(session).is_configured else 0,
        Step.HOTELS: count(select(func.count(Hotel.id)).where(Hotel.active.is_(True))),
        Step.SUPPLIERS: count(select(func.count(Supplier.id)).where(Supplier.active.is_(True))),
        Step.PRODUCTS: count(select(func.count(Product.id)).where(Product.active.is_(True))),
        Step.PRICES: count(
            select(func.count(PriceAgreement.id)).where(
                PriceAgreement.active.is_(True), PriceAgreement.product_id.in_(active_product)
            )
        ),
        # one per product a hotel takes on some weekday, not one per weekday
        Step.STANDING_ORDERS: count(
            select(func.count()).select_from(
                select(StandingOrder.hotel_id, StandingOrder.product_id).distinct().subquery()
            )
        ),
    }


def first_steps(db: Database) -> FirstSteps:
    """How far the office has come with its set-up, step by step."""
    with db.reader() as session:
        counts = _counts(session)
    return FirstSteps(
        tuple(
            FirstStep(
                step=step,
                count=counts[step],
                missing=tuple(need for need in NEEDS[step] if counts[need] == 0),
            )
            for step in Step
        )
    )
