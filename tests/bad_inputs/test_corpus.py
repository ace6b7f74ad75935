"""Bad input gets one clear sentence, never a traceback, and changes nothing.

The cases live in the TOML files beside this module, one file per entry point:
``commands.toml`` (the ``hotel-supply`` command), ``services.toml`` (every service a
form, a batch command or an import calls) and ``forms.toml`` (the dialogs a clerk types
into). Each case names its input and the words its message must contain. Every case
runs on SQLite and, when ``HOTEL_SUPPLY_TEST_PG_URL`` is set, on PostgreSQL, against
the small office of ``world.py``; after it, every table's rows are what they were.
"""

from __future__ import annotations

import importlib
import os
import shutil
import tomllib
import uuid
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import create_engine, text

from hotel_supply import clock, i18n
from hotel_supply.config import sqlite_url
from hotel_supply.db import Database, normalise_url, upgrade
from hotel_supply.services.errors import DomainError
from tests.bad_inputs.decode import decode
from tests.bad_inputs.world import NOW, build_world, digest
from tests.conftest import BACKENDS, PG_URL, add_tester

HERE = Path(__file__).parent


def _load(name: str) -> list[dict[str, Any]]:
    with (HERE / name).open("rb") as fh:
        cases = tomllib.load(fh)["case"]
    ids = [c["id"] for c in cases]
    assert len(ids) == len(set(ids)), f"{name}: case ids repeat"
    return cases


COMMANDS = _load("commands.toml")
SERVICES = _load("services.toml")
FORMS = _load("forms.toml")


def _words_in(message: str, words: list[str]) -> None:
    folded = message.casefold()
    missing = [w for w in words if w.casefold() not in folded]
    assert not missing, f"message {message!r} lacks {missing}"


@pytest.fixture(scope="module", params=BACKENDS)
def world(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory
          ) -> Iterator[tuple[Database, dict[str, Any]]]:
    clock.set_clock(lambda: NOW)
    i18n.set_language("id")
    dropper = None
    if request.param == "sqlite":
        target = tmp_path_factory.mktemp("corpus") / "office.sqlite3"
        shutil.copyfile(request.getfixturevalue("_sqlite_template"), target)
        url = sqlite_url(target)
    else:
        assert PG_URL
        admin = create_engine(normalise_url(PG_URL), isolation_level="AUTOCOMMIT")
        name = f"hotel_supply_corpus_{uuid.uuid4().hex[:8]}"
        with admin.connect() as conn:
            conn.execute(text(f'CREATE DATABASE "{name}"'))
        url = normalise_url(PG_URL).rsplit("/", 1)[0] + f"/{name}"
        seeded = Database(url, user="template")
        upgrade(seeded)
        add_tester(seeded)
        seeded.dispose()

        def dropper() -> None:
            with admin.connect() as conn:
                conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
            admin.dispose()

    db = Database(url, user="tester")
    ids = build_world(db, tmp_path_factory.mktemp("files"))
    ids["backend"] = request.param
    ids["pgserver"] = normalise_url(PG_URL).rsplit("/", 1)[0] if PG_URL else ""
    clock.set_clock(None)
    yield db, ids
    db.dispose()
    if dropper is not None:
        dropper()


@pytest.fixture
def pinned() -> Iterator[None]:
    clock.set_clock(lambda: NOW)
    yield
    clock.set_clock(None)


def _fill(value: str, ids: dict[str, Any]) -> str:
    for key, replacement in ids.items():
        value = value.replace("{" + key + "}", str(replacement))
    return value


@pytest.mark.parametrize("case", COMMANDS, ids=[c["id"] for c in COMMANDS])
def test_command(case: dict[str, Any], world, pinned, capsys, tmp_path) -> None:
    from hotel_supply.cli import main

    db, ids = world
    if case.get("backend", "any") not in ("any", ids["backend"]):
        pytest.skip(f"a case for {case['backend']} only")
    ids = {**ids, "tmp": str(tmp_path)}
    for setup in case.get("setup", []):
        _prepare(setup, tmp_path)
    before = digest(db)
    argv = [_fill(a, ids) for a in case["args"]]
    try:
        status = main(argv)
    except SystemExit as exc:  # argparse
        status = exc.code
    out = capsys.readouterr()
    said = out.err + out.out
    if os.environ.get("HOTEL_SUPPLY_CORPUS_SHOW"):  # to read every message when writing cases
        with open(os.environ["HOTEL_SUPPLY_CORPUS_SHOW"], "a") as fh:
            fh.write(f"{case['id']} [{status}]: {said.strip()}\n")
    assert "Traceback" not in said
    assert status == case.get("status", 2), said
    _words_in(said, case["expect"])
    assert digest(db) == before
    for path in case.get("absent", []):
        assert not Path(_fill(path, ids)).exists(), path


def _prepare(setup: str, tmp_path: Path) -> None:
    """Named situations a command case starts from (files and folders in ``tmp``)."""
    if setup == "existing_file":
        (tmp_path / "exists.xlsx").write_bytes(b"old")
        (tmp_path / "exists.pdf").write_bytes(b"old")
    elif setup == "newer_db":
        target = tmp_path / "newer.sqlite3"
        db = Database(sqlite_url(target), user="t")
        upgrade(db)
        with db.unit_of_work(anyone=True) as s:
            s.execute(text("UPDATE alembic_version SET version_num = '9999_from_the_future'"))
        db.dispose()
    elif setup == "not_sqlite":
        (tmp_path / "notes.sqlite3").write_text("this is not a database")
    else:  # pragma: no cover - a typo in the corpus
        raise AssertionError(f"unknown setup {setup}")


@pytest.mark.parametrize("case", SERVICES, ids=[c["id"] for c in SERVICES])
def test_service(case: dict[str, Any], world, pinned) -> None:
    db, ids = world
    module_name, function_name = case["call"].rsplit(".", 1)
    function = getattr(importlib.import_module(f"hotel_supply.services.{module_name}"),
                       function_name)
    kwargs = decode(case.get("args", {}), ids)
    before = digest(db)
    if "rows" in case:  # a search: it finds exactly what it should, literally
        rows = function(db, **kwargs)
        assert len(rows) == case["rows"]
        return
    with pytest.raises(DomainError) as err:
        function(db, **kwargs)
    if os.environ.get("HOTEL_SUPPLY_CORPUS_SHOW"):
        with open(os.environ["HOTEL_SUPPLY_CORPUS_SHOW"], "a") as fh:
            fh.write(f"{case['id']}: {err.value.message.strip()[:300]}\n")
    assert "Traceback" not in err.value.message
    _words_in(err.value.message, case["expect"])
    assert digest(db) == before


@pytest.mark.parametrize("case", FORMS, ids=[c["id"] for c in FORMS])
def test_form(case: dict[str, Any], world, pinned, qtbot, monkeypatch) -> None:
    from hotel_supply.ui.dialogs import form as form_module
    from tests.bad_inputs.forms import open_form

    shown: list[str] = []  # an error box would wait for a click: record it instead
    monkeypatch.setattr(form_module, "show_error", lambda _parent, exc: shown.append(str(exc)))
    monkeypatch.setattr(form_module.FormDialog, "confirm_discard", lambda self: True)
    db, ids = world
    before = digest(db)
    form = open_form(case["form"], db, ids, qtbot)
    for key, value in decode(case.get("fields", {}), ids).items():
        form.type_into(key, value)
    form.try_save()  # Save pressed anyway: refused, every message shown
    _words_in(form.message(case["field"]), case["expect"])
    assert not form.can_save()
    assert digest(db) == before
    assert not any("Traceback" in m for m in shown)
    form.dialog.reject()
