"""The records the KPIs count, read once as arrays: every hazard, every planned patrol stop, every site that may
be an enterprise and every self-check report, each placed in its grid, village and township.

One SQL read per table, dates as whole days since 1970-01-01 (NO_DAY when missing), texts as small integer codes.
Evaluation (compute.py) then never touches the database: a change of period or grouping is numpy work only.
"""
from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from gis.bulk import raw_rows
from gis.feedback import Feedback, ensure
from gis.hazards.states import grades, major_grades

NO_DAY = -(10 ** 9)


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

    def population(self, name: str) -> Population:
        return {"hazards": self.hazards, "stops": self.stops, "enterprises": self.sites}[name]


def _day(dialect: str, column: str) -> str:
    if dialect == "sqlite":
        expr = f"CAST(julianday({column}) - 2440587.5 AS INTEGER)"
    else:
        expr = f"(CAST({column} AS DATE) - DATE '1970-01-01')"
    return f"COALESCE({expr}, {NO_DAY})"


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


def load(project, feedback: Feedback | None = None) -> Records:
    """Every record the KPIs count, from `project` (a gis.store.Project); cancellable between reads."""
    feedback = ensure(feedback)
    engine = project.engine
    d = engine.dialect.name
    with project.session() as s:
        major = sorted(major_grades(grades(s)))
    with engine.connect() as c:
        units = _columns(raw_rows(c, "SELECT id, code, name, level, COALESCE(parent_id, 0) FROM admin_unit "
                                     "ORDER BY id"), 5)
        grids = _columns(raw_rows(c, "SELECT id, code, name, COALESCE(village_id, 0) FROM grid ORDER BY id"), 4)
        feedback.check()
        h = _columns(raw_rows(c, (
            f"SELECT h.id, {_day(d, 'h.found_on')}, {_day(d, 'h.closed_on')}, {_day(d, 'h.deadline')}, h.status, "
            "h.grade, h.source, h.sector, CASE WHEN h.supervision_level IS NULL THEN 0 ELSE 1 END, "
            "COALESCE(h.grid_id, s.grid_id, 0) FROM hazard h LEFT JOIN site s ON s.id = h.site_id ORDER BY h.id")), 10)
        feedback.check()
        st = _columns(raw_rows(c, (
            f"SELECT ps.id, {_day(d, 'pa.planned_on')}, {_day(d, 'ps.visited_at')}, ps.result, pa.kind, pa.status, "
            "s.sector, COALESCE(pa.grid_id, 0) FROM patrol_stop ps JOIN patrol_assignment pa ON pa.id = ps.assignment_id "
            "LEFT JOIN site s ON s.id = ps.site_id ORDER BY ps.id")), 8)
        feedback.check()
        si = _columns(raw_rows(c, "SELECT id, category, status, sector, COALESCE(grid_id, 0) FROM site ORDER BY id"), 5)
        feedback.check()
        rp = _columns(raw_rows(c, f"SELECT site_id, {_day(d, 'reported_on')}, hazards_found FROM self_check_report"), 3)
    feedback.check()
    unit_ids = _ints(units[0])
    grid_ids = _ints(grids[0])
    village = _positions(unit_ids, _ints(grids[3]))
    unit_parent = _positions(unit_ids, _ints(units[4]))
    township = np.where(village >= 0, unit_parent[np.maximum(village, 0)] if len(unit_parent) else -1, -1)

    grade_codes, grade_cats = _text(h[5])
    is_major = np.isin(grade_codes, [grade_cats.index(g) for g in major if g in grade_cats])
    hazards = Population(
        "hazards", _ints(h[0]),
        dates={"found_on": _ints(h[1]), "closed_on": _ints(h[2]), "deadline": _ints(h[3])},
        texts={"status": _text(h[4]), "grade": (grade_codes, grade_cats), "source": _text(h[6]),
               "sector": _text(h[7])},
        flags={"major": is_major, "supervised": _ints(h[8]) == 1},
        grid=_positions(grid_ids, _ints(h[9])))
    stops = Population(
        "stops", _ints(st[0]),
        dates={"planned_on": _ints(st[1]), "visited_on": _ints(st[2])},
        texts={"result": _text(st[3]), "kind": _text(st[4]), "status": _text(st[5]), "sector": _text(st[6])},
        flags={"recorded": pd.notna(pd.Series(st[3], dtype=object)).to_numpy()},
        grid=_positions(grid_ids, _ints(st[7])))
    site_ids = _ints(si[0])
    sites = Population(
        "enterprises", site_ids,
        texts={"category": _text(si[1]), "status": _text(si[2]), "sector": _text(si[3])},
        grid=_positions(grid_ids, _ints(si[4])))
    report_site = _positions(site_ids, _ints(rp[0]))
    keep = report_site >= 0
    return Records(
        hazards, stops, sites, report_site[keep], _ints(rp[1])[keep], _ints(rp[2])[keep],
        grid_ids, grids[1].astype(object), grids[2].astype(object), village, township,
        unit_ids, units[1].astype(object), units[2].astype(object))
