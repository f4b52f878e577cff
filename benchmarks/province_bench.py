"""Province-scale PostGIS benchmark: 20 counties in one database, the window opens one of them.

    python3 benchmarks/province_bench.py [--url URL] [--rebuild] [--counties 20] [--runs 5]

Builds once (kept in benchmarks/out/province-pg, reused unless --rebuild) a PostGIS project of
`--counties` counties side by side: the county generator (gis.demo, ~36,000 sites and 100,000 hazards
each) run with a different seed per county, its geometries moved to the county's own place on a 5-wide
grid, its ids shifted past the counties before it and its codes given the county's own district code
(419001, 419002 …). Without --url the script runs its own PostgreSQL server (initdb/pg_ctl, as user
postgres when root, like tests/pgserver.py) on a data directory that survives between runs.

Then it prints (no assertions; see docs/province-scale.md): open + load every map layer of ONE county
through the spatial index (box = the county's district extent), the same for the whole province, a
site → grid lookup for 100,000 points in PostGIS (one join through GiST) and in memory
(gis.repo.grid_ids_at), rows per table and the database size. Loads run in fresh processes.
"""
from __future__ import annotations

import argparse
import json
import os
import shutil
import socket
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
OUT = ROOT / "benchmarks" / "out"
PGDIR = OUT / "province-pg"
DATABASE = "province"
SEED = 20261122
COLUMNS = 5                 # counties per row of the province grid
STEP = (0.70, 0.50)         # degrees between neighbouring counties (a county is 0.66° × 0.45°)
BUILT_KEY = "province_bench_counties"


def district_code(k: int) -> str:
    return f"4190{k + 1:02d}"


# --- the server ------------------------------------------------------------------------------------------

class LocalServer:
    """A PostgreSQL server on a data directory kept under benchmarks/out (socket in PGDIR, a free TCP port)."""

    def __init__(self, root: Path) -> None:
        from tests.pgserver import find_program

        self.root = root
        self.data = root / "data"
        self.initdb, self.pg_ctl = find_program("initdb"), find_program("pg_ctl")
        if not (self.initdb and self.pg_ctl):
            sys.exit("找不到 PostgreSQL 服务器程序（initdb、pg_ctl）：请安装 postgresql 与 postgis，或用 --url 指定数据库")
        self.as_user = ["runuser", "-u", "postgres", "--"] if os.geteuid() == 0 else []

    def _run(self, *args: str, check: bool = True) -> int:
        done = subprocess.run([*self.as_user, *args], check=False, capture_output=True, text=True)
        if check and done.returncode:
            sys.exit(f"{Path(args[0]).name} 失败：{done.stderr.strip() or done.stdout.strip()}")
        return done.returncode

    def start(self) -> str:
        self.root.mkdir(parents=True, exist_ok=True)
        if self.as_user:
            shutil.chown(self.root, "postgres", "postgres")
        if not (self.data / "PG_VERSION").exists():
            shutil.rmtree(self.data, ignore_errors=True)
            self._run(self.initdb, "-D", str(self.data), "-U", "gridsafe", "-A", "trust", "-E", "UTF8", "--no-locale")
        elif self._run(self.pg_ctl, "-D", str(self.data), "status", check=False) == 0:
            self.stop()                      # left running by an interrupted run: restart on a fresh port
        with socket.socket() as s:
            s.bind(("127.0.0.1", 0))
            port = s.getsockname()[1]
        options = (f"-k {self.root} -p {port} -c listen_addresses=127.0.0.1 -c fsync=off -c full_page_writes=off "
                   "-c synchronous_commit=off -c shared_buffers=1GB -c work_mem=64MB "
                   "-c maintenance_work_mem=512MB -c max_wal_size=8GB -c jit=off -c random_page_cost=1.1")
        self._run(self.pg_ctl, "-D", str(self.data), "-o", options, "-l", str(self.root / "server.log"), "-w", "start")
        link = self.root / ".s.PGSQL.5432"
        link.unlink(missing_ok=True)
        link.symlink_to(f".s.PGSQL.{port}")
        return f"postgresql+psycopg://gridsafe@/{{db}}?host={self.root}"

    def stop(self) -> None:
        self._run(self.pg_ctl, "-D", str(self.data), "-m", "fast", "-w", "stop")


def admin_url(url: str) -> str:
    """The same server's maintenance database (to create or drop the benchmark's database)."""
    from sqlalchemy.engine import make_url

    return make_url(url).set(database="postgres").render_as_string(hide_password=False)


def database_exists(url: str) -> bool:
    from sqlalchemy import create_engine, text
    from sqlalchemy.engine import make_url

    engine = create_engine(admin_url(url), isolation_level="AUTOCOMMIT")
    try:
        with engine.connect() as conn:
            return bool(conn.execute(text("SELECT 1 FROM pg_database WHERE datname = :d"),
                                     {"d": make_url(url).database}).scalar())
    finally:
        engine.dispose()


def recreate_database(url: str) -> None:
    from sqlalchemy import create_engine
    from sqlalchemy.engine import make_url

    name = make_url(url).database
    engine = create_engine(admin_url(url), isolation_level="AUTOCOMMIT")
    try:
        with engine.connect() as conn:
            conn.exec_driver_sql(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
            conn.exec_driver_sql(f'CREATE DATABASE "{name}"')
    finally:
        engine.dispose()


# --- building the province -----------------------------------------------------------------------------

def shift_county(frames: dict, k: int, offsets: dict[str, int]) -> dict:
    """County k of the province from one generated county: geometries moved, ids shifted past the counties
    before it (`offsets`: table → ids used so far), codes under the county's own district code."""
    import numpy as np
    import shapely

    from gis.bulk import GEOMETRY_COLUMN
    from gis.model import Base

    dx, dy = (k % COLUMNS) * STEP[0], (k // COLUMNS) * STEP[1]
    code = district_code(k)
    out = {}
    for name, df in frames.items():
        if name == "patrol_rule":          # the rules are the shipped defaults: one copy for the province
            if k == 0:
                out[name] = df
            continue
        df = df.copy()
        table = Base.metadata.tables[name]
        if "id" in df:
            df["id"] = df["id"] + offsets.get(name, 0)
        for fk in table.foreign_keys:
            target = fk.column.table.name
            if fk.parent.name in df and target != "patrol_rule":
                df[fk.parent.name] = df[fk.parent.name] + offsets.get(target, 0)
        if "code" in df:
            df["code"] = df["code"].str.replace("410411", code, regex=False)
        if GEOMETRY_COLUMN in df:
            geoms = df[GEOMETRY_COLUMN].to_numpy(dtype=object)
            present = ~shapely.is_missing(geoms)
            moved = np.array(geoms, dtype=object)
            moved[present] = shapely.transform(geoms[present], lambda xy: xy + (dx, dy))
            df[GEOMETRY_COLUMN] = moved
        out[name] = df
    district = out["admin_unit"]["level"] == "district"
    out["admin_unit"].loc[district, "name"] = f"示例{k + 1:02d}县"
    return out


def build(url: str, counties: int) -> None:
    from gis import store
    from gis.bulk import bulk_insert
    from gis.demo.generate import generate
    from gis.repo import set_setting

    t_all = time.perf_counter()
    project = store.create_project(url, name=f"省级示例（{counties} 个县，基准测试）")
    offsets: dict[str, int] = {}
    try:
        for k in range(counties):
            t0 = time.perf_counter()
            frames = generate("county", SEED + k)
            t_gen = time.perf_counter() - t0
            county = shift_county(frames, k, offsets)
            del frames
            t0 = time.perf_counter()
            with project.transaction() as s:
                counts = bulk_insert(s, county)
            t_write = time.perf_counter() - t0
            for name, df in county.items():
                if "id" in df and len(df):
                    offsets[name] = int(df["id"].max())
            print(f"  county {k + 1:2d}/{counties} {district_code(k)}: generate {t_gen:5.1f} s, write "
                  f"{t_write:5.1f} s ({counts['site']:,} sites, {counts['hazard']:,} hazards, "
                  f"{counts['hazard_event']:,} events)", flush=True)
        t0 = time.perf_counter()
        with project.engine.connect().execution_options(isolation_level="AUTOCOMMIT") as conn:
            conn.exec_driver_sql("VACUUM ANALYZE")
        print(f"  VACUUM ANALYZE: {time.perf_counter() - t0:.1f} s")
        with project.transaction() as s:
            set_setting(s, "is_demo", True)
            set_setting(s, BUILT_KEY, counties)
    finally:
        project.close()
    print(f"built the province in {(time.perf_counter() - t_all) / 60:.1f} min")


def built_counties(url: str) -> int | None:
    from sqlalchemy import create_engine, text

    engine = create_engine(url)
    try:
        with engine.connect() as conn:
            if not conn.execute(text("SELECT to_regclass('project_setting')")).scalar():
                return None
            value = conn.execute(text("SELECT value FROM project_setting WHERE key = :k"), {"k": BUILT_KEY}).scalar()
            return None if value is None else int(value)
    finally:
        engine.dispose()


# --- measuring ----------------------------------------------------------------------------------------

LOAD = r"""
import json, sys, time
t0 = time.perf_counter()
from gis import store, layers, spatial
t_import = time.perf_counter() - t0

def rss_mb():
    for line in open("/proc/self/status"):
        if line.startswith("VmRSS"):
            return int(line.split()[1]) / 1024

url, code = sys.argv[1], sys.argv[2]
rss_before = rss_mb()
t0 = time.perf_counter()
project = store.open_project(url, readonly=True)
t_open = time.perf_counter() - t0
t0 = time.perf_counter()
box = None
if code:
    with project.engine.connect() as conn:
        box = spatial.extent(conn, "admin_unit", where=f"level = 'district' AND code = '{code}'")
t_extent = time.perf_counter() - t0
t0 = time.perf_counter()
loaded = layers.load_all(project, box=box)
t_load = time.perf_counter() - t0
print(json.dumps({"import_s": t_import, "open_s": t_open, "extent_s": t_extent, "load_s": t_load,
                  "rss_before_mb": rss_before, "rss_after_mb": rss_mb(), "box": box,
                  "counts": {k: len(v) for k, v in loaded.items()}}))
"""


LEDGER = r"""
import json, sys, time
from gis import store
from gis.hazards import ledger
project = store.open_project(sys.argv[1], readonly=True)
t0 = time.perf_counter()
frame = ledger.load_frame(project)
t = time.perf_counter() - t0
rss = next(int(line.split()[1]) / 1024 for line in open("/proc/self/status") if line.startswith("VmRSS"))
print(json.dumps({"rows": len(frame), "load_s": t, "rss_mb": rss}))
"""


def measure_ledger(url: str) -> None:
    """The hazard ledger as the window reads it today: every hazard of the project, whatever the map shows."""
    out = json.loads(subprocess.run([sys.executable, "-c", LEDGER, url], check=True, cwd=ROOT, capture_output=True,
                                    text=True, env={**os.environ, "PYTHONPATH": str(ROOT)}).stdout)
    print(f"hazard ledger of the whole province (gis.hazards.ledger.load_frame, not filtered by county): "
          f"{out['rows']:,} rows in {out['load_s'] * 1000:.0f} ms, RSS {out['rss_mb']:.0f} MB")


def measure_load(url: str, code: str) -> dict:
    out = subprocess.run([sys.executable, "-c", LOAD, url, code], check=True, cwd=ROOT, capture_output=True,
                         text=True, env={**os.environ, "PYTHONPATH": str(ROOT)}).stdout
    return json.loads(out)


def print_load(title: str, runs: list[dict], goal: str = "") -> None:
    med = {k: statistics.median(r[k] for r in runs) for k in ("open_s", "extent_s", "load_s", "rss_after_mb")}
    total = [r["open_s"] + r["extent_s"] + r["load_s"] for r in runs]
    print(f"{title} ({len(runs)} fresh processes, median):")
    print("  layer counts: " + ", ".join(f"{k} {v:,}" for k, v in runs[0]["counts"].items()))
    print(f"  open project            : {med['open_s'] * 1000:7.0f} ms")
    print(f"  district extent (index) : {med['extent_s'] * 1000:7.0f} ms")
    print(f"  load all layers         : {med['load_s'] * 1000:7.0f} ms   (runs: "
          + ", ".join(f"{r['load_s'] * 1000:.0f}" for r in runs) + ")")
    print(f"  open + extent + load    : {statistics.median(total) * 1000:7.0f} ms" + (f"   ({goal})" if goal else ""))
    print(f"  RSS after load          : {med['rss_after_mb']:7.0f} MB   "
          f"({runs[0]['rss_before_mb']:.0f} MB before opening, libraries included)")


def grid_lookup(url: str, n: int = 100_000) -> None:
    """The grid of n points: one SQL join (ST_Covers through the GiST index) vs gis.repo.grid_ids_at."""
    import numpy as np
    import shapely
    from sqlalchemy import text

    from gis import repo, spatial, store
    from gis.model.geometry import SRID

    project = store.open_project(url, readonly=True)
    try:
        with project.engine.connect() as conn:
            boxes = np.array([spatial.extent(conn, "admin_unit", where=f"id = {i}") for (i,) in conn.execute(
                text("SELECT id FROM admin_unit WHERE level = 'district' ORDER BY id")).fetchall()])
        rng = np.random.default_rng(7)
        which = boxes[rng.integers(0, len(boxes), n)]
        xs = which[:, 0] + rng.random(n) * (which[:, 2] - which[:, 0])
        ys = which[:, 1] + rng.random(n) * (which[:, 3] - which[:, 1])
        points = shapely.points(xs, ys)
        rank = " ".join(f"WHEN '{k}' THEN {v}" for k, v in repo.GRID_KIND_RANK.items())
        sql = (f"SELECT DISTINCT ON (p.i) p.i, g.id FROM lookup_point p JOIN grid g ON ST_Covers(g.geom, p.geom) "
               f"ORDER BY p.i, CASE g.kind {rank} ELSE 9 END, g.id")
        db_times, mem_times, found = [], [], None
        for _ in range(3):
            with project.engine.connect() as conn:
                t0 = time.perf_counter()
                conn.exec_driver_sql("CREATE TEMP TABLE lookup_point (i integer, geom geometry(Point, 4490))")
                cursor = conn.connection.dbapi_connection.cursor()
                with cursor.copy("COPY lookup_point (i, geom) FROM STDIN") as copy:
                    for i, (x, y) in enumerate(zip(xs.tolist(), ys.tolist(), strict=True)):
                        copy.write_row((i, f"SRID={SRID};POINT({x!r} {y!r})"))
                # an index on the points lets PostGIS walk the grids and test each grid against its points:
                # the same polygon over and over, which PostGIS prepares once (2–3× faster than point by point)
                conn.exec_driver_sql("CREATE INDEX ON lookup_point USING gist (geom)")
                conn.exec_driver_sql("ANALYZE lookup_point")
                t_upload = time.perf_counter() - t0
                rows = conn.exec_driver_sql(sql).fetchall()
                db = np.full(n, -1, dtype=np.int64)
                db[[r[0] for r in rows]] = [r[1] for r in rows]
                db_times.append((t_upload, time.perf_counter() - t0))
                plan = conn.exec_driver_sql("EXPLAIN " + sql).fetchall()
                conn.rollback()
            with project.session() as s:
                t0 = time.perf_counter()
                mem = repo.grid_ids_at(s, points)
                mem_times.append(time.perf_counter() - t0)
            found = (db, mem)
        db, mem = found
        indexes = sorted({w.split()[0] for r in plan for w in r[0].split(" using ")[1:]})
        print(f"site → grid for {n:,} points across the province ({(db >= 0).sum():,} in a grid; "
              f"same answer for {(db == mem).sum():,}):")
        print(f"  PostGIS join (index {', '.join(indexes) or 'NONE'}) : "
              f"{statistics.median(t for _, t in db_times) * 1000:7.0f} ms  (of which uploading and indexing the points "
              f"{statistics.median(u for u, _ in db_times) * 1000:.0f} ms; runs: "
              + ", ".join(f"{t * 1000:.0f}" for _, t in db_times) + ")")
        print(f"  in memory (grid_ids_at)   : {statistics.median(mem_times) * 1000:7.0f} ms  (loads every grid "
              "of the province, then one STRtree query; runs: " + ", ".join(f"{t * 1000:.0f}" for t in mem_times) + ")")
    finally:
        project.close()


def sizes(url: str) -> None:
    from sqlalchemy import create_engine, text

    from gis.model import Base

    engine = create_engine(url)
    try:
        with engine.connect() as conn:
            print("rows per table:")
            for name in sorted(Base.metadata.tables):
                n = conn.execute(text(f"SELECT count(*) FROM {name}")).scalar()
                if n:
                    size = conn.execute(text("SELECT pg_total_relation_size(:t)"), {"t": name}).scalar()
                    print(f"  {name:22s} {n:>11,}   {size / 1e6:8.0f} MB with indexes")
            size = conn.execute(text("SELECT pg_database_size(current_database())")).scalar()
            print(f"database size (pg_database_size): {size / 1e9:.2f} GB")
    finally:
        engine.dispose()


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--url", help="an existing PostGIS database (default: the script's own server)")
    ap.add_argument("--rebuild", action="store_true")
    ap.add_argument("--counties", type=int, default=20)
    ap.add_argument("--runs", type=int, default=5)
    ap.add_argument("--county", default=None, help="district code of the county to open (default: the 8th)")
    ap.add_argument("--no-province", action="store_true", help="skip loading the whole province")
    args = ap.parse_args()
    server = None
    if args.url:
        url = args.url
    else:
        server = LocalServer(PGDIR)
        url = server.start().format(db=DATABASE)
    try:
        if args.rebuild or not database_exists(url) or built_counties(url) != args.counties:
            if not args.url or args.rebuild:
                recreate_database(url)
            print(f"building {args.counties} counties into {url} …", flush=True)
            build(url, args.counties)
        code = args.county or district_code(min(7, args.counties - 1))
        print_load(f"ONE county ({code}) of {args.counties}, through the spatial index",
                   [measure_load(url, code) for _ in range(args.runs)], "goal ≤ 2000 ms")
        if not args.no_province:
            print_load(f"the WHOLE province ({args.counties} counties, no box)", [measure_load(url, "")])
            measure_ledger(url)
        grid_lookup(url)
        sizes(url)
    finally:
        if server is not None:
            server.stop()
    return 0


if __name__ == "__main__":
    sys.exit(main())
