"""Forest-fire registers: checkpoints (检查站/卡口), unavailability for duty, outdoor-fire permits
(野外用火审批) and the guardian register (无/限制民事行为能力人及监护人, seed 001 L798).

Checkpoints are Site rows of category checkpoint; their details live in Site.attributes:
  type: fixed | temporary, room: bool (检查用房), metal_detector: bool (金属探测仪);
and Site.code carries the 一站一码 code. Printable rows are lists of dicts with Chinese column names.
The writes take the record or its id (what a table row holds).
"""
from __future__ import annotations

from datetime import date

from shapely.geometry import Point
from sqlalchemy import select
from sqlalchemy.orm import Session

from gis import vocab
from gis.errors import ValidationError
from gis.model import AdminUnit, FirePermit, GuardianRecord, Person, Site, Unavailability

HIDDEN = "（已隐藏）"


def _get(s: Session, model, value):
    return s.get(model, value) if isinstance(value, int) else value


def villages(s: Session) -> list[tuple[str, int]]:
    """(name, id) of the villages (社区), by code: what a register row may belong to."""
    return [(n, i) for n, i in s.execute(select(AdminUnit.name, AdminUnit.id).where(AdminUnit.level == "village")
                                         .order_by(AdminUnit.code))]


# --- checkpoints ---------------------------------------------------------------------------------

def add_checkpoint(
    s: Session, name: str, lon: float, lat: float, *, kind: str = "fixed", room: bool = False,
    metal_detector: bool = False, code: str | None = None, address: str | None = None,
) -> Site:
    if kind not in vocab.keys("checkpoint_types"):
        raise ValidationError(f"检查站“{name}”类型应为固定或临时，而不是 {kind}",
                              en=f"The type of checkpoint \"{name}\" should be fixed or temporary, not {kind}")
    if code and s.scalar(select(Site.id).where(Site.code == code)) is not None:
        raise ValidationError(f"一站一码“{code}”已被使用", en=f"Station code \"{code}\" is already in use")
    site = Site(name=name, category="checkpoint", sector="forest_fire", status="normal", code=code or None,
                address=address, geom=Point(lon, lat),
                attributes={"type": kind, "room": bool(room), "metal_detector": bool(metal_detector)})
    s.add(site)
    s.flush()
    return site


def update_checkpoint(
    s: Session, site: Site | int, *, kind: str, room: bool, metal_detector: bool, code: str | None,
) -> Site:
    """Change a checkpoint's type, room, metal detector and 一站一码 code (refused with the reason)."""
    site = _get(s, Site, site)
    if kind not in vocab.keys("checkpoint_types"):
        raise ValidationError(f"检查站“{site.name}”类型应为固定或临时，而不是 {kind}",
                              en=f"The type of checkpoint \"{site.name}\" should be fixed or temporary, not {kind}")
    code = (code or "").strip() or None
    if code and s.scalar(select(Site.id).where(Site.code == code, Site.id != site.id)) is not None:
        raise ValidationError(f"检查站“{site.name}”：一站一码“{code}”已被使用",
                              en=f"Checkpoint \"{site.name}\": station code \"{code}\" is already in use")
    site.code = code
    site.attributes = {**(site.attributes or {}), "type": kind, "room": bool(room), "metal_detector": bool(metal_detector)}
    s.flush()
    return site


def _yes(value) -> str:
    return "有" if value else "无"


def checkpoint_table(s: Session) -> list[dict]:
    """The checkpoints as stored, for an editing table: id, name, code, attributes, address, status (keys)."""
    return [{"id": x.id, "name": x.name, "code": x.code or "", "attributes": dict(x.attributes or {}),
             "address": x.address or "", "status": x.status}
            for x in s.scalars(select(Site).where(Site.category == "checkpoint").order_by(Site.name, Site.id))]


def checkpoint_rows(s: Session) -> list[dict]:
    rows = []
    for site in s.scalars(select(Site).where(Site.category == "checkpoint").order_by(Site.name, Site.id)):
        a = site.attributes or {}
        rows.append({
            "名称": site.name,
            "类型": vocab.label("checkpoint_types", a.get("type", "fixed")),
            "检查用房": _yes(a.get("room")),
            "金属探测仪": _yes(a.get("metal_detector")),
            "一站一码": site.code or "未开通",
            "地址": site.address or "",
            "状态": vocab.label("site_statuses", site.status),
        })
    return rows


# --- unavailability --------------------------------------------------------------------------------

def add_unavailability(s: Session, person: Person, start: date, end: date, reason: str | None = None) -> Unavailability:
    if end < start:
        raise ValidationError(f"{person.name} 不能值班的结束日期 {end} 早于开始日期 {start}",
                              en=f"{person.name}'s time off duty ends on {end}, before it starts on {start}")
    row = Unavailability(person_id=person.id, start_date=start, end_date=end, reason=reason)
    s.add(row)
    s.flush()
    return row


# --- outdoor-fire permits --------------------------------------------------------------------------

def add_permit(
    s: Session, applicant: str, start: date, end: date, purpose: str, *, lon: float | None = None,
    lat: float | None = None, place: str | None = None, phone: str | None = None,
    village: AdminUnit | int | None = None, measures: str | None = None,
) -> FirePermit:
    village = _get(s, AdminUnit, village)
    if not applicant.strip() or not purpose.strip():
        raise ValidationError("野外用火申请须写明申请人和用火事由",
                              en="An outdoor fire permit application needs the applicant and the purpose of the fire")
    if end < start:
        raise ValidationError(f"用火结束日期 {end} 早于开始日期 {start}",
                              en=f"The fire's end date {end} is before its start date {start}")
    permit = FirePermit(applicant=applicant.strip(), applicant_phone=phone, place=place, purpose=purpose.strip(),
                        start_date=start, end_date=end, measures=measures, status="pending",
                        admin_unit_id=village.id if village else None,
                        geom=Point(lon, lat) if lon is not None and lat is not None else None)
    s.add(permit)
    s.flush()
    return permit


def decide_permit(s: Session, permit: FirePermit | int, status: str, approver: str, on: date) -> FirePermit:
    permit = _get(s, FirePermit, permit)
    allowed = {"pending": ("approved", "rejected"), "approved": ("revoked",)}
    if status not in allowed.get(permit.status, ()):
        raise ValidationError(
            f"用火申请（{permit.applicant}）当前为“{vocab.label('permit_statuses', permit.status)}”，"
            f"不能改为“{vocab.label('permit_statuses', status)}”",
            en=f"The fire permit ({permit.applicant}) is \"{vocab.label('permit_statuses', permit.status, 'en')}\" "
               f"and cannot become \"{vocab.label('permit_statuses', status, 'en')}\"",
        )
    if not approver.strip():
        raise ValidationError("审批须写明审批人", en="A decision needs the approver's name")
    permit.status, permit.approver, permit.decided_on = status, approver.strip(), on
    s.flush()
    return permit


def permits_on(s: Session, day: date) -> list[FirePermit]:
    """Approved permits in force on `day` (what a patrol should know about)."""
    return list(s.scalars(select(FirePermit).where(
        FirePermit.status == "approved", FirePermit.start_date <= day, FirePermit.end_date >= day,
    ).order_by(FirePermit.start_date, FirePermit.id)))


def permit_states(s: Session) -> list[tuple[int, str]]:
    """(id, status) of every permit, in the order of permit_rows."""
    return [(i, st) for i, st in s.execute(select(FirePermit.id, FirePermit.status)
                                           .order_by(FirePermit.start_date, FirePermit.id))]


def permit_rows(s: Session) -> list[dict]:
    rows = []
    for p in s.scalars(select(FirePermit).order_by(FirePermit.start_date, FirePermit.id)):
        rows.append({
            "申请人": p.applicant, "联系电话": p.applicant_phone or "", "用火地点": p.place or "",
            "经纬度": f"{p.geom.x:.6f}, {p.geom.y:.6f}" if p.geom is not None else "",
            "用火日期": f"{p.start_date}至{p.end_date}", "用火事由": p.purpose, "防范措施": p.measures or "",
            "审批人": p.approver or "", "审批日期": str(p.decided_on or ""),
            "状态": vocab.label("permit_statuses", p.status),
        })
    return rows


# --- guardian register -----------------------------------------------------------------------------

def add_guardian_record(
    s: Session, ward_name: str, capacity: str, guardian_name: str, *, guardian_phone: str | None = None,
    village: AdminUnit | int | None = None, address: str | None = None, relation: str | None = None,
    measures: str | None = None, registered_on: date | None = None,
) -> GuardianRecord:
    village = _get(s, AdminUnit, village)
    if capacity not in vocab.keys("legal_capacities"):
        raise ValidationError(f"行为能力应为“无民事行为能力”或“限制民事行为能力”，而不是 {capacity}",
                              en=f"The legal capacity should be \"no capacity\" or \"limited capacity\", "
                                 f"not {capacity}")
    if not ward_name.strip() or not guardian_name.strip():
        raise ValidationError("须写明被监护人和监护人姓名", en="The names of the ward and the guardian are required")
    row = GuardianRecord(ward_name=ward_name.strip(), capacity=capacity, guardian_name=guardian_name.strip(),
                         guardian_phone=guardian_phone, village_id=village.id if village else None,
                         address=address, relation=relation, measures=measures, registered_on=registered_on)
    s.add(row)
    s.flush()
    return row


def mask_name(name: str) -> str:
    """王建国 → 王**: the surname only, enough to tell records apart on a wall list."""
    return name[:1] + "*" * max(1, len(name) - 1) if name else ""


def mask_phone(phone: str | None) -> str:
    if not phone:
        return ""
    return phone[:3] + "****" + phone[-4:] if len(phone) >= 11 else "****"


def guardian_rows(s: Session, *, include_private: bool = False) -> list[dict]:
    """The guardian register for printing. Personal fields (names, phone, address, legal capacity)
    are masked or hidden unless include_private=True."""
    villages = {u.id: u.name for u in s.scalars(select(AdminUnit).where(AdminUnit.level == "village"))}
    rows = []
    for r in s.scalars(select(GuardianRecord).order_by(GuardianRecord.village_id, GuardianRecord.id)):
        private = {
            "被监护人": r.ward_name, "行为能力": vocab.label("legal_capacities", r.capacity),
            "住址": r.address or "", "监护人": r.guardian_name, "监护人电话": r.guardian_phone or "",
        }
        if not include_private:
            private = {
                "被监护人": mask_name(r.ward_name), "行为能力": HIDDEN, "住址": HIDDEN,
                "监护人": mask_name(r.guardian_name), "监护人电话": mask_phone(r.guardian_phone),
            }
        rows.append({
            "村（社区）": villages.get(r.village_id, ""), **private, "关系": r.relation or "",
            "监护措施": r.measures or "", "登记日期": str(r.registered_on or ""),
        })
    return rows
