"""The topology check of a project and its fixes (issue 15): the database side of gis.topology.

    result = run(project, feedback=None)                  # gis.topology.Result
    actions(finding)                                      # the fixes that apply: ["close_gap"], …
    change = fix(project, finding, "close_gap")           # one transaction → gis.changes.Change

Layers are read with gis.layers.load_layer (one query each): villages, grids, sites, gas pipelines and roads
(line_asset kinds road and fire_road: the road network). Grid and site codes are UNIQUE in the
schema, so duplicate codes are found among pipelines and roads (line_asset.code is free) — and among grids
and sites only in a project whose constraint was lost outside gridsafe.

Fixes re-read the features in their transaction and recompute what they change from the data as it is
(never from the finding's stored geometry, which a later edit may have made stale):
- `close_gap`: the gap (the part of the village its grids leave uncovered at the finding's place) is united
  into the village's grid sharing the longest border with it;
- `remove_overlap`: the overlap is subtracted from the grid of which it is the smaller share of its own area
  (the grid whose shape changes least), the later grid (higher id) when the shares are equal;
- `clip_to_village`: the grid loses its part outside its village;
- `repair`: shapely.make_valid keeping the polygonal parts (grids and villages).
A fix writes the grid's geometry through the ORM (gis.model.geometry encodes it for the backend: GeoPackage
binary or PostGIS EWKB; the R-tree/GiST follow) and gives the sites the changed grids held or may now cover
their grid again (gis.reconcile.sites_touched_by + gis.repo.assign_site_grids) in the same transaction;
the geometry_edit log the triggers fill makes gis.reconcile redo the same later, to the same answer.
"""
from __future__ import annotations

import time

import numpy as np
import shapely
from sqlalchemy import select
from sqlalchemy.orm import Session

from gis import topology as topo
from gis.changes import Change
from gis.errors import ValidationError
from gis.feedback import Feedback, ensure
from gis.layers import LAYERS, LayerDef, load_layer
from gis.model import AdminUnit, Grid
from gis.store import Project

VILLAGES = LayerDef("topology_villages", "admin_unit", ("code", "name"), "level = 'village'")
GRIDS = LayerDef("topology_grids", "grid", ("code", "name", "village_id", "kind"))
SITES = LayerDef("topology_sites", "site", ("code", "name"))
LINES = {"pipelines": LayerDef("topology_pipelines", "line_asset", ("code", "name"), LAYERS["pipelines"].where),
         # the road network: roads and fire roads (a 危险路段 is a stretch marked on a road, not a link of its own)
         "roads": LayerDef("topology_roads", "line_asset", ("code", "name"), "kind IN ('road', 'fire_road')")}

ACTIONS = topo.ACTIONS
ACTIONS_EN = {"close_gap": "Merge into the neighbouring grid", "remove_overlap": "Remove the overlap",
              "clip_to_village": "Clip to the village boundary", "repair": "Repair the geometry"}
actions = topo.actions


def _features(layer, *, parents: bool = False, kinds: bool = False) -> topo.Features:
    a = layer.attrs
    col = (lambda c: np.asarray(a[c], dtype=object)) if len(layer) else (lambda c: np.array([], dtype=object))
    return topo.Features(layer.ids, layer.geoms, codes=col("code"), names=col("name"),
                         parents=np.asarray([-1 if v is None else int(v) for v in col("village_id")], dtype=np.int64)
                         if parents else None,
                         kinds=col("kind") if kinds else None)


def load(project: Project) -> topo.Topology:
    """The project's villages, grids, sites, pipelines and roads as arrays."""
    return topo.Topology(
        villages=_features(load_layer(project, VILLAGES)),
        grids=_features(load_layer(project, GRIDS), parents=True, kinds=True),
        sites=_features(load_layer(project, SITES)),
        lines={name: _features(load_layer(project, d)) for name, d in LINES.items()})


def run(project: Project, options: topo.Options | None = None, feedback: Feedback | None = None) -> topo.Result:
    """Load the layers and run every check (progress: loading first, then one step per check)."""
    fb = ensure(feedback)
    fb.progress(0.0, fb.say("正在读取图层…", "Reading layers…"))
    t = time.perf_counter()
    data = load(project)
    loaded = time.perf_counter() - t
    fb.check()

    def step(name: str, done: int, total: int) -> None:
        fb.progress(0.1 + 0.9 * done / total,
                    fb.say(f"正在检查：{topo.KIND_ZH[name]}…", f"Checking: {topo.KIND_EN[name]}…"))
        fb.check()

    result = topo.check(data, options, step)
    result.timings = {"load": loaded, **result.timings}
    return result


class TopologyFix:
    """One fix as an undoable edit (gis.editing's Command protocol: do/undo, each one transaction): the new
    geometry is worked out inside the transaction from the data as it is then (a stale finding is refused), and
    written by gis.editing.SetGeometry — which re-grids the sites and, on undo, restores the geometry bytes (refused
    when someone changed them since)."""

    def __init__(self, finding: topo.Finding, action: str) -> None:
        if action not in actions(finding):
            raise ValidationError(f"“{ACTIONS.get(action, action)}”不适用于此问题：{finding.message}",
                                  en=f"The fix \"{ACTIONS_EN.get(action, action)}\" does not apply to this problem "
                                     f"({finding.label or finding.kind})")
        self.finding, self.action = finding, action
        self.text = f"{ACTIONS[action]}：{finding.label or finding.message}"
        self.write = None

    def apply(self, s: Session) -> Change:
        from gis.editing import SetGeometry

        table, geoms = PLANS[self.action](s, self.finding)
        if not geoms:
            return Change.of(KIND[table], **{KIND[table]: []})
        self.write = SetGeometry(table, geoms, self.text)
        return self.write.apply(s)

    def revert(self, s: Session) -> Change:
        return self.write.revert(s) if self.write is not None else Change.of()

    def do(self, project: Project) -> Change:
        return project.write(self.apply)

    def undo(self, project: Project) -> Change:
        return project.write(self.revert)


KIND = {"grid": "grids", "admin_unit": "admin"}


def fix(project: Project, finding: topo.Finding, action: str) -> Change:
    """Apply one fix in one transaction (not on an undo stack: the window runs TopologyFix on its stack); the Change
    names the grids (or village) and the sites whose grid changed."""
    return TopologyFix(finding, action).do(project)


def _grid(s: Session, grid_id: int) -> Grid:
    g = s.get(Grid, int(grid_id))
    if g is None or g.geom is None:
        raise ValidationError(f"网格 #{grid_id} 已不存在或没有范围，请重新检查",
                              en=f"Grid #{grid_id} no longer exists or has no boundary; check again")
    return g


def _one(geom, what: str, what_en: str):
    """A valid non-empty polygonal geometry, or a Chinese refusal."""
    g = topo.polygonal(geom)[0]
    if g.is_empty or not g.is_valid:
        raise ValidationError(f"{what}：结果为空或无效，未修改",
                              en=f"{what_en}: the result is empty or invalid; nothing was changed")
    return g


def _close_gap(s: Session, finding: topo.Finding) -> tuple[str, dict]:
    village = s.get(AdminUnit, int(finding.id))
    if village is None or village.geom is None:
        raise ValidationError(f"村（社区） #{finding.id} 已不存在，请重新检查",
                              en=f"Village (community) #{finding.id} no longer exists; check again")
    grids = list(s.scalars(select(Grid).where(Grid.village_id == village.id, Grid.geom.is_not(None))
                           .order_by(Grid.id)))
    geoms = topo.repaired(np.array([g.geom for g in grids], dtype=object))
    rest = topo.polygonal(shapely.difference(topo.repaired(np.array([village.geom], dtype=object))[0],
                                             shapely.union_all(geoms)))[0]
    parts = shapely.get_parts(rest)
    here = shapely.point_on_surface(finding.geometry)
    hit = [p for p in parts if p.distance(here) < 1e-9]
    if not hit:
        raise ValidationError(f"“{village.name}”此处的空隙已不存在，请重新检查",
                              en=f"The gap of \"{village.name}\" here no longer exists; check again")
    gap = hit[0]
    m = topo.Measure(geoms)
    target = topo.neighbours(np.array([gap], dtype=object), geoms, m)[0]
    if target < 0:
        raise ValidationError(f"“{village.name}”的空隙没有相邻网格，无法并入",
                              en=f"The gap of \"{village.name}\" has no neighbouring grid; it cannot be merged into "
                                 "one")
    grid = grids[target]
    return "grid", {grid.id: _one(shapely.union(geoms[target], gap), f"网格“{grid.name}”并入空隙",
                                      f'Merging the gap into grid "{grid.name}"')}


def loser(areas: tuple[float, float], ids: tuple[int, int], overlap_m2: float) -> int:
    """Which of two overlapping grids gives up the overlap: the one of which it is the smaller share of its
    area; on equal shares the later one (higher id). Returns 0 or 1."""
    share = [overlap_m2 / a if a > 0 else np.inf for a in areas]
    if np.isclose(share[0], share[1], rtol=1e-9):
        return 0 if ids[0] > ids[1] else 1
    return 0 if share[0] < share[1] else 1


def _remove_overlap(s: Session, finding: topo.Finding) -> tuple[str, dict]:
    a, b = _grid(s, finding.id), _grid(s, finding.other_id)
    ga, gb = topo.repaired(np.array([a.geom, b.geom], dtype=object))
    inter = topo.polygonal(shapely.intersection(ga, gb))[0]
    m = topo.Measure([ga, gb])
    area = float(m.area([inter])[0])
    if area <= 0:
        raise ValidationError(f"网格“{a.name}”与“{b.name}”已不再重叠，请重新检查",
                              en=f"Grids \"{a.name}\" and \"{b.name}\" no longer overlap; check again")
    k = loser(tuple(m.area([ga, gb]).tolist()), (a.id, b.id), area)
    grid, keep = ((a, ga), (b, gb))[k], (gb, ga)[k]
    return "grid", {grid[0].id: _one(shapely.difference(grid[1], keep), f"网格“{grid[0].name}”消除重叠",
                                         f'Removing the overlap from grid "{grid[0].name}"')}


def _clip_to_village(s: Session, finding: topo.Finding) -> tuple[str, dict]:
    grid = _grid(s, finding.id)
    village = s.get(AdminUnit, grid.village_id)
    if village is None or village.geom is None:
        raise ValidationError(f"网格“{grid.name}”所属村（社区）没有范围，无法裁剪",
                              en=f"The village (community) of grid \"{grid.name}\" has no boundary; the grid cannot "
                                 "be clipped")
    g, v = topo.repaired(np.array([grid.geom, village.geom], dtype=object))
    return "grid", {grid.id: _one(shapely.intersection(g, v), f"网格“{grid.name}”裁剪到村界",
                                      f'Clipping grid "{grid.name}" to the village boundary')}


def _repair(s: Session, finding: topo.Finding) -> tuple[str, dict]:
    if finding.layer == "villages":
        unit = s.get(AdminUnit, int(finding.id))
        if unit is None or unit.geom is None:
            raise ValidationError(f"村（社区） #{finding.id} 已不存在，请重新检查",
                                  en=f"Village (community) #{finding.id} no longer exists; check again")
        if unit.geom.is_valid:
            return "admin_unit", {}
        return "admin_unit", {unit.id: _one(shapely.make_valid(unit.geom), f"“{unit.name}”修复几何",
                                            f'Repairing the geometry of "{unit.name}"')}
    grid = _grid(s, finding.id)
    if grid.geom.is_valid:
        return "grid", {}
    return "grid", {grid.id: _one(shapely.make_valid(grid.geom), f"网格“{grid.name}”修复几何",
                                      f'Repairing the geometry of grid "{grid.name}"')}


PLANS = {"close_gap": _close_gap, "remove_overlap": _remove_overlap, "clip_to_village": _clip_to_village,
         "repair": _repair}
