"""Patrol results: stops visited with a result and note, hazards found entered in the ledger, and
coverage (巡查覆盖率) of the due visits per grid."""
from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

import numpy as np
import pandas as pd
from sqlalchemy import select
from sqlalchemy.orm import Session

from gis import hazards as ledger
from gis import vocab
from gis.errors import ValidationError
from gis.model import Grid, Hazard, PatrolStop, Person, Site
from gis.patrols.due import due_visits, visit_days
from gis.patrols.periods import Period


@dataclass(frozen=True)
class FoundHazard:
    description: str
    grade: str | None = None           # default: the ledger's first grade (一般隐患)
    sector: str | None = None          # default: the site's sector
    checklist_item: str | None = None


def record_visit(s: Session, stop: PatrolStop, *, result: str | None = None, note: str | None = None,
                 visited_at: datetime | None = None, hazards: list[FoundHazard] = (),
                 actor: Person | ledger.Actor | None = None) -> list[Hazard]:
    """Mark a stop visited; each hazard found is registered in the ledger (gis.hazards.register,
    source 网格员巡查) and linked to the stop. Runs inside the caller's transaction; returns the new
    hazards. The hazards are found by the assignment's patroller and recorded by `actor` (the person
    entering the results; default the patroller)."""
    result = result or ("hazard_found" if hazards else "ok")
    if result not in vocab.keys("patrol_results"):
        raise ValidationError(f"未知的巡查结果“{result}”，可选：{'、'.join(vocab.labels('patrol_results').values())}",
                              en=f"Unknown patrol result \"{result}\"; choose one of: "
                                 f"{', '.join(vocab.labels('patrol_results', 'en').values())}")
    if hazards and result != "hazard_found":
        raise ValidationError("登记了隐患时，巡查结果应为“发现隐患”",
                              en="When a hazard was registered, the patrol result must be "
                                 f"\"{vocab.label('patrol_results', 'hazard_found', 'en')}\"")
    if stop.visited_at is not None:
        raise ValidationError(f"第 {stop.seq} 站已于 {stop.visited_at:%Y-%m-%d %H:%M} 记录过巡查结果",
                              en=f"Stop {stop.seq} already has a patrol result, recorded at "
                                 f"{stop.visited_at:%Y-%m-%d %H:%M}")
    assignment = stop.assignment
    patroller = s.get(Person, assignment.person_id)
    actor = actor or patroller
    at = (visited_at or datetime.now()).replace(microsecond=0)
    stop.visited_at, stop.result, stop.note = at, result, note
    found = []
    for h in hazards:
        hazard = ledger.register(s, actor=actor, description=h.description, source="grid_patrol", at=at,
                                 found_by=patroller.name if patroller is not None else None,
                                 site_id=stop.site_id, grade=h.grade, sector=h.sector,
                                 checklist_item=h.checklist_item)
        hazard.patrol_stop_id = stop.id
        found.append(hazard)
    visited = [st.visited_at is not None for st in assignment.stops]
    assignment.status = "done" if all(visited) else "in_progress"
    s.flush()
    return found


def find_stop(s: Session, *, stop_id: int | None = None, assignment_id: int | None = None,
              seq: int | None = None) -> PatrolStop:
    if stop_id is not None:
        stop = s.get(PatrolStop, stop_id)
    else:
        stop = s.scalar(select(PatrolStop).where(PatrolStop.assignment_id == assignment_id, PatrolStop.seq == seq))
    if stop is None:
        where = f"站点编号 {stop_id}" if stop_id is not None else f"任务 {assignment_id} 第 {seq} 站"
        where_en = f"stop number {stop_id}" if stop_id is not None else f"stop {seq} of assignment {assignment_id}"
        raise ValidationError(f"找不到{where}",
                              en=f"Cannot find {where_en}")
    return stop


COVERAGE_COLUMNS = ["grid_id", "code", "name", "due_sites", "visited_sites", "due_visits", "done_visits", "rate"]


def coverage(s: Session, period: Period, *, grid_ids: list[int] | None = None) -> pd.DataFrame:
    """Per grid: visits due in the period under the rules (from the history before it) and how many
    were made. rate = done / due; a grid with nothing due has rate NaN."""
    due = due_visits(s, period, grid_ids=grid_ids).visits
    done = visit_days(s, period.end, since=period.start)
    grids = pd.DataFrame(s.execute(select(Grid.id, Grid.code, Grid.name).where(Grid.kind == "comprehensive")
                                   .order_by(Grid.code)).all(), columns=["grid_id", "code", "name"])
    if grid_ids is not None:
        grids = grids[grids["grid_id"].isin(grid_ids)]
    site_grid = dict(s.execute(select(Site.id, Site.grid_id)).all())
    per_site = due.groupby("site_id").size().rename("due").to_frame()
    per_site["made"] = done.groupby("site_id").size().reindex(per_site.index, fill_value=0)
    per_site["done"] = np.minimum(per_site["due"], per_site["made"])
    per_site["grid_id"] = [site_grid.get(i) for i in per_site.index]
    g = per_site.groupby("grid_id").agg(due_sites=("due", "size"), visited_sites=("done", lambda x: int((x > 0).sum())),
                                        due_visits=("due", "sum"), done_visits=("done", "sum"))
    out = grids.merge(g, left_on="grid_id", right_index=True, how="left").fillna(
        {"due_sites": 0, "visited_sites": 0, "due_visits": 0, "done_visits": 0})
    for c in ("due_sites", "visited_sites", "due_visits", "done_visits"):
        out[c] = out[c].astype(int)
    due = out["due_visits"].to_numpy()
    out["rate"] = np.where(due > 0, out["done_visits"].to_numpy() / np.maximum(due, 1), np.nan)
    return out[COVERAGE_COLUMNS].reset_index(drop=True)
