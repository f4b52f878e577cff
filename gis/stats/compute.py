"""KPIs evaluated on loaded records for a period, in total and per township, village, grid, sector or 网格员 (the
member a patrol stop was planned for: patrol KPIs only).

Everything is numpy on the arrays of records.py: one boolean mask per condition (each computed once per call),
one bincount per KPI and grouping. `members` gives the ids behind any number, for the click-through.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Any

import numpy as np

from gis import vocab
from gis.bulk import NO_DAY
from gis.errors import ValidationError
from gis.patrols.periods import Period, parse_period
from gis.stats.kpis import COLUMNS, Definitions, Kpi, format_value
from gis.stats.records import Population, Records

BY = ("township", "village", "grid", "sector", "person")
# person: the member a patrol stop was planned for (only the patrol KPIs have one; other records fall in no group)
BY_ZH = {"township": "乡镇（街道）", "village": "村（社区）", "grid": "网格", "sector": "行业", "person": "网格员"}
UNASSIGNED = ""
EPOCH = date(1970, 1, 1)


def day_number(d: date) -> int:
    return (d - EPOCH).days


@dataclass(frozen=True)
class Cell:
    numerator: int
    denominator: int | None
    value: float | None


@dataclass(frozen=True)
class Group:
    key: str        # grid or unit code, sector key, person id; "" for records in no grid / with no sector
    name: str


@dataclass(frozen=True)
class Members:
    records: str            # hazards | stops | enterprises (site ids)
    ids: np.ndarray
    title: str
    period: Period | None = None


def _cell(kpi: Kpi, num: int, den: int | None) -> Cell:
    if not kpi.is_rate:
        return Cell(int(num), None, float(num))
    return Cell(int(num), int(den), None if not den else 100.0 * num / den)


@dataclass
class Table:
    period: Period
    by: str | None
    within: str | None
    kpis: list[Kpi]
    groups: list[Group]
    numerators: dict[str, np.ndarray]       # kpi id → one count per group
    denominators: dict[str, np.ndarray]
    totals: dict[str, Cell]
    as_of: date | None = None                # the day counted up to: the period's end, or today if that is earlier
    _index: dict[str, int] = field(default_factory=dict, repr=False)

    def __post_init__(self) -> None:
        self._index = {g.key: i for i, g in enumerate(self.groups)}

    def total(self, kpi_id: str) -> Cell:
        return self.totals[kpi_id]

    def kpi(self, kpi_id: str) -> Kpi:
        return next(k for k in self.kpis if k.id == kpi_id)

    def cell(self, kpi_id: str, key: str) -> Cell:
        i = self._index[key]
        kpi = self.kpi(kpi_id)
        return _cell(kpi, self.numerators[kpi_id][i], self.denominators[kpi_id][i] if kpi.is_rate else None)

    def cells(self, kpi_id: str) -> list[Cell]:
        return [self.cell(kpi_id, g.key) for g in self.groups]

    def values(self, kpi_id: str) -> np.ndarray:
        """One value per group (NaN where a rate has no denominator)."""
        num = self.numerators[kpi_id].astype(float)
        if not self.kpi(kpi_id).is_rate:
            return num
        den = self.denominators[kpi_id].astype(float)
        with np.errstate(invalid="ignore", divide="ignore"):
            return np.where(den > 0, 100.0 * num / np.where(den > 0, den, 1), np.nan)

    def ranking(self, kpi_id: str) -> list[int]:
        """Group positions from worst to best: lowest rate first (a rate with no denominator last), highest count
        first for counts whose target is 0 or unset (overdue, open majors…)."""
        kpi = self.kpi(kpi_id)
        v = self.values(kpi_id)
        if kpi.is_rate:
            key = np.where(np.isnan(v), np.inf, v)
            return [int(i) for i in np.lexsort((-self.denominators[kpi_id], key))]
        return [int(i) for i in np.argsort(-v, kind="stable")]

    def to_json(self) -> dict[str, Any]:
        def cell(kpi, c: Cell) -> dict[str, Any]:
            out: dict[str, Any] = {"numerator": c.numerator}
            if kpi.is_rate:
                out["denominator"] = c.denominator
            out["value"] = None if c.value is None else round(c.value, 4)
            out["text"] = format_value(kpi, c.value)
            return out

        kpis = []
        for kpi in self.kpis:
            entry: dict[str, Any] = {"id": kpi.id, "name": kpi.zh, "kind": kpi.kind, "records": kpi.records,
                                     "definition": kpi.definition, "target": kpi.target,
                                     "total": cell(kpi, self.totals[kpi.id])}
            if self.by:
                entry["groups"] = [{"key": g.key, "name": g.name, **cell(kpi, self.cell(kpi.id, g.key))}
                                   for g in self.groups]
            kpis.append(entry)
        return {"period": self.period.label, "start": self.period.start.isoformat(),
                "end": self.period.end.isoformat(), "as_of": (self.as_of or self.period.end).isoformat(),
                "by": self.by, "within": self.within, "kpis": kpis}


class _Evaluator:
    """Condition masks of one population for one period, each computed once."""

    def __init__(self, recs: Records, defs: Definitions, population: str, period: Period):
        self.recs, self.defs, self.name, self.period = recs, defs, population, period
        self.pop: Population = recs.population(population)
        # a period not over yet is counted as it stands today: "open at the end" of this month means open now, and
        # a deadline later this month is not past yet
        self.start, self.end = day_number(period.start), day_number(min(period.end, recs.today))
        self.conditions = defs.conditions.get(population, {})
        self.cache: dict[str, np.ndarray] = {}
        self.numbers = dict(self.pop.numbers)
        if population == "enterprises":
            inside = (recs.report_day >= self.start) & (recs.report_day <= self.end)
            n = len(self.pop)
            self.numbers["self_checks"] = np.bincount(recs.report_site[inside], minlength=n)
            self.numbers["hazards_reported"] = np.bincount(
                recs.report_site[inside], weights=recs.report_found[inside], minlength=n)
            self.scope = self._text_in("category", defs.enterprise_categories) & ~self._text_in(
                "status", defs.enterprise_exclude_status)
        else:
            self.scope = np.ones(len(self.pop), bool)

    def _text_in(self, column: str, values) -> np.ndarray:
        codes, cats = self.pop.texts[column]
        wanted = [cats.index(v) for v in values if v in cats]
        return np.isin(codes, wanted)

    def named(self, name: str) -> np.ndarray:
        if name not in self.cache:
            self.cache[name] = self.mask(self.conditions[name])
        return self.cache[name]

    def all(self, names) -> np.ndarray:
        out = self.scope.copy()
        for n in names:
            out &= self.named(n)
        return out

    def _date_operand(self, v) -> tuple[np.ndarray | int, np.ndarray | bool]:
        if v == "period_start":
            return self.start, True
        if v == "period_end":
            return self.end, True
        if isinstance(v, str) and v in self.pop.dates:
            b = self.pop.dates[v]
            return b, b != NO_DAY
        d = v if isinstance(v, date) else date.fromisoformat(str(v))
        return day_number(d), True

    def mask(self, cond: Any) -> np.ndarray:
        n = len(self.pop)
        if isinstance(cond, str):
            return self.named(cond)
        out = np.ones(n, bool)
        for key, value in cond.items():
            if key == "all":
                for part in value:
                    out &= self.mask(part)
            elif key == "any":
                hit = np.zeros(n, bool)
                for part in value:
                    hit |= self.mask(part)
                out &= hit
            elif key == "not":
                out &= ~self.mask(value)
            else:
                for op, operand in value.items():
                    out &= self._column(key, op, operand)
        return out

    def _column(self, column: str, op: str, operand: Any) -> np.ndarray:
        ctype = COLUMNS[self.name][column]
        if ctype == "date":
            a = self.pop.dates[column]
            valid = a != NO_DAY
            if op == "present":
                return valid == operand
            if op == "between":
                (lo, vlo), (hi, vhi) = self._date_operand(operand[0]), self._date_operand(operand[1])
                return valid & vlo & vhi & (a >= lo) & (a <= hi)
            b, vb = self._date_operand(operand)
            return valid & vb & _compare(a, op, b)
        if ctype == "text":
            codes, cats = self.pop.texts[column]
            if op == "present":
                return (codes != len(cats)) == operand
            values = operand if op in ("in", "not_in") else [operand]
            hit = self._text_in(column, values)
            return ~hit if op in ("ne", "not_in") else hit
        if ctype == "bool":
            a = self.pop.flags[column]
            return a == operand if op == "eq" else a != operand
        a = self.numbers[column]
        return _compare(a, op, operand) if op != "present" else np.full(len(a), operand)


def _compare(a, op: str, b) -> np.ndarray:
    return {"lt": np.less, "le": np.less_equal, "gt": np.greater, "ge": np.greater_equal,
            "eq": np.equal, "ne": np.not_equal}[op](a, b)


def _sector_names(keys: list[str]) -> list[str]:
    labels = vocab.labels("sectors")
    return [labels.get(k, k) if k else "（未注明行业）" for k in keys]


class _Grouping:
    """Which group each record of a population falls in, for one `by` and `within`."""

    def __init__(self, recs: Records, by: str | None, within: str | None):
        if by is not None and by not in BY:
            raise ValidationError(f"分组“{by}”不对：可按 {'、'.join(BY)} 分组（{'、'.join(BY_ZH.values())}）",
                                  en=f"Grouping \"{by}\" is not right: group by {', '.join(BY)}")
        self.recs, self.by, self.within = recs, by, within
        self.grid_ok = np.ones(len(recs.grid_ids), bool)
        if within:
            self.grid_ok = np.array([str(c).startswith(within) for c in recs.grid_codes], dtype=bool)
            if not self.grid_ok.any():
                raise ValidationError(f"没有编码以“{within}”开头的网格：请给出乡镇、村（社区）或网格的编码",
                                      en=f"No grid has a code beginning with \"{within}\": give the code of a "
                                         f"township, village (community) or grid")
        self.groups: list[Group] = []
        self.sector_keys: list[str] = []
        if by == "grid":
            pos = np.flatnonzero(self.grid_ok)
            pos = pos[np.argsort(recs.grid_codes[pos].astype(str), kind="stable")]   # in code order
            self.groups = [Group(str(recs.grid_codes[i]), str(recs.grid_names[i])) for i in pos]
            self.grid_group = np.full(len(recs.grid_ids), -1, np.int64)
            self.grid_group[pos] = np.arange(len(pos))
        elif by in ("village", "township"):
            unit_of_grid = recs.grid_village if by == "village" else recs.grid_township
            units = np.unique(unit_of_grid[self.grid_ok & (unit_of_grid >= 0)])
            units = units[np.argsort(recs.unit_codes[units].astype(str), kind="stable")]
            self.groups = [Group(str(recs.unit_codes[u]), str(recs.unit_names[u])) for u in units]
            lookup = np.full(len(recs.unit_ids) + 1, -1, np.int64)
            lookup[units] = np.arange(len(units))
            self.grid_group = np.where(self.grid_ok & (unit_of_grid >= 0), lookup[unit_of_grid], -1)
        elif by == "sector":
            keys = sorted({c for pop in recs.populations for c in pop.texts["sector"][1]})
            self.sector_keys = keys
            self.groups = [Group(k, n) for k, n in zip(keys, _sector_names(keys))]
        elif by == "person":
            keys = sorted({c for pop in recs.populations if "person" in pop.texts for c in pop.texts["person"][1]
                           if c is not None}, key=lambda k: (recs.person_names.get(k, ""), k))
            self.sector_keys = keys
            self.groups = [Group(k, recs.person_names.get(k, k)) for k in keys]

    def rows_in_scope(self, pop: Population) -> np.ndarray:
        if not self.within:
            return np.ones(len(pop), bool)
        return (pop.grid >= 0) & self.grid_ok[np.maximum(pop.grid, 0)]

    def group_of(self, pop: Population) -> np.ndarray:
        """Group position per record; len(groups) for records in no group (no grid, no sector)."""
        g = len(self.groups)
        if self.by in ("sector", "person"):
            if self.by not in pop.texts:
                return np.full(len(pop), g, np.int64)
            codes, cats = pop.texts[self.by]
            index = {k: i for i, k in enumerate(self.sector_keys)}
            lookup = np.array([index.get(c, g) for c in cats] + [g], dtype=np.int64)
            return lookup[codes]
        gg = self.grid_group[np.maximum(pop.grid, 0)] if len(self.grid_group) else np.zeros(len(pop), np.int64)
        return np.where((pop.grid >= 0) & (gg >= 0), gg, g)


def evaluate(recs: Records, defs: Definitions, period: Period | str, by: str | None = None,
             within: str | None = None, kpis: list[str] | None = None) -> Table:
    """Every KPI (or those named) for `period`, in total and, with `by`, per group (the groups in scope, all of
    them, counts of 0 included, plus "" for records in no group when there are any)."""
    period = parse_period(period) if isinstance(period, str) else period
    chosen = [defs[k] for k in kpis] if kpis else list(defs.kpis)
    grouping = _Grouping(recs, by, within)
    evaluators: dict[str, _Evaluator] = {}
    group_index: dict[str, np.ndarray] = {}
    numerators, denominators, totals = {}, {}, {}
    g = len(grouping.groups)
    extra = False
    for kpi in chosen:
        ev = evaluators.setdefault(kpi.records, _Evaluator(recs, defs, kpi.records, period))
        scope = grouping.rows_in_scope(ev.pop)
        num = ev.all(kpi.numerator) & scope
        den = (ev.all(kpi.denominator) & scope) if kpi.is_rate else None
        totals[kpi.id] = _cell(kpi, int(num.sum()), None if den is None else int(den.sum()))
        if by:
            idx = group_index.setdefault(kpi.records, grouping.group_of(ev.pop))
            numerators[kpi.id] = np.bincount(idx[num], minlength=g + 1)
            denominators[kpi.id] = (np.bincount(idx[den], minlength=g + 1) if den is not None
                                    else np.zeros(g + 1, np.int64))
            extra |= bool(numerators[kpi.id][g] or denominators[kpi.id][g])
        else:
            numerators[kpi.id] = np.array([totals[kpi.id].numerator])
            denominators[kpi.id] = np.array([totals[kpi.id].denominator or 0])
    groups = list(grouping.groups)
    if by:
        if extra:
            groups.append(Group(UNASSIGNED, {"sector": "（未注明行业）", "person": "（无网格员）"}.get(by, "（未划分网格）")))
        else:
            numerators = {k: v[:g] for k, v in numerators.items()}
            denominators = {k: v[:g] for k, v in denominators.items()}
    return Table(period, by, within, chosen, groups, numerators, denominators, totals, min(period.end, recs.today))


def members(recs: Records, defs: Definitions, kpi_id: str, period: Period | str, group: str | None = None,
            by: str | None = None, within: str | None = None, part: str | None = None) -> Members:
    """The records behind a number: for a count its numerator, for a rate what its `click` says (by default the
    shortfall: registered but not closed, planned but not recorded, enterprises that did not report); `part`
    overrides. With `group` (a key of evaluate(by=...)'s groups) only that group's records."""
    period = parse_period(period) if isinstance(period, str) else period
    kpi = defs[kpi_id]
    part = part or kpi.click
    grouping = _Grouping(recs, by if group is not None else None, within)
    ev = _Evaluator(recs, defs, kpi.records, period)
    num = ev.all(kpi.numerator)
    if part == "numerator":
        mask = num
    else:
        den = ev.all(kpi.denominator)
        mask = den if part == "denominator" else den & ~num
    mask &= grouping.rows_in_scope(ev.pop)
    title = f"{period.zh} {kpi.zh}"
    if group is not None:
        keys = [gr.key for gr in grouping.groups]
        idx = grouping.group_of(ev.pop)
        wanted = keys.index(group) if group in keys else len(keys)
        mask &= idx == wanted
        name = next((gr.name for gr in grouping.groups if gr.key == group), "（未划分）")
        title = f"{name} {title}"
    if part == "shortfall":
        title += {"hazards": "：未销号", "stops": "：未录入结果", "enterprises": "：未报送"}.get(kpi.records, "：未达标")
    return Members(kpi.records, ev.pop.ids[mask], title, period)


def week_periods(end: date, n: int) -> list[Period]:
    """The n ISO weeks up to the one holding `end`, oldest first (the weekly trend)."""
    year, week, _ = end.isocalendar()
    monday = date.fromisocalendar(year, week, 1)
    out = []
    for k in range(n - 1, -1, -1):
        start = monday - timedelta(weeks=k)
        y, w, _ = start.isocalendar()
        out.append(parse_period(f"{y}-W{w:02d}"))
    return out


def month_periods(end: date, n: int) -> list[Period]:
    out = []
    y, m = end.year, end.month
    for _ in range(n):
        out.append(parse_period(f"{y}-{m:02d}"))
        y, m = (y, m - 1) if m > 1 else (y - 1, 12)
    return out[::-1]


def trend(recs: Records, defs: Definitions, kpi_ids: list[str], periods: list[Period],
          within: str | None = None) -> dict[str, list[Cell]]:
    """Each KPI's total per period (a chart's line or bars)."""
    out: dict[str, list[Cell]] = {k: [] for k in kpi_ids}
    for p in periods:
        t = evaluate(recs, defs, p, None, within, kpi_ids)
        for k in kpi_ids:
            out[k].append(t.total(k))
    return out
