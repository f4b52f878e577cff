"""The audit trail's database side: the triggers that write `audit_log`, on SQLite and PostgreSQL alike, so an
edit from QGIS, GDAL, psql or the sqlite3 shell is recorded as gridsafe's own are.

Migration 0016 calls `create(conn)` then `install(conn, table)` for every data table present (`data_tables`);
a later migration that adds a table, or adds/drops columns of one, calls `install(conn, table)` for it again
(SQLite's triggers name the columns; it replaces them).

What a row records:
- insert: new_values = the whole row; delete: old_values = the whole row; update: old_values and new_values of
  the columns whose value changed (an update that changes nothing writes no row).
- Geometry is kept compact, never the whole shape (a grid polygon is kilobytes; an import of 36,000 sites would
  double the file): on SQLite `gpkg:<bytes>:<hex of the first 61 bytes>` — the GeoPackage header with its
  envelope, and for a point the point itself (the triggers may call no function a plain sqlite3 client lacks, so
  no hash and no WKT); on PostgreSQL `POINT(x y)` for points, else `box:<WKB bytes>:<xmin> <ymin> <xmax> <ymax>`.
  Whether it changed is decided on the whole value. gis.audit.log.show_value turns both into words.
- Binary columns (photos): `bytes:<n>`.
- gridsafe's own bulk inserts (gis.bulk.bulk_insert: imports, the demo; gis.model.audit.compact_inserts) record
  who, when and each new record's id, not a copy of its values: the row as inserted is the data itself, and a
  copy doubled an import's time and tripled the demo file.
- Who: PostgreSQL — session_user (the login role), current_setting('gridsafe.operator') (the operator gridsafe
  sets per write transaction) and application_name (gridsafe connects as 'gridsafe'). SQLite has no users: the
  operator and the application are read from the one-row table `audit_operator`, which gridsafe fills right after
  BEGIN IMMEDIATE and empties before COMMIT (gis.model.audit.set_operator/clear_operator, called by
  gis.store.Project.transaction). Writers are serialised by the write lock, so no other client's write can see
  the row: another program's edit records neither (shown as 外部程序/未知). A crash mid-transaction rolls the
  row back with everything else.

audit_log is append-only: SQLite BEFORE UPDATE/DELETE triggers RAISE(ABORT); PostgreSQL a statement trigger
refusing UPDATE, DELETE and TRUNCATE, and those privileges revoked from PUBLIC.
"""
from __future__ import annotations

from gis.errors import AUDIT_APPEND_ONLY

AUDIT_TABLE = "audit_log"
OPERATOR_TABLE = "audit_operator"
# not audited: GeoPackage/PostGIS/SQLite internals, alembic's version, the audit tables themselves, and the
# geometry_edit queue (written by triggers, emptied by gis.reconcile: bookkeeping, not data)
NOT_AUDITED_PREFIXES = ("gpkg_", "rtree_", "sqlite_")
NOT_AUDITED = {"alembic_version", "spatial_ref_sys", AUDIT_TABLE, OPERATOR_TABLE, "geometry_edit"}
ACTIONS = ("insert", "update", "delete")
REFUSED = AUDIT_APPEND_ONLY[0]     # what the append-only triggers say (gis.errors keeps its English)
_GEOMETRY_TYPES = {"GEOMETRY", "POINT", "LINESTRING", "POLYGON", "MULTIPOINT", "MULTILINESTRING", "MULTIPOLYGON",
                   "GEOMETRYCOLLECTION", "CURVEPOLYGON", "MULTISURFACE", "MULTICURVE"}
_PAIRS_PER_CALL = 50   # json_object(k, v, ...): SQLite allows 127 arguments per function call


def audited(table: str) -> bool:
    return table not in NOT_AUDITED and not table.startswith(NOT_AUDITED_PREFIXES)


def data_tables(conn) -> list[str]:
    """The gridsafe data tables present in the database (what migration 0016 audits)."""
    if conn.dialect.name == "sqlite":
        rows = conn.exec_driver_sql(
            "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'").fetchall()
    else:
        rows = conn.exec_driver_sql(
            "SELECT c.relname FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace "
            "WHERE c.relkind IN ('r', 'p') AND n.nspname = current_schema() "
            "AND NOT EXISTS (SELECT 1 FROM pg_depend d WHERE d.objid = c.oid AND d.deptype = 'e')").fetchall()
    return sorted(r[0] for r in rows if audited(r[0]))


def create(conn) -> None:
    """The audit's own objects (the tables come from the migration): append-only guards, PostgreSQL's functions."""
    if conn.dialect.name == "sqlite":
        for event in ("UPDATE", "DELETE"):
            conn.exec_driver_sql(
                f"CREATE TRIGGER {AUDIT_TABLE}_no_{event.lower()} BEFORE {event} ON {AUDIT_TABLE} "
                f"BEGIN SELECT RAISE(ABORT, '{REFUSED}'); END")
        return
    conn.exec_driver_sql(_PG_COMPACT)
    conn.exec_driver_sql(_PG_FUNCTION)
    conn.exec_driver_sql(
        "CREATE FUNCTION gridsafe_audit_refuse() RETURNS trigger LANGUAGE plpgsql AS "
        f"$$ BEGIN RAISE EXCEPTION '{REFUSED}' USING ERRCODE = 'insufficient_privilege'; END $$")
    conn.exec_driver_sql(
        f"CREATE TRIGGER {AUDIT_TABLE}_append_only BEFORE UPDATE OR DELETE OR TRUNCATE ON {AUDIT_TABLE} "
        "FOR EACH STATEMENT EXECUTE FUNCTION gridsafe_audit_refuse()")
    conn.exec_driver_sql(f"REVOKE UPDATE, DELETE, TRUNCATE ON {AUDIT_TABLE} FROM PUBLIC")


def drop(conn) -> None:
    """Undo `create` and every table's audit triggers (the migration's downgrade drops the tables)."""
    for table in data_tables(conn):
        uninstall(conn, table)
    if conn.dialect.name == "sqlite":
        for event in ("update", "delete"):
            conn.exec_driver_sql(f"DROP TRIGGER IF EXISTS {AUDIT_TABLE}_no_{event}")
        return
    conn.exec_driver_sql(f"DROP TRIGGER IF EXISTS {AUDIT_TABLE}_append_only ON {AUDIT_TABLE}")
    for fn in ("gridsafe_audit()", "gridsafe_audit_refuse()", "gridsafe_audit_compact(jsonb)"):
        conn.exec_driver_sql(f"DROP FUNCTION IF EXISTS {fn}")


def install(conn, table: str) -> None:
    """Audit `table` (again): a later migration calls this for a table it adds and after changing its columns."""
    uninstall(conn, table)
    if conn.dialect.name == "sqlite":
        for sql in sqlite_triggers(conn, table):
            conn.exec_driver_sql(sql)
        return
    pk, compact = _pg_columns(conn, table)
    args = ", ".join(f"'{c}'" for c in (pk, *compact))
    conn.exec_driver_sql(
        f'CREATE TRIGGER audit_{table} AFTER INSERT OR UPDATE OR DELETE ON "{table}" '
        f"FOR EACH ROW EXECUTE FUNCTION gridsafe_audit({args})")


def uninstall(conn, table: str) -> None:
    if conn.dialect.name == "sqlite":
        for action in ACTIONS:
            conn.exec_driver_sql(f"DROP TRIGGER IF EXISTS audit_{table}_{action}")
    else:
        conn.exec_driver_sql(f'DROP TRIGGER IF EXISTS audit_{table} ON "{table}"')


# --- SQLite ----------------------------------------------------------------------------------------------

def _sqlite_columns(conn, table: str) -> tuple[str, list[tuple[str, str]]]:
    """(primary key column, [(column, kind)]) with kind geometry | blob | plain."""
    info = conn.exec_driver_sql(f'PRAGMA table_info("{table}")').fetchall()
    pk = next((r[1] for r in info if r[5] == 1), info[0][1])
    cols = []
    for _cid, name, declared, *_ in info:
        base = (declared or "").upper().split("(")[0].strip()
        kind = "geometry" if base in _GEOMETRY_TYPES else "blob" if base == "BLOB" else "plain"
        cols.append((name, kind))
    return pk, cols


def _ref(row: str, column: str) -> str:
    return f'{row}."{column}"'


def _sqlite_value(ref: str, kind: str) -> str:
    if kind == "geometry":
        return f"'gpkg:' || length({ref}) || ':' || hex(substr({ref}, 1, 61))"
    if kind == "blob":
        return f"'bytes:' || length({ref})"
    return ref


def _sqlite_object(row: str, cols: list[tuple[str, str]]) -> str:
    parts = [", ".join(f"'{c}', {_sqlite_value(_ref(row, c), k)}" for c, k in cols[i:i + _PAIRS_PER_CALL])
             for i in range(0, len(cols), _PAIRS_PER_CALL)]
    out = f"json_object({parts[0]})"
    for p in parts[1:]:
        out = f"json_patch({out}, json_object({p}))"
    return out


_SQLITE_HEAD = "INSERT INTO audit_log (at, operator, application, table_name, record_id, action, old_values, new_values) "
_SQLITE_NOW = "strftime('%Y-%m-%d %H:%M:%f', 'now', 'localtime') || '000'"   # microseconds, as SQLAlchemy writes them
# who is writing: gridsafe's row in audit_operator, if any (one lookup per audited row)
_SQLITE_WHO = f"(SELECT 1) LEFT JOIN {OPERATOR_TABLE} w ON w.id = 1"


def sqlite_triggers(conn, table: str) -> list[str]:
    """The three CREATE TRIGGER statements auditing `table`, from its columns as they are now. Inside gridsafe's
    bulk inserts (gis.model.audit.compact_inserts: imports, the demo) an insert's row keeps who, when and the
    record id, not a copy of its values."""
    pk, cols = _sqlite_columns(conn, table)
    on = f'AFTER {{}} ON "{table}"'
    insert = (f"CREATE TRIGGER audit_{table}_insert {on.format('INSERT')} BEGIN {_SQLITE_HEAD}"
              f"SELECT {_SQLITE_NOW}, w.name, w.application, '{table}', {_ref('NEW', pk)}, 'insert', NULL, "
              f"CASE WHEN w.bulk THEN NULL ELSE {_sqlite_object('NEW', cols)} END FROM {_SQLITE_WHO}; END")
    delete = (f"CREATE TRIGGER audit_{table}_delete {on.format('DELETE')} BEGIN {_SQLITE_HEAD}"
              f"SELECT {_SQLITE_NOW}, w.name, w.application, '{table}', {_ref('OLD', pk)}, 'delete', "
              f"{_sqlite_object('OLD', cols)}, NULL FROM {_SQLITE_WHO}; END")
    changed = [f'OLD."{c}" IS NOT NEW."{c}"' for c, _ in cols]
    arms = " UNION ALL ".join(
        f"SELECT '{c}' AS k, {_sqlite_value(_ref('OLD', c), k)} AS ov, {_sqlite_value(_ref('NEW', c), k)} AS nv "
        f"WHERE {test}" for (c, k), test in zip(cols, changed, strict=True))
    update = (f"CREATE TRIGGER audit_{table}_update {on.format('UPDATE')} WHEN {' OR '.join(changed)} BEGIN "
              f"{_SQLITE_HEAD}SELECT {_SQLITE_NOW}, w.name, w.application, '{table}', {_ref('NEW', pk)}, 'update', "
              f"json_group_object(k, ov), json_group_object(k, nv) FROM ({arms}) CROSS JOIN ({_SQLITE_WHO}); END")
    return [insert, update, delete]


# --- PostgreSQL ------------------------------------------------------------------------------------------

def _pg_columns(conn, table: str) -> tuple[str, list[str]]:
    """(primary key column, [geometry and bytea columns])."""
    pk = conn.exec_driver_sql(
        "SELECT a.attname FROM pg_index i JOIN pg_attribute a ON a.attrelid = i.indrelid AND a.attnum = i.indkey[0] "
        "WHERE i.indrelid = %s::regclass AND i.indisprimary", (f'"{table}"',)).scalar() or "id"
    compact = [r[0] for r in conn.exec_driver_sql(
        "SELECT a.attname FROM pg_attribute a WHERE a.attrelid = %s::regclass AND a.attnum > 0 "
        "AND NOT a.attisdropped AND format_type(a.atttypid, NULL) IN ('geometry', 'bytea') ORDER BY a.attnum",
        (f'"{table}"',)).fetchall()]
    return pk, compact


# a geometry arrives as to_jsonb's GeoJSON, a bytea as '\x…' text
_PG_COMPACT = r"""
CREATE FUNCTION gridsafe_audit_compact(v jsonb) RETURNS jsonb LANGUAGE plpgsql IMMUTABLE AS $$
DECLARE g geometry;
BEGIN
  IF v IS NULL OR jsonb_typeof(v) = 'null' THEN
    RETURN v;
  ELSIF jsonb_typeof(v) = 'string' THEN
    RETURN to_jsonb('bytes:' || ((length(v #>> '{}') - 2) / 2));
  ELSIF v ->> 'type' = 'Point' THEN
    RETURN to_jsonb('POINT(' || (v -> 'coordinates' ->> 0) || ' ' || (v -> 'coordinates' ->> 1) || ')');
  END IF;
  g := ST_GeomFromGeoJSON(v);
  RETURN to_jsonb('box:' || octet_length(ST_AsBinary(g)) || ':' || ST_XMin(g) || ' ' || ST_YMin(g) || ' '
                  || ST_XMax(g) || ' ' || ST_YMax(g));   -- (no format(): a driver takes %s for a parameter)
END $$
"""

# TG_ARGV[0] = the primary key column, the rest = columns kept compact (geometry, bytea). SECURITY DEFINER: every
# login's change is recorded (session_user stays the login) without granting anyone INSERT on audit_log
_PG_FUNCTION = r"""
CREATE FUNCTION gridsafe_audit() RETURNS trigger LANGUAGE plpgsql SECURITY DEFINER AS $$
DECLARE
  o jsonb; n jsonb; rid text; col text; i int;
BEGIN
  IF TG_OP <> 'INSERT' THEN o := to_jsonb(OLD); END IF;
  IF TG_OP <> 'DELETE' THEN n := to_jsonb(NEW); END IF;
  rid := coalesce(n, o) ->> TG_ARGV[0];
  IF TG_OP = 'INSERT' AND current_setting('gridsafe.audit_bulk', true) = 'on' THEN
    n := NULL;   -- gridsafe's bulk insert: who, when and the id, not a copy of the values
  END IF;
  IF TG_OP = 'UPDATE' THEN
    SELECT jsonb_object_agg(e.key, o -> e.key), jsonb_object_agg(e.key, e.value) INTO o, n
      FROM jsonb_each(n) e WHERE e.value IS DISTINCT FROM o -> e.key;
    IF n IS NULL THEN RETURN NULL; END IF;
  END IF;
  FOR i IN 1 .. TG_NARGS - 1 LOOP
    col := TG_ARGV[i];
    IF o ? col THEN o := jsonb_set(o, ARRAY[col], coalesce(gridsafe_audit_compact(o -> col), 'null')); END IF;
    IF n ? col THEN n := jsonb_set(n, ARRAY[col], coalesce(gridsafe_audit_compact(n -> col), 'null')); END IF;
  END LOOP;
  -- the schema named: the function runs as its owner (roles may not write audit_log themselves), so a login's
  -- own temporary table called audit_log must not catch the row
  EXECUTE 'INSERT INTO ' || quote_ident(TG_TABLE_SCHEMA) || '.audit_log (at, db_user, operator, application, '
          'table_name, record_id, action, old_values, new_values) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)'
    USING localtimestamp, session_user, nullif(current_setting('gridsafe.operator', true), ''),
          nullif(current_setting('application_name', true), ''), TG_TABLE_NAME, rid, lower(TG_OP), o, n;
  RETURN NULL;
END $$
"""
