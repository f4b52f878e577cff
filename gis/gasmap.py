"""Gas pipelines (issue 13) on the map and in the identify panel: the pure gis.gas analysis fed from a project.

    gas_ranges / gas_protection / gas_control   derived map layers (保护范围 / 控制范围), one polygon per gas
                                                pipeline, registered with gis.layers on import (change kind
                                                "lines" reloads them)
    gas_facts                                   one pipeline under the rules: class, outside diameter, range
                                                widths (what was defaulted), the buildings in its protection
                                                range and the works active in its control range

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

from gis import layers
from gis.gas.analysis import Analysis, Features, Pipelines, reach_m
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
    active on `on` (default today) in its control range; None if it is not a gas pipeline with a geometry.
    Reads only the buildings and works the spatial index finds within the rules' reach of the pipeline."""
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
    attrs = pipe.attrs.iloc[0]
    cls = rules.classes[str(p.class_key[0])]
    return GasFacts(
        pressure_class=cls.key, class_zh=cls.zh, diameter_mm=_number(attrs["diameter_mm"]), od_mm=float(p.od_mm[0]),
        material=_str(attrs["material"]), operator=_str(attrs["operator"]), protection_m=float(p.protection_m[0]),
        control_m=float(p.control_m[0]), defaulted=tuple(p.missing[0]), range_basis=cls.range_basis,
        buildings=[(_name(buildings, x.feature_index), x.distance_m) for x in inside],
        works=[(_name(works, x.feature_index), x.distance_m, x.level, rules.works_levels[x.level]["zh"])
               for x in active])


def _number(v) -> float | None:
    return None if v is None or (isinstance(v, float) and np.isnan(v)) else float(v)


def _str(v) -> str | None:
    return None if v is None or (isinstance(v, float) and np.isnan(v)) else str(v)
