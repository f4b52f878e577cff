"""A SQLite project from elsewhere is checked before gridsafe runs anything on its data.

Projects travel between townships by USB stick and mail; a file can carry triggers that change data when
gridsafe writes (move deadlines, close hazards), views in place of tables, missing tables, stale indexes,
settings that are not JSON. The checks here run on a plain read-only `sqlite3` connection with a time
budget (a progress handler interrupts a statement that runs too long), before store opens its engine:

- the file's own integrity (`integrity_check` when the file is small enough for it to cost little,
  `quick_check` otherwise; always `integrity_check` before `db upgrade`);
- its schema against what gridsafe itself creates at the project's revision: the `sqlite_master` of a
  fresh project made by the same code (built in memory once and cached per revision and code, see
  `expected`), plus what the GeoPackage standard lets other tools add for their own layers (their tables,
  R-trees and the standard R-tree triggers) and SQLite's internal objects;
- the project settings: each value must be JSON, and the ones every part of gridsafe reads must have
  their type.

`repair` is the explicit way out: a backup beside the file, then, in one transaction, foreign triggers,
views and indexes dropped and gridsafe's own triggers and indexes recreated. What it cannot make whole (a
missing or altered table) it names with the way out instead of inventing it.
"""
from __future__ import annotations

import hashlib
import json
import re
import sqlite3
import threading
import time
from collections.abc import Iterator
from contextlib import closing, contextmanager
from dataclasses import dataclass, field
from datetime import datetime
from functools import lru_cache
from pathlib import Path

from gis.errors import DamagedProject, ProjectError
from gis.model import gpkg
from gis.paths import MIGRATIONS

# integrity_check reads every index against its table: ~10 ms per MB (2.3 s for the 228 MB county file,
# benchmarks/trust_bench.py); below this size it costs little enough to run on every open
INTEGRITY_LIMIT = 64 * 1024 * 1024
BUDGET_S = 60.0          # any one check statement on open; a longer one is interrupted with a message
SQLITE_INTERNAL = ("sqlite_",)
RTREE_SHADOWS = ("_node", "_rowid", "_parent")
# GeoPackage's optional tables any tool may add (metadata, schema, tiles; GDAL's feature counts)
GPKG_OPTIONAL = {
    "gpkg_metadata", "gpkg_metadata_reference", "gpkg_data_columns", "gpkg_data_column_constraints",
    "gpkg_tile_matrix_set", "gpkg_tile_matrix", "gpkg_ogr_contents",
}
# settings every part of gridsafe reads as they are (the domains check their own)
SETTING_TYPES = {"application": str, "name": str, "created_at": str, "created_by_version": str,
                 "county_code": str, "project_crs": str, "is_demo": bool}


class ForeignSchema(DamagedProject):
    """The project holds objects gridsafe did not create (or lacks or altered its own)."""

    def __init__(self, message: str, report: Report, *, en: str | None = None):
        super().__init__(message, en=en)
        self.report = report
        self.repairable = report.repairable


class Interrupted(DamagedProject):
    pass


NOT_JSON, WRONG_TYPE = "不是有效的 JSON", "值的类型不对"
WHY_EN = {NOT_JSON: "not valid JSON", WRONG_TYPE: "a value of the wrong type"}


# --- schema signatures --------------------------------------------------------------------------------

def _norm(sql: str | None) -> str:
    return re.sub(r"\s+", " ", (sql or "").strip()).rstrip(";").strip()


def signature(con: sqlite3.Connection) -> dict[str, tuple[str, str, str]]:
    """name → (type, table it belongs to, normalised SQL) for every schema object but SQLite's own."""
    rows = con.execute("SELECT type, name, tbl_name, sql FROM sqlite_master").fetchall()
    # column types by their GeoPackage names (the same affinities): projects made before 0007 said VARCHAR
    return {name: (kind, tbl, _norm(gpkg.geopackage_types(sql or "") if kind == "table" else sql))
            for kind, name, tbl, sql in rows if not name.startswith(SQLITE_INTERNAL)}


def _code_key() -> str:
    """What the fresh schema and its signature depend on: the migrations, the model they import, the audit
    triggers' generator (gis/audit/schema.py, which migrations call), and this module (how a signature is read).
    The installed bundle has the migrations as files, the rest compiled: its version stands for them."""
    from gis import __version__

    h = hashlib.sha256(__version__.encode())
    gis = MIGRATIONS.parent
    for path in sorted([*MIGRATIONS.rglob("*.py"), *(gis / "model").glob("*.py"), *(gis / "audit").glob("*.py"),
                        Path(__file__)]):
        if not path.is_file():
            continue
        h.update(path.name.encode())
        h.update(path.read_bytes())
    return h.hexdigest()[:16]


def migration_config(connection=None):   # -> alembic.config.Config
    """Alembic driven by a live connection (no alembic.ini); store migrates with it, `expected` builds with it."""
    from alembic.config import Config

    cfg = Config()
    cfg.set_main_option("script_location", str(MIGRATIONS))
    cfg.attributes["connection"] = connection
    return cfg


@lru_cache(maxsize=8)
def expected(revision: str) -> dict[str, tuple[str, str, str]]:
    """The signature of a fresh project at `revision`, made by this code: built in memory on first use and
    cached on disk (user data folder) under the revision and a hash of the migration and model files."""
    from gis.paths import data_dir

    cache = data_dir() / "schema" / f"{revision}-{_code_key()}.json"
    try:
        return {k: tuple(v) for k, v in json.loads(cache.read_text(encoding="utf-8")).items()}
    except (OSError, ValueError):
        pass
    sig = _fresh_signature(revision)
    _keep(cache, sig)
    return sig


def _keep(cache: Path, sig: dict) -> None:
    """Save a schema signature in the cache; a cache that cannot be written only costs a rebuild next time."""
    from gis.atomic import atomic_path

    try:
        with atomic_path(cache, sync=False) as tmp:
            tmp.write_text(json.dumps(sig, ensure_ascii=False), encoding="utf-8")
    except OSError:
        pass


def _fresh_signature(revision: str) -> dict[str, tuple[str, str, str]]:
    from alembic import command
    from sqlalchemy import create_engine, event
    from sqlalchemy.pool import StaticPool

    from gis.model.geometry import register_sqlite_functions

    raw = sqlite3.connect(":memory:", check_same_thread=False)
    raw.isolation_level = None
    register_sqlite_functions(raw)
    engine = create_engine("sqlite://", creator=lambda: raw, poolclass=StaticPool)
    event.listen(engine, "begin", lambda conn: conn.exec_driver_sql("BEGIN"))
    try:
        with engine.begin() as conn:
            command.upgrade(migration_config(conn), revision)
        return signature(raw)
    finally:
        engine.dispose()
        raw.close()


def named(kind: str, name: str, table: str, *, on_table: bool = False, lang: str = "zh") -> str:
    """An object named for the user: 触发器 tidy（在表 hazard 上）, 表 hazard 的行级安全 (English: trigger tidy
    (on table hazard), row-level security of table hazard)."""
    en = lang == "en"
    if kind == "rls":
        return f"row-level security of table {table}" if en else f"表 {table} 的行级安全"
    if kind == "rule":
        name = name.split(".", 1)[1]
    on = ""
    if on_table and kind in ("trigger", "index", "policy", "rule") and table != name:
        on = f" (on table {table})" if en else f"（在表 {table} 上）"
    return f"{(KIND_NAMES_EN if en else KIND_NAMES).get(kind, kind)} {name}{on}"


def _listed(names: list[str], lang: str, limit: int | None = None) -> str:
    """Names joined as the language lists them; past `limit`, the first ones and how many in all."""
    shown = names if limit is None else names[:limit]
    if lang == "en":
        return ", ".join(shown) + (f" ({len(names)} in all)" if len(shown) < len(names) else "")
    return "、".join(shown) + (f" 等 {len(names)} 个" if len(shown) < len(names) else "")


# --- what a project holds against what it should ------------------------------------------------------

KIND_NAMES = {"table": "表", "view": "视图", "trigger": "触发器", "index": "索引", "function": "函数", "rule": "规则",
              "policy": "行级安全策略", "rls": "行级安全"}
KIND_NAMES_EN = {"table": "table", "view": "view", "trigger": "trigger", "index": "index", "function": "function",
                 "rule": "rule", "policy": "row-level security policy", "rls": "row-level security"}
Obj = tuple[str, str, str]   # (kind, name, table)


@dataclass
class Report:
    foreign: list[Obj] = field(default_factory=list)
    changed: list[Obj] = field(default_factory=list)    # gridsafe's own, with another SQL
    missing: list[Obj] = field(default_factory=list)
    replaced: list[Obj] = field(default_factory=list)   # gridsafe's name, another type
    tables: list[str] = field(default_factory=list)   # gridsafe's tables among the above: beyond repair

    def __bool__(self) -> bool:
        return bool(self.foreign or self.changed or self.missing or self.replaced)

    @property
    def repairable(self) -> bool:
        """Only triggers, views and indexes are wrong: a repair drops or recreates them."""
        return not self.tables

    def lines(self, lang: str = "zh") -> list[str]:
        """The differences, a line per kind of difference, the objects named (8 at most per line)."""
        out = []
        for (zh, en), items in ((("不是 gridsafe 创建的对象", "Objects gridsafe did not create"), self.foreign),
                                (("被改动的 gridsafe 对象", "gridsafe's objects that were changed"), self.changed),
                                (("缺少的 gridsafe 对象", "gridsafe's objects that are missing"), self.missing),
                                (("被替换成其他类型的对象", "Objects replaced by another type"), self.replaced)):
            if items:
                shown = _listed([named(*o, on_table=True, lang=lang) for o in items], lang, 8)
                out.append(f"{en}: {shown}" if lang == "en" else f"{zh}：{shown}")
        return out


def _other_layers(con: sqlite3.Connection, sig, own: dict) -> tuple[set[str], set[tuple[str, str]]]:
    """Tables other tools registered in the GeoPackage (not gridsafe's) with their R-tree tables, and every
    registered geometry column (table, column) of a table that exists."""
    tables: set[str] = set()
    columns: set[tuple[str, str]] = set()
    if sig.get("gpkg_contents", ("",))[0] != "table" or sig.get("gpkg_geometry_columns", ("",))[0] != "table":
        return tables, columns
    for (t,) in con.execute("SELECT table_name FROM gpkg_contents").fetchall():
        if isinstance(t, str) and t not in own and sig.get(t, ("",))[0] == "table":
            tables.add(t)
    for t, c in con.execute("SELECT table_name, column_name FROM gpkg_geometry_columns").fetchall():
        if not (isinstance(t, str) and isinstance(c, str)) or (t not in own and t not in tables):
            continue
        columns.add((t, c))
        if t not in own:
            r = gpkg.rtree_name(t, c)
            tables.update([r, *(r + s for s in RTREE_SHADOWS)])
    return tables, columns


# GeoPackage's R-tree triggers as any tool writes them (1.2's insert/update1-4/delete, 1.4's update5-7; GDAL
# quotes the names): on the feature table, writing only to that column's R-tree, no string literals
_RTREE_STATEMENT = re.compile(
    r"(?:INSERT(?: OR REPLACE)? INTO {r} VALUES ?\([^;]*\)|UPDATE {r} SET [^;]*|DELETE FROM {r} WHERE [^;]*)",
    re.IGNORECASE)


def is_rtree_trigger(name: str, table: str, sql: str, columns: set[tuple[str, str]]) -> bool:
    for t, c in columns:
        r = gpkg.rtree_name(t, c)
        if table != t or not re.fullmatch(rf"{re.escape(r)}_(?:insert|update[1-7]|delete)", name):
            continue
        plain = sql.replace('"', "")
        if "'" in plain or "--" in plain or "/*" in plain:
            return False
        m = re.fullmatch(rf"CREATE TRIGGER {re.escape(name)} AFTER (?:INSERT|UPDATE(?: OF {re.escape(c)})?|DELETE) "
                         rf"ON {re.escape(t)} (?:WHEN .*? )?BEGIN (.*) END", plain, re.IGNORECASE | re.DOTALL)
        if m is None:
            return False
        one = _RTREE_STATEMENT.pattern.format(r=re.escape(r))
        return all(re.fullmatch(one, st.strip(), re.IGNORECASE | re.DOTALL)
                   for st in m.group(1).split(";") if st.strip())
    return False


# the 1.4 triggers that replace 1.2's (a tool that rewrote them left gridsafe's index whole)
_RTREE_SUCCESSORS = {"update1": ("update6", "update7"), "update3": ("update5",)}


def compare(con: sqlite3.Connection, revision: str) -> Report:
    own = expected(revision)
    sig = signature(con)
    other_tables, columns = _other_layers(con, sig, own)

    def allowed(kind, name, tbl, sql):
        if kind == "table":
            return name in other_tables or name in GPKG_OPTIONAL
        if kind == "trigger":
            return is_rtree_trigger(name, tbl, sql, columns)
        return kind == "index" and (tbl in other_tables or tbl in GPKG_OPTIONAL) \
            and not sql.upper().startswith("CREATE UNIQUE")
    report = diff(own, sig, allowed)
    report.changed = [o for o in report.changed
                      if not (o[0] == "trigger" and is_rtree_trigger(o[1], o[2], sig[o[1]][2], columns))]

    def replaced_by_successors(name: str) -> bool:
        base, _, suffix = name.rpartition("_")
        return suffix in _RTREE_SUCCESSORS and all(f"{base}_{n}" in sig for n in _RTREE_SUCCESSORS[suffix])
    report.missing = [o for o in report.missing if not (o[0] == "trigger" and replaced_by_successors(o[1]))]
    return report


def diff(own: dict, sig: dict, allowed) -> Report:
    """What `sig` has that `own` (gridsafe's) has not and `allowed(kind, name, table, sql)` does not allow,
    what it has of gridsafe's with another type or definition, and what it lacks."""
    report = Report()
    for name, (kind, tbl, sql) in sorted(sig.items()):
        want = own.get(name)
        if want is not None:
            if want[0] != kind:
                report.replaced.append((kind, name, tbl))
            elif want != (kind, tbl, sql):
                report.changed.append((kind, name, tbl))
        elif not allowed(kind, name, tbl, sql):
            report.foreign.append((kind, name, tbl))
    for name, (kind, tbl, _sql) in sorted(own.items()):
        if name not in sig:
            report.missing.append((kind, name, tbl))
    report.tables = [n for _k, n, _t in (*report.changed, *report.missing, *report.replaced) if own[n][0] == "table"]
    return report


# --- PostgreSQL: the same idea through pg_catalog ------------------------------------------------------

_PG_KINDS = {"r": "table", "p": "table", "f": "table", "v": "view", "m": "view", "i": "index"}
_NOT_EXTENSION = "NOT EXISTS (SELECT 1 FROM pg_depend d WHERE d.objid = {oid} AND d.deptype = 'e')"


def pg_signature(conn) -> dict[str, tuple[str, str, str]]:
    """name → (type, table, definition) of the objects in the connection's current schema that no extension
    (PostGIS) owns: tables and views by kind, indexes, triggers and functions by definition, the schema's
    name left out so that a fresh schema compares with the project's."""
    schema = conn.exec_driver_sql("SELECT current_schema()").scalar()
    out: dict[str, tuple[str, str, str]] = {}
    rows = conn.exec_driver_sql(
        "SELECT c.relname, c.relkind, coalesce(t.relname, c.relname), "
        "CASE WHEN c.relkind = 'i' THEN pg_get_indexdef(c.oid) WHEN c.relkind IN ('v', 'm') THEN pg_get_viewdef(c.oid) "
        "ELSE '' END FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace "
        "LEFT JOIN pg_index i ON i.indexrelid = c.oid LEFT JOIN pg_class t ON t.oid = i.indrelid "
        "WHERE n.nspname = current_schema() AND c.relkind IN ('r', 'p', 'f', 'v', 'm', 'i') AND "
        + _NOT_EXTENSION.format(oid="c.oid") + " AND (t.oid IS NULL OR " + _NOT_EXTENSION.format(oid="t.oid") + ")"
    ).fetchall()
    for name, kind, tbl, sql in rows:
        out[name] = (_PG_KINDS[kind], tbl, sql)
    # a table's definition: its columns (name, type, NOT NULL, default) in name order — a column added, dropped,
    # retyped or given another default by another tool (QGIS can add fields) shows
    rows = conn.exec_driver_sql(
        "SELECT c.relname, string_agg(a.attname || ' ' || format_type(a.atttypid, a.atttypmod) "
        "|| CASE WHEN a.attnotnull THEN ' NOT NULL' ELSE '' END "
        "|| coalesce(' DEFAULT ' || pg_get_expr(ad.adbin, ad.adrelid), ''), ', ' ORDER BY a.attname) "
        "FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace "
        "JOIN pg_attribute a ON a.attrelid = c.oid AND a.attnum > 0 AND NOT a.attisdropped "
        "LEFT JOIN pg_attrdef ad ON ad.adrelid = c.oid AND ad.adnum = a.attnum "
        "WHERE n.nspname = current_schema() AND c.relkind IN ('r', 'p') GROUP BY c.relname").fetchall()
    for name, columns in rows:
        if name in out and out[name][0] == "table":
            out[name] = ("table", name, columns)
    rows = conn.exec_driver_sql(
        "SELECT tg.tgname, c.relname, pg_get_triggerdef(tg.oid) FROM pg_trigger tg JOIN pg_class c ON c.oid = tg.tgrelid "
        "JOIN pg_namespace n ON n.oid = c.relnamespace WHERE NOT tg.tgisinternal AND n.nspname = current_schema()").fetchall()
    for name, tbl, sql in rows:
        out[name] = ("trigger", tbl, sql)
    rows = conn.exec_driver_sql(
        "SELECT p.proname, pg_get_functiondef(p.oid) FROM pg_proc p JOIN pg_namespace n ON n.oid = p.pronamespace "
        "WHERE n.nspname = current_schema() AND p.prokind = 'f' AND " + _NOT_EXTENSION.format(oid="p.oid")).fetchall()
    for name, sql in rows:
        out[f"{name}()"] = ("function", f"{name}()", sql)
    for name, (kind, tbl, sql) in _pg_access(conn).items():
        out[name] = (kind, tbl, sql)
    strip = re.compile(rf'(?:"{re.escape(schema)}"|\b{re.escape(schema)})\.')
    return {k: (kind, tbl, _norm(strip.sub("", sql))) for k, (kind, tbl, sql) in out.items()}


def _pg_access(conn) -> dict[str, tuple[str, str, str]]:
    """Rules, row-level security policies and whether a table has row-level security on, as objects with the
    statement that makes each: a rule can rewrite a write as a trigger can, and a policy dropped or widened, or
    security turned off on a table, lets a login see and change what its role may not."""
    out: dict[str, tuple[str, str, str]] = {}
    for name, tbl, sql in conn.exec_driver_sql(
            "SELECT r.rulename, c.relname, pg_get_ruledef(r.oid) FROM pg_rewrite r JOIN pg_class c ON c.oid = r.ev_class "
            "JOIN pg_namespace n ON n.oid = c.relnamespace WHERE n.nspname = current_schema() AND r.rulename <> '_RETURN' "
            "AND " + _NOT_EXTENSION.format(oid="c.oid")).fetchall():
        out[f"{tbl}.{name}"] = ("rule", tbl, sql)
    for name, tbl, permissive, roles, cmd, qual, check in conn.exec_driver_sql(
            "SELECT policyname, tablename, permissive, array_to_string(roles, ', '), cmd, qual, with_check "
            "FROM pg_policies WHERE schemaname = current_schema()").fetchall():
        sql = f'CREATE POLICY "{_quoted(name)}" ON "{_quoted(tbl)}" AS {permissive} FOR {cmd} TO {roles}'
        sql += (f" USING ({qual})" if qual is not None else "") + (f" WITH CHECK ({check})" if check is not None else "")
        out[name] = ("policy", tbl, sql)
    for tbl, forced in conn.exec_driver_sql(
            "SELECT c.relname, c.relforcerowsecurity FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace "
            "WHERE n.nspname = current_schema() AND c.relrowsecurity AND " + _NOT_EXTENSION.format(oid="c.oid")).fetchall():
        sql = f'ALTER TABLE "{_quoted(tbl)}" ENABLE ROW LEVEL SECURITY'
        if forced:
            sql += f'; ALTER TABLE "{_quoted(tbl)}" FORCE ROW LEVEL SECURITY'
        out[f"rls:{tbl}"] = ("rls", tbl, sql)
    return out


@lru_cache(maxsize=8)
def pg_expected(url: str, revision: str) -> dict[str, tuple[str, str, str]]:
    """The signature of a fresh PostgreSQL project at `revision`, made by this code in a schema of its own
    on the project's server inside a transaction that is rolled back (nothing stays), cached on disk like
    `expected`."""
    from gis.paths import data_dir

    cache = data_dir() / "schema" / f"postgresql-{revision}-{_code_key()}.json"
    try:
        return {k: tuple(v) for k, v in json.loads(cache.read_text(encoding="utf-8")).items()}
    except (OSError, ValueError):
        pass
    with _fresh_schema(url, revision) as conn:
        sig = pg_signature(conn)
    _keep(cache, sig)
    return sig


FRESH_SCHEMA = "gridsafe_fresh"


@contextmanager
def _fresh_schema(url: str, revision: str):
    """A connection whose current schema is a fresh project at `revision` (FRESH_SCHEMA), in a transaction
    rolled back afterwards."""
    from alembic import command
    from sqlalchemy import create_engine

    engine = create_engine(url)
    try:
        with engine.connect() as conn:
            trans = conn.begin()
            try:
                conn.exec_driver_sql(f"CREATE SCHEMA {FRESH_SCHEMA}")
                conn.exec_driver_sql(f"SET LOCAL search_path TO {FRESH_SCHEMA}, public")
                cfg = migration_config(conn)
                cfg.attributes["version_table_schema"] = FRESH_SCHEMA
                command.upgrade(cfg, revision)
                yield conn
            finally:
                trans.rollback()
    finally:
        engine.dispose()


def pg_definitions(url: str, revision: str) -> dict[str, tuple[str, str]]:
    """name (as pg_signature names it) → (kind, the statement that creates it, unqualified) for gridsafe's own
    views, indexes, triggers and functions at `revision`: what a repair recreates."""
    out: dict[str, tuple[str, str]] = {}
    with _fresh_schema(url, revision) as conn:
        for name, kind, sql in conn.exec_driver_sql(
                "SELECT c.relname, c.relkind, CASE WHEN c.relkind = 'i' THEN pg_get_indexdef(c.oid) "
                "ELSE pg_get_viewdef(c.oid) END FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace "
                "WHERE n.nspname = current_schema() AND c.relkind IN ('i', 'v', 'm') AND "
                + _NOT_EXTENSION.format(oid="c.oid")).fetchall():
            if kind == "i":
                out[name] = ("index", sql)
            else:
                create = "CREATE MATERIALIZED VIEW" if kind == "m" else "CREATE VIEW"
                out[name] = ("view", f'{create} "{_quoted(name)}" AS {sql}')
        for name, sql in conn.exec_driver_sql(
                "SELECT tg.tgname, pg_get_triggerdef(tg.oid) FROM pg_trigger tg JOIN pg_class c ON c.oid = tg.tgrelid "
                "JOIN pg_namespace n ON n.oid = c.relnamespace WHERE NOT tg.tgisinternal AND n.nspname = current_schema()"
        ).fetchall():
            out[name] = ("trigger", sql)
        for name, sql in conn.exec_driver_sql(
                "SELECT p.proname, pg_get_functiondef(p.oid) FROM pg_proc p JOIN pg_namespace n ON n.oid = p.pronamespace "
                "WHERE n.nspname = current_schema() AND p.prokind = 'f' AND " + _NOT_EXTENSION.format(oid="p.oid")
        ).fetchall():
            out[f"{name}()"] = ("function", sql)
        for name, (kind, _tbl, sql) in _pg_access(conn).items():
            out[name] = (kind, sql)
    strip = re.compile(rf'(?:"{FRESH_SCHEMA}"|\b{FRESH_SCHEMA})\.')
    return {k: (kind, strip.sub("", sql)) for k, (kind, sql) in out.items()}


def pg_repair(conn, report: Report, definitions: dict[str, tuple[str, str]]) -> tuple[list[Obj], list[Obj]]:
    """In the caller's transaction: drop the foreign triggers, views, functions and indexes `report` names and
    gridsafe's own that were altered or replaced, then create gridsafe's own altered, replaced or missing ones
    from `definitions` (pg_definitions). Returns (what was dropped, what was recreated).
    Tables are never touched: a report with gridsafe tables in it is refused before (Report.repairable)."""
    order = {"rule": 0, "policy": 1, "rls": 2, "trigger": 3, "view": 4, "function": 5, "index": 6}
    drop = sorted(((k, n, t) for k, n, t in (*report.foreign, *report.changed, *report.replaced)
                   if k != "table" and not (k == "function" and n in definitions)),   # own functions: OR REPLACE
                  key=lambda o: order.get(o[0], 9))
    dropped = []
    for kind, name, table in drop:
        for sql in _pg_drops(conn, kind, name, table):
            conn.exec_driver_sql(sql.replace("%", "%%"))
        dropped.append((kind, name, table))
    create_order = {"function": 0, "index": 1, "view": 2, "trigger": 3, "policy": 4, "rls": 5, "rule": 6}
    create = sorted({n for _k, n, _t in (*report.changed, *report.missing, *report.replaced) if n in definitions},
                    key=lambda n: (create_order.get(definitions[n][0], 9), n))
    for name in create:
        for sql in definitions[name][1].split("; ") if definitions[name][0] == "rls" else [definitions[name][1]]:
            conn.exec_driver_sql(sql.replace("%", "%%"))   # the driver formats parameters
    tables = {n: t for _k, n, t in (*report.changed, *report.missing, *report.replaced)}
    return dropped, [(definitions[n][0], n, tables.get(n, "")) for n in create]


def _pg_drops(conn, kind: str, name: str, table: str) -> list[str]:
    """The statements that remove one object of the project's current schema."""
    q = f'"{_quoted(name)}"'
    if kind == "trigger":
        return [f'DROP TRIGGER IF EXISTS {q} ON "{_quoted(table)}"']
    if kind == "rule":
        return [f'DROP RULE IF EXISTS "{_quoted(name.split(".", 1)[1])}" ON "{_quoted(table)}"']
    if kind == "policy":
        return [f'DROP POLICY IF EXISTS {q} ON "{_quoted(table)}"']
    if kind == "rls":
        return [f'ALTER TABLE "{_quoted(table)}" NO FORCE ROW LEVEL SECURITY',
                f'ALTER TABLE "{_quoted(table)}" DISABLE ROW LEVEL SECURITY']
    if kind == "function":
        return [f"DROP FUNCTION {sig}" for (sig,) in conn.exec_driver_sql(
            "SELECT p.oid::regprocedure::text FROM pg_proc p JOIN pg_namespace n ON n.oid = p.pronamespace "
            "WHERE n.nspname = current_schema() AND p.proname = %(n)s AND " + _NOT_EXTENSION.format(oid="p.oid"),
            {"n": name.removesuffix("()")}).fetchall()]
    if kind == "view":
        relkind = conn.exec_driver_sql(
            "SELECT c.relkind FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace "
            "WHERE n.nspname = current_schema() AND c.relname = %(n)s", {"n": name}).scalar()
        return [f"DROP {'MATERIALIZED VIEW' if relkind == 'm' else 'VIEW'} IF EXISTS {q}"]
    if kind == "index":   # an index behind a constraint goes with the constraint
        row = conn.exec_driver_sql(
            "SELECT t.relname, con.conname FROM pg_constraint con JOIN pg_class i ON i.oid = con.conindid "
            "JOIN pg_class t ON t.oid = con.conrelid JOIN pg_namespace n ON n.oid = i.relnamespace "
            "WHERE n.nspname = current_schema() AND i.relname = %(n)s", {"n": name}).first()
        if row is not None:
            return [f'ALTER TABLE "{_quoted(row[0])}" DROP CONSTRAINT "{_quoted(row[1])}"']
        return [f"DROP INDEX IF EXISTS {q}"]
    return []


def pg_compare(conn, url: str, revision: str) -> Report:
    """Tables of other tools (and their indexes) are theirs; any other foreign object, gridsafe's own
    replaced, altered (triggers, functions, indexes, views) or missing, is reported."""
    own = pg_expected(url, revision)
    sig = pg_signature(conn)
    foreign_tables = {n for n, (k, _t, _s) in sig.items() if k == "table" and n not in own}

    def allowed(kind, name, tbl, sql):
        return kind == "table" or (kind == "index" and tbl in foreign_tables)
    return diff(own, sig, allowed)


def pg_check(conn, url: str, where: str, revision: str) -> None:
    """Refuse a PostgreSQL project with foreign objects. A user who may not create a schema on the server
    (the fresh one is made in a rolled-back transaction) cannot have the comparison: logged, not refused."""
    from sqlalchemy.exc import DBAPIError

    try:
        report = pg_compare(conn, url, revision)
    except DBAPIError as e:
        import logging

        logging.getLogger("gridsafe").warning("schema of %s not compared: %s", where, getattr(e, "orig", e))
        return
    if report:
        raise ForeignSchema(f"数据库 {where} 的结构与 gridsafe 创建的不一致：\n" + "\n".join(report.lines())
                            + "\n" + pg_way_out(report, where), report,
                            en=f"The structure of database {where} differs from the one gridsafe creates:\n"
                               + "\n".join(report.lines("en")) + "\n" + pg_way_out(report, where, "en"))


def pg_way_out(report: Report, where: str, lang: str = "zh") -> str:
    if lang == "en":
        if report.repairable:
            return ("These objects might change data when gridsafe writes (such as hazard deadlines or states), so it "
                    "was not opened; the database was not changed. To use this project anyway, an administrator can "
                    f"run gridsafe db repair {where} (it first backs the project up as a .gridsafe file, then drops "
                    "the foreign objects and restores gridsafe's own triggers, functions and indexes).")
        return ("gridsafe's tables are missing or altered, which cannot be repaired automatically; the database was "
                "not changed. Please ask the database administrator to restore a backup (a pg_dump backup with "
                "pg_restore, a .gridsafe backup with gridsafe db copy into an empty database).")
    if report.repairable:
        return ("这些对象可能会在 gridsafe 写入时改动数据（例如隐患期限、状态），因此拒绝打开，数据库未作任何修改。"
                f"如确认要使用此项目，管理员可执行 gridsafe db repair {where}（先把项目备份为 .gridsafe 文件，"
                "再删除外来对象、恢复 gridsafe 自己的触发器、函数和索引）。")
    return ("缺少或改动了 gridsafe 的数据表，无法自动修复，数据库未作任何修改。请数据库管理员从备份恢复"
            "（pg_dump 的备份用 pg_restore 恢复，.gridsafe 备份用 gridsafe db copy 复制到一个空数据库）。")


# --- checks on open -----------------------------------------------------------------------------------

@contextmanager
def guarded(con: sqlite3.Connection, budget_s: float = BUDGET_S) -> Iterator[None]:
    """Interrupt any statement on `con` that runs past the budget (sqlite3.OperationalError "interrupted"):
    a progress handler between virtual-machine steps, and a timer for the long single steps (the b-tree
    walk of an integrity check)."""
    deadline = time.monotonic() + budget_s
    timer = threading.Timer(budget_s, con.interrupt)
    timer.daemon = True
    con.set_progress_handler(lambda: 1 if time.monotonic() > deadline else 0, 1000)
    timer.start()
    try:
        yield
    finally:
        timer.cancel()
        con.set_progress_handler(None, 0)


def _interrupted(path: Path, what: tuple[str, str], budget_s: float) -> Interrupted:
    """`what`: the check that ran too long, (Chinese, English)."""
    return Interrupted(
        f"检查项目文件 {path} 时{what[0]}超过 {budget_s:.0f} 秒仍未完成，已中止，文件未作任何修改。"
        f"文件可能已损坏或被改动：请先备份，再用 gridsafe db repair {path} 检查修复，"
        "或在其他电脑上用 gridsafe 导出仍可读取的数据。",
        en=f"While checking project file {path}, {what[1]} did not finish within {budget_s:.0f} seconds and was "
           f"stopped; the file was not changed. It may be damaged or altered: back it up first, then check and "
           f"repair it with gridsafe db repair {path}, or export the data still readable with gridsafe on another "
           "computer.")


def check_integrity(con: sqlite3.Connection, path: Path, *, full: bool, budget_s: float = BUDGET_S) -> None:
    pragma = "integrity_check" if full else "quick_check"
    try:
        with guarded(con, budget_s):
            rows = con.execute(f"PRAGMA {pragma}").fetchall()
    except sqlite3.OperationalError as e:
        if "interrupt" in str(e):
            raise _interrupted(path, ("完整性检查", "the integrity check"), budget_s) from e
        raise DamagedProject(f"项目文件已损坏，无法读取：{path}（{e}）",
                             en=f"The project file is damaged and cannot be read: {path} ({e})") from e
    except sqlite3.DatabaseError as e:
        raise DamagedProject(f"项目文件已损坏，无法读取：{path}（{e}）",
                             en=f"The project file is damaged and cannot be read: {path} ({e})") from e
    if rows != [("ok",)]:
        detail = "；".join(str(r[0]) for r in rows[:3])
        indexes = sorted(set(re.findall(r"index (\w+)", " ".join(str(r[0]) for r in rows))))
        by_indexes = bool(indexes) and _only_indexes(rows)
        hint = (f"索引 {'、'.join(indexes)} 与数据不一致，可用 gridsafe db repair {path} 重建索引（会先备份）"
                if by_indexes else "请用备份恢复，或在其他电脑上用 gridsafe 导出仍可读取的数据")
        hint_en = (f"Indexes {', '.join(indexes)} disagree with the data; gridsafe db repair {path} rebuilds them "
                   "(after a backup)" if by_indexes else
                   "Please restore a backup, or export the data still readable with gridsafe on another computer")
        e = DamagedProject(f"项目文件已损坏：{path}（{detail}）。{hint}，文件未作任何修改。",
                           en=f"The project file is damaged: {path} ({detail}). {hint_en}; the file was not changed.")
        e.repairable = bool(indexes) and _only_indexes(rows)
        raise e


def _only_indexes(rows) -> bool:
    return all(re.search(r"(missing from index|wrong # of entries in index|index \w+)", str(r[0])) for r in rows)


def stored_revision(con: sqlite3.Connection, sig) -> str | None:
    if sig.get("alembic_version", ("",))[0] != "table":
        return None
    rows = con.execute("SELECT version_num FROM alembic_version").fetchall()
    return rows[0][0] if len(rows) == 1 and isinstance(rows[0][0], str) else None


def check_schema(con: sqlite3.Connection, path: Path, revision: str) -> None:
    report = compare(con, revision)
    if not report:
        return
    lines = "\n".join(report.lines())
    if report.repairable:
        way = (f"这些对象可能会在 gridsafe 写入时改动数据（例如隐患期限、状态），因此拒绝打开，文件未作任何修改。"
               f"如确认要使用此项目，可执行 gridsafe db repair {path}（先在同一文件夹备份，再删除外来对象、"
               "恢复 gridsafe 自己的触发器和索引）。")
    else:
        way = ("缺少或改动了 gridsafe 的数据表，无法自动修复，文件未作任何修改。请用备份恢复，或在其他电脑上用 "
               "gridsafe 导出仍可读取的数据后新建项目。")
    if report.repairable:
        way_en = ("These objects might change data when gridsafe writes (such as hazard deadlines or states), so it "
                  "was not opened; the file was not changed. To use this project anyway, run gridsafe db repair "
                  f"{path} (it first makes a backup in the same folder, then drops the foreign objects and restores "
                  "gridsafe's own triggers and indexes).")
    else:
        way_en = ("gridsafe's tables are missing or altered, which cannot be repaired automatically; the file was not "
                  "changed. Please restore a backup, or export the data still readable with gridsafe on another "
                  "computer and make a new project.")
    raise ForeignSchema(f"项目 {path} 的数据库结构与 gridsafe 创建的不一致：\n{lines}\n{way}", report,
                        en=f"The database structure of project {path} differs from the one gridsafe creates:\n"
                           + "\n".join(report.lines("en")) + f"\n{way_en}")


def _repairable(message: str, en: str) -> DamagedProject:
    e = DamagedProject(message, en=en)
    e.repairable = True
    return e


def setting_problems(con: sqlite3.Connection) -> list[tuple[str, str, str]]:
    """(key, stored text, what is wrong) for each setting that is not JSON or not of the type gridsafe reads."""
    out = []
    for key, value in con.execute("SELECT key, value FROM project_setting").fetchall():
        try:
            parsed = json.loads(value) if isinstance(value, (str, bytes)) else value
        except ValueError:
            out.append((str(key), str(value)[:40], NOT_JSON))
            continue
        want = SETTING_TYPES.get(key)
        if want is not None and (not isinstance(parsed, want) or (want is not bool and isinstance(parsed, bool))):
            out.append((str(key), str(value)[:40], WRONG_TYPE))
    return out


def check_settings(con: sqlite3.Connection, path: Path) -> None:
    problems = setting_problems(con)
    if not problems:
        return
    named = "；".join(f"{key}（{why}：{value}）" for key, value, why in problems[:5])
    named_en = "; ".join(f"{key} ({WHY_EN.get(why, why)}: {value})" for key, value, why in problems[:5])
    if any(key == "application" for key, _v, _w in problems):
        raise DamagedProject(f"项目 {path} 的项目标识设置 application 已损坏：{named}。文件未作任何修改；"
                             "请用备份恢复，或在其他电脑上用 gridsafe 导出仍可读取的数据。",
                             en=f"The project mark setting application of project {path} is damaged: {named_en}. "
                                "The file was not changed; please restore a backup, or export the data still "
                                "readable with gridsafe on another computer.")
    raise _repairable(
        f"项目 {path} 的设置已损坏：{named}。文件未作任何修改。请用备份恢复，或执行 gridsafe db repair {path}"
        "（先在同一文件夹备份，再删除这些设置，之后它们取默认值）。",
        f"Settings of project {path} are damaged: {named_en}. The file was not changed. Please restore a backup, or "
        f"run gridsafe db repair {path} (it first makes a backup in the same folder, then removes these settings, "
        "which then take their defaults).")


def check_file(path: Path, *, full: bool | None = None, budget_s: float = BUDGET_S,
               known=None) -> str | None:
    """Every check of an existing SQLite project file, read-only; returns the stored revision (None when the
    file is not a gridsafe project: store says so). `full`: integrity_check (default: for small files).
    `known(revision)` says whether this code knows the revision (a newer one is store's message to give)."""
    if full is None:
        full = path.stat().st_size <= INTEGRITY_LIMIT
    try:
        con = sqlite3.connect(f"file:{path.as_posix()}?mode=ro", uri=True)
    except sqlite3.DatabaseError as e:
        raise DamagedProject(f"项目文件已损坏，无法读取：{path}（{e}）",
                             en=f"The project file is damaged and cannot be read: {path} ({e})") from e
    with closing(con):
        check_integrity(con, path, full=full, budget_s=budget_s)
        try:
            with guarded(con, budget_s):
                sig = signature(con)
                revision = stored_revision(con, sig)
                if revision is None or (known is not None and not known(revision)):
                    return revision
                check_schema(con, path, revision)
                check_settings(con, path)
        except sqlite3.OperationalError as e:
            if "interrupt" in str(e):
                raise _interrupted(path, ("读取数据库结构", "reading the database structure"), budget_s) from e
            raise DamagedProject(f"项目文件已损坏，无法读取：{path}（{e}）",
                                 en=f"The project file is damaged and cannot be read: {path} ({e})") from e
    return revision


# --- the explicit repair ------------------------------------------------------------------------------

@dataclass
class Repair:
    backup: Path
    dropped: list[Obj]
    recreated: list[Obj]
    reindexed: list[str]           # index names
    settings_removed: list[str]    # setting keys

    def lines(self, lang: str = "zh") -> list[str]:
        """What the repair did (the CLI prints it in Chinese, the window shows it in its language)."""
        en = lang == "en"
        if not self.backup.name:
            return ["The project's structure is the one gridsafe creates; there is nothing to repair" if en
                    else "项目结构与 gridsafe 创建的一致，无需修复"]
        out = [f"Backup made before the repair: {self.backup}" if en else f"修复前的备份：{self.backup}"]
        for (zh, title_en), items in ((("已删除", "Dropped"), [named(*o, lang=lang) for o in self.dropped]),
                                      (("已恢复", "Restored"), [named(*o, lang=lang) for o in self.recreated]),
                                      (("已重建索引", "Indexes rebuilt"), self.reindexed),
                                      (("已删除损坏的设置", "Damaged settings removed"), self.settings_removed)):
            if items:
                out.append(f"{title_en}: {_listed(items, lang)}" if en else f"{zh}：{_listed(items, lang)}")
        return out


def repair(path: Path, backup) -> Repair:
    """Back the file up (`backup(path, label) -> Path`), then in one transaction drop foreign triggers, views
    and indexes, recreate gridsafe's own changed or missing triggers and indexes, rebuild indexes that
    integrity_check finds stale and remove settings that are not JSON. A missing or altered table is refused
    with the way out, before the backup."""
    con = sqlite3.connect(f"file:{path.as_posix()}?mode=ro", uri=True)
    with closing(con):
        sig = signature(con)
        revision = stored_revision(con, sig)
        if revision is None:
            raise ProjectError(f"{path} 不是 gridsafe 项目（缺少项目标识），无法修复。",
                               en=f"{path} is not a gridsafe project (the project mark is missing); it cannot be "
                                  "repaired.")
        try:
            report = compare(con, revision)
        except sqlite3.DatabaseError as e:
            raise DamagedProject(f"无法读取项目 {path} 的数据库结构（{e}），无法修复。请用备份恢复。",
                                 en=f"The database structure of project {path} cannot be read ({e}); it cannot be "
                                    "repaired. Please restore a backup.") from e
        if not report.repairable:
            raise ForeignSchema(
                f"项目 {path} 缺少或改动了 gridsafe 的数据表，无法自动修复，文件未作任何修改：\n"
                + "\n".join(report.lines())
                + "\n请用备份恢复，或在其他电脑上用 gridsafe 导出仍可读取的数据后新建项目。", report,
                en=f"gridsafe's tables in project {path} are missing or altered, which cannot be repaired "
                   "automatically; the file was not changed:\n" + "\n".join(report.lines("en"))
                   + "\nPlease restore a backup, or export the data still readable with gridsafe on another "
                   "computer and make a new project.")
        stale = _stale_indexes(con)
        settings = [k for k, _v, _w in setting_problems(con) if k != "application"] \
            if sig.get("project_setting", ("",))[0] == "table" else []
    own = expected(revision)
    drop = [(k, n) for k, n, _ in (*report.foreign, *report.changed, *report.replaced)]
    create = [n for _k, n, _t in (*report.changed, *report.missing, *report.replaced)]
    if not (drop or create or stale or settings):
        return Repair(Path(), [], [], [], [])
    saved = backup(path, "repair-" + datetime.now().strftime("%Y%m%d%H%M%S"))
    con = sqlite3.connect(path, isolation_level=None)
    with closing(con):
        con.execute("BEGIN IMMEDIATE")
        try:
            for kind, name in sorted(drop, key=lambda d: d[0] != "trigger"):   # triggers first (views carry some)
                if _exists(con, kind, name):
                    con.execute(f'DROP {kind.upper()} "{_quoted(name)}"')
            for name in sorted(create, key=lambda n: own[n][0] == "trigger"):   # indexes, then triggers
                con.execute(own[name][2])
            for name in stale:
                con.execute(f'REINDEX "{_quoted(name)}"')
            for key in settings:
                con.execute("DELETE FROM project_setting WHERE key = ?", (key,))
            con.execute("COMMIT")
        except sqlite3.DatabaseError as e:
            con.execute("ROLLBACK")
            raise DamagedProject(f"修复项目 {path} 失败（{e}），项目未作任何修改；修复前的备份在 {saved}。"
                                 "请用备份恢复，或在其他电脑上用 gridsafe 导出仍可读取的数据。",
                                 en=f"Repairing project {path} failed ({e}); the project was not changed, the backup "
                                    f"made before is {saved}. Please restore a backup, or export the data still "
                                    "readable with gridsafe on another computer.") from e
        except BaseException:
            con.execute("ROLLBACK")
            raise
    return Repair(saved, [(k, n, "") for k, n in drop], [(own[n][0], n, "") for n in create], stale, settings)


def _quoted(name: str) -> str:
    return name.replace('"', '""')


def _exists(con, kind: str, name: str) -> bool:
    return con.execute("SELECT 1 FROM sqlite_master WHERE type = ? AND name = ?", (kind, name)).fetchone() is not None


def _stale_indexes(con: sqlite3.Connection) -> list[str]:
    rows = con.execute("PRAGMA integrity_check").fetchall()
    if rows == [("ok",)] or not _only_indexes(rows):
        return []
    return sorted(set(re.findall(r"index (\w+)", " ".join(str(r[0]) for r in rows))))
