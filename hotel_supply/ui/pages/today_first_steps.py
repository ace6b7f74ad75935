"""The first steps on "Hari Ini" for a new office: profile, hotels, suppliers, products,
prices, standing orders, each with its count, a tick once done, and a button to take it."""

from __future__ import annotations

from PySide6.QtCore import QSize, Signal
from PySide6.QtWidgets import QFrame, QGridLayout, QLabel, QPushButton, QVBoxLayout, QWidget

from hotel_supply.i18n import N_, _, ngettext
from hotel_supply.services.first_steps import FirstStep, FirstSteps, Step
from hotel_supply.ui import theme

TITLES: dict[Step, str] = {
    Step.PROFILE: N_("Office profile"),
    Step.HOTELS: N_("Partner hotels"),
    Step.SUPPLIERS: N_("Suppliers (UMKM)"),
    Step.PRODUCTS: N_("Products"),
    Step.PRICES: N_("Price agreements"),
    Step.STANDING_ORDERS: N_("Standing orders"),
}

PURPOSES: dict[Step, str] = {
    Step.PROFILE: N_("Name, address and NPWP printed on every document"),
    Step.HOTELS: N_("Who receives the goods and who is billed"),
    Step.SUPPLIERS: N_("The UMKM that deliver, with their bank accounts"),
    Step.PRODUCTS: N_("What each UMKM sells: unit and standard price"),
    Step.PRICES: N_("The price a hotel agreed for a product"),
    Step.STANDING_ORDERS: N_("What a hotel expects each weekday: it fills this page"),
}

ADD_TEXTS: dict[Step, str] = {
    Step.PROFILE: N_("Fill in…"),
    Step.HOTELS: N_("Add hotel…"),
    Step.SUPPLIERS: N_("Add supplier…"),
    Step.PRODUCTS: N_("Add product…"),
    Step.PRICES: N_("Add price…"),
    Step.STANDING_ORDERS: N_("Set up…"),
}

# what a step waits for, as the tooltip of its button names it
NOUNS: dict[Step, str] = {
    Step.HOTELS: N_("a partner hotel"),
    Step.SUPPLIERS: N_("a supplier"),
    Step.PRODUCTS: N_("a product"),
}


def count_text(step: FirstStep) -> str:
    """What a step holds, as the panel shows it: "0 hotels", "filled in"."""
    n = step.count
    if step.step == Step.PROFILE:
        return _("filled in") if n else _("not filled in yet")
    if step.step == Step.HOTELS:
        return ngettext("{n} hotel", "{n} hotels", n).format(n=n)
    if step.step == Step.SUPPLIERS:
        return ngettext("{n} supplier", "{n} suppliers", n).format(n=n)
    if step.step == Step.PRODUCTS:
        return ngettext("{n} product", "{n} products", n).format(n=n)
    if step.step == Step.PRICES:
        return ngettext("{n} price", "{n} prices", n).format(n=n)
    return ngettext("{n} product on order", "{n} products on order", n).format(n=n)


def waiting_text(step: FirstStep) -> str:
    """Why a step's button is disabled: "Add a partner hotel and a product first."."""
    nouns = [_(NOUNS[s]) for s in step.missing]
    what = nouns[0] if len(nouns) == 1 else _("{a} and {b}").format(a=nouns[0], b=nouns[1])
    return _("Add {what} first.").format(what=what)


class _StepRow:
    def __init__(self, grid: QGridLayout, row: int, step: Step) -> None:
        self.tick = QLabel()
        self.tick.setFixedSize(QSize(20, 20))
        self.title = QLabel(f"{row}. {_(TITLES[step])}")
        self.title.setStyleSheet("font-weight: 600;")
        self.count = QLabel()
        self.purpose = QLabel(_(PURPOSES[step]))
        self.purpose.setObjectName("pageSubtitle")
        self.purpose.setWordWrap(True)  # a narrow window wraps it rather than the buttons
        self.button = QPushButton()
        self.button.setObjectName(f"firstStep_{step.value}")
        for column, widget in enumerate(
            (self.tick, self.title, self.count, self.purpose, self.button)
        ):
            grid.addWidget(widget, row, column)
        self.step = step

    def show(self, state: FirstStep) -> None:
        done = state.done
        icon = theme.icon("check-circle", theme.OK) if done else theme.icon(
            "circle-outline", theme.MUTED)
        self.tick.setPixmap(icon.pixmap(18, 18))
        self.tick.setToolTip(_("Done") if done else _("Not done yet"))
        self.count.setText(count_text(state))
        self.count.setStyleSheet(f"color: {theme.OK if done else theme.WARN};")
        self.button.setText(_("Open") if done else _(ADD_TEXTS[self.step]))
        self.button.setEnabled(state.ready)
        self.button.setToolTip("" if state.ready else waiting_text(state))


class FirstStepsPanel(QFrame):
    """The steps a new office takes, until each has at least one record.

    ``step_chosen`` carries the :class:`Step` whose button was clicked, and whether it
    is done already (then its page opens) or not (then the dialog to add one does).
    """

    step_chosen = Signal(str, bool)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("card")
        layout = QVBoxLayout(self)
        layout.setContentsMargins(14, 8, 14, 8)
        layout.setSpacing(4)
        self.heading = QLabel()
        self.heading.setStyleSheet(f"font-size: 12pt; font-weight: 600; color: {theme.ACCENT};")
        intro = QLabel(_("Set up the office once, in this order; then this page shows each "
                         "day's expected deliveries."))
        intro.setObjectName("pageSubtitle")
        intro.setWordWrap(True)
        layout.addWidget(self.heading)
        layout.addWidget(intro)
        grid = QGridLayout()
        grid.setHorizontalSpacing(12)
        grid.setVerticalSpacing(2)
        grid.setColumnStretch(3, 1)
        self.rows: dict[Step, _StepRow] = {}
        for n, step in enumerate(Step, start=1):
            self.rows[step] = row = _StepRow(grid, n, step)
            row.button.clicked.connect(
                lambda _c=False, s=step: self.step_chosen.emit(s.value, self._done(s)))
        layout.addLayout(grid)
        self._steps: FirstSteps | None = None

    def _done(self, step: Step) -> bool:
        return self._steps is not None and self._steps[step].done

    def show_steps(self, steps: FirstSteps) -> None:
        """Show each step's state; the whole panel hides once every step is done."""
        self._steps = steps
        self.heading.setText(_("First steps: {done} of {total} done").format(
            done=steps.done_count, total=len(steps.steps)))
        for state in steps.steps:
            self.rows[state.step].show(state)
        self.setVisible(not steps.all_done)


__all__ = ["FirstStepsPanel", "count_text", "waiting_text"]
