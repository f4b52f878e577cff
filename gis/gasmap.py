"""Gas pipelines (issue 13) on the map and in the identify panel: the pure gis.gas analysis fed from a project.

    gas_ranges / gas_protection / gas_control   derived map layers (保护范围 / 控制范围), one polygon per gas
                                                pipeline, registered with gis.layers on import (change kind
                                                "lines" reloads them)
    gas_location_class                          地区等级 bands (gis.gas.location): one polygon per class 1–4,
                                                200 m each side of the stretches of that class (lines, buildings
                                                and sites reload it)
    gas_hca                                     高后果区 (GB 32167): one polygon per level Ⅰ/Ⅱ/Ⅲ — specified sites
                                                within a pipeline's radius (Ⅰ) and the 三级 (Ⅱ) / 四级 (Ⅲ) bands
    gas_facts                                   one pipeline under the rules: class, outside diameter, range
                                                widths (what was defaulted), the buildings in its protection
                                                range, the works active in its control range, its location
                                                classes and high-consequence levels

Not in gis.layers: the shared core imports no domain (pyproject's import contracts).
"""
from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

import numpy as np
import pandas as pd
import shapely
from sqlalchemy import Engine
from sqlalchemy.orm import Session

from gis import layers, vocab
from gis.gas.analysis import (
    Analysis,
    Features,
    Pipelines,
    high_consequence_areas,
    reach_m,
)
from gis.gas.location import (
    CLASS_ZH,
    LocationClasses,
    hca_location_from,
    hca_location_rows,
    joined,
    location_classes,
    location_rules,
)
from gis.gas.rules import (
    MISSING_CLASS,
    MISSING_DIAMETER,
    GasRules,
    load_rules,
    pipeline_params,
)
from gis.layers import Layer, LayerDef, load_layer
from gis.store import Project

DEGREE_M = 55_000.0   # metres per degree, generously low (as gis.spatial.within_distance): boxes only widen


# the gas pipelines with every column the gas rules read (the map's pipelines layer shows fewer)
GAS_PIPES = LayerDef("gas_pipes", "line_asset", ("name", "operator", "pressure_class", "material", "diameter_mm",
                                                 "outside_diameter_mm"), "kind = 'gas_pipeline'")
# the pipeline's own columns (its identify rows), then the rules' figures: class used, width, outside diameter
# and what was defaulted
RANGE_COLUMNS = ("name", "operator", "pressure_class", "material", "diameter_mm", "class_used", "width_m", "od_mm",
                 "defaulted")


def gas_pipelines(layer: Layer, rules: GasRules) -> Pipelines:
    """A GAS_PIPES layer as the gas analysis' input (parameters with the rules' defaults)."""
    a = layer.attrs
    params = pipeline_params(rules, a["pressure_class"].to_numpy(dtype=object),
                             a["outside_diameter_mm"].to_numpy(dtype=object), a["diameter_mm"].to_numpy(dtype=object),
                             a["material"].to_numpy(dtype=object))
    return Pipelines(layer.geoms, layer.ids, params, names=a["name"].to_numpy(dtype=object))


def gas_ranges(which: str, source: Project | Engine, box=None) -> Layer:
    """The protection or control range (gis.gas.analysis: buffer OD/2 + the class's width, measured in the
    pipelines' Gauss-Krüger zone) of every gas pipeline, one polygon per pipeline with the pipeline's id;
    with `box`, of the pipelines the spatial index finds there (their whole ranges)."""
    name = f"gas_{which}"
    pipes = load_layer(source, GAS_PIPES, box=box)
    if not len(pipes):
        return Layer(name, pipes.ids, pipes.geoms, pd.DataFrame(columns=list(RANGE_COLUMNS)))
    rules = load_rules()
    p = gas_pipelines(pipes, rules)
    polys = Analysis(rules, p).range_polygons(which)
    width = p.params.protection_m if which == "protection" else p.params.control_m
    attrs = pipes.attrs[list(RANGE_COLUMNS[:5])].assign(
        class_used=pd.Categorical(p.params.class_key), width_m=width, od_mm=p.params.od_mm,
        defaulted=["、".join(m) for m in p.params.missing])
    return Layer(name, pipes.ids, np.asarray(polys, dtype=object), attrs)


def gas_protection(source: Project | Engine, box=None) -> Layer:
    return gas_ranges("protection", source, box)


def gas_control(source: Project | Engine, box=None) -> Layer:
    return gas_ranges("control", source, box)


layers.register_derived("gas_protection", gas_protection, {"lines"})
layers.register_derived("gas_control", gas_control, {"lines"})


# --- location class and high-consequence areas -----------------------------------------------------------

AREA_KINDS = {"lines", "buildings", "sites"}
BUILDING_UNITS = LayerDef("gas_building_storeys", "building", ("storeys", "use"))
AREA_SITES = LayerDef("gas_area_sites", "site", ("name", "category"))
LOCATION_COLUMNS = ("class", "class_zh", "length_km", "pipelines", "basis")
HCA_COLUMNS = ("level", "level_zh", "pipelines", "basis")
LEVEL_IDS = {"Ⅰ": 1, "Ⅱ": 2, "Ⅲ": 3}
LOCATION_ZH = [f"{zh}地区" for zh in CLASS_ZH.values()]       # the styles' categories (legend labels)
HCA_ZH = [f"{lv}级高后果区" for lv in LEVEL_IDS]


def _dwellings(engine, b: Layer, lr) -> np.ndarray:
    """Dwellings of the buildings of layer `b` (gis.gas.location.dwellings): the recorded units are read only
    for the rows whose attributes mention the rules' attribute."""
    from sqlalchemy import String, cast, select

    from gis.gas.location import dwellings
    from gis.model import Building

    n = len(b)
    attributes = None
    if lr.units_attribute is not None and n:
        with Session(engine) as s:
            rows = dict(s.execute(select(Building.id, Building.attributes)
                                  .where(cast(Building.attributes, String).like(f'%"{lr.units_attribute}"%'))).all())
        if rows:
            attributes = [rows.get(int(i)) for i in b.ids]
    if not n:
        return np.ones(0)
    return dwellings(lr, n, attributes=attributes, storeys=b.attrs["storeys"].to_numpy(dtype=object),
                     uses=b.attrs["use"].to_numpy(dtype=object))


@dataclass
class Areas:
    """The pipelines' location classes and high-consequence areas, computed together (one load)."""
    pipes: Layer
    location: LocationClasses
    hca: dict[str, shapely.Geometry]              # level → area (EPSG:4490)
    hca_pipelines: dict[str, set[int]]            # level → pipeline ids
    hca_sources: dict[str, list[str]]             # level → what made it (row basis)


def _around(engine, name: str | LayerDef, geoms: np.ndarray, metres: float) -> Layer:
    if not len(geoms):
        return load_layer(engine, name, ids=[])
    x0, y0, x1, y1 = shapely.total_bounds(geoms)
    d = metres / DEGREE_M
    return load_layer(engine, name, box=(x0 - d, y0 - d, x1 + d, y1 + d))


def gas_areas(source: Project | Engine, box=None, ids=None, rules: GasRules | None = None, *,
              pipes: Layer | None = None, geometry: bool = True, bands: bool = True) -> Areas:
    """Location classes and high-consequence areas of the gas pipelines (all, those in `box`, or `ids`, or
    the GAS_PIPES layer `pipes`), from the buildings and sites around them (loaded through the spatial
    index). `geometry=False`: the classes and which pipelines have which levels, without dissolving the
    bands and areas (Areas.hca and LocationClasses.bands empty); `bands=False`: the areas without the
    location-class bands."""
    engine = source.engine if isinstance(source, Project) else source
    rules = rules or load_rules()
    lr = location_rules(rules)
    if pipes is None:
        pipes = load_layer(engine, GAS_PIPES, box=box, ids=ids)
    pipelines = gas_pipelines(pipes, rules)
    b = _around(engine, BUILDING_UNITS, pipes.geoms, lr.half_width_m)
    hca_reach = float(np.nanmax(reach_m(rules, pipelines.params)["sites"], initial=0.0)) if len(pipes) else 0.0
    st = _around(engine, AREA_SITES, pipes.geoms, max(lr.assembly_m, hca_reach))
    cats = st.attrs["category"].to_numpy(dtype=object) if len(st) else np.array([], dtype=object)
    loc = location_classes(rules, pipes.geoms, b.geoms,
                           storeys=b.attrs["storeys"].to_numpy(dtype=object) if len(b) else None,
                           units=_dwellings(engine, b, lr), sites=st.geoms, site_categories=cats,
                           lrules=lr, bands=geometry and bands)
    hca: dict[str, list] = {}
    hca_pipes: dict[str, set[int]] = {}
    sources: dict[str, list[str]] = {}
    if len(pipes):
        a = Analysis(rules, pipelines, sites=Features(st.geoms, st.ids, st.attrs["name"].to_numpy(dtype=object)
                                                      if len(st) else None, category=cats))
        found = a.high_consequence_findings()
        for f in found:
            hca_pipes.setdefault(f.level, set()).add(int(f.pipeline_id))
            basis = str(a.hca_basis[f.pipeline_index])         # the row's basis, without the site's label
            if basis not in sources.setdefault(f.level, []):
                sources[f.level].append(basis)
        for i, area in (high_consequence_areas(found) if geometry else {}).items():
            level = a.hca_level[i]
            hca.setdefault(level, []).append(area)
    transmission = pipelines.params.rank >= hca_location_from(rules)     # the pipelines rows a/b apply to
    for cls, (level, basis) in hca_location_rows(rules).items():
        m = (loc.stretch_class == cls) & transmission[loc.stretch_pipeline]
        if m.any():
            if geometry:
                hca.setdefault(level, []).append(_band(loc.stretch_geoms[m], lr.half_width_m))
            hca_pipes.setdefault(level, set()).update(int(pipes.ids[i]) for i in loc.stretch_pipeline[m])
            sources.setdefault(level, []).append(basis)
    return Areas(pipes, loc, {lv: shapely.union_all(g) for lv, g in hca.items()}, hca_pipes, sources)


def _band(stretches: np.ndarray, metres: float) -> shapely.Geometry:
    """The band `metres` each side of lon/lat stretches (measured in their Gauss-Krüger zone), dissolved."""
    from gis.geo.crs import STORAGE, measure_crs, transform

    b = shapely.bounds(stretches)
    crs = measure_crs((b[:, 0] + b[:, 2]) / 2)
    return transform(shapely.union_all(shapely.buffer(transform(stretches, STORAGE, crs), metres)), crs, STORAGE)


def gas_location_class(source: Project | Engine, box=None) -> Layer:
    """The location-class bands (地区等级), one polygon per class present, id = the class (1–4)."""
    areas = gas_areas(source, box)
    loc = areas.location
    classes = sorted(loc.bands)
    basis = location_rules(load_rules()).basis
    attrs = pd.DataFrame({
        "class": classes,
        "class_zh": pd.Categorical([f"{CLASS_ZH[c]}地区" for c in classes], categories=LOCATION_ZH),
        "length_km": [round(float(loc.stretch_length_m[loc.stretch_class == c].sum()) / 1000, 3) for c in classes],
        "pipelines": [len(set(loc.stretch_pipeline[loc.stretch_class == c].tolist())) for c in classes],
        "basis": [basis] * len(classes)}, columns=list(LOCATION_COLUMNS))
    return Layer("gas_location_class", np.array(classes, dtype=np.int64),
                 np.array([loc.bands[c] for c in classes], dtype=object), attrs)


def gas_hca(source: Project | Engine, box=None) -> Layer:
    """The high-consequence areas, one polygon per level present (id 1–3 for Ⅰ–Ⅲ, drawn in that order).
    Levels may overlap (a school's area inside a 三级 band is both Ⅰ and Ⅱ): each level keeps its whole area."""
    areas = gas_areas(source, box, bands=False)
    levels = [lv for lv in sorted(areas.hca, key=LEVEL_IDS.get) if not areas.hca[lv].is_empty]
    geoms = areas.hca
    attrs = pd.DataFrame({"level": pd.Categorical(levels, categories=list(LEVEL_IDS)),
                          "level_zh": pd.Categorical([f"{lv}级高后果区" for lv in levels], categories=HCA_ZH),
                          "pipelines": [len(areas.hca_pipelines[lv]) for lv in levels],
                          "basis": ["；".join(areas.hca_sources[lv]) for lv in levels]}, columns=list(HCA_COLUMNS))
    return Layer("gas_hca", np.array([LEVEL_IDS[lv] for lv in levels], dtype=np.int64),
                 np.array([geoms[lv] for lv in levels], dtype=object), attrs)


layers.register_derived("gas_location_class", gas_location_class, AREA_KINDS, on_demand=True)
layers.register_derived("gas_hca", gas_hca, AREA_KINDS, on_demand=True)


@dataclass
class GasFacts:
    """One gas pipeline as the gas rules see it (gis.gas.rules.pipeline_params, gis.gas.analysis)."""
    pressure_class: str              # class key used (the rules' default where missing or unknown)
    class_zh: str                    # its Chinese name (中压A)
    diameter_mm: float | None        # DN as recorded
    od_mm: float                     # outside diameter used (recorded, from DN, or the default)
    material: str | None
    operator: str | None
    protection_m: float              # range widths beyond the outer wall, each side
    control_m: float
    defaulted: tuple[str, ...]       # values taken from the rules' defaults: 压力级制, 外径
    range_basis: str
    # (name, distance from the outer wall in metres), nearest first
    buildings: list[tuple[str, float]] = field(default_factory=list)
    # (name, distance from the outer wall, level, its Chinese name): alarm = in the protection range (报警),
    # warning = in the control range (预警)
    works: list[tuple[str, float, str, str]] = field(default_factory=list)
    # 地区等级 along the pipeline: class (1–4) → metres of pipeline in it (gis.gas.location)
    location_classes: dict[int, float] = field(default_factory=dict)
    # 高后果区 levels the pipeline has (Ⅰ/Ⅱ/Ⅲ, lowest first); empty when it passes through none
    hca_levels: tuple[str, ...] = ()

    @property
    def location_text(self) -> str:
        """"二级 1.2 公里、三级 0.4 公里" (worst class last)."""
        return "、".join(f"{CLASS_ZH[c]} {m / 1000:.1f} 公里" for c, m in self.location_classes.items())

    def location_text_in(self, lang: str = "zh") -> str:
        """`location_text` in `lang`: "Class 2 1.2 km, Class 3 0.4 km" in English."""
        if lang != "en":
            return self.location_text
        return ", ".join(f"Class {c} {m / 1000:.1f} km" for c, m in self.location_classes.items())

    def class_name(self, lang: str = "zh") -> str:
        """The pressure class used (中压A / Medium pressure A)."""
        return vocab.label("pressure_classes", self.pressure_class, lang) if lang == "en" else self.class_zh

    @property
    def class_defaulted(self) -> bool:
        return MISSING_CLASS in self.defaulted

    @property
    def od_defaulted(self) -> bool:
        return MISSING_DIAMETER in self.defaulted


def _name(features: Features, j: int) -> str:
    return features.name(j) or f"#{features.ids[j]}"


def gas_facts(s: Session, fid: int, on: date | None = None) -> GasFacts | None:
    """Gas pipeline `fid` under the gas rules, with the buildings in its protection range and the works
    active on `on` (default today) in its control range, its location classes and high-consequence levels;
    None if it is not a gas pipeline with a geometry. Reads only the buildings and works the spatial index
    finds within the rules' reach of the pipeline, and for the classes the pipelines within a window's length
    of it (they may join it end to end) with the buildings and sites around them."""
    engine = s.get_bind()
    pipe = load_layer(engine, GAS_PIPES, ids=[fid])
    if not len(pipe):
        return None
    rules = load_rules()
    pipelines = gas_pipelines(pipe, rules)
    p = pipelines.params
    reach = reach_m(rules, p)
    x0, y0, x1, y1 = shapely.bounds(pipe.geoms[0])

    def around(name: str) -> Layer:
        d = float(reach[name][0]) / DEGREE_M
        return load_layer(engine, name, box=(x0 - d, y0 - d, x1 + d, y1 + d))

    b, w = around("buildings"), around("works")
    wa = w.attrs
    buildings = Features(b.geoms, b.ids, b.attrs["name"].to_numpy(dtype=object))
    works = Features(w.geoms, w.ids, wa["name"].to_numpy(dtype=object), start=wa["start_on"].to_numpy(dtype=object),
                     end=wa["end_on"].to_numpy(dtype=object), status=wa["status"].to_numpy(dtype=object))
    a = Analysis(rules, pipelines, buildings=buildings, works=works)
    inside = sorted((x for x in a.buildings_findings() if x.kind == "occupation"), key=lambda x: x.distance_m)
    active = sorted(a.works_findings(on or date.today()), key=lambda x: x.distance_m)
    # with the pipelines joined to it end to end (windows run along them), found within a window's length
    lr = location_rules(rules)
    d = lr.window_m / DEGREE_M
    near = load_layer(engine, GAS_PIPES, box=(x0 - d, y0 - d, x1 + d, y1 + d))
    rows = joined(near.geoms, int(np.flatnonzero(near.ids == fid)[0]), lr)
    route = Layer(near.name, near.ids[rows], near.geoms[rows], near.attrs.iloc[rows].reset_index(drop=True))
    areas = gas_areas(engine, rules=rules, pipes=route, geometry=False)
    row = int(np.flatnonzero(areas.pipes.ids == fid)[0])
    attrs = pipe.attrs.iloc[0]
    cls = rules.classes[str(p.class_key[0])]
    return GasFacts(
        pressure_class=cls.key, class_zh=cls.zh, diameter_mm=_number(attrs["diameter_mm"]), od_mm=float(p.od_mm[0]),
        material=_str(attrs["material"]), operator=_str(attrs["operator"]), protection_m=float(p.protection_m[0]),
        control_m=float(p.control_m[0]), defaulted=tuple(p.missing[0]), range_basis=cls.range_basis,
        buildings=[(_name(buildings, x.feature_index), x.distance_m) for x in inside],
        works=[(_name(works, x.feature_index), x.distance_m, x.level, rules.works_levels[x.level]["zh"])
               for x in active],
        location_classes=areas.location.classes_of(row),
        hca_levels=tuple(lv for lv in sorted(areas.hca_pipelines, key=LEVEL_IDS.get) if fid in areas.hca_pipelines[lv]))


def works_level_label(level: str, rules: GasRules | None = None, lang: str = "zh") -> str:
    """A works finding's level (alarm 报警 / warning 预警) in `lang`."""
    return vocab.text((rules or load_rules()).works_levels.get(level), lang) or level


def _number(v) -> float | None:
    return None if v is None or (isinstance(v, float) and np.isnan(v)) else float(v)


def _str(v) -> str | None:
    return None if v is None or (isinstance(v, float) and np.isnan(v)) else str(v)
