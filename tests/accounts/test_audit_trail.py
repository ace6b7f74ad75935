"""The audit log and the stock ledger are append-only in the database itself, issued
invoices are frozen there, and the audit log is a hash chain that names the first entry
changed behind the app's back (issue 8)."""

from __future__ import annotations

import json
import threading

import pytest
from sqlalchemy import func, select, text
from sqlalchemy.exc import DBAPIError

from hotel_supply.cli import main
from hotel_supply.db import Database
from hotel_supply.models import AuditEntry
from hotel_supply.services import audit_chain, hotels, settings
from tests.bad_inputs.world import build_world
from tests.conftest import add_tester
from tests.tamper import tampering

REFUSED = [
    "UPDATE audit_entry SET username = 'someone' WHERE seq = 1",
    "DELETE FROM audit_entry WHERE action = 'update'",
    "UPDATE stock_movement SET quantity = quantity + 1000",
    "DELETE FROM stock_movement",
    "UPDATE invoice SET total = total + 1 WHERE issued_at IS NOT NULL",
    "UPDATE invoice SET supplier_name = 'Lain' WHERE issued_at IS NOT NULL",
    "DELETE FROM invoice WHERE issued_at IS NOT NULL",
    "UPDATE invoice_line SET amount = amount + 1",
    "DELETE FROM invoice_line",
]


@pytest.fixture
def world(db: Database, tmp_path):
    return build_world(db, tmp_path)


@pytest.mark.parametrize("sql", REFUSED)
def test_the_database_refuses_to_rewrite_history(db, world, sql):
    with db.reader() as s:
        before = s.execute(text("SELECT (SELECT count(*) FROM audit_entry), "
                                "(SELECT count(*) FROM stock_movement), "
                                "(SELECT sum(total) FROM invoice)")).one()
    with pytest.raises(DBAPIError) as err, db.unit_of_work(anyone=True) as s:
        s.execute(text(sql))
    assert any(word in str(err.value) for word in ("append-only", "frozen", "never deleted"))
    with db.reader() as s:
        after = s.execute(text("SELECT (SELECT count(*) FROM audit_entry), "
                               "(SELECT count(*) FROM stock_movement), "
                               "(SELECT sum(total) FROM invoice)")).one()
    assert after == before


def test_an_issued_invoice_may_still_be_cancelled_and_drafts_change_freely(db, world):
    with db.unit_of_work(anyone=True) as s:
        s.execute(text("UPDATE invoice SET notes = 'catatan', cancel_reason = 'salah harga' "
                       "WHERE issued_at IS NOT NULL"))


def test_the_chain_holds_after_real_work_and_names_the_first_entry_changed(db, world):
    with db.reader() as s:
        report = audit_chain.verify(s)
        total = s.scalar(select(func.count(AuditEntry.id)))
    assert report.ok and report.checked == total > 10
    with tampering(db) as s:
        s.execute(text("UPDATE audit_entry SET summary = '{\"total\": 1}' WHERE seq = 7"))
    with db.reader() as s:
        report = audit_chain.verify(s)
    assert not report.ok and report.broken_seq == 7 and report.problem == "edited"


def test_a_removed_entry_is_found_in_the_middle_and_at_the_end(db, world):
    with tampering(db) as s:
        s.execute(text("DELETE FROM audit_entry WHERE seq = 5"))
    with db.reader() as s:
        assert audit_chain.verify(s).broken_seq == 5
    with tampering(db) as s:  # put the chain right again, then cut its tail
        s.execute(text("DELETE FROM audit_entry WHERE seq >= 5"))
    with db.reader() as s:
        report = audit_chain.verify(s)
    assert not report.ok and report.problem == "head" and report.checked == 4


def test_a_change_keeps_old_and_new_values(db):
    org = settings.load_settings(db)
    org.name = "UPT UMKM"
    settings.save_settings(db, settings=org)
    org.ppn_rate_percent = "0"
    settings.save_settings(db, settings=org)
    hotel = hotels.create_hotel(db, data=hotels.HotelData(code="H1", name="Hotel Satu"))
    with db.unit_of_work(anyone=True) as s:  # a change no service records itself
        s.execute(text("SELECT 1"))
        from hotel_supply.models import Hotel

        s.get(Hotel, hotel).phone = "0721 123456"
    with db.reader() as s:
        rows = s.execute(select(AuditEntry.action, AuditEntry.entity, AuditEntry.summary,
                                AuditEntry.username).order_by(AuditEntry.seq)).all()
    ppn = [json.loads(r.summary) for r in rows if r.entity == "settings"][-1]
    assert ppn["changes"] == {"ppn_rate_percent": ["12", "0"]}
    phone = [json.loads(r.summary) for r in rows if r.action == "change" and r.entity == "hotel"]
    assert phone == [{"changes": {"phone": ["", "0721 123456"]}}]
    assert {r.username for r in rows} == {"tester"}


def test_two_pcs_writing_at_once_never_fork_the_chain(db):
    add_tester(db, "pc2")
    errors: list[BaseException] = []

    def pc(user: str, start: int) -> None:
        other = Database(db.url, user=user)
        try:
            for n in range(start, start + 15):
                hotels.create_hotel(other, data=hotels.HotelData(code=f"H{n}", name=f"Hotel {n}"))
        except BaseException as exc:  # reported below
            errors.append(exc)
        finally:
            other.dispose()

    threads = [threading.Thread(target=pc, args=("tester", 0)),
               threading.Thread(target=pc, args=("pc2", 100))]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert errors == []
    with db.reader() as s:
        report = audit_chain.verify(s)
        seqs = list(s.scalars(select(AuditEntry.seq).order_by(AuditEntry.seq)))
    assert report.ok and seqs == list(range(1, len(seqs) + 1)) and len(seqs) >= 30


def test_audit_verify_command(db, world, capsys):
    status = main(["audit", "verify", "--database", db.url])
    captured = capsys.readouterr()
    assert status == 0, captured
    assert "utuh" in captured.out, captured
    with tampering(db) as s:
        s.execute(text("UPDATE audit_entry SET username = 'mallory' WHERE seq = 3"))
    assert main(["audit", "verify", "--database", db.url]) == 1
    captured = capsys.readouterr()
    assert "3" in captured.out and "mallory" in captured.out, captured
