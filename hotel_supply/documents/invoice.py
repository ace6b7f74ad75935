"""Tagihan and Nota Kredit: the monthly invoice a supplier sends a hotel, and its correction.

Plain :class:`InvoiceDocData` in, PDF bytes out (SPEC section 4). The programme
office issues the invoice on the supplier's behalf (self-billing): the supplier
is the issuer, the hotel the customer. One line per accepted delivery line,
subtotal, DPP and PPN only when the supplier is PKP, total, the amount in words,
how to pay, and a signature box. A credit note is the same document titled
NOTA KREDIT, naming the invoice it corrects and why, its totals labelled as
credit. A draft prints with a DRAFT watermark and no number. A4, one copy by
default; the same data gives the same bytes.
"""

from __future__ import annotations

from reportlab.lib.enums import TA_CENTER, TA_RIGHT
from reportlab.lib.units import mm
from reportlab.platypus import (
    Flowable,
    KeepTogether,
    Spacer,
    Table,
    TableStyle,
)

from hotel_supply.documents.common import (
    ACCENT,
    ALERT,
    MUTED,
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
    nobreak,
    page_geometry,
    replace_style,
    span,
    text_width,
    user_paragraph,
)
from hotel_supply.documents.data import Party
from hotel_supply.documents.invoice_data import InvoiceDocData
from hotel_supply.documents.month_common import (
    Cell,
    data_table,
    section_heading,
    stack,
    tight_commands,
    title_block,
)
from hotel_supply.documents.text import Paragraph
from hotel_supply.formatting import (
    amount_in_words,
    format_date,
    format_date_long,
    format_month,
    format_qty,
    format_rupiah,
)
from hotel_supply.i18n import _

__all__ = ["render_invoice"]


def render_invoice(
    data: InvoiceDocData, *, page_size: str = "A4", copies: tuple[str, ...] = ("ASLI",)
) -> bytes:
    """The invoice (or credit note) as PDF bytes on ``page_size`` ("A4", "A5" or "F4"),
    one full set of pages per copy."""
    geometry = page_geometry(page_size)
    styles = document_styles(geometry.name)
    title = _("Credit note") if data.is_credit_note else _("Invoice")
    cancelled = data.status == "cancelled"
    watermark = _("DRAFT") if data.is_draft else _("CANCELLED") if cancelled else ""
    letterhead = Letterhead(
        organisation=data.organisation,
        document_title=title,
        document_number=_("DRAFT") if data.is_draft else data.number.strip(),
        printed_at=data.printed_at,
        made_by=data.made_by,
        watermark=watermark,
        watermark_colour=ALERT if cancelled and not data.is_draft else MUTED,
    )
    layout = _InvoiceLayout(data, styles, geometry.content_width)
    return build_pdf(
        lambda _copy: layout.story(),
        letterhead=letterhead,
        page_size=geometry.name,
        copies=copies,
        title=join_nonempty([title, data.number.strip() or _("DRAFT")], " "),
        subject=join_nonempty([data.supplier.name, data.hotel.name], " → "),
    )


class _InvoiceLayout:
    def __init__(self, data: InvoiceDocData, styles: DocumentStyles, width: float) -> None:
        self.data = data
        self.s = styles
        self.width = width

    def story(self) -> list[Flowable]:
        s, data = self.s, self.data
        parts: list[Flowable] = [self._title()]
        banner = self._banner()
        if banner is not None:
            parts += [Spacer(1, 2.5 * mm), banner]
        parts += [Spacer(1, 4 * mm), self._parties(), Spacer(1, 5 * mm)]
        heading = _("Credited lines") if data.is_credit_note else _("Delivered goods")
        parts.append(section_heading(s, heading))
        # The totals, the amount in words, how to pay and the signature close the
        # invoice: they never start a page alone, the last lines go over with them.
        closing: list[Flowable] = [
            Spacer(1, 2 * mm),
            self._totals(),
            Spacer(1, 2 * mm),
            self._in_words(),
        ]
        if data.notes.strip() and not data.is_credit_note:
            closing += [
                Spacer(1, 4 * mm),
                section_heading(s, _("Notes")),
                user_paragraph(data.notes, s.body),
            ]
        # How to pay and the signature side by side.
        sign_w = 66 * mm
        text_w = self.width - sign_w - 8 * mm
        payment = Table(
            [[stack(self._instructions(), text_w), "", self._signature(sign_w)]],
            colWidths=[text_w, 8 * mm, sign_w],
            style=TableStyle(tight_commands()),
        )
        closing += [Spacer(1, 6 * mm), payment]
        lines = self._lines()
        if isinstance(lines, Table):
            parts.append(TableWithClosing(lines, closing, keep_rows=3))
        else:
            parts += [lines, KeepTogether(closing)]
        return parts

    # ----------------------------------------------------------------- top

    def _title(self) -> Flowable:
        s, data = self.s, self.data
        title = _("CREDIT NOTE") if data.is_credit_note else _("INVOICE")
        number = data.number.strip() if not data.is_draft else _("DRAFT (no number yet)")
        rows: list[tuple[str, str, bool]] = [
            (_("Number"), markup(number, s.body_bold.fontName), True),
            (_("Issue date"), escape(format_date_long(data.issue_date) or "—"), False),
        ]
        if data.is_credit_note:
            corrects = _("Corrects invoice {number}").format(number=data.corrects_number)
            if data.corrects_issue_date is not None:
                corrects += " " + _("of {date}").format(
                    date=format_date_long(data.corrects_issue_date)
                )
            rows.append((_("Correction"), markup(corrects, s.body.fontName), False))
        else:
            rows.append((_("Period"), escape(format_month(data.year, data.month)), False))
            rows.append((_("Due date"), escape(format_date_long(data.due_date) or "—"), True))
        box_width = 58 * mm
        return title_block(
            s, self.width, title, rows, right=[self._amount_box(box_width)], right_width=box_width
        )

    def _amount_box(self, width: float) -> Flowable:
        s, data = self.s, self.data
        label = _("Total credit") if data.is_credit_note else _("Amount due")
        label_style = replace_style(s.small, "amount_label", alignment=TA_RIGHT)
        amount = format_rupiah(data.total)
        # As large as the box holds on one line: Rp1.108.890.000 and beyond never wrap.
        inner = width - 6 * mm - 1
        size = min(s.size + 6, inner / max(text_width(amount, s.title.fontName, 1), 1))
        value_style = replace_style(
            s.title,
            "amount_value",
            fontSize=size,
            leading=max(size * 1.2, s.size * 1.3),
            alignment=TA_RIGHT,
            splitLongWords=0,
        )
        rows: list[list[object]] = [
            [Paragraph(escape(label), label_style)],
            [Paragraph(escape(nobreak(amount)), value_style)],
        ]
        if not data.is_credit_note and data.due_date is not None:
            rows.append(
                [
                    Paragraph(
                        escape(_("by {date}").format(date=format_date_long(data.due_date))),
                        label_style,
                    )
                ]
            )
        box = Table(rows, colWidths=[width])
        box.setStyle(
            TableStyle(
                [
                    ("BACKGROUND", (0, 0), (-1, -1), TINT),
                    ("LINEABOVE", (0, 0), (-1, 0), 1.2, ACCENT),
                    ("LEFTPADDING", (0, 0), (-1, -1), 3 * mm),
                    ("RIGHTPADDING", (0, 0), (-1, -1), 3 * mm),
                    ("TOPPADDING", (0, 0), (-1, 0), 2.5 * mm),
                    ("TOPPADDING", (0, 1), (-1, -1), 0.5 * mm),
                    ("BOTTOMPADDING", (0, 0), (-1, -1), 0.5 * mm),
                    ("BOTTOMPADDING", (0, -1), (-1, -1), 2.5 * mm),
                ]
            )
        )
        return box

    def _banner(self) -> Flowable | None:
        s, data = self.s, self.data
        if data.is_draft:
            text = escape(_("DRAFT: not numbered yet, not valid as an invoice."))
            colour = MUTED
        elif data.status == "cancelled":
            text = f"<b>{escape(_('CANCELLED'))}</b>"
            if data.cancel_reason.strip():
                text += " — " + escape(_("Reason: {reason}")).format(
                    reason=markup(data.cancel_reason, s.body.fontName)
                )
            colour = ALERT
        elif data.is_credit_note and data.notes.strip():
            heading = _("Reason for the correction")
            text = f"<b>{escape(heading)}:</b> " + markup(data.notes, s.body.fontName)
            colour = ACCENT
        else:
            return None
        style = replace_style(s.body, "banner", textColor=colour if colour != ACCENT else None)
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

    def _parties(self) -> Flowable:
        data = self.data
        supplier = self._party(_("From (supplier)"), data.supplier)
        supplier.append(
            self._field(
                _("Tax status"),
                _("PKP (charges PPN)") if data.supplier_is_pkp else _("Not PKP (no PPN)"),
            )
        )
        if data.supplier_bank.strip():
            supplier.append(self._field(_("Bank account"), data.supplier_bank))
        hotel = self._party(_("Bill to"), data.hotel)
        gutter = 6 * mm
        col = (self.width - gutter) / 2
        table = Table([[stack(supplier, col), "", stack(hotel, col)]], colWidths=[col, gutter, col])
        table.setStyle(TableStyle(tight_commands()))
        return table

    def _party(self, heading: str, party: Party) -> list[Flowable]:
        s = self.s
        parts: list[Flowable] = [
            Paragraph(escape(heading.upper()), s.section),
            user_paragraph(party.name, s.body_bold),
        ]
        address = join_nonempty([party.address, party.city])
        if address:
            parts.append(user_paragraph(address, s.body))
        if party.phone.strip():
            parts.append(self._field(_("Phone"), party.phone))
        parts.append(self._field(_("NPWP"), party.npwp.strip() or "—"))
        return parts

    def _field(self, label: str, value: str) -> Paragraph:
        s = self.s
        return Paragraph(
            f"{span(escape(label) + ':', colour=MUTED)} {markup(value, s.body.fontName)}", s.body
        )

    # ----------------------------------------------------------------- lines

    def _lines(self) -> Flowable:
        s, data = self.s, self.data
        columns = [
            Column(_("No."), "right"),
            Column(_("Date"), "right"),
            Column(_("Delivery note"), max_width=34 * mm),
            Column(_("Product"), flex=3, min_width=45 * mm),
            Column(_("Quantity"), "right"),
            Column(_("Unit")),  # as wide as its widest unit: a unit never wraps
            Column(_("Unit price"), "right"),
            Column(_("Amount"), "right"),
        ]
        rows: list[list[str | Cell]] = [
            [
                str(line.line_no),
                format_date(line.delivery_date),
                line.delivery_number,
                Cell(line.product_name, prefix=line.product_code),
                format_qty(line.quantity),
                nobreak(line.unit),
                format_rupiah(line.unit_price),
                format_rupiah(line.amount),
            ]
            for line in data.lines
        ]
        if not rows:
            return Paragraph(escape(_("No lines.")), s.body)
        return data_table(
            s,
            self.width,
            columns,
            rows,
            weights=[2, 4, 6, 14, 3, 3, 5, 6],
        )

    def _totals(self) -> Flowable:
        s, data = self.s, self.data
        credit = data.is_credit_note
        rows: list[tuple[str, int, bool]] = [
            (_("Subtotal credited") if credit else _("Subtotal"), data.subtotal, False)
        ]
        if data.charges_ppn:
            dpp = (
                _("DPP ({fraction})").format(fraction=data.tax_base_fraction)
                if data.tax_base_fraction
                else _("DPP")
            )
            rows.append((dpp, data.tax_base, False))
            rate = format_qty(data.ppn_rate)
            rows.append(
                (
                    _("PPN {rate}% credited").format(rate=rate)
                    if credit
                    else _("PPN {rate}%").format(rate=rate),
                    data.ppn,
                    False,
                )
            )
        rows.append((_("Total credit") if credit else _("Total"), data.total, True))
        right = replace_style(s.body, "tot_right", alignment=TA_RIGHT, splitLongWords=0)
        right_bold = replace_style(
            s.body_bold,
            "tot_right_bold",
            alignment=TA_RIGHT,
            fontSize=s.size + 1.5,
            leading=(s.size + 1.5) * 1.3,
            splitLongWords=0,
        )
        # The amounts column as wide as its widest amount (measured as printed).
        widest = max(
            text_width(format_rupiah(amount), style.fontName, style.fontSize)
            for _label, amount, bold in rows
            for style in [right_bold if bold else right]
        )
        label_w = 52 * mm
        value_w = max(34 * mm, widest + s.cell_padding + 2 * mm)
        label_bold = replace_style(
            s.body_bold, "tot_label_bold", fontSize=s.size + 1.5, leading=(s.size + 1.5) * 1.3
        )
        body = [
            [
                "",
                Paragraph(escape(label), label_bold if bold else s.label),
                Paragraph(escape(format_rupiah(amount)), right_bold if bold else right),
            ]
            for label, amount, bold in rows
        ]
        table = Table(body, colWidths=[self.width - label_w - value_w, label_w, value_w])
        last = len(body) - 1
        table.setStyle(
            TableStyle(
                [
                    ("LEFTPADDING", (0, 0), (-1, -1), 0),
                    ("RIGHTPADDING", (0, 0), (-1, -1), 0),
                    ("RIGHTPADDING", (2, 0), (2, -1), s.cell_padding),
                    ("TOPPADDING", (0, 0), (-1, -1), 1),
                    ("BOTTOMPADDING", (0, 0), (-1, -1), 1.5),
                    ("LINEABOVE", (1, last), (2, last), 0.8, ACCENT),
                    ("LINEBELOW", (1, last), (2, last), 0.8, ACCENT),
                    ("TOPPADDING", (0, last), (-1, last), 2.5),
                    ("BOTTOMPADDING", (0, last), (-1, last), 3),
                ]
            )
        )
        return table

    def _in_words(self) -> Flowable:
        s, data = self.s, self.data
        # Always the Indonesian words: the legal text of a Rupiah amount.
        words = "Terbilang: " + amount_in_words(data.total)
        style = replace_style(s.body, "in_words", fontName=s.body.fontName)
        box = Table([[Paragraph(f"<i>{escape(words)}</i>", style)]], colWidths=[self.width])
        box.setStyle(
            TableStyle(
                [
                    ("BOX", (0, 0), (-1, -1), 0.5, RULE),
                    ("LEFTPADDING", (0, 0), (-1, -1), 3 * mm),
                    ("TOPPADDING", (0, 0), (-1, -1), 1.8 * mm),
                    ("BOTTOMPADDING", (0, 0), (-1, -1), 2.2 * mm),
                ]
            )
        )
        return box

    # ----------------------------------------------------------------- closing

    def _instructions(self) -> list[Flowable]:
        s, data = self.s, self.data
        office = data.organisation.name
        parts: list[Flowable] = []
        if data.is_credit_note:
            parts.append(section_heading(s, _("About this credit note")))
            text = _(
                "This credit note reduces what is owed on invoice {number} by {amount}. "
                "If that invoice is already paid, the amount is settled with the supplier's "
                "next invoice or refunded."
            ).format(number=data.corrects_number, amount=format_rupiah(data.total))
            parts.append(user_paragraph(text, s.body))
        else:
            parts.append(section_heading(s, _("How to pay")))
            number = data.number.strip() or _("(number given at issue)")
            due = format_date_long(data.due_date) or "—"
            if data.supplier_bank.strip():
                text = _(
                    "Please transfer {amount} to the supplier's account {bank}, by {due}, "
                    "quoting invoice number {number}."
                ).format(
                    amount=format_rupiah(data.total),
                    bank=data.supplier_bank.strip(),
                    due=due,
                    number=number,
                )
            else:
                text = _(
                    "Please pay {amount} to the supplier by {due}, quoting invoice number "
                    "{number}; the office gives the account on request."
                ).format(amount=format_rupiah(data.total), due=due, number=number)
            parts.append(user_paragraph(text, s.body))
        parts += [
            Spacer(1, 1.5 * mm),
            user_paragraph(
                _(
                    "Issued by {office} on behalf of {supplier} (self-billing): the supplier "
                    "is the seller of the goods and receives the payment."
                ).format(office=office, supplier=data.supplier.name),
                s.small,
            ),
        ]
        return parts

    def _signature(self, width: float) -> Flowable:
        s, data = self.s, self.data
        centre = replace_style(s.body, "inv_sig", alignment=TA_CENTER)
        bold = replace_style(s.body_bold, "inv_sig_bold", alignment=TA_CENTER)
        small = replace_style(s.small, "inv_sig_small", alignment=TA_CENTER)
        place = join_nonempty([data.organisation.city, format_date_long(data.issue_date)], ", ")
        supplier = _("on behalf of {supplier}").format(supplier=data.supplier.name)
        rows: list[list[object]] = [
            [user_paragraph(place, centre)],
            [user_paragraph(supplier, bold)],
            [""],
            [user_paragraph(data.organisation.name, small)],
        ]
        table = Table(rows, colWidths=[width], rowHeights=[None, None, 20 * mm, None])
        table.setStyle(
            TableStyle(
                [
                    *tight_commands(),
                    ("LINEABOVE", (0, 3), (0, 3), 0.6, MUTED),
                    ("TOPPADDING", (0, 3), (0, 3), 1.5),
                ]
            )
        )
        return table
