"""Map layers held in memory as arrays: ids, shapely geometries, attribute columns and an STRtree.

Rendering, identify and spatial joins all work on these arrays (vectorised shapely/numpy), never
on ORM objects. Layer definitions are data: which table, which rows, which attribute columns.
"""
from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np
import pandas as pd
import shapely
from sqlalchemy import Engine

from gis import spatial
from gis.model.geometry import decode, wkb_sql
from gis.store import Project


@dataclass(frozen=True)
class LayerDef:
    name: str
    table: str
    columns: tuple[str, ...]
    where: str = ""
    geom: str = "geom"  # SQL for the geometry; hazards fall back to their site's location
    joins: str = ""
    indexed: tuple[str, ...] = ()  # tables whose spatial index finds the rows in a box (default: table)

    def sql(self, ids=None, box=None, dialect: str = "sqlite") -> str:
        """The layer's query; with `ids`, only those rows (the ones of them the layer shows); with `box`
        (minx, miny, maxx, maxy), only rows the spatial index finds there."""
        cols = ", ".join((f"{self.table}.id", wkb_sql(dialect, self.geom))
                         + tuple(f"{self.table}.{c}" for c in self.columns))
        where = f"({self.geom}) IS NOT NULL" + (f" AND {self.where}" if self.where else "")
        if ids is not None:
            where += f" AND {self.table}.id IN ({', '.join(str(int(i)) for i in ids) or 'NULL'})"
        select = f"SELECT {cols} FROM {self.table} {self.joins} WHERE {where}"
        if box is None:
            return f"{select} ORDER BY {self.table}.id"
        # one query per spatial index, united: an OR across two tables' indexes is answered by no index
        # (PostgreSQL then reads every hazard and every site of the province)
        return " UNION ".join(f"{select} AND {spatial.in_box(dialect, t, box)}"
                              for t in self.indexed or (self.table,)) + " ORDER BY 1"


LAYERS: dict[str, LayerDef] = {d.name: d for d in (
    LayerDef("townships", "admin_unit", ("code", "name", "kind"), "level = 'township'"),
    LayerDef("villages", "admin_unit", ("code", "name", "kind", "parent_id"), "level = 'village'"),
    LayerDef("grids", "grid", ("code", "name", "kind", "village_id")),
    LayerDef("sites", "site", ("name", "category", "sector", "status", "risk_level", "address", "grid_id")),
    LayerDef("pipelines", "line_asset", ("name", "operator", "pressure_class", "material", "diameter_mm"),
             "kind = 'gas_pipeline'"),
    LayerDef("roads", "line_asset", ("name", "kind"), "kind IN ('road', 'hazardous_road')"),
    LayerDef("fire_lines", "line_asset", ("name", "kind"), "kind IN ('fire_road', 'firebreak', 'forest_power_line')"),
    LayerDef("zones", "zone", ("name", "kind", "level")),
    LayerDef("buildings", "building", ("name", "storeys", "use", "address")),
    LayerDef("works", "third_party_works", ("name", "party", "status", "start_on", "end_on", "supervisor",
                                            "permit_no")),
    LayerDef("hazards", "hazard", ("status", "grade", "sector", "deadline", "site_id", "grid_id",
                                    "supervision_level"), "hazard.status <> 'closed'",
             geom="COALESCE(hazard.geom, site.geom)", joins="LEFT JOIN site ON site.id = hazard.site_id",
             indexed=("hazard", "site")),
    LayerDef("tipoffs", "tipoff", ("code", "status", "channel", "received_at", "address"),
             "tipoff.status <> 'closed'"),
)}


@dataclass
class Layer:
    name: str
    ids: np.ndarray
    geoms: np.ndarray
    attrs: pd.DataFrame
    _tree: shapely.STRtree | None = field(default=None, repr=False)

    def __len__(self) -> int:
        return len(self.ids)

    @property
    def tree(self) -> shapely.STRtree:
        if self._tree is None:
            self._tree = shapely.STRtree(self.geoms)
        return self._tree

    @property
    def bounds(self) -> tuple[float, float, float, float] | None:
        if len(self) == 0:
            return None
        b = shapely.bounds(self.geoms)
        return (float(np.nanmin(b[:, 0])), float(np.nanmin(b[:, 1])),
                float(np.nanmax(b[:, 2])), float(np.nanmax(b[:, 3])))

    def query_box(self, minx: float, miny: float, maxx: float, maxy: float) -> np.ndarray:
        """Indices of features whose extent meets the box."""
        return self.tree.query(shapely.box(minx, miny, maxx, maxy))

    def at(self, x: float, y: float, tolerance: float = 0.0) -> np.ndarray:
        """Indices of features within `tolerance` (degrees) of the point, nearest first."""
        p = shapely.Point(x, y)
        idx = self.tree.query(p, predicate="dwithin", distance=tolerance) if tolerance else \
            self.tree.query(p, predicate="intersects")
        if len(idx) > 1:
            idx = idx[np.argsort(shapely.distance(self.geoms[idx], p), kind="stable")]
        return idx


def load_layer(source: Project | Engine, layer: str | LayerDef, ids=None, box=None) -> Layer:
    """A layer's features; with `ids`, only those of them the layer shows (see patch_layer); with `box`,
    only those the spatial index finds in it."""
    d = LAYERS[layer] if isinstance(layer, str) else layer
    name = d.name
    engine = source.engine if isinstance(source, Project) else source
    with engine.connect() as conn:
        rows = conn.exec_driver_sql(d.sql(ids, box, conn.dialect.name)).fetchall()
    if not rows:
        return Layer(name, np.array([], dtype=np.int64), np.array([], dtype=object),
                     pd.DataFrame(columns=list(d.columns)))
    columns = list(zip(*rows, strict=True))
    ids = np.fromiter(columns[0], dtype=np.int64, count=len(rows))
    geoms = decode(columns[1])
    attrs = pd.DataFrame({c: columns[i + 2] for i, c in enumerate(d.columns)})
    for c in d.columns:
        if attrs[c].dtype == object:
            attrs[c] = attrs[c].astype("category") if attrs[c].nunique() < 64 else attrs[c]
    return Layer(name, ids, geoms, attrs)


PATROL_SQL = """
SELECT pa.id, pa.status, pa.planned_on, pa.grid_id, person.name, ps.seq, {site_geom}, {route}
FROM patrol_assignment pa
JOIN patrol_stop ps ON ps.assignment_id = pa.id
JOIN site ON site.id = ps.site_id
LEFT JOIN person ON person.id = pa.person_id
WHERE site.geom IS NOT NULL{box}
ORDER BY pa.id, ps.seq
"""
PATROL_COLUMNS = ("status", "planned_on", "grid_id", "person", "stops")
# line patrols (巡线, kind line) have no stops: their route is the stretch of pipeline they walk
LINE_PATROL_SQL = """
SELECT pa.id, pa.status, pa.planned_on, pa.grid_id, person.name, {route}
FROM patrol_assignment pa
LEFT JOIN person ON person.id = pa.person_id
WHERE pa.kind = 'line' AND pa.route IS NOT NULL{box}
ORDER BY pa.id
"""


def _patrols_in_box(dialect: str, box) -> str:
    """Assignments whose planned route or any stop's site the spatial index finds in `box` (whole routes:
    a route leaving the box keeps its stops outside it)."""
    found = ("SELECT patrol_assignment.id FROM patrol_assignment WHERE "
             f"{spatial.in_box(dialect, 'patrol_assignment', box, 'route')} "
             "UNION SELECT patrol_stop.assignment_id FROM patrol_stop JOIN site ON site.id = patrol_stop.site_id "
             f"WHERE {spatial.in_box(dialect, 'site', box)}")
    if dialect == "postgresql":
        # as an array PostgreSQL fetches the stops by index; as IN (…) it misjudges the union's size and
        # reads every stop, site and person of the province
        return f" AND pa.id = ANY(ARRAY({found}))"
    return f" AND pa.id IN ({found})"


def patrol_routes(source: Project | Engine, box=None) -> Layer:
    """Each patrol assignment as its planned route along the roads, or else a line through its stops'
    sites in visiting order (two stops at least), and each line patrol as the stretch of pipeline it walks;
    with `box`, the assignments found there (see _patrols_in_box).

    Not a LayerDef: one feature aggregates many patrol_stop rows.
    """
    engine = source.engine if isinstance(source, Project) else source
    with engine.connect() as conn:
        dialect = conn.dialect.name
        where = _patrols_in_box(dialect, box) if box is not None else ""
        rows = conn.exec_driver_sql(PATROL_SQL.format(box=where, site_geom=wkb_sql(dialect, "site.geom"),
                                                      route=wkb_sql(dialect, "pa.route"))).fetchall()
        line_rows = conn.exec_driver_sql(LINE_PATROL_SQL.format(box=where, route=wkb_sql(dialect, "pa.route"))).fetchall()
    stops = _stop_routes(rows)
    if not line_rows:
        return stops
    lines = Layer("patrol_routes", np.array([r[0] for r in line_rows], dtype=np.int64), decode(r[5] for r in line_rows),
                  pd.DataFrame({"status": [r[1] for r in line_rows], "planned_on": [r[2] for r in line_rows],
                                "grid_id": [r[3] for r in line_rows], "person": [r[4] for r in line_rows],
                                "stops": np.zeros(len(line_rows), dtype=np.int64)}))
    ids = np.concatenate([stops.ids, lines.ids])
    order = np.argsort(ids, kind="stable")
    geoms = np.concatenate([np.asarray(stops.geoms, dtype=object), np.asarray(lines.geoms, dtype=object)])[order]
    parts = [a.assign(status=a["status"].astype(object)) for a in (stops.attrs, lines.attrs) if len(a)]
    attrs = pd.concat(parts, ignore_index=True).iloc[order].reset_index(drop=True)
    attrs["status"] = pd.Categorical(attrs["status"])
    attrs["grid_id"] = attrs["grid_id"].astype(np.int64)
    attrs["stops"] = attrs["stops"].astype(np.int64)
    return Layer("patrol_routes", ids[order], geoms, attrs)


def _stop_routes(rows) -> Layer:
    """The layer of the assignments with stops, from PATROL_SQL's rows."""
    empty = Layer("patrol_routes", np.array([], dtype=np.int64), np.array([], dtype=object),
                  pd.DataFrame(columns=list(PATROL_COLUMNS)))
    if not rows:
        return empty
    ids = np.array([r[0] for r in rows], dtype=np.int64)
    stops = shapely.point_on_surface(decode(r[6] for r in rows))
    xy = shapely.get_coordinates(stops)
    first = np.flatnonzero(np.r_[True, ids[1:] != ids[:-1]])
    counts = np.diff(np.r_[first, len(ids)])
    keep = counts >= 2                                      # a route needs two stops
    if not keep.any():
        return empty
    owner = np.repeat(np.arange(len(first)), counts)
    take = keep[owner]
    lines = shapely.linestrings(xy[take], indices=np.unique(owner[take], return_inverse=True)[1])
    first, counts = first[keep], counts[keep]
    routed = np.array([rows[i][7] is not None for i in first], dtype=bool)
    if routed.any():   # the planned route along the roads, where there is one
        lines = np.asarray(lines, dtype=object)
        lines[routed] = decode(rows[i][7] for i in first[routed])
    attrs = pd.DataFrame({
        "status": pd.Categorical([rows[i][1] for i in first]),
        "planned_on": [rows[i][2] for i in first],
        "grid_id": [rows[i][3] for i in first],
        "person": [rows[i][4] for i in first],
        "stops": counts,
    })
    return Layer("patrol_routes", ids[first], np.asarray(lines, dtype=object), attrs)


TRACK_SQL = """
SELECT patrol_track.id, {geom}, person.name, patrol_track.day, patrol_track.source_name, patrol_track.fixes
FROM patrol_track JOIN person ON person.id = patrol_track.person_id
WHERE patrol_track.geom IS NOT NULL{box} ORDER BY patrol_track.id"""
STOP_CHECK_SQL = """
SELECT c.stop_id, {geom}, c.status, ps.seq, ps.assignment_id, c.arrived_at, c.distance_m
FROM patrol_stop_check c JOIN patrol_stop ps ON ps.id = c.stop_id JOIN site ON site.id = ps.site_id
WHERE site.geom IS NOT NULL{box} ORDER BY c.stop_id"""


def _rows_layer(name: str, source, sql: str, geom: str, table: str, columns: tuple[str, ...], box=None) -> Layer:
    engine = source.engine if isinstance(source, Project) else source
    with engine.connect() as conn:
        dialect = conn.dialect.name
        where = f" AND {spatial.in_box(dialect, table, box)}" if box is not None else ""
        rows = conn.exec_driver_sql(sql.format(geom=wkb_sql(dialect, geom), box=where)).fetchall()
    if not rows:
        return Layer(name, np.array([], dtype=np.int64), np.array([], dtype=object), pd.DataFrame(columns=list(columns)))
    cols = list(zip(*rows, strict=True))
    attrs = pd.DataFrame({c: cols[i + 2] for i, c in enumerate(columns)})
    return Layer(name, np.array(cols[0], dtype=np.int64), decode(cols[1]), attrs)


def patrol_tracks(source: Project | Engine, box=None) -> Layer:
    """Members' GPS tracks (issue 17, patrol_track), one feature a member-day file."""
    return _rows_layer("patrol_tracks", source, TRACK_SQL, "patrol_track.geom", "patrol_track", ("person", "day", "source_name", "fixes"),
                       box)


def patrol_stop_checks(source: Project | Engine, box=None) -> Layer:
    """Planned stops the evidence has spoken about (patrol_stop_check): at their sites, with the status (verified,
    missed, unverified), the stop's number and assignment, arrival and distance."""
    layer = _rows_layer("patrol_stop_checks", source, STOP_CHECK_SQL, "site.geom", "site",
                        ("status", "seq", "assignment_id", "arrived_at", "distance_m"), box)
    if len(layer):
        layer.attrs["status"] = pd.Categorical(layer.attrs["status"])
    return layer


# layers built by a function rather than from a LayerDef
DERIVED: dict = {"patrol_routes": patrol_routes, "patrol_tracks": patrol_tracks,
                 "patrol_stop_checks": patrol_stop_checks}


# layer → the kinds of data (gis.changes.KINDS) it is read from: a change to any of them reloads it
LAYER_KINDS: dict[str, frozenset[str]] = {
    "townships": frozenset({"admin"}),
    "villages": frozenset({"admin"}),
    "grids": frozenset({"grids"}),
    "sites": frozenset({"sites"}),
    "pipelines": frozenset({"lines"}),
    "roads": frozenset({"lines"}),
    "fire_lines": frozenset({"lines"}),
    "zones": frozenset({"zones"}),
    "buildings": frozenset({"buildings"}),
    "works": frozenset({"works"}),
    "hazards": frozenset({"hazards", "sites"}),          # a hazard without a location sits at its site
    "patrol_routes": frozenset({"patrols", "sites", "people"}),
    "patrol_tracks": frozenset({"tracks", "people"}),
    "patrol_stop_checks": frozenset({"tracks", "patrols", "sites"}),
    "tipoffs": frozenset({"tipoffs"}),
}


# derived layers too costly to build before anyone looks at them (a county's location classes take seconds):
# the window reads them when a layer drawing them is first shown, and reloads them on changes only after that
ON_DEMAND: set[str] = set()


def register_derived(name: str, build, kinds, *, on_demand: bool = False) -> None:
    """Add a layer built by `build(source, box=None)` and read from data of `kinds`: for a domain's layers
    (the shared core imports no domain; e.g. gis.gasmap registers the gas range layers when imported).
    `on_demand`: built only when first shown (ON_DEMAND)."""
    DERIVED[name] = build
    LAYER_KINDS[name] = frozenset(kinds)
    if on_demand:
        ON_DEMAND.add(name)


# a LayerDef layer's rows are rows of this kind: a change naming their ids reloads just those rows
ROW_KIND: dict[str, str] = {"townships": "admin", "villages": "admin", "grids": "grids", "sites": "sites",
                            "pipelines": "lines", "roads": "lines", "fire_lines": "lines", "zones": "zones",
                            "buildings": "buildings", "works": "works", "hazards": "hazards",
                            "tipoffs": "tipoffs"}


# kinds a layer reads only for where their features are: a hazard without a location of its own sits at its site,
# a patrol route runs through its stops' sites. A change of such a kind's attributes alone leaves the layer as it is.
LOCATION_FEEDS: dict[str, frozenset[str]] = {"hazards": frozenset({"sites"}), "patrol_routes": frozenset({"sites"}),
                                             "patrol_stop_checks": frozenset({"sites"})}


def _feeds(name: str, kinds: frozenset[str], attributes_only: frozenset[str]) -> frozenset[str]:
    """The kinds of a change that touch layer `name`."""
    return (LAYER_KINDS[name] & kinds) - (LOCATION_FEEDS.get(name, frozenset()) & attributes_only)


def layers_for(kinds, attributes_only=frozenset()) -> list[str]:
    """The layers fed by any of `kinds`, in load order; those fed only for location by kinds whose change was to
    attributes only (`attributes_only`) left out."""
    kinds, attributes_only = frozenset(kinds), frozenset(attributes_only)
    return [name for name in LAYER_KINDS if _feeds(name, kinds, attributes_only)]


def reload_plan(change) -> tuple[list[str], dict[str, frozenset[int]]]:
    """What a gis.changes.Change asks of the map: (layers to reload whole, {layer: ids to reload row by
    row}). Rows suffice when the only kind of the layer's data that changed is its own and the ids are known."""
    whole, rows = [], {}
    for name in layers_for(change.kinds, change.attributes_only):
        own = ROW_KIND.get(name)
        ids = change.ids_of(own) if own is not None else None
        if ids is not None and _feeds(name, change.kinds, change.attributes_only) == {own}:
            rows[name] = ids
        else:
            whole.append(name)
    return whole, rows


def patch_layer(layer: Layer, fresh: Layer, ids) -> tuple[Layer, np.ndarray, np.ndarray]:
    """`layer` with the rows of `ids` replaced by `fresh` (the rows of `ids` the layer still shows), in id
    order. Also returns which old rows were kept and the order that sorts kept + fresh rows, so derived
    arrays (e.g. projected geometries) can be patched the same way."""
    keep = ~np.isin(layer.ids, np.fromiter(ids, dtype=np.int64, count=len(ids)))
    all_ids = np.concatenate([layer.ids[keep], fresh.ids])
    order = np.argsort(all_ids, kind="stable")
    geoms = np.concatenate([layer.geoms[keep], fresh.geoms])[order]
    columns = {}
    for c in layer.attrs.columns:
        old, new = layer.attrs[c], fresh.attrs[c] if c in fresh.attrs else pd.Series([None] * len(fresh))
        values = np.concatenate([old.to_numpy(dtype=object)[keep], new.to_numpy(dtype=object)])[order]
        if isinstance(old.dtype, pd.CategoricalDtype):
            columns[c] = pd.Categorical(values)
        elif not len(fresh) or new.dtype == old.dtype:
            columns[c] = pd.Series(values).astype(old.dtype)
        else:
            columns[c] = pd.Series(values).infer_objects()
    attrs = pd.DataFrame(columns, columns=layer.attrs.columns)
    return Layer(layer.name, all_ids[order], geoms, attrs), keep, order


def load_all(source: Project | Engine, names: list[str] | None = None, box=None) -> dict[str, Layer]:
    """The named layers (default: every LayerDef and every derived layer); with `box`, only the features
    the spatial index finds in it."""
    names = names or [*LAYERS, *DERIVED]
    return {name: DERIVED[name](source, box=box) if name in DERIVED else load_layer(source, name, box=box)
            for name in names}
