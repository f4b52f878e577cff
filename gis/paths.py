"""Where the shipped, read-only files live (resources, demo data, migrations), and the user's own folders
(data_dir, log_dir: gis.userdata re-exports them; gis.io reads saved mappings from here without importing
gis.userdata, which loads the demo and so the domains)."""
from __future__ import annotations

import os
import sys
from pathlib import Path

import platformdirs


def _root() -> Path:
    # A PyInstaller bundle unpacks data beside the executable (sys._MEIPASS).
    bundle = getattr(sys, "_MEIPASS", None)
    if bundle:
        return Path(bundle)
    return Path(__file__).resolve().parent.parent


ROOT = _root()
RESOURCES = Path(os.environ.get("GRIDSAFE_RESOURCES", ROOT / "resources"))
DEMO_DATA = ROOT / "data" / "shapes"
MIGRATIONS = Path(__file__).resolve().parent / "migrations"


def data_dir() -> Path:
    d = Path(os.environ.get("GRIDSAFE_DATA_DIR") or platformdirs.user_data_dir("gridsafe", appauthor=False))
    d.mkdir(parents=True, exist_ok=True)
    return d


def log_dir() -> Path:
    d = Path(os.environ.get("GRIDSAFE_LOG_DIR") or platformdirs.user_log_dir("gridsafe", appauthor=False))
    d.mkdir(parents=True, exist_ok=True)
    return d
