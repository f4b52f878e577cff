"""Screens of the map window: identify panel, layer panel, search box, project overview."""
