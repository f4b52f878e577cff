"""The demo's line patrol history (巡线, issue 13): 2026-07 up to the day before the demo's TODAY, made at load by
the code a planner uses, so the 巡检长度 report of 2026H2 has realistic figures.

Each month is planned by gis.patrols.lines (the shipped line rules, the demo's grid members), then its patrols up
to the day before TODAY get results drawn from one seeded generator. Patrollers differ: each stretch (pipeline × grid)
gets a diligence tier — most stretches are walked every time over their whole length, some miss now and then,
a few often miss or walk only part (a works hoarding, a locked yard: 50–90 % of the length, to 10 m) — so the
report shows stretches both covered and not. Missed patrols are cancelled, and the next month's due days run
on from what was really done. Results are written as record_patrol writes them
(status done, the day, the length); two patrols find a hazard, recorded through gis.patrols.lines.record_patrol
(source 管线巡线, linked to the patrol). Deterministic: the same demo gives the same history.
"""
from __future__ import annotations

from datetime import datetime, time, timedelta

import numpy as np
from sqlalchemy import select, update
from sqlalchemy.orm import Session

from gis.demo.world import TODAY
from gis.model import PatrolAssignment
from gis.patrols import lines, rounds
from gis.patrols.periods import parse_period
from gis.patrols.results import FoundHazard

MONTHS = ("2026-07", "2026-08", "2026-09", "2026-10", "2026-11")
DONE_UNTIL = TODAY - timedelta(days=1)     # the report counts up to yesterday
# diligence tiers: (share of stretches, chance a patrol is missed, chance it covers only part of the stretch)
TIERS = ((0.70, 0.0, 0.0), (0.20, 0.05, 0.03), (0.10, 0.20, 0.10))
SEED = (20261122, 13)
# hazards found on line patrols: month → description (the month's first patrol done in full over its route)
FOUND = {"2026-09": "管道标志桩缺失，路面施工后未恢复", "2026-10": "管道上方违规堆放建筑材料"}


def build(s: Session) -> dict[str, int]:
    rng = np.random.default_rng(SEED)
    net = lines.load_network(s)
    keys = sorted({(int(a), int(b)) for a, b in zip(net.stretches["line_id"], net.stretches["grid_id"], strict=True)})
    tier = dict(zip(keys, rng.choice(len(TIERS), size=len(keys), p=[t[0] for t in TIERS]).tolist(), strict=True))
    planned = done = found = 0
    for label in MONTHS:
        period = parse_period(label)
        made = datetime.combine(period.start - timedelta(days=5), time(9, 0))
        result = lines.plan_period(s, period, network=net, created_at=made)
        planned += result.assignments
        s.flush()
        rows = s.execute(select(PatrolAssignment.id, PatrolAssignment.route_length_m, PatrolAssignment.line_id,
                                PatrolAssignment.grid_id)
                         .where(rounds.of_plan(lines.KIND, period.label), PatrolAssignment.planned_on <= DONE_UNTIL)
                         .order_by(PatrolAssignment.id)).all()
        if not rows:
            continue
        ids = np.array([r[0] for r in rows], dtype=np.int64)
        length = np.array([r[1] or 0.0 for r in rows], dtype=float)
        t = np.array([TIERS[tier[(r[2], r[3])]] for r in rows], dtype=float)
        u = rng.random(len(rows))
        share = rng.uniform(0.5, 0.9, len(rows))
        missed, partial = u < t[:, 1], (u >= t[:, 1]) & (u < t[:, 1] + t[:, 2])
        full = ~missed & ~partial
        if label in FOUND and full.any():
            first = int(np.flatnonzero(full)[0])
            full[first] = False
            a = s.get(PatrolAssignment, int(ids[first]))
            lines.record_patrol(s, a.id, done_on=a.planned_on, hazards=[FoundHazard(FOUND[label])])
            found += 1
        if full.any():
            s.execute(update(PatrolAssignment).where(PatrolAssignment.id.in_(ids[full].tolist()))
                      .values(status="done", patrolled_on=PatrolAssignment.planned_on,
                              patrolled_m=PatrolAssignment.route_length_m), execution_options={"synchronize_session": False})
        if missed.any():
            s.execute(update(PatrolAssignment).where(PatrolAssignment.id.in_(ids[missed].tolist()))
                      .values(status="cancelled"), execution_options={"synchronize_session": False})
        if partial.any():
            s.execute(update(PatrolAssignment).where(PatrolAssignment.id.in_(ids[partial].tolist()))
                      .values(status="done", patrolled_on=PatrolAssignment.planned_on),
                      execution_options={"synchronize_session": False})
            s.execute(update(PatrolAssignment), [
                {"id": int(i), "patrolled_m": float(max(10.0, np.round(m * f, -1)))}
                for i, m, f in zip(ids[partial], length[partial], share[partial], strict=True)])
        s.expire_all()
        done += int(full.sum() + partial.sum())
    return {"line_patrol_planned": planned, "line_patrol_done": done + found, "line_patrol_hazard": found}
