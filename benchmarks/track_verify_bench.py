"""Patrol evidence benchmark (issue 17): a month of GPS tracks for 300 grid members (1 fix every 5 s, 8 h a day:
5,760 fixes a member-day, 52 million in all) matched against that month's plan (12 stops a member-day).

    python3 benchmarks/track_verify_bench.py [--project COUNTY] [--members 300] [--days 30] [--batch 30]

The stops are sites of the county set (benchmarks/out/county.gridsafe, read only; each member patrols the sites
nearest a home point), else synthetic sites over a county-sized area. Each track walks its day's stops in order
with a few minutes at each, but skips about one stop in six (it passes 300 m away); one fix in 2,000 jumps
kilometres away for five seconds. Timed: gis.patrols.evidence.clean (times, jumps, split by day) and match, member
batches at a time (`--batch` members' tracks in memory at once: a month of 300 members is 1.2 GB of fixes); not
timed: making the tracks. Prints figures and the share of stops verified against what the tracks were made to do;
asserts nothing.
"""
from __future__ import annotations

import argparse
import os
import sqlite3
import sys
import time
from datetime import date, timedelta
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from gis.io.read_tracks import RawTrack  # noqa: E402
from gis.patrols import evidence  # noqa: E402

COUNTY = [ROOT / "benchmarks" / "out" / "county.gridsafe", Path("/work/main/benchmarks/out/county.gridsafe")]
FIX_S, HOURS, STOPS_A_DAY = 5, 8, 12


def county_sites(path: Path | None) -> tuple[np.ndarray, str]:
    if path is not None and path.exists():
        import shapely

        from gis.model.geometry import decode
        con = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
        blobs = [r[0] for r in con.execute("SELECT geom FROM site WHERE geom IS NOT NULL")]
        con.close()
        return shapely.get_coordinates(decode(blobs)), f"县级数据 {path.name} 的 {len(blobs):,} 个场所"
    rng = np.random.default_rng(1)
    xy = np.column_stack([rng.uniform(113.0, 113.6, 36_000), rng.uniform(33.5, 34.0, 36_000)])
    return xy, "合成场所 36,000 个（没有县级数据）"


def iid_error(rng, n: int, sigma_m: float = 4.0) -> np.ndarray:
    """A receiver's position error (m, x and y), independent from fix to fix."""
    return rng.normal(0, sigma_m, (n, 2))


def make_member(rng, sites, tree, start: date, days: int, person: int, *, fix_s: int = FIX_S, error=iid_error):
    """One member's month: stops (lon, lat, day) and raw tracks (a fix every `fix_s` seconds, `error(rng, n)` metres
    off); the stops the track was made to visit."""
    home = sites[rng.integers(len(sites))]
    _, near = tree.query(home, k=min(200, len(sites)))
    cos = np.cos(np.radians(home[1]))
    deg = np.array([1 / (111_320 * cos), 1 / 110_574])
    stops, raws, visited = [], [], []
    n = HOURS * 3600 // fix_s
    for d in range(days):
        day = start + timedelta(days=d)
        pick = sites[rng.choice(near, STOPS_A_DAY, replace=False)]
        order = np.argsort(np.arctan2(pick[:, 1] - home[1], pick[:, 0] - home[0]))
        pick = pick[order]
        skip = rng.random(STOPS_A_DAY) < 1 / 6
        way = pick + np.where(skip[:, None], 300 * deg, 0)                 # a skipped stop: passed 300 m away
        # the day's fixes: along the waypoints by time, a few minutes standing at each
        legs = np.r_[0, np.cumsum(np.hypot(*((np.diff(way, axis=0)) / deg).T))]
        stand = 240.0
        knots_t = np.sort(np.r_[legs / 1.4 + stand * np.arange(len(way)), legs / 1.4 + stand * (np.arange(len(way)) + 1)])
        knots_x = np.repeat(way[:, 0], 2)
        knots_y = np.repeat(way[:, 1], 2)
        t = np.linspace(0, knots_t[-1], n)
        off = error(rng, n)
        lon = np.interp(t, knots_t, knots_x) + off[:, 0] * deg[0]
        lat = np.interp(t, knots_t, knots_y) + off[:, 1] * deg[1]
        jumps = rng.random(n) < 1 / 2000
        lon[jumps] += 0.05
        secs = np.datetime64(day) + np.timedelta64(8, "h") + (np.arange(n) * fix_s).astype("timedelta64[s]")
        raws.append(RawTrack(f"{person}.gpx", "", lon, lat, secs.astype("datetime64[s]")))
        stops.append(np.column_stack([pick, np.full(STOPS_A_DAY, (day - date(1970, 1, 1)).days)]))
        visited.append(~skip)
    return np.vstack(stops), raws, np.concatenate(visited)


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--project", type=Path, default=next((p for p in COUNTY if p.exists()), None))
    ap.add_argument("--members", type=int, default=300)
    ap.add_argument("--days", type=int, default=30)
    ap.add_argument("--batch", type=int, default=30)
    args = ap.parse_args()
    from scipy.spatial import cKDTree

    sites, where = county_sites(args.project)
    tree = cKDTree(sites)
    rng = np.random.default_rng(17)
    start = date(2026, 11, 1)
    t_clean = t_match = t_make = cpu = 0.0
    fixes = n_stops = dropped = 0
    agree = verified = 0
    for b0 in range(0, args.members, args.batch):
        t0 = time.perf_counter()
        members = [make_member(rng, sites, tree, start, args.days, p) for p in range(b0, min(args.members, b0 + args.batch))]
        t_make += time.perf_counter() - t0
        t0, c0 = time.perf_counter(), time.process_time()
        tracks = []
        lat0 = float(sites[:, 1].mean())
        for p, (_, raws, _) in zip(range(b0, args.members), members, strict=False):
            for raw in raws:
                got, _notes = evidence.clean(raw, p, "wgs84", None, lat0)
                tracks.extend(got)
        t_clean += time.perf_counter() - t0
        people = np.concatenate([np.full(len(m[0]), p) for p, m in zip(range(b0, args.members), members, strict=False)])
        st = np.vstack([m[0] for m in members])
        stops = evidence.Stops(np.arange(len(st)), people, st[:, 2].astype(np.int64), st[:, 0], st[:, 1])
        t0 = time.perf_counter()
        m = evidence.match(stops, tracks, evidence.DEFAULT_TOLERANCE_M)
        t_match += time.perf_counter() - t0
        cpu += time.process_time() - c0
        truth = np.concatenate([x[2] for x in members])
        agree += int((m.verified == truth).sum())
        verified += int(m.verified.sum())
        fixes += sum(len(r.lon) for x in members for r in x[1])
        dropped += sum(t.dropped for t in tracks)
        n_stops += len(st)
        del members, tracks
    print(f"站点来源：{where}")
    print(f"{args.members} 名网格员 × {args.days} 天：定位点 {fixes:,} 个（每 5 秒 1 个、每天 8 小时），计划站点 {n_stops:,} 个")
    print(f"剔除的跳点：{dropped:,} 个")
    print(f"生成轨迹（不计时）：{t_make:.1f} 秒")
    print(f"清理轨迹（时间、跳点、分日）：{t_clean:.1f} 秒")
    print(f"匹配站点（30 米）：{t_match:.1f} 秒")
    print(f"合计（清理 + 匹配）：{t_clean + t_match:.1f} 秒，其中本进程占用 CPU {cpu:.1f} 秒（目标 ≤ 30 秒；"
          f"机器负载 {os.getloadavg()[0]:.1f}）")
    print(f"已核实 {verified:,} / {n_stops:,}；与生成时的到访情况一致 {agree / n_stops:.2%}")
    storage(sites, rng, start, args.days)


def storage(sites, rng, start: date, days: int, members: int = 10) -> None:
    """What the project stores per member-day track (a LINESTRING of 5,760 fixes and their times) and how long writing
    and reading back `members` members' month takes, in a new GeoPackage project."""
    import tempfile
    from datetime import datetime

    import shapely
    from scipy.spatial import cKDTree

    from gis import store
    from gis.model import PatrolTrack, Person

    tree = cKDTree(sites)
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "tracks.gridsafe"
        with store.create_project(path) as project:
            with project.transaction() as s:
                people = [Person(name=f"网格员{i}") for i in range(members)]
                s.add_all(people)
                s.flush()
                ids = [p.id for p in people]
            lat0 = float(sites[:, 1].mean())
            tracks = []
            for k, pid in enumerate(ids):
                for raw in make_member(rng, sites, tree, start, days, k)[1]:
                    tracks.extend(evidence.clean(raw, pid, "wgs84", None, lat0)[0])
            t0 = time.perf_counter()
            with project.transaction() as s:
                for tr in tracks:
                    s.add(PatrolTrack(person_id=tr.person_id, day=tr.day, source_name=tr.source_name, datum="wgs84",
                                      started_at=tr.started_at, ended_at=tr.ended_at, fixes=len(tr.secs),
                                      times=(tr.secs - tr.secs[0]).astype("<u4").tobytes(), imported_at=datetime.now(),
                                      geom=shapely.linestrings(np.column_stack([tr.lon, tr.lat]))))
            t_write = time.perf_counter() - t0
            keys = {(tr.person_id, tr.day) for tr in tracks}
            t0 = time.perf_counter()
            with project.session() as s:
                back = evidence._stored_tracks(s, keys)
            t_read = time.perf_counter() - t0
        size = path.stat().st_size if path.exists() else 0
    print(f"存储：{members} 名网格员 × {days} 天 = {len(tracks)} 条轨迹，写入 {t_write:.1f} 秒，读回 {len(back)} 条 {t_read:.1f} 秒，"
          f"项目文件 {size / 2**20:.0f} MB（每条 {size / max(1, len(tracks)) / 2**10:.0f} KB；300 名网格员一个月约 "
          f"{size / max(1, len(tracks)) * 300 * days / 2**30:.1f} GB）")


if __name__ == "__main__":
    main()
