"""Rendered bands of the layer stack kept for the current view (the canvas's QgsMapRendererCache).

After a change to some layers (new data, style, visibility, opacity) with the view unchanged, the
renderer resumes from an image of every layer below the lowest changed one, composited exactly as a
full render had them at that point, and draws the changed layer and those above it, then the labels.
The result is pixel-identical to a full render because the same painter operations run on the same
pixels. Layers above are redrawn rather than composited from a cached image of their own: 8-bit
premultiplied source-over is not associative (antialiased edges and overlaps round differently) and
a layer's opacity applies per drawn shape, so a separate image would differ from a full render.
Labels are placed over all layers at once and are redone on every render.

Where to keep a band: below the layers that changed recently (learned from the renders themselves,
so a save that touches the hazards layer keeps "everything under the hazards" for the next save and
for the first save after each pan or zoom). Any change of view, size or device pixel ratio makes
every kept band useless; `lookup` drops them then.
"""
from __future__ import annotations

from PySide6.QtGui import QImage

from desktop.render.viewport import MapView

MAX_BANDS = 2     # kept band images (each is one screen-sized image)


def layer_key(layer) -> tuple:
    """What a layer's pixels depend on besides the view: which layer, its content revision, its opacity.
    A layer type without a `revision` never matches (it is always redrawn)."""
    revision = getattr(layer, "revision", None)
    return (id(layer), revision if revision is not None else object(), layer.opacity)


class RenderCache:
    def __init__(self) -> None:
        self.frame: tuple | None = None                # (view, dpr) the bands and `last` belong to
        self.bands: list[tuple[tuple, QImage]] = []    # (keys of the layers drawn in it, image)
        self.last: tuple = ()                          # keys of the last render of this frame
        self.hints: list[str] = []                     # layer ids to keep a band below, newest last

    def clear(self) -> None:
        self.frame, self.bands, self.last = None, [], ()

    def lookup(self, view: MapView, dpr: float, layers: list, keys: tuple) -> tuple[int, QImage | None]:
        """(how many bottom layers the returned band already shows, that band) for a render of `layers`
        (drawing order) with `keys`; (0, None) when none fits. Learns where this render's change began."""
        frame = (view, float(dpr))
        if frame != self.frame:
            self.clear()
            self.frame = frame
        elif self.last:
            changed = next((i for i, (a, b) in enumerate(zip(self.last, keys)) if a != b),
                           min(len(self.last), len(keys)))
            if 0 < changed < len(layers):
                self._hint(layers[changed].id)
        self.last = keys
        self.bands = [b for b in self.bands if keys[:len(b[0])] == b[0]]
        best = (0, None)
        for band_keys, image in self.bands:
            if len(band_keys) > best[0]:
                best = (len(band_keys), image)
        return best

    def wants(self, layers: list, keys: tuple, i: int) -> bool:
        """Keep a band of the layers below `layers[i]`?"""
        return 0 < i and layers[i].id in self.hints and all(k != keys[:i] for k, _ in self.bands)

    def keep(self, keys: tuple, image: QImage) -> None:
        self.bands = [b for b in self.bands if len(b[0]) != len(keys)] + [(keys, image)]
        self.bands = self.bands[-MAX_BANDS:]

    def _hint(self, layer_id: str) -> None:
        if layer_id in self.hints:
            self.hints.remove(layer_id)
        self.hints = (self.hints + [layer_id])[-MAX_BANDS:]
