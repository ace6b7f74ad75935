"""Where the data lives and the per-PC preferences (language, window state).

Organisation-wide settings (name, address, numbering, tax) live in the
database, so every PC of an office shares them; see ``services/settings.py``.
"""

from __future__ import annotations

import json
import os
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

import platformdirs

from hotel_supply.i18n import _
from hotel_supply.services.errors import DomainError

APP_NAME = "hotel-supply"
APP_AUTHOR = "HotelSupply"
ENV_DATABASE_URL = "HOTEL_SUPPLY_DATABASE_URL"


class DataFolderError(DomainError):
    """The user's data folder cannot be created."""


def data_dir() -> Path:
    """The user's data folder for this app (created on first use)."""
    override = os.environ.get("HOTEL_SUPPLY_DATA_DIR")
    path = Path(override) if override else platformdirs.user_data_path(APP_NAME, APP_AUTHOR)
    try:
        path.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise DataFolderError(_(
            "The data folder {folder} cannot be created ({error}): check the path, or ask "
            "whoever manages this computer for write access."
        ).format(folder=path, error=exc.strerror or exc)) from exc
    return path


def backup_dir() -> Path:
    path = data_dir() / "backups"
    path.mkdir(parents=True, exist_ok=True)
    return path


def sqlite_url(path: Path) -> str:
    return f"sqlite:///{path.as_posix()}"


def default_database_url() -> str:
    return sqlite_url(data_dir() / "hotel-supply.sqlite3")


def demo_database_url() -> str:
    return sqlite_url(data_dir() / "hotel-supply-demo.sqlite3")


def resolve_database_url(cli_url: str | None = None, *, demo: bool = False) -> str:
    """``--database URL``, else ``HOTEL_SUPPLY_DATABASE_URL``, else the SQLite file.

    The demo never touches the office's database: it has a file of its own
    unless a URL is given explicitly. An empty ``--database ""`` is returned as it
    is, for ``db.check_url`` to refuse, never taken as "the default".
    """
    if cli_url is not None:
        return cli_url
    if demo:
        return demo_database_url()
    return os.environ.get(ENV_DATABASE_URL) or default_database_url()


def is_demo_url(url: str) -> bool:
    return url == demo_database_url()


@dataclass
class Preferences:
    """What one PC remembers for its user."""

    language: str = "id"
    last_hotel_id: int | None = None
    last_user: str = ""  # who signed in last on this PC (never the password)
    recent_databases: list[str] = field(default_factory=list)
    # Backups: a folder of this PC (a USB disk, a synced folder); empty means beside the
    # SQLite file. A path only means something on the PC that names it, so it is kept here.
    backup_folder: str = ""
    backups_to_keep: int = 30  # of each kind (daily, by hand, before an upgrade)
    # The import wizard's column choices per file layout (kind + header texts):
    # layout key -> {"header_row": n, "mapping": {field: column}}
    import_layouts: dict[str, dict[str, Any]] = field(default_factory=dict)

    @classmethod
    def path(cls) -> Path:
        return data_dir() / "preferences.json"

    @classmethod
    def load(cls) -> Preferences:
        try:
            raw = json.loads(cls.path().read_text(encoding="utf-8"))
        except (OSError, ValueError, DataFolderError):
            return cls()
        known = {k: v for k, v in raw.items() if k in cls.__dataclass_fields__}
        return cls(**known)

    def save(self) -> None:
        tmp = self.path().with_suffix(".tmp")
        tmp.write_text(json.dumps(asdict(self), indent=2), encoding="utf-8")
        tmp.replace(self.path())
