"""Supplier statement of account: what the partner hotels owe one UMKM, for a month.

Plain :class:`SupplierStatementData` in, PDF bytes out (SPEC section 4). It adds
up on its face, so it can be ticked with a pencil: the key figures read opening
balance + invoices − credit notes − payments + refunds = closing balance; the
account's lines carry a running balance from the opening to the closing one;
the ageing and the open invoices each add up to the closing balance. Then the
month's deliveries, rejected or cancelled ones named as such. A4 portrait, one
copy; the same data gives the same bytes.
"""

from __future__ import annotations

from reportlab.lib.enums import TA_RIGHT
from reportlab.lib.units import mm
from reportlab.platypus import (
    CondPageBreak,
    Flowable,
    KeepTogether,
    Spacer,
    Table,
    TableStyle,
)

from hotel_supply.documents.common import (
    ACCENT,
    RULE,
    TINT,
    Column,
    DocumentStyles,
    Letterhead,
    TableWithClosing,
    build_pdf,
    document_styles,
    escape,
    join_nonempty,
    markup,
    page_geometry,
    replace_style,
)
from hotel_supply.documents.month_common import (
    Cell,
    data_table,
    grid_commands,
    header_cells,
    party_markup,
    section_heading,
    title_block,
    total_row_commands,
)
from hotel_supply.documents.statement_data import (
    CREDIT_NOTE,
    INVOICE,
    PAYMENT,
    REFUND,
    OpenInvoice,
    StatementEntry,
    SupplierStatementData,
)
from hotel_supply.documents.text import Paragraph
from hotel_supply.formatting import format_date, format_date_long, format_month, format_rupiah
from hotel_supply.i18n import _

__all__ = ["entry_kind_label", "render_supplier_statement"]


def entry_kind_label(kind: str) -> str:
    """What a line of the account is, as printed under its number."""
    return {
        INVOICE: _("Invoice"),
        CREDIT_NOTE: _("Credit note"),
        PAYMENT: _("Payment received"),
        REFUND: _("Refund to hotel"),
    }.get(kind, kind)


def render_supplier_statement(data: SupplierStatementData, *, page_size: str = "A4") -> bytes:
    """The supplier statement of account as PDF bytes (A4)."""
    geometry = page_geometry(page_size)
    styles = document_styles(geometry.name)
    title = _("Supplier statement")
    period = format_month(data.year, data.month)
    letterhead = Letterhead(
        organisation=data.organisation,
        document_title=join_nonempty([title, data.supplier.name], " · "),
        document_number=period,
        printed_at=data.printed_at,
        made_by=data.made_by,
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
        parts: list[Flowable] = [
            self._title(),
            Spacer(1, 2 * mm),
            *[Paragraph(escape(note), s.small) for note in self._notes()],
        ]
        parts += self._section(_("Account for the period"), self._entries())
        if not data.entries:
            nothing = _("No invoice, credit note or payment in this period.")
            parts += [Spacer(1, 1.5 * mm), Paragraph(escape(nothing), s.body)]
        parts += self._section(
            _("Ageing of the closing balance on {date}").format(date=format_date(data.as_of)),
            self._ageing(),
            keep=True,
        )
        parts += self._section(
            _("Open invoices on {date}").format(date=format_date(data.as_of)),
            self._open()
            or Paragraph(escape(_("No invoice is open: the hotels owe nothing.")), s.body),
            keep=len(data.open_invoices) <= 20,
        )
        table = self._deliveries()
        note: list[Flowable] = []
        if data.awaiting_invoice_value:
            note = [
                Spacer(1, 1.5 * mm),
                Paragraph(
                    escape(
                        _(
                            "Accepted but not invoiced yet: {amount} before PPN. It is not "
                            "part of the balance until it is invoiced."
                        ).format(amount=format_rupiah(data.awaiting_invoice_value))
                    ),
                    s.small,
                ),
            ]
        # The note that reads the table's total never stands alone on a last page.
        body: Flowable
        if table is None:
            body = Paragraph(escape(_("No delivery in this month.")), s.body)
        elif note and isinstance(table, Table):
            body, note = TableWithClosing(table, note, keep_rows=3), []
        else:
            body = table
        parts += self._section(_("Deliveries of the month"), body)
        parts += note
        return parts

    def _section(self, heading: str, body: Flowable, *, keep: bool = False) -> list[Flowable]:
        """A heading over its body; ``keep``: a short body moves whole to the next page
        rather than leave its totals row alone there."""
        parts: list[Flowable] = [section_heading(self.s, heading), body]
        return [
            Spacer(1, 5 * mm),
            CondPageBreak(25 * mm),
            *([KeepTogether(parts)] if keep else parts),
        ]

    # ----------------------------------------------------------------------- head

    def _title(self) -> Flowable:
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
            (_("Statement date"), escape(format_date_long(data.as_of)), False),
        ]
        summary_width = 80 * mm
        return title_block(
            s,
            self.width,
            _("SUPPLIER STATEMENT OF ACCOUNT"),
            rows,
            right=[self._summary(summary_width)],
            right_width=summary_width,
        )

    def _summary(self, width: float) -> Flowable:
        """The account in six figures, one under the other so a pencil can add them:
        opening + invoices − credit notes − payments + refunds = closing."""
        s, data = self.s, self.data
        label = replace_style(s.body, "summary_label", leading=s.body.fontSize * 1.25)
        bold = replace_style(s.body_bold, "summary_bold", leading=label.leading)
        value = replace_style(label, "summary_value", alignment=TA_RIGHT)
        total = replace_style(bold, "summary_total", alignment=TA_RIGHT)
        lines = [
            (
                "",
                _("Opening balance {date}").format(date=format_date(data.period_start)),
                data.opening_balance,
            ),
            ("+", _("Invoices"), data.invoiced),
            ("−", _("Credit notes"), data.credited),
            ("−", _("Payments received"), data.received),
            ("+", _("Refunds paid back"), data.refunded),
            (
                "=",
                _("Closing balance {date}").format(date=format_date(data.as_of)),
                data.closing_balance,
            ),
        ]
        last = len(lines) - 1
        rows = [
            [
                Paragraph(escape(sign), bold if i == last else label),
                Paragraph(escape(text), bold if i == last else label),
                Paragraph(escape(format_rupiah(amount)), total if i == last else value),
            ]
            for i, (sign, text, amount) in enumerate(lines)
        ]
        amount_width = 30 * mm
        table = Table(rows, colWidths=[6 * mm, width - 6 * mm - amount_width, amount_width])
        pad = 2.2 * mm
        table.setStyle(
            TableStyle(
                [
                    ("BOX", (0, 0), (-1, -1), 0.6, RULE),
                    ("VALIGN", (0, 0), (-1, -1), "TOP"),
                    ("LEFTPADDING", (0, 0), (-1, -1), 0),
                    ("RIGHTPADDING", (0, 0), (-1, -1), 0),
                    ("LEFTPADDING", (0, 0), (0, -1), pad),
                    ("RIGHTPADDING", (-1, 0), (-1, -1), pad),
                    ("TOPPADDING", (0, 0), (-1, -1), 0.6),
                    ("BOTTOMPADDING", (0, 0), (-1, -1), 0.6),
                    ("TOPPADDING", (0, 0), (-1, 0), pad * 0.8),
                    ("BOTTOMPADDING", (0, last - 1), (-1, last - 1), pad * 0.6),
                    ("LINEABOVE", (0, last), (-1, last), 0.8, ACCENT),
                    ("BACKGROUND", (0, last), (-1, last), TINT),
                    ("TOPPADDING", (0, last), (-1, last), pad * 0.6),
                    ("BOTTOMPADDING", (0, last), (-1, last), pad * 0.8),
                ]
            )
        )
        return table

    def _notes(self) -> list[str]:
        data = self.data
        notes = [
            _("Invoice and credit-note amounts include PPN.")
            if data.supplier_is_pkp
            else _("This UMKM is not PKP: its invoices carry no PPN."),
        ]
        if data.closing_balance < 0:
            notes.append(
                _(
                    "The closing balance is below zero: the hotels paid more than they owe, "
                    "and the difference is owed back to them."
                )
            )
        return notes

    # ----------------------------------------------------------------------- the account

    def _entries(self) -> Flowable:
        data = self.data
        columns = [
            Column(_("Date"), "right"),
            Column(_("Document")),
            Column(_("Hotel"), flex=2, min_width=28 * mm),
            Column(_("Details"), flex=3, min_width=32 * mm),
            Column(_("Debit (+)"), "right", min_width=20 * mm),
            Column(_("Credit (−)"), "right", min_width=20 * mm),
            Column(_("Balance"), "right", min_width=20 * mm),
        ]
        rows: list[list[str | Cell]] = [
            [
                format_date(data.period_start),
                Cell(_("Opening balance"), bold=True),
                "",
                "",
                "",
                "",
                Cell(format_rupiah(data.opening_balance), bold=True),
            ]
        ]
        rows += [self._entry_row(e) for e in data.entries]
        debit = data.invoiced + data.refunded
        credit = data.credited + data.received
        return data_table(
            self.s,
            self.width,
            columns,
            rows,
            total=[
                _("Closing balance {date}").format(date=format_date(data.as_of)),
                "",
                "",
                "",
                format_rupiah(debit),
                format_rupiah(credit),
                format_rupiah(data.closing_balance),
            ],
            total_label_span=3,
            weights=[3, 5, 6, 7, 4, 4, 4],
        )

    def _entry_row(self, e: StatementEntry) -> list[str | Cell]:
        if e.kind == INVOICE:
            details = Cell(
                _("Bills {month}").format(month=format_month(e.billed_year, e.billed_month)),
                sub=_("due {date}").format(date=format_date(e.due_date)) if e.due_date else "",
            )
        elif e.kind == CREDIT_NOTE:
            details = Cell(_("Corrects {invoice}").format(invoice=e.invoice_number))
        elif e.kind == PAYMENT:
            details = Cell(
                _("For {invoice}").format(invoice=e.invoice_number),
                sub=join_nonempty([e.method, e.reference], " · "),
            )
        else:
            details = Cell(
                _("Paid back for {invoice}").format(invoice=e.invoice_number),
                sub=join_nonempty([e.method, e.reference], " · "),
            )
        return [
            format_date(e.day),
            Cell(e.number, sub=entry_kind_label(e.kind)),
            e.hotel_name,
            details,
            format_rupiah(e.debit) if e.debit else "",
            format_rupiah(e.credit) if e.credit else "",
            format_rupiah(e.balance),
        ]

    # ----------------------------------------------------------------------- what is open

    def _ageing(self) -> Flowable:
        a = self.data.ageing
        columns = [
            Column(_("Not yet due"), "right"),
            Column(_("1–30 days"), "right"),
            Column(_("31–60 days"), "right"),
            Column(_("61–90 days"), "right"),
            Column(_("Over 90 days"), "right"),
            Column(_("Overpaid (credit)"), "right"),
            Column(_("Total"), "right"),
        ]
        figures = (a.not_due, a.days_1_30, a.days_31_60, a.days_61_90, a.over_90, a.credit)
        row = [Paragraph(escape(format_rupiah(x)), self.s.cell_right) for x in figures]
        row.append(Paragraph(escape(format_rupiah(a.total)), self.s.cell_total_right))
        # Equal columns, so the buckets read as one scale from "not yet due" to the total.
        table = Table(
            [header_cells(self.s, columns), row],
            colWidths=[self.width / len(columns)] * len(columns),
        )
        table.setStyle(TableStyle([*grid_commands(self.s), *total_row_commands(1)]))
        return table

    def _open(self) -> Flowable | None:
        data = self.data
        if not data.open_invoices:
            return None
        columns = [
            Column(_("Invoice")),
            Column(_("Hotel"), flex=3, min_width=25 * mm),
            Column(_("Issued"), "right"),
            Column(_("Due"), "right"),
            Column(_("Total"), "right"),
            Column(_("Credited"), "right"),
            Column(_("Paid (net)"), "right"),
            Column(_("Balance due"), "right"),
            Column(_("Days overdue"), "right"),
        ]
        rows = [self._open_row(i) for i in data.open_invoices]
        invoices = data.open_invoices
        return data_table(
            self.s,
            self.width,
            columns,
            rows,
            total=[
                _("Total"),
                "",
                "",
                "",
                format_rupiah(sum(i.total for i in invoices)),
                format_rupiah(sum(i.credited for i in invoices)),
                format_rupiah(sum(i.paid for i in invoices)),
                format_rupiah(sum(i.open for i in invoices)),
                "",
            ],
            total_label_span=3,
            weights=[5, 6, 3, 3, 4, 4, 4, 4, 3],
        )

    def _open_row(self, i: OpenInvoice) -> list[str | Cell]:
        late = i.days_overdue > 0 and not i.overpaid
        return [
            i.number,
            i.hotel_name,
            format_date(i.issue_date),
            format_date(i.due_date),
            format_rupiah(i.total),
            format_rupiah(i.credited),
            format_rupiah(i.paid),
            Cell(format_rupiah(i.open), sub=_("overpaid") if i.overpaid else "", bold=late),
            Cell(str(i.days_overdue), bold=True) if late else "",
        ]

    # ----------------------------------------------------------------------- deliveries

    def _deliveries(self) -> Flowable | None:
        data = self.data
        if not data.deliveries:
            return None
        columns = [
            Column(_("Date"), "right"),
            Column(_("Delivery note")),
            Column(_("Hotel"), flex=3, min_width=40 * mm),
            Column(_("Invoice")),
            Column(_("Accepted value (before PPN)"), "right"),
        ]
        rows: list[list[str | Cell]] = []
        for d in data.deliveries:
            if d.status == "cancelled":
                invoice, value = "", _("Cancelled")
            elif d.status == "rejected":
                invoice, value = "", _("Rejected in full")
            else:
                invoice = d.invoice_number or _("not invoiced yet")
                value = format_rupiah(d.accepted_value)
            rows.append([format_date(d.delivery_date), d.number, d.hotel_name, invoice, value])
        return data_table(
            self.s,
            self.width,
            columns,
            rows,
            total=[_("Total"), "", "", "", format_rupiah(data.delivered_value)],
            total_label_span=2,
            weights=[3, 4, 10, 4, 5],
        )
