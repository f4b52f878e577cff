"""Line patrols (巡线) of gas pipelines: stretches, due days by the line patrol rules, plans and results.

- A stretch is the part of one gas pipeline inside one comprehensive grid (pipelines split by the grid
  polygons, vectorised through an STRtree, measured in the pipelines' Gauss-Krüger zone). A pipeline running
  through five grids is patrolled as five stretches, each by its grid's members; a part shorter than the
  rules' min_stretch_m (a grid corner clipped) is not patrolled there; pipeline outside every grid is reported
  as not planned.
- Each stretch falls due under gis.patrols.line_rules: its pressure class's rule, the rule of every
  high-consequence level whose area (gis.gas.analysis) it meets, and on the days a third-party works is active
  within the pipeline's control range next to it, the works level's rule (alarm inside the protection range);
  the most frequent rule governs each day. Due days run on from the stretch's last patrol (gis.patrols.rules
  due_days) and are planned on the day they fall due, weekends too: a pipeline is walked on its cycle.
- A plan (kind "line", the period's label) writes one assignment per stretch and due day: the grid's members
  in turn (a grid without members falls back to its leader, as grid patrols do), the route = the stretch's geometry (LineString, lon/lat) and
  its length, the pipeline in line_id; no stops. Re-planning replaces the plan's planned assignments and keeps
  the done ones (gis.patrols.rounds.clear_period).
- A result: the day done, the length patrolled (the route's, or the part stated), hazards found registered in
  the ledger (source 管线巡线, on the pipeline, at the middle of the stretch) and linked to the assignment
  (hazard.patrol_assignment_id).
"""
from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta

import numpy as np
import pandas as pd
import shapely
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from gis import hazards as ledger
from gis.errors import ValidationError
from gis.feedback import Feedback, ensure
from gis.gas.analysis import Analysis, Features, Pipelines
from gis.gas.rules import GasRules, pipeline_params
from gis.gas.rules import load_rules as load_gas_rules
from gis.geo.crs import STORAGE, measure_crs, transform
from gis.model import Grid, LineAsset, PatrolAssignment, Person, Site, ThirdPartyWorks
from gis.patrols import rounds
from gis.patrols import rules as pr
from gis.patrols.line_rules import LinePatrolRules, LineRule, load_line_rules
from gis.patrols.periods import Period
from gis.patrols.results import FoundHazard
from gis.patrols.routing import Route
from gis.store import Project

KIND = "line"
SOURCE = "line_patrol"       # vocab hazard_sources: 管线巡线
SECTOR = "gas"
NO_GRID = "（不在网格内）"
NOT_GIVEN = "（未填）"         # a pipeline without its operator
# works statuses that never count; a finished works counts on its dated days (it was active then)
NEVER_ACTIVE = ("cancelled", "suspended")
NEAR_TOLERANCE_M = 0.01


@dataclass
class Network:
    """The project's gas pipelines split by grid: one row per stretch, and what the rules look at."""
    pipes: pd.DataFrame          # line_id, name, code, operator, class_key, class_zh, length_m (whole pipeline)
    stretches: pd.DataFrame      # line_id, grid_id, grid_code, grid_name, length_m, class_key, operator, hca (tuple)
    geoms: np.ndarray            # stretch LineStrings, lon/lat
    works: pd.DataFrame          # stretch (row of stretches), works_id, name, level, start, end
    hca: pd.DataFrame            # stretch, level, site (name), site_id
    crs: str
    rules: LinePatrolRules
    gas: GasRules

    def _facts(self, k: int) -> tuple[str, tuple, list[tuple]]:
        """(class key, high-consequence levels, [(works level, start, end)]) of stretch k, read once."""
        cache = self.__dict__.setdefault("_fact_cache", {})
        if not cache and len(self.stretches):
            works: dict[int, list[tuple]] = {}
            for st_, lv, a, b in zip(self.works["stretch"], self.works["level"], self.works["start"], self.works["end"],
                                     strict=True):
                works.setdefault(int(st_), []).append((lv, a, b))
            for i, (c, h) in enumerate(zip(self.stretches["class_key"], self.stretches["hca"], strict=True)):
                cache[i] = (c, h, works.get(i, []))
        return cache[k]

    def base_rule(self, k: int) -> LineRule:
        c, h, _w = self._facts(k)
        return self.rules.governing(c, h)

    def runs(self, k: int, days: list[date]) -> list[pr.Run]:
        """The stretch's governing rule day by day over `days` (consecutive), as runs of equal rule."""
        c, h, w = self._facts(k)
        if not days:
            return []
        if not w:                      # no works next to it: one rule all along
            return [pr.Run(days[0], days[-1], self.rules.governing(c, h).as_rule())]
        out: list[pr.Run] = []
        current = None
        for d in days:
            levels = [lv for lv, a, b in w if (a is None or a <= d) and (b is None or d <= b)]
            rule = self.rules.governing(c, h, levels)
            if out and rule is current and out[-1].end + timedelta(days=1) == d:
                out[-1] = pr.Run(out[-1].start, d, out[-1].rule)
            else:
                out.append(pr.Run(d, d, rule.as_rule()))
                current = rule
        return out

    def governing(self, k: int, days: list[date]) -> LineRule:
        """The most frequent rule that governs the stretch on any of `days`."""
        c, h, w = self._facts(k)
        levels = [lv for lv, a, b in w if (a is None or a <= days[-1]) and (b is None or days[0] <= b)] if days else []
        return self.rules.governing(c, h, levels)


def _opt_date(v):
    return None if v is None or (isinstance(v, float) and np.isnan(v)) else v


def load_network(s: Session, *, rules: LinePatrolRules | None = None, gas: GasRules | None = None) -> Network:
    """The gas pipelines split by the comprehensive grids, with their classes, high-consequence areas and the
    third-party works next to each stretch (read in bulk, one query per table)."""
    rules = rules or load_line_rules()
    gas = gas or load_gas_rules()
    prow = s.execute(select(LineAsset.id, LineAsset.name, LineAsset.code, LineAsset.operator, LineAsset.pressure_class,
                            LineAsset.diameter_mm, LineAsset.outside_diameter_mm, LineAsset.material, LineAsset.geom)
                     .where(LineAsset.kind == "gas_pipeline", LineAsset.geom.is_not(None))
                     .order_by(LineAsset.id)).all()
    p = pd.DataFrame(prow, columns=["line_id", "name", "code", "operator", "pressure_class", "diameter_mm",
                                    "outside_diameter_mm", "material", "geom"])
    pgeoms = np.array(p["geom"].tolist(), dtype=object) if len(p) else np.array([], dtype=object)
    params = pipeline_params(gas, p["pressure_class"].tolist(), outside_diameter_mm=p["outside_diameter_mm"].tolist(),
                             diameter_mm=p["diameter_mm"].tolist(), material=p["material"].tolist())
    b = shapely.bounds(pgeoms) if len(p) else np.zeros((0, 4))
    crs = measure_crs((b[:, 0] + b[:, 2]) / 2) if len(p) else measure_crs([])
    pproj = transform(pgeoms, STORAGE, crs) if len(p) else pgeoms
    p["class_key"] = params.class_key
    p["class_zh"] = [gas.classes[k].zh for k in params.class_key]
    p["length_m"] = shapely.length(pproj) if len(p) else []
    p["operator"] = p["operator"].where(p["operator"].notna() & (p["operator"].astype(str).str.strip() != ""), NOT_GIVEN)
    p = p.drop(columns=["geom", "pressure_class", "diameter_mm", "outside_diameter_mm", "material"])

    grows = s.execute(select(Grid.id, Grid.code, Grid.name, Grid.geom)
                      .where(Grid.kind == "comprehensive", Grid.geom.is_not(None)).order_by(Grid.code)).all()
    ggeoms = transform(np.array([r[3] for r in grows], dtype=object), STORAGE, crs) if grows else np.array([], dtype=object)
    # the pipelines cut by the grids: every (pipeline, grid) pair that meets, intersected, split into parts
    if len(p) and len(grows):
        pi, gi = shapely.STRtree(ggeoms).query(pproj, predicate="intersects")
        cut = shapely.line_merge(shapely.intersection(pproj[pi], ggeoms[gi]))
        # a GeometryCollection (line plus a touching point) gives points too: only lines are kept below
        parts, owner = shapely.get_parts(cut, return_index=True)
    else:
        pi = gi = owner = np.array([], dtype=np.int64)
        parts = np.array([], dtype=object)
    kinds = shapely.get_type_id(parts) if len(parts) else np.array([], dtype=np.int64)
    lengths = shapely.length(parts) if len(parts) else np.array([])
    keep = (kinds == 1) & (lengths >= max(rules.min_stretch_m, NEAR_TOLERANCE_M))
    parts, owner, lengths = parts[keep], owner[keep], lengths[keep]
    sp, sg = pi[owner], gi[owner]
    st = pd.DataFrame({
        "line_id": p["line_id"].to_numpy()[sp] if len(sp) else np.array([], dtype=np.int64),
        "grid_id": np.array([grows[i][0] for i in sg], dtype=np.int64),
        "grid_code": [grows[i][1] for i in sg], "grid_name": [grows[i][2] for i in sg],
        "length_m": lengths, "class_key": params.class_key[sp] if len(sp) else [],
        "operator": p["operator"].to_numpy()[sp] if len(sp) else [],
        "pipe": sp,
    })
    st = st.sort_values(["line_id", "grid_code", "length_m"], ascending=[True, True, False], kind="stable")
    order = st.index.to_numpy()
    st = st.reset_index(drop=True)
    sproj = parts[order] if len(order) else parts
    sgeoms = transform(sproj, crs, STORAGE) if len(sproj) else sproj

    # high-consequence areas and works, from the gas analysis over the same pipelines
    srows = s.execute(select(Site.id, Site.name, Site.category, Site.geom).where(Site.geom.is_not(None))
                      .order_by(Site.id)).all()
    wrows = s.execute(select(ThirdPartyWorks.id, ThirdPartyWorks.name, ThirdPartyWorks.start_on,
                             ThirdPartyWorks.end_on, ThirdPartyWorks.status, ThirdPartyWorks.geom)
                      .where(ThirdPartyWorks.geom.is_not(None)).order_by(ThirdPartyWorks.id)).all()
    hca_rows, works_rows = [], []
    hca_sets: list[set[str]] = [set() for _ in range(len(st))]
    if len(st):
        pipelines = Pipelines(pgeoms, p["line_id"].to_numpy(), params, p["name"].to_numpy())
        sites = Features(np.array([r[3] for r in srows], dtype=object), np.array([r[0] for r in srows]),
                         np.array([r[1] for r in srows], dtype=object),
                         category=np.array([r[2] for r in srows], dtype=object)) if srows else None
        analysis = Analysis(gas, pipelines, sites=sites, crs=crs)
        found = analysis.high_consequence_findings()
        if found:
            areas = np.array([f.geometry for f in found], dtype=object)
            fpipe = np.array([f.pipeline_index for f in found])
            k_st, k_f = shapely.STRtree(areas).query(sgeoms, predicate="intersects")
            same = st["pipe"].to_numpy()[k_st] == fpipe[k_f]
            for k, j in zip(k_st[same], k_f[same], strict=True):
                hca_sets[k].add(found[j].level)
                hca_rows.append((int(k), found[j].level, found[j].feature_name or "", int(found[j].feature_id)))
        if wrows:
            status = np.array([r[4] or "" for r in wrows], dtype=object)
            ends = [r[3] for r in wrows]
            counted = np.array([st_ not in NEVER_ACTIVE and (st_ != "finished" or e is not None)
                                for st_, e in zip(status, ends, strict=True)], dtype=bool)
            wgeoms = transform(np.array([r[5] for r in wrows], dtype=object), STORAGE, crs)
            half = params.half_od_m[st["pipe"].to_numpy()]
            reach = half + params.control_m[st["pipe"].to_numpy()] + gas.tolerance_m
            k_st, k_w = shapely.STRtree(wgeoms).query(sproj, predicate="dwithin", distance=reach)
            ok = counted[k_w]
            k_st, k_w = k_st[ok], k_w[ok]
            wall = np.maximum(shapely.distance(sproj[k_st], wgeoms[k_w]) - half[k_st], 0.0)
            alarm = wall <= params.protection_m[st["pipe"].to_numpy()[k_st]] + gas.tolerance_m
            for k, j, a in zip(k_st, k_w, alarm, strict=True):
                r = wrows[j]
                works_rows.append((int(k), r[0], r[1], "alarm" if a else "warning", _opt_date(r[2]), _opt_date(r[3])))
    st["hca"] = [tuple(sorted(x)) for x in hca_sets]
    works = pd.DataFrame(works_rows, columns=["stretch", "works_id", "name", "level", "start", "end"])
    works = works.astype({"start": object, "end": object})
    works["start"] = [None if pd.isna(v) else v for v in works["start"]]
    works["end"] = [None if pd.isna(v) else v for v in works["end"]]
    hca = pd.DataFrame(hca_rows, columns=["stretch", "level", "site", "site_id"])
    return Network(p, st, sgeoms, works, hca, crs, rules, gas)


# --- history ------------------------------------------------------------------------------------------

def patrol_history(s: Session, until: date, since: date | None = None) -> pd.DataFrame:
    """Done line patrols up to `until` (and from `since`): line_id, grid_id, day, patrolled_m, route_length_m."""
    q = select(PatrolAssignment.line_id, PatrolAssignment.grid_id, PatrolAssignment.patrolled_on,
               PatrolAssignment.patrolled_m, PatrolAssignment.route_length_m).where(
        PatrolAssignment.kind == KIND, PatrolAssignment.status == "done", PatrolAssignment.patrolled_on.is_not(None),
        PatrolAssignment.patrolled_on <= until)
    if since is not None:
        q = q.where(PatrolAssignment.patrolled_on >= since)
    return pd.DataFrame(s.execute(q).all(), columns=["line_id", "grid_id", "day", "patrolled_m", "route_length_m"])


def last_patrols(s: Session, until: date) -> dict[tuple[int, int], date]:
    """The last patrol day of each (pipeline, grid) stretch up to and including `until`."""
    rows = s.execute(select(PatrolAssignment.line_id, PatrolAssignment.grid_id, func.max(PatrolAssignment.patrolled_on))
                     .where(PatrolAssignment.kind == KIND, PatrolAssignment.status == "done",
                            PatrolAssignment.patrolled_on <= until, PatrolAssignment.line_id.is_not(None))
                     .group_by(PatrolAssignment.line_id, PatrolAssignment.grid_id)).all()
    return {(int(a), int(b)): d for a, b, d in rows}


def due_days(net: Network, k: int, days: list[date], last: date | None) -> list[date]:
    """The days stretch k falls due within `days` (consecutive), running on from `last`."""
    return pr.due_days(last, net.runs(k, days)) if days else []


# --- planning -----------------------------------------------------------------------------------------

@dataclass
class LinePlanResult:
    period: Period
    assignments: int = 0
    length_m: float = 0.0
    replaced: int = 0
    kept: int = 0
    stretches: int = 0
    by_rule: dict[str, int] = field(default_factory=dict)      # rule (zh) → patrols planned under it
    no_member: list[str] = field(default_factory=list)         # grid codes with due stretches and nobody to walk them
    unplanned: int = 0                                         # due patrols in grids without members
    outside_m: float = 0.0                                     # gas pipeline length outside every grid


def plan_period(s: Session, period: Period, *, feedback: Feedback | None = None,
                network: Network | None = None, write: bool = True,
                created_at: datetime | None = None) -> LinePlanResult:
    """Plan (or re-plan) a period's line patrols inside the caller's transaction; with write=False only count
    what planning would do (nothing is written, so a read-only project can answer a dry run)."""
    from gis.patrols.planning import grid_members

    feedback = ensure(feedback)
    feedback.progress(None, feedback.say("正在切分燃气管线并读取巡线规则", "Splitting gas pipelines and reading line-patrol rules"))
    result = LinePlanResult(period)
    if write:
        result.replaced, _covered = rounds.clear_period(s, period.label, KIND)
    existing = s.execute(select(PatrolAssignment.line_id, PatrolAssignment.grid_id, PatrolAssignment.planned_on,
                                PatrolAssignment.status).where(rounds.of_plan(KIND, period.label))).all()
    kept = [r for r in existing if r.status != "planned"]   # planned ones are what re-planning replaces
    if not write:
        result.replaced = len(existing) - len(kept)
    result.kept = len(kept)
    kept_days = {(r.line_id, r.grid_id, r.planned_on) for r in kept}
    net = network or load_network(s)
    st = net.stretches
    result.stretches = len(st)
    result.outside_m = float(max(net.pipes["length_m"].sum() - st["length_m"].sum(), 0.0)) if len(net.pipes) else 0.0
    if not len(st):
        return result
    last = last_patrols(s, period.end)
    members = grid_members(s, sorted(set(st["grid_id"].tolist())), period)
    days = period.days
    now = created_at or datetime.now().replace(microsecond=0)
    counts: Counter[str] = Counter()
    turn: Counter[int] = Counter()      # a grid's patrols go to its members in turn
    no_member: set[str] = set()
    planned: list[dict] = []
    for k in range(len(st)):
        if k % 50 == 0:
            feedback.step(k, len(st), feedback.say("正在排巡线计划：管段", "Planning line patrols: section"))
        row = st.iloc[k]
        line_id, grid_id = int(row["line_id"]), int(row["grid_id"])
        runs = net.runs(k, days)
        due = pr.due_days(last.get((line_id, grid_id)), runs)
        due = [d for d in due if (line_id, grid_id, d) not in kept_days]
        if not due:
            continue
        people = members.get(grid_id)
        if not people:
            no_member.add(row["grid_code"])
            result.unplanned += len(due)
            continue
        geom = net.geoms[k]
        length = float(row["length_m"])
        for d in due:
            rule = next(r.rule for r in runs if r.start <= d <= r.end)
            if write:
                planned.append(dict(kind=KIND, period=period.label, grid_id=grid_id,
                                    person_id=people[turn[grid_id] % len(people)], day=d,
                                    route=Route(order=[], length_m=length, geom=geom),
                                    priority=-rule.priority, created_at=now, line_id=line_id))
            turn[grid_id] += 1
            counts[rule.name] += 1
            result.assignments += 1
            result.length_m += length
    feedback.step(len(st), len(st), feedback.say("正在排巡线计划：管段", "Planning line patrols: section"))
    result.by_rule = dict(sorted(counts.items()))
    result.no_member = sorted(no_member)
    rounds.write_stopless_rounds(s, planned)
    s.flush()
    return result


def plan(project: Project, period: Period, *, dry_run: bool = False,
         feedback: Feedback | None = None) -> LinePlanResult:
    """Plan a period's line patrols as one unit of work: all written, or none (also when cancelled); a dry run
    plans the same and rolls back."""
    feedback = ensure(feedback)
    if dry_run:
        with project.session() as s:
            return plan_period(s, period, feedback=feedback, write=False)
    def unit(s):
        result = plan_period(s, period, feedback=feedback)
        feedback.check()
        return result

    return project.write(unit)


# --- results ------------------------------------------------------------------------------------------

def record_patrol(s: Session, assignment_id: int, *, done_on: date, patrolled_m: float | None = None,
                  hazards: list[FoundHazard] = (), actor=None) -> list:
    """Record a line patrol done on `done_on` over `patrolled_m` metres (default: the whole route); each hazard
    found is registered in the ledger (source 管线巡线, on the pipeline, at the middle of the stretch) and names
    the assignment. In the caller's transaction; returns the new hazards."""
    a = s.get(PatrolAssignment, assignment_id)
    if a is None or a.kind != KIND:
        raise ValidationError(f"找不到编号为 {assignment_id} 的巡线任务",
                              en=f"There is no line patrol assignment with number {assignment_id}")
    if a.status == "done":
        raise ValidationError(f"巡线任务 {assignment_id} 已于 {a.patrolled_on:%Y-%m-%d} 登记过结果",
                              en=f"Line patrol assignment {assignment_id} already has a result, recorded for "
                                 f"{a.patrolled_on:%Y-%m-%d}")
    route_m = a.route_length_m or 0.0
    if patrolled_m is None:
        patrolled_m = route_m
    if not patrolled_m > 0:
        raise ValidationError(f"巡线任务 {assignment_id} 的巡检长度应大于 0 米，实为 {patrolled_m}",
                              en=f"Line patrol assignment {assignment_id}: the length patrolled must be more than 0 "
                                 f"metres, not {patrolled_m}")
    if patrolled_m > route_m + 0.5:
        raise ValidationError(f"巡线任务 {assignment_id} 的巡检长度 {patrolled_m:.0f} 米超过路线长度 {route_m:.0f} 米",
                              en=f"Line patrol assignment {assignment_id}: the length patrolled, {patrolled_m:.0f} "
                                 f"m, exceeds the route length of {route_m:.0f} m")
    patroller = s.get(Person, a.person_id)
    who = actor or patroller
    at = datetime.combine(done_on, datetime.min.time()).replace(hour=12)
    point = a.route.interpolate(0.5, normalized=True) if a.route is not None else None
    found = []
    for h in hazards:
        hazard = ledger.register(s, actor=who, description=h.description, source=SOURCE, at=at, found_on=done_on,
                                 found_by=patroller.name if patroller is not None else None, line_id=a.line_id,
                                 point=point, grade=h.grade, sector=h.sector or SECTOR,
                                 checklist_item=h.checklist_item)
        hazard.patrol_assignment_id = a.id
        found.append(hazard)
    a.status, a.patrolled_on, a.patrolled_m = "done", done_on, round(float(patrolled_m), 1)
    s.flush()
    return found


# --- route sheets ---------------------------------------------------------------------------------------

@dataclass
class SheetLine:
    """What a line patrol's route sheet says about its pipeline (gis.patrols.sheets.RouteSheet.line)."""
    line_id: int | None
    name: str
    class_label: str        # the pipeline's pressure class (中压A), in the sheet's language
    operator: str
    frequency: str          # the governing rule on the day, short: 每周（中压A） / Weekly (Medium pressure A)
    stretch_m: float        # the route's length (the pipeline's part in the grid)
    pipeline_m: float       # the whole pipeline's length
    basis: str = ""         # the governing rule's basis


def sheet_parts(s: Session, assignments: list[PatrolAssignment], lang: str = "zh"
                ) -> dict[int, tuple[SheetLine, list[dict]]]:
    """Per line assignment: its pipeline's facts and the items along its route, in route order, as dicts for
    SheetStop (name, lon, lat, address, contact, phone, category, kind, open_hazards): third-party works next to
    the stretch (with the days they are active), the specified sites of its high-consequence areas, and the open
    hazards on the pipeline within the stretch's grid. The words the sheet composes are in `lang`; names, codes
    and descriptions are the project's own."""
    from gis import vocab
    from gis.hazards.states import open_states
    from gis.model import Hazard

    en = lang == "en"
    line_as = [a for a in assignments if a.kind == KIND]
    if not line_as:
        return {}
    net = load_network(s)
    st = net.stretches
    index = {}
    for k, r in enumerate(st.itertuples()):
        index.setdefault((int(r.line_id), int(r.grid_id)), k)       # the longest part first
    pipes = net.pipes.set_index("line_id")
    line_ids = sorted({a.line_id for a in line_as if a.line_id is not None})
    hz = s.execute(select(Hazard.line_id, Hazard.works_id, Hazard.code, Hazard.description, Hazard.grade,
                          Hazard.grid_id, Hazard.geom)
                   .where(Hazard.line_id.in_(line_ids), Hazard.status.in_(open_states()))
                   .order_by(Hazard.found_on, Hazard.id)).all() if line_ids else []
    hca_ids = sorted({int(i) for i in net.hca["site_id"]}) if len(net.hca) else []
    srows = {r[0]: r for r in s.execute(select(Site.id, Site.address, Site.contact_name, Site.contact_phone,
                                                Site.geom).where(Site.id.in_(hca_ids))).all()} if hca_ids else {}
    works_ids = sorted({int(i) for i in net.works["works_id"]}) if len(net.works) else []
    wrows = {r[0]: r for r in s.execute(select(ThirdPartyWorks.id, ThirdPartyWorks.contact_name,
                                                ThirdPartyWorks.contact_phone, ThirdPartyWorks.supervisor,
                                                ThirdPartyWorks.permit_no, ThirdPartyWorks.geom)
                                         .where(ThirdPartyWorks.id.in_(works_ids))).all()} if works_ids else {}
    out = {}
    for a in line_as:
        k = index.get((a.line_id, a.grid_id))
        pipe = pipes.loc[a.line_id] if a.line_id in pipes.index else None
        rule = net.governing(k, [a.planned_on]) if k is not None else None
        rule_text = (f"{rule.frequency_in(lang)} ({rule.label(lang)})" if en else f"{rule.frequency}（{rule.zh}）") \
            if rule is not None else ""     # basis and confidence: rule.basis
        operator = pipe["operator"] if pipe is not None else ""
        info = SheetLine(a.line_id, (pipe["name"] if pipe is not None and isinstance(pipe["name"], str) else "")
                         or (f"Pipeline {a.line_id}" if en else f"管线 {a.line_id}"),
                         (vocab.label("pressure_classes", pipe["class_key"], lang) if en else pipe["class_zh"])
                         if pipe is not None else "",
                         "(not given)" if en and operator == NOT_GIVEN else operator, rule_text,
                         float(a.route_length_m or 0.0),
                         float(pipe["length_m"]) if pipe is not None else 0.0, rule.basis if rule is not None else "")
        items = []
        route = a.route
        if k is not None:
            for w in net.works[net.works["stretch"] == k].itertuples():
                r = wrows.get(w.works_id)
                geom = r[5] if r is not None else None
                when = "—".join(x for x in (f"{w.start:%Y-%m-%d}" if w.start else "", f"{w.end:%Y-%m-%d}" if w.end else "") if x)
                level = net.gas.works_levels[w.level]
                permit = r[4] if r is not None and r[4] else ""
                if en:
                    category = f"Third-party works ({level['en']})"
                    address = "; ".join(x for x in (f"works {when}" if when else "", f"permit {permit}" if permit
                                                     else "") if x)
                else:
                    category = f"第三方施工（{level['zh']}）"
                    address = (f"施工期 {when}" if when else "") + (f"；许可 {permit}" if permit else "")
                items.append({"name": w.name, "geom": geom, "kind": "line_patrol_works", "category": category,
                              "address": address,
                              "contact": (r[1] or "") if r is not None else "", "phone": (r[2] or "") if r is not None else "",
                              "open_hazards": [f"{h.code} {h.description}" for h in hz if h.works_id == w.works_id]})
            for h in net.hca[net.hca["stretch"] == k].itertuples():
                r = srows.get(h.site_id)
                items.append({"name": h.site, "geom": r[4] if r is not None else None, "kind": "line_patrol_hca",
                              "category": f"High-consequence area level {h.level} · specified site" if en
                              else f"高后果区{h.level}级·特定场所", "address": (r[1] or "") if r is not None else "",
                              "contact": (r[2] or "") if r is not None else "", "phone": (r[3] or "") if r is not None else "",
                              "open_hazards": []})
        for h in hz:
            if h.line_id == a.line_id and h.works_id is None and h.grid_id == a.grid_id:
                items.append({"name": f"Open hazard {h.code}" if en else f"未销号隐患 {h.code}", "geom": h.geom,
                              "kind": "line_patrol_hazard",
                              "category": vocab.label("hazard_grades", h.grade, lang) if h.grade
                              else ("Hazard" if en else "隐患"),
                              "address": h.description, "contact": "", "phone": "", "open_hazards": []})
        placed = []
        for it in items:
            g = it.pop("geom")
            if g is None:
                g = route.interpolate(0.5, normalized=True) if route is not None else None
            if g is None:
                continue
            p = g.representative_point() if g.geom_type != "Point" else g
            it["lon"], it["lat"] = p.x, p.y
            it["along"] = route.line_locate_point(p) if route is not None else 0.0
            placed.append(it)
        placed.sort(key=lambda it: it.pop("along"))
        out[a.id] = (info, placed)
    return out
