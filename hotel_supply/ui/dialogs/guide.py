"""Bantuan → Panduan (F1): the guide, task by task, with a table of contents and a search.

The guide is shipped as Markdown, one file per language (``resources/guide/<lang>/guide.md``)
with its screenshots beside it (``resources/guide/img/<lang>/``); the dialog shows the one
of the chosen language, Indonesian when there is none.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QSize, Qt, QTimer, QUrl
from PySide6.QtGui import (
    QColor,
    QImageReader,
    QKeySequence,
    QResizeEvent,
    QShortcut,
    QTextCharFormat,
    QTextCursor,
    QTextDocument,
)
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QSplitter,
    QTextBrowser,
    QTextEdit,
    QVBoxLayout,
    QWidget,
)

from hotel_supply.i18n import DEFAULT_LANGUAGE, _, current_language
from hotel_supply.resources import resource_path
from hotel_supply.ui import geometry, theme

GUIDE_FILE = "guide.md"
HIGHLIGHT = "#ffe08a"  # every match of the search
CURRENT = "#f5a623"  # the match the guide is scrolled to


def guide_path(language: str | None = None) -> Path:
    """The guide's file in ``language`` (default: the app's), else the Indonesian one."""
    for lang in (language or current_language(), DEFAULT_LANGUAGE):
        path = resource_path("guide", lang, GUIDE_FILE)
        if path.is_file():
            return path
    return resource_path("guide", DEFAULT_LANGUAGE, GUIDE_FILE)


class GuideDialog(QDialog):
    """The guide: contents on the left, the text on the right, a search box above."""

    def __init__(self, parent: QWidget | None = None, *, language: str | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(_("Guide — Hotel Supply"))
        self.setWindowIcon(theme.icon("help-circle-outline", theme.ACCENT))
        layout = QVBoxLayout(self)

        self.search = QLineEdit()
        self.search.setPlaceholderText(_("Search the guide: type a word, Enter for the next"))
        self.search.setClearButtonEnabled(True)
        self.search.setToolTip(_("Search (Ctrl+F); Enter finds the next, Shift+Enter the "
                                 "previous"))
        self.found = QLabel()
        self.found.setObjectName("pageSubtitle")
        self.found.setMinimumWidth(150)
        bar = QHBoxLayout()
        bar.addWidget(QLabel(_("Search")))
        bar.addWidget(self.search, 1)
        bar.addWidget(self.found)
        layout.addLayout(bar)

        self.contents = QListWidget()
        self.contents.setObjectName("guideContents")
        self.contents.setMinimumWidth(180)
        self.contents.setWordWrap(True)
        self.browser = QTextBrowser()
        self.browser.setOpenExternalLinks(True)
        splitter = QSplitter(Qt.Orientation.Horizontal)
        splitter.addWidget(self.contents)
        splitter.addWidget(self.browser)
        splitter.setStretchFactor(0, 1)
        splitter.setStretchFactor(1, 4)
        splitter.setChildrenCollapsible(False)
        splitter.setSizes([230, 770])
        layout.addWidget(splitter, 1)

        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        close = buttons.button(QDialogButtonBox.StandardButton.Close)
        close.setText(_("Close"))
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)

        self.search.textChanged.connect(self._search_changed)
        self.search.returnPressed.connect(self.find_next)
        QShortcut(QKeySequence.StandardKey.Find, self, activated=self._focus_search)
        QShortcut(QKeySequence.StandardKey.FindNext, self, activated=self.find_next)
        QShortcut(QKeySequence.StandardKey.FindPrevious, self, activated=self.find_previous)
        QShortcut(QKeySequence("Shift+Return"), self.search, activated=self.find_previous)
        self.contents.currentRowChanged.connect(self._go_to_heading)
        self._matches: list[QTextCursor] = []
        self._current = -1
        self._fit_timer = QTimer(self, singleShot=True, interval=80)
        self._fit_timer.timeout.connect(self._fit_images)

        self.path = guide_path(language)
        self._load()
        geometry.fit_to_screen(self, 1100, 700)

    # --- loading ------------------------------------------------------------------

    def _load(self) -> None:
        self.browser.setSearchPaths([str(self.path.parent)])
        self.browser.setSource(QUrl.fromLocalFile(str(self.path)),
                               QTextDocument.ResourceType.MarkdownResource)
        self.contents.clear()
        block = self.browser.document().begin()
        while block.isValid():
            level = block.blockFormat().headingLevel()
            if level in (1, 2, 3) and block.text().strip():
                item = QListWidgetItem(("    " * max(0, level - 2)) + block.text().strip())
                item.setData(Qt.ItemDataRole.UserRole, block.position())
                if level <= 2:
                    font = item.font()
                    font.setBold(True)
                    item.setFont(font)
                self.contents.addItem(item)
            block = block.next()
        self._fit_images()

    def headings(self) -> list[str]:
        """The table of contents as shown."""
        return [self.contents.item(i).text().strip() for i in range(self.contents.count())]

    def image_names(self) -> list[str]:
        """The images the shown guide refers to, as written in it."""
        names: list[str] = []
        block = self.browser.document().begin()
        while block.isValid():
            it = block.begin()
            while not it.atEnd():
                fmt = it.fragment().charFormat()
                if fmt.isImageFormat():
                    names.append(fmt.toImageFormat().name())
                it += 1
            block = block.next()
        return names

    def _fit_images(self) -> None:
        """Shrink the screenshots to the width of the text, never enlarging them."""
        room = self.browser.viewport().width() - 40
        if room < 100:
            return
        document = self.browser.document()
        block = document.begin()
        cursor = QTextCursor(document)
        while block.isValid():
            it = block.begin()
            while not it.atEnd():
                fragment = it.fragment()
                fmt = fragment.charFormat()
                if fmt.isImageFormat():
                    image = fmt.toImageFormat()
                    natural = self._natural_size(image.name())
                    if natural.isValid() and natural.width() > 0:
                        width = min(natural.width(), room)
                        image.setWidth(width)
                        image.setHeight(natural.height() * width / natural.width())
                        cursor.setPosition(fragment.position())
                        cursor.setPosition(fragment.position() + fragment.length(),
                                           QTextCursor.MoveMode.KeepAnchor)
                        cursor.setCharFormat(image)
                it += 1
            block = block.next()

    def _natural_size(self, name: str) -> QSize:
        path = Path(QUrl(name).toLocalFile()) if name.startswith("file:") else (
            self.path.parent / name)
        return QImageReader(str(path)).size()

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        self._fit_timer.start()

    # --- contents -----------------------------------------------------------------

    def _go_to_heading(self, row: int) -> None:
        item = self.contents.item(row)
        if item is None:
            return
        position = int(item.data(Qt.ItemDataRole.UserRole))
        self.scroll_to(position)

    def scroll_to(self, position: int) -> None:
        """Put the text at ``position`` at the top of the view."""
        document = self.browser.document()
        cursor = QTextCursor(document)
        cursor.setPosition(position)
        self.browser.setTextCursor(cursor)
        top = document.documentLayout().blockBoundingRect(cursor.block()).top()
        self.browser.verticalScrollBar().setValue(int(top))

    # --- search -------------------------------------------------------------------

    def _focus_search(self) -> None:
        self.search.setFocus()
        self.search.selectAll()

    def _search_changed(self, text: str) -> None:
        document = self.browser.document()
        self._matches = []
        self._current = -1
        word = text.strip()
        if word:
            cursor = document.find(word, 0)
            while not cursor.isNull():
                self._matches.append(QTextCursor(cursor))
                cursor = document.find(word, cursor)
        if word:
            self.find_next()
        else:
            self._show_matches()

    def find_next(self) -> None:
        self._step(1)

    def find_previous(self) -> None:
        self._step(-1)

    def _step(self, direction: int) -> None:
        if not self._matches:
            self._show_matches()
            return
        self._current = (self._current + direction) % len(self._matches)
        cursor = self._matches[self._current]
        self.browser.setTextCursor(cursor)
        # the match a third of the way down, with the text before it in sight
        bar = self.browser.verticalScrollBar()
        top = self.browser.cursorRect(cursor).top() + bar.value()
        bar.setValue(max(0, top - self.browser.viewport().height() // 3))
        self._show_matches()

    def _show_matches(self) -> None:
        selections: list[QTextEdit.ExtraSelection] = []
        for i, cursor in enumerate(self._matches):
            selection = QTextEdit.ExtraSelection()
            fmt = QTextCharFormat()
            fmt.setBackground(QColor(CURRENT if i == self._current else HIGHLIGHT))
            selection.format = fmt  # type: ignore[attr-defined]
            selection.cursor = cursor  # type: ignore[attr-defined]
            selections.append(selection)
        self.browser.setExtraSelections(selections)
        if not self.search.text().strip():
            self.found.setText("")
            self.found.setStyleSheet("")
        elif not self._matches:
            self.found.setText(_("Not found"))
            self.found.setStyleSheet(f"color: {theme.BAD};")
        else:
            self.found.setText(_("{i} of {n} found").format(i=self._current + 1,
                                                             n=len(self._matches)))
            self.found.setStyleSheet("")

    @property
    def match_count(self) -> int:
        return len(self._matches)


__all__ = ["GuideDialog", "guide_path"]
