"""Buildings and third-party works on the map: grey footprints drawn over the works, active works hatched
in orange, planned ones a flat pale fill."""
from __future__ import annotations

from datetime import date

from PySide6.QtGui import QColor
from shapely.geometry import box

from desktop.render import LayerStack, MapView, render_to_image
from gis import layers, store
from gis.geo.crs import DISPLAY, STORAGE, transformer
from gis.model import Building, ThirdPartyWorks
from tests import smallworld

FWD = transformer(STORAGE, DISPLAY)
BACKGROUND = QColor("#f5f4ef")


def _screen(view, lon, lat):
    sx, sy = view.to_screen(*FWD.transform(lon, lat))
    return round(float(sx)), round(float(sy))


def _project(path):
    project = store.create_project(path)
    with project.transaction() as s:
        smallworld.build(s)
        s.add(Building(name="1号楼", storeys=3, use="residential", address="李楼社区中街3号",
                       geom=box(113.3000, 33.6600, 113.3004, 33.6603)))
        s.add(ThirdPartyWorks(name="排水管施工", status="active", party="县市政工程公司", start_on=date(2026, 11, 20),
                              supervisor="李燃", geom=box(113.2990, 33.6590, 113.3020, 33.6610)))
        s.add(ThirdPartyWorks(name="光缆敷设", geom=box(113.3030, 33.6590, 113.3050, 33.6610)))
    return project


def test_buildings_over_hatched_active_works_and_flat_planned_works(qapp, tmp_path):
    with _project(tmp_path / "gas.gridsafe") as project:
        stack = LayerStack.from_layers(layers.load_all(project, ["buildings", "works"]))
    for layer in stack.layers:
        layer.visible = layer.id in ("buildings", "works")
    x, y = FWD.transform(113.3020, 33.6600)
    view = MapView(x, y, 1.0, 800, 400)
    image = render_to_image(stack, view, labels=False, decorations=False)

    inside = image.pixelColor(*_screen(view, 113.3002, 33.66015))
    # the footprint's translucent grey over the background, on top of the works (no orange through it)
    assert abs(inside.red() - inside.blue()) < 8 and inside.red() < BACKGROUND.red() - 20

    def row(lon0, lon1, lat):
        (x0, sy), (x1, _) = _screen(view, lon0, lat), _screen(view, lon1, lat)
        return {image.pixelColor(px, sy).name() for px in range(x0, x1)}

    hatched = row(113.2995, 113.2999, 33.6595)          # inside the active works, clear of the building
    assert BACKGROUND.name() in hatched and any(QColor(c).red() > 200 and QColor(c).blue() < 60 for c in hatched)
    flat = row(113.3035, 113.3045, 33.6595)               # inside the planned works
    assert len(flat) == 1 and BACKGROUND.name() not in flat


def test_identify_and_search_know_buildings_and_works(qapp, tmp_path):
    from desktop.views.map.identify_panel import describe
    from desktop.views.map.search_box import search

    with _project(tmp_path / "gas.gridsafe") as project:
        stack = LayerStack.from_layers(layers.load_all(project))
        with project.session() as s:
            works = dict(describe(s, stack, "works", 0).attributes)
            building = dict(describe(s, stack, "buildings", 0).attributes)
    assert works["名称"] == "排水管施工" and works["状态"] == "施工中" and works["施工单位"] == "县市政工程公司"
    assert works["开始日期"].startswith("2026-11-20") and works["监护人"] == "李燃"
    assert building["用途"] == "住宅" and building["层数"] == "3"
    assert [m.text for m in search(stack, "市政")] == ["第三方施工 排水管施工 县市政工程公司"]
    assert [m.text for m in search(stack, "中街3号")] == ["建筑物 1号楼 李楼社区中街3号"]
