"""导出图层 → 全部图层 names the layers of a GeoPackage as the layer panel does (企业与场所, 防火设施, 综合网格 …, not
the internal 企业场所/网格), each holding what its panel layer shows; data layers the panel does not show, and the
features of a data layer no panel layer shows, follow under their own names, so the file still holds every feature.
GDAL (pyogrio) reads the names back."""
from __future__ import annotations

import os

import pyogrio
from PySide6.QtCore import Qt

from gis.io.export import _layer_names
from tests.windows import open_demo


def test_all_layers_to_a_geopackage_are_named_as_in_the_layer_panel(qtbot, monkeypatch, demo_copy, tmp_path):
    from desktop.features.data import panel_layers

    w = open_demo(qtbot, monkeypatch, demo_copy)
    data = next(f for f in w.features if type(f).__name__ == "DataFeature")
    data.export_action.trigger()
    dialog = data.export_dialog
    qtbot.waitExposed(dialog)
    dialog.what_box.setCurrentIndex(dialog.what_box.count() - 1)          # 全部图层（GeoPackage、KML、KMZ）
    dialog.format_box.setCurrentIndex(dialog.format_box.findData("gpkg"))
    out = tmp_path / "全部图层.gpkg"
    dialog.path_edit.setText(str(out))
    if os.environ.get("GRIDSAFE_SHOTS"):
        dialog.grab().save(os.path.join(os.environ["GRIDSAFE_SHOTS"], "export_all.png"))
    qtbot.mouseClick(dialog.start_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: bool(dialog.written), timeout=60_000)
    assert dialog.written == [out]
    read = {name: count for name, count in ((n, pyogrio.read_info(out, layer=n)["features"])
                                           for n, _g in pyogrio.list_layers(out))}
    panel = panel_layers(w.stack)
    titles = [title for title, layer, _ids in panel if layer in {"sites", "grids", "zones", "roads", "villages"}]
    assert {"企业与场所", "防火设施", "综合网格", "森林防火区", "道路", "村（社区）"} <= set(titles)
    for title, layer, ids in panel:
        if title in read:
            assert read[title] == (len(ids) if ids is not None else read[title]), title
    assert set(titles) <= set(read), read
    assert "企业场所" not in read and "网格" not in read            # not the internal labels
    assert read["企业与场所"] == next(len(ids) for t, _l, ids in panel if t == "企业与场所")
    # every site is in the file: those the panel's layers show, and the rest under their own name
    with w.project.session() as s:
        from sqlalchemy import func, select

        from gis.model import Site
        sites = s.scalar(select(func.count(Site.id)))
    shown = {int(i) for t, layer, ids in panel if layer == "sites" for i in ids}
    assert read.get("企业场所（其余）", 0) == sites - len(shown)
    assert "建筑物" in read and "未销号隐患" in read and "隐患" not in read   # a layer the panel does not show, one it does
    dialog.reject()


def test_layer_names_are_unique_and_valid_for_a_geopackage():
    assert _layer_names(["企业与场所", "企业与场所", "ＡＢ", "ab", "AB", "gpkg_contents", " ", 'a"b\n']) == \
        ["企业与场所", "企业与场所_2", "ＡＢ", "ab", "AB_2", "_gpkg_contents", "图层", "ab_3"]
