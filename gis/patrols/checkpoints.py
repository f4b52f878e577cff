"""检查要点 on a route sheet: 2–3 short points per site category or sector, each shortening an item
of the sector checklists (resources/checklists/sheet_points.yaml; a project may replace the table in
its setting "patrol.sheet_points")."""
from __future__ import annotations

from functools import lru_cache

import yaml

from gis import repo
from gis.hazards import checklists
from gis.paths import RESOURCES

SETTING = "patrol.sheet_points"
FILE = RESOURCES / "checklists" / "sheet_points.yaml"


@lru_cache(maxsize=1)
def default_table() -> dict:
    with open(FILE, encoding="utf-8") as f:
        return yaml.safe_load(f)


def project_table(s) -> dict:
    """The project's table (setting), else the shipped one."""
    return repo.get_setting(s, SETTING) or default_table()


def points_for(category: str | None, sector: str | None, table: dict | None = None, limit: int = 3) -> list[str]:
    """The short points for a site: its category's, else its sector's, else the general ones."""
    t = table or default_table()
    entries = (t.get("categories", {}).get(category or "") or t.get("sectors", {}).get(sector or "")
               or t.get("default", []))
    out = []
    for e in entries[:limit]:
        text = e.get("text")
        if not text:           # an entry may name only the checklist item
            it = checklists.item(e.get("item"))
            text = checklists.short_text(it, 14) if it else ""
        if text:
            out.append(text)
    return out
