"""The hazard ledger (隐患台账) as arrays: one SQL read into columns, then filters and sorts on numpy.

This is the data behind the ledger table (a Qt model shows rows by position), the `hazards list`
command and the xlsx export. Filtering returns row positions; sorting reorders positions by
precomputed integer ranks, so neither touches the database nor builds Python objects per row.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

import numpy as np
import pandas as pd
from sqlalchemy import Engine, select
from sqlalchemy.orm import aliased

from .model import Grid, Hazard, LineAsset, Person, Site, Zone
from .store import Project

COLUMNS = [
    "id", "code", "status", "grade", "sector", "source", "found_on", "found_by", "description", "checklist_item",
    "site_id", "site_name", "line_name", "zone_name", "grid_code", "grid_name", "owner", "measures", "deadline",
    "executor", "acceptor", "supervision_level", "supervising_unit", "closed_on", "version",
]
CATEGORICAL = ("status", "grade", "sector", "source", "supervision_level", "grid_code")


def _query():
    owner, executor, acceptor = (aliased(Person) for _ in range(3))
    return (
        select(Hazard.id, Hazard.code, Hazard.status, Hazard.grade, Hazard.sector, Hazard.source, Hazard.found_on,
               Hazard.found_by, Hazard.description, Hazard.checklist_item, Hazard.site_id, Site.name,
               LineAsset.name, Zone.name, Grid.code, Grid.name, owner.name, Hazard.measures, Hazard.deadline,
               executor.name, acceptor.name, Hazard.supervision_level, Hazard.supervising_unit, Hazard.closed_on,
               Hazard.version)
        .outerjoin(Site, Site.id == Hazard.site_id)
        .outerjoin(LineAsset, LineAsset.id == Hazard.line_id)
        .outerjoin(Zone, Zone.id == Hazard.zone_id)
        .outerjoin(Grid, Grid.id == Hazard.grid_id)
        .outerjoin(owner, owner.id == Hazard.owner_id)
        .outerjoin(executor, executor.id == Hazard.executor_id)
        .outerjoin(acceptor, acceptor.id == Hazard.acceptor_id)
        .order_by(Hazard.id)
    )


def load_frame(source: Project | Engine, where=None) -> pd.DataFrame:
    engine = source.engine if isinstance(source, Project) else source
    q = _query()
    if where is not None:
        q = q.where(where)
    with engine.connect() as conn:
        rows = conn.execute(q).all()
    frame = pd.DataFrame.from_records(rows, columns=COLUMNS)
    for c in CATEGORICAL:
        frame[c] = frame[c].astype("category")
    for c in ("found_on", "deadline", "closed_on"):
        frame[c] = pd.to_datetime(frame[c])
    frame["feature"] = frame["site_name"].fillna(frame["line_name"]).fillna(frame["zone_name"]) \
        .fillna(frame["grid_name"])
    return frame


@dataclass
class Ledger:
    frame: pd.DataFrame
    today: date = field(default_factory=date.today)
    _ranks: dict[str, np.ndarray] = field(default_factory=dict, repr=False)
    _n_values: dict[str, int] = field(default_factory=dict, repr=False)
    _haystack: np.ndarray | None = field(default=None, repr=False)

    def __post_init__(self) -> None:
        from .hazards import rules

        f = self.frame
        self.open = f["status"].isin(rules()["open_states"]).to_numpy()
        deadline = f["deadline"].to_numpy(dtype="datetime64[ns]")
        today = np.datetime64(self.today, "ns")
        self.overdue = self.open & ~np.isnat(deadline) & (deadline < today)
        days = ((today - deadline) / np.timedelta64(1, "D"))
        self.overdue_days = np.where(self.overdue, days, 0).astype(np.int64)

    def __len__(self) -> int:
        return len(self.frame)

    @property
    def haystack(self) -> pd.Series:
        if self._haystack is None:
            f = self.frame
            parts = [f[c].astype(object).where(f[c].notna(), "").astype(str)
                     for c in ("code", "description", "feature", "owner", "measures", "found_by")]
            text = parts[0]
            for p in parts[1:]:
                text = text + "\x1f" + p
            self._haystack = text.str.lower()
        return self._haystack

    def filter(
        self, *, status: list[str] | str | None = None, grade: list[str] | str | None = None,
        sector: list[str] | str | None = None, grid: list[str] | str | None = None, overdue: bool | None = None,
        supervised: bool | None = None, text: str | None = None,
    ) -> np.ndarray:
        """Row positions matching every given criterion (grid: code or code prefix, e.g. a village)."""
        f = self.frame
        mask = np.ones(len(f), dtype=bool)
        for column, wanted in (("status", status), ("grade", grade), ("sector", sector)):
            if wanted:
                mask &= f[column].isin([wanted] if isinstance(wanted, str) else wanted).to_numpy()
        if grid:
            prefixes = (grid,) if isinstance(grid, str) else tuple(grid)
            codes = f["grid_code"]
            # one test per distinct code, then a lookup per row; index -1 (no grid) maps to False
            hits = np.array([str(c).startswith(prefixes) for c in codes.cat.categories] + [False], dtype=bool)
            mask &= hits[codes.cat.codes.to_numpy()]
        if overdue is not None:
            mask &= self.overdue if overdue else ~self.overdue
        if supervised is not None:
            has = f["supervision_level"].notna().to_numpy()
            mask &= has if supervised else ~has
        if text:
            mask &= self.haystack.str.contains(text.strip().lower(), regex=False).to_numpy()
        return np.flatnonzero(mask)

    def rank(self, column: str) -> np.ndarray:
        """Integer sort keys for a column (computed once): missing values sort last."""
        if column not in self._ranks:
            if column == "overdue_days":
                values = pd.Series(self.overdue_days)
            else:
                values = self.frame[column]
            if isinstance(values.dtype, pd.CategoricalDtype):
                values = values.astype(object)
            codes, uniques = pd.factorize(values, sort=True, use_na_sentinel=True)
            self._ranks[column] = np.where(codes < 0, len(uniques), codes).astype(np.int64)
            self._n_values[column] = len(uniques)
        return self._ranks[column]

    def sort(self, rows: np.ndarray, column: str, ascending: bool = True) -> np.ndarray:
        keys = self.rank(column)[rows]
        if not ascending:  # reverse the order of values; missing values (rank n) stay last
            n = self._n_values[column]
            keys = np.where(keys == n, n, n - 1 - keys)
        order = np.argsort(keys, kind="stable")
        return rows[order]


def load(source: Project | Engine, today: date | None = None) -> Ledger:
    return Ledger(load_frame(source), today or date.today())
