"""Save a PNG of every page of the main window, to look at what a user sees.

    uv run python tools/screenshots.py --database URL --out DIR [--lang en]

Use a demo database (``uv run hotel-supply demo --database URL``) so the pages have data.
"""

from __future__ import annotations

import argparse
import os
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from PySide6.QtWidgets import QApplication

from hotel_supply.config import Preferences
from hotel_supply.db import open_database
from hotel_supply.i18n import set_language
from hotel_supply.ui import theme
from hotel_supply.ui.context import AppContext
from hotel_supply.ui.main_window import MainWindow


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--database", required=True)
    parser.add_argument("--out", type=Path, required=True)
    parser.add_argument("--lang", default="id", choices=("id", "en"))
    parser.add_argument("--size", default="1360x820")
    args = parser.parse_args()
    set_language(args.lang)
    app = QApplication([])
    theme.apply(app)
    width, height = (int(x) for x in args.size.split("x"))
    db = open_database(args.database)
    window = MainWindow(AppContext(db, Preferences(language=args.lang), is_demo=True))
    window.resize(width, height)
    window.show()
    args.out.mkdir(parents=True, exist_ok=True)
    for i, page in enumerate(window.pages):
        window.show_page(i)
        app.processEvents()
        name = type(page).__name__.removesuffix("Page").lower()
        path = args.out / f"{i + 1:02d}-{name}.png"
        window.grab().save(str(path))
        print(path)
    db.dispose()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
