"""人员名册 (the people register, issue 19): who the project's people are (姓名, 联系电话, 单位, 职务) and which roles
they hold on which target (a grid, a village, a township, a county, a zone or a site) — what patrol planning (网格员
of a grid), the fire roster, the wall map, sign-offs and tip-off privacy read. Qt-free; every write runs inside the
caller's transaction (project.write) and returns a gis.changes.Change of kind "people".

Nobody with a history is deleted: people are referenced by hazards' histories, patrols, rosters and tracks
(`delete` removes only someone nothing refers to, e.g. entered by mistake). 停用 (`deactivate`)
ends every role a person holds (end_date = the day before), so planning from that day on no longer counts them; the
person stays in the register and in history, shown 已停用. Removing a role in the editor ends it the same way.

A person is known by name + phone (or by name alone when neither has a phone): the import (an XLSX/CSV 人员名册 with 姓名, 联系电话, 单位, 职务, 角色 and the
target by name or code in 网格 / 村（社区）/ 乡镇（街道）/ 区域 / 场所) adds a role to the person of the same name and
phone — or of the same name without a phone, whose phone it then fills in (the person who created the project
with 新建项目 has none) — updating 单位/职务 when given, and creates everyone else. The file is read through gis.io's table reader
(budgets, the isolated child); any bad row refuses the whole file with a report naming row and field.
"""
from __future__ import annotations

import copy
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date, timedelta
from pathlib import Path

from sqlalchemy import func, insert, or_, select, update
from sqlalchemy.orm import Session

from gis import vocab
from gis.changes import Change
from gis.errors import ValidationError
from gis.io.errors import DataFileError, ImportRejected
from gis.io.registers import ParsedFile, read_register
from gis.io.report import REJECTED, WARNING
from gis.io.targets import Field, Target
from gis.model import AdminUnit, Grid, Person, RoleAssignment, Site, Zone

KIND = "people"

# The kinds of target a role is held on, the usual one first. Grid members and leaders patrol grids
# (gis.patrols.planning), rangers their zones (gis.fire.ranger_rounds), enterprise people their site; the rest
# (包村干部, 值班员, 台账汇总员, 乡办检查人员 …) an admin unit.
SITE_ROLES = ("enterprise_principal", "deputy_principal", "safety_officer", "assigned_leader", "regulator",
              "site_owner")
ADMIN = ("village", "township", "district")
ROLE_TARGETS: dict[str, tuple[str, ...]] = {
    "grid_member": ("grid",), "grid_leader": ("grid", "village"), "ranger": ("zone", "village"),
    **{r: ("site",) for r in SITE_ROLES}, "checkpoint_guard": ("site", "zone"),
}
TARGET_LABELS = {"grid": "网格", "village": "村（社区）", "township": "乡镇（街道）", "district": "区（县）",
                 "zone": "区域", "site": "场所"}
TARGET_LABELS_EN = {"grid": "grid", "village": "village (community)", "township": "township", "district": "county",
                    "zone": "zone", "site": "site"}
COLUMN_OF = {"grid": "grid_id", "zone": "zone_id", "site": "site_id",
             **{k: "admin_unit_id" for k in ADMIN}}


def target_kinds(role: str) -> tuple[str, ...]:
    return ROLE_TARGETS.get(role, ADMIN)


def role_label(role: str, lang: str = "zh") -> str:
    return vocab.label("roles", role, lang)


def roles_text(roles, lang: str = "zh") -> str:
    """Roles as one line: '网格员（荆山村第1网格）、村干部（荆山村）'; English 'Grid member (荆山村第1网格), …'."""
    return (", " if lang == "en" else "、").join(dict.fromkeys(r.text(lang) for r in roles))


@dataclass(frozen=True)
class Role:
    role: str                  # vocab roles key
    kind: str                  # grid | village | township | district | zone | site
    target_id: int
    target_name: str = ""
    start: date | None = None
    end: date | None = None
    id: int | None = None

    def current(self, day: date) -> bool:
        return (self.start is None or self.start <= day) and (self.end is None or self.end >= day)

    def text(self, lang: str = "zh") -> str:
        """'网格员（荆山村第1网格）'; in English 'Grid member (荆山村第1网格)' (the place keeps its name)."""
        label = role_label(self.role, lang)
        if not self.target_name:
            return label
        return f"{label} ({self.target_name})" if lang == "en" else f"{label}（{self.target_name}）"


@dataclass
class PersonRow:
    id: int
    name: str
    phone: str | None = None
    unit: str | None = None
    title: str | None = None
    note: str | None = None
    roles: list[Role] = field(default_factory=list)    # every assignment, ended ones too

    def current_roles(self, day: date) -> list[Role]:
        return [r for r in self.roles if r.current(day)]

    def state(self, day: date) -> str:
        """在岗 (a current role), 已停用 (had roles, all ended) or 未分配角色."""
        if self.current_roles(day):
            return "在岗"
        return "已停用" if self.roles else "未分配角色"


# --- reading ------------------------------------------------------------------------------------------

def _target_names(s: Session) -> dict[str, dict[int, str]]:
    """kind → id → the name a user reads (a grid with its village, a zone with its kind)."""
    villages = dict(s.execute(select(AdminUnit.id, AdminUnit.name).where(AdminUnit.level == "village")).all())
    out: dict[str, dict[int, str]] = {k: {} for k in TARGET_LABELS}
    for i, level, name in s.execute(select(AdminUnit.id, AdminUnit.level, AdminUnit.name)):
        if level in ADMIN:
            out[level][i] = name
    for i, name, code, vid in s.execute(select(Grid.id, Grid.name, Grid.code, Grid.village_id)):
        village, label = villages.get(vid, ""), name or code
        out["grid"][i] = label if label.startswith(village) else f"{village}{label}"
    for i, name, kind in s.execute(select(Zone.id, Zone.name, Zone.kind)):
        out["zone"][i] = name
    for i, name in s.execute(select(Site.id, Site.name)):
        out["site"][i] = name
    return out


def _kind_of(a: RoleAssignment | object, levels: dict[int, str]) -> tuple[str, int]:
    if a.grid_id is not None:
        return "grid", a.grid_id
    if a.zone_id is not None:
        return "zone", a.zone_id
    if a.site_id is not None:
        return "site", a.site_id
    return levels.get(a.admin_unit_id, "village"), a.admin_unit_id


def targets(s: Session) -> dict[str, list[tuple[int, str]]]:
    """kind → [(id, name)] sorted by name: what the editor offers for each kind of target."""
    return {k: sorted(v.items(), key=lambda kv: (kv[1], kv[0])) for k, v in _target_names(s).items()}


def people(s: Session) -> list[PersonRow]:
    """Everyone in the register with all their role assignments, by name."""
    names = _target_names(s)
    levels = dict(s.execute(select(AdminUnit.id, AdminUnit.level)).all())
    rows = {p.id: PersonRow(p.id, p.name, p.phone, p.unit, p.title, p.note)
            for p in s.scalars(select(Person).order_by(Person.name, Person.id))}
    for a in s.scalars(select(RoleAssignment).order_by(RoleAssignment.person_id, RoleAssignment.id)):
        kind, tid = _kind_of(a, levels)
        if a.person_id in rows:
            rows[a.person_id].roles.append(Role(a.role, kind, tid, names[kind].get(tid, ""), a.start_date,
                                                a.end_date, a.id))
    return list(rows.values())


# --- writing ------------------------------------------------------------------------------------------

LIMITS = {"name": 50, "phone": 30, "unit": 100, "title": 50, "note": 500}
LABELS = {"name": "姓名", "phone": "联系电话", "unit": "单位", "title": "职务", "note": "备注"}
LABELS_EN = {"name": "Name", "phone": "Phone", "unit": "Unit", "title": "Title", "note": "Note"}


def phone_problem(phone: str | None, lang: str = "zh") -> str | None:
    if not phone:
        return None
    if not all(c.isdigit() or c in "-+ ()（）转" for c in phone) or sum(c.isdigit() for c in phone) < 5:
        return (f"\"{phone}\" does not look like a phone number (a mobile number, or a landline with its area code)"
                if lang == "en" else f"“{phone}”不像电话号码（应为手机号或带区号的座机号）")
    return None


def _clean(fields: dict) -> dict:
    out = {}
    for key, label in LABELS.items():
        value = fields.get(key)
        value = " ".join(str(value).split()) if value is not None else ""
        if key != "note":
            value = value.replace(" ", "") if key == "phone" else value
        if len(value) > LIMITS[key]:
            raise ValidationError(f"{label}不能超过 {LIMITS[key]} 个字（{len(value)} 个字）",
                                  en=f"{LABELS_EN[key]} cannot be longer than {LIMITS[key]} characters "
                                     f"({len(value)} characters)")
        out[key] = value or None
    if not out["name"]:
        raise ValidationError("请填写姓名", en="Please enter the name")
    if (why := phone_problem(out["phone"])) is not None:
        raise ValidationError(f"联系电话：{why}", en=f"Phone: {phone_problem(out['phone'], 'en')}")
    return out


def _check_role(s: Session, role: str, kind: str, target_id: int) -> None:
    if role not in vocab.keys("roles"):
        raise ValidationError(f"“{role}”不是有效的角色，可选：{'、'.join(vocab.labels('roles').values())}",
                              en=f"\"{role}\" is not a valid role; choose from: "
                                 f"{', '.join(vocab.labels('roles', 'en').values())}")
    if kind not in target_kinds(role):
        raise ValidationError(f"{role_label(role)}应落在{'或'.join(TARGET_LABELS[k] for k in target_kinds(role))}上，"
                              f"不能是{TARGET_LABELS.get(kind, kind)}",
                              en=f"A {role_label(role, 'en')} is for a "
                                 f"{' or '.join(TARGET_LABELS_EN[k] for k in target_kinds(role))}, not a "
                                 f"{TARGET_LABELS_EN.get(kind, kind)}")
    model = {"grid": Grid, "zone": Zone, "site": Site}.get(kind, AdminUnit)
    found = s.get(model, int(target_id))
    if found is None or (model is AdminUnit and found.level != kind):
        raise ValidationError(f"项目中没有这个{TARGET_LABELS[kind]}（ID {target_id}），可能已被删除",
                              en=f"The project has no such {TARGET_LABELS_EN[kind]} (ID {target_id}); it may have "
                                 "been deleted")


def _same_person(s: Session, name: str, phone: str | None, other_than: int | None) -> Person | None:
    q = select(Person).where(Person.name == name,
                             Person.phone == phone if phone else (Person.phone.is_(None)) | (Person.phone == ""))
    if other_than is not None:
        q = q.where(Person.id != other_than)
    return s.scalars(q.limit(1)).first()


def save(s: Session, person_id: int | None, fields: dict, roles: list[tuple[str, str, int]], *,
         today: date | None = None) -> tuple[int, Change]:
    """Add (person_id None) or edit one person: `fields` name/phone/unit/title/note, `roles` the (role, kind,
    target id) they hold from now on. A current role no longer listed ends yesterday (one given today is taken
    back); a listed one not held starts today. Another person with the same name and phone is refused (ValidationError)."""
    today = today or date.today()
    values = _clean(fields)
    wanted = list(dict.fromkeys((r, k, int(t)) for r, k, t in roles))
    for r, k, t in wanted:
        _check_role(s, r, k, t)
    twin = _same_person(s, values["name"], values["phone"], person_id)
    if twin is not None:
        raise ValidationError(f"名册中已有 {twin.name}（{twin.phone or '未填电话'}，ID {twin.id}），同名同电话的人只能有"
                              f"一条记录" + ("；同名的另一人请填写联系电话区分" if not values["phone"] else ""),
                              en=f"The register has {twin.name} already ({twin.phone or 'no phone'}, ID {twin.id}); one "
                                 "person with the same name and phone has one record"
                                 + ("; for another person of the same name, enter a phone to tell them apart"
                                    if not values["phone"] else ""))
    if person_id is None:
        person = Person(**values)
        s.add(person)
        s.flush()
    else:
        person = s.get(Person, int(person_id))
        if person is None:
            raise ValidationError(f"名册中没有 ID 为 {person_id} 的人员，可能已被他人删除",
                                  en=f"The register has no person with ID {person_id}; someone may have deleted it")
        for k, v in values.items():
            setattr(person, k, v)
    levels = dict(s.execute(select(AdminUnit.id, AdminUnit.level)).all())
    held = {}
    for a in s.scalars(select(RoleAssignment).where(RoleAssignment.person_id == person.id)):
        if (a.start_date is None or a.start_date <= today) and (a.end_date is None or a.end_date >= today):
            held[(a.role, *_kind_of(a, levels))] = a
    for key, a in held.items():
        if key not in wanted:
            if a.start_date == today:
                s.delete(a)               # given and taken back the same day: it never held
            else:
                a.end_date = today - timedelta(days=1)
    for r, k, t in wanted:
        if (r, k, t) not in held:
            s.add(RoleAssignment(person_id=person.id, role=r, start_date=today, **{COLUMN_OF[k]: t}))
    s.flush()
    return person.id, Change.of(KIND, people=[person.id])


def deactivate(s: Session, person_ids: list[int], *, today: date | None = None) -> tuple[int, Change]:
    """停用: every current role of these people ends yesterday, so from today on they hold none (nothing is
    deleted). Returns how many roles ended."""
    today = today or date.today()
    ids = [int(i) for i in person_ids]
    missing = set(ids) - set(s.scalars(select(Person.id).where(Person.id.in_(ids))))
    if missing:
        raise ValidationError(f"名册中没有 ID 为 {'、'.join(map(str, sorted(missing)))} 的人员",
                              en=f"The register has no person with ID {', '.join(map(str, sorted(missing)))}")
    ra = RoleAssignment
    ended = s.execute(update(ra).where(ra.person_id.in_(ids), (ra.end_date.is_(None)) | (ra.end_date >= today))
                      .values(end_date=today - timedelta(days=1))).rowcount
    return int(ended or 0), Change.of(KIND, people=ids)


# what a person can be referenced by, as a refusal names it (role_assignment and unavailability go with the person)
REFERENCES = {"hazard": "隐患", "hazard_event": "隐患办理记录", "patrol_assignment": "巡查任务", "duty_shift": "值班",
              "patrol_track": "巡查轨迹", "patrol_evidence": "巡查照片", "tipoff": "群众举报", "tipoff_event": "举报办理记录",
              "account": "账号"}


def references(s: Session, person_id: int) -> dict[str, int]:
    """Table label → rows that name this person (history, rosters, accounts); empty when nothing does."""
    from gis.model import Base, ProjectSetting

    out: dict[str, int] = {}
    for table in Base.metadata.sorted_tables:
        cols = [c for c in table.columns if any(fk.column.table.name == "person" for fk in c.foreign_keys)]
        if table.name in REFERENCES and cols:
            n = s.execute(select(func.count()).select_from(table).where(or_(*(c == int(person_id) for c in cols))))
            if (n := int(n.scalar() or 0)):
                out[REFERENCES[table.name]] = n
    founder = s.get(ProjectSetting, "founder_person_id")
    if founder is not None and founder.value is not None and int(founder.value) == int(person_id):
        out["新建项目时登记的操作人"] = 1
    return out


def delete(s: Session, person_id: int) -> Change:
    """Delete someone entered by mistake: only a person nothing refers to (no history, roster or account) — anyone
    else is refused with what refers to them (ValidationError; 停用 them instead). Their roles go with them."""
    person = s.get(Person, int(person_id))
    if person is None:
        raise ValidationError(f"名册中没有 ID 为 {person_id} 的人员，可能已被他人删除",
                              en=f"The register has no person with ID {person_id}; someone may have deleted it")
    refs = references(s, person.id)
    if refs:
        what = "、".join(f"{k} {v} 条" for k, v in refs.items())
        raise ValidationError(f"{person.name} 已有记录（{what}），不能删除；不再担任工作时请“停用”，历史记录保留",
                              en=f"{person.name} has records ({', '.join(f'{k}: {v}' for k, v in refs.items())}) and "
                                 "cannot be deleted; when they no longer serve, deactivate them and the history stays")
    s.delete(person)
    s.flush()
    return Change.of(KIND, people=[int(person_id)])


# --- import (人员名册 xlsx/csv) --------------------------------------------------------------------------

TARGET = Target("people", "人员名册", Person, (), (
    Field("name", "姓名"), Field("phone", "联系电话"), Field("unit", "单位"), Field("title", "职务"),
    Field("role", "角色", "vocab", "roles"),
    Field("grid", "网格"), Field("village", "村（社区）"), Field("township", "乡镇（街道）"), Field("zone", "区域"),
    Field("site", "场所"), Field("note", "备注"),
), has_attributes=False)
HEADERS = {   # other headers a township office's sheet uses for the same column
    "name": ["姓名", "人员姓名", "名字", "name"],
    "phone": ["联系电话", "手机号", "手机号码", "手机", "电话", "联系方式", "phone"],
    "unit": ["单位", "工作单位", "所在单位", "unit"],
    "title": ["职务", "职位", "职称", "title"],
    "role": ["角色", "网格角色", "岗位", "身份", "role"],
    "grid": ["网格", "所属网格", "网格名称", "网格编码", "grid"],
    "village": ["村（社区）", "村(社区)", "所属村（社区）", "村社区", "村", "社区", "村居", "village"],
    "township": ["乡镇（街道）", "乡镇(街道)", "所属乡镇", "乡镇", "街道", "township"],
    "zone": ["区域", "责任区", "护林区域", "zone"],
    "site": ["场所", "企业", "企业名称", "site"],
    "note": ["备注", "说明", "note"],
}
TARGET_FIELDS = ("grid", "zone", "site", "village", "township")   # the most specific filled column is the target


@dataclass(frozen=True)
class ImportSummary:
    file: str
    rows: int
    created: int            # new people
    updated: int            # people already in the register (same name and phone)
    roles_added: int
    roles_held: int         # rows whose role the person already held
    person_ids: tuple[int, ...] = ()
    notes: tuple[str, ...] = ()   # the report's warnings (e.g. a second person of a known name), row and field named

    def text(self, lang: str = "zh") -> str:
        """What the import did, in `lang` (the notes name rows and fields as the report does: Chinese)."""
        if lang == "en":
            return (f"File {self.file}: {self.rows} rows; {self.created} people added, {self.updated} already in the "
                    f"register (same name and phone); {self.roles_added} roles added, {self.roles_held} already held "
                    "not added again" + "".join(f"\nNote: {n}" for n in self.notes))
        return (f"文件 {self.file}：{self.rows} 行；新增人员 {self.created} 人，名册中已有（同名同电话）{self.updated} 人；"
                f"新增角色 {self.roles_added} 个，已担任的 {self.roles_held} 个未重复添加"
                + "".join(f"\n提示：{n}" for n in self.notes))


def read_file(path: str | Path, *, sheet: str | None = None, encoding: str | None = None) -> ParsedFile:
    """Read a 人员名册 (xlsx or csv) through gis.io's table reader and convert its values; a missing 姓名 or 角色
    column raises DataFileError, bad values are in `.report`."""
    def check(columns: dict[str, str], name: str, present: str) -> None:
        for key in ("name", "role"):
            if key not in columns:
                raise DataFileError(f"文件 {name} 中没有“{TARGET.field(key).label}”列，现有表头：{present}",
                                    en=f"File {name} has no \"{TARGET.field(key).label}\" column; its headers are: "
                                       f"{present.replace('、', ', ')}")
        if not any(k in columns for k in TARGET_FIELDS):
            raise DataFileError(f"文件 {name} 中没有说明人员负责哪里的列（网格、村（社区）、乡镇（街道）、区域或场所），"
                                f"现有表头：{present}",
                                en=f"File {name} has no column saying where each person serves (grid, village, "
                                   f"township, zone or site); its headers are: {present.replace('、', ', ')}")
    return read_register(path, TARGET, HEADERS, check, sheet=sheet, encoding=encoding, limits=LIMITS)


class _Places:
    """The project's targets by code and by name, to resolve what a row names."""

    def __init__(self, s: Session) -> None:
        self.admin: dict[str, dict[str, list[tuple[int, str, int | None]]]] = {k: defaultdict(list) for k in ADMIN}
        for i, level, code, name, parent in s.execute(select(AdminUnit.id, AdminUnit.level, AdminUnit.code,
                                                             AdminUnit.name, AdminUnit.parent_id)):
            if level in ADMIN:
                for key in {code, name} - {None}:
                    self.admin[level][key.strip()].append((i, name, parent))
        self.grids: dict[str, list[tuple[int, str, int]]] = defaultdict(list)
        for i, code, name, vid in s.execute(select(Grid.id, Grid.code, Grid.name, Grid.village_id)):
            for key in {code, name} - {None}:
                self.grids[key.strip()].append((i, name or code, vid))
        self.zones: dict[str, list[tuple[int, str, None]]] = defaultdict(list)
        for i, code, name in s.execute(select(Zone.id, Zone.code, Zone.name)):
            for key in {code, name} - {None}:
                self.zones[key.strip()].append((i, name, None))
        self.sites: dict[str, list[tuple[int, str, None]]] = defaultdict(list)
        for i, code, name in s.execute(select(Site.id, Site.code, Site.name)):
            for key in {code, name} - {None}:
                self.sites[key.strip()].append((i, name, None))

    def find(self, kind: str, text: str, within: set[int] | None
             ) -> tuple[int | None, tuple[str, str] | None]:
        """(id, None) or (None, (reason, its English)). `within`: the parent ids (village for a grid, township for
        a village) the row names, to tell apart two of the same name."""
        table = self.admin[kind] if kind in ADMIN else {"grid": self.grids, "zone": self.zones,
                                                         "site": self.sites}[kind]
        found = {row[0]: row for row in table.get(text, [])}
        if within is not None and len(found) > 1:
            found = {i: row for i, row in found.items() if row[2] in within}
        if not found:
            return None, (f"项目中找不到名称或编码为“{text}”的{TARGET_LABELS[kind]}"
                          + ("，请先导入网格" if kind == "grid" else ""),
                          f"the project has no {TARGET_LABELS_EN[kind]} named or coded \"{text}\""
                          + ("; please import the grids first" if kind == "grid" else ""))
        if len(found) > 1:
            return None, (f"项目中有 {len(found)} 个{TARGET_LABELS[kind]}名为“{text}”，请填写编码或所属村（社区）区分",
                          f"the project has {len(found)} {TARGET_LABELS_EN[kind]}s named \"{text}\"; please give the "
                          "code or the village (community) to tell them apart")
        return next(iter(found)), None


def import_parsed(s: Session, parsed: ParsedFile, *, today: date | None = None) -> tuple[ImportSummary, Change]:
    """Match each row's person (same name and phone) and target, then write every row or none: any bad row raises
    ImportRejected whose report names file, row and field of every problem. Runs in the caller's transaction."""
    today = today or date.today()
    report = copy.deepcopy(parsed.report)
    v, cols = parsed.values, parsed.columns
    places = _Places(s)
    refused = {i.row for i in report.rejected}
    existing: dict[tuple[str, str], int] = {}
    for pid, name, phone in s.execute(select(Person.id, Person.name, Person.phone).order_by(Person.id.desc())):
        existing[(name, phone or "")] = pid       # the oldest of a name and phone (or of a name, both unfilled)
    names_only = set(s.scalars(select(Person.name)))
    levels = dict(s.execute(select(AdminUnit.id, AdminUnit.level)).all())
    held = set()
    for a in s.scalars(select(RoleAssignment).where(RoleAssignment.not_ended(today))):
        held.add((a.person_id, a.role, *_kind_of(a, levels)))
    seen: dict[tuple, int] = {}
    keep: list[tuple[int, dict, str, str, int]] = []
    for i, row in enumerate(parsed.rows):
        row = int(row)
        problems: list[tuple[str, tuple[str, str]]] = []   # (field, (reason, its English))
        label = lambda name: cols.get(name, TARGET.field(name).label)   # noqa: E731
        name, phone, role = v["name"][i], v["phone"][i], v["role"][i]
        if name is None and (row, label("name")) not in {(x.row, x.field) for x in report.rejected}:
            problems.append((label("name"), ("缺少姓名", "the name is missing")))
        if phone is not None:
            phone = phone.replace(" ", "")
            if (why := phone_problem(phone)) is not None:
                problems.append((label("phone"), (why, phone_problem(phone, "en"))))
        if role is None and row not in refused:
            problems.append((label("role"), (f"缺少角色，可选：{'、'.join(vocab.labels('roles').values())}",
                                             f"the role is missing; choose from: "
                                             f"{', '.join(vocab.labels('roles', 'en').values())}")))
        target: tuple[str, int] | None = None
        if role is not None:
            kinds = target_kinds(role)
            given = [k for k in TARGET_FIELDS if v[k][i] is not None]
            township = village = None
            if v["township"][i] is not None:
                township, why = places.find("township", v["township"][i], None)
                if why:
                    problems.append((label("township"), why))
            if v["village"][i] is not None:
                village, why = places.find("village", v["village"][i], {township} if township else None)
                if why:
                    problems.append((label("village"), why))
            usable = [k for k in given if k in kinds]
            if not given:
                problems.append((label("grid") if "grid" in kinds else TARGET_LABELS[kinds[0]],
                                 (f"{role_label(role)}要填写所属{'或'.join(TARGET_LABELS[k] for k in kinds)}",
                                  f"a {role_label(role, 'en')} needs the "
                                  f"{' or '.join(TARGET_LABELS_EN[k] for k in kinds)} they serve")))
            elif not usable:
                problems.append((label(given[0]), (
                    f"{role_label(role)}应落在{'或'.join(TARGET_LABELS[k] for k in kinds)}上，"
                    f"本行只填了{'、'.join(TARGET_LABELS[k] for k in given)}",
                    f"a {role_label(role, 'en')} is for a {' or '.join(TARGET_LABELS_EN[k] for k in kinds)}; this row "
                    f"gives only {', '.join(TARGET_LABELS_EN[k] for k in given)}")))
            else:
                kind = usable[0]
                tid = {"village": village, "township": township}.get(kind)
                if kind in ("grid", "zone", "site"):
                    tid, why = places.find(kind, v[kind][i], {village} if village else None)
                    if why:
                        problems.append((label(kind), why))
                if tid is not None:
                    target = (kind, tid)
        if name is not None and target is not None and role is not None:
            key = (name, phone, role, *target)
            first = seen.setdefault(key, row)
            if first != row:
                problems.append((label("role"), (
                    f"与第{first}行重复（同一人、同一角色、同一{TARGET_LABELS[target[0]]}）",
                    f"repeats row {first} (the same person, role and {TARGET_LABELS_EN[target[0]]})")))
        for fld, (reason, reason_en) in problems:
            report.add(REJECTED, row, fld, reason, reason_en)
        if not problems and row not in refused:
            fields = {"name": name, "phone": phone, "unit": v["unit"][i], "title": v["title"][i], "note": v["note"][i]}
            keep.append((row, fields, role, *target))
            if (name, phone or "") not in existing and (name, "") not in existing and name in names_only:
                report.add(WARNING, row, label("name"), f"名册中已有同名的“{name}”但电话不同，已作为另一人新增",
                           f"the register has \"{name}\" already with another phone; added as another person")
    if report.rejected:
        bad = report.rejected_rows
        report.issues.sort(key=lambda issue: (issue.row or 0))
        raise ImportRejected(f"文件 {report.file} 有 {len(bad)} 行数据未通过检查，未导入任何数据：\n"
                             f"{report.first_problems()}", report,
                             en=f"{len(bad)} {report.noun_en(len(bad))} of file {report.file} did not pass the checks; "
                                f"nothing was imported:\n{report.first_problems(lang='en')}")
    created = updated = added = already = 0
    # first the people: the new ones inserted together (one flush), then their roles together
    loaded = s.scalars(select(Person)).all()   # noqa: F841 - in the identity map: s.get below reads no row again
    person_of: dict[tuple, Person | int] = {}
    for _row, fields, _role, _kind, _tid in keep:
        key = (fields["name"], fields["phone"] or "")
        if key in person_of:
            continue
        pid = existing.get(key)
        if pid is None and fields["phone"] and (fields["name"], "") in existing:
            pid = existing.pop((fields["name"], ""))          # the one of that name without a phone: now has one
            s.get(Person, pid).phone = fields["phone"]
        if pid is None:
            person_of[key] = Person(**fields)
            created += 1
            continue
        updated += 1
        person = s.get(Person, pid)
        for k in ("unit", "title", "note"):
            if fields[k] is not None:
                setattr(person, k, fields[k])
        person_of[key] = pid
    s.add_all([p for p in person_of.values() if isinstance(p, Person)])
    s.flush()
    touched: list[int] = []
    new_roles = []
    for _row, fields, role, kind, tid in keep:
        p = person_of[(fields["name"], fields["phone"] or "")]
        pid = p.id if isinstance(p, Person) else p
        touched.append(pid)
        if (pid, role, kind, tid) in held:
            already += 1
            continue
        held.add((pid, role, kind, tid))
        new_roles.append({"person_id": pid, "role": role, "start_date": today, "admin_unit_id": None,
                          "grid_id": None, "site_id": None, "zone_id": None, COLUMN_OF[kind]: tid})
        added += 1
    if new_roles:
        s.execute(insert(RoleAssignment.__table__), new_roles)
    s.flush()
    report.imported = len(keep)
    unique = tuple(sorted(set(touched)))
    notes = tuple(i.text() for i in report.warnings)
    return (ImportSummary(report.file, len(keep), created, updated, added, already, unique, notes),
            Change.of(KIND, people=unique))
