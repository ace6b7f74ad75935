"""Fixtures: a fresh database per test, on SQLite and (when configured) PostgreSQL.

Set ``HOTEL_SUPPLY_TEST_PG_URL`` to a PostgreSQL server URL and every test that
uses ``db`` runs twice, once per database. The schema is built once per run
through the real Alembic migrations; each test then starts from empty tables.
"""

from __future__ import annotations

import os
import shutil
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import create_engine, text

from hotel_supply import clock, i18n
from hotel_supply.config import sqlite_url
from hotel_supply.db import Database, normalise_url, upgrade
from hotel_supply.models import AppUser, Base
from hotel_supply.services.accounts import hash_password
from hotel_supply.services.permissions import format_roles

TESTER = "tester"
TESTER_PASSWORD = "tester-password"
TESTER_HASH = hash_password(TESTER_PASSWORD)  # once: scrypt is slow on purpose

PG_URL = os.environ.get("HOTEL_SUPPLY_TEST_PG_URL")
BACKENDS = ["sqlite", "postgresql"] if PG_URL else ["sqlite"]


@pytest.fixture(autouse=True)
def _isolated_user_data(tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch):
    """Never touch the real user's data folder; always start in Indonesian."""
    monkeypatch.setenv("HOTEL_SUPPLY_DATA_DIR", str(tmp_path_factory.mktemp("userdata")))
    monkeypatch.delenv("HOTEL_SUPPLY_DATABASE_URL", raising=False)
    # batch commands sign in as the test account every test database has
    monkeypatch.setenv("HOTEL_SUPPLY_USER", TESTER)
    monkeypatch.setenv("HOTEL_SUPPLY_PASSWORD", TESTER_PASSWORD)
    i18n.set_language("id")
    yield
    clock.set_clock(None)
    i18n.set_language("id")


@pytest.fixture(scope="session")
def _sqlite_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("template") / "template.sqlite3"
    db = Database(sqlite_url(path), user="template")
    upgrade(db)
    add_tester(db)
    db.dispose()
    return path


def add_tester(db: Database, username: str = TESTER, *, roles: object = None) -> None:
    """The account tests act as: every role unless ``roles`` says otherwise."""
    from hotel_supply.models.enums import Role

    with db.unit_of_work(anyone=True) as session:
        session.add(AppUser(username=username, full_name=username.title(), active=True,
                            roles=format_roles(roles if roles is not None else Role),
                            password_hash=TESTER_HASH))


@pytest.fixture(scope="session")
def _pg_database() -> Iterator[str]:
    """A PostgreSQL database of our own for this run, migrated once, dropped at the end."""
    assert PG_URL
    admin = create_engine(normalise_url(PG_URL), isolation_level="AUTOCOMMIT")
    name = f"hotel_supply_test_{uuid.uuid4().hex[:8]}"
    with admin.connect() as conn:
        conn.execute(text(f'CREATE DATABASE "{name}"'))
    url = normalise_url(PG_URL).rsplit("/", 1)[0] + f"/{name}"
    db = Database(url, user="template")
    upgrade(db)
    db.dispose()
    yield url
    with admin.connect() as conn:
        conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
    admin.dispose()


def _truncate_all(url: str) -> None:
    engine = create_engine(url)
    tables = ", ".join(f'"{t.name}"' for t in Base.metadata.sorted_tables)
    with engine.begin() as conn:
        conn.execute(text(f"TRUNCATE {tables} RESTART IDENTITY CASCADE"))
    engine.dispose()


@pytest.fixture(params=BACKENDS)
def db_url(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    if request.param == "sqlite":
        if request.node.get_closest_marker("postgres_only"):
            pytest.skip("a PostgreSQL-only test: not run on SQLite")
        target = tmp_path / "test.sqlite3"
        shutil.copyfile(request.getfixturevalue("_sqlite_template"), target)
        return sqlite_url(target)
    url: str = request.getfixturevalue("_pg_database")
    _truncate_all(url)
    seeded = Database(url, user="template")
    add_tester(seeded)
    seeded.dispose()
    return url


@pytest.fixture
def db(db_url: str) -> Iterator[Database]:
    """A fresh, migrated, empty database acting for user ``tester``."""
    database = Database(db_url, user="tester")
    yield database
    database.dispose()


@pytest.fixture
def sqlite_db(tmp_path: Path, _sqlite_template: Path) -> Iterator[Database]:
    """SQLite only: for UI tests and anything PostgreSQL adds nothing to."""
    target = tmp_path / "ui.sqlite3"
    shutil.copyfile(_sqlite_template, target)
    database = Database(sqlite_url(target), user="tester")
    yield database
    database.dispose()
