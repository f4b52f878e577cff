"""Editing benchmark (issue 15). Prints figures.

    python3 benchmarks/edit_bench.py [--vertices 5000] [--size 1920x1080] [--project X.gridsafe]

1. Vertex drag: a real MapCanvas with two grids of `--vertices` vertices each that share their common edge; the
   VertexTool gets real mouse events (press on a shared vertex, moves, release) and the widget is repainted
   after each move (`repaint()`, as the event loop would before the next move). Per frame = handling the move
   (snapping, moving the vertex in both grids) + painting the frame. Goal (issue 15): ≥ 60 frames/s.
2. Split and undo: SplitGrid on a copy of `--project` (default benchmarks/out/county.gridsafe, upgraded in the copy;
   the demo when the county set is missing) — preview, do (one transaction: split, renumber the village,
   sites' grids), undo, redo; each timed.
"""
from __future__ import annotations

import argparse
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

COUNTY = ROOT / "benchmarks" / "out" / "county.gridsafe"


def vertex_drag(n: int, W: int, H: int, moves: int = 120) -> None:
    import numpy as np
    import pandas as pd
    import shapely
    from PySide6.QtCore import QEvent, QPoint, QPointF, Qt
    from PySide6.QtGui import QMouseEvent
    from PySide6.QtWidgets import QApplication

    from desktop.map.canvas import MapCanvas
    from desktop.map.snapping import Snapper
    from desktop.map.tools import VertexTool
    from desktop.render import LayerStack
    from gis.layers import Layer

    app = QApplication.instance() or QApplication([])
    # two half-disks (radius ~1 km at 113.3°E 33.7°N) whose shared diameter and arcs carry n vertices each
    r = 0.01
    k = n // 2
    diameter = np.column_stack([np.full(k, 113.3), np.linspace(33.7 + r, 33.7 - r, k)])
    arc = np.linspace(-np.pi / 2, np.pi / 2, n - k + 2)[1:-1]         # bottom → top, ends left to the diameter
    east = np.vstack([diameter, np.column_stack([113.3 + r * np.cos(arc), 33.7 + r * np.sin(arc)])])
    west = np.vstack([diameter[::-1], np.column_stack([113.3 - r * np.cos(arc), 33.7 + r * np.sin(arc)])[::-1]])
    geoms = np.array([shapely.Polygon(east), shapely.Polygon(west)], dtype=object)
    assert all(shapely.is_valid(geoms)), "benchmark grids invalid"
    attrs = pd.DataFrame({"code": ["410411003001001", "410411003001002"], "name": ["东", "西"],
                          "kind": ["comprehensive"] * 2, "village_id": [1, 1]})
    stack = LayerStack.from_layers({"grids": Layer("grids", np.array([1, 2]), geoms, attrs)})
    canvas = MapCanvas()
    canvas.resize(W, H)
    canvas.show()
    app.processEvents()
    canvas.set_stack(stack)
    app.processEvents()
    tool = VertexTool("grids", snapper=Snapper(("grids",)))
    edits: list = []
    tool.edited.connect(edits.append)
    canvas.set_tool(tool)
    canvas.repaint()
    src = stack.sources["grids"]
    vx, vy = shapely.get_coordinates(src.geoms[0])[k // 2]        # a vertex in the middle of the shared edge
    sx, sy = canvas.view.to_screen(vx, vy)
    pos = QPoint(round(float(sx)), round(float(sy)))
    left, none = Qt.MouseButton.LeftButton, Qt.MouseButton.NoButton

    def send(kind, p: QPoint, button, buttons) -> None:
        QApplication.sendEvent(canvas, QMouseEvent(kind, QPointF(p), QPointF(canvas.mapToGlobal(p)), button,
                                                   buttons, Qt.KeyboardModifier.NoModifier))

    send(QEvent.Type.MouseButtonPress, pos, left, left)
    assert tool.shared is not None and len(tool.shared) == 2, "the press did not take the shared vertex"
    canvas.repaint()
    frames = []
    for i in range(moves):
        p = pos + QPoint(round(60 * np.sin(i / 9)), round(40 * np.cos(i / 7)) - 40)
        t = time.perf_counter()
        send(QEvent.Type.MouseMove, p, none, left)
        canvas.repaint()
        frames.append((time.perf_counter() - t) * 1000)
    t = time.perf_counter()
    send(QEvent.Type.MouseButtonRelease, p, left, none)
    release = (time.perf_counter() - t) * 1000
    assert len(edits) == 1 and len(edits[0]["grids"]) == 2
    frames.sort()
    med = statistics.median(frames)
    print(f"vertex drag, two grids of {n:,} vertices sharing an edge of {k:,}, canvas {W}×{H}, "
          f"{tool.paths_drawn} overlay frames")
    print(f"  frame (move: snap + vertex moved in both grids + repaint): median {med:.2f} ms, "
          f"p95 {frames[int(len(frames) * 0.95)]:.2f} ms, max {frames[-1]:.2f} ms → {1000 / med:.0f} frames/s "
          f"median, {1000 / frames[int(len(frames) * 0.95)]:.0f} at p95   [goal ≥ 60]")
    print(f"  release (both grids' new geometry in storage lon/lat): {release:.1f} ms")
    canvas.close()


def split_undo(project_path: Path) -> None:
    import shapely
    from sqlalchemy import func, select

    from gis import store
    from gis.editing import SplitGrid, UndoStack
    from gis.model import Grid, Site

    with tempfile.TemporaryDirectory() as tmp:
        from county_copy import upgraded_copy

        t = time.perf_counter()
        copy = upgraded_copy(tmp, project_path)
        prep = time.perf_counter() - t
        project = store.open_project(copy)
        try:
            with project.session() as s:
                # the village with the most grids: the largest renumbering; its largest grid, cut north–south
                vid = s.execute(select(Grid.village_id).group_by(Grid.village_id)
                                .order_by(func.count().desc()).limit(1)).scalar_one()
                grids = s.execute(select(Grid.id, Grid.geom).where(Grid.village_id == vid)).all()
                n_grids, n_sites = len(grids), s.scalar(select(func.count()).select_from(Site))
            gid, geom = max(grids, key=lambda g: g[1].area)
            _, miny, _, maxy = geom.bounds
            cx = shapely.centroid(geom).x
            line = shapely.LineString([(cx, miny - 0.001), (cx, maxy + 0.001)])
            command = SplitGrid(gid, line)
            timings = {}
            t = time.perf_counter()
            plan = command.preview(project)
            timings["preview"] = time.perf_counter() - t
            stack = UndoStack()
            for name, step in (("split (do)", lambda: stack.run(command, project)), ("undo", lambda: stack.undo(project)),
                               ("redo", lambda: stack.redo(project)), ("undo again", lambda: stack.undo(project))):
                t = time.perf_counter()
                step()
                timings[name] = time.perf_counter() - t
        finally:
            project.close()
    print(f"split/undo on {project_path.name} (copy + upgrade {prep:.1f} s): {n_sites:,} sites, village of {n_grids} "
          f"grids, {sum(r.changed for r in plan)} renumbered")
    print("  " + ", ".join(f"{k} {v * 1000:.0f} ms" for k, v in timings.items()))


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--vertices", type=int, default=5000)
    ap.add_argument("--size", default="1920x1080")
    ap.add_argument("--project", default=None, help="default: the county set, else a new demo")
    args = ap.parse_args()
    W, H = (int(v) for v in args.size.split("x"))
    vertex_drag(args.vertices, W, H)
    if args.project:
        split_undo(Path(args.project))
    elif COUNTY.exists():
        split_undo(COUNTY)
    else:
        from gis.userdata import make_demo_project

        with tempfile.TemporaryDirectory() as tmp:
            path = Path(tmp) / "示例项目.gridsafe"
            make_demo_project(path).close()
            split_undo(path)


if __name__ == "__main__":
    main()
