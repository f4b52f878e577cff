"""Editing the third-party works register by hand (desktop/services/works.py over gis/gas/works.py), on SQLite
and PostgreSQL: add, update, change status, delete; refusals name the field in Chinese and leave the project
as it was; the database's spatial index (GeoPackage R-tree / PostGIS GiST) finds a new or moved extent; the
pipeline analysis sees what was written. Shapes in metres around the scene of tests/gas/scene.py."""
from __future__ import annotations

from datetime import date

import pytest
import shapely
from shapely.geometry import Polygon, box
from sqlalchemy import func, select

from desktop.services import gas as gas_use
from desktop.services import works as use
from gis import spatial
from gis.gas import findings
from gis.gas.works import WorksError
from gis.hazards import workflow
from gis.model import AdminUnit, Hazard, ThirdPartyWorks
from tests.gas import scene

VALUES = {"name": "工业路路灯基础施工", "party": "县市政工程公司", "contact_name": "李师傅", "contact_phone": "13800000000",
          "start_on": date(2026, 12, 1), "end_on": "2026年12月31日", "permit_no": "燃监护〔2026〕17号",
          "supervisor": "赵监护", "status": "施工中", "note": ""}


@pytest.fixture
def project(new_project):
    with new_project.transaction() as s:
        scene.build(s)
        # the township covers the scene (x -100…1000 m, y -600…600 m)
        s.add(AdminUnit(code="410102001", name="示例镇", level="township",
                        geom=scene.lonlat(box(-100, -600, 1000, 600))))
    return new_project


def _snapshot(project):
    with project.session() as s:
        rows = s.execute(select(ThirdPartyWorks.id, ThirdPartyWorks.name, ThirdPartyWorks.status,
                                ThirdPartyWorks.end_on, func.count()).group_by(ThirdPartyWorks.id)
                         .order_by(ThirdPartyWorks.id)).all()
        return [tuple(r) for r in rows], [tuple(r) for r in s.execute(select(Hazard.id, Hazard.works_id)).all()]


def _near_pipe(x=200.0):
    """A works area whose near edge is 2 m off the main pipe's outer wall: inside its 5 m control range."""
    return scene.wall_box(x, 2.0, depth=6.0, width=20.0)


def _found(project, geom):
    with project.session() as s:
        return set(spatial.ids_in_box(s, "third_party_works", tuple(geom.bounds)).tolist())


def test_add_update_status_delete(project):
    extent = _near_pipe()
    done = use.add(project, VALUES, extent)
    new = done.value
    assert done.change.kinds == {"works"} and done.change.ids_of("works") == {new}
    rec = use.record(project, new)
    assert rec.values["end_on"] == date(2026, 12, 31) and rec.values["status"] == "active"
    assert rec.values["note"] is None and rec.values["permit_no"] == "燃监护〔2026〕17号"
    assert rec.extent.equals_exact(extent, 1e-9)
    assert new in _found(project, extent)                           # the index knows the new extent
    # active first; by start date, works without one last
    assert [r.name for r in use.listing(project, status="active")] == ["排水管施工", VALUES["name"], "光缆抢修"]
    assert [r.status for r in use.listing(project)] == ["active"] * 3 + ["planned", "finished"]
    assert [r.id for r in use.listing(project, text="市政工程")] == [new]
    assert [r.id for r in use.listing(project, text="1380000")] == [new]
    assert use.listing(project, status="finished", text="市政工程") == []
    # the analysis (what `gridsafe gas analyse --dry-run` runs) sees it inside the control range
    run = gas_use.analyse(project, operator="王工", on=scene.ON, dry_run=True).value
    mine = [f for f in run.run.findings if f.kind == "third_party_works" and f.feature_id == new]
    assert len(mine) == 1 and mine[0].distance_m == pytest.approx(2.0, abs=0.05)

    # move it 300 m along the pipe: the index follows, the old place no longer finds it
    moved = _near_pipe(500.0 + 20)
    out = use.update(project, new, {"name": "工业路路灯基础施工（二期）"}, moved)
    assert out.change.ids_of("works") == {new}
    assert new in _found(project, moved) and new not in _found(project, extent)
    rec = use.record(project, new)
    assert rec.values["name"] == "工业路路灯基础施工（二期）" and rec.values["party"] == "县市政工程公司"

    out = use.set_status(project, new, "完工")                        # an alias, as in an import
    assert use.record(project, new).values["status"] == "finished" and out.change.kinds == {"works"}
    run = gas_use.analyse(project, operator="王工", on=scene.ON, dry_run=True).value
    assert not [f for f in run.run.findings if f.kind == "third_party_works" and f.feature_id == new]

    out = use.delete(project, new)
    assert out.value == 0 and out.change.kinds == {"works"} and out.change.ids_of("works") == {new}
    assert new not in _found(project, moved)
    assert new not in [r.id for r in use.listing(project)]


def test_delete_keeps_linked_hazards_unlinked(project):
    new = use.add(project, VALUES, _near_pipe()).value
    with project.transaction() as s:
        h = workflow.register(s, actor="王工", description="工业路旁施工未落实监护", source=findings.SOURCE,
                              grade="general", sector="gas", point=(113.3, 33.65), works_id=new).id
    out = use.delete(project, new)
    assert out.value == 1 and out.change.kinds == {"works", "hazards"} and out.change.ids_of("hazards") == {h}
    with project.session() as s:
        assert s.get(Hazard, h).works_id is None


@pytest.mark.parametrize(("change", "field", "words"), [
    ({"name": "  "}, "name", "缺少必填字段“名称”"),
    ({"end_on": date(2026, 11, 1)}, "end_on", "结束日期 2026-11-01 早于开始日期 2026-12-01"),
    ({"start_on": "明天"}, "start_on", "开始日期：“明天”不是有效的日期"),
    ({"status": "暂停"}, "status", "“暂停”不是有效的状态，可选：未开工、施工中、已完工"),
    ({"contact_phone": "1" * 31}, "contact_phone", "联系电话：内容超过 30 个字"),
])
def test_bad_values_name_the_field_and_write_nothing(project, change, field, words):
    before = _snapshot(project)
    with pytest.raises(WorksError) as e:
        use.add(project, VALUES | change, _near_pipe())
    assert e.value.fields == [field] and words in e.value.message
    assert _snapshot(project) == before
    # the same on an update of an existing works
    first = before[0][0][0]
    with pytest.raises(WorksError) as e:
        use.update(project, first, VALUES | change)
    assert e.value.fields == [field]
    assert _snapshot(project) == before


def test_the_import_refuses_the_same_end_date_in_the_same_words(project, tmp_path):
    """One rule, one message: the importer's period check is the one the form uses."""
    import json

    from gis.io.errors import ImportRejected
    from gis.io.importer import ImportOptions, import_file

    path = tmp_path / "works.geojson"
    feature = {"type": "Feature", "properties": {"名称": "沟槽", "开始日期": "2026-12-01", "结束日期": "2026-11-01"},
               "geometry": shapely.geometry.mapping(_near_pipe())}
    path.write_text(json.dumps({"type": "FeatureCollection", "features": [feature]}), encoding="utf-8")
    with pytest.raises(ImportRejected) as e:
        import_file(project, path, ImportOptions(layer="works"))
    reasons = [i.reason for i in e.value.report.issues]
    assert "结束日期 2026-11-01 早于开始日期 2026-12-01" in reasons


def test_self_intersecting_extent_is_refused_then_repaired_on_request(project):
    before = _snapshot(project)
    bowtie = scene.lonlat(Polygon([(200, 5), (230, 15), (230, 5), (200, 15)]))
    with pytest.raises(WorksError) as e:
        use.add(project, VALUES, bowtie)
    assert e.value.fields == ["geom"] and e.value.repairable
    assert e.value.message.startswith("施工范围的边线自相交，可自动修复")
    assert _snapshot(project) == before
    new = use.add(project, VALUES, bowtie, repair=True).value
    rec = use.record(project, new)
    assert rec.extent.is_valid and rec.extent.geom_type == "MultiPolygon" and len(rec.extent.geoms) == 2


def test_missing_or_flat_extent_and_several_problems_at_once(project):
    before = _snapshot(project)
    with pytest.raises(WorksError) as e:
        use.add(project, VALUES | {"name": ""}, None)
    assert e.value.fields == ["name", "geom"] and "施工范围：缺少施工范围" in e.value.message
    line = scene.lonlat(shapely.LineString([(0, 10), (50, 10)]))
    with pytest.raises(WorksError) as e:
        use.add(project, VALUES, line)
    assert "施工范围应为面，而不是线" in e.value.message and not e.value.repairable
    flat = scene.lonlat(Polygon([(0, 10), (25, 10), (50, 10)]))
    with pytest.raises(WorksError) as e:
        use.add(project, VALUES, flat)
    assert e.value.fields == ["geom"] and not e.value.repairable
    assert _snapshot(project) == before


def test_extent_outside_the_project_area_asks_first(project):
    before = _snapshot(project)
    far = scene.lonlat(box(3000, 3000, 3050, 3030))                 # 3 km from the township
    with pytest.raises(WorksError) as e:
        use.add(project, VALUES, far)
    assert e.value.outside and e.value.fields == ["geom"] and "不在项目的乡镇、村或网格范围内" in e.value.message
    assert _snapshot(project) == before
    new = use.add(project, VALUES, far, allow_outside=True).value
    # an attribute edit does not ask again about an extent it does not change
    use.update(project, new, {"supervisor": "钱监护"})
    assert use.record(project, new).values["supervisor"] == "钱监护"


def test_gone_works_is_reported(project):
    with pytest.raises(Exception) as e:
        use.set_status(project, 999_999, "active")
    assert "第三方施工（ID 999999）不存在" in str(e.value)
