"""The office's own NPWP, once entered in Settings, prints in every document's letterhead."""

from __future__ import annotations

import io

from pypdf import PdfReader

from hotel_supply.documents.data import Organisation
from hotel_supply.documents.reconciliation_report import render_reconciliation
from hotel_supply.services import settings
from hotel_supply.services.printing import organisation_of
from hotel_supply.services.reconciliation import reconcile


def test_the_office_npwp_prints_in_the_letterhead(db):
    org = settings.load_settings(db)
    org.name = "UPT Pendampingan UMKM"
    org.npwp = "0123456789012345"
    settings.save_settings(db, settings=org)
    office = organisation_of(db)
    assert office == Organisation(name="UPT Pendampingan UMKM", city=org.city,
                                  npwp="0123456789012345")
    recon = reconcile(db, year=2026, month=10)
    pdf = render_reconciliation(recon, organisation=office, printed_at=recon.made_at)
    text = PdfReader(io.BytesIO(pdf)).pages[0].extract_text()
    assert "NPWP 0123456789012345" in text
