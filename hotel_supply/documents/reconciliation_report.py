"""Laporan rekonsiliasi: the month-end reconciliation on paper (SPEC section 5).

Drawn straight from :class:`~hotel_supply.services.reconciliation.Reconciliation`
(already plain data): key figures, then per supplier and hotel ordered,
delivered, accepted and rejected value, invoiced, credited, paid and
outstanding; the per-product lines (compact); book stock against the counts;
and every exception. A4 landscape, one copy; the same data gives the same bytes.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from decimal import Decimal

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
    page_geometry,
)
from hotel_supply.documents.data import Organisation
from hotel_supply.documents.month_common import (
    Cell,
    data_table,
    key_figures,
    landscape_of,
    section_heading,
    title_block,
)
from hotel_supply.formatting import (
    format_date,
    format_datetime,
    format_month,
    format_qty,
    format_rupiah,
)
from hotel_supply.i18n import _
from hotel_supply.models.enums import label
from hotel_supply.services.reconciliation import Reconciliation

__all__ = ["render_reconciliation"]


def render_reconciliation(
    recon: Reconciliation,
    *,
    organisation: Organisation,
    printed_at: dt.datetime | None,
    made_by: str = "",
    page_size: str = "A4",
) -> bytes:
    """The reconciliation report as PDF bytes, landscape on ``page_size`` (A4, A5 or F4)."""
    geometry = page_geometry(landscape_of(page_size))
    styles = document_styles(geometry.name)
    title = _("Reconciliation")
    period = format_month(recon.year, recon.month)
    scope = recon.hotel_name or _("All hotels")
    letterhead = Letterhead(
        organisation=organisation,
        document_title=join_nonempty([title, scope], " · "),
        document_number=period,
        printed_at=printed_at,
        made_by=made_by,
    )
    layout = _ReconLayout(recon, styles, geometry.content_width)
    return build_pdf(
        lambda _copy: layout.story(),
        letterhead=letterhead,
        page_size=landscape_of(page_size),
        copies=("ASLI",),
        title=join_nonempty([title, scope, period], " "),
        subject=scope,
    )


def _percent(value: Decimal | None) -> str:
    return "—" if value is None else f"{format_qty(value)}%"


class _ReconLayout:
    def __init__(self, recon: Reconciliation, styles: DocumentStyles, width: float) -> None:
        self.r = recon
        self.s = styles
        self.width = width

    def story(self) -> list[Flowable]:
        s, r = self.s, self.r
        rows = [
            (_("Period"), escape(format_month(r.year, r.month)), True),
            (_("Hotel"), escape(r.hotel_name or _("All hotels")), True),
            (_("Figures as at"), escape(format_datetime(r.made_at)), False),
        ]
        parts: list[Flowable] = [
            title_block(s, self.width, _("MONTH-END RECONCILIATION"), rows),
            Spacer(1, 4 * mm),
            key_figures(s, self.width, self._figures()),
        ]
        parts += self._section(
            _("Per supplier"), self._suppliers(), _("Nothing was ordered, delivered or invoiced.")
        )
        parts += self._section(_("Exceptions"), self._exceptions(), _("No exception."))
        parts += self._section(
            _("Book stock against the counts"),
            self._stock(),
            _("No count of the month found a difference."),
        )
        parts += self._section(
            _("Per product"), self._products(), _("Nothing was ordered or delivered.")
        )
        return parts

    def _figures(self) -> list[tuple[str, str]]:
        t = self.r.totals
        return [
            (_("Accepted"), format_rupiah(t.get("accepted_value", 0))),
            (_("Rejected"), format_rupiah(t.get("rejected_value", 0))),
            (_("Fill rate (mean of products)"), _percent(self.r.fill_rate)),
            (_("Invoiced incl. PPN"), format_rupiah(t.get("invoiced", 0))),
            (_("Credited incl. PPN"), format_rupiah(t.get("credited", 0))),
            (_("Paid (net of refunds)"), format_rupiah(t.get("paid", 0))),
            (_("Outstanding"), format_rupiah(t.get("outstanding", 0))),
            (_("Not invoiced"), format_rupiah(t.get("not_invoiced", 0))),
            (
                _("Exceptions to review"),
                _("{n} items").format(n=format_qty(len(self.r.exceptions))),
            ),
        ]

    def _section(self, heading: str, table: Flowable | None, empty: str) -> list[Flowable]:
        body = table if table is not None else Paragraph(escape(empty), self.s.body)
        return [Spacer(1, 5 * mm), CondPageBreak(25 * mm), section_heading(self.s, heading), body]

    def _suppliers(self) -> Flowable | None:
        lines = self.r.suppliers
        if not lines:
            return None
        many_hotels = len({x.hotel_name for x in lines}) > 1 or not self.r.hotel_name
        columns = [
            Column(_("Supplier"), flex=3, min_width=50 * mm),
            Column(_("Products"), "right"),
            Column(_("Fill rate"), "right"),
            Column(_("Accepted value"), "right"),
            Column(_("Rejected value"), "right"),
            Column(_("Invoiced incl. PPN"), "right"),
            Column(_("Credited incl. PPN"), "right"),
            Column(_("Received"), "right"),
            Column(_("Refunded"), "right"),
            Column(_("Outstanding"), "right"),
        ]
        rows: Sequence[Sequence[str | Cell]] = [
            [
                Cell(x.supplier_name, sub=x.hotel_name if many_hotels else ""),
                str(x.products),
                _percent(x.fill_rate),
                format_rupiah(x.accepted_value),
                format_rupiah(x.rejected_value),
                format_rupiah(x.invoiced),
                format_rupiah(x.credited),
                format_rupiah(x.received),
                format_rupiah(x.refunded) if x.refunded else "",
                Cell(format_rupiah(x.outstanding), bold=x.outstanding != 0),
            ]
            for x in lines
        ]
        total = [
            _("Total"),
            "",
            "",
            format_rupiah(sum(x.accepted_value for x in lines)),
            format_rupiah(sum(x.rejected_value for x in lines)),
            format_rupiah(sum(x.invoiced for x in lines)),
            format_rupiah(sum(x.credited for x in lines)),
            format_rupiah(sum(x.received for x in lines)),
            format_rupiah(sum(x.refunded for x in lines)),
            format_rupiah(sum(x.outstanding for x in lines)),
        ]
        return data_table(
            self.s,
            self.width,
            columns,
            rows,
            total=total,
            weights=[12, 2, 3, 4, 4, 4, 4, 4, 3, 4],
        )

    def _products(self) -> Flowable | None:
        lines = self.r.products
        if not lines:
            return None
        columns = [
            Column(_("Product"), flex=3, min_width=55 * mm),
            Column(_("Unit"), max_width=12 * mm),
            Column(_("Ordered"), "right"),
            Column(_("Delivered"), "right"),
            Column(_("Accepted"), "right"),
            Column(_("Rejected"), flex=1, min_width=22 * mm),
            Column(_("Fill rate"), "right"),
            Column(_("Accepted value"), "right"),
            Column(_("Invoiced qty"), "right"),
            Column(_("Invoiced excl. PPN"), "right"),
            Column(_("Credited excl. PPN"), "right"),
        ]
        rows: Sequence[Sequence[str | Cell]] = [
            [
                Cell(
                    p.product_name,
                    prefix=p.product_code,
                    sub=join_nonempty(
                        [p.supplier_name, p.hotel_name if not self.r.hotel_name else ""], " · "
                    ),
                ),
                label(p.unit),
                format_qty(p.ordered),
                format_qty(p.delivered),
                format_qty(p.accepted),
                Cell(
                    format_qty(p.rejected) if p.rejected else "",
                    sub=p.rejection_reasons,
                    bold=p.rejected > 0,
                ),
                _percent(p.fill_rate),
                format_rupiah(p.accepted_value),
                Cell(format_qty(p.invoiced_qty), bold=p.invoiced_qty != p.accepted),
                format_rupiah(p.invoiced_value),
                format_rupiah(p.credited_value) if p.credited_value else "",
            ]
            for p in lines
        ]
        total = [
            "",
            "",
            "",
            "",
            "",
            "",
            "",
            format_rupiah(sum(p.accepted_value for p in lines)),
            "",
            format_rupiah(sum(p.invoiced_value for p in lines)),
            format_rupiah(sum(p.credited_value for p in lines)),
        ]
        total[0] = _("Total")
        return data_table(
            self.s,
            self.width,
            columns,
            rows,
            total=total,
            weights=[14, 2, 3, 3, 3, 5, 3, 4, 3, 4, 4],
        )

    def _stock(self) -> Flowable | None:
        checks = self.r.stock_checks
        if not checks:
            return None
        columns = [
            Column(_("Count")),
            Column(_("Date"), "right"),
            Column(_("Product"), flex=3, min_width=50 * mm),
            Column(_("Unit"), max_width=12 * mm),
            Column(_("Book"), "right"),
            Column(_("Counted"), "right"),
            Column(_("Difference"), "right"),
            Column(_("Value"), "right"),
        ]
        rows: Sequence[Sequence[str | Cell]] = [
            [
                Cell(c.count_number, sub=c.hotel_name if not self.r.hotel_name else ""),
                format_date(c.count_date),
                c.product_name,
                label(c.unit),
                format_qty(c.book),
                format_qty(c.counted),
                Cell(("+" if c.variance > 0 else "") + format_qty(c.variance), bold=True),
                format_rupiah(c.variance_value),
            ]
            for c in checks
        ]
        total = [
            _("Total"),
            "",
            "",
            "",
            "",
            "",
            "",
            format_rupiah(sum(c.variance_value for c in checks)),
        ]
        return data_table(
            self.s, self.width, columns, rows, total=total, weights=[5, 3, 14, 2, 3, 3, 3, 4]
        )

    def _exceptions(self) -> Flowable | None:
        found = self.r.exceptions
        if not found:
            return None
        columns = [
            Column(_("No."), "right"),
            Column(_("Exception"), max_width=45 * mm),
            Column(_("Date"), "right"),
            Column(_("Hotel"), flex=1.2, min_width=30 * mm),
            Column(_("Supplier"), flex=1.2, min_width=30 * mm),
            Column(_("Details"), flex=3, min_width=60 * mm),
            Column(_("Amount"), "right"),
        ]
        rows: Sequence[Sequence[str | Cell]] = [
            [
                str(i),
                Cell(e.title, bold=True),
                format_date(e.day),
                e.hotel_name,
                e.supplier_name,
                e.description,
                format_rupiah(e.amount) if e.amount else "",
            ]
            for i, e in enumerate(found, start=1)
        ]
        return data_table(self.s, self.width, columns, rows, weights=[2, 8, 3, 6, 6, 14, 4])
