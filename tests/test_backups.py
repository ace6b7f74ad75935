"""Backups that restore: identical data back, a clean restore over a crash's journal, a
consistent copy while another process writes, no restore under an open database, a damaged
file found at open, and the same through pg_dump / pg_restore on PostgreSQL."""

from __future__ import annotations

import datetime as dt
import hashlib
import multiprocessing
import shutil
import sqlite3
from decimal import Decimal
from pathlib import Path

import pytest
from sqlalchemy import text

from hotel_supply import backups, backups_pg, clock, config, soundness
from hotel_supply.cli import main
from hotel_supply.db import Database, head_revision
from hotel_supply.models.enums import RejectionReason
from hotel_supply.services import deliveries
from hotel_supply.services.delivery_input import DeliveryInput, LineInput
from tests import backup_children as children
from tests.factories import make_hotel, make_product, make_supplier

DAY = dt.date(2026, 11, 23)


def receive(db: Database, *, days: int = 2) -> None:
    """A supplier, a hotel, and ``days`` posted deliveries from DAY on."""
    supplier = make_supplier(db)
    product = make_product(db, supplier, standard_price=12_500)
    hotel = make_hotel(db)
    for n in range(days):
        day = DAY + dt.timedelta(days=n)
        delivery_id = deliveries.new_delivery(db, hotel_id=hotel, supplier_id=supplier, day=day)
        deliveries.post_delivery(db, delivery_id=delivery_id, data=DeliveryInput(
            delivery_date=day, lines=[LineInput(
                product_id=product, ordered=Decimal(10), delivered=Decimal(10),
                accepted=Decimal(9), rejected=Decimal(1),
                rejection_reason=RejectionReason.DAMAGED)]))


def sql_dump(path: Path) -> list[str]:
    conn = sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True)
    try:
        return list(conn.iterdump())
    finally:
        conn.close()


def digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def journals(path: Path) -> list[str]:
    return [s for s in ("-wal", "-shm", "-journal") if Path(str(path) + s).exists()]


@pytest.fixture
def office(sqlite_db: Database) -> Database:
    receive(sqlite_db)
    return sqlite_db


def test_backup_then_restore_gives_identical_data(office: Database, tmp_path: Path):
    path = Path(office.engine.url.database or "")
    taken = backups.back_up(office)
    office.dispose()
    before = sql_dump(path)
    assert taken.parent == path.parent / f"{path.stem}-backups"
    assert backups.parse_backup_name(taken)[2] == "manual"  # type: ignore[index]

    receive(office, days=1)  # work done after the backup, undone by the restore
    office.dispose()
    assert sql_dump(path) != before

    restored = backups.restore(office.url, taken)
    assert sql_dump(path) == before
    assert journals(path) == []
    kept = restored.kept_aside[0]
    assert kept.name.startswith(f"{path.stem}_replaced_") and kept.exists()
    # the file kept aside still holds the later work
    with sqlite3.connect(kept) as conn:
        assert conn.execute("SELECT count(*) FROM delivery").fetchone() == (3,)
    conn.close()


def test_a_restore_over_a_crashs_leftover_journal_is_clean(office: Database):
    path = Path(office.engine.url.database or "")
    taken = backups.back_up(office)
    expected = sql_dump(taken)
    office.dispose()
    child = multiprocessing.get_context("spawn").Process(target=children.crash_with_a_journal,
                                                          args=(str(path),))
    child.start()
    child.join(60)
    assert Path(str(path) + "-wal").stat().st_size > 0

    restored = backups.restore(office.url, taken)

    assert journals(path) == []  # nothing stale beside the restored file
    assert soundness.quick_check(path) is None
    assert sql_dump(path) == expected
    kept = {p.name.removeprefix(restored.kept_aside[0].name) for p in restored.kept_aside}
    assert kept == {"", "-wal", "-shm"}  # the crash's journal kept with its file, renamed
    with sqlite3.connect(restored.kept_aside[0]) as conn:  # and it still opens together
        names = {row[0] for row in conn.execute("SELECT name FROM supplier")}
    conn.close()
    assert names == {"written, then the PC crashed"}


def test_a_backup_taken_while_another_process_writes_is_consistent(office: Database):
    with office.engine.begin() as conn:
        conn.exec_driver_sql("CREATE TABLE writer_probe (batch INTEGER, n INTEGER)")
    context = multiprocessing.get_context("spawn")
    started, stop = context.Event(), context.Event()
    child = context.Process(target=children.write_in_batches,
                            args=(str(Path(office.engine.url.database or "")), started, stop))
    child.start()
    try:
        assert started.wait(60)
        copies = [backups.back_up(office) for _ in range(3)]
    finally:
        stop.set()
        child.join(60)
    with office.engine.connect() as conn:
        written = conn.exec_driver_sql("SELECT count(*) FROM writer_probe").scalar_one()
    sizes = []
    for copy in copies:
        assert soundness.quick_check(copy) is None
        with sqlite3.connect(copy) as conn:
            rows = conn.execute("SELECT batch, count(*) FROM writer_probe GROUP BY batch")
            per_batch = dict(rows.fetchall())
        conn.close()
        assert set(per_batch.values()) == {200}  # whole transactions only
        assert sorted(per_batch) == list(range(len(per_batch)))  # none skipped
        sizes.append(len(per_batch))
    assert sizes[-1] * 200 < written  # the writer went on after the last copy


def test_restore_is_refused_while_another_process_has_the_database_open(office: Database):
    path = Path(office.engine.url.database or "")
    taken = backups.back_up(office)
    office.dispose()
    context = multiprocessing.get_context("spawn")
    ready, release = context.Event(), context.Event()
    child = context.Process(target=children.hold_open, args=(str(path), ready, release))
    child.start()
    try:
        assert ready.wait(60)
        assert backups.in_use_by_another_process(path)
        before = digest(path)
        with pytest.raises(backups.DatabaseInUse, match="dibuka di jendela lain"):
            backups.restore(office.url, taken)
        assert digest(path) == before
        assert not list(path.parent.glob("*_replaced_*"))
    finally:
        release.set()
        child.join(60)
    assert not backups.in_use_by_another_process(path)
    backups.restore(office.url, taken)  # once it closed, the restore goes ahead


def damage(path: Path) -> None:
    """Overwrite a stretch of bytes in the middle of the file, as a failing disk would."""
    size = path.stat().st_size
    with path.open("r+b") as file:
        file.seek(size // 2)
        file.write(b"\xde\xad\xbe\xef" * 1024)


def test_a_damaged_file_is_detected_at_open(office: Database, capsys):
    path = Path(office.engine.url.database or "")
    backups.back_up(office)
    with office.engine.begin() as conn:  # enough pages that the middle holds data
        conn.exec_driver_sql("CREATE TABLE filler (t TEXT)")
        conn.exec_driver_sql("INSERT INTO filler SELECT hex(randomblob(500)) FROM "
                             "(WITH RECURSIVE c(n) AS (SELECT 1 UNION ALL SELECT n+1 FROM c "
                             "WHERE n < 2000) SELECT n FROM c)")
    office.dispose()
    damage(path)
    with pytest.raises(soundness.DamagedDatabase, match="rusak"):
        soundness.ensure_sound(office.url)
    # a batch command refuses it in one sentence, and takes no backup of it
    before = sorted(p.name for p in backups.backup_folder(office.url).iterdir())
    assert main(["stock", "--database", office.url]) == 2
    err = capsys.readouterr().err.strip()
    assert "rusak" in err and str(path) in err and len(err.splitlines()) == 1
    assert sorted(p.name for p in backups.backup_folder(office.url).iterdir()) == before
    # the latest good backup is there to offer
    good = backups.latest_good_backup(office.url)
    assert good is not None and good.contents is not None and good.contents.deliveries == 2


def test_a_damaged_database_is_never_backed_up(office: Database):
    path = Path(office.engine.url.database or "")
    with office.engine.begin() as conn:
        conn.exec_driver_sql("CREATE TABLE filler (t TEXT)")
        conn.exec_driver_sql("INSERT INTO filler SELECT hex(randomblob(500)) FROM "
                             "(WITH RECURSIVE c(n) AS (SELECT 1 UNION ALL SELECT n+1 FROM c "
                             "WHERE n < 2000) SELECT n FROM c)")
    office.dispose()
    damage(path)
    with pytest.raises(backups.BackupError):
        backups.back_up(office)
    folder = backups.backup_folder(office.url)
    assert not folder.exists() or not list(folder.iterdir())


def test_the_list_of_backups_says_when_why_how_big_and_what_each_holds(office: Database):
    clock.set_clock(lambda: dt.datetime(2026, 11, 24, 8, 15, 0))
    daily = backups.backup_if_due(office)
    clock.set_clock(lambda: dt.datetime(2026, 11, 24, 17, 30, 5))
    receive(office, days=1)
    manual = backups.back_up(office)
    listed = backups.list_backups(office.url)
    assert [b.path for b in listed] == [manual, daily]  # newest first
    newest, oldest = listed
    assert newest.taken_at == dt.datetime(2026, 11, 24, 17, 30, 5)
    assert (newest.reason_label, oldest.reason_label) == ("manual", "harian")
    assert newest.size == manual.stat().st_size > 0
    assert newest.contents is not None and oldest.contents is not None
    assert (newest.contents.deliveries, oldest.contents.deliveries) == (3, 2)
    assert newest.contents.last_delivery == DAY + dt.timedelta(days=1)
    assert newest.contents.revision == head_revision()


def test_a_daily_backup_once_a_day_keeping_the_newest(office: Database):
    clock.set_clock(lambda: dt.datetime(2030, 1, 1, 9, 0))
    assert backups.backup_if_due(office) is not None
    assert backups.backup_if_due(office) is None  # not again the same day
    for day in range(2, 12):
        clock.set_clock(lambda d=day: dt.datetime(2030, 1, d, 9, 0))
        assert backups.backup_if_due(office, keep=5) is not None
    dailies = [b.taken_at.day for b in backups.list_backups(office.url)]
    assert dailies == [11, 10, 9, 8, 7]


def test_backups_go_to_the_folder_chosen_on_this_pc(office: Database, tmp_path: Path):
    prefs = config.Preferences.load()
    prefs.backup_folder = str(tmp_path / "usb")
    prefs.save()
    taken = backups.back_up(office)
    assert taken.parent == tmp_path / "usb"
    assert [b.path for b in backups.list_backups(office.url)] == [taken]


def test_a_backup_of_another_version_or_not_a_backup_is_refused(office: Database,
                                                                tmp_path: Path):
    path = Path(office.engine.url.database or "")
    taken = backups.back_up(office)
    newer = tmp_path / "newer.sqlite3"
    shutil.copyfile(taken, newer)
    with sqlite3.connect(newer) as conn:
        conn.execute("UPDATE alembic_version SET version_num = '9999'")
    conn.close()
    office.dispose()
    before = digest(path)
    with pytest.raises(backups.BackupError, match="9999"):
        backups.restore(office.url, newer)
    text_file = tmp_path / "notes.sqlite3"
    text_file.write_text("not a database", encoding="utf-8")
    with pytest.raises(backups.BackupError, match="bukan cadangan Hotel Supply"):
        backups.restore(office.url, text_file)
    assert digest(path) == before


def test_backup_and_restore_from_the_command_line(office: Database, tmp_path: Path, capsys):
    path = Path(office.engine.url.database or "")
    out = tmp_path / "copy.sqlite3"
    assert main(["backup", "--out", str(out), "--database", office.url]) == 0
    assert str(out) in capsys.readouterr().out
    expected = sql_dump(out)
    receive(office, days=1)
    office.dispose()
    assert main(["backup", "--out", str(out), "--database", office.url]) == 2  # never replaced
    assert "sudah ada" in capsys.readouterr().err
    assert main(["restore", str(out), "--database", office.url]) == 0
    said = capsys.readouterr().out
    assert journals(path) == []  # the command closed it whole
    assert "dipulihkan" in said and "_replaced_" in said
    with sqlite3.connect(path) as conn:  # who restored what, in the restored data's trail
        restores = conn.execute("SELECT username, summary FROM audit_entry "
                                "WHERE action = 'restore'").fetchall()
    conn.close()
    assert len(restores) == 1 and restores[0][0] == "tester" and str(out) in restores[0][1]
    assert [line for line in sql_dump(path) if "audit" not in line] == [
        line for line in expected if "audit" not in line]
    assert journals(path) == []


@pytest.mark.postgres_only
def test_postgresql_dump_and_restore_round_trip(db: Database, tmp_path: Path):
    if backups_pg.tool("pg_dump") is None or backups_pg.tool("pg_restore") is None:
        pytest.skip("pg_dump / pg_restore are not installed")
    receive(db)

    def rows() -> dict[str, list[tuple[object, ...]]]:
        with db.engine.connect() as conn:
            tables = conn.execute(text(
                "SELECT tablename FROM pg_tables WHERE schemaname = current_schema() "
                "ORDER BY tablename")).scalars().all()
            return {t: [tuple(r) for r in conn.execute(text(f'SELECT * FROM "{t}" ORDER BY 1'))]
                    for t in tables}

    expected = rows()
    out = backups.back_up(db, out=tmp_path / "office.dump")
    listed = backups_pg.read_sidecar(out)
    assert listed is not None and listed.deliveries == 2 and listed.last_delivery == \
        DAY + dt.timedelta(days=1)
    receive(db, days=1)
    assert rows() != expected
    db.dispose()
    restored = backups.restore(db.url, out)
    assert rows() == expected
    before_restore = restored.kept_aside[0]
    assert before_restore.exists() and "before-restore" in before_restore.name
    # and the sequences go on from where the backup left them
    receive(db, days=1)
    db.dispose()


def test_without_pg_dump_a_postgresql_backup_says_so_in_one_sentence(monkeypatch, tmp_path):
    monkeypatch.setattr(backups_pg, "tool", lambda _name: None)
    server = Database("postgresql://kantor@server.invalid/hotel_supply", user="tester")
    for attempt in (lambda: backups.back_up(server, out=tmp_path / "x.dump"),
                    lambda: backups.restore(server.url, tmp_path / "x.dump")):
        with pytest.raises(backups.BackupError) as caught:
            attempt()
        message = caught.value.message
        assert message.startswith("pg_dump tidak terpasang") or message.startswith(
            "pg_restore tidak terpasang")
        assert message.count(". ") == 0 and message.endswith(".")
    assert backups.backup_before_upgrade(server) is None  # the upgrade goes on without it
    server.dispose()
    assert not list(tmp_path.iterdir())
