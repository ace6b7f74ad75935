"""Floor for one invoice: bare ReportLab drawing the same lines on one A4 page.

Built-in Helvetica, a plain table of strings, a title, the parties and a total:
what any invoice must at least cost.
"""

from __future__ import annotations

import io
from collections.abc import Sequence

from reportlab.lib import colors
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import getSampleStyleSheet
from reportlab.lib.units import mm
from reportlab.platypus import SimpleDocTemplate, Spacer, Table, TableStyle
from reportlab.platypus.paragraph import Paragraph


def render(title: str, parties: Sequence[str], lines: Sequence[Sequence[str]],
           total: str) -> bytes:
    out = io.BytesIO()
    doc = SimpleDocTemplate(out, pagesize=A4, leftMargin=15 * mm, rightMargin=15 * mm,
                            topMargin=15 * mm, bottomMargin=15 * mm, invariant=1)
    styles = getSampleStyleSheet()
    story = [Paragraph(title, styles["Title"])]
    story += [Paragraph(p, styles["Normal"]) for p in parties]
    story.append(Spacer(1, 6 * mm))
    table = Table([["No", "Tanggal", "No. SJ", "Kode", "Barang", "Qty", "Harga", "Jumlah"],
                   *lines, ["", "", "", "", "", "", "Total", total]], repeatRows=1)
    table.setStyle(TableStyle([
        ("FONT", (0, 0), (-1, -1), "Helvetica", 8),
        ("FONT", (0, 0), (-1, 0), "Helvetica-Bold", 8),
        ("ALIGN", (5, 0), (-1, -1), "RIGHT"),
        ("LINEBELOW", (0, 0), (-1, 0), 0.5, colors.black),
        ("LINEABOVE", (0, -1), (-1, -1), 0.5, colors.black),
    ]))
    story.append(table)
    doc.build(story)
    return out.getvalue()
