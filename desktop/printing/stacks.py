"""The layers a print draws, always its own: loaded for it (CLI, wall map), or copied from the window's
stack on the UI thread before the print task starts.

A print task runs on a worker thread while the window goes on: a reload swaps (or patches) the data of
the window's stack and recomputes derived columns in place, and removing a basemap or closing the
project closes its tile loader. So the task never reads the window's objects: `print_copy` gives it
the same data (geometry arrays are shared: they are replaced, never written in place) in layers and
tables of its own, and the visible basemap with a tile loader of its own.
"""
from __future__ import annotations

import numpy as np
import shapely

from desktop.map.tiles import TileLayer
from desktop.render import LayerStack, MapLayer
from desktop.render.geometry import ProjectedLayer
from desktop.render.styles import StyleBook
from gis import layers
from gis.layers import Layer
from gis.store import Project

PRINT_LAYERS = [name for name in layers.LAYERS if name != "hazards"]   # sheets list hazards in their table


def load_stack(project: Project, sources: list[str] | None = None, *, book: StyleBook | None = None) -> LayerStack:
    """A new stack over the project's data layers `sources` (default: all but hazards), styled by `book`
    (default: the map's style file)."""
    return LayerStack.from_layers(layers.load_all(project, sources or PRINT_LAYERS), book)


def _own_data(source: ProjectedLayer) -> ProjectedLayer:
    own = ProjectedLayer(source.layer, source.geoms)      # projected once, by the window
    own.attrs = source.attrs.copy(deep=False)             # with the derived columns (open hazards per grid)
    return own


def _basemaps(stack: LayerStack) -> list:
    return [layer for layer in stack.layers if not isinstance(layer, MapLayer)]


def print_copy(stack: LayerStack) -> LayerStack:
    """The window's `stack` for a print task: its data in objects of the task's own, display layers as
    the style file says, and the topmost visible basemap (if any) with its own tile loader. Make it on the
    UI thread before the task starts; `close` it once the task has finished."""
    sources = {name: _own_data(p) for name, p in stack.sources.items()}
    copy = LayerStack([MapLayer(spec, sources[spec.source]) for spec in stack.book.layers], sources, stack.book)
    shown = [layer for layer in _basemaps(stack) if layer.visible and layer.opacity > 0]
    if shown:
        copy.add_basemap(PrintTiles.of(shown[0]))
    return copy


def close(stack: LayerStack) -> None:
    """Let go of what a print stack holds besides memory: its basemaps' tile loaders."""
    for layer in _basemaps(stack):
        layer.close()


class PrintTiles(TileLayer):
    """A basemap's tile source read through loader threads and a tile memory of the print's own."""

    @classmethod
    def of(cls, basemap: TileLayer) -> PrintTiles:
        tiles = cls(basemap.source, basemap.id, basemap.title)
        tiles.visible, tiles.opacity = basemap.visible, basemap.opacity
        return tiles

    def close(self) -> None:
        self._pool.shutdown(wait=False, cancel_futures=True)   # the source stays open: it is the window's


def with_sources(stack: LayerStack, project: Project, names) -> LayerStack:
    """`stack` (a print's own) with the data layers `names` read from the project where it lacks them or
    holds them empty (a window that never showed a hidden derived layer, e.g. the gas ranges, has not read
    it). The other data, the display layers' settings and the basemaps stay as they are."""
    missing = [n for n in names if n not in stack.sources or not len(stack.sources[n])]
    if not missing:
        return stack
    sources = dict(stack.sources)
    for name, layer in layers.load_all(project, missing).items():
        sources[name] = ProjectedLayer(layer)
    shown = {layer.id: layer.visible for layer in stack.layers if isinstance(layer, MapLayer)}
    copy = LayerStack([MapLayer(spec, sources[spec.source]) for spec in stack.book.layers], sources, stack.book)
    for layer in copy.layers:
        layer.visible = shown.get(layer.id, layer.visible)
    for basemap in reversed(_basemaps(stack)):
        copy.add_basemap(basemap)
    return copy


def clipped(stack: LayerStack, box: tuple[float, float, float, float]) -> LayerStack:
    """`stack` cut to `box` (EPSG:3857): each data layer keeps the features that meet the box, their
    geometries clipped to it, and the display layers keep their visibility, opacity and style; the basemaps
    are shared. A large-scale print of a small place draws a few metres of a pipeline's range rather than its
    whole outline (a dashed outline kilometres long is megabytes of PDF dashes per page). Make `box` wider
    than what shows, so the cut edges stay outside the picture."""
    x0, y0, x1, y1 = box
    sources: dict[str, ProjectedLayer] = {}
    for name, src in stack.sources.items():
        if not len(src):
            sources[name] = src
            continue
        b = src.feature_bounds
        idx = np.flatnonzero((b[:, 0] <= x1) & (b[:, 2] >= x0) & (b[:, 1] <= y1) & (b[:, 3] >= y0))
        geoms = shapely.clip_by_rect(src.geoms[idx], x0, y0, x1, y1) if len(idx) else src.geoms[idx]
        keep = ~shapely.is_empty(geoms) if len(idx) else np.zeros(0, dtype=bool)
        idx, geoms = idx[keep], geoms[keep]
        layer = src.layer
        part = Layer(layer.name, layer.ids[idx], layer.geoms[idx], layer.attrs.iloc[idx].reset_index(drop=True))
        own = ProjectedLayer(part, geoms)
        own.attrs = src.attrs.iloc[idx].reset_index(drop=True)     # with the derived columns
        sources[name] = own
    layers = []
    for old in stack.layers:
        if isinstance(old, MapLayer):
            new = MapLayer(old.spec, sources[old.spec.source])
            new.visible, new.opacity, new.style_index = old.visible, old.opacity, old.style_index
            layers.append(new)
        else:
            layers.append(old)
    return LayerStack(layers, sources, stack.book)
