"""Gas documents from the window (issue 13): clicking a third-party works on the map offers 安全告知书…, which
writes the notice through the task runner; clicking a hazard found by the pipeline analysis offers
现场示意图…, which prints its sheet from the print's own copy of the layers. Each button shows only on the
features it applies to. Real mouse clicks on the map and on the buttons."""
from __future__ import annotations

import dataclasses
import subprocess

import docx
import numpy as np
import pytest
import shapely
from PySide6.QtCore import QPoint, Qt
from sqlalchemy import select

from desktop.services import gas as analysis
from gis import store
from gis.geo.crs import DISPLAY, STORAGE, transformer
from gis.model import Hazard
from tests.gas import scene
from tests.windows import open_window, private_settings

FWD = transformer(STORAGE, DISPLAY)


@pytest.fixture
def window(qtbot, tmp_path, monkeypatch):

    private_settings(monkeypatch)
    path = tmp_path / "gas.gridsafe"
    with store.create_project(path) as project:
        with project.transaction() as s:
            scene.build(s)
        analysis.analyse(project, operator="王工", on=scene.ON)
    w = open_window(qtbot, path)
    yield w
    if w.project is not None:
        w.project.close()


def _feature(w):
    return next(f for f in w.features if type(f).__name__ == "GasDocumentsFeature")


def _look_at(w, x_m, y_m, resolution=0.05):
    lon, lat = shapely.get_coordinates(scene.lonlat(shapely.Point(x_m, y_m)))[0]
    x, y = FWD.transform(lon, lat)
    w.canvas.set_view(dataclasses.replace(w.canvas.view, cx=float(x), cy=float(y), resolution=resolution))


def _click_lonlat(qtbot, w, lon, lat, offset=(0, 0)):
    sx, sy = w.canvas.view.to_screen(*FWD.transform(lon, lat))
    pos = QPoint(round(float(sx)) + offset[0], round(float(sy)) + offset[1])
    qtbot.mouseClick(w.canvas, Qt.MouseButton.LeftButton, pos=pos)


def _items(tree):
    out = []

    def walk(item):
        for i in range(item.childCount()):
            out.append(item.child(i))
            walk(item.child(i))

    walk(tree.invisibleRootItem())
    return out


def _save_as(monkeypatch, path, chosen):
    from PySide6.QtWidgets import QFileDialog

    asked = []

    def fake(parent, title, suggested, filters):
        asked.append((title, suggested, filters))
        return str(path), chosen

    monkeypatch.setattr(QFileDialog, "getSaveFileName", fake)     # every save dialog (desktop/files.py)
    return asked


def test_works_on_the_map_offers_the_safety_notice(window, qtbot, tmp_path, monkeypatch, artifacts):
    w, f = window, _feature(window)
    # 排水管施工: 10 × 8 m south of the pipe, its near side 3 m off the outer wall
    _look_at(w, 505, -scene.HALF_OD - 7)
    lon, lat = shapely.get_coordinates(scene.lonlat(shapely.Point(505, -scene.HALF_OD - 7)))[0]
    _click_lonlat(qtbot, w, lon, lat)
    panel = w.identify_panel
    assert panel.current is not None and panel.current[0] == "works" and panel.details.name == "排水管施工"
    assert f.notice_button.isVisible() and f.notice_button.isEnabled()
    assert not f.sheet_button.isVisible()
    out = tmp_path / "告知书"                    # no extension: the chosen filter gives it
    asked = _save_as(monkeypatch, out, "Word 文档 (*.docx)")
    w.grab().save(str(artifacts / "gas_documents_works_identify.png"))
    qtbot.mouseClick(f.notice_button, Qt.MouseButton.LeftButton)
    assert asked and "排水管施工" in asked[0][1]
    qtbot.waitUntil(lambda: f.task is None, timeout=30_000)
    written = tmp_path / "告知书.docx"
    assert written.exists()
    text = "\n".join(p.text for p in docx.Document(str(written)).paragraphs)
    assert "燃气管道保护安全告知书" in text and "工业路中压管线" in text and "施工范围距管道外壁3米" in text
    assert "回执" in text


def test_a_pipeline_analysis_hazard_offers_its_site_sheet(window, qtbot, tmp_path, monkeypatch, artifacts):
    w, f = window, _feature(window)
    with w.project.session() as s:
        hazard = s.scalar(select(Hazard).where(Hazard.finding == "occupation"))
        code, point = hazard.code, hazard.geom
    lon, lat = float(point.x), float(point.y)
    x, y = FWD.transform(lon, lat)
    w.canvas.set_view(dataclasses.replace(w.canvas.view, cx=float(x), cy=float(y), resolution=0.05))
    _click_lonlat(qtbot, w, lon, lat, offset=(-6, -6))     # the diamond sits up-left of its point (style offset)
    panel = w.identify_panel
    if panel.current[0] != "hazards":      # the building on top: the hazard is listed under 此处其他要素
        assert not f.sheet_button.isVisible()
        item = next(it for it in _items(panel.tree) if it.data(0, Qt.ItemDataRole.UserRole)
                    and it.data(0, Qt.ItemDataRole.UserRole)[0] == "hazards")
        panel.tree.scrollToItem(item)
        rect = panel.tree.visualItemRect(item)
        qtbot.mouseDClick(panel.tree.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    assert panel.current is not None and panel.current[0] == "hazards"
    hazards = w.stack.sources["hazards"].layer.ids
    assert int(hazards[panel.current[1]]) == int(np.int64(hazard.id))
    assert f.sheet_button.isVisible() and f.sheet_button.isEnabled() and not f.notice_button.isVisible()
    out = tmp_path / "示意图.pdf"
    _save_as(monkeypatch, out, "PDF (*.pdf)")
    w.grab().save(str(artifacts / "gas_documents_hazard_identify.png"))
    qtbot.mouseClick(f.sheet_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: f.task is None, timeout=60_000)
    assert out.exists()
    text = subprocess.run(["pdftotext", str(out), "-"], capture_output=True, text=True, check=True).stdout
    assert "燃气管线占压现场示意图" in text and code in text and "1号楼" in text
    # the pipeline itself is no hazard: neither button shows there
    _look_at(w, 300, 0)
    lon, lat = shapely.get_coordinates(scene.lonlat(shapely.Point(300, 0)))[0]
    _click_lonlat(qtbot, w, lon, lat)
    assert panel.current is not None and panel.current[0] != "hazards"
    assert not f.sheet_button.isVisible() and not f.notice_button.isVisible()
