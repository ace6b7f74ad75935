"""The first start on an empty database: the organisation's profile, or the demo instead."""

from __future__ import annotations

from PySide6.QtWidgets import (
    QDialog,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from hotel_supply.i18n import _
from hotel_supply.services import settings as settings_service
from hotel_supply.services.errors import ValidationError
from hotel_supply.ui import theme
from hotel_supply.ui.context import AppContext
from hotel_supply.ui.pages.settings import OrganisationForm
from hotel_supply.ui.widgets import show_error


class FirstRunDialog(QDialog):
    """``wants_demo`` is True when the user chose to look at the demo instead."""

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.wants_demo = False
        self.setWindowTitle(_("Welcome to Hotel Supply"))
        self.setMinimumWidth(620)
        layout = QVBoxLayout(self)
        title = QLabel(_("Welcome to Hotel Supply"))
        title.setObjectName("pageTitle")
        intro = QLabel(_(
            "This database is new. Tell us who keeps the books for the programme: the name "
            "and address are printed on every delivery note and invoice. You can change them "
            "later in the settings.\n\nWould you rather look around first? Open the demo: it "
            "has sample hotels, UMKM and two months of deliveries, in a separate file."))
        intro.setWordWrap(True)
        layout.addWidget(title)
        layout.addWidget(intro)
        self.form = OrganisationForm()
        self.settings = settings_service.load_settings(ctx.db)
        self.form.load(self.settings)
        layout.addWidget(self.form)
        self.form.problems_shown.connect(self._fit)
        buttons = QHBoxLayout()
        demo = QPushButton(theme.icon("play-circle-outline"), _("Open the demo instead"))
        start = QPushButton(theme.icon("check", "#ffffff"), _("Save and start"))
        start.setProperty("primary", True)
        start.setDefault(True)
        quit_button = QPushButton(_("Quit"))
        buttons.addWidget(demo)
        buttons.addStretch(1)
        buttons.addWidget(quit_button)
        buttons.addWidget(start)
        layout.addLayout(buttons)
        demo.clicked.connect(self._demo)
        start.clicked.connect(self.accept)
        quit_button.clicked.connect(self.reject)

    def _fit(self) -> None:
        """Grow to show every message under the fields whole (wrapped, never clipped)."""
        layout = self.layout()
        layout.activate()
        needed = layout.totalHeightForWidth(self.width()) if layout.hasHeightForWidth() \
            else layout.totalSizeHint().height()
        if needed > self.height():
            self.resize(self.width(), needed)

    def _demo(self) -> None:
        self.wants_demo = True
        super().accept()

    def accept(self) -> None:
        self.form.store(self.settings)
        try:
            settings_service.save_settings(self.ctx.db, settings=self.settings)
        except ValidationError as exc:
            self.form.show_problems(exc.problems)
            return
        except Exception as exc:
            show_error(self, exc)
            return
        super().accept()
