"""Imports into every layer: encodings, CRSs, web-map coordinates, mapping, validation, all or nothing."""
from __future__ import annotations

import re

import geopandas as gpd
import numpy as np
import pytest
from openpyxl import load_workbook
from shapely.geometry import LineString, Point, Polygon, box
from sqlalchemy import select

from gis.io.errors import CrsRequired, ImportRejected
from gis.io.importer import ImportOptions, import_file
from gis.model import AdminUnit, Grid, LineAsset, Site, Zone
from tests.io import files
from tests.io.files import SITES, counts

HAN = re.compile(r"[\u4e00-\u9fff]")

METRE_DEG = 1 / 111_320


def _imported_sites(project):
    with project.session() as s:
        return {site.name: site for site in s.scalars(select(Site)) if site.name in {x[0] for x in SITES}}


def test_gbk_shapefile_without_cpg_imports_with_grids_derived(sqlite_world, tmp_path):
    world = sqlite_world
    path = files.gbk_shapefile_without_cpg(tmp_path)
    report = import_file(world, path, ImportOptions("sites"))
    assert report.encoding == "gb18030" and report.imported == 3 and not report.rejected
    sites = _imported_sites(world)
    assert set(sites) == {s[0] for s in SITES}
    assert sites["福满楼饭店"].category == "catering" and sites["福满楼饭店"].sector == "gas"
    assert sites["顺达五金店"].address == "张庄村东街8号"
    assert sites["福满楼饭店"].attributes == {"从业人数": 12}
    with world.session() as s:
        grid = s.get(Grid, sites["顺达五金店"].grid_id)
    assert grid.geom.covers(sites["顺达五金店"].geom)


def test_all_or_nothing_one_bad_row_writes_nothing(world, tmp_path):
    df = files.sites_frame()
    df.loc[1, "行业"] = "火锅"  # not a category
    df.loc[2, "geometry"] = Point(13.3, 33.6)  # in the Sahara
    path = files.write_shp(df, tmp_path / "bad.shp")
    before = counts(world)
    with pytest.raises(ImportRejected) as e:
        import_file(world, path, ImportOptions("sites"))
    assert counts(world) == before
    msg = e.value.message
    assert "bad.shp 第2个要素 字段“行业”" in msg and "火锅" in msg and "场所类别" in msg
    assert "第3个要素" in msg and "超出中国范围" in msg
    report = e.value.report
    assert report.rows_read == 3 and report.imported == 0 and len(report.rejected_rows) == 2


def test_failure_inside_the_write_rolls_back_everything(world, tmp_path, monkeypatch):
    path = files.gbk_shapefile_without_cpg(tmp_path)
    before = counts(world)

    import gis.bulk

    real = gis.bulk.bulk_insert

    def boom(s, frames):  # the rows are written, then the disk fills up
        real(s, frames)
        raise RuntimeError("disk full")

    monkeypatch.setattr(gis.bulk, "bulk_insert", boom)
    with pytest.raises(RuntimeError):
        import_file(world, path, ImportOptions("sites"))
    assert counts(world) == before


def test_skip_invalid_imports_the_rest_and_reports(sqlite_world, tmp_path):
    df = files.sites_frame()
    df.loc[0, "企业名称"] = None
    path = files.write_shp(df, tmp_path / "partial.shp")
    report = import_file(sqlite_world, path, ImportOptions("sites", allow_partial=True))
    assert report.imported == 2
    assert [(i.row, i.field) for i in report.rejected] == [(1, "企业名称")]
    assert "缺少必填字段“名称”" in report.rejected[0].reason
    out = report.to_xlsx(tmp_path / "报告.xlsx")
    wb = load_workbook(out)
    assert wb["汇总"]["B8"].value == 2  # 导入
    detail = list(wb["明细"].iter_rows(values_only=True))
    assert detail[0] == ("类型", "文件", "要素序号", "字段", "原因")
    assert detail[1][:4] == ("拒绝", "partial.shp", 1, "企业名称")
    english = load_workbook(report.to_xlsx(tmp_path / "report.xlsx", "en"))   # as the English window saves it
    summary = dict(english["Summary"].iter_rows(values_only=True))
    assert summary["Imported"] == 2 and summary["Layer"] == "Enterprises and sites" and summary["Format"] == "Shapefile"
    assert all(not HAN.search(label) for label in summary), summary   # the file's own column names stay as they are
    detail = list(english["Details"].iter_rows(values_only=True))
    assert detail[0] == ("Kind", "File", "Feature", "Field", "Reason")
    assert detail[1][:4] == ("Rejected", "partial.shp", 1, "企业名称") and not HAN.search(detail[1][4]), detail[1]


def test_gauss_kruger_without_prj_needs_confirmation_then_lands_in_place(sqlite_world, tmp_path):
    path = files.gk_shapefile_without_prj(tmp_path)
    before = counts(sqlite_world)
    with pytest.raises(CrsRequired) as e:
        import_file(sqlite_world, path, ImportOptions("sites"))
    assert e.value.proposal == "EPSG:4526" and "--crs EPSG:4526" in e.value.message and "测量成果.shp" in e.value.message
    assert counts(sqlite_world) == before
    import_file(sqlite_world, path, ImportOptions("sites", crs=e.value.proposal))
    for name, _, _, x, y in SITES:
        g = _imported_sites(sqlite_world)[name].geom
        assert abs(g.x - x) < 1e-7 and abs(g.y - y) < 1e-7


def test_declared_crs_that_puts_data_outside_china_is_questioned(sqlite_world, tmp_path):
    df = files.sites_frame("EPSG:4526").set_crs("EPSG:4490", allow_override=True)  # wrong .prj
    path = files.write_shp(df, tmp_path / "错的prj.shp")
    with pytest.raises(CrsRequired, match="EPSG:4526") as e:
        import_file(sqlite_world, path, ImportOptions("sites"))
    assert "声明的坐标系" in e.value.message


def test_gcj02_spreadsheet_is_converted_to_within_a_metre(world, tmp_path):
    path = files.gcj_workbook(tmp_path)
    with pytest.raises(CrsRequired, match="--source-coords gcj02"):
        import_file(world, path, ImportOptions("sites"))
    report = import_file(world, path, ImportOptions("sites", source_coords="gcj02"))
    assert report.imported == 3 and report.row_noun == "行"
    sites = _imported_sites(world)
    for name, _, _, x, y in SITES:
        g = sites[name].geom
        assert np.hypot(g.x - x, g.y - y) < METRE_DEG
    assert sites["顺达五金店"].contact_phone == "13800000001"
    assert sites["顺达五金店"].attributes == {"序号": 1}


def test_mapping_template_and_fixed_values(sqlite_world, tmp_path):
    df = gpd.GeoDataFrame({"商户": ["老李烟酒店"], "门牌": ["张庄村1号"]}, geometry=[Point(113.21, 33.61)],
                          crs="EPSG:4490")
    path = files.write_shp(df, tmp_path / "x.shp")
    mapping = tmp_path / "m.yaml"
    mapping.write_text("fields:\n  name: 商户\n  地址: 门牌\ndefaults:\n  category: 九小场所\n", encoding="utf-8")
    report = import_file(sqlite_world, path, ImportOptions("sites", mapping=mapping))
    assert report.mapping == {"名称": "商户", "地址": "门牌"}
    site = _imported_sites(sqlite_world) or None
    with sqlite_world.session() as s:
        site = s.scalars(select(Site).where(Site.name == "老李烟酒店")).one()
    assert (site.address, site.category, site.sector) == ("张庄村1号", "small_premises", "fire")


def test_duplicates_in_the_file_and_against_the_project(sqlite_world, tmp_path):
    df = gpd.GeoDataFrame({"名称": ["鑫源机械加工厂", "新店", "新店"], "类别": ["工贸企业", "餐饮", "餐饮"]},
                          geometry=[Point(113.22, 33.62), Point(113.25, 33.65), Point(113.25003, 33.65)],
                          crs="EPSG:4490")
    path = files.write_shp(df, tmp_path / "dup.shp")
    with pytest.raises(ImportRejected) as e:
        import_file(sqlite_world, path, ImportOptions("sites"))
    reasons = {i.row: i.reason for i in e.value.report.rejected}
    assert "项目中已有的“鑫源机械加工厂”" in reasons[1]
    assert "与第2个要素重复" in reasons[3] and "新店" in reasons[3]


def test_invalid_polygon_is_repaired_and_listed(sqlite_world, tmp_path):
    bowtie = Polygon([(113.2, 33.6), (113.24, 33.61), (113.2, 33.61), (113.24, 33.6)])
    df = gpd.GeoDataFrame({"名称": ["东山林区"], "区域类型": ["森林防火区"], "等级": ["二级"]}, geometry=[bowtie],
                          crs="EPSG:4490")
    path = tmp_path / "zone.geojson"
    df.to_file(path, driver="GeoJSON")
    report = import_file(sqlite_world, path, ImportOptions("zones"))
    assert report.imported == 1 and len(report.repaired) == 1 and "Self-intersection" in report.repaired[0].reason
    with sqlite_world.session() as s:
        zone = s.scalars(select(Zone).where(Zone.name == "东山林区")).one()
    assert zone.geom.is_valid and zone.geom.area > 0 and (zone.kind, zone.level) == ("forest_fire", "2")


def test_lines_numbers_and_text_in_numeric_columns(world, tmp_path):
    df = gpd.GeoDataFrame({"管线名称": ["建设路管线", "人民路管线"], "压力级制": ["中压A", "低压"],
                           "管径": ["160", "约200"], "建设年份": [2015, 2018]},
                          geometry=[LineString([(113.21, 33.61), (113.3, 33.62)]),
                                    LineString([(113.31, 33.61), (113.39, 33.62)])], crs="EPSG:4490")
    path = files.write_shp(df, tmp_path / "管线.shp")
    before = counts(world)
    with pytest.raises(ImportRejected, match="管线.shp 第2个要素 字段“管径”：“约200”不是数字"):
        import_file(world, path, ImportOptions("pipelines"))
    assert counts(world) == before
    df.loc[1, "管径"] = "200"
    files.write_shp(df, tmp_path / "管线2.shp")
    import_file(world, tmp_path / "管线2.shp", ImportOptions("pipelines"))
    with world.session() as s:
        lines = {x.name: x for x in s.scalars(select(LineAsset).where(LineAsset.name.like("%路管线")))}
    assert lines["人民路管线"].diameter_mm == 200.0 and lines["建设路管线"].pressure_class == "medium_a"
    assert lines["人民路管线"].kind == "gas_pipeline" and lines["人民路管线"].year_built == 2018


def test_villages_then_grids_with_codes_checked(sqlite_world, tmp_path):
    village = gpd.GeoDataFrame({"行政区划代码": ["410411003003"], "名称": ["王营村"], "类别": ["村"]},
                               geometry=[box(113.4, 33.6, 113.5, 33.7)], crs="EPSG:4490")
    files.write_shp(village, tmp_path / "村.shp")
    import_file(sqlite_world, tmp_path / "村.shp", ImportOptions("villages"))
    grids = gpd.GeoDataFrame({"网格编码": ["410411003003001", "410411003003002", "410411003009001"],
                              "网格名称": ["王营村第1网格", "王营村第2网格", "无村网格"]},
                             geometry=[box(113.4, 33.6, 113.45, 33.7), box(113.45, 33.6, 113.5, 33.7),
                                       box(113.4, 33.6, 113.5, 33.7)], crs="EPSG:4490")
    files.write_shp(grids, tmp_path / "网格.shp")
    with pytest.raises(ImportRejected, match="第3个要素 字段“网格编码”.*410411003009"):
        import_file(sqlite_world, tmp_path / "网格.shp", ImportOptions("grids"))
    report = import_file(sqlite_world, tmp_path / "网格.shp", ImportOptions("grids", allow_partial=True))
    assert report.imported == 2
    with sqlite_world.session() as s:
        v = s.scalars(select(AdminUnit).where(AdminUnit.code == "410411003003")).one()
        codes = [g.code for g in s.scalars(select(Grid).where(Grid.village_id == v.id))]
        parent_code = v.parent.code
    assert v.level == "village" and parent_code == "410411003" and sorted(codes) == ["410411003003001",
                                                                                        "410411003003002"]
    with pytest.raises(ImportRejected, match="已存在"):
        import_file(sqlite_world, tmp_path / "村.shp", ImportOptions("villages"))


def test_kmz_with_folders_imports_sites_with_category_from_extended_data(sqlite_world, tmp_path):
    world = sqlite_world
    path = files.kmz_with_folders(tmp_path)
    report = import_file(world, path, ImportOptions("sites"))
    assert report.imported == 3 and report.crs == "EPSG:4326"
    sites = _imported_sites(world)
    assert sites["福满楼饭店"].attributes["文件夹"] == "荆山街道/餐饮"
    assert sites["荆山液化气站"].category == "lpg_station"


def test_utf8_shapefile_with_names_cut_mid_character_still_maps(sqlite_world, tmp_path):
    """GDAL cuts UTF-8 .dbf field names at 10 bytes: 企业名称 becomes 企业名 plus half a character."""
    path = files.write_shp(files.sites_frame(), tmp_path / "utf8.shp", encoding="UTF-8")
    report = import_file(sqlite_world, path, ImportOptions("sites"))
    assert report.mapping["名称"] == "企业名" and report.imported == 3
    assert _imported_sites(sqlite_world)["福满楼饭店"].attributes == {"从业人": 12}


def test_new_sites_get_their_grid_as_written_area_sites_by_a_point_inside(sqlite_world, tmp_path):
    ring = Polygon([(113.214, 33.614), (113.216, 33.614), (113.216, 33.616), (113.214, 33.616)])
    df = gpd.GeoDataFrame({"名称": ["张庄粮库", "界外砖厂"], "场所类别": ["工贸企业", "工贸企业"]},
                          geometry=[ring, Point(113.45, 33.65)], crs="EPSG:4490")
    path = tmp_path / "场所.geojson"
    df.to_file(path, driver="GeoJSON")
    import_file(sqlite_world, path, ImportOptions("sites"))
    with sqlite_world.session() as s:
        sites = {x.name: x for x in s.scalars(select(Site).where(Site.name.in_(["张庄粮库", "界外砖厂"])))}
        grid = s.get(Grid, sites["张庄粮库"].grid_id)
        assert grid.geom.covers(sites["张庄粮库"].geom.point_on_surface())
        assert sites["界外砖厂"].grid_id is None
        assert not any(g.geom.covers(sites["界外砖厂"].geom) for g in s.query(Grid))


@pytest.mark.parametrize("when", ["读取文件", "写入项目", "rows written"])
def test_cancel_from_another_thread_imports_nothing(sqlite_world, tmp_path, monkeypatch, when):
    """Cancelled while the file is read, before the write, or with the rows already in the open
    transaction: ImportCancelled (a gis.feedback.Cancelled naming the file) and no row written."""
    import threading

    import gis.bulk
    from gis.feedback import Cancelled, Feedback
    from gis.io.importer import ImportCancelled

    def cancel_from_a_thread():
        t = threading.Thread(target=feedback.cancel)
        t.start()
        t.join()

    real = gis.bulk.bulk_insert

    def insert(s, frames):
        real(s, frames)
        if when == "rows written":
            cancel_from_a_thread()

    monkeypatch.setattr(gis.bulk, "bulk_insert", insert)
    feedback = Feedback(lambda f, text: cancel_from_a_thread() if text == when else None)
    path = files.gbk_shapefile_without_cpg(tmp_path)
    before = counts(sqlite_world)
    with pytest.raises(ImportCancelled) as e:
        import_file(sqlite_world, path, ImportOptions("sites"), feedback=feedback)
    assert isinstance(e.value, Cancelled) and e.value.message == f"已取消导入 {path.name}，未导入任何数据"
    assert counts(sqlite_world) == before
