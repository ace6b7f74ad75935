"""PySide6 no longer reads back the source of every module imported after it."""

from __future__ import annotations

import linecache
import sys
from pathlib import Path


def test_a_module_imported_after_qt_is_not_read_back_as_source(tmp_path: Path, monkeypatch):
    import hotel_supply.ui  # noqa: F401  (Qt imported, its hook tamed)

    source = tmp_path / "freshly_written_module.py"
    source.write_text("ANSWER = 42\n", encoding="utf-8")
    monkeypatch.syspath_prepend(str(tmp_path))
    linecache.clearcache()
    import freshly_written_module as module  # through __import__, as every import goes
    try:
        assert module.ANSWER == 42
        assert str(source) not in linecache.cache
    finally:
        sys.modules.pop("freshly_written_module", None)
