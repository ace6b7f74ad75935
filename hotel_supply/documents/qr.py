"""QR codes printed on documents, and the short checksum their payloads carry."""

from __future__ import annotations

import hashlib

from reportlab.graphics.barcode.qr import QrCodeWidget
from reportlab.graphics.shapes import Drawing


def payload_checksum(*parts: object) -> str:
    """8 hex digits of SHA-256 over ``parts`` joined by ``|`` (``str()`` of each)."""
    joined = "|".join(str(p) for p in parts)
    return hashlib.sha256(joined.encode("utf-8")).hexdigest()[:8]


def qr_code(payload: str, size: float) -> Drawing:
    """A square QR code (error correction M, 4-module quiet zone) ``size`` points wide."""
    widget = QrCodeWidget(payload, barLevel="M")
    x0, y0, x1, y1 = widget.getBounds()
    drawing = Drawing(size, size, transform=[size / (x1 - x0), 0, 0, size / (y1 - y0), 0, 0])
    drawing.add(widget)
    return drawing
