"""Open data benchmark (issue 12): the county set before and after GeoPackage/PostGIS storage.

    python3 benchmarks/open_data_bench.py PROJECT [PROJECT …] [--runs 5]

PROJECT is a .gridsafe file or a postgresql:// address. The script uses only APIs that exist before and
after migration 0007, so the same file run with the previous version's code on PYTHONPATH gives today's
figures side by side. Each timing is the median of --runs runs, each in a fresh process. It prints:

- open + load every map layer (gis.layers.load_all);
- on a GeoPackage, gridsafe's reader against GDAL's (pyogrio without Arrow: pyarrow is not installed,
  it would not fit the bundle) for the layers that are one table each;
- site → grid for 100,000 points: in memory (gis.repo.grid_ids_at: grids read, STRtree, vectorised) and,
  on PostGIS, the points copied into an indexed temporary table and one SQL join through the GiST indexes;
- sites within 50 m of the gas pipelines (the county set has 2,000 km): in memory (projected, STRtree
  dwithin), and through the database's spatial index (gis.spatial: R-tree candidates + exact distance
  on SQLite, ST_DWithin on PostGIS);
- the project's size on disk (file + WAL) or in the database (pg_database_size).
"""
from __future__ import annotations

import argparse
import json
import statistics
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

MEASURE = r"""
import json, sys, time
import numpy as np, shapely
from gis import store, layers, repo
from gis.geo.crs import to_projected, DEFAULT_PROJECTED
try:
    from gis import spatial
except ImportError:          # the version before 0007
    spatial = None
target, what = sys.argv[1], sys.argv[2]
out = {}
t0 = time.perf_counter()
project = store.open_project(target, readonly=True)
if what == "load":
    loaded = layers.load_all(project)
    out["open_load_s"] = time.perf_counter() - t0
    out["features"] = sum(len(v) for v in loaded.values())
elif what == "reader" and project.backend == "sqlite" and spatial is not None:   # a GeoPackage only since 0007
    import warnings
    import pyogrio
    simple = [d for d in layers.LAYERS.values() if not d.joins]
    t0 = time.perf_counter()
    ours = sum(len(layers.load_layer(project, d)) for d in simple)
    out["gridsafe_s"] = time.perf_counter() - t0
    t0 = time.perf_counter()
    n = 0
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        for d in simple:
            _, fids, geoms, _ = pyogrio.raw.read(target, layer=d.table, columns=list(d.columns),
                                                 where=d.where or None, return_fids=True)
            n += len(shapely.from_wkb(geoms))
    out["pyogrio_s"] = time.perf_counter() - t0
    out["features"] = [ours, n]
elif what == "site_grid":
    rng = np.random.default_rng(7)
    with project.session() as s:
        grids = layers.load_layer(project, "grids")
        b = grids.bounds
        pts = shapely.points(rng.uniform(b[0], b[2], 100_000), rng.uniform(b[1], b[3], 100_000))
        t0 = time.perf_counter()
        ids = repo.grid_ids_at(s, pts)
        out["memory_s"] = time.perf_counter() - t0
        out["memory_found"] = int((ids >= 0).sum())
        if project.backend == "postgresql" and spatial is not None:
            xy = shapely.get_coordinates(pts)
            conn = s.connection()
            t0 = time.perf_counter()
            conn.exec_driver_sql("CREATE TEMP TABLE bench_pt (i int, geom geometry(Point,4490))")
            cur = conn.connection.dbapi_connection.cursor()
            with cur.copy("COPY bench_pt (i, geom) FROM STDIN") as cp:
                for i, (x, y) in enumerate(xy.tolist()):
                    cp.write_row((i, f"SRID=4490;POINT({x!r} {y!r})"))
            # an index on the points lets PostGIS test each grid polygon, prepared once, against its points
            conn.exec_driver_sql("CREATE INDEX ON bench_pt USING gist (geom)")
            conn.exec_driver_sql("ANALYZE bench_pt")
            out["postgis_copy_s"] = time.perf_counter() - t0
            t0 = time.perf_counter()
            n = conn.exec_driver_sql(
                "SELECT count(DISTINCT p.i) FROM bench_pt p JOIN grid g ON ST_Covers(g.geom, p.geom)").scalar()
            out["postgis_join_s"] = time.perf_counter() - t0
            out["postgis_found"] = int(n)
elif what == "near_pipes":
    where = "kind = 'gas_pipeline'"
    with project.session() as s:
        conn = s.connection()
        t0 = time.perf_counter()
        pipes = layers.load_layer(project, "pipelines")
        sites = layers.load_layer(project, "sites")
        pp, sp = to_projected(pipes.geoms, DEFAULT_PROJECTED), to_projected(sites.geoms, DEFAULT_PROJECTED)
        hit = np.unique(shapely.STRtree(pp).query(sp, predicate="dwithin", distance=50.0)[0])
        out["memory_s"] = time.perf_counter() - t0
        out["memory_sites"] = int(len(hit))
        out["pipeline_km"] = float(shapely.length(pp).sum() / 1000)
        if spatial is not None:
            t0 = time.perf_counter()
            ids = spatial.within_distance(s, "site", "line_asset", 50.0, other_where=where)
            out["index_s"] = time.perf_counter() - t0
            out["index_sites"] = int(len(ids))
print(json.dumps(out))
"""


def measure(target: str, what: str, runs: int) -> dict:
    results = []
    for _ in range(runs):
        run = subprocess.run([sys.executable, "-c", MEASURE, target, what], capture_output=True, text=True)
        if run.returncode:
            raise SystemExit(run.stderr)
        results.append(json.loads(run.stdout.strip().splitlines()[-1]))
    out = {}
    for k in results[0]:
        values = [r[k] for r in results]
        out[k] = round(statistics.median(values), 3) if k.endswith("_s") else values[0]
    return out


def size_mb(target: str) -> float:
    if "://" in target:
        import psycopg
        from sqlalchemy.engine import make_url

        u = make_url(target)
        with psycopg.connect(host=u.query.get("host", u.host), port=u.port, dbname=u.database, user=u.username) as c:
            return c.execute("SELECT pg_database_size(current_database())").fetchone()[0] / 2**20
    p = Path(target)
    return sum(f.stat().st_size for f in (p, Path(f"{p}-wal")) if f.exists()) / 2**20


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("projects", nargs="+")
    ap.add_argument("--runs", type=int, default=5)
    args = ap.parse_args()
    for target in args.projects:
        row = {"project": target.split("?")[0], "size_mb": round(size_mb(target), 1)}
        for what in ("load", "reader", "site_grid", "near_pipes"):
            row[what] = measure(target, what, args.runs)
        print(json.dumps(row, ensure_ascii=False))
    return 0


if __name__ == "__main__":
    sys.exit(main())
