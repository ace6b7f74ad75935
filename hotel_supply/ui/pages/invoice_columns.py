"""The columns of the invoice list: number (and the invoice a credit note corrects),
parties, amounts and state, with overdue ones marked."""

from __future__ import annotations

from hotel_supply.formatting import format_date, format_rupiah
from hotel_supply.i18n import N_, _
from hotel_supply.models.enums import InvoiceKind, InvoiceStatus
from hotel_supply.services.invoice_balances import InvoiceRow, PaymentState
from hotel_supply.ui import theme
from hotel_supply.ui.dialogs.invoice import STATE_COLORS, state_text
from hotel_supply.ui.table_model import RIGHT, Column


def _overdue(r: InvoiceRow) -> str | None:
    return theme.BAD if r.state == PaymentState.OVERDUE else None


def _number(r: InvoiceRow) -> str:
    if r.kind == InvoiceKind.CREDIT_NOTE:
        return f"{r.number} → {r.corrects_number}"
    return r.number or _("(draft)")


COLUMNS: list[Column[InvoiceRow]] = [
    Column(N_("Number"), _number, raw=lambda r: r.number),
    Column(
        N_("Status"),
        state_text,
        color=lambda r: (
            STATE_COLORS[r.state]
            if r.state
            else (theme.ACCENT if r.status == InvoiceStatus.DRAFT else theme.MUTED)
        ),
        width=135,
    ),
    Column(N_("Hotel"), lambda r: r.hotel_name, width=180),
    Column(N_("Supplier (UMKM)"), lambda r: r.supplier_name, width=230),
    Column(
        N_("Issue date"), lambda r: format_date(r.issue_date), raw=lambda r: r.issue_date, width=120
    ),
    Column(
        N_("Due date"),
        lambda r: format_date(r.due_date),
        raw=lambda r: r.due_date,
        color=_overdue,
        width=105,
    ),
    Column(
        N_("Subtotal"),
        lambda r: format_rupiah(r.subtotal),
        raw=lambda r: r.subtotal,
        align=RIGHT,
        width=115,
    ),
    Column(
        N_("PPN"),
        lambda r: format_rupiah(r.ppn) if r.ppn else "",
        raw=lambda r: r.ppn,
        align=RIGHT,
        width=100,
    ),
    Column(
        N_("Total"), lambda r: format_rupiah(r.total), raw=lambda r: r.total, align=RIGHT, width=120
    ),
    Column(
        N_("Credited"),
        lambda r: format_rupiah(r.credited) if r.credited else "",
        raw=lambda r: r.credited,
        align=RIGHT,
        width=105,
    ),
    Column(
        N_("Paid"),
        lambda r: format_rupiah(r.paid) if r.paid else "",
        raw=lambda r: r.paid,
        align=RIGHT,
        width=115,
    ),
    Column(
        N_("Outstanding"),
        lambda r: format_rupiah(r.outstanding) if r.state else "",
        raw=lambda r: r.outstanding if r.state else 0,
        align=RIGHT,
        color=_overdue,
        width=120,
    ),
]
