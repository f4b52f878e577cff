"""The gas ranges on the map (gis.gasmap derived layers) and one pipeline's facts for the identify panel,
read from a project on both backends."""
from __future__ import annotations

import pytest
import shapely
from shapely.geometry import Point

from gis import gasmap, identify, layers
from tests.gas import scene


@pytest.fixture
def gas_project(new_project):
    with new_project.transaction() as s:
        ids = scene.build(s)
    return new_project, ids


def test_range_layers_are_the_rules_widths_beyond_the_outer_wall(gas_project):
    project, ids = gas_project
    got = layers.load_all(project, ["gas_protection", "gas_control"])
    prot, ctrl = got["gas_protection"], got["gas_control"]
    assert sorted(prot.ids) == sorted(ids.values()) == sorted(ctrl.ids)
    main_p = prot.geoms[list(prot.ids).index(ids["main"])]
    main_c = ctrl.geoms[list(ctrl.ids).index(ids["main"])]
    r = scene.HALF_OD

    def at(wall):     # a point `wall` metres north of the main pipe's outer wall, mid-way along
        return scene.lonlat(Point(450, r + wall))

    assert main_p.contains(at(0.45)) and not main_p.contains(at(0.55))
    assert main_c.contains(at(4.95)) and not main_c.contains(at(5.05))
    row = prot.attrs.iloc[list(prot.ids).index(ids["main"])]
    assert row["class_used"] == row["pressure_class"] == "medium_a" and row["width_m"] == 0.5 and row["od_mm"] == pytest.approx(219.1)
    bare = prot.attrs.iloc[list(prot.ids).index(ids["bare"])]
    assert bare["class_used"] == "medium_a" and bare["defaulted"] == "压力级制、外径" and ctrl.attrs["width_m"].tolist() == [5.0, 5.0]
    # a change to the lines reloads the range layers with the pipelines
    assert {"pipelines", "gas_protection", "gas_control"} <= set(layers.layers_for({"lines"}))
    assert "gas_protection" not in layers.layers_for({"buildings"})


def test_range_layers_in_a_box_keep_only_the_pipelines_found_there(gas_project):
    project, ids = gas_project
    x0, y0, x1, y1 = shapely.bounds(scene.lonlat(shapely.box(0, -10, 900, 10)))
    got = gasmap.gas_protection(project, box=(x0, y0, x1, y1))
    assert list(got.ids) == [ids["main"]]
    assert len(gasmap.gas_control(project, box=(x0 + 1, y0 + 1, x1 + 1, y1 + 1))) == 0


def test_pipeline_facts_list_buildings_in_protection_and_active_works_in_control(gas_project):
    project, ids = gas_project
    with project.session() as s:
        g = identify.facts(s, "pipelines", ids["main"]).gas
        also = identify.facts(s, "gas_control", ids["main"]).gas
        g_on = gasmap.gas_facts(s, ids["main"], on=scene.ON)
        bare = gasmap.gas_facts(s, ids["bare"], on=scene.ON)
        road = identify.facts(s, "roads", ids["main"]).gas
    assert (g.pressure_class, g.class_zh, g.diameter_mm, g.material, g.operator) == \
        ("medium_a", "中压A", 200.0, "钢管", "县燃气公司")
    assert g.od_mm == pytest.approx(219.1) and (g.protection_m, g.control_m) == (0.5, 5.0) and g.defaulted == ()
    assert "城镇燃气管理条例" in g.range_basis and also == g
    assert [(n, round(d, 2)) for n, d in g_on.buildings] == [("1号楼", 0.3)]
    assert [(n, round(d, 2), lv, zh) for n, d, lv, zh in g_on.works] == \
        [("光缆抢修", 0.2, "alarm", "报警"), ("排水管施工", 3.0, "warning", "预警")]
    assert bare.defaulted == ("压力级制", "外径") and bare.class_defaulted and bare.od_defaulted
    assert bare.class_zh == "中压A" and bare.od_mm == pytest.approx(219.1) and bare.buildings == [] == bare.works
    assert road is None


# --- location class and high-consequence areas (gas_location_class, gas_hca) ------------------------------

def build_areas(s):
    """A 3.2 km 次高压B DN200 pipeline: a school 10 m off the pipe at x 400 (inside its potential impact
    radius, 19.4 m for DN200 at 0.8 MPa: 高后果区 Ⅰ; an assembly place within 90 m: 三级) and a village of 80
    one-storey houses 30 m north at x 2400–3194 (三级; 次高压 and above: 高后果区 Ⅱ); nothing else within 200 m."""
    from shapely.geometry import LineString, box

    from gis.model import Building, LineAsset, Site

    main = LineAsset(kind="gas_pipeline", name="工业路次高压管线", pressure_class="high_b", material="钢管",
                     diameter_mm=200, geom=scene.lonlat(LineString([(0, 0), (3200, 0)])))
    s.add(main)
    s.add(Site(name="实验小学", category="school", sector="fire", geom=scene.lonlat(Point(400, 10))))
    s.add_all([Building(name=f"{i}号房", storeys=1, use="residential",
                        geom=scene.lonlat(box(2400 + 10 * i, 30, 2404 + 10 * i, 34))) for i in range(80)])
    s.flush()
    return main.id


@pytest.fixture
def areas_project(new_project):
    with new_project.transaction() as s:
        pipe = build_areas(s)
    return new_project, pipe


def test_location_class_layer_has_one_band_per_class(areas_project):
    project, _ = areas_project
    got = layers.load_all(project, ["gas_location_class"])["gas_location_class"]
    assert sorted(got.ids) == [1, 2, 3]
    by = dict(zip(got.ids, got.geoms, strict=True))
    rows = got.attrs.set_index(got.ids)
    assert rows.loc[3, "class_zh"] == "三级地区" and rows.loc[1, "class_zh"] == "一级地区"
    assert rows["length_km"].sum() == pytest.approx(3.2)
    assert by[3].contains(scene.lonlat(Point(2800, 150))) and by[3].contains(scene.lonlat(Point(400, -150)))
    assert not any(g.contains(scene.lonlat(Point(2800, 210))) for g in by.values())
    # stretches: 一级 0–300 m, 三级 300–500 (the school), 一级 500–800, 二级 800–1400, 三级 from 1400 (windows
    # reaching the village); their 200 m bands, a higher class winning where they overlap
    assert by[1].contains(scene.lonlat(Point(50, 100))) and by[2].contains(scene.lonlat(Point(1100, 100)))
    assert by[3].contains(scene.lonlat(Point(1450, 100)))
    assert by[3].contains(scene.lonlat(Point(1350, 100)))
    for kind in ("lines", "buildings", "sites"):
        assert {"gas_location_class", "gas_hca"} <= set(layers.layers_for({kind}))
    assert "gas_hca" not in layers.layers_for({"works"})


def test_hca_layer_has_the_school_area_and_the_class_three_band(areas_project):
    project, _ = areas_project
    got = layers.load_all(project, ["gas_hca"])["gas_hca"]
    assert sorted(got.ids) == [1, 2]
    by = dict(zip(got.ids, got.geoms, strict=True))
    rows = got.attrs.set_index(got.ids)
    assert rows.loc[1, "level_zh"] == "Ⅰ级高后果区" and rows.loc[2, "level_zh"] == "Ⅱ级高后果区"
    assert "GB 32167-2015 表1 b)" in rows.loc[2, "basis"] and "表1 d)" in rows.loc[1, "basis"]
    assert by[2].contains(scene.lonlat(Point(2800, 150)))
    # the school's area: the pipe within the radius (19.4 m) of the school, buffered by it — inside the 三级
    # band round the school (an assembly place), and kept whole (levels overlap)
    assert by[1].contains(scene.lonlat(Point(400, 19))) and not by[1].contains(scene.lonlat(Point(400, 20)))
    assert not by[1].contains(scene.lonlat(Point(1000, 0))) and by[2].contains(by[1])


def test_pipeline_facts_name_its_location_classes_and_hca_levels(areas_project):
    project, pipe = areas_project
    with project.session() as s:
        g = gasmap.gas_facts(s, pipe, on=scene.ON)
    assert set(g.location_classes) == {1, 2, 3} and sum(g.location_classes.values()) == pytest.approx(3200)
    assert g.hca_levels == ("Ⅰ", "Ⅱ")
    assert g.location_text.startswith("一级 ") and "三级" in g.location_text


def test_hca_rows_a_b_apply_from_the_rules_class_up(areas_project):
    """A 中压 pipeline through the same 三级 areas: GB 32167 rows a/b apply from 次高压 up (rules), so only the
    school's area (level Ⅰ) remains."""
    from gis.model import LineAsset

    project, pipe = areas_project
    with project.transaction() as s:
        s.get(LineAsset, pipe).pressure_class = "medium_a"
    got = gasmap.gas_hca(project)
    assert list(got.ids) == [1] and list(got.attrs["level_zh"]) == ["Ⅰ级高后果区"]
    assert list(gasmap.gas_location_class(project).ids) == [1, 2, 3]


def test_pipeline_facts_use_the_windows_of_the_pipelines_joined_to_it(areas_project):
    """A 200 m pipeline continuing the main past the village: alone it would see ~20 houses (二级); joined end
    to end with the main, the windows reaching all 80 houses contain it (三级), on the map and in identify."""
    from shapely.geometry import LineString

    from gis.model import LineAsset

    project, _ = areas_project
    with project.transaction() as s:
        tail = LineAsset(kind="gas_pipeline", name="工业路延伸段", pressure_class="high_b", diameter_mm=200,
                         material="钢管", geom=scene.lonlat(LineString([(3200, 0), (3400, 0)])))
        s.add(tail)
        s.flush()
        tail_id = tail.id
    with project.session() as s:
        g = gasmap.gas_facts(s, tail_id, on=scene.ON)
    assert g.location_classes == {3: pytest.approx(200)}
    assert g.hca_levels == ("Ⅱ",)


def test_recorded_dwelling_units_count_on_both_backends(areas_project):
    """A block of flats recording 120 dwellings (attribute units) beside the main's start makes it 三级 there."""
    from shapely.geometry import box

    from gis.model import Building

    project, _ = areas_project
    near_start = scene.lonlat(Point(100, 150))
    got = gasmap.gas_location_class(project)
    assert not got.geoms[list(got.ids).index(3)].contains(near_start)
    with project.transaction() as s:
        s.add(Building(name="安置小区1号楼", storeys=3, use="residential", attributes={"units": 120, "note": "x"},
                       geom=scene.lonlat(box(50, 40, 150, 80))))
    got = gasmap.gas_location_class(project)
    assert got.geoms[list(got.ids).index(3)].contains(near_start)
