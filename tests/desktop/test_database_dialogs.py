"""文件 → 复制到数据库… and 文件 → 打开数据库项目… driven with real widgets on the suite's PostgreSQL: the form filled,
测试连接 and 复制 clicked, the copy opened in the window; connection profiles kept without passwords, a password in
the keyring only when 记住密码 is ticked; no keyring → said plainly, nothing remembered; connection errors in
Chinese."""
from __future__ import annotations

import json
import os

import keyring
import pytest
from keyring.backend import KeyringBackend
from keyring.backends import fail
from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import QApplication, QMessageBox

from desktop.features import databases as feature
from desktop.features.databases import PROFILES_KEY, DatabasesFeature
from desktop.services.databases import KEYRING_SERVICE, Profile
from tests.windows import open_demo, private_settings

SHOTS = os.environ.get("GRIDSAFE_SHOTS")


class MemoryKeyring(KeyringBackend):
    """A keyring in a dict: what the operating system's would hold."""

    priority = 1

    def __init__(self) -> None:
        super().__init__()
        self.stored: dict[tuple[str, str], str] = {}

    def get_password(self, service, username):
        return self.stored.get((service, username))

    def set_password(self, service, username, password):
        self.stored[(service, username)] = password

    def delete_password(self, service, username):
        from keyring.errors import PasswordDeleteError

        if self.stored.pop((service, username), None) is None:
            raise PasswordDeleteError(username)


@pytest.fixture
def memory_keyring():
    before = keyring.get_keyring()
    ring = MemoryKeyring()
    keyring.set_keyring(ring)
    yield ring
    keyring.set_keyring(before)


def _answer(qtbot, button: QMessageBox.StandardButton, seen: list[str]) -> QTimer:
    """Answer the next message box with `button` (its text kept in `seen`); polls, as the box opens when the task ends."""
    timer = QTimer()
    timer.setInterval(30)

    def press() -> None:
        box = QApplication.activeModalWidget()
        if isinstance(box, QMessageBox):
            timer.stop()
            seen.append(box.text())
            qtbot.mouseClick(box.button(button), Qt.MouseButton.LeftButton)

    timer.timeout.connect(press)
    timer.start()
    return timer


def _fill(form, pg_server, database: str, password: str) -> None:
    form.host.setText("127.0.0.1")
    form.port.setValue(pg_server.port)
    form.database.setText(database)
    form.user.setText(pg_server.user)
    form.password.setText(password)


def test_copy_to_database_and_open_it_again(qtbot, monkeypatch, demo_copy, pg_server, memory_keyring, tmp_path):
    saved = private_settings(monkeypatch)
    monkeypatch.setattr(feature, "settings", lambda: saved)
    w = open_demo(qtbot, monkeypatch, demo_copy)
    f = next(f for f in w.features if isinstance(f, DatabasesFeature))
    database = pg_server.new_database().split("@/")[1].split("?")[0]

    assert f.copy_action.isEnabled()
    f.copy_action.trigger()
    dialog = f.dialog
    form = dialog.form
    assert form.password.echoMode() == form.password.EchoMode.Password
    _fill(form, pg_server, database, "s3cret")
    qtbot.mouseClick(form.remember, Qt.MouseButton.LeftButton)
    assert form.remember.isChecked()
    qtbot.mouseClick(form.test_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: "数据库是空的" in form.result.text(), timeout=30_000)
    if SHOTS:
        dialog.grab().save(os.path.join(SHOTS, "copy_to_database.png"))

    seen: list[str] = []
    timer = _answer(qtbot, QMessageBox.StandardButton.Yes, seen)   # 现在打开数据库中的副本吗？ — yes
    qtbot.mouseClick(dialog.ok_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: w.project is not None and w.project.backend == "postgresql", timeout=60_000)
    timer.stop()
    assert "复制到" in seen[0] and "s3cret" not in seen[0]
    assert w.project.name == database
    assert "s3cret" not in w.windowTitle() + w.status.text()

    profile = Profile("127.0.0.1", pg_server.port, database, pg_server.user)
    assert json.loads(saved[PROFILES_KEY]) == [profile.as_dict()]           # the connection, never the password
    assert "s3cret" not in json.dumps(dict(saved), default=str)
    assert memory_keyring.stored == {(KEYRING_SERVICE, profile.name): "s3cret"}   # ticked: in the keyring

    # the recent list opens it again with the keyring's password, no dialog
    w.close_project()
    f._fill_recent()
    [recent] = f.recent_menu.actions()
    assert recent.text() == profile.name
    recent.trigger()
    assert w.project is not None and w.project.name == database

    # 打开数据库项目… with 记住密码 unticked: opened, and the password forgotten
    w.close_project()
    f.open_action.trigger()
    dialog = f.dialog
    assert dialog.form.profiles.currentData() == profile and dialog.form.password.text() == "s3cret"
    qtbot.mouseClick(dialog.form.remember, Qt.MouseButton.LeftButton)
    assert not dialog.form.remember.isChecked()
    if SHOTS:
        dialog.grab().save(os.path.join(SHOTS, "open_database.png"))
    qtbot.mouseClick(dialog.ok_button, Qt.MouseButton.LeftButton)
    assert w.project is not None and w.project.backend == "postgresql"
    assert memory_keyring.stored == {}


def test_without_a_keyring_nothing_is_remembered_and_errors_are_chinese(qtbot, monkeypatch, pg_server):
    before = keyring.get_keyring()
    keyring.set_keyring(fail.Keyring())
    try:
        from desktop.views.project.database_dialog import open_dialog

        dialog = open_dialog([])
        qtbot.addWidget(dialog)
        dialog.show()
        form = dialog.form
        assert not form.remember.isEnabled() and "密钥环" in form.remember.toolTip()
        assert not dialog.remember()
        qtbot.mouseClick(dialog.ok_button, Qt.MouseButton.LeftButton)   # empty fields: said which, stays open
        assert "请填写" in form.result.text() and "数据库" in form.result.text() and dialog.isVisible()
        _fill(form, pg_server, "no_such_db", "x")
        qtbot.mouseClick(form.test_button, Qt.MouseButton.LeftButton)
        qtbot.waitUntil(lambda: "不存在" in form.result.text(), timeout=30_000)
        assert "数据库“no_such_db”不存在" in form.result.text() and "createdb" in form.result.text()
        if SHOTS:
            dialog.grab().save(os.path.join(SHOTS, "open_database_error.png"))
        form.port.setValue(1)
        qtbot.mouseClick(form.test_button, Qt.MouseButton.LeftButton)
        qtbot.waitUntil(lambda: "连不上数据库服务器" in form.result.text(), timeout=30_000)
    finally:
        keyring.set_keyring(before)
