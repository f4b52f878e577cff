"""The records the KPIs count, read once as arrays: every hazard, every planned patrol stop, every site that may
be an enterprise, every self-check report and every public tip-off (群众举报), each placed in its grid, village and
township.

One SQL read per table, dates as whole days since 1970-01-01 (NO_DAY when missing), texts as small integer codes.
Evaluation (compute.py) then never touches the database: a change of period or grouping is numpy work only.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

import numpy as np
import pandas as pd

from gis.bulk import day_sql, raw_rows
from gis.feedback import Feedback, ensure
from gis.hazards.states import grades, major_grades


@dataclass
class Population:
    """One kind of record: ids, and per column an array (dates as int days, texts as codes into `categories`,
    booleans, numbers); `grid` = position in Records.grid_ids (-1: in no grid)."""
    name: str
    ids: np.ndarray
    dates: dict[str, np.ndarray] = field(default_factory=dict)
    texts: dict[str, tuple[np.ndarray, list[str]]] = field(default_factory=dict)
    flags: dict[str, np.ndarray] = field(default_factory=dict)
    numbers: dict[str, np.ndarray] = field(default_factory=dict)
    grid: np.ndarray = field(default_factory=lambda: np.zeros(0, np.int64))

    def __len__(self) -> int:
        return len(self.ids)

    def text_values(self, column: str) -> np.ndarray:
        codes, cats = self.texts[column]
        table = np.array(list(cats) + [None], dtype=object)
        return table[codes]


@dataclass
class Records:
    hazards: Population
    stops: Population
    sites: Population                   # every site: the enterprises are chosen by the KPI definitions
    report_site: np.ndarray             # self-check reports: position of the site in `sites`, day, hazards found
    report_day: np.ndarray
    report_found: np.ndarray
    grid_ids: np.ndarray
    grid_codes: np.ndarray
    grid_names: np.ndarray
    grid_village: np.ndarray            # position in unit_ids (-1 none)
    grid_township: np.ndarray
    unit_ids: np.ndarray
    unit_codes: np.ndarray
    unit_names: np.ndarray
    today: date = field(default_factory=date.today)   # the records as they stand today: no period ends later
    tipoffs: Population = field(default_factory=lambda: Population("tipoffs", np.zeros(0, np.int64)))
    person_names: dict[str, str] = field(default_factory=dict)   # person id (as text) → name: the 网格员 grouping

    def population(self, name: str) -> Population:
        return {"hazards": self.hazards, "stops": self.stops, "enterprises": self.sites, "tipoffs": self.tipoffs}[name]

    @property
    def populations(self) -> tuple[Population, ...]:
        return self.hazards, self.stops, self.sites, self.tipoffs


def _columns(rows: list[tuple], n: int) -> list[np.ndarray]:
    table = np.array(rows, dtype=object).reshape(len(rows), n)
    return [table[:, j] for j in range(n)]


def _ints(a: np.ndarray) -> np.ndarray:
    return a.astype(np.int64) if len(a) else np.zeros(0, np.int64)


def _text(a: np.ndarray) -> tuple[np.ndarray, list[str]]:
    codes, uniques = pd.factorize(pd.Series(a, dtype=object), sort=True, use_na_sentinel=True)
    return np.where(codes < 0, len(uniques), codes).astype(np.int64), [str(u) for u in uniques]


def _positions(keys: np.ndarray, ids: np.ndarray) -> np.ndarray:
    """Position of each id in the sorted `keys` (-1 for 0, NULL or unknown ids)."""
    if not len(keys):
        return np.full(len(ids), -1, np.int64)
    pos = np.minimum(np.searchsorted(keys, ids), len(keys) - 1)
    return np.where((ids > 0) & (keys[pos] == ids), pos, -1).astype(np.int64)


def _read(engine, queries: dict[str, tuple[str, int]], feedback: Feedback) -> dict[str, list[np.ndarray]]:
    """Each query's columns, on one connection. (Two connections at once were slower: building the rows' Python
    objects holds the interpreter, so the threads only took turns.)"""
    out = {}
    with engine.connect() as c:
        for name, (sql, n) in queries.items():
            feedback.check()
            out[name] = _columns(raw_rows(c, sql), n)
    feedback.check()
    return out


def _hours_sql(dialect: str, start: str, end: str) -> str:
    """Hours from `start` to `end` (timestamps); NULL when either is missing."""
    if dialect == "sqlite":
        return f"(julianday({end}) - julianday({start})) * 24.0"
    return f"EXTRACT(EPOCH FROM ({end} - {start})) / 3600.0"


def _floats(a: np.ndarray) -> np.ndarray:
    """Numbers with NULL as NaN (NaN passes no comparison)."""
    return pd.to_numeric(pd.Series(a, dtype=object), errors="coerce").to_numpy(dtype=float) if len(a) else \
        np.zeros(0, float)


def load(project, feedback: Feedback | None = None, today: date | None = None) -> Records:
    """Every record the KPIs count, from `project` (a gis.store.Project), as they stand `today` (default: the
    day it is); cancellable between reads."""
    feedback = ensure(feedback)
    engine = project.engine
    d = engine.dialect.name
    with project.session() as s:
        major = sorted(major_grades(grades(s)))
    got = _read(engine, {
        "hazards": (f"SELECT id, {day_sql(d, 'found_on')}, {day_sql(d, 'closed_on')}, {day_sql(d, 'deadline')}, status, grade, "
                    "source, sector, CASE WHEN supervision_level IS NULL THEN 0 ELSE 1 END, COALESCE(grid_id, 0), "
                    "COALESCE(site_id, 0) FROM hazard ORDER BY id", 11),
        "stops": (f"SELECT patrol_stop.id, assignment_id, site_id, {day_sql(d, 'visited_at')}, result, "
                  "CASE WHEN patrol_stop_check.status = 'verified' THEN 1 ELSE 0 END FROM patrol_stop "
                  "LEFT JOIN patrol_stop_check ON patrol_stop_check.stop_id = patrol_stop.id ORDER BY patrol_stop.id", 6),
        "assignments": (f"SELECT id, {day_sql(d, 'planned_on')}, kind, status, COALESCE(grid_id, 0), "
                        "CAST(person_id AS TEXT) FROM patrol_assignment ORDER BY id", 6),
        "people": ("SELECT CAST(id AS TEXT), name FROM person", 2),
        "sites": ("SELECT id, category, status, sector, COALESCE(grid_id, 0) FROM site ORDER BY id", 5),
        "reports": (f"SELECT site_id, {day_sql(d, 'reported_on')}, hazards_found FROM self_check_report", 3),
        "units": ("SELECT id, code, name, level, COALESCE(parent_id, 0) FROM admin_unit ORDER BY id", 5),
        "grids": ("SELECT id, code, name, COALESCE(village_id, 0) FROM grid ORDER BY id", 4),
        "tipoffs": (f"SELECT tipoff.id, {day_sql(d, 'tipoff.received_at')}, {day_sql(d, 'tipoff.verified_at')}, "
                    f"{day_sql(d, 'tipoff.replied_at')}, {day_sql(d, 'tipoff.closed_at')}, tipoff.status, tipoff.channel, "
                    "tipoff.verify_result, hazard.sector, CASE WHEN tipoff.hazard_id IS NULL THEN 0 ELSE 1 END, "
                    f"{_hours_sql(d, 'tipoff.received_at', 'tipoff.verified_at')}, "
                    f"{_hours_sql(d, 'tipoff.received_at', 'tipoff.replied_at')}, COALESCE(tipoff.grid_id, 0) "
                    "FROM tipoff LEFT JOIN hazard ON hazard.id = tipoff.hazard_id ORDER BY tipoff.id", 13),
    }, feedback)
    units, grids, h, st, pa, si, rp = (got[k] for k in ("units", "grids", "hazards", "stops", "assignments", "sites",
                                                          "reports"))
    unit_ids = _ints(units[0])
    grid_ids = _ints(grids[0])
    village = _positions(unit_ids, _ints(grids[3]))
    unit_parent = _positions(unit_ids, _ints(units[4]))
    township = np.where(village >= 0, unit_parent[np.maximum(village, 0)] if len(unit_parent) else -1, -1)

    site_ids = _ints(si[0])
    site_grid = _positions(grid_ids, _ints(si[4]))
    site_sector = si[3]

    def of_site(pos: np.ndarray, values: np.ndarray, missing) -> np.ndarray:
        out = np.full(len(pos), missing, dtype=values.dtype)
        out[pos >= 0] = values[pos[pos >= 0]]
        return out

    grade_codes, grade_cats = _text(h[5])
    is_major = np.isin(grade_codes, [grade_cats.index(g) for g in major if g in grade_cats])
    hazard_grid = _positions(grid_ids, _ints(h[9]))
    hazard_site = _positions(site_ids, _ints(h[10]))
    hazard_grid = np.where(hazard_grid >= 0, hazard_grid, of_site(hazard_site, site_grid, -1))  # a site's grid
    hazards = Population(
        "hazards", _ints(h[0]),
        dates={"found_on": _ints(h[1]), "closed_on": _ints(h[2]), "deadline": _ints(h[3])},
        texts={"status": _text(h[4]), "grade": (grade_codes, grade_cats), "source": _text(h[6]),
               "sector": _text(h[7])},
        flags={"major": is_major, "supervised": _ints(h[8]) == 1},
        grid=hazard_grid)
    assignment = _positions(_ints(pa[0]), _ints(st[1]))
    keep = assignment >= 0
    assignment = assignment[keep]
    stop_site = _positions(site_ids, _ints(st[2])[keep])
    stops = Population(
        "stops", _ints(st[0])[keep],
        dates={"planned_on": _ints(pa[1])[assignment] if len(assignment) else np.zeros(0, np.int64),
               "visited_on": _ints(st[3])[keep]},
        texts={"result": _text(st[4][keep]), "kind": _text(pa[2][assignment]), "status": _text(pa[3][assignment]),
               "sector": _text(of_site(stop_site, site_sector, None)), "person": _text(pa[5][assignment])},
        flags={"recorded": pd.notna(pd.Series(st[4][keep], dtype=object)).to_numpy(),
               "verified": _ints(st[5])[keep] == 1},
        grid=_positions(grid_ids, _ints(pa[4])[assignment]))
    sites = Population(
        "enterprises", site_ids,
        texts={"category": _text(si[1]), "status": _text(si[2]), "sector": _text(site_sector)},
        grid=site_grid)
    tp = got["tipoffs"]
    tipoffs = Population(
        "tipoffs", _ints(tp[0]),
        dates={"received_on": _ints(tp[1]), "verified_on": _ints(tp[2]), "replied_on": _ints(tp[3]),
               "closed_on": _ints(tp[4])},
        texts={"status": _text(tp[5]), "channel": _text(tp[6]), "result": _text(tp[7]), "sector": _text(tp[8])},
        flags={"hazard": _ints(tp[9]) == 1},
        numbers={"verify_hours": _floats(tp[10]), "reply_hours": _floats(tp[11])},
        grid=_positions(grid_ids, _ints(tp[12])))
    report_site = _positions(site_ids, _ints(rp[0]))
    keep = report_site >= 0
    return Records(
        hazards, stops, sites, report_site[keep], _ints(rp[1])[keep], _ints(rp[2])[keep],
        grid_ids, grids[1].astype(object), grids[2].astype(object), village, township,
        unit_ids, units[1].astype(object), units[2].astype(object), today or date.today(), tipoffs,
        dict(zip(got["people"][0], got["people"][1], strict=True)))
