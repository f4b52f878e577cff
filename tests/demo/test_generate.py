"""The demo generator: deterministic, tiled, consistent, and the committed GeoPackage is up to date."""
from __future__ import annotations

import json
import re
from datetime import date

import numpy as np
import pandas as pd
import pytest
import shapely

from gis import grids as grid_rules
from gis import hazards, vocab
from gis.demo.generate import TODAY, generate, write_gpkg
from gis.demo.load import read_gpkg
from gis.hazards import signoff
from gis.paths import DEMO_DATA
from gis.patrols import rules as patrol_rules


@pytest.fixture(scope="module")
def tables():
    return generate("township")


def assert_tables_equal(a: dict[str, pd.DataFrame], b: dict[str, pd.DataFrame]) -> None:
    assert list(a) == list(b)
    for name in a:
        fa, fb = a[name].copy(), b[name].copy()
        ga = fa.pop("geometry") if "geometry" in fa else None
        gb = fb.pop("geometry") if "geometry" in fb else None
        pd.testing.assert_frame_equal(fa, fb, obj=name)
        assert (ga is None) == (gb is None), name
        if ga is not None:
            wa = shapely.to_wkb(ga.to_numpy(), flavor="iso")
            wb = shapely.to_wkb(gb.to_numpy(), flavor="iso")
            assert all(x == y for x, y in zip(wa, wb, strict=True)), f"{name}: geometries differ"


def _assert_tiles(parent, children) -> None:
    """children tile parent: equal area (1e-9 relative), no gaps, zero pairwise overlap (STRtree pairs)."""
    children = np.asarray(children, dtype=object)
    union = shapely.union_all(children)
    assert abs(union.area - parent.area) <= 1e-9 * parent.area
    assert abs(shapely.area(children).sum() - parent.area) <= 1e-9 * parent.area
    assert shapely.difference(parent, union).area <= 1e-9 * parent.area
    tree = shapely.STRtree(children)
    i, j = tree.query(children, predicate="intersects")
    keep = i < j
    overlap = shapely.area(shapely.intersection(children[i[keep]], children[j[keep]]))
    assert overlap.sum() <= 1e-12 * parent.area


def test_same_seed_same_tables(tables):
    assert_tables_equal(tables, generate("township"))


def test_other_seed_other_tables():
    a, b = generate("mini", seed=1), generate("mini", seed=2)
    assert not a["site"]["name"].equals(b["site"]["name"])
    assert not shapely.equals(a["grid"].geometry.iloc[0], b["grid"].geometry.iloc[0])


def test_admin_codes_and_kinds(tables):
    au = tables["admin_unit"]
    district = au[au.level == "district"].iloc[0]
    assert (district.code, district["name"], district.kind) == ("410411", "湛河区", "区")
    town = au[au.level == "township"].iloc[0]
    assert town.code == "410411003" and town.kind == "街道" and town.parent_id == district.id
    villages = au[au.level == "village"]
    assert 10 <= len(villages) <= 14
    assert set(villages.kind) == {"村", "社区"}
    for v in villages.itertuples():
        assert grid_rules.code_problem(v.code, "village", town.code) is None
        assert v.name.endswith(v.kind)
    assert villages.code.is_unique and villages.name.is_unique
    # bounds of the demo area (平顶山市湛河区, hillier to the south)
    minx, miny, maxx, maxy = town.geometry.bounds
    assert 113.28 <= minx < maxx <= 113.42 and 33.62 <= miny < maxy <= 33.72


def test_villages_tile_the_township(tables):
    au = tables["admin_unit"]
    town = au[au.level == "township"].iloc[0]
    _assert_tiles(town.geometry, au[au.parent_id == town.id].geometry.to_numpy())
    assert grid_rules.check_tiling(town.geometry, au[au.parent_id == town.id].geometry.to_numpy()).ok


def test_grids_tile_each_village(tables):
    au, grids = tables["admin_unit"], tables["grid"]
    assert 70 <= len(grids) <= 90
    for v in au[au.level == "village"].itertuples():
        mine = grids[grids.village_id == v.id].geometry.to_numpy()
        assert len(mine) >= 2
        _assert_tiles(v.geometry, mine)
        assert grid_rules.check_tiling(v.geometry, mine).ok


def test_grid_codes_follow_the_numbering_rule(tables):
    au, grids = tables["admin_unit"], tables["grid"]
    assert grids.code.is_unique
    assert grids.code.str.fullmatch(r"\d{15}").all()
    for v in au[au.level == "village"].itertuples():
        mine = grids[grids.village_id == v.id]
        assert all(grid_rules.grid_code_problem(c, v.code) is None for c in mine.code)
        # west→east, north→south: the codes are those the numbering rule gives
        assert list(mine.code) == grid_rules.expected_codes(v.code, mine.geometry.to_numpy())
        first = mine[mine.code.str.endswith("001")].geometry.iloc[0]
        ys = shapely.get_y(shapely.centroid(mine.geometry.to_numpy()))
        band = np.sqrt(np.mean(shapely.area(mine.geometry.to_numpy())))
        assert shapely.centroid(first).y >= ys.max() - band / 2  # 001 lies in the northernmost row
        names = [f"{v.name}第{int(c[-3:])}网格" for c in mine.code]
        assert list(mine["name"]) == names


def test_grid_kinds_and_enterprise_grids(tables):
    grids, sites = tables["grid"], tables["site"]
    kinds = grids.kind.value_counts()
    assert kinds["comprehensive"] > kinds["forest"] >= 3 and kinds["enterprise"] == 2
    ent = grids[grids.kind == "enterprise"]
    assert ent.site_id.notna().all() and grids[grids.kind != "enterprise"].site_id.isna().all()
    for g in ent.itertuples():
        site = sites.set_index("id").loc[g.site_id]
        assert site.grid_id == g.id and site.category in ("hazchem_enterprise", "industry_trade_enterprise")
    assert grids.note.str.contains("示例数据").all()


def test_each_site_lies_in_its_grid(tables):
    grids = tables["grid"].set_index("id")
    sites = tables["site"]
    polys = grids.loc[sites.grid_id].geometry.to_numpy()
    assert shapely.covers(polys, sites.geometry.to_numpy()).all()


def test_sites(tables):
    sites = tables["site"]
    assert 550 <= len(sites) <= 650
    cats = vocab.keys("site_categories")
    assert set(sites.category) == set(cats)
    for cat in cats:
        sector = vocab.entry("site_categories", cat)["sector"] or ""
        assert (sites[sites.category == cat].sector.fillna("") == sector).all()
    assert set(sites.status) <= set(vocab.keys("site_statuses")) and (sites.status == "normal").mean() > 0.8
    assert set(sites.risk_level.dropna()) <= set(vocab.keys("risk_levels"))
    assert sites.code.is_unique
    # one village committee per village, fictitious phone numbers only
    villages = tables["admin_unit"].query("level == 'village'")
    committees = sites[sites.category == "village_committee"]
    grid_village = tables["grid"].set_index("id").village_id
    assert sorted(grid_village.loc[committees.grid_id]) == sorted(villages.id)
    assert sites.contact_phone.str.fullmatch(r"13[6-9]0000\d{4}").all()
    assert tables["person"].phone.str.fullmatch(r"13[6-9]0000\d{4}").all()
    assert tables["person"].phone.is_unique
    catering = sites[sites.category == "catering"].attributes
    assert {"gas_type", "bottles", "leak_alarm"} <= set(catering.iloc[0])
    small = sites[sites.category == "small_premises"].attributes
    assert any(a["lodging"] for a in small) and any(a["合用场所"] == "三合一" for a in small)
    cp = sites[sites.category == "checkpoint"]
    assert 4 <= len(cp) <= 8 and {a["type"] for a in cp.attributes} == {"fixed", "temporary"}
    depots = sites[sites.category == "supply_depot"].attributes
    assert all(a["area_m2"] >= 30 and a["inventory"] and a["last_check"].startswith("2026-10") for a in depots)


def test_forest_facilities_are_in_the_hilly_south(tables):
    sites, au = tables["site"], tables["admin_unit"]
    town = au[au.level == "township"].iloc[0].geometry
    mid_y = (town.bounds[1] + town.bounds[3]) / 2
    forest = sites[sites.category.isin(["checkpoint", "lookout_tower", "supply_depot"])]
    assert (shapely.get_y(forest.geometry.to_numpy()) < mid_y).all()


def test_lines(tables):
    la = tables["line_asset"]
    assert set(la.kind) == set(vocab.keys("line_kinds"))
    from gis.geo.crs import to_projected

    km = pd.Series(shapely.length(to_projected(la.geometry.to_numpy())) / 1000).groupby(la.kind.values).sum()
    assert 100 <= km["road"] <= 250
    assert 30 <= km["gas_pipeline"] <= 60
    pipes = la[la.kind == "gas_pipeline"]
    assert set(pipes.pressure_class) <= set(vocab.keys("pressure_classes"))
    assert pipes.operator.str.contains("示例").all() and pipes.material.isin(["钢管", "PE管"]).all()
    assert {a["type"] for a in la[la.kind == "hazardous_road"].attributes} == {"临水临崖", "急弯陡坡"}


def test_road_network_is_connected(tables):
    """Roads meet at shared vertices (exact coordinates): one connected graph."""
    roads = tables["line_asset"].query("kind == 'road'").geometry.to_numpy()
    xy, line = shapely.get_coordinates(roads, return_index=True)
    _, vertex = np.unique(xy, axis=0, return_inverse=True)
    parent = list(range(len(roads)))

    def find(a):
        while parent[a] != a:
            a = parent[a]
        return a

    first = {}
    for v, ln in zip(vertex.ravel().tolist(), line.tolist(), strict=True):
        if v in first:
            parent[find(ln)] = find(first[v])
        else:
            first[v] = ln
    assert len({find(i) for i in range(len(roads))}) == 1


def test_zones(tables):
    z = tables["zone"]
    assert set(z.kind) == set(vocab.keys("zone_kinds"))
    assert set(z[z.kind == "forest_fire"].level) == set(vocab.keys("fire_danger_levels"))
    # ranger areas tile the villages that have forest
    au = tables["admin_unit"].set_index("id")
    for vid, areas in z[z.kind == "ranger_area"].groupby("admin_unit_id"):
        _assert_tiles(au.loc[vid].geometry, areas.geometry.to_numpy())
    forest_villages = set(z[z.kind == "forest_fire"].admin_unit_id)
    assert forest_villages == set(z[z.kind == "ranger_area"].admin_unit_id)


def test_roles_cover_every_role_with_one_target(tables):
    ra = tables["role_assignment"]
    assert set(ra.role) == set(vocab.keys("roles"))
    targets = ra[["admin_unit_id", "grid_id", "site_id", "zone_id"]].notna().sum(axis=1)
    assert (targets == 1).all()
    grids = tables["grid"]
    leaders = ra[ra.role == "grid_leader"].groupby("grid_id").size()
    members = ra[ra.role == "grid_member"].groupby("grid_id").size()
    assert (leaders.reindex(grids.id) == 1).all()
    assert members.reindex(grids.id).between(1, 3).all()
    villages = tables["admin_unit"].query("level == 'village'").id
    for role in ("village_cadre", "ledger_keeper", "area_leader"):
        assert set(villages) <= set(ra[ra.role == role].admin_unit_id)
    assert ra[ra.role == "ranger"].zone_id.notna().all()
    assert 200 <= len(tables["person"]) <= 360


def test_hazards_cover_every_status_and_match_their_events(tables):
    h, e = tables["hazard"], tables["hazard_event"]
    assert 1400 <= len(h) <= 1600
    assert set(h.status) == set(vocab.keys("hazard_statuses"))
    assert set(h.grade) == {"general", "major"} and 0.03 < (h.grade == "major").mean() < 0.08
    # 管线安全分析 and 周边安全距离分析 hazards are what `gridsafe gas analyse` records from the demo (tested in
    # tests/demo/test_load.py::test_running_the_gas_analysis_on_the_demo_records_its_findings): a new user makes
    # them by running the analysis; the generator does not. 管线巡线 hazards come from the line patrol history made
    # at load (gis/demo/line_history.py; tests/demo/test_load.py::test_demo_line_patrol_history)
    assert set(h.source) == set(vocab.keys("hazard_sources")) - {"pipeline_analysis", "buffer_analysis", "line_patrol"}
    assert h.code.is_unique and (h.version == 1).all()
    assert (h.found_on >= date(2026, 1, 1)).all() and (h.found_on <= date(2026, 11, 20)).all()
    e = e.sort_values(["hazard_id", "seq"]).reset_index(drop=True)
    by = e.groupby("hazard_id")
    assert (e.seq.to_numpy() == by.cumcount().to_numpy() + 1).all()
    assert (by["at"].diff().dropna() > pd.Timedelta(0)).all()  # strictly increasing per hazard
    assert (e[e.seq == 1].action == "register").all()
    # every step is one the ledger's own rules allow (resources/hazard_rules.yaml)
    actions = hazards.rules()["actions"]
    moves = e[e.to_status.notna()]
    for a, f, t in zip(moves.action, moves.from_status, moves.to_status, strict=True):
        if a == "register":
            assert (f, t) == (None, "registered") or (pd.isna(f) and t == "registered")
        else:
            assert f in actions[a]["from"] and t == actions[a]["to"], (a, f, t)
    assert set(e[e.to_status.isna()].action) <= {"sign"}
    by_move = moves.groupby("hazard_id")
    prev_to = by_move.to_status.shift(1)
    assert (moves.from_status.isna() == prev_to.isna()).all()
    assert (moves.from_status.dropna() == prev_to[moves.from_status.notna()]).all()
    last = by_move.last()
    hz = h.set_index("id")
    assert (last.to_status == hz.loc[last.index].status).all()
    # closing needs the default 三查三签字 chain signed in order, and the acceptor's signature
    chain = list(signoff.make_chain(None).roles)
    for hid, events in e.groupby("hazard_id"):
        signed = events[events.action == "sign"].signature_role.tolist()
        assert signed == chain[:len(signed)], hid
        if hz.loc[hid, "status"] == "closed":
            assert signed == chain
            close = events[events.action == "close"].iloc[0]
            assert close.signature_role == "acceptor" and close.actor_id == hz.loc[hid, "acceptor_id"]
    assert set(e.signature_role.dropna()) <= set(hazards.rules()["signature_roles"]) | set(chain)
    named = e[e.actor_id.notna()]
    assert (named.actor_name.to_numpy() == tables["person"].set_index("id").loc[named.actor_id, "name"].to_numpy()).all()
    past = h[h.status != "registered"]
    for col in ("owner_id", "measures", "deadline", "executor_id", "acceptor_id"):  # 五定
        assert past[col].notna().all(), col
        assert h[h.status == "registered"][col].isna().all(), col
    closed = h[h.status == "closed"]
    assert closed.closed_on.notna().all() and h[h.status != "closed"].closed_on.isna().all()
    assert ((h.status != "closed") & (h.deadline.notna()) & (h.deadline < TODAY)).any()  # some overdue
    major = past[past.grade == "major"]
    assert major[["wls_measures", "wls_responsibility", "wls_funds", "wls_deadline", "wls_plan"]].notna().all().all()
    assert major.supervision_level.notna().any() and set(major.supervision_level.dropna()) <= set(
        vocab.keys("supervision_levels"))
    linked = h[["site_id", "line_id", "zone_id"]].notna().sum(axis=1)
    assert (linked == 1).all() and h.line_id.notna().any() and h.zone_id.notna().any()
    assert h.patrol_stop_id.notna().any() and h.grid_id.notna().all()


def test_hazard_sector_matches_its_site(tables):
    h, sites = tables["hazard"], tables["site"].set_index("id")
    on_site = h[h.site_id.notna()]
    expect = sites.loc[on_site.site_id].sector.fillna("fire").to_numpy()
    assert (on_site.sector.to_numpy() == expect).all()
    assert (on_site.grid_id.to_numpy() == sites.loc[on_site.site_id].grid_id.to_numpy()).all()


def test_patrols(tables):
    a, s, rules = tables["patrol_assignment"], tables["patrol_stop"], tables["patrol_rule"]
    assert set(a.status) == {"done", "cancelled"}  # history; the user plans what comes next
    assert (a.planned_on < TODAY).all()
    assert list(rules.name) == [r.name for r in patrol_rules.default_rules()]
    assert list(rules.interval_days) == [r.interval_days for r in patrol_rules.default_rules()]
    done = s.merge(a[["id", "status"]], left_on="assignment_id", right_on="id")
    assert done[done.status == "done"].visited_at.notna().all()
    assert done[done.status != "done"].visited_at.isna().all()
    found = tables["hazard"].dropna(subset=["patrol_stop_id"])
    stops = s.set_index("id").loc[found.patrol_stop_id]
    assert (stops.result == "hazard_found").all() and (stops.site_id.to_numpy() == found.site_id.to_numpy()).all()


def test_forest_villages_have_enough_duty_officers(tables):
    """Critical periods need two on village duty (resources/fire_duty.yaml): every forest village has two."""
    ra, zones = tables["role_assignment"], tables["zone"]
    forest_villages = set(zones[zones.kind == "forest_fire"].admin_unit_id)
    officers = ra[ra.role == "duty_officer"].groupby("admin_unit_id").size()
    assert forest_villages and all(officers.get(v, 0) >= 2 for v in forest_villages)


def test_committed_gpkg_matches_a_fresh_generate(tables):
    """If this fails, regenerate: python -m gis.demo.generate (and commit data/shapes/demo.gpkg)."""
    path = DEMO_DATA / "demo.gpkg"
    assert path.exists(), "缺少 data/shapes/demo.gpkg：请运行 python -m gis.demo.generate"
    assert path.stat().st_size < 5_000_000
    assert_tables_equal(read_gpkg(path), tables)


def test_gpkg_is_byte_identical(tables, tmp_path):
    # a spatial layer with JSON, an attribute-only layer with JSON, dates and datetimes
    some = {k: tables[k] for k in ("admin_unit", "patrol_rule", "site", "hazard")}
    a, b = write_gpkg(some, tmp_path / "a.gpkg"), write_gpkg(some, tmp_path / "b.gpkg")
    assert a.read_bytes() == b.read_bytes()
    assert_tables_equal(read_gpkg(a), some)


def test_mini_scale_takes_the_county_path():
    t = generate("mini")
    au = t["admin_unit"]
    towns = au[au.level == "township"]
    assert list(towns.code) == ["410411001", "410411002"]
    district = au[au.level == "district"].iloc[0]
    _assert_tiles(district.geometry, towns.geometry.to_numpy())
    for tw in towns.itertuples():
        _assert_tiles(tw.geometry, au[au.parent_id == tw.id].geometry.to_numpy())
    assert re.fullmatch(r"\d{15}", t["grid"].code.iloc[0])
    assert set(t["hazard"].status) == set(vocab.keys("hazard_statuses"))


# --- buildings and third-party works (issue 13) ------------------------------------------------------------

def gas_findings(tables, on=TODAY):
    """gis.gas.analysis over the demo's pipelines, buildings, works and sites (as the app would analyse them)."""
    from gis.gas import analysis as gas
    from gis.gas import rules as gas_rules

    la, b, w, s = tables["line_asset"], tables["building"], tables["third_party_works"], tables["site"]
    pipes = la[la.kind == "gas_pipeline"]
    rules = gas_rules.load_rules()
    params = gas_rules.pipeline_params(rules, pipes.pressure_class, pipes.get("outside_diameter_mm"),
                                       pipes.diameter_mm, pipes.material)
    return gas.analyse(
        rules, gas.Pipelines(pipes.geometry.to_numpy(), pipes.id.to_numpy(), params), on,
        buildings=gas.Features(b.geometry.to_numpy(), b.id.to_numpy(), b.name.to_numpy()),
        works=gas.Features(w.geometry.to_numpy(), w.id.to_numpy(), w.name.to_numpy(), start=w.start_on.to_numpy(),
                           end=w.end_on.to_numpy(), status=w.status.to_numpy()),
        sites=gas.Features(s.geometry.to_numpy(), s.id.to_numpy(), s.name.to_numpy(), category=s.category.to_numpy()))


def test_buildings(tables):
    b = tables["building"]
    assert 300 <= len(b) <= 2000 and b.id.is_unique
    assert set(b.use) <= set(vocab.keys("building_uses"))
    assert {"residential", "commercial", "school", "hospital"} <= set(b.use)
    assert (b.storeys >= 1).all() and (b.storeys <= 30).all()
    assert b.name.str.contains("卫生服务中心").sum() == 1 and b.name.str.contains("卫生室").any()
    geoms = b.geometry.to_numpy()
    assert shapely.is_valid(geoms).all() and (shapely.get_type_id(geoms) == 3).all()
    from gis.geo.crs import to_projected

    m = to_projected(geoms)
    area = shapely.area(m)
    assert (area >= 20).all() and (area <= 2000).all()
    # no two footprints overlap (≥ 2 m apart by construction)
    tree = shapely.STRtree(m)
    i, j = tree.query(m, predicate="dwithin", distance=1.9)
    assert (i == j).all()
    # ordinary footprints stand off the roads; only the deliberate ones are near a pipeline
    roads = to_projected(tables["line_asset"].query("kind == 'road'").geometry.to_numpy())
    near = b.note.fillna("").str.contains("过近").to_numpy()
    ri, _ = shapely.STRtree(roads).query(m, predicate="dwithin", distance=5.9)
    assert near[np.unique(ri)].all()


def test_every_gas_analysis_has_something_to_find(tables):
    """Issue 13: a township has roughly 5–25 占压 points and a few clearance cases; works give one alarm
    and one warning today; the near-pipeline footprints are exactly the ones found."""
    found = gas_findings(tables)
    occ = [f for f in found if f.kind == "occupation"]
    clear = [f for f in found if f.kind == "clearance"]
    works = [f for f in found if f.kind == "third_party_works"]
    assert 5 <= len(occ) <= 25 and len(clear) >= 1
    assert {f.grade for f in occ} >= {"major"}
    assert sorted(f.level for f in works) == ["alarm", "warning"]
    b = tables["building"].set_index("id")
    near = set(b.index[b.note.fillna("").str.contains("过近")])
    assert {f.feature_id for f in occ + clear} == near and len(occ) + len(clear) == len(near)
    w = tables["third_party_works"].set_index("id")
    assert set(w.status) == set(vocab.keys("works_statuses")) and 3 <= len(w) <= 6
    alarm = next(f for f in works if f.level == "alarm")
    warning = next(f for f in works if f.level == "warning")
    assert w.loc[alarm.feature_id, "status"] == w.loc[warning.feature_id, "status"] == "active"
    assert warning.pressure_class in ("medium_a", "medium_b") and warning.distance_m > 0.5
    assert (w.start_on <= w.end_on).all() and w.contact_phone.str.fullmatch(r"13[6-9]0000\d{4}").all()
    assert not set(w.contact_phone) & set(tables["person"].phone)
    # the planned works crosses a pipeline: once it starts, it is an alarm too
    planned = w[w.status == "planned"].iloc[0]
    later = gas_findings({**tables, "third_party_works": tables["third_party_works"].assign(
        status=lambda d: np.where(d.status == "planned", "active", d.status))}, on=planned.start_on)
    assert any(f.kind == "third_party_works" and f.feature_id == planned.name and f.level == "alarm" for f in later)
    # the finished one ended before today and yields nothing today
    assert (w[w.status == "finished"].end_on < TODAY).all()
    # works areas are clear of the footprints
    from gis.geo.crs import to_projected

    hits = shapely.STRtree(to_projected(b.geometry.to_numpy())).query(
        to_projected(w.geometry.to_numpy()), predicate="dwithin", distance=1.9)
    assert not hits.size


def test_every_area_analysis_has_something_to_show(tables):
    """Issue 13: location classes vary along the pipelines, a specified site makes a high-consequence area, an
    internet café near a school and a protected target inside a hazchem enterprise's external safety distance
    are found, and an enterprise without its distance is listed (参数不全)."""
    from gis.gas import rules as gas_rules
    from gis.gas.buffers import buffer_findings
    from gis.gas.location import dwellings, location_classes, location_rules

    found = gas_findings(tables)
    assert any(f.kind == "high_consequence" for f in found)
    rules = gas_rules.load_rules()
    la, b, s = tables["line_asset"], tables["building"], tables["site"]
    pipes = la[la.kind == "gas_pipeline"]
    loc = location_classes(rules, pipes.geometry.to_numpy(), b.geometry.to_numpy(), storeys=b.storeys.to_numpy(),
                           units=dwellings(location_rules(rules), len(b), storeys=b.storeys.to_numpy(),
                                           uses=b.use.to_numpy()),
                           sites=s.geometry.to_numpy(), site_categories=s.category.to_numpy())
    assert set(loc.stretch_class.tolist()) == {1, 2, 3, 4}
    assert any(len(set(loc.classes_of(i))) > 1 for i in range(len(pipes)))      # varying along a pipeline
    attrs = [a if isinstance(a, dict) else json.loads(a) for a in s.attributes]
    checks = buffer_findings(rules, s.geometry.to_numpy(), s.id.to_numpy(), s.name.to_numpy(), s.category.to_numpy(),
                             attrs)
    assert sorted((f.kind, f.level) for f in checks) == [("external_distance", "incomplete"),
                                                         ("external_distance", "inside"),
                                                         ("school_zone", "internet_cafe")]
    cafe = next(f for f in checks if f.kind == "school_zone")
    assert 120 <= cafe.distance_m <= 180 and s.set_index("id").loc[cafe.site_id, "category"] == "internet_cafe"
