"""Feature modules that plug into the main window: basemaps, data import/export, the hazard ledger,
patrol planning, fire duty …

Each module named in FEATURES has `install(shell) -> object`, where `shell` is the window's
desktop.shell.WindowInterface (the only part of the window a feature uses): it adds its menus, lazy docks
and identify actions and listens to `shell.events` (opened / closed / changed). The returned object is
kept by the window (`window.features`). A feature never edits main_window.py, so features can be built
side by side. Features import their views inside the dock factories, so start-up imports only what shows.
"""
from __future__ import annotations

import importlib

FEATURES: list[str] = [
    "desktop.features.basemaps",
    "desktop.features.databases",
    "desktop.features.data",
    "desktop.features.settings",
    "desktop.features.hazards",
    "desktop.features.self_checks",
    "desktop.features.people",
    "desktop.features.tipoffs",
    "desktop.features.patrols",
    "desktop.features.fire",
    "desktop.features.gas",
    "desktop.features.gas_documents",
    "desktop.features.works",
    "desktop.features.dashboard",
    "desktop.features.calendar",
    "desktop.features.reports",
    "desktop.features.topology",
    "desktop.features.attribute_table",
    "desktop.features.editing",
    "desktop.features.audit",
]


def install_all(shell) -> list[object]:
    return [importlib.import_module(name).install(shell) for name in FEATURES]
