"""The one map renderer: paints a layer stack for a view onto any QPainter (canvas, PNG, PDF page)."""
from __future__ import annotations

import numpy as np
import shapely
from PySide6.QtCore import QRectF, QSize, Qt
from PySide6.QtGui import QColor, QImage, QPainter, QPen

from desktop.render.cache import RenderCache, layer_key
from desktop.render.decorations import draw_north_arrow, draw_scale_bar, reserved_boxes
from desktop.render.labels import draw_labels
from desktop.render.layerstack import LayerStack, MapLayer
from desktop.render.painters import draw_layer, world_transform
from desktop.render.qtbuffers import path_from_parts
from desktop.render.viewport import MapView

BACKGROUND = "#f5f4ef"
SELECTION = "#00b7eb"


class MapRenderer:
    def __init__(self, stack: LayerStack, background: str = BACKGROUND, wait_tiles: bool = False,
                 cache: bool = False) -> None:
        self.stack = stack
        self.background = QColor(background)
        self.wait_tiles = wait_tiles   # print and images: load basemap tiles before drawing them
        self.cache = RenderCache() if cache else None   # render_image keeps bands for the next render
        self.layers_drawn = 0          # of the last render_image: how many layers it drew (not cached)

    def render_image(self, view: MapView, dpr: float = 1.0, **options) -> QImage:
        """The map for `view` as a new image at device pixel ratio `dpr` (options as for `render`).
        With a cache, only the layers that changed since the last render of this view, and those above
        them, are drawn; the result is the same, pixel for pixel, as a full render."""
        order = self.stack.drawing_order()
        keys = tuple(layer_key(layer) for layer in order)
        start, band = self.cache.lookup(view, dpr, order, keys) if self.cache is not None else (0, None)
        if band is not None:
            image = band.copy()
        else:
            image = QImage(int(view.width * dpr), int(view.height * dpr), QImage.Format.Format_ARGB32_Premultiplied)
        image.setDevicePixelRatio(dpr)
        painter = QPainter(image)
        try:
            self._render(painter, view, order, start, keys, image, **options)
        finally:
            painter.end()
        self.layers_drawn = len(order) - start
        return image

    def render(self, painter: QPainter, view: MapView, *, labels: bool = True, decorations: bool = True,
               selection: dict[str, np.ndarray] | None = None, reserve_decorations: bool | None = None) -> None:
        """Paint the map into the rectangle (0, 0, view.width, view.height) of the painter.

        `decorations=False, reserve_decorations=True` keeps labels clear of the scale bar and north arrow
        without drawing them: the canvas draws them itself over its image, so they stay put while it
        shows that image moved or scaled.
        """
        self._render(painter, view, self.stack.drawing_order(), 0, (), None, labels=labels,
                     decorations=decorations, selection=selection, reserve_decorations=reserve_decorations)

    def _render(self, painter: QPainter, view: MapView, order: list, start: int, keys: tuple,
                image: QImage | None, *, labels: bool = True, decorations: bool = True,
                selection: dict[str, np.ndarray] | None = None, reserve_decorations: bool | None = None) -> None:
        """Draw `order[start:]` over a painter that already shows `order[:start]` (nothing when 0), then
        the selection, labels and decorations. With `image` (the painter's device) and a cache, keep the
        bands the cache asks for on the way up."""
        if reserve_decorations is None:
            reserve_decorations = decorations
        painter.save()
        painter.setClipRect(QRectF(0, 0, view.width, view.height))
        if start == 0:
            painter.fillRect(QRectF(0, 0, view.width, view.height), self.background)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        for i in range(start, len(order)):
            layer = order[i]
            if image is not None and self.cache is not None and self.cache.wants(order, keys, i):
                self.cache.keep(keys[:i], image.copy())   # the raster engine has drawn it all already
            painter.setOpacity(layer.opacity)
            if isinstance(layer, MapLayer):
                draw_layer(painter, layer, view)
            else:                       # a basemap (desktop.map.tiles.TileLayer)
                layer.draw(painter, view, wait=self.wait_tiles)
        painter.setOpacity(1.0)
        if selection:
            self.draw_selection(painter, view, selection)
        if labels:
            draw_labels(painter, [l for l in self.stack.vector_layers() if l.visible], view,
                        reserved_boxes(view) if reserve_decorations else ())
        if decorations:
            self.draw_decorations(painter, view)
        painter.restore()

    def draw_decorations(self, painter: QPainter, view: MapView) -> None:
        """The scale bar and north arrow of `view`, in screen space."""
        draw_scale_bar(painter, view)
        draw_north_arrow(painter, view)

    def draw_selection(self, painter: QPainter, view: MapView, selection: dict[str, np.ndarray]) -> None:
        """Selected features (source name → feature indices) outlined in a highlight colour."""
        painter.save()
        pen = QPen(QColor(SELECTION), 3)
        pen.setCosmetic(True)
        painter.setPen(pen)
        painter.setBrush(Qt.BrushStyle.NoBrush)
        for name, idx in selection.items():
            src = self.stack.sources.get(name)
            if src is None or not len(idx):
                continue
            if src.kind == "point":
                sx, sy = view.to_screen(src.xy[idx, 0], src.xy[idx, 1])
                for x, y in zip(sx.tolist(), sy.tolist(), strict=True):
                    painter.drawEllipse(QRectF(x - 8, y - 8, 16, 16))
            else:
                geoms = src.geoms[idx]
                if src.kind == "polygon":
                    geoms = shapely.get_rings(shapely.get_parts(geoms))
                else:
                    geoms = shapely.get_parts(geoms)
                xy, part = shapely.get_coordinates(geoms, return_index=True)
                painter.save()
                painter.setWorldTransform(world_transform(view), True)
                painter.drawPath(path_from_parts(xy, part))
                painter.restore()
        painter.restore()


def render_to_image(stack: LayerStack, view: MapView, size: QSize | tuple[int, int] | None = None, *,
                    dpr: float = 1.0, **options) -> QImage:
    """Render to a new image of `size` (logical pixels; default the view's size), uncached."""
    if size is not None:
        w, h = (size.width(), size.height()) if isinstance(size, QSize) else size
        view = view.resized(w, h)
    return MapRenderer(stack, wait_tiles=True).render_image(view, dpr, **options)
