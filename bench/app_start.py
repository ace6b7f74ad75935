"""The app's start as a user has it, for run_all: ``hotel_supply.ui.app.run_gui`` itself —
the soundness check, the sign-in dialog, the daily backup when one is due, the window.
Prints ``sign-in painted`` once the sign-in dialog is on screen and ``painted`` the
moment "Hari Ini" is first painted, then quits (with --every-page,
once every page was shown after that).

    python bench/app_start.py DATABASE_URL USER PASSWORD [--every-page] [--typing SECONDS]

The sign-in dialog is shown and painted, then answered at once (no typing time), so
the time to ``painted`` is all the work between starting the program and the first
page on screen. With ``--typing`` the dialog is answered that many seconds later, as a
user types, and ``accepted`` is printed when it is: the time from there to ``painted``
is what the user waits for after the password. No event filter is added (one on the
whole application would put a Python call on every Qt event): the dialog's ``exec``
and the page's ``paintEvent`` are wrapped instead.
The user's data folder is a fixed folder of the benchmark's own (not this PC's real
one), kept between runs as an office PC keeps it: the app remembers it closed the
database cleanly, and the once-a-day backup happens on the first (warm-up) run only.
"""

from __future__ import annotations

import os
import sys
import tempfile
from pathlib import Path


def main(argv: list[str]) -> int:
    url, user, password = argv[:3]
    every_page = "--every-page" in argv
    typing = float(argv[argv.index("--typing") + 1]) if "--typing" in argv else 0.0
    folder = Path(tempfile.gettempdir()) / "hotel-supply-bench-userdata"
    os.environ.setdefault("HOTEL_SUPPLY_DATA_DIR", str(folder))

    from PySide6.QtCore import QTimer
    from PySide6.QtGui import QPaintEvent
    from PySide6.QtWidgets import QApplication, QWidget

    from hotel_supply.ui.dialogs import sign_in
    from hotel_supply.ui.pages.today import TodayPage

    app = QApplication(sys.argv)
    painted: list[TodayPage] = []

    def answer_at_once(dialog: sign_in.SignInDialog) -> int:
        dialog.show()
        app.processEvents()  # painted, as the user would first see it
        print("sign-in painted", flush=True)
        if typing:
            from PySide6.QtCore import QDeadlineTimer, QEventLoop

            deadline = QDeadlineTimer(int(typing * 1000))
            while not deadline.hasExpired():
                app.processEvents(QEventLoop.ProcessEventsFlag.AllEvents, 20)
        print("accepted", flush=True)
        dialog.username.setText(user)
        dialog.password.setText(password)
        dialog.accept()
        return int(dialog.result())

    def first_paint(page: TodayPage, event: QPaintEvent) -> None:
        QWidget.paintEvent(page, event)
        if not painted:
            painted.append(page)
            print("painted", flush=True)
            QTimer.singleShot(0, after_paint)

    def after_paint() -> None:
        if every_page:
            window = painted[0].window()
            for index in range(window.stack.count()):  # type: ignore[attr-defined]
                window.show_page(index)  # type: ignore[attr-defined]
                app.processEvents()
        app.quit()

    sign_in.SignInDialog.exec = answer_at_once  # type: ignore[method-assign,assignment]
    TodayPage.paintEvent = first_paint  # type: ignore[method-assign,assignment]

    from hotel_supply.ui.app import run_gui

    status = run_gui(url)
    if not painted:
        print("Hari Ini was never painted", file=sys.stderr)
        return 1
    return status


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
