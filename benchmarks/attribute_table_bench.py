"""The sites' attribute table on the county set (36,000 sites), in the offscreen main window.

    python3 benchmarks/attribute_table_bench.py [--project PATH]

PATH: a county project at the current schema; by default a copy of benchmarks/out/county.gridsafe made in a
temporary folder and upgraded there (`gridsafe db upgrade`; the original is never written). Prints (median of
a few runs where it repeats):
  read        gis.attributes.read of the sites table (one SQL read into arrays)
  open        from 打开属性表 until the table is painted (dock built, read, model set, first paint)
  sort        a header click on 名称 until repainted (by the text shown) and on 联系电话
  filter      a text typed into the filter until the rows are filtered and painted
  select      1,000 rows selected in the table → the map's selection set and the map repainted
  map → rows  1,000 sites selected on the map → their rows selected in the table
  scroll      paging through the table (50 page-downs, each painted)
  edit        one cell written (gis.attributes.update) and the Change handled by the window and the table
"""
from __future__ import annotations

import argparse
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
_tmp = tempfile.mkdtemp(prefix="gridsafe-attrs-")
os.environ["XDG_CONFIG_HOME"] = f"{_tmp}/config"
os.environ.setdefault("GRIDSAFE_DATA_DIR", f"{_tmp}/data")
os.environ.setdefault("GRIDSAFE_LOG_DIR", f"{_tmp}/log")

import numpy as np
from PySide6.QtCore import QPoint, Qt
from PySide6.QtTest import QTest

from desktop.app import make_app
from desktop.main_window import MainWindow
from gis import attributes



def ms(t0: float) -> float:
    return (time.perf_counter() - t0) * 1000


def county_copy() -> Path:
    from county_copy import upgraded_copy

    return upgraded_copy(_tmp)


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--project")
    args = ap.parse_args()
    path = Path(args.project) if args.project else county_copy()
    app = make_app([])
    w = MainWindow()
    w.resize(1400, 900)
    w.show()
    assert w.open_project(str(path))
    app.processEvents()
    with w.project.session() as s:
        from sqlalchemy import select

        from gis.model import Person
        pid, name = s.execute(select(Person.id, Person.name).order_by(Person.id).limit(1)).one()
    w.operator.set(pid, name)

    reads = []
    for _ in range(3):
        t = time.perf_counter()
        table = attributes.read(w.project, "sites")
        reads.append(ms(t))
    print(f"sites: {len(table):,} rows, {len(table.spec.columns)} columns")
    print(f"read            {statistics.median(reads):7.1f} ms (median of 3)")

    feature = next(f for f in w.features if type(f).__name__ == "AttributeTableFeature")
    from desktop.views.data.attribute_table import AttributeTableView
    shown = {}
    set_table = AttributeTableView.set_table

    def timed(self, *args):
        t0 = time.perf_counter()
        set_table(self, *args)
        shown["ms"], shown["at"] = ms(t0), ms(t)
    AttributeTableView.set_table = timed
    time.sleep(2)                      # the window's own loads after opening (ledger, indexes) settle first
    app.processEvents()
    t = time.perf_counter()
    view = feature.open("sites")
    ui = ms(t)
    while view.table is None:
        app.processEvents()
        time.sleep(0.001)
    view.view.viewport().repaint()
    print(f"open → painted  {ms(t):7.1f} ms (UI thread: {ui:.1f} ms opening the dock, {shown['ms']:.1f} ms showing "
          f"the rows read on a worker, read done at {shown['at'] - shown['ms']:.0f} ms)")
    AttributeTableView.set_table = set_table
    app.processEvents()

    header = view.view.horizontalHeader()
    for column in ("name", "contact_phone", "category"):
        col = [c.name for c in view.spec.columns].index(column)
        x = header.sectionViewportPosition(col) + header.sectionSize(col) // 2
        times = []
        for _ in range(3):
            t = time.perf_counter()
            QTest.mouseClick(header.viewport(), Qt.MouseButton.LeftButton, pos=QPoint(x, header.height() // 2))
            view.view.viewport().repaint()
            times.append(ms(t))
        print(f"sort {column:<13}{statistics.median(times):7.1f} ms (header click → painted; first {times[0]:.1f})")

    times = []
    for text in ("加油", "荆山", "1380"):
        view.filter_text.setText(text)
        t = time.perf_counter()
        view.apply_filter()
        view.view.viewport().repaint()
        times.append(ms(t))
        shown = view.model.rowCount()
    view.filter_text.setText("")
    view.apply_filter()
    print(f"filter          {statistics.median(times):7.1f} ms (text in every column → painted; last kept {shown:,})")

    rng = np.random.default_rng(1)
    picked = np.sort(rng.choice(view.table.ids, 1000, replace=False))
    t = time.perf_counter()
    view.select_ids(picked, to_map=True)
    w.canvas.repaint()
    view.view.viewport().repaint()
    sites_on_map = len(w.canvas.selection.get("sites", []))
    print(f"select 1,000    {ms(t):7.1f} ms (rows → map selection {sites_on_map:,} sites, both painted)")

    src = w.stack.sources["sites"]
    rows = np.sort(rng.choice(len(src), 1000, replace=False))
    t = time.perf_counter()
    w.canvas.set_selection({"sites": rows})
    view.view.viewport().repaint()
    selected_rows = len(view.view.selectionModel().selectedRows())
    print(f"map → rows      {ms(t):7.1f} ms (1,000 sites selected on the map → {selected_rows:,} rows selected)")

    view.view.setFocus()
    t = time.perf_counter()
    for _ in range(50):
        QTest.keyClick(view.view, Qt.Key.Key_PageDown)
        view.view.viewport().repaint()
    print(f"scroll          {ms(t) / 50:7.1f} ms per page (50 page-downs, each painted)")

    site_id = int(view.table.ids[0])
    times, own = [], []
    for i in range(5):
        t = time.perf_counter()
        change = feature.commit("sites", site_id, "contact_name", f"测试{i}")
        app.processEvents()
        times.append(ms(t))
        t = time.perf_counter()
        attributes.update(w.project, "sites", site_id, {"contact_name": f"测{i}"})
        feature._changed(view, change)
        own.append(ms(t))
    print(f"edit            {statistics.median(times):7.1f} ms (one cell written, the window's reaction to the Change "
          "included; median of 5)")
    print(f"  of which      {statistics.median(own):7.1f} ms (the write and the table's row patch; the rest is the map "
          "reloading layers fed by sites)")
    w.project.close()


if __name__ == "__main__":
    main()
