"""The programme report for the city's office (Dinas): how the coached UMKM are doing.
Reads only.

For a month, a quarter or a year, beside the period before and the same period a
year before: the totals (UMKM active, hotels, value accepted, deliveries), the
value by category and by hotel, certified (a valid BNSP certificate at the
period's end) against not certified, the top ten UMKM by value and by growth,
the UMKM to coach (sales fell two periods running, or the rejection rate rose),
the certificates lapsing in the next 90 days, twelve months of value, and a
one-paragraph summary written from those figures.

Values are accepted value before PPN, from the delivery notes; "billed" is the
issued invoices of the period's months less their credit notes (see
:mod:`hotel_supply.services.umkm_figures`).
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass
from decimal import Decimal

from sqlalchemy import select

from hotel_supply import clock
from hotel_supply.db import Database
from hotel_supply.documents.data import Organisation
from hotel_supply.formatting import format_number, format_rupiah
from hotel_supply.i18n import _, ngettext
from hotel_supply.models import Hotel, Supplier
from hotel_supply.models.enums import Category, CertificateKind, RejectionReason, label
from hotel_supply.services.printing import organisation
from hotel_supply.services.umkm_figures import (
    Billed,
    Flow,
    Period,
    billed_by,
    change_percent,
    flows_by_month,
    holds_valid,
    latest_certificates,
    month_range,
    percent,
    rejected_by_reason,
    total_flow,
)

__all__ = ["COACH_REJECTION_RISE", "LAPSING_DAYS", "ProgrammeReport", "programme_report_data",
           "summary_text"]

TOP = 10
LAPSING_DAYS = 90
# A rejection rate "rose" when it gained at least this many percentage points on the
# period before: smaller moves are the noise of a few crates.
COACH_REJECTION_RISE = Decimal(2)


@dataclass(frozen=True)
class Totals:
    umkm: int  # UMKM with a posted delivery in the period
    hotels: int  # hotels that received one
    accepted: int  # before PPN
    deliveries: int
    rejected: int
    rejection_rate: Decimal | None
    billed: Billed


@dataclass(frozen=True)
class GroupLine:
    """A category, a hotel, or certified / not certified."""

    name: str
    umkm: int  # active in the period
    deliveries: int
    accepted: int
    accepted_previous: int
    rejection_rate: Decimal | None
    registered: int = 0  # certified / not: UMKM in the programme (active master data)
    key: str = ""  # the category's code, the hotel's id, "certified" or "not_certified"

    @property
    def change(self) -> Decimal | None:
        return change_percent(self.accepted, self.accepted_previous)


@dataclass(frozen=True)
class UmkmLine:
    supplier_id: int
    code: str
    name: str
    category: Category
    accepted: int
    accepted_previous: int
    accepted_before_previous: int
    rejection_rate: Decimal | None
    rejection_rate_previous: Decimal | None

    @property
    def growth(self) -> Decimal | None:
        return change_percent(self.accepted, self.accepted_previous)


@dataclass(frozen=True)
class CoachLine:
    umkm: UmkmLine
    sales_fell: bool  # two periods running
    rejections_rose: bool


@dataclass(frozen=True)
class LapsingCertificate:
    supplier_name: str
    supplier_code: str
    kind: CertificateKind
    number: str
    expires_on: dt.date
    days_left: int


@dataclass(frozen=True)
class MonthValue:
    year: int
    month: int
    accepted: int
    umkm: int


@dataclass(frozen=True)
class ProgrammeReport:
    organisation: Organisation
    period: Period
    previous: Period
    year_before: Period
    as_of: dt.date
    totals: Totals
    totals_previous: Totals
    totals_year_before: Totals
    categories: tuple[GroupLine, ...]
    hotels: tuple[GroupLine, ...]
    certified: tuple[GroupLine, GroupLine]  # with a valid BNSP certificate, without
    top_by_value: tuple[UmkmLine, ...]
    top_by_growth: tuple[UmkmLine, ...]
    to_coach: tuple[CoachLine, ...]
    lapsing: tuple[LapsingCertificate, ...]
    trend: tuple[MonthValue, ...]
    main_rejection: RejectionReason | None  # the reason with the most rejected value
    printed_at: dt.datetime

    @property
    def summary(self) -> str:
        return summary_text(self)


def programme_report_data(db: Database, *, period: Period,
                          as_of: dt.date | None = None) -> ProgrammeReport:
    """The programme report for ``period``; certificates lapsing within 90 days of ``as_of``
    (default today)."""
    as_of = as_of or clock.today()
    previous, before_previous = period.shifted(-1), period.shifted(-2)
    year_before = period.year_before()
    trend_first = _months_back(period.months()[-1], 11)
    first = min(trend_first, before_previous.first_month, year_before.first_month)
    with db.reader() as session:
        flows = flows_by_month(session, dt.date(*first, 1), period.end)
        suppliers = {
            s_id: (code, name, category, active)
            for s_id, code, name, category, active in session.execute(
                select(Supplier.id, Supplier.code, Supplier.name, Supplier.category,
                       Supplier.active))
        }
        hotels = dict(session.execute(select(Hotel.id, Hotel.name)).all())
        certificates = latest_certificates(session)
        billed = {p: billed_by(session, p.months()) for p in (period, previous, year_before)}
        reasons = rejected_by_reason(session, period.start, period.end)
        org = organisation(session)

    by_month: dict[tuple[int, int], dict[tuple[int, int], Flow]] = defaultdict(dict)
    for (s, h, y, m), f in flows.items():
        by_month[(y, m)][(s, h)] = f

    def in_period(p: Period) -> dict[tuple[int, int], Flow]:
        """Per (supplier, hotel), the period's flow."""
        out: dict[tuple[int, int], Flow] = defaultdict(Flow)
        for ym in p.months():
            for key, f in by_month.get(ym, {}).items():
                out[key].add(f)
        return dict(out)

    now, prev, prev2, year_ago = (in_period(p) for p in
                                  (period, previous, before_previous, year_before))

    def per_supplier(flows_of: dict[tuple[int, int], Flow]) -> dict[int, Flow]:
        out: dict[int, Flow] = defaultdict(Flow)
        for (s, _h), f in flows_of.items():
            out[s].add(f)
        return dict(out)

    s_now, s_prev, s_prev2 = per_supplier(now), per_supplier(prev), per_supplier(prev2)

    def totals(flows_of: dict[tuple[int, int], Flow], bills: dict[tuple[int, int], Billed]
               ) -> Totals:
        f = total_flow(flows_of.values())
        bill = Billed()
        for b in bills.values():
            bill.add(b)
        return Totals(len({s for s, _h in flows_of}), len({h for _s, h in flows_of}),
                      f.accepted, f.deliveries, f.rejected, f.rejection_rate, bill)

    def group(key: str, name: str, keys_now: list[tuple[int, int]],
              keys_prev: list[tuple[int, int]], registered: int = 0) -> GroupLine:
        f = total_flow(now[k] for k in keys_now)
        return GroupLine(name, len({s for s, _h in keys_now}), f.deliveries, f.accepted,
                         total_flow(prev[k] for k in keys_prev).accepted, f.rejection_rate,
                         registered, key)

    categories = [
        group(c.value, label(c), [k for k in now if suppliers[k[0]][2] == c],
              [k for k in prev if suppliers[k[0]][2] == c])
        for c in Category
    ]
    hotel_lines = [
        group(str(h), hotels.get(h, ""), [k for k in now if k[1] == h],
              [k for k in prev if k[1] == h])
        for h in sorted({k[1] for k in now} | {k[1] for k in prev},
                        key=lambda i: hotels.get(i, "").lower())
    ]
    hotel_lines.sort(key=lambda g: (-g.accepted, g.name.lower()))
    bnsp = holds_valid(certificates, CertificateKind.BNSP, period.end)
    registered = {s for s, v in suppliers.items() if v[3]}
    certified = (
        group("certified", _("With a valid BNSP certificate"), [k for k in now if k[0] in bnsp],
              [k for k in prev if k[0] in bnsp], len(registered & bnsp)),
        group("not_certified", _("Without one"), [k for k in now if k[0] not in bnsp],
              [k for k in prev if k[0] not in bnsp], len(registered - bnsp)),
    )

    def umkm(s: int) -> UmkmLine:
        code, name, category, _active = suppliers[s]
        a, b, c = (x.get(s, Flow()) for x in (s_now, s_prev, s_prev2))
        return UmkmLine(s, code, name, category, a.accepted, b.accepted, c.accepted,
                        a.rejection_rate, b.rejection_rate)

    lines = {s: umkm(s) for s in set(s_now) | set(s_prev) | set(s_prev2)}
    top_value = sorted((u for u in lines.values() if u.accepted > 0),
                       key=lambda u: (-u.accepted, u.name.lower()))[:TOP]
    top_growth = sorted((u for u in lines.values() if u.growth is not None and u.growth > 0),
                        key=lambda u: (-(u.growth or 0), -u.accepted, u.name.lower()))[:TOP]
    coach = []
    for u in sorted(lines.values(), key=lambda u: u.name.lower()):
        fell = u.accepted_before_previous > u.accepted_previous > u.accepted
        rose = (u.rejection_rate is not None and u.rejection_rate_previous is not None
                and u.rejection_rate - u.rejection_rate_previous >= COACH_REJECTION_RISE)
        if fell or rose:
            coach.append(CoachLine(u, fell, rose))

    horizon = as_of + dt.timedelta(days=LAPSING_DAYS)
    lapsing = sorted(
        (LapsingCertificate(suppliers[c.supplier_id][1], suppliers[c.supplier_id][0], c.kind,
                            c.number, c.expires_on, (c.expires_on - as_of).days)
         for c in certificates
         if not c.replaced and c.expires_on is not None and as_of <= c.expires_on <= horizon
         and suppliers[c.supplier_id][3]),
        key=lambda c: (c.expires_on, c.supplier_name.lower()),
    )
    trend = []
    for y, m in month_range(trend_first, 12):
        month_flows = by_month.get((y, m), {})
        trend.append(MonthValue(y, m, total_flow(month_flows.values()).accepted,
                                len({s for s, _h in month_flows})))
    by_reason: dict[RejectionReason | None, Decimal] = defaultdict(Decimal)
    for (_s, reason), (_lines, value) in reasons.items():
        by_reason[reason] += value
    main_reason = max(by_reason, key=lambda r: by_reason[r]) if by_reason else None
    return ProgrammeReport(
        organisation=org,
        period=period,
        previous=previous,
        year_before=year_before,
        as_of=as_of,
        totals=totals(now, billed[period]),
        totals_previous=totals(prev, billed[previous]),
        totals_year_before=totals(year_ago, billed[year_before]),
        categories=tuple(categories),
        hotels=tuple(hotel_lines),
        certified=certified,
        top_by_value=tuple(top_value),
        top_by_growth=tuple(top_growth),
        to_coach=tuple(coach),
        lapsing=tuple(lapsing),
        trend=tuple(trend),
        main_rejection=main_reason,
        printed_at=clock.now(),
    )


def _months_back(month: tuple[int, int], steps: int) -> tuple[int, int]:
    index = month[0] * 12 + month[1] - 1 - steps
    return index // 12, index % 12 + 1


def _pct(value: Decimal | None) -> str:
    return format_number(abs(value)) if value is not None else ""


def summary_text(r: ProgrammeReport) -> str:
    """One paragraph in plain words, written from the report's own figures."""
    t, p = r.totals, r.totals_previous
    if t.accepted == 0:
        return _("No partner hotel accepted UMKM products in {period}.").format(
            period=r.period.label)
    parts = [ngettext(
        "In {period}, partner hotels accepted UMKM products worth {value} (before PPN) from "
        "{umkm} UMKM, in {deliveries} delivery to {hotels} hotels.",
        "In {period}, partner hotels accepted UMKM products worth {value} (before PPN) from "
        "{umkm} UMKM, in {deliveries} deliveries to {hotels} hotels.",
        t.deliveries,
    ).format(period=r.period.label, value=format_rupiah(t.accepted), umkm=t.umkm,
             deliveries=t.deliveries, hotels=t.hotels)]
    change = change_percent(t.accepted, p.accepted)
    if change is None:
        parts.append(_("Nothing was accepted in {previous} to compare with.").format(
            previous=r.previous.label))
    elif change > 0:
        parts.append(_("That is {pct}% more than in {previous} ({value}).").format(
            pct=_pct(change), previous=r.previous.label, value=format_rupiah(p.accepted)))
    elif change < 0:
        parts.append(_("That is {pct}% less than in {previous} ({value}).").format(
            pct=_pct(change), previous=r.previous.label, value=format_rupiah(p.accepted)))
    else:
        parts.append(_("That is as much as in {previous}.").format(previous=r.previous.label))
    biggest = max(r.categories, key=lambda c: c.accepted)
    parts.append(_("The largest category was {category}, with {share}% of the value.").format(
        category=label(Category(biggest.key)), share=_pct(percent(biggest.accepted, t.accepted))))
    if t.rejected and t.rejection_rate is not None:
        reason = label(r.main_rejection) if r.main_rejection else _("no reason given")
        parts.append(_("Hotels rejected goods worth {value}, {rate}% of the value delivered, "
                       "mostly for: {reason}.").format(
            value=format_rupiah(t.rejected), rate=_pct(t.rejection_rate),
            reason=reason.lower()))
    else:
        parts.append(_("Hotels rejected nothing."))
    parts.append(ngettext(
        "{n} UMKM needs coaching",
        "{n} UMKM need coaching",
        len(r.to_coach),
    ).format(n=len(r.to_coach)) + " " + ngettext(
        "and {n} certificate lapses within 90 days.",
        "and {n} certificates lapse within 90 days.",
        len(r.lapsing),
    ).format(n=len(r.lapsing)))
    return " ".join(parts)
