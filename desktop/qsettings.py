"""The program's Qt settings store (a leaf module: everything may import it, it imports nothing of ours)."""
from __future__ import annotations

from PySide6.QtCore import QSettings

ORG = "gridsafe"
APP = "gridsafe"


def settings() -> QSettings:
    return QSettings(ORG, APP)
