"""Deterministic demo data (示例数据): a township for the committed demo, a county for benchmarks.

    python -m gis.demo.generate                          # township → data/shapes/demo.gpkg
    python -m gis.demo.generate --scale county --project /tmp/county.gridsafe

`generate(scale, seed)` returns one DataFrame per table (column names = table columns, plus a
`geometry` column of shapely geometries in EPSG:4490 for spatial tables), ready for
`gis.bulk.bulk_insert`. The same seed gives identical frames and a byte-identical GeoPackage: every
random draw comes from numpy generators seeded with (seed, step), nothing depends on set order, the
clock or the machine.

The township is made up but placed where such a 街道 could be (平顶山市湛河区, 113.28–113.42°E,
33.62–33.72°N, hillier to the south). Every name, phone number and record is fictitious.

The data is built by the stages in `gis/demo/stages/` (layout, networks, zones, sites, people, patrols,
hazards, buildings, areas, campaigns, self_checks, tipoffs, frames), run in order on one `World` (gis/demo/world.py); each stage's module says how it
builds its part.
"""
from __future__ import annotations

import argparse
import json
import sys
import time
from pathlib import Path

import pandas as pd

from gis.bulk import insert_order
from gis.demo import names as N
from gis.demo.scale import SCALES, Scale, resolve
from gis.demo.stages import (
    areas,
    buildings,
    campaigns,
    frames,
    hazards,
    layout,
    networks,
    patrols,
    people,
    self_checks,
    sites,
    tipoffs,
    zones,
)
from gis.demo.world import DEMO, TODAY, World
from gis.geo.crs import STORAGE

__all__ = ["SCALES", "TODAY", "Scale", "generate", "main", "project_name", "write_gpkg"]


def generate(scale: str | Scale = "township", seed: int = 20261122) -> dict[str, pd.DataFrame]:
    """Every table of the demo data as DataFrames (canonical dtypes, see gis.bulk.coerce_frame)."""
    world = World(resolve(scale), seed)
    layout.build(world)
    networks.roads(world)
    networks.pipelines(world)
    zones.forest(world)
    networks.forest_lines(world)
    sites.build(world)
    zones.buffers(world)
    people.build(world)
    patrols.build(world)
    hazards.build(world)
    buildings.build(world)
    areas.build(world)
    campaigns.build(world)
    self_checks.build(world)
    tipoffs.build(world)
    return frames.build(world) | tipoffs.frames(world)


# --- GeoPackage ------------------------------------------------------------------------------------------

GPKG_DATE = "2026-11-22T00:00:00Z"  # stamped into gpkg_contents instead of the clock


def write_gpkg(tables: dict[str, pd.DataFrame], path: str | Path) -> Path:
    """One layer per table (attribute-only layers for tables without geometry), CRS EPSG:4490,
    JSON columns as JSON text, dates as ISO text. Written to a temporary file, then moved into place;
    the same tables give a byte-identical file."""
    import geopandas as gpd
    import pyogrio
    from sqlalchemy import JSON, Boolean, Date, DateTime, Integer

    from gis.atomic import atomic_folder
    from gis.model import Base

    path = Path(path)
    old = pyogrio.get_gdal_config_option("OGR_CURRENT_DATE")
    pyogrio.set_gdal_config_options({"OGR_CURRENT_DATE": GPKG_DATE})
    try:
        with atomic_folder(path.parent) as folder:
            tmp = folder / path.name
            for name in insert_order():
                if name not in tables:
                    continue
                table = Base.metadata.tables[name]
                df = tables[name].copy()
                for col in table.columns:
                    if col.name not in df.columns:
                        continue
                    t = col.type
                    if isinstance(t, JSON):
                        df[col.name] = pd.Series([None if v is None else json.dumps(v, ensure_ascii=False,
                                                                                    separators=(",", ":"))
                                                  for v in df[col.name]], dtype=object)
                    elif isinstance(t, Boolean):
                        df[col.name] = df[col.name].astype(bool)
                    elif isinstance(t, Integer):
                        df[col.name] = df[col.name].astype("float64") if df[col.name].isna().any() \
                            else df[col.name].astype("int64")
                    elif isinstance(t, Date):
                        df[col.name] = pd.Series([None if v is None else v.isoformat() for v in df[col.name]],
                                                 dtype=object)
                    elif isinstance(t, DateTime):
                        df[col.name] = pd.to_datetime(pd.Series(df[col.name], dtype=object)).astype("datetime64[ms]")
                if "geometry" in df.columns:
                    geoms = df.pop("geometry").to_numpy(dtype=object)
                    types = sorted({g.geom_type for g in geoms if g is not None})
                    gdf = gpd.GeoDataFrame(df, geometry=gpd.GeoSeries(geoms, crs=STORAGE), crs=STORAGE)
                    pyogrio.write_dataframe(gdf, tmp, layer=name, driver="GPKG", promote_to_multi=False,
                                            geometry_type=types[0] if len(types) == 1 else "Unknown")
                else:
                    pyogrio.write_dataframe(df, tmp, layer=name, driver="GPKG")
    finally:
        pyogrio.set_gdal_config_options({"OGR_CURRENT_DATE": old})
    return path


# --- command line -----------------------------------------------------------------------------------------

def main(argv: list[str] | None = None) -> int:
    from gis.paths import DEMO_DATA

    p = argparse.ArgumentParser(prog="python -m gis.demo.generate",
                                description="生成示例数据（确定性）：街道规模写入 data/shapes/demo.gpkg，县级规模用于基准测试")
    p.add_argument("--scale", default="township", choices=sorted(SCALES))
    p.add_argument("--seed", type=int, default=20261122)
    p.add_argument("--out", type=Path, help="写出 GeoPackage（街道规模默认 data/shapes/demo.gpkg）")
    p.add_argument("--project", type=Path, help="新建 gridsafe 项目并直接写入")
    args = p.parse_args(argv)
    out = args.out
    if out is None and args.project is None:
        if args.scale != "township":
            p.error("县级规模数据不提交：请指定 --project 或 --out")
        out = DEMO_DATA / "demo.gpkg"
    t0 = time.perf_counter()
    tables = generate(args.scale, args.seed)
    t1 = time.perf_counter()
    print(f"生成 {args.scale}：{t1 - t0:.1f} 秒")
    for name, df in tables.items():
        print(f"  {name}: {len(df)}")
    if out is not None:
        write_gpkg(tables, out)
        t2 = time.perf_counter()
        print(f"写出 {out}：{out.stat().st_size / 1e6:.2f} MB，{t2 - t1:.1f} 秒")
    if args.project is not None:
        from gis import store
        from gis.demo.load import load_generated

        t2 = time.perf_counter()
        project = store.create_project(args.project, name=project_name(args.scale))
        try:
            load_generated(project, tables, scale=args.scale)
        finally:
            project.close()
        t3 = time.perf_counter()
        print(f"写入项目 {args.project}：{t3 - t2:.1f} 秒，文件 {args.project.stat().st_size / 1e6:.1f} MB")
    return 0


def project_name(scale: str) -> str:
    if scale == "township":
        return f"{N.TOWNSHIPS[N.DEMO_TOWNSHIP][0]}安全生产网格（{DEMO}）"
    return f"{N.DISTRICT['name']}安全生产网格（{DEMO}，{scale} 规模）"


if __name__ == "__main__":
    sys.exit(main())
