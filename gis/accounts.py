"""Accounts of a PostgreSQL project: each is a PostgreSQL login role, member of one of six group roles.

Group roles (NOLOGIN) are made per database: `gridsafe_<role>@<database>` (e.g. "gridsafe_member@township"). Roles
are cluster-wide and several projects may share one server: a group per database keeps a 网格员 of one project out of
another's tables (a login can CONNECT to any database by default, but only this database's groups hold grants on this
database's tables). Renaming the database keeps the old names working (grants follow the role, not its name); a
project copied into another database gets its own groups when `gridsafe users add` first runs there.

`install(conn)` creates the groups and grants what resources/permissions.yaml says (SELECT on every table to every
group, then each role's writes; default privileges give tables created later by the same owner the read grant, and
admin/command their writes). Migration 0017 runs it when its login may create roles; `gridsafe users add` runs it
again (it is idempotent) so a project migrated by a login without CREATEROLE gets its groups from the first
administrator who adds an account. Passwords stay with PostgreSQL: they are hashed on the client (SCRAM) before
CREATE ROLE, so the plain text never reaches the server's statement log.
"""
from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass
from datetime import datetime

from gis import permissions
from gis.errors import AUDIT_APPEND_ONLY, ValidationError
from gis.permissions import Account

ROLES = tuple(permissions.roles())
NEVER_WRITTEN = ("alembic_version",)   # only migrations write these
LOGIN_NAME = re.compile(r"^[A-Za-z\u4e00-\u9fff][A-Za-z0-9_.\-\u4e00-\u9fff]{0,30}$")

SQLITE_MESSAGE = (
    "账号和角色需要 PostgreSQL 模式：SQLite 项目文件是单用户的，任何能打开文件的人都能修改全部数据，"
    "操作人只记录在办理记录中。要让多人按角色使用同一个项目，请先把项目复制到 PostgreSQL 数据库："
    "gridsafe db copy 项目.gridsafe postgresql://用户@服务器/数据库 ，再用 gridsafe users add 为每人登记账号。")


def group_role(role: str, database: str) -> str:
    """The group role of `role` in `database` (at most 63 bytes: a long database name is shortened with a hash)."""
    name = f"gridsafe_{role}@{database}"
    if len(name.encode("utf-8")) <= 63:
        return name
    digest = hashlib.sha1(database.encode("utf-8")).hexdigest()[:8]
    head = database.encode("utf-8")[:40].decode("utf-8", "ignore")
    return f"gridsafe_{role}@{head}~{digest}"


def _q(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


def _database(conn) -> str:
    return conn.exec_driver_sql("SELECT current_database()").scalar()


def may_create_roles(conn) -> bool:
    return bool(conn.exec_driver_sql(
        "SELECT rolsuper OR rolcreaterole FROM pg_roles WHERE rolname = current_user").scalar())


def _own_tables(conn) -> list[str]:
    """The tables of the current schema this login owns (PostGIS's spatial_ref_sys and other tools' are not ours)."""
    rows = conn.exec_driver_sql(
        "SELECT c.relname FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace "
        "WHERE n.nspname = current_schema() AND c.relkind IN ('r', 'p', 'v') "
        "AND pg_has_role(current_user, c.relowner, 'MEMBER') "
        "AND NOT EXISTS (SELECT 1 FROM pg_depend d WHERE d.objid = c.oid AND d.deptype = 'e') ORDER BY 1").fetchall()
    return [r[0] for r in rows]


def _expand(names: list[str], tables: list[str], exclude: list[str]) -> list[str]:
    out = tables if "*" in names else [t for t in names if t in tables]
    return [t for t in out if t not in exclude and t not in NEVER_WRITTEN]


def install(conn) -> list[str]:
    """Create the six group roles of this database (if missing) and grant them what permissions.yaml says on
    every table now present. Returns the group names. Needs a login that may create roles and owns the tables."""
    database = _database(conn)
    schema = _q(conn.exec_driver_sql("SELECT current_schema()").scalar())
    tables = _own_tables(conn)
    grants = permissions.rules()["grants"]
    groups = []
    for role in ROLES:
        group = group_role(role, database)
        groups.append(group)
        exists = conn.exec_driver_sql("SELECT 1 FROM pg_roles WHERE rolname = %(n)s", {"n": group}).first()
        if not exists:
            conn.exec_driver_sql(f"CREATE ROLE {_q(group)} NOLOGIN")
            conn.exec_driver_sql(f"COMMENT ON ROLE {_q(group)} IS "
                                 + _literal(f"gridsafe {permissions.role_label(role)}（数据库 {database}）"))
        g = _q(group)
        conn.exec_driver_sql(f"GRANT USAGE ON SCHEMA {schema} TO {g}")
        conn.exec_driver_sql(f"GRANT SELECT ON {', '.join(_q(t) for t in tables)} TO {g}")
        private = [t for t in permissions.rules().get("private", []) if t in tables]
        if private and not permissions.rules()["roles"][role].get("sees_all"):
            conn.exec_driver_sql(f"REVOKE SELECT ON {', '.join(_q(t) for t in private)} FROM {g}")
        conn.exec_driver_sql(f"ALTER DEFAULT PRIVILEGES IN SCHEMA {schema} GRANT SELECT ON TABLES TO {g}")
        spec = grants.get(role) or {}
        exclude = spec.get("except", [])
        writes = False
        for privilege in ("all", "insert", "update", "delete"):
            names = _expand(spec.get(privilege, []), tables, exclude)
            if names:
                writes = True
                conn.exec_driver_sql(f"GRANT {privilege.upper()} ON {', '.join(_q(t) for t in names)} TO {g}")
            if "*" in spec.get(privilege, []):   # tables later migrations add: the same
                conn.exec_driver_sql(
                    f"ALTER DEFAULT PRIVILEGES IN SCHEMA {schema} GRANT {privilege.upper()} ON TABLES TO {g}")
        if writes:   # serial ids
            conn.exec_driver_sql(f"GRANT USAGE, SELECT ON ALL SEQUENCES IN SCHEMA {schema} TO {g}")
            conn.exec_driver_sql(f"ALTER DEFAULT PRIVILEGES IN SCHEMA {schema} GRANT USAGE, SELECT ON SEQUENCES TO {g}")
    return groups


def installed(conn) -> bool:
    database = _database(conn)
    names = [group_role(r, database) for r in ROLES]
    n = conn.exec_driver_sql("SELECT count(*) FROM pg_roles WHERE rolname = ANY(%(n)s)", {"n": names}).scalar()
    return n == len(names)


# --- the login a project was opened with ------------------------------------------------------------------

def current(conn) -> Account | None:
    """The account of the connection's login; None when the login owns the project (or is a superuser): it is the
    project's database administrator, row-level security does not apply to it. SQLite: None."""
    if conn.dialect.name != "postgresql":
        return None
    login, owner = conn.exec_driver_sql(
        "SELECT current_user, r.rolsuper OR pg_has_role(current_user, c.relowner, 'MEMBER') "
        "FROM pg_class c, pg_roles r WHERE c.oid = 'account'::regclass AND r.rolname = current_user").first()
    row = conn.exec_driver_sql(
        "SELECT role, area_code, sector, person_id FROM account WHERE login = current_user AND NOT disabled").first()
    if row is None:
        return None if owner else Account(login, None)
    role, area, sector, person_id = row
    return Account(login, role, area, sector, person_id, area_name(conn, area))


def area_name(conn, code: str | None) -> str | None:
    if not code:
        return None
    table = "grid" if len(code) == 15 else "admin_unit"
    return conn.exec_driver_sql(f"SELECT name FROM {table} WHERE code = %(c)s", {"c": code}).scalar()


# --- an administrator's use cases (each inside the caller's transaction) -------------------------------------

@dataclass(frozen=True)
class Listed:
    login: str
    role: str
    area: str | None
    area_name: str | None
    sector: str | None
    person_id: int | None
    disabled: bool
    can_login: bool | None      # the PostgreSQL role's LOGIN attribute (None: the role is gone)
    created_at: datetime | None
    created_by: str | None

    def as_dict(self) -> dict:
        return {"login": self.login, "role": self.role, "role_label": permissions.role_label(self.role),
                "area": self.area, "area_name": self.area_name, "sector": self.sector, "person_id": self.person_id,
                "disabled": self.disabled, "can_login": self.can_login,
                "created_at": self.created_at.isoformat(timespec="seconds") if self.created_at else None,
                "created_by": self.created_by}


def _require_admin(conn) -> None:
    if not may_create_roles(conn):
        login = conn.exec_driver_sql("SELECT current_user").scalar()
        raise ValidationError(
            f"登录名 {login} 没有创建角色的权限（CREATEROLE），不能管理账号。请用数据库管理员的登录名"
            "（项目的所有者或有 CREATEROLE 权限的账号）运行 gridsafe users。数据库未作任何修改。",
            en=f"Login {login} may not create roles (CREATEROLE), so it cannot manage accounts. Run gridsafe users "
               "with a database administrator's login (the project's owner or one with CREATEROLE). "
               "The database was not changed.")
    if not installed(conn):
        install(conn)


def check_fields(conn, role: str, area: str | None, sector: str | None, person_id: int | None) -> None:
    from gis import vocab

    if role not in ROLES:
        raise ValidationError(f"未知的角色“{role}”，可选：" + "、".join(f"{r}（{permissions.role_label(r)}）"
                                                                  for r in ROLES),
                              en=f'Unknown role "{role}"; choose one of: '
                                 + ", ".join(f"{r} ({permissions.role_label(r, 'en')})" for r in ROLES))
    needs = permissions.roles()[role].get("needs")
    if needs == "area" and not area:
        raise ValidationError(f"{permissions.role_label(role)}账号须用 --area 指定区域（村/社区代码或网格代码）",
                              en=f"A {permissions.role_label(role, 'en')} account needs --area "
                                 "(a village/community code or a grid code)")
    if needs == "sector" and not sector:
        raise ValidationError(f"{permissions.role_label(role)}账号须用 --sector 指定行业，可选："
                              + "、".join(f"{k}（{v}）" for k, v in vocab.labels("sectors").items()),
                              en=f"A {permissions.role_label(role, 'en')} account needs --sector; choose one of: "
                                 + ", ".join(f"{k} ({v})" for k, v in vocab.labels("sectors", "en").items()))
    if area is not None:
        if not re.fullmatch(r"\d{6}|\d{9}|\d{12}|\d{15}", area):
            raise ValidationError(f"区域代码“{area}”应为 6、9、12 位行政区划代码或 15 位网格代码",
                                  en=f'Area code "{area}" should be an administrative code of 6, 9 or 12 digits '
                                     "or a grid code of 15 digits")
        if area_name(conn, area) is None:
            raise ValidationError(f"本项目中没有代码为 {area} 的{'网格' if len(area) == 15 else '行政区划'}",
                                  en=f"This project has no {'grid' if len(area) == 15 else 'administrative unit'} "
                                     f"with code {area}")
    if sector is not None and sector not in vocab.keys("sectors"):
        key = vocab.key_for_label("sectors", sector)
        if key is None:
            raise ValidationError(f"未知的行业“{sector}”，可选：" + "、".join(vocab.labels("sectors").values()),
                                  en=f'Unknown sector "{sector}"; choose one of: '
                                     + ", ".join(vocab.labels("sectors", "en").values()))
    if person_id is not None and conn.exec_driver_sql(
            "SELECT 1 FROM person WHERE id = %(i)s", {"i": person_id}).first() is None:
        raise ValidationError(f"人员名册中没有编号为 {person_id} 的人员",
                              en=f"The people register has no person with number {person_id}")


def sector_key(sector: str | None) -> str | None:
    from gis import vocab

    return None if sector is None else (sector if sector in vocab.keys("sectors") else vocab.key_for_label("sectors", sector))


def add(conn, login: str, role: str, password: str, *, area: str | None = None, sector: str | None = None,
        person_id: int | None = None) -> Listed:
    """CREATE ROLE login LOGIN (the password hashed here), member of the role's group; its account row."""
    _require_admin(conn)
    if not LOGIN_NAME.fullmatch(login):
        raise ValidationError(f"登录名“{login}”不可用：以字母或汉字开头，只含字母、数字、汉字和 _ . -，最多 31 个字符",
                              en=f'Login "{login}" cannot be used: it must start with a letter or Chinese character, '
                                 "contain only letters, digits, Chinese characters and _ . -, at most 31 characters")
    if not password:
        raise ValidationError("密码不能为空", en="The password must not be empty")
    sector = sector_key(sector) if sector is not None else None
    check_fields(conn, role, area, sector, person_id)
    if conn.exec_driver_sql("SELECT 1 FROM pg_roles WHERE rolname = %(n)s", {"n": login}).first():
        raise ValidationError(f"数据库服务器上已有名为 {login} 的角色，请换一个登录名（角色在整个服务器上共用）",
                              en=f"The database server already has a role named {login}; choose another login "
                                 "(roles are shared by the whole server)")
    group = group_role(role, _database(conn))
    secret = _scram(conn, login, password)
    conn.exec_driver_sql(f"CREATE ROLE {_q(login)} LOGIN PASSWORD {_literal(secret)} IN ROLE {_q(group)}")
    conn.exec_driver_sql(
        "INSERT INTO account (login, role, area_code, sector, person_id, disabled, created_at, created_by) "
        "VALUES (%(l)s, %(r)s, %(a)s, %(s)s, %(p)s, false, %(t)s, current_user)",
        {"l": login, "r": role, "a": area, "s": sector, "p": person_id, "t": datetime.now().replace(microsecond=0)})
    return next(a for a in listing(conn) if a.login == login)


def _scram(conn, login: str, password: str) -> str:
    """The SCRAM-SHA-256 verifier of the password (libpq's PQencryptPasswordConn): only it reaches the server."""
    raw = conn.connection.dbapi_connection
    return raw.pgconn.encrypt_password(password.encode("utf-8"), login.encode("utf-8"), b"scram-sha-256").decode()


def _literal(text: str) -> str:
    return "'" + text.replace("'", "''") + "'"


def _get(conn, login: str):
    row = conn.exec_driver_sql("SELECT role FROM account WHERE login = %(l)s", {"l": login}).first()
    if row is None:
        raise ValidationError(f"本项目没有登录名为 {login} 的账号（gridsafe users list 列出全部账号）",
                              en=f"This project has no account with login {login} (gridsafe users list lists them all)")
    return row


def set_enabled(conn, login: str, enabled: bool) -> Listed:
    """disable: the login may no longer connect (NOLOGIN) and its account row says disabled; enable undoes both."""
    _require_admin(conn)
    _get(conn, login)
    if conn.exec_driver_sql("SELECT 1 FROM pg_roles WHERE rolname = %(n)s", {"n": login}).first():
        conn.exec_driver_sql(f"ALTER ROLE {_q(login)} {'LOGIN' if enabled else 'NOLOGIN'}")
    conn.exec_driver_sql("UPDATE account SET disabled = %(d)s WHERE login = %(l)s", {"d": not enabled, "l": login})
    return next(a for a in listing(conn) if a.login == login)


def listing(conn) -> list[Listed]:
    rows = conn.exec_driver_sql(
        "SELECT a.login, a.role, a.area_code, a.sector, a.person_id, a.disabled, r.rolcanlogin, a.created_at, "
        "a.created_by FROM account a LEFT JOIN pg_roles r ON r.rolname = a.login ORDER BY a.login").fetchall()
    return [Listed(login, role, area, area_name(conn, area), sector, person, disabled, can, at, by)
            for login, role, area, sector, person, disabled, can, at, by in rows]


def hazard_scope(s, hazard_id: int) -> tuple[str | None, str | None]:
    """(grid code, sector) of a hazard — its own grid, else its site's — in session `s`."""
    from sqlalchemy import select

    from gis.model import Grid, Hazard, Site

    row = s.execute(select(Hazard.grid_id, Hazard.site_id, Hazard.sector).where(Hazard.id == hazard_id)).first()
    if row is None:
        return None, None
    grid_id = row.grid_id if row.grid_id is not None else (
        s.scalar(select(Site.grid_id).where(Site.id == row.site_id)) if row.site_id is not None else None)
    return (s.scalar(select(Grid.code).where(Grid.id == grid_id)) if grid_id is not None else None), row.sector


def unseen(error, account: Account | None):
    """A "not found" error, saying that the account sees only part of the project when it does."""
    if account is None or account.sees_all or not (account.area or account.sector):
        return error
    from gis import vocab

    area = permissions.reads_area(account)
    scope, scope_en = ([f"区域 {area}"], [f"area {area}"]) if area else ([], [])
    if account.sector:
        scope.append(f"“{vocab.label('sectors', account.sector)}”行业")
        scope_en.append(f"the sector \"{vocab.label('sectors', account.sector, 'en')}\"")
    return type(error)(f"{error.message}（账号 {account.login} 为{account.role_label}，只能看到{'、'.join(scope)}内的数据）",
                       en=f"{error.text('en')} (account {account.login} is "
                          f"{permissions.role_label(account.role, 'en')} "
                          f"and sees only the data of {' and '.join(scope_en)})")


def require(account: Account | None, action: str, *, area: str | None = None, sector: str | None = None) -> None:
    """permissions.can, raising PermissionRefused with its reason (the CLI's check before a write)."""
    from gis.errors import PermissionRefused

    ok, why = permissions.can(account, action, area=area, sector=sector)
    if not ok:
        why_en = permissions.can(account, action, area=area, sector=sector, lang="en")[1]
        raise PermissionRefused(f"不能办理：{why}。本次操作未写入任何数据。",
                                en=f"Not allowed: {why_en}. Nothing of this operation was written.")


# --- a refused write, in Chinese ---------------------------------------------------------------------------------

_TABLE = re.compile(r'(?:table|表)\s+"?([\w.]+)"?')


def refusal(error: BaseException, account: Account | None):   # -> PermissionRefused | None
    """The Chinese error for a write the database refused by privilege (SQLSTATE 42501), else None."""
    from gis.errors import PermissionRefused

    orig = getattr(error, "orig", error)
    if (getattr(orig, "sqlstate", None) or getattr(orig, "pgcode", None)) != "42501":
        return None
    text = str(orig)
    diag = getattr(orig, "diag", None)
    primary = (getattr(diag, "message_primary", None) if diag is not None else None) or ""
    if re.search(r"[\u4e00-\u9fff]", primary):      # gridsafe's own trigger said why, in Chinese (操作日志只能追加…)
        primary_en = AUDIT_APPEND_ONLY[1] if primary.strip() == AUDIT_APPEND_ONLY[0] else primary
        return PermissionRefused(f"数据库拒绝了这次写入：{primary}。本次操作未写入任何数据。",
                                 en=f"The database refused this write: {primary_en}. Nothing of this operation was "
                                    "written.")
    table = getattr(diag, "table_name", None) if diag is not None else None
    if not table:
        found = _TABLE.search(text)
        table = found.group(1).split(".")[-1] if found else ""
    what = permissions.table_label(table) if table else "数据"
    what_en = permissions.table_label(table, "en") if table else "data"
    who = account.describe() if account is not None else "当前登录名"
    who_en = account.describe("en") if account is not None else "the current login"
    if "row-level security" in text:
        why = f"写入后的{what}记录不在本账号可修改的区域或行业范围内（{_scope(account)}）"
        why_en = (f"the record as written would lie outside the area or sector this account may change "
                  f"({_scope(account, 'en')})")
    elif "gridsafe: login" in text:
        why = f"这条{what}记录不在本账号可修改的范围内（{_scope(account)}）"
        why_en = f"this record is outside what this account may change ({_scope(account, 'en')})"
    else:
        role = account.role_label if account is not None else "当前"
        why = f"{role}角色没有修改{what}的权限"
        role_en = permissions.role_label(account.role, "en") if account is not None else "the current"
        why_en = f"the role {role_en} may not change {what_en}"
    return PermissionRefused(f"数据库拒绝了这次写入：账号 {who} 不能修改该{what}——{why}。本次操作未写入任何数据；"
                             "如确需修改，请联系管理员或由有权限的账号办理。",
                             en=f"The database refused this write: account {who_en} may not change {what_en} — "
                                f"{why_en}. Nothing of this operation was written; if the change is needed, ask an "
                                "administrator or an account that has the permission.")


def _scope(account: Account | None, lang: str = "zh") -> str:
    en = lang == "en"
    if account is None or account.role is None:
        return "account not registered" if en else "未登记账号"
    parts = [f"area {account.area_text(lang)}" if en else f"区域 {account.area_text()}"]
    if account.sector:
        from gis import vocab

        label = vocab.label("sectors", account.sector, lang)
        parts.append(f"sector {label}" if en else f"行业 {label}")
    return (", " if en else "，").join(parts)
