"""The interactive map: wheel zoom at the cursor, drag pan, arrow keys, box zoom, click identify; panning and
wheel zoom show the last image moved/scaled and render when the hand stops."""
from __future__ import annotations

import pytest
from PySide6.QtCore import QPoint, QPointF, Qt
from PySide6.QtGui import QImage, QWheelEvent
from PySide6.QtWidgets import QApplication

from desktop.map.canvas import MapCanvas, preview_transform
from desktop.render import MapView
from desktop.render.renderer import render_to_image
from gis.geo.crs import DISPLAY, STORAGE, transformer

FWD = transformer(STORAGE, DISPLAY)


@pytest.fixture
def canvas(qtbot, stack):
    c = MapCanvas()
    qtbot.addWidget(c)
    c.resize(800, 600)
    c.show()
    qtbot.waitExposed(c)
    c.set_stack(stack)
    return c


def screen_of(canvas, lon, lat):
    x, y = FWD.transform(lon, lat)
    sx, sy = canvas.view.to_screen(x, y)
    return QPoint(round(float(sx)), round(float(sy)))


def wheel(canvas, pos: QPoint, notches: int):
    e = QWheelEvent(QPointF(pos), QPointF(canvas.mapToGlobal(pos)), QPoint(0, 0), QPoint(0, 120 * notches),
                    Qt.MouseButton.NoButton, Qt.KeyboardModifier.NoModifier, Qt.ScrollPhase.NoScrollPhase, False)
    QApplication.sendEvent(canvas, e)


def test_opens_on_the_full_extent(canvas, stack):
    minx, miny, maxx, maxy = stack.bounds()
    vx0, vy0, vx1, vy1 = canvas.view.extent()
    assert vx0 <= minx and vy0 <= miny and vx1 >= maxx and vy1 >= maxy
    assert canvas.view.width == 800 and canvas.view.height == 600


def test_wheel_zooms_at_the_cursor(canvas, qtbot):
    pos = QPoint(200, 150)
    before = canvas.view.to_lonlat(pos.x(), pos.y())
    res = canvas.view.resolution
    with qtbot.waitSignal(canvas.scaleChanged):
        wheel(canvas, pos, 2)
    assert canvas.view.resolution == pytest.approx(res / 1.25 ** 2)
    assert canvas.view.to_lonlat(pos.x(), pos.y()) == pytest.approx(before)
    wheel(canvas, pos, -2)
    assert canvas.view.resolution == pytest.approx(res)


def test_drag_pans_with_the_mouse(canvas, qtbot):
    start, end = QPoint(400, 300), QPoint(460, 340)
    under = canvas.view.to_lonlat(start.x(), start.y())
    qtbot.mousePress(canvas, Qt.MouseButton.LeftButton, pos=start)
    qtbot.mouseMove(canvas, QPoint(430, 320))
    qtbot.mouseMove(canvas, end)
    qtbot.mouseRelease(canvas, Qt.MouseButton.LeftButton, pos=end)
    assert canvas.view.to_lonlat(end.x(), end.y()) == pytest.approx(under)


def test_arrow_keys_pan_a_quarter_screen(canvas, qtbot):
    cx = canvas.view.cx
    qtbot.keyClick(canvas, Qt.Key.Key_Right)
    assert canvas.view.cx == pytest.approx(cx + 200 * canvas.view.resolution)
    qtbot.keyClick(canvas, Qt.Key.Key_Left)
    assert canvas.view.cx == pytest.approx(cx)


def test_shift_drag_zooms_to_the_box(canvas, qtbot):
    a, b = screen_of(canvas, 113.2, 33.7), screen_of(canvas, 113.3, 33.6)   # the west village
    qtbot.mousePress(canvas, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.ShiftModifier, a)
    qtbot.mouseMove(canvas, b)
    qtbot.mouseRelease(canvas, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.ShiftModifier, b)
    lon0, lat0 = canvas.view.to_lonlat(0, 600)
    lon1, lat1 = canvas.view.to_lonlat(800, 0)
    assert lon0 <= 113.2 + 1e-3 and lon1 >= 113.3 - 1e-3 and lat0 <= 33.6 + 1e-3 and lat1 >= 33.7 - 1e-3
    assert lon1 - lon0 < 0.16    # zoomed in from the whole township (0.2° wide)


def test_click_identifies_the_site_under_the_cursor(canvas, qtbot, stack):
    canvas.set_view(canvas.view.with_scale(20_000))
    canvas.zoom_to_feature("sites", 0, select=False)
    stack.set_visible("hazards", False)
    pos = screen_of(canvas, 113.22, 33.62)
    with qtbot.waitSignal(canvas.identified) as sig:
        qtbot.mouseClick(canvas, Qt.MouseButton.LeftButton, pos=pos)
    hits = sig.args[0]
    assert hits[0].source == "sites"
    assert stack.sources["sites"].attrs["name"].iloc[hits[0].index] == "鑫源机械加工厂"
    # then what lies beneath, in panel order: the forest zone (the site is on its edge), grid, village, township
    assert [h.source for h in hits] == ["sites", "zones", "grids", "villages", "townships"]
    assert stack.sources["grids"].attrs["code"].iloc[hits[2].index] == "410411003001003"
    assert list(canvas.selection) == ["sites"]


def test_zoom_to_layer_and_feature(canvas, stack):
    canvas.zoom_to_layer("fire_zones")
    lon0, _ = canvas.view.to_lonlat(0, 600)
    lon1, _ = canvas.view.to_lonlat(800, 0)
    assert lon0 <= 113.2 and lon1 >= 113.25 and lon1 - lon0 < 0.1
    canvas.zoom_to_feature("sites", 3)
    assert canvas.view.scale_denominator() == pytest.approx(5000)
    assert canvas.view.to_lonlat(400, 300) == pytest.approx((113.38, 33.69))


def test_slow_render_shows_a_moved_preview_until_the_pause(canvas, qtbot):
    canvas.last_render_ms = 1000.0           # pretend the map is slow to draw
    canvas.grab()
    old = canvas._image_view
    canvas.pan_by(50, 0)
    canvas.grab()
    assert canvas._image_view == old          # not re-rendered while moving
    qtbot.waitUntil(lambda: canvas._image_view == canvas.view, timeout=2000)


def test_layer_change_while_moving_slowly_keeps_the_old_image_as_preview(canvas, qtbot, stack):
    canvas.last_render_ms = 1000.0
    canvas.grab()
    canvas.pan_by(10, 0)
    stack.set_visible("sites", False)        # the image is now stale and shows the wrong view
    canvas.grab()                            # must paint the preview, not fail
    qtbot.waitUntil(lambda: canvas._current(), timeout=2000)


def test_preview_transform_maps_old_pixels_to_new():
    old = MapView(1000.0, 2000.0, 10.0, 400, 300)
    new = old.zoomed(2.0, (100, 100)).panned(30, 5)
    t = preview_transform(old, new)
    for px, py in ((0, 0), (100, 100), (399, 299)):
        mx, my = old.to_map(px, py)
        nx, ny = new.to_screen(mx, my)
        p = t.map(QPointF(px, py))
        assert (p.x(), p.y()) == pytest.approx((float(nx), float(ny)))


def test_ctrl_drag_selects_the_features_in_the_box(canvas, qtbot, stack):
    for layer in stack.layers:
        layer.visible = layer.id == "sites"
    a, b = screen_of(canvas, 113.21, 33.69), screen_of(canvas, 113.30, 33.61)   # the west village's sites
    with qtbot.waitSignal(canvas.selectionChanged):
        qtbot.mousePress(canvas, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.ControlModifier, a)
        qtbot.mouseMove(canvas, b)
        qtbot.mouseRelease(canvas, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.ControlModifier, b)
    names = set(stack.sources["sites"].attrs["name"].iloc[canvas.selection["sites"]])
    assert names == {"鑫源机械加工厂", "老王家常菜馆"}
    qtbot.keyClick(canvas, Qt.Key.Key_Escape)
    assert canvas.selection == {}


def test_map_fits_the_final_size_when_set_before_layout(qtbot, stack):
    c = MapCanvas()
    qtbot.addWidget(c)
    c.resize(200, 150)
    c.set_stack(stack)               # the window is still laying out
    c.resize(900, 700)
    c.show()
    qtbot.waitExposed(c)
    qtbot.waitUntil(c._current)                  # painted once
    minx, miny, maxx, maxy = stack.bounds()
    vx0, vy0, vx1, vy1 = c.view.extent()
    assert vx0 <= minx and vx1 >= maxx and vy0 <= miny and vy1 >= maxy
    assert (maxx - minx) / (vx1 - vx0) > 0.8    # and fills it, not a thumbnail from the first size
    c.resize(1000, 800)                          # later resizes keep the user's scale
    qtbot.waitUntil(lambda: c.view.width == 1000)
    assert c.view.resolution == pytest.approx((vx1 - vx0) / 900)


# --- panning like a native map: the last image moves with the hand, the map is rendered when it stops ----

@pytest.fixture
def renders(canvas, monkeypatch):
    """The views the canvas's renderer is asked to draw, in order."""
    views = []
    real = canvas.renderer.render_image

    def render_image(view, dpr=1.0, **options):
        views.append(view)
        return real(view, dpr, **options)

    monkeypatch.setattr(canvas.renderer, "render_image", render_image)
    return views


def pixels(image, points):
    return [image.pixel(x, y) for x, y in points]


def test_drag_moves_the_last_image_and_renders_once_at_release(canvas, qtbot, renders):
    canvas.drag_idle_ms = 10 ** 6               # no pause in this drag: rendering waits for the release
    canvas.repaint()
    before = canvas.grab().toImage()
    renders.clear()
    start = QPoint(300, 250)
    qtbot.mousePress(canvas, Qt.MouseButton.LeftButton, pos=start)
    for k in range(1, 7):                        # six moves of (10, 6) px, each painted as the event loop would
        qtbot.mouseMove(canvas, start + QPoint(10 * k, 6 * k))
        canvas.repaint()
    assert renders == []                         # no full render while the hand moves
    frame = canvas.grab().toImage()
    # the frame is the image from before the drag shifted by (60, 36) px (away from scale bar and north arrow) …
    inside = [(x, y) for x in range(60, 700, 23) for y in range(80, 520, 19)]
    assert pixels(frame, [(x + 60, y + 36) for x, y in inside]) == pixels(before, inside)
    # … and the strip it uncovers is the map's background colour
    strip = [(x, y) for x in range(0, 60, 7) for y in range(60, 540, 31)]
    assert set(pixels(frame, strip)) == {canvas.renderer.background.rgb()}
    qtbot.mouseRelease(canvas, Qt.MouseButton.LeftButton, pos=start + QPoint(60, 36))
    assert renders == [canvas.view]              # rendered once, for the view where the hand stopped
    canvas.repaint()
    assert len(renders) == 1
    full = render_to_image(canvas.stack, canvas.view).convertToFormat(QImage.Format.Format_RGB32)
    assert canvas.grab().toImage().convertToFormat(QImage.Format.Format_RGB32) == full


def test_cursor_readout_stays_on_the_map_point_under_the_hand(canvas, qtbot):
    start = QPoint(400, 300)
    under = canvas.view.to_lonlat(start.x(), start.y())
    seen = []
    canvas.cursorMoved.connect(lambda lon, lat: seen.append((lon, lat)))
    qtbot.mousePress(canvas, Qt.MouseButton.LeftButton, pos=start)
    for k in range(1, 5):
        qtbot.mouseMove(canvas, start + QPoint(25 * k, -15 * k))
    qtbot.mouseRelease(canvas, Qt.MouseButton.LeftButton, pos=start + QPoint(100, -60))
    assert len(seen) == 4
    for lonlat in seen:                          # the map moves with the hand: the same point stays under it
        assert lonlat == pytest.approx(under, abs=1e-9)


def test_holding_still_during_a_drag_renders_the_view(canvas, qtbot, renders):
    canvas.drag_idle_ms = 30
    canvas.repaint()
    renders.clear()
    qtbot.mousePress(canvas, Qt.MouseButton.LeftButton, pos=QPoint(300, 300))
    qtbot.mouseMove(canvas, QPoint(380, 340))
    qtbot.waitUntil(lambda: len(renders) == 1)   # the hand rests, still holding the button
    assert renders == [canvas.view] and canvas._mode == "pan"
    qtbot.mouseRelease(canvas, Qt.MouseButton.LeftButton, pos=QPoint(380, 340))
    canvas.repaint()
    assert len(renders) == 1                     # the release has nothing new to render


def test_wheel_scales_the_last_image_then_renders_once(canvas, qtbot, renders):
    canvas.repaint()
    renders.clear()
    old = canvas._image_view
    for _ in range(3):                           # a burst of notches: each frame is the scaled last image
        wheel(canvas, QPoint(200, 150), 1)
        canvas.repaint()
    assert renders == [] and canvas._image_view == old
    qtbot.waitUntil(lambda: len(renders) == 1)   # the wheel stopped
    assert renders == [canvas.view]
    canvas.repaint()
    assert len(renders) == 1


def test_arrow_keys_render_the_new_view(canvas, qtbot, renders):
    canvas.repaint()
    renders.clear()
    qtbot.keyClick(canvas, Qt.Key.Key_Down)
    canvas.repaint()
    # under load Qt may already have painted during the key click; every render is of the new view
    assert renders and all(view == canvas.view for view in renders)


def test_a_click_after_a_drag_still_identifies(canvas, qtbot, stack):
    canvas.zoom_to_feature("sites", 0, select=False)
    stack.set_visible("hazards", False)
    qtbot.mousePress(canvas, Qt.MouseButton.LeftButton, pos=QPoint(300, 300))
    qtbot.mouseMove(canvas, QPoint(340, 320))
    qtbot.mouseRelease(canvas, Qt.MouseButton.LeftButton, pos=QPoint(340, 320))
    pos = screen_of(canvas, 113.22, 33.62)
    with qtbot.waitSignal(canvas.identified) as sig:
        qtbot.mouseClick(canvas, Qt.MouseButton.LeftButton, pos=pos)
    assert sig.args[0][0].source == "sites"
