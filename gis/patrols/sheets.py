"""Route sheets (巡查路线单) as plain data: everything a printed sheet or a phone file shows about one
assignment, read in one go. The PDF sheet and the KML/GPX/HTML exports are drawn from this."""
from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from gis import hazards, vocab
from gis.errors import ValidationError
from gis.filenames import safe_filename
from gis.model import Grid, Hazard, PatrolAssignment, Person, Site
from gis.patrols import phone_map, rounds
from gis.patrols.checkpoints import points_for, project_table
from gis.patrols.periods import parse_period

# the short codes printed as QR codes on route sheets (per sheet and per stop): a scanner types them, so does a user
CODE_PREFIX = "GS"
_CODE = re.compile(r"(?:GS:?)?A(\d{1,9})(?::?S(\d{1,4}))?")


def sheet_code(assignment_id: int) -> str:
    return f"{CODE_PREFIX}:A{assignment_id}"


def stop_code(assignment_id: int, seq: int) -> str:
    return f"{CODE_PREFIX}:A{assignment_id}:S{seq}"


@dataclass(frozen=True)
class Code:
    assignment_id: int
    seq: int | None = None      # None: the whole sheet


def parse_code(text: str) -> Code:
    """A scanned or typed route sheet code: GS:A123 (the sheet), GS:A123:S4 (its stop 4); also a123s4, A123:S4,
    full-width characters and spaces as input methods type them. Refuses anything else, saying what is expected."""
    t = re.sub(r"\s+", "", unicodedata.normalize("NFKC", text or "")).upper()
    m = _CODE.fullmatch(t)
    if not m:
        raise ValidationError(f"无法识别的编号“{(text or '').strip()}”：应为路线单上二维码的内容，如 GS:A123（任务）"
                              f"或 GS:A123:S4（任务的第 4 站）",
                              en=f"Unknown number \"{(text or '').strip()}\": it should be the content of a route "
                                 "sheet's QR code, such as GS:A123 (a task) or GS:A123:S4 (stop 4 of the task)")
    return Code(int(m.group(1)), int(m.group(2)) if m.group(2) else None)


@dataclass
class SheetStop:
    seq: int
    stop_id: int
    site_id: int
    name: str
    lon: float
    lat: float
    address: str = ""
    contact: str = ""
    phone: str = ""
    category: str = ""
    sector: str = ""
    category_key: str = ""     # the vocabulary keys of the two labels above (a sheet in the interface's language)
    sector_key: str = ""
    open_hazards: list[str] = field(default_factory=list)
    visited_at: datetime | None = None
    result: str | None = None
    note: str = ""
    checkpoints: list[str] = field(default_factory=list)   # 检查要点 (gis.patrols.checkpoints)
    checklist: list[dict] = field(default_factory=list)    # the same with their checklist items (gis.patrols.phone_map)

    @property
    def label(self) -> str:
        return f"{self.seq}. {self.name}"

    @property
    def description(self) -> str:
        lines = [f"地址：{self.address}" if self.address else "",
                 f"联系人：{self.contact} {self.phone}".rstrip() if (self.contact or self.phone) else "",
                 f"类别：{self.category}" + (f"（{self.sector}）" if self.sector else "") if self.category else ""]
        lines += [f"待复查隐患：{h}" for h in self.open_hazards]
        if self.visited_at:
            lines.append(f"已巡查：{self.visited_at:%Y-%m-%d %H:%M} {vocab.label('patrol_results', self.result)}")
        return "\n".join(x for x in lines if x)


@dataclass
class RouteSheet:
    assignment_id: int
    period: str
    period_zh: str
    day: date
    township: str
    village: str
    grid_code: str
    grid_name: str
    person: str
    phone: str
    start_name: str
    start: tuple[float, float]
    stops: list[SheetStop]
    route: list[tuple[float, float]]
    length_m: float | None
    priority: int = 0
    kind: str = "grid"          # gis.patrols.rounds: grid | ranger | line
    # a line patrol (巡线): its pipeline (gis.patrols.lines.SheetLine); its stops are what lies along the
    # route (works, high-consequence sites, open hazards), not visits recorded per stop
    line: Any = None
    # what the phone map draws around the route (gis.patrols.phone_map.Surroundings), when asked for
    around: Any = None
    start_site_id: int | None = None   # the start's site (the village committee), when it is one

    @property
    def title(self) -> str:
        grid = self.grid_name if self.grid_name.startswith(self.village) else self.village + self.grid_name
        if self.line is not None:
            return f"{self.line.name} 巡线路线（{grid}，{self.day:%Y-%m-%d}，{self.person}）"
        return f"{grid} 巡查路线（{self.day:%Y-%m-%d}，{self.person}）"

    @property
    def code(self) -> str:
        """What the sheet's QR code says (parse_code reads it back)."""
        return sheet_code(self.assignment_id)

    @property
    def file_stem(self) -> str:
        return safe_filename(f"{self.day:%Y-%m-%d}_{self.grid_code}_{self.grid_name}_{self.person}")


def _open_hazards(s: Session, site_ids: list[int], lang: str = "zh") -> dict[int, list[str]]:
    """Per site, its open hazards as a sheet lists them: the description as recorded, its grade and deadline in
    `lang`."""
    out: dict[int, list[str]] = {}
    rows = s.execute(select(Hazard.site_id, Hazard.description, Hazard.grade, Hazard.deadline)
                     .where(Hazard.site_id.in_(site_ids), Hazard.status.in_(hazards.open_states()))
                     .order_by(Hazard.found_on, Hazard.id)).all()
    for sid, text, grade, deadline in rows:
        grade_text = vocab.label("hazard_grades", grade, lang)
        if lang == "en":
            out.setdefault(sid, []).append(f"{text} ({grade_text}{f', due {deadline:%Y-%m-%d}' if deadline else ''})")
        else:
            due = f"，期限 {deadline:%Y-%m-%d}" if deadline else ""
            out.setdefault(sid, []).append(f"{text}（{grade_text}{due}）")
    return out


def period_label(period: str) -> str:
    """The stored label of a period string (2026-W48; 护林2026-12-01 → 2026-12-01)."""
    return rounds.plan_of(period)[1]


@dataclass(frozen=True)
class _Shown:
    label: str
    zh: str


def _period_of(kind: str, label: str) -> _Shown:
    p = parse_period(label)
    return _Shown(p.label, (rounds.KIND_LABELS[kind] + " " if kind in ("ranger", "line") else "") + p.zh)


def route_sheets(s: Session, period: str | None, *, kind: str | None = None, grid_codes: list[str] | None = None,
                 assignment_ids: list[int] | None = None, surroundings: bool = False, lang: str = "zh"
                 ) -> list[RouteSheet]:
    """The sheets of a plan's assignments (or of the given assignments), by day, grid and member.

    A plan is a period and a kind (gis.patrols.rounds): grid members' patrols unless kind is "ranger"
    or the period is written 护林YYYY-MM-DD (a rangers' day, gis.fire.ranger_rounds). With `surroundings`, each
    sheet carries what the phone map draws around the route (gis.patrols.phone_map). `lang`: the language of
    what a gas line's sheet composes (its stops' categories, the pipeline's class and frequency).
    """
    q = (select(PatrolAssignment).join(Grid, PatrolAssignment.grid_id == Grid.id)
         .order_by(PatrolAssignment.planned_on, Grid.code, PatrolAssignment.person_id, PatrolAssignment.id))
    if period:
        q = q.where(rounds.of_plan(*rounds.plan_of(period, kind)))
    elif kind:
        q = q.where(PatrolAssignment.kind == kind)
    if assignment_ids is not None:
        q = q.where(PatrolAssignment.id.in_(assignment_ids))
    if grid_codes:
        q = q.where(Grid.code.in_(grid_codes))
    assignments = list(s.scalars(q))
    site_ids = sorted({st.site_id for a in assignments for st in a.stops} |
                      {a.start_site_id for a in assignments if a.start_site_id})
    sites = {x.id: x for x in s.scalars(select(Site).where(Site.id.in_(site_ids)))} if site_ids else {}
    hazards = _open_hazards(s, site_ids, lang) if site_ids else {}
    points = project_table(s)
    along = {}
    if any(a.kind == "line" for a in assignments):
        from gis.patrols.lines import sheet_parts
        along = sheet_parts(s, assignments, lang)
    sheets = []
    for a in assignments:
        ap = _period_of(a.kind, a.period or a.planned_on.isoformat())
        grid = s.get(Grid, a.grid_id)
        village = grid.village
        person = s.get(Person, a.person_id)
        stops = []
        for st in a.stops:
            site = sites[st.site_id]
            pt = site.geom.representative_point()
            category = vocab.label("site_categories", site.category)
            stops.append(SheetStop(
                seq=st.seq, stop_id=st.id, site_id=site.id, name=site.name, lon=pt.x, lat=pt.y,
                address=site.address or "", contact=site.contact_name or "", phone=site.contact_phone or "",
                category=category, sector=vocab.label("sectors", site.sector) if site.sector else "",
                category_key=site.category or "", sector_key=site.sector or "",
                open_hazards=hazards.get(site.id, []), visited_at=st.visited_at, result=st.result,
                note=st.note or "", checkpoints=points_for(site.category, site.sector, points),
                checklist=phone_map.checklist(site.category, site.sector, points)))
        line = None
        if a.id in along:
            line, items = along[a.id]
            for n, it in enumerate(items, start=1):
                kind = it.pop("kind")
                stops.append(SheetStop(seq=n, stop_id=0, site_id=0, checkpoints=points_for(kind, None, points),
                                       checklist=phone_map.checklist(kind, None, points), **it))
        route = [tuple(c[:2]) for c in a.route.coords] if a.route is not None else []
        start_site = sites.get(a.start_site_id)
        start = route[0] if route else ((stops[0].lon, stops[0].lat) if stops else (0.0, 0.0))
        sheets.append(RouteSheet(
            assignment_id=a.id, period=a.period or ap.label, period_zh=ap.zh, day=a.planned_on,
            township=village.parent.name if village.parent else "", village=village.name,
            grid_code=grid.code, grid_name=grid.name, person=person.name, phone=person.phone or "",
            start_name=start_site.name if start_site else ("管段起点" if line is not None else "网格中心"), start=start,
            stops=stops, route=route, length_m=a.route_length_m, priority=a.priority, kind=a.kind, line=line,
            start_site_id=a.start_site_id))
    if surroundings:
        phone_map.attach(s, sheets)
    return sheets
