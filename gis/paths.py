"""Where the shipped, read-only files live (resources, demo data, migrations)."""
from __future__ import annotations

import os
import sys
from pathlib import Path


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
