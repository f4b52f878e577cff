"""The map renderer: one painter for the canvas, PNG images and PDF pages (see DESIGN.md)."""
from desktop.render.layerstack import LayerStack, MapLayer
from desktop.render.renderer import MapRenderer, render_to_image
from desktop.render.viewport import MapView

__all__ = ["LayerStack", "MapLayer", "MapRenderer", "MapView", "render_to_image"]
