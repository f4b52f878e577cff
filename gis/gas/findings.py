"""Pipeline safety findings from a project into the hazard ledger (issue 13): the database side of gis.gas.

    run = analyse_project(project, on)        # load pipelines, buildings, works, sites; gis.gas.analysis
    summary, change = record(session, run, today, operator)   # inside project.transaction()
    summary = compare(session, run)           # the same matching, nothing written (--dry-run)

Each 占压, 安全间距不足 and third-party works finding becomes a hazard of source 管线安全分析
(vocab hazard_sources pipeline_analysis), linked to its pipeline (line_id) and to its building (building_id)
or works (works_id), with the analysis kind in `finding`, the rule's grade, the sector 燃气, the point of the
feature nearest the pipeline as its location and a Chinese description naming kind, feature, pipeline and
distance. High-consequence findings are areas, not hazards: they are listed, never recorded.

The general buffer checks between sites (gis.gas.buffers: a banned business within 200 m of a school,
school_zone; a protected target inside a hazardous-chemical enterprise's external safety distance,
external_distance) become hazards of source 周边安全距离分析 (vocab hazard_sources buffer_analysis) on the site
they are about (the business; the enterprise), one per site and kind, naming every other site involved in
the description (the hazard table links one site). An enterprise without its distance is listed (参数不全),
not recorded.

A re-run matches open hazards of those sources by kind + pipeline + feature (buffer checks: kind + site): a
match is "still open" (not registered again), an open hazard whose finding is gone is reported as
disappeared — listed, never closed automatically (销号 needs acceptance by a person).
"""
from __future__ import annotations

import math
from dataclasses import dataclass, field
from datetime import date
from typing import Any

import numpy as np
import shapely
from sqlalchemy import select
from sqlalchemy.orm import Session

from gis.changes import Change
from gis.gas.analysis import Analysis, Features, Finding, Pipelines
from gis.gas.buffers import SiteFinding, buffer_findings, buffer_rules
from gis.gas.rules import GasRules, load_rules, pipeline_params
from gis.hazards import workflow
from gis.hazards.states import open_states
from gis.layers import LayerDef, load_layer
from gis.model import Hazard, Site
from gis.store import Project

SOURCE = "pipeline_analysis"          # vocab hazard_sources: 管线安全分析
SECTOR = "gas"
RECORDED_KINDS = ("occupation", "clearance", "third_party_works")   # the kinds that are hazards
BUFFER_SOURCE = "buffer_analysis"     # vocab hazard_sources: 周边安全距离分析
BUFFER_KINDS = ("school_zone", "external_distance")
SOURCES = (SOURCE, BUFFER_SOURCE)

PIPELINES = LayerDef("gas_pipelines", "line_asset",
                     ("name", "pressure_class", "diameter_mm", "outside_diameter_mm", "material"),
                     "kind = 'gas_pipeline'")
BUILDINGS = LayerDef("gas_buildings", "building", ("name",))
WORKS = LayerDef("gas_works", "third_party_works", ("name", "start_on", "end_on", "status"))
SITES = LayerDef("gas_sites", "site", ("name", "category"))

KIND_ZH = {"occupation": "占压", "clearance": "安全间距不足", "third_party_works": "第三方施工",
           "high_consequence": "高后果区", "school_zone": "学校周边禁止经营", "external_distance": "外部安全防护距离不足"}
FEATURE_ZH = {"occupation": "建筑物", "clearance": "建筑物", "third_party_works": "第三方施工",
              "high_consequence": "特定场所", "school_zone": "学校", "external_distance": "防护目标"}


@dataclass
class Run:
    """One analysis of a project's data on a date: the findings, where each is, and the pipelines' names."""
    on: date
    rules: GasRules
    findings: list[Finding]
    locations: np.ndarray                     # shapely Points (EPSG:4490), one per finding
    pipeline_names: dict[int, str | None]
    site_findings: list[SiteFinding] = field(default_factory=list)   # gis.gas.buffers, sorted by kind and site
    site_locations: np.ndarray = field(default_factory=lambda: np.array([], dtype=object))  # Points, one each

    def recorded(self) -> list[int]:
        """Indexes of the findings that are hazards (not high-consequence areas)."""
        return [k for k, f in enumerate(self.findings) if f.kind in RECORDED_KINDS]

    def site_groups(self) -> dict[tuple[str, Any], list[int]]:
        """(kind, site id) → indexes into site_findings of the findings recorded as that site's one hazard
        (incomplete ones excluded: they are listed, not recorded)."""
        out: dict[tuple[str, Any], list[int]] = {}
        for k, f in enumerate(self.site_findings):
            if f.grade is not None:
                out.setdefault((f.kind, f.site_id), []).append(k)
        return out


def _text(v) -> str | None:
    """A name cell as text; None for NULL (None, or NaN from a pandas column)."""
    return None if v is None or (isinstance(v, float) and math.isnan(v)) else str(v)


def _names(layer) -> np.ndarray:
    return np.asarray(layer.attrs["name"], dtype=object) if len(layer) else np.array([], dtype=object)


def _column(layer, name) -> np.ndarray:
    return np.asarray(layer.attrs[name], dtype=object) if len(layer) else np.array([], dtype=object)


def site_attributes(project: Project, ids, categories) -> list[dict]:
    """The attributes of the sites of `categories` (the others: {}), in the order of `ids` (one query)."""
    with project.session() as s:
        got = dict(s.execute(select(Site.id, Site.attributes).where(Site.category.in_(list(categories)))).all())
    return [got.get(int(i)) or {} for i in ids]


def analyse_project(project: Project, on: date, rules: GasRules | None = None) -> Run:
    """Load the project's gas pipelines, buildings, works and sites (arrays, one query each) and analyse
    them on `on` (works count while active that day)."""
    rules = rules or load_rules()
    pipes = load_layer(project, PIPELINES)
    params = pipeline_params(rules, _column(pipes, "pressure_class"),
                             outside_diameter_mm=_column(pipes, "outside_diameter_mm"),
                             diameter_mm=_column(pipes, "diameter_mm"), material=_column(pipes, "material"))
    pipelines = Pipelines(pipes.geoms, pipes.ids, params, _names(pipes))
    b = load_layer(project, BUILDINGS)
    w = load_layer(project, WORKS)
    st = load_layer(project, SITES)
    analysis = Analysis(
        rules, pipelines,
        buildings=Features(b.geoms, b.ids, _names(b)),
        works=Features(w.geoms, w.ids, _names(w), start=_column(w, "start_on"), end=_column(w, "end_on"),
                       status=_column(w, "status")),
        sites=Features(st.geoms, st.ids, _names(st), category=_column(st, "category")))
    found = analysis.findings(on) if len(pipes) else []
    order = {k: i for i, k in enumerate((*RECORDED_KINDS, "high_consequence"))}
    found.sort(key=lambda f: (order[f.kind], f.pipeline_id, f.feature_id))
    locations = analysis.locations(found) if found else np.array([], dtype=object)
    names = {int(i): _text(n) for i, n in zip(pipes.ids, _names(pipes), strict=True)}
    site_found = buffer_findings(rules, st.geoms, st.ids, _names(st), _column(st, "category"),
                                 site_attributes(project, st.ids, buffer_rules(rules).hazchem))
    return Run(on, rules, found, locations, names, site_found, site_points(st.geoms, st.ids, site_found))


def site_points(geoms, ids, found: list[SiteFinding]) -> np.ndarray:
    """Where each buffer finding's hazard is: the point of its site nearest the other site (the site's
    representative point when there is no other)."""
    out = np.empty(len(found), dtype=object)
    if not found:
        return out
    si = np.array([f.site_index for f in found])
    fi = np.array([-1 if f.feature_index is None else f.feature_index for f in found])
    g = np.asarray(geoms, dtype=object)
    pts = shapely.point_on_surface(g[si])
    has = fi >= 0
    if has.any():
        pts[has] = shapely.get_point(shapely.shortest_line(g[si[has]], g[fi[has]]), 0)
    out[:] = pts
    return out


# --- words --------------------------------------------------------------------------------------------

def metres(v: float) -> str:
    """0.5 → "0.5", 1.25 → "1.25", 3 → "3" (to the centimetre)."""
    text = f"{v:.2f}".rstrip("0").rstrip(".")
    return "0" if text in ("-0", "") else text


def feature_label(f: Finding) -> str:
    return f"“{f.feature_name}”" if f.feature_name else f"（未命名，编号 {f.feature_id}）"


def pipeline_label(run: Run, f: Finding) -> str:
    name = run.pipeline_names.get(int(f.pipeline_id))
    return f"“{name}”" if name else f"（编号 {f.pipeline_id}）"


def describe(run: Run, f: Finding) -> str:
    """The hazard's description: kind, feature, pipeline and distance, then the basis and any defaults."""
    cls = run.rules.classes[f.pressure_class].zh
    pipe = f"{cls}燃气管道{pipeline_label(run, f)}"
    what = f"{FEATURE_ZH[f.kind]}{feature_label(f)}"
    d, t = metres(f.distance_m), metres(f.threshold_m)
    if f.kind == "occupation":
        text = f"{what}占压{pipe}，距管壁{d}米（保护范围{t}米内）"
    elif f.kind == "clearance":
        limit = "折减后最小水平净距" if f.level == "below_reduced" else "最小水平净距"
        text = f"{what}与{pipe}安全间距不足，距管壁{d}米（{limit}{t}米）"
    elif f.kind == "third_party_works":
        spec = run.rules.works_levels[f.level]
        zone = "保护范围" if spec["range"] == "protection" else "控制范围"
        text = f"{what}进入{pipe}{zone}（{spec['zh']}），距管壁{d}米（{zone}{t}米）"
    else:
        text = f"{what}位于{pipe}高后果区（{f.level}级），距管道中心线{d}米（半径{t}米）"
    note = f"；{f.note}" if f.note else ""
    return f"{text}。依据：{f.basis}{note}"


def site_label(name, fid) -> str:
    return f"“{name}”" if name else f"（未命名，编号 {fid}）"


def describe_site(run: Run, ks: list[int]) -> str:
    """One hazard's description for the buffer findings `ks` of one site (one kind): the site, every other
    site with its distance, the rule's distance and basis."""
    from gis import vocab

    fs = [run.site_findings[k] for k in ks]
    f = fs[0]
    others = "、".join(f"{site_label(x.feature_name, x.feature_id)}（{metres(x.distance_m)}米）" for x in fs)
    if f.kind == "school_zone":
        what = vocab.label("site_categories", f.level)
        text = f"{what}{site_label(f.site_name, f.site_id)}位于学校{others}周边{metres(f.threshold_m)}米范围内"
    else:
        text = (f"危化企业{site_label(f.site_name, f.site_id)}外部安全防护距离{metres(f.threshold_m)}米内有防护目标"
                f"{others}")
    return f"{text}。依据：{f.basis}"


def describe_incomplete(f: SiteFinding) -> str:
    return f"危化企业{site_label(f.site_name, f.site_id)}未填外部安全防护距离，无法核查（{f.note}）"


# --- the ledger ---------------------------------------------------------------------------------------

def _key(kind: str, line_id, building_id, works_id, site_id=None) -> tuple:
    def i(v):
        return int(v) if v is not None else None
    return (kind, i(line_id), i(building_id), i(works_id), i(site_id))


def finding_key(f: Finding) -> tuple:
    building = f.feature_id if f.kind in ("occupation", "clearance") else None
    works = f.feature_id if f.kind == "third_party_works" else None
    return _key(f.kind, f.pipeline_id, building, works)


@dataclass(frozen=True)
class Entry:
    """A finding's place in the ledger (new, still open) or an open hazard whose finding is gone."""
    kind: str
    pipeline_id: int | None
    feature_id: int | None
    description: str
    hazard_id: int | None = None        # None: not registered (dry run)
    code: str | None = None
    finding: int | None = None          # index into Run.findings; None for a disappeared hazard
    site_findings: tuple[int, ...] = ()  # buffer checks: indexes into Run.site_findings (finding is None)


@dataclass
class Summary:
    new: list[Entry] = field(default_factory=list)
    still_open: list[Entry] = field(default_factory=list)
    disappeared: list[Entry] = field(default_factory=list)
    areas: int = 0                      # high-consequence findings (listed, not hazards)
    incomplete: int = 0                 # buffer checks that could not be made (参数不全; listed, not hazards)

    def ledger_of(self) -> dict[int, Entry]:
        """Finding index → its entry (new or still open)."""
        return {e.finding: e for e in (*self.new, *self.still_open) if e.finding is not None}

    def site_ledger_of(self) -> dict[int, Entry]:
        """Buffer finding index (Run.site_findings) → its site's entry (new or still open)."""
        return {k: e for e in (*self.new, *self.still_open) for k in e.site_findings}


def _open_hazards(s: Session) -> dict[tuple, Any]:
    rows = s.execute(select(Hazard.id, Hazard.code, Hazard.finding, Hazard.line_id, Hazard.building_id,
                            Hazard.works_id, Hazard.site_id, Hazard.description)
                     .where(Hazard.source.in_(SOURCES), Hazard.finding.is_not(None),
                            Hazard.status.in_(open_states()))
                     .order_by(Hazard.id)).all()
    out: dict[tuple, Any] = {}
    for r in rows:
        site = r.site_id if r.finding in BUFFER_KINDS else None
        out.setdefault(_key(r.finding, r.line_id, r.building_id, r.works_id, site), r)
    return out


def compare(s: Session, run: Run) -> Summary:
    """What recording `run` would do, nothing written: new findings (no hazard yet), findings already open
    in the ledger, and open hazards of this source whose finding is gone."""
    open_now = _open_hazards(s)
    summary = Summary(areas=len(run.findings) - len(run.recorded()),
                      incomplete=sum(f.grade is None for f in run.site_findings))
    seen = set()
    for k in run.recorded():
        f = run.findings[k]
        key = finding_key(f)
        seen.add(key)
        row = open_now.get(key)
        if row is None:
            summary.new.append(Entry(f.kind, f.pipeline_id, f.feature_id, describe(run, f), finding=k))
        else:
            summary.still_open.append(Entry(f.kind, f.pipeline_id, f.feature_id, row.description, row.id, row.code,
                                            finding=k))
    for (kind, site), ks in run.site_groups().items():
        key = _key(kind, None, None, None, site)
        seen.add(key)
        row = open_now.get(key)
        if row is None:
            summary.new.append(Entry(kind, None, site, describe_site(run, ks), site_findings=tuple(ks)))
        else:
            summary.still_open.append(Entry(kind, None, site, row.description, row.id, row.code,
                                            site_findings=tuple(ks)))
    for key, row in open_now.items():
        if key not in seen:
            kind, line, building, works, site = key
            feature = next((v for v in (building, works, site) if v is not None), None)
            summary.disappeared.append(Entry(kind, line, feature, row.description, row.id, row.code))
    return summary


def record(s: Session, run: Run, today: date, operator) -> tuple[Summary, Change]:
    """Register every new finding of `run` as a hazard (in the caller's transaction; never commits).
    `operator` is who records (a name, Person or workflow.Actor). Returns the summary and the change."""
    planned = compare(s, run)
    actor = workflow.resolve_actor(s, operator)
    summary = Summary(still_open=planned.still_open, disappeared=planned.disappeared, areas=planned.areas,
                      incomplete=planned.incomplete)
    for e in planned.new:
        if e.finding is None:
            f = run.site_findings[e.site_findings[0]]
            hazard = workflow.register(
                s, actor=actor, description=e.description, source=BUFFER_SOURCE, found_on=today, site_id=int(f.site_id),
                point=run.site_locations[e.site_findings[0]], grade=f.grade, finding=f.kind)
            summary.new.append(Entry(e.kind, None, e.feature_id, e.description, hazard.id, hazard.code,
                                     site_findings=e.site_findings))
            continue
        f = run.findings[e.finding]
        building, works = finding_key(f)[2:4]
        hazard = workflow.register(
            s, actor=actor, description=e.description, source=SOURCE, found_on=today, line_id=int(f.pipeline_id),
            point=run.locations[e.finding], grade=f.grade, sector=SECTOR, building_id=building, works_id=works,
            finding=f.kind)
        summary.new.append(Entry(e.kind, e.pipeline_id, e.feature_id, e.description, hazard.id, hazard.code,
                                 e.finding))
    ids = [e.hazard_id for e in summary.new]
    change = Change.of("hazards", hazards=ids) if ids else Change(frozenset())
    return summary, change
