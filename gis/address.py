"""Where a project lives, decided in one place: a file path (a SQLite project) or a database address
(a PostgreSQL project).

`to_url` turns what the user gave (command line, window) into the URL the store opens. Anything that
starts like an address is treated as one and either reaches PostgreSQL or is refused; it is never taken
for a file name (issue 12: "postgresql+psycopg://…" had lost a "/" to a path conversion and became
folders named "postgresql+psycopg:" with a new SQLite file in them). `explain_connection_errors` makes a
failed connection a ProjectError saying in Chinese what is wrong with which address.
"""
from __future__ import annotations

import re
from pathlib import Path

from sqlalchemy import Engine, event
from sqlalchemy.engine import make_url
from sqlalchemy.exc import ArgumentError

from gis.errors import ProjectError

# A scheme, a colon and a slash. Two letters at least, so "C:/…" stays a Windows path; one slash only is
# what a path conversion leaves of "//", so such text is refused as an address rather than made folders.
_ADDRESS = re.compile(r"([A-Za-z][A-Za-z0-9+.\-]+):/")
POSTGRESQL = "postgresql+psycopg"   # the driver gridsafe ships (psycopg 3); SQLAlchemy 2.0 would pick psycopg2
_POSTGRESQL_SCHEMES = {"postgresql", "postgres"}
_POSTGRESQL_DRIVERS = {"", "psycopg", "psycopg2"}   # psycopg 3 reads the same addresses as psycopg2
FORMS = ("gridsafe 项目是一个 .gridsafe 文件，或一个 PostgreSQL 数据库，地址写作 "
         "postgresql://用户:密码@主机:端口/数据库，经本机套接字连接写作 postgresql://用户@/数据库?host=/run/postgresql")
FORMS_EN = ("A gridsafe project is a .gridsafe file or a PostgreSQL database, whose address is written "
            "postgresql://user:password@host:port/database, or through the local socket "
            "postgresql://user@/database?host=/run/postgresql")


def is_address(target: str | Path) -> bool:
    """True when `target` is written as a database address, not as a file path."""
    return _ADDRESS.match(str(target)) is not None


def to_url(target: str | Path) -> str:
    """The SQLAlchemy URL of a project: a path becomes a sqlite URL; a PostgreSQL address gets the psycopg
    driver; sqlite URLs pass; any other address is refused with a ProjectError."""
    text = str(target)
    if not is_address(text):
        return f"sqlite:///{Path(text).expanduser().resolve()}"
    try:
        url = make_url(text)
    except ArgumentError:
        hint = "" if "://" in text else "（协议名后应是“://”）"
        hint_en = "" if "://" in text else " (the scheme should be followed by \"://\")"
        raise ProjectError(f"无法识别的数据库地址：{hide_password(text)}{hint}。{FORMS}",
                           en=f"Unknown database address: {hide_password(text)}{hint_en}. {FORMS_EN}") from None
    backend, _, driver = url.drivername.lower().partition("+")
    if backend == "sqlite" and driver in ("", "pysqlite"):
        return text
    if backend in _POSTGRESQL_SCHEMES and driver in _POSTGRESQL_DRIVERS:
        scheme = _ADDRESS.match(text)[1]
        return POSTGRESQL + text[len(scheme):]   # the rest as the user wrote it (readable in messages)
    raise ProjectError(f"不支持的项目地址：{hide_password(text)}。{FORMS}",
                       en=f"Unsupported project address: {hide_password(text)}. {FORMS_EN}")


def hide_password(text: str) -> str:
    """An address as the user wrote it, with the password (if any) shown as ***."""
    return re.sub(r"^([^:/]+://[^:@/]*):[^@]*@", r"\1:***@", text)


def describe(url: str) -> str:
    """How messages name a project: the file's path, or the address without its password."""
    if url.startswith("sqlite:"):
        return str(Path(make_url(url).database or ""))
    return hide_password(url)


# libpq's and the server's wording (English unless the server was set up otherwise; other wordings
# fall through to the general message, which quotes the server)
_UNREACHABLE = ("Connection refused", "No such file or directory", "failed to resolve host", "timeout expired",
                "could not translate host name", "Name or service not known", "No route to host",
                "Network is unreachable", "server closed the connection unexpectedly")


# a server between a crash and being ready again (PostgreSQL's FATAL messages while it starts, stops or recovers)
_STARTING = ("the database system is starting up", "the database system is shutting down",
             "the database system is in recovery mode", "the database system is not yet accepting connections")


def connection_error(url: str, error: BaseException) -> ProjectError:
    """A failed connection to `url`, said in Chinese: which address, and what to check."""
    where, text = describe(url), str(error)
    if m := re.search(r'database "(.*?)" does not exist', text):
        return ProjectError(f"数据库“{m[1]}”不存在（{where}）。请先在服务器上建好这个空数据库，例如：createdb {m[1]}",
                            en=f"Database \"{m[1]}\" does not exist ({where}). Please create this empty database on "
                               f"the server first, for example: createdb {m[1]}")
    if m := re.search(r'role "(.*?)" does not exist', text):
        return ProjectError(f"数据库服务器上没有用户“{m[1]}”（{where}）",
                            en=f"The database server has no user \"{m[1]}\" ({where})")
    if "password authentication failed" in text or "no password supplied" in text:
        user = make_url(url).username or ""
        return ProjectError(f"数据库服务器拒绝了用户“{user}”的登录：密码不对或没有给出（{where}）",
                            en=f"The database server refused the login of user \"{user}\": the password is wrong or "
                               f"missing ({where})")
    if "no pg_hba.conf entry" in text:
        return ProjectError(f"数据库服务器不允许从这里以这个用户连接（{where}）：请服务器管理员检查 pg_hba.conf",
                            en=f"The database server does not allow this user to connect from here ({where}): please "
                               "ask the server's administrator to check pg_hba.conf")
    if any(s in text for s in _STARTING):
        return ProjectError(f"数据库服务器正在启动、停止或恢复（{where}），暂时不接受连接。请稍候片刻再试，无需重新打开项目",
                            en=f"The database server is starting, stopping or recovering ({where}) and takes no "
                               "connections for now. Please try again in a moment; the project need not be reopened")
    if any(s in text for s in _UNREACHABLE):
        return ProjectError(f"连不上数据库服务器（{where}）：服务器没有运行，或主机、端口、套接字目录写错了",
                            en=f"Cannot reach the database server ({where}): it is not running, or the host, port or "
                               "socket folder is wrong")
    return ProjectError(f"无法连接数据库（{where}）：{text.strip()}",
                        en=f"Cannot connect to the database ({where}): {text.strip()}")


def explain_connection_errors(engine: Engine, url: str) -> Engine:
    """Make every failed connection of `engine` (opening, creating, upgrading, or reconnecting later) a
    ProjectError from `connection_error`. Errors of statements on a live connection pass unchanged."""
    @event.listens_for(engine, "handle_error")
    def _explain(context):
        # a failed pre-ping is SQLAlchemy's cue to reconnect: leave it alone
        if context.connection is None and not context.is_pre_ping:
            return connection_error(url, context.original_exception)
        return None

    return engine
