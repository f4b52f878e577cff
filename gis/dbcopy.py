"""Copy a project between databases, losslessly: SQLite (GeoPackage) ⇄ PostgreSQL (PostGIS), or to the same kind.

    copied = copy_project("项目.gridsafe", "postgresql://user@host/db", feedback=feedback)

What a copy is:
- The source is opened with every open check (gis.store) and must be at this version's head revision: an older
  project is refused with the way out (`gridsafe db upgrade SOURCE` first — a copy never changes its source, and an
  upgrade wants its backup), a newer one with the version it needs.
- The target is created by the migrations at that revision, and every gridsafe table's rows are copied in
  foreign-key order (parents before children inside a self-referencing table), ids as they were, in ONE
  transaction with the schema: a failure or a cancel leaves nothing (a SQLite target is written under a temporary
  name, gis.atomic, and appears only when complete; a PostgreSQL transaction rolls back). Triggers are off while
  the rows go in (no geometry_edit rows for the copy itself: the source's are copied), R-trees are filled in one
  statement each afterwards, PostgreSQL sequences are set past the highest id, GeoPackage extents recomputed.
- Geometries go through the codec (gis.model.geometry): GeoPackage binary ⇄ PostGIS EWKB, in arrays.
- A target that holds anything is refused, naming what is there, unless `replace=True`.
- Tables other tools added (GeoPackage layers, tables in the database) are not copied; `Copied.foreign` names them.

The source is read in one snapshot (SQLite: one read transaction; PostgreSQL: REPEATABLE READ).
"""
from __future__ import annotations

import sqlite3
import time
from collections.abc import Iterator
from contextlib import closing, contextmanager
from dataclasses import dataclass, field
from pathlib import Path

from sqlalchemy import (
    JSON,
    Column,
    Connection,
    LargeBinary,
    MetaData,
    Table,
    bindparam,
    event,
    func,
    inspect,
    select,
    update,
)
from sqlalchemy.exc import DBAPIError

from gis import address, store
from gis.errors import ProjectError
from gis.feedback import Feedback, ensure
from gis.model.base import Base
from gis.model.geometry import Geometry, decode, encode

# What the app says wherever roles or accounts are asked for on a SQLite project (helper E's `gridsafe users` and
# the window's permission messages use this wording).
MOVE_TO_POSTGRESQL_HINT = (
    "账号和角色需要 PostgreSQL 模式：SQLite 项目只供一人使用。把项目无损复制到 PostgreSQL 数据库再打开那个数据库："
    "gridsafe db copy project.gridsafe postgresql://…（如 postgresql://用户@主机/数据库；窗口中：文件 → 复制到数据库…）")

BATCH = 5000          # rows read, converted and written at a time
_INTERNAL = ("gpkg_", "rtree_", "sqlite_", "spatial_ref_sys", "alembic_version")


class TargetNotEmpty(ProjectError):
    """The target holds something (`there` says what); nothing was written."""

    def __init__(self, there: str) -> None:
        super().__init__(f"目标不是空的：{there}。不会覆盖；确要替换，命令行加 --replace。")
        self.there = there


@dataclass
class Copied:
    source: str                      # how messages name the source (no password)
    target: str
    revision: str
    rows: dict[str, int] = field(default_factory=dict)   # table → rows copied
    foreign: list[str] = field(default_factory=list)     # other tools' tables, not copied
    seconds: float = 0.0

    @property
    def total(self) -> int:
        return sum(self.rows.values())

    def lines(self) -> list[str]:
        out = [f"已把项目 {self.source} 复制到 {self.target}（数据库版本 {self.revision}，"
               f"{len(self.rows)} 张表共 {self.total:,} 行，用时 {self.seconds:.1f} 秒）"]
        if self.foreign:
            out.append("以下数据表不是 gridsafe 的（由其他软件添加），没有复制：" + "、".join(self.foreign))
        return out


def tables() -> list[Table]:
    """gridsafe's tables, parents before children."""
    return list(Base.metadata.sorted_tables)


def foreign_tables(conn: Connection) -> list[str]:
    """Tables in the project that are not gridsafe's (GeoPackage layers or tables other tools added)."""
    own = {t.name for t in tables()}
    names = inspect(conn).get_table_names()
    return sorted(n for n in names if n not in own and not n.startswith(_INTERNAL))


# --- checks before anything is written ------------------------------------------------------------------------

def what_is_there(url: str) -> str | None:
    """None when `url` is a place a copy may go (no file; a database without tables), else what is there, said
    in Chinese."""
    where = store.describe(url)
    if store.is_sqlite(url):
        path = store.sqlite_path(url)
        if not path.exists():
            return None
        if path.is_dir():
            return f"{where} 是一个文件夹"
        try:
            with store.open_project(url, readonly=True) as p, p.session() as s:
                from gis import repo

                return f"文件 {where} 已存在（gridsafe 项目“{repo.get_setting(s, 'name', p.name)}”）"
        except ProjectError:
            return f"文件 {where} 已存在（{path.stat().st_size:,} 字节）"
    engine = store._make_engine(url)
    try:
        with engine.connect() as conn:
            names = sorted(store._own_tables(conn))
    finally:
        engine.dispose()
    if not names:
        return None
    shown = "、".join(names[:8]) + ("…" if len(names) > 8 else "")
    return f"数据库 {where} 已有 {len(names)} 张数据表（{shown}）"


def _same_place(a: str, b: str) -> bool:
    if store.is_sqlite(a) and store.is_sqlite(b):
        pa, pb = store.sqlite_path(a), store.sqlite_path(b)
        return pa == pb or (pa.exists() and pb.exists() and pa.samefile(pb))
    return store.describe(a) == store.describe(b)


@dataclass
class Probe:
    """What a connection test found at a PostgreSQL address."""
    where: str
    server: str                 # the server's version
    postgis: str                # PostGIS version in the database, or "可用" when it can be enabled
    tables: list[str]           # tables already there (not PostGIS's)
    project: str | None         # the gridsafe project's name, when it is one
    revision: str | None

    def message(self) -> str:
        head = f"已连接 {self.where}（PostgreSQL {self.server}，PostGIS {self.postgis}）。"
        if self.project is not None:
            return head + f"数据库中是 gridsafe 项目“{self.project}”（数据库版本 {self.revision}）。"
        if self.tables:
            return head + f"数据库中已有 {len(self.tables)} 张数据表，不是空数据库。"
        return head + "数据库是空的，可以复制项目到这里。"


def probe(url: str) -> Probe:
    """Connect to the PostgreSQL database at `url` and say what is there; a connection that fails, or a database
    where PostGIS cannot be had, raises ProjectError in Chinese (gis.address's explanations). Writes nothing."""
    url = store.to_url(url)
    if store.is_sqlite(url):
        raise ProjectError(f"{store.describe(url)} 不是 PostgreSQL 数据库地址",
                           en=f"{store.describe(url)} is not a PostgreSQL database address")
    where = store.describe(url).replace(address.POSTGRESQL, "postgresql", 1)
    engine = store._make_engine(url)
    try:
        with engine.connect() as conn, conn.begin() as tx:
            server = conn.exec_driver_sql("SHOW server_version").scalar().split()[0]
            store._require_postgis(conn, where)   # may enable it, in this transaction: rolled back below
            postgis = conn.exec_driver_sql(
                "SELECT installed_version FROM pg_available_extensions WHERE name = 'postgis'").scalar()
            names = sorted(store._own_tables(conn))
            project = revision = None
            if "project_setting" in names and "alembic_version" in names:
                settings = dict(conn.exec_driver_sql("SELECT key, value FROM project_setting").fetchall())
                if settings.get("application") == store.APPLICATION:
                    project = str(settings.get("name") or where)
                    revision = conn.exec_driver_sql("SELECT version_num FROM alembic_version").scalar()
            tx.rollback()
    finally:
        engine.dispose()
    return Probe(where, server, postgis or "可用", names, project, revision)


# --- the copy -------------------------------------------------------------------------------------------------

def copy_project(source: str | Path, target: str | Path, *, replace: bool = False,
                 feedback: Feedback | None = None) -> Copied:
    """Copy the project at `source` to `target` (file path or database address). See the module docstring."""
    feedback = ensure(feedback)
    started = time.perf_counter()
    src_url, dst_url = store.to_url(source), store.to_url(target)
    if _same_place(src_url, dst_url):
        raise ProjectError(f"源项目和目标是同一个：{store.describe(src_url)}",
                           en=f"The source project and the target are the same: {store.describe(src_url)}")
    feedback.progress(0.0, feedback.say("正在检查源项目…", "Checking the source project…"))
    project = store.open_project(source, readonly=True)   # every open check; an older project: OlderSchema
    try:
        head = store.head_revision()
        if project.revision != head:   # open_project lets only the head through; say it if that ever changes
            raise ProjectError(f"项目 {store.describe(src_url)} 的数据库版本是 {project.revision}，不是当前的 {head}：请先 "
                               f"gridsafe db upgrade {store.describe(src_url)}",
                               en=f"The database of project {store.describe(src_url)} is at version "
                                  f"{project.revision}, not the current {head}: run gridsafe db upgrade "
                                  f"{store.describe(src_url)} first")
        there = what_is_there(dst_url)
        if there is not None and not replace:
            raise TargetNotEmpty(there)
        copied = Copied(store.describe(src_url), store.describe(dst_url), head)
        with _source_snapshot(project) as src:
            copied.foreign = foreign_tables(src)
            counts = {t.name: src.execute(select(func.count()).select_from(t)).scalar() for t in tables()}
            if store.is_sqlite(dst_url):
                from gis.atomic import atomic_path

                path = store.sqlite_path(dst_url)
                path.parent.mkdir(parents=True, exist_ok=True)
                with atomic_path(path) as tmp:
                    tmp.unlink(missing_ok=True)
                    engine = store._make_engine(f"sqlite:///{tmp}")
                    # a file nobody else sees yet: rows straight into it, no write-ahead log (a failure or a cancel
                    # removes the whole file); WAL again, as every project has it, once the copy is in
                    event.listen(engine, "connect", lambda dbapi, _record: dbapi.execute("PRAGMA journal_mode=MEMORY"))
                    try:
                        _write(src, engine, counts, copied, replace=False, feedback=feedback)
                    finally:
                        engine.dispose()
                    with closing(sqlite3.connect(tmp)) as c:
                        c.execute("PRAGMA journal_mode=WAL")
                    for extra in (f"{path}-wal", f"{path}-shm"):
                        Path(extra).unlink(missing_ok=True)   # a replaced project's log must not meet the new file
                    for extra in (f"{tmp}-wal", f"{tmp}-shm", f"{path}-wal", f"{path}-shm"):
                        Path(extra).unlink(missing_ok=True)   # an old target's journal must not meet the new file
            else:
                engine = store._make_engine(dst_url)
                try:
                    _write(src, engine, counts, copied, replace=replace, feedback=feedback)
                finally:
                    engine.dispose()
    finally:
        project.close()
    copied.seconds = time.perf_counter() - started
    feedback.progress(1.0, feedback.say("复制完成", "Copy complete"))
    return copied


@contextmanager
def _source_snapshot(project: store.Project) -> Iterator[Connection]:
    """A connection reading one consistent state of the source."""
    with project.engine.connect() as conn:
        if conn.dialect.name == "postgresql":
            conn = conn.execution_options(isolation_level="REPEATABLE READ")
        with conn.begin():
            yield conn


def _write(src: Connection, engine, counts: dict[str, int], copied: Copied, *, replace: bool,
           feedback: Feedback) -> None:
    """Schema and rows into the target, one transaction (store.writing takes the write lock)."""
    where = copied.target
    with store.writing(engine) as conn:
        dialect = conn.dialect.name
        if replace and dialect == "postgresql":
            _drop_everything(conn)
        feedback.progress(0.01, feedback.say("正在建立数据库结构…", "Creating the database schema…"))
        from alembic import command

        store._require_postgis(conn, where)
        command.upgrade(store._alembic_config(conn), copied.revision)
        feedback.check()
        restore = _triggers_off(conn)
        for table in reversed(tables()):          # migrations may seed rows: the copy is the source's rows only
            conn.execute(table.delete())
        total = sum(counts.values()) or 1
        done = 0
        later: list[tuple[Table, str, list[dict]]] = []   # references into tables copied later (cycles)
        for table in tables():
            n = 0
            names = [c.name for c in table.columns]
            key = names.index(table.primary_key.columns[0].name)
            ahead = [names.index(c) for c in _forward_references(table)]
            write = _copy_in if dialect == "postgresql" else _insert_sqlite
            for batch in _rows(src, table, dialect):
                for i in ahead:
                    values = [{"k": r[key], "v": r[i]} for r in batch if r[i] is not None]
                    if values:
                        later.append((table, names[i], values))
                    for r in batch:
                        r[i] = None
                write(conn, table, batch, typed=src.dialect.name != "sqlite")
                n += len(batch)
                feedback.progress(0.03 + 0.9 * (done + n) / total, f"正在复制 {table.name} {n:,}/{counts[table.name]:,}")
            if n != counts[table.name]:
                raise ProjectError(f"复制 {table.name} 时读到 {n} 行，应为 {counts[table.name]} 行：源项目在复制中被改动？",
                                   en=f"Copying {table.name} read {n} rows where there should be "
                                      f"{counts[table.name]}: was the source project changed during the copy?")
            copied.rows[table.name] = n
            done += n
        for table, column, values in later:   # the plain table: no Python-side onupdate (updated_at stays)
            plain = _plain(table)
            key = plain.c[table.primary_key.columns[0].name]
            conn.execute(update(plain).where(key == bindparam("k")).values({column: bindparam("v")}), values)
        feedback.progress(0.95, feedback.say("正在重建索引…", "Rebuilding indexes…"))
        restore()
        if dialect == "postgresql":
            _reset_sequences(conn)
        else:
            from gis.model import gpkg

            gpkg.update_extents(conn)
        feedback.check()   # the last chance to cancel: after this the transaction commits


# --- rows -----------------------------------------------------------------------------------------------------

def _forward_references(table: Table) -> list[str]:
    """The columns of `table` that refer to a table copied after it (a cycle such as grid.site_id / site.grid_id):
    written NULL first and set once every table is in."""
    position = {t.name: i for i, t in enumerate(tables())}
    return sorted({fk.parent.name for fk in table.foreign_keys
                   if position.get(fk.column.table.name, -1) > position[table.name]})


def _geometry_columns(table: Table) -> list[str]:
    return [c.name for c in table.columns if isinstance(c.type, Geometry)]


_PLAIN: dict[str, Table] = {}


def _plain(table: Table) -> Table:
    """`table` with its geometry columns as plain bytes (the values are converted in arrays, not row by row)."""
    if table.name not in _PLAIN:
        _PLAIN[table.name] = Table(table.name, MetaData(), *(
            Column(c.name, LargeBinary() if isinstance(c.type, Geometry) else c.type, primary_key=c.primary_key)
            for c in table.columns))
    return _PLAIN[table.name]


def _rows(src: Connection, table: Table, target: str) -> Iterator[list[list]]:
    """The rows of `table` (as lists, in the table's column order) in batches of BATCH, by key (parents first in a
    self-referencing table), geometries converted for the `target` dialect an array at a time. From SQLite the values
    come as stored (text dates, JSON text, 0/1): written to SQLite unchanged, and in forms PostgreSQL's COPY reads;
    from PostgreSQL as psycopg's Python values (JSON parsed; the writers give SQLite gridsafe's own storage forms)."""
    names = [c.name for c in table.columns]
    geoms = [i for i, c in enumerate(table.columns) if isinstance(c.type, Geometry)]
    key = [names.index(c.name) for c in table.primary_key.columns]
    postgis = src.dialect.name == "postgresql"
    columns = ", ".join(f'ST_AsBinary("{n}")' if postgis and i in geoms else f'"{n}"' for i, n in enumerate(names))
    order = ", ".join(f'"{names[i]}"' for i in key)
    result = src.execution_options(yield_per=BATCH).exec_driver_sql(
        f'SELECT {columns} FROM "{table.name}" ORDER BY {order}')
    parents = [names.index(fk.parent.name) for fk in table.foreign_keys if fk.column.table is table]
    if parents:
        rows = _parents_first([list(r) for r in result], parents, key[0])
        parts: Iterator[list[list]] = (rows[i:i + BATCH] for i in range(0, len(rows), BATCH))
    else:
        parts = ([list(r) for r in part] for part in result.partitions(BATCH))
    if src.dialect.name == target == "sqlite":   # GeoPackage to GeoPackage: the blobs as they are
        geoms = []
    for part in parts:
        for i in geoms:
            for row, value in zip(part, encode(decode([r[i] for r in part]), target), strict=True):
                row[i] = value
        yield part


def _copy_in(conn: Connection, table: Table, rows: list[list], *, typed: bool) -> None:
    """Rows into a PostgreSQL table with COPY (several times executemany's rate): geometries as the hex EWKB
    PostGIS parses, JSON values (from PostgreSQL) as JSON, the rest in psycopg's text forms."""
    from psycopg.types.json import Json

    geoms = [i for i, c in enumerate(table.columns) if isinstance(c.type, Geometry)]
    jsons = [i for i, c in enumerate(table.columns) if isinstance(c.type, JSON)] if typed else []
    for r in rows:
        for i in geoms:
            if r[i] is not None:
                r[i] = r[i].hex()
        for i in jsons:
            if r[i] is not None:
                r[i] = Json(r[i])
    cursor = conn.connection.driver_connection.cursor()
    try:
        columns = ", ".join(f'"{c.name}"' for c in table.columns)
        with cursor.copy(f'COPY "{table.name}" ({columns}) FROM STDIN') as copy:
            for r in rows:
                copy.write_row(r)
    finally:
        cursor.close()


def _insert_sqlite(conn: Connection, table: Table, rows: list[list], *, typed: bool) -> None:
    """Rows into a SQLite table in one executemany; values from PostgreSQL in the forms gridsafe stores (SQLAlchemy's
    bind processors: dates and times as text, JSON as text, booleans as 0/1)."""
    if typed:
        for i, column in enumerate(_plain(table).columns):
            process = column.type.dialect_impl(conn.dialect).bind_processor(conn.dialect)
            if process is not None:
                for r in rows:
                    r[i] = process(r[i])
    columns = ", ".join(f'"{c.name}"' for c in table.columns)
    marks = ", ".join("?" * len(table.columns))
    conn.exec_driver_sql(f'INSERT INTO "{table.name}" ({columns}) VALUES ({marks})', [tuple(r) for r in rows])


def _parents_first(rows: list[list], parents: list[int], key: int) -> list[list]:
    """Rows ordered so that every row comes after the rows it refers to (by depth, then key)."""
    by_key = {r[key]: r for r in rows}
    depth: dict = {}

    def level(r) -> int:
        k = r[key]
        if k not in depth:
            depth[k] = 0   # a cycle (not valid data anyway) stops here
            depth[k] = max((level(by_key[r[p]]) + 1 for p in parents if r[p] is not None and r[p] in by_key),
                           default=0)
        return depth[k]

    return sorted(rows, key=lambda r: (level(r), r[key]))


def _triggers_off(conn: Connection):
    """Switch the target's triggers off while the rows go in; returns the function that switches them on again
    (filling the GeoPackage R-trees in one statement each)."""
    if conn.dialect.name == "postgresql":
        # PostgreSQL: user triggers disabled; foreign keys and the indexes that back no constraint dropped and made
        # again from their own definitions afterwards (one check and one index build each instead of one per row)
        names = [t.name for t in tables()]
        for name in names:
            conn.exec_driver_sql(f'ALTER TABLE "{name}" DISABLE TRIGGER USER')
        keys = conn.exec_driver_sql(
            "SELECT conrelid::regclass::text, quote_ident(conname), pg_get_constraintdef(oid) FROM pg_constraint "
            "WHERE contype = 'f' AND connamespace = current_schema()::regnamespace "
            "AND conrelid::regclass::text = ANY(%s) ORDER BY conname", (names,)).fetchall()
        indexes = conn.exec_driver_sql(
            "SELECT i.indexrelid::regclass::text, pg_get_indexdef(i.indexrelid) FROM pg_index i "
            "JOIN pg_class c ON c.oid = i.indrelid WHERE c.relnamespace = current_schema()::regnamespace "
            "AND c.relname = ANY(%s) AND NOT EXISTS (SELECT 1 FROM pg_constraint k WHERE k.conindid = i.indexrelid) "
            "ORDER BY 1", (names,)).fetchall()
        for table, name, _definition in keys:
            conn.exec_driver_sql(f"ALTER TABLE {table} DROP CONSTRAINT {name}")
        for index, _definition in indexes:
            conn.exec_driver_sql(f"DROP INDEX {index}")

        def on() -> None:
            for _index, definition in indexes:
                conn.exec_driver_sql(definition)
            for table, name, definition in keys:
                try:
                    conn.exec_driver_sql(f"ALTER TABLE {table} ADD CONSTRAINT {name} {definition}")
                except DBAPIError as e:
                    detail = getattr(getattr(e.orig, "diag", None), "message_detail", None) or e.orig
                    raise _dangling(table, f"{name}：{detail}", f"{name}: {detail}") from e
            for name in names:
                conn.exec_driver_sql(f'ALTER TABLE "{name}" ENABLE TRIGGER USER')
        return on
    # SQLite: triggers and the indexes of gridsafe's tables dropped, made again from their own statements afterwards
    own = [t.name for t in tables()]
    saved = conn.exec_driver_sql(
        "SELECT type, name, sql FROM sqlite_master WHERE sql IS NOT NULL AND (type = 'trigger' OR (type = 'index' "
        f"AND tbl_name IN ({', '.join('?' * len(own))})))", tuple(own)).fetchall()
    for kind, name, _sql in saved:
        conn.exec_driver_sql(f'DROP {kind.upper()} "{name}"')
    conn.exec_driver_sql("PRAGMA defer_foreign_keys = ON")

    def on_sqlite() -> None:
        from gis.model import gpkg

        for table, column in conn.exec_driver_sql(
                "SELECT table_name, column_name FROM gpkg_extensions WHERE extension_name = 'gpkg_rtree_index'"):
            conn.exec_driver_sql(
                f"INSERT INTO {gpkg.rtree_name(table, column)} SELECT id, ST_MinX({column}), ST_MaxX({column}), "
                f"ST_MinY({column}), ST_MaxY({column}) FROM {table} WHERE {column} NOT NULL AND NOT ST_IsEmpty({column})")
        for _kind, _name, sql in saved:
            conn.exec_driver_sql(sql)
        bad = conn.exec_driver_sql("PRAGMA foreign_key_check").fetchall()
        if bad:
            table, rowid, parent, _fk = bad[0]
            raise _dangling(table, f"第 {rowid} 行引用的 {parent} 记录不存在，共 {len(bad)} 处",
                           f"row {rowid} refers to a {parent} record that does not exist; {len(bad)} in all")
    return on_sqlite


def _dangling(table: str, detail: str, detail_en: str) -> ProjectError:
    return ProjectError(f"源项目的 {table} 表中有引用不存在记录的数据（{detail}），没有复制，目标未作任何修改。"
                        "请先在源项目中修正这些记录。",
                        en=f"Table {table} of the source project has data referring to records that do not exist "
                           f"({detail_en}); nothing was copied and the target was not changed. Correct these records "
                           "in the source project first.")


def _reset_sequences(conn: Connection) -> None:
    for table in tables():
        for column in table.primary_key.columns:
            seq = conn.exec_driver_sql("SELECT pg_get_serial_sequence(%s, %s)", (table.name, column.name)).scalar()
            if seq is None:
                continue
            conn.exec_driver_sql(
                f'SELECT setval(%s, COALESCE((SELECT max("{column.name}") FROM "{table.name}"), 0) + 1, false)', (seq,))


def _drop_everything(conn: Connection) -> None:
    """--replace on PostgreSQL: the tables, views and functions in the database (not those of extensions such as
    PostGIS), in the copy's transaction."""
    ext = "NOT EXISTS (SELECT 1 FROM pg_depend d WHERE d.objid = {oid} AND d.deptype = 'e')"
    views = conn.exec_driver_sql(
        "SELECT quote_ident(n.nspname) || '.' || quote_ident(c.relname) FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace "
        "WHERE c.relkind IN ('v', 'm') AND n.nspname = current_schema() AND " + ext.format(oid="c.oid")).scalars().all()
    for v in views:
        conn.exec_driver_sql(f"DROP VIEW IF EXISTS {v} CASCADE")
    for name in store._own_tables(conn) | {"alembic_version"}:
        conn.exec_driver_sql(f'DROP TABLE IF EXISTS "{name}" CASCADE')
    funcs = conn.exec_driver_sql(
        "SELECT p.oid::regprocedure::text FROM pg_proc p JOIN pg_namespace n ON n.oid = p.pronamespace "
        "WHERE n.nspname = current_schema() AND " + ext.format(oid="p.oid")).scalars().all()
    for f in funcs:
        conn.exec_driver_sql(f"DROP FUNCTION IF EXISTS {f} CASCADE")
