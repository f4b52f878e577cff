"""PostgreSQL projects from the window and the CLI: copy a project between databases (gis.dbcopy), connection
profiles (host, port, database, user — never a password), a password kept only in the operating system's keyring
when the user asks, and the test of a connection.

A profile's address is built here (`Profile.url(password)`), so no password is ever written into settings, the
recent list or a message (`Profile.name` is the address without it).
"""
from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication

from gis import dbcopy
from gis.dbcopy import Copied, Probe
from gis.feedback import Feedback

KEYRING_SERVICE = "gridsafe"
DEFAULT_PORT = 5432


@dataclass(frozen=True)
class Profile:
    host: str = "localhost"
    port: int = DEFAULT_PORT
    database: str = ""
    user: str = ""

    def url(self, password: str = "") -> str:
        """The SQLAlchemy URL (password escaped); a host starting with "/" is a socket directory."""
        from urllib.parse import quote

        cred = quote(self.user, safe="") + (":" + quote(password, safe="") if password else "")
        db = quote(self.database, safe="")
        if self.host.startswith("/"):
            return f"postgresql+psycopg://{cred}@/{db}?host={quote(self.host, safe='/')}&port={int(self.port)}"
        return f"postgresql+psycopg://{cred}@{self.host}:{int(self.port)}/{db}"

    @property
    def name(self) -> str:
        """How the window lists it: user@host:port/database (no password)."""
        return f"{self.user}@{self.host}:{self.port}/{self.database}"

    def as_dict(self) -> dict:
        return {"host": self.host, "port": int(self.port), "database": self.database, "user": self.user}

    @classmethod
    def from_dict(cls, d: dict) -> Profile:
        try:
            port = int(d.get("port") or DEFAULT_PORT)
        except (TypeError, ValueError):
            port = DEFAULT_PORT
        return cls(str(d.get("host") or "localhost"), port, str(d.get("database") or ""), str(d.get("user") or ""))

    def missing(self) -> list[str]:
        """The fields a connection needs that are empty, by their labels."""
        return [label for label, v in (("主机", self.host), ("数据库", self.database), ("用户", self.user)) if not v]


def copy_project(source: str, target: str, *, replace: bool = False, feedback: Feedback | None = None) -> Copied:
    """`gridsafe db copy` and 文件 → 复制到数据库…: see gis.dbcopy."""
    return dbcopy.copy_project(source, target, replace=replace, feedback=feedback)


def test_connection(profile: Profile, password: str = "") -> Probe:
    """Connect and say what is there (raises ProjectError in Chinese: wrong password, database missing, server down,
    no PostGIS)."""
    return dbcopy.probe(profile.url(password))


# --- the keyring: a password only when the user asks, only in the operating system's store --------------------

class NoKeyring(Exception):
    """This computer has no keyring the password could be kept in (the message says so)."""


# (in the interface language: the window's translator, Chinese in the CLI)
NO_KEYRING = QT_TRANSLATE_NOOP("Databases", "本机没有可用的系统密钥环（如 Windows 凭据管理器、GNOME 密钥环、KWallet），"
                                            "密码不会被记住，每次连接时请再输入。")


def keyring_problem() -> str:
    """"" when passwords can be remembered here, else why not (in the interface language)."""
    try:
        _keyring()
    except NoKeyring as e:
        return str(e)
    return ""


def _keyring():
    try:
        import keyring
        from keyring.backends import fail
    except ImportError as e:   # a build without it: say so, as for a computer without a keyring
        raise NoKeyring(QCoreApplication.translate("Databases", NO_KEYRING)) from e
    backend = keyring.get_keyring()
    if isinstance(backend, fail.Keyring) or getattr(backend, "priority", 1) <= 0:
        raise NoKeyring(QCoreApplication.translate("Databases", NO_KEYRING))
    return keyring


def remember_password(profile: Profile, password: str) -> None:
    """Keep `password` for `profile` in the system keyring; NoKeyring when there is none."""
    from keyring.errors import KeyringError

    kr = _keyring()
    try:
        kr.set_password(KEYRING_SERVICE, profile.name, password)
    except KeyringError as e:
        raise NoKeyring(QCoreApplication.translate("Databases", "无法把密码存入系统密钥环（{0}），密码不会被记住。")
                        .format(e)) from e


def saved_password(profile: Profile) -> str | None:
    """The password remembered for `profile`, or None (also when there is no keyring)."""
    from keyring.errors import KeyringError

    try:
        return _keyring().get_password(KEYRING_SERVICE, profile.name)
    except (NoKeyring, KeyringError):
        return None


def forget_password(profile: Profile) -> None:
    from keyring.errors import KeyringError, PasswordDeleteError

    try:
        _keyring().delete_password(KEYRING_SERVICE, profile.name)
    except (NoKeyring, PasswordDeleteError, KeyringError):
        pass
