"""Rekap Tagihan: every supplier's invoice of a month for one hotel.

Plain :class:`HotelRecapData` in, PDF bytes out (SPEC section 4). One row per
invoice (number, supplier, dates, subtotal, PPN, total, credited, paid,
outstanding, state) with the delivery notes it bills and the credit notes
against it listed compactly underneath, so an accountant can tick every line
against the delivery notes; column totals and the month's key figures. A4
landscape, one copy; the same data gives the same bytes.
"""

from __future__ import annotations

from reportlab.lib.units import mm
from reportlab.platypus import Flowable, KeepTogether, Spacer, Table

from hotel_supply.documents.common import (
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
)
from hotel_supply.documents.invoice_data import HotelRecapData, RecapInvoice
from hotel_supply.documents.month_common import (
    Cell,
    compact_numbers,
    data_table,
    key_figures,
    landscape_of,
    party_markup,
    section_heading,
    signature_block,
    title_block,
)
from hotel_supply.documents.text import Paragraph
from hotel_supply.formatting import format_date, format_date_long, format_month, format_rupiah
from hotel_supply.i18n import _, ngettext

__all__ = ["render_hotel_recap", "state_label"]


def state_label(state: str) -> str:
    """How a payment state prints in the month-end documents."""
    return {
        "unpaid": _("Unpaid"),
        "partly_paid": _("Partly paid"),
        "paid": _("Paid in full"),
        "overdue": _("Overdue"),
        "overpaid": _("Overpaid: refund due"),
        "cancelled": _("Cancelled"),
    }.get(state, state)


def render_hotel_recap(data: HotelRecapData, *, page_size: str = "A4") -> bytes:
    """The hotel's monthly recap as PDF bytes, landscape on ``page_size`` (A4, A5 or F4)."""
    geometry = page_geometry(landscape_of(page_size))
    styles = document_styles(geometry.name)
    title = _("Invoice recap")
    period = format_month(data.year, data.month)
    letterhead = Letterhead(
        organisation=data.organisation,
        document_title=join_nonempty([title, data.hotel.name], " · "),
        document_number=period,
        printed_at=data.printed_at,
        made_by=data.made_by,
    )
    layout = _RecapLayout(data, styles, geometry.content_width)
    return build_pdf(
        lambda _copy: layout.story(),
        letterhead=letterhead,
        page_size=landscape_of(page_size),
        copies=("ASLI",),
        title=join_nonempty([title, data.hotel.name, period], " "),
        subject=data.hotel.name,
    )


class _RecapLayout:
    def __init__(self, data: HotelRecapData, styles: DocumentStyles, width: float) -> None:
        self.data = data
        self.s = styles
        self.width = width

    def story(self) -> list[Flowable]:
        s, data = self.s, self.data
        rows = [(_("Hotel"), party_markup(data.hotel, s), True)]
        if data.hotel.contact.strip():
            rows.append((_("Billing name"), markup(data.hotel.contact, s.body.fontName), False))
        if data.hotel.npwp.strip():
            rows.append((_("NPWP"), markup(data.hotel.npwp, s.body.fontName), False))
        rows += [
            (_("Period"), escape(format_month(data.year, data.month)), True),
            (_("Credits and payments up to"), escape(format_date_long(data.as_of)), False),
        ]
        parts: list[Flowable] = [
            title_block(s, self.width, _("INVOICE RECAP"), rows),
            Spacer(1, 4 * mm),
            key_figures(s, self.width, self._figures()),
            Spacer(1, 5 * mm),
            section_heading(s, _("Invoices of the month")),
        ]
        # What follows the table closes the recap: the signatures sign the totals, so
        # they never stand alone on a page; the last invoices go over with them.
        closing: list[Flowable] = []
        if data.invoices:
            closing += [
                Spacer(1, 1.5 * mm),
                Paragraph(
                    escape(
                        _(
                            "Under each invoice: the delivery notes it bills (SJ) and the credit "
                            "notes against it (NK). Cancelled invoices count in no total."
                        )
                    ),
                    s.small,
                ),
            ]
        else:
            parts.append(Paragraph(escape(_("No invoice was issued for this month.")), s.body))
        if data.draft_count:
            closing += [
                Spacer(1, 2 * mm),
                Paragraph(
                    "<b>"
                    + escape(
                        ngettext(
                            "{n} invoice of this month is still a draft and is not in this recap.",
                            "{n} invoices of this month are still drafts and are not in this "
                            "recap.",
                            data.draft_count,
                        ).format(n=data.draft_count)
                    )
                    + "</b>",
                    s.body,
                ),
            ]
        closing += [
            Spacer(1, 8 * mm),
            signature_block(
                s,
                self.width,
                [
                    (_("Prepared by"), data.organisation.name, ""),
                    (_("Checked by"), data.hotel.contact or data.hotel.name, ""),
                ],
                space=16 * mm,
            ),
        ]
        if data.invoices:
            # the last two invoices and the totals row go over with the signatures
            parts.append(TableWithClosing(self._table(), closing, keep_rows=3))
        else:
            parts.append(KeepTogether(closing))
        return parts

    def _figures(self) -> list[tuple[str, str]]:
        t, data = self.data.totals, self.data
        live = sum(1 for i in data.invoices if i.status != "cancelled")
        return [
            (_("Invoices"), str(live)),
            (_("Total billed"), format_rupiah(t.total)),
            (_("Credited"), format_rupiah(t.credited)),
            (_("Paid"), format_rupiah(t.paid)),
            (_("Outstanding"), format_rupiah(t.outstanding)),
        ]

    def _table(self) -> Table:
        s, data = self.s, self.data
        columns = [
            Column(_("No."), "right"),
            Column(_("Invoice"), max_width=34 * mm),
            Column(_("Supplier"), flex=3, min_width=55 * mm),
            Column(_("Issued"), "right"),
            Column(_("Due"), "right"),
            Column(_("Subtotal"), "right"),
            Column(_("PPN"), "right"),
            Column(_("Total"), "right"),
            Column(_("Credited"), "right"),
            Column(_("Paid"), "right"),
            Column(_("Outstanding"), "right"),
            Column(_("State")),
        ]
        rows = [self._row(i, invoice) for i, invoice in enumerate(data.invoices, start=1)]
        t = data.totals
        total = [
            _("Total"),
            "",
            "",
            "",
            "",
            format_rupiah(t.subtotal),
            format_rupiah(t.ppn),
            format_rupiah(t.total),
            format_rupiah(t.credited),
            format_rupiah(t.paid),
            format_rupiah(t.outstanding),
            "",
        ]
        return data_table(
            s,
            self.width,
            columns,
            rows,
            total=total,
            total_label_span=4,
            weights=[2, 7, 14, 4, 4, 5, 5, 5, 5, 5, 5, 4],
        )

    def _row(self, no: int, invoice: RecapInvoice) -> list[str | Cell]:
        refs = []
        if invoice.delivery_numbers:
            refs.append("SJ: " + compact_numbers(invoice.delivery_numbers))
        if invoice.credit_notes:
            refs.append("NK: " + compact_numbers(invoice.credit_notes))
        cancelled = invoice.status == "cancelled"
        money = [invoice.subtotal, invoice.ppn, invoice.total, invoice.credited, invoice.paid]
        return [
            str(no),
            Cell(invoice.number, bold=not cancelled),
            Cell(invoice.supplier_name, sub="\n".join(refs)),
            format_date(invoice.issue_date),
            format_date(invoice.due_date),
            *[format_rupiah(m) for m in money],
            Cell(format_rupiah(invoice.outstanding), bold=invoice.outstanding > 0),
            Cell(state_label(invoice.state), bold=invoice.state == "overdue"),
        ]
