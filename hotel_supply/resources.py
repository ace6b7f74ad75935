"""Where the app's shipped files (translations, icons, fonts) live."""

from __future__ import annotations

from pathlib import Path

_PACKAGE_DIR = Path(__file__).resolve().parent


def resource_path(*parts: str) -> Path:
    """Path of a shipped resource; works from a checkout and from an installed wheel."""
    for base in (_PACKAGE_DIR / "_resources", _PACKAGE_DIR.parent / "resources"):
        candidate = base.joinpath(*parts)
        if candidate.exists():
            return candidate
    return (_PACKAGE_DIR.parent / "resources").joinpath(*parts)
