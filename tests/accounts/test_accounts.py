"""Signing in, passwords, lock-out, the first administrator, and an older database's
user names becoming accounts (issue 8)."""

from __future__ import annotations

import datetime as dt
import shutil
import sqlite3
from pathlib import Path

import pytest
from sqlalchemy import delete, select

from hotel_supply import clock
from hotel_supply.config import sqlite_url
from hotel_supply.db import Database, open_database
from hotel_supply.models import AppUser, AuditEntry
from hotel_supply.models.enums import Role
from hotel_supply.services import accounts, audit_chain, hotels
from hotel_supply.services.errors import DomainError, NotAllowed, ValidationError
from tests.conftest import TESTER_PASSWORD, add_tester

DATA = Path(__file__).resolve().parents[1] / "data"


def test_the_right_password_signs_in_and_a_wrong_one_does_not(db: Database):
    fresh = Database(db.url, engine=db.engine)
    with pytest.raises(DomainError, match=r"Wrong|salah"):
        accounts.sign_in(fresh, username="tester", password="not-it")
    assert fresh.user is None
    account = accounts.sign_in(fresh, username=" Tester ", password=TESTER_PASSWORD)
    assert fresh.user == "tester" and account.roles == frozenset(Role)
    with pytest.raises(DomainError, match=r"Wrong|salah"):
        accounts.sign_in(fresh, username="nobody", password=TESTER_PASSWORD)


def test_five_wrong_passwords_lock_the_account_for_five_minutes(db: Database):
    now = dt.datetime(2026, 11, 30, 9, 0)
    clock.set_clock(lambda: now)
    fresh = Database(db.url, engine=db.engine)
    for _ in range(accounts.MAX_FAILURES):
        with pytest.raises(DomainError):
            accounts.sign_in(fresh, username="tester", password="guess")
    with pytest.raises(DomainError, match="09:05"):  # even the right one, until 09:05
        accounts.sign_in(fresh, username="tester", password=TESTER_PASSWORD)
    clock.set_clock(lambda: now + dt.timedelta(minutes=accounts.LOCK_MINUTES, seconds=1))
    accounts.sign_in(fresh, username="tester", password=TESTER_PASSWORD)
    with db.reader() as s:
        actions = [a for (a,) in s.execute(select(AuditEntry.action).order_by(AuditEntry.seq))]
    assert actions.count("sign_in_failed") == accounts.MAX_FAILURES
    assert actions[-1] == "sign_in"


def test_passwords_are_kept_as_scrypt_hashes_never_as_text(db: Database):
    accounts.create_account(db, username="rina", full_name="Rina Oktaviani",
                            roles=[Role.FINANCE], password="kopi-liwa-2026")
    with db.reader() as s:
        stored = s.scalar(select(AppUser.password_hash).where(AppUser.username == "rina"))
        summaries = " ".join(s.scalars(select(AuditEntry.summary)))
    assert stored.startswith("scrypt$") and "kopi-liwa-2026" not in stored
    assert "kopi-liwa-2026" not in summaries and stored not in summaries
    assert accounts.check_password("kopi-liwa-2026", stored)
    assert not accounts.check_password("kopi-liwa-2025", stored)


def test_a_new_account_must_change_its_first_password(db: Database):
    accounts.create_account(db, username="budi", full_name="Budi Santoso",
                            roles=[Role.STOREROOM], password="sementara1")
    budi = Database(db.url, engine=db.engine)
    view = accounts.sign_in(budi, username="budi", password="sementara1")
    assert view.must_change_password
    with pytest.raises(ValidationError):
        accounts.change_password(budi, old="sementara1", new="pendek", repeated="pendek")
    with pytest.raises(ValidationError):
        accounts.change_password(budi, old="salah-lama", new="gudang-2026",
                                 repeated="gudang-2026")
    accounts.change_password(budi, old="sementara1", new="gudang-2026", repeated="gudang-2026")
    assert not accounts.current(budi).must_change_password
    accounts.reset_password(db, username="budi", password="baru-lagi-1")
    assert accounts.sign_in(budi, username="budi", password="baru-lagi-1").must_change_password


def test_the_first_administrator_is_made_only_on_a_database_without_accounts(db: Database):
    with pytest.raises(DomainError):
        accounts.create_first_admin(db, username="admin", full_name="Admin", password="x" * 9,
                                    repeated="x" * 9)
    with db.unit_of_work(anyone=True) as s:
        s.execute(delete(AppUser))
    fresh = Database(db.url, engine=db.engine)
    assert not accounts.has_accounts(fresh)
    with pytest.raises(ValidationError):
        accounts.create_first_admin(fresh, username="admin", full_name="Hendra",
                                    password="rahasia-99", repeated="rahasia-98")
    view = accounts.create_first_admin(fresh, username="Admin", full_name="Hendra Saputra",
                                       password="rahasia-99", repeated="rahasia-99")
    assert fresh.user == "admin" and view.roles == frozenset(Role)
    hotels.create_hotel(fresh, data=hotels.HotelData(code="H1", name="Hotel Satu"))


def test_the_last_administrator_cannot_be_disabled_or_demoted(db: Database):
    with pytest.raises(DomainError):
        accounts.update_account(db, username="tester", full_name="T", roles=[Role.FINANCE])
    add_tester(db, "kepala", roles=[Role.ADMIN])
    with pytest.raises(DomainError):  # not one's own account
        accounts.set_active(db, username="tester", active=False)
    accounts.set_active(db, username="kepala", active=False)
    with pytest.raises(DomainError):
        accounts.update_account(db, username="tester", full_name="T", roles=[Role.FINANCE])


def test_an_older_databases_user_names_become_accounts(tmp_path: Path):
    target = tmp_path / "office.sqlite3"
    shutil.copyfile(DATA / "schema-0003.sqlite3", target)
    with sqlite3.connect(target) as conn:
        conn.executemany("INSERT INTO app_user (username, full_name, is_admin, active) "
                         "VALUES (?, ?, ?, 1)", [("siti", "Siti", 1), ("joko", "Joko", 0)])
        conn.executemany(
            "INSERT INTO audit_entry (at, username, action, entity, entity_id, summary) "
            "VALUES (?, ?, ?, ?, ?, ?)",
            [("2026-10-01 08:00:00", "siti", "create", "hotel", 1, "{}"),
             ("2026-10-02 09:30:00", "joko", "post", "delivery", 7, '{"number": "SJ/1"}')])
    db = open_database(sqlite_url(target))
    with db.reader() as s:
        users = {u.username: (u.roles, u.password_hash) for u in s.scalars(select(AppUser))}
        assert audit_chain.verify(s).ok  # the older entries are chained as they were
        assert audit_chain.verify(s).checked == 2
    assert users["siti"] == ("admin,keuangan,pembelian,gudang", "")
    assert users["joko"] == ("keuangan,pembelian,gudang", "")
    with pytest.raises(DomainError, match=r"administrator"):
        accounts.sign_in(db, username="joko", password="anything")  # not until an admin sets one
    with pytest.raises(accounts.PasswordNotSet):
        accounts.sign_in(db, username="siti", password="")
    accounts.set_first_password(db, username="siti", password="siti-2026!", repeated="siti-2026!")
    assert db.user == "siti"
    accounts.reset_password(db, username="joko", password="joko-awal-1")
    joko = Database(db.url, engine=db.engine)
    assert accounts.sign_in(joko, username="joko", password="joko-awal-1").must_change_password
    with pytest.raises(DomainError):  # an account that has a password cannot take this path
        accounts.set_first_password(db, username="siti", password="other-pass",
                                    repeated="other-pass")
    db.dispose()


def test_not_signed_in_nothing_is_written(db: Database):
    with pytest.raises(NotAllowed):
        hotels.create_hotel(Database(db.url, engine=db.engine),
                            data=hotels.HotelData(code="H1", name="Hotel Satu"))
