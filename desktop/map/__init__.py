"""The map: the canvas (pan, zoom, select, identify) and basemap tiles; drawing is desktop.render."""
