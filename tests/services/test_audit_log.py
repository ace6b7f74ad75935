"""The audit log as an administrator reads it: filters, newest first, pages by key, old → new
in words, the document an entry opens, and the chain check naming a tampered entry."""

from __future__ import annotations

import datetime as dt

import pytest
from sqlalchemy import select, text

from hotel_supply import clock
from hotel_supply.models import AppUser, AuditEntry
from hotel_supply.models.enums import Role
from hotel_supply.services import audit, audit_log
from hotel_supply.services.audit_log import AuditFilter
from tests.conftest import add_tester
from tests.tamper import tampering


@pytest.fixture(autouse=True)
def _clock():
    yield
    clock.set_clock(None)


def _write(db, *, at: dt.datetime, user: str, action: str, entity: str, entity_id: int | None,
           **details) -> None:
    clock.set_clock(lambda: at)
    with db.unit_of_work(anyone=True) as session:
        session.info["user"] = user
        audit.record(session, action=action, entity=entity, entity_id=entity_id, **details)


@pytest.fixture
def log(db):
    _write(db, at=dt.datetime(2026, 10, 30, 9, 0), user="gudang", action="post",
           entity="delivery", entity_id=7, number="SJ/2026/00010", total=144_000)
    _write(db, at=dt.datetime(2026, 11, 2, 10, 0), user="pembelian", action="update",
           entity="product", entity_id=3, price=[12_000, 13_500], name=["Kopi", "Kopi Robusta"])
    _write(db, at=dt.datetime(2026, 11, 3, 11, 0), user="keuangan", action="issue",
           entity="invoice", entity_id=4, number="INV/2026/00004", total=990_000)
    _write(db, at=dt.datetime(2026, 11, 4, 12, 0), user="gudang", action="post",
           entity="stock_waste", entity_id=2, number="WST/2026/00002", lines=1)
    return db


def _seqs(lines):
    return [line.seq for line in lines]


def test_entries_come_newest_first_and_each_filter_narrows_them(log):
    everything = audit_log.entries(log, AuditFilter())
    assert _seqs(everything) == sorted(_seqs(everything), reverse=True)
    assert [e.entity for e in everything[:4]] == ["stock_waste", "invoice", "product", "delivery"]

    by_gudang = audit_log.entries(log, AuditFilter(username="gudang"))
    assert [e.entity for e in by_gudang] == ["stock_waste", "delivery"]
    assert audit_log.count(log, AuditFilter(username="gudang")) == 2

    november = audit_log.entries(log, AuditFilter(start=dt.date(2026, 11, 1),
                                                  end=dt.date(2026, 11, 3)))
    assert [e.entity for e in november] == ["invoice", "product"]

    posted = audit_log.entries(log, AuditFilter(action="post"))
    assert {e.entity for e in posted} == {"stock_waste", "delivery"}

    by_number = audit_log.entries(log, AuditFilter(text="sj/2026/00010"))
    assert [(e.entity, e.entity_id) for e in by_number] == [("delivery", 7)]
    assert "gudang" in audit_log.usernames(log) and "keuangan" in audit_log.usernames(log)
    assert {"post", "issue", "update"} <= set(audit_log.actions(log))


def test_an_entity_is_found_by_its_name_in_the_office_language(log):
    from hotel_supply import i18n

    i18n.set_language("id")
    try:
        found = audit_log.entries(log, AuditFilter(text=audit_log.entity_name("invoice")))
    finally:
        i18n.set_language("en")
    assert ("invoice", 4) in [(e.entity, e.entity_id) for e in found]


def test_a_change_reads_field_old_to_new(log):
    product = audit_log.entries(log, AuditFilter(username="pembelian"))[0]
    assert "price: 12000 → 13500" in product.details
    assert "name: Kopi → Kopi Robusta" in product.details
    posted = audit_log.entries(log, AuditFilter(text="SJ/2026/00010"))[0]
    assert "number: SJ/2026/00010" in posted.details and "→" not in posted.details


def test_a_change_recorded_by_the_unit_of_work_reads_old_to_new(db):
    add_tester(db, "rina", roles=[Role.STOREROOM])
    with db.unit_of_work(anyone=True) as session:
        user = session.scalars(select(AppUser).where(AppUser.username == "rina")).one()
        user.full_name = "Rina Wulandari"
        user.roles = "gudang,pemantau"
        session.flush()
    line = audit_log.entries(db, AuditFilter(text="Rina Wulandari"))[0]
    assert line.action == "change" and line.entity == "app_user"
    assert "full_name: Rina → Rina Wulandari" in line.details
    assert "roles: gudang → gudang,pemantau" in line.details


def test_pages_by_key_cover_every_entry_once(db):
    clock.set_clock(lambda: dt.datetime(2026, 11, 5, 8, 0))
    with db.unit_of_work(anyone=True) as session:
        for n in range(450):
            audit.record(session, action="update", entity="product", entity_id=n, n=[n, n + 1])
    query = AuditFilter(action="update")
    assert audit_log.count(db, query) == 450
    seen: list[int] = []
    before = None
    while True:
        page = audit_log.entries(db, query, before_seq=before, limit=200)
        if not page:
            break
        seen.extend(_seqs(page))
        before = page[-1].seq
    assert len(seen) == 450 == len(set(seen))
    assert seen == sorted(seen, reverse=True)


def test_entries_about_documents_name_the_document_to_open(log):
    lines = {e.entity: e for e in audit_log.entries(log, AuditFilter())}
    assert audit_log.document_of(log, lines["delivery"]) == audit_log.DocumentRef("delivery", 7)
    assert audit_log.document_of(log, lines["invoice"]) == audit_log.DocumentRef("invoice", 4)
    assert audit_log.document_of(log, lines["stock_waste"]) == audit_log.DocumentRef(
        "stock_document", 2)
    assert audit_log.document_of(log, lines["product"]) is None


def test_the_chain_check_holds_on_an_untouched_log(log):
    check = audit_log.verify_chain(log)
    total = log_count(log)
    assert check.ok and check.checked == total
    assert str(total) in check.sentence()


def log_count(db) -> int:
    with db.reader() as session:
        return len(session.scalars(select(AuditEntry.id)).all())


def test_the_chain_check_names_the_first_entry_edited_outside_the_app(log):
    with log.reader() as session:
        target = session.execute(select(AuditEntry.id, AuditEntry.seq).where(
            AuditEntry.entity == "invoice")).one()
    with tampering(log) as session:
        session.execute(text("UPDATE audit_entry SET summary = :s WHERE id = :id"),
                        {"s": '{"total": 1}', "id": target.id})
    check = audit_log.verify_chain(log)
    assert not check.ok
    assert check.broken is not None and check.broken.seq == target.seq
    assert check.broken.username == "keuangan"
    assert check.checked == target.seq - 1
    sentence = check.sentence()
    assert str(target.seq) in sentence and "keuangan" in sentence and "03/11/2026" in sentence
