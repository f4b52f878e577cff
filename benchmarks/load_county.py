"""County-scale load benchmark: generate the county set once, then time loading every layer.

    python3 benchmarks/load_county.py [--regenerate]
    python3 benchmarks/load_county.py --add-self-checks COPY.gridsafe   # a county copy made before the
        self-check stage (upgraded to schema 0012 first: gridsafe db upgrade COPY.gridsafe) gets the demo's
        企业自查上报 for its enterprises (gis/demo/stages/self_checks.add_to_project), bulk inserted

A county generated now has them already (the generator's last stage).

Goal (issue 2): all layers into memory ≤ 2 s, RSS ≤ 400 MB after load. The load is measured in a
fresh process so the generator's memory does not count.
"""
from __future__ import annotations

import argparse
import json
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "benchmarks" / "out"
PROJECT = OUT / "county.gridsafe"

MEASURE = r"""
import json, sys, time
t0 = time.perf_counter()
from dataclasses import replace
from gis import store, layers
t_import = time.perf_counter() - t0

def rss_mb():
    for line in open("/proc/self/status"):
        if line.startswith("VmRSS"):
            return int(line.split()[1]) / 1024

rss_before = rss_mb()
t0 = time.perf_counter()
project = store.open_project(sys.argv[1], readonly=True)
t_open = time.perf_counter() - t0
t0 = time.perf_counter()
loaded = layers.load_all(project)
t_load = time.perf_counter() - t0
t0 = time.perf_counter()
every_hazard = layers.load_layer(project, replace(layers.LAYERS["hazards"], name="all", where=""))
t_all_hazards = time.perf_counter() - t0
t0 = time.perf_counter()
for layer in loaded.values():
    if len(layer):
        layer.tree
t_index = time.perf_counter() - t0
print(json.dumps({"import_s": t_import, "open_s": t_open, "load_s": t_load, "index_s": t_index,
                  "all_hazards_s": t_all_hazards, "all_hazards": len(every_hazard),
                  "rss_before_mb": rss_before, "rss_after_mb": rss_mb(),
                  "counts": {k: len(v) for k, v in loaded.items()}}))
"""


def add_self_checks(path: str | Path) -> int:
    """Add the demo's self-check reports to an existing county project (schema 0012, none there yet)."""
    sys.path.insert(0, str(ROOT))
    from gis import store
    from gis.demo.stages import self_checks

    t0 = time.perf_counter()
    project = store.open_project(path)
    try:
        n = self_checks.add_to_project(project)
    finally:
        project.close()
    print(f"self-check reports added to {path}: {n:,} rows in {time.perf_counter() - t0:.1f} s")
    return n


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--regenerate", action="store_true")
    ap.add_argument("--runs", type=int, default=3)
    ap.add_argument("--add-self-checks", metavar="PROJECT", help="add the demo's self-check reports to this county copy")
    args = ap.parse_args()
    if args.add_self_checks:
        add_self_checks(args.add_self_checks)
        return 0
    OUT.mkdir(parents=True, exist_ok=True)
    if args.regenerate and PROJECT.exists():
        for p in OUT.glob("county.gridsafe*"):
            p.unlink()
    if not PROJECT.exists():
        t0 = time.perf_counter()
        subprocess.run([sys.executable, "-m", "gis.demo.generate", "--scale", "county", "--project", str(PROJECT)],
                       check=True, cwd=ROOT)
        print(f"generate + write county project: {time.perf_counter() - t0:.1f} s, "
              f"{PROJECT.stat().st_size / 1e6:.0f} MB")
    runs = []
    for _ in range(args.runs):
        out = subprocess.run([sys.executable, "-c", MEASURE, str(PROJECT)], check=True, cwd=ROOT,
                             capture_output=True, text=True).stdout
        runs.append(json.loads(out))
    best = min(runs, key=lambda r: r["load_s"])
    print("layer counts:", ", ".join(f"{k} {v:,}" for k, v in best["counts"].items()))
    print(f"open (integrity check) : {best['open_s'] * 1000:7.0f} ms")
    print(f"load all layers        : {best['load_s'] * 1000:7.0f} ms   (goal ≤ 2000 ms; runs: "
          + ", ".join(f"{r['load_s'] * 1000:.0f}" for r in runs) + ")")
    print(f"build STRtrees         : {best['index_s'] * 1000:7.0f} ms")
    print(f"all {best['all_hazards']:,} hazards (closed too): {best['all_hazards_s'] * 1000:5.0f} ms")
    print(f"load + index           : {(best['load_s'] + best['index_s']) * 1000:7.0f} ms")
    print(f"RSS after load         : {best['rss_after_mb']:7.0f} MB   (goal ≤ 400 MB; "
          f"{best['rss_before_mb']:.0f} MB before opening, libraries included)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
