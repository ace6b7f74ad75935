"""Plain data for the documents: services gather, renderers only draw."""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import asdict

from sqlalchemy import select
from sqlalchemy.orm import Session

from hotel_supply import clock
from hotel_supply.db import Database
from hotel_supply.documents.data import DeliveryNoteData, DeliveryNoteLine, Organisation, Party
from hotel_supply.models import Delivery, Supplier
from hotel_supply.models.enums import DeliveryStatus, label
from hotel_supply.services import settings
from hotel_supply.services.accounts import full_name
from hotel_supply.services.errors import NotFound


def office_snapshot(session: Session) -> str:
    """The letterhead as JSON, frozen into a document at issue."""
    return json.dumps(asdict(organisation(session)), ensure_ascii=False, sort_keys=True)


def office_of(session: Session, snapshot: str) -> Organisation:
    """The letterhead a document was issued with (today's, for one issued before it was kept)."""
    if not snapshot:
        return organisation(session)
    return Organisation(**json.loads(snapshot))


def organisation(session: Session) -> Organisation:
    org = settings.load(session)
    return Organisation(
        name=org.name, address=org.address, city=org.city, phone=org.phone, email=org.email,
        logo_path=org.logo_path, npwp=org.npwp,
    )


def supplier_party(supplier: Supplier) -> Party:
    """A supplier as the documents print it."""
    return Party(
        code=supplier.code,
        name=supplier.name,
        address=supplier.address,
        city=supplier.city,
        phone=supplier.phone,
        contact=supplier.owner_name,
        npwp=supplier.npwp,
    )


def bank_line(supplier: Supplier) -> str:
    """Bank, account number and holder on one line, as the payment instructions print it."""
    parts = (supplier.bank_name, supplier.bank_account_no, supplier.bank_account_name)
    return " · ".join(x for x in parts if x)


def delivery_note_data(
    db: Database, *, delivery_id: int, printed_at: dt.datetime | None = None
) -> DeliveryNoteData:
    """Everything the delivery note prints, as it stands now."""
    with db.reader() as session:
        return _delivery_note(session, delivery_id, printed_at or clock.now())


def delivery_note_ids(
    db: Database, *, day: dt.date, hotel_id: int | None = None
) -> list[int]:
    """Posted (or invoiced, or cancelled) deliveries of a day, in number order."""
    with db.reader() as session:
        stmt = select(Delivery.id).where(
            Delivery.delivery_date == day, Delivery.status != DeliveryStatus.DRAFT
        )
        if hotel_id is not None:
            stmt = stmt.where(Delivery.hotel_id == hotel_id)
        return list(session.scalars(stmt.order_by(Delivery.number)))


def _delivery_note(session: Session, delivery_id: int, printed_at: dt.datetime) -> DeliveryNoteData:
    delivery = session.get(Delivery, delivery_id)
    if delivery is None:
        raise NotFound("delivery")
    org = settings.load(session)
    s, h = delivery.supplier, delivery.hotel
    lines = tuple(
        DeliveryNoteLine(
            line_no=line.line_no,
            product_code=line.product.code,
            product_name=line.product.name,
            unit=label(line.product.unit),
            ordered=line.ordered_qty,
            delivered=line.delivered_qty,
            accepted=line.accepted_qty,
            rejected=line.rejected_qty,
            rejection_reason=label(line.rejection_reason) if line.rejection_reason else "",
            rejection_note=line.rejection_note,
            unit_price=line.unit_price,
            amount=line.amount,
            lot_code=line.lot_code,
            expiry_date=line.expiry_date,
        )
        for line in delivery.lines
    )
    return DeliveryNoteData(
        number=delivery.number or "",
        status=delivery.status.value,
        delivery_date=delivery.delivery_date,
        arrived_at=delivery.arrived_at,
        organisation=organisation(session),
        supplier=Party(code=s.code, name=s.name, address=s.address, city=s.city, phone=s.phone,
                       contact=s.owner_name, npwp=s.npwp),
        hotel=Party(code=h.code, name=h.name, address=h.address, city=h.city, phone=h.phone,
                    contact=h.receiving_contact, npwp=h.npwp),
        lines=lines,
        driver_name=delivery.driver_name,
        vehicle_plate=delivery.vehicle_plate,
        received_by=delivery.received_by or h.receiving_contact,
        known_by=org.known_by,
        notes=delivery.notes,
        cancel_reason=delivery.cancel_reason,
        corrects_number=(delivery.corrects.number or "") if delivery.corrects else "",
        corrected_by_number=session.scalar(
            select(Delivery.number).where(Delivery.corrects_id == delivery.id)) or "",
        printed_at=printed_at,
        made_by=full_name(session, delivery.posted_by or delivery.created_by),
        total_value=sum(x.amount for x in lines),
    )


def organisation_of(db: Database) -> Organisation:
    """The letterhead, for documents drawn from data that already carries everything else."""
    with db.reader() as session:
        return organisation(session)
