"""What a hazard is recorded against: which map layer links to which hazard column, and its kind label.

The one table the identify panel's 隐患台账/新增隐患 buttons, the hazard form and the patrol list's feature
filter read. Kind labels are the vocabulary "hazard_links" (Chinese and English).
"""
from __future__ import annotations

from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from gis import vocab
from gis.model import Grid, LineAsset, Site, Zone

# hazard column → the table it points to, in the order the form offers them
COLUMNS = {"site_id": Site, "line_id": LineAsset, "zone_id": Zone, "grid_id": Grid}

# map data layer → the hazard column linking to its features
LAYER_COLUMNS = {"sites": "site_id", "pipelines": "line_id", "roads": "line_id", "fire_lines": "line_id",
                 "zones": "zone_id", "grids": "grid_id"}


def column_of(source: str) -> str | None:
    """The hazard column a map layer's features link through; None for layers hazards are not recorded on."""
    return LAYER_COLUMNS.get(source)


def kind_label(column: str, lang: str = "zh") -> str:
    """场所, 线状设施, 区域, 网格 (or their English)."""
    return vocab.label("hazard_links", column, lang)


def link_of(hazard: Any) -> tuple[str, int | None]:
    """(column, id) a hazard is recorded against: its site, line or zone, else its grid."""
    for column in ("site_id", "line_id", "zone_id"):
        if getattr(hazard, column):
            return column, getattr(hazard, column)
    return "grid_id", hazard.grid_id


def choices(s: Session, column: str) -> list[tuple[int, str]]:
    """(id, display text) of everything a hazard may link to through `column`, in display order:
    grids as "code name", the others by name ("#id" when unnamed)."""
    model = COLUMNS[column]
    if model is Grid:
        rows = sorted(s.execute(select(Grid.id, Grid.code, Grid.name)).all(), key=lambda r: (r[1], r[0]))
        return [(fid, f"{code} {name}") for fid, code, name in rows]
    # sorted here, not in SQL: PostgreSQL's collation and its NULLS LAST would order names differently
    rows = sorted(s.execute(select(model.id, model.name)).all(), key=lambda r: (r[1] is None, r[1] or "", r[0]))
    return [(fid, name or f"#{fid}") for fid, name in rows]


def site_sector(s: Session, site_id: int) -> str | None:
    """The sector (行业领域) of a site, to prefill a hazard recorded against it."""
    return s.scalar(select(Site.sector).where(Site.id == site_id))
