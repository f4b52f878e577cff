"""The map renderer: one painter for the canvas, PNG images and PDF pages (see DESIGN.md)."""
from .layerstack import LayerStack, MapLayer
from .renderer import MapRenderer, render_to_image
from .viewport import MapView

__all__ = ["LayerStack", "MapLayer", "MapRenderer", "MapView", "render_to_image"]
