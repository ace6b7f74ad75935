"""Supplier statement: what one UMKM delivered, was billed, paid and is owed, across hotels,
for a month.

Plain :class:`SupplierStatementData` in, PDF bytes out (SPEC section 4): key
figures, then the month's deliveries (date, note number, hotel, accepted
value, the invoice that bills it), invoices, credit notes and payments, and
every invoice still owed. A4 portrait, one copy; the same data gives the same
bytes.
"""

from __future__ import annotations

from collections.abc import Sequence

from reportlab.lib.units import mm
from reportlab.platypus import CondPageBreak, Flowable, Paragraph, Spacer

from hotel_supply.documents.common import (
    Column,
    DocumentStyles,
    Letterhead,
    build_pdf,
    document_styles,
    escape,
    join_nonempty,
    markup,
    page_geometry,
)
from hotel_supply.documents.hotel_recap import state_label
from hotel_supply.documents.invoice_data import StatementInvoice, SupplierStatementData
from hotel_supply.documents.month_common import (
    Cell,
    data_table,
    key_figures,
    party_markup,
    section_heading,
    title_block,
)
from hotel_supply.formatting import format_date, format_date_long, format_month, format_rupiah
from hotel_supply.i18n import _

__all__ = ["render_supplier_statement"]


def render_supplier_statement(data: SupplierStatementData) -> bytes:
    """The supplier statement as PDF bytes (A4)."""
    geometry = page_geometry("A4")
    styles = document_styles(geometry.name)
    title = _("Supplier statement")
    period = format_month(data.year, data.month)
    letterhead = Letterhead(
        organisation=data.organisation,
        document_title=join_nonempty([title, data.supplier.name], " · "),
        document_number=period,
        printed_at=data.printed_at,
    )
    layout = _StatementLayout(data, styles, geometry.content_width)
    return build_pdf(
        lambda _copy: layout.story(),
        letterhead=letterhead,
        page_size=geometry.name,
        copies=("ASLI",),
        title=join_nonempty([title, data.supplier.name, period], " "),
        subject=data.supplier.name,
    )


class _StatementLayout:
    def __init__(self, data: SupplierStatementData, styles: DocumentStyles, width: float) -> None:
        self.data = data
        self.s = styles
        self.width = width

    def story(self) -> list[Flowable]:
        s, data = self.s, self.data
        font = s.body.fontName
        rows = [(_("Supplier"), party_markup(data.supplier, s), True)]
        address = join_nonempty([data.supplier.address, data.supplier.city])
        if address:
            rows.append((_("Address"), markup(address, font), False))
        if data.supplier.npwp.strip():
            rows.append((_("NPWP"), markup(data.supplier.npwp, font), False))
        if data.supplier_bank.strip():
            rows.append((_("Bank account"), markup(data.supplier_bank, font), False))
        rows += [
            (_("Period"), escape(format_month(data.year, data.month)), True),
            (_("Balances as at"), escape(format_date_long(data.as_of)), False),
        ]
        parts: list[Flowable] = [
            title_block(s, self.width, _("SUPPLIER STATEMENT"), rows),
            Spacer(1, 4 * mm),
            key_figures(
                s,
                self.width,
                [
                    (_("Goods accepted"), format_rupiah(data.delivered_value)),
                    (_("Invoiced"), format_rupiah(data.invoiced)),
                    (_("Credited"), format_rupiah(data.credited)),
                    (_("Paid in the month"), format_rupiah(data.paid)),
                    (_("Still owed"), format_rupiah(data.outstanding)),
                ],
            ),
        ]
        parts += self._section(_("Deliveries"), self._deliveries(), _("No delivery in this month."))
        parts += self._section(
            _("Invoices"), self._invoices(), _("No invoice was issued for this month.")
        )
        if data.credit_notes:
            parts += self._section(_("Credit notes"), self._credit_notes(), "")
        parts += self._section(
            _("Payments received"), self._payments(), _("No payment was received in this month.")
        )
        parts += self._section(_("Still owed"), self._open(), _("Nothing is owed."))
        return parts

    def _section(self, heading: str, table: Flowable | None, empty: str) -> list[Flowable]:
        body = table if table is not None else Paragraph(escape(empty), self.s.body)
        return [Spacer(1, 5 * mm), CondPageBreak(25 * mm), section_heading(self.s, heading), body]

    def _deliveries(self) -> Flowable | None:
        data = self.data
        if not data.deliveries:
            return None
        columns = [
            Column(_("Date"), "right"),
            Column(_("Delivery note")),
            Column(_("Hotel"), flex=3, min_width=45 * mm),
            Column(_("Invoice")),
            Column(_("Accepted value"), "right"),
        ]
        rows: list[list[str | Cell]] = []
        for d in data.deliveries:
            invoice = d.invoice_number
            if d.status == "cancelled":
                invoice = _("Cancelled")
            elif not invoice:
                invoice = _("not invoiced yet")
            rows.append(
                [
                    format_date(d.delivery_date),
                    d.number,
                    d.hotel_name,
                    invoice,
                    format_rupiah(d.accepted_value),
                ]
            )
        return data_table(
            self.s,
            self.width,
            columns,
            rows,
            total=[_("Total"), "", "", "", format_rupiah(data.delivered_value)],
            total_label_span=2,
            weights=[3, 4, 10, 4, 4],
        )

    def _invoices(self) -> Flowable | None:
        data = self.data
        if not data.invoices:
            return None
        rows = [self._invoice_row(i) for i in data.invoices]
        total = sum(i.total for i in data.invoices)
        credited = sum(i.credited for i in data.invoices)
        paid = sum(i.paid for i in data.invoices)
        outstanding = sum(i.outstanding for i in data.invoices)
        return data_table(
            self.s,
            self.width,
            self._invoice_columns(),
            rows,
            total=[
                _("Total"),
                "",
                "",
                "",
                format_rupiah(total),
                format_rupiah(credited),
                format_rupiah(paid),
                format_rupiah(outstanding),
            ],
            total_label_span=3,
            weights=[4, 8, 3, 3, 4, 4, 4, 4],
        )

    def _invoice_columns(self) -> list[Column]:
        return [
            Column(_("Invoice")),
            Column(_("Hotel"), flex=3, min_width=35 * mm),
            Column(_("Issued"), "right"),
            Column(_("Due"), "right"),
            Column(_("Total"), "right"),
            Column(_("Credited"), "right"),
            Column(_("Paid"), "right"),
            Column(_("Outstanding"), "right"),
        ]

    def _invoice_row(self, i: StatementInvoice) -> list[str | Cell]:
        return [
            Cell(i.number, sub=_("Overdue") if i.overdue else ""),
            i.hotel_name,
            format_date(i.issue_date),
            format_date(i.due_date),
            format_rupiah(i.total),
            format_rupiah(i.credited),
            format_rupiah(i.paid),
            Cell(format_rupiah(i.outstanding), bold=i.overdue),
        ]

    def _credit_notes(self) -> Flowable:
        data = self.data
        columns = [
            Column(_("Credit note")),
            Column(_("Hotel"), flex=3, min_width=40 * mm),
            Column(_("Date"), "right"),
            Column(_("Corrects")),
            Column(_("Amount"), "right"),
        ]
        rows: Sequence[Sequence[str | Cell]] = [
            [
                c.number,
                c.hotel_name,
                format_date(c.issue_date),
                c.corrects_number,
                format_rupiah(c.total),
            ]
            for c in data.credit_notes
        ]
        return data_table(
            self.s,
            self.width,
            columns,
            rows,
            total=[_("Total"), "", "", "", format_rupiah(data.credited)],
            total_label_span=2,
            weights=[4, 10, 3, 4, 4],
        )

    def _payments(self) -> Flowable | None:
        data = self.data
        if not data.payments:
            return None
        columns = [
            Column(_("Receipt no.")),
            Column(_("Date"), "right"),
            Column(_("Hotel"), flex=3, min_width=35 * mm),
            Column(_("Invoice")),
            Column(_("Method"), flex=1, min_width=20 * mm),
            Column(_("Amount"), "right"),
        ]
        rows: Sequence[Sequence[str | Cell]] = [
            [
                p.number,
                format_date(p.paid_on),
                p.hotel_name,
                p.invoice_number,
                Cell(p.method, sub=p.reference),
                format_rupiah(p.amount),
            ]
            for p in data.payments
        ]
        return data_table(
            self.s,
            self.width,
            columns,
            rows,
            total=[_("Total"), "", "", "", "", format_rupiah(data.paid)],
            total_label_span=3,
            weights=[4, 3, 9, 4, 4, 4],
        )

    def _open(self) -> Flowable | None:
        data = self.data
        if not data.open_invoices:
            return None
        columns = [
            Column(_("Invoice")),
            Column(_("Hotel"), flex=3, min_width=35 * mm),
            Column(_("Period")),
            Column(_("Due"), "right"),
            Column(_("State")),
            Column(_("Outstanding"), "right"),
        ]
        rows: Sequence[Sequence[str | Cell]] = [
            [
                i.number,
                i.hotel_name,
                format_month(i.year, i.month),
                format_date(i.due_date),
                Cell(
                    state_label(
                        "overdue"
                        if i.overdue
                        else "partly_paid"
                        if i.paid or i.credited
                        else "unpaid"
                    ),
                    bold=i.overdue,
                ),
                format_rupiah(i.outstanding),
            ]
            for i in data.open_invoices
        ]
        return data_table(
            self.s,
            self.width,
            columns,
            rows,
            total=[_("Total"), "", "", "", "", format_rupiah(data.outstanding)],
            total_label_span=4,
            weights=[4, 9, 4, 3, 3, 4],
        )
