"""Charts as data: what the dashboard draws and the reports print (desktop/charts.py draws either).

A chart has categories along one axis (weeks, sectors, grids), one or more series of values, and per category the
key a click means (a period label or a group key) — so a bar on screen opens exactly the records it counts.
"""
from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import date

import numpy as np

from gis import vocab
from gis.stats.compute import Table, evaluate, trend, week_periods
from gis.stats.kpis import Definitions
from gis.stats.records import Records


@dataclass(frozen=True)
class Series:
    name: str
    values: tuple[float | None, ...]
    kpi: str                       # the KPI whose records a click on this series opens
    kind: str = "bar"              # bar | line


@dataclass(frozen=True)
class Chart:
    title: str
    categories: tuple[str, ...]
    keys: tuple[str, ...]          # per category: a period label (trend) or a group key (by sector, ranking)
    series: tuple[Series, ...]
    unit: str = ""                 # "%" for rates, "处" / "个" for counts
    axis: str = "period"           # period | group: what `keys` are
    by: str | None = None          # the grouping of `keys` when axis == "group"
    horizontal: bool = False
    target: float | None = None    # a target line (rates)

    def values(self, series: int = 0) -> list[float | None]:
        return list(self.series[series].values)


def _v(x: float | None) -> float | None:
    return None if x is None or (isinstance(x, float) and np.isnan(x)) else float(x)


def _count_unit(lang: str) -> str:
    return "" if lang == "en" else "处"


def group_name(by: str | None, group, lang: str = "zh") -> str:
    """A group's name as shown in `lang`: sectors by their vocabulary label; places and people by their own names."""
    if lang == "en" and by == "sector":
        return vocab.label("sectors", group.key, lang) if group.key else "(no sector)"
    return group.name


def weekly_trend(recs: Records, defs: Definitions, end: date, weeks: int = 12, within: str | None = None,
                 lang: str = "zh") -> Chart:
    """Hazards registered and closed per ISO week for the `weeks` weeks up to `end` (bars); texts in `lang`."""
    periods = week_periods(end, weeks)
    cells = trend(recs, defs, ["registered", "closed"], periods, within)
    en = lang == "en"
    return Chart(
        f"Hazards registered and closed, last {weeks} weeks" if en else f"近{weeks}周隐患登记与销号",
        tuple(f"{p.start:%m.%d}" for p in periods), tuple(p.label for p in periods),
        (Series("Registered" if en else "新登记", tuple(float(c.numerator) for c in cells["registered"]), "registered"),
         Series("Closed" if en else "销号", tuple(float(c.numerator) for c in cells["closed"]), "closed")),
        unit=_count_unit(lang), axis="period")


def rate_trend(recs: Records, defs: Definitions, kpi_id: str, end: date, weeks: int = 12,
               within: str | None = None, lang: str = "zh") -> Chart:
    """A rate KPI at the end of each of the `weeks` weeks up to `end` (a line, with its target)."""
    periods = week_periods(end, weeks)
    kpi = defs[kpi_id]
    cells = trend(recs, defs, [kpi_id], periods, within)[kpi_id]
    name = kpi.name(lang)
    return Chart(f"{name}, last {weeks} weeks" if lang == "en" else f"近{weeks}周{name}",
                 tuple(f"{p.start:%m.%d}" for p in periods), tuple(p.label for p in periods),
                 (Series(name, tuple(_v(c.value) for c in cells), kpi_id, "line"),),
                 unit="%" if kpi.is_rate else _count_unit(lang), axis="period", target=kpi.target)


def by_group(table: Table, kpi_ids: list[str], title: str | None = None, lang: str = "zh") -> Chart:
    """Each group of `table` (e.g. by sector) with the given KPIs side by side (bars)."""
    kpis = [table.kpi(k) for k in kpi_ids]
    rates = {k.is_rate for k in kpis}
    if len(rates) > 1:
        raise ValueError("一张图里不能同时画比率和计数")
    groups = [g for g in table.groups]
    series = tuple(Series(k.name(lang), tuple(_v(x) for x in table.values(k.id)), k.id) for k in kpis)
    return Chart(title or (", " if lang == "en" else "、").join(k.name(lang) for k in kpis),
                 tuple(group_name(table.by, g, lang) for g in groups), tuple(g.key for g in groups),
                 series, unit="%" if rates == {True} else _count_unit(lang), axis="group", by=table.by,
                 target=kpis[0].target if len(kpis) == 1 and kpis[0].is_rate else None)


def ranking(table: Table, kpi_id: str, n: int = 10, lang: str = "zh") -> Chart:
    """The `n` worst groups of `table` for one KPI, worst on top (horizontal bars)."""
    kpi = table.kpi(kpi_id)
    order = [i for i in table.ranking(kpi_id) if kpi.is_rate and table.denominators[kpi_id][i] > 0
             or not kpi.is_rate and table.numerators[kpi_id][i] > 0][:n]
    values = table.values(kpi_id)
    title = (f"{kpi.name(lang)}: the worst {len(order)}" if lang == "en"
             else f"{kpi.zh}排名（最差的 {len(order)} 个）")
    return Chart(title, tuple(group_name(table.by, table.groups[i], lang) for i in order),
                 tuple(table.groups[i].key for i in order),
                 (Series(kpi.name(lang), tuple(_v(values[i]) for i in order), kpi_id),),
                 unit="%" if kpi.is_rate else _count_unit(lang), axis="group", by=table.by, horizontal=True, target=kpi.target
                 if kpi.is_rate else None)


def standard(recs: Records, defs: Definitions, table: Table, today: date | None = None,
             lang: str = "zh") -> list[Chart]:
    """The charts a dashboard and a report show for `table`'s period: the weekly trend, the rectification rate by
    week, overdue and open hazards by sector, and the worst groups for rectification. Texts in `lang` (the
    dashboard's interface language; reports are Chinese)."""
    end = min(table.period.end, today) if today and today >= table.period.start else table.period.end
    sectors = evaluate(recs, defs, table.period, "sector", table.within, ["overdue", "open_major"])
    by_sector = "Overdue and major hazards by sector" if lang == "en" else "各行业逾期与重大隐患"
    charts = [weekly_trend(recs, defs, end, within=table.within, lang=lang),
              rate_trend(recs, defs, "rectification_rate", end, within=table.within, lang=lang),
              # the sectors' names read along the side (side by side under the bars they overlap)
              replace(by_group(sectors, ["overdue", "open_major"], by_sector, lang), horizontal=True)]
    if table.by and table.by != "sector" and len(table.groups) > 1:
        charts.append(ranking(table, RANKED.get(table.by, "rectification_rate"), lang=lang))
    return charts


RANKED = {"person": "patrol_verified"}     # the worst groups by this KPI (members have patrol KPIs only)
