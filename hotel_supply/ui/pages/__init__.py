"""One module per page of the main window."""

from __future__ import annotations

from PySide6.QtWidgets import QWidget

from hotel_supply.ui.context import AppContext


class Page(QWidget):
    """A page of the main window: a title, an icon, and ``refresh()`` when shown."""

    title = ""  # English msgid
    icon_name = ""
    watches: tuple[str, ...] = ()  # what changes make this page refresh

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self._stale = True
        ctx.changed.connect(self._on_changed)

    def _on_changed(self, what: str) -> None:
        if what in self.watches or "*" in self.watches:
            self._stale = True
            if self.isVisible():
                self.refresh()

    def showEvent(self, event: object) -> None:
        super().showEvent(event)  # type: ignore[arg-type]
        if self._stale:
            self.refresh()

    def refresh(self) -> None:
        """Reload what the page shows."""
        self._stale = False
