"""The renderer on the small township: layers drawn where they are, order, toggling, opacity, labels."""
from __future__ import annotations

from PySide6.QtGui import QColor

from desktop.render import MapView, render_to_image
from desktop.render.decorations import length_text, nice_length, round_scale
from desktop.render.labels import draw_labels
from gis.geo.crs import DISPLAY, STORAGE, transformer

FWD = transformer(STORAGE, DISPLAY)


def pixel_at(image, view, lon, lat) -> QColor:
    x, y = FWD.transform(lon, lat)
    sx, sy = view.to_screen(x, y)
    return image.pixelColor(round(float(sx)), round(float(sy)))


def only(stack, *ids):
    for layer in stack.layers:
        layer.visible = layer.id in ids


def around(lon, lat, w=400, h=300, res=5.0):
    x, y = FWD.transform(lon, lat)
    return MapView(x, y, res, w, h)


def test_projected_layer_is_in_web_mercator(stack):
    src = stack.sources["sites"]
    x, y = FWD.transform(113.22, 33.62)
    assert src.kind == "point"
    assert any(abs(px - x) < 1e-6 and abs(py - y) < 1e-6 for px, py in src.xy)


def test_site_is_drawn_in_its_colour_at_its_place(stack):
    only(stack, "sites")
    view = around(113.22, 33.62)
    image = render_to_image(stack, view, labels=False, decorations=False)
    c = pixel_at(image, view, 113.22, 33.62)
    assert c == QColor("#1b9e77")   # 工贸 (industry_trade) in the sector style


def test_switching_style_recolours(stack):
    only(stack, "sites")
    stack.set_style("sites", 1)     # by risk level: the machine shop is 较大风险
    view = around(113.22, 33.62)
    image = render_to_image(stack, view, labels=False, decorations=False)
    assert pixel_at(image, view, 113.22, 33.62) == QColor("#fdae61")


def test_hidden_layer_is_not_drawn(stack):
    only(stack)
    view = around(113.22, 33.62)
    image = render_to_image(stack, view, labels=False, decorations=False)
    assert pixel_at(image, view, 113.22, 33.62) == QColor("#f5f4ef")   # background


def test_upper_layer_covers_lower_and_order_can_change(stack):
    only(stack, "fire_zones", "grid_hazards")
    stack.layer("grid_hazards").visible = True
    # the forest zone (113.2–113.25, 33.6–33.62) lies in grid 003, which has one open hazard
    view = around(113.21, 33.61)
    top_first = render_to_image(stack, view, labels=False, decorations=False)
    a = pixel_at(top_first, view, 113.21, 33.61)
    stack.move("grid_hazards", 0)
    moved = render_to_image(stack, view, labels=False, decorations=False)
    b = pixel_at(moved, view, 113.21, 33.61)
    assert a != b


def test_opacity_fades_a_layer(stack):
    only(stack, "fire_zones")
    view = around(113.21, 33.61)
    full = pixel_at(render_to_image(stack, view, labels=False, decorations=False), view, 113.21, 33.61)
    stack.set_opacity("fire_zones", 0.2)
    faded = pixel_at(render_to_image(stack, view, labels=False, decorations=False), view, 113.21, 33.61)
    bg = QColor("#f5f4ef")
    assert abs(faded.green() - bg.green()) < abs(full.green() - bg.green())


def test_open_hazards_per_grid_are_derived(stack, world_project):
    grids = stack.sources["grids"]
    counts = dict(zip(grids.attrs["code"], grids.attrs["open_hazards"], strict=True))
    # three open hazards (the pipeline one is closed) at sites in three different grids
    assert sum(counts.values()) == 3
    assert counts["410411003001003"] == 1   # the machine shop's grid (south-west)
    assert counts["410411003001001"] == 0


def test_listeners_hear_changes(stack):
    heard = []
    stack.subscribe(lambda what, layer: heard.append((what, layer.id if layer else None)))
    stack.set_visible("sites", False)
    stack.set_visible("sites", False)   # no change, no event
    stack.set_opacity("sites", 0.5)
    stack.move("roads", 0)
    assert heard == [("visibility", "sites"), ("opacity", "sites"), ("order", None)]
    assert stack.layers[0].id == "roads"


def test_labels_do_not_overlap(qapp, world_layers):
    from PySide6.QtGui import QImage, QPainter

    from desktop.render import LayerStack
    from desktop.render.styles import parse_book

    single = [{"name": "边界", "symbol": {"stroke": "#000000"}}]
    book = parse_book({"groups": ["行政区划与网格"], "layers": [
        {"id": "t", "title": "乡镇", "group": "行政区划与网格", "source": "townships", "styles": single,
         "labels": {"field": "name", "max_scale": 1e9, "size": 12}},
        {"id": "v", "title": "村", "group": "行政区划与网格", "source": "villages", "styles": single,
         "labels": {"field": "name", "max_scale": 1e9}},
    ]})
    stack = LayerStack.from_layers(world_layers, book)
    x, y = FWD.transform(113.3, 33.65)
    far = MapView(x, y, 200.0, 600, 300)    # the three names' boxes overlap at this scale
    image = QImage(600, 300, QImage.Format.Format_ARGB32_Premultiplied)
    p = QPainter(image)
    placed_far = draw_labels(p, stack.layers, far)
    placed_near = draw_labels(p, stack.layers, far.zoomed(6))
    p.end()
    assert placed_far == 1          # the township, listed first, wins
    assert placed_near == 3


def test_occupancy_refuses_overlaps_and_off_screen_boxes():
    from desktop.render.labels import Occupancy

    occ = Occupancy(100, 100)
    assert occ.claim(10, 10, 40, 20)
    assert not occ.claim(30, 15, 60, 25)
    assert occ.claim(50, 15, 80, 25)
    assert not occ.claim(90, 50, 120, 60)


def test_scale_bar_lengths():
    assert nice_length(1234) == 1000 and nice_length(260) == 200 and nice_length(7.5) == 5
    assert length_text(500) == "500 米" and length_text(2000) == "2 公里"
    assert round_scale(77134.7) == 77100


def test_screenshot_of_the_map(stack, artifacts):
    stack.layer("grid_hazards").visible = True
    view = MapView.for_bounds(stack.bounds(), 1200, 800)
    image = render_to_image(stack, view)
    path = artifacts / "map_smallworld.png"
    assert image.save(str(path))
    assert path.stat().st_size > 10_000
    x, y = FWD.transform(113.235, 33.628)
    near = MapView(x, y, 1.0, 1200, 800).with_scale(15_000)
    assert render_to_image(stack, near).save(str(artifacts / "map_smallworld_near.png"))


def test_same_renderer_paints_a_pdf_page_as_vectors(stack, tmp_path):
    from PySide6.QtCore import QMarginsF
    from PySide6.QtGui import QPageLayout, QPageSize, QPainter, QPdfWriter

    from desktop.render import MapRenderer

    path = tmp_path / "map.pdf"
    pdf = QPdfWriter(str(path))
    pdf.setPageLayout(QPageLayout(QPageSize(QPageSize.PageSizeId.A4), QPageLayout.Orientation.Landscape,
                                  QMarginsF(10, 10, 10, 10)))
    pdf.setResolution(96)
    painter = QPainter(pdf)
    rect = painter.viewport()
    view = MapView.for_bounds(stack.bounds(), rect.width(), rect.height())
    MapRenderer(stack).render(painter, view.with_scale(30_000))
    painter.end()
    data = path.read_bytes()
    assert data.startswith(b"%PDF") and len(data) > 5_000
    assert b"/Subtype /Image" not in data     # symbols, lines and labels are vectors, not pictures
