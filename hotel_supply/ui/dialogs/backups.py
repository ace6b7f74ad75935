"""File menu: back up now, restore a backup; and the offer to restore a damaged file at start.

The work itself is ``hotel_supply.backups``; these dialogs show the list of
backups (date, reason, size, what each holds), ask before replacing anything
(Cancel is the default), and reopen the database after a restore.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QDialogButtonBox,
    QHeaderView,
    QLabel,
    QMessageBox,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from hotel_supply import backups, soundness
from hotel_supply.cli_backup import describe_contents
from hotel_supply.db import Database, describe_url, open_database
from hotel_supply.formatting import format_date, format_number
from hotel_supply.i18n import N_, _
from hotel_supply.models.enums import Role
from hotel_supply.progress import Progress
from hotel_supply.services import accounts
from hotel_supply.services.errors import DomainError
from hotel_supply.ui import geometry, theme
from hotel_supply.ui.context import AppContext
from hotel_supply.ui.dialogs.sign_in import SignInDialog
from hotel_supply.ui.file_dialogs import open_file_name
from hotel_supply.ui.widgets import confirm, show_error
from hotel_supply.ui.worker import run_with_progress


def format_size(size: int) -> str:
    """1,5 MB / 820 KB, as a clerk reads a file's size."""
    if size >= 1024 * 1024:
        return f"{size / (1024 * 1024):.1f}".replace(".", ",") + " MB"
    return f"{max(1, round(size / 1024))} KB"


def format_taken(info: backups.BackupInfo) -> str:
    return f"{format_date(info.taken_at.date())} {info.taken_at:%H:%M}"


def back_up_now(parent: QWidget | None, ctx: AppContext) -> Path | None:
    """Back the database up with a progress dialog; the status bar names the file."""
    try:
        path = run_with_progress(parent, _("Backing up the database…"),
                                 lambda _progress: backups.back_up(ctx.db))
    except Exception as exc:
        show_error(parent, exc)
        return None
    ctx.say(_("Backup written: {path}").format(path=path))
    return path


class RestoreDialog(QDialog):
    """The backups of this database, newest first; restore the one chosen."""

    COLUMNS = (N_("Made"), N_("Why"), N_("Size"), N_("Deliveries"), N_("Invoices"),
               N_("Last delivery"))

    def __init__(self, url: str, parent: QWidget | None = None, *, intro: str = "") -> None:
        super().__init__(parent)
        self.url = url
        self.chosen: Path | None = None
        self.setWindowTitle(_("Restore a backup"))
        layout = QVBoxLayout(self)
        heading = QLabel(_("Restore a backup"))
        heading.setObjectName("pageTitle")
        layout.addWidget(heading)
        folder = backups.backup_folder(url)
        text = QLabel((intro + "\n\n" if intro else "") + _(
            "Backups of {database} in {folder}. The data as it is now is kept aside, never "
            "deleted; everyone must close Hotel Supply first.").format(
                database=describe_url(url), folder=folder))
        text.setWordWrap(True)
        text.setObjectName("pageSubtitle")
        layout.addWidget(text)
        self.table = QTableWidget(0, len(self.COLUMNS))
        self.table.setHorizontalHeaderLabels([_(c) for c in self.COLUMNS])
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.verticalHeader().hide()
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setStretchLastSection(True)
        layout.addWidget(self.table, 1)
        self.empty = QLabel(_("No backups in this folder yet."))
        self.empty.setObjectName("pageSubtitle")
        layout.addWidget(self.empty)
        buttons = QDialogButtonBox()
        self.other = QPushButton(theme.icon("folder-open-outline"), _("Another file…"))
        buttons.addButton(self.other, QDialogButtonBox.ButtonRole.ActionRole)
        self.restore_button = buttons.addButton(_("Restore…"),
                                                QDialogButtonBox.ButtonRole.AcceptRole)
        cancel = buttons.addButton(_("Cancel"), QDialogButtonBox.ButtonRole.RejectRole)
        cancel.setDefault(True)
        self.other.clicked.connect(self._choose_file)
        buttons.accepted.connect(self._restore_selected)
        buttons.rejected.connect(self.reject)
        self.table.itemSelectionChanged.connect(self._selection_changed)
        self.table.doubleClicked.connect(lambda _index: self._restore_selected())
        layout.addWidget(buttons)
        self.infos: list[backups.BackupInfo] = []
        self.load()
        geometry.fit_to_screen(self, 860, 480)

    def load(self) -> None:
        self.infos = backups.list_backups(self.url)
        self.table.setRowCount(len(self.infos))
        right = Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter
        for row, info in enumerate(self.infos):
            contents = info.contents
            cells = [format_taken(info), info.reason_label, format_size(info.size),
                     format_number(contents.deliveries) if contents else info.problem or "–",
                     format_number(contents.invoices) if contents else "–",
                     format_date(contents.last_delivery)
                     if contents and contents.last_delivery else "–"]
            for column, value in enumerate(cells):
                item = QTableWidgetItem(value)
                if column in (2, 3, 4):
                    item.setTextAlignment(right)
                item.setToolTip(str(info.path))
                self.table.setItem(row, column, item)
        self.empty.setVisible(not self.infos)
        if self.infos:
            self.table.selectRow(0)
        self._selection_changed()

    def _selection_changed(self) -> None:
        self.restore_button.setEnabled(bool(self.table.selectionModel().selectedRows()))

    def selected(self) -> backups.BackupInfo | None:
        rows = self.table.selectionModel().selectedRows()
        return self.infos[rows[0].row()] if rows else None

    def _choose_file(self) -> None:
        name = open_file_name(
            self, _("Restore a backup"), str(backups.backup_folder(self.url)),
            _("Backups") + " (*.sqlite3 *.dump);;" + _("All files") + " (*)")
        if name:
            self._confirm(Path(name), describe=Path(name).name)

    def _restore_selected(self) -> None:
        info = self.selected()
        if info is None:
            return
        self._confirm(info.path, describe=_("the backup of {made} ({why}: {contents})").format(
            made=format_taken(info), why=info.reason_label,
            contents=describe_contents(info.contents)))

    def _confirm(self, path: Path, *, describe: str) -> None:
        text = _("Replace the database {database} with {backup}?\n\nEverything entered since "
                 "that backup is no longer in the database; the current data is kept aside in a "
                 "file of its own.").format(database=describe_url(self.url), backup=describe)
        if confirm(self, text, title=_("Restore a backup"), yes=_("Restore"), danger=True):
            self.chosen = path
            self.accept()


def restore_into(parent: QWidget | None, url: str, backup: Path,
                 close: Database | None = None) -> backups.Restored | None:
    """Restore with a progress dialog (after closing ``close``); None when it was refused."""
    if close is not None:
        close.dispose()

    def work(_progress: Progress) -> backups.Restored:
        return backups.restore(url, backup)

    try:
        restored = run_with_progress(parent, _("Restoring the backup…"), work)
    except Exception as exc:
        show_error(parent, exc)
        return None
    kept = "\n".join(str(p) for p in restored.kept_aside)
    QMessageBox.information(parent, _("Restore a backup"), _(
        "The backup is restored: {contents}.\n\nThe data it replaced is kept in:\n{kept}"
    ).format(contents=describe_contents(restored.contents), kept=kept or "–"))
    return restored


def restore_from_menu(parent: QWidget, ctx: AppContext) -> bool:
    """File › Restore…: an administrator chooses a backup; the app reopens the database."""
    account = accounts.current(ctx.db)
    if account is None or not account.holds(Role.ADMIN):
        QMessageBox.information(parent, _("Restore a backup"),
                                _("Only an administrator may restore a backup."))
        return False
    dialog = RestoreDialog(ctx.db.url, parent)
    if not dialog.exec() or dialog.chosen is None:
        return False
    old = ctx.db
    restored = restore_into(parent, old.url, dialog.chosen, close=old)
    if restored is None:
        return False
    try:
        reopened = open_database(old.url)
    except Exception as exc:
        show_error(parent, exc)
        return False
    # the same person goes on; what the account may do is read from the restored data
    reopened.user = old.user
    backups.record_restore(reopened, restored)
    ctx.db = reopened
    return True


def offer_restore_at_start(error: soundness.DamagedDatabase, url: str) -> bool:
    """A damaged file at start: say so, and offer the latest good backup (or another).

    True when a backup was restored and the app may open the database.
    """
    latest = backups.latest_good_backup(url)
    box = QMessageBox(QMessageBox.Icon.Critical, _("The database is damaged"), error.message)
    restore_latest = None
    if latest is not None:
        box.setInformativeText(_("The latest good backup is {made} ({contents}).").format(
            made=format_taken(latest), contents=describe_contents(latest.contents)))
        restore_latest = box.addButton(_("Restore the latest good backup…"),
                                       QMessageBox.ButtonRole.AcceptRole)
    else:
        box.setInformativeText(_("No good backup was found in {folder}.").format(
            folder=backups.backup_folder(url)))
    box.addButton(_("Choose a backup…"), QMessageBox.ButtonRole.ActionRole)
    quit_button = box.addButton(_("Quit"), QMessageBox.ButtonRole.RejectRole)
    box.setDefaultButton(quit_button)
    box.setEscapeButton(quit_button)
    box.exec()
    clicked = box.clickedButton()
    if clicked is quit_button or clicked is None:
        return False
    if clicked is restore_latest and latest is not None:
        text = _("Replace the damaged database with the backup of {made} ({contents})?\n\n"
                 "The damaged file is kept aside, never deleted.").format(
            made=format_taken(latest), contents=describe_contents(latest.contents))
        if not confirm(None, text, title=_("Restore a backup"), yes=_("Restore"), danger=True):
            return False
        chosen = latest.path
    else:
        dialog = RestoreDialog(url, intro=error.message)
        if not dialog.exec() or dialog.chosen is None:
            return False
        chosen = dialog.chosen
    if not _administrator_of(chosen):
        return False
    return restore_into(None, url, chosen) is not None


def _administrator_of(backup: Path) -> bool:
    """An administrator of the backup signs in to it: the damaged file cannot be asked."""
    from hotel_supply.config import sqlite_url

    try:
        backups.check_backup(backup)
    except backups.BackupError as exc:
        show_error(None, exc)
        return False
    probe = Database(sqlite_url(backup), read_only=True, immutable=True)
    try:
        dialog = BackupSignInDialog(probe)
        if not dialog.exec():
            return False
        account = dialog.account
        if account is None or not account.holds(Role.ADMIN):
            QMessageBox.information(None, _("Restore a backup"),
                                    _("Only an administrator may restore a backup."))
            return False
        return True
    finally:
        probe.dispose()


class BackupSignInDialog(SignInDialog):
    """Signing in to a backup, to show one is its administrator: the backup is only read."""

    def __init__(self, db: Database, parent: QWidget | None = None) -> None:
        super().__init__(db, parent=parent)
        self.setWindowTitle(_("An administrator signs in to restore"))

    def accept(self) -> None:
        try:
            self.account = accounts.sign_in(self.db, username=self.username.text(),
                                            password=self.password.text(), record=False)
        except DomainError as exc:
            self.password.clear()
            self.show_problem(exc)
            return
        QDialog.accept(self)
