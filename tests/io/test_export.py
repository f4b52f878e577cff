"""Every export read back through GDAL (pyogrio) — geometry within 1e-7°, attributes equal — and XLSX
through openpyxl; then exported files import back."""
from __future__ import annotations

import numpy as np
import pandas as pd
import pyogrio
import pytest
import shapely
from openpyxl import load_workbook
from sqlalchemy import select

from gis import store
from gis.io.export import export
from gis.io.importer import ImportOptions, import_file
from gis.io.table_export import labelled_headers, layer_table
from gis.model import Site

LAYERS = ["sites", "grids", "pipelines", "hazards"]  # point, polygon, line, and a layer without import
TOL = 1e-7


@pytest.fixture(autouse=True)
def _keep_kml_names():
    pyogrio.set_gdal_config_options({"LIBKML_LAUNDER_FIELD_NAMES": "NO"})
    yield
    pyogrio.set_gdal_config_options({"LIBKML_LAUNDER_FIELD_NAMES": None})


def _read(path, fmt):
    if fmt == "csv":
        return pyogrio.read_dataframe(path, X_POSSIBLE_NAMES="经度", Y_POSSIBLE_NAMES="纬度",
                                      GEOM_POSSIBLE_NAMES="WKT", KEEP_GEOM_COLUMNS="NO")
    if fmt == "kmz":
        return pyogrio.read_dataframe(f"/vsizip/{path}/doc.kml")
    return pyogrio.read_dataframe(path)


def _same_geometries(a, b):
    assert len(a) == len(b)
    for g, h in zip(a, b, strict=True):
        assert g.geom_type.replace("Multi", "") == h.geom_type.replace("Multi", "") or \
            shapely.get_num_geometries(h) == 1
        assert shapely.hausdorff_distance(g, h) <= TOL


def _text(v):
    if v is None or v is pd.NaT or (isinstance(v, float) and np.isnan(v)):
        return ""
    if isinstance(v, pd.Timestamp):  # GDAL reads ISO date text in GeoJSON back as a date
        return v.date().isoformat()
    if isinstance(v, float) and v.is_integer():
        return str(int(v))
    return str(v)


@pytest.mark.parametrize("fmt", ["gpkg", "geojson", "shp", "kml", "kmz", "csv"])
@pytest.mark.parametrize("layer", LAYERS)
def test_export_reads_back_through_gdal(sqlite_world, tmp_path, fmt, layer):
    expected = layer_table(sqlite_world, layer)
    assert len(expected.frame) > 0
    [path] = export(sqlite_world, layer, tmp_path / f"out.{fmt}")
    got = _read(path, fmt)
    _same_geometries(list(expected.geoms), list(got.geometry))
    if fmt in ("csv", "xlsx"):          # tables people read: the free attributes under Chinese headers too
        expected.frame = labelled_headers(expected)
    columns = [c for c in expected.frame.columns if c != "ID"]
    if fmt == "shp":
        assert path.with_suffix(".cpg").read_text() == "UTF-8"
        got = got.rename(columns=dict(zip(got.columns[: len(expected.frame.columns)], expected.frame.columns,
                                          strict=True)))
    for c in columns:
        assert [_text(v) for v in got[c]] == [_text(v) for v in expected.frame[c]], c
    if fmt in ("kml", "kmz"):
        assert list(got["Name"]) == [n for n in (expected.frame[expected.name_column] if expected.name_column
                                                 else got["Name"])]
        assert "<td>" in got["description"].iloc[0]


@pytest.mark.parametrize("layer", ["sites", "grids"])
def test_xlsx_reads_back_with_openpyxl(sqlite_world, tmp_path, layer):
    expected = layer_table(sqlite_world, layer)
    expected.frame = labelled_headers(expected)
    [path] = export(sqlite_world, layer, tmp_path / "out.xlsx")
    rows = list(load_workbook(path).active.iter_rows(values_only=True))
    header, body = rows[0], rows[1:]
    assert list(header[: len(expected.frame.columns)]) == list(expected.frame.columns)
    assert [_text(r[1]) for r in body] == [_text(v) for v in expected.frame.iloc[:, 1]]
    if layer == "sites":
        assert header[-2:] == ("经度", "纬度")
        xy = np.array([[r[-2], r[-1]] for r in body], dtype=float)
        assert np.allclose(xy, shapely.get_coordinates(expected.geoms), atol=TOL)
        assert "餐饮" in [r[header.index("场所类别")] for r in body]
    else:
        got = shapely.from_wkt([r[-1] for r in body])
        _same_geometries(list(expected.geoms), list(got))


def test_csv_has_a_bom_for_excel(sqlite_world, tmp_path):
    [path] = export(sqlite_world, "sites", tmp_path / "企业.csv")
    data = path.read_bytes()
    assert data.startswith(b"\xef\xbb\xbf") and "场所类别".encode() in data


def test_gbk_shapefile_on_request(sqlite_world, tmp_path):
    [path] = export(sqlite_world, "sites", tmp_path / "gbk.shp", encoding="gbk")
    assert path.with_suffix(".cpg").read_text() == "GBK"
    assert "老王家常菜馆".encode("gbk") in path.with_suffix(".dbf").read_bytes()
    got = pyogrio.read_dataframe(path)
    assert "老王家常菜馆" in list(got["名称"])


def test_selection_and_all_layers_in_one_geopackage(sqlite_world, tmp_path):
    full = layer_table(sqlite_world, "sites")
    ids = list(full.frame["ID"][:2])
    [path] = export(sqlite_world, "sites", tmp_path / "sel.geojson", ids=ids)
    assert list(pyogrio.read_dataframe(path)["ID"]) == ids
    [path] = export(sqlite_world, "all", tmp_path / "all.gpkg")
    names = [n for n, _ in pyogrio.list_layers(path)]
    assert {"企业场所", "网格", "村（社区）", "燃气管道", "区域", "隐患"} <= set(names)


@pytest.mark.parametrize("fmt", ["gpkg", "shp", "geojson", "kmz", "csv", "xlsx"])
def test_exports_import_back(sqlite_world, tmp_path, fmt):
    """Chinese headers and labels come back through the default mapping, into an empty project."""
    [path] = export(sqlite_world, "sites", tmp_path / f"sites.{fmt}")
    with store.create_project(tmp_path / "empty.gridsafe") as empty:
        report = import_file(empty, path, ImportOptions("sites", crs="EPSG:4490" if fmt in ("csv", "xlsx") else None))
        with empty.session() as s:
            got = {x.name: x for x in s.scalars(select(Site))}
    with sqlite_world.session() as s:
        want = {x.name: x for x in s.scalars(select(Site))}
    assert report.imported == len(want) and set(got) == set(want)
    for name, w in want.items():
        g = got[name]
        assert (g.category, g.sector, g.status, g.risk_level) == (w.category, w.sector, w.status, w.risk_level)
        assert shapely.hausdorff_distance(g.geom, w.geom) <= TOL
        kml_only = {"name", "description", "文件夹"} if fmt == "kmz" else set()  # <name>, popup table, folder
        assert {k: str(v) for k, v in g.attributes.items() if k not in kml_only} == \
            {k: str(v) for k, v in w.attributes.items()}


def test_kml_text_is_escaped_and_characters_xml_cannot_hold_are_dropped(sqlite_world, tmp_path):
    from shapely.geometry import Point

    name = '张三&李四 <危化> "加油站"'
    with sqlite_world.transaction() as s:
        site = Site(name=name, category="lpg_station", geom=Point(113.25, 33.62),
                    attributes={"备注": "东门\x01<锁>", "a&b": 1})
        s.add(site)
        s.flush()
        site_id = site.id
    export(sqlite_world, "sites", tmp_path / "s.kml", ids=[site_id])
    back = pyogrio.read_dataframe(tmp_path / "s.kml")
    assert list(back["Name"]) == [name]
    assert list(back["备注"]) == ["东门<锁>"] and list(back["a&b"]) == ["1"]
    assert "<td>东门&lt;锁&gt;</td>" in back["description"][0]   # text in the popup table, not markup
    assert "<td>液化气站</td>" in back["description"][0]


def test_cancel_while_writing_leaves_no_partial_file_and_the_old_file_as_it_was(sqlite_world, tmp_path, monkeypatch):
    """A Feedback cancelled from another thread while the second layer is written: Cancelled, nothing
    new in the folder (no temporary folder either), and the file that was there is unchanged."""
    import threading

    from gis.feedback import Cancelled, Feedback
    from gis.io import export as export_module

    out = tmp_path / "导出" / "全部.gpkg"
    out.parent.mkdir()
    out.write_bytes(b"the previous export")
    feedback = Feedback()
    real = export_module._write_ogr
    layers_written = []

    def write_then_cancel(gdf, path, driver, layer=None, **kw):
        real(gdf, path, driver, layer=layer, **kw)
        layers_written.append(layer)
        if len(layers_written) == 2:          # the user presses 取消 while the second layer is written
            t = threading.Thread(target=feedback.cancel)
            t.start()
            t.join()

    monkeypatch.setattr(export_module, "_write_ogr", write_then_cancel)
    with pytest.raises(Cancelled):
        export(sqlite_world, "all", out, feedback=feedback)
    assert len(layers_written) == 2
    assert sorted(p.name for p in out.parent.iterdir()) == ["全部.gpkg"]
    assert out.read_bytes() == b"the previous export"


def test_export_reports_progress_in_order(sqlite_world, tmp_path):
    from gis.feedback import Feedback

    seen = []
    export(sqlite_world, "all", tmp_path / "全部.gpkg", feedback=Feedback(lambda f, t: seen.append((f, t))))
    fractions = [f for f, _ in seen if f is not None]
    assert fractions == sorted(fractions) and fractions[0] == 0.0
    assert any("正在读取图层" in t for _, t in seen) and any("正在写入 全部.gpkg" in t for _, t in seen)
