"""Basemap tiles: tile maths, folder/MBTiles/XYZ sources, disk cache, loading off the UI thread, GCJ-02."""
from __future__ import annotations

import math
import sqlite3

import pytest
from PySide6.QtCore import QBuffer, QByteArray, QIODevice
from PySide6.QtGui import QColor, QImage, QPainter

from desktop.map.tiles import (
    ORIGIN,
    FolderSource,
    MBTilesSource,
    TileLayer,
    XYZSource,
    source_from_config,
    tile_bounds,
    tiles_in,
    zoom_for,
)
from desktop.render import MapView, render_to_image
from gis.geo.crs import DISPLAY, STORAGE, transformer

FWD = transformer(STORAGE, DISPLAY)
Z = 12


def png(color: str) -> bytes:
    image = QImage(256, 256, QImage.Format.Format_ARGB32)
    image.fill(QColor(color))
    data = QByteArray()
    buf = QBuffer(data)
    buf.open(QIODevice.OpenModeFlag.WriteOnly)
    image.save(buf, "PNG")
    return bytes(data)


def tile_of(lon, lat, z=Z):
    x, y = FWD.transform(lon, lat)
    size = 2 * ORIGIN / 2 ** z
    return int((x + ORIGIN) // size), int((ORIGIN - y) // size)


@pytest.fixture
def folder(tmp_path, qapp):
    """Tiles around the small township: red where x is even, blue where odd."""
    root = tmp_path / "tiles"
    x0, y0 = tile_of(113.15, 33.75)
    x1, y1 = tile_of(113.45, 33.55)
    for x in range(x0, x1 + 1):
        for y in range(y0, y1 + 1):
            p = root / str(Z) / str(x) / f"{y}.png"
            p.parent.mkdir(parents=True, exist_ok=True)
            p.write_bytes(png("#ff0000" if x % 2 == 0 else "#0000ff"))
    return root


def view_at(lon, lat, res=None):
    x, y = FWD.transform(lon, lat)
    return MapView(x, y, res or 2 * ORIGIN / 256 / 2 ** Z, 300, 200)


def test_tile_maths():
    assert zoom_for(2 * ORIGIN / 256) == 0
    assert zoom_for(2 * ORIGIN / 256 / 2 ** 12) == 12
    assert zoom_for(1e-6, maxzoom=18) == 18
    b = tile_bounds(1, 0, 0)
    assert b == pytest.approx((-ORIGIN, 0.0, 0.0, ORIGIN))
    assert tiles_in((-1.0, -1.0, 1.0, 1.0), 1) == [(1, 0, 0), (1, 1, 0), (1, 0, 1), (1, 1, 1)]


def test_folder_source_reads_xyz_and_tms(folder):
    x, y = tile_of(113.3, 33.65)
    src = FolderSource(folder)
    assert (src.minzoom, src.maxzoom) == (Z, Z)
    assert src.fetch(Z, x, y) is not None
    assert src.fetch(Z, x, 2 ** Z - 1 - y) is None
    assert FolderSource(folder, tms=True).fetch(Z, x, 2 ** Z - 1 - y) is not None


def test_mbtiles_rows_count_from_the_bottom(tmp_path, qapp):
    path = tmp_path / "base.mbtiles"
    db = sqlite3.connect(path)
    db.executescript("CREATE TABLE metadata (name TEXT, value TEXT);"
                     "CREATE TABLE tiles (zoom_level INT, tile_column INT, tile_row INT, tile_data BLOB);")
    db.execute("INSERT INTO metadata VALUES ('name', '离线底图')")
    db.execute("INSERT INTO tiles VALUES (?, ?, ?, ?)", (3, 6, 2 ** 3 - 1 - 3, png("#00ff00")))
    db.commit()
    db.close()
    src = MBTilesSource(path)
    assert src.name == "离线底图" and (src.minzoom, src.maxzoom) == (3, 3)
    assert QImage.fromData(src.fetch(3, 6, 3)).pixelColor(10, 10) == QColor("#00ff00")
    assert src.fetch(3, 6, 4) is None


def test_xyz_source_caches_on_disk_and_works_offline_after(folder, tmp_path):
    url = folder.as_uri() + "/{z}/{x}/{y}.png"
    src = XYZSource(url, tmp_path / "cache")
    x, y = tile_of(113.3, 33.65)
    first = src.fetch(Z, x, y)
    assert first is not None and src.downloads == 1 and src.cache_path(Z, x, y).exists()
    (folder / str(Z) / str(x) / f"{y}.png").unlink()        # the service is gone
    assert src.fetch(Z, x, y) == first and src.downloads == 1
    assert src.fetch(Z, x + 100, y) is None                 # not cached and not reachable: no tile, no error


def test_layer_loads_off_the_ui_thread_then_draws(folder):
    layer = TileLayer(FolderSource(folder))
    arrived = []
    layer.on_loaded = lambda: arrived.append(1)
    view = view_at(113.3, 33.65)
    image = QImage(view.width, view.height, QImage.Format.Format_ARGB32_Premultiplied)
    image.fill(QColor("#ffffff"))
    p = QPainter(image)
    missing = layer.draw(p, view)                           # returns at once, nothing cached yet
    p.end()
    assert missing > 0 and image.pixelColor(150, 100) == QColor("#ffffff")
    for f in list(layer._pending.values()):
        f.result(timeout=5)
    assert arrived
    p = QPainter(image)
    assert layer.draw(p, view) == 0
    p.end()
    x, _ = tile_of(113.3, 33.65)
    assert image.pixelColor(150, 100) == QColor("#ff0000" if x % 2 == 0 else "#0000ff")
    layer.close()


def test_basemap_under_the_vectors_in_a_rendered_image(stack, folder):
    for layer in stack.layers:
        layer.visible = False
    stack.add_basemap(TileLayer(FolderSource(folder), "basemap:test", "测试底图"))
    assert stack.layers[-1].id == "basemap:test" and stack.layers[-1].group == "底图"
    view = view_at(113.3, 33.65, res=2 * ORIGIN / 256 / 2 ** Z * 1.3)   # between zooms: scaled tiles
    image = render_to_image(stack, view, labels=False, decorations=False)
    c = image.pixelColor(150, 100)
    assert c in (QColor("#ff0000"), QColor("#0000ff"))
    stack.remove("basemap:test")
    assert all(l.id != "basemap:test" for l in stack.layers)


def test_missing_tile_shows_its_parent_scaled_up(tmp_path, qapp):
    root = tmp_path / "t"
    x, y = tile_of(113.3, 33.65, Z - 1)
    p = root / str(Z - 1) / str(x) / f"{y}.png"
    p.parent.mkdir(parents=True)
    p.write_bytes(png("#00aa00"))
    (root / str(Z)).mkdir()
    layer = TileLayer(FolderSource(root))
    layer.request((Z - 1, x, y)).result(timeout=5)
    view = view_at(113.3, 33.65)
    image = QImage(view.width, view.height, QImage.Format.Format_ARGB32_Premultiplied)
    image.fill(QColor("#ffffff"))
    painter = QPainter(image)
    layer.draw(painter, view)
    painter.end()
    assert image.pixelColor(150, 100) == QColor("#00aa00")
    layer.close()


def test_gcj02_tiles_are_shifted_to_the_true_place(folder):
    plain = TileLayer(FolderSource(folder))
    gcj = TileLayer(FolderSource(folder, gcj02=True))
    view = view_at(113.3, 33.65)
    assert plain.gcj_shift(view) == (0.0, 0.0)
    dx, dy = gcj.gcj_shift(view)
    assert 100 < math.hypot(dx, dy) < 1000   # GCJ-02 moves central Henan by a few hundred metres
    plain.close()
    gcj.close()


def test_source_from_saved_settings(folder, tmp_path):
    assert isinstance(source_from_config({"type": "folder", "path": str(folder)}, tmp_path), FolderSource)
    osm = source_from_config({"type": "osm"}, tmp_path)
    assert "openstreetmap" in osm.url
    tdt = source_from_config({"type": "tianditu", "key": "abc"}, tmp_path)
    assert "tk=abc" in tdt.url and not tdt.gcj02
    xyz = source_from_config({"type": "xyz", "url": "http://x/{z}/{x}/{y}.png", "gcj02": True}, tmp_path)
    assert xyz.gcj02
