"""Stages 2, 3 and 5: roads, gas pipelines and the lines of the forest (line_asset rows in `world.lines`).

- roads: arterials on a jittered lattice, village access roads to the nearest arterial vertex,
  village-to-village roads along short Delaunay edges, a lane from each grid's middle to the nearest
  road vertex. Lines meet at shared vertices (exact coordinates) and any island is joined by a
  connector, so the network is one connected graph.
- gas pipelines follow the roads of the communities (offset ~5 m) until the scale's length is reached
  (topped up with L-shaped service branches if the roads are too short); a sub-high-pressure main per
  township gets 200 m high-consequence areas (stages/zones.py). Offsetting leaves a pipe's end a few metres
  short of the pipe it should join: such an end is carried onto that pipe (`join_ends`), so the topology
  check (gis.topology) finds no dangling ends in the demo.
- forest lines, in townships with hills: fire roads into the forest, firebreaks along two danger band
  boundaries, a 10 kV line, and hazardous sections of the roads in the hills. A road end stopping just short
  of a fire road is joined to it as the pipes are.
"""
from __future__ import annotations

import math

import numpy as np
import shapely
import shapely.ops
from shapely.geometry import LineString, Point

from gis.demo import names as N
from gis.demo.shapes import M_PER_DEG, area_m2, jittered_lines, length_m, points_in, polygonal
from gis.demo.world import World


def roads(world: World) -> None:
    s, rng = world.scale, world.rng(4)
    lines: list[dict] = []
    minx, miny, maxx, maxy = world.region.bounds
    wkm = (maxx - minx) * 92.7
    hkm = (maxy - miny) * 111.0
    nx = max(2, round(wkm / s.road_spacing_km))
    ny = max(2, round(hkm / s.road_spacing_km))
    dx, dy = (maxx - minx) / nx, (maxy - miny) / ny
    jx = minx + (np.arange(nx) + 0.5) * dx + rng.uniform(-0.15, 0.15, (ny, nx)) * dx
    jy = miny + (np.arange(ny)[:, None] + 0.5) * dy + rng.uniform(-0.15, 0.15, (ny, nx)) * dy
    step = 0.003
    arterials = []
    names = list(N.STREETS)
    for r in range(ny):  # west → east
        pts = [(minx - 0.01, jy[r, 0] + rng.uniform(-0.2, 0.2) * dy)]
        pts += [(jx[r, c], jy[r, c]) for c in range(nx)]
        pts.append((maxx + 0.01, jy[r, -1] + rng.uniform(-0.2, 0.2) * dy))
        arterials.append(pts)
    for c in range(nx):  # north → south
        pts = [(jx[-1, c] + rng.uniform(-0.2, 0.2) * dx, maxy + 0.01)]
        pts += [(jx[r, c], jy[r, c]) for r in range(ny - 1, -1, -1)]
        pts.append((jx[0, c] + rng.uniform(-0.2, 0.2) * dx, miny - 0.01))
        arterials.append(pts)
    for k, pts in enumerate(arterials):
        p = np.array(pts)
        mids = (p[:-1] + p[1:]) / 2
        d = p[1:] - p[:-1]
        mids = mids + np.column_stack([-d[:, 1], d[:, 0]]) * rng.normal(0, 0.06, (len(mids), 1))
        coords = np.empty((len(p) + len(mids), 2))
        coords[0::2] = p
        coords[1::2] = mids
        line = shapely.segmentize(LineString(coords), step)
        clipped = shapely.intersection(line, world.region)
        parts = [g for g in shapely.get_parts(clipped) if g.geom_type == "LineString" and g.length > 0.002]
        name = names[k % len(names)] if k < len(names) else f"{names[k % len(names)]}{k // len(names) + 1}段"
        for part in parts:
            lines.append(dict(kind="road", name=name, cls="arterial", geometry=part, village=None,
                              attributes={"class": "主干道", "lanes": 4 if k % 3 == 0 else 2}))
    art_vertices = shapely.get_coordinates(np.array([ln["geometry"] for ln in lines], dtype=object))
    art_vertices = np.unique(art_vertices, axis=0)
    centres = np.array([v["centre"] for v in world.villages])
    vtree = shapely.STRtree(shapely.points(art_vertices))
    i_in, i_tree = vtree.query_nearest(shapely.points(centres), all_matches=False)
    order = np.argsort(i_in, kind="stable")
    targets = art_vertices[i_tree[order]]
    access = shapely.segmentize(jittered_lines(centres, targets, rng, bends=1), 0.002)
    for v, geom in zip(world.villages, access, strict=True):
        lines.append(dict(kind="road", name=f"{v['name']}进村道路", cls="access", geometry=geom, village=v,
                          attributes={"class": "乡道"}))
    # village-to-village roads along short Delaunay edges
    if len(centres) >= 3:
        edges = shapely.get_parts(shapely.delaunay_triangles(shapely.multipoints(centres), only_edges=True))
        ec = shapely.get_coordinates(edges).reshape(-1, 2, 2)
        key = {(float(x), float(y)): i for i, (x, y) in enumerate(centres)}
        pairs = []
        for e in ec:
            a, b = key.get((float(e[0, 0]), float(e[0, 1]))), key.get((float(e[1, 0]), float(e[1, 1])))
            if a is not None and b is not None:
                pairs.append((min(a, b), max(a, b)))
        pairs = sorted(set(pairs))
        pa = np.array(pairs)
        dist = np.hypot((centres[pa[:, 0], 0] - centres[pa[:, 1], 0]) * 0.835,
                        centres[pa[:, 0], 1] - centres[pa[:, 1], 1])
        mid = (centres[pa[:, 0]] + centres[pa[:, 1]]) / 2
        keep = (dist < 1.3 * np.median(dist)) & shapely.contains_xy(world.region, mid[:, 0], mid[:, 1])
        pa = pa[keep]
        geoms = shapely.segmentize(jittered_lines(centres[pa[:, 0]], centres[pa[:, 1]], rng, bends=2, wiggle=0.05),
                                   0.002)
        for (a, b), geom in zip(pa, geoms, strict=True):
            va, vb = world.villages[a], world.villages[b]
            lines.append(dict(kind="road", name=f"{va['short']}至{vb['short']}道路", cls="link", geometry=geom,
                              village=va, attributes={"class": "村道"}))
    # a lane from each grid's middle to the nearest vertex of the roads so far (none if one is close)
    gpts = shapely.get_coordinates(shapely.point_on_surface(world.grid_geoms))
    road_xy = np.unique(shapely.get_coordinates(np.array([ln["geometry"] for ln in lines], dtype=object)), axis=0)
    i_in, i_tree = shapely.STRtree(shapely.points(road_xy)).query_nearest(shapely.points(gpts), all_matches=False)
    gc = road_xy[i_tree[np.argsort(i_in, kind="stable")]]
    far = np.hypot((gpts[:, 0] - gc[:, 0]) * 0.835, gpts[:, 1] - gc[:, 1]) > 0.0015
    idx = np.flatnonzero(far)
    geoms = jittered_lines(gpts[idx], gc[idx], rng, bends=1, wiggle=0.1)
    world.grid_points = gpts
    for i, geom in zip(idx, geoms, strict=True):
        g = world.grids[i]
        lines.append(dict(kind="road", name=f"{g['name']}村内道路", cls="lane", geometry=geom, village=g["village"],
                          grid=g, attributes={"class": "村内道路"}))
    world.lines = lines
    _connect(world, rng)


def _connect(world: World, rng) -> None:
    """Join islands of the road graph (lines meeting at shared vertices) to the largest component."""
    while True:
        roads = [ln for ln in world.lines if ln["kind"] == "road"]
        geoms = np.array([ln["geometry"] for ln in roads], dtype=object)
        xy, li = shapely.get_coordinates(geoms, return_index=True)
        _, inv = np.unique(xy, axis=0, return_inverse=True)
        inv = inv.ravel()
        parent = list(range(len(roads)))

        def find(a):
            while parent[a] != a:
                parent[a] = parent[parent[a]]
                a = parent[a]
            return a

        first_line = {}
        for c, ln in zip(inv.tolist(), li.tolist(), strict=True):
            if c in first_line:
                ra, rb = find(first_line[c]), find(ln)
                if ra != rb:
                    parent[max(ra, rb)] = min(ra, rb)
            else:
                first_line[c] = ln
        comp = np.array([find(i) for i in range(len(roads))])
        labels, counts = np.unique(comp, return_counts=True)
        if len(labels) <= 1:
            return
        main = labels[np.argmax(counts)]
        main_xy = xy[comp[li] == main]
        tree = shapely.STRtree(shapely.points(main_xy))
        other = labels[labels != main][0]
        oxy = xy[comp[li] == other]
        i_in, i_tree = tree.query_nearest(shapely.points(oxy), all_matches=False)
        d = np.hypot(*(oxy[i_in] - main_xy[i_tree]).T)
        k = int(np.argmin(d))
        a, b = oxy[i_in[k]], main_xy[i_tree[k]]
        world.lines.append(dict(kind="road", name="连接道路", cls="connector", geometry=LineString([a, b]),
                                village=None, attributes={"class": "村道"}))


def pipelines(world: World) -> None:
    s, rng = world.scale, world.rng(5)
    comm = [v for v in world.villages if v["community"]]
    urban = shapely.union_all(np.array([v["geom"] for v in comm], dtype=object))
    off = 0.00005  # ≈ 5 m beside the road
    pipes: list[dict] = []
    seq = {"n": 0}

    def add(geom, name, pressure, material, diameter, year, township):
        seq["n"] += 1
        pipes.append(dict(kind="gas_pipeline", name=name, code=f"RQ-{township['code']}-{seq['n']:05d}",
                          operator=N.GAS_OPERATOR, pressure_class=pressure, material=material,
                          diameter_mm=float(diameter), year_built=int(year), geometry=geom, cls="pipe",
                          attributes={"buried": True, "depth_m": round(float(rng.uniform(0.8, 1.6)), 1)}))

    def township_of(geom):
        p = shapely.point_on_surface(geom)
        for t in world.townships:
            if t["geom"].covers(p):
                return t
        return world.townships[0]

    arterial = [ln for ln in world.lines if ln["cls"] == "arterial"]
    trunk = []
    for ln in arterial:
        inside = shapely.intersection(ln["geometry"], urban)
        for part in shapely.get_parts(inside):
            if part.geom_type == "LineString" and part.length > 0.003:
                trunk.append((ln, part))
    # one sub-high-pressure main per township: the longest arterial stretch through its communities
    high_done: set[str] = set()
    high = []
    for i in sorted(range(len(trunk)), key=lambda i: (-trunk[i][1].length, i)):
        ln, part = trunk[i]
        t = township_of(part)
        if t["code"] in high_done or float(length_m(part)) < 800:
            continue
        high_done.add(t["code"])
        high.append((ln, part, t))
    world.high_pipes = []
    for ln, part, t in high:
        geom = shapely.offset_curve(part, -off)
        if geom.geom_type == "LineString" and not geom.is_empty:
            add(geom, f"{ln['name']}次高压燃气管道", "high_b", "钢管", 400, rng.integers(2008, 2014), t)
            world.high_pipes.append(pipes[-1])
    # then mains along arterials, access roads, links and lanes of the communities, until the target
    comm_ids = {v["id"] for v in comm}
    cands = [(ln, part, "trunk") for ln, part in trunk]
    for cls in ("access", "lane", "link"):
        cands += [(ln, ln["geometry"], cls) for ln in world.lines if ln["cls"] == cls
                  and ln["village"] is not None and ln["village"]["id"] in comm_ids]
    geoms = shapely.offset_curve(np.array([c[1] for c in cands], dtype=object), off)
    lens = length_m(geoms) / 1000 if len(cands) else np.zeros(0)
    total = float(length_m(np.array([p["geometry"] for p in pipes], dtype=object)).sum()) / 1000 if pipes else 0.0
    for (ln, _, cls), geom, km in zip(cands, geoms, lens, strict=True):
        if total >= s.pipeline_km:
            break
        if geom.geom_type != "LineString" or geom.is_empty:
            continue
        total += float(km)
        if cls == "trunk":
            add(geom, f"{ln['name']}中压燃气管道", "medium_a", "钢管", rng.choice([200, 250, 300]),
                rng.integers(2003, 2016), township_of(geom))
        else:
            medium = cls != "lane"
            add(geom, ln["name"].replace("道路", "") + "燃气管道", "medium_b" if medium else "low",
                "钢管" if medium else "PE管", rng.choice([160, 200]) if medium else rng.choice([90, 110]),
                rng.integers(2006, 2024), ln["village"]["township"])
    have_km = float(length_m(np.array([p["geometry"] for p in pipes], dtype=object)).sum()) / 1000 if pipes else 0
    need_km = s.pipeline_km - have_km
    urban_grids = [g for g in world.grids if g["village"]["community"]]
    if need_km > 0 and urban_grids:
        mean_branch_km = 0.35
        k = max(1, math.ceil(need_km / (len(urban_grids) * mean_branch_km)))
        owner = np.repeat([g["idx"] for g in urban_grids], k)
        ends = points_in(rng, world.grid_geoms, owner)
        starts = world.grid_points[owner] + off
        # an L-shaped branch along the street grid: east/west first, then north/south
        elbow = np.column_stack([ends[:, 0], starts[:, 1]])
        coords = np.stack([starts, elbow, ends], axis=1).reshape(-1, 2)
        geoms = shapely.linestrings(coords, indices=np.repeat(np.arange(len(owner)), 3))
        lens = length_m(geoms) / 1000
        take = np.flatnonzero(np.cumsum(lens) <= need_km + 0.5)
        count: dict[int, int] = {}
        for i in take:
            g = world.grids[owner[i]]
            count[g["idx"]] = count.get(g["idx"], 0) + 1
            add(geoms[i], f"{g['name']}{count[g['idx']]}号支管", "low", "PE管", rng.choice([63, 90]),
                rng.integers(2010, 2026), g["village"]["township"])
    join_ends(pipes)
    world.lines.extend(pipes)


def join_ends(lines: list[dict], search_m: float = 10.0, touch_m: float = 0.5) -> None:
    """Each line end within `search_m` of another line but not touching it (`touch_m`) is extended to the nearest
    point of that line (the thresholds of gis.topology's dangling-end check)."""
    if not lines:
        return
    tree = shapely.STRtree(np.array([ln["geometry"] for ln in lines], dtype=object))
    for i, ln in enumerate(lines):
        coords = list(ln["geometry"].coords)
        for end in (0, -1):
            point = Point(coords[end])
            near = [int(j) for j in tree.query(point, predicate="dwithin", distance=2 * search_m / M_PER_DEG)
                    if int(j) != i]
            if not near:
                continue
            links = shapely.shortest_line(point, np.array([lines[j]["geometry"] for j in near], dtype=object))
            d = length_m(links)
            k = int(np.argmin(d))
            if touch_m < d[k] <= search_m:
                target = tuple(shapely.get_coordinates(links[k])[-1])
                coords = [target, *coords] if end == 0 else [*coords, target]
        ln["geometry"] = LineString(coords)


def forest_lines(world: World) -> None:
    rng = world.rng(6)
    road_xy = np.unique(shapely.get_coordinates(
        np.array([ln["geometry"] for ln in world.lines if ln["kind"] == "road"], dtype=object)), axis=0)
    road_tree = shapely.STRtree(shapely.points(road_xy))
    world.fire_road_ends = []
    for t in world.townships:
        t_hill = shapely.intersection(t["geom"], world.hill)
        if float(area_m2(t_hill)) < 0.5e6:
            t["hills"] = False
            continue
        t["hills"] = True
        hills = [N.HILLS[i] for i in rng.permutation(len(N.HILLS))]
        t["hill_names"] = hills
        for v in [v for v in world.villages if v["township"] is t and v["hill_frac"] > 0.15]:
            vh = polygonal(shapely.intersection(v["geom"], world.hill))
            if vh is None:
                continue
            n_roads = 1 + int(float(area_m2(vh)) > 3e6)
            for k in range(n_roads):
                # from the road vertex nearest the forest edge deep into the forest
                cand = points_in(rng, np.array([vh], dtype=object), np.zeros(6, dtype=np.int64))
                end = cand[np.argmin(cand[:, 1])]
                edge = cand[np.argmax(cand[:, 1])]
                start = road_xy[road_tree.query_nearest(Point(edge), all_matches=False)[0]]
                geom = jittered_lines(start[None, :], end[None, :], rng, bends=3, wiggle=0.06)[0]
                world.lines.append(dict(kind="fire_road", name=f"{v['short']}防火道路{k + 1}号", cls="fire_road",
                                        village=v, geometry=geom,
                                        attributes={"surface": "砂石", "width_m": 4}))
                world.fire_road_ends.append((v, end))
        # firebreaks along two band boundaries
        xs = world.hill_x
        for t_depth, kind_zh, width in ((0.45, "工程隔离带", 20), (0.75, "生物防火林带", 30)):
            ys = world.band_line(t_depth)
            line = shapely.intersection(LineString(np.column_stack([xs, ys])), t["geom"])
            for j, part in enumerate(p for p in shapely.get_parts(line) if p.geom_type == "LineString"):
                if float(length_m(part)) < 300:
                    continue
                world.lines.append(dict(kind="firebreak", name=f"{hills[j % len(hills)]}{kind_zh}", cls="firebreak",
                                        village=None, geometry=part,
                                        attributes={"type": kind_zh, "width_m": width}))
        # a 10 kV line into the hills from the road vertex nearest the township's hill edge
        hx = float(shapely.centroid(t_hill).x)
        y_edge = float(np.interp(hx, xs, world.hill_y))
        start = road_xy[road_tree.query_nearest(Point(hx, y_edge), all_matches=False)[0]]
        y_end = float(np.interp(hx, xs, world.band_line(0.85)))
        end = np.array([hx + rng.uniform(-0.01, 0.01), y_end])
        geom = jittered_lines(start[None, :], end[None, :], rng, bends=4, wiggle=0.05)[0]
        geom = shapely.intersection(geom, t["geom"])
        parts = [p for p in shapely.get_parts(geom) if p.geom_type == "LineString"]
        if parts:
            part = max(parts, key=lambda p: p.length)
            world.lines.append(dict(kind="forest_power_line", name=f"10kV{hills[0]}线林区段", cls="power",
                                    village=None, geometry=part, operator=N.POWER_OPERATOR,
                                    attributes={"voltage_kv": 10, "poles": int(float(length_m(part)) // 60) + 1}))
        # hazardous road sections on roads in the hills
        cands = [ln for ln in world.lines if ln["kind"] in ("road", "fire_road")
                 and ln["geometry"].intersects(t_hill) and float(length_m(ln["geometry"])) > 600]
        pick = rng.choice(len(cands), size=min(4, len(cands)), replace=False) if cands else []
        for j, i in enumerate(sorted(int(x) for x in pick)):
            ln = cands[i]
            g = ln["geometry"]
            sub_len = rng.uniform(250, 500) / M_PER_DEG
            start_d = rng.uniform(0, max(g.length - sub_len, 0))
            part = shapely.ops.substring(g, start_d, min(start_d + sub_len, g.length))
            kind_zh = ("临水临崖", "急弯陡坡")[j % 2]
            world.lines.append(dict(kind="hazardous_road", name=f"{ln['name']}{kind_zh}路段", cls="hazardous",
                                    village=None, geometry=part,
                                    attributes={"type": kind_zh, "road": ln["name"]}))
    join_ends([ln for ln in world.lines if ln["kind"] in ("road", "fire_road")])
