"""Correcting a posted delivery in one step: the receiving dialog, filled with its lines.

The clerk changes what was wrong and posts; the reason is asked once, then the old number
is cancelled and the corrected delivery posted with a new number that refers to it
(``services.delivery_correction``). Nothing is saved as a draft on the way.
"""

from __future__ import annotations

from dataclasses import replace

from PySide6.QtWidgets import QInputDialog, QWidget

from hotel_supply.formatting import format_rupiah
from hotel_supply.i18n import _
from hotel_supply.models.enums import DeliveryStatus
from hotel_supply.services import deliveries
from hotel_supply.services.delivery_correction import correct_delivery
from hotel_supply.services.errors import DomainError, ValidationError
from hotel_supply.services.stock import NegativeStockError
from hotel_supply.ui.context import AppContext
from hotel_supply.ui.dialogs.delivery import DeliveryDialog
from hotel_supply.ui.widgets import confirm, show_error


class DeliveryCorrectionDialog(DeliveryDialog):
    """The lines of posted delivery ``delivery_id`` to correct; ``corrected_id`` is the new
    delivery once the correction is posted (None if the clerk closed without posting)."""

    def __init__(self, ctx: AppContext, delivery_id: int, parent: QWidget | None = None) -> None:
        self.corrects_id = delivery_id
        self.corrected_id: int | None = None
        self.old_number = ""
        super().__init__(ctx, delivery_id, parent)

    def load(self) -> None:
        if self.corrected_id is not None:  # posted: the new delivery, as any posted one
            super().load()
            return
        view = deliveries.get_delivery(self.ctx.db, self.corrects_id)
        self.old_number = view.number
        # typed over as a draft would be; the number comes with the correction's posting
        self.show_view(replace(view, status=DeliveryStatus.DRAFT, number=""))
        self.setWindowTitle(_("Correct {number}").format(number=self.old_number) + " — "
                            + view.supplier_name)
        self.subtitle.setText(_("Correction of delivery note {number}").format(
            number=self.old_number))
        self.status_label.setText(_("Correction"))
        self.banner.setText(_(
            "Change what was wrong and post. {number} is then cancelled with the reason you "
            "give (its goods taken back out of stock) and the new delivery note, with a new "
            "number, says which one it corrects.").format(number=self.old_number))
        self.banner.show()
        for button in (self.save_button, self.discard_button, self.print_button,
                       self.cancel_button, self.correct_button):
            button.hide()
        self.post_button.setText(_("Post correction"))

    def post(self) -> None:
        if self.corrected_id is not None or self.view is None:
            return
        if self._validate():
            self.ctx.say(_("Correct the marked cells before posting."))
            return
        reason, ok = QInputDialog.getText(
            self, _("Correct delivery"),
            _("Why is delivery {number} corrected? It is cancelled and the corrected one is "
              "posted with a new number.").format(number=self.old_number))
        if not ok:
            return
        confirm_negative = False
        while True:
            try:
                result = correct_delivery(
                    self.ctx.db, delivery_id=self.corrects_id, data=self.current_input(),
                    reason=reason, version=self.view.version, confirm_negative=confirm_negative)
            except NegativeStockError as exc:
                if not confirm(self, exc.message, title=_("Stock below zero"),
                               yes=_("Correct anyway"), danger=True):
                    return
                confirm_negative = True
                continue
            except ValidationError as exc:
                self.model.set_problems(exc.problems)
                self.problems.setText(self._describe(exc.problems))
                show_error(self, exc)
                return
            except DomainError as exc:
                show_error(self, exc)
                return
            break
        self.corrected_id = self.delivery_id = result.delivery_id
        self.ctx.notify("delivery", _(
            "Delivery {old} corrected by {number}: {value} received.").format(
            old=result.cancelled_number, number=result.number,
            value=format_rupiah(result.total_value)))
        self.load()
        self.print_note()

    def reject(self) -> None:
        """Closing before posting drops what was typed (a correction is never a draft)."""
        if self.dirty and self.corrected_id is None and not confirm(
                self, _("Close without posting the correction? What was typed is lost."),
                yes=_("Close without posting"), danger=True):
            return
        self.dirty = False
        super().reject()
