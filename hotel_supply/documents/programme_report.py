"""The programme report for the Dinas (Laporan Program): plain :class:`ProgrammeReport` in,
PDF or XLSX out.

A summary in plain words, the totals beside the period before and the same
period a year before, twelve months of value as a chart, the value by category
and by hotel (tables with a bar chart each, holding the same figures), certified
against not certified, the top ten UMKM by value and by growth, the UMKM to
coach and the certificates lapsing within 90 days. A4 portrait, one copy.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

from reportlab.lib.units import mm
from reportlab.platypus import CondPageBreak, Flowable, KeepTogether, Paragraph, Spacer, Table
from reportlab.platypus import TableStyle as _TableStyle

from hotel_supply.documents.charts import horizontal_bars, vertical_bars
from hotel_supply.documents.common import (
    ACCENT,
    TINT,
    Column,
    DocumentStyles,
    Letterhead,
    build_pdf,
    document_styles,
    escape,
    join_nonempty,
    page_geometry,
)
from hotel_supply.documents.month_common import Cell, data_table, section_heading, title_block
from hotel_supply.documents.scorecard import change_text, month_short, percent_text
from hotel_supply.formatting import format_date, format_date_long, format_number, format_rupiah
from hotel_supply.i18n import _
from hotel_supply.models.enums import label
from hotel_supply.services.programme_report import (
    COACH_REJECTION_RISE,
    LAPSING_DAYS,
    GroupLine,
    ProgrammeReport,
    Totals,
)
from hotel_supply.services.umkm_figures import change_percent, percent

__all__ = ["category_chart", "hotel_chart", "programme_tables", "render_programme_report",
           "trend_chart", "write_programme_xlsx"]


def render_programme_report(report: ProgrammeReport, *, page_size: str = "A4") -> bytes:
    """The programme report as PDF bytes, portrait on ``page_size`` (A4, A5 or F4)."""
    geometry = page_geometry(page_size)
    styles = document_styles(geometry.name)
    title = _("Programme report")
    letterhead = Letterhead(
        organisation=report.organisation,
        document_title=title,
        document_number=report.period.label,
        printed_at=report.printed_at,
    )
    layout = _ReportLayout(report, styles, geometry.content_width)
    return build_pdf(
        lambda _copy: layout.story(),
        letterhead=letterhead,
        page_size=geometry.name,
        copies=("ASLI",),
        title=join_nonempty([title, report.period.label], " "),
        subject=report.organisation.name,
    )


def trend_chart(report: ProgrammeReport, width: float, height: float = 45 * mm) -> Flowable:
    return vertical_bars(width, height, [month_short(t.year, t.month) for t in report.trend],
                         [t.accepted for t in report.trend])


def category_chart(report: ProgrammeReport, width: float) -> Flowable:
    return horizontal_bars(width, [c.name for c in report.categories],
                           [c.accepted for c in report.categories])


def hotel_chart(report: ProgrammeReport, width: float) -> Flowable:
    return horizontal_bars(width, [h.name for h in report.hotels],
                           [h.accepted for h in report.hotels])


def _totals_rows(r: ProgrammeReport) -> list[list[str]]:
    """Each total: this period, the one before, the change, a year before, the change."""
    t, p, y = r.totals, r.totals_previous, r.totals_year_before

    def money(get: Callable[[Totals], int]) -> list[str]:
        return [format_rupiah(get(t)), format_rupiah(get(p)),
                change_text(change_percent(get(t), get(p))), format_rupiah(get(y)),
                change_text(change_percent(get(t), get(y)))]

    def count(get: Callable[[Totals], int]) -> list[str]:
        return [format_number(get(t)), format_number(get(p)),
                change_text(change_percent(get(t), get(p))), format_number(get(y)),
                change_text(change_percent(get(t), get(y)))]

    rows = [
        (_("UMKM active (with an accepted delivery)"), count(lambda x: x.umkm)),
        (_("Hotels receiving"), count(lambda x: x.hotels)),
        (_("Deliveries"), count(lambda x: x.deliveries)),
        (_("Value accepted, before PPN"), money(lambda x: x.accepted)),
        (_("Value rejected"), money(lambda x: x.rejected)),
        (_("Billed, before PPN (invoices less credit notes)"),
         money(lambda x: x.billed.subtotal)),
        (_("PPN billed"), money(lambda x: x.billed.ppn)),
        (_("Billed, with PPN"), money(lambda x: x.billed.total)),
    ]
    rate = [_("Rejected, share of the value delivered"), percent_text(t.rejection_rate),
            percent_text(p.rejection_rate), "", percent_text(y.rejection_rate), ""]
    return [[name, *cells] for name, cells in rows] + [rate]


class _ReportLayout:
    def __init__(self, report: ProgrammeReport, styles: DocumentStyles, width: float) -> None:
        self.r = report
        self.s = styles
        self.width = width

    def story(self) -> list[Flowable]:
        s, r = self.s, self.r
        rows = [
            (_("Period"), escape(r.period.label), True),
            (_("Compared with"), escape(_("{previous} (the period before) and {year} (a year "
                                          "before)").format(previous=r.previous.label,
                                                            year=r.year_before.label)), False),
            (_("Certificates as at"), escape(format_date_long(r.as_of)), False),
        ]
        parts: list[Flowable] = [
            title_block(s, self.width, _("UMKM PROGRAMME REPORT"), rows),
            Spacer(1, 4 * mm),
            section_heading(s, _("Summary")),
            self._summary(),
            Spacer(1, 4 * mm),
            section_heading(s, _("Totals")),
            self._totals(),
            Spacer(1, 4 * mm),
            KeepTogether([
                section_heading(s, _("Value accepted per month, last 12 months (before PPN)")),
                trend_chart(r, self.width),
            ]),
        ]
        # a heading, its table and its chart stay on one page
        parts += self._section(_("By category"), [
            self._groups(r.categories, _("Category")),
            Spacer(1, 2 * mm),
            category_chart(r, self.width),
        ], keep=True)
        by_hotel: list[Flowable] = [self._empty(_("No hotel received anything."))]
        if r.hotels:
            by_hotel = [self._groups(r.hotels, _("Hotel")), Spacer(1, 2 * mm),
                        hotel_chart(r, self.width)]
        parts += self._section(_("By hotel"), by_hotel, keep=True)
        parts += self._section(_("Certified (BNSP) against not certified"),
                               [self._certified()])
        parts += self._section(_("Top 10 UMKM by value"), [self._top_value()])
        parts += self._section(_("Top 10 UMKM by growth on the period before"),
                               [self._top_growth()])
        parts += self._section(_("UMKM to coach"), self._coach())
        parts += self._section(
            _("Certificates lapsing within {n} days").format(n=LAPSING_DAYS), [self._lapsing()])
        return parts

    def _empty(self, text: str) -> Paragraph:
        return Paragraph(escape(text), self.s.body)

    def _section(self, heading: str, body: list[Flowable], *,
                 keep: bool = False) -> list[Flowable]:
        head = [Spacer(1, 5 * mm), CondPageBreak(30 * mm)]
        if keep:
            return [*head, KeepTogether([section_heading(self.s, heading), *body])]
        return [*head, section_heading(self.s, heading), *body]

    def _summary(self) -> Table:
        box = Table([[Paragraph(escape(self.r.summary), self.s.body)]], colWidths=[self.width])
        box.setStyle(_TableStyle([
            ("BACKGROUND", (0, 0), (-1, -1), TINT),
            ("LINEBEFORE", (0, 0), (0, -1), 2, ACCENT),
            ("LEFTPADDING", (0, 0), (-1, -1), 3 * mm),
            ("RIGHTPADDING", (0, 0), (-1, -1), 3 * mm),
            ("TOPPADDING", (0, 0), (-1, -1), 2 * mm),
            ("BOTTOMPADDING", (0, 0), (-1, -1), 2.5 * mm),
        ]))
        return box

    def _totals(self) -> Table:
        r = self.r
        columns = [
            Column(_("Figure"), flex=3, min_width=55 * mm),
            Column(r.period.label, "right"),
            Column(r.previous.label, "right"),
            Column(_("Change"), "right"),
            Column(r.year_before.label, "right"),
            Column(_("Change"), "right"),
        ]
        rows: list[list[str | Cell]] = [
            [name, Cell(now, bold=True), prev, c1, year, c2]
            for name, now, prev, c1, year, c2 in _totals_rows(r)
        ]
        return data_table(self.s, self.width, columns, rows)

    def _groups(self, groups: tuple[GroupLine, ...], heading: str) -> Table:
        r = self.r
        total_value = sum(g.accepted for g in groups)
        columns = [
            Column(heading, flex=3, min_width=45 * mm),
            Column(_("UMKM"), "right"),
            Column(_("Deliveries"), "right"),
            Column(_("Value, before PPN"), "right"),
            Column(_("Share"), "right"),
            Column(r.previous.label, "right"),
            Column(_("Change"), "right"),
            Column(_("Rejected"), "right"),
        ]
        rows: list[list[str | Cell]] = [
            [g.name, format_number(g.umkm), format_number(g.deliveries),
             format_rupiah(g.accepted), percent_text(percent(g.accepted, total_value)),
             format_rupiah(g.accepted_previous), change_text(g.change),
             percent_text(g.rejection_rate)]
            for g in groups
        ]
        t = r.totals
        total = [_("Total"), format_number(t.umkm), format_number(t.deliveries),
                 format_rupiah(total_value), percent_text(percent(total_value, total_value)),
                 format_rupiah(sum(g.accepted_previous for g in groups)),
                 change_text(change_percent(total_value,
                                            sum(g.accepted_previous for g in groups))),
                 percent_text(t.rejection_rate)]
        return data_table(self.s, self.width, columns, rows, total=total)

    def _certified(self) -> Table:
        r = self.r
        columns = [
            Column(_("UMKM"), flex=3, min_width=45 * mm),
            Column(_("In the programme"), "right"),
            Column(_("Active"), "right"),
            Column(_("Value, before PPN"), "right"),
            Column(_("Per active UMKM"), "right"),
            Column(r.previous.label, "right"),
            Column(_("Change"), "right"),
            Column(_("Rejected"), "right"),
        ]
        rows: list[list[str | Cell]] = [
            [g.name, format_number(g.registered), format_number(g.umkm),
             format_rupiah(g.accepted),
             format_rupiah(g.accepted // g.umkm) if g.umkm else "—",
             format_rupiah(g.accepted_previous), change_text(g.change),
             percent_text(g.rejection_rate)]
            for g in r.certified
        ]
        return data_table(self.s, self.width, columns, rows)

    def _top_value(self) -> Flowable:
        r = self.r
        if not r.top_by_value:
            return self._empty(_("No UMKM sold anything in this period."))
        columns = [
            Column(_("No."), "right"),
            Column(_("UMKM"), flex=3, min_width=45 * mm),
            Column(_("Category")),
            Column(_("Value, before PPN"), "right"),
            Column(_("Share"), "right"),
            Column(r.previous.label, "right"),
            Column(_("Change"), "right"),
        ]
        rows: list[list[str | Cell]] = [
            [str(n), Cell(u.name, prefix=u.code), label(u.category), format_rupiah(u.accepted),
             percent_text(percent(u.accepted, r.totals.accepted)),
             format_rupiah(u.accepted_previous), change_text(u.growth)]
            for n, u in enumerate(r.top_by_value, start=1)
        ]
        return data_table(self.s, self.width, columns, rows)

    def _top_growth(self) -> Flowable:
        r = self.r
        if not r.top_by_growth:
            return self._empty(_("No UMKM sold more than in the period before."))
        columns = [
            Column(_("No."), "right"),
            Column(_("UMKM"), flex=3, min_width=45 * mm),
            Column(_("Category")),
            Column(r.previous.label, "right"),
            Column(r.period.label, "right"),
            Column(_("Growth"), "right"),
        ]
        rows: list[list[str | Cell]] = [
            [str(n), Cell(u.name, prefix=u.code), label(u.category),
             format_rupiah(u.accepted_previous), format_rupiah(u.accepted),
             Cell(change_text(u.growth), bold=True)]
            for n, u in enumerate(r.top_by_growth, start=1)
        ]
        return data_table(self.s, self.width, columns, rows)

    def _coach(self) -> list[Flowable]:
        r = self.r
        note = Paragraph(escape(_(
            "Listed when the value accepted fell two periods running, or when the rejected "
            "share of the value delivered rose by {points} percentage points or more on the "
            "period before.").format(points=format_number(COACH_REJECTION_RISE))), self.s.small)
        if not r.to_coach:
            return [self._empty(_("No UMKM needs coaching on these figures.")), note]
        before_previous = r.period.shifted(-2)
        columns = [
            Column(_("UMKM"), flex=3, min_width=40 * mm),
            Column(before_previous.label, "right"),
            Column(r.previous.label, "right"),
            Column(r.period.label, "right"),
            Column(_("Rejected before"), "right"),
            Column(_("Rejected now"), "right"),
            Column(_("Why"), flex=2, min_width=28 * mm),
        ]
        rows: list[list[str | Cell]] = []
        for c in r.to_coach:
            u = c.umkm
            why = [text for flag, text in ((c.sales_fell, _("sales fell twice")),
                                           (c.rejections_rose, _("more rejected"))) if flag]
            rows.append([Cell(u.name, prefix=u.code, sub=label(u.category)),
                         format_rupiah(u.accepted_before_previous),
                         format_rupiah(u.accepted_previous), format_rupiah(u.accepted),
                         percent_text(u.rejection_rate_previous),
                         percent_text(u.rejection_rate), ", ".join(why)])
        return [data_table(self.s, self.width, columns, rows), Spacer(1, 1 * mm), note]

    def _lapsing(self) -> Flowable:
        r = self.r
        if not r.lapsing:
            return self._empty(_("No certificate lapses within {n} days.").format(
                n=LAPSING_DAYS))
        columns = [
            Column(_("UMKM"), flex=3, min_width=45 * mm),
            Column(_("Certificate")),
            Column(_("Number"), flex=2, min_width=35 * mm),
            Column(_("Expires"), "right"),
            Column(_("Days left"), "right"),
        ]
        rows: list[list[str | Cell]] = [
            [Cell(c.supplier_name, prefix=c.supplier_code), label(c.kind), c.number,
             format_date(c.expires_on), format_number(c.days_left)]
            for c in r.lapsing
        ]
        return data_table(self.s, self.width, columns, rows)


# --------------------------------------------------------------------------- XLSX


def programme_tables(r: ProgrammeReport) -> list[tuple[str, list[str], list[list[Any]]]]:
    """The report's tables as sheets (title, headers, rows of raw values) for XLSX."""
    def group_rows(groups: tuple[GroupLine, ...]) -> list[list[Any]]:
        return [[g.name, g.umkm, g.deliveries, g.accepted, g.accepted_previous,
                 (g.change), (g.rejection_rate)] for g in groups]

    group_headers = [_("UMKM"), _("Deliveries"), _("Value, before PPN"), r.previous.label,
                     _("Change %"), _("Rejected %")]

    def totals(t: Totals) -> list[Any]:
        return [t.umkm, t.hotels, t.deliveries, t.accepted, t.rejected,
                (t.rejection_rate), t.billed.subtotal, t.billed.ppn, t.billed.total]

    total_headers = [_("UMKM active (with an accepted delivery)"), _("Hotels receiving"),
                     _("Deliveries"), _("Value accepted, before PPN"), _("Value rejected"),
                     _("Rejected %"), _("Billed, before PPN (invoices less credit notes)"),
                     _("PPN billed"), _("Billed, with PPN")]
    return [
        (_("Summary"), [_("Summary")], [[r.summary]]),
        (_("Totals"), [_("Period"), *total_headers],
         [[r.period.label, *totals(r.totals)],
          [r.previous.label, *totals(r.totals_previous)],
          [r.year_before.label, *totals(r.totals_year_before)]]),
        (_("By category"), [_("Category"), *group_headers], group_rows(r.categories)),
        (_("By hotel"), [_("Hotel"), *group_headers], group_rows(r.hotels)),
        (_("Certified"), [_("UMKM"), _("In the programme"), _("Active"), *group_headers[1:]],
         [[g.name, g.registered, *row[1:]] for g, row in zip(
             r.certified, group_rows(r.certified), strict=True)]),
        (_("Top by value"), [_("Code"), _("UMKM"), _("Category"), _("Value, before PPN"),
                             r.previous.label, _("Change %")],
         [[u.code, u.name, label(u.category), u.accepted, u.accepted_previous,
           (u.growth)] for u in r.top_by_value]),
        (_("Top by growth"), [_("Code"), _("UMKM"), _("Category"), r.previous.label,
                              r.period.label, _("Growth %")],
         [[u.code, u.name, label(u.category), u.accepted_previous, u.accepted,
           (u.growth)] for u in r.top_by_growth]),
        (_("To coach"), [_("Code"), _("UMKM"), r.period.shifted(-2).label, r.previous.label,
                         r.period.label, _("Rejected before %"), _("Rejected now %"),
                         _("Sales fell twice"), _("More rejected")],
         [[c.umkm.code, c.umkm.name, c.umkm.accepted_before_previous, c.umkm.accepted_previous,
           c.umkm.accepted, (c.umkm.rejection_rate_previous),
           (c.umkm.rejection_rate), _("Yes") if c.sales_fell else "",
           _("Yes") if c.rejections_rose else ""] for c in r.to_coach]),
        (_("Certificates"), [_("Code"), _("UMKM"), _("Certificate"), _("Number"), _("Expires"),
                             _("Days left")],
         [[c.supplier_code, c.supplier_name, label(c.kind), c.number, c.expires_on,
           c.days_left] for c in r.lapsing]),
        (_("Per month"), [_("Month"), _("Value, before PPN"), _("UMKM")],
         [[month_short(t.year, t.month), t.accepted, t.umkm] for t in r.trend]),
    ]


def write_programme_xlsx(path: Path, report: ProgrammeReport) -> None:
    from hotel_supply.export import write_xlsx_sheets

    write_xlsx_sheets(path, programme_tables(report))
