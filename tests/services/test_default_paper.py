"""The office's default paper is kept with its settings, and only a paper the documents
print on is taken."""

from __future__ import annotations

import pytest

from hotel_supply.services import settings
from hotel_supply.services.errors import ValidationError


def test_the_default_paper_is_a4_until_f4_is_chosen(db):
    office = settings.load_settings(db)
    assert office.default_paper == "A4"
    office.name = "Dinas Koperasi dan UKM Kota Bandar Lampung"
    office.default_paper = "F4"
    settings.save_settings(db, settings=office)
    assert settings.load_settings(db).default_paper == "F4"


def test_a_paper_no_document_prints_on_is_refused(db):
    office = settings.load_settings(db)
    office.name = "Dinas Koperasi dan UKM Kota Bandar Lampung"
    office.default_paper = "Letter"
    with pytest.raises(ValidationError) as refused:
        settings.save_settings(db, settings=office)
    assert refused.value.problems["default_paper"] == ["Kertas harus salah satu dari A4, A5, F4."]
    assert settings.load_settings(db).default_paper == "A4"
