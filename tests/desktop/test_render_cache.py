"""The canvas's render cache: after a change to some layers with the view unchanged, only those layers (and
the ones above them) are drawn again over the kept image of the layers below, and the image is the same,
pixel for pixel, as a full render; any change of view, size or pixel ratio, of a layer's visibility,
opacity or style, or of the basemap is drawn anew."""
from __future__ import annotations

import pytest
from PySide6.QtGui import QImage, QPainter

import desktop.render.renderer as renderer_module
from desktop.map.canvas import MapCanvas
from desktop.map.tiles import FolderSource, TileLayer
from desktop.render import MapRenderer, MapView, render_to_image
from gis.layers import Layer
from tests.desktop.test_tiles import folder  # noqa: F401  (fixture)

OPTIONS = {"decorations": False, "reserve_decorations": True}   # as the canvas renders


@pytest.fixture
def drawn(monkeypatch):
    """Ids of the layers drawn, in order (vector layers and basemaps)."""
    ids: list[str] = []
    real_layer, real_tiles = renderer_module.draw_layer, TileLayer.draw

    def draw_layer(painter, layer, view):
        ids.append(layer.id)
        real_layer(painter, layer, view)

    def draw_tiles(self, painter, view, wait=False):
        ids.append(self.id)
        return real_tiles(self, painter, view, wait)

    monkeypatch.setattr(renderer_module, "draw_layer", draw_layer)
    monkeypatch.setattr(TileLayer, "draw", draw_tiles)
    return ids


def full_view(stack, w=640, h=480) -> MapView:
    return MapView.for_bounds(stack.bounds(), w, h)


def new_hazards(stack, status: str) -> None:
    """The hazards reloaded with every hazard in `status` (each one changes colour)."""
    old = stack.sources["hazards"].layer
    attrs = old.attrs.copy()
    attrs["status"] = status
    stack.replace_data({"hazards": Layer("hazards", old.ids, old.geoms, attrs)})


def visible_ids(stack) -> list[str]:
    return [layer.id for layer in stack.drawing_order()]


def same(a: QImage, b: QImage) -> bool:
    return a.convertToFormat(QImage.Format.Format_ARGB32) == b.convertToFormat(QImage.Format.Format_ARGB32)


def test_a_hazard_change_redraws_only_the_hazards_and_matches_a_full_render(stack, drawn):
    r = MapRenderer(stack, cache=True)
    view = full_view(stack)
    before = r.render_image(view, **OPTIONS)
    assert drawn == visible_ids(stack) and drawn[-1] == "hazards"
    new_hazards(stack, "assigned")
    r.render_image(view, **OPTIONS)       # the first change shows where changes happen: kept from now on
    new_hazards(stack, "rectifying")
    drawn.clear()
    image = r.render_image(view, **OPTIONS)
    assert drawn == ["hazards"]           # not the grids, though each grid's open-hazard count was redone
    assert r.layers_drawn == 1
    assert not same(image, before)
    assert same(image, render_to_image(stack, view, **OPTIONS))


@pytest.mark.parametrize("dpr", [1.0, 2.0])
def test_a_change_under_other_layers_redraws_it_and_those_above_pixel_for_pixel(stack, drawn, dpr):
    stack.set_opacity("hazards", 0.6)     # a translucent layer above the change, and labels over everything
    r = MapRenderer(stack, cache=True)
    view = full_view(stack).zoomed(2.0)
    r.render_image(view, dpr, **OPTIONS)
    stack.set_style("sites", 1)
    r.render_image(view, dpr, **OPTIONS)
    stack.set_style("sites", 0)
    drawn.clear()
    image = r.render_image(view, dpr, **OPTIONS)
    order = visible_ids(stack)
    assert drawn == order[order.index("sites"):]
    assert same(image, render_to_image(stack, view, dpr=dpr, **OPTIONS))


def test_visibility_and_opacity_changes_are_drawn(stack, drawn):
    r = MapRenderer(stack, cache=True)
    view = full_view(stack)
    r.render_image(view, **OPTIONS)
    new_hazards(stack, "assigned")
    r.render_image(view, **OPTIONS)
    for change in (lambda: stack.set_visible("hazards", False), lambda: stack.set_visible("hazards", True),
                   lambda: stack.set_opacity("hazards", 0.3), lambda: stack.set_opacity("sites", 0.5),
                   lambda: stack.set_style("hazards", 1)):
        change()
        image = r.render_image(view, **OPTIONS)
        assert same(image, render_to_image(stack, view, **OPTIONS))
    drawn.clear()
    stack.set_opacity("villages", 0.5)     # low in the stack: no kept band lies under it
    r.render_image(view, **OPTIONS)
    assert drawn == visible_ids(stack)


def test_any_view_change_draws_every_layer(stack, drawn):
    r = MapRenderer(stack, cache=True)
    view = full_view(stack)
    r.render_image(view, **OPTIONS)
    new_hazards(stack, "assigned")
    r.render_image(view, **OPTIONS)
    new_hazards(stack, "rectifying")
    r.render_image(view, **OPTIONS)
    for other, dpr in ((view.panned(30, 0), 1.0), (view.zoomed(1.5), 1.0), (view.resized(600, 480), 1.0),
                       (view, 2.0)):
        drawn.clear()
        image = r.render_image(other, dpr, **OPTIONS)
        assert drawn == visible_ids(stack)
        assert same(image, render_to_image(stack, other, dpr=dpr, **OPTIONS))
    new_hazards(stack, "assigned")       # the band under the hazards is kept again for the new view
    drawn.clear()
    image = r.render_image(view, 2.0, **OPTIONS)
    assert drawn == ["hazards"]
    assert same(image, render_to_image(stack, view, dpr=2.0, **OPTIONS))


def test_a_new_basemap_or_an_arriving_tile_redraws_everything(stack, drawn, folder):  # noqa: F811
    r = MapRenderer(stack, cache=True)
    view = full_view(stack)
    r.render_image(view, **OPTIONS)
    new_hazards(stack, "assigned")
    r.render_image(view, **OPTIONS)
    basemap = TileLayer(FolderSource(folder), "basemap:test", "测试底图")
    arrived = []
    basemap.on_loaded = lambda: arrived.append(1)
    stack.add_basemap(basemap)
    try:
        drawn.clear()
        r.render_image(view, **OPTIONS)                 # asks for the tiles, draws what it has (nothing yet)
        assert drawn == visible_ids(stack) and drawn[0] == "basemap:test"
        for f in list(basemap._pending.values()):
            f.result(timeout=10)
        assert arrived
        drawn.clear()
        image = r.render_image(view, **OPTIONS)
        assert drawn == visible_ids(stack)              # the tiles that arrived are drawn, under everything
        assert same(image, render_to_image(stack, view, **OPTIONS))
    finally:
        stack.remove("basemap:test")


def test_print_and_export_stay_uncached(stack, drawn):
    view = full_view(stack)
    render_to_image(stack, view, **OPTIONS)
    new_hazards(stack, "assigned")
    render_to_image(stack, view, **OPTIONS)
    new_hazards(stack, "rectifying")
    drawn.clear()
    render_to_image(stack, view, **OPTIONS)
    assert drawn == visible_ids(stack)


def test_canvas_repaints_only_the_changed_layer_and_keeps_the_selection_on_top(qtbot, stack, drawn):
    canvas = MapCanvas()
    qtbot.addWidget(canvas)
    canvas.resize(800, 600)
    canvas.show()
    qtbot.waitExposed(canvas)
    canvas.set_stack(stack)
    canvas.grab()
    hazards = stack.sources["hazards"]
    canvas.set_selection({"hazards": [0]})
    for status in ("assigned", "rectifying"):
        new_hazards(stack, status)             # the canvas listens to the stack
        drawn.clear()
        grabbed = canvas.grab().toImage()
    assert drawn == ["hazards"]
    assert stack.sources["hazards"] is not hazards
    expected = render_to_image(stack, canvas.view, **OPTIONS)
    p = QPainter(expected)
    canvas.renderer.draw_selection(p, canvas.view, canvas.selection)
    canvas.renderer.draw_decorations(p, canvas.view)
    p.end()
    assert same(grabbed, expected)


def test_grid_hazard_counts_are_redrawn_when_hazards_go(stack, drawn):
    stack.set_visible("grid_hazards", True)    # it colours each grid by its open hazards
    r = MapRenderer(stack, cache=True)
    view = full_view(stack)
    r.render_image(view, **OPTIONS)
    new_hazards(stack, "assigned")
    r.render_image(view, **OPTIONS)
    old = stack.sources["hazards"].layer
    keep = slice(0, len(old) // 2)             # half the hazards are closed: fewer in some grids
    counts = stack.sources["grids"].attrs["open_hazards"].copy()
    stack.replace_data({"hazards": Layer("hazards", old.ids[keep], old.geoms[keep], old.attrs.iloc[keep])})
    assert (stack.sources["grids"].attrs["open_hazards"] != counts).any()
    drawn.clear()
    image = r.render_image(view, **OPTIONS)
    order = visible_ids(stack)
    assert drawn == order[order.index("grid_hazards"):]   # from it up; the villages and roads under it stay
    assert same(image, render_to_image(stack, view, **OPTIONS))
