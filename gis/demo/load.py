"""Load the demo data into a project: all tables in one transaction, all or nothing.

`load_demo(project)` reads the committed GeoPackage (data/shapes/demo.gpkg, written by
`python -m gis.demo.generate`); `load_generated(project, tables)` takes frames straight from
`generate()` (the county benchmark path). Both refuse a project that already holds data, because the
demo rows carry their own ids.
"""
from __future__ import annotations

import json
from pathlib import Path

import pandas as pd
from sqlalchemy import JSON, delete, func, select

from gis import repo
from gis.bulk import bulk_insert, coerce_frame, insert_order
from gis.demo import names as N
from gis.errors import ValidationError
from gis.model import AdminUnit, Base, GeometryEdit
from gis.model.audit import compact_inserts
from gis.paths import DEMO_DATA
from gis.store import Project

PROJECT_CRS = "EPSG:4547"  # CGCS2000 3° Gauss-Krüger, CM 114E: lengths and areas of the demo area


def read_gpkg(source: str | Path) -> dict[str, pd.DataFrame]:
    """Every layer of a demo GeoPackage as canonical frames (see gis.bulk.coerce_frame).

    JSON text columns become dicts again, geometries shapely objects in a `geometry` column.
    """
    import pyogrio

    source = Path(source)
    if not source.exists():
        raise ValidationError(f"找不到示例数据文件：{source}", en=f"Demo data file not found: {source}")
    layers = [str(name) for name, _ in pyogrio.list_layers(source)]
    unknown = [n for n in layers if n not in Base.metadata.tables]
    if unknown:
        raise ValidationError(f"示例数据 {source.name} 中有未知图层：{unknown[0]}",
                              en=f"Demo data {source.name} has an unknown layer: {unknown[0]}")
    out: dict[str, pd.DataFrame] = {}
    for name in insert_order():
        if name not in layers:
            continue
        df = pyogrio.read_dataframe(source, layer=name)
        df = pd.DataFrame(df)  # a plain frame; the geometry column stays an object array
        table = Base.metadata.tables[name]
        for col in table.columns:
            if isinstance(col.type, JSON) and col.name in df.columns:
                df[col.name] = [None if v is None or (isinstance(v, float) and v != v) else json.loads(v)
                                for v in df[col.name]]
        if "geometry" in df.columns:
            df["geometry"] = df["geometry"].to_numpy(dtype=object)
        out[name] = coerce_frame(name, df)
    return out


def _require_empty(s) -> None:
    if s.scalar(select(func.count()).select_from(AdminUnit)):
        raise ValidationError("项目中已有行政区划数据：示例数据只能载入新建的空项目",
                              en="The project already has administrative areas: demo data can only be loaded into "
                                 "a new, empty project")


def load_generated(project: Project, tables: dict[str, pd.DataFrame], *, scale: str = "township") -> dict[str, int]:
    """Write generated tables and the demo settings into `project` in ONE transaction."""
    district = N.DISTRICT
    if scale == "township":
        name = f"{N.TOWNSHIPS[N.DEMO_TOWNSHIP][0]}安全生产网格（示例数据）"
    else:
        name = f"{district['name']}安全生产网格（示例数据，{scale} 规模）"
    with project.transaction() as s, compact_inserts(s.connection()):   # audited as bulk inserts (gis/audit)
        _require_empty(s)
        counts = bulk_insert(s, tables)
        repo.set_setting(s, "name", name)
        repo.set_setting(s, "is_demo", True)
        repo.set_setting(s, "county_code", district["code"])
        repo.set_setting(s, "project_crs", PROJECT_CRS)
        if scale == "township":
            counts.update(_plan_fire_season(s))
            counts.update(_line_patrol_history(s))
        # the generator derived each site's grid and each route's length itself: nothing to catch up on
        s.execute(delete(GeometryEdit))
    return counts


def _plan_fire_season(s) -> dict[str, int]:
    """The demo's 2026—2027 fire season and its duty roster, made by the code a planner uses.

    Key periods come from the calendar rules; dates and 紧要期 are the marked demo defaults.
    """
    from gis.fire import roster
    from gis.fire import seasons as forestfire

    season = forestfire.plan_season(s, 2026)
    s.flush()
    result = roster.generate(s, season)
    return {"fire_season": 1, "key_period": len(season.periods), "duty_shift": result.created}


def _line_patrol_history(s) -> dict[str, int]:
    """The demo's gas pipeline line patrols of 2026H2 so far, planned and done (gis/demo/line_history.py)."""
    from gis.demo import line_history

    return line_history.build(s)


def load_demo(project: Project, source: str | Path = DEMO_DATA / "demo.gpkg") -> dict[str, int]:
    """Load the committed demo township into `project` (one transaction; nothing is written on error)."""
    return load_generated(project, read_gpkg(source), scale="township")
