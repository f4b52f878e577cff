"""Who may do what: one place decides, for the window, the CLI and (through gis.accounts) the database grants.

The rules are data (resources/permissions.yaml). `can(account, action, area=, sector=)` answers (allowed, why):
`why` is the Chinese sentence a disabled action shows as its tooltip ("需要指挥中心或管理员角色", "只能在本账号的区域
…内修改隐患"). An account of None is a SQLite project (single user) or a PostgreSQL login that owns the project:
everything is allowed. The database enforces the same rules by GRANTs and row-level security (migration 0017), so
psql or QGIS with the same login gets the same limits; the window only avoids offering what would be refused.
"""
from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

import yaml

from gis import vocab
from gis.paths import RESOURCES

MEMBER_READS_VILLAGE = 12   # a grid member whose area is a grid (15 digits) reads that grid's village (first 12)


@lru_cache(maxsize=1)
def rules() -> dict:
    with open(RESOURCES / "permissions.yaml", encoding="utf-8") as f:
        return yaml.safe_load(f)


def roles() -> dict[str, dict]:
    return rules()["roles"]


def role_label(role: str | None, lang: str = "zh") -> str:
    if role is None:
        return "Not registered" if lang == "en" else "未登记"
    return vocab.text(roles()[role], lang) if role in roles() else role


def table_label(table: str, lang: str = "zh") -> str:
    entry = rules()["tables"].get(table)
    return vocab.text(entry, lang) if entry else table


def action_label(action: str, lang: str = "zh") -> str:
    return vocab.text(rules()["actions"][action], lang)


@dataclass(frozen=True)
class Account:
    """The login a PostgreSQL project was opened with and what the `account` table says of it.
    role None: the login has no (enabled) account in this project; it may read nothing limited and write nothing."""

    login: str
    role: str | None
    area: str | None = None          # admin unit or grid code (hierarchical: 6 → 9 → 12 → 15 digits)
    sector: str | None = None        # vocab sectors key
    person_id: int | None = None
    area_name: str | None = None     # the admin unit's or grid's name, for messages

    @property
    def role_label(self) -> str:
        return role_label(self.role)

    @property
    def sees_all(self) -> bool:
        return bool(self.role and roles().get(self.role, {}).get("sees_all"))

    def area_text(self, lang: str = "zh") -> str:
        if not self.area:
            return "all areas" if lang == "en" else "全部区域"
        if lang == "en":
            return f"{self.area_name} ({self.area})" if self.area_name else self.area
        return f"{self.area_name}（{self.area}）" if self.area_name else self.area

    def describe(self, lang: str = "zh") -> str:
        """张三（网格员，区域 某村第一网格（…））: the status bar and refusals name the account so."""
        from gis import vocab

        en = lang == "en"
        parts = [role_label(self.role, lang)]
        if self.area:
            parts.append(f"area {self.area_text(lang)}" if en else f"区域 {self.area_text()}")
        if self.sector:
            label = vocab.label("sectors", self.sector, lang)
            parts.append(f"sector {label}" if en else f"行业 {label}")
        return f"{self.login} ({', '.join(parts)})" if en else f"{self.login}（{'，'.join(parts)}）"


def _roles_text(names: list[str], lang: str = "zh") -> str:
    # the narrowest first: 需要指挥中心或管理员角色
    return (" or " if lang == "en" else "或").join(role_label(r, lang) for r in reversed(names))


def can(account: Account | None, action: str, *, area: str | None = None,
        sector: str | None = None, lang: str = "zh") -> tuple[bool, str]:
    """May `account` do `action` (a key of permissions.yaml `actions`) on something in grid/admin unit `area` of
    `sector`? (True, "") or (False, why in `lang`, Chinese unless asked). An area or sector of None is not checked
    (e.g. the menu entry before anything is chosen)."""
    spec = rules()["actions"][action]
    en = lang == "en"
    if account is None:
        return True, ""
    if account.role is None:
        return False, (f"Login {account.login} has no account in this project and may only view public data. "
                       "Ask an administrator to register it with gridsafe users add" if en else
                       f"登录名 {account.login} 未在本项目登记账号，只能查看公开数据。请管理员用 gridsafe users add 登记")
    if account.role not in spec["roles"]:
        if en:
            return False, (f"\"{vocab.text(spec, 'en')}\" needs the role {_roles_text(spec['roles'], 'en')}; "
                           f"this account is {role_label(account.role, 'en')}")
        return False, f"{spec['zh']}需要{_roles_text(spec['roles'])}角色，当前账号为{account.role_label}"
    if account.sees_all or spec["scope"] == "none":
        return True, ""
    role = role_label(account.role, lang)
    if account.sector and sector is not None and sector != account.sector:
        mine, theirs = vocab.label("sectors", account.sector, lang), vocab.label("sectors", sector, lang)
        if en:
            return False, (f"{role} account {account.login} may only handle hazards of the sector \"{mine}\"; "
                           f"this one belongs to \"{theirs}\"")
        return False, f"{role}账号 {account.login} 只能办理“{mine}”行业的隐患，此项属于“{theirs}”"
    if account.area and area is not None and not area.startswith(account.area):
        if en:
            return False, (f"{role} account {account.login} may {vocab.text(spec, 'en').lower()} only within area "
                           f"{account.area_text('en')}; this one is in {'grid' if len(area) == 15 else 'area'} {area}")
        return False, (f"{role}账号 {account.login} 只能在区域 {account.area_text()}内{spec['zh']}，"
                       f"此项在{'网格' if len(area) == 15 else '区域'} {area}")
    return True, ""


def reads_area(account: Account | None) -> str | None:
    """The area code prefix the account reads (None = everything): a member of one grid reads its village."""
    if account is None or account.sees_all or not account.area:
        return None
    if account.role == "member" and len(account.area) > MEMBER_READS_VILLAGE:
        return account.area[:MEMBER_READS_VILLAGE]
    return account.area


def step_action(step: str) -> str:
    """The action a hazard step (交办, 验收销号, 签字 …) needs."""
    return rules()["hazard_steps"].get(step, "hazard.edit")
