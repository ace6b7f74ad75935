"""What the signed-in account's roles let it touch: one rule for every button and action.

``allow(button, ctx, Role.FINANCE)`` leaves the button alone for an account that holds
the role; for any other it keeps the button disabled, whatever the page later decides
from its own state, with a tooltip naming the roles that may. The services check the
role again at every write: this only spares the clerk a refusal.
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QWidget

from hotel_supply.i18n import _
from hotel_supply.models.enums import Role, label
from hotel_supply.ui.context import AppContext

FORBIDDEN = "forbiddenByRole"  # a dynamic property: the roles' tooltip, on a kept-off target


def needs_text(*roles: Role) -> str:
    """“Only an account with the role “Keuangan” may do this.”"""
    names = _(" or ").join(f"“{label(role)}”" for role in roles)
    return _("Only an account with the role {roles} may do this.").format(roles=names)


class _KeepDisabled(QObject):
    """Turns a forbidden widget off again whenever its page turns it on, and keeps the
    roles' sentence in its tooltip whenever the page sets another one."""

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if isinstance(watched, QWidget):
            reason = watched.property(FORBIDDEN)
            if reason:
                kind = event.type()
                if kind == QEvent.Type.EnabledChange and watched.isEnabled():
                    watched.setEnabled(False)
                elif kind == QEvent.Type.ToolTipChange and reason not in watched.toolTip():
                    watched.setToolTip(_joined(watched.toolTip(), reason))
        return False


_keeper: _KeepDisabled | None = None


def _joined(tip: str, reason: str) -> str:
    return f"{tip}\n{reason}" if tip else reason


def _keep_disabled() -> _KeepDisabled:
    global _keeper
    if _keeper is None:
        _keeper = _KeepDisabled()
    return _keeper


def allow(target: QWidget | QAction, ctx: AppContext, *roles: Role) -> bool:
    """Let ``target`` work only for an account holding one of ``roles``.

    Returns True when it may. Otherwise the target is disabled for good (the page's
    own ``setEnabled`` calls no longer turn it on) and its tooltip says who may.
    """
    if ctx.may(*roles):
        return True
    reason = needs_text(*roles)
    if isinstance(target, QAction):
        target.setProperty(FORBIDDEN, reason)
        target.setEnabled(False)
        target.setToolTip(_joined(target.toolTip() if target.toolTip() != target.text()
                                  .replace("&", "") else "", reason))

        def _off_again(action: QAction = target) -> None:
            if action.isEnabled():
                action.setEnabled(False)

        target.changed.connect(_off_again)
        return False
    target.setProperty(FORBIDDEN, reason)
    target.setEnabled(False)
    target.setToolTip(_joined(target.toolTip(), reason))
    target.installEventFilter(_keep_disabled())
    return False


def forbidden(target: QWidget | QAction) -> bool:
    """True when ``allow`` keeps ``target`` off for the signed-in account."""
    return bool(target.property(FORBIDDEN))
