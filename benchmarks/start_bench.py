"""Cold start benchmark: process start → main window with the demo map drawn, in fresh processes.

    python3 benchmarks/start_bench.py [--runs 5] [--project PATH]

Each run is a new Python process (offscreen Qt, its own settings and data folders, the demo project made
once beforehand so its first-use copy is not timed). Prints, per run and as the median of the runs:
imports (process start → the window's modules imported), window (QApplication + MainWindow shown),
open (open_project returned: layers loaded, map drawn, features told), map drawn (window shown → the
map's first render done), total (process start → map drawn).
Goal (issue 11): total ≤ 2.0 s median of 5 on the demo; ≤ 3 s on the county set (--project).
"""
from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

CHILD = r"""
import json, sys, time
t_proc = float(sys.argv[1])
from PySide6.QtWidgets import QApplication
from desktop.app import make_app
from desktop.main_window import MainWindow
t_imports = time.time()
app = make_app()
w = MainWindow()
w.show()
app.processEvents()
t_window = time.time()
painted = []
w.canvas.rendered.connect(lambda ms: painted.append(time.time()))
assert w.open_project(sys.argv[2])
t_open = time.time()
deadline = time.time() + 60
while not painted and time.time() < deadline:
    app.processEvents()
    time.sleep(0.001)
t_paint = painted[0] if painted else float("nan")
print(json.dumps({"imports": t_imports - t_proc, "window": t_window - t_imports, "open": t_open - t_window,
                  "map drawn": t_paint - t_window, "total": t_paint - t_proc}))
w.close()
"""


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--runs", type=int, default=5)
    ap.add_argument("--project", help="a project to open instead of the demo")
    args = ap.parse_args()
    with tempfile.TemporaryDirectory(prefix="gridsafe-start-") as tmp:
        env = dict(os.environ, QT_QPA_PLATFORM="offscreen", PYTHONPATH=str(ROOT),
                   GRIDSAFE_DATA_DIR=f"{tmp}/data", GRIDSAFE_LOG_DIR=f"{tmp}/log", XDG_CONFIG_HOME=f"{tmp}/config")
        project = args.project
        if project is None:
            code = "from gis.userdata import ensure_demo_project as e; print(e())"
            made = subprocess.run([sys.executable, "-c", code], env=env, cwd=ROOT, capture_output=True, text=True,
                                  check=True)
            project = made.stdout.strip()
        runs = []
        for i in range(args.runs):
            start = time.time()
            out = subprocess.run([sys.executable, "-c", CHILD, repr(start), project], env=env, cwd=ROOT,
                                 capture_output=True, text=True, check=False)
            if out.returncode:
                print(out.stderr, file=sys.stderr)
                return 1
            figures = json.loads(out.stdout.strip().splitlines()[-1])
            runs.append(figures)
            print(f"run {i + 1}: " + "  ".join(f"{k} {v:.2f} s" for k, v in figures.items()))
    print(f"median of {len(runs)}: " + "  ".join(f"{k} {statistics.median(r[k] for r in runs):.2f} s"
                                                for k in runs[0]))
    print("goal: total ≤ 2.0 s (demo), ≤ 3 s (county set)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
