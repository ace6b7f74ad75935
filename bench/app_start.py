"""The app's start as a user has it, for run_all: database opened, signed in, window shown,
closed as soon as "Hari Ini" is painted (or, with --every-page, once every page was shown).

    python bench/app_start.py DATABASE_URL USER PASSWORD [--every-page]

The sign-in dialog is skipped (the account signs in directly); everything else is the
path ``hotel_supply.ui.app`` takes.
"""

from __future__ import annotations

import sys


def main(argv: list[str]) -> int:
    url, user, password = argv[:3]
    every_page = "--every-page" in argv

    from PySide6.QtCore import QEvent, QObject, QTimer
    from PySide6.QtWidgets import QApplication

    from hotel_supply.config import Preferences
    from hotel_supply.db import open_database
    from hotel_supply.i18n import LANGUAGES, set_language
    from hotel_supply.services import accounts
    from hotel_supply.ui import theme
    from hotel_supply.ui.context import AppContext
    from hotel_supply.ui.widgets import install_wheel_guard

    prefs = Preferences.load()
    set_language(prefs.language if prefs.language in LANGUAGES else LANGUAGES[0])
    app = QApplication(sys.argv)
    theme.apply(app)
    install_wheel_guard(app)
    db = open_database(url)
    accounts.sign_in(db, username=user, password=password, record=False)

    from hotel_supply.ui.main_window import MainWindow

    window = MainWindow(AppContext(db, prefs, is_demo=True))

    def visit_every_page() -> None:
        for index in range(window.stack.count()):
            window.show_page(index)
            app.processEvents()
        app.quit()

    class AfterFirstPaint(QObject):
        done = False

        def eventFilter(self, watched: QObject, event: QEvent) -> bool:
            if event.type() == QEvent.Type.Paint and not self.done:
                self.done = True
                QTimer.singleShot(0, visit_every_page if every_page else app.quit)
            return False

    spy = AfterFirstPaint()
    window.stack.currentWidget().installEventFilter(spy)
    window.show()
    app.exec()
    db.dispose()
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
