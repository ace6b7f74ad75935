"""Qt front end. Only this package imports Qt; it calls services and never builds SQL.

Importing PySide6 replaces Python's ``__import__``: from then on, every module
imported anywhere is read back as source text (``inspect.getsource``) to see
whether it opts into ``from __feature__ import snake_case`` — SQLAlchemy, the
models, ReportLab, openpyxl, every page. On this app's start that was about a
third of a second and 20 MiB of source lines kept in ``linecache`` for good.
This app never uses ``__feature__``, so the look is skipped: each module is
taken as not using it, which is what PySide6 itself does for a module whose
source it cannot read.
"""

from __future__ import annotations

import sys

import PySide6.QtCore  # noqa: F401  (installs the import hook tamed below)


def _skip_feature_source_scan() -> None:
    feature = sys.modules.get("shibokensupport.feature")
    if feature is not None and callable(getattr(feature, "_mod_uses_pyside", None)):
        feature._mod_uses_pyside = lambda module: False  # type: ignore[attr-defined]


_skip_feature_source_scan()
