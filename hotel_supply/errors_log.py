"""The log of unexpected errors: a rotating file in the data folder that keeps the tracebacks.

A clerk never sees a traceback. The command line and the GUI tell them, in one
sentence, that something unexpected went wrong and where this file is; whoever
supports them reads it (or gets it through the GUI's "Copy details").
"""

from __future__ import annotations

import logging
import tempfile
import traceback
from logging.handlers import RotatingFileHandler
from pathlib import Path

from hotel_supply import __version__, config

LOG_NAME = "hotel-supply.log"
MAX_BYTES = 1_000_000
BACKUP_COUNT = 5

_logger = logging.getLogger("hotel_supply.errors")
_logger.propagate = False  # only our file; never the terminal


def log_path() -> Path:
    """The log file in the data folder (the temporary folder if the data folder is unusable)."""
    try:
        return config.data_dir() / LOG_NAME
    except config.DataFolderError:
        return Path(tempfile.gettempdir()) / LOG_NAME


class _FileHandler(RotatingFileHandler):
    """Lets a failure to write reach ``log_error`` instead of printing logging's own traceback."""

    def handleError(self, record: logging.LogRecord) -> None:
        raise


def _handler_for(path: Path) -> logging.Handler:
    """The logger's file handler, moved to ``path`` when the data folder changed."""
    for handler in list(_logger.handlers):
        if isinstance(handler, _FileHandler) and Path(handler.baseFilename) == path:
            return handler
        _logger.removeHandler(handler)
        handler.close()
    handler = _FileHandler(path, maxBytes=MAX_BYTES, backupCount=BACKUP_COUNT,
                           encoding="utf-8", delay=True)
    handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(message)s"))
    _logger.addHandler(handler)
    _logger.setLevel(logging.INFO)
    return handler


def format_details(error: BaseException, *, where: str = "") -> str:
    """What "Copy details" copies and the log keeps: version, where, and the traceback."""
    lines = [f"Hotel Supply {__version__}"]
    if where:
        lines.append(where)
    lines.append("".join(traceback.format_exception(error)).rstrip())
    return "\n".join(lines)


def log_error(error: BaseException, *, where: str = "") -> Path | None:
    """Write ``error`` with its traceback to the log; return the log file, None if none took it.

    Tries the data folder, then the temporary folder; never raises, so that a
    full disk does not hide the first error behind a second one.
    """
    details = format_details(error, where=where)
    for path in dict.fromkeys([log_path(), Path(tempfile.gettempdir()) / LOG_NAME]):
        try:
            handler = _handler_for(path)
            _logger.error("%s", details)
            handler.flush()
        except Exception:
            continue
        return path
    return None
