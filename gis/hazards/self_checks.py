"""Enterprise self-check reports (企业自查自报; a report of zero hazards is a 零报告): record, delete, list for a
period, and import a 企业自查上报表 (xlsx/csv). What the KPIs 企业自查覆盖率 (enterprises in scope with a report in
the period ÷ enterprises in scope) and 零报告企业 are counted from.

Enterprises in scope: sites of the categories in `Scope.categories` whose status is not in `Scope.exclude_status`.
The list is resources/kpis.yaml's `enterprises:` (the one the KPIs count): `Scope.default()` reads the file; a
project may override it (setting kpi_definitions), so use cases pass the project's scope, built by the caller from
gis.stats.kpis.load(project) (gis.stats sits above this domain: desktop/services/self_checks.scope_of).

Periods are given as start/end dates (inclusive): gis.patrols sits above gis.hazards, so its Period is the
caller's (`period.start, period.end`).

A second report of the same enterprise on the same day replaces the first (record and import alike): an
enterprise that corrects its report, or a township that imports its corrected 上报表 again, must not be counted
twice, and refusing would make the user delete the old report first. Two rows of one file for the same
enterprise and day are refused (which one is right is not ours to guess).

Session functions: they never commit (the caller's project.write / transaction does). Writes return
gis.changes.Change of kind "self_check".
"""
from __future__ import annotations

import copy
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

import numpy as np
from sqlalchemy import and_, bindparam, insert, not_, select
from sqlalchemy import update as sql_update
from sqlalchemy.orm import Session, aliased

from gis import vocab
from gis.changes import Change
from gis.errors import ValidationError
from gis.io.errors import DataFileError, ImportRejected
from gis.io.registers import ParsedFile, read_register
from gis.io.report import REJECTED
from gis.io.targets import Field, Target
from gis.model import AdminUnit, Grid, SelfCheckReport, Site

KIND = "self_check"                         # the gis.changes kind every write here reports

KPI_FILE = "kpis.yaml"                     # resources/kpis.yaml, key `enterprises`


@dataclass(frozen=True)
class Scope:
    """Which sites are enterprises that must self-check (生产经营单位)."""
    categories: tuple[str, ...]
    exclude_status: tuple[str, ...] = ()

    @classmethod
    def default(cls) -> Scope:
        """resources/kpis.yaml's `enterprises: {categories: [...], exclude_status: [...]}`."""
        from gis.paths import RESOURCES
        from gis.rulefiles import read_yaml

        ent = (read_yaml(RESOURCES / KPI_FILE, "指标定义文件", ValidationError) or {}).get("enterprises") or {}
        if not ent.get("categories"):
            raise ValidationError(f"指标定义文件 {KPI_FILE}：enterprises.categories 要列出哪些场所类别算企业",
                                  en=f"Indicator definitions {KPI_FILE}: enterprises.categories must list the site "
                                     "categories that count as enterprises")
        return cls(tuple(ent["categories"]), tuple(ent.get("exclude_status") or ()))


STATES = ("reported", "zero", "missing")
STATE_LABELS = {"reported": "已上报", "zero": "零报告", "missing": "未上报"}
REPORTER_MAX = SelfCheckReport.__table__.columns["reporter"].type.length
RECORDED_BY_MAX = SelfCheckReport.__table__.columns["recorded_by"].type.length

# the 企业自查上报表's columns: model-like field → header (the import's field labels, as messages name them)
TARGET = Target("self_checks", "企业自查上报", SelfCheckReport, (), (
    Field("site_code", "统一社会信用代码"),
    Field("site_name", "企业名称"),
    Field("reported_on", "上报日期", "date"),
    Field("hazards_found", "发现隐患数", "int"),
    Field("reporter", "上报人"),
    Field("note", "备注"),
), has_attributes=False)
HEADERS = {  # other headers a township's sheet uses for the same column (matched like the import's mapping)
    "site_code": ["统一社会信用代码", "社会信用代码", "信用代码", "企业代码", "企业编码", "code"],
    "site_name": ["企业名称", "单位名称", "企业（单位）名称", "生产经营单位名称", "企业", "单位", "名称", "name"],
    "reported_on": ["上报日期", "自查日期", "报告日期", "上报时间", "日期", "reported_on", "date"],
    "hazards_found": ["发现隐患数", "发现隐患数量", "隐患数", "隐患数量", "自查隐患数", "发现隐患", "hazards_found"],
    "reporter": ["上报人", "填报人", "报告人", "自查人", "reporter"],
    "note": ["备注", "说明", "note"],
}


class SelfCheckError(ValidationError):
    """A self-check report refused; the message (Chinese) names the field."""


# --- scope -------------------------------------------------------------------------------------------

def scope_clause(scope: Scope):
    """SQL condition on Site: an enterprise in scope."""
    cond = Site.category.in_(scope.categories)
    return and_(cond, not_(Site.status.in_(scope.exclude_status))) if scope.exclude_status else cond


def out_of_scope(category: str | None, status: str | None, scope: Scope, lang: str = "zh") -> str | None:
    """Why a site of this category and status is not an enterprise in scope (in `lang`), or None."""
    en = lang == "en"
    if category not in scope.categories:
        names = ("、", ", ")[en].join(vocab.label("site_categories", c, lang) for c in scope.categories)
        if en:
            return (f" has the site category \"{vocab.label('site_categories', category, lang) if category else 'none'}"
                    f"\", outside the enterprises that report self-checks ({names})")
        return (f"场所类别为“{vocab.label('site_categories', category) if category else '未填'}”，"
                f"不属于企业自查自报范围（{names}）")
    if status in scope.exclude_status:
        if en:
            return (f" has the business status \"{vocab.label('site_statuses', status, lang)}\", outside the "
                    "enterprises that report self-checks")
        return f"经营状态为“{vocab.label('site_statuses', status)}”，不在企业自查自报范围内"
    return None


def _label(site: Site) -> str:
    return f"“{site.name}”" + (f"（{site.code}）" if site.code else "")


def find_site(s: Session, code_or_name: str) -> Site:
    """The site whose 统一社会信用代码 is `code_or_name`, else the one whose name is exactly it."""
    text = (code_or_name or "").strip()
    if not text:
        raise SelfCheckError("企业：请填写企业名称或统一社会信用代码",
                             en="Enterprise: please enter the enterprise's name or unified social credit code")
    site = s.scalar(select(Site).where(Site.code == text))
    if site is not None:
        return site
    named = list(s.scalars(select(Site).where(Site.name == text).order_by(Site.id).limit(5)))
    if len(named) == 1:
        return named[0]
    if len(named) > 1:
        raise SelfCheckError(f"企业：有多家企业名为“{text}”，请改用统一社会信用代码",
                             en=f"Enterprise: several enterprises are named \"{text}\"; please use the unified "
                                "social credit code")
    raise SelfCheckError(f"企业：项目中没有统一社会信用代码或名称为“{text}”的企业",
                         en=f"Enterprise: the project has no enterprise whose unified social credit code or name is "
                            f"\"{text}\"")


# --- checks ------------------------------------------------------------------------------------------

def _day_problem(day, today: date, lang: str = "zh") -> str | None:
    en = lang == "en"
    if day is None:
        return "the report date is missing" if en else "缺少上报日期"
    if day > today:
        return (f"the report date {day.isoformat()} is later than today ({today.isoformat()}); a report cannot be "
                "made ahead" if en else f"上报日期 {day.isoformat()} 晚于今天（{today.isoformat()}），不能预先上报")
    return None


def _count_problem(n, lang: str = "zh") -> str | None:
    en = lang == "en"
    if n is None:
        return ("the number of hazards found is missing (0 for a nil report)" if en
                else "缺少发现隐患数（零报告请填 0）")
    if isinstance(n, bool) or not isinstance(n, (int, np.integer)):
        return f"\"{n}\" is not a whole number" if en else f"“{n}”不是整数"
    if n < 0:
        return f"the number of hazards found cannot be negative ({n})" if en else f"发现隐患数不能为负数（{n}）"
    return None


def _text_problem(label: str, value: str | None, limit: int | None, lang: str = "zh") -> str | None:
    if value is not None and limit and len(value) > limit:
        return (f"{label} is longer than {limit} characters ({len(value)} characters)" if lang == "en"
                else f"{label}超过 {limit} 个字（{len(value)} 个字）")
    return None


# --- writes (the caller's transaction; nothing is committed here) -------------------------------------

@dataclass(frozen=True)
class Recorded:
    id: int
    created: bool            # False: it replaced the enterprise's report of that day
    site_id: int
    site_name: str
    site_code: str | None


def record(s: Session, site_id: int, day: date, hazards_found: int, *, reporter: str | None = None,
           note: str | None = None, recorded_by: str | None = None, today: date | None = None,
           scope: Scope | None = None) -> tuple[Recorded, Change]:
    """Record one enterprise's self-check report of `day` (0 hazards = 零报告). A report of the same enterprise
    on the same day is replaced. Refusals (SelfCheckError) name the field; nothing is written then."""
    today = today or date.today()
    scope = scope or Scope.default()
    site = s.get(Site, int(site_id)) if site_id is not None else None
    problems, english = [], []
    if site is None:
        problems.append(f"企业：场所（ID {site_id}）不存在，可能已被删除")
        english.append(f"Enterprise: site (ID {site_id}) does not exist; it may have been deleted")
    elif (why := out_of_scope(site.category, site.status, scope)) is not None:
        problems.append(f"企业：{_label(site)}{why}")
        english.append(f"Enterprise: \"{site.name}\"{out_of_scope(site.category, site.status, scope, 'en')}")
    reporter = (reporter or "").strip() or None
    note = (note or "").strip() or None
    recorded_by = (recorded_by or "").strip() or None
    for label, label_en, problem, problem_en in (
            ("上报日期", "Report date", _day_problem(day, today), _day_problem(day, today, "en")),
            ("发现隐患数", "Hazards found", _count_problem(hazards_found), _count_problem(hazards_found, "en")),
            ("上报人", "Reported by", _text_problem("上报人", reporter, REPORTER_MAX),
             _text_problem("Reported by", reporter, REPORTER_MAX, "en")),
            ("登记人", "Recorded by", _text_problem("登记人", recorded_by, RECORDED_BY_MAX),
             _text_problem("Recorded by", recorded_by, RECORDED_BY_MAX, "en"))):
        if problem:
            problems.append(problem if problem.startswith(label) else f"{label}：{problem}")
            english.append(problem_en if problem_en.startswith(label_en) else f"{label_en}: {problem_en}")
    if problems:
        raise SelfCheckError("\n".join(problems), en="\n".join(english))
    existing = s.scalar(select(SelfCheckReport).where(SelfCheckReport.site_id == site.id,
                                                      SelfCheckReport.reported_on == day)
                        .order_by(SelfCheckReport.id).limit(1))
    created = existing is None
    report = SelfCheckReport(site_id=site.id, reported_on=day) if created else existing
    report.hazards_found = int(hazards_found)
    report.reporter = reporter
    report.note = note
    report.recorded_by = recorded_by
    if created:
        s.add(report)
    s.flush()
    return Recorded(report.id, created, site.id, site.name, site.code), Change.of(KIND, self_check=[report.id])


def delete(s: Session, report_id: int) -> Change:
    report = s.get(SelfCheckReport, int(report_id))
    if report is None:
        raise SelfCheckError(f"自查上报（ID {report_id}）不存在，可能已被删除",
                             en=f"Self-check report (ID {report_id}) does not exist; it may have been deleted")
    s.delete(report)
    s.flush()
    return Change.of(KIND, self_check=[int(report_id)])


# --- reads -------------------------------------------------------------------------------------------

@dataclass(frozen=True)
class Report:
    id: int
    site_id: int
    reported_on: date
    hazards_found: int
    reporter: str | None
    note: str | None
    recorded_by: str | None


@dataclass(frozen=True)
class Enterprise:
    """An enterprise in scope with its reports in the period."""
    site_id: int
    code: str | None
    name: str
    category: str
    status: str
    grid_id: int | None
    grid_code: str | None
    grid_name: str | None
    village_id: int | None
    village_name: str | None
    reports: tuple[Report, ...] = ()

    @property
    def state(self) -> str:
        """'missing' (未上报: no report in the period), 'zero' (零报告: every report found 0 hazards), 'reported'."""
        if not self.reports:
            return "missing"
        return "zero" if self.hazards_found == 0 else "reported"

    @property
    def state_zh(self) -> str:
        return STATE_LABELS[self.state]

    @property
    def hazards_found(self) -> int:
        return sum(r.hazards_found for r in self.reports)

    @property
    def last(self) -> Report | None:
        return max(self.reports, key=lambda r: (r.reported_on, r.id)) if self.reports else None


def _check_span(start: date, end: date) -> None:
    if end < start:
        raise SelfCheckError(f"时段：结束日期 {end.isoformat()} 早于开始日期 {start.isoformat()}",
                             en=f"Period: the end date {end.isoformat()} is before the start date {start.isoformat()}")


def reports(s: Session, start: date, end: date, *, site_ids: Iterable[int] | None = None) -> list[Report]:
    """Reports dated start..end (inclusive), by date then enterprise; of any site (in scope or not)."""
    _check_span(start, end)
    r = SelfCheckReport
    q = select(r.id, r.site_id, r.reported_on, r.hazards_found, r.reporter, r.note, r.recorded_by).where(
        r.reported_on >= start, r.reported_on <= end)
    if site_ids is not None:
        q = q.where(r.site_id.in_([int(i) for i in site_ids]))
    return [Report(*row) for row in s.execute(q.order_by(r.reported_on, r.site_id, r.id))]


def enterprises(s: Session, start: date, end: date, scope: Scope | None = None) -> list[Enterprise]:
    """Every enterprise in scope with its reports dated start..end, by grid code (village, grid) and name."""
    _check_span(start, end)
    scope = scope or Scope.default()
    village = aliased(AdminUnit)
    q = (select(Site.id, Site.code, Site.name, Site.category, Site.status, Site.grid_id, Grid.code, Grid.name,
                Grid.village_id, village.name)
         .outerjoin(Grid, Grid.id == Site.grid_id).outerjoin(village, village.id == Grid.village_id)
         .where(scope_clause(scope)))
    sites = s.execute(q).all()
    by_site: dict[int, list[Report]] = defaultdict(list)
    r = SelfCheckReport
    rq = (select(r.id, r.site_id, r.reported_on, r.hazards_found, r.reporter, r.note, r.recorded_by)
          .join(Site, Site.id == r.site_id).where(r.reported_on >= start, r.reported_on <= end, scope_clause(scope))
          .order_by(r.reported_on, r.id))
    for row in s.execute(rq):
        by_site[row[1]].append(Report(*row))
    out = [Enterprise(*row, reports=tuple(by_site.get(row[0], ()))) for row in sites]
    out.sort(key=lambda e: (e.grid_code or "\uffff", e.name, e.site_id))
    return out


def missing(s: Session, start: date, end: date, scope: Scope | None = None) -> list[Enterprise]:
    """The enterprises in scope with no report dated start..end (未上报)."""
    return [e for e in enterprises(s, start, end, scope) if e.state == "missing"]


# --- import (企业自查上报表) ---------------------------------------------------------------------------

@dataclass(frozen=True)
class ImportSummary:
    file: str
    rows: int
    created: int
    updated: int
    zero_reports: int
    enterprises: int
    report_ids: tuple[int, ...] = field(default=())

    def text(self) -> str:
        return (f"文件 {self.file}：{self.rows} 行，{self.enterprises} 家企业；新增上报 {self.created} 条，"
                f"更新同日已有上报 {self.updated} 条；其中零报告 {self.zero_reports} 条")


def read_file(path: str | Path, *, sheet: str | None = None, encoding: str | None = None) -> ParsedFile:
    """Read a 企业自查上报表 (xlsx or csv; first sheet unless `sheet`) through gis.io's table reader (budgets,
    isolation) and convert its values. Missing columns raise DataFileError; bad values are in `.report`."""
    def check(columns: dict[str, str], name: str, present: str) -> None:
        if "site_code" not in columns and "site_name" not in columns:
            raise DataFileError(f"文件 {name} 中没有“企业名称”或“统一社会信用代码”列，现有表头：{present}",
                                en=f"File {name} has no \"企业名称\" (name) or \"统一社会信用代码\" (credit code) "
                                   f"column; its headers are: {present.replace('、', ', ')}")
        for key in ("reported_on", "hazards_found"):
            if key not in columns:
                raise DataFileError(f"文件 {name} 中没有“{TARGET.field(key).label}”列，现有表头：{present}",
                                    en=f"File {name} has no \"{TARGET.field(key).label}\" column; its headers are: "
                                       f"{present.replace('、', ', ')}")
    limits = {"reporter": REPORTER_MAX, "site_code": Site.__table__.columns["code"].type.length}
    return read_register(path, TARGET, HEADERS, check, sheet=sheet, encoding=encoding, limits=limits)


def _site_index(s: Session):
    """(code → site row, name → [site rows]) of every site; a row is (id, code, name, category, status)."""
    by_code, by_name = {}, defaultdict(list)
    for row in s.execute(select(Site.id, Site.code, Site.name, Site.category, Site.status).order_by(Site.id)):
        if row.code:
            by_code[row.code.strip()] = row
        by_name[row.name.strip()].append(row)
    return by_code, by_name


def _match(code, name, by_code, by_name) -> tuple[object | None, str, tuple[str, str] | None]:
    """(site row, field label, (reason, its English)): the enterprise a row means, by code first, then exact name."""
    code_label, name_label = TARGET.field("site_code").label, TARGET.field("site_name").label
    if code is None and name is None:
        return None, name_label, ("缺少企业名称或统一社会信用代码",
                                  "the enterprise's name or unified social credit code is missing")
    if code is not None:
        site = by_code.get(code)
        if site is not None:
            return site, code_label, None
        if name is None:
            return None, code_label, (f"项目中没有统一社会信用代码为“{code}”的企业",
                                      f"the project has no enterprise with unified social credit code \"{code}\"")
    named = by_name.get(name, [])
    if len(named) > 1:
        return None, name_label, (f"项目中有 {len(named)} 家企业名为“{name}”，请填写统一社会信用代码区分",
                                  f"the project has {len(named)} enterprises named \"{name}\"; please give the "
                                  "unified social credit code to tell them apart")
    if not named:
        where = f"统一社会信用代码“{code}”和名称“{name}”都" if code is not None else f"名称“{name}”"
        where_en = (f"either the unified social credit code \"{code}\" or the name \"{name}\"" if code is not None
                    else f"the name \"{name}\"")
        return None, name_label if code is None else code_label, (f"项目中找不到{where}对应的企业",
                                                                   f"no enterprise in the project has {where_en}")
    site = named[0]
    if code is not None and site.code:
        return None, code_label, (f"统一社会信用代码“{code}”在项目中找不到；名为“{name}”的企业的代码是"
                                  f"“{site.code}”，请核对",
                                  f"the unified social credit code \"{code}\" is not in the project; the enterprise "
                                  f"named \"{name}\" has the code \"{site.code}\"; please check")
    return site, name_label, None


def import_parsed(s: Session, parsed: ParsedFile, *, recorded_by: str | None = None, today: date | None = None,
                  scope: Scope | None = None) -> tuple[ImportSummary, Change]:
    """Match each row to its enterprise (code first, then exact name) and write every row, or nothing: any bad
    row raises ImportRejected whose report names file, row and field of every problem. Runs inside the
    caller's write transaction (the project's sites and reports are read there)."""
    today = today or date.today()
    scope = scope or Scope.default()
    report = copy.deepcopy(parsed.report)     # a re-run of the transaction starts from the file's own problems
    v = parsed.values
    recorded_by = (recorded_by or "").strip() or None
    by_code, by_name = _site_index(s)
    refused = {(i.row, i.field) for i in report.rejected}      # values the reading already refused
    seen: dict[tuple[int, date], int] = {}
    keep: list[tuple[int, int, date, int, str | None, str | None]] = []   # (file row, site, day, found, …)
    for i, row in enumerate(parsed.rows):
        row = int(row)
        problems: list[tuple[str, tuple[str, str]]] = []   # (field, (reason, its English))
        site, label, reason = _match(v["site_code"][i], v["site_name"][i], by_code, by_name)
        if reason is None and (why := out_of_scope(site.category, site.status, scope)) is not None:
            site, reason = None, (f"“{site.name}”{why}",
                                  f"\"{site.name}\"{out_of_scope(site.category, site.status, scope, 'en')}")
        if reason is not None:
            problems.append((label, reason))
        day, found = v["reported_on"][i], v["hazards_found"][i]
        if (row, "上报日期") not in refused and (why := _day_problem(day, today)) is not None:
            problems.append(("上报日期", (why, _day_problem(day, today, "en"))))
        if (row, "发现隐患数") not in refused and (why := _count_problem(found)) is not None:
            problems.append(("发现隐患数", (why, _count_problem(found, "en"))))
        if site is not None and day is not None:
            first = seen.setdefault((site.id, day), row)
            if first != row:
                problems.append((label, (f"与第{first}行是同一企业（“{site.name}”）同一天的上报，重复",
                                         f"repeats row {first}: the same enterprise (\"{site.name}\") on the same "
                                         "day")))
        for fld, (reason, reason_en) in problems:
            report.add(REJECTED, row, fld, reason, reason_en)
        if not problems and not any(r == row for r, _f in refused):
            keep.append((row, site.id, day, int(found), v["reporter"][i], v["note"][i]))
    if report.rejected:
        bad = report.rejected_rows
        report.issues.sort(key=lambda issue: (issue.row or 0))
        raise ImportRejected(f"文件 {report.file} 有 {len(bad)} 行数据未通过检查，未导入任何数据：\n"
                             f"{report.first_problems()}", report,
                             en=f"{len(bad)} {report.noun_en(len(bad))} of file {report.file} did not pass the checks; "
                                f"nothing was imported:\n{report.first_problems(lang='en')}")
    summary, ids = _write(s, keep, recorded_by)
    report.imported = len(keep)
    return (ImportSummary(report.file, len(keep), summary[0], summary[1], sum(1 for k in keep if k[3] == 0),
                          len({k[1] for k in keep}), tuple(ids)),
            Change.of(KIND, self_check=ids))


def _write(s: Session, rows, recorded_by) -> tuple[tuple[int, int], list[int]]:
    """Insert the new reports and update those of the same enterprise and day (executemany both)."""
    if not rows:
        return (0, 0), []
    r = SelfCheckReport
    days = sorted({k[2] for k in rows})
    existing: dict[tuple[int, date], int] = {}
    sites = {k[1] for k in rows}
    for rid, site_id, day in s.execute(select(r.id, r.site_id, r.reported_on)
                                       .where(r.reported_on >= days[0], r.reported_on <= days[-1])
                                       .order_by(r.id.desc())):
        if site_id in sites:
            existing[(site_id, day)] = rid        # the oldest report of that day wins (ids descending)
    new = [{"site_id": k[1], "reported_on": k[2], "hazards_found": k[3], "reporter": k[4], "note": k[5],
            "recorded_by": recorded_by} for k in rows if (k[1], k[2]) not in existing]
    old = [{"b_id": existing[(k[1], k[2])], "b_found": k[3], "b_reporter": k[4], "b_note": k[5], "b_by": recorded_by}
           for k in rows if (k[1], k[2]) in existing]
    if old:
        s.execute(sql_update(r.__table__).where(r.__table__.c.id == bindparam("b_id")).values(
            hazards_found=bindparam("b_found"), reporter=bindparam("b_reporter"), note=bindparam("b_note"),
            recorded_by=bindparam("b_by")), old)
    if new:
        s.execute(insert(r.__table__), new)
    s.flush()
    wanted = [(k[1], k[2]) for k in rows]
    ids_by_key = {}
    for rid, site_id, day in s.execute(select(r.id, r.site_id, r.reported_on)
                                       .where(r.reported_on >= days[0], r.reported_on <= days[-1])
                                       .order_by(r.id.desc())):
        if site_id in sites:
            ids_by_key[(site_id, day)] = rid
    return (len(new), len(old)), sorted({ids_by_key[k] for k in wanted})


def import_file(s: Session, path: str | Path, *, recorded_by: str | None = None, today: date | None = None,
                sheet: str | None = None, scope: Scope | None = None) -> tuple[ImportSummary, Change]:
    """read_file + import_parsed in the caller's transaction (reading the file inside it; prefer reading
    first and passing the ParsedFile to import_parsed when the transaction may be re-run)."""
    return import_parsed(s, read_file(path, sheet=sheet), recorded_by=recorded_by, today=today, scope=scope)

