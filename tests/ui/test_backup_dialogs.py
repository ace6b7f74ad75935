"""File › Back up now and File › Restore…, and the offer to restore a damaged file at start,
driven as a clerk would: menus, the list of backups, the confirmation, the sign-in."""

from __future__ import annotations

import datetime as dt
import sqlite3
from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication, QMessageBox, QWidget
from sqlalchemy import text

from hotel_supply import backups, clock, soundness
from hotel_supply.config import Preferences
from hotel_supply.db import Database
from hotel_supply.models.enums import Role
from hotel_supply.ui.context import AppContext
from hotel_supply.ui.dialogs import backups as backup_dialogs
from hotel_supply.ui.dialogs.backups import BackupSignInDialog, RestoreDialog
from hotel_supply.ui.main_window import MainWindow
from tests.conftest import TESTER, TESTER_PASSWORD, add_tester
from tests.factories import make_supplier
from tests.test_backups import damage, journals, receive


def answer_in_turn(*steps: Callable[[QWidget], None]) -> list[str]:
    """Answer the modal dialogs that open next, one step each, in order; the texts seen."""
    pending = list(steps)
    seen: list[str] = []
    last: list[QWidget | None] = [None]

    def poll() -> None:
        box = QApplication.activeModalWidget()
        step = None
        if box is not None and box is not last[0] and pending:
            last[0] = box
            seen.append(box.text() if isinstance(box, QMessageBox) else box.windowTitle())
            step = pending.pop(0)
        if pending:  # first: a step may open the next dialog and wait in it
            QTimer.singleShot(20, poll)
        if step is not None and box is not None:
            step(box)

    QTimer.singleShot(0, poll)
    return seen


def click(text: str) -> Callable[[QWidget], None]:
    def do(box: QWidget) -> None:
        assert isinstance(box, QMessageBox)
        [button] = [b for b in box.buttons() if b.text() == text]
        button.click()

    return do


def names(db: Database) -> list[str]:
    with db.reader() as session:
        return list(session.execute(text("SELECT name FROM supplier ORDER BY name")).scalars())


def file_of(db: Database) -> Path:
    return Path(db.engine.url.database or "")


def test_back_up_now_names_the_file_in_the_status_bar(qtbot, sqlite_db: Database):
    make_supplier(sqlite_db, name="Keripik Bu Ani")
    window = MainWindow(AppContext(sqlite_db, Preferences()))
    qtbot.addWidget(window)
    window.backup_action.trigger()
    [taken] = backups.list_backups(sqlite_db.url)
    assert window.statusBar().currentMessage() == f"Cadangan ditulis: {taken.path}"
    assert taken.reason_label == "manual" and taken.contents is not None


def test_the_list_of_backups_shows_date_reason_size_and_what_each_holds(qtbot, sqlite_db):
    clock.set_clock(lambda: dt.datetime(2026, 11, 23, 7, 30))
    backups.backup_if_due(sqlite_db)
    clock.set_clock(lambda: dt.datetime(2026, 11, 24, 16, 5))
    receive(sqlite_db, days=2)  # 23 and 24 November
    backups.back_up(sqlite_db)
    dialog = RestoreDialog(sqlite_db.url)
    qtbot.addWidget(dialog)
    headers = [dialog.table.horizontalHeaderItem(c).text() for c in range(6)]
    assert headers == ["Dibuat", "Alasan", "Ukuran", "Pengiriman", "Tagihan",
                       "Pengiriman terakhir"]
    rows = [[dialog.table.item(r, c).text() for c in range(6)] for r in range(2)]
    assert [r[:2] for r in rows] == [["24/11/2026 16:05", "manual"],
                                     ["23/11/2026 07:30", "harian"]]
    assert all(r[2].endswith(" KB") for r in rows)
    assert [r[3:] for r in rows] == [["2", "0", "24/11/2026"], ["0", "0", "–"]]
    assert dialog.restore_button.isEnabled()  # the newest is chosen to begin with
    assert dialog.table.item(0, 0).toolTip().endswith("_manual.sqlite3")


def test_restore_from_the_menu_asks_first_and_reopens_the_database(qtbot, sqlite_db,
                                                                    monkeypatch):
    make_supplier(sqlite_db, name="Keripik Bu Ani")
    backups.back_up(sqlite_db)
    make_supplier(sqlite_db, name="Entered after the backup")
    ctx = AppContext(sqlite_db, Preferences())
    window = MainWindow(ctx)
    qtbot.addWidget(window)
    told: list[str] = []
    monkeypatch.setattr(QMessageBox, "information",
                        lambda _parent, _title, text, *a: told.append(text))

    def press_restore(dialog: QWidget) -> None:
        assert isinstance(dialog, RestoreDialog)
        dialog.restore_button.click()

    def cancel_is_the_default(box: QWidget) -> None:
        assert isinstance(box, QMessageBox)
        assert box.defaultButton().text() == "Batal"  # Enter means Cancel
        box.defaultButton().click()

    # First the clerk has second thoughts: Cancel on the confirmation keeps everything.
    seen = answer_in_turn(press_restore, cancel_is_the_default,
                          lambda dialog: dialog.reject())  # type: ignore[attr-defined]
    window.restore_action.trigger()
    assert "Ganti database" in seen[1]
    assert ctx.db is sqlite_db and names(ctx.db) == ["Entered after the backup",
                                                     "Keripik Bu Ani"]
    # Then Restore, clicked on purpose.
    answer_in_turn(press_restore, click("Pulihkan"))
    window.restore_action.trigger()
    assert ctx.db is not sqlite_db  # reopened
    assert names(ctx.db) == ["Keripik Bu Ani"]
    with ctx.db.reader() as session:
        who = session.execute(text("SELECT username FROM audit_entry WHERE action = 'restore'"))
        assert who.scalars().all() == ["tester"]
    assert journals(file_of(sqlite_db)) == [] or soundness.quick_check(file_of(sqlite_db)) is None
    assert told and told[-1].startswith("Cadangan sudah dipulihkan")
    window.show_page(7)  # the suppliers page shows the restored data
    ctx.db.dispose()


def test_only_an_administrator_may_restore(qtbot, sqlite_db, monkeypatch):
    add_tester(sqlite_db, "gudang", roles=[Role.STOREROOM, Role.FINANCE])
    sqlite_db.user = "gudang"
    told: list[str] = []
    monkeypatch.setattr(QMessageBox, "information",
                        lambda _parent, _title, text, *a: told.append(text))
    ctx = AppContext(sqlite_db, Preferences())
    assert backup_dialogs.restore_from_menu(QWidget(), ctx) is False
    assert told == ["Hanya administrator yang boleh memulihkan cadangan."]


def test_a_damaged_file_at_start_offers_the_latest_good_backup(qtbot, sqlite_db):
    make_supplier(sqlite_db, name="Keripik Bu Ani")
    backups.back_up(sqlite_db)
    path = file_of(sqlite_db)
    with sqlite_db.engine.begin() as conn:
        conn.exec_driver_sql("CREATE TABLE filler (t TEXT)")
        conn.exec_driver_sql("INSERT INTO filler SELECT hex(randomblob(500)) FROM "
                             "(WITH RECURSIVE c(n) AS (SELECT 1 UNION ALL SELECT n+1 FROM c "
                             "WHERE n < 2000) SELECT n FROM c)")
    sqlite_db.dispose()
    damage(path)
    try:
        soundness.ensure_sound(sqlite_db.url)
    except soundness.DamagedDatabase as exc:
        error = exc
    else:
        raise AssertionError("the damage went unnoticed")

    def sign_in(dialog: QWidget) -> None:
        assert isinstance(dialog, BackupSignInDialog)
        dialog.username.setText(TESTER)
        dialog.password.setText(TESTER_PASSWORD)
        dialog.ok_button.click()

    seen = answer_in_turn(click("Pulihkan cadangan baik yang terakhir…"), click("Pulihkan"),
                          sign_in, lambda box: box.accept())  # type: ignore[attr-defined]
    assert backup_dialogs.offer_restore_at_start(error, sqlite_db.url)
    assert "rusak" in seen[0] and "Ganti database yang rusak" in seen[1]
    assert seen[2] == "Administrator masuk untuk memulihkan"
    assert seen[3].startswith("Cadangan sudah dipulihkan: 0 pengiriman")
    assert soundness.quick_check(path) is None
    with sqlite3.connect(path) as conn:
        assert conn.execute("SELECT name FROM supplier").fetchall() == [("Keripik Bu Ani",)]
    conn.close()
    assert list(path.parent.glob(f"{path.stem}_replaced_*"))  # the damaged file kept aside


def test_a_damaged_file_at_start_can_be_left_alone(qtbot, sqlite_db):
    path = file_of(sqlite_db)
    sqlite_db.dispose()
    error = soundness.DamagedDatabase("rusak", path=path)
    answer_in_turn(click("Keluar"))
    assert backup_dialogs.offer_restore_at_start(error, sqlite_db.url) is False


def test_settings_keep_this_pcs_backup_folder_and_how_many(qtbot, sqlite_db, tmp_path,
                                                           monkeypatch):
    from hotel_supply.services import settings as settings_service
    from hotel_supply.ui.pages import settings as settings_page

    org = settings_service.load_settings(sqlite_db)
    org.name = "UPT Pendampingan UMKM"
    settings_service.save_settings(sqlite_db, settings=org)
    ctx = AppContext(sqlite_db, Preferences.load())
    page = settings_page.SettingsPage(ctx)
    qtbot.addWidget(page)
    page.show()
    assert page.backup_folder.placeholderText() == "di samping berkas database"
    assert page.backups_to_keep.value() == 30
    usb = tmp_path / "usb" / "cadangan"
    monkeypatch.setattr(settings_page, "existing_folder", lambda *_a: str(usb))
    page.choose_backup_folder.trigger()
    page.backups_to_keep.setValue(10)
    page.save_button.click()
    saved = Preferences.load()
    assert (saved.backup_folder, saved.backups_to_keep) == (str(usb), 10)
    assert backups.back_up(sqlite_db).parent == usb  # where the next backup goes

    errors: list[str] = []
    monkeypatch.setattr(settings_page, "show_error",
                        lambda _parent, exc, *a: errors.append(exc.message))
    blocker = tmp_path / "a-file"
    blocker.write_text("x", encoding="utf-8")
    page.backup_folder.setText(str(blocker / "cadangan"))  # cannot be made
    page.save_button.click()
    assert errors and errors[0].startswith(f"Folder cadangan {blocker / 'cadangan'} tidak dapat")
    assert Preferences.load().backup_folder == str(usb)  # nothing saved


def test_the_app_never_opens_a_damaged_file_silently(qtbot, sqlite_db):
    from hotel_supply.ui import app as app_module
    from tests.test_backups import digest

    path = file_of(sqlite_db)
    check = app_module.SoundnessCheck(sqlite_db.url)  # beside the sign-in, as at start
    opened = app_module._open(sqlite_db.url, check)  # a sound file: opened
    assert opened is not None and check.result() is None
    backups.backup_if_due(opened)  # taken once the check found the file sound
    opened.dispose()
    [daily] = backups.list_backups(sqlite_db.url)
    assert daily.reason == "daily"
    with sqlite_db.engine.begin() as conn:
        conn.exec_driver_sql("CREATE TABLE filler (t TEXT)")
        conn.exec_driver_sql("INSERT INTO filler SELECT hex(randomblob(500)) FROM "
                             "(WITH RECURSIVE c(n) AS (SELECT 1 UNION ALL SELECT n+1 FROM c "
                             "WHERE n < 2000) SELECT n FROM c)")
    sqlite_db.dispose()
    damage(path)
    before = digest(path)
    check = app_module.SoundnessCheck(sqlite_db.url)
    assert check.result() is not None
    seen = answer_in_turn(click("Keluar"))
    assert app_module._open(sqlite_db.url) is None
    assert seen[0].startswith(f"Berkas database {path} rusak")
    assert digest(path) == before  # nothing written to it
    assert [b.path for b in backups.list_backups(sqlite_db.url)] == [daily.path]


def test_the_daily_backup_is_made_beside_the_open_window(qtbot, sqlite_db):
    from hotel_supply.ui import app as app_module

    make_supplier(sqlite_db, name="Kopi Pak Darto")
    window = MainWindow(AppContext(sqlite_db, Preferences()))
    qtbot.addWidget(window)
    daily = app_module.DailyBackup(window, sqlite_db)
    qtbot.waitUntil(lambda: not daily._timer.isActive(), timeout=20_000)
    daily.wait()
    [written] = backups.list_backups(sqlite_db.url)
    assert written.reason == "daily" and written.path == daily.written
    assert window.statusBar().currentMessage() == (
        f"Cadangan harian ditulis: {written.path.name}")
    again = app_module.DailyBackup(window, sqlite_db)  # one a day: nothing more
    again.wait()
    assert again.written is None and len(backups.list_backups(sqlite_db.url)) == 1
