"""Choosing a file or a folder, in the chosen language.

Windows' own dialog speaks the language of Windows, so it is used there. Elsewhere the
platform's dialog is Qt's, and Qt ships no Indonesian: there every label, button and tip
of Qt's dialog is set from our own translations.
"""

from __future__ import annotations

import sys
from pathlib import Path

from PySide6.QtWidgets import (
    QAbstractButton,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QMessageBox,
    QWidget,
)

from hotel_supply.i18n import _

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


def use_native() -> bool:
    """Whether the platform's own dialog is used (Windows: it speaks the system's language)."""
    return sys.platform == "win32"


def translated_dialog(parent: QWidget | None, title: str, folder: str, *,
                      accept_label: str) -> QFileDialog:
    """Qt's file dialog with every text in the chosen language."""
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
    box = dialog.findChild(QDialogButtonBox, "buttonBox")
    if box is not None:
        for button in box.buttons():
            if box.buttonRole(button) == QDialogButtonBox.ButtonRole.RejectRole:
                button.setText(_("Cancel"))
    return dialog


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
