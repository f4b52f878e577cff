"""Every bad input of issue 3 gives a Chinese message naming the file (and row and field where there
is one) and leaves the project as it was."""
from __future__ import annotations

import json
import zipfile

import geopandas as gpd
import pytest
from shapely.geometry import LineString, Point

from gis.errors import GridsafeError
from gis.io import read_kml
from gis.io.importer import ImportOptions, import_file
from tests.io import files
from tests.io.files import counts


def _refused(project, path, layer="sites", **kw) -> str:
    before = counts(project)
    with pytest.raises(GridsafeError) as e:
        import_file(project, path, ImportOptions(layer, **kw))
    assert counts(project) == before
    assert path.name in e.value.message
    return e.value.message


def _gpkg(tmp_path):
    path = tmp_path / "企业.gpkg"
    files.sites_frame().to_file(path, driver="GPKG")
    return path


def test_truncated_geopackage(sqlite_world, tmp_path):
    path = files.truncate(_gpkg(tmp_path), 0.4)
    assert "损坏" in _refused(sqlite_world, path)


def test_corrupt_geojson(sqlite_world, tmp_path):
    path = tmp_path / "坏.geojson"
    path.write_text('{"type": "FeatureCollection", "features": [{"type": "Feature", "geom', encoding="utf-8")
    assert "损坏" in _refused(sqlite_world, path)


def test_truncated_xlsx(sqlite_world, tmp_path):
    path = files.truncate(files.gcj_workbook(tmp_path), 0.5)
    assert "Excel" in _refused(sqlite_world, path, source_coords="gcj02")


def test_truncated_kmz(sqlite_world, tmp_path):
    path = files.truncate(files.kmz_with_folders(tmp_path), 0.6)
    assert "损坏" in _refused(sqlite_world, path)


@pytest.mark.parametrize(("suffix", "what"), [(".shx", "索引文件 .shx"), (".dbf", "属性表文件 .dbf")])
def test_shapefile_missing_a_part(sqlite_world, tmp_path, suffix, what):
    path = files.gbk_shapefile_without_cpg(tmp_path)
    path.with_suffix(suffix).unlink()
    assert what in _refused(sqlite_world, path)


def test_truncated_shapefile_geometry_names_the_rows(sqlite_world, tmp_path):
    path = files.gbk_shapefile_without_cpg(tmp_path)
    files.truncate(path, 0.6)
    msg = _refused(sqlite_world, path)
    assert "个要素" in msg and "几何" in msg


@pytest.mark.parametrize("name", ["空.shp", "空.geojson", "空.csv", "空.kml", "空.xlsx", "空.gpkg"])
def test_empty_file(sqlite_world, tmp_path, name):
    path = tmp_path / name
    path.write_bytes(b"")
    assert "空文件" in _refused(sqlite_world, path)


def test_table_with_header_only(sqlite_world, tmp_path):
    path = tmp_path / "只有表头.csv"
    path.write_text("名称,经度,纬度\n", encoding="utf-8")
    assert "没有任何数据" in _refused(sqlite_world, path, crs="EPSG:4490")


@pytest.mark.parametrize(("name", "content", "hint"), [
    ("名单.xlsx", "名称,经度,纬度\n甲,113.2,33.6\n".encode(), "不是 Excel"),
    ("图层.shp", b'{"type": "FeatureCollection", "features": []}', "JSON"),
    ("标注.kmz", b"<kml></kml>", "XML"),
    ("数据.gpkg", b"PK\x03\x04rest", "ZIP"),
    ("名单.doc", b"whatever", "不支持的文件类型"),
])
def test_wrong_extension(sqlite_world, tmp_path, name, content, hint):
    path = tmp_path / name
    path.write_bytes(content)
    assert hint in _refused(sqlite_world, path)


def test_mixed_geometry_types_name_the_rows(sqlite_world, tmp_path):
    df = gpd.GeoDataFrame({"名称": ["甲厂", "乙路"], "类别": ["工贸企业", "工贸企业"]},
                          geometry=[Point(113.21, 33.61), LineString([(113.21, 33.61), (113.3, 33.62)])],
                          crs="EPSG:4490")
    path = tmp_path / "混合.geojson"
    df.to_file(path, driver="GeoJSON")
    msg = _refused(sqlite_world, path)
    assert "混合.geojson 第2个要素 字段“几何”：几何类型为线" in msg and "只接受点或面" in msg


def test_absurd_coordinates(sqlite_world, tmp_path):
    path = tmp_path / "坐标错.csv"
    path.write_text("名称,类别,经度,纬度\n甲厂,工贸企业,113.21,33.61\n乙厂,工贸企业,1132.1,336.1\n", encoding="utf-8")
    msg = _refused(sqlite_world, path, crs="EPSG:4490")
    assert "坐标错.csv 第3行 字段“几何”：坐标超出中国范围" in msg


def test_text_in_coordinate_and_numeric_columns(sqlite_world, tmp_path):
    path = tmp_path / "文字.csv"
    path.write_text("名称,类型,管径,WKT,经度,纬度\n甲线,燃气管道,二百,,113.21,北纬33度\n", encoding="utf-8")
    msg = _refused(sqlite_world, path, crs="EPSG:4490")
    assert "文字.csv 第2行 字段“纬度”：“北纬33度”不是数字" in msg


@pytest.mark.parametrize(("body", "hint"), [
    ('<?xml version="1.0"?><!DOCTYPE kml [<!ENTITY x "y">]><kml><Document/></kml>', "DOCTYPE"),
    ('<?xml version="1.0"?><!DOCTYPE kml SYSTEM "http://example.invalid/kml.dtd"><kml/>', "DOCTYPE"),
    ('<?xml version="1.0"?><!DOCTYPE kml [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>'
     '<kml><Document><Placemark><name>&xxe;</name></Placemark></Document></kml>', "DOCTYPE"),
    ('<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;">]><kml>&lol2;</kml>',
     "DOCTYPE"),
    ('<kml><Document><Placemark><name>甲', "XML 格式错误"),
])
def test_unsafe_or_broken_kml(sqlite_world, tmp_path, body, hint):
    path = tmp_path / "危险.kml"
    path.write_text(body, encoding="utf-8")
    assert hint in _refused(sqlite_world, path)


def test_network_links_are_listed_never_fetched(sqlite_world, tmp_path):
    body = ('<NetworkLink><name>远程图层</name><Link><href>http://example.invalid/x.kml</href></Link></NetworkLink>'
            + files.placemark("顺达五金店", 113.215, 33.615, {"行业": "九小场所"}))
    path = tmp_path / "链接.kml"
    path.write_text(files.kml_text(body), encoding="utf-8")
    report = import_file(sqlite_world, path, ImportOptions("sites"))
    assert report.imported == 1 and "远程图层" in report.warnings[0].reason and "不会联网" in report.warnings[0].reason


def test_kmz_path_escape(sqlite_world, tmp_path):
    path = tmp_path / "越界.kmz"
    with zipfile.ZipFile(path, "w") as zf:
        zf.writestr("doc.kml", files.kml_text(""))
        zf.writestr("../../evil.kml", "x")
    assert "越出压缩包目录" in _refused(sqlite_world, path)


def test_kmz_bomb_is_bounded(sqlite_world, tmp_path, monkeypatch):
    monkeypatch.setattr(read_kml, "MAX_KML_BYTES", 100_000)
    path = tmp_path / "炸弹.kmz"
    with zipfile.ZipFile(path, "w", compression=zipfile.ZIP_DEFLATED) as zf:
        zf.writestr("doc.kml", b"<kml>" + b" " * 1_000_000 + b"</kml>")  # 1 MB from a 1 kB member
    assert path.stat().st_size < 10_000
    assert "过大" in _refused(sqlite_world, path)


def test_kmz_with_too_many_members(sqlite_world, tmp_path, monkeypatch):
    monkeypatch.setattr(read_kml, "MAX_MEMBERS", 5)
    path = tmp_path / "成员多.kmz"
    with zipfile.ZipFile(path, "w") as zf:
        for i in range(6):
            zf.writestr(f"f{i}.kml", files.kml_text(""))
    assert "超过上限" in _refused(sqlite_world, path)


def test_geojson_with_projected_numbers_and_no_crs(sqlite_world, tmp_path):
    path = tmp_path / "投影.geojson"
    path.write_text(json.dumps({"type": "FeatureCollection", "features": [
        {"type": "Feature", "properties": {"名称": "甲", "类别": "餐饮"},
         "geometry": {"type": "Point", "coordinates": [38441234.5, 3722000.2]}}]}), encoding="utf-8")
    assert "EPSG:4526" in _refused(sqlite_world, path)


def test_unknown_layer_and_bad_mapping(sqlite_world, tmp_path):
    path = files.gbk_shapefile_without_cpg(tmp_path)
    with pytest.raises(GridsafeError, match="不能导入到图层“hazards”"):
        import_file(sqlite_world, path, ImportOptions("hazards"))
    mapping = tmp_path / "m.yaml"
    mapping.write_text("fields:\n  name: 不存在的列\n", encoding="utf-8")
    assert "不存在的列" in _refused(sqlite_world, path, mapping=mapping)
