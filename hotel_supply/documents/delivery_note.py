"""Surat Jalan / Tanda Terima Barang: the delivery note a driver and the hotel sign.

Plain :class:`DeliveryNoteData` in, PDF bytes out (SPEC section 4). Each copy
("ASLI", "SALINAN") is a complete set of pages. A4 shows every column; when
the page is too narrow for them (A5), lot and expiry move under the product
name and the unit price under the amount.

Quantities of different units are never added: the totals under the lines are one
row per unit (ordered, delivered, accepted, rejected and value of that unit's
lines), then the value of all the accepted goods.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from decimal import Decimal

from reportlab.lib.enums import TA_CENTER, TA_RIGHT
from reportlab.lib.units import mm
from reportlab.platypus import (
    Flowable,
    Paragraph,
    Spacer,
    Table,
    TableStyle,
)

from hotel_supply.documents.common import (
    ACCENT,
    ALERT,
    CONDENSED,
    MUTED,
    RULE,
    TINT,
    Column,
    DocumentStyles,
    Letterhead,
    PageGeometry,
    TableWithClosing,
    bind_measures,
    build_pdf,
    document_styles,
    escape,
    fit_column_widths,
    join_nonempty,
    markup,
    nobreak,
    page_geometry,
    payload_checksum,
    qr_code,
    replace_style,
    span,
    text_width,
    user_paragraph,
)
from hotel_supply.documents.data import DeliveryNoteData, DeliveryNoteLine, Party
from hotel_supply.formatting import (
    format_date,
    format_date_long,
    format_datetime,
    format_qty,
    format_rupiah,
)
from hotel_supply.i18n import _

__all__ = ["delivery_note_qr_payload", "render_delivery_note"]


def delivery_note_qr_payload(data: DeliveryNoteData) -> str:
    """What the QR code carries: ``"<number>|<checksum>"``.

    The checksum is the first 8 hex digits of SHA-256 over
    ``"<number>|<delivery date ISO>|<total value>"`` (UTF-8), e.g.
    ``"SJ/2026/00012|3f9a0c1d"``; a scanner recomputes it from the stored
    delivery to tell a genuine note from an edited one.
    """
    checksum = payload_checksum(data.number, data.delivery_date.isoformat(), data.total_value)
    return f"{data.number}|{checksum}"


def render_delivery_note(
    data: DeliveryNoteData,
    *,
    page_size: str = "A4",
    copies: tuple[str, ...] = ("ASLI", "SALINAN"),
) -> bytes:
    """The delivery note as PDF bytes: one full set of pages per copy label.

    ``page_size`` is "A4", "A5" or "F4". A draft (no number) is marked DRAFT and has
    no QR code; a cancelled note is marked cancelled with its reason. The same
    data gives the same bytes.
    """
    geometry = page_geometry(page_size)
    styles = document_styles(geometry.name)
    draft = _is_draft(data)
    cancelled = data.status == "cancelled"
    watermark = _("DRAFT") if draft else _("CANCELLED") if cancelled else ""
    letterhead = Letterhead(
        organisation=data.organisation,
        document_title=_("Delivery note"),
        document_number=data.number.strip() if not draft else _("DRAFT"),
        printed_at=data.printed_at,
        made_by=data.made_by,
        watermark=watermark,
        watermark_colour=ALERT if cancelled and not draft else MUTED,
    )
    layout = _Layout(data, styles, geometry)

    def story(_copy: str) -> list[Flowable]:
        return layout.story()

    title = join_nonempty([_("Delivery note"), data.number.strip() or _("DRAFT")], " ")
    return build_pdf(
        story,
        letterhead=letterhead,
        page_size=geometry.name,
        copies=copies,
        title=title,
        subject=join_nonempty([data.supplier.name, data.hotel.name], " → "),
    )


def _is_draft(data: DeliveryNoteData) -> bool:
    return not data.number.strip() or data.status == "draft"


# --------------------------------------------------------------------------- layout


@dataclass(frozen=True)
class _LineColumns:
    """Which table layout the lines use, and its column widths."""

    compact: bool
    widths: list[float]


class _Layout:
    """Builds the story of one copy; called once per copy for fresh flowables."""

    def __init__(
        self, data: DeliveryNoteData, styles: DocumentStyles, geometry: PageGeometry
    ) -> None:
        self.data = data
        self.s = styles
        self.width = geometry.content_width
        self.a5 = geometry.name == "A5"
        self.columns = self._choose_columns()

    def story(self) -> list[Flowable]:
        s = self.s
        parts: list[Flowable] = [self._title_block()]
        banner = self._status_banner()
        if banner is not None:
            parts += [Spacer(1, 2.5 * mm), banner]
        parts += [Spacer(1, 3 * mm), self._parties_block(), Spacer(1, 4 * mm)]
        closing: list[Flowable] = [Spacer(1, 2 * mm), self._value_summary()]
        if any(line.rejected for line in self.data.lines):
            closing += [
                Spacer(1, 1.5 * mm),
                Paragraph(
                    escape(_("Rejected goods go back with the driver and are not invoiced.")),
                    s.small,
                ),
            ]
        if self.data.notes.strip():
            closing += [
                Spacer(1, 3 * mm),
                Paragraph(escape(_("Notes").upper()), s.section),
                user_paragraph(self.data.notes, s.body),
            ]
        # The signatures sign the lines: they never stand alone on a page, the last
        # lines and the totals go over with them.
        closing += [Spacer(1, 6 * mm), self._signatures()]
        table = self._lines_table()
        totals = len(table._cellvalues) - 1 - len(self.data.lines)
        parts.append(TableWithClosing(table, closing, keep_rows=totals + 2))
        return parts

    # ----------------------------------------------------------------- top

    def _title_block(self) -> Flowable:
        s, data = self.s, self.data
        draft = _is_draft(data)
        title = Paragraph(escape(_("DELIVERY NOTE / GOODS RECEIPT")), s.title)
        number = data.number.strip() if not draft else _("DRAFT (no number yet)")
        rows = [
            (_("Number"), markup(number, s.body_bold.fontName), True),
            (_("Date"), escape(format_date_long(data.delivery_date)), False),
        ]
        if data.arrived_at is not None:
            rows.append((_("Arrival time"), escape(self._arrival_text()), False))
        label_w = (20 if self.a5 else 24) * mm
        qr_size = (20 if self.a5 else 25) * mm
        show_qr = not draft
        left_w = self.width - (qr_size + 4 * mm if show_qr else 0)
        info = Table(
            [
                [
                    Paragraph(escape(label), s.label),
                    Paragraph(value, s.body_bold if bold else s.body),
                ]
                for label, value, bold in rows
            ],
            colWidths=[label_w, left_w - label_w],
            hAlign="LEFT",
        )
        info.setStyle(_tight_style())
        left = [title, Spacer(1, 2 * mm), info]
        if not show_qr:
            return _stack(left, left_w)
        payload = delivery_note_qr_payload(data)
        # The payload is printed under the code for a manual check; one line, as
        # large as fits under the code.
        size = min(s.size - 3, 0.97 * qr_size / max(text_width(payload, CONDENSED, 1), 1))
        caption = replace_style(
            s.small,
            "qr_caption",
            fontName=CONDENSED,
            fontSize=size,
            leading=size * 1.2,
            alignment=TA_CENTER,
        )
        right = [qr_code(payload, qr_size), user_paragraph(payload, caption)]
        block = Table(
            [[_stack(left, left_w), _stack(right, qr_size)]],
            colWidths=[left_w, qr_size + 4 * mm],
        )
        block.setStyle(
            TableStyle(
                [
                    *_tight_commands(),
                    ("ALIGN", (1, 0), (1, 0), "RIGHT"),
                ]
            )
        )
        return block

    def _arrival_text(self) -> str:
        arrived = self.data.arrived_at
        assert arrived is not None
        if arrived.date() == self.data.delivery_date:
            return arrived.strftime("%H:%M")
        return format_datetime(arrived)

    def _status_banner(self) -> Flowable | None:
        s, data = self.s, self.data
        if _is_draft(data):
            text = escape(_("DRAFT: not numbered yet, not valid as a delivery note."))
            colour = MUTED
        elif data.status == "cancelled":
            text = f"<b>{escape(_('CANCELLED'))}</b>"
            if data.cancel_reason.strip():
                text += " — " + escape(_("Reason: {reason}")).format(
                    reason=markup(data.cancel_reason, s.body.fontName)
                )
            if data.corrected_by_number.strip():
                text += " — " + escape(_("Corrected by {number}.")).format(
                    number=markup(data.corrected_by_number, s.body.fontName))
            colour = ALERT
        elif data.corrects_number.strip():
            text = escape(_("Correction of {number}, which was cancelled.")).format(
                number=f"<b>{markup(data.corrects_number, s.body.fontName)}</b>")
            colour = MUTED
        else:
            return None
        style = replace_style(s.body, "banner", textColor=colour)
        banner = Table([[Paragraph(text, style)]], colWidths=[self.width])
        banner.setStyle(
            TableStyle(
                [
                    ("LINEBEFORE", (0, 0), (0, 0), 2.5, colour),
                    ("LEFTPADDING", (0, 0), (-1, -1), 3 * mm),
                    ("TOPPADDING", (0, 0), (-1, -1), 1.5 * mm),
                    ("BOTTOMPADDING", (0, 0), (-1, -1), 1.8 * mm),
                ]
            )
        )
        return banner

    def _parties_block(self) -> Flowable:
        data = self.data
        supplier = self._party(_("Supplier (UMKM)"), data.supplier)
        if data.supplier.contact.strip():
            supplier.append(self._field(_("Owner"), data.supplier.contact))
        if data.driver_name.strip():
            supplier.append(self._field(_("Driver"), data.driver_name))
        if data.vehicle_plate.strip():
            supplier.append(self._field(_("Vehicle plate"), data.vehicle_plate))
        hotel = self._party(_("Partner hotel"), data.hotel)
        if data.hotel.contact.strip():
            hotel.append(self._field(_("Receiving contact"), data.hotel.contact))
        gutter = 6 * mm
        col = (self.width - gutter) / 2
        table = Table(
            [[_stack(supplier, col), "", _stack(hotel, col)]],
            colWidths=[col, gutter, col],
        )
        table.setStyle(TableStyle(_tight_commands()))
        return table

    def _party(self, heading: str, party: Party) -> list[Flowable]:
        s = self.s
        name = markup(party.name, s.body_bold.fontName)
        if party.code.strip():
            code = f"({markup(party.code, s.body_bold.fontName)})"
            name += " " + span(code, colour=MUTED, size=s.small.fontSize)
        parts: list[Flowable] = [
            Paragraph(escape(heading.upper()), s.section),
            Paragraph(name, s.body_bold),
        ]
        address = join_nonempty([party.address, party.city])
        if address:
            parts.append(user_paragraph(address, s.body))
        if party.phone.strip():
            parts.append(self._field(_("Phone"), party.phone))
        return parts

    def _field(self, label: str, value: str) -> Paragraph:
        s = self.s
        return Paragraph(
            f"{span(escape(label) + ':', colour=MUTED)} {markup(value, s.body.fontName)}",
            s.body,
        )

    # ----------------------------------------------------------------- lines

    def _full_columns(self) -> list[Column]:
        return [
            Column(_("No."), "right"),
            Column(_("Product"), flex=3, min_width=32 * mm),
            Column(_("Unit"), max_width=14 * mm),
            Column(_("Ordered"), "right"),
            Column(_("Delivered"), "right"),
            Column(_("Accepted"), "right"),
            Column(_("Rejected"), "right"),
            Column(_("Reason"), flex=1.6, min_width=17 * mm),
            Column(_("Lot"), flex=0.9, min_width=16 * mm),
            Column(_("Expiry"), "right"),
            Column(_("Unit price"), "right"),
            Column(_("Value"), "right"),
        ]

    def _compact_columns(self) -> list[Column]:
        return [
            Column(_("No."), "right"),
            Column(_("Product"), flex=3, min_width=26 * mm),
            Column(_("Unit"), max_width=11 * mm),
            Column(_("Ordered"), "right"),
            Column(_("Delivered"), "right"),
            Column(_("Accepted"), "right"),
            Column(_("Rejected"), "right"),
            Column(_("Reason"), flex=1.4, min_width=14 * mm),
            Column(_("Value"), "right"),
        ]

    def _unit_totals(self) -> list[_UnitTotal]:
        """Per unit, in the order the units first appear on the lines."""
        totals: dict[str, _UnitTotal] = {}
        for line in self.data.lines:
            totals.setdefault(line.unit, _UnitTotal(line.unit)).add(line)
        return list(totals.values())

    def _measure_totals(self, *, compact: bool) -> list[list[str]]:
        blanks = [""] if compact else ["", "", "", ""]
        rows = []
        for t in self._unit_totals():
            quantities = [format_qty(q) for q in t.quantities]
            rows.append(["", "", nobreak(t.unit), *quantities, *blanks, format_rupiah(t.value)])
        rows.append(["", "", "", "", "", "", "", *blanks, format_rupiah(self.data.total_value)])
        return rows

    def _choose_columns(self) -> _LineColumns:
        s = self.s
        full = fit_column_widths(
            self._full_columns(),
            self._measure_rows(compact=False),
            self.width,
            s,
            bold_cells=self._measure_totals(compact=False),
        )
        if full is not None:
            return _LineColumns(False, full)
        columns = self._compact_columns()
        rows = self._measure_rows(compact=True)
        bold = self._measure_totals(compact=True)
        compact = fit_column_widths(columns, rows, self.width, s, bold_cells=bold)
        if compact is None:
            # Huge numbers: the numbers keep their width, product and reason
            # make do with half their minimum and wrap more.
            relaxed = [replace(c, min_width=c.min_width / 2) for c in columns]
            compact = fit_column_widths(relaxed, rows, self.width, s, bold_cells=bold)
        if compact is None:
            # Beyond that, share the page by proportion: cells wrap, never clip.
            weights = [1, 6, 2, 2, 2, 2, 2, 3, 3]
            compact = [self.width * w / sum(weights) for w in weights]
        return _LineColumns(True, compact)

    def _measure_rows(self, *, compact: bool) -> list[list[str]]:
        """Plain text of every body cell as printed, for fitting the column widths."""
        rows = []
        for line in self.data.lines:
            qty = [format_qty(q) for q in _quantities(line)]
            product = f"{line.product_code} {line.product_name}".strip()
            reason = "\n".join(x for x in (line.rejection_reason, line.rejection_note) if x)
            if compact:
                amount = f"{format_rupiah(line.amount)}\n@{format_rupiah(line.unit_price)}"
                rows.append([str(line.line_no), product, nobreak(line.unit), *qty, reason, amount])
            else:
                rows.append(
                    [
                        str(line.line_no),
                        product,
                        nobreak(line.unit),
                        *qty,
                        reason,
                        line.lot_code,
                        format_date(line.expiry_date),
                        format_rupiah(line.unit_price),
                        format_rupiah(line.amount),
                    ]
                )
        return rows

    def _lines_table(self) -> Table:
        s, data = self.s, self.data
        compact = self.columns.compact
        columns = self._compact_columns() if compact else self._full_columns()
        header = [
            Paragraph(escape(c.header), s.cell_head_right if c.align == "right" else s.cell_head)
            for c in columns
        ]
        rows: list[list[object]] = [header]
        for line in data.lines:
            rows.append(self._line_row(line, compact))
        first_total = len(rows)
        rows += self._totals_rows(compact)

        # splitInRow: a line with a very long note may be taller than a page.
        table = Table(rows, colWidths=self.columns.widths, repeatRows=1, splitInRow=1)
        last = len(rows) - 1
        pad = s.cell_padding
        commands = [
            ("VALIGN", (0, 0), (-1, -1), "TOP"),
            ("VALIGN", (0, 0), (-1, 0), "BOTTOM"),
            ("LEFTPADDING", (0, 0), (-1, -1), pad),
            ("RIGHTPADDING", (0, 0), (-1, -1), pad),
            ("TOPPADDING", (0, 0), (-1, -1), pad * 0.8),
            ("BOTTOMPADDING", (0, 0), (-1, -1), pad * 1.05),
            ("BACKGROUND", (0, 0), (-1, 0), TINT),
            ("LINEABOVE", (0, 0), (-1, 0), 0.8, ACCENT),
            ("LINEBELOW", (0, 0), (-1, 0), 0.6, ACCENT),
            ("LINEABOVE", (0, first_total), (-1, first_total), 0.8, ACCENT),
            ("LINEBELOW", (0, last), (-1, last), 0.8, ACCENT),
            ("SPAN", (0, first_total), (1, first_total)),
            # empty cells of the totals take the cells' size, not ReportLab's default
            ("FONTSIZE", (0, first_total), (-1, last), s.cell_size),
            ("LEADING", (0, first_total), (-1, last), s.cell.leading),
        ]
        if first_total > 2:  # hairlines between lines; the totals have their own rule
            commands.append(("LINEBELOW", (0, 1), (-1, first_total - 2), 0.25, RULE))
        if last > first_total:  # one row per unit, then the value of everything
            commands += [
                ("LINEBELOW", (2, first_total), (-1, last - 2), 0.25, RULE),
                ("LINEABOVE", (0, last), (-1, last), 0.6, ACCENT),
                ("SPAN", (0, last), (-2, last)),
            ]
            for row in range(first_total + 1, last):
                commands.append(("SPAN", (0, row), (1, row)))
        table.setStyle(TableStyle(commands))
        return table

    def _line_row(self, line: DeliveryNoteLine, compact: bool) -> list[object]:
        s = self.s
        cell, right, small = s.cell, s.cell_right, s.cell_small
        product = self._product_markup(line)
        if compact:
            extra = self._lot_expiry_text(line)
            if extra:
                product += "<br/>" + span(extra, colour=MUTED, size=small.fontSize)
        quantities = [Paragraph(format_qty(q), right) for q in _quantities(line)]
        if line.rejected:
            quantities[3] = Paragraph(format_qty(line.rejected), s.cell_total_right)
        reason = markup(line.rejection_reason, cell.fontName)
        if line.rejection_note.strip():
            note = markup(line.rejection_note, cell.fontName)
            reason += ("<br/>" if reason else "") + span(note, colour=MUTED, size=small.fontSize)
        row: list[object] = [
            Paragraph(str(line.line_no), right),
            Paragraph(product, cell),
            user_paragraph(nobreak(line.unit), cell),
            *quantities,
            Paragraph(reason, cell),
        ]
        if compact:
            amount = escape(format_rupiah(line.amount))
            price = "@" + escape(format_rupiah(line.unit_price))
            amount += "<br/>" + span(price, colour=MUTED, size=small.fontSize)
            row.append(Paragraph(amount, right))
        else:
            row += [
                user_paragraph(line.lot_code, cell),
                Paragraph(escape(format_date(line.expiry_date)), right),
                Paragraph(escape(format_rupiah(line.unit_price)), right),
                Paragraph(escape(format_rupiah(line.amount)), right),
            ]
        return row

    def _product_markup(self, line: DeliveryNoteLine) -> str:
        font = self.s.cell.fontName
        name = markup(bind_measures(line.product_name), font)
        if not line.product_code.strip():
            return name
        return f"{span(markup(line.product_code, font), colour=MUTED)} {name}"

    def _lot_expiry_text(self, line: DeliveryNoteLine) -> str:
        font = self.s.cell_small.fontName
        parts = []
        if line.lot_code.strip():
            parts.append(escape(_("Lot")) + " " + markup(line.lot_code, font))
        if line.expiry_date is not None:
            parts.append(escape(_("Exp. {date}").format(date=format_date(line.expiry_date))))
        return " · ".join(parts)

    def _totals_rows(self, compact: bool) -> list[list[object]]:
        """One row per unit (a checker adds up the lines of that unit and finds it), then,
        when there are several units, the value of all the accepted goods."""
        s = self.s
        units = self._unit_totals()
        blanks: list[object] = [""] * (1 if compact else 4)
        rows: list[list[object]] = []
        label = _("Total") if len(units) <= 1 else _("Total per unit")
        for index, total in enumerate(units):
            rows.append(
                [
                    Paragraph(escape(label), s.cell_total) if index == 0 else "",
                    "",
                    user_paragraph(nobreak(total.unit), s.cell_total),
                    *(Paragraph(format_qty(q), s.cell_total_right) for q in total.quantities),
                    *blanks,
                    Paragraph(escape(format_rupiah(total.value)), s.cell_total_right),
                ]
            )
        grand = Paragraph(escape(format_rupiah(self.data.total_value)), s.cell_total_right)
        if not rows:
            rows.append([Paragraph(escape(_("Total")), s.cell_total), "", "", "", "", "", ""])
            rows[-1] += [*blanks, grand]
        elif len(units) > 1:
            label_all = Paragraph(escape(_("Total value, all units")), s.cell_total)
            rows.append([label_all, *[""] * (len(rows[0]) - 2), grand])
        return rows

    def _value_summary(self) -> Flowable:
        s = self.s
        style = replace_style(s.body, "value_summary", alignment=TA_RIGHT)
        text = (
            f"{span(escape(_('Value of accepted goods')) + ':', colour=MUTED)} "
            f"<b>{escape(format_rupiah(self.data.total_value))}</b>"
        )
        return Paragraph(text, style)

    # ----------------------------------------------------------------- signatures

    def _signatures(self) -> Flowable:
        s, data = self.s, self.data
        boxes = [
            (_("Sender"), data.supplier.name, data.driver_name),
            (_("Receiver"), data.hotel.name, data.received_by),
            (_("Acknowledged by"), data.organisation.name, data.known_by),
        ]
        head = replace_style(s.body_bold, "sig_head", alignment=TA_CENTER)
        sub = replace_style(s.small, "sig_sub", alignment=TA_CENTER)
        name_style = replace_style(s.body, "sig_name", alignment=TA_CENTER)
        blank = "(" + "." * (28 if not self.a5 else 22) + ")"
        gutter = 8 * mm if not self.a5 else 5 * mm
        col = (self.width - 2 * gutter) / 3
        space = (18 if not self.a5 else 14) * mm
        rows: list[list[object]] = [[], [], [], []]
        for index, (title, party, person) in enumerate(boxes):
            if index:
                for row in rows:
                    row.append("")
            rows[0].append(Paragraph(escape(title), head))
            rows[1].append(user_paragraph(party, sub))
            rows[2].append("")
            rows[3].append(
                Paragraph(markup(person, name_style.fontName), name_style)
                if person.strip()
                else Paragraph(blank, replace_style(name_style, "sig_blank", textColor=MUTED))
            )
        table = Table(
            rows,
            colWidths=[col, gutter, col, gutter, col],
            rowHeights=[None, None, space, None],
        )
        commands = [*_tight_commands(), ("VALIGN", (0, 0), (-1, -1), "TOP")]
        for c in (0, 2, 4):
            commands.append(("LINEABOVE", (c, 3), (c, 3), 0.6, MUTED))
            commands.append(("TOPPADDING", (c, 3), (c, 3), 1.5))
        table.setStyle(TableStyle(commands))
        return table


# --------------------------------------------------------------------------- helpers


def _quantities(line: DeliveryNoteLine) -> tuple[Decimal, Decimal, Decimal, Decimal]:
    return (line.ordered, line.delivered, line.accepted, line.rejected)


@dataclass
class _UnitTotal:
    """The lines of one unit added up: quantities of one unit only, and their value."""

    unit: str
    quantities: list[Decimal] = field(default_factory=lambda: [Decimal(0)] * 4)
    value: int = 0

    def add(self, line: DeliveryNoteLine) -> None:
        self.quantities = [t + q for t, q in zip(self.quantities, _quantities(line), strict=True)]
        self.value += line.amount


def _tight_commands() -> list[tuple[object, ...]]:
    return [
        ("LEFTPADDING", (0, 0), (-1, -1), 0),
        ("RIGHTPADDING", (0, 0), (-1, -1), 0),
        ("TOPPADDING", (0, 0), (-1, -1), 0),
        ("BOTTOMPADDING", (0, 0), (-1, -1), 0),
        ("VALIGN", (0, 0), (-1, -1), "TOP"),
    ]


def _tight_style() -> TableStyle:
    return TableStyle([*_tight_commands(), ("BOTTOMPADDING", (0, 0), (-1, -1), 1)])


def _stack(flowables: Sequence[Flowable], width: float) -> Table:
    """Flowables one under the other in a box ``width`` wide (for side-by-side blocks)."""
    table = Table([[f] for f in flowables], colWidths=[width])
    table.setStyle(TableStyle(_tight_commands()))
    return table
