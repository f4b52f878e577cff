"""A village's grids numbered again after a split or merge, by gis.grids' rule (west→east, north→south).

`preview` is pure: old code → new code (and name) for every grid of the village, shown before committing.
`apply` writes the codes in two steps (codes are unique: a swap would collide) and keeps each replaced code in
grid_code_history; `restore` puts codes and names back for an undo.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import select

from gis import grids as grid_rules
from gis.model import AdminUnit, Grid, GridCodeHistory


@dataclass(frozen=True)
class Renumbering:
    grid_id: int | None       # None: the grid a split is about to add
    old_code: str             # "" for the new grid
    new_code: str
    old_name: str
    new_name: str

    @property
    def changed(self) -> bool:
        return self.old_code != self.new_code or self.old_name != self.new_name


def default_name(village_name: str, code: str) -> str:
    return f"{village_name}第{int(code[-3:])}网格"


def _renamed(name: str, village_name: str, old_code: str, new_code: str) -> str:
    """A name that says its number (张庄村第3网格) follows the new code; any other name stays."""
    if not old_code:
        return default_name(village_name, new_code)
    m = re.fullmatch(re.escape(village_name) + r"第(\d+)网格", name)
    if m and int(m.group(1)) == int(old_code[-3:]):
        return default_name(village_name, new_code)
    return name


def preview(village_code: str, village_name: str, grids) -> list[Renumbering]:
    """`grids`: (id or None, code or "", name or "", geometry) of every grid the village will have. Returns one
    Renumbering per grid, in the new numbering order."""
    grids = [(gid, "" if not code or code.startswith("T") else code, name, geom)   # placeholder: a new grid
             for gid, code, name, geom in grids]
    codes = grid_rules.expected_codes(village_code, [g[3] for g in grids])
    out = [Renumbering(gid, code or "", new, name or "", _renamed(name or "", village_name, code or "", new))
           for (gid, code, name, _), new in zip(grids, codes, strict=True)]
    return sorted(out, key=lambda r: r.new_code)


def temporary_code(grid_id: int) -> str:
    """A unique 15-character placeholder while codes are swapped (never committed)."""
    return f"T{int(grid_id):014d}"


def village_grids(s, village_id: int) -> list[tuple[int, str, str, object]]:
    return [tuple(r) for r in s.execute(select(Grid.id, Grid.code, Grid.name, Grid.geom)
                                        .where(Grid.village_id == village_id).order_by(Grid.id)).all()]


def codes_and_names(s, village_id: int) -> dict[int, tuple[str, str]]:
    return {int(r[0]): (r[1], r[2]) for r in s.execute(select(Grid.id, Grid.code, Grid.name)
                                                       .where(Grid.village_id == village_id)).all()}


def write(s, wanted: dict[int, tuple[str, str]]) -> None:
    """Set grids' (code, name): all to placeholders first, then to what is wanted."""
    t = Grid.__table__
    conn = s.connection()
    for gid in wanted:
        conn.execute(t.update().where(t.c.id == gid).values(code=temporary_code(gid)))
    for gid, (code, name) in wanted.items():
        conn.execute(t.update().where(t.c.id == gid).values(code=code, name=name))


def apply(s, village_id: int, reason: str, when: datetime) -> tuple[list[Renumbering], list[int]]:
    """Number the village's grids by the rule, as they now lie; replaced codes into grid_code_history. Returns the
    renumbering and the ids of the history rows written."""
    village = s.get(AdminUnit, village_id)
    plan = preview(village.code, village.name, village_grids(s, village_id))
    write(s, {r.grid_id: (r.new_code, r.new_name) for r in plan if r.changed})
    history = [GridCodeHistory(grid_id=r.grid_id, code=r.old_code, valid_until=when, reason=reason)
               for r in plan if r.old_code and r.old_code != r.new_code]
    s.add_all(history)
    s.flush()
    return plan, [h.id for h in history]
