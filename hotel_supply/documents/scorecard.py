"""The UMKM scorecard (Rapor UMKM): plain :class:`Scorecard` in, PDF bytes out.

What a coach hands the UMKM: the period's key figures beside the same period a
year before, the value each hotel accepted and what was billed for it (before
PPN, PPN, with PPN), each product's orders, deliveries, fill rate and sales,
rejections by reason, price changes, certificates with their expiry, and a
twelve-month chart of accepted value with its figures printed under it. A4, one
copy; the same data gives the same bytes.
"""

from __future__ import annotations

from decimal import Decimal

from reportlab.lib.units import mm
from reportlab.platypus import CondPageBreak, Flowable, Paragraph, Spacer, Table, TableStyle

from hotel_supply.documents.charts import vertical_bars
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
from hotel_supply.documents.month_common import (
    Cell,
    data_table,
    party_markup,
    section_heading,
    stack,
    tight_commands,
    title_block,
)
from hotel_supply.formatting import (
    format_date,
    format_date_long,
    format_month,
    format_number,
    format_qty,
    format_rupiah,
)
from hotel_supply.i18n import _
from hotel_supply.models.enums import label
from hotel_supply.services.scorecard import Scorecard, TrendMonth
from hotel_supply.services.umkm_figures import change_percent

__all__ = ["render_scorecard", "trend_chart"]


def percent_text(value: Decimal | None) -> str:
    return "—" if value is None else f"{format_number(value)}%"


def change_text(value: Decimal | None) -> str:
    if value is None:
        return "—"
    sign = "+" if value > 0 else ("−" if value < 0 else "±")
    return f"{sign}{format_number(abs(value))}%"


def month_short(year: int, month: int) -> str:
    """"Okt 26": a month under a chart's column."""
    name = format_month(year, month).split()[0]
    return f"{name[:3]} {year % 100:02d}"


def render_scorecard(card: Scorecard, *, page_size: str = "A4") -> bytes:
    """The scorecard as PDF bytes, portrait on ``page_size`` (A4, A5 or F4)."""
    geometry = page_geometry(page_size)
    styles = document_styles(geometry.name)
    title = _("UMKM scorecard")
    letterhead = Letterhead(
        organisation=card.organisation,
        document_title=join_nonempty([title, card.supplier.name], " · "),
        document_number=card.period.label,
        printed_at=card.printed_at,
    )
    layout = _ScorecardLayout(card, styles, geometry.content_width)
    return build_pdf(
        lambda _copy: layout.story(),
        letterhead=letterhead,
        page_size=geometry.name,
        copies=("ASLI",),
        title=join_nonempty([title, card.supplier.name, card.period.label], " "),
        subject=card.supplier.name,
    )


def trend_chart(card: Scorecard, width: float, height: float = 36 * mm) -> Flowable:
    """The accepted value of each of the twelve months, as columns (their figures are in
    the table under them)."""
    return vertical_bars(width, height, [month_short(t.year, t.month) for t in card.trend],
                         [t.accepted for t in card.trend], value_labels=False)


class _ScorecardLayout:
    def __init__(self, card: Scorecard, styles: DocumentStyles, width: float) -> None:
        self.c = card
        self.s = styles
        self.width = width

    def story(self) -> list[Flowable]:
        s, c = self.s, self.c
        rows = [
            (_("UMKM"), party_markup(c.supplier, s), True),
            (_("Category"), escape(label(c.category)), False),
            (_("Period"), escape(_("{period}, beside {before}").format(
                period=c.period.label, before=c.before.label)), True),
            (_("PPN"), escape(_("Charges PPN (PKP)") if c.is_pkp else _("Not a PKP: no PPN")),
             False),
        ]
        if c.coaching_start is not None:
            rows.append((_("Coached since"), escape(format_date_long(c.coaching_start)), False))
        # the key figures, and beside them the twelve months as a chart; the months'
        # figures in a table under both
        gap = 5 * mm
        left = self.width * 0.6
        right = self.width - left - gap
        key = stack([section_heading(s, _("Key figures")), self._key_table(left)], left)
        chart = stack([section_heading(s, _("Accepted value, last 12 months (before PPN)")),
                       trend_chart(c, right, 62 * mm)], right)
        top = Table([[key, "", chart]], colWidths=[left, gap, right])
        top.setStyle(TableStyle(tight_commands()))
        parts: list[Flowable] = [
            title_block(s, self.width, _("UMKM SCORECARD"), rows),
            Spacer(1, 4 * mm),
            top,
            Spacer(1, 1.5 * mm),
            self._trend_table(),
        ]
        parts += self._section(_("Value by hotel"), self._hotels(),
                               _("No hotel accepted anything in this period."))
        parts += self._section(_("Products: orders, deliveries and sales"), self._products(),
                               _("Nothing was ordered or sold in this period."))
        parts += self._section(_("Rejections by reason"), self._rejections(),
                               _("Nothing was rejected in this period."))
        parts += self._section(_("Price changes"), self._prices(),
                               _("No contract price changed in this period."))
        parts += self._section(_("Certificates"), self._certificates(),
                               _("No certificate is on file."))
        return parts

    def _section(self, heading: str, table: Flowable | None, empty: str) -> list[Flowable]:
        body = table if table is not None else Paragraph(escape(empty), self.s.body)
        return [Spacer(1, 3 * mm), CondPageBreak(22 * mm), section_heading(self.s, heading), body]

    def _key_table(self, width: float) -> Table:
        c = self.c
        p, b = c.punctuality, c.punctuality_before

        def row(name: str, now: str, before: str, change: str = "") -> list[str | Cell]:
            return [name, Cell(now, bold=True), before, change]

        rows = [
            row(_("Value accepted, before PPN"), format_rupiah(c.flow.accepted),
                format_rupiah(c.flow_before.accepted),
                change_text(change_percent(c.flow.accepted, c.flow_before.accepted))),
            row(_("Billed, before PPN (invoices less credit notes)"),
                format_rupiah(c.billed.subtotal), format_rupiah(c.billed_before.subtotal)),
            row(_("PPN billed"), format_rupiah(c.billed.ppn), format_rupiah(c.billed_before.ppn)),
            row(_("Billed, with PPN"), format_rupiah(c.billed.total),
                format_rupiah(c.billed_before.total),
                change_text(change_percent(c.billed.total, c.billed_before.total))),
            row(_("Deliveries made"), format_number(c.flow.deliveries),
                format_number(c.flow_before.deliveries),
                change_text(change_percent(c.flow.deliveries, c.flow_before.deliveries))),
            row(_("Orders due / on time / late / missed"),
                f"{p.expected} / {p.on_time} / {p.late} / {p.missed}",
                f"{b.expected} / {b.on_time} / {b.late} / {b.missed}"),
            row(_("On time, of the orders due"), percent_text(p.on_time_rate),
                percent_text(b.on_time_rate)),
            row(_("Deliveries without an order"), format_number(p.unplanned),
                format_number(b.unplanned)),
            row(_("Fill rate (delivered ÷ ordered, mean of products)"),
                percent_text(c.fill_rate), percent_text(c.fill_rate_before)),
            row(_("Rejected, share of the value delivered"),
                percent_text(c.flow.rejection_rate), percent_text(c.flow_before.rejection_rate)),
            row(_("Products sold / new"),
                f"{len(c.products)} / {c.new_products}", ""),
        ]
        columns = [
            Column(_("Figure"), flex=3, min_width=40 * mm),
            Column(c.period.label, "right"),
            Column(c.before.label, "right"),
            Column(_("Change"), "right"),
        ]
        return data_table(self.s, width, columns, rows)

    def _hotels(self) -> Table | None:
        c = self.c
        if not c.hotels:
            return None
        columns = [
            Column(_("Hotel"), flex=3, min_width=40 * mm),
            Column(_("Deliveries"), "right"),
            Column(_("Accepted, before PPN"), "right"),
            Column(c.before.label, "right"),
            Column(_("Change"), "right"),
            Column(_("Billed before PPN"), "right"),
            Column(_("PPN"), "right"),
            Column(_("Billed with PPN"), "right"),
        ]
        rows: list[list[str | Cell]] = [
            [h.hotel_name, format_number(h.deliveries), format_rupiah(h.accepted),
             format_rupiah(h.accepted_before), change_text(h.change), format_rupiah(h.billed),
             format_rupiah(h.ppn), format_rupiah(h.billed_total)]
            for h in c.hotels
        ]
        total = [_("Total"), format_number(sum(h.deliveries for h in c.hotels)),
                 format_rupiah(sum(h.accepted for h in c.hotels)),
                 format_rupiah(sum(h.accepted_before for h in c.hotels)), "",
                 format_rupiah(sum(h.billed for h in c.hotels)),
                 format_rupiah(sum(h.ppn for h in c.hotels)),
                 format_rupiah(sum(h.billed_total for h in c.hotels))]
        return data_table(self.s, self.width, columns, rows, total=total)

    def _products(self) -> Table | None:
        c = self.c
        fill = {f.product_code: f for f in c.fill}
        sold = {p.product_code: p for p in c.products}
        codes = sorted(set(fill) | set(sold), key=lambda code: (
            -(sold[code].value if code in sold else 0),
            (sold[code].product_name if code in sold else fill[code].product_name).lower()))
        if not codes:
            return None
        columns = [
            Column(_("Product"), flex=3, min_width=45 * mm),
            Column(_("Unit")),
            Column(_("Ordered"), "right"),
            Column(_("Delivered for orders"), "right"),
            Column(_("Fill rate"), "right"),
            Column(_("Accepted"), "right"),
            Column(_("Value, before PPN"), "right"),
            Column(c.before.label, "right"),
            Column(_("Hotels"), "right"),
        ]
        rows: list[list[str | Cell]] = []
        for code in codes:
            f, p = fill.get(code), sold.get(code)
            name = p.product_name if p else f.product_name if f else ""
            unit = p.unit if p else f.unit if f else None
            rows.append([
                Cell(name, prefix=code, sub=_("new this period") if p and p.is_new else ""),
                label(unit) if unit else "",
                format_qty(f.ordered) if f else "—",
                format_qty(f.delivered) if f else "—",
                percent_text(f.fill_rate) if f else "—",
                format_qty(p.accepted) if p else "0",
                format_rupiah(p.value) if p else format_rupiah(0),
                format_rupiah(p.value_before) if p else "—",
                format_number(p.hotels) if p else "0",
            ])
        total = [_("Total (quantities of different units are not added)"), "", "", "",
                 percent_text(c.fill_rate), "", format_rupiah(sum(p.value for p in c.products)),
                 format_rupiah(sum(p.value_before for p in c.products)), ""]
        return data_table(self.s, self.width, columns, rows, total=total, total_label_span=3)

    def _rejections(self) -> Table | None:
        c = self.c
        if not c.rejections:
            return None
        columns = [
            Column(_("Reason"), flex=3, min_width=50 * mm),
            Column(_("Lines"), "right"),
            Column(_("Value rejected"), "right"),
            Column(_("Share of the value delivered"), "right"),
        ]
        rows: list[list[str | Cell]] = [
            [label(r.reason) if r.reason else _("No reason given"), format_number(r.lines),
             format_rupiah(r.value), percent_text(r.share)]
            for r in c.rejections
        ]
        total = [_("Total"), format_number(sum(r.lines for r in c.rejections)),
                 format_rupiah(c.flow.rejected), percent_text(c.flow.rejection_rate)]
        return data_table(self.s, self.width, columns, rows, total=total)

    def _prices(self) -> Table | None:
        c = self.c
        if not c.price_changes:
            return None
        columns = [
            Column(_("Product"), flex=3, min_width=45 * mm),
            Column(_("Hotel"), flex=2, min_width=30 * mm),
            Column(_("From"), "right"),
            Column(_("Old price"), "right"),
            Column(_("New price"), "right"),
            Column(_("Change"), "right"),
        ]
        rows: list[list[str | Cell]] = [
            [p.product_name, p.hotel_name, format_date(p.valid_from),
             format_rupiah(p.old_price) if p.old_price is not None else _("first price"),
             format_rupiah(p.new_price), change_text(p.change)]
            for p in c.price_changes
        ]
        return data_table(self.s, self.width, columns, rows)

    def _certificates(self) -> Table | None:
        c = self.c
        if not c.certificates:
            return None
        columns = [
            Column(_("Certificate"), flex=1, min_width=30 * mm),
            Column(_("Number"), flex=2, min_width=40 * mm),
            Column(_("Issued"), "right"),
            Column(_("Expires"), "right"),
            Column(_("State")),
        ]
        rows: list[list[str | Cell]] = []
        for cert in c.certificates:
            if cert.days_left is None:
                state = Cell(_("Valid, no expiry"))
            elif cert.days_left < 0:
                state = Cell(_("Lapsed"), bold=True)
            elif cert.days_left <= 90:
                state = Cell(_("Expires in {n} days").format(n=cert.days_left), bold=True)
            else:
                state = Cell(_("Valid"))
            rows.append([label(cert.kind), cert.number, format_date(cert.issued_on),
                         format_date(cert.expires_on), state])
        return data_table(self.s, self.width, columns, rows)

    def _trend_table(self) -> Table:
        trend: tuple[TrendMonth, ...] = self.c.trend
        # a month's heading never wraps: each column is wide enough for it
        columns = [Column("", flex=1, min_width=24 * mm)] + [
            Column(month_short(t.year, t.month), "right", min_width=12.5 * mm) for t in trend]
        rows: list[list[str | Cell]] = [
            [_("Value (Rp thousand)")] + [format_number(round(t.accepted / 1000)) for t in trend],
            [_("Rejected")] + [percent_text(t.rejection_rate) for t in trend],
        ]
        return data_table(self.s, self.width, columns, rows)
