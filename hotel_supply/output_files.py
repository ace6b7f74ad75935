"""Files the batch commands write: checked before any work, written only once complete.

Every problem is one sentence (a ``DomainError``): a folder that is a file, one that may
not be written, a file that exists (replaced only when asked), a full disk.
"""

from __future__ import annotations

import errno
import os
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from hotel_supply.i18n import _
from hotel_supply.services.errors import DomainError


def write_error(path: Path, exc: OSError) -> DomainError:
    """One sentence for a file or folder that could not be written."""
    if isinstance(exc, PermissionError):
        text = _("Hotel Supply may not write {path}: choose a folder you may write to.")
    elif isinstance(exc, IsADirectoryError):
        text = _("{path} is a folder: give a file name.")
    elif isinstance(exc, FileExistsError | NotADirectoryError):
        text = _("{path} cannot be made: part of it is a file, not a folder.")
    elif isinstance(exc, FileNotFoundError):
        return DomainError(_(
            "The folder {folder} does not exist: create it first, or check the path."
        ).format(folder=path.parent))
    elif exc.errno == errno.ENOSPC:
        text = _("The disk is full: {path} was not written.")
    else:
        return DomainError(_("{path} cannot be written ({error}).").format(
            path=path, error=exc.strerror or exc))
    return DomainError(text.format(path=path))


def nearest_existing(path: Path) -> Path:
    while not path.exists() and path.parent != path:
        path = path.parent
    return path


def check_output_folder(folder: Path) -> None:
    """Refuse, before any work, a folder the files cannot go to (a missing one is made later)."""
    existing = nearest_existing(folder.absolute())
    if not existing.is_dir():
        raise DomainError(_(
            "{path} is a file, not a folder: give a folder for the files with --out."
        ).format(path=existing))
    if not os.access(existing, os.W_OK):
        raise DomainError(_(
            "Hotel Supply may not write in the folder {folder}: choose another folder with --out."
        ).format(folder=existing))


def make_folder(folder: Path) -> None:
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise write_error(folder, exc) from exc


def check_output_file(path: Path, *, force: bool) -> None:
    """Refuse, before any work, a file that cannot be written or would replace one unasked."""
    if path.is_dir():
        raise DomainError(_("{path} is a folder: give a file name.").format(path=path))
    folder = path.absolute().parent
    if not folder.is_dir():
        raise DomainError(_(
            "The folder {folder} does not exist: create it first, or check the path."
        ).format(folder=folder))
    if path.exists() and not force:
        raise DomainError(_(
            "{path} already exists: give another name, or add --force to replace it."
        ).format(path=path))
    if not os.access(folder, os.W_OK) or (path.exists() and not os.access(path, os.W_OK)):
        raise DomainError(_(
            "Hotel Supply may not write {path}: choose a folder you may write to."
        ).format(path=path))


@contextmanager
def writing(path: Path) -> Iterator[Path]:
    """A scratch file beside ``path`` that becomes ``path`` only once it is complete.

    A failed write leaves no half-written file behind (and an older file as it was).
    """
    scratch = path.with_name(f".{path.name}.partial")
    try:
        yield scratch
        scratch.replace(path)
    except OSError as exc:
        scratch.unlink(missing_ok=True)
        raise write_error(path, exc) from exc
    except BaseException:
        scratch.unlink(missing_ok=True)
        raise


def write_bytes(path: Path, data: bytes) -> None:
    with writing(path) as scratch:
        scratch.write_bytes(data)
