"""accounts and roles: the `account` table; on PostgreSQL group roles, grants and row-level security

Revision ID: 0017
Revises: 0016
Create Date: 2026-12-05 11:00:00

Issue 16. Accounts are PostgreSQL login roles; `account` says what each is for (role, area code, sector, person).
On SQLite the table is a GeoPackage attribute table and stays empty (a project file is single-user).

On PostgreSQL:
- six group roles per database (gis/accounts.py `group_role`: "gridsafe_member@DB" …) with the grants of
  resources/permissions.yaml — when the migrating login may create roles; otherwise the first `gridsafe users add`
  by an administrator makes them (gis.accounts.install is idempotent). Every group reads every table present now;
  default privileges cover tables later migrations add.
- row-level security on hazard, hazard_event, hazard_photo, patrol_assignment, patrol_stop and account. Who may see
  and change which rows is decided by SECURITY DEFINER functions reading `account` for current_user:
  管理员/指挥中心 see and change everything (by policy, not BYPASSRLS: the rules stay in one place and a login's
  power is visible in `account`); 行业部门 its sector's hazards (within its area if it has one); 网格长 its village;
  网格员 reads its grid's village and changes only its grid(s); 只读 reads (its area if it has one) and has no write
  grant at all.
  A row outside the login's reach that it could see (a 网格员's village) is refused loudly: an AFTER UPDATE/DELETE
  statement trigger (transition table of the old rows) raises SQLSTATE 42501 naming the login and the row, so psql
  and gridsafe both get an error, not "0 rows"; the owner, 管理员 and 指挥中心 cost one check per statement. WITH CHECK keeps a row from being moved out of (or into) the login's reach.
- RLS is ENABLEd, not FORCEd: the table owner (the login that runs migrations and `gridsafe users`) keeps full
  access — it can ALTER TABLE … DISABLE ROW LEVEL SECURITY anyway, so forcing would protect nothing, and it must
  see every row to migrate and reconcile. Superusers bypass RLS in any case.
- gridsafe_max_hazard_code(prefix): the next hazard code must be unique over rows a login cannot see.
Downgrading drops policies, triggers, functions and the table, and revokes the groups' grants; the group roles
themselves stay (they are cluster-wide: DROP ROLE them when no database uses them).
"""
import sqlalchemy as sa
from alembic import op

from gis.model import gpkg

revision = '0017'
down_revision = '0016'
branch_labels = None
depends_on = None

TABLES = ["account"]
RLS_TABLES = ["hazard", "hazard_event", "hazard_photo", "patrol_assignment", "patrol_stop", "account"]
GUARDED = ["hazard", "hazard_event", "hazard_photo", "patrol_assignment", "patrol_stop"]
FUNCTIONS = ["gridsafe_guard()", "gridsafe_may_write_assignment(name, integer)", "gridsafe_may_write_hazard(name, integer)",
             "gridsafe_may_write_at(name, integer, integer, text)", "gridsafe_grids_of(name, boolean)",
             "gridsafe_sector_of(name)", "gridsafe_area_of(name)", "gridsafe_sees_all(name)", "gridsafe_role_of(name)",
             "gridsafe_is_owner(name)", "gridsafe_max_hazard_code(text)"]


def upgrade() -> None:
    op.create_table(
        "account",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("login", sa.String(length=63), nullable=False),
        sa.Column("role", sa.String(length=16), nullable=False),
        sa.Column("area_code", sa.String(length=15), nullable=True),
        sa.Column("sector", sa.String(length=40), nullable=True),
        sa.Column("person_id", sa.Integer(), nullable=True),
        sa.Column("disabled", sa.Boolean(), server_default="0", nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("created_by", sa.String(length=63), nullable=True),
        sa.CheckConstraint("role IN ('admin','command','sector','village','member','readonly')",
                           name=op.f("ck_account_role")),
        sa.ForeignKeyConstraint(["person_id"], ["person.id"], name=op.f("fk_account_person_id_person"),
                                ondelete="SET NULL"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_account")),
        sa.UniqueConstraint("login", name=op.f("uq_account_login")),
    )
    conn = op.get_bind()
    from gis import audit

    audit.install(conn, "account")          # accounts added and disabled are in the audit trail (0016)
    if conn.dialect.name == "sqlite":
        gpkg.register_attributes(conn, TABLES)
        return
    schema = conn.exec_driver_sql("SELECT current_schema()").scalar()
    for sql in _functions(schema):
        conn.exec_driver_sql(sql)
    for table in RLS_TABLES:
        conn.exec_driver_sql(f"ALTER TABLE {table} ENABLE ROW LEVEL SECURITY")
    for sql in _policies():
        conn.exec_driver_sql(sql)
    for table in GUARDED:
        for event in ("update", "delete"):   # one statement-level check per statement (transition tables)
            conn.exec_driver_sql(f"CREATE TRIGGER gridsafe_guard_{event}_{table} AFTER {event.upper()} ON {table} "
                                 "REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION gridsafe_guard()")
    from gis import accounts

    if accounts.may_create_roles(conn):
        accounts.install(conn)


def downgrade() -> None:
    conn = op.get_bind()
    if conn.dialect.name == "sqlite":
        conn.exec_driver_sql("DELETE FROM gpkg_contents WHERE table_name = 'account'")
        op.drop_table("account")
        return
    from gis import accounts

    database = conn.exec_driver_sql("SELECT current_database()").scalar()
    schema = conn.exec_driver_sql("SELECT quote_ident(current_schema())").scalar()
    for role in accounts.ROLES:
        group = accounts.group_role(role, database)
        if conn.exec_driver_sql("SELECT 1 FROM pg_roles WHERE rolname = %(n)s", {"n": group}).first():
            g = accounts._q(group)
            conn.exec_driver_sql(f"ALTER DEFAULT PRIVILEGES IN SCHEMA {schema} REVOKE ALL ON TABLES FROM {g}")
            conn.exec_driver_sql(f"ALTER DEFAULT PRIVILEGES IN SCHEMA {schema} REVOKE ALL ON SEQUENCES FROM {g}")
            conn.exec_driver_sql(f"REVOKE ALL ON ALL TABLES IN SCHEMA {schema} FROM {g}")
            conn.exec_driver_sql(f"REVOKE ALL ON ALL SEQUENCES IN SCHEMA {schema} FROM {g}")
            conn.exec_driver_sql(f"REVOKE ALL ON SCHEMA {schema} FROM {g}")
    for table in GUARDED:
        for event in ("update", "delete"):
            conn.exec_driver_sql(f"DROP TRIGGER gridsafe_guard_{event}_{table} ON {table}")
    for table in RLS_TABLES:
        for name in conn.exec_driver_sql("SELECT policyname FROM pg_policies WHERE schemaname = current_schema() "
                                         "AND tablename = %(t)s", {"t": table}).scalars():
            conn.exec_driver_sql(f"DROP POLICY {name} ON {table}")
        conn.exec_driver_sql(f"ALTER TABLE {table} DISABLE ROW LEVEL SECURITY")
    op.drop_table("account")
    for fn in FUNCTIONS:
        conn.exec_driver_sql(f"DROP FUNCTION {fn}")


# --- PostgreSQL ------------------------------------------------------------------------------------------------

def _definer(name: str, args: str, returns: str, body: str) -> str:
    """A SECURITY DEFINER SQL function: it reads `account` and the grids as the owner. Every table is named with
    its schema and search_path is fixed, so a login's temporary table cannot stand in for `account`."""
    return (f"CREATE FUNCTION {name}({args}) RETURNS {returns} LANGUAGE sql STABLE SECURITY DEFINER "
            f"SET search_path = pg_catalog, pg_temp AS $$ {body} $$")


def _functions(s: str) -> list[str]:
    q = f'"{s}"'
    enabled = f"FROM {q}.account a WHERE a.login = $1 AND NOT a.disabled"
    return [
        # the owner of the project's tables (who runs migrations) and superusers: not limited
        _definer("gridsafe_is_owner", "login name", "boolean",
                 f"SELECT coalesce((SELECT r.rolsuper FROM pg_roles r WHERE r.rolname = $1), false) OR "
                 f"pg_has_role($1, (SELECT c.relowner FROM pg_class c WHERE c.oid = '{q}.account'::regclass), "
                 "'MEMBER')"),
        _definer("gridsafe_role_of", "login name", "text", f"SELECT a.role {enabled}"),
        _definer("gridsafe_sees_all", "login name", "boolean",
                 f"SELECT coalesce((SELECT a.role IN ('admin', 'command') {enabled}), false)"),
        _definer("gridsafe_area_of", "login name", "text", f"SELECT a.area_code {enabled}"),
        _definer("gridsafe_sector_of", "login name", "text", f"SELECT a.sector {enabled}"),
        # the grids a login reads (writing false) or changes (true): its area is a code prefix (6/9/12/15 digits);
        # a 网格员 of one grid reads the grid's village
        _definer("gridsafe_grids_of", "login name, writing boolean", "SETOF integer",
                 f"SELECT g.id FROM {q}.account a, LATERAL (SELECT CASE WHEN NOT $2 AND a.role = 'member' "
                 "AND length(a.area_code) > 12 THEN left(a.area_code, 12) ELSE a.area_code END AS prefix) x, "
                 f"{q}.grid g WHERE a.login = $1 AND NOT a.disabled AND a.area_code IS NOT NULL "
                 "AND left(g.code, length(x.prefix)) = x.prefix"),
        # may the login change a row in grid `grid` (else the site's grid) of sector `sector` (NULL: not checked)?
        _definer("gridsafe_may_write_at", "login name, grid integer, site integer, sector text", "boolean",
                 f"SELECT {q}.gridsafe_is_owner($1) OR coalesce((SELECT CASE "
                 "WHEN a.role IN ('admin', 'command') THEN true "
                 "WHEN a.role IN ('sector', 'village', 'member') THEN "
                 "(a.sector IS NULL OR $4 IS NULL OR a.sector = $4) AND (a.area_code IS NULL OR EXISTS ("
                 f"SELECT 1 FROM {q}.grid g WHERE g.id = coalesce($2, (SELECT s.grid_id FROM {q}.site s "
                 "WHERE s.id = $3)) AND left(g.code, length(a.area_code)) = a.area_code)) "
                 f"ELSE false END {enabled}), false)"),
        # a row under a hazard or an assignment: as its parent. A parent already gone is a cascade of a delete that
        # was itself checked (an insert under a missing parent fails its foreign key anyway)
        _definer("gridsafe_may_write_hazard", "login name, hazard integer", "boolean",
                 f"SELECT coalesce((SELECT {q}.gridsafe_may_write_at($1, h.grid_id, h.site_id, coalesce(h.sector, '')) "
                 f"FROM {q}.hazard h WHERE h.id = $2), true)"),
        _definer("gridsafe_may_write_assignment", "login name, assignment integer", "boolean",
                 f"SELECT coalesce((SELECT {q}.gridsafe_may_write_at($1, p.grid_id, NULL, NULL) "
                 f"FROM {q}.patrol_assignment p WHERE p.id = $2), true)"),
        _definer("gridsafe_max_hazard_code", "prefix text", "text",
                 f"SELECT max(h.code) FROM {q}.hazard h WHERE left(h.code, length($1)) = $1"),
        # UPDATE/DELETE of rows the login may see but not change: an error naming both, not "0 rows". Once per
        # statement: an administrator's bulk write (a re-plan deleting thousands of stops) asks about the login once
        "CREATE FUNCTION gridsafe_guard() RETURNS trigger LANGUAGE plpgsql AS $$ DECLARE bad integer; BEGIN "
        f"IF {q}.gridsafe_is_owner(current_user) OR {q}.gridsafe_sees_all(current_user) THEN RETURN NULL; END IF; "
        "IF TG_TABLE_NAME = 'hazard' THEN SELECT o.id INTO bad FROM old_rows o WHERE NOT "
        f"{q}.gridsafe_may_write_at(current_user, o.grid_id, o.site_id, coalesce(o.sector, '')) LIMIT 1; "
        "ELSIF TG_TABLE_NAME = 'patrol_assignment' THEN SELECT o.id INTO bad FROM old_rows o WHERE NOT "
        f"{q}.gridsafe_may_write_at(current_user, o.grid_id, NULL, NULL) LIMIT 1; "
        "ELSIF TG_TABLE_NAME = 'patrol_stop' THEN SELECT o.id INTO bad FROM old_rows o WHERE NOT "
        f"{q}.gridsafe_may_write_assignment(current_user, o.assignment_id) LIMIT 1; "
        "ELSE SELECT o.id INTO bad FROM old_rows o WHERE NOT "
        f"{q}.gridsafe_may_write_hazard(current_user, o.hazard_id) LIMIT 1; END IF; "
        "IF bad IS NOT NULL THEN RAISE EXCEPTION USING ERRCODE = 'insufficient_privilege', "
        "MESSAGE = 'gridsafe: login ' || current_user || ' may not change ' || TG_TABLE_NAME || ' ' || bad "
        "|| ' outside its area', TABLE = TG_TABLE_NAME; END IF; RETURN NULL; END $$",
    ]


# once per statement (an InitPlan), not per row
SEES_ALL = "(SELECT gridsafe_sees_all(current_user))"
ROLE = "(SELECT gridsafe_role_of(current_user))"
AREA = "(SELECT gridsafe_area_of(current_user))"
SECTOR = "(SELECT gridsafe_sector_of(current_user))"
READ_GRIDS = "(SELECT gridsafe_grids_of(current_user, false))"


def _policies() -> list[str]:
    hazard_read = (
        f"{SEES_ALL} OR ({ROLE} IS NOT NULL AND ({SECTOR} IS NULL OR sector = {SECTOR}) AND ({AREA} IS NULL "
        f"OR grid_id IN {READ_GRIDS} OR (grid_id IS NULL AND site_id IN (SELECT s.id FROM site s WHERE s.grid_id IN "
        f"{READ_GRIDS}))))")
    hazard_write = f"{SEES_ALL} OR gridsafe_may_write_at(current_user, grid_id, site_id, coalesce(sector, ''))"
    assignment_read = f"{SEES_ALL} OR ({ROLE} IS NOT NULL AND ({AREA} IS NULL OR grid_id IN {READ_GRIDS}))"
    assignment_write = f"{SEES_ALL} OR gridsafe_may_write_at(current_user, grid_id, NULL, NULL)"
    rules = {
        "hazard": (hazard_read, hazard_write),
        "hazard_event": (f"{SEES_ALL} OR hazard_id IN (SELECT h.id FROM hazard h)",
                         f"{SEES_ALL} OR gridsafe_may_write_hazard(current_user, hazard_id)"),
        "hazard_photo": (f"{SEES_ALL} OR hazard_id IN (SELECT h.id FROM hazard h)",
                         f"{SEES_ALL} OR gridsafe_may_write_hazard(current_user, hazard_id)"),
        "patrol_assignment": (assignment_read, assignment_write),
        "patrol_stop": (f"{SEES_ALL} OR assignment_id IN (SELECT p.id FROM patrol_assignment p)",
                        f"{SEES_ALL} OR gridsafe_may_write_assignment(current_user, assignment_id)"),
    }
    out = []
    for table, (read, write) in rules.items():
        out += [f"CREATE POLICY {table}_read ON {table} FOR SELECT USING ({read})",
                f"CREATE POLICY {table}_insert ON {table} FOR INSERT WITH CHECK ({write})",
                f"CREATE POLICY {table}_update ON {table} FOR UPDATE USING ({read}) WITH CHECK ({write})",
                f"CREATE POLICY {table}_delete ON {table} FOR DELETE USING ({read})"]
    # an account sees its own row; an administrator all, and only an administrator changes them
    out += ["CREATE POLICY account_read ON account FOR SELECT USING (login = current_user OR " + SEES_ALL + ")",
            "CREATE POLICY account_admin ON account FOR ALL USING ((SELECT gridsafe_role_of(current_user)) = 'admin') "
            "WITH CHECK ((SELECT gridsafe_role_of(current_user)) = 'admin')"]
    return out
