"""Gas pipeline analysis benchmark: county-scale pipelines plus 100,000 building footprints.

    python3 benchmarks/gas_bench.py [--project benchmarks/out/county.gridsafe] [--buildings 100000] [--km 2000]

Pipelines: with --project (or when benchmarks/out/county.gridsafe exists) the project's pipelines layer
(gis.layers.load_layer); otherwise a synthetic county: ten towns of street-grid mains cut at every block,
--km kilometres in all. Buildings (8–16 m footprints, 1 % crowding a main), 6,000 sites (5 % schools, 2 % childcare) and 400
third-party works are placed along the pipelines at random offsets, so every analysis has real work.
Then the location classes (地区等级: 1.6 km windows slid 100 m along every pipeline over the same buildings,
storeys 1–8, 70 % residential) and the buffer checks between the sites (schools and internet cafés,
hazchem enterprises and their protected targets).
Goals (issue 13): full analysis ≤ 10 s; one pipeline's findings ≤ 100 ms. Prints figures; asserts nothing.

With a project (upgraded to the current schema: `python3 -m desktop.cli db upgrade COPY`), also the map and
the identify panel: the derived layers gas_protection / gas_control (gis.gasmap) read from it, and, on a
temporary copy with these buildings and works written in, the area layers gas_location_class / gas_hca and one
pipeline's identify facts (gis.gasmap.gas_facts: its neighbourhood through the spatial index) for the same
pipelines as above; and the time to draw the
pipelines alone and with both range layers (1920×1080, full county and 1:10,000).
"""
from __future__ import annotations

import argparse
import sys
import time
from collections import Counter
from datetime import date, timedelta
from pathlib import Path

import numpy as np
import shapely

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from gis.gas.analysis import Analysis, Features, Pipelines, reach_m
from gis.gas.buffers import buffer_findings
from gis.gas.location import dwellings, location_classes, location_rules
from gis.gas.rules import load_rules, pipeline_params
from gis.geo.crs import STORAGE, measure_crs, transform

COUNTY = ROOT / "benchmarks" / "out" / "county.gridsafe"
LOCAL = "EPSG:4547"
ON = date(2026, 12, 5)
CLASSES = np.array(["low", "medium_b", "medium_a", "high_b", "high_a", None], dtype=object)
CLASS_P = [0.25, 0.25, 0.35, 0.07, 0.05, 0.03]


def synthetic_pipelines(rng, km: float):
    """Street-grid mains in ten 5 km towns, one pipeline per 250 m block edge, in lon/lat."""
    block, town = 250.0, 5000.0
    lines_per_town = 2 * (int(town / block) + 1) * int(town / block)           # block edges per town
    towns = max(1, round(km * 1000 / (lines_per_town * block)))
    geoms = []
    for t in range(towns):
        ox, oy = 480_000 + (t % 5) * 9000, 3_780_000 + (t // 5) * 9000
        k = np.arange(int(town / block) + 1) * block
        a = np.arange(int(town / block)) * block
        xs, ys = np.meshgrid(k, a, indexing="ij")
        h = shapely.linestrings(np.stack([np.stack([ys + ox, xs + oy], -1), np.stack([ys + block + ox, xs + oy], -1)],
                                         axis=2).reshape(-1, 2, 2))
        v = shapely.linestrings(np.stack([np.stack([xs + ox, ys + oy], -1), np.stack([xs + ox, ys + block + oy], -1)],
                                         axis=2).reshape(-1, 2, 2))
        geoms.append(h)
        geoms.append(v)
    g = np.concatenate(geoms)
    n = len(g)
    cls = rng.choice(CLASSES, n, p=CLASS_P)
    dn = rng.choice(np.array([100, 150, 200, 300, 400, np.nan]), n, p=[0.2, 0.25, 0.3, 0.15, 0.07, 0.03])
    material = rng.choice(np.array(["钢管", "PE"], dtype=object), n)
    return transform(g, LOCAL, STORAGE), np.arange(1, n + 1), cls, dn, material


def project_pipelines(path: Path):
    from gis import layers, store
    project = store.open_project(path, readonly=True)
    layer = layers.load_layer(project, "pipelines")
    a = layer.attrs
    return (layer.geoms, layer.ids, a["pressure_class"].astype(object).to_numpy(),
            a["diameter_mm"].astype(float).to_numpy(), a["material"].astype(object).to_numpy())


def along(rng, pipes_m, n: int, lo: float, hi: float):
    """`n` points at random places along random pipelines (metres), offset sideways by lo..hi metres."""
    lengths = shapely.length(pipes_m)
    pick = rng.choice(len(pipes_m), n, p=lengths / lengths.sum())
    at = shapely.line_interpolate_point(pipes_m[pick], rng.random(n), normalized=True)
    xy = shapely.get_coordinates(at)
    ang = rng.random(n) * 2 * np.pi
    off = lo + (hi - lo) * rng.random(n) ** 2          # denser near the pipe
    return xy + np.column_stack([np.cos(ang), np.sin(ang)]) * off[:, None]


def footprints(rng, centres, small: float, large: float):
    n = len(centres)
    w, h = rng.uniform(small, large, n), rng.uniform(small * 0.7, large * 0.8, n)
    return shapely.box(centres[:, 0] - w / 2, centres[:, 1] - h / 2, centres[:, 0] + w / 2, centres[:, 1] + h / 2)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--project", type=Path, default=COUNTY if COUNTY.exists() else None)
    ap.add_argument("--buildings", type=int, default=100_000)
    ap.add_argument("--km", type=float, default=2000.0)
    args = ap.parse_args()
    rng = np.random.default_rng(13)
    rules = load_rules()

    t0 = time.perf_counter()
    if args.project:
        geoms, ids, cls, dn, material = project_pipelines(args.project)
        source = str(args.project)
    else:
        geoms, ids, cls, dn, material = synthetic_pipelines(rng, args.km)
        source = "合成"
    b = shapely.bounds(geoms)
    crs = measure_crs((b[:, 0] + b[:, 2]) / 2)
    pipes_m = transform(geoms, STORAGE, crs)
    km = shapely.length(pipes_m).sum() / 1000
    print(f"管线（{source}）：{len(geoms):,} 条，{km:,.0f} km；测量坐标系 {crs}")

    # 99 % of the buildings 15–120 m from a main (a street's houses), 1 % crowding it (0–15 m: 占压 and clearance)
    # (the far ones are re-drawn where they landed on another main, e.g. at a street crossing)
    near = args.buildings // 100
    far = footprints(rng, along(rng, pipes_m, args.buildings - near, 15.0, 120.0), 8.0, 16.0)
    ptree = shapely.STRtree(pipes_m)
    for _ in range(5):
        hit = np.unique(ptree.query(far, predicate="dwithin", distance=5.0)[0])
        if not len(hit):
            break
        far[hit] = footprints(rng, along(rng, pipes_m, len(hit), 15.0, 120.0), 8.0, 16.0)
    close = footprints(rng, along(rng, pipes_m, near, 0.0, 15.0), 8.0, 16.0)
    buildings = transform(np.concatenate([far, close]), crs, STORAGE)
    scentres = along(rng, pipes_m, 6000, 3.0, 250.0)
    cats = rng.choice(np.array(["school", "childcare_institution", "catering", "small_premises", "internet_cafe",
                                "hazchem_enterprise", "village_committee"], dtype=object),
                      6000, p=[0.05, 0.02, 0.46, 0.39, 0.03, 0.02, 0.03])
    site_attrs = [{"external_safety_distance_m": int(d)} if d else {} for d in rng.choice([0, 100, 200, 300], 6000)]
    storeys = rng.integers(1, 9, len(buildings))
    uses = rng.choice(np.array(["residential", "commercial", "industrial"], dtype=object), len(buildings),
                      p=[0.7, 0.2, 0.1])
    wcentres = along(rng, pipes_m, 400, 0.0, 40.0)
    works = transform(footprints(rng, wcentres, 20.0, 80.0), crs, STORAGE)
    start = [ON - timedelta(days=int(d)) for d in rng.integers(-30, 90, 400)]
    end = [s + timedelta(days=int(d)) for s, d in zip(start, rng.integers(10, 120, 400), strict=True)]
    print(f"输入准备 {time.perf_counter() - t0:.1f} s：建筑物 {len(buildings):,}，场所 6,000，第三方施工 400")

    n = len(geoms)
    t0 = time.perf_counter()
    params = pipeline_params(rules, cls, diameter_mm=dn, material=material)
    pl = Pipelines(geoms, ids, params)
    bf = Features(buildings, np.arange(1, len(buildings) + 1), np.array([f"建筑{i}" for i in range(len(buildings))],
                                                                         dtype=object))
    wf = Features(works, np.arange(1, 401), np.array([f"施工{i}" for i in range(400)], dtype=object),
                  start=np.array(start, dtype=object), end=np.array(end, dtype=object))
    sf = Features(transform(shapely.points(scentres), crs, STORAGE), np.arange(1, 6001), None, category=cats)
    analysis = Analysis(rules, pl, buildings=bf, works=wf, sites=sf, crs=crs)
    findings = analysis.findings(ON)
    t_full = time.perf_counter() - t0
    counts = Counter((f.kind, f.level) for f in findings)
    print(f"完整分析：{t_full:.2f} s（目标 ≤ 10 s），{len(findings):,} 条结果；参数不全管线 "
          f"{sum(1 for m in params.missing if m):,} 条")
    for (kind, level), c in sorted(counts.items()):
        print(f"  {kind:18s} {level:14s} {c:7,d}")

    # 地区等级 (gis.gas.location) over the same pipelines and buildings, and the buffer checks between sites
    t0 = time.perf_counter()
    lr = location_rules(rules)
    loc = location_classes(rules, geoms, buildings, storeys=storeys,
                           units=dwellings(lr, len(buildings), storeys=storeys, uses=uses), sites=sf.geoms,
                           site_categories=cats, crs=crs, lrules=lr)
    t_loc = time.perf_counter() - t0
    by_class = {c: loc.stretch_length_m[loc.stretch_class == c].sum() / 1000 for c in (1, 2, 3, 4)}
    print(f"地区等级：{t_loc:.2f} s，窗口 {len(loc.window_class):,} 个，管段 {len(loc.stretch_class):,} 段；"
          + "、".join(f"{c}级 {v:,.0f} km" for c, v in by_class.items()))
    t0 = time.perf_counter()
    checks = buffer_findings(rules, sf.geoms, sf.ids, None, cats, site_attrs, crs=crs)
    t_buf = time.perf_counter() - t0
    print(f"周边安全距离检查（6,000 场所）：{t_buf:.2f} s，" + "、".join(
        f"{k} {v:,}" for k, v in sorted(Counter((f.kind, f.level) for f in checks).items())))
    print(f"完整分析合计（管线分析 + 地区等级 + 周边检查）：{t_full + t_loc + t_buf:.2f} s（目标 ≤ 10 s）")

    t0 = time.perf_counter()
    prot = analysis.range_polygons("protection")
    ctrl = analysis.range_polygons("control")
    print(f"保护范围与控制范围多边形：{time.perf_counter() - t0:.2f} s（{len(prot):,} + {len(ctrl):,}）")

    # one pipeline: on the prepared analysis (indexes built), and cold (only its neighbourhood, as an identify
    # panel would load it from the database's spatial index)
    busiest = Counter(f.pipeline_index for f in findings).most_common(1)[0][0] if findings else 0
    picks = [busiest, *rng.integers(0, n, 9).tolist()]
    warm = []
    for i in picks:
        t0 = time.perf_counter()
        analysis.findings(ON, pipelines=[i])
        warm.append(time.perf_counter() - t0)
    slowest = picks[int(np.argmax(warm))]
    print(f"单条管线结果（已建索引）：最慢（{shapely.length(pipes_m[slowest]):,.0f} m 长的管线） {max(warm) * 1000:.1f} ms，中位 {np.median(warm) * 1000:.1f} ms（目标 ≤ 100 ms）")
    btree, wtree, stree = shapely.STRtree(buildings), shapely.STRtree(works), shapely.STRtree(sf.geoms)
    cold = []
    m_per_deg = 111_000 * np.cos(np.radians(np.nanmean(b[:, 1])))   # degrees of longitude shrink northwards
    for i in picks:
        t0 = time.perf_counter()
        one_params = pipeline_params(rules, cls[[i]], diameter_mm=dn[[i]], material=material[[i]])
        reach = reach_m(rules, one_params)
        bi, wi, si = (t.query(geoms[i], predicate="dwithin", distance=float(reach[k][0]) / m_per_deg * 1.01)
                      for t, k in ((btree, "buildings"), (wtree, "works"), (stree, "sites")))
        one = Analysis(rules, Pipelines(geoms[[i]], ids[[i]], one_params),
                       buildings=Features(buildings[bi], bf.ids[bi], bf.names[bi]),
                       works=Features(works[wi], wf.ids[wi], wf.names[wi], start=wf.start[wi], end=wf.end[wi]),
                       sites=Features(sf.geoms[si], sf.ids[si], category=cats[si]), crs=crs)
        got = one.findings(ON)
        cold.append(time.perf_counter() - t0)
        same = {(f.kind, f.feature_id, f.level) for f in got} == \
            {(f.kind, f.feature_id, f.level) for f in findings if f.pipeline_index == i}
        if not same:
            print(f"  注意：管线 {ids[i]} 单独分析的结果与完整分析不同")
    print(f"单条管线结果（只取其周边要素，新建分析）：最慢 {max(cold) * 1000:.1f} ms，中位 {np.median(cold) * 1000:.1f} ms")
    if args.project:
        map_figures(args.project, ids[picks], findings_of={int(ids[i]): [f for f in findings if f.pipeline_index == i]
                                                             for i in picks},
                    buildings=buildings, works=works, start=start, end=end)


def best_of(fn, n: int = 3):
    """(best time in seconds, last result) of `n` runs."""
    times, out = [], None
    for _ in range(n):
        t0 = time.perf_counter()
        out = fn()
        times.append(time.perf_counter() - t0)
    return min(times), out


def render_figures(data) -> None:
    """Drawing the pipelines alone and with both range layers on, 1920×1080: the full county, then a
    1:10,000 view on the longest pipeline's middle (median of 7 redraws after the first)."""
    import os
    import statistics

    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from PySide6.QtGui import QGuiApplication, QImage, QPainter

    from desktop.render import LayerStack, MapRenderer, MapView
    from gis.geo.crs import DISPLAY, STORAGE, transformer

    app = QGuiApplication.instance() or QGuiApplication([])  # noqa: F841  (Qt needs it to paint text)
    stack = LayerStack.from_layers(data)
    renderer = MapRenderer(stack)
    image = QImage(1920, 1080, QImage.Format.Format_ARGB32_Premultiplied)
    full = MapView.for_bounds(stack.bounds(), 1920, 1080)
    longest = data["pipelines"].geoms[int(np.argmax(shapely.length(data["pipelines"].geoms)))]
    mid = shapely.get_coordinates(shapely.line_interpolate_point(longest, 0.5, normalized=True))[0]
    x, y = transformer(STORAGE, DISPLAY).transform(mid[0], mid[1])
    near = MapView(float(x), float(y), full.resolution, 1920, 1080).with_scale(10_000)
    line = []
    for ranges in (False, True):
        for layer in stack.layers:
            layer.visible = layer.id == "pipelines" or (ranges and layer.id in ("gas_protection", "gas_control"))
        for name, view in (("全县", full), ("1:10,000", near)):
            times = []
            for _ in range(8):
                t0 = time.perf_counter()
                p = QPainter(image)
                renderer.render(p, view)
                p.end()
                times.append(time.perf_counter() - t0)
            line.append(f"{'管线+两种范围' if ranges else '仅管线'} {name} 首次 {times[0] * 1000:.0f} ms、"
                        f"重绘中位 {statistics.median(times[1:]) * 1000:.0f} ms")
    print("  绘制 1920×1080：" + "；".join(line))


def map_figures(path: Path, pick_ids, findings_of, buildings, works, start, end) -> None:
    """The gas range layers as the map reads them, and identify facts of the picked pipelines."""
    import shutil
    import tempfile

    import pandas as pd

    from gis import bulk, gasmap, layers, store

    project = store.open_project(path, readonly=True)
    t_lines, pipes = best_of(lambda: layers.load_layer(project, "pipelines"))
    t_prot, prot = best_of(lambda: gasmap.gas_protection(project))
    t_ctrl, ctrl = best_of(lambda: gasmap.gas_control(project))
    project.close()
    verts = int(shapely.get_num_coordinates(prot.geoms).sum() + shapely.get_num_coordinates(ctrl.geoms).sum())
    print(f"地图图层（项目 {path.name}）：管线 {len(pipes):,} 条 {t_lines * 1000:.0f} ms；保护范围 {len(prot):,} 个 "
          f"{t_prot * 1000:.0f} ms；控制范围 {len(ctrl):,} 个 {t_ctrl * 1000:.0f} ms（两层多边形共 {verts:,} 个顶点）")
    render_figures({"pipelines": pipes, "gas_protection": prot, "gas_control": ctrl})

    with tempfile.TemporaryDirectory(prefix="gas-bench-") as tmp:
        copy = Path(tmp) / path.name
        shutil.copy(path, copy)
        project = store.open_project(copy)
        t0 = time.perf_counter()
        with project.transaction() as s:
            bulk.bulk_insert(s, {
                "building": pd.DataFrame({"name": [f"建筑{i}" for i in range(len(buildings))], "geom": buildings}),
                "third_party_works": pd.DataFrame({"name": [f"施工{i}" for i in range(len(works))], "status": "active",
                                                   "start_on": start, "end_on": end, "geom": works})})
        print(f"  写入副本：建筑物 {len(buildings):,}、第三方施工 {len(works):,}，{time.perf_counter() - t0:.1f} s")
        # the area layers as the map reads them from the copy (every building near the pipelines)
        t_loc, loc = best_of(lambda: gasmap.gas_location_class(project), 1)
        t_hca, hca = best_of(lambda: gasmap.gas_hca(project), 1)
        print(f"  地区等级图层 {t_loc:.2f} s（{len(loc)} 个等级）；高后果区图层 {t_hca:.2f} s（{len(hca)} 个等级）")
        times, differ = [], []
        with project.session() as s:
            for fid in pick_ids:
                t, g = best_of(lambda fid=fid: gasmap.gas_facts(s, int(fid), on=ON), 1)
                times.append(t)
                want = findings_of[int(fid)]
                if (len(g.buildings), len(g.works)) != (sum(f.kind == "occupation" for f in want),
                                                        sum(f.kind == "third_party_works" for f in want)):
                    differ.append(int(fid))
        project.close()
    print(f"  要素详情（一条管线：参数、保护范围内建筑物、控制范围内在施施工、地区等级、高后果区）：{len(times)} 条，最慢 "
          f"{max(times) * 1000:.1f} ms，中位 {np.median(times) * 1000:.1f} ms（目标 ≤ 100 ms）"
          + (f"；与完整分析不符：{differ}" if differ else "；与完整分析一致"))


if __name__ == "__main__":
    main()
