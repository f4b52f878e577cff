"""Pan benchmark (issue 11): the map canvas while the hand drags it, on the county set. Prints figures.

    python3 benchmarks/load_county.py                       # builds benchmarks/out/county.gridsafe once
    python3 benchmarks/pan_bench.py [--project X.gridsafe] [--size 1920x1080] [--scale 10000]

A real MapCanvas at 1920×1080 and 1:10,000 gets real mouse events (press, moves, release) as a hand
would send them; after each event the widget is repainted at once (`repaint()`, as the event loop
would before the next move). Per frame = handling the move + painting the frame. At release the canvas
renders the new view; that time is printed separately. Goal: a drag frame ≤ 4 ms median.
"""
from __future__ import annotations

import argparse
import os
import statistics
import sys
import time
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

COUNTY = ROOT / "benchmarks" / "out" / "county.gridsafe"
LAYERS = ("grid_codes", "villages", "townships", "sites", "pipelines", "hazards")   # as map_bench.py


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--project", default=str(COUNTY), help="default: the county set of load_county.py")
    ap.add_argument("--size", default="1920x1080")
    ap.add_argument("--scale", type=float, default=10_000)
    ap.add_argument("--drags", type=int, default=6)
    ap.add_argument("--moves", type=int, default=40, help="mouse moves per drag")
    ap.add_argument("--all-layers", action="store_true", help="every layer visible, not map_bench's set")
    args = ap.parse_args()
    if not Path(args.project).exists():
        sys.exit(f"{args.project} is missing: run python3 benchmarks/load_county.py first")
    W, H = (int(v) for v in args.size.split("x"))

    from PySide6.QtCore import QEvent, QEventLoop, QPoint, QPointF, Qt
    from PySide6.QtGui import QImage, QMouseEvent, QPainter, QWheelEvent
    from PySide6.QtWidgets import QApplication

    from desktop.map.canvas import MapCanvas
    from desktop.render import LayerStack, MapRenderer
    from gis import layers, store

    app = QApplication.instance() or QApplication([])
    project = store.open_project(args.project, readonly=True)
    stack = LayerStack.from_layers(layers.load_all(project))
    if not args.all_layers:
        for layer in stack.layers:
            layer.visible = layer.id in LAYERS
    canvas = MapCanvas()
    canvas.resize(W, H)
    canvas.show()
    app.processEvents()
    canvas.set_stack(stack)
    canvas.set_scale(args.scale)
    left, none = Qt.MouseButton.LeftButton, Qt.MouseButton.NoButton
    directions = [(9, 5), (-8, 6), (-9, -4), (7, -7), (10, 0), (0, -9)]
    drags = [directions[d % len(directions)] for d in range(args.drags)]
    # warm the path caches over the ground the drags cover (a first visit builds them; map_bench times that)
    t = time.perf_counter()
    scratch = QImage(W, H, QImage.Format.Format_ARGB32_Premultiplied)
    warm = MapRenderer(stack)
    for dx, dy in drags:
        for k in range(0, args.moves + 1, 5):
            p = QPainter(scratch)
            warm.render(p, canvas.view.panned(dx * (k - args.moves / 2), dy * (k - args.moves / 2)))
            p.end()
    print(f"warm-up renders over the drag area: {time.perf_counter() - t:.1f} s")
    canvas.repaint()

    def send(kind, pos: QPoint, button, buttons) -> None:
        QApplication.sendEvent(canvas, QMouseEvent(kind, QPointF(pos), QPointF(canvas.mapToGlobal(pos)), button,
                                                   buttons, Qt.KeyboardModifier.NoModifier))

    renders: list[float] = []
    canvas.rendered.connect(renders.append)
    # the hand comes onto the map first: the cursor read-out's lon/lat transformer is made then (~70 ms, once)
    send(QEvent.Type.MouseMove, QPoint(W // 2, H // 2), none, none)
    frames: list[float] = []
    release: list[float] = []
    during = 0
    for dx, dy in drags:
        pos = QPoint(W // 2 - dx * args.moves // 2, H // 2 - dy * args.moves // 2)
        send(QEvent.Type.MouseButtonPress, pos, left, left)
        canvas.repaint()
        before = len(renders)
        for _ in range(args.moves):
            pos = pos + QPoint(dx, dy)
            t = time.perf_counter()
            send(QEvent.Type.MouseMove, pos, none, left)
            canvas.repaint()
            frames.append((time.perf_counter() - t) * 1000)
        during += len(renders) - before
        t = time.perf_counter()
        send(QEvent.Type.MouseButtonRelease, pos, left, none)
        canvas.repaint()
        release.append((time.perf_counter() - t) * 1000)
        app.processEvents()

    frames.sort()
    n = len(frames)
    print(f"county set, {W}×{H}, 1:{canvas.view.scale_denominator():,.0f}, "
          f"{sum(layer.visible for layer in stack.layers)} layers visible")
    print(f"drag frame (move handled + frame painted): median {statistics.median(frames):.2f} ms, "
          f"p95 {frames[int(n * 0.95)]:.2f} ms, max {frames[-1]:.2f} ms over {n} moves   [goal ≤ 4]")
    print(f"full renders during {args.drags} drags: {during} ({during / n:.2f} per move)")
    print(f"at release (render of the new view + frame): median {statistics.median(release):.1f} ms, "
          f"max {max(release):.1f} ms")

    # wheel zoom: a burst of notches shows the last image scaled, the map is rendered once the wheel stops
    wheel_frames: list[float] = []
    settle: list[float] = []
    during_wheel = 0
    at = QPointF(W * 0.4, H * 0.6)
    for burst in range(4):
        before = len(renders)
        for _ in range(3):
            t = time.perf_counter()
            QApplication.sendEvent(canvas, QWheelEvent(at, QPointF(canvas.mapToGlobal(at.toPoint())), QPoint(0, 0),
                                                       QPoint(0, 120 if burst % 2 == 0 else -120), none,
                                                       Qt.KeyboardModifier.NoModifier, Qt.ScrollPhase.NoScrollPhase,
                                                       False))
            canvas.repaint()
            wheel_frames.append((time.perf_counter() - t) * 1000)
        during_wheel += len(renders) - before
        while len(renders) == before:        # the wheel stopped: the canvas renders after its pause
            app.processEvents(QEventLoop.ProcessEventsFlag.WaitForMoreEvents, 50)
        settle.append(renders[-1])
    print(f"wheel frame (scaled last image): median {statistics.median(wheel_frames):.2f} ms, "
          f"max {max(wheel_frames):.2f} ms; full renders during the bursts: {during_wheel}, "
          f"render after each burst: median {statistics.median(settle):.1f} ms")
    project.close()


if __name__ == "__main__":
    main()
