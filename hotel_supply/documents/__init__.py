"""ReportLab renderers: plain data in (``documents.data``), PDF bytes out.

Shared fonts, styles, escaping and page furniture live in ``documents.common``.
"""

from __future__ import annotations

from hotel_supply.documents.delivery_note import delivery_note_qr_payload, render_delivery_note

__all__ = ["delivery_note_qr_payload", "render_delivery_note"]
