"""The map's display layers in panel order, with visibility, opacity and the chosen style.

Plain Python with change listeners (napari-style models): the canvas and the layer panel both listen.
Each display layer draws one data layer (a ProjectedLayer shared with other display layers).
"""
from __future__ import annotations

import itertools
from collections import OrderedDict
from collections.abc import Callable

import numpy as np
import pandas as pd

from desktop.render.geometry import ProjectedLayer
from desktop.render.styles import LayerSpec, Style, StyleBook, load_book
from gis.layers import LAYERS, Layer


_revisions = itertools.count(1)


def new_revision() -> int:
    """A number no layer has had: a layer takes a new one whenever what it draws may have changed
    (render caches compare them)."""
    return next(_revisions)


class MapLayer:
    def __init__(self, spec: LayerSpec, source: ProjectedLayer) -> None:
        self.spec = spec
        self.source = source
        self.visible = spec.visible
        self.opacity = 1.0
        self.style_index = 0
        self._classes: np.ndarray | None = None
        self.paths: OrderedDict = OrderedDict()  # painter cache, least recently used first
        self.revision = new_revision()

    id = property(lambda self: self.spec.id)
    title = property(lambda self: self.spec.title)
    group = property(lambda self: self.spec.group)

    @property
    def style(self) -> Style:
        return self.spec.styles[self.style_index]

    @property
    def classes(self) -> np.ndarray:
        """Class number of each feature of the source under the current style (-1: not drawn)."""
        if self._classes is None:
            self._classes = self.style.classify(self.source.attrs, self.spec.filter)
        return self._classes

    def invalidate(self) -> None:
        self._classes = None
        self.paths.clear()
        self.revision = new_revision()

    def columns(self) -> set[str]:
        """The source's columns this layer's drawing reads (current style, filter, labels)."""
        used = {self.style.field} if self.style.field else set()
        if self.spec.filter is not None:
            used.add(self.spec.filter.field)
        if self.spec.labels is not None:
            used.add(self.spec.labels.field)
        return used

    def drawn(self) -> np.ndarray:
        """Indices of the features this layer draws."""
        return np.flatnonzero(self.classes >= 0)

    def bounds(self) -> tuple[float, float, float, float] | None:
        idx = self.drawn()
        if not len(idx):
            return None
        b = self.source.feature_bounds[idx]
        return float(b[:, 0].min()), float(b[:, 1].min()), float(b[:, 2].max()), float(b[:, 3].max())


class LayerStack:
    def __init__(self, layers: list[MapLayer], sources: dict[str, ProjectedLayer], book: StyleBook) -> None:
        self.layers = layers          # panel order: the first is drawn last (on top)
        self.sources = sources
        self.book = book
        self.unread: set[str] = set()     # sources not read yet (gis.layers.ON_DEMAND): shown empty until read
        self._listeners: list[Callable[[str, MapLayer | None], None]] = []

    @classmethod
    def from_layers(cls, data: dict[str, Layer], book: StyleBook | None = None) -> LayerStack:
        """Display layers for the data layers in `data` (missing ones are shown empty)."""
        book = book or load_book()
        sources: dict[str, ProjectedLayer] = {}
        for spec in book.layers:
            if spec.source not in sources:
                layer = data.get(spec.source) or _empty(spec.source)
                sources[spec.source] = ProjectedLayer(layer)
        _derive(sources, book.derived)
        layers = [MapLayer(spec, sources[spec.source]) for spec in book.layers]
        return cls(layers, sources, book)

    # --- listeners ---------------------------------------------------------------------------

    def subscribe(self, fn: Callable[[str, MapLayer | None], None]) -> None:
        self._listeners.append(fn)

    def unsubscribe(self, fn) -> None:
        if fn in self._listeners:
            self._listeners.remove(fn)

    def _emit(self, what: str, layer: MapLayer | None) -> None:
        for fn in list(self._listeners):
            fn(what, layer)

    # --- queries -----------------------------------------------------------------------------

    def __iter__(self):
        return iter(self.layers)

    def layer(self, layer_id: str) -> MapLayer:
        for layer in self.layers:
            if layer.id == layer_id:
                return layer
        raise KeyError(layer_id)

    def vector_layers(self) -> list[MapLayer]:
        """The layers drawing project data (not basemaps), in panel order."""
        return [layer for layer in self.layers if isinstance(layer, MapLayer)]

    def add_basemap(self, layer) -> None:
        """Add a basemap (desktop.map.tiles.TileLayer) under every vector layer, above older basemaps."""
        basemaps = [i for i, l in enumerate(self.layers) if not isinstance(l, MapLayer)]
        self.layers.insert(basemaps[0] if basemaps else len(self.layers), layer)
        self._emit("order", layer)

    def insert(self, layer: MapLayer, index: int = 0) -> None:
        """Add a display layer at `index` in panel order (0 = top), e.g. a thematic map drawing an existing
        source with a style of its own; `remove` takes it away."""
        self.layers.insert(max(0, min(index, len(self.layers))), layer)
        self._emit("order", layer)

    def remove(self, layer_id: str) -> None:
        layer = self.layer(layer_id)
        self.layers.remove(layer)
        if hasattr(layer, "close"):
            layer.close()
        self._emit("order", None)

    def drawing_order(self) -> list[MapLayer]:
        """Visible layers bottom first."""
        return [layer for layer in reversed(self.layers) if layer.visible and layer.opacity > 0]

    def in_group(self, group: str) -> list[MapLayer]:
        return [layer for layer in self.layers if layer.group == group]

    def bounds(self) -> tuple[float, float, float, float] | None:
        """Extent (EPSG:3857) of everything drawn by any layer, visible or not."""
        boxes = [b for b in (layer.bounds() for layer in self.vector_layers()) if b is not None]
        if not boxes:
            return None
        a = np.array(boxes)
        return float(a[:, 0].min()), float(a[:, 1].min()), float(a[:, 2].max()), float(a[:, 3].max())

    # --- changes -----------------------------------------------------------------------------

    def set_visible(self, layer_id: str, visible: bool) -> None:
        layer = self.layer(layer_id)
        if layer.visible != visible:
            layer.visible = visible
            self._emit("visibility", layer)

    def set_opacity(self, layer_id: str, opacity: float) -> None:
        layer = self.layer(layer_id)
        opacity = min(max(float(opacity), 0.0), 1.0)
        if layer.opacity != opacity:
            layer.opacity = opacity
            self._emit("opacity", layer)

    def set_style(self, layer_id: str, index: int) -> None:
        layer = self.layer(layer_id)
        if isinstance(layer, MapLayer) and layer.style_index != index:
            layer.style_index = index
            layer.invalidate()
            self._emit("style", layer)

    def replace_data(self, data: dict[str, Layer], rows: dict[str, tuple[Layer, frozenset[int]]] | None = None
                     ) -> set[str]:
        """Swap in freshly loaded data, in place: `data` replaces whole data layers; `rows` maps a data
        layer to (fresh rows, ids) and replaces just those rows (gis.layers.reload_plan says which).
        Every display layer keeps its visibility, opacity and style; only the display layers drawing a
        replaced source, or reading a column derived from one (e.g. each grid's open hazards), drop their
        caches (and so are redrawn). Returns the data layers whose content changed."""
        replaced = {name for name in data if name in self.sources}
        self.unread -= replaced
        for name in replaced:
            self.sources[name] = ProjectedLayer(data[name])
        for name, (fresh, ids) in (rows or {}).items():
            if name in self.sources:
                self.sources[name] = self.sources[name].patched(fresh, ids)
                replaced.add(name)
        touched = set(replaced)
        rederived: dict[str, set[str]] = {}       # source → derived columns recomputed on the same rows
        for target, columns in self.book.derived.items():
            feeds = {rule["count"] for rule in columns.values()}
            feeds |= {rule["else_via"]["source"] for rule in columns.values() if "else_via" in rule}
            if target in self.sources and (target in replaced or feeds & replaced):
                if target not in replaced:
                    self.sources[target].forget_columns(columns)
                    rederived[target] = set(columns)
                touched.add(target)
        _derive(self.sources, {t: c for t, c in self.book.derived.items() if t in touched})
        for layer in self.vector_layers():
            name = layer.spec.source
            if name in replaced or (name in rederived and layer.columns() & rederived[name]):
                layer.source = self.sources[name]
                layer.invalidate()
        if touched:
            self._emit("data", None)
        return touched

    def move(self, layer_id: str, index: int) -> None:
        """Put a layer at `index` in panel order (0 = top)."""
        layer = self.layer(layer_id)
        self.layers.remove(layer)
        self.layers.insert(max(0, min(index, len(self.layers))), layer)
        self._emit("order", None)


def _empty(name: str) -> Layer:
    columns = list(LAYERS[name].columns) if name in LAYERS else []
    return Layer(name, np.array([], dtype=np.int64), np.array([], dtype=object), pd.DataFrame(columns=columns))


def _derive(sources: dict[str, ProjectedLayer], derived: dict) -> None:
    """Add computed columns, e.g. each grid's number of open hazards."""
    for target, columns in derived.items():
        if target not in sources:
            continue
        t = sources[target]
        for column, rule in columns.items():
            other = sources.get(rule["count"])
            if other is None or not len(other):
                t.attrs[column] = 0
                continue
            keys = pd.to_numeric(other.attrs[rule["key"]], errors="coerce")
            via = rule.get("else_via")
            if via and via["source"] in sources and keys.isna().any():
                ref = sources[via["source"]]
                lookup = pd.Series(ref.attrs[via["column"]].to_numpy(), index=ref.layer.ids)
                keys = keys.fillna(pd.to_numeric(other.attrs[via["key"]], errors="coerce").map(lookup))
            counts = keys.dropna().astype(np.int64).value_counts()
            t.attrs[column] = pd.Series(t.layer.ids).map(counts).fillna(0).astype(int).to_numpy()
