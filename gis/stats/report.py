"""A periodic report (周报、月报、季报、年报) as data: what the .docx (gis/stats/report_docx.py), the PDF
(desktop/printing/report_pdf.py) and the xlsx (gis/stats/report_xlsx.py) all show.

    rep = build(project, "weekly", "2026-W49")          # or build(..., recs=, defs=) to reuse loaded records
    rep.title, rep.summary, rep.kpis, rep.groups, rep.sectors, rep.majors, rep.overdue, rep.patrol, rep.charts

Every number comes from gis.stats.compute on the records of gis.stats.records (the numbers `gridsafe stats` and
the dashboard show); the hazard lists are the ids compute.members gives, read with their code, place,
description, deadline and supervising unit. No Qt: charts are gis.stats.charts.Chart data.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, timedelta

import numpy as np

from gis import repo, vocab
from gis.bulk import raw_rows
from gis.documents import cn_date
from gis.errors import ValidationError
from gis.feedback import Feedback, ensure
from gis.hazards import NOTICE_SETTING
from gis.patrols.periods import Period, parse_period
from gis.stats import charts as charts_mod
from gis.stats import compute, kpis, records
from gis.stats.kpis import Kpi, format_value

KINDS = {"weekly": "week", "monthly": "month", "quarterly": "quarter", "yearly": "year"}
KIND_ZH = {"weekly": "周报", "monthly": "月报", "quarterly": "季报", "yearly": "年报"}
KIND_EN = {"weekly": "Weekly report", "monthly": "Monthly report", "quarterly": "Quarterly report",
           "yearly": "Yearly report"}


def kind_label(kind: str, lang: str = "zh") -> str:
    """A report kind's name (周报 / Weekly report)."""
    return (KIND_EN if lang == "en" else KIND_ZH).get(kind, kind)
EXAMPLE = {"weekly": "2026-W49", "monthly": "2026-11", "quarterly": "2026-Q4", "yearly": "2026"}
GROUP_KPIS = ("registered", "closed", "rectification_rate", "on_time_rate", "overdue", "open_major",
              "patrol_coverage", "self_check_coverage")
SECTOR_KPIS = ("registered", "closed", "rectification_rate", "overdue", "open_major")
OVERDUE_SHOWN = 20          # overdue hazards listed in the report; the xlsx has them all
MAJORS_SHOWN = 50           # open major / 挂牌督办 hazards listed (a township has a few; a county may have a thousand)
BLANK = "__________"


@dataclass(frozen=True)
class KpiRow:
    id: str
    name: str
    numerator: int
    denominator: int | None
    value: float | None
    text: str                   # the value as shown: 72.8% / 329
    target: str                 # "" when the KPI has none
    previous: str               # the previous period's value
    change: str                 # +1.2个百分点 / -3 / 持平 / —
    definition: str
    unit: str                   # % | 处 | 个 …

    @property
    def numerator_text(self) -> str:
        return str(self.numerator)

    @property
    def denominator_text(self) -> str:
        return "" if self.denominator is None else str(self.denominator)


@dataclass(frozen=True)
class GroupRow:
    key: str
    name: str
    cells: dict[str, compute.Cell]
    texts: dict[str, str]        # KPI id → value as shown


@dataclass(frozen=True)
class HazardRow:
    id: int
    code: str
    place: str
    village: str
    description: str
    grade: str
    status: str
    found_on: date | None
    deadline: date | None
    days_overdue: int | None
    supervision: str
    supervising_unit: str


@dataclass(frozen=True)
class PatrolRow:
    key: str
    name: str
    planned: int
    recorded: int
    coverage: str


@dataclass(frozen=True)
class Upcoming:
    """A deadline after the period (report due dates, campaign phases): gis.stats.calendar fills these."""
    on: date
    name: str
    note: str = ""


@dataclass
class Report:
    kind: str                    # weekly | monthly | quarterly | yearly
    period: Period
    previous: Period
    within: str | None
    township: str                # who the report is about (乡镇/街道 or the project)
    unit: str                    # 填报单位
    title: str
    period_name: str             # 2026年第49周 / 2026年11月 …
    summary: str
    kpis: list[KpiRow]
    group_by: str                # township | village | grid
    group_kpis: list[Kpi]
    groups: list[GroupRow]
    group_total: GroupRow
    sector_kpis: list[Kpi]
    sectors: list[GroupRow]
    majors: list[HazardRow]      # open major hazards and 挂牌督办, at the end of the period
    overdue: list[HazardRow]     # every overdue hazard at the end of the period, most overdue first
    patrol: list[PatrolRow]
    patrol_total: PatrolRow
    charts: list[charts_mod.Chart]
    upcoming: list[Upcoming]
    made_on: date
    definitions: list[Kpi] = field(default_factory=list)

    @property
    def kind_zh(self) -> str:
        return KIND_ZH[self.kind]

    @property
    def period_text(self) -> str:
        return f"{cn_date(self.period.start)}至{cn_date(self.period.end)}"

    @property
    def group_zh(self) -> str:
        return compute.BY_ZH[self.group_by]

    def kpi(self, kpi_id: str) -> KpiRow:
        return next(k for k in self.kpis if k.id == kpi_id)

    @property
    def upcoming_note(self) -> str:
        """The sentence over the upcoming deadlines (the work calendar's, from the day the report is made)."""
        if not self.upcoming:
            return f"{cn_date(self.made_on)}起 {UPCOMING_DAYS} 天内没有到期的报告和专项行动节点。"
        return f"{cn_date(self.made_on)}起 {UPCOMING_DAYS} 天内到期的报告和专项行动节点（见工作日历）："

    @property
    def overdue_shown(self) -> list[HazardRow]:
        return self.overdue[:OVERDUE_SHOWN]

    @property
    def overdue_more(self) -> str:
        """What the report says under a capped overdue list ("" when the list is whole)."""
        return _more(self.overdue, OVERDUE_SHOWN, "逾期最久")

    @property
    def majors_note(self) -> str:
        return (f"期末未销号的重大隐患和挂牌督办隐患共 {len(self.majors)} 处：" if self.majors
                else "期末没有未销号的重大隐患和挂牌督办隐患。")

    @property
    def majors_shown(self) -> list[HazardRow]:
        return self.majors[:MAJORS_SHOWN]

    @property
    def majors_more(self) -> str:
        return _more(self.majors, MAJORS_SHOWN, "整改期限最近")


def _more(rows: list, shown: int, which: str) -> str:
    if len(rows) <= shown:
        return ""
    return f"以上列出{which}的 {shown} 处，等 {len(rows)} 处；完整清单见同期报告数据表（xlsx）"


def check_period(kind: str, text: str | Period) -> Period:
    """The period of a report of `kind`, refused in Chinese when the two do not match."""
    if kind not in KINDS:
        raise ValidationError(f"报告类型“{kind}”不对：应为 weekly（周报）、monthly（月报）、quarterly（季报）或 yearly（年报）",
                              en=f"Report kind \"{kind}\" is not right: it should be weekly, monthly, quarterly or "
                                 "yearly")
    period = parse_period(text) if isinstance(text, str) else text
    if period.kind != KINDS[kind]:
        raise ValidationError(f"{KIND_ZH[kind]}的时段应写成 {EXAMPLE[kind]} 这样，“{period.label}”不是"
                              f"{ {'week': '一周', 'month': '一个月', 'quarter': '一个季度', 'year': '一年'}[KINDS[kind]] }",
                              en=f"The period of a {KIND_EN[kind].lower()} is written like {EXAMPLE[kind]}; "
                                 f"\"{period.label}\" is not a {KINDS[kind]}")
    return period


def current_period(kind: str, today: date) -> Period:
    """The week, month, quarter or year holding `today` (what the dialog offers first)."""
    y, w, _ = today.isocalendar()
    label = {"weekly": f"{y}-W{w:02d}", "monthly": f"{today:%Y-%m}",
             "quarterly": f"{today.year}-Q{(today.month - 1) // 3 + 1}", "yearly": str(today.year)}[kind]
    return parse_period(label)


def previous_period(period: Period) -> Period:
    if period.kind == "week":
        y, w, _ = (period.start - timedelta(days=7)).isocalendar()
        return parse_period(f"{y}-W{w:02d}")
    if period.kind == "month":
        d = period.start - timedelta(days=1)
        return parse_period(f"{d:%Y-%m}")
    if period.kind == "quarter":
        d = period.start - timedelta(days=1)
        return parse_period(f"{d.year}-Q{(d.month - 1) // 3 + 1}")
    return parse_period(str(period.start.year - 1))


def period_name(period: Period, lang: str = "zh") -> str:
    """The period as a report names it: 2026年第49周, 2026年第4季度, 2026年11月 (English: Week 49, 2026 / Q4 2026 /
    November 2026)."""
    if lang == "en":
        return f"Week {int(period.label.split('-W')[1])}, {period.start.year}" if period.kind == "week" \
            else period.name("en")
    if period.kind == "week":
        year, week = period.label.split("-W")
        return f"{year}年第{int(week)}周"
    if period.kind == "quarter":
        return f"{period.start.year}年第{period.label[-1]}季度"
    return period.zh


def _change(kpi: Kpi, now: compute.Cell, before: compute.Cell) -> str:
    if now.value is None or before.value is None:
        return "—"
    d = round(now.value, 1) - round(before.value, 1) if kpi.is_rate else now.value - before.value
    if abs(d) < 0.05:
        return "持平"
    if kpi.is_rate:
        return f"{d:+.1f}个百分点"
    return f"{d:+.0f}"


def _unit(kpi: Kpi) -> str:
    if kpi.is_rate:
        return "%"
    return {"enterprises": "家", "stops": "个", "tipoffs": "件"}.get(kpi.records, "处")


def _row(table: compute.Table, group: compute.Group | None, kpi_ids) -> GroupRow:
    cells = {k: (table.total(k) if group is None else table.cell(k, group.key)) for k in kpi_ids}
    texts = {k: format_value(table.kpi(k), c.value) for k, c in cells.items()}
    return GroupRow("" if group is None else group.key, "合计" if group is None else group.name, cells, texts)


def _units(project, within: str | None) -> tuple[str, str]:
    """(the township or project the report is about, the reporting unit)."""
    with project.session() as s:
        name = repo.get_setting(s, "name", "") or ""
        unit_setting = repo.get_setting(s, "report_unit", "") or ""
        notice = repo.get_setting(s, NOTICE_SETTING, {}) or {}
    with project.engine.connect() as c:
        units = raw_rows(c, "SELECT code, name, level FROM admin_unit ORDER BY code")
    about = ""
    if within:
        exact = [n for code, n, _ in units if code == within]
        if exact:
            about = exact[0]
        else:
            about = next((n for code, n, _ in units if within.startswith(code) and len(code) >= 9), "")
    if not about:
        towns = [n for _, n, level in units if level == "township"]
        districts = [n for _, n, level in units if level == "district"]
        about = towns[0] if len(towns) == 1 else (districts[0] if len(districts) == 1 else name.split("（")[0])
    unit = unit_setting or (isinstance(notice, dict) and notice.get("issuing_unit")) or about
    return about or "本辖区", unit or about


def _hazard_rows(project, ids: np.ndarray, today: date) -> list[HazardRow]:
    """The hazards with these ids as listed in a report (order as given)."""
    if not len(ids):
        return []
    grades = vocab.labels("hazard_grades")
    statuses = vocab.labels("hazard_statuses")
    levels = vocab.labels("supervision_levels")
    out: dict[int, HazardRow] = {}
    wanted = [int(i) for i in ids]
    with project.engine.connect() as c:
        for n in range(0, len(wanted), 900):
            chunk = ",".join(str(i) for i in wanted[n:n + 900])
            for (hid, code, site, line, zone, grid, village, desc, grade, status, found, deadline, level,
                 sup_unit) in raw_rows(c, (
                    "SELECT h.id, h.code, s.name, l.name, z.name, g.name, v.name, h.description, h.grade, h.status, "
                    "h.found_on, h.deadline, h.supervision_level, h.supervising_unit FROM hazard h "
                    "LEFT JOIN site s ON s.id = h.site_id LEFT JOIN line_asset l ON l.id = h.line_id "
                    "LEFT JOIN zone z ON z.id = h.zone_id "
                    "LEFT JOIN grid g ON g.id = COALESCE(h.grid_id, s.grid_id) "
                    f"LEFT JOIN admin_unit v ON v.id = g.village_id WHERE h.id IN ({chunk})")):
                dl = _as_date(deadline)
                out[int(hid)] = HazardRow(
                    int(hid), code or str(hid), site or line or zone or grid or "", village or "", desc or "",
                    grades.get(grade, grade or ""), statuses.get(status, status or ""), _as_date(found), dl,
                    (today - dl).days if dl is not None and dl < today else None,
                    levels.get(level, level or ""), sup_unit or "")
    return [out[i] for i in wanted if i in out]


def _as_date(v) -> date | None:
    if v is None or isinstance(v, date):
        return v
    return date.fromisoformat(str(v)[:10])


UPCOMING_DAYS = 30


def upcoming_deadlines(project, after: date, days: int = UPCOMING_DAYS) -> list[Upcoming]:
    """What falls due in the `days` days from `after` (the day the report is made) by the work calendar
    (gis.stats.calendar: report due dates, campaign phases and milestones with their targets)."""
    from gis.stats import calendar

    return [Upcoming(item.on, item.label, f"{item.at:%H:%M} 前" if item.at else "")      # a phase's label has its target
            for item in calendar.load(project, after, after + timedelta(days=days))]


def build(project, kind: str, period: str | Period, *, within: str | None = None, recs=None, defs=None,
          today: date | None = None, feedback: Feedback | None = None) -> Report:
    """The report of `kind` for `period` (checked against each other), over the whole project or the unit/grid
    codes starting with `within`. `recs`/`defs` reuse records already loaded (the dashboard's)."""
    feedback = ensure(feedback)
    period = check_period(kind, period)
    today = today or date.today()
    defs = defs or kpis.load(project)
    if recs is None:
        feedback.progress(None, feedback.say("正在读取隐患、巡查和企业记录…", "Reading hazards, patrols and enterprise records…"))
        recs = records.load(project, feedback, today)
    feedback.check()
    feedback.progress(0.4, feedback.say("正在计算指标…", "Computing indicators…"))
    previous = previous_period(period)
    table = compute.evaluate(recs, defs, period, None, within)
    before = compute.evaluate(recs, defs, previous, None, within)
    kpi_rows = []
    for k in table.kpis:
        c = table.total(k.id)
        b = before.total(k.id)
        kpi_rows.append(KpiRow(k.id, k.zh, c.numerator, c.denominator, c.value, format_value(k, c.value),
                               "" if k.target is None else format_value(k, k.target), format_value(k, b.value),
                               _change(k, c, b), k.definition, _unit(k)))
    group_by = _group_by(recs, within)
    group_ids = [k for k in GROUP_KPIS if k in defs]
    by_group = compute.evaluate(recs, defs, period, group_by, within, group_ids)
    sector_ids = [k for k in SECTOR_KPIS if k in defs]
    by_sector = compute.evaluate(recs, defs, period, "sector", within, sector_ids)
    feedback.check()
    groups = [_row(by_group, g, group_ids) for g in by_group.groups]
    sectors = [_row(by_sector, g, sector_ids) for g in by_sector.groups
               if any(by_sector.cell(k, g.key).numerator or by_sector.cell(k, g.key).denominator
                      for k in sector_ids)]
    patrol = []
    if "patrol_coverage" in defs:
        for g in by_group.groups:
            c = by_group.cell("patrol_coverage", g.key)
            patrol.append(PatrolRow(g.key, g.name, c.denominator or 0, c.numerator,
                                    format_value(defs["patrol_coverage"], c.value)))
        t = by_group.total("patrol_coverage")
        patrol_total = PatrolRow("", "合计", t.denominator or 0, t.numerator,
                                 format_value(defs["patrol_coverage"], t.value))
    else:
        patrol_total = PatrolRow("", "合计", 0, 0, "—")
    feedback.progress(0.55, feedback.say("正在整理重大隐患和逾期隐患清单…", "Listing major and overdue hazards…"))
    end = period.end
    major_ids = _ids(recs, defs, ["open_major", "supervised_open"], period, within)
    overdue_ids = _ids(recs, defs, ["overdue"], period, within)
    majors = _hazard_rows(project, major_ids, end)
    majors.sort(key=lambda h: (h.deadline or date.max, h.code))
    overdue = _hazard_rows(project, overdue_ids, end)
    overdue.sort(key=lambda h: (h.deadline or date.max, h.code))
    feedback.check()
    feedback.progress(0.7, feedback.say("正在准备图表…", "Preparing charts…"))
    chart_list = charts_mod.standard(recs, defs, by_group, today)     # the dashboard's charts
    township, unit = _units(project, within)
    name = period_name(period)
    rep = Report(
        kind, period, previous, within, township, unit,
        f"{township}安全生产网格化管理工作{KIND_ZH[kind]}（{name}）", name, "", kpi_rows, group_by,
        [defs[k] for k in group_ids], groups, _row(by_group, None, group_ids), [defs[k] for k in sector_ids],
        sectors, majors, overdue, patrol, patrol_total, chart_list,
        upcoming_deadlines(project, today), today, list(defs.kpis))
    rep.summary = summary(rep)
    return rep


def _ids(recs, defs, kpi_ids, period, within) -> np.ndarray:
    found = [compute.members(recs, defs, k, period, within=within).ids for k in kpi_ids if k in defs]
    return np.unique(np.concatenate(found)) if found else np.zeros(0, np.int64)


def _group_by(recs: records.Records, within: str | None) -> str:
    """By township when the scope holds several, by grid inside one village, else by village."""
    ok = np.ones(len(recs.grid_ids), bool) if not within else np.array(
        [str(c).startswith(within) for c in recs.grid_codes], dtype=bool)
    towns = np.unique(recs.grid_township[ok & (recs.grid_township >= 0)])
    if len(towns) > 1:
        return "township"
    villages = np.unique(recs.grid_village[ok & (recs.grid_village >= 0)])
    return "grid" if len(villages) <= 1 and len(recs.grid_ids) else "village"


def summary(rep: Report) -> str:
    """The summary paragraph, written from the numbers."""
    k = {r.id: r for r in rep.kpis}
    parts = []

    def has(i):
        return i in k

    if has("registered") and has("closed"):
        parts.append(f"本期（{rep.period_text}）新排查隐患 {k['registered'].numerator} 处，"
                     f"销号 {k['closed'].numerator} 处")
    if has("rectification_rate"):
        r = k["rectification_rate"]
        parts.append(f"截至期末累计登记隐患 {r.denominator} 处、已销号 {r.numerator} 处，整改率 {r.text}"
                     + (f"（上期 {r.previous}，{_said(r.change)}）" if r.previous != "—" else ""))
    if has("on_time_rate"):
        parts.append(f"按期整改率 {k['on_time_rate'].text}")
    if has("overdue"):
        parts.append(f"逾期未整改 {k['overdue'].numerator} 处")
    if has("open_major"):
        text = f"未销号重大隐患 {k['open_major'].numerator} 处"
        if has("supervised_open"):
            text += f"，挂牌督办未销号 {k['supervised_open'].numerator} 处"
        parts.append(text)
    out = "；".join(parts) + "。"
    more = []
    if has("patrol_coverage"):
        p = k["patrol_coverage"]
        more.append(f"网格巡查计划点位 {p.denominator} 个，已录入结果 {p.numerator} 个，巡查完成率 {p.text}")
    if has("self_check_coverage"):
        s = k["self_check_coverage"]
        more.append(f"在册企业 {s.denominator} 家，报送自查报告 {s.numerator} 家，自查覆盖率 {s.text}"
                    + (f"，其中零报告 {k['zero_report'].numerator} 家" if has("zero_report") else ""))
    if has("tipoffs_received"):
        t = k["tipoffs_received"]
        more.append(f"受理群众举报 {t.numerator} 件" + (
            f"，核查率 {k['tipoffs_verified'].text}" if has("tipoffs_verified") and t.numerator else ""))
    if more:
        out += "；".join(more) + "。"
    worst = [g for g in rep.groups if g.cells.get("overdue") and g.cells["overdue"].numerator]
    worst.sort(key=lambda g: -g.cells["overdue"].numerator)
    if worst:
        out += ("逾期隐患较多的" + rep.group_zh + "：" + "、".join(
            f"{g.name}（{g.cells['overdue'].numerator} 处）" for g in worst[:3]) + "，请督促按期整改。")
    return out


def _said(change: str) -> str:
    if change == "持平":
        return "与上期持平"
    if change.startswith("+"):
        return "上升 " + change[1:]
    if change.startswith("-"):
        return "下降 " + change[1:]
    return change
