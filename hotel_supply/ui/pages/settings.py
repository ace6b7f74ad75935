"""Settings: the organisation's profile for documents, numbering, language, database."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QComboBox,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPlainTextEdit,
    QPushButton,
    QScrollArea,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)
from shiboken6 import isValid

from hotel_supply import backups, clock, config
from hotel_supply.db import describe_url
from hotel_supply.formatting import ParseError, format_qty, parse_rupiah
from hotel_supply.i18n import LANGUAGES, N_, _
from hotel_supply.models.enums import Role
from hotel_supply.papers import PAPER_NAMES, PAPERS
from hotel_supply.services import numbering
from hotel_supply.services import settings as settings_service
from hotel_supply.services.errors import DomainError, ValidationError
from hotel_supply.services.numbering import DEFAULT_FORMATS, SERIES_NAMES, format_number
from hotel_supply.services.settings import OrganisationSettings
from hotel_supply.ui import theme
from hotel_supply.ui.context import AppContext
from hotel_supply.ui.dialogs.form import WrappedLabel
from hotel_supply.ui.file_dialogs import existing_folder, open_file_name
from hotel_supply.ui.pages import Page
from hotel_supply.ui.permissions import allow
from hotel_supply.ui.widgets import page_header, show_error

LANGUAGE_NAMES = {"id": "Bahasa Indonesia", "en": "English"}


class OrganisationForm(QWidget):
    """The organisation's profile; shared by the settings page and the first-run dialog.

    What is wrong with a field shows under it once the field was left or a save was
    tried, and goes as soon as the field is right: the checks are the settings
    service's own (:func:`settings.profile_problems`), so the form never decides.
    """

    FIELDS = ("name", "address", "city", "phone", "email", "npwp", "known_by", "logo_path")
    problems_shown = Signal()  # the messages under the fields changed

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        form = QFormLayout(self)
        self.name = QLineEdit()
        self.name.setPlaceholderText(_("e.g. Dinas Koperasi dan UKM Kota Bandar Lampung"))
        self.address = QPlainTextEdit()
        self.address.setFixedHeight(56)
        self.city = QLineEdit()
        self.phone = QLineEdit()
        self.phone.setPlaceholderText(_("e.g. (0721) 481126"))
        self.email = QLineEdit()
        self.email.setPlaceholderText(_("e.g. kantor@contoh.go.id"))
        self.npwp = QLineEdit()
        self.npwp.setPlaceholderText(_("16 digits (or the old 15), e.g. 0123.4567.8901.2345"))
        self.known_by = QLineEdit()
        self.known_by.setPlaceholderText(_("Printed under “Mengetahui” on delivery notes"))
        self.logo = QLineEdit()
        browse = QPushButton(theme.icon("image-outline"), _("Choose…"))
        browse.clicked.connect(self._choose_logo)
        logo_row = QHBoxLayout()
        logo_row.addWidget(self.logo, 1)
        logo_row.addWidget(browse)
        self.errors: dict[str, QLabel] = {}
        self.inputs: dict[str, QLineEdit | QPlainTextEdit] = {
            "name": self.name, "address": self.address, "city": self.city, "phone": self.phone,
            "email": self.email, "npwp": self.npwp, "known_by": self.known_by,
            "logo_path": self.logo,
        }
        self.shown: set[str] = set()  # fields left or saved once: their problems show
        rows = (("name", _("Name") + " *", self.name), ("address", _("Address"), self.address),
                ("city", _("City"), self.city), ("phone", _("Phone"), self.phone),
                ("email", _("E-mail"), self.email), ("npwp", _("NPWP"), self.npwp),
                ("known_by", _("Acknowledged by (name)"), self.known_by),
                ("logo_path", _("Logo"), logo_row))
        for key, label, widget in rows:
            form.addRow(label, self._with_error(key, widget))
        self.name_error = self.errors["name"]
        for key, edit in self.inputs.items():
            edit.textChanged.connect(self._revalidate)
            if isinstance(edit, QLineEdit):
                edit.editingFinished.connect(lambda key=key: self._left(key))

    def _with_error(self, key: str, widget: QWidget | QHBoxLayout) -> QVBoxLayout:
        error = WrappedLabel()  # as tall as its wrapped lines, never clipped
        error.hide()
        self.errors[key] = error
        box = QVBoxLayout()
        box.setSpacing(2)
        if isinstance(widget, QHBoxLayout):
            box.addLayout(widget)
        else:
            box.addWidget(widget)
        box.addWidget(error)
        return box

    def _choose_logo(self) -> None:
        path = open_file_name(self, _("Logo"), str(Path.home()),
                              _("Images") + " (*.png *.jpg *.jpeg)")
        if path:
            self.logo.setText(path)

    def load(self, s: OrganisationSettings) -> None:
        self.shown.clear()
        self.name.setText(s.name)
        self.address.setPlainText(s.address)
        self.city.setText(s.city)
        self.phone.setText(s.phone)
        self.email.setText(s.email)
        self.npwp.setText(s.npwp)
        self.known_by.setText(s.known_by)
        self.logo.setText(s.logo_path)
        self._display({})

    def store(self, s: OrganisationSettings) -> None:
        s.name = self.name.text().strip()
        s.address = self.address.toPlainText().strip()
        s.city = self.city.text().strip()
        s.phone = self.phone.text().strip()
        s.email = self.email.text().strip()
        s.npwp = self.npwp.text().strip()
        s.known_by = self.known_by.text().strip()
        s.logo_path = self.logo.text().strip()

    def problems(self) -> dict[str, list[str]]:
        """What the settings service finds wrong with the profile as typed."""
        typed = OrganisationSettings()
        self.store(typed)
        return settings_service.profile_problems(typed)

    def _left(self, key: str) -> None:
        # Qt also reports "editing finished" while a closing window takes its fields down:
        # nothing is left to show the message in then.
        if not all(isValid(label) for label in self.errors.values()):
            return
        self.shown.add(key)
        self._revalidate()

    def _revalidate(self) -> None:
        if not self.shown:  # nothing is told before a field was left: no checking yet
            self._display({})
            return
        self._display(self.problems())

    def _display(self, problems: dict[str, list[str]]) -> None:
        for key, error in self.errors.items():
            found = problems.get(key, []) if key in self.shown else []
            error.setText("\n".join(found))
            error.setVisible(bool(found))
            edit = self.inputs[key]
            edit.setProperty("invalid", bool(found))
            edit.style().polish(edit)
        self.problems_shown.emit()

    def show_problems(self, problems: dict[str, list[str]]) -> None:
        """After a save was tried: every field's problems show from now on (none: saved)."""
        if problems:
            self.shown.update(self.FIELDS)
        else:
            self.shown.clear()
        self._display(problems)


class SettingsPage(Page):
    title = N_("Settings")
    icon_name = "cog-outline"
    watches = ("settings",)

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(ctx, parent)
        outer = QVBoxLayout(self)
        outer.setContentsMargins(18, 14, 18, 14)
        outer.addWidget(page_header(_("Settings"),
                                    _("Shared by every computer that uses this database, except "
                                      "the language, which each computer keeps for itself.")))
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        body = QWidget()
        layout = QVBoxLayout(body)
        scroll.setWidget(body)
        outer.addWidget(scroll, 1)

        org_box = QGroupBox(_("Organisation (printed on documents)"))
        org_layout = QVBoxLayout(org_box)
        self.org = OrganisationForm()
        org_layout.addWidget(self.org)
        layout.addWidget(org_box)

        num_box = QGroupBox(_("Document numbers"))
        num_form = QFormLayout(num_box)
        hint = QLabel(_("Each kind of document is numbered in its own series, such as "
                        "SJ/2026/00001, SJ/2026/00002 for delivery notes: a number is never "
                        "skipped and the count starts again each year. The next number of "
                        "each series is shown beside it. To change how the numbers look, edit "
                        "the pattern: {year} stands for the year and {seq:05d} for the running "
                        "number with five digits; the letters must differ per series."))
        hint.setWordWrap(True)
        hint.setObjectName("pageSubtitle")
        num_form.addRow(hint)
        self.formats: dict[str, QLineEdit] = {}
        self.examples: dict[str, QLabel] = {}  # the next number of the series, as it will be
        self.format_errors: dict[str, QLabel] = {}
        self.next_sequences: dict[str, int] = {}
        for series in DEFAULT_FORMATS:
            edit = QLineEdit()
            edit.setPlaceholderText(DEFAULT_FORMATS[series])
            example = QLabel()
            example.setObjectName("pageSubtitle")
            example.setMinimumWidth(190)
            error = QLabel()
            error.setObjectName("fieldError")
            error.setWordWrap(True)
            error.hide()
            row = QHBoxLayout()
            row.addWidget(edit, 1)
            row.addWidget(example)
            box = QVBoxLayout()
            box.setSpacing(2)
            box.addLayout(row)
            box.addWidget(error)
            edit.textChanged.connect(self._check_formats)
            self.formats[series] = edit
            self.examples[series] = example
            self.format_errors[series] = error
            num_form.addRow(_(SERIES_NAMES[series]), box)
        layout.addWidget(num_box)

        tax_box = QGroupBox(_("Tax and warnings"))
        tax_form = QFormLayout(tax_box)
        self.ppn_rate = QLineEdit()
        self.ppn_rate.setMaximumWidth(80)
        self.base_num = QSpinBox()
        self.base_num.setRange(1, 100)
        self.base_den = QSpinBox()
        self.base_den.setRange(1, 100)
        base_row = QHBoxLayout()
        base_row.addWidget(self.base_num)
        base_row.addWidget(QLabel("/"))
        base_row.addWidget(self.base_den)
        base_row.addWidget(QLabel(_("of the price (DPP)")))
        base_row.addStretch(1)
        self.expiry_days = QSpinBox()
        self.expiry_days.setRange(0, 60)
        self.expiry_days.setSuffix(" " + _("days"))
        self.currency_space = QComboBox()
        self.currency_space.addItem("Rp1.250.000", False)
        self.currency_space.addItem("Rp 1.250.000", True)
        tax_form.addRow(_("PPN rate (%)"), self.ppn_rate)
        tax_form.addRow(_("PPN base"), base_row)
        tax_form.addRow(_("Warn of expiry within"), self.expiry_days)
        tax_form.addRow(_("Money format"), self.currency_space)
        layout.addWidget(tax_box)

        limits_box = QGroupBox(_("Limits of one line"))
        limits_form = QFormLayout(limits_box)
        limits_hint = QLabel(_("A delivery, order, stock document or credit note line above "
                               "these is refused, so that a slip of the keyboard is not booked."))
        limits_hint.setWordWrap(True)
        limits_hint.setObjectName("pageSubtitle")
        limits_form.addRow(limits_hint)
        self.limits: dict[str, QLineEdit] = {}
        self.limit_errors: dict[str, QLabel] = {}
        for key, label in (("max_line_quantity", _("Largest quantity")),
                           ("max_unit_price", _("Largest unit price (Rp)"))):
            edit = QLineEdit()
            edit.setMaximumWidth(200)
            edit.setAlignment(Qt.AlignmentFlag.AlignRight)
            error = QLabel()
            error.setObjectName("fieldError")
            error.setWordWrap(True)
            error.hide()
            box = QVBoxLayout()
            box.setSpacing(2)
            box.addWidget(edit)
            box.addWidget(error)
            limits_form.addRow(label, box)
            self.limits[key], self.limit_errors[key] = edit, error
        layout.addWidget(limits_box)

        paper_box = QGroupBox(_("Printing paper"))
        paper_form = QFormLayout(paper_box)
        self.paper = QComboBox()
        for paper in PAPERS:
            self.paper.addItem(PAPER_NAMES[paper], paper)
        self.paper.setToolTip(_("The paper every document starts on (the stock slip and the "
                                "kuitansi start on A5, half an A4 sheet); the print preview "
                                "and the print dialog can still change it."))
        paper_form.addRow(_("Default paper"), self.paper)
        layout.addWidget(paper_box)

        pc_box = QGroupBox(_("This computer"))
        pc_form = QFormLayout(pc_box)
        self.language = QComboBox()
        for code in LANGUAGES:
            self.language.addItem(LANGUAGE_NAMES[code], code)
        self.database = QLabel(describe_url(ctx.db.url))
        self.database.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        db_hint = QLabel(_("On its own, this computer keeps the data in a file in its data "
                           "folder ({folder}). An office with several computers shares one "
                           "database server: whoever set the server up connects each computer "
                           "to it.").format(
                               folder=config.data_dir()))
        db_hint.setWordWrap(True)
        db_hint.setObjectName("pageSubtitle")
        pc_form.addRow(_("Language"), self.language)
        pc_form.addRow(_("Database"), self.database)
        pc_form.addRow(db_hint)
        self.backup_folder = QLineEdit()
        self.backup_folder.setPlaceholderText(_("beside the database file"))
        self.choose_backup_folder = self.backup_folder.addAction(
            theme.icon("folder-open-outline"), QLineEdit.ActionPosition.TrailingPosition)
        self.choose_backup_folder.setToolTip(_("Choose…"))
        self.choose_backup_folder.triggered.connect(self._choose_backup_folder)
        self.backups_to_keep = QSpinBox()
        self.backups_to_keep.setRange(1, 999)
        self.backups_to_keep.setSuffix(" " + _("of each kind"))
        backup_hint = QLabel(_("A backup is made once a day, before every upgrade and with "
                               "File › Back up now; empty keeps them beside the database file. "
                               "A USB disk or a synced folder keeps them off this computer."))
        backup_hint.setWordWrap(True)
        backup_hint.setObjectName("pageSubtitle")
        pc_form.addRow(_("Backup folder"), self.backup_folder)
        pc_form.addRow(_("Backups kept"), self.backups_to_keep)
        pc_form.addRow(backup_hint)
        layout.addWidget(pc_box)
        layout.addStretch(1)

        buttons = QHBoxLayout()
        buttons.addStretch(1)
        self.save_button = QPushButton(theme.icon("content-save", "#ffffff"), _("Save settings"))
        self.save_button.setProperty("primary", True)
        buttons.addWidget(self.save_button)
        outer.addLayout(buttons)
        self.save_button.clicked.connect(self.save)
        # The office's settings are the administrator's; this computer's (language, backups)
        # are anyone's: for another account the office's groups are read-only.
        for box in (org_box, num_box, tax_box, limits_box, paper_box):
            allow(box, ctx, Role.ADMIN)
        self.current = OrganisationSettings()

    def _choose_backup_folder(self) -> None:
        folder = existing_folder(self, _("Backup folder"),
                                 self.backup_folder.text() or str(Path.home()))
        if folder:
            self.backup_folder.setText(folder)

    def _typed_formats(self) -> dict[str, str]:
        """The formats as typed; an empty field keeps the series' default."""
        return {series: edit.text().strip() or DEFAULT_FORMATS[series]
                for series, edit in self.formats.items()}

    def _check_formats(self) -> None:
        """Show each series' next number, or what is wrong under its field; a wrong format
        keeps the settings from being saved."""
        formats = self._typed_formats()
        problems = numbering.format_problems(formats)
        year = clock.today().year
        for series, fmt in formats.items():
            found = problems.get(series, [])
            edit, error = self.formats[series], self.format_errors[series]
            error.setText("\n".join(found))
            error.setVisible(bool(found))
            edit.setProperty("invalid", bool(found))
            edit.style().polish(edit)
            if found:
                self.examples[series].setText(_("(not valid)"))
            else:
                number = format_number(fmt, year=year, seq=self.next_sequences.get(series, 1))
                self.examples[series].setText(_("next: {number}").format(number=number))
        self.save_button.setEnabled(not problems)

    def _show_limit_problems(self, problems: dict[str, list[str]]) -> None:
        for key, error in self.limit_errors.items():
            found = problems.get(key, [])
            error.setText("\n".join(found))
            error.setVisible(bool(found))
            edit = self.limits[key]
            edit.setProperty("invalid", bool(found))
            edit.style().polish(edit)

    def refresh(self) -> None:
        super().refresh()
        self.current = settings_service.load_settings(self.ctx.db)
        s = self.current
        self.org.load(s)
        self.next_sequences = numbering.next_sequences(self.ctx.db, year=clock.today().year)
        for series, edit in self.formats.items():
            edit.setText(s.number_format(series))
        self._check_formats()
        self.ppn_rate.setText(s.ppn_rate_percent)
        self.base_num.setValue(s.ppn_base_numerator)
        self.base_den.setValue(s.ppn_base_denominator)
        self.expiry_days.setValue(s.expiry_warning_days)
        self.currency_space.setCurrentIndex(1 if s.currency_space else 0)
        self.paper.setCurrentIndex(max(0, self.paper.findData(s.default_paper)))
        self.limits["max_line_quantity"].setText(format_qty(s.max_line_quantity))
        self.limits["max_unit_price"].setText(format_qty(s.max_unit_price))
        self._show_limit_problems({})
        self.language.setCurrentIndex(max(0, self.language.findData(self.ctx.prefs.language)))
        self.backup_folder.setText(self.ctx.prefs.backup_folder)
        self.backups_to_keep.setValue(self.ctx.prefs.backups_to_keep)

    def save(self) -> None:
        if not self.ctx.may(Role.ADMIN):
            self._save_this_computer()
            return
        s = self.current
        self.org.store(s)
        s.number_formats = {k: e.text().strip() for k, e in self.formats.items()}
        s.ppn_rate_percent = self.ppn_rate.text().strip().replace(",", ".")
        s.ppn_base_numerator = self.base_num.value()
        s.ppn_base_denominator = self.base_den.value()
        s.expiry_warning_days = self.expiry_days.value()
        s.currency_space = bool(self.currency_space.currentData())
        s.default_paper = str(self.paper.currentData())
        typed_limits: dict[str, list[str]] = {}
        for key, edit in self.limits.items():
            try:
                setattr(s, key, parse_rupiah(edit.text()))
            except ParseError as exc:
                typed_limits[key] = [str(exc)]
        try:
            if typed_limits:  # with whatever else is wrong, all at once
                raise ValidationError({**settings_service.validate(s), **typed_limits})
            settings_service.save_settings(self.ctx.db, settings=s)
        except ValidationError as exc:
            self.org.show_problems(exc.problems)
            self._show_limit_problems(exc.problems)
            self._check_formats()
            show_error(self, exc)
            return
        except Exception as exc:
            show_error(self, exc)
            return
        self.org.show_problems({})
        self._show_limit_problems({})
        self._save_this_computer()

    def _save_this_computer(self) -> None:
        """What each PC keeps for itself: its language and where its backups go."""
        folder = self.backup_folder.text().strip()
        try:
            if folder:  # a folder that cannot take backups is said now, not on the next one
                backups.make_folder(Path(folder).expanduser())
        except DomainError as exc:
            show_error(self, exc)
            return
        language = self.language.currentData()
        changed_language = language != self.ctx.prefs.language
        self.ctx.prefs.language = language
        self.ctx.prefs.backup_folder = self.backup_folder.text().strip()
        self.ctx.prefs.backups_to_keep = self.backups_to_keep.value()
        self.ctx.prefs.save()
        self.ctx.notify("settings", _("Settings saved."))
        if changed_language:
            QMessageBox.information(self, _("Language"),
                                    _("The new language is used from the next start."))
