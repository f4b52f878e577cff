"""Feature modules that plug into the main window: the hazard ledger, patrol planning, fire duty …

Each module named in FEATURES has `install(window) -> object`: it adds its menus (through
`window.feature_menu(title)`), docks and actions, and listens to `window.projectChanged(project, stack)`
to show the open project. The returned object is kept by the window. A feature never edits
main_window.py, so features can be built side by side.
"""
from __future__ import annotations

import importlib

FEATURES: list[str] = [
    "desktop.features.settings",
    "desktop.features.hazards",
    "desktop.features.patrols",
    "desktop.features.fire",
]


def install_all(window) -> list[object]:
    return [importlib.import_module(name).install(window) for name in FEATURES]
