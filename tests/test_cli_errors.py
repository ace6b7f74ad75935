"""The command line never shows a traceback: each failure is one sentence and an exit status.

Known failures exit with 2 and say what to do; anything unexpected exits with 1
and names the log file that keeps the traceback; a reader that closes the
output early (``| head``) ends the command quietly.
"""

from __future__ import annotations

import hashlib
import os
import shlex
import shutil
import sqlite3
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest

from hotel_supply import config, errors_log
from hotel_supply.cli import main
from hotel_supply.config import sqlite_url
from hotel_supply.db import Database
from tests.conftest import PG_URL
from tests.factories import make_hotel

ROOT = Path(__file__).resolve().parents[1]


@contextmanager
def read_only(path: Path) -> Iterator[None]:
    """Make ``path`` (a file or a folder) read-only for this process, even when it runs as root."""
    if sys.platform == "win32":
        pytest.skip("read-only folders are not a thing Windows enforces")
    if os.geteuid() == 0:  # root writes through permissions; the immutable flag stops it too
        if subprocess.run(["chattr", "+i", str(path)], capture_output=True).returncode != 0:
            pytest.skip("running as root on a file system without the immutable flag")
        try:
            yield
        finally:
            subprocess.run(["chattr", "-i", str(path)], check=True)
    else:
        mode = path.stat().st_mode
        path.chmod(mode & ~0o222)
        try:
            yield
        finally:
            path.chmod(mode)


def digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def backups(database: Path) -> list[Path]:
    """The backups of ``database`` in its backup folder (beside the file)."""
    folder = database.parent / f"{database.stem}-backups"
    return sorted(folder.iterdir()) if folder.exists() else []


@pytest.fixture
def office(tmp_path: Path, _sqlite_template: Path) -> Path:
    """A migrated database file with one hotel, closed (no write-ahead log beside it)."""
    folder = tmp_path / "office"
    folder.mkdir()
    path = folder / "office.sqlite3"
    shutil.copyfile(_sqlite_template, path)
    db = Database(sqlite_url(path), user="tester")
    make_hotel(db, code="EMR", name="Hotel Emersia")
    db.dispose()
    return path


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    status = main(list(argv))
    out, err = capsys.readouterr()
    assert "Traceback" not in err and "Traceback" not in out
    return status, out, err


# --- the database URL -------------------------------------------------------------


@pytest.mark.parametrize(("url", "sentence"), [
    ("bogus://", "URL database “bogus://” tidak dikenali: gunakan sqlite:///lokasi-file atau "
                 "postgresql://pengguna@server/nama."),
    ("notaurl", "URL database “notaurl” tidak dikenali"),
    ("mysql://kasir@server/hotel", "Hotel Supply hanya bekerja dengan SQLite dan PostgreSQL, "
                                   "bukan “mysql”"),
    ("", "URL database kosong"),
])
def test_a_url_naming_no_usable_database_is_one_sentence(capsys, url, sentence):
    status, _out, err = run(capsys, "stock", "--database", url)
    assert status == 2
    assert err.strip().startswith(sentence)
    assert len(err.strip().splitlines()) == 1
    assert list(config.data_dir().glob("*.sqlite3")) == []  # the office database was not made


def test_the_sentence_is_in_english_when_asked(capsys):
    status, _out, err = run(capsys, "--lang", "en", "check", "--month", "2026-11",
                            "--database", "notaurl")
    assert status == 2
    assert err.strip() == ("The database URL “notaurl” is not understood: use sqlite:///path or "
                           "postgresql://user@server/name.")


@pytest.mark.parametrize("command", [
    ["stock"],
    ["print", "delivery-notes", "--date", "2026-11-23", "--out", "{tmp}/notes"],
    ["invoices", "generate", "--month", "2026-11"],
    ["invoices", "print", "--month", "2026-11", "--out", "{tmp}/invoices"],
    ["reconcile", "--month", "2026-11", "--out", "{tmp}/rekon.xlsx"],
    ["check", "--month", "2026-11"],
])
def test_a_batch_command_never_creates_a_database(capsys, tmp_path, command):
    missing = tmp_path / "nowhere" / "deeper" / "office.sqlite3"
    argv = [part.format(tmp=tmp_path) for part in command]
    status, _out, err = run(capsys, *argv, "--database", sqlite_url(missing))
    assert status == 2
    assert err.strip() == (f"Tidak ada database di {missing}: perintah batch tidak membuat "
                           "database; jalankan aplikasinya sekali, atau periksa lokasinya.")
    assert sorted(p.name for p in tmp_path.iterdir()) == []  # no folder, no file, no output


def test_an_empty_file_is_not_a_database_a_batch_command_fills(capsys, tmp_path):
    empty = tmp_path / "kosong.sqlite3"
    empty.touch()
    status, _out, err = run(capsys, "stock", "--database", sqlite_url(empty))
    assert status == 2
    assert "belum berisi data Hotel Supply: perintah batch tidak membuat database" in err
    assert empty.stat().st_size == 0


def test_a_folder_named_as_the_database_is_refused(capsys, tmp_path):
    status, _out, err = run(capsys, "stock", "--database", sqlite_url(tmp_path))
    assert status == 2
    assert err.strip() == (f"“{tmp_path}” adalah folder, bukan file database: tambahkan nama "
                           "filenya pada URL.")


def test_a_data_folder_that_cannot_be_made_is_one_sentence(capsys, tmp_path, monkeypatch):
    blocker = tmp_path / "data-is-a-file"
    blocker.write_text("x")
    monkeypatch.setenv("HOTEL_SUPPLY_DATA_DIR", str(blocker / "sub"))
    status, _out, err = run(capsys, "stock")  # the default database lives in the data folder
    assert status == 2
    assert err.startswith(f"Folder data {blocker / 'sub'} tidak dapat dibuat")


# --- PostgreSQL -------------------------------------------------------------------


@pytest.mark.skipif(not PG_URL, reason="needs HOTEL_SUPPLY_TEST_PG_URL")
def test_a_missing_postgresql_database_is_one_sentence(capsys):
    assert PG_URL
    url = PG_URL.rsplit("/", 1)[0] + "/hotel_supply_tidak_ada"
    status, _out, err = run(capsys, "stock", "--database", url)
    assert status == 2
    assert err.startswith("Database “hotel_supply_tidak_ada” tidak ada di server ")
    assert "periksa namanya di URL, atau minta administrator membuatnya." in err


@pytest.mark.skipif(not PG_URL, reason="needs HOTEL_SUPPLY_TEST_PG_URL")
def test_an_unknown_postgresql_server_is_one_sentence_and_quick(capsys):
    started = time.monotonic()
    status, _out, err = run(capsys, "check", "--month", "2026-11",
                            "--database", "postgresql://x@nonexistent.invalid/db")
    assert status == 2
    assert err.strip() == ("Server database “nonexistent.invalid” tidak ditemukan: periksa nama "
                           "server di URL dan sambungan jaringan.")
    assert time.monotonic() - started < 15


# --- a database made by a newer version --------------------------------------------


def test_a_newer_database_is_refused_without_a_backup(capsys, office):
    with sqlite3.connect(office) as conn:
        conn.execute("UPDATE alembic_version SET version_num = '9999'")
    conn.close()
    before = digest(office)
    for _attempt in range(2):
        status, _out, err = run(capsys, "stock", "--database", sqlite_url(office))
        assert status == 2
        assert err.strip() == ("Database ini dibuat oleh Hotel Supply versi yang lebih baru "
                               "(revisi 9999): pasang versi yang lebih baru itu.")
    assert backups(office) == []
    assert digest(office) == before


# --- read-only database files and folders ------------------------------------------


def _rollback_journal(path: Path) -> None:
    """A file that is not in WAL mode: opening it once tried to switch it, a write."""
    with sqlite3.connect(path) as conn:
        conn.execute("PRAGMA journal_mode = DELETE")
    conn.close()


def test_a_read_only_database_file_can_be_read_but_not_written(capsys, office):
    _rollback_journal(office)
    before = digest(office)
    url = sqlite_url(office)
    with read_only(office):
        status, out, err = run(capsys, "stock", "--database", url)
        assert status == 0 and "EMR" in out and "Hotel Emersia" in out
        status, _out, err = run(capsys, "invoices", "generate", "--month", "2026-11",
                                "--database", url)
        assert status == 2
        assert err.strip() == (f"File database {office} hanya-baca: mintalah izin menulis kepada "
                               "pengelola komputer ini, atau bekerjalah pada salinannya di folder "
                               "Anda sendiri.")
    assert digest(office) == before


def test_a_database_in_a_read_only_folder_can_be_read_but_not_written(capsys, office):
    url = sqlite_url(office)
    with read_only(office.parent):
        status, out, _err = run(capsys, "stock", "--database", url)
        assert status == 0 and "Hotel Emersia" in out
        status, _out, _err = run(capsys, "check", "--month", "2026-11", "--database", url)
        assert status == 0
        status, _out, err = run(capsys, "reconcile", "--month", "2026-11", "--database", url,
                                "--out", str(office.parent.parent / "rekon.xlsx"))
        assert status == 2
        assert err.startswith(f"Folder file database {office} hanya-baca")
        assert sorted(p.name for p in office.parent.iterdir()) == ["office.sqlite3"]
    assert not (office.parent.parent / "rekon.xlsx").exists()


# --- output files -----------------------------------------------------------------


def test_output_into_a_read_only_folder_is_refused_before_any_work(capsys, office, tmp_path):
    locked = tmp_path / "locked"
    locked.mkdir()
    with read_only(locked):
        status, _out, err = run(capsys, "print", "delivery-notes", "--date", "2026-11-23",
                                "--out", str(locked / "notes"), "--database", sqlite_url(office))
        assert status == 2
        assert err.strip() == (f"Hotel Supply tidak diizinkan menulis di folder {locked}: pilih "
                               "folder lain dengan --out.")
        status, _out, err = run(capsys, "stock", "--hotel", "EMR", "--xlsx",
                                str(locked / "stok.xlsx"), "--database", sqlite_url(office))
        assert status == 2
        assert "tidak diizinkan menulis" in err
    assert list(locked.iterdir()) == []


def test_a_file_where_the_output_folder_should_be_is_refused(capsys, office, tmp_path):
    taken = tmp_path / "catatan.txt"
    taken.write_text("jangan ditimpa")
    status, _out, err = run(capsys, "invoices", "print", "--month", "2026-11",
                            "--out", str(taken), "--database", sqlite_url(office))
    assert status == 2
    assert err.strip() == (f"{taken} adalah file, bukan folder: berikan folder untuk file-filenya "
                           "dengan --out.")
    assert taken.read_text() == "jangan ditimpa"


def test_an_existing_output_file_is_replaced_only_with_force(capsys, office, tmp_path):
    from openpyxl import load_workbook

    book = tmp_path / "stok.xlsx"
    book.write_text("laporan kemarin")
    url = sqlite_url(office)
    status, _out, err = run(capsys, "stock", "--hotel", "EMR", "--xlsx", str(book),
                            "--database", url)
    assert status == 2
    assert err.strip() == (f"{book} sudah ada: berikan nama lain, atau tambahkan --force untuk "
                           "menimpanya.")
    assert book.read_text() == "laporan kemarin"
    status, _out, _err = run(capsys, "stock", "--hotel", "EMR", "--xlsx", str(book), "--force",
                             "--database", url)
    assert status == 0
    assert next(load_workbook(book).active.iter_rows(values_only=True))[0] == "Kode"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["office", "stok.xlsx"]  # no scratch


def test_an_output_file_in_a_missing_folder_is_refused(capsys, office, tmp_path):
    target = tmp_path / "belum-ada" / "rekon.pdf"
    status, _out, err = run(capsys, "reconcile", "--month", "2026-11", "--out", str(target),
                            "--database", sqlite_url(office))
    assert status == 2
    assert err.strip() == (f"Folder {target.parent} tidak ada: buat dulu foldernya, atau periksa "
                           "lokasinya.")


# --- the parser, the unexpected, the closed pipe -----------------------------------


def test_the_parser_speaks_the_users_language(capsys):
    with pytest.raises(SystemExit) as exit_:
        main(["demo", "--seed", "tujuh"])
    assert exit_.value.code == 2
    err = capsys.readouterr().err
    assert err.startswith("cara pakai: hotel-supply demo")
    assert "hotel-supply demo: kesalahan: argumen --seed: “tujuh” bukan bilangan bulat." in err
    with pytest.raises(SystemExit):
        main(["--lang", "en", "invoices", "issue"])
    err = capsys.readouterr().err
    assert err.startswith("usage: hotel-supply invoices")
    assert "the following arguments are required: --month" in err


def test_something_unexpected_names_the_log_that_keeps_the_traceback(capsys, office,
                                                                     monkeypatch):
    def broken(args):
        raise RuntimeError("stok tidak terbaca")

    monkeypatch.setattr("hotel_supply.cli.cmd_stock", broken)
    status, _out, err = run(capsys, "stock", "--database", sqlite_url(office))
    log = config.data_dir() / "hotel-supply.log"
    assert status == 1
    assert err.strip() == f"Terjadi masalah yang tidak terduga; rinciannya ada di {log}."
    text = log.read_text(encoding="utf-8")
    assert "Traceback (most recent call last)" in text
    assert "RuntimeError: stok tidak terbaca" in text and "hotel-supply stock" in text


def test_the_log_rotates(monkeypatch):
    monkeypatch.setattr(errors_log, "MAX_BYTES", 2_000)
    monkeypatch.setattr(errors_log, "BACKUP_COUNT", 2)
    for n in range(30):
        errors_log.log_error(ValueError(f"kesalahan ke-{n} " + "x" * 200))
    names = sorted(p.name for p in config.data_dir().glob("hotel-supply.log*"))
    assert names == ["hotel-supply.log", "hotel-supply.log.1", "hotel-supply.log.2"]
    assert "kesalahan ke-29" in (config.data_dir() / "hotel-supply.log").read_text()


def test_a_reader_that_stops_early_ends_the_command_quietly(office):
    """``hotel-supply stock --hotel EMR | head -1``: the reader is gone before the table is."""
    command = [sys.executable, "-m", "hotel_supply", "stock", "--hotel", "EMR",
               "--database", sqlite_url(office)]
    proc = subprocess.Popen(command, cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    assert proc.stdout is not None and proc.stderr is not None
    proc.stdout.close()  # closed before the command writes its first line
    err = proc.stderr.read().decode()
    assert proc.wait(timeout=60) == 141
    assert err == ""
    shell = subprocess.run(shlex.join(command) + " | head -1", shell=True, cwd=ROOT,
                           capture_output=True, text=True, timeout=60)
    assert shell.stdout.startswith("Stok EMR")
    assert shell.stderr == ""
