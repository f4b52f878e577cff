"""The tip-off register's session functions: each step checks with gis.tipoffs.rules, writes the tip-off and
appends one TipOffEvent (who, when, from → to, note). They never commit: the caller's project.write does, so a
refused step (ValidationError, in Chinese) leaves the project as it was. Writes return (value, Change).

Verification with a result that makes a hazard (属实, 部分属实) registers a ledger hazard in the same transaction
through gis.hazards.workflow.register (source public_report, at the tip-off's place, grid from the place, the
sector given or that of the nearest site within 100 m) and links it: tipoff.hazard_id; `tipoff_of_hazard` is the
way back.
"""
from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime, timedelta

from shapely.geometry import Point
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from gis import repo, spatial, vocab
from gis.changes import Change
from gis.errors import ValidationError
from gis.hazards import workflow
from gis.hazards.workflow import Actor, image_mime, resolve_actor
from gis.model import Grid, Hazard, Person, RoleAssignment, Site, TipOff, TipOffEvent, TipOffPhoto
from gis.tipoffs import rules as R
from gis.tipoffs.privacy import mask_contact

KIND = "tipoffs"
MAX_PHOTO_BYTES = 20 * 1024 * 1024
SECTOR_NEAR_M = 100.0


def _now(at: datetime | None) -> datetime:
    return (at or datetime.now()).replace(microsecond=0)


def _event(s: Session, tip: TipOff, action: str, who: Actor, *, from_status=None, to_status=None, note=None,
           at: datetime | None = None) -> None:
    seq = (s.scalar(select(func.max(TipOffEvent.seq)).where(TipOffEvent.tipoff_id == tip.id)) or 0) + 1
    s.add(TipOffEvent(tipoff_id=tip.id, seq=seq, action=action, from_status=from_status, to_status=to_status,
                      actor_id=who.person_id, actor_name=who.name[:50], note=note, at=_now(at)))


# the notes each step writes into the history (the demo writes the same: gis/demo/stages/tipoffs.py)
def receive_note(channel: str, grid_code: str, grid_name: str) -> str:
    return f"{R.channel_label(channel)}受理，位于网格 {grid_code} {grid_name}"


def assign_note(assignee: str, note: str | None = None) -> str:
    return f"交由 {assignee} 核查" + (f"：{note}" if note else "")


def verify_note(result: str, note: str | None = None) -> str:
    return f"核查结果：{R.result_label(result)}" + (f"；{note}" if note else "")


def hazard_note(hazard_code: str) -> str:
    return f"登记隐患 {hazard_code}"


def reward_note(amount: float, decided_by: str) -> str:
    return f"奖励 {amount:g} 元，{decided_by}决定"


def code_for(year: int, n: int) -> str:
    return f"{R.rules().code_prefix}{year}-{n:05d}"


def _next_code(s: Session, year: int) -> str:
    prefix = f"{R.rules().code_prefix}{year}-"
    last = s.scalar(select(func.max(TipOff.code)).where(TipOff.code.like(f"{prefix}%")))
    n = int(last[len(prefix):]) + 1 if last and last[len(prefix):].isdigit() else 1
    return code_for(year, n)


def find(s: Session, ref: str | int) -> TipOff:
    """A tip-off by its 编号 (JB2026-00001) or its database number; refused in words when there is none."""
    text = str(ref).strip()
    tip = s.scalar(select(TipOff).where(TipOff.code == text))
    if tip is None and text.isdigit():
        tip = s.get(TipOff, int(text))
    if tip is None:
        raise ValidationError(f"找不到举报“{text}”", en=f"Tip-off \"{text}\" not found")
    return tip


def tipoff_of_hazard(s: Session, hazard_id: int) -> TipOff | None:
    """The tip-off a ledger hazard came from (the link's way back)."""
    return s.scalar(select(TipOff).where(TipOff.hazard_id == hazard_id))


def _channel(value: str) -> str:
    key = vocab.key_for_label("tipoff_channels", value or "")
    if key is None:
        raise ValidationError(f"举报渠道“{value}”不对，可选：{'、'.join(vocab.labels('tipoff_channels').values())}",
                              en=f"Tip-off channel \"{value}\" is not right; choose from: "
                                 f"{', '.join(vocab.labels('tipoff_channels', 'en').values())}")
    return key


def _point(place) -> Point:
    if place is None:
        raise ValidationError("请标出举报位置：在地图上点选，或填写经纬度",
                              en="Please mark where the tip-off is about: click on the map, or enter longitude and "
                                 "latitude")
    p = place if isinstance(place, Point) else Point(*place)
    if p.is_empty or not (-180 <= p.x <= 180 and -90 <= p.y <= 90):
        raise ValidationError(f"举报位置（{p.x}, {p.y}）不是有效的经纬度",
                              en=f"The tip-off's place ({p.x}, {p.y}) is not a valid longitude and latitude")
    return p


def _check_photo(filename: str, data: bytes) -> str:
    if len(data) > MAX_PHOTO_BYTES:
        raise ValidationError(f"照片“{filename}”超过 {MAX_PHOTO_BYTES // 1024 // 1024} MB，请压缩后再添加",
                              en=f"Photo \"{filename}\" is larger than {MAX_PHOTO_BYTES // 1024 // 1024} MB; please "
                                 "compress it and add it again")
    mime = image_mime(data, filename)
    if mime is None:
        raise ValidationError(f"“{filename}”不是可识别的图片文件（支持 JPG、PNG、GIF、BMP、WEBP）",
                              en=f"\"{filename}\" is not a picture file that can be read (JPG, PNG, GIF, BMP, WEBP "
                                 "are supported)")
    return mime


def receive(s: Session, *, actor, channel: str, description: str, place, reporter_name: str | None = None,
            reporter_contact: str | None = None, address: str | None = None,
            photos: Iterable[tuple[str, bytes]] = (), received_at: datetime | None = None,
            at: datetime | None = None) -> tuple[TipOff, Change]:
    """受理: register a tip-off (编号 JB<year>-<n>) at `place` (lon, lat or a Point), in the grid found there."""
    who = resolve_actor(s, actor)
    channel = _channel(channel)
    text = (description or "").strip()
    if not text:
        raise ValidationError("请填写举报内容", en="Please enter what the tip-off says")
    point = _point(place)
    contact = R.clean_phone(reporter_contact)
    grid = repo.grid_at(s, point.x, point.y)
    if grid is None:
        raise ValidationError(f"举报位置（{point.x:.6f}, {point.y:.6f}）不在本项目的任何网格内，请在辖区内选点",
                              en=f"The tip-off's place ({point.x:.6f}, {point.y:.6f}) is in none of the project's "
                                 "grids; please pick a point within the area")
    checked = [(name, data, _check_photo(name, data)) for name, data in photos]
    when = _now(received_at or at)
    if when > _now(at) + timedelta(minutes=5):
        raise ValidationError(f"受理时间 {when:%Y-%m-%d %H:%M} 晚于现在，请改正",
                              en=f"The time received {when:%Y-%m-%d %H:%M} is later than now; please correct it")
    tip = TipOff(code=_next_code(s, when.year), channel=channel, received_at=when,
                 reporter_name=(reporter_name or "").strip()[:50] or None, reporter_contact=contact,
                 address=(address or "").strip()[:300] or None, description=text, grid_id=grid.id,
                 status=R.rules().initial, created_by=who.name[:50], created_at=_now(at), geom=point)
    s.add(tip)
    s.flush()
    for name, data, mime in checked:
        s.add(TipOffPhoto(tipoff_id=tip.id, filename=name[-200:], mime=mime, data=data))
    _event(s, tip, "receive", who, to_status=tip.status,
           note=receive_note(channel, grid.code, grid.name), at=at or when)
    s.flush()
    return tip, Change.of(KIND, tipoffs=[tip.id])


def _step(s: Session, ref, action: str, who: Actor, at: datetime | None, note: str | None = None,
          ) -> tuple[TipOff, str]:
    tip = find(s, ref)
    why = R.refusal(action, tip.status, tip.verify_result)
    if why:
        raise ValidationError(f"{tip.code}：{why}",
                              en=f"{tip.code}: {R.refusal(action, tip.status, tip.verify_result, 'en')}")
    before = tip.status
    tip.status = R.rules().action(action).to
    _event(s, tip, action, who, from_status=before, to_status=tip.status, note=note, at=at)
    return tip, before


def assign(s: Session, ref, *, actor, assignee: int | str, note: str | None = None, at: datetime | None = None
           ) -> tuple[TipOff, Change]:
    """核查交办: the grid member (a person id or unique name) who checks the tip-off on site."""
    who = resolve_actor(s, actor)
    person = s.get(Person, assignee) if isinstance(assignee, int) else None
    if person is None and not isinstance(assignee, int):
        found = list(s.scalars(select(Person).where(Person.name == str(assignee).strip()).limit(2)))
        person = found[0] if len(found) == 1 else None
        if len(found) > 1:
            raise ValidationError(f"有多人名为“{assignee}”，请用人员编号指定核查人",
                                  en=f"Several people are named \"{assignee}\"; please give the checker by person "
                                     "number")
    if person is None:
        raise ValidationError(f"找不到核查人“{assignee}”", en=f"Checker \"{assignee}\" not found")
    tip, _ = _step(s, ref, "assign", who, at, note=assign_note(person.name, note))
    tip.assignee_id, tip.assigned_at = person.id, _now(at)
    s.flush()
    return tip, Change.of(KIND, tipoffs=[tip.id])


def _sector_near(s: Session, point: Point) -> str | None:
    """The sector of the site nearest `point` within SECTOR_NEAR_M (the spatial index finds the candidates)."""
    d = SECTOR_NEAR_M / 100_000       # degrees, generous in longitude at these latitudes
    box = (point.x - 1.5 * d, point.y - d, point.x + 1.5 * d, point.y + d)
    ids = spatial.ids_in_box(s, "site", box).tolist()
    near = [(site.geom.distance(point), site.sector) for site in s.scalars(select(Site).where(Site.id.in_(ids)))
            if site.geom is not None and site.sector]
    return min(near)[1] if near else None


def verify(s: Session, ref, *, actor, result: str, note: str | None = None, sector: str | None = None,
           grade: str | None = None, hazard_description: str | None = None, at: datetime | None = None
           ) -> tuple[TipOff, Change]:
    """核查结果 (属实 / 不属实 / 部分属实). A result that makes a hazard registers it in the ledger, linked."""
    who = resolve_actor(s, actor)
    key = vocab.key_for_label("tipoff_results", result or "")
    if key is None:
        raise ValidationError(f"核查结果“{result}”不对，可选：{'、'.join(vocab.labels('tipoff_results').values())}",
                              en=f"Verification result \"{result}\" is not right; choose from: "
                                 f"{', '.join(vocab.labels('tipoff_results', 'en').values())}")
    tip, _ = _step(s, ref, "verify", who, at, note=verify_note(key, note))
    when = _now(at)
    tip.verify_result, tip.verify_note, tip.verified_at = key, (note or "").strip() or None, when
    change = Change.of(KIND, tipoffs=[tip.id])
    if R.makes_hazard(key):
        rules = R.rules()
        hazard = workflow.register(
            s, actor=who, source=rules.hazard_source, point=tip.geom, found_on=when.date(), at=when,
            description=(hazard_description or tip.description).strip() + f"（群众举报 {tip.code}）",
            found_by=f"群众举报（{R.channel_label(tip.channel)}）", sector=sector or _sector_near(s, tip.geom),
            grade=grade)
        tip.hazard_id = hazard.id
        _event(s, tip, "hazard", who, note=hazard_note(hazard.code), at=at)
        change = change | Change.of("hazards", hazards=[hazard.id])
    s.flush()
    return tip, change


def reply(s: Session, ref, *, actor, text: str, at: datetime | None = None) -> tuple[TipOff, Change]:
    """反馈: what the reporter was told."""
    who = resolve_actor(s, actor)
    body = (text or "").strip()
    if not body:
        raise ValidationError("请填写反馈内容", en="Please enter the reply")
    tip, _ = _step(s, ref, "reply", who, at, note=body)
    tip.reply, tip.replied_at = body, _now(at)
    s.flush()
    return tip, Change.of(KIND, tipoffs=[tip.id])


def reward(s: Session, ref, *, actor, amount: float, decided_by: str, decided_on: date | None = None,
           at: datetime | None = None) -> tuple[TipOff, Change]:
    """奖励 (for a tip-off found true): the amount, who decided it and when."""
    who = resolve_actor(s, actor)
    if amount is None or str(amount).strip() == "":
        raise ValidationError("请填写奖励金额（元）", en="Please enter the reward amount (yuan)")
    try:
        value = float(amount)
    except (TypeError, ValueError):
        raise ValidationError(f"奖励金额“{amount}”不是数字", en=f"The reward amount \"{amount}\" is not a number") from None
    if not value >= 0:
        raise ValidationError("奖励金额不能为负数", en="The reward amount cannot be negative")
    by = (decided_by or "").strip()
    if not by:
        raise ValidationError("请填写奖励决定人（或决定单位）", en="Please enter who decided the reward (a person or unit)")
    tip, _ = _step(s, ref, "reward", who, at, note=reward_note(value, by))
    tip.reward_amount, tip.reward_decided_by = value, by[:100]
    tip.reward_decided_on = decided_on or _now(at).date()
    s.flush()
    return tip, Change.of(KIND, tipoffs=[tip.id])


def close(s: Session, ref, *, actor, note: str | None = None, at: datetime | None = None) -> tuple[TipOff, Change]:
    """办结."""
    who = resolve_actor(s, actor)
    tip, _ = _step(s, ref, "close", who, at, note=(note or "").strip() or None)
    tip.closed_at = _now(at)
    s.flush()
    return tip, Change.of(KIND, tipoffs=[tip.id])


# --- reading --------------------------------------------------------------------------------------------

def hours(start: datetime | None, end: datetime | None) -> float | None:
    return None if start is None or end is None else round((end - start).total_seconds() / 3600, 1)


@dataclass(frozen=True)
class Row:
    """A tip-off as lists, the window and `--json` show it (reporter masked unless the reader may see it)."""
    id: int
    code: str
    channel: str
    received_at: datetime
    reporter_name: str
    reporter_contact: str
    address: str
    description: str
    grid: str
    status: str
    assignee: str
    verify_result: str | None
    reply: str | None
    replied_at: datetime | None
    verified_at: datetime | None
    reward_amount: float | None
    hazard_id: int | None
    hazard_code: str | None
    closed_at: datetime | None
    lon: float | None
    lat: float | None
    overdue: bool
    hours_to_verify: float | None
    hours_to_reply: float | None

    def as_json(self) -> dict:
        out = {k: getattr(self, k) for k in self.__dataclass_fields__}
        for k, v in out.items():
            if isinstance(v, (datetime, date)):
                out[k] = v.isoformat(sep=" ") if isinstance(v, datetime) else v.isoformat()
        out["channel_zh"] = R.channel_label(self.channel)
        out["status_zh"] = R.status_label(self.status)
        out["verify_result_zh"] = R.result_label(self.verify_result)
        return out


@dataclass(frozen=True)
class Filter:
    statuses: tuple[str, ...] = ()
    channels: tuple[str, ...] = ()
    start: date | None = None          # received on or after
    end: date | None = None            # received on or before
    overdue: bool = False
    ids: tuple[int, ...] | None = None


def rows(s: Session, flt: Filter | None = None, *, can_see: bool = False, now: datetime | None = None) -> list[Row]:
    """The tip-offs matching `flt`, newest first."""
    flt = flt or Filter()
    now = now or datetime.now()
    q = (select(TipOff, Grid.code, Grid.name, Person.name, Hazard.code)
         .outerjoin(Grid, Grid.id == TipOff.grid_id).outerjoin(Person, Person.id == TipOff.assignee_id)
         .outerjoin(Hazard, Hazard.id == TipOff.hazard_id).order_by(TipOff.received_at.desc(), TipOff.id.desc()))
    if flt.statuses:
        q = q.where(TipOff.status.in_(flt.statuses))
    if flt.channels:
        q = q.where(TipOff.channel.in_(flt.channels))
    if flt.start:
        q = q.where(TipOff.received_at >= datetime.combine(flt.start, datetime.min.time()))
    if flt.end:
        q = q.where(TipOff.received_at < datetime.combine(flt.end + timedelta(days=1), datetime.min.time()))
    if flt.ids is not None:
        q = q.where(TipOff.id.in_([int(i) for i in flt.ids]))
    out = []
    for t, gcode, gname, assignee, hcode in s.execute(q):
        overdue = R.is_overdue(t.received_at, t.replied_at, t.status, now)
        if flt.overdue and not overdue:
            continue
        out.append(Row(
            t.id, t.code, t.channel, t.received_at, mask_contact(t.reporter_name, can_see),
            mask_contact(t.reporter_contact, can_see), t.address or "", t.description,
            f"{gcode} {gname}" if gcode else "", t.status, assignee or "", t.verify_result, t.reply, t.replied_at,
            t.verified_at, t.reward_amount, t.hazard_id, hcode, t.closed_at,
            t.geom.x if t.geom is not None else None, t.geom.y if t.geom is not None else None, overdue,
            hours(t.received_at, t.verified_at), hours(t.received_at, t.replied_at)))
    return out


@dataclass(frozen=True)
class Event:
    at: datetime
    action: str
    from_status: str | None
    to_status: str | None
    actor: str
    note: str | None

    def describe(self) -> str:
        move = (f"{R.status_label(self.from_status)} → {R.status_label(self.to_status)}"
                if self.from_status else R.status_label(self.to_status))
        return "  ".join(p for p in (self.at.strftime("%Y-%m-%d %H:%M"), R.action_label(self.action), move,
                                     self.actor, self.note or "") if p)


def history(s: Session, ref) -> list[Event]:
    tip = find(s, ref)
    return [Event(e.at, e.action, e.from_status, e.to_status, e.actor_name, e.note)
            for e in s.scalars(select(TipOffEvent).where(TipOffEvent.tipoff_id == tip.id).order_by(TipOffEvent.seq))]


def photos(s: Session, ref) -> list[tuple[str, bytes]]:
    tip = find(s, ref)
    return [(p.filename, p.data) for p in
            s.scalars(select(TipOffPhoto).where(TipOffPhoto.tipoff_id == tip.id).order_by(TipOffPhoto.id))]


@dataclass(frozen=True)
class Place:
    label: str
    address: str
    lon: float
    lat: float


def places(s: Session, text: str, limit: int = 12) -> list[Place]:
    """Where a reporter's words may point: sites whose name or address contains `text` (the project's own
    addresses; there is no geocoder offline), then grids by name, each at its point."""
    words = (text or "").strip()
    if not words:
        return []
    out = []
    for name, address, geom in s.execute(
            select(Site.name, Site.address, Site.geom).where(Site.geom.isnot(None))
            .where(Site.name.contains(words, autoescape=True) | Site.address.contains(words, autoescape=True))
            .order_by(Site.name).limit(limit)):
        p = geom.representative_point()
        out.append(Place(f"{name}（{address}）" if address else name, address or name, p.x, p.y))
    for code, name, geom in s.execute(select(Grid.code, Grid.name, Grid.geom).where(
            Grid.name.contains(words, autoescape=True)).order_by(Grid.code).limit(max(limit - len(out), 0))):
        p = geom.representative_point()
        out.append(Place(f"{name}（{code}）", name, p.x, p.y))
    return out


def candidates(s: Session, tipoff_id: int) -> list[tuple[int, str, bool]]:
    """(person id, name, holds a role on the tip-off's grid) for the 核查人 choice: the grid's people first."""
    tip = s.get(TipOff, tipoff_id)
    on_grid = set(s.scalars(select(RoleAssignment.person_id).where(RoleAssignment.grid_id == tip.grid_id,
                                                                  RoleAssignment.not_ended(date.today())))) \
        if tip is not None and tip.grid_id is not None else set()
    people = s.execute(select(Person.id, Person.name).order_by(Person.name)).all()
    return sorted(((pid, name, pid in on_grid) for pid, name in people), key=lambda p: (not p[2], p[1]))
