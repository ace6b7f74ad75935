"""Kuitansi: the receipt of a payment against an invoice (or of a refund to the hotel).

Plain :class:`PaymentReceiptData` in, PDF bytes out (SPEC section 4): number
and date, "Telah terima dari" the hotel's billing name, "Uang sejumlah" the
amount in words, "Untuk pembayaran" the invoice, then the account of the
invoice as it stood: its total, each credit note and each earlier payment
(number, date, amount), this payment and what remains, adding up on the
paper; the amount boxed in figures, a LUNAS stamp when nothing remains, a box
for the Rp10.000 meterai above Rp5.000.000, and the receiver's signature. A
refund (money paid back to the hotel) prints the same way with the roles
reversed: the hotel receives and signs. A5 landscape, one copy by default; the
same data gives the same bytes.
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
from hotel_supply.documents.month_common import Stamp, landscape_of, stack, tight_commands
from hotel_supply.formatting import amount_in_words, format_date, format_date_long, format_rupiah
from hotel_supply.i18n import _

__all__ = ["render_payment_receipt"]


def render_payment_receipt(
    data: PaymentReceiptData, *, page_size: str = "A5", copies: tuple[str, ...] = ("ASLI",)
) -> bytes:
    """The kuitansi as PDF bytes, one page per copy label: A5 turned (half an A4 sheet) by
    default; on A4 or F4 it fills the top of the sheet, as wide as on A5, to be cut off."""
    page = landscape_of(page_size) if page_geometry(page_size).name == "A5" else page_size
    geometry = page_geometry(page)
    styles = document_styles(geometry.name)
    title = _("Refund receipt") if data.is_refund else _("Payment receipt")
    letterhead = Letterhead(
        organisation=data.organisation,
        document_title=title,
        document_number=data.number,
        printed_at=data.printed_at,
        made_by=data.made_by,
    )
    layout = _ReceiptLayout(data, styles, geometry.content_width)
    return build_pdf(
        lambda _copy: layout.story(),
        letterhead=letterhead,
        page_size=page,
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
            Spacer(1, 2 * mm),
            self._fields(),
            Spacer(1, 1.5 * mm),
            self._account(),
            Spacer(1, 3 * mm),
            self._bottom(),
        ]

    def _title(self) -> Flowable:
        s, data = self.s, self.data
        title = Paragraph(
            escape(_("REFUND RECEIPT") if data.is_refund else _("PAYMENT RECEIPT")), s.title
        )
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
        invoice = _("Invoice {number}").format(number=data.invoice_number)
        if data.invoice_issue_date is not None:
            invoice += " " + _("of {date}").format(date=format_date(data.invoice_issue_date))
        if data.is_refund:
            purpose = _("Refund of the overpayment on {invoice}").format(invoice=invoice)
            payer = _("{supplier}, through the programme office").format(
                supplier=data.supplier_name
            )
        else:
            purpose = invoice + " — " + data.supplier_name
            payer = data.payer
        method = join_nonempty([data.method, data.reference], " · ")
        rows: list[list[object]] = [
            [
                Paragraph(escape(_("Received from")), label),
                Paragraph(f"<b>{markup(payer, s.body_bold.fontName)}</b>", s.body),
            ],
            [Paragraph(escape(_("The sum of")), label), words],
            [
                Paragraph(escape(_("For") if data.is_refund else _("In payment of")), label),
                Paragraph(markup(purpose, font), s.body),
            ],
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
                    ("BOTTOMPADDING", (0, 0), (-1, -1), 1.5 * mm),
                    ("VALIGN", (0, 0), (0, -1), "TOP"),
                    ("TOPPADDING", (0, 1), (0, 1), 1.5 * mm),
                ]
            )
        )
        return table

    def _account(self) -> Flowable:
        """The invoice's account up to this payment: every figure that makes what remains,
        so the paper adds up without the invoice at hand."""
        s, data = self.s, self.data
        captions = {
            "invoice": _("Invoice"),
            "credit_note": _("Credit note"),
            "payment": _("Payment"),
            "refund": _("Refund to the hotel"),
        }
        small = replace_style(
            s.body, "receipt_acc", fontSize=s.size - 0.5, leading=(s.size - 0.5) * 1.25
        )
        small_right = replace_style(small, "receipt_acc_r", alignment=2)
        bold = replace_style(small, "receipt_acc_b", fontName=s.body_bold.fontName)
        bold_right = replace_style(bold, "receipt_acc_br", alignment=2)

        def row(caption: str, number: str, day: str, amount: int, *, strong: bool = False,
                signed: bool = True) -> list[object]:
            left, right = (bold, bold_right) if strong else (small, small_right)
            figure = format_rupiah(amount)
            if amount > 0 and signed:
                figure = "+" + figure
            return [
                Paragraph(escape(caption), left),
                Paragraph(markup(number, left.fontName), left),
                Paragraph(escape(day), left),
                Paragraph(escape(figure).replace(" ", "&nbsp;"), right),
            ]

        rows = [row(captions[e.kind], e.number, format_date(e.day), e.amount,
                    signed=e.kind != "invoice") for e in data.history]
        this = data.amount if data.is_refund else -data.amount
        rows.append(row(_("This refund") if data.is_refund else _("This payment"),
                        data.number, format_date(data.paid_on), this, strong=True))
        if data.outstanding_after < 0:
            remains = _("Still owed back to the hotel")
        else:
            remains = _("Remaining on the invoice")
        rows.append(row(remains, "", "", data.outstanding_after, strong=True, signed=False))
        amount_w = 32 * mm
        date_w = 22 * mm
        number_w = 34 * mm
        caption_w = 50 * mm
        table = Table(rows, colWidths=[caption_w, number_w, date_w, amount_w], hAlign="LEFT")
        last = len(rows) - 1
        table.setStyle(
            TableStyle(
                [
                    *tight_commands(),
                    ("TOPPADDING", (0, 0), (-1, -1), 0.6 * mm),
                    ("BOTTOMPADDING", (0, 0), (-1, -1), 0.6 * mm),
                    ("RIGHTPADDING", (0, 0), (-2, -1), 2 * mm),
                    ("LINEABOVE", (0, last), (-1, last), 0.7, RULE),
                    ("BACKGROUND", (0, last - 1), (-1, last - 1), TINT),
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
                        data.payer
                        if data.is_refund
                        else _("on behalf of {supplier}").format(supplier=data.supplier_name),
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
