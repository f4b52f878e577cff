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
