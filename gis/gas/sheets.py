"""现场示意图 (map sheet per finding, for the enforcement letter): what each sheet shows, read from the project.

A sheet is one recorded finding (占压, 安全间距不足, 第三方施工) of an analysis on a date: the pipeline and the
feature (geometries in EPSG:4490), the measured distance as a dimension line from the pipe's outer wall to the
feature's nearest point (shapely.shortest_line in the pipeline's Gauss-Krüger zone), and the facts the table
under the map lists (管线名称、压力级制、管径/外径、对象、距离、规定距离、级别、隐患编号、依据、分析日期).
Read only; no Qt. The desktop paints them (desktop.printing.finding_sheet).
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date

import numpy as np
import shapely
from sqlalchemy import select

from gis import vocab
from gis.errors import ValidationError
from gis.gas import findings
from gis.gas.findings import (
    FEATURE_ZH,
    KIND_ZH,
    RECORDED_KINDS,
    Run,
    finding_key,
    metres,
)
from gis.gas.rules import pipeline_params
from gis.geo.crs import STORAGE, measure_crs, transform
from gis.layers import load_layer
from gis.model import Hazard
from gis.store import Project

TITLES = {"occupation": "燃气管线占压现场示意图", "clearance": "燃气管线安全间距不足现场示意图",
          "third_party_works": "第三方施工邻近燃气管线现场示意图"}
THRESHOLD_ZH = {"occupation": "保护范围", "below_minimum": "最小水平净距", "below_reduced": "折减后最小水平净距",
                "alarm": "保护范围", "warning": "控制范围"}
LEVEL_ZH = {"occupation": "占压", "below_minimum": "小于最小水平净距", "below_reduced": "小于折减后最小水平净距"}


@dataclass
class FindingSheet:
    kind: str                       # occupation | clearance | third_party_works
    title: str
    pipeline_id: int
    pipeline_name: str
    class_zh: str
    diameter: str                   # "DN200 / 外径 219.1 mm"
    feature_layer: str              # buildings | works (the map layer the feature is on)
    feature_id: int
    feature_name: str
    distance_m: float               # outer wall to the feature (the finding's)
    threshold_m: float
    threshold_zh: str               # 保护范围 / 最小水平净距 / 控制范围 …
    level_zh: str                   # 占压 / 小于最小水平净距 / 预警 …
    grade_zh: str
    hazard_code: str | None         # None: not in the ledger (a dry run)
    basis: str
    note: str                       # 参数不全… or ""
    on: date
    pipeline: shapely.Geometry      # EPSG:4490
    feature: shapely.Geometry       # EPSG:4490
    dimension: tuple[tuple[float, float], tuple[float, float]]   # (wall point, feature point) lon/lat
    protection_m: float             # range widths beyond the outer wall, each side
    control_m: float
    half_od_m: float

    def facts(self) -> list[tuple[str, str]]:
        """The table under the map: (label, value), in order."""
        d = f"{metres(self.distance_m)} 米（自管道外壁量至{FEATURE_ZH[self.kind]}最近点）"
        return [("管线名称", self.pipeline_name), ("压力级制", self.class_zh), ("管径/外径", self.diameter),
                ("对象", f"{FEATURE_ZH[self.kind]}“{self.feature_name}”"), ("距离", d),
                ("规定距离", f"{self.threshold_zh} {metres(self.threshold_m)} 米"),
                ("级别", f"{self.level_zh}（{self.grade_zh}）" if self.grade_zh else self.level_zh),
                ("隐患编号", self.hazard_code or "未登记"),
                ("依据", self.basis + (f"；{self.note}" if self.note else "")),
                ("分析日期", f"{self.on:%Y-%m-%d}")]

    @property
    def file_stem(self) -> str:
        return f"{KIND_ZH[self.kind]}现场示意图_{self.hazard_code or self.feature_id}_{self.feature_name}"


def _text(v) -> str | None:
    return None if v is None or (isinstance(v, float) and np.isnan(v)) else str(v)


def dimension_line(pipe, feature, half_od_m: float, crs: str):
    """(wall point, feature point) in lon/lat: the shortest line from the pipe's centreline to the feature
    (shapely.shortest_line in `crs`, metres), started at the outer wall. A feature over the pipe (within
    the outer wall) gives the contact point twice."""
    p, f = transform(np.array([pipe, feature], dtype=object), STORAGE, crs)
    line = shapely.shortest_line(p, f)
    (ax, ay), (bx, by) = shapely.get_coordinates(line)
    length = float(np.hypot(bx - ax, by - ay))
    k = min(half_od_m / length, 1.0) if length > 1e-9 else 1.0
    wall = shapely.points(ax + (bx - ax) * k, ay + (by - ay) * k)
    a, b = transform(np.array([wall, shapely.points(bx, by)], dtype=object), crs, STORAGE)
    return (shapely.get_x(a), shapely.get_y(a)), (shapely.get_x(b), shapely.get_y(b))


def finding_sheets(project: Project, on: date, *, kinds=None, hazard_ids=None, run: Run | None = None,
                   ) -> list[FindingSheet]:
    """One sheet per recorded finding of the analysis on `on` (or of `run`), in the analysis' order; `kinds`
    keeps those kinds, `hazard_ids` the findings of those ledger hazards (an id whose finding is not found on
    `on` raises ValidationError naming it)."""
    kinds = tuple(kinds or RECORDED_KINDS)
    for k in kinds:
        if k not in RECORDED_KINDS:
            raise ValidationError(f"现场示意图的类型应为 {'、'.join(RECORDED_KINDS)}，而不是“{k}”",
                                  en=f"The kind of site sketch should be {', '.join(RECORDED_KINDS)}, not \"{k}\"")
    run = run or findings.analyse_project(project, on)
    with project.session() as s:
        ledger = findings.compare(s, run).ledger_of()
        wanted = None
        if hazard_ids is not None:
            rows = s.execute(select(Hazard.id, Hazard.code, Hazard.finding, Hazard.line_id, Hazard.building_id,
                                    Hazard.works_id).where(Hazard.id.in_([int(h) for h in hazard_ids]))).all()
            by_id = {r.id: r for r in rows}
            wanted = {}
            for h in hazard_ids:
                r = by_id.get(int(h))
                if r is None:
                    raise ValidationError(f"找不到编号为 {h} 的隐患", en=f"No hazard has the number {h}")
                if r.finding not in RECORDED_KINDS:
                    raise ValidationError(f"隐患 {r.code or h} 不是管线安全分析发现的，没有现场示意图",
                                          en=f"Hazard {r.code or h} was not found by the pipeline safety analysis "
                                             f"and has no site sketch")
                wanted[findings._key(r.finding, r.line_id, r.building_id, r.works_id)] = r
    picked = []
    for k in run.recorded():
        f = run.findings[k]
        if f.kind not in kinds:
            continue
        if wanted is not None and finding_key(f) not in wanted:
            continue
        picked.append(k)
    if wanted is not None:
        got = {finding_key(run.findings[k]) for k in picked}
        for key, r in wanted.items():
            if key not in got:
                raise ValidationError(f"隐患 {r.code or r.id} 的情形在 {on:%Y-%m-%d} 的分析中已不存在"
                                      "（建筑物或施工范围已变化，或施工不在施工期内），无法出示意图",
                                      en=f"The situation of hazard {r.code or r.id} is no longer in the analysis of "
                                         f"{on:%Y-%m-%d} (the building or the works extent has changed, or the works "
                                         f"are outside their dates), so no sketch can be made")
    if not picked:
        return []
    return _sheets(project, run, picked, ledger)


def _sheets(project: Project, run: Run, picked: list[int], ledger) -> list[FindingSheet]:
    chosen = [run.findings[k] for k in picked]
    pipe_ids = sorted({int(f.pipeline_id) for f in chosen})
    pipes = load_layer(project, findings.PIPELINES, ids=pipe_ids)
    a = pipes.attrs
    params = pipeline_params(run.rules, a["pressure_class"].to_numpy(dtype=object),
                             outside_diameter_mm=a["outside_diameter_mm"].to_numpy(dtype=object),
                             diameter_mm=a["diameter_mm"].to_numpy(dtype=object),
                             material=a["material"].to_numpy(dtype=object))
    row = {int(i): n for n, i in enumerate(pipes.ids)}
    features = {}
    for layer, kinds in (("buildings", ("occupation", "clearance")), ("works", ("third_party_works",))):
        ids = sorted({int(f.feature_id) for f in chosen if f.kind in kinds})
        if ids:
            got = load_layer(project, layer, ids=ids)
            features[layer] = dict(zip((int(i) for i in got.ids), got.geoms, strict=True))
    b = shapely.bounds(pipes.geoms)
    crs = measure_crs((b[:, 0] + b[:, 2]) / 2)
    out = []
    for k, f in zip(picked, chosen, strict=True):
        i = row[int(f.pipeline_id)]
        layer = "works" if f.kind == "third_party_works" else "buildings"
        geom = features[layer][int(f.feature_id)]
        dn = _text(a["diameter_mm"].iloc[i])
        od = float(params.od_mm[i])
        diameter = (f"DN{float(dn):g} / " if dn else "DN 未登记 / ") + f"外径 {metres(od)} mm"
        if "外径" in f.incomplete:
            diameter += "（默认值）"
        entry = ledger.get(k)
        level = run.rules.works_levels[f.level]["zh"] if f.kind == "third_party_works" else LEVEL_ZH[f.level]
        half = float(params.half_od_m[i])
        out.append(FindingSheet(
            kind=f.kind, title=TITLES[f.kind], pipeline_id=int(f.pipeline_id),
            pipeline_name=run.pipeline_names.get(int(f.pipeline_id)) or f"（编号 {f.pipeline_id}）",
            class_zh=run.rules.classes[f.pressure_class].zh + ("（默认值）" if "压力级制" in f.incomplete else ""),
            diameter=diameter, feature_layer=layer, feature_id=int(f.feature_id),
            feature_name=f.feature_name or f"未命名（编号 {f.feature_id}）", distance_m=f.distance_m,
            threshold_m=f.threshold_m, threshold_zh=THRESHOLD_ZH[f.level], level_zh=level,
            grade_zh=vocab.label("hazard_grades", f.grade) if f.grade else "",
            hazard_code=entry.code if entry is not None else None, basis=f.basis, note=f.note, on=run.on,
            pipeline=pipes.geoms[i], feature=geom, dimension=dimension_line(pipes.geoms[i], geom, half, crs),
            protection_m=float(params.protection_m[i]), control_m=float(params.control_m[i]), half_od_m=half))
    return out
