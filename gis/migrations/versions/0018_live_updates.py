"""live updates: every table notifies the other workstations of what a committed transaction changed (PostgreSQL)

Revision ID: 0018
Revises: 0017
Create Date: 2026-12-05 11:00:00

Issue 16 (live updates). PostgreSQL only; a SQLite project (single user) is unchanged:
- `gridsafe_notify(key)`: a statement-level AFTER trigger function with transition tables; one
  pg_notify('gridsafe_changes', JSON {table, op, ids, client, pid}) per statement that touched rows (gis/live.py
  reads it). `ids` = the distinct values of column `key` in the rows (old and new), "all" beyond 200 or without a key.
  NOTIFY is delivered when the transaction commits, never for one rolled back.
- `gridsafe_watch(table, key)`: creates the three triggers `<table>_notify_insert|update|delete` on a table. This
  migration runs it for every table of the project's schema present now (but alembic's, PostGIS's, geometry_edit and
  audit_log); a later migration adding a table calls it for that table (gis.live.watch_sql).
"""
from alembic import op

revision = '0018'
down_revision = '0017'
branch_labels = None
depends_on = None

CHANNEL = "gridsafe_changes"
IDS_CAP = 200
SILENT = ("alembic_version", "spatial_ref_sys", "geometry_edit", "audit_log", "audit_operator", "account")
# child tables notify their parent's ids (what the views show); other tables their own id, or nothing without one
KEYS = {"hazard_event": "hazard_id", "hazard_photo": "hazard_id", "grid_code_history": "grid_id",
        "role_assignment": "person_id", "unavailability": "person_id", "patrol_stop": "assignment_id",
        "campaign_phase": "campaign_id", "enforcement_action": "", "project_setting": "",
        "tipoff_event": "tipoff_id", "tipoff_photo": "tipoff_id"}

NOTIFY = f"""CREATE FUNCTION gridsafe_notify() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
    key text := coalesce(TG_ARGV[0], '');
    n bigint;
    ids jsonb := '"all"';
BEGIN
    IF TG_OP = 'DELETE' THEN
        SELECT count(*) INTO n FROM old_rows;
    ELSE
        SELECT count(*) INTO n FROM new_rows;
    END IF;
    IF n = 0 THEN
        RETURN NULL;
    END IF;
    IF key <> '' AND n <= {IDS_CAP} THEN
        IF TG_OP = 'INSERT' THEN
            EXECUTE format('SELECT coalesce(jsonb_agg(DISTINCT k), ''[]'') FROM (SELECT %I AS k FROM new_rows) r', key)
                INTO ids;
        ELSIF TG_OP = 'DELETE' THEN
            EXECUTE format('SELECT coalesce(jsonb_agg(DISTINCT k), ''[]'') FROM (SELECT %I AS k FROM old_rows) r', key)
                INTO ids;
        ELSE
            EXECUTE format('SELECT coalesce(jsonb_agg(DISTINCT k), ''[]'') FROM '
                           '(SELECT %I AS k FROM new_rows UNION SELECT %I FROM old_rows) r', key, key)
                INTO ids;
        END IF;
    END IF;
    PERFORM pg_notify('{CHANNEL}', json_build_object(
        'table', TG_TABLE_NAME, 'op', TG_OP, 'ids', ids,
        'client', current_setting('gridsafe.client', true), 'pid', pg_backend_pid())::text);
    RETURN NULL;
END $$"""

WATCH = """CREATE FUNCTION gridsafe_watch(tbl text, key text) RETURNS void LANGUAGE plpgsql AS $$
BEGIN
    EXECUTE format('CREATE TRIGGER %I AFTER INSERT ON %I REFERENCING NEW TABLE AS new_rows '
                   'FOR EACH STATEMENT EXECUTE FUNCTION gridsafe_notify(%L)', tbl || '_notify_insert', tbl, key);
    EXECUTE format('CREATE TRIGGER %I AFTER UPDATE ON %I REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows '
                   'FOR EACH STATEMENT EXECUTE FUNCTION gridsafe_notify(%L)', tbl || '_notify_update', tbl, key);
    EXECUTE format('CREATE TRIGGER %I AFTER DELETE ON %I REFERENCING OLD TABLE AS old_rows '
                   'FOR EACH STATEMENT EXECUTE FUNCTION gridsafe_notify(%L)', tbl || '_notify_delete', tbl, key);
END $$"""


def _tables(conn) -> list[tuple[str, bool]]:
    """(table, has an id column) for every table of the current schema that notifies."""
    rows = conn.exec_driver_sql(
        "SELECT c.relname, EXISTS (SELECT 1 FROM pg_attribute a WHERE a.attrelid = c.oid AND a.attname = 'id' "
        "AND NOT a.attisdropped) FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace "
        "WHERE n.nspname = current_schema() AND c.relkind = 'r' "
        "AND NOT EXISTS (SELECT 1 FROM pg_depend d WHERE d.objid = c.oid AND d.deptype = 'e') "
        "ORDER BY c.relname").fetchall()
    return [(name, has_id) for name, has_id in rows if name not in SILENT]


def upgrade() -> None:
    conn = op.get_bind()
    if conn.dialect.name != "postgresql":
        return
    for sql in (NOTIFY, WATCH):   # the driver reads % as its placeholders: format()'s %I/%L are written %%
        conn.exec_driver_sql(sql.replace("%", "%%"))
    for table, has_id in _tables(conn):
        key = KEYS.get(table, "id" if has_id else "")
        conn.exec_driver_sql(f"SELECT gridsafe_watch('{table}', '{key}')")


def downgrade() -> None:
    conn = op.get_bind()
    if conn.dialect.name != "postgresql":
        return
    rows = conn.exec_driver_sql(
        "SELECT tg.tgname, c.relname FROM pg_trigger tg JOIN pg_class c ON c.oid = tg.tgrelid "
        "JOIN pg_namespace n ON n.oid = c.relnamespace JOIN pg_proc p ON p.oid = tg.tgfoid "
        "WHERE n.nspname = current_schema() AND p.proname = 'gridsafe_notify'").fetchall()
    for trigger, table in rows:
        conn.exec_driver_sql(f'DROP TRIGGER "{trigger}" ON "{table}"')
    conn.exec_driver_sql("DROP FUNCTION gridsafe_watch(text, text)")
    conn.exec_driver_sql("DROP FUNCTION gridsafe_notify()")
