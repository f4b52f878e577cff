"""Map renderer benchmark at county scale (issue 4). Prints figures; asserts nothing.

    python3 benchmarks/map_bench.py                      # synthetic county set made here
    python3 benchmarks/map_bench.py --project X.gridsafe # a real project (e.g. the county demo)

Goals on a 2-core machine, 1920×1080, grids + villages + sites by sector + pipelines + open hazards:
full-extent redraw ≤ 150 ms, pan/zoom step at village scale ≤ 16 ms, identify ≤ 20 ms, RSS ≤ 600 MB.
"""
from __future__ import annotations

import argparse
import os
import statistics
import sys
import time
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

import numpy as np
import pandas as pd
import shapely

from gis.layers import Layer

LON0, LAT0 = 113.0, 33.45            # south-west corner of the synthetic county
WIDTH_DEG, HEIGHT_DEG = 0.65, 0.5    # about 60 × 55 km


def rss_mb() -> float:
    with open("/proc/self/status") as f:
        for line in f:
            if line.startswith("VmRSS"):
                return int(line.split()[1]) / 1024
    return float("nan")


def _cells(rng, n: int, step_deg: float, jitter_deg: float) -> np.ndarray:
    """n irregular polygons tiling the county (Voronoi cells), edges densified and wiggled."""
    pts = np.column_stack([LON0 + rng.random(n) * WIDTH_DEG, LAT0 + rng.random(n) * HEIGHT_DEG])
    frame = shapely.box(LON0, LAT0, LON0 + WIDTH_DEG, LAT0 + HEIGHT_DEG)
    cells = shapely.get_parts(shapely.voronoi_polygons(shapely.multipoints(pts), extend_to=frame))
    cells = shapely.intersection(cells, frame)
    cells = shapely.segmentize(cells, step_deg)
    # the jitter is a function of the position, so rings stay closed and shared edges stay shared
    return shapely.transform(cells, lambda xy: xy + jitter_deg * np.column_stack(
        [np.sin(xy[:, 0] * 91_733.1 + xy[:, 1] * 35_117.7), np.sin(xy[:, 0] * 52_391.3 - xy[:, 1] * 77_913.9)]))


def synthetic_county(seed: int = 7) -> dict[str, Layer]:
    rng = np.random.default_rng(seed)

    def layer(layer_name, geoms, **cols):
        n = len(geoms)
        return Layer(layer_name, np.arange(1, n + 1, dtype=np.int64), np.asarray(geoms, dtype=object),
                     pd.DataFrame({k: (v if not isinstance(v, np.ndarray) or v.dtype != object else
                                       pd.Categorical(v)) for k, v in cols.items()}))

    townships = _cells(rng, 12, 0.002, 0.0002)
    villages = _cells(rng, 360, 0.001, 0.0001)
    grids = _cells(rng, 3600, 0.0005, 0.00005)
    vcent = shapely.get_coordinates(shapely.centroid(villages))
    owner = rng.integers(0, len(vcent), 36_000)
    site_xy = vcent[owner] + rng.normal(0, 0.006, (36_000, 2))
    sites = shapely.points(site_xy)
    sectors = np.array(["hazchem", "gas", "construction", "transport", "fire", "industry_trade", "childcare"])
    # pipelines: 400 random walks of 100 steps of ~50 m ≈ 2,000 km
    starts = vcent[rng.integers(0, len(vcent), 400)]
    steps = rng.normal(0, 0.00045, (400, 100, 2)).cumsum(axis=1)
    pipes = shapely.linestrings(starts[:, None, :] + steps)
    pressure = np.array(["low", "medium_b", "medium_a", "high_b", "high_a"])
    hz_site = rng.integers(0, 36_000, 100_000)
    grid_ids = rng.integers(1, 3601, 100_000)
    statuses = np.array(["registered", "assigned", "rectifying", "pending_acceptance"])
    return {
        "townships": layer("townships", townships, code=np.array([f"41041100{i:01d}" for i in range(12)], object),
                           name=np.array([f"第{i + 1}镇" for i in range(12)], object)),
        "villages": layer("villages", villages, name=np.array([f"{i + 1}村" for i in range(360)], object)),
        "grids": layer("grids", grids, code=np.array([f"410411{i:09d}" for i in range(3600)], object),
                       name=np.array([f"第{i + 1}网格" for i in range(3600)], object),
                       kind=np.array(["comprehensive"] * 3600, object)),
        "sites": layer("sites", sites, name=np.array([f"场所{i}" for i in range(36_000)], object),
                       category=np.array(["small_premises"] * 36_000, object),
                       sector=sectors[rng.integers(0, len(sectors), 36_000)].astype(object),
                       risk_level=np.array(["low"] * 36_000, object)),
        "pipelines": layer("pipelines", pipes, name=np.array([f"管线{i}" for i in range(400)], object),
                           pressure_class=pressure[rng.integers(0, 5, 400)].astype(object)),
        "hazards": layer("hazards", sites[hz_site], status=statuses[rng.integers(0, 4, 100_000)].astype(object),
                         grade=np.array(["general"] * 100_000, object), grid_id=grid_ids, site_id=hz_site + 1),
    }


COLD_START = r"""
import os, sys, time
t0 = time.perf_counter()
sys.path.insert(0, sys.argv[2])
from desktop.app import make_app
from desktop.main_window import MainWindow
app = make_app()
w = MainWindow()
w.resize(1600, 1000)
w.show()
assert w.open_project(sys.argv[1])
w.canvas.grab()                        # the map is rendered
app.processEvents()
print(f"{(time.perf_counter() - t0) * 1000:.0f}")
"""


def cold_start_ms(project: str) -> float:
    """Process start → main window with the project's map drawn, in a fresh interpreter."""
    import subprocess
    import tempfile

    env = dict(os.environ, GRIDSAFE_DATA_DIR=tempfile.mkdtemp(), GRIDSAFE_LOG_DIR=tempfile.mkdtemp(),
               QT_QPA_PLATFORM=os.environ.get("QT_QPA_PLATFORM", "offscreen"))
    t = time.perf_counter()
    out = subprocess.run([sys.executable, "-c", COLD_START, project, str(Path(__file__).resolve().parent.parent)],
                         env=env, capture_output=True, text=True, check=True)
    return (time.perf_counter() - t) * 1000, float(out.stdout.strip().splitlines()[-1])


def timed(fn, repeat: int = 1) -> list[float]:
    out = []
    for _ in range(repeat):
        t = time.perf_counter()
        fn()
        out.append((time.perf_counter() - t) * 1000)
    return out


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--project", help="a gridsafe project to load instead of the synthetic set")
    ap.add_argument("--save", help="write the full-extent image to this PNG")
    ap.add_argument("--cold-start", metavar="PROJECT",
                    help="also time a fresh process opening the window on PROJECT (e.g. the demo)")
    args = ap.parse_args()

    from PySide6.QtGui import QImage, QPainter
    from PySide6.QtWidgets import QApplication

    from desktop.render import LayerStack, MapRenderer, MapView
    from desktop.render.hittest import identify

    app = QApplication.instance() or QApplication([])  # noqa: F841
    rss0 = rss_mb()
    t = time.perf_counter()
    if args.project:
        from gis import layers, store
        project = store.open_project(args.project)
        data = layers.load_all(project)
    else:
        data = synthetic_county()
    t_data = (time.perf_counter() - t) * 1000
    t = time.perf_counter()
    stack = LayerStack.from_layers(data)
    for layer in stack.layers:   # the benchmark's layer set: grids, villages, sites, pipelines, hazards
        layer.visible = layer.id in ("grid_codes", "villages", "townships", "sites", "pipelines", "hazards")
    t_stack = (time.perf_counter() - t) * 1000
    n = {k: len(v) for k, v in data.items()}
    print(f"data: {', '.join(f'{k} {v:,}' for k, v in n.items())}")
    print(f"load/generate {t_data:.0f} ms; project to 3857 {t_stack:.0f} ms")

    W, H = 1920, 1080
    renderer = MapRenderer(stack)
    image = QImage(W, H, QImage.Format.Format_ARGB32_Premultiplied)

    def draw(view):
        p = QPainter(image)
        renderer.render(p, view)
        p.end()

    full = MapView.for_bounds(stack.bounds(), W, H)
    cold = timed(lambda: draw(full))[0]
    warm = timed(lambda: draw(full), repeat=7)
    print(f"full extent 1:{full.scale_denominator():,.0f}: first draw {cold:.1f} ms (builds path caches), "
          f"redraw median {statistics.median(warm):.1f} ms, max {max(warm):.1f} ms   [goal ≤ 150]")
    if args.save:
        image.save(args.save)

    village = full.with_scale(10_000)
    steps = []
    v = village
    draw(v)
    for i in range(60):             # drag across new ground: caches fill as chunks come into view
        v = v.panned(37 if (i // 20) % 2 == 0 else 0, 0 if (i // 20) % 2 == 0 else 29)
        steps += timed(lambda v=v: draw(v))
    steps_sorted = sorted(steps)
    print(f"village scale 1:10,000 pan step: median {statistics.median(steps):.1f} ms, "
          f"p95 {steps_sorted[int(len(steps) * 0.95)]:.1f} ms, max {max(steps):.1f} ms   [goal ≤ 16]")
    zooms = []
    v = village
    for i in range(20):
        v = v.zoomed(1.25 if i % 2 == 0 else 0.8, (W * 0.4, H * 0.6))
        zooms += timed(lambda v=v: draw(v))
    print(f"village scale zoom step: median {statistics.median(zooms):.1f} ms, max {max(zooms):.1f} ms   [goal ≤ 16]")

    t = time.perf_counter()
    for src in stack.sources.values():   # the window builds these right after loading
        if len(src):
            src.layer.tree  # noqa: B018
    identify(stack, village, 1, 1)       # and the lon/lat transformer (the status bar made it already)
    print(f"spatial indexes (first identify, built once per project) {(time.perf_counter() - t) * 1000:.0f} ms")
    rng = np.random.default_rng(1)
    times = []
    hits = 0
    for _ in range(50):
        sx, sy = rng.random() * W, rng.random() * H
        t = time.perf_counter()
        hits += len(identify(stack, village, sx, sy))
        times.append((time.perf_counter() - t) * 1000)
    print(f"identify at a point (village scale, all layers): median {statistics.median(times):.2f} ms, "
          f"max {max(times):.2f} ms, {hits / 50:.1f} hits   [goal ≤ 20]")
    times = [timed(lambda: identify(stack, full, rng.random() * W, rng.random() * H))[0] for _ in range(20)]
    print(f"identify at a point (full extent): median {statistics.median(times):.2f} ms, max {max(times):.2f} ms")
    if args.cold_start:
        wall, inside = cold_start_ms(args.cold_start)
        print(f"cold start to the drawn map: {wall:.0f} ms wall ({inside:.0f} ms after the interpreter started)"
              "   [goal ≤ 3000]")
    cache = sum(s.memory_bytes() for s in stack.sources.values()) / 2**20
    print(f"memory: RSS {rss_mb():.0f} MB (was {rss0:.0f} MB before the data), coordinate caches {cache:.0f} MB"
          "   [goal ≤ 600]")


if __name__ == "__main__":
    main()
