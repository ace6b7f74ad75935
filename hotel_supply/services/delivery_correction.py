"""Correcting a posted delivery in one step (SPEC rule 5; issue 11, point 8).

A posted delivery that is not invoiced is cancelled with its reason (its receipts are
reversed, as cancelling does) and the corrected delivery is posted with a new number that
refers to it (``corrects_id``), in ONE unit of work: either both happen or neither. The
old note then says "Corrected by SJ/…", the new one "Correction of SJ/…". An invoiced
delivery is corrected with a credit note instead; a delivery of a closed month, not at all.
"""

from __future__ import annotations

from dataclasses import dataclass

from hotel_supply.db import Database
from hotel_supply.i18n import _
from hotel_supply.models import Delivery
from hotel_supply.models.enums import DeliveryStatus, Role
from hotel_supply.services import audit, deliveries, periods
from hotel_supply.services.delivery_input import DeliveryInput
from hotel_supply.services.errors import DomainError, ValidationError
from hotel_supply.services.validation import NOTES_MAX_LENGTH, text_problems


@dataclass(frozen=True)
class CorrectionResult:
    cancelled_id: int
    cancelled_number: str
    delivery_id: int  # the corrected delivery, posted
    number: str
    total_value: int


def correct_delivery(
    db: Database,
    *,
    delivery_id: int,
    data: DeliveryInput,
    reason: str,
    version: int | None = None,
    confirm_negative: bool = False,
) -> CorrectionResult:
    """Cancel posted delivery ``delivery_id`` with ``reason`` and post ``data`` as the
    delivery that corrects it, with a new number, in one unit of work.

    Refused when the delivery is a draft, cancelled or invoiced (a credit note corrects an
    invoiced one), when its month or the corrected date's month is closed, or when ``data``
    does not validate. Raises ``stock.NegativeStockError`` as cancelling does when goods
    of the old delivery were already used and the user has not confirmed.
    """
    found = text_problems(reason, label=_("The reason"), max_length=NOTES_MAX_LENGTH,
                          multiline=True)
    if found:
        raise ValidationError({"reason": found})
    if not reason.strip():
        raise ValidationError({"reason": [_("Give the reason for the correction.")]})
    with db.unit_of_work(Role.STOREROOM) as session:
        old = deliveries._get(session, delivery_id, lock=True)
        deliveries._check_version(old, version)
        if old.status == DeliveryStatus.INVOICED:
            raise DomainError(
                _("This delivery is already invoiced; correct it with a credit note."))
        if old.status == DeliveryStatus.CANCELLED:
            raise DomainError(_("This delivery is already cancelled."))
        if old.status != DeliveryStatus.POSTED:
            raise DomainError(_("Only a posted delivery can be corrected; change the draft."))
        periods.ensure_open(session, old.delivery_date)
        old_number = old.number or ""
        new = Delivery(
            hotel_id=old.hotel_id, supplier_id=old.supplier_id, order_id=old.order_id,
            delivery_date=data.delivery_date, arrived_at=data.arrived_at or old.arrived_at,
            created_by=audit.current_user(session), corrects_id=old.id,
        )
        session.add(new)
        session.flush()
        deliveries._validated(session, new, data, for_posting=True)
        deliveries.cancel(session, old, reason=reason, confirm_negative=confirm_negative)
        deliveries.save_lines(session, new, data)
        posted = deliveries.post(session, new)
        audit.record(session, action="correct", entity="delivery", entity_id=new.id,
                     number=posted.number, corrects=old_number, reason=reason.strip())
        return CorrectionResult(
            cancelled_id=old.id, cancelled_number=old_number, delivery_id=posted.delivery_id,
            number=posted.number, total_value=posted.total_value,
        )
