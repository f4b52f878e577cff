"""The PostgreSQL dialog of 文件 → 复制到数据库… and 文件 → 打开数据库项目…: a line saying what will happen, the
connection form (desktop/views/project/connection_form.py) and 确定/取消. 确定 with a field left empty says which
and stays open; what is done with the connection (copy, open) is the feature's (desktop/features/databases.py)."""
from __future__ import annotations

from PySide6.QtCore import QCoreApplication
from PySide6.QtWidgets import QDialog, QDialogButtonBox, QLabel, QVBoxLayout, QWidget

from desktop.services.databases import Profile
from desktop.views.project.connection_form import ConnectionForm


def tr(text: str) -> str:
    return QCoreApplication.translate("DatabaseDialog", text)


class DatabaseDialog(QDialog):
    def __init__(self, title: str, intro: str, ok_text: str, profiles: list[Profile] = (),
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(title)
        self.intro = QLabel(intro)
        self.intro.setWordWrap(True)
        self.form = ConnectionForm(list(profiles), self)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        self.ok_button = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        self.ok_button.setText(ok_text)
        self.buttons.button(QDialogButtonBox.StandardButton.Cancel).setText(self.tr("取消"))
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.intro)
        layout.addWidget(self.form)
        layout.addWidget(self.buttons)
        self.setMinimumWidth(460)
        if profiles:
            self.form.profiles.setCurrentIndex(1)   # the connection used last

    def profile(self) -> Profile:
        return self.form.profile()

    def password(self) -> str:
        return self.form.password.text()

    def remember(self) -> bool:
        return self.form.remember.isEnabled() and self.form.remember.isChecked()

    def accept(self) -> None:
        gap = self.form.missing()
        if gap:
            self.form.show_error(gap)
            return
        super().accept()


def copy_dialog(project_name: str, profiles: list[Profile], parent: QWidget | None = None) -> DatabaseDialog:
    return DatabaseDialog(
        tr("复制到数据库"),
        tr("把项目“{name}”无损复制到一个空的 PostgreSQL 数据库（需要 PostGIS），多台电脑可同时使用；"
                          "原项目文件保持不变。").format(name=project_name),
        tr("复制"), profiles, parent)


def open_dialog(profiles: list[Profile], parent: QWidget | None = None) -> DatabaseDialog:
    return DatabaseDialog(
        tr("打开数据库项目"),
        tr("连接到 PostgreSQL 数据库中的 gridsafe 项目。"),
        tr("打开"), profiles, parent)
