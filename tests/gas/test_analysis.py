"""Gas pipeline analyses on hand-computed cases: shapes are drawn in metres in a local Gauss-Krüger frame
(EPSG:4547, CM 114E — the zone measure_crs picks for them), stored as lon/lat like the project does, and the
analysis must measure them back in metres.

DN200 steel → outside diameter 219.1 mm, so the outer wall is 0.10955 m from the centreline. A shape "d m
off the wall" of a pipe along y = Y therefore starts at y = Y + 0.10955 + d.
"""
from __future__ import annotations

import math
from datetime import date

import numpy as np
import pytest
import shapely
from hypothesis import given, settings
from hypothesis import strategies as st

from gis.gas.analysis import (
    Analysis,
    Features,
    Pipelines,
    analyse,
    high_consequence_areas,
    reach_m,
)
from gis.gas.rules import load_rules, pipeline_params
from gis.geo.crs import STORAGE, transform

LOCAL = "EPSG:4547"
X0, Y0 = 500_000.0, 3_800_000.0     # a point near lon 114°, lat 34.3°
HALF = 0.2191 / 2
ON = date(2026, 12, 5)
RULES = load_rules()


def geo(g):
    """A shape drawn in local metres (origin X0, Y0) as stored lon/lat."""
    return transform(shapely.affinity.translate(g, X0, Y0), LOCAL, STORAGE)


def pipe(y: float, length: float = 100.0):
    return geo(shapely.LineString([(0, y), (length, y)]))


def box_off_wall(pipe_y: float, d: float, x0: float = 40.0, depth: float = 10.0, half=HALF):
    """A 10 m × `depth` footprint whose near side is `d` m off the pipe's outer wall (north of the pipe)."""
    y = pipe_y + half + d
    return geo(shapely.box(x0, y, x0 + 10.0, y + depth))


def pipelines(rows):
    """rows: (id, geometry, class, DN, outside diameter)"""
    ids, geoms, cls, dn, od = zip(*rows, strict=True)
    params = pipeline_params(RULES, cls, outside_diameter_mm=od, diameter_mm=dn, material=["钢管"] * len(rows))
    return Pipelines(np.array(geoms, dtype=object), np.array(ids, dtype=object), params)


def features(rows, **cols):
    ids, names, geoms = zip(*rows, strict=True)
    return Features(np.array(geoms, dtype=object), np.array(ids, dtype=object), np.array(names, dtype=object),
                    **{k: np.array(v, dtype=object) for k, v in cols.items()})


MEDIUM_A, SUB_HIGH_B, NO_CLASS, SUB_HIGH_A = 0.0, 1000.0, 2000.0, 3000.0   # pipe y positions, far apart

PIPES = [("P-中A", pipe(MEDIUM_A), "medium_a", 200, None),
         ("P-次高B", pipe(SUB_HIGH_B), "次高压B", 200, None),
         ("P-无级制", pipe(NO_CLASS), None, 200, None),
         ("P-次高A", pipe(SUB_HIGH_A), "high_a", None, 219.1)]

BUILDINGS = [("B0.5", "贴墙0.5米", box_off_wall(MEDIUM_A, 0.5)),
             ("B0.8", "0.8米", box_off_wall(MEDIUM_A, 0.8, x0=10)),
             ("B1.2", "1.2米", box_off_wall(MEDIUM_A, 1.2, x0=70)),
             ("B3", "3米", box_off_wall(MEDIUM_A, 3.0, x0=25)),
             ("B50", "50米", box_off_wall(MEDIUM_A, 50.0)),
             ("S1.0", "次高B 1米", box_off_wall(SUB_HIGH_B, 1.0)),
             ("S2.0", "次高B 2米", box_off_wall(SUB_HIGH_B, 2.0, x0=10)),
             ("S3.0", "次高B 3米", box_off_wall(SUB_HIGH_B, 3.0, x0=70)),
             ("N0.3", "无级制0.3米", box_off_wall(NO_CLASS, 0.3))]

# works: near side 2 m off the wall (control range only), across the pipe (both ranges), and three inactive
WORKS = ([("W-control", "控制范围内施工", box_off_wall(MEDIUM_A, 2.0, x0=5, depth=20)),
          ("W-across", "横穿管线施工", geo(shapely.box(80, -5, 90, 5))),
          ("W-ended", "已结束施工", geo(shapely.box(80, -5, 90, 5))),
          ("W-future", "未开工施工", geo(shapely.box(80, -5, 90, 5))),
          ("W-finished", "已完工施工", geo(shapely.box(80, -5, 90, 5)))],
         {"start": [date(2026, 11, 1), None, date(2026, 1, 1), date(2027, 1, 1), date(2026, 11, 1)],
              "end": [None, date(2026, 12, 5), date(2026, 12, 4), None, None],
              "status": ["active", "active", "active", "active", "finished"]})

SITES = ([("school10", "管边小学", geo(shapely.Point(50, MEDIUM_A + 10))),
          ("school20", "远一点的小学", geo(shapely.Point(20, MEDIUM_A + 20))),
          ("canteen5", "餐馆", geo(shapely.Point(60, MEDIUM_A + 5))),
          ("kinder150", "次高压旁幼儿园", geo(shapely.Point(50, SUB_HIGH_A - 150)))],
         {"category": ["school", "school", "catering", "childcare_institution"]})


def run(pipes=PIPES, buildings=BUILDINGS, works=WORKS, sites=SITES):
    return analyse(RULES, pipelines(pipes), ON, buildings=features(buildings),
                   works=features(works[0], **works[1]), sites=features(sites[0], **sites[1]))


def by_feature(findings, kind):
    return {f.feature_id: f for f in findings if f.kind == kind}


def test_building_half_a_metre_off_a_medium_pressure_pipe_is_a_major_occupation():
    occ = by_feature(run(), "occupation")
    f = occ["B0.5"]
    assert f.pipeline_id == "P-中A" and f.feature_name == "贴墙0.5米"
    assert f.distance_m == pytest.approx(0.5, abs=1e-3)
    assert f.threshold_m == 0.5 and f.level == "occupation" and f.grade == "major"
    assert f.pressure_class == "medium_a" and not f.incomplete and f.note == ""
    assert "城镇燃气管理条例第三十三条" in f.basis and "重大隐患判定标准" in f.basis


def test_clearance_levels_follow_the_table():
    findings = run()
    clr = by_feature(findings, "clearance")
    # 中压A: minimum 1.5 (foundation), reduced 1.0 (outer wall)
    assert clr["B1.2"].level == "below_minimum" and clr["B1.2"].threshold_m == 1.5
    assert clr["B1.2"].distance_m == pytest.approx(1.2, abs=1e-3)
    assert clr["B0.8"].level == "below_reduced" and clr["B0.8"].threshold_m == 1.0
    assert clr["B0.8"].distance_m == pytest.approx(0.8, abs=1e-3)
    assert "表6.3.3-1" in clr["B0.8"].basis
    # 3 m from a 中压A pipe meets the table's 1.5 m; 50 m is nowhere near
    assert not any(f.feature_id in ("B3", "B50") for f in findings)
    # 次高压B: protection 1.5, minimum 5.0, reduced 3.0 (3.0 itself meets the reduced minimum)
    assert by_feature(findings, "occupation")["S1.0"].distance_m == pytest.approx(1.0, abs=1e-3)
    assert clr["S2.0"].level == "below_reduced" and clr["S2.0"].threshold_m == 3.0
    assert clr["S3.0"].level == "below_minimum" and clr["S3.0"].threshold_m == 5.0
    assert clr["S3.0"].distance_m == pytest.approx(3.0, abs=1e-3)
    # each building is found once (one pipeline near it)
    kinds = [f.feature_id for f in findings if f.kind in ("occupation", "clearance")]
    assert sorted(kinds) == sorted(["B0.5", "B0.8", "B1.2", "S1.0", "S2.0", "S3.0", "N0.3"])


def test_works_warn_in_the_control_range_and_alarm_in_the_protection_range_while_active():
    works = by_feature(run(), "third_party_works")
    assert set(works) == {"W-control", "W-across"}
    assert works["W-control"].level == "warning" and works["W-control"].threshold_m == 5.0
    assert works["W-control"].distance_m == pytest.approx(2.0, abs=1e-3)
    assert works["W-across"].level == "alarm" and works["W-across"].distance_m == 0.0
    assert works["W-across"].feature_name == "横穿管线施工" and works["W-across"].grade == "general"
    # the day after its end date, the crossing works no longer count
    later = analyse(RULES, pipelines(PIPES), date(2026, 12, 6), works=features(WORKS[0], **WORKS[1]))
    assert {f.feature_id for f in later} == {"W-control"}


def test_pipeline_without_class_is_analysed_with_the_default_and_marked_incomplete():
    findings = run()
    f = by_feature(findings, "occupation")["N0.3"]
    assert f.pipeline_id == "P-无级制" and f.pressure_class == RULES.default_class == "medium_a"
    assert f.incomplete == ("压力级制",) and f.note.startswith("参数不全")
    assert f.distance_m == pytest.approx(0.3, abs=1e-3)
    # no class and no diameter: both defaulted, still analysed
    params = pipeline_params(RULES, [None, "中压A"], outside_diameter_mm=[None, None], diameter_mm=[None, 0])
    assert params.missing == (("压力级制", "外径"), ("外径",))
    assert list(params.od_mm) == [RULES.default_od_mm] * 2


def test_outside_diameter_from_dn_and_material():
    p = pipeline_params(RULES, ["low"] * 4, outside_diameter_mm=[None, None, 250.0, None],
                        diameter_mm=[200, 110, 200, 160], material=["钢管", "PE管", "钢管", "聚乙烯"])
    assert list(p.od_mm) == [219.1, 110.0, 250.0, 160.0] and p.missing == ((),) * 4
    assert list(p.maop_mpa) == [0.01] * 4 and list(p.protection_m) == [0.5] * 4


def test_high_consequence_sites_within_the_impact_radius():
    findings = run()
    hca = by_feature(findings, "high_consequence")
    assert set(hca) == {"school10", "kinder150"}         # the canteen is not a specified site; school20 too far
    f = hca["school10"]
    pir = 0.099 * 219.1 * math.sqrt(0.4)                  # row d: OD < 273, MAOP (中压A upper limit) < 1.6
    assert f.threshold_m == pytest.approx(pir) and f.threshold_m == pytest.approx(13.72, abs=0.01)
    assert f.distance_m == pytest.approx(10.0, abs=1e-3) and f.level == "Ⅰ" and f.grade is None
    assert "学校" in f.basis and "GB 32167" in f.basis
    # the area: the 2·√(r² − 10²) m of pipe within r of the school, buffered by r
    area_m = transform(f.geometry, STORAGE, LOCAL)
    half_len = math.sqrt(pir ** 2 - 10 ** 2)
    assert area_m.area == pytest.approx(2 * half_len * 2 * pir + math.pi * pir ** 2, rel=0.01)
    assert area_m.covers(shapely.Point(X0 + 50, Y0 + 10))
    # 次高压A at 1.6 MPa is not < 1.6: row e, 200 m each side
    k = hca["kinder150"]
    assert k.threshold_m == 200.0 and k.distance_m == pytest.approx(150.0, abs=1e-3)
    areas = high_consequence_areas(findings)
    assert set(areas) == {f.pipeline_index, k.pipeline_index}


def test_range_polygons_are_outside_diameter_half_plus_width():
    a = Analysis(RULES, pipelines(PIPES))
    prot = transform(a.range_polygons("protection"), STORAGE, LOCAL)
    ctrl = transform(a.range_polygons("control"), STORAGE, LOCAL)
    for poly, half_width in ((prot[0], HALF + 0.5), (ctrl[0], HALF + 5.0), (prot[1], HALF + 1.5),
                             (ctrl[1], HALF + 15.0)):
        assert poly.area == pytest.approx(100 * 2 * half_width + math.pi * half_width ** 2, rel=0.005)
    assert a.crs == LOCAL


def test_one_pipelines_findings_are_its_share_of_all():
    a = Analysis(RULES, pipelines(PIPES), buildings=features(BUILDINGS), works=features(WORKS[0], **WORKS[1]),
                 sites=features(SITES[0], **SITES[1]))
    every = a.findings(ON)
    one = a.findings(ON, pipelines=[1])
    assert one and set(one) == {f for f in every if f.pipeline_index == 1}


def test_a_pipelines_neighbourhood_within_reach_gives_its_findings():
    """What an identify panel does: load only the features within reach_m of one pipeline."""
    everything = run()
    pl = pipelines(PIPES)
    reach = reach_m(RULES, pl.params)
    assert reach["buildings"][0] == pytest.approx(HALF + 1.5 + RULES.tolerance_m)
    assert reach["works"][0] == pytest.approx(HALF + 5.0 + RULES.tolerance_m)
    local_pipes = transform(pl.geoms, STORAGE, LOCAL)
    def near(i, rows, kind, cols=None):
        keep = [k for k, r in enumerate(rows) if r[2] is not None and shapely.dwithin(
            local_pipes[i], transform(r[2], STORAGE, LOCAL), reach[kind][i])]
        return [rows[k] for k in keep], {c: [v[k] for k in keep] for c, v in (cols or {}).items()}

    for i in range(len(PIPES)):
        b, _ = near(i, BUILDINGS, "buildings")
        w, wcols = near(i, WORKS[0], "works", WORKS[1])
        s, scols = near(i, SITES[0], "sites", SITES[1])
        one = analyse(RULES, pipelines([PIPES[i]]), ON, buildings=features(b) if b else None,
                      works=features(w, **wcols) if w else None, sites=features(s, **scols) if s else None)
        assert _key(one) == _key(f for f in everything if f.pipeline_id == PIPES[i][0])


def test_missing_geometries_are_left_out_not_fatal():
    fs = run(PIPES + [("P-无几何", None, "low", 100, None)], BUILDINGS + [("B-无几何", "无几何", None)])
    assert _key(fs) == _key(run())


def _key(findings):
    return sorted((f.kind, f.pipeline_id, f.feature_id, f.level, round(f.distance_m, 6), f.grade, f.incomplete)
                  for f in findings)


@settings(max_examples=15, deadline=None)
@given(st.permutations(range(len(PIPES))), st.permutations(range(len(BUILDINGS))),
       st.permutations(range(len(WORKS[0]))), st.permutations(range(len(SITES[0]))))
def test_results_do_not_depend_on_input_order(po, bo, wo, so):
    works = ([WORKS[0][i] for i in wo], {k: [v[i] for i in wo] for k, v in WORKS[1].items()})
    sites = ([SITES[0][i] for i in so], {k: [v[i] for i in so] for k, v in SITES[1].items()})
    shuffled = run([PIPES[i] for i in po], [BUILDINGS[i] for i in bo], works, sites)
    assert _key(shuffled) == _key(run())


def test_occupation_over_a_low_pressure_pipe_is_a_general_hazard():
    fs = analyse(RULES, pipelines([("P-低", pipe(0.0), "低压", 100, None)]), ON,
                 buildings=features([("B", "压在管上", geo(shapely.box(40, -3, 50, 3)))]))
    assert [(f.kind, f.level, f.grade, f.distance_m, f.threshold_m) for f in fs] == [
        ("occupation", "occupation", "general", 0.0, 0.5)]
