"""The PostgreSQL connection form shared by 复制到数据库… and 打开数据库项目…: host, port, database, user, password
(masked), 记住密码 (only when the computer has a system keyring: otherwise it says so and stays off), and 测试连接,
which connects off the UI thread and shows what it found or why it could not connect (in Chinese)."""
from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from desktop.services import databases
from desktop.services.databases import Profile
from desktop.tasks import Task


class ConnectionForm(QWidget):
    tested = Signal(bool)          # a connection test ended: True when it connected

    def __init__(self, profiles: list[Profile] = (), parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.profiles = QComboBox()    # the connections used before (no passwords), newest first
        self.profiles.setObjectName("profiles")
        self.profiles.addItem(self.tr("新的连接"), None)
        for profile in profiles:
            self.profiles.addItem(profile.name, profile)
        self.profiles.currentIndexChanged.connect(self._profile_chosen)
        self.host = QLineEdit("localhost")
        self.host.setObjectName("host")
        self.port = QSpinBox()
        self.port.setObjectName("port")
        self.port.setRange(1, 65535)
        self.port.setValue(databases.DEFAULT_PORT)
        self.database = QLineEdit()
        self.database.setObjectName("database")
        self.database.setPlaceholderText(self.tr("服务器上已建好的空数据库，如 gridsafe"))
        self.user = QLineEdit()
        self.user.setObjectName("user")
        self.password = QLineEdit()
        self.password.setObjectName("password")
        self.password.setEchoMode(QLineEdit.EchoMode.Password)
        self.remember = QCheckBox(self.tr("记住密码"))
        self.remember.setObjectName("remember")
        why = databases.keyring_problem()
        if why:
            self.remember.setEnabled(False)
            self.remember.setText(self.tr("记住密码（本机不可用）"))
            self.remember.setToolTip(why)
        else:
            self.remember.setToolTip(self.tr("密码只存入操作系统的密钥环（凭据管理器），不写入 gridsafe 的设置"))
        self.test_button = QPushButton(self.tr("测试连接"))
        self.test_button.setObjectName("test")
        self.test_button.clicked.connect(self.test)
        self.result = QLabel()
        self.result.setObjectName("result")
        self.result.setWordWrap(True)
        self.result.setMinimumHeight(self.result.fontMetrics().lineSpacing() * 4)   # a long message fits
        self.task: Task | None = None
        self.last_ok = False

        form = QFormLayout()
        if profiles:
            form.addRow(self.tr("连接"), self.profiles)
        form.addRow(self.tr("主机"), self.host)
        form.addRow(self.tr("端口"), self.port)
        form.addRow(self.tr("数据库"), self.database)
        form.addRow(self.tr("用户"), self.user)
        form.addRow(self.tr("密码"), self.password)
        row = QHBoxLayout()
        row.addWidget(self.remember)
        row.addStretch(1)
        row.addWidget(self.test_button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(form)
        if why:
            note = QLabel(why)
            note.setWordWrap(True)
            note.setStyleSheet("color: #555")
            layout.addWidget(note)
        layout.addLayout(row)
        layout.addWidget(self.result)
        for field in (self.host, self.database, self.user, self.password):
            field.textEdited.connect(self._edited)
        self.port.valueChanged.connect(self._edited)

    # --- values -----------------------------------------------------------------------------------
    def profile(self) -> Profile:
        return Profile(self.host.text().strip(), self.port.value(), self.database.text().strip(),
                       self.user.text().strip())

    def set_profile(self, profile: Profile) -> None:
        self.host.setText(profile.host)
        self.port.setValue(profile.port)
        self.database.setText(profile.database)
        self.user.setText(profile.user)
        saved = databases.saved_password(profile)
        self.password.setText(saved or "")
        self.remember.setChecked(saved is not None)
        self._edited()

    def _profile_chosen(self, _index: int) -> None:
        profile = self.profiles.currentData()
        if profile is not None:
            self.set_profile(profile)

    def missing(self) -> str:
        """What the user still has to fill in, said in Chinese, or ""."""
        gaps = self.profile().missing()
        return self.tr("请填写：{fields}").format(fields="、".join(self.tr(g) for g in gaps)) if gaps else ""

    def show_error(self, message: str) -> None:
        self.result.setStyleSheet("color: #b00020")
        self.result.setText(message)

    # --- 测试连接 ----------------------------------------------------------------------------------
    def test(self) -> None:
        gap = self.missing()
        if gap:
            self.show_error(gap)
            return
        profile, password = self.profile(), self.password.text()
        self.test_button.setEnabled(False)
        self.result.setStyleSheet("")
        self.result.setText(self.tr("正在连接…"))
        task = self.task = Task(lambda _feedback: databases.test_connection(profile, password),
                                title="test connection", parent=self)
        task.succeeded.connect(self._connected)
        task.failed.connect(self._failed)
        task.finished.connect(lambda: self.test_button.setEnabled(True))
        task.start()

    def _connected(self, probe) -> None:
        self.last_ok = True
        self.result.setStyleSheet("color: #1b5e20")
        self.result.setText(probe.message())
        self.tested.emit(True)

    def _failed(self, message: str) -> None:
        self.last_ok = False
        self.show_error(message)
        self.tested.emit(False)

    def _edited(self, *_args) -> None:
        self.last_ok = False
