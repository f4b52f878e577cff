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
from sqlalchemy import Engine

from .store import Project

# hazard columns read for the table (fast path) and the extra ones for exports and forms
VIEW = ("id", "code", "status", "grade", "sector", "source", "found_on", "description", "checklist_item",
        "site_id", "line_id", "zone_id", "grid_id", "owner_id", "deadline", "supervision_level", "version")
DETAIL = ("found_by", "measures", "executor_id", "acceptor_id", "supervising_unit", "closed_on")
IDS = ("id", "site_id", "line_id", "zone_id", "grid_id", "owner_id", "executor_id", "acceptor_id", "version")
CATEGORICAL = ("status", "grade", "sector", "source", "supervision_level", "checklist_item", "grid_code")
DATES = ("found_on", "deadline", "closed_on")
# table → its looked-up columns; hazard id column → (table, [(column, name in the frame)])
LOOKUP_COLUMNS = {"site": ("name",), "line_asset": ("name",), "zone": ("name",), "grid": ("code", "name"),
                  "person": ("name",)}
LOOKUPS = {
    "site_id": ("site", (("name", "site_name"),)), "line_id": ("line_asset", (("name", "line_name"),)),
    "zone_id": ("zone", (("name", "zone_name"),)), "grid_id": ("grid", (("code", "grid_code"), ("name", "grid_name"))),
    "owner_id": ("person", (("name", "owner"),)), "executor_id": ("person", (("name", "executor"),)),
    "acceptor_id": ("person", (("name", "acceptor"),)),
}


def _fetch(conn, sql: str, names: tuple[str, ...]) -> dict[str, np.ndarray]:
    """Rows straight from the DB-API cursor (no per-value type processing), one array per column.

    Id columns come as int64 with 0 for "none" (the SQL says COALESCE(x, 0)); the others as objects.
    """
    cursor = conn.connection.dbapi_connection.cursor()
    try:
        cursor.execute(sql)
        rows = cursor.fetchall()
    finally:
        cursor.close()
    columns = list(zip(*rows, strict=True)) if rows else [()] * len(names)
    out = {}
    for n, col in zip(names, columns, strict=True):
        out[n] = np.fromiter(col, dtype=np.int64, count=len(col)) if n in IDS else np.array(col, dtype=object)
    return out


def _select(names: tuple[str, ...], table: str, order: str = "id") -> str:
    cols = ", ".join(f"COALESCE({n}, 0)" if n in IDS and n != "id" else n for n in names)
    return f"SELECT {cols} FROM {table} ORDER BY {order}"


def _lookup(table: dict[str, np.ndarray], column: str, ids: np.ndarray) -> np.ndarray:
    """table[column] at the rows whose id equals ids (None for 0 or unknown ids): a sorted-array search."""
    keys = table["id"]
    pos = np.searchsorted(keys, ids)
    pos = np.minimum(pos, max(len(keys) - 1, 0))
    found = (ids > 0) & (len(keys) > 0) & (keys[pos] == ids if len(keys) else False)
    values = np.empty(len(ids), dtype=object)
    if len(keys):
        values[found] = table[column][pos[found]]
    return values


def load_frame(source: Project | Engine, *, detail: bool = False) -> pd.DataFrame:
    """The ledger as a DataFrame (one row per hazard, ordered by id); `detail` adds the export columns."""
    engine = source.engine if isinstance(source, Project) else source
    names = VIEW + (DETAIL if detail else ())
    with engine.connect() as conn:
        cols = _fetch(conn, _select(names, "hazard"), names)
        tables = {}
        for key, (table, wanted) in LOOKUPS.items():
            if key not in cols:
                continue
            if table not in tables:
                tnames = ("id", *LOOKUP_COLUMNS[table])
                tables[table] = _fetch(conn, _select(tnames, table), tnames)
            for column, name in wanted:
                cols[name] = _lookup(tables[table], column, cols[key])
    frame = pd.DataFrame(cols, copy=False)
    for c in CATEGORICAL:
        frame[c] = pd.Categorical(frame[c].to_numpy(dtype=object))
    for c in DATES:
        if c in frame:
            frame[c] = pd.to_datetime(frame[c], format="ISO8601") if len(frame) else pd.to_datetime(frame[c])
    feature = frame["site_name"].to_numpy(dtype=object)
    for other in ("line_name", "zone_name", "grid_name"):
        missing = pd.isna(feature)
        feature = np.where(missing, frame[other].to_numpy(dtype=object), feature)
    frame["feature"] = feature
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
                     for c in ("code", "description", "feature", "owner", "measures", "found_by") if c in f]
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


def load(source: Project | Engine, today: date | None = None, *, detail: bool = False) -> Ledger:
    return Ledger(load_frame(source, detail=detail), today or date.today())
