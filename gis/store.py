"""A project is one database: a SQLite file (the embedded default) or a PostgreSQL database.

Opening checks a file before writing anything to it: not a gridsafe project, damaged, or made by a
newer schema each raise a ProjectError with a Chinese message, and the file stays byte-for-byte as it
was. Schema changes go through Alembic (gis/migrations).
"""
from __future__ import annotations

import contextvars
import random
import re
import sqlite3
import time
import uuid
from collections.abc import Callable, Iterator
from contextlib import closing, contextmanager
from dataclasses import dataclass
from datetime import datetime
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING, TypeVar

from sqlalchemy import Connection, Engine, create_engine, event, insert, inspect, select
from sqlalchemy.engine import make_url
from sqlalchemy.exc import DBAPIError, OperationalError
from sqlalchemy.orm import Session, sessionmaker
from sqlalchemy.pool import QueuePool

from gis import __version__, accounts, address, permissions, trust
from gis.errors import (
    ConflictError,
    ConnectionLost,
    DamagedProject,
    NewerSchema,
    NotAProject,
    OlderSchema,
    ProjectBusy,
    ProjectError,
)
from gis.model import ProjectSetting, audit
from gis.model.base import include_name
from gis.model.geometry import register_sqlite_functions
from gis.paths import MIGRATIONS

if TYPE_CHECKING:
    from gis.township import HomeTownship

APPLICATION = "gridsafe"  # project_setting 'application': how gridsafe tells its projects (a GeoPackage's
                          # header says GPKG, like any other)
SQLITE_HEADER = b"SQLite format 3\x00"
PROJECT_SUFFIX = ".gridsafe"
T = TypeVar("T")


# what is a file and what is a database address is decided in gis/address.py alone
to_url = address.to_url
is_address = address.is_address
describe = address.describe


def is_sqlite(url: str) -> bool:
    return make_url(url).get_backend_name() == "sqlite"


def sqlite_path(url: str) -> Path:
    return Path(make_url(url).database or "")


# alembic is imported only to migrate or to explain an unexpected revision: opening a project at the
# current revision needs neither (it costs a fifth of the program's start-up imports)
_alembic_config = trust.migration_config


def script_directory():   # -> alembic.script.ScriptDirectory
    from alembic.script import ScriptDirectory

    return ScriptDirectory.from_config(_alembic_config())


_REVISION_LINE = re.compile(r"""^(revision|down_revision)\s*(?::[^=\n]*)?=\s*(.*?)\s*$""", re.MULTILINE)


@lru_cache(maxsize=1)
def head_revision() -> str:
    """The newest migration, read from the migration scripts' `revision`/`down_revision` lines; alembic
    answers when the scripts are not one plain chain."""
    revisions, parents = set(), set()
    for path in (MIGRATIONS / "versions").glob("*.py"):
        found = dict(_REVISION_LINE.findall(path.read_text(encoding="utf-8")))
        rev, down = found.get("revision", ""), found.get("down_revision", "")
        if not re.fullmatch(r"""(['"])[\w-]+\1""", rev) or not re.fullmatch(r"""None|(['"])[\w-]+\1""", down):
            return script_directory().get_current_head()
        revisions.add(rev[1:-1])
        if down != "None":
            parents.add(down[1:-1])
    heads = revisions - parents
    return heads.pop() if len(heads) == 1 else script_directory().get_current_head()


def _current_revision(conn) -> str | None:
    rows = conn.exec_driver_sql("SELECT version_num FROM alembic_version").fetchall()
    if len(rows) == 1:
        return rows[0][0]
    from alembic.runtime.migration import MigrationContext

    return MigrationContext.configure(conn).get_current_revision()


BUSY_TIMEOUT_S = 30.0    # how long a writer waits for another writer's transaction to end (SQLite and PostgreSQL)
WRITE = "gridsafe_write"  # connection execution option: this transaction writes, take the write lock up front;
                          # a Project gives its client id as the value (PostgreSQL: gis.live's `gridsafe.client`)
WRITE_ATTEMPTS = 4       # Project.write: a unit that lost a serialisation race runs again, this often in all
_PG_WRITE_LOCK = 0x67726964  # pg_advisory_xact_lock key ("grid"): gridsafe's writers queue like SQLite's


def _take_write_lock(conn) -> None:
    """The begin of a write transaction. SQLite: BEGIN IMMEDIATE, so the busy timeout applies and no read
    snapshot can go stale before the first write (SQLITE_BUSY_SNAPSHOT). PostgreSQL: one advisory lock per
    database, so gridsafe's writers run one after another and each reads what the one before committed
    (READ COMMITTED reads afresh per statement); lock_timeout bounds the wait as busy_timeout does."""
    if conn.dialect.name == "sqlite":
        conn.exec_driver_sql("BEGIN IMMEDIATE")
        return
    conn.exec_driver_sql(f"SET LOCAL lock_timeout = {int(BUSY_TIMEOUT_S * 1000)}")
    client = conn.get_execution_options().get(WRITE)
    if isinstance(client, str):   # who writes, for the notifications of migration 0018 (gis/live.py)
        conn.exec_driver_sql("SELECT set_config('gridsafe.client', %(c)s, true)", {"c": client})
    conn.exec_driver_sql(f"SELECT pg_advisory_xact_lock({_PG_WRITE_LOCK})")


# --- loads after an open, time-limited ------------------------------------------------------------

LOAD_BUDGET_S = 60.0     # how long the loads that follow an open (map layers, ledger, dashboard) may take
_PROGRESS_OPS = 20_000   # SQLite: the deadline is looked at every this many virtual-machine instructions
_load_deadline: contextvars.ContextVar[float | None] = contextvars.ContextVar("gridsafe_load_deadline", default=None)


class LoadTimeout(ProjectError):
    """A load after an open ran past its budget and was interrupted; nothing was written."""


@contextmanager
def loading(project: Project, what: str, budget: float | None = None, *, what_en: str | None = None
            ) -> Iterator[None]:
    """The reads of this thread inside the block may take `budget` seconds (LOAD_BUDGET_S) in all: a statement
    still running then is interrupted (SQLite: a progress handler on our connections; PostgreSQL: SET LOCAL
    statement_timeout at each transaction's begin) and LoadTimeout names `what` (`what_en` in English) was being
    loaded and the way
    out. For the loads that follow an open, so a project that makes them endless cannot hang the window."""
    budget = LOAD_BUDGET_S if budget is None else budget
    outer = _load_deadline.get()
    deadline = time.monotonic() + budget if outer is None else min(outer, time.monotonic() + budget)
    token = _load_deadline.set(deadline)
    try:
        yield
    except Exception as e:
        if time.monotonic() >= deadline and _interrupted(e):
            raise LoadTimeout(
                f"加载{what}超过 {budget:g} 秒仍未完成，已停止加载：项目 {describe(project.url)} 的数据可能过多、"
                "已损坏或被其他程序改动过。项目未作任何更改。可在命令行用 gridsafe info 查看各图层的数量；含多个"
                "区县的项目可用 gridsafe open 项目 --county 区县代码 只打开一个区县；数据本不该这么多时，请用备份恢复。",
                en=f"Loading {what_en or what} did not finish within {budget:g} seconds and was stopped: project "
                   f"{describe(project.url)} may hold too much data, be damaged or have been changed by another "
                   "program. The project was not changed. gridsafe info on the command line shows the size of "
                   "each layer; a project of several counties can be opened one county at a time with gridsafe open "
                   "PROJECT --county CODE; if the data should not be this large, restore a backup."
                ) from e
        raise
    finally:
        _load_deadline.reset(token)


def _interrupted(error: BaseException | None) -> bool:
    """A statement stopped by `loading`'s deadline: SQLite's "interrupted", PostgreSQL's query_canceled."""
    seen = 0
    while error is not None and seen < 10:
        orig = getattr(error, "orig", error)
        if isinstance(orig, sqlite3.OperationalError) and "interrupt" in str(orig):
            return True
        if (getattr(orig, "sqlstate", None) or getattr(orig, "pgcode", None)) == "57014":
            return True
        error, seen = error.__cause__ or error.__context__, seen + 1
    return False


def _past_deadline() -> bool:
    deadline = _load_deadline.get()
    return deadline is not None and time.monotonic() >= deadline


def _statement_timeout(conn) -> None:
    deadline = _load_deadline.get()
    if deadline is not None:
        ms = max(1, int((deadline - time.monotonic()) * 1000))
        conn.exec_driver_sql(f"SET LOCAL statement_timeout = {ms}")


def _make_engine(url: str, *, readonly: bool = False) -> Engine:
    if is_sqlite(url):
        path = sqlite_path(url)
        mode = "ro" if readonly else "rwc"

        def connect():
            conn = sqlite3.connect(
                f"file:{path.as_posix()}?mode={mode}", uri=True, check_same_thread=False, timeout=BUSY_TIMEOUT_S
            )
            # Transactions are ours: emit BEGIN ourselves so DDL and DML commit or roll back together.
            conn.isolation_level = None
            return conn

        # "sqlite://" would default to one shared connection per thread; a project file wants a real pool
        engine = create_engine("sqlite://", creator=connect, poolclass=QueuePool)

        @event.listens_for(engine, "connect")
        def _pragmas(dbapi_conn, _record):
            register_sqlite_functions(dbapi_conn)
            dbapi_conn.set_progress_handler(_past_deadline, _PROGRESS_OPS)   # `loading`'s deadline
            cur = dbapi_conn.cursor()
            cur.execute("PRAGMA foreign_keys=ON")
            cur.execute(f"PRAGMA busy_timeout={int(BUSY_TIMEOUT_S * 1000)}")
            if not readonly:
                cur.execute("PRAGMA journal_mode=WAL")
                cur.execute("PRAGMA synchronous=NORMAL")
            cur.close()

        @event.listens_for(engine, "begin")
        def _begin(conn):
            if conn.get_execution_options().get(WRITE):
                _take_write_lock(conn)
            else:
                conn.exec_driver_sql("BEGIN")   # reads stay deferred: they never wait for a writer

        return engine
    # application_name: the audit trail tells gridsafe's edits from psql's or QGIS's
    engine = create_engine(url, pool_pre_ping=True, connect_args={"application_name": "gridsafe"}
                           if "application_name" not in make_url(url).query else {})

    @event.listens_for(engine, "begin")
    def _begin_pg(conn):
        _statement_timeout(conn)   # inside `loading`: the time left
        if conn.get_execution_options().get(WRITE):
            _take_write_lock(conn)

    @event.listens_for(engine, "handle_error")
    def _lost(context):
        # the server went away under a live connection: the pool drops it (SQLAlchemy invalidates it either way),
        # the user gets a plain answer, and the next read or write connects afresh
        if context.is_disconnect and context.connection is not None and not context.is_pre_ping:
            return connection_lost(url, context.original_exception, committing=context.statement is None)
        return None

    return address.explain_connection_errors(engine, url)


def connection_lost(url: str, error: BaseException, *, committing: bool) -> ConnectionLost:
    """The Chinese error for a connection that broke under a statement (`committing`: under the commit)."""
    where = describe(url)
    detail = str(error).strip().splitlines()[0][:200] if str(error).strip() else type(error).__name__
    if committing:
        return ConnectionLost(
            f"与数据库 {where} 的连接在提交时中断（{detail}），无法确定本次操作是否已保存。"
            "服务器恢复后请先刷新（F5）核对，再决定是否重做；无需重新打开项目。", unknown=True,
            en=f"The connection to database {where} broke while committing ({detail}); whether this operation was "
               "saved cannot be told. When the server is back, refresh (F5) and check before doing it again; the "
               "project need not be reopened.")
    return ConnectionLost(
        f"与数据库 {where} 的连接中断（{detail}）：数据库服务器停止、重启或网络断开。本次操作没有完成，"
        "未写入任何数据。服务器恢复后直接重试即可，无需重新打开项目。",
        en=f"The connection to database {where} broke ({detail}): the database server stopped or restarted, or the "
           "network went away. This operation did not finish and nothing was written. When the server is back, "
           "just try again; the project need not be reopened.")


@contextmanager
def writing(engine: Engine) -> Iterator[Connection]:
    """engine.begin() for a write outside a Project (create, upgrade, migrate): the write lock up front."""
    with engine.connect() as conn:
        conn.execution_options(**{WRITE: True})
        with conn.begin():
            yield conn


# --- writers that meet -------------------------------------------------------------------------

_BUSY_SQLITE = {5, 6}                        # SQLITE_BUSY, SQLITE_LOCKED (extended codes masked)
_BUSY_PG = {"55P03"}                         # lock_not_available: lock_timeout ran out
_RACE_PG = {"40001", "40P01"}                # serialization_failure, deadlock_detected


def write_conflict(error: BaseException, where: str) -> ConflictError | None:
    """The Chinese error for a write that met another writer (a lock not had in time, a lost race), or None."""
    orig = getattr(error, "orig", None)
    code = getattr(orig, "sqlite_errorcode", None)
    state = getattr(orig, "sqlstate", None) or getattr(orig, "pgcode", None)
    if (code is not None and code & 0xFF in _BUSY_SQLITE) or state in _BUSY_PG:
        return ProjectBusy(
            f"项目 {where} 正在被其他用户或程序写入，等待 {BUSY_TIMEOUT_S:g} 秒后仍未轮到本次写入。"
            "本次操作未写入任何数据，请稍后再试。",
            en=f"Project {where} is being written by another user or program; this write waited {BUSY_TIMEOUT_S:g} "
               "seconds without its turn. Nothing of it was written; please try again later.")
    if state in _RACE_PG:
        what = "死锁" if state == "40P01" else "并发修改冲突"
        return ConflictError(
            f"项目 {where} 中有其他用户同时修改了相同的数据（数据库报告{what}，SQLSTATE {state}）。"
            "本次操作未写入任何数据，请再试一次。", retryable=True,
            en=f"Another user changed the same data of project {where} at the same time (the database reported "
               f"{'a deadlock' if state == '40P01' else 'a concurrent change'}, SQLSTATE {state}). Nothing of this "
               "write was written; please try again.")
    return None


@dataclass
class Project:
    url: str
    engine: Engine
    revision: str
    operator: str | None = None   # who the audit trail names for this session's writes (the window's operator,
                                  # the CLI's --actor); set per write transaction (gis/audit/schema.py)
    # PostgreSQL: the login's account (gis.accounts.current; None for the owner/superuser); SQLite: None
    account: permissions.Account | None = None

    def __post_init__(self) -> None:
        self._sessions = sessionmaker(self.engine, expire_on_commit=False)
        # this Project's writes say so to the other workstations' listeners, which skip their own (gis/live.py)
        self.client_id = uuid.uuid4().hex

    @property
    def name(self) -> str:
        if is_sqlite(self.url):
            return sqlite_path(self.url).stem
        return make_url(self.url).database or self.url

    @property
    def backend(self) -> str:
        return self.engine.dialect.name

    def session(self) -> Session:
        return self._sessions()

    @contextmanager
    def transaction(self) -> Iterator[Session]:
        """One unit of work: everything inside commits together or not at all. The write lock is taken
        before the body runs (see _take_write_lock); a writer that cannot have it within BUSY_TIMEOUT_S,
        or that loses a race, gets a ConflictError in Chinese and nothing is written. Reads use session().
        """
        try:
            with self._sessions.begin() as s:
                named = audit.set_operator(s.connection(execution_options={WRITE: self.client_id}), self.operator)
                yield s
                if named:
                    s.flush()   # the ORM's pending writes before the operator goes
                    audit.clear_operator(s.connection())
        except DBAPIError as e:
            conflict = write_conflict(e, describe(self.url)) or accounts.refusal(e, self.account)
            if conflict is None:
                raise
            raise conflict from e

    def write(self, unit: Callable[[Session], T]) -> T:
        """`unit(session)` in one transaction, run again from the start (in a new transaction, after a short
        random wait) when it lost a race another writer won: a PostgreSQL serialisation failure or deadlock
        (40001/40P01), or a ConflictError the unit marks retryable (e.g. a hazard changed between the unit's
        own read and its write). The unit must do nothing outside the session that a second run would repeat
        wrongly. Returns what `unit` returns; after WRITE_ATTEMPTS the conflict is raised as it is."""
        for attempt in range(1, WRITE_ATTEMPTS + 1):
            try:
                with self.transaction() as s:
                    return unit(s)
            except ConflictError as e:
                if not e.retryable or attempt == WRITE_ATTEMPTS:
                    raise
            time.sleep(random.uniform(0.05, 0.2) * 2 ** (attempt - 1))
        raise AssertionError("unreachable")

    def close(self) -> None:
        self.engine.dispose()

    def __enter__(self) -> Project:
        return self

    def __exit__(self, *exc) -> None:
        self.close()


# --- inspection before any write ---------------------------------------------------------------

@dataclass
class ProjectState:
    revision: str | None  # alembic revision stored in the project, None for an empty database
    is_project: bool


_describe = describe


def _check_sqlite_file(path: Path, *, upgrade: bool = False) -> None:
    if not path.exists():
        raise ProjectError(f"找不到项目文件：{path}", en=f"Project file not found: {path}")
    if path.is_dir():
        raise NotAProject(f"{path} 是一个文件夹，不是 gridsafe 项目文件", en=f"{path} is a folder, not a gridsafe project file")
    size = path.stat().st_size
    if size == 0:
        raise NotAProject(f"{path} 是空文件，不是 gridsafe 项目", en=f"{path} is an empty file, not a gridsafe project")
    with open(path, "rb") as f:
        header = f.read(100)
    if not header.startswith(SQLITE_HEADER):
        raise NotAProject(f"{path} 不是 gridsafe 项目文件（不是 SQLite 数据库）",
                          en=f"{path} is not a gridsafe project file (it is not a SQLite database)")
    page_size = int.from_bytes(header[16:18], "big")
    page_size = 65536 if page_size == 1 else page_size
    if len(header) < 100 or page_size < 512 or size % page_size:
        raise DamagedProject(f"项目文件已损坏（文件长度不完整）：{path}",
                             en=f"The project file is damaged (its length is incomplete): {path}")
    # integrity, schema against gridsafe's own, settings: read-only, with a time budget (gis/trust.py)
    trust.check_file(path, full=True if upgrade else None,
                     known=_known_revision if upgrade else (lambda revision: revision == head_revision()))


def _known_revision(revision: str) -> bool:
    return revision == head_revision() or any(s.revision == revision for s in script_directory().walk_revisions())


def _own_tables(conn) -> set[str]:
    """The database's tables less those of PostGIS (spatial_ref_sys) and GeoPackage."""
    return {t for t in inspect(conn).get_table_names() if include_name(t, "table", {})}


def inspect_state(engine: Engine, where: str) -> ProjectState:
    try:
        with engine.connect() as conn:
            tables = _own_tables(conn)
            if not tables:
                return ProjectState(None, False)
            if "project_setting" not in tables or "alembic_version" not in tables:
                raise NotAProject(f"{where} 不是 gridsafe 项目（缺少项目标识）",
                                  en=f"{where} is not a gridsafe project (the project mark is missing)")
            table = ProjectSetting.__table__
            app = conn.execute(select(table.c.value).where(table.c.key == "application")).scalar()
            if app != APPLICATION:
                raise NotAProject(f"{where} 不是 gridsafe 项目（项目标识不符）",
                                  en=f"{where} is not a gridsafe project (the project mark does not match)")
            return ProjectState(_current_revision(conn), True)
    except (OperationalError, DBAPIError) as e:
        raise DamagedProject(f"无法读取项目 {where}：{e.orig if hasattr(e, 'orig') else e}",
                             en=f"Cannot read project {where}: {e.orig if hasattr(e, 'orig') else e}") from e


def _check_revision(revision: str | None, where: str, *, allow_older: bool) -> None:
    if revision is not None and revision == head_revision():
        return
    scripts = script_directory()
    head = scripts.get_current_head()
    if revision == head:
        return
    known = {s.revision for s in scripts.walk_revisions()}
    if revision not in known:
        raise NewerSchema(
            f"项目 {where} 由更新版本的 gridsafe 创建（数据库版本 {revision}），"
            f"当前程序 {__version__} 只支持到 {head}。请升级 gridsafe 后再打开，文件未作任何修改。",
            en=f"Project {where} was made by a newer gridsafe (database version {revision}); this program "
               f"{__version__} reads up to {head}. Please update gridsafe and open it again; the file was not changed."
        )
    if not allow_older:
        raise OlderSchema(
            f"项目 {where} 的数据库版本较旧（{revision}），需要先升级：gridsafe db upgrade {where}",
            en=f"Project {where} has an older database version ({revision}) and must be upgraded first: "
               f"gridsafe db upgrade {where}"
        )


# --- public API --------------------------------------------------------------------------------

def _probe(url: str, *, allow_older: bool) -> ProjectState:
    """Everything that must hold before a project is touched, checked read-only."""
    where = _describe(url)
    if is_sqlite(url):
        _check_sqlite_file(sqlite_path(url), upgrade=allow_older)
    engine = _make_engine(url, readonly=True) if is_sqlite(url) else _make_engine(url)
    try:
        state = inspect_state(engine, where)
        if not state.is_project:
            raise NotAProject(f"{where} 不是 gridsafe 项目（数据库为空）",
                              en=f"{where} is not a gridsafe project (the database is empty)")
        _check_revision(state.revision, where, allow_older=allow_older)
        if not is_sqlite(url) and not _schema_unchecked.get():   # a SQLite file's was compared before (above)
            with engine.connect() as conn:
                trust.pg_check(conn, url, where, state.revision)
    finally:
        engine.dispose()
    return state


def remove_sqlite_files(path: Path) -> None:
    for p in (path, Path(f"{path}-wal"), Path(f"{path}-shm")):
        p.unlink(missing_ok=True)


def open_project(target: str | Path, *, readonly: bool = False) -> Project:
    """Open an existing project at the current schema; raise ProjectError otherwise."""
    url = to_url(target)
    state = _probe(url, allow_older=False)
    project = Project(url, _make_engine(url, readonly=readonly), state.revision)
    if not is_sqlite(url):
        with project.engine.connect() as conn:
            project.account = accounts.current(conn)
    # a login that may not change geometry leaves the catch-up to one that may (it rewrites sites' grids)
    if not readonly and permissions.can(project.account, "edit.geometry")[0]:
        try:
            _catch_up_with_other_tools(project)
        except BaseException:
            project.close()
            raise
    return project


def _catch_up_with_other_tools(project: Project) -> None:
    """Geometry edited in QGIS or another client since gridsafe last looked: recompute what depends on it
    (gis/reconcile.py; imported only when there is something to do)."""
    with project.engine.connect() as conn:
        if conn.exec_driver_sql("SELECT 1 FROM geometry_edit LIMIT 1").first() is None:
            return
    from gis.reconcile import catch_up

    catch_up(project)


def _require_postgis(conn, where: str) -> None:
    """A PostgreSQL project keeps its geometry in PostGIS: have it, or say plainly who must install it."""
    if conn.dialect.name != "postgresql":
        return
    row = conn.exec_driver_sql(
        "SELECT installed_version FROM pg_available_extensions WHERE name = 'postgis'").first()
    if row is None:
        raise ProjectError(
            f"数据库服务器 {where} 没有安装 PostGIS，gridsafe 的 PostgreSQL 项目需要它。请服务器管理员安装 PostGIS"
            "（Debian/Ubuntu：postgresql-15-postgis-3 软件包）后再试，数据库未作任何修改。",
            en=f"The database server {where} does not have PostGIS, which gridsafe's PostgreSQL projects need. Please "
               "ask the server's administrator to install PostGIS (Debian/Ubuntu: the postgresql-15-postgis-3 "
               "package) and try again; the database was not changed.")
    if row[0] is not None:
        return
    conn.exec_driver_sql("SAVEPOINT gridsafe_postgis")
    try:
        conn.exec_driver_sql("CREATE EXTENSION postgis")
    except DBAPIError as e:
        conn.exec_driver_sql("ROLLBACK TO SAVEPOINT gridsafe_postgis")
        raise ProjectError(
            f"无法在数据库 {where} 中启用 PostGIS（{getattr(e, 'orig', e)}）。请数据库管理员在该数据库中执行 "
            "CREATE EXTENSION postgis; 后再试，数据库未作任何修改。",
            en=f"PostGIS cannot be enabled in database {where} ({getattr(e, 'orig', e)}). Please ask the database "
               "administrator to run CREATE EXTENSION postgis; in it and try again; the database was not "
               "changed.") from e


def create_project(target: str | Path, *, name: str | None = None, home: HomeTownship | None = None) -> Project:
    """Create a new, empty project at the head schema. Refuses to touch an existing file or database.
    `home`: the township it is for (gis/township.py), written in the same transaction; its name names the project."""
    url = to_url(target)
    where = _describe(url)
    path = sqlite_path(url) if is_sqlite(url) else None
    if path is not None:
        if path.exists():
            raise ProjectError(f"文件已存在，不会覆盖：{path}", en=f"The file exists already and is not overwritten: {path}")
        path.parent.mkdir(parents=True, exist_ok=True)
    engine = _make_engine(url)
    try:
        if path is None:
            with engine.connect() as conn:
                if _own_tables(conn):
                    raise ProjectError(f"数据库 {where} 已有数据表，不会覆盖",
                                       en=f"Database {where} has tables already and is not overwritten")
        with writing(engine) as conn:
            from alembic import command

            _require_postgis(conn, where)
            command.upgrade(_alembic_config(conn), "head")
            named = audit.set_operator(conn, None)   # the audit trail names gridsafe as the writer
            conn.execute(
                insert(ProjectSetting.__table__),
                [
                    {"key": "application", "value": APPLICATION},
                    {"key": "name", "value": name or (home.name if home else None) or (path.stem if path else where)},
                    {"key": "created_at", "value": datetime.now().isoformat(timespec="seconds")},
                    {"key": "created_by_version", "value": __version__},
                ],
            )
            if home is not None:
                from gis.township import write_home

                write_home(conn, home)
            if named:
                audit.clear_operator(conn)
    except Exception:
        engine.dispose()
        if path is not None:
            remove_sqlite_files(path)
        raise
    return Project(url, engine, head_revision())


def upgrade_project(target: str | Path, *, backup: bool = True,
                    backup_dir: str | Path | None = None) -> tuple[str | None, str]:
    """Migrate a project in place to the head schema. Returns (old revision, new revision).

    First a backup (see backup_path): a SQLite project is copied to NAME.bak-REVISION beside it, a
    PostgreSQL database is dumped with pg_dump to DB.bak-REVISION.dump in `backup_dir` (default: the
    current folder). The migration itself is one transaction.
    """
    url = to_url(target)
    state = _probe(url, allow_older=True)
    head = head_revision()
    if state.revision == head:
        return state.revision, head
    if backup:
        if is_sqlite(url):
            _backup_sqlite(sqlite_path(url), state.revision)
        else:
            _backup_postgresql(url, backup_path(url, state.revision, backup_dir))
    engine = _make_engine(url)
    try:
        with writing(engine) as conn:
            from alembic import command

            _require_postgis(conn, _describe(url))
            command.upgrade(_alembic_config(conn), "head")
    finally:
        engine.dispose()
    return state.revision, head


def repair_project(target: str | Path):   # -> gis.trust.Repair
    """The explicit repair of a SQLite project refused for foreign objects, stale indexes or damaged settings:
    a backup beside it (NAME.bak-repair-TIME), then one transaction (gis/trust.py `repair`). Both backends:
    gis.repair.repair_project (a PostgreSQL project's backup is a copy made by gis.dbcopy)."""
    url = to_url(target)
    if not is_sqlite(url):   # gis.repair repairs it
        _probe(url, allow_older=True)
        return trust.Repair(Path(), [], [], [], [])
    path = sqlite_path(url)
    if not path.is_file():
        raise ProjectError(f"找不到项目文件：{path}", en=f"Project file not found: {path}")
    return trust.repair(path, _backup_sqlite)


_schema_unchecked: contextvars.ContextVar[bool] = contextvars.ContextVar("gridsafe_schema_unchecked", default=False)


@contextmanager
def without_schema_check() -> Iterator[None]:
    """Open a PostgreSQL project refused for its schema, to read it: the backup before its repair. Reading runs
    none of the foreign triggers; nothing is written to it."""
    token = _schema_unchecked.set(True)
    try:
        yield
    finally:
        _schema_unchecked.reset(token)


def repair_backup_path(url: str, backup: str | Path | None = None) -> Path:
    """Where a PostgreSQL project's repair backs it up: `backup` (a .gridsafe file, or a folder for the default
    name), else DB.bak-repair-TIME.gridsafe in the current folder."""
    name = f"{make_url(to_url(url)).database}.bak-repair-{datetime.now().strftime('%Y%m%d%H%M%S')}{PROJECT_SUFFIX}"
    if backup is None:
        return Path.cwd() / name
    backup = Path(backup)
    return backup / name if backup.is_dir() else backup


def backup_path(url: str, revision: str | None, backup_dir: str | Path | None = None) -> Path:
    """Where upgrade_project leaves its backup."""
    url = to_url(url)
    if is_sqlite(url):
        src = sqlite_path(url)
        return src.with_name(f"{src.name}.bak-{revision}")
    return Path(backup_dir or Path.cwd()) / f"{make_url(url).database}.bak-{revision}.dump"


def _backup_postgresql(url: str, dst: Path) -> None:
    """pg_dump's custom format (pg_restore reads it back), written whole or not at all."""
    import os
    import shutil
    import subprocess

    pg_dump = shutil.which("pg_dump")
    if pg_dump is None:
        raise ProjectError("升级前需要用 pg_dump 备份数据库，但找不到 pg_dump（PostgreSQL 客户端程序）。"
                           "请安装后再试，或确认已有备份后加 --no-backup 升级。数据库未作任何修改。",
                           en="Upgrading needs a backup of the database made with pg_dump, but pg_dump (a PostgreSQL "
                              "client program) is not found. Please install it and try again, or add --no-backup "
                              "when a backup exists. The database was not changed.")
    u = make_url(url)
    env = {**os.environ, "PGPASSWORD": u.password or os.environ.get("PGPASSWORD", "")}
    args = [pg_dump, "-Fc", "-f", str(dst.with_name(dst.name + ".part")), "-d", u.database or ""]
    host = u.query.get("host") or u.host
    for flag, value in (("-h", host), ("-p", u.port), ("-U", u.username)):
        if value:
            args += [flag, str(value if not isinstance(value, tuple) else value[0])]
    dst.parent.mkdir(parents=True, exist_ok=True)
    run = subprocess.run(args, capture_output=True, text=True, env=env)
    if run.returncode:
        Path(args[3]).unlink(missing_ok=True)
        raise ProjectError(f"备份数据库失败（pg_dump：{run.stderr.strip()[:300]}），未升级，数据库未作任何修改。",
                           en=f"The database backup failed (pg_dump: {run.stderr.strip()[:300]}); it was not upgraded "
                              "and the database was not changed.")
    Path(args[3]).replace(dst)


def _backup_sqlite(src: Path, revision: str) -> Path:
    """A consistent copy (WAL content included) beside the project: NAME.bak-REVISION (or another label)."""
    dst = src.with_name(f"{src.name}.bak-{revision}")
    with closing(sqlite3.connect(f"file:{src.as_posix()}?mode=ro", uri=True)) as a, \
            closing(sqlite3.connect(dst)) as b:
        a.backup(b)
    return dst


def migrate(project: Project, revision: str) -> None:
    """Move the schema to any revision, up or down (tests walk head → base → head with this)."""
    with writing(project.engine) as conn:
        from alembic import command

        current = _current_revision(conn)
        cfg = _alembic_config(conn)
        if revision == "base" or (current and _is_ancestor(script_directory(), revision, current)):
            command.downgrade(cfg, revision)
        else:
            command.upgrade(cfg, revision)


def _is_ancestor(scripts, rev: str, of: str) -> bool:
    return rev != of and any(s.revision == rev for s in scripts.iterate_revisions(of, "base"))
