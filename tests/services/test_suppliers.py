"""Suppliers and their certificates: validation, writes, deactivation, lists and choices."""

from __future__ import annotations

import datetime as dt
from dataclasses import replace

import pytest
from sqlalchemy import func, select

from hotel_supply import i18n
from hotel_supply.db import Database
from hotel_supply.models import AuditEntry, Certificate, Product, Supplier
from hotel_supply.models.enums import Category, CertificateKind, LegalForm
from hotel_supply.services import audit
from hotel_supply.services.errors import NotFound, ValidationError
from hotel_supply.services.products import get_product
from hotel_supply.services.suppliers import (
    CertificateData,
    SupplierData,
    SupplierHasActiveProducts,
    SupplierQuery,
    SupplierSort,
    count_suppliers,
    create_supplier,
    get_supplier,
    set_supplier_active,
    supplier_choices,
    supplier_row,
    supplier_rows,
    update_supplier,
    validate_supplier,
)
from tests.factories import make_product, make_supplier

TRICKY_NAME = 'Kopi <b>& Bu Sari\'s "Robusta" ☕🍩'


def _data(**overrides: object) -> SupplierData:
    data = SupplierData(
        code="kop-01",
        name="Kopi Sari",
        legal_form=LegalForm.CV,
        category=Category.COFFEE,
        owner_name="Ibu Sari",
        phone="0812-3456-7890",
        npwp="",
    )
    return replace(data, **overrides)


def _count(db: Database, model: type[object]) -> int:
    with db.reader() as session:
        return int(session.scalar(select(func.count()).select_from(model)) or 0)


# --- validation ------------------------------------------------------------------------


def test_validation_is_pure_and_names_the_fields() -> None:
    problems = validate_supplier(
        _data(code="", name="  ", phone="abc", nib="123", npwp="12", legal_form="xx")  # type: ignore[arg-type]
    )
    assert set(problems) == {"code", "name", "phone", "nib", "npwp", "legal_form"}
    assert validate_supplier(_data()) == {}


def test_npwp_is_sixteen_digits_typed_with_separators(db: Database) -> None:
    supplier_id = create_supplier(db, data=_data(npwp="01.234.567.8-901.000 1", is_pkp=True))
    assert get_supplier(db, supplier_id).npwp == "0123456789010001"


def test_old_fifteen_digit_npwp_is_refused_saying_sixteen_digits_since_2024() -> None:
    i18n.set_language("en")
    problems = validate_supplier(_data(npwp="01.234.567.8-901.000"))
    (message,) = problems["npwp"]
    assert "16" in message and "2024" in message


def test_npwp_of_wrong_length_or_with_letters_is_refused() -> None:
    assert "npwp" in validate_supplier(_data(npwp="1234567890123"))
    assert "npwp" in validate_supplier(_data(npwp="01234567890100AB"))


def test_non_pkp_supplier_needs_no_npwp_but_a_pkp_supplier_does() -> None:
    assert validate_supplier(_data(is_pkp=False, npwp="")) == {}
    assert "npwp" in validate_supplier(_data(is_pkp=True, npwp=""))


def test_nib_has_thirteen_digits() -> None:
    assert validate_supplier(_data(nib="1234 5678 90123")) == {}
    assert "nib" in validate_supplier(_data(nib="123456789012"))


def test_code_is_stored_in_capitals_and_may_not_contain_spaces(db: Database) -> None:
    assert "code" in validate_supplier(_data(code="KOP 01"))
    supplier_id = create_supplier(db, data=_data(code="  kop-01 "))
    assert get_supplier(db, supplier_id).code == "KOP-01"


def test_control_characters_in_a_name_are_refused_but_markup_is_not() -> None:
    assert "name" in validate_supplier(_data(name="Kopi\x00Sari"))
    assert "name" in validate_supplier(_data(name="Kopi\tSari"))
    assert validate_supplier(_data(name=TRICKY_NAME)) == {}


def test_certificate_problems_are_numbered() -> None:
    problems = validate_supplier(
        _data(
            certificates=[
                CertificateData(kind=CertificateKind.BNSP, number="B-1"),
                CertificateData(
                    kind=CertificateKind.HALAL,
                    number="",
                    issued_on=dt.date(2025, 1, 2),
                    expires_on=dt.date(2025, 1, 1),
                ),
                CertificateData(kind=CertificateKind.BNSP, number="b-1"),
            ]
        )
    )
    assert len(problems["certificates"]) == 3
    assert all(("2" in m) or ("3" in m) for m in problems["certificates"])


def test_messages_are_in_indonesian_by_default() -> None:
    problems = validate_supplier(_data(name=""))
    assert problems["name"] == ["Nama wajib diisi."]


# --- writes -------------------------------------------------------------------------------


def test_every_field_and_certificate_round_trips(db: Database) -> None:
    data = _data(
        name=TRICKY_NAME,
        owner_name="Sari <i>",
        address="Jl. Teuku Umar 12\nKedaton",
        city="Bandar Lampung",
        nib="1234567890123",
        npwp="0123456789010001",
        is_pkp=True,
        bank_name="BRI",
        bank_account_no="0123-01-000123-50-1",
        bank_account_name="Sari & Sons",
        coaching_start=dt.date(2025, 7, 1),
        notes="Pesanan <b>besar</b> & 🍩",
        certificates=[
            CertificateData(
                kind=CertificateKind.BNSP,
                number="BNSP/123",
                issued_on=dt.date(2024, 1, 1),
                expires_on=dt.date(2027, 1, 1),
            ),
            CertificateData(kind=CertificateKind.HALAL, number="ID1234"),
        ],
    )
    supplier_id = create_supplier(db, data=data)
    loaded = get_supplier(db, supplier_id)
    assert loaded.name == TRICKY_NAME
    assert loaded.notes == "Pesanan <b>besar</b> & 🍩"
    assert replace(loaded, certificates=[]) == replace(data, code="KOP-01", certificates=[])
    assert [(c.kind, c.number, c.expires_on) for c in loaded.certificates] == [
        (CertificateKind.BNSP, "BNSP/123", dt.date(2027, 1, 1)),
        (CertificateKind.HALAL, "ID1234", None),
    ]
    row = supplier_row(db, supplier_id)
    assert row.name == TRICKY_NAME
    assert supplier_choices(db)[0].name == TRICKY_NAME


def test_duplicate_code_is_refused_and_nothing_is_written(db: Database) -> None:
    create_supplier(db, data=_data(code="KOP-01"))
    audit_before = _count(db, AuditEntry)
    with pytest.raises(ValidationError) as caught:
        create_supplier(
            db,
            data=_data(
                code="kop-01",
                name="Other",
                certificates=[CertificateData(kind=CertificateKind.PIRT, number="P-1")],
            ),
        )
    assert set(caught.value.problems) == {"code"}
    assert _count(db, Supplier) == 1
    assert _count(db, Certificate) == 0
    assert _count(db, AuditEntry) == audit_before


def test_update_to_another_suppliers_code_is_refused(db: Database) -> None:
    make_supplier(db, code="AAA")
    other = make_supplier(db, code="BBB")
    with pytest.raises(ValidationError) as caught:
        update_supplier(db, supplier_id=other, data=replace(get_supplier(db, other), code="aaa"))
    assert "code" in caught.value.problems
    assert get_supplier(db, other).code == "BBB"


def test_npwp_may_not_be_shared_by_two_active_suppliers(db: Database) -> None:
    first = make_supplier(db, npwp="0123456789010001")
    with pytest.raises(ValidationError) as caught:
        make_supplier(db, npwp="01.234.567.8-901.0001")
    assert "npwp" in caught.value.problems
    set_supplier_active(db, supplier_id=first, active=False)
    second = make_supplier(db, npwp="0123456789010001")
    # the first one cannot come back while the second holds the NPWP
    with pytest.raises(ValidationError) as caught:
        set_supplier_active(db, supplier_id=first, active=True)
    assert "npwp" in caught.value.problems
    assert supplier_row(db, first).active is False
    assert supplier_row(db, second).active is True


def test_update_changes_fields_and_edits_certificates(db: Database) -> None:
    supplier_id = create_supplier(
        db,
        data=_data(
            certificates=[
                CertificateData(
                    kind=CertificateKind.BNSP, number="OLD", expires_on=dt.date(2025, 1, 1)
                ),
                CertificateData(kind=CertificateKind.PIRT, number="GONE"),
            ]
        ),
    )
    loaded = get_supplier(db, supplier_id)
    bnsp = next(c for c in loaded.certificates if c.number == "OLD")
    bnsp.expires_on = dt.date(2028, 1, 1)
    loaded.certificates = [bnsp, CertificateData(kind=CertificateKind.HALAL, number="NEW")]
    loaded.name = "Kopi Sari Baru"
    update_supplier(db, supplier_id=supplier_id, data=loaded)

    again = get_supplier(db, supplier_id)
    assert again.name == "Kopi Sari Baru"
    assert sorted((c.number, c.expires_on) for c in again.certificates) == [
        ("NEW", None),
        ("OLD", dt.date(2028, 1, 1)),
    ]
    assert next(c for c in again.certificates if c.number == "OLD").id == bnsp.id
    with db.reader() as session:
        (entry,) = [
            h
            for h in audit.history(session, entity="supplier", entity_id=supplier_id)
            if h.action == "update"
        ]
    assert "Kopi Sari Baru" in entry.summary and "code" not in entry.summary


def test_certificate_of_another_supplier_cannot_be_edited(db: Database) -> None:
    owner = create_supplier(
        db, data=_data(certificates=[CertificateData(kind=CertificateKind.BNSP, number="X")])
    )
    other = make_supplier(db)
    foreign = get_supplier(db, owner).certificates[0]
    with pytest.raises(ValidationError):
        update_supplier(
            db, supplier_id=other, data=replace(get_supplier(db, other), certificates=[foreign])
        )
    assert get_supplier(db, owner).certificates[0].number == "X"


def test_writes_are_audited_with_the_acting_user(db: Database) -> None:
    supplier_id = make_supplier(db)
    update_supplier(
        db,
        supplier_id=supplier_id,
        data=replace(get_supplier(db, supplier_id), phone="0721 123456"),
    )
    set_supplier_active(db, supplier_id=supplier_id, active=False)
    with db.reader() as session:
        history = audit.history(session, entity="supplier", entity_id=supplier_id)
    assert [h.action for h in history] == ["create", "update", "deactivate"]
    assert {h.username for h in history} == {"tester"}


def test_an_unknown_supplier_is_not_found(db: Database) -> None:
    with pytest.raises(NotFound):
        get_supplier(db, 999)
    with pytest.raises(NotFound):
        update_supplier(db, supplier_id=999, data=_data())
    with pytest.raises(NotFound):
        set_supplier_active(db, supplier_id=999, active=False)


# --- deactivation -------------------------------------------------------------------------


def test_deactivating_a_supplier_with_active_products_asks_first(db: Database) -> None:
    supplier_id = make_supplier(db)
    products = [make_product(db, supplier_id) for _ in range(2)]
    with pytest.raises(SupplierHasActiveProducts) as caught:
        set_supplier_active(db, supplier_id=supplier_id, active=False)
    assert caught.value.product_count == 2
    assert supplier_row(db, supplier_id).active is True

    deactivated = set_supplier_active(db, supplier_id=supplier_id, active=False, cascade=True)
    assert sorted(deactivated) == sorted(products)
    with db.reader() as session:
        assert not any(session.scalars(select(Product.active)))
    # reactivating the supplier leaves its products inactive
    assert set_supplier_active(db, supplier_id=supplier_id, active=True) == []
    with db.reader() as session:
        assert not any(session.scalars(select(Product.active)))


def test_a_deactivated_supplier_leaves_the_choices_but_stays_readable(db: Database) -> None:
    keep = make_supplier(db, code="KEEP")
    gone = make_supplier(db, code="GONE", name=TRICKY_NAME)
    product = make_product(db, gone)
    set_supplier_active(db, supplier_id=gone, active=False, cascade=True)

    assert [c.id for c in supplier_choices(db)] == [keep]
    assert [c.code for c in supplier_choices(db, active_only=False)] == ["GONE", "KEEP"]
    assert get_supplier(db, gone).name == TRICKY_NAME
    assert get_product(db, product).supplier_id == gone
    assert [r.id for r in supplier_rows(db, query=SupplierQuery(active=False))] == [gone]
    assert count_suppliers(db, query=SupplierQuery(active=None)) == 2


# --- lists ----------------------------------------------------------------------------------


def test_list_searches_code_name_owner_and_phone(db: Database) -> None:
    a = make_supplier(
        db, code="KOP-1", name="Kopi Robusta Lampung", owner_name="Pak Joko", phone="0812-1111-2222"
    )
    b = make_supplier(
        db, code="KRP-1", name="Keripik Pisang", owner_name="Ibu Ani", phone="0721 777888"
    )
    make_supplier(
        db, code="BTK-1", name="Batik Tapis", owner_name="Ibu Rina", phone="0813-5555-6666"
    )

    def found(text: str) -> list[int]:
        query = SupplierQuery(text=text)
        rows = supplier_rows(db, query=query)
        assert count_suppliers(db, query=query) == len(rows)
        return [r.id for r in rows]

    assert found("robusta") == [a]
    assert found("krp") == [b]
    assert found("joko") == [a]
    assert found("11112222") == [a]  # digits match however the phone was typed
    assert found("777 888") == [b]
    assert found("ibu pisang") == [b]  # every word must match somewhere
    assert found("100%") == []
    assert found("pisang_") == []


def test_list_filters_by_category_and_active(db: Database) -> None:
    coffee = make_supplier(db, category=Category.COFFEE)
    make_supplier(db, category=Category.BATIK)
    quiet = make_supplier(db, category=Category.COFFEE)
    set_supplier_active(db, supplier_id=quiet, active=False)
    rows = supplier_rows(db, query=SupplierQuery(category=Category.COFFEE))
    assert [r.id for r in rows] == [coffee]
    assert count_suppliers(db, query=SupplierQuery(category=Category.COFFEE, active=None)) == 2


def test_list_sorts_pages_and_counts_active_products(db: Database) -> None:
    ids = {
        name: make_supplier(db, code=code, name=name)
        for code, name in [("C", "anyar"), ("A", "Zamrud"), ("B", "Melati")]
    }
    make_product(db, ids["Melati"])
    make_product(db, ids["Melati"])
    make_product(db, ids["anyar"])

    by_name = supplier_rows(db, query=SupplierQuery(sort=SupplierSort.NAME))
    assert [r.name for r in by_name] == ["anyar", "Melati", "Zamrud"]  # case-insensitive
    by_code_desc = supplier_rows(db, query=SupplierQuery(descending=True), offset=1, limit=1)
    assert [r.code for r in by_code_desc] == ["B"]
    by_products = supplier_rows(
        db, query=SupplierQuery(sort=SupplierSort.PRODUCT_COUNT, descending=True)
    )
    assert [(r.name, r.product_count) for r in by_products] == [
        ("Melati", 2),
        ("anyar", 1),
        ("Zamrud", 0),
    ]


def test_nearest_expiry_uses_the_current_certificate_of_each_kind(db: Database) -> None:
    renewed = create_supplier(
        db,
        data=_data(
            code="RENEWED",
            certificates=[
                CertificateData(
                    kind=CertificateKind.BNSP, number="B-2019", expires_on=dt.date(2022, 1, 1)
                ),
                CertificateData(
                    kind=CertificateKind.BNSP, number="B-2022", expires_on=dt.date(2027, 3, 1)
                ),
                CertificateData(
                    kind=CertificateKind.PIRT, number="P-1", expires_on=dt.date(2026, 5, 1)
                ),
                CertificateData(kind=CertificateKind.HALAL, number="H-1"),  # halal without expiry
            ],
        ),
    )
    lifetime = create_supplier(
        db,
        data=_data(
            code="LIFETIME",
            certificates=[
                CertificateData(
                    kind=CertificateKind.HALAL, number="H-OLD", expires_on=dt.date(2020, 1, 1)
                ),
                CertificateData(kind=CertificateKind.HALAL, number="H-NEW"),
            ],
        ),
    )
    soon = create_supplier(
        db,
        data=_data(
            code="SOON",
            certificates=[
                CertificateData(
                    kind=CertificateKind.BNSP, number="B", expires_on=dt.date(2025, 12, 31)
                ),
            ],
        ),
    )
    assert supplier_row(db, renewed).nearest_expiry == dt.date(2026, 5, 1)
    assert supplier_row(db, lifetime).nearest_expiry is None
    rows = supplier_rows(db, query=SupplierQuery(sort=SupplierSort.NEAREST_EXPIRY))
    assert [r.id for r in rows] == [soon, renewed, lifetime]  # nothing expiring goes last
    rows = supplier_rows(db, query=SupplierQuery(sort=SupplierSort.NEAREST_EXPIRY, descending=True))
    assert [r.id for r in rows] == [renewed, soon, lifetime]


def test_choices_are_by_code(db: Database) -> None:
    b = make_supplier(db, code="B-2")
    a = make_supplier(db, code="A-1")
    assert [(c.id, c.code) for c in supplier_choices(db)] == [(a, "A-1"), (b, "B-2")]


def test_a_code_taken_by_another_pc_at_the_same_moment_is_a_form_message(
    db: Database, monkeypatch: pytest.MonkeyPatch
) -> None:
    from hotel_supply.services import suppliers

    create_supplier(db, data=_data(code="KOP-01"))
    # the other PC's row arrives between our check and our insert
    monkeypatch.setattr(suppliers, "_check_database", lambda *args, **kwargs: None)
    with pytest.raises(ValidationError) as caught:
        create_supplier(db, data=_data(code="KOP-01", npwp=""))
    assert set(caught.value.problems) == {"code"}
    assert _count(db, Supplier) == 1
