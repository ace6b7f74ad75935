"""The start loads only what the first page needs: no Alembic unless an upgrade is due."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from hotel_supply.config import sqlite_url
from hotel_supply.db import current_revision, head_revision, open_database

OPEN_AND_LIST_MODULES = """
import sys
from hotel_supply.db import open_database
db = open_database(sys.argv[1], create=False)
db.dispose()
print(" ".join(sorted(m.split(".")[0] for m in sys.modules)))
"""


def test_opening_an_up_to_date_database_does_not_load_alembic(tmp_path: Path):
    url = sqlite_url(tmp_path / "office.sqlite3")
    open_database(url).dispose()  # created and upgraded to head
    done = subprocess.run([sys.executable, "-c", OPEN_AND_LIST_MODULES, url],
                          capture_output=True, text=True, check=True, timeout=120)
    assert "alembic" not in done.stdout.split()


def test_the_head_read_from_the_revision_files_is_what_an_upgrade_reaches(tmp_path: Path):
    db = open_database(sqlite_url(tmp_path / "office.sqlite3"))
    try:
        from alembic.script import ScriptDirectory

        from hotel_supply.db import MIGRATIONS_DIR

        assert head_revision() == ScriptDirectory(str(MIGRATIONS_DIR)).get_current_head()
        assert current_revision(db.engine) == head_revision()
    finally:
        db.dispose()
