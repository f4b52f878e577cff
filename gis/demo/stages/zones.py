"""Stages 4 and 7: zones (zone rows in `world.zones`).

- forest fire zones are the hilly parts of villages in five danger bands (level "1" at the hill edge …
  "5" deepest in the south); ranger areas are groups of up to three grids of each village with forest
  (so they tile those villages). These come before the sites: forest facilities are placed by them.
- buffers, after the sites: 200 m high-consequence areas along the sub-high-pressure gas mains and
  200 m zones around schools.
"""
from __future__ import annotations

import math

import numpy as np
import shapely

from gis import vocab
from gis.demo.shapes import area_m2, polygonal
from gis.demo.world import DEMO, World
from gis.geo.crs import DEFAULT_PROJECTED, STORAGE, to_projected, transform


def forest(world: World) -> None:
    world.zones = []
    level_zh = {str(k): vocab.label("fire_danger_levels", str(k)) for k in range(1, 6)}
    for v in world.villages:
        v["forest_zones"] = []
        if v["hill_frac"] <= 0:
            continue
        geoms = [polygonal(shapely.intersection(v["geom"], world.bands[k])) for k in range(5)]
        for k, geom in enumerate(geoms):
            if geom is None or float(area_m2(geom)) < 20_000:
                continue
            level = str(k + 1)
            z = dict(kind="forest_fire", code=f"FHQ-{v['code']}-{level}",
                     name=f"{v['name']}森林防火区（{level_zh[level]}）", level=level, admin_unit_id=v["id"],
                     geometry=geom, attributes={"fire_danger": level, "note": DEMO})
            world.zones.append(z)
            v["forest_zones"].append(z)
    # ranger areas tile every village that has forest: groups of up to three grids
    for v in world.villages:
        if not v["forest_zones"]:
            continue
        gs = v["grids"]
        n_areas = max(1, math.ceil(len(gs) / 3))
        for a in range(n_areas):
            group = gs[a * len(gs) // n_areas:(a + 1) * len(gs) // n_areas]
            geom = shapely.union_all(np.array([g["geom"] for g in group], dtype=object))
            z = dict(kind="ranger_area", code=f"HLY-{v['code']}-{a + 1:02d}", name=f"{v['name']}护林员责任区{a + 1}",
                     level=None, admin_unit_id=v["id"], geometry=geom,
                     attributes={"grids": [g["code"] for g in group]})
            world.zones.append(z)


def buffers(world: World) -> None:
    for p in world.high_pipes:
        buf = transform(shapely.buffer(to_projected(p["geometry"]), 200.0), DEFAULT_PROJECTED, STORAGE)
        for v in world.villages:
            if not v["community"]:
                continue
            part = polygonal(shapely.intersection(buf, v["geom"]))
            if part is None or float(area_m2(part)) < 50_000:
                continue
            world.zones.append(dict(kind="high_consequence", code=f"HCA-{p['code']}-{v['code'][-3:]}",
                                    name=f"{p['name']}{v['short']}段高后果区", level=None, admin_unit_id=v["id"],
                                    geometry=part,
                                    attributes={"grade": "II级", "pipeline": p["code"], "buffer_m": 200}))
    schools = [st for st in world.sites if st["category"] == "school"]
    if schools:
        pts = shapely.points(np.array([st["xy"] for st in schools]))
        bufs = transform(shapely.buffer(to_projected(pts), 200.0, quad_segs=8), DEFAULT_PROJECTED, STORAGE)
        for st, geom in zip(schools, bufs, strict=True):
            world.zones.append(dict(kind="school_zone", code=f"XX-{st['code']}", name=f"{st['name']}周边区域",
                                    level=None, admin_unit_id=world.grids[st["grid"]]["village"]["id"], geometry=geom,
                                    attributes={"school": st["name"], "radius_m": 200}))
