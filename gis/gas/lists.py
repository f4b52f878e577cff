"""管线安全分析清单 (issue 13): a run's findings as rows, for the window's findings table, `gridsafe gas analyse`
(text and --json) and the 占压 / 安全间距不足 / 第三方施工 / 高后果区 / 学校周边禁止经营 / 危化企业外部安全防护距离
lists a grid office files (one xlsx workbook, six sheets).

    rows = finding_rows(run, summary, dry_run)   # pure: one Row per finding (pipeline findings, then the
                                                 # buffer checks between sites), what the window shows
    gone = disappeared_rows(summary)             # open hazards of this source whose finding is gone
    counts = write(project, out, run, summary, dry_run)   # the workbook (gis.reports.xlsx_sheet)

The workbook adds what the window does not need and reads it from the project: the pipeline's code and
diameter, the building's address, the works' party, contacts, dates, permit and supervisor, the special
site's category, the sites' addresses and categories of a buffer check, and the grid each finding lies in (gis.repo.grid_ids_at: one STRtree query for all the
findings' locations).
"""
from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import shapely
from sqlalchemy import select

from gis import repo, vocab
from gis.gas.analysis import Finding
from gis.gas.buffers import INCOMPLETE_LEVEL, SiteFinding
from gis.gas.findings import BUFFER_KINDS, KIND_ZH, RECORDED_KINDS, Run, Summary, metres
from gis.gas.rules import GasRules
from gis.model import Building, Grid, LineAsset, Site, ThirdPartyWorks
from gis.store import Project

KINDS = (*RECORDED_KINDS, "high_consequence", *BUFFER_KINDS)
LEVEL_ZH = {"occupation": "占压", "below_minimum": "小于最小净距", "below_reduced": "小于折减后最小净距",
            "inside": "防护距离内", INCOMPLETE_LEVEL: "参数不全"}
LEDGER_ZH = {"new": "新登记", "pending": "尚未登记", "open": "已在台账", "area": "不登记（高后果区）",
             "incomplete": "不登记（参数不全）"}


def level_label(rules: GasRules, f: Finding) -> str:
    """The finding's level in words: 占压, 小于(折减后)最小净距, 报警/预警 (from the rules), Ⅰ级… for an area."""
    if f.kind == "third_party_works":
        return rules.works_levels[f.level]["zh"]
    if f.kind == "high_consequence":
        return f"{f.level}级"
    return LEVEL_ZH[f.level]


def threshold_label(rules: GasRules, f: Finding) -> str:
    """What the rule distance is: 保护范围, 最小水平净距 / 折减后最小水平净距, 保护/控制范围, 潜在影响半径."""
    if f.kind == "occupation":
        return "保护范围"
    if f.kind == "clearance":
        return "折减后最小水平净距" if f.level == "below_reduced" else "最小水平净距"
    if f.kind == "third_party_works":
        return "保护范围" if rules.works_levels[f.level]["range"] == "protection" else "控制范围"
    return "影响半径"


def site_level_label(f: SiteFinding) -> str:
    """A buffer check's level in words: the banned business's category (网吧…), 防护距离内 or 参数不全."""
    if f.kind == "school_zone":
        return vocab.label("site_categories", f.level)
    return LEVEL_ZH[f.level]


def site_threshold_label(f: SiteFinding) -> str:
    return "学校周边禁止经营距离" if f.kind == "school_zone" else "外部安全防护距离"


@dataclass(frozen=True)
class Row:
    """One finding as listed: a pipeline finding (gis.gas.analysis.Finding) or a buffer check between two
    sites (gis.gas.buffers.SiteFinding, kind in BUFFER_KINDS: `site_*` is the site the hazard is about, the
    banned business or the enterprise, `feature_*` the school or protected target; no pipeline). `ledger`:
    "new" (registered by this run), "pending" (a dry run would register it), "open" (already open in the
    ledger) or None (never a hazard: a high-consequence area, a site check that could not be made)."""
    finding: int                   # index into Run.findings, or into Run.site_findings for a site row
    kind: str
    pipeline_id: int | None        # None for a site row
    pipeline_name: str | None
    pressure_class: str | None     # the class analysed with (the default where the pipeline has none)
    feature_id: int | None         # None for an incomplete site check (no other site)
    feature_name: str | None
    distance_m: float | None       # None for an incomplete site check
    threshold_m: float | None
    level: str                     # the finding's level key
    level_zh: str
    threshold_zh: str
    grade: str | None
    ledger: str | None
    hazard_id: int | None
    hazard_code: str | None
    incomplete: tuple[str, ...]
    note: str                      # 参数不全（…按默认值）, 参数不全（缺外部安全防护距离） or ""
    basis: str
    lon: float
    lat: float
    site_id: int | None = None     # a site row's site (the hazard's); None for a pipeline finding
    site_name: str | None = None

    @property
    def kind_zh(self) -> str:
        return KIND_ZH[self.kind]

    @property
    def is_site(self) -> bool:
        return self.kind in BUFFER_KINDS

    @property
    def ledger_state(self) -> str:
        """`ledger`, or why the finding is never a hazard: "area" (高后果区) or "incomplete" (参数不全)."""
        if self.ledger is not None:
            return self.ledger
        return "incomplete" if self.is_site else "area"

    @property
    def ledger_zh(self) -> str:
        return LEDGER_ZH[self.ledger_state]


def _int(v) -> int | None:
    return None if v is None else int(v)


def _float(v) -> float | None:
    return None if v is None else float(v)


def finding_rows(run: Run, summary: Summary, dry_run: bool) -> list[Row]:
    """Every finding of `run` with its place in the ledger (`summary` from findings.record or compare): the
    pipeline findings, then the buffer checks between sites."""
    ledger = summary.ledger_of()
    new = {e.finding for e in summary.new}
    xy = shapely.get_coordinates(np.asarray(run.locations, dtype=object)) if len(run.findings) else np.empty((0, 2))
    out = []
    for k, f in enumerate(run.findings):
        entry = ledger.get(k)
        state = None if entry is None else ("open" if k not in new else "pending" if dry_run else "new")
        out.append(Row(
            finding=k, kind=f.kind, pipeline_id=int(f.pipeline_id), pipeline_name=run.pipeline_names.get(int(f.pipeline_id)),
            pressure_class=f.pressure_class, feature_id=int(f.feature_id), feature_name=f.feature_name,
            distance_m=float(f.distance_m), threshold_m=float(f.threshold_m), level=f.level,
            level_zh=level_label(run.rules, f), threshold_zh=threshold_label(run.rules, f), grade=f.grade,
            ledger=state, hazard_id=entry.hazard_id if entry else None, hazard_code=entry.code if entry else None,
            incomplete=tuple(f.incomplete), note=f.note, basis=f.basis, lon=float(xy[k, 0]), lat=float(xy[k, 1])))
    return out + site_rows(run, summary, dry_run)


def site_rows(run: Run, summary: Summary, dry_run: bool) -> list[Row]:
    """The buffer checks between sites (Run.site_findings), located at run.site_locations."""
    found = run.site_findings
    if not found:
        return []
    ledger = summary.site_ledger_of()
    new = {k for e in summary.new for k in e.site_findings}
    xy = shapely.get_coordinates(np.asarray(run.site_locations, dtype=object))
    out = []
    for k, f in enumerate(found):
        entry = ledger.get(k)
        state = None if entry is None else ("open" if k not in new else "pending" if dry_run else "new")
        out.append(Row(
            finding=k, kind=f.kind, pipeline_id=None, pipeline_name=None, pressure_class=None,
            feature_id=_int(f.feature_id), feature_name=f.feature_name, distance_m=_float(f.distance_m),
            threshold_m=_float(f.threshold_m), level=f.level, level_zh=site_level_label(f),
            threshold_zh=site_threshold_label(f), grade=f.grade, ledger=state,
            hazard_id=entry.hazard_id if entry else None, hazard_code=entry.code if entry else None,
            incomplete=tuple(f.incomplete), note=f.note, basis=f.basis, lon=float(xy[k, 0]), lat=float(xy[k, 1]),
            site_id=int(f.site_id), site_name=f.site_name))
    return out


@dataclass(frozen=True)
class Gone:
    """An open hazard of source 管线安全分析 whose finding this run did not find again (not closed)."""
    hazard_id: int | None
    hazard_code: str | None
    kind: str
    pipeline_id: int | None
    feature_id: int | None
    description: str

    @property
    def kind_zh(self) -> str:
        return KIND_ZH.get(self.kind, self.kind)


def disappeared_rows(summary: Summary) -> list[Gone]:
    return [Gone(e.hazard_id, e.code, e.kind, e.pipeline_id, e.feature_id, e.description) for e in summary.disappeared]


# --- the workbook ----------------------------------------------------------------------------------

SHEETS = {   # kind → (sheet name, title)
    "occupation": ("占压", "燃气管道占压清单"),
    "clearance": ("安全间距不足", "燃气管道安全间距不足清单"),
    "third_party_works": ("第三方施工", "燃气管道第三方施工清单"),
    "high_consequence": ("高后果区", "燃气管道高后果区清单"),
    "school_zone": ("学校周边禁止经营", "学校周边禁止经营场所清单"),
    "external_distance": ("危化企业外部安全防护距离", "危险化学品企业外部安全防护距离清单"),
}
PIPE_HEADERS = [("序号", 6), ("所在网格", 18), ("管线名称", 20), ("管线编号", 19), ("压力级制", 10), ("管径", 12)]
PLACE_HEADERS = [("位置（经度，纬度）", 20)]
FINDING_HEADERS = [("距管壁(米)", 9), ("规定距离(米)", 9), ("级别", 12), ("隐患等级", 9), ("隐患编号", 15),
                   ("台账状态", 12), ("依据", 30), ("备注", 22)]
LEDGER_HEADERS = [("隐患等级", 9), ("隐患编号", 15), ("台账状态", 14), ("依据", 30), ("备注", 22)]
HEADERS = {
    "occupation": [*PIPE_HEADERS, ("建筑物名称", 18), ("建筑物地址", 22), ("用途", 8), ("层数", 6), *PLACE_HEADERS,
                   *FINDING_HEADERS],
    "clearance": [*PIPE_HEADERS, ("建筑物名称", 18), ("建筑物地址", 22), ("用途", 8), ("层数", 6), *PLACE_HEADERS,
                  *FINDING_HEADERS],
    "third_party_works": [*PIPE_HEADERS, ("施工名称", 22), ("施工单位", 18), ("联系人", 9), ("电话", 13),
                          ("起止日期", 22), ("许可/协议编号", 14), ("燃气企业监护人", 10), ("状态", 8),
                          *PLACE_HEADERS, *FINDING_HEADERS],
    "high_consequence": [*PIPE_HEADERS, ("特定场所名称", 20), ("场所类别", 10), ("地址", 22), *PLACE_HEADERS,
                         ("距管道中心线(米)", 10), ("影响半径(米)", 9), ("级别", 8), ("依据", 30), ("备注", 22)],
    "school_zone": [("序号", 6), ("所在网格", 18), ("学校", 20), ("经营场所", 20), ("类别", 12), ("地址", 22),
                    ("距离(米)", 9), ("规定距离(米)", 9), *LEDGER_HEADERS],
    "external_distance": [("序号", 6), ("所在网格", 18), ("企业", 22), ("企业地址", 22), ("防护距离(米)", 9),
                          ("防护目标", 20), ("目标类别", 12), ("距离(米)", 9), *LEDGER_HEADERS],
}
DISTANCE_HEADERS = ("距管壁(米)", "规定距离(米)", "距管道中心线(米)", "影响半径(米)", "距离(米)", "防护距离(米)")


def _rows_by_id(s, model, ids: Iterable[int]) -> dict[int, object]:
    ids = sorted({int(i) for i in ids})
    out: dict[int, object] = {}
    for start in range(0, len(ids), 5000):
        out.update((r.id, r) for r in s.scalars(select(model).where(model.id.in_(ids[start:start + 5000]))))
    return out


def _text(v) -> str:
    return "" if v is None else str(v)


def _grid_labels(s, rows: Sequence[Row]) -> list[str]:
    """The grid each finding's location lies in ("name（code）"; "" outside every grid)."""
    if not rows:
        return []
    ids = repo.grid_ids_at(s, shapely.points([r.lon for r in rows], [r.lat for r in rows]))
    grids = _rows_by_id(s, Grid, ids[ids >= 0])
    return [f"{grids[g].name}（{grids[g].code}）" if g >= 0 else "" for g in ids]


def _pipe_cells(rules: GasRules, r: Row, pipe) -> list:
    cls = rules.classes[r.pressure_class].zh + ("（默认）" if "压力级制" in r.incomplete else "")
    size = []
    if pipe is not None and pipe.diameter_mm:
        size.append(f"DN{metres(pipe.diameter_mm)}")
    if pipe is not None and pipe.outside_diameter_mm:
        size.append(f"外径{metres(pipe.outside_diameter_mm)}")
    return [r.pipeline_name or "", _text(pipe.code) if pipe is not None else "", cls, " ".join(size)]


def _place(r: Row) -> str:
    return f"{r.lon:.6f}，{r.lat:.6f}"


def _finding_cells(r: Row) -> list:
    grade, code, ledger, basis, note = _ledger_cells(r)
    return [round(r.distance_m, 2), round(r.threshold_m, 2), r.level_zh, grade, code, ledger, basis, note]


def _dates(start, end) -> str:
    if start is None and end is None:
        return ""
    return f"{start.isoformat() if start else '?'} 至 {end.isoformat() if end else '?'}"


def _distance(v: float | None) -> float | None:
    return None if v is None else round(v, 2)


def _ledger_cells(r: Row) -> list:
    grade = vocab.label("hazard_grades", r.grade) if r.grade else ""
    return [grade, r.hazard_code or "", r.ledger_zh, r.basis, r.note]


def _site_name(name: str | None, fid: int | None) -> str:
    return "" if fid is None else name or f"（未命名，编号 {fid}）"


def sheet_rows(project: Project, run: Run, rows: Sequence[Row]) -> dict[str, list[list]]:
    """kind → the sheet's table rows (without 序号's header), in the order of `rows`."""
    rules = run.rules
    by_kind: dict[str, list[Row]] = {k: [r for r in rows if r.kind == k] for k in KINDS}
    with project.session() as s:
        grids = dict(zip(((r.kind, r.finding) for r in rows), _grid_labels(s, rows), strict=True))
        pipes = _rows_by_id(s, LineAsset, (r.pipeline_id for r in rows if r.pipeline_id is not None))
        buildings = _rows_by_id(s, Building, (r.feature_id for k in ("occupation", "clearance") for r in by_kind[k]))
        works = _rows_by_id(s, ThirdPartyWorks, (r.feature_id for r in by_kind["third_party_works"]))
        site_ids = [i for r in rows if r.kind == "high_consequence" or r.is_site for i in (r.site_id, r.feature_id)]
        sites = _rows_by_id(s, Site, (i for i in site_ids if i is not None))
    uses, statuses = vocab.labels("building_uses"), vocab.labels("works_statuses")
    categories = vocab.labels("site_categories")

    def category(site) -> str:
        return "" if site is None or site.category is None else categories.get(site.category, site.category)

    out: dict[str, list[list]] = {}
    for kind, listed in by_kind.items():
        table = []
        for n, r in enumerate(listed, start=1):
            grid = grids[(r.kind, r.finding)]
            if kind == "school_zone":
                business = sites.get(r.site_id)
                table.append([n, grid, _site_name(r.feature_name, r.feature_id), _site_name(r.site_name, r.site_id),
                              r.level_zh, _text(business and business.address), _distance(r.distance_m),
                              _distance(r.threshold_m), *_ledger_cells(r)])
                continue
            if kind == "external_distance":
                enterprise, target = sites.get(r.site_id), sites.get(r.feature_id)
                table.append([n, grid, _site_name(r.site_name, r.site_id), _text(enterprise and enterprise.address),
                              _distance(r.threshold_m), _site_name(r.feature_name, r.feature_id), category(target),
                              _distance(r.distance_m), *_ledger_cells(r)])
                continue
            head = [n, grid, *_pipe_cells(rules, r, pipes.get(r.pipeline_id))]
            if kind in ("occupation", "clearance"):
                b = buildings.get(r.feature_id)
                what = [r.feature_name or "", _text(b and b.address), uses.get(b.use, _text(b.use)) if b and b.use else "",
                        b.storeys if b is not None else None]
                table.append([*head, *what, _place(r), *_finding_cells(r)])
            elif kind == "third_party_works":
                w = works.get(r.feature_id)
                what = [r.feature_name or "", _text(w and w.party), _text(w and w.contact_name),
                        _text(w and w.contact_phone), _dates(w.start_on, w.end_on) if w is not None else "",
                        _text(w and w.permit_no), _text(w and w.supervisor),
                        statuses.get(w.status, w.status) if w is not None else ""]
                table.append([*head, *what, _place(r), *_finding_cells(r)])
            else:
                site = sites.get(r.feature_id)
                category_zh = rules.hca_categories.get(site.category, site.category) if site is not None else ""
                table.append([*head, r.feature_name or "", category_zh, _text(site and site.address), _place(r),
                              round(r.distance_m, 2), round(r.threshold_m, 2), r.level_zh, r.basis, r.note])
        out[kind] = table
    return out


def _subtitle(unit: str, run: Run, kind: str, listed: Sequence[Row], count: int) -> str:
    what = "处" if kind == "high_consequence" else "条"
    pending = sum(1 for r in listed if r.ledger == "pending")
    parts = [f"其中 {pending} 条尚未登记入隐患台账"] if pending else []
    missing = sum(1 for r in listed if r.is_site and r.level == INCOMPLETE_LEVEL)
    if missing:
        parts.append(f"{missing} 家企业未填外部安全防护距离，无法核查")
    state = f"（{'；'.join(parts)}）" if parts else ""
    return f"单位：{unit}    分析日期：{run.on.isoformat()}    共 {count} {what}{state}"


def write(project: Project, out: str | Path, run: Run, summary: Summary, dry_run: bool,
          *, unit: str | None = None) -> dict[str, int]:
    """The six lists as one workbook at `out` (sheets 占压, 安全间距不足, 第三方施工, 高后果区, 学校周边禁止经营,
    危化企业外部安全防护距离; always all six). Returns rows written per kind."""
    from openpyxl import Workbook

    from gis.reports.xlsx_sheet import save_workbook, write_table

    rows = finding_rows(run, summary, dry_run)
    tables = sheet_rows(project, run, rows)
    if unit is None:
        with project.session() as s:
            unit = repo.get_setting(s, "name", project.name)
    wb = Workbook()
    wb.remove(wb.active)
    counts = {}
    for kind in KINDS:
        name, title = SHEETS[kind]
        ws = wb.create_sheet(name)
        headers = HEADERS[kind]
        table = tables[kind]
        counts[kind] = write_table(
            ws, title, _subtitle(unit, run, kind, [r for r in rows if r.kind == kind], len(table)),
            [h for h, _ in headers], [w for _, w in headers], table)
        for c, (h, _) in enumerate(headers, start=1):
            if h in DISTANCE_HEADERS:
                for r in range(4, 4 + len(table)):
                    ws.cell(r, c).number_format = "0.00"
    save_workbook(wb, out, "燃气管线安全分析清单")
    return counts

