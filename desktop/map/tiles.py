"""Basemaps: raster tiles from MBTiles files, z/x/y tile folders and online XYZ services (disk cache).

Tiles load on worker threads and never block the UI: a view draws the tiles it has (or a scaled-up
parent tile) and asks for the rest; when a tile arrives `on_loaded` is called (the canvas repaints).
Printing and tests call `draw(..., wait=True)`, which loads what the view needs first.
GCJ-02 sources (most Chinese web maps except 天地图) are shifted by the GCJ-02 offset at the view
centre, so they line up with the CGCS2000 data. The default is no basemap at all.
"""
from __future__ import annotations

import hashlib
import math
import sqlite3
import threading
import urllib.error
import urllib.request
from collections import OrderedDict
from collections.abc import Callable
from concurrent.futures import Future, ThreadPoolExecutor
from pathlib import Path

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication, QRectF
from PySide6.QtGui import QImage, QPainter

from desktop.render.layerstack import new_revision
from desktop.render.viewport import MapView
from gis.geo.crs import DISPLAY, STORAGE, transformer
from gis.geo.webcoords import wgs_to_gcj

ORIGIN = 20037508.342789244           # half the Web Mercator world, metres
USER_AGENT = "gridsafe/0.1 (desktop GIS; tile cache)"
MEMORY_TILES = 512


def zoom_for(resolution: float, minzoom: int = 0, maxzoom: int = 19) -> int:
    """The tile zoom whose pixels are closest to (not coarser than about 1.4×) the view's."""
    z = math.log2(2 * ORIGIN / 256 / resolution)
    return int(min(max(round(z), minzoom), maxzoom))


def tile_bounds(z: int, x: int, y: int) -> tuple[float, float, float, float]:
    """EPSG:3857 box of an XYZ tile (y counted from the top)."""
    size = 2 * ORIGIN / 2 ** z
    return -ORIGIN + x * size, ORIGIN - (y + 1) * size, -ORIGIN + (x + 1) * size, ORIGIN - y * size


def tiles_in(extent: tuple[float, float, float, float], z: int) -> list[tuple[int, int, int]]:
    size = 2 * ORIGIN / 2 ** z
    n = 2 ** z
    x0 = max(math.floor((extent[0] + ORIGIN) / size), 0)
    x1 = min(math.floor((extent[2] + ORIGIN) / size), n - 1)
    y0 = max(math.floor((ORIGIN - extent[3]) / size), 0)
    y1 = min(math.floor((ORIGIN - extent[1]) / size), n - 1)
    return [(z, x, y) for y in range(y0, y1 + 1) for x in range(x0, x1 + 1)]


# --- sources --------------------------------------------------------------------------------------

class TileSource:
    """Where tiles come from. `fetch` runs on worker threads and returns the encoded image or None."""

    minzoom = 0
    maxzoom = 19
    gcj02 = False

    def fetch(self, z: int, x: int, y: int) -> bytes | None:
        raise NotImplementedError

    def close(self) -> None:
        pass


class MBTilesSource(TileSource):
    """An MBTiles file (SQLite, rows counted from the bottom: TMS)."""

    def __init__(self, path: str | Path, gcj02: bool = False) -> None:
        self.path = str(path)
        self.gcj02 = gcj02
        self._local = threading.local()
        meta = dict(self._db().execute("SELECT name, value FROM metadata").fetchall())
        self.name = meta.get("name") or Path(path).stem
        zooms = self._db().execute("SELECT MIN(zoom_level), MAX(zoom_level) FROM tiles").fetchone()
        self.minzoom = int(meta.get("minzoom", zooms[0] if zooms[0] is not None else 0))
        self.maxzoom = int(meta.get("maxzoom", zooms[1] if zooms[1] is not None else 19))

    def _db(self) -> sqlite3.Connection:
        db = getattr(self._local, "db", None)
        if db is None:
            db = sqlite3.connect(f"file:{self.path}?mode=ro", uri=True, check_same_thread=False)
            self._local.db = db
        return db

    def fetch(self, z, x, y):
        row = self._db().execute("SELECT tile_data FROM tiles WHERE zoom_level=? AND tile_column=? AND tile_row=?",
                                 (z, x, 2 ** z - 1 - y)).fetchone()
        return bytes(row[0]) if row else None


class FolderSource(TileSource):
    """A folder of tiles as z/x/y.png (or .jpg/.webp); `tms=True` when rows count from the bottom."""

    def __init__(self, path: str | Path, tms: bool = False, gcj02: bool = False) -> None:
        self.root = Path(path)
        self.tms = tms
        self.gcj02 = gcj02
        self.name = self.root.name
        zooms = sorted(int(p.name) for p in self.root.iterdir() if p.is_dir() and p.name.isdigit()) \
            if self.root.is_dir() else []
        if zooms:
            self.minzoom, self.maxzoom = zooms[0], zooms[-1]

    def fetch(self, z, x, y):
        row = 2 ** z - 1 - y if self.tms else y
        for ext in ("png", "jpg", "jpeg", "webp"):
            p = self.root / str(z) / str(x) / f"{row}.{ext}"
            if p.exists():
                return p.read_bytes()
        return None


class XYZSource(TileSource):
    """An online tile service ({z}/{x}/{y} URL, optional {s} subdomains), cached on disk for offline use."""

    def __init__(self, url: str, cache_dir: str | Path, name: str = "", subdomains: str = "",
                 minzoom: int = 0, maxzoom: int = 18, gcj02: bool = False, timeout: float = 10.0) -> None:
        self.url = url
        self.name = name or url
        self.subdomains = subdomains
        self.minzoom, self.maxzoom = minzoom, maxzoom
        self.gcj02 = gcj02
        self.timeout = timeout
        key = hashlib.sha1(url.encode()).hexdigest()[:12]
        self.cache = Path(cache_dir) / key
        self.downloads = 0
        self.network_error: str | None = None    # why the last download failed for want of a network, else None

    def cache_path(self, z, x, y) -> Path:
        return self.cache / str(z) / str(x) / f"{y}.tile"

    def fetch(self, z, x, y):
        p = self.cache_path(z, x, y)
        if p.exists():
            return p.read_bytes()
        s = self.subdomains[(x + y) % len(self.subdomains)] if self.subdomains else ""
        url = self.url.format(z=z, x=x, y=y, s=s)
        request = urllib.request.Request(url, headers={"User-Agent": USER_AGENT})
        try:
            with urllib.request.urlopen(request, timeout=self.timeout) as r:
                data = r.read()
        except urllib.error.HTTPError:
            self.network_error = None   # the server answered (no such tile, refused): not a network problem
            return None
        except OSError as e:            # offline, no name resolution, timed out: draw without it, ask again later
            self.network_error = str(getattr(e, "reason", e))
            return None
        self.network_error = None
        self.downloads += 1
        from gis.atomic import atomic_path

        with atomic_path(p, sync=False) as tmp:     # a cache: a tile lost in a power cut is fetched again
            tmp.write_bytes(data)
        return data


def tianditu(key: str, cache_dir: str | Path, layer: str = "vec") -> XYZSource:
    """天地图 (CGCS2000-aligned, not GCJ-02) Web Mercator tiles; needs the user's own key."""
    url = (f"https://t{{s}}.tianditu.gov.cn/{layer}_w/wmts?SERVICE=WMTS&REQUEST=GetTile&VERSION=1.0.0"
           f"&LAYER={layer}&STYLE=default&TILEMATRIXSET=w&FORMAT=tiles&TILEMATRIX={{z}}&TILEROW={{y}}"
           f"&TILECOL={{x}}&tk={key}")
    names = {"vec": QT_TRANSLATE_NOOP("Basemaps", "天地图矢量"), "img": QT_TRANSLATE_NOOP("Basemaps", "天地图影像")}
    name = QCoreApplication.translate("Basemaps", names.get(layer, QT_TRANSLATE_NOOP("Basemaps", "天地图")))
    return XYZSource(url, cache_dir, name=name,
                     subdomains="01234567", minzoom=1, maxzoom=18)


def openstreetmap(cache_dir: str | Path) -> XYZSource:
    return XYZSource("https://tile.openstreetmap.org/{z}/{x}/{y}.png", cache_dir, name="OpenStreetMap", maxzoom=19)


# --- the basemap layer ----------------------------------------------------------------------------

class TileLayer:
    """A basemap in the layer stack (group 底图): draws cached tiles, loads missing ones off the UI thread."""

    group = "底图"
    kind = "tiles"

    def __init__(self, source: TileSource, layer_id: str | None = None, title: str | None = None,
                 workers: int = 4) -> None:
        self.source = source
        self.id = layer_id or f"basemap:{getattr(source, 'name', 'tiles')}"
        self.title = title or getattr(source, "name", "") or QCoreApplication.translate("Basemaps", "底图")
        self.visible = True
        self.opacity = 1.0
        self.on_loaded: Callable[[], None] | None = None
        self.on_offline: Callable[[str], None] | None = None   # a tile could not be downloaded: no network (why)
        self.revision = new_revision()      # a new one whenever a tile arrives (render caches compare)
        self._memory: OrderedDict[tuple[int, int, int], QImage | None] = OrderedDict()
        self._pending: dict[tuple[int, int, int], Future] = {}
        self._lock = threading.Lock()
        self._pool = ThreadPoolExecutor(max_workers=workers, thread_name_prefix="tiles")

    # loading

    def _load(self, key) -> None:
        data = None
        try:
            data = self.source.fetch(*key)
            offline = getattr(self.source, "network_error", None)
            if offline and self.on_offline is not None:   # called on the loading thread
                self.on_offline(offline)
        finally:
            image = QImage.fromData(data) if data else None
            with self._lock:
                self._memory[key] = image if image is not None and not image.isNull() else None
                while len(self._memory) > MEMORY_TILES:
                    self._memory.popitem(last=False)
                self._pending.pop(key, None)
                self.revision = new_revision()
        if self.on_loaded is not None:
            self.on_loaded()

    def request(self, key) -> Future | None:
        with self._lock:
            if key in self._memory:
                return None
            fut = self._pending.get(key)
            if fut is None:
                fut = self._pool.submit(self._load, key)
                self._pending[key] = fut
            return fut

    def cached(self, key) -> tuple[bool, QImage | None]:
        with self._lock:
            if key in self._memory:
                self._memory.move_to_end(key)
                return True, self._memory[key]
        return False, None

    # drawing

    def gcj_shift(self, view: MapView) -> tuple[float, float]:
        """How far (EPSG:3857 metres) a GCJ-02 tile's content lies from the true place at the view centre."""
        if not self.source.gcj02:
            return 0.0, 0.0
        lon, lat = transformer(DISPLAY, STORAGE).transform(view.cx, view.cy)
        glon, glat = wgs_to_gcj(lon, lat)
        gx, gy = transformer(STORAGE, DISPLAY).transform(float(glon), float(glat))
        return gx - view.cx, gy - view.cy

    def draw(self, painter: QPainter, view: MapView, wait: bool = False) -> int:
        """Draw the tiles for the view; returns how many tiles of the right zoom are still missing."""
        z = zoom_for(view.resolution, self.source.minzoom, self.source.maxzoom)
        dx, dy = self.gcj_shift(view)
        ext = view.extent()
        keys = tiles_in((ext[0] + dx, ext[1] + dy, ext[2] + dx, ext[3] + dy), z)
        if wait:
            futures = [f for f in (self.request(k) for k in keys) if f is not None]
            for f in futures:
                f.result()
        missing = 0
        painter.save()
        painter.setOpacity(painter.opacity() * self.opacity)
        painter.setRenderHint(QPainter.RenderHint.SmoothPixmapTransform)
        for key in keys:
            known, image = self.cached(key)
            source_key = key
            if not known:
                missing += 1
                self.request(key)
                image, source_key = self._ancestor(key)
            if image is None:
                continue
            self._blit(painter, view, image, key, source_key, dx, dy)
        painter.restore()
        return missing

    def _ancestor(self, key):
        """The nearest cached lower-zoom tile covering `key` (shown scaled up while `key` loads)."""
        z, x, y = key
        for up in range(1, 6):
            if z - up < 0:
                break
            parent = (z - up, x >> up, y >> up)
            known, image = self.cached(parent)
            if known and image is not None:
                return image, parent
        return None, None

    def _blit(self, painter, view, image, key, source_key, dx, dy) -> None:
        x0, y0, x1, y1 = tile_bounds(*key)
        sx0, sy0 = view.to_screen(x0 - dx, y1 - dy)
        sx1, sy1 = view.to_screen(x1 - dx, y0 - dy)
        target = QRectF(float(sx0), float(sy0), float(sx1 - sx0), float(sy1 - sy0))
        if source_key == key:
            painter.drawImage(target, image)
            return
        up = key[0] - source_key[0]
        n = 2 ** up
        w, h = image.width() / n, image.height() / n
        src = QRectF((key[1] - (source_key[1] << up)) * w, (key[2] - (source_key[2] << up)) * h, w, h)
        painter.drawImage(target, image, src)

    def close(self) -> None:
        self._pool.shutdown(wait=False, cancel_futures=True)
        self.source.close()


def source_from_config(config: dict, cache_dir: str | Path) -> TileSource:
    """A tile source from its saved settings: {"type": mbtiles|folder|xyz|tianditu|osm, ...}."""
    kind = config["type"]
    gcj = bool(config.get("gcj02", False))
    if kind == "mbtiles":
        return MBTilesSource(config["path"], gcj02=gcj)
    if kind == "folder":
        return FolderSource(config["path"], tms=bool(config.get("tms", False)), gcj02=gcj)
    if kind == "tianditu":
        return tianditu(config["key"], cache_dir, config.get("layer", "vec"))
    if kind == "osm":
        return openstreetmap(cache_dir)
    return XYZSource(config["url"], cache_dir, name=config.get("name", ""), subdomains=config.get("subdomains", ""),
                     maxzoom=int(config.get("maxzoom", 18)), gcj02=gcj)


def config_title(config: dict) -> str:
    kind = config["type"]
    if kind in ("mbtiles", "folder"):
        return config.get("name") or Path(config["path"]).stem
    if kind == "tianditu":
        return QCoreApplication.translate("Basemaps", "天地图")
    if kind == "osm":
        return "OpenStreetMap"
    return config.get("name") or config.get("url") or QCoreApplication.translate("Basemaps", "底图")
