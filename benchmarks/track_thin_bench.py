"""Track thinning benchmark (issue 17's open end): what a month of 1 Hz GPS tracks costs the project before and after
gis.patrols.evidence.thin, and whether verification stays the same.

    python3 benchmarks/track_thin_bench.py [--members 10] [--days 30] [--scale-to 300]

Tracks as benchmarks/track_verify_bench.py makes them (each member walks a dozen stops a day, 8 h, one stop in six
passed 300 m away, one fix in 2,000 a kilometre jump), but a fix every second, with two error models: a receiver's
error drifting from second to second (AR(1), 3 m, correlation 0.95 a fix — what phones and loggers record) and
independent 4 m errors every fix (the worst case for thinning). Stored size = the GeoPackage LINESTRING blob + 4 bytes
of time per kept fix (patrol_track.geom and .times), summed over `--members` members' month and scaled to
`--scale-to` members. Also timed: `thin` alone; and compared: the stops verified from every fix and from the thinned
tracks. Prints figures; asserts nothing.
"""
from __future__ import annotations

import argparse
import sys
import time
from datetime import date
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "benchmarks"))

from track_verify_bench import COUNTY, county_sites, iid_error, make_member  # noqa: E402

from gis.model.geometry import gpkg_encode  # noqa: E402
from gis.patrols import evidence  # noqa: E402


def drifting_error(rng, n: int, sigma_m: float = 3.0, rho: float = 0.95) -> np.ndarray:
    from scipy.signal import lfilter

    e = rng.normal(0, sigma_m * np.sqrt(1 - rho * rho), (n, 2))
    e[0] = rng.normal(0, sigma_m, 2)
    return lfilter([1.0], [1.0, -rho], e, axis=0)


def stored_bytes(tracks) -> int:
    import shapely

    lines = [shapely.linestrings(np.column_stack([t.lon, t.lat])) for t in tracks]
    return sum(len(b) for b in gpkg_encode(lines)) + 4 * sum(len(t.secs) for t in tracks)


def run(label: str, error, sites, tree, members: int, days: int, scale: float, tolerance_m: float) -> None:
    rng = np.random.default_rng(23)
    start = date(2026, 11, 1)
    lat0 = float(sites[:, 1].mean())
    fixes = kept = before_b = after_b = 0
    t_thin = 0.0
    same = n_stops = changed_arrival = 0
    worst_arrival = worst_dwell = worst_dist = 0.0
    for p in range(members):
        st, raws, _visited = make_member(rng, sites, tree, start, days, p, fix_s=1, error=error)
        every = []
        for raw in raws:
            got, _ = evidence.clean(raw, p, "wgs84", None, lat0, thin_m=None)
            every.extend(got)
        t0 = time.process_time()
        thinned = evidence.thin(every, lat0, tolerance_m)
        t_thin += time.process_time() - t0
        fixes += sum(len(t.secs) for t in every)
        kept += sum(len(t.secs) for t in thinned)
        before_b += stored_bytes(every)
        after_b += stored_bytes(thinned)
        stops = evidence.Stops(np.arange(len(st)), np.full(len(st), p), st[:, 2].astype(np.int64), st[:, 0], st[:, 1])
        a = evidence.match(stops, every, evidence.DEFAULT_TOLERANCE_M)
        b = evidence.match(stops, thinned, evidence.DEFAULT_TOLERANCE_M)
        same += int((a.verified == b.verified).sum())
        n_stops += len(st)
        both = a.verified & b.verified
        if both.any():
            diff = np.abs(a.arrived[both] - b.arrived[both])
            changed_arrival += int((diff > 2).sum())
            worst_arrival = max(worst_arrival, float(diff.max()))
            worst_dwell = max(worst_dwell, float(np.abs(a.dwell_s[both] - b.dwell_s[both]).max()))
        worst_dist = max(worst_dist, float(np.nanmax(np.abs(a.distance_m - b.distance_m))))
    gb = 1024 ** 3
    month = scale / members * 30 / days
    print(f"— {label}")
    print(f"  {members} 名网格员 × {days} 天，每秒 1 个定位点、每天 8 小时：定位点 {fixes:,} 个，精简后保留 {kept:,} 个"
          f"（{kept / fixes:.1%}），精简用时 CPU {t_thin:.1f} 秒")
    print(f"  存储（几何 + 时间）：精简前 {before_b / 1024 ** 2:,.0f} MB，精简后 {after_b / 1024 ** 2:,.0f} MB；"
          f"按 {scale:.0f} 名网格员 30 天折算：{before_b * month / gb:.2f} GB → {after_b * month / gb:.2f} GB")
    print(f"  核实结果一致：{same:,} / {n_stops:,} 个站点；到达时间相差超过 2 秒的站点 {changed_arrival} 个"
          f"（最大 {worst_arrival:.0f} 秒），停留时长最大相差 {worst_dwell:.1f} 秒，最近距离最大相差 {worst_dist:.1f} 米")


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--project", type=Path, default=next((p for p in COUNTY if p.exists()), None))
    ap.add_argument("--members", type=int, default=10)
    ap.add_argument("--days", type=int, default=30)
    ap.add_argument("--scale-to", type=int, default=300)
    ap.add_argument("--tolerance", type=float, default=evidence.THIN_TOLERANCE_M)
    args = ap.parse_args()
    from scipy.spatial import cKDTree

    sites, where = county_sites(args.project)
    tree = cKDTree(sites)
    print(f"站点来源：{where}；精简容差 {args.tolerance:g} 米（时空距离，1 秒 = {evidence.THIN_SPEED_MS:g} 米）")
    run("定位误差逐秒漂移（AR(1)，3 米，相关 0.95）", drifting_error, sites, tree, args.members, args.days, args.scale_to,
        args.tolerance)
    run("定位误差逐点独立（4 米，最不利）", iid_error, sites, tree, args.members, args.days, args.scale_to, args.tolerance)


if __name__ == "__main__":
    main()
