"""Checklists as data (resources/checklists/): the 8 sector 专项整治清单 tables of seed 001 (122 items)
and the 10-aspect enterprise self-check of seed 000. Extracted by scripts/extract_checklists.py."""
from __future__ import annotations

from functools import lru_cache

import yaml

from gis.paths import RESOURCES

DIR = RESOURCES / "checklists"
SELF_CHECK = "self_check"


@lru_cache(maxsize=1)
def _sector_lists() -> dict:
    with open(DIR / "sector_lists.yaml", encoding="utf-8") as f:
        return yaml.safe_load(f)


@lru_cache(maxsize=1)
def _self_check() -> dict:
    with open(DIR / "self_check.yaml", encoding="utf-8") as f:
        return yaml.safe_load(f)


def sector_tables() -> list[dict]:
    """One table per sector: {sector, title, lead_department, source_line, items}."""
    return _sector_lists()["tables"]


def sector_table(sector: str) -> dict | None:
    return next((t for t in sector_tables() if t["sector"] == sector), None)


def columns() -> list[str]:
    return list(_sector_lists()["columns"])


def self_check_items() -> list[dict]:
    return _self_check()["items"]


@lru_cache(maxsize=1)
def _by_id() -> dict[str, dict]:
    out = {i["id"]: i for t in sector_tables() for i in t["items"]}
    out.update({i["id"]: i for i in self_check_items()})
    return out


def item(item_id: str | None) -> dict | None:
    return _by_id().get(item_id) if item_id else None


def items_for(sector: str | None) -> list[dict]:
    """What to pick from when recording a hazard of a sector: its table, then the self-check aspects."""
    table = sector_table(sector) if sector else None
    return (table["items"] if table else []) + self_check_items()


def short_text(it: dict, limit: int = 40) -> str:
    text = it.get("heading") or it["text"]
    return text if len(text) <= limit else text[: limit - 1] + "…"
