"""The hazard ledger's session workflow: recording, state transitions, sign-offs, edits, photos.

The session functions (`register`, `transition`, `update`) check with gis.hazards.states, then write
the hazard and append one HazardEvent; the version column makes a second writer holding an old copy
fail with a message showing the other's change instead of overwriting it. They never commit: the
caller's `project.transaction()` does.
"""
from __future__ import annotations

import mimetypes
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

import shapely
from shapely.geometry import Point
from sqlalchemy import extract, func, select, text
from sqlalchemy.orm import Session
from sqlalchemy.orm.attributes import flag_modified
from sqlalchemy.orm.exc import StaleDataError

from gis import repo, vocab
from gis.errors import ConflictError, ValidationError
from gis.hazards import checklists, signoff
from gis.hazards.states import (
    DATE_FIELDS,
    EDITABLE,
    GRADES_SETTING,
    MAX_PHOTO_BYTES,
    PERSON_FIELDS,
    Attempt,
    action_label,
    field_label,
    grade_label,
    grades,
    major_grades,
    missing_fields,
    open_states,
    refusals,
    rules,
    status_label,
)
from gis.model import (
    Building,
    Grid,
    Hazard,
    HazardEvent,
    HazardPhoto,
    LineAsset,
    Person,
    Site,
    ThirdPartyWorks,
    Zone,
)

# --- grades ----------------------------------------------------------------------------------------

def set_grades(s: Session, items: list[dict]) -> None:
    """Replace the project's grade list ([{key, zh, en?, major}]); grades in use cannot disappear."""
    keys = [g.get("key") for g in items]
    if not items or any(not k or not g.get("zh") for k, g in zip(keys, items, strict=True)):
        raise ValidationError("隐患等级至少一个，每个等级须有代码和中文名称",
                              en="At least one hazard grade is needed, each with a code and a Chinese name")
    if len(set(keys)) != len(keys):
        raise ValidationError("隐患等级代码重复", en="A hazard grade code is repeated")
    used = set(s.scalars(select(Hazard.grade).distinct()))
    gone = sorted(used - set(keys))
    if gone:
        raise ValidationError(f"等级“{'、'.join(gone)}”已有隐患在用，不能删除",
                              en=f"Grades \"{', '.join(gone)}\" are used by hazards and cannot be removed")
    repo.set_setting(s, GRADES_SETTING, [dict(g) for g in items])



# --- reading a hazard's history ---------------------------------------------------------------------

def signed_roles(s: Session, hazard_id: int) -> frozenset[str]:
    rows = s.scalars(select(HazardEvent.signature_role).where(
        HazardEvent.hazard_id == hazard_id, HazardEvent.action == "sign"))
    return frozenset(r for r in rows if r)


def project_chain(s: Session) -> signoff.Chain:
    return signoff.make_chain(repo.get_setting(s, signoff.SETTING))


def lacking_signatures(s: Session, hazard: Hazard, lang: str = "zh") -> list[str]:
    """The sign-off steps a hazard still lacks (empty when complete or when the chain does not apply), in `lang`."""
    chain = project_chain(s)
    if not chain.applies_to(hazard.grade):
        return []
    return signoff.describe_lacking(chain, signed_roles(s, hazard.id), lang)


def find(s: Session, hazard_id: int) -> Hazard | None:
    return s.get(Hazard, hazard_id)


def photos(s: Session, hazard_id: int) -> list[tuple[str, bytes]]:
    """(file name, bytes) of a hazard's photos in the order they were added."""
    return [(name, data) for name, data in s.execute(
        select(HazardPhoto.filename, HazardPhoto.data).where(HazardPhoto.hazard_id == hazard_id)
        .order_by(HazardPhoto.id))]


def overdue_hazards(s: Session, today: date) -> list[Hazard]:
    """Hazards past their deadline and still open (逾期 is derived, never stored)."""
    return list(s.scalars(select(Hazard).where(Hazard.status.in_(open_states()), Hazard.deadline < today)
                          .order_by(Hazard.deadline, Hazard.id)))


def overdue_count(s: Session, today: date) -> int:
    return s.scalar(select(func.count()).select_from(Hazard)
                    .where(Hazard.status.in_(open_states()), Hazard.deadline < today))


def history(s: Session, hazard_id: int) -> list[HazardEvent]:
    return list(s.scalars(select(HazardEvent).where(HazardEvent.hazard_id == hazard_id).order_by(HazardEvent.seq)))


def hazard_id_of(s: Session, ref: str | int) -> int:
    """A hazard by its code (YH2026-00001) or its database number; refused in words when there is none."""
    ref = str(ref).strip()
    hid = s.scalar(select(Hazard.id).where(Hazard.code == ref))
    if hid is None and ref.isdigit() and s.get(Hazard, int(ref)) is not None:
        hid = int(ref)
    if hid is None:
        raise ValidationError(f"找不到隐患“{ref}”", en=f"Hazard \"{ref}\" not found")
    return hid


# --- actors -----------------------------------------------------------------------------------------

@dataclass(frozen=True)
class Actor:
    name: str
    person_id: int | None = None


def resolve_actor(s: Session, actor: str | Person | Actor) -> Actor:
    """A person object, an Actor, or a name (matched to one person when the name is unique)."""
    if isinstance(actor, Actor):
        return actor
    if isinstance(actor, Person):
        return Actor(actor.name, actor.id)
    name = (actor or "").strip()
    if not name:
        raise ValidationError("须注明操作人姓名", en="The operator's name is required")
    ids = list(s.scalars(select(Person.id).where(Person.name == name).limit(2)))
    return Actor(name, ids[0] if len(ids) == 1 else None)


def _append_event(s: Session, hazard: Hazard, action: str, actor: Actor, *, from_status=None, to_status=None,
                  note=None, role=None, at: datetime | None = None) -> HazardEvent:
    with s.no_autoflush:  # the hazard's own write is flushed (and checked) by the caller
        seq = (s.scalar(select(func.max(HazardEvent.seq)).where(HazardEvent.hazard_id == hazard.id)) or 0) + 1
    event = HazardEvent(hazard_id=hazard.id, seq=seq, action=action, from_status=from_status, to_status=to_status,
                        actor_id=actor.person_id, actor_name=actor.name[:50], note=note, signature_role=role,
                        at=at or datetime.now().replace(microsecond=0))
    s.add(event)
    return event


# --- validation of field values ----------------------------------------------------------------------

def _list(items, lang: str) -> str:
    return (", " if lang == "en" else "、").join(items)


def _clean(s: Session, changes: Mapping[str, Any]) -> dict[str, Any]:
    unknown = [k for k in changes if k not in EDITABLE]
    if unknown:
        raise ValidationError(f"这些字段不能直接修改：{'、'.join(field_label(k) for k in unknown)}",
                              en=f"These fields cannot be changed directly: "
                                 f"{', '.join(field_label(k, 'en') for k in unknown)}")
    out: dict[str, Any] = {}
    for k, v in changes.items():
        if isinstance(v, str):
            v = v.strip() or None
        if k in DATE_FIELDS and isinstance(v, str):
            try:
                v = date.fromisoformat(v)
            except ValueError:
                raise ValidationError(f"{field_label(k)}“{v}”不是有效日期（应为 2026-11-30 这样的格式）",
                                      en=f"{field_label(k, 'en')} \"{v}\" is not a valid date (write it like "
                                         "2026-11-30)") from None
        if k in PERSON_FIELDS and v is not None:
            if isinstance(v, Person):
                v = v.id
            if s.get(Person, v) is None:
                raise ValidationError(f"{field_label(k)}：找不到编号为 {v} 的人员",
                                      en=f"{field_label(k, 'en')}: there is no person number {v}")
        out[k] = v
    table = grades(s)
    checks = [   # (field, is the value valid, the choices in `lang`)
        ("grade", lambda v: v in table, lambda lang: _list((g.get(lang) or g["zh"] for g in table.values()), lang)),
        ("source", lambda v: v in vocab.keys("hazard_sources"),
         lambda lang: _list(vocab.labels("hazard_sources", lang).values(), lang)),
        ("sector", lambda v: v in vocab.keys("sectors"),
         lambda lang: _list(vocab.labels("sectors", lang).values(), lang)),
        ("supervision_level", lambda v: v in vocab.keys("supervision_levels"),
         lambda lang: _list(vocab.labels("supervision_levels", lang).values(), lang)),
        ("checklist_item", lambda v: checklists.item(v) is not None,
         lambda lang: "a checklist item number, such as gas-03" if lang == "en" else "清单条目编号，如 gas-03"),
    ]
    for name, ok, options in checks:
        v = out.get(name)
        if v is not None and not ok(v):
            raise ValidationError(f"{field_label(name)}“{v}”无效，可选：{options('zh')}",
                                  en=f"{field_label(name, 'en')} \"{v}\" is not valid; choose from: {options('en')}")
    if "description" in out and out["description"] is None:
        raise ValidationError("隐患描述不能为空", en="The hazard description cannot be empty")
    return out


def _person_names(s: Session, values: Mapping[str, Any]) -> dict[str, tuple[int | None, str]]:
    out = {}
    for f in PERSON_FIELDS:
        pid = values.get(f)
        person = s.get(Person, pid) if pid is not None else None
        out[f] = (pid, person.name if person else "")
    return out


def snapshot(hazard: Hazard) -> dict[str, Any]:
    """What a form shows and later saves against: the editable fields, status and version."""
    return {**{f: getattr(hazard, f) for f in EDITABLE}, "status": hazard.status, "version": hazard.version}


# --- concurrency --------------------------------------------------------------------------------------

def _show(s: Session, name: str, v: Any) -> str:
    if v is None:
        return "（空）"
    if name in PERSON_FIELDS:
        person = s.get(Person, v)
        return person.name if person else str(v)
    if name == "grade":
        return grade_label(v, grades(s))
    if name == "status":
        return status_label(v)
    if name in ("source", "sector", "supervision_level"):
        return vocab.label({"source": "hazard_sources", "sector": "sectors",
                            "supervision_level": "supervision_levels"}[name], v)
    return str(v)


def last_change(s: Session, hazard_id: int) -> tuple[str, datetime, str] | None:
    """Who last changed the hazard, when, and what they did — the one place a conflict's message learns it. The
    audit trail (gis.audit) sees every change, also one made from QGIS or psql (it writes no hazard event); when
    the newest change is the newest hazard event, the event names who signed and what was done."""
    from gis.audit.authors import last_change as audited

    last = s.scalars(select(HazardEvent).where(HazardEvent.hazard_id == hazard_id)
                     .order_by(HazardEvent.seq.desc()).limit(1)).first()
    what = (action_label(last.action) + (f"（{last.note}）" if last.note else "")) if last is not None else ""
    found = audited(s, "hazard", hazard_id)
    if found is not None and (last is None or abs((found[1] - last.at).total_seconds()) > 5):
        return found[0], found[1], "修改"          # a change that left no hazard event (QGIS, psql …)
    if last is None:
        return None
    return last.actor_name, last.at, what


def conflict_error(s: Session, hazard_id: int, base: Mapping[str, Any] | None = None, *,
                   retryable: bool = False) -> ConflictError:
    """The message a second writer gets: who changed the hazard, when, and what they changed.
    `retryable`: the writer had no copy of its own (no base, no expected version) — the hazard changed
    between this transaction's read and its write, so running the step again (Project.write) decides
    afresh by the rules instead of refusing."""
    s.expire_all()
    current = s.get(Hazard, hazard_id)
    name = current.code or current.id
    lines = [f"保存失败：隐患“{name}”在您打开之后已被他人修改，您的修改没有保存，以免覆盖对方的修改。"]
    english = [f"Not saved: hazard \"{name}\" was changed by someone else after you opened it; your changes were "
               "not saved so as not to overwrite theirs."]
    last = last_change(s, hazard_id)
    if last is not None:
        who, when, what = last
        lines.append(f"最近一次：{who} 于 {when:%Y-%m-%d %H:%M} {what}".rstrip())
        english.append(f"Last change: {who} at {when:%Y-%m-%d %H:%M}")
    if base is not None:
        changed = [f for f in (*EDITABLE, "status") if f in base and base[f] != getattr(current, f)]
        shown = [(f, _show(s, f, base.get(f)), _show(s, f, getattr(current, f))) for f in changed]
        if shown:
            lines.append("对方的修改：" + "；".join(f"{field_label(f)}：“{a}”→“{b}”" for f, a, b in shown))
            english.append("Their changes: " + "; ".join(f"{field_label(f, 'en')}: \"{a}\" → \"{b}\""
                                                         for f, a, b in shown))
    lines.append("请重新打开该隐患，核对后再修改。")
    english.append("Please open the hazard again, check it, then make your change.")
    return ConflictError("\n".join(lines), retryable=retryable, en="\n".join(english))


def _flush(s: Session, hazard_id: int, base: Mapping[str, Any] | None, expected_version: int | None) -> None:
    try:
        s.flush()
    except StaleDataError:
        # the failed flush leaves this session needing a rollback: read the other's change afresh
        with Session(s.get_bind()) as fresh:
            raise conflict_error(fresh, hazard_id, base,
                                 retryable=base is None and expected_version is None) from None


def _load(s: Session, hazard_id: int, expected_version: int | None, base: Mapping[str, Any] | None) -> Hazard:
    hazard = s.get(Hazard, hazard_id)
    if hazard is None:
        raise ValidationError(f"找不到编号为 {hazard_id} 的隐患", en=f"There is no hazard number {hazard_id}")
    if expected_version is not None and hazard.version != expected_version:
        raise conflict_error(s, hazard_id, base)
    return hazard


# --- the writes ---------------------------------------------------------------------------------------

def transition(
    s: Session, hazard_id: int, action: str, *, actor: str | Person | Actor, role: str | None = None,
    note: str | None = None, changes: Mapping[str, Any] | None = None, expected_version: int | None = None,
    base: Mapping[str, Any] | None = None, at: datetime | None = None,
) -> HazardEvent:
    """Move a hazard one step (or sign it), appending one event; refused with the reasons when not allowed.

    `changes` are field values set together with the step (e.g. the 五定 with 交办). With
    `expected_version` (or `base`, a snapshot) a hazard changed by someone else since is refused.
    """
    if base is not None and expected_version is None:
        expected_version = base.get("version")
    hazard = _load(s, hazard_id, expected_version, base)
    who = resolve_actor(s, actor)
    cleaned = _clean(s, changes or {})
    values = {**snapshot(hazard), **cleaned}
    table = grades(s)
    chain = project_chain(s)
    spec = rules()["actions"].get(action)
    attempt = Attempt(
        action=action, status=hazard.status, major=values["grade"] in major_grades(table), values=values,
        role=role, actor_id=who.person_id, actor_name=who.name, people=_person_names(s, values), note=note,
        chain=chain, signed=signed_roles(s, hazard.id), grade=values["grade"],
    )
    reasons = refusals(attempt)
    if reasons:
        label = spec["label"] if spec else action
        label_en = vocab.text(spec, "en").lower() if spec else action
        raise ValidationError(f"不能{label}隐患“{hazard.code or hazard.id}”：" + "；".join(reasons),
                              en=f"Cannot {label_en} hazard \"{hazard.code or hazard.id}\": "
                                 + "; ".join(refusals(attempt, "en")))
    edits = _describe_changes(s, hazard, cleaned)
    for k, v in cleaned.items():
        setattr(hazard, k, v)
    before = hazard.status
    if spec["to"]:
        hazard.status = spec["to"]
    if spec.get("sets_closed_on"):
        hazard.closed_on = (at or datetime.now()).date()
    hazard.updated_at = datetime.now().replace(microsecond=0)
    flag_modified(hazard, "updated_at")  # every step bumps the version, even a signature
    full_note = "；".join(x for x in (note, edits) if x) or None
    event = _append_event(s, hazard, action, who, from_status=before, to_status=spec["to"] or before,
                          note=full_note, role=role, at=at)
    _flush(s, hazard.id, base, expected_version)
    return event


def _describe_changes(s: Session, hazard: Hazard, cleaned: Mapping[str, Any]) -> str:
    parts = [f"{field_label(k)}：{_show(s, k, getattr(hazard, k))}→{_show(s, k, v)}"
             for k, v in cleaned.items() if getattr(hazard, k) != v]
    return "；".join(parts)


def update(
    s: Session, hazard_id: int, changes: Mapping[str, Any], *, actor: str | Person | Actor,
    expected_version: int | None = None, base: Mapping[str, Any] | None = None, note: str | None = None,
) -> HazardEvent | None:
    """Edit fields without a change of state; the edit is an event naming old and new values.

    A hazard already assigned keeps its 五定 (and 五落实 when major): they can be changed, not cleared.
    A closed hazard is not edited any more.
    """
    if base is not None and expected_version is None:
        expected_version = base.get("version")
    hazard = _load(s, hazard_id, expected_version, base)
    who = resolve_actor(s, actor)
    if hazard.status == "closed":
        raise ValidationError(f"隐患“{hazard.code or hazard.id}”已销号，不能再修改",
                              en=f"Hazard \"{hazard.code or hazard.id}\" is closed and can no longer be changed")
    cleaned = _clean(s, changes)
    cleaned = {k: v for k, v in cleaned.items() if getattr(hazard, k) != v}
    if not cleaned:
        return None
    values = {**snapshot(hazard), **cleaned}
    if hazard.status != "registered":
        major = values["grade"] in major_grades(grades(s))
        missing = missing_fields("assign", values, major)
        if missing:
            raise ValidationError(f"隐患已交办，不能清空：{'、'.join(field_label(f) for f in missing)}",
                                  en=f"The hazard has been assigned; these cannot be emptied: "
                                     f"{', '.join(field_label(f, 'en') for f in missing)}")
    edits = _describe_changes(s, hazard, cleaned)
    for k, v in cleaned.items():
        setattr(hazard, k, v)
    event = _append_event(s, hazard, "edit", who, from_status=hazard.status, to_status=hazard.status,
                          note="；".join(x for x in (note, edits) if x))
    _flush(s, hazard.id, base, expected_version)
    return event


# --- the rectification notice (整改通知书) -------------------------------------------------------------

NOTICE_SETTING = "notice"   # project setting {"issuing_unit": "...", "prefix": "荆安隐改"}


def issued_notice(s: Session, hazard_id: int) -> HazardEvent | None:
    """The hazard's notice event (its note is the notice number), or None when none was issued."""
    return s.scalars(select(HazardEvent).where(HazardEvent.hazard_id == hazard_id, HazardEvent.action == "notice")
                     .order_by(HazardEvent.seq).limit(1)).first()


def next_notice_number(s: Session, on: date) -> str:
    """The next free notice number of `on`'s year: 〔2026〕第N号, after the project's prefix."""
    prefix = (repo.get_setting(s, NOTICE_SETTING) or {}).get("prefix", "")
    issued = s.scalar(select(func.count()).select_from(HazardEvent).where(
        HazardEvent.action == "notice", extract("year", HazardEvent.at) == on.year)) or 0
    return f"{prefix}〔{on.year}〕第{issued + 1}号"


def issue_notice(s: Session, hazard_id: int, *, actor: str | Person | Actor, on: date | None = None
                 ) -> tuple[str, bool]:
    """下达整改通知书: the first time, the "notice" step is recorded with a new number (the event's note);
    later the same number is returned and nothing is written. Returns (number, newly issued)."""
    hazard = s.get(Hazard, hazard_id)
    if hazard is None:
        raise ValidationError(f"找不到编号为 {hazard_id} 的隐患", en=f"There is no hazard number {hazard_id}")
    if hazard.status == "closed":
        raise ValidationError(f"隐患“{hazard.code}”已销号，无需再下达整改通知书",
                              en=f"Hazard \"{hazard.code}\" is closed; no rectification notice is needed")
    old = issued_notice(s, hazard_id)
    if old is not None and old.note:
        return old.note, False
    on = on or date.today()
    number = next_notice_number(s, on)
    transition(s, hazard_id, "notice", actor=actor, note=number,
               at=datetime.combine(on, datetime.now().time()).replace(microsecond=0))
    return number, True


# --- recording --------------------------------------------------------------------------------------

def _feature_point(geom) -> Point | None:
    if geom is None or geom.is_empty:
        return None
    if geom.geom_type in ("LineString", "MultiLineString"):
        return shapely.line_interpolate_point(geom, 0.5, normalized=True)
    return geom.point_on_surface()


def derive_grid(s: Session, *, site: Site | None = None, line: LineAsset | None = None, zone: Zone | None = None,
                grid: Grid | None = None, point: Point | None = None) -> int | None:
    """The hazard's grid: where it was found, else its site's grid, else where its line or zone lies."""
    if point is not None:
        g = repo.grid_at(s, point.x, point.y)
        if g is not None:
            return g.id
    if grid is not None:
        return grid.id
    if site is not None:
        return site.grid_id
    feature = line or zone
    p = _feature_point(feature.geom) if feature is not None else None
    if p is not None:
        g = repo.grid_at(s, p.x, p.y)
        return g.id if g else None
    return None


def _next_code(s: Session, year: int) -> str:
    prefix = f"YH{year}-"
    last = (s.scalar(text("SELECT gridsafe_max_hazard_code(:p)"), {"p": prefix})   # over rows RLS hides too
            if s.get_bind().dialect.name == "postgresql" else
            s.scalar(select(func.max(Hazard.code)).where(Hazard.code.like(f"{prefix}%"))))
    n = int(last[len(prefix):]) + 1 if last and last[len(prefix):].isdigit() else 1
    return f"{prefix}{n:05d}"


def register(
    s: Session, *, actor: str | Person | Actor, description: str, source: str, found_on: date | None = None,
    site_id: int | None = None, line_id: int | None = None, zone_id: int | None = None,
    grid_id: int | None = None, point: tuple[float, float] | Point | None = None, grade: str | None = None,
    sector: str | None = None, checklist_item: str | None = None, found_by: str | None = None,
    photos: list[tuple[str, bytes]] | None = None, at: datetime | None = None,
    building_id: int | None = None, works_id: int | None = None, finding: str | None = None, **fields: Any,
) -> Hazard:
    """Record a hazard found on a site, line, zone or grid (and optionally at a point): 登记.

    The grid is derived spatially; the sector defaults to the site's; photos are stored in the project.
    Extra keyword fields (五定, 五落实, 挂牌督办) may be filled at once. A pipeline safety finding
    (gis.gas.findings) also names the building or works it is about and its analysis kind (`finding`).
    """
    who = resolve_actor(s, actor)
    links = {"site_id": site_id, "line_id": line_id, "zone_id": zone_id}
    if sum(v is not None for v in links.values()) > 1:
        raise ValidationError("一条隐患只能关联一个对象（场所、线状设施或区域之一）",
                              en="A hazard can be linked to one object only (a site, a line asset or a zone)")
    site = s.get(Site, site_id) if site_id is not None else None
    line = s.get(LineAsset, line_id) if line_id is not None else None
    zone = s.get(Zone, zone_id) if zone_id is not None else None
    grid = s.get(Grid, grid_id) if grid_id is not None else None
    for given, model, what, what_en in ((building_id, Building, "建筑物", "building"),
                                        (works_id, ThirdPartyWorks, "第三方施工", "third-party works")):
        if given is not None and s.get(model, given) is None:
            raise ValidationError(f"找不到编号为 {given} 的{what}", en=f"There is no {what_en} number {given}")
    for given, obj, what, what_en in ((site_id, site, "场所", "site"), (line_id, line, "线状设施", "line asset"),
                                      (zone_id, zone, "区域", "zone"), (grid_id, grid, "网格", "grid")):
        if given is not None and obj is None:
            raise ValidationError(f"找不到编号为 {given} 的{what}", en=f"There is no {what_en} number {given}")
    if isinstance(point, tuple):
        point = Point(*point)
    if site is None and line is None and zone is None and grid is None and point is None:
        raise ValidationError("隐患须关联地图上的对象（场所、线状设施、区域或网格）或标出发现位置",
                              en="A hazard must be linked to an object on the map (a site, line asset, zone or grid) "
                                 "or have the place where it was found marked")
    found = found_on or (at or datetime.now()).date()
    table = grades(s)
    values = _clean(s, {
        "description": description, "source": source, "found_on": found, "found_by": found_by or who.name,
        "grade": grade or next(iter(table)), "sector": sector or (site.sector if site else None),
        "checklist_item": checklist_item, **fields,
    })
    if values.get("description") is None:
        raise ValidationError("隐患描述不能为空", en="The hazard description cannot be empty")
    if values.get("source") is None:
        raise ValidationError(f"须注明隐患来源，可选：{'、'.join(vocab.labels('hazard_sources').values())}",
                              en=f"The hazard's source is required; choose from: "
                                 f"{', '.join(vocab.labels('hazard_sources', 'en').values())}")
    item = checklists.item(values.get("checklist_item")) if values.get("checklist_item") else None
    if item and item.get("sector") and values.get("sector") and item["sector"] != values["sector"]:
        raise ValidationError(f"清单条目 {item['id']} 属于“{vocab.label('sectors', item['sector'])}”，"
                              f"与隐患的行业领域“{vocab.label('sectors', values['sector'])}”不一致",
                              en=f"Checklist item {item['id']} belongs to \"{vocab.label('sectors', item['sector'], 'en')}"
                                 f"\", not to the hazard's sector \"{vocab.label('sectors', values['sector'], 'en')}\"")
    hazard = Hazard(code=_next_code(s, found.year), site_id=site_id, line_id=line_id, zone_id=zone_id,
                    building_id=building_id, works_id=works_id, finding=finding,
                    grid_id=derive_grid(s, site=site, line=line, zone=zone, grid=grid, point=point),
                    geom=point, status=rules()["initial"], **values)
    s.add(hazard)
    s.flush()
    _append_event(s, hazard, "register", who, to_status=hazard.status, at=at)
    for filename, data in photos or []:
        add_photo(s, hazard, filename, data)
    s.flush()
    return hazard


# --- photos -------------------------------------------------------------------------------------------

_MAGIC = ((b"\xff\xd8\xff", "image/jpeg"), (b"\x89PNG\r\n\x1a\n", "image/png"), (b"GIF8", "image/gif"),
          (b"BM", "image/bmp"))


def image_mime(data: bytes, filename: str = "") -> str | None:
    for magic, mime in _MAGIC:
        if data.startswith(magic):
            return mime
    if data[:4] == b"RIFF" and data[8:12] == b"WEBP":
        return "image/webp"
    guess = mimetypes.guess_type(filename)[0]
    return guess if guess in ("image/heic", "image/heif") else None


def add_photo(s: Session, hazard: Hazard, filename: str, data: bytes, taken_at: datetime | None = None) -> HazardPhoto:
    """Store a photo inside the project (so the project file is complete on its own)."""
    if len(data) > MAX_PHOTO_BYTES:
        raise ValidationError(f"照片“{filename}”超过 {MAX_PHOTO_BYTES // 1024 // 1024} MB，请压缩后再添加",
                              en=f"Photo \"{filename}\" is larger than {MAX_PHOTO_BYTES // 1024 // 1024} MB; please "
                                 "compress it and add it again")
    mime = image_mime(data, filename)
    if mime is None:
        raise ValidationError(f"“{filename}”不是可识别的图片文件（支持 JPG、PNG、GIF、BMP、WEBP）",
                              en=f"\"{filename}\" is not a picture file that can be read (JPG, PNG, GIF, BMP, WEBP "
                                 "are supported)")
    photo = HazardPhoto(hazard_id=hazard.id, filename=filename[-200:], mime=mime, taken_at=taken_at, data=data)
    s.add(photo)
    return photo
