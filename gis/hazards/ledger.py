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

from gis.bulk import NO_DAY, day_sql, raw_rows
from gis.feedback import Feedback, ensure
from gis.store import Project

# hazard columns read for the table (fast path) and the extra ones for exports and forms
VIEW = ("id", "code", "status", "grade", "sector", "found_on", "description",
        "site_id", "line_id", "zone_id", "grid_id", "owner_id", "deadline", "supervision_level")
DETAIL = ("source", "checklist_item", "version", "found_by", "measures", "executor_id", "acceptor_id",
          "supervising_unit", "closed_on")
IDS = ("id", "site_id", "line_id", "zone_id", "grid_id", "owner_id", "executor_id", "acceptor_id", "version")
CATEGORICAL = ("status", "grade", "sector", "source", "supervision_level", "checklist_item")
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
    """One array per column: id columns as int64 (0 for "none": the SQL says COALESCE(x, 0)), others objects."""
    rows = raw_rows(conn, sql)
    table = np.array(rows, dtype=object).reshape(len(rows), len(names))
    return {n: table[:, j].astype(np.int64) if n in IDS else table[:, j] for j, n in enumerate(names)}


def _select(names: tuple[str, ...], table: str, order: str = "id", where: str = "") -> str:
    cols = ", ".join(f"COALESCE({n}, 0)" if n in IDS and n != "id" else n for n in names)
    return f"SELECT {cols} FROM {table}{where} ORDER BY {order}"


def _in(column: str, ids) -> str:
    """`column IN (…)` for integer ids (made ints here, so nothing but numbers reaches the SQL)."""
    return f"{column} IN (" + (", ".join(str(int(i)) for i in ids) or "NULL") + ")"


def _where_ids(ids) -> str:
    return " WHERE " + _in("id", ids)


def _quote(v: str) -> str:
    return "'" + v.replace("'", "''") + "'"


def _code_sql(column: str, categories: list[str]) -> str:
    """A text column as the position of its value in `categories` (-1 for missing): small ints, no strings."""
    if not categories:
        return "-1"
    whens = " ".join(f"WHEN {_quote(c)} THEN {i}" for i, c in enumerate(categories))
    return f"CASE {column} {whens} ELSE -1 END"


def _lookup(table: dict[str, np.ndarray], column: str, ids: np.ndarray) -> np.ndarray:
    """table[column] at the rows whose id equals ids (None for 0 or unknown ids): a sorted-array search."""
    pos, found = _positions(table["id"], ids)
    values = np.empty(len(ids), dtype=object)
    if len(table["id"]):
        values[found] = table[column][pos[found]]
    return values


def _positions(keys: np.ndarray, ids: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    if not len(keys):
        return np.zeros(len(ids), dtype=np.int64), np.zeros(len(ids), dtype=bool)
    pos = np.minimum(np.searchsorted(keys, ids), len(keys) - 1)
    return pos, (ids > 0) & (keys[pos] == ids)


def load_frame(source: Project | Engine, *, detail: bool = False, feedback: Feedback | None = None,
               ids=None) -> pd.DataFrame:
    """The ledger as a DataFrame (one row per hazard, ordered by id); `detail` adds the export columns;
    `ids`: only those hazards (the rows a change touched; Ledger.patched), names looked up for them only.

    Fast path: one read in which categories come as small integer codes and dates as day numbers, so
    the only Python strings made per row are the code, the description (and the detail texts); names
    of places and people are joined by id on arrays.
    """
    feedback = ensure(feedback)
    engine = source.engine if isinstance(source, Project) else source
    names = VIEW + (DETAIL if detail else ())
    dialect = engine.dialect.name
    where = "" if ids is None else _where_ids(ids)
    with engine.connect() as conn:
        wanted = [c for c in names if c in CATEGORICAL]
        combos = raw_rows(conn, f"SELECT DISTINCT {', '.join(wanted)} FROM hazard{where}")  # one scan for all of them
        categories = {c: sorted({str(r[j]) for r in combos if r[j] is not None}) for j, c in enumerate(wanted)}
        exprs = []
        for n in names:
            if n in CATEGORICAL:
                exprs.append(_code_sql(n, categories[n]))
            elif n in DATES:
                exprs.append(day_sql(dialect, n))
            elif n in IDS and n != "id":
                exprs.append(f"COALESCE({n}, 0)")
            else:
                exprs.append(n)
        feedback.check()
        rows = raw_rows(conn, f"SELECT {', '.join(exprs)} FROM hazard{where} ORDER BY id")
        feedback.check()
        table = np.array(rows, dtype=object).reshape(len(rows), len(names))
        referenced: dict[str, set[int]] = {}     # with `ids`: the rows of each looked-up table they name
        if ids is not None:
            for j, n in enumerate(names):
                if n in LOOKUPS:
                    referenced.setdefault(LOOKUPS[n][0], set()).update(int(v) for v in table[:, j] if v)
        tables = {}
        for key, (tname, _wanted) in LOOKUPS.items():
            if key in names and tname not in tables:
                tnames = ("id", *LOOKUP_COLUMNS[tname])
                lookup_where = "" if ids is None else _where_ids(sorted(referenced.get(tname, ())))
                tables[tname] = _fetch(conn, _select(tnames, tname, where=lookup_where), tnames)
    cols: dict[str, object] = {}
    for j, n in enumerate(names):
        column = table[:, j]
        if n in CATEGORICAL:
            cols[n] = pd.Categorical.from_codes(column.astype(np.int64), categories=pd.Index(categories[n], dtype=object))
        elif n in DATES:
            days = column.astype(np.int64)
            cols[n] = np.where(days == NO_DAY, np.datetime64("NaT"), days.astype("datetime64[D]")).astype("datetime64[ns]")
        elif n in IDS:
            cols[n] = column.astype(np.int64)
        else:
            cols[n] = column
    for key, (tname, wanted) in LOOKUPS.items():
        if key not in cols:
            continue
        for column, name in wanted:
            if name == "grid_code":   # categorical straight from the grid table: no string per hazard
                grid = tables[tname]
                codes, uniques = pd.factorize(grid["code"])
                pos, found = _positions(grid["id"], cols[key])
                hazard_codes = np.where(found, codes[pos] if len(codes) else -1, -1)
                cols[name] = pd.Categorical.from_codes(hazard_codes, categories=pd.Index(uniques, dtype=object))
            else:
                cols[name] = _lookup(tables[tname], column, cols[key])
    feature = cols["site_name"]
    for other in ("line_name", "zone_name", "grid_name"):
        feature = np.where(pd.isna(feature), cols[other], feature)
    cols["feature"] = feature
    return pd.DataFrame(cols, copy=False)


@dataclass
class Ledger:
    frame: pd.DataFrame
    today: date = field(default_factory=date.today)
    _ranks: dict[str, np.ndarray] = field(default_factory=dict, repr=False)
    _n_values: dict[str, int] = field(default_factory=dict, repr=False)
    _haystack: np.ndarray | None = field(default=None, repr=False)
    signatures: tuple | None = field(default=None, repr=False)   # (chain, {hazard id: signed roles})
    _lacking_texts: dict = field(default_factory=dict, repr=False)
    lang: str = "zh"        # the language `lacking` writes in (the window's: desktop sets it)

    def __post_init__(self) -> None:
        from gis.hazards.states import open_states

        f = self.frame
        self.open = f["status"].isin(open_states()).to_numpy()
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
            self._haystack = _haystack(self.frame)
        return self._haystack

    def patched(self, source: Project | Engine, ids, feedback: Feedback | None = None) -> Ledger:
        """A new ledger: this one with hazards `ids` read again — changed, added, or dropped when the
        project no longer has them. For the few rows a save touched (the window's ledger follows a change
        this way instead of reading 100k rows); this ledger is left as it is (the table still shows it).
        What was built for every row (search text, signatures, sign-off texts) is carried over and
        updated for `ids` only; sort ranks are computed again when asked for."""
        feedback = ensure(feedback)
        ids = np.unique(np.fromiter((int(i) for i in ids), dtype=np.int64))
        old = self.frame
        fresh = load_frame(source, detail="source" in old, feedback=feedback, ids=ids)
        feedback.check()
        keep = np.flatnonzero(~np.isin(old["id"].to_numpy(), ids))
        kept = old.take(keep)
        for c in old.columns:       # categories: the old ones, then any value only the fresh rows have
            if isinstance(old[c].dtype, pd.CategoricalDtype):
                cats = old[c].cat.categories
                extra = [v for v in fresh[c].cat.categories if v not in set(cats)]
                if extra:
                    cats = pd.Index(list(cats) + extra, dtype=object)
                    kept[c] = kept[c].cat.set_categories(cats)
                fresh[c] = fresh[c].cat.set_categories(cats)
        frame = pd.concat([kept, fresh[old.columns]], ignore_index=True)
        ids_now = frame["id"].to_numpy()
        order = None if (np.diff(ids_now) > 0).all() else np.argsort(ids_now, kind="stable")   # kept in id order
        if order is not None:
            frame = frame.take(order).reset_index(drop=True)
        book = Ledger(frame, self.today, lang=self.lang)
        if self._haystack is not None:
            text = np.concatenate([self._haystack.to_numpy()[keep], _haystack(fresh).to_numpy()])
            book._haystack = pd.Series(text if order is None else text[order], dtype=object)
        if self.signatures is not None:
            chain, signed = self.signatures
            signed = {k: v for k, v in signed.items() if k not in set(ids.tolist())}
            signed.update(_signed(source, ids))
            book.signatures = (chain, signed)
            book._lacking_texts = dict(self._lacking_texts)
        return book

    def lacking(self, row: int) -> str:
        """The sign-off steps hazard `row` still lacks, as text ("" when complete, closed or not applicable).

        Written on demand (for the rows a table shows), from the signatures read by `load_signatures`.
        """
        if self.signatures is None:
            return ""
        chain, signed = self.signatures
        f = self.frame
        status, grade = f["status"].iat[row], f["grade"].iat[row]
        if status == "closed" or not chain.applies_to(grade):
            return ""
        key = signed.get(int(f["id"].iat[row]), frozenset())
        if key not in self._lacking_texts:
            from gis.hazards.signoff import describe_lacking

            self._lacking_texts[key] = ("; " if self.lang == "en" else "、").join(describe_lacking(chain, key, self.lang))
        return self._lacking_texts[key]

    def load_signatures(self, source: Project | Engine) -> None:
        """Read the project's sign-off chain and every signature (one small query on "sign" events)."""
        from sqlalchemy.orm import Session

        from gis.hazards import project_chain

        engine = source.engine if isinstance(source, Project) else source
        with Session(engine) as s:
            chain = project_chain(s)
        self.signatures = (chain, _signed(engine))
        self._lacking_texts = {}
        self._ranks.pop("lacking", None)

    def filter(
        self, *, status: list[str] | str | None = None, grade: list[str] | str | None = None,
        sector: list[str] | str | None = None, grid: list[str] | str | None = None, overdue: bool | None = None,
        supervised: bool | None = None, text: str | None = None, feature: tuple[str, int] | None = None,
        ids=None,
    ) -> np.ndarray:
        """Row positions matching every given criterion (grid: code or code prefix, e.g. a village;
        feature: ("site_id" | "line_id" | "zone_id" | "grid_id", id) — the hazards of one map feature;
        ids: hazard ids — exactly those hazards, e.g. the ones behind a number of the dashboard)."""
        f = self.frame
        mask = np.ones(len(f), dtype=bool)
        if ids is not None:
            mask &= np.isin(f["id"].to_numpy(), np.asarray(ids, dtype=np.int64))
        if feature is not None:
            column, fid = feature
            mask &= f[column].to_numpy() == int(fid)
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
        """Integer sort keys for a column (computed once): missing values sort last. Besides the frame's
        columns: "overdue_days" and "lacking" (the sign-off steps still lacking, as `lacking` writes them)."""
        if column not in self._ranks:
            if column == "overdue_days":
                values = pd.Series(self.overdue_days)
            elif column == "lacking":   # texts for every row, once
                values = pd.Series([self.lacking(i) for i in range(len(self))], dtype=object).replace("", None)
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


def _haystack(frame: pd.DataFrame) -> pd.Series:
    """The lower-case search text of each row: code, description, place, owner (and the detail texts)."""
    parts = [frame[c].astype(object).where(frame[c].notna(), "").astype(str)
             for c in ("code", "description", "feature", "owner", "measures", "found_by") if c in frame]
    text = parts[0]
    for p in parts[1:]:
        text = text + "\x1f" + p
    return text.str.lower().reset_index(drop=True)


def _signed(source: Project | Engine, ids=None) -> dict[int, frozenset[str]]:
    """hazard id → the sign-off roles signed for it (of hazards `ids`, or of all)."""
    engine = source.engine if isinstance(source, Project) else source
    only = "" if ids is None else " AND " + _in("hazard_id", ids)
    with engine.connect() as conn:
        rows = raw_rows(conn, "SELECT hazard_id, signature_role FROM hazard_event "
                              "WHERE action = 'sign' AND signature_role IS NOT NULL" + only)
    signed: dict[int, set[str]] = {}
    for hid, role in rows:
        signed.setdefault(int(hid), set()).add(role)
    return {k: frozenset(v) for k, v in signed.items()}


def load(source: Project | Engine, today: date | None = None, *, detail: bool = False,
         feedback: Feedback | None = None) -> Ledger:
    """The ledger; `feedback` may cancel between its reads (a reload that is no longer wanted)."""
    feedback = ensure(feedback)
    frame = load_frame(source, detail=detail, feedback=feedback)
    feedback.check()
    return Ledger(frame, today or date.today())


def load_for_display(source: Project, feedback: Feedback | None = None,
                     today: date | None = None) -> tuple[Ledger, dict[str, dict]]:
    """Everything the ledger screen shows, ready to filter, sort and search: the ledger with its
    signatures and search text, and the project's grades. Meant to run off the UI thread; cancelled
    between its steps."""
    from gis.hazards.states import grades

    feedback = ensure(feedback)
    feedback.progress(0.0, feedback.say("正在读取隐患…", "Reading hazards…"))
    book = load(source, today, feedback=feedback.sub(0.0, 0.6))
    feedback.progress(0.6, feedback.say("正在读取签字…", "Reading signatures…"))
    book.load_signatures(source)
    with source.session() as s:
        grade_table = grades(s)
    feedback.progress(0.8, feedback.say("正在建立检索…", "Building the search index…"))
    book.haystack  # noqa: B018 — built here, so the first search answers at once
    return book, grade_table
