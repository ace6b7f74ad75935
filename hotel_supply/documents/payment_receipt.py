"""Kuitansi: the receipt of a payment against an invoice.

Plain :class:`PaymentReceiptData` in, PDF bytes out (SPEC section 4): number
and date, "Telah terima dari" the hotel's billing name, "Uang sejumlah" the
amount in words, "Untuk pembayaran" the invoice, the amount boxed in figures,
a LUNAS stamp when nothing is owed after this payment, a box for the Rp10.000
meterai above Rp5.000.000, and the signature of the receiver on behalf of the
supplier. A5 landscape, one copy by default; the same data gives the same bytes.
"""

from __future__ import annotations

from reportlab.lib.enums import TA_CENTER
from reportlab.lib.units import mm
from reportlab.platypus import Flowable, Paragraph, Spacer, Table, TableStyle

from hotel_supply.documents.common import (
    ACCENT,
    ALERT,
    MUTED,
    RULE,
    TINT,
    DocumentStyles,
    Letterhead,
    build_pdf,
    document_styles,
    escape,
    join_nonempty,
    markup,
    page_geometry,
    replace_style,
    span,
)
from hotel_supply.documents.invoice_data import PaymentReceiptData
from hotel_supply.documents.month_common import A5_LANDSCAPE, Stamp, stack, tight_commands
from hotel_supply.formatting import amount_in_words, format_date, format_date_long, format_rupiah
from hotel_supply.i18n import _

__all__ = ["render_payment_receipt"]


def render_payment_receipt(
    data: PaymentReceiptData, *, copies: tuple[str, ...] = ("ASLI",)
) -> bytes:
    """The kuitansi as PDF bytes (A5 landscape), one page per copy label."""
    geometry = page_geometry(A5_LANDSCAPE)
    styles = document_styles(geometry.name)
    title = _("Payment receipt")
    letterhead = Letterhead(
        organisation=data.organisation,
        document_title=title,
        document_number=data.number,
        printed_at=data.printed_at,
    )
    layout = _ReceiptLayout(data, styles, geometry.content_width)
    return build_pdf(
        lambda _copy: layout.story(),
        letterhead=letterhead,
        page_size=A5_LANDSCAPE,
        copies=copies,
        title=join_nonempty([title, data.number], " "),
        subject=join_nonempty([data.payer, data.supplier_name], " → "),
    )


class _ReceiptLayout:
    def __init__(self, data: PaymentReceiptData, styles: DocumentStyles, width: float) -> None:
        self.data = data
        self.s = styles
        self.width = width

    def story(self) -> list[Flowable]:
        return [
            self._title(),
            Spacer(1, 3 * mm),
            self._fields(),
            Spacer(1, 4 * mm),
            self._bottom(),
        ]

    def _title(self) -> Flowable:
        s, data = self.s, self.data
        title = Paragraph(escape(_("PAYMENT RECEIPT")), s.title)
        facts = replace_style(s.body, "receipt_facts", alignment=2)
        right = Paragraph(
            f"{span(escape(_('Number')) + ':', colour=MUTED)} "
            f"<b>{markup(data.number, s.body_bold.fontName)}</b><br/>"
            f"{span(escape(_('Date')) + ':', colour=MUTED)} "
            f"{escape(format_date_long(data.paid_on))}",
            facts,
        )
        table = Table([[title, right]], colWidths=[self.width * 0.45, self.width * 0.55])
        table.setStyle(
            TableStyle(
                [
                    *tight_commands(),
                    ("VALIGN", (0, 0), (-1, -1), "BOTTOM"),
                    ("LINEBELOW", (0, 0), (-1, 0), 0.5, RULE),
                    ("BOTTOMPADDING", (0, 0), (-1, -1), 1.5 * mm),
                ]
            )
        )
        return table

    def _fields(self) -> Flowable:
        s, data = self.s, self.data
        font = s.body.fontName
        label = replace_style(s.label, "receipt_label")
        words_style = replace_style(
            s.body_bold,
            "receipt_words",
            fontName=s.body_bold.fontName,
            fontSize=s.size + 0.5,
            leading=(s.size + 0.5) * 1.35,
        )
        # Always the Indonesian words: the legal text of a Rupiah amount.
        words = Table([[Paragraph(f"<i>{escape(amount_in_words(data.amount))}</i>", words_style)]])
        words.setStyle(
            TableStyle(
                [
                    ("BACKGROUND", (0, 0), (-1, -1), TINT),
                    ("LEFTPADDING", (0, 0), (-1, -1), 2.5 * mm),
                    ("TOPPADDING", (0, 0), (-1, -1), 1.5 * mm),
                    ("BOTTOMPADDING", (0, 0), (-1, -1), 2 * mm),
                ]
            )
        )
        purpose = _("Invoice {number}").format(number=data.invoice_number)
        if data.invoice_issue_date is not None:
            purpose += " " + _("of {date}").format(date=format_date(data.invoice_issue_date))
        purpose += " — " + data.supplier_name
        if data.paid_in_full:
            settled = _("settled in full")
        else:
            settled = _("still owed after this payment: {amount}").format(
                amount=format_rupiah(data.outstanding_after)
            )
        purpose_markup = (
            markup(purpose, font)
            + "<br/>"
            + span(
                escape(_("Invoice total {total}").format(total=format_rupiah(data.invoice_total)))
                + " · "
                + escape(settled),
                colour=MUTED,
                size=s.small.fontSize,
            )
        )
        method = join_nonempty([data.method, data.reference], " · ")
        rows: list[list[object]] = [
            [
                Paragraph(escape(_("Received from")), label),
                Paragraph(f"<b>{markup(data.payer, s.body_bold.fontName)}</b>", s.body),
            ],
            [Paragraph(escape(_("The sum of")), label), words],
            [Paragraph(escape(_("In payment of")), label), Paragraph(purpose_markup, s.body)],
            [Paragraph(escape(_("Paid by")), label), Paragraph(markup(method, font), s.body)],
        ]
        if data.notes.strip():
            rows.append(
                [Paragraph(escape(_("Notes")), label), Paragraph(markup(data.notes, font), s.body)]
            )
        label_w = 32 * mm
        table = Table(rows, colWidths=[label_w, self.width - label_w])
        table.setStyle(
            TableStyle(
                [
                    *tight_commands(),
                    ("BOTTOMPADDING", (0, 0), (-1, -1), 2 * mm),
                    ("VALIGN", (0, 0), (0, -1), "TOP"),
                    ("TOPPADDING", (0, 1), (0, 1), 1.5 * mm),
                ]
            )
        )
        return table

    def _bottom(self) -> Flowable:
        s, data = self.s, self.data
        # Left: the amount in figures, boxed; middle: LUNAS; right: signature (and meterai).
        amount_style = replace_style(
            s.title,
            "receipt_amount",
            fontSize=s.size + 7,
            leading=(s.size + 7) * 1.2,
            textColor=ACCENT,
        )
        amount = Table([[Paragraph(escape(format_rupiah(data.amount)), amount_style)]])
        amount.setStyle(
            TableStyle(
                [
                    ("BOX", (0, 0), (-1, -1), 1.4, ACCENT),
                    ("LINEBEFORE", (0, 0), (0, -1), 5, ACCENT),
                    ("LEFTPADDING", (0, 0), (-1, -1), 4 * mm),
                    ("RIGHTPADDING", (0, 0), (-1, -1), 4 * mm),
                    ("TOPPADDING", (0, 0), (-1, -1), 2 * mm),
                    ("BOTTOMPADDING", (0, 0), (-1, -1), 3 * mm),
                ]
            )
        )
        left_w = self.width * 0.36
        mid_w = self.width * 0.24
        right_w = self.width - left_w - mid_w
        left = stack([amount], left_w)
        middle: Flowable | str = ""
        if data.paid_in_full:
            middle = Stamp(
                _("PAID IN FULL"), colour=ALERT, width=mid_w, height=22 * mm, size=s.size + 9
            )
        return Table(
            [[left, middle, self._signature(right_w)]],
            colWidths=[left_w, mid_w, right_w],
            style=TableStyle([*tight_commands(), ("VALIGN", (1, 0), (1, 0), "MIDDLE")]),
        )

    def _signature(self, width: float) -> Flowable:
        s, data = self.s, self.data
        centre = replace_style(s.body, "receipt_sig", alignment=TA_CENTER)
        bold = replace_style(s.body_bold, "receipt_sig_bold", alignment=TA_CENTER)
        small = replace_style(s.small, "receipt_sig_small", alignment=TA_CENTER)
        place = join_nonempty([data.city, format_date_long(data.paid_on)], ", ")
        meterai: Flowable | str = ""
        space = 16 * mm
        if data.needs_meterai:
            box = Table(
                [[Paragraph(escape(_("Meterai Rp10.000")), small)]],
                colWidths=[24 * mm],
                rowHeights=[space - 2 * mm],
            )
            box.setStyle(
                TableStyle(
                    [
                        ("BOX", (0, 0), (-1, -1), 0.6, MUTED, None, (2, 2)),
                        ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
                        ("LEFTPADDING", (0, 0), (-1, -1), 1),
                        ("RIGHTPADDING", (0, 0), (-1, -1), 1),
                    ]
                )
            )
            meterai = box
        blank = Paragraph("(" + "." * 34 + ")", replace_style(centre, "rs_blank", textColor=MUTED))
        rows: list[list[object]] = [
            [Paragraph(markup(place, centre.fontName), centre)],
            [Paragraph(escape(_("Received by")), centre)],
            [
                Paragraph(
                    markup(
                        _("on behalf of {supplier}").format(supplier=data.supplier_name),
                        bold.fontName,
                    ),
                    bold,
                )
            ],
            [meterai],
            [blank],
        ]
        table = Table(rows, colWidths=[width], rowHeights=[None, None, None, space, None])
        table.setStyle(
            TableStyle(
                [
                    *tight_commands(),
                    ("ALIGN", (0, 3), (0, 3), "CENTER"),
                    ("VALIGN", (0, 3), (0, 3), "MIDDLE"),
                ]
            )
        )
        return table
