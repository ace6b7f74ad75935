"""Credit notes (Nota Kredit): the only way to correct an issued invoice (SPEC rules 5–7).

A credit note has its own number, is issued at once, and each line refers to
the invoice line it corrects: a quantity given back, or a price charged too
high (credit the quantity at the difference). It never exceeds what the
invoice still has to give.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal

from sqlalchemy import func, select
from sqlalchemy.orm import Session, aliased

from hotel_supply import clock
from hotel_supply.db import Database
from hotel_supply.formatting import format_qty, format_rupiah, line_amount
from hotel_supply.i18n import _
from hotel_supply.models import Invoice, InvoiceLine
from hotel_supply.models.enums import InvoiceKind, InvoiceStatus, Role
from hotel_supply.services import audit, numbering, periods, settings
from hotel_supply.services.errors import DomainError, NotFound, ValidationError
from hotel_supply.services.invoicing import compute_totals
from hotel_supply.services.printing import office_snapshot
from hotel_supply.services.validation import (
    NOTES_MAX_LENGTH,
    add,
    date_problems,
    id_problems,
    money_problems,
    quantity_problems,
    text_problems,
)


@dataclass(frozen=True)
class CreditLineInput:
    invoice_line_id: int
    quantity: Decimal
    unit_price: int | None = None  # None: the invoiced price; lower: a price correction


@dataclass(frozen=True)
class CreditResult:
    credit_note_id: int
    number: str
    total: int


def credited_quantities(session: Session, invoice_id: int) -> dict[int, Decimal]:
    """Per invoice line, the quantity already credited by issued credit notes."""
    note = aliased(Invoice)
    rows = session.execute(
        select(InvoiceLine.corrects_line_id, func.sum(InvoiceLine.quantity))
        .join(note, note.id == InvoiceLine.invoice_id)
        .where(note.corrects_invoice_id == invoice_id, note.kind == InvoiceKind.CREDIT_NOTE,
               note.status == InvoiceStatus.ISSUED)
        .group_by(InvoiceLine.corrects_line_id)
    ).all()
    return {line_id: qty for line_id, qty in rows if line_id is not None}


def issue_credit_note(db: Database, *, invoice_id: int, lines: list[CreditLineInput],
                      reason: str, issue_date: dt.date) -> CreditResult:
    """Issue a credit note against an issued invoice."""
    problems: dict[str, list[str]] = {}
    add(problems, "reason", text_problems(reason, label=_("The reason"),
                                          max_length=NOTES_MAX_LENGTH, multiline=True))
    if not problems and not reason.strip():
        problems["reason"] = [_("Say why the invoice is corrected.")]
    add(problems, "issue_date", date_problems(issue_date, label=_("The date of the credit note")))
    if not isinstance(lines, list) or not lines:
        problems["lines"] = [_("Choose at least one invoice line to credit.")]
    if problems:
        raise ValidationError(problems)
    if id_problems(invoice_id, label=""):
        raise NotFound(_("The invoice no longer exists."))
    with db.unit_of_work(Role.FINANCE) as session:
        org = settings.cached(session)
        for i, wanted in enumerate(lines):
            add(problems, f"line:{i}", quantity_problems(
                wanted.quantity, label=_("The quantity to credit"),
                max_units=org.max_line_quantity))
            if wanted.unit_price is not None:
                add(problems, f"line:{i}", money_problems(
                    wanted.unit_price, label=_("The credited price"), max=org.max_unit_price))
        if problems:
            raise ValidationError(problems)
        invoice = session.scalars(select(Invoice).where(Invoice.id == invoice_id)
                                  .with_for_update()).one_or_none()
        if invoice is None:
            raise NotFound(_("The invoice no longer exists."))
        if invoice.kind != InvoiceKind.INVOICE or invoice.status != InvoiceStatus.ISSUED:
            raise DomainError(_("Only an issued invoice can be corrected by a credit note."))
        if issue_date < (invoice.issue_date or issue_date):
            raise ValidationError({"issue_date": [
                _("A credit note cannot be dated before the invoice it corrects.")]})
        periods.ensure_open(session, issue_date)
        by_id = {line.id: line for line in invoice.lines}
        done = credited_quantities(session, invoice_id)
        note = Invoice(kind=InvoiceKind.CREDIT_NOTE, status=InvoiceStatus.ISSUED,
                       supplier_id=invoice.supplier_id, hotel_id=invoice.hotel_id,
                       year=issue_date.year, month=issue_date.month,
                       corrects_invoice_id=invoice.id, notes=reason.strip(),
                       created_by=audit.current_user(session))
        for i, wanted in enumerate(lines):
            original = by_id.get(wanted.invoice_line_id)
            if original is None:
                problems.setdefault(f"line:{i}", []).append(
                    _("This line is not on the invoice."))
                continue
            left = original.quantity - done.get(original.id, Decimal(0))
            price = original.unit_price if wanted.unit_price is None else wanted.unit_price
            if wanted.quantity <= 0:
                problems.setdefault(f"line:{i}", []).append(
                    _("The quantity to credit must be more than zero."))
            elif wanted.quantity > left:
                problems.setdefault(f"line:{i}", []).append(
                    _("{product}: at most {left} can still be credited.").format(
                        product=original.product_name, left=format_qty(left)))
            if price < 0 or price > original.unit_price:
                problems.setdefault(f"line:{i}", []).append(
                    _("{product}: the credited price cannot exceed the invoiced {price}.")
                    .format(product=original.product_name,
                            price=format_rupiah(original.unit_price)))
            note.lines.append(InvoiceLine(
                line_no=i + 1, corrects_line_id=original.id,
                delivery_line_id=original.delivery_line_id,
                delivery_date=original.delivery_date, delivery_number=original.delivery_number,
                product_code=original.product_code, product_name=original.product_name,
                unit=original.unit, quantity=wanted.quantity, unit_price=price,
                amount=line_amount(wanted.quantity, price)))
        if problems:
            raise ValidationError(problems)
        totals = compute_totals(sum(x.amount for x in note.lines),
                                is_pkp=invoice.supplier_is_pkp, org=org)
        credited_before = session.scalar(select(func.coalesce(func.sum(Invoice.total), 0)).where(
            Invoice.corrects_invoice_id == invoice.id, Invoice.kind == InvoiceKind.CREDIT_NOTE,
            Invoice.status == InvoiceStatus.ISSUED)) or 0
        if totals.total > invoice.total - int(credited_before):
            raise ValidationError({"lines": [
                _("The credit note ({credit}) is larger than what is left of the invoice "
                  "({left}).").format(credit=format_rupiah(totals.total),
                                      left=format_rupiah(invoice.total - int(credited_before)))]})
        note.office = office_snapshot(session)
        for field in ("supplier_name", "supplier_address", "supplier_phone", "supplier_npwp",
                      "supplier_is_pkp", "supplier_bank", "hotel_billing_name", "hotel_address",
                      "hotel_npwp"):
            setattr(note, field, getattr(invoice, field))
        note.subtotal, note.tax_base, note.ppn_rate = totals.subtotal, totals.tax_base, \
            totals.ppn_rate
        note.ppn, note.total = totals.ppn, totals.total
        note.number = numbering.take_number(session, series="NK", year=issue_date.year,
                                            fmt=org.number_format("NK"))
        note.issue_date = issue_date
        note.due_date = issue_date
        note.issued_at = clock.now()
        note.issued_by = audit.current_user(session)
        session.add(note)
        session.flush()
        audit.record(session, action="issue", entity="credit_note", entity_id=note.id,
                     number=note.number, corrects=invoice.number, total=note.total,
                     reason=reason.strip())
        return CreditResult(note.id, note.number, note.total)
