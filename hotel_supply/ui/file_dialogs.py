"""Choosing a file or a folder, in the chosen language.

Windows' own dialog speaks the language of Windows, so it is used there. Elsewhere the
platform's dialog is Qt's, and Qt ships no Indonesian: there every label, button and tip
of Qt's dialog is set from our own translations, and the texts Qt draws itself (column
headers, "Folder", the sidebar) are answered by :class:`QtTextsTranslator`.
"""

from __future__ import annotations

import sys
from pathlib import Path

from PySide6.QtCore import QCoreApplication, Qt, QTranslator
from PySide6.QtWidgets import (
    QAbstractButton,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QMessageBox,
    QTreeView,
    QWidget,
)

from hotel_supply.i18n import _, current_language

Label = QFileDialog.DialogLabel

# Qt's own buttons and actions in its dialog, by object name: their tool tips and texts.
_TOOL_TIPS = {
    "backButton": "Back",
    "forwardButton": "Forward",
    "toParentButton": "Parent folder",
    "newFolderButton": "New folder",
    "listModeButton": "List view",
    "detailModeButton": "Detail view",
}
_ACTIONS = {
    "qt_rename_action": "&Rename",
    "qt_delete_action": "&Delete",
    "qt_show_hidden_action": "Show &hidden files",
    "qt_new_folder_action": "&New folder",
}


# Texts Qt's file dialog draws itself, by (Qt's context, Qt's text): our message for each.
# Only the file dialog's own contexts: the rest of the app is not touched.
QT_TEXTS = {
    ("QFileSystemModel", "Name"): "Name",
    ("QFileSystemModel", "Size"): "Size",
    ("QFileSystemModel", "Type"): "Type",
    ("QFileSystemModel", "Date Modified"): "Date modified",
    ("QFileSystemModel", "Computer"): "Computer",
    ("QAbstractFileIconProvider", "Folder"): "Folder",
    ("QAbstractFileIconProvider", "File"): "File",
    ("QAbstractFileIconProvider", "Drive"): "Drive",
    ("QFileDialog", "Back"): "Back",
    ("QFileDialog", "Forward"): "Forward",
    ("QFileDialog", "Parent Directory"): "Parent folder",
    ("QFileDialog", "Create New Folder"): "New folder",
    ("QFileDialog", "List View"): "List view",
    ("QFileDialog", "Detail View"): "Detail view",
    ("QFileDialog", "Go back"): "Back",
    ("QFileDialog", "Go forward"): "Forward",
    ("QFileDialog", "Go to the parent directory"): "Parent folder",
    ("QFileDialog", "Create a New Folder"): "New folder",
    ("QFileDialog", "Change to list view mode"): "List view",
    ("QFileDialog", "Change to detail view mode"): "Detail view",
    ("QFileDialog", "List of places and bookmarks"): "Places",
    ("QFileDialog", "&Rename"): "&Rename",
    ("QFileDialog", "&Delete"): "&Delete",
    ("QFileDialog", "Show &hidden files"): "Show &hidden files",
    ("QFileDialog", "&New Folder"): "&New folder",
    ("QFileDialog", "New Folder"): "New folder",
    ("QFileDialog", "All Files (*)"): "All files (*)",
    ("QFileDialog", "Directory:"): "Folder:",
    ("QFileDialog", "Are you sure you want to delete '%1'?"): "Delete “%1”?",
    ("QFileDialog", "Could not delete directory."): "The folder cannot be deleted.",
}


class QtTextsTranslator(QTranslator):
    """Answers Qt's own texts in its file dialog from our translations (English: Qt's)."""

    def translate(self, context: str, source: str, disambiguation: str | None = None,
                  n: int = -1) -> str | None:
        ours = QT_TEXTS.get((context, source))
        if ours is None or current_language() == "en":
            return None
        return _(ours)


_translator: QtTextsTranslator | None = None


def install_qt_texts() -> None:
    """Let Qt's file dialog draw its own texts in the chosen language (once per run)."""
    global _translator
    app = QCoreApplication.instance()
    if _translator is None and app is not None:
        _translator = QtTextsTranslator(app)
        QCoreApplication.installTranslator(_translator)


def use_native() -> bool:
    """Whether the platform's own dialog is used (Windows: it speaks the system's language)."""
    return sys.platform == "win32"


def translated_dialog(parent: QWidget | None, title: str, folder: str, *,
                      accept_label: str) -> QFileDialog:
    """Qt's file dialog with every text in the chosen language."""
    install_qt_texts()
    dialog = QFileDialog(parent, title, folder)
    dialog.setOption(QFileDialog.Option.DontUseNativeDialog, True)
    dialog.setLabelText(Label.LookIn, _("Look in:"))
    dialog.setLabelText(Label.FileName, _("File name:"))
    dialog.setLabelText(Label.FileType, _("Files of type:"))
    dialog.setLabelText(Label.Accept, accept_label)
    dialog.setLabelText(Label.Reject, _("Cancel"))
    for name, tip in _TOOL_TIPS.items():
        button = dialog.findChild(QAbstractButton, name)
        if button is not None:
            button.setToolTip(_(tip))
    for action in dialog.actions():
        if action.objectName() in _ACTIONS:
            action.setText(_(_ACTIONS[action.objectName()]))
    _widen_columns(dialog)
    box = dialog.findChild(QDialogButtonBox, "buttonBox")
    if box is not None:
        for button in box.buttons():
            if box.buttonRole(button) == QDialogButtonBox.ButtonRole.RejectRole:
                button.setText(_("Cancel"))
    return dialog


def _widen_columns(dialog: QFileDialog) -> None:
    """Size, type and date columns wide enough for their translated headers and a date."""
    tree = dialog.findChild(QTreeView, "treeView")
    if tree is None:
        return
    header = tree.header()
    metrics = header.fontMetrics()
    model = tree.model()
    for column, least in ((1, 0), (2, 0), (3, metrics.horizontalAdvance("00/00/0000 00:00"))):
        text = str(model.headerData(column, Qt.Orientation.Horizontal) or "")
        wanted = max(least, metrics.horizontalAdvance(text)) + 30
        header.resizeSection(column, max(header.sectionSize(column), wanted))


def _filter(name_filter: str) -> list[str]:
    return [f for f in name_filter.split(";;") if f]


def save_file_name(parent: QWidget | None, title: str, start: str,
                   name_filter: str) -> tuple[str, str]:
    """The file to save to and the file type chosen (``("", "")`` when cancelled);
    replacing a file is asked in our words."""
    if use_native():
        path, chosen = QFileDialog.getSaveFileName(parent, title, start, name_filter)
        return str(path), str(chosen)
    dialog = translated_dialog(parent, title, start, accept_label=_("Save"))
    dialog.setAcceptMode(QFileDialog.AcceptMode.AcceptSave)
    dialog.setFileMode(QFileDialog.FileMode.AnyFile)
    dialog.setOption(QFileDialog.Option.DontConfirmOverwrite, True)
    dialog.setNameFilters(_filter(name_filter))
    if Path(start).suffix:
        dialog.selectFile(start)
    while dialog.exec() == QDialog.DialogCode.Accepted:
        path = dialog.selectedFiles()[0] if dialog.selectedFiles() else ""
        if path and Path(path).exists() and not _replace(dialog, path):
            continue
        return path, dialog.selectedNameFilter()
    return "", ""


def _replace(parent: QWidget, path: str) -> bool:
    box = QMessageBox(QMessageBox.Icon.Question, _("Replace file"),
                      _("{name} already exists. Replace it?").format(name=Path(path).name),
                      parent=parent)
    replace = box.addButton(_("Replace"), QMessageBox.ButtonRole.AcceptRole)
    keep = box.addButton(_("Cancel"), QMessageBox.ButtonRole.RejectRole)
    box.setDefaultButton(keep)
    box.exec()
    return box.clickedButton() is replace


def open_file_name(parent: QWidget | None, title: str, start: str, name_filter: str) -> str:
    """An existing file to open ('' when cancelled)."""
    if use_native():
        path, _chosen = QFileDialog.getOpenFileName(parent, title, start, name_filter)
        return str(path)
    dialog = translated_dialog(parent, title, start, accept_label=_("Open"))
    dialog.setAcceptMode(QFileDialog.AcceptMode.AcceptOpen)
    dialog.setFileMode(QFileDialog.FileMode.ExistingFile)
    dialog.setNameFilters(_filter(name_filter))
    if dialog.exec() != QDialog.DialogCode.Accepted or not dialog.selectedFiles():
        return ""
    return str(dialog.selectedFiles()[0])


def existing_folder(parent: QWidget | None, title: str, start: str) -> str:
    """An existing folder ('' when cancelled)."""
    if use_native():
        return str(QFileDialog.getExistingDirectory(parent, title, start))
    dialog = translated_dialog(parent, title, start, accept_label=_("Choose"))
    dialog.setFileMode(QFileDialog.FileMode.Directory)
    dialog.setOption(QFileDialog.Option.ShowDirsOnly, True)
    if dialog.exec() != QDialog.DialogCode.Accepted or not dialog.selectedFiles():
        return ""
    return str(dialog.selectedFiles()[0])
