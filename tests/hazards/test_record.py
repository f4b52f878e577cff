"""Recording a hazard on the map: linked feature, derived grid, validation and photos in the project."""
from __future__ import annotations

import pytest
from sqlalchemy import select

from gis import hazards, repo
from gis.errors import ValidationError
from gis.model import Grid, Hazard, HazardPhoto, LineAsset, Zone

from .conftest import new_hazard

PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64
JPEG = b"\xff\xd8\xff\xe0" + b"\x00" * 64


def _grid_code(project, hid):
    with project.session() as s:
        h = s.get(Hazard, hid)
        return s.get(Grid, h.grid_id).code if h.grid_id else None


def test_site_hazard_takes_the_sites_grid_sector_and_a_code(world):
    hid = new_hazard(world, site="老王家常菜馆", checklist_item="gas-03")
    with world.session() as s:
        h = s.get(Hazard, hid)
        assert (h.code, h.sector, h.status, h.found_by, h.checklist_item) == (
            "YH2026-00001", "gas", "registered", "刘芳", "gas-03")
    assert _grid_code(world, hid) == "410411003001002"
    assert new_hazard(world) != hid
    with world.session() as s:
        assert sorted(s.scalars(select(Hazard.code).where(Hazard.code.like("YH2026-%")))) == [
            "YH2026-00001", "YH2026-00002"]


def test_grid_from_point_line_and_zone(world):
    with world.transaction() as s:
        line = s.scalars(select(LineAsset)).one()
        zone = s.scalars(select(Zone)).one()
        on_line = hazards.register(s, actor="刘芳", description="管道上方违章搭建", source="grid_patrol",
                                   line_id=line.id, point=(113.36, 33.67), sector="gas")
        mid_line = hazards.register(s, actor="刘芳", description="警示桩缺失", source="grid_patrol", line_id=line.id)
        in_zone = hazards.register(s, actor="刘芳", description="林缘堆放秸秆", source="grid_patrol", zone_id=zone.id,
                                   sector="forest_fire", checklist_item="forest_fire-03")
        ids = on_line.id, mid_line.id, in_zone.id
        assert on_line.geom.x == 113.36
        # the pipeline's middle (113.3, 33.65) lies where four grids meet: grid_at's rule (lowest code) decides
        middle = repo.grid_at(s, 113.3, 33.65).code
    assert [_grid_code(world, i) for i in ids] == ["410411003002002", middle, "410411003001003"]


@pytest.mark.parametrize("kw, message", [
    ({"site_id": None}, "须关联地图上的对象"),
    ({"line_id": 1}, "只能关联一个对象"),
    ({"source": "rumour"}, "隐患来源“rumour”无效，可选：企业自查、专家诊查"),
    ({"source": None}, "须注明隐患来源"),
    ({"description": "  "}, "隐患描述不能为空"),
    ({"checklist_item": "gas-99"}, "清单条目“gas-99”无效"),
    ({"checklist_item": "fire-01"}, "清单条目 fire-01 属于“消防”，与隐患的行业领域“工贸”不一致"),
    ({"site_id": 999}, "找不到编号为 999 的场所"),
    ({"owner_id": 999}, "整改责任人：找不到编号为 999 的人员"),
    ({"deadline": "12月底"}, "整改时限“12月底”不是有效日期"),
])
def test_register_refusals(world, kw, message):
    args = {"actor": "刘芳", "description": "配电箱未上锁", "source": "grid_patrol",
            "site_id": world.sites["鑫源机械加工厂"], **kw}
    with world.transaction() as s, pytest.raises(ValidationError, match=message):
        hazards.register(s, **args)
    with world.session() as s:
        assert s.scalars(select(Hazard).where(Hazard.description == "配电箱未上锁")).first() is None


def test_photos_are_stored_inside_the_project(world):
    hid = new_hazard(world, photos=[("现场1.png", PNG), ("现场2.jpg", JPEG)])
    with world.session() as s:
        photos = s.scalars(select(HazardPhoto).where(HazardPhoto.hazard_id == hid).order_by(HazardPhoto.id)).all()
        assert [(p.filename, p.mime, p.data) for p in photos] == [
            ("现场1.png", "image/png", PNG), ("现场2.jpg", "image/jpeg", JPEG)]
    with pytest.raises(ValidationError, match="“说明.txt”不是可识别的图片文件"):
        new_hazard(world, photos=[("说明.txt", b"hello")])


def test_edit_records_old_and_new_values(world):
    hid = new_hazard(world)
    with world.transaction() as s:
        event = hazards.update(s, hid, {"description": "配电箱未上锁且无警示", "supervision_level": "district"},
                               actor="刘芳")
        assert event.note == "隐患描述：配电箱未上锁→配电箱未上锁且无警示；挂牌督办级别：（空）→区级挂牌督办"
        assert hazards.update(s, hid, {"description": "配电箱未上锁且无警示"}, actor="刘芳") is None  # no change


def test_assigned_hazard_keeps_its_five_ding(world):
    from .conftest import five_ding, step

    hid = new_hazard(world)
    step(world, hid, "assign", changes=five_ding(world))
    with world.transaction() as s, pytest.raises(ValidationError, match="隐患已交办，不能清空：整改措施"):
        hazards.update(s, hid, {"measures": ""}, actor="刘芳")
    with world.transaction() as s, pytest.raises(ValidationError, match="不能直接修改：状态"):
        hazards.update(s, hid, {"status": "closed"}, actor="刘芳")
