"""Start the GUI: open (and upgrade) the database, greet a first-time user, show the window.

From the moment the application exists, an error nobody caught is logged and
shown in the calm error dialog (``ui/dialogs/error.py``), never as a traceback.
A database that cannot be opened (a newer version's, a read-only file, a server
out of reach) is told in one sentence, and the app ends with status 2.
"""

from __future__ import annotations

import contextlib
import sys
import threading
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QEventLoop, Qt, QTimer
from PySide6.QtWidgets import QApplication, QMessageBox

from hotel_supply import backups, config, soundness
from hotel_supply.config import Preferences
from hotel_supply.db import Database, open_database
from hotel_supply.i18n import LANGUAGES, _, set_language
from hotel_supply.progress import Cancelled
from hotel_supply.services import settings as settings_service
from hotel_supply.services.errors import DomainError
from hotel_supply.soundness import DamagedDatabase
from hotel_supply.ui import theme
from hotel_supply.ui.context import AppContext
from hotel_supply.ui.dialogs.error import ExceptionHooks, dialog_for
from hotel_supply.ui.widgets import install_wheel_guard

if TYPE_CHECKING:
    from hotel_supply.ui.main_window import MainWindow

EXIT_UNEXPECTED = 1
EXIT_CANNOT_OPEN = 2

_hooks: ExceptionHooks | None = None  # kept alive for as long as the app runs


def _tell(error: BaseException) -> None:
    """Report ``error`` and wait until the user closes the dialog (before or after the window)."""
    dialog_for(error, where=_("starting the app")).exec()


class SoundnessCheck:
    """SQLite's ``quick_check`` of the database file, run in a thread beside the sign-in.

    On a file of five years it takes seconds (see the README's Backups section), about
    the time it takes to type a password, so the start does not wait for it.
    """

    def __init__(self, url: str) -> None:
        self.url = url
        self.damage: DamagedDatabase | None = None
        self._thread = threading.Thread(target=self._run, name="quick-check", daemon=True)
        self._thread.start()

    def _run(self) -> None:
        try:
            soundness.ensure_sound(self.url)
        except DamagedDatabase as exc:
            self.damage = exc
        except Exception:  # opening the database says, in its own words, what else is wrong
            pass

    def result(self) -> DamagedDatabase | None:
        """The damage found, once the check ended (the window stays alive meanwhile)."""
        if self._thread.is_alive():
            QApplication.setOverrideCursor(Qt.CursorShape.WaitCursor)
            try:
                while self._thread.is_alive():
                    QApplication.processEvents(QEventLoop.ProcessEventsFlag.AllEvents, 50)
                    self._thread.join(0.05)
            finally:
                QApplication.restoreOverrideCursor()
        return self.damage


def _open(url: str, check: SoundnessCheck | None = None) -> Database | None:
    """The database at ``url``, or None to stop (the user was told why).

    Without ``check`` the file is checked first; with it, the check goes on beside
    the sign-in and ``_checked`` looks at its outcome. A damaged file is never used
    silently: the user is told, and offered the latest good backup.
    """
    if check is None:
        check = SoundnessCheck(url)
        if not _offer_if_damaged(check, url):
            return None
    try:
        return open_database(url)
    except DomainError as exc:
        damage = check.result()  # a file too damaged to open gets the offer too
        if damage is None:
            _tell(exc)
            return None
    if not _offer_if_damaged(check, url):
        return None
    return _open(url)


def _offer_if_damaged(check: SoundnessCheck, url: str) -> bool:
    """True when the file is sound, or a backup was restored over the damaged one."""
    from hotel_supply.ui.dialogs.backups import offer_restore_at_start

    damage = check.result()
    return damage is None or offer_restore_at_start(damage, url)


class DailyBackup:
    """The day's backup made beside the open window (on five years of data a copy and its
    check take tens of seconds); the status bar says when it is written, a failure is told.
    The app waits for it to finish before it closes, so no half copy is left."""

    def __init__(self, window: MainWindow, db: Database) -> None:
        self.window = window
        self.written: Path | None = None
        self.failure: str | None = None
        self._thread = threading.Thread(target=self._run, args=(db,), name="daily-backup",
                                        daemon=True)
        self._timer = QTimer(window)
        self._timer.setInterval(250)
        self._timer.timeout.connect(self._poll)
        self._thread.start()
        self._timer.start()

    def _run(self, db: Database) -> None:
        try:
            self.written = backups.backup_if_due(db)
        except backups.BackupError as exc:
            self.failure = exc.message
        except Exception as exc:  # told like any backup failure: the work goes on
            self.failure = str(exc)

    def _poll(self) -> None:
        if self._thread.is_alive():
            return
        self._timer.stop()
        if self.failure is not None:
            QMessageBox.warning(self.window, _("Hotel Supply"),
                                _("No daily backup was made: {reason}")
                                .format(reason=self.failure))
        elif self.written is not None:
            self.window.show_status(_("Daily backup written: {file}")
                                    .format(file=self.written.name))

    def wait(self) -> None:
        self._thread.join()


def _fill_demo(db: Database) -> bool:
    from hotel_supply import demo
    from hotel_supply.ui.worker import run_with_progress

    if not demo.is_empty(db):
        return True
    try:
        run_with_progress(None, _("Preparing the demo database…"),
                          lambda progress: demo.build_demo(db, progress=progress))
    except Cancelled:
        return False
    except Exception as exc:
        _tell(exc)
        return False
    return True


def _prepare_window_meanwhile() -> threading.Thread:
    """While the sign-in dialog waits for the password, the ORM's mappers are configured and
    the window's first page imported (most of a second on an office laptop), so the window
    follows the password at once. The caller joins it before building the window."""

    def prepare() -> None:
        try:
            from sqlalchemy.orm import configure_mappers

            configure_mappers()
            import hotel_supply.ui.main_window
            import hotel_supply.ui.pages.today  # noqa: F401
        except Exception:  # done again, and told, where the window needs it
            pass

    thread = threading.Thread(target=prepare, name="prepare-window", daemon=True)
    thread.start()
    return thread


def _sign_in(db: Database, prefs: Preferences, *, demo: bool) -> bool:
    """Sign in (or create the first administrator); remember the name, never the password."""
    from hotel_supply.ui.dialogs.sign_in import sign_in_at_start

    meanwhile = _prepare_window_meanwhile()
    account = sign_in_at_start(db, last_user=prefs.last_user, demo=demo)
    meanwhile.join()  # its imports are the window's: never two threads importing them
    if account is None:
        return False
    if prefs.last_user != account.username:
        prefs.last_user = account.username
        with contextlib.suppress(OSError):  # remembering the name is only a convenience
            prefs.save()
    return True


def install_exception_hooks() -> ExceptionHooks:
    """From now on, an uncaught error shows the error dialog; the app keeps running."""
    global _hooks
    if _hooks is None:
        _hooks = ExceptionHooks()
        _hooks.install()
    return _hooks


def run_gui(database_url: str | None = None, *, demo: bool = False) -> int:
    prefs = Preferences.load()
    set_language(prefs.language if prefs.language in LANGUAGES else LANGUAGES[0])
    app = QApplication.instance() or QApplication(sys.argv)
    assert isinstance(app, QApplication)
    app.setApplicationName("Hotel Supply")
    app.setOrganizationName("Hotel Supply")
    theme.apply(app)
    install_wheel_guard(app)
    install_exception_hooks()
    try:
        return _start(app, prefs, database_url, demo=demo)
    except DomainError as exc:
        _tell(exc)
        return EXIT_CANNOT_OPEN
    except Exception as exc:  # before the window exists there is nothing to keep running
        _tell(exc)
        return EXIT_UNEXPECTED


def _start(app: QApplication, prefs: Preferences, database_url: str | None, *,
           demo: bool) -> int:
    url = config.resolve_database_url(database_url, demo=demo)
    check = SoundnessCheck(url)  # beside the sign-in: a big file takes seconds
    db = _open(url, check)
    if db is None:
        return EXIT_CANNOT_OPEN
    if demo and not _fill_demo(db):
        return 1
    is_demo = demo or config.is_demo_url(url)
    if not _sign_in(db, prefs, demo=is_demo):
        return 0
    if check.result() is not None:  # damaged: say so before any work is done
        db.dispose()
        if not _offer_if_damaged(check, url):
            return EXIT_CANNOT_OPEN
        db = _open(url)
        if db is None:
            return EXIT_CANNOT_OPEN
        if not _sign_in(db, prefs, demo=is_demo):  # the restored data has its own accounts
            return 0
    ctx = AppContext(db, prefs, is_demo=is_demo)
    if not is_demo and not settings_service.load_settings(db).is_configured:
        from hotel_supply.ui.dialogs.first_run import FirstRunDialog

        first = FirstRunDialog(ctx)
        if not first.exec():
            return 0
        if first.wants_demo:
            db.dispose()
            db = _open(config.demo_database_url())
            if db is None or not _fill_demo(db):
                return 1
            if not _sign_in(db, prefs, demo=True):
                return 0
            ctx = AppContext(db, prefs, is_demo=True)

    from hotel_supply.ui.main_window import MainWindow

    window = MainWindow(ctx)
    window.show()
    daily = DailyBackup(window, ctx.db)  # the file is known sound by now
    status = app.exec()
    daily.wait()
    ctx.db.dispose()  # every connection closed: the file is whole, its log folded in
    soundness.remember_closed_cleanly(ctx.db.url)
    return status
