"""Field evidence proves patrols (issue 17): members' GPS tracks and photos matched to planned stops.

A stop is **verified** when a track of its member on the assignment's day passes within the tolerance (default
30 m; project setting `patrol_verify_tolerance_m`) of its site — with the arrival (first time within) and the
dwell (time spent within) — or a photo taken that day within the tolerance attaches to it. It is **missed** when
the member's track of that day exists but never comes within the tolerance and no photo proves it; **unverified**
(未核实) when a result was recorded but there is no evidence for that day; **planned** otherwise (nothing known).

Pure part (numpy, shapely; no database, no Qt): `clean` (times, implausible jumps, datum), `detect_datum`, `match`
(vectorised over all members: runs of fixes binned by (member-day, cell of the search radius) and sorted once, each
stop looking up its own member-day's nine cells by binary search), `match_photos`. Database part: `verify` (store tracks and photos, recompute
the checks of the member-days touched, one transaction), `attach_photo` (a photo to a stop by hand: result entry),
`stop_statuses` (every planned stop of a period with its status, for lists, the CLI and the map).
"""
from __future__ import annotations

import dataclasses
import hashlib
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta

import numpy as np
import shapely

DEFAULT_TOLERANCE_M = 30.0
TOLERANCE_SETTING = "patrol_verify_tolerance_m"
MAX_SPEED_MS = 60.0           # 216 km/h: no patrol on foot, bicycle or by car on township roads moves faster
CHUNK_STOPS = 4000            # stops matched at a time (bounds the memory of their candidate fixes)
STATUSES = ("planned", "verified", "unverified", "missed")
STATUS_ZH = {"planned": "无记录", "verified": "已核实", "unverified": "未核实", "missed": "漏巡"}  # = vocab patrol_check_statuses
DATUMS = ("auto", "wgs84", "gcj02")
DATUM_ZH = {"wgs84": "WGS-84", "gcj02": "GCJ-02（火星坐标）"}
THIN_TOLERANCE_M = 2.5       # a track's thinning (`thin`): how far a dropped fix may lie off its kept neighbours
THIN_SPEED_MS = 20.0          # … measured in space-time, one second as this many metres (faster than any patrol)
THIN_DENSER_THAN_S = 5.0      # only tracks logged more often than this are thinned: a 5 s log is already a fifth of
#                               a 1 Hz one and thinning it saves ~12 % for much of the import's time
M_PER_DEG_LAT = 110_574.0
M_PER_DEG_LON_EQ = 111_320.0


# --- tracks: times, jumps, datum ---------------------------------------------------------------------------

@dataclass
class Track:
    """One member's fixes of one day, clean: lon/lat CGCS2000, `secs` local seconds since 1970 (increasing)."""
    person_id: int
    day: date
    lon: np.ndarray
    lat: np.ndarray
    secs: np.ndarray
    source_name: str
    datum: str = "wgs84"
    dropped: int = 0
    track_id: int | None = None
    fixes: int = 0                 # fixes recorded (before `thin`); 0 = len(secs)

    @property
    def started_at(self) -> datetime:
        return _dt(self.secs[0])

    @property
    def ended_at(self) -> datetime:
        return _dt(self.secs[-1])


def _dt(sec) -> datetime:
    return datetime(1970, 1, 1) + timedelta(seconds=int(sec))


def _secs(t: datetime) -> int:
    return int((t - datetime(1970, 1, 1)).total_seconds())


def metres(lon, lat, lat0: float) -> tuple[np.ndarray, np.ndarray]:
    """Local plane coordinates (equirectangular about latitude lat0): within a county the scale errs by well
    under 1 %, far inside a 30 m tolerance."""
    return (np.asarray(lon, float) * (M_PER_DEG_LON_EQ * np.cos(np.radians(lat0))),
            np.asarray(lat, float) * M_PER_DEG_LAT)


def jump_mask(lon, lat, secs, lat0: float, max_speed: float = MAX_SPEED_MS) -> np.ndarray:
    """Fixes to keep: a fix reached from its neighbour faster than `max_speed` on both sides (a spike of
    kilometres in a second) is dropped, repeatedly; a fix with the same time as the one before is dropped.
    A run of fixes that jumped away and stayed is dropped up to where the track returns within reach."""
    x, y = metres(lon, lat, lat0)
    keep = np.ones(len(x), bool)
    for _ in range(8):
        idx = np.flatnonzero(keep)
        if len(idx) < 2:
            break
        d = np.hypot(np.diff(x[idx]), np.diff(y[idx]))
        dt = np.diff(secs[idx]).astype(float)
        fast = (dt <= 0) | (d > max_speed * np.maximum(dt, 1e-9))
        if not fast.any():
            break
        bad_in = np.r_[False, fast]
        bad_out = np.r_[fast, False]
        drop = bad_in & bad_out                     # spikes: too fast into and out of the fix
        drop |= np.r_[False, dt <= 0]               # repeated times
        if not drop.any():                          # jumped away and stayed: drop the far side, fix by fix
            j = int(np.flatnonzero(fast)[0]) + 1
            drop[j] = True
        keep[idx[drop]] = False
    return keep


def detect_datum(lon, lat, reference_tree: shapely.STRtree | None, lat0: float) -> tuple[str, float, float]:
    """'wgs84', 'gcj02' (unambiguous: the GCJ-02 → WGS-84 shifted track lies on the project's roads and sites and
    the track as recorded does not) or 'unknown'; with the median distances (m) as recorded and shifted.
    Without reference features: 'wgs84' (what GPX and KML define), distances NaN."""
    if reference_tree is None or len(lon) == 0:
        return "wgs84", float("nan"), float("nan")
    from gis.geo.webcoords import gcj_to_wgs

    pick = np.linspace(0, len(lon) - 1, min(len(lon), 200)).astype(int)
    raw = shapely.points(lon[pick], lat[pick])
    wx, wy = gcj_to_wgs(lon[pick], lat[pick])
    shifted = shapely.points(wx, wy)
    scale = M_PER_DEG_LAT      # degrees to metres, roughly (good enough to compare hundreds of metres)
    d_raw = float(np.median(reference_tree.query_nearest(raw, return_distance=True, all_matches=False)[1])) * scale
    d_shift = float(np.median(reference_tree.query_nearest(shifted, return_distance=True, all_matches=False)[1])) * scale
    if d_shift < 0.5 * d_raw and d_raw - d_shift > 150:
        return "gcj02", d_raw, d_shift
    if d_raw > 100 and d_shift < 0.8 * d_raw:
        return "unknown", d_raw, d_shift
    return "wgs84", d_raw, d_shift


def clean(raw, person_id: int, datum: str, reference_tree, lat0: float,
          days: set[date] | None = None, thin_m: float | None = THIN_TOLERANCE_M) -> tuple[list[Track], list[str]]:
    """A read track (gis.io.read_tracks.RawTrack) → clean Tracks, one per local day, and notes. `datum`: auto
    (detected; a doubtful track is refused), wgs84 or gcj02 (stated by the user). `days`: the days that may be
    matched (others are noted and left out). The tracks are thinned (`thin`, tolerance `thin_m`; None: every fix)."""
    from gis.geo.webcoords import gcj_to_wgs

    notes: list[str] = []
    t = raw.t.astype("datetime64[s]")
    known = ~np.isnat(t)
    if not known.any():
        return [], [f"{raw.label}：轨迹没有时间记录，无法核实到访时间；未使用（请在记录软件中导出带时间的轨迹）"]
    lon, lat, secs = raw.lon[known], raw.lat[known], t[known].astype(np.int64)
    if (~known).any():
        notes.append(f"{raw.label}：{int((~known).sum())} 个定位点没有时间，已剔除")
    ok = np.isfinite(lon) & np.isfinite(lat) & (np.abs(lon) <= 180) & (np.abs(lat) <= 90)
    if not ok.all():
        notes.append(f"{raw.label}：{int((~ok).sum())} 个定位点坐标无效，已剔除")
        lon, lat, secs = lon[ok], lat[ok], secs[ok]
    order = np.argsort(secs, kind="stable")
    lon, lat, secs = lon[order], lat[order], secs[order]
    used = datum
    if datum == "auto":
        used, d_raw, d_shift = detect_datum(lon, lat, reference_tree, lat0)
        if used == "unknown":
            return [], [f"{raw.label}：轨迹离项目的道路和场所较远（中位 {d_raw:.0f} 米，按 GCJ-02 换算后 {d_shift:.0f} 米），"
                         "无法确定是 WGS-84 还是 GCJ-02（火星坐标）；未使用。请指明坐标系（--datum wgs84 或 gcj02）后重新导入"]
        if used == "gcj02":
            notes.append(f"{raw.label}：检测为 GCJ-02（火星坐标）：换算前离道路和场所中位 {d_raw:.0f} 米，换算后 "
                         f"{d_shift:.0f} 米；已换算为 CGCS2000")
    if used == "gcj02":
        lon, lat = gcj_to_wgs(lon, lat)
    keep = jump_mask(lon, lat, secs, lat0)
    dropped = int((~keep).sum())
    if dropped:
        notes.append(f"{raw.label}：{dropped} 个定位点与前后点相距过远（速度超过 {MAX_SPEED_MS * 3.6:.0f} 公里/小时，"
                     "如一秒跳动数公里），已剔除")
    lon, lat, secs = lon[keep], lat[keep], secs[keep]
    day_of = (secs // 86400).astype(np.int64)
    out = []
    for d in np.unique(day_of):
        sel = day_of == d
        day = date(1970, 1, 1) + timedelta(days=int(d))
        if days is not None and day not in days:
            notes.append(f"{raw.label}：{day:%Y-%m-%d} 的 {int(sel.sum())} 个定位点不在所选的日期或时段内；未使用")
            continue
        if sel.sum() < 2:
            notes.append(f"{raw.label}：{day:%Y-%m-%d} 只有 1 个定位点，不足以成为轨迹；未使用")
            continue
        out.append(Track(person_id, day, lon[sel], lat[sel], secs[sel], raw.file, used, dropped))
    return (thin(out, lat0, thin_m) if thin_m is not None else out), notes


def thin(tracks: list[Track], lat0: float, tolerance_m: float = THIN_TOLERANCE_M) -> list[Track]:
    """The tracks with the fixes dropped that their kept neighbours already say: a 1 Hz track walking straight or
    standing still repeats itself (300 members × a month of 1 Hz fixes would be gigabytes). Each kept fix keeps its
    time. A fix is dropped only where the track, played by time between the kept fixes around it, passes within
    a few metres of where that fix was at that time (a synchronised distance): so arrival, dwell and closest approach
    at a stop — and so the verification — come out as from every fix. Vectorised over all tracks: shapely's
    Douglas-Peucker simplify of (x, time) and of (y, time) in metres (local plane; one second = THIN_SPEED_MS
    metres, so a fix moving along its line by time stays within about the tolerance in x and in y), and a fix
    either keeps is kept. Times within a track increase strictly (`clean`), so a kept vertex is found again by its
    time."""
    tracks = [tr for tr in tracks if len(tr.secs)]
    dense = [k for k, tr in enumerate(tracks) if len(tr.secs) > 2 and np.median(np.diff(tr.secs)) < THIN_DENSER_THAN_S]
    if len(dense) < len(tracks):
        thinned = iter(thin([tracks[k] for k in dense], lat0, tolerance_m) if dense else [])
        wanted = set(dense)
        return [next(thinned) if k in wanted else dataclasses.replace(tr, fixes=tr.fixes or len(tr.secs))
                for k, tr in enumerate(tracks)]
    if not tracks:
        return tracks
    lens = np.array([len(tr.secs) for tr in tracks])
    which = np.repeat(np.arange(len(tracks)), lens)
    starts = np.cumsum(lens) - lens
    x, y = metres(np.concatenate([tr.lon for tr in tracks]), np.concatenate([tr.lat for tr in tracks]), lat0)
    rel = np.concatenate([tr.secs - tr.secs[0] for tr in tracks]).astype(np.int64)
    key = which * 10**9 + rel                          # increasing: tracks in order, times within each
    keep = np.zeros(len(rel), bool)
    keep[starts] = keep[starts + lens - 1] = True
    for axis in (x, y):
        lines = shapely.linestrings(np.column_stack([axis - axis[starts][which], rel * THIN_SPEED_MS]), indices=which)
        coords, index = shapely.get_coordinates(shapely.simplify(lines, tolerance_m, preserve_topology=False),
                                                return_index=True)
        kept_rel = np.rint(coords[:, 1] / THIN_SPEED_MS).astype(np.int64)
        keep[np.searchsorted(key, index * 10**9 + kept_rel)] = True
    out = []
    for k, tr in enumerate(tracks):
        sel = keep[starts[k]:starts[k] + lens[k]]
        out.append(Track(tr.person_id, tr.day, tr.lon[sel], tr.lat[sel], tr.secs[sel], tr.source_name, tr.datum,
                         tr.dropped, tr.track_id, tr.fixes or len(tr.secs)))
    return out


# --- matching ------------------------------------------------------------------------------------------------

@dataclass
class Stops:
    """Planned stops as arrays (one row per stop)."""
    stop_id: np.ndarray
    person_id: np.ndarray
    day: np.ndarray        # days since 1970 (int64)
    lon: np.ndarray
    lat: np.ndarray

    def __len__(self) -> int:
        return len(self.stop_id)


@dataclass
class Matches:
    """Per stop (aligned with Stops): closest approach of its member's track that day (m; NaN without a
    track), whether within tolerance, arrival (local seconds since 1970; -1 none), dwell (s), track index."""
    distance_m: np.ndarray
    verified: np.ndarray
    arrived: np.ndarray
    dwell_s: np.ndarray
    track: np.ndarray
    has_track: np.ndarray


def _ranges(lo: np.ndarray, hi: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """All i with lo[k] <= i < hi[k], and the k each came from (vectorised range expansion)."""
    counts = np.maximum(hi - lo, 0)
    total = int(counts.sum())
    which = np.repeat(np.arange(len(lo)), counts)
    starts = np.cumsum(counts) - counts
    return np.repeat(lo, counts) + (np.arange(total) - np.repeat(starts, counts)), which


def _distance(x, y, a, o, sx, sy) -> np.ndarray:
    """Distance from stop o to the segment a → a+1."""
    vx, vy = x[a + 1] - x[a], y[a + 1] - y[a]
    L2 = vx * vx + vy * vy
    u = np.clip(np.where(L2 > 0, ((sx[o] - x[a]) * vx + (sy[o] - y[a]) * vy) / np.where(L2 > 0, L2, 1), 0), 0, 1)
    return np.hypot(x[a] + u * vx - sx[o], y[a] + u * vy - sy[o])


def _segment(x, y, t, a, o, sx, sy, tolerance_m):
    """Distance from stop o to the segment a → a+1 (the member moving along it by time), when the segment enters
    the tolerance (local seconds) and how long it stays within it (s; 0 when it never comes within)."""
    px, py = sx[o], sy[o]
    vx, vy = x[a + 1] - x[a], y[a + 1] - y[a]
    L2 = vx * vx + vy * vy
    safe = np.where(L2 > 0, L2, 1)
    along = np.where(L2 > 0, ((px - x[a]) * vx + (py - y[a]) * vy) / safe, 0)
    u = np.clip(along, 0, 1)
    dist = np.hypot(x[a] + u * vx - px, y[a] + u * vy - py)
    line = np.hypot(x[a] + along * vx - px, y[a] + along * vy - py)        # to the segment's line
    half = np.sqrt(np.maximum(tolerance_m ** 2 - line ** 2, 0)) / np.sqrt(safe)
    u0 = np.where(L2 > 0, np.clip(along - half, 0, 1), 0)
    u1 = np.where(L2 > 0, np.clip(along + half, 0, 1), 1)
    dt = t[a + 1] - t[a]
    tin = np.floor(t[a] + u0 * dt).astype(np.int64)
    within = np.where(dist <= tolerance_m, (u1 - u0) * dt, 0.0)
    return dist, tin, within


def match(stops: Stops, tracks: list[Track], tolerance_m: float = DEFAULT_TOLERANCE_M) -> Matches:
    """Each stop against its member's tracks of its day, vectorised over all of them: the fixes are binned into
    cells of the search radius keyed by (member-day, cell), sorted once, and each stop looks up its member-day's
    nine cells around it by binary search; the segments at those fixes give the closest approach, the entry time
    (arrival) and the time within the tolerance (dwell)."""
    n = len(stops)
    out = Matches(np.full(n, np.nan), np.zeros(n, bool), np.full(n, -1, np.int64), np.zeros(n),
                  np.full(n, -1, np.int64), np.zeros(n, bool))
    if not n or not tracks:
        return out
    lat0 = float(np.nanmean(stops.lat))
    epoch = date(1970, 1, 1)
    # member-days: a dense number per (person, day); the tracks' fixes concatenated in that order
    order_tr = sorted(range(len(tracks)), key=lambda k: (tracks[k].person_id, tracks[k].day))
    gkeys = np.array(sorted({tracks[k].person_id * 100_000 + (tracks[k].day - epoch).days for k in order_tr}),
                     np.int64)
    parts = [tracks[k] for k in order_tr]
    lens = np.array([len(tr.secs) for tr in parts])
    lon = np.concatenate([tr.lon for tr in parts])
    lat = np.concatenate([tr.lat for tr in parts])
    t = np.concatenate([tr.secs for tr in parts]).astype(np.int64)
    g = np.repeat(np.searchsorted(gkeys, [tr.person_id * 100_000 + (tr.day - epoch).days for tr in parts]), lens)
    nxt = np.ones(len(t), bool)
    nxt[np.cumsum(lens) - 1] = False               # the last fix of a track starts no segment
    x, y = metres(lon, lat, lat0)
    sx, sy = metres(stops.lon, stops.lat, lat0)
    sg_key = stops.person_id.astype(np.int64) * 100_000 + stops.day
    sg = np.searchsorted(gkeys, sg_key)
    found = (sg < len(gkeys)) & (gkeys[np.minimum(sg, len(gkeys) - 1)] == sg_key)
    out.has_track[:] = found
    # search radius: the tolerance and half the longest usual step, so a segment passing by is not missed
    seglen = np.hypot(np.diff(x, append=x[-1]), np.diff(y, append=y[-1]))
    seglen[~nxt] = 0.0                               # length of the segment starting at each fix (0 at a track's end)
    sample = seglen[::7]                             # a sample is enough for the usual longest step
    radius = tolerance_m + (float(np.percentile(sample, 99.5)) / 2 + 1 if len(sample) else 0)
    cx0, cy0 = float(min(x.min(), sx.min())), float(min(y.min(), sy.min()))
    cx = ((x - cx0) // radius).astype(np.int64)
    cy = ((y - cy0) // radius).astype(np.int64)
    ny = int(max(cy.max(), ((sy - cy0) // radius).max())) + 3
    nx = int(max(cx.max(), ((sx - cx0) // radius).max())) + 3
    key = (g * nx + cx + 1) * ny + cy + 1
    # runs of consecutive fixes in one cell (a walk stays tens of fixes in a cell, a stand hundreds): sorting the
    # runs rather than the fixes is several times less work
    run_first = np.r_[True, key[1:] != key[:-1]]
    starts = np.flatnonzero(run_first)
    run_len = np.diff(np.r_[starts, len(key)])
    order = np.argsort(key[starts])
    skey = key[starts][order]
    run_start, run_len = starts[order], run_len[order]
    closest = np.full(n, np.inf)
    big = np.iinfo(np.int64).max
    first = np.full(n, big)
    # a segment whose nearer end may lie outside the nine cells while it passes within the tolerance
    long_seg = seglen > 2 * (radius - tolerance_m) - 1

    def _through(seg, so) -> None:
        dseg, tin, within = _segment(x, y, t, seg, so, sx, sy, tolerance_m)
        np.minimum.at(closest, so, dseg)
        ok = dseg <= tolerance_m
        np.minimum.at(first, so[ok], tin[ok])
        out.dwell_s += np.bincount(so[ok], weights=within[ok], minlength=n)
    q_all = np.flatnonzero(found)
    for c0 in range(0, len(q_all), CHUNK_STOPS):     # memory: a stop standing 40 min has ~500 fixes near it
        q = q_all[c0:c0 + CHUNK_STOPS]
        qcx = ((sx[q] - cx0) // radius).astype(np.int64) + 1
        qcy = ((sy[q] - cy0) // radius).astype(np.int64) + 1
        cand, owner = [], []
        for dx in (-1, 0, 1):
            base = (sg[q] * nx + qcx + dx) * ny + qcy
            lo = np.searchsorted(skey, base - 1, "left")       # cells cy-1 … cy+1 are contiguous keys
            hi = np.searchsorted(skey, base + 1, "right")
            runs, which = _ranges(lo, hi)
            fixes, k = _ranges(run_start[runs], run_start[runs] + run_len[runs])
            cand.append(fixes)
            owner.append(q[which[k]])
        f, o = np.concatenate(cand), np.concatenate(owner)
        d = np.hypot(x[f] - sx[o], y[f] - sy[o])
        np.minimum.at(closest, o, d)                 # a track's last fix starts no segment: its own distance
        is_start = (f == 0) | ~nxt[np.maximum(f - 1, 0)]
        start_in = is_start & (d <= tolerance_m)     # a track starting inside: arrived then
        np.minimum.at(first, o[start_in], t[f[start_in]])
        # the segments from and into those fixes (the long ones below), each once per stop: the member moving along
        # them by time gives the closest approach, the entry into the tolerance (arrival) and the time within it
        # (dwell) — measured on the segments, so a thinned track (`thin`) gives what its every fix gave
        # into a fix: only at the first fix of a run whose fix before lies outside the stop's nine cells (any
        # other fix before is a candidate too, and its segment forward is this one)
        into = ~is_start & run_first[f]
        before = f[into] - 1
        outside = ((np.abs(cx[before] + 1 - ((sx[o[into]] - cx0) // radius).astype(np.int64) - 1) > 1)
                   | (np.abs(cy[before] + 1 - ((sy[o[into]] - cy0) // radius).astype(np.int64) - 1) > 1))
        fwd = nxt[f]
        seg = np.concatenate([f[fwd], before[outside]])
        so = np.concatenate([o[fwd], o[into][outside]])
        dc = np.concatenate([d[fwd], d[into][outside]])          # the candidate end's distance
        # a segment can come within a distance only when its candidate end is within it and its length: those that
        # can reach the tolerance give arrival and dwell, those that can reach the radius the closest approach
        # (beyond it the stop is measured whole below)
        length = seglen[seg]
        short = ~long_seg[seg]
        reach = short & (dc <= tolerance_m + length)
        _through(seg[reach], so[reach])
        passing = short & ~reach & (dc <= radius + length)
        np.minimum.at(closest, so[passing], _distance(x, y, seg[passing], so[passing], sx, sy))
    # a segment longer than the cells see (a thinned straight road, a gap in the signal) against every stop of its
    # member-day: few segments, a dozen stops each
    lsegs = np.flatnonzero(long_seg)
    if len(lsegs) and len(q_all):
        by_g = q_all[np.argsort(sg[q_all], kind="stable")]
        lo = np.searchsorted(sg[by_g], g[lsegs], "left")
        hi = np.searchsorted(sg[by_g], g[lsegs], "right")
        pos, k = _ranges(lo, hi)
        _through(lsegs[k], by_g[pos])
    hit = first < big
    out.verified[:] = hit
    out.arrived[hit] = first[hit]
    # the track of the arrival: the last of the member-day's tracks starting at or before it
    if hit.any():
        starts = np.array([tr.secs[0] for tr in parts], np.int64)
        part_g = np.searchsorted(gkeys, [tr.person_id * 100_000 + (tr.day - epoch).days for tr in parts])
        by = np.lexsort((starts, part_g))
        comb = part_g[by].astype(np.int64) * 10**10 + starts[by]
        h = np.flatnonzero(hit)
        pos = np.searchsorted(comb, sg[h].astype(np.int64) * 10**10 + first[h], "right") - 1
        out.track[h] = np.array(order_tr)[by[np.maximum(pos, 0)]]
    # closest approach of the stops with no fix nearby (the nine cells hold every fix within the radius, not every
    # one beyond): brute force over their member-day's fixes and segments
    far = q_all[~(closest[q_all] <= radius)]
    if len(far):
        block_lo = np.searchsorted(g, sg[far], "left")
        block_hi = np.searchsorted(g, sg[far], "right")
        for k0 in range(0, len(far), 256):
            sl = slice(k0, k0 + 256)
            idx, which = _ranges(block_lo[sl], block_hi[sl])
            d = np.hypot(x[idx] - sx[far[sl]][which], y[idx] - sy[far[sl]][which])
            best = np.full(len(far[sl]), np.inf)
            np.minimum.at(best, which, d)
            # and the segments between them (a thinned track's are long), measured only where one can come nearer
            # than the nearest fix: every point of a segment lies within half its length of one of its ends
            pos = np.flatnonzero(nxt[idx])           # a segment's next fix is the next position (same block)
            half = seglen[idx[pos]] / 2
            near = np.minimum(d[pos], d[pos + 1]) - half < best[which[pos]]
            pos = pos[near]
            np.minimum.at(best, which[pos], _distance(x, y, idx[pos], far[sl][which[pos]], sx, sy))
            closest[far[sl]] = best
    out.distance_m[:] = np.where(np.isfinite(closest), closest, np.nan)
    return out


@dataclass
class PhotoMatch:
    stop_index: int | None     # into Stops
    distance_m: float | None


def match_photos(stops: Stops, person_ids, days, lon, lat, tolerance_m: float = DEFAULT_TOLERANCE_M
                 ) -> list[PhotoMatch]:
    """Each photo (its member, local day since 1970, position) → the nearest of its member's stops of that day
    within the tolerance, else None."""
    out = []
    lat0 = float(np.nanmean(stops.lat)) if len(stops) else 30.0
    sx, sy = metres(stops.lon, stops.lat, lat0)
    for p, d, x0, y0 in zip(person_ids, days, lon, lat, strict=True):
        cand = np.flatnonzero((stops.person_id == p) & (stops.day == d))
        if not len(cand):
            out.append(PhotoMatch(None, None))
            continue
        px, py = metres(np.array([x0]), np.array([y0]), lat0)
        dist = np.hypot(sx[cand] - px[0], sy[cand] - py[0])
        best = int(np.argmin(dist))
        out.append(PhotoMatch(int(cand[best]), float(dist[best])) if dist[best] <= tolerance_m
                   else PhotoMatch(None, float(dist[best])))
    return out


def status_of(verified: np.ndarray, has_track: np.ndarray, has_result: np.ndarray) -> np.ndarray:
    """verified > missed (a track of the day that never came near) > unverified (a result, no evidence) > planned."""
    return np.where(verified, "verified", np.where(has_track, "missed", np.where(has_result, "unverified", "planned")))


# --- database ------------------------------------------------------------------------------------------------

@dataclass
class VerifyResult:
    tracks: int = 0
    photos: int = 0
    checked: int = 0
    verified: int = 0
    missed: int = 0
    unverified: int = 0
    notes: list[str] = field(default_factory=list)
    stop_ids: list[int] = field(default_factory=list)


def tolerance_of(s, given: float | None = None) -> float:
    from gis.repo import get_setting

    value = given if given is not None else get_setting(s, TOLERANCE_SETTING, DEFAULT_TOLERANCE_M)
    try:
        value = float(value)
    except (TypeError, ValueError):
        value = DEFAULT_TOLERANCE_M
    from gis.errors import ValidationError
    if not 1 <= value <= 1000:
        raise ValidationError(f"核实距离应在 1 到 1000 米之间，而不是 {value:g} 米",
                              en=f"The check distance must be between 1 and 1000 metres, not {value:g} metres")
    return value


def _stops_sql(period_start: date, period_end: date, person_ids=None, assignment_id: int | None = None):
    from sqlalchemy import select

    from gis.model import PatrolAssignment, PatrolStop, Site
    q = (select(PatrolStop.id, PatrolStop.assignment_id, PatrolStop.seq, PatrolAssignment.person_id,
                PatrolAssignment.planned_on, Site.geom, Site.name, PatrolStop.visited_at, PatrolStop.result)
         .join(PatrolAssignment, PatrolAssignment.id == PatrolStop.assignment_id)
         .join(Site, Site.id == PatrolStop.site_id)
         .where(PatrolAssignment.kind != "line", PatrolAssignment.status != "cancelled")
         .order_by(PatrolAssignment.planned_on, PatrolStop.assignment_id, PatrolStop.seq))
    if assignment_id is not None:
        q = q.where(PatrolAssignment.id == assignment_id)
    else:
        q = q.where(PatrolAssignment.planned_on >= period_start, PatrolAssignment.planned_on <= period_end)
    if person_ids is not None:
        q = q.where(PatrolAssignment.person_id.in_(list(person_ids)))
    return q


@dataclass
class StopRows:
    stops: Stops
    assignment_id: np.ndarray
    seq: np.ndarray
    site_name: list[str]
    has_result: np.ndarray


def load_stops(s, period_start: date, period_end: date, person_ids=None, assignment_id: int | None = None
               ) -> StopRows:
    rows = s.execute(_stops_sql(period_start, period_end, person_ids, assignment_id)).all()
    geoms = np.array([r[5] for r in rows], dtype=object)   # the ORM's column type gives shapely geometries
    xy = shapely.get_coordinates(geoms) if len(rows) else np.zeros((0, 2))
    epoch = date(1970, 1, 1)
    return StopRows(
        Stops(np.array([r[0] for r in rows], np.int64), np.array([r[3] for r in rows], np.int64),
              np.array([(r[4] - epoch).days for r in rows], np.int64), xy[:, 0].copy(), xy[:, 1].copy()),
        np.array([r[1] for r in rows], np.int64), np.array([r[2] for r in rows], np.int64),
        [r[6] or "" for r in rows], np.array([r[7] is not None or r[8] is not None for r in rows], bool))


def _stored_tracks(s, keys: set[tuple[int, date]]) -> list[Track]:
    from sqlalchemy import select

    from gis.model import PatrolTrack
    if not keys:
        return []
    people = {p for p, _ in keys}
    days = {d for _, d in keys}
    rows = s.execute(select(PatrolTrack.id, PatrolTrack.person_id, PatrolTrack.day, PatrolTrack.started_at,
                            PatrolTrack.times, PatrolTrack.geom, PatrolTrack.source_name, PatrolTrack.datum,
                            PatrolTrack.dropped)
                     .where(PatrolTrack.person_id.in_(people), PatrolTrack.day.in_(days))).all()
    out = []
    for tid, person, day, started, times, geom, name, datum, dropped in rows:
        if (person, day) not in keys or geom is None:
            continue
        xy = shapely.get_coordinates(geom)
        secs = _secs(started) + np.frombuffer(times, "<u4").astype(np.int64)
        out.append(Track(person, day, xy[:, 0].copy(), xy[:, 1].copy(), secs, name, datum, dropped, tid))
    return out


def _reference_tree(project) -> shapely.STRtree | None:
    """Roads and sites: what a patrol track runs along and stops at (for telling GCJ-02 tracks)."""
    from gis.layers import load_layer
    geoms = [load_layer(project, name).geoms for name in ("roads", "sites")]
    geoms = np.concatenate(geoms)
    return shapely.STRtree(geoms) if len(geoms) else None


def verify(project, evidence, *, period_start: date, period_end: date, person_id: int | None = None,
           assignment_id: int | None = None, person_of=None, tolerance_m: float | None = None,
           datum: str = "auto", operator: str | None = None, now: datetime | None = None) -> VerifyResult:
    """Store the tracks and photos of `evidence` (gis.io.read_tracks.Evidence) for their members and days in the
    period (or the one assignment), and recompute the checks of every stop of the member-days touched; one
    transaction. The member of a file is `person_id`, else the assignment's, else `person_of(file name)` (the
    caller's rule, e.g. the name in the file name; None = unknown: the file is noted, not used)."""
    from sqlalchemy import delete, select

    from gis.errors import ValidationError
    from gis.model import PatrolAssignment, PatrolEvidence, PatrolStopCheck, PatrolTrack

    if datum not in DATUMS:
        raise ValidationError(f"坐标系应为 {'、'.join(DATUMS)} 之一，而不是 {datum}",
                              en=f"The coordinate system must be one of {', '.join(DATUMS)}, not {datum}")
    now = now or datetime.now().replace(microsecond=0)
    result = VerifyResult(notes=list(evidence.notes))
    with project.session() as s:
        tolerance = tolerance_of(s, tolerance_m)
        if assignment_id is not None:
            a = s.get(PatrolAssignment, assignment_id)
            if a is None or a.kind == "line":
                raise ValidationError(f"没有编号为 {assignment_id} 的巡查任务（有巡查站点的任务）",
                                      en="There is no patrol assignment (one with patrol stops) with number "
                                         f"{assignment_id}")
            person_id, period_start, period_end = a.person_id, a.planned_on, a.planned_on
    days = {period_start + timedelta(n) for n in range((period_end - period_start).days + 1)}
    ref = _reference_tree(project) if datum == "auto" and evidence.tracks else None
    lat0 = 30.0
    with project.session() as s:
        probe = load_stops(s, period_start, period_end, None, assignment_id)
        if len(probe.stops):
            lat0 = float(np.nanmean(probe.stops.lat))
    # tracks → clean member-day tracks
    new_tracks: list[Track] = []
    for raw in evidence.tracks:
        pid = person_id if person_id is not None else (person_of(raw.file) if person_of else None)
        if pid is None:
            result.notes.append(f"{raw.label}：无法确定是哪位网格员的轨迹（请指定人员，或在文件名或文件夹名中写明姓名）；未使用")
            continue
        got, notes = clean(raw, pid, datum, ref, lat0, days)
        new_tracks.extend(got)
        result.notes.extend(notes)
    # photos: who and which day; position and time are required
    photos = []
    for ph in evidence.photos:
        pid = person_id if person_id is not None else (person_of(ph.file) if person_of else None)
        if ph.lon is None or ph.lat is None:
            result.notes.append(f"{ph.file}：照片没有 GPS 位置信息（拍摄时未开启定位），无法对应到站点；未导入")
        elif ph.taken_at is None:
            result.notes.append(f"{ph.file}：照片没有拍摄时间，无法核实是否在巡查当天拍摄；未导入")
        elif pid is None:
            result.notes.append(f"{ph.file}：无法确定是哪位网格员的照片（请指定人员，或在文件名或文件夹名中写明姓名）；未导入")
        elif ph.taken_at.date() not in days:
            result.notes.append(f"{ph.file}：拍摄于 {ph.taken_at:%Y-%m-%d}，不在所选的日期或时段内；未导入")
        else:
            lon, lat = ph.lon, ph.lat
            if datum == "gcj02":
                from gis.geo.webcoords import gcj_to_wgs
                lon, lat = (float(v) for v in gcj_to_wgs(np.array([lon]), np.array([lat])))
            photos.append((ph, pid, lon, lat))
    keys = {(t.person_id, t.day) for t in new_tracks} | {(pid, ph.taken_at.date()) for ph, pid, _, _ in photos}

    def unit(s):
        # store the new tracks (a file imported again for the same member-day replaces its track)
        for tr in new_tracks:
            s.execute(delete(PatrolTrack).where(PatrolTrack.person_id == tr.person_id, PatrolTrack.day == tr.day,
                                                PatrolTrack.source_name == tr.source_name))
        s.flush()
        for tr in new_tracks:
            row = PatrolTrack(person_id=tr.person_id, day=tr.day, assignment_id=assignment_id,
                              source_name=tr.source_name[:260], datum=tr.datum, started_at=tr.started_at,
                              ended_at=tr.ended_at, fixes=tr.fixes or len(tr.secs), dropped=tr.dropped,
                              times=(tr.secs - tr.secs[0]).astype("<u4").tobytes(), imported_at=now,
                              imported_by=operator, geom=shapely.linestrings(np.column_stack([tr.lon, tr.lat])))
            s.add(row)
        s.flush()
        people = {p for p, _ in keys}
        rows = load_stops(s, period_start, period_end, people, assignment_id) if keys else None
        if rows is None or not len(rows.stops):
            if keys:
                result.notes.append("所导入轨迹和照片的人员在所选日期或时段内没有巡查任务，没有可核实的站点")
            result.tracks = len(new_tracks)
            return result
        mine = np.array([(int(p), date(1970, 1, 1) + timedelta(days=int(d))) in keys
                         for p, d in zip(rows.stops.person_id, rows.stops.day, strict=True)], bool)
        stops = Stops(*(a[mine] for a in (rows.stops.stop_id, rows.stops.person_id, rows.stops.day,
                                          rows.stops.lon, rows.stops.lat)))
        has_result = rows.has_result[mine]
        tracks = _stored_tracks(s, keys)
        m = match(stops, tracks, tolerance)
        # photos: stored once (by content), attached to the nearest stop within the tolerance
        epoch = date(1970, 1, 1)
        pm = match_photos(stops, [p for _, p, _, _ in photos], [(ph.taken_at.date() - epoch).days for ph, *_ in photos],
                          [x for *_, x, _ in photos], [y for *_, y in photos], tolerance)
        photo_for = defaultdict(list)
        for (ph, pid, lon, lat), hit in zip(photos, pm, strict=True):
            if hit.stop_index is None:
                far = f"（最近的站点 {hit.distance_m:.0f} 米）" if hit.distance_m is not None else "（当天没有该人员的站点）"
                result.notes.append(f"{ph.file}：拍摄位置不在当天任何站点 {tolerance:g} 米以内{far}；未导入")
                continue
            digest = hashlib.sha256(ph.data).hexdigest()
            stop_id = int(stops.stop_id[hit.stop_index])
            old = s.scalars(select(PatrolEvidence).where(PatrolEvidence.sha256 == digest)).first()
            if old is not None:
                old.stop_id, old.distance_m = stop_id, hit.distance_m
                result.notes.append(f"{ph.file}：这张照片已导入过，已更新它对应的站点")
            else:
                s.add(PatrolEvidence(stop_id=stop_id, person_id=pid, day=ph.taken_at.date(), filename=ph.file[:260],
                                     mime=ph.mime, taken_at=ph.taken_at, distance_m=round(hit.distance_m, 1),
                                     sha256=digest, data=ph.data, imported_at=now, imported_by=operator,
                                     geom=shapely.Point(lon, lat)))
                result.photos += 1
            photo_for[hit.stop_index].append(ph.taken_at)
        # photos stored before for these stops count as evidence too
        stored = dict(s.execute(select(PatrolEvidence.stop_id, PatrolEvidence.taken_at)
                                .where(PatrolEvidence.stop_id.in_([int(i) for i in stops.stop_id]))).all())
        index_of = {int(sid): k for k, sid in enumerate(stops.stop_id)}
        for sid, taken in stored.items():
            photo_for[index_of[sid]].append(taken)
        by_photo = np.zeros(len(stops), bool)
        by_photo[list(photo_for)] = True
        status = status_of(m.verified | by_photo, m.has_track, has_result)
        ids = [int(i) for i in stops.stop_id]
        s.execute(delete(PatrolStopCheck).where(PatrolStopCheck.stop_id.in_(ids)))
        track_ids = [t.track_id for t in tracks]
        for k, sid in enumerate(ids):
            if status[k] == "planned":
                continue
            arrived = _dt(m.arrived[k]) if m.arrived[k] >= 0 else (min(photo_for[k]) if k in photo_for else None)
            s.add(PatrolStopCheck(stop_id=sid, status=str(status[k]), arrived_at=arrived,
                                  dwell_s=float(m.dwell_s[k]) if m.verified[k] else None,
                                  distance_m=None if np.isnan(m.distance_m[k]) else round(float(m.distance_m[k]), 1),
                                  track_id=track_ids[m.track[k]] if m.track[k] >= 0 else None,
                                  tolerance_m=tolerance, checked_at=now))
        result.tracks = len(new_tracks)
        result.checked = len(ids)
        result.stop_ids = ids
        for st in ("verified", "missed", "unverified"):
            setattr(result, st, int((status == st).sum()))
        return result

    return project.write(unit)


def attach_photo(s, stop_id: int, data: bytes, filename: str, *, taken_at: datetime | None = None,
                 lon: float | None = None, lat: float | None = None, person_id: int | None = None,
                 operator: str | None = None, now: datetime | None = None) -> int:
    """Attach a photo to a patrol stop by hand (result entry), in the caller's transaction `s`; returns the
    evidence id. The same image (by content) is stored once: attaching it again moves it to this stop. The
    stop's check is not changed here: a photo attached by hand is not located evidence unless it carries a
    position (then `verify` counts it the next time the stop is checked)."""
    from sqlalchemy import select

    from gis.errors import ValidationError
    from gis.model import PatrolAssignment, PatrolEvidence, PatrolStop
    stop = s.get(PatrolStop, stop_id)
    if stop is None:
        raise ValidationError(f"没有编号为 {stop_id} 的巡查站点",
                              en=f"There is no patrol stop with number {stop_id}")
    if not data.startswith(b"\xff\xd8"):
        raise ValidationError(f"{filename} 不是 JPEG 照片",
                              en=f"{filename} is not a JPEG photo")
    digest = hashlib.sha256(data).hexdigest()
    row = s.scalars(select(PatrolEvidence).where(PatrolEvidence.sha256 == digest)).first()
    if row is None:
        a = s.get(PatrolAssignment, stop.assignment_id)
        row = PatrolEvidence(person_id=person_id if person_id is not None else a.person_id,
                             day=taken_at.date() if taken_at else a.planned_on, filename=filename[:260],
                             mime="image/jpeg", taken_at=taken_at, sha256=digest, data=data,
                             imported_at=now or datetime.now().replace(microsecond=0), imported_by=operator,
                             geom=shapely.Point(lon, lat) if lon is not None and lat is not None else None)
        s.add(row)
    row.stop_id = stop_id
    s.flush()
    return row.id


# --- reading the outcome -------------------------------------------------------------------------------------

def stop_statuses(s, period_start: date | None, period_end: date | None, *, person_ids=None, assignment_ids=None,
                  assignment_id: int | None = None) -> list[dict]:
    """Every planned stop of the period (grid and ranger rounds; cancelled ones left out) with its status:
    {assignment_id, stop_id, stop_seq, site_name, person_id, planned_on, status, status_zh, verified,
    distance_m, arrived_at, dwell_s, evidence (photo ids)}."""
    from sqlalchemy import select

    from gis.model import PatrolEvidence, PatrolStopCheck
    rows = load_stops(s, period_start, period_end, person_ids, assignment_id)
    if assignment_ids is not None:
        keep = np.isin(rows.assignment_id, list(assignment_ids))
    else:
        keep = np.ones(len(rows.stops), bool)
    ids = [int(i) for i in rows.stops.stop_id[keep]]
    checks, photos = {}, defaultdict(list)
    for k in range(0, len(ids), 20_000):
        part = ids[k:k + 20_000]
        for c in s.scalars(select(PatrolStopCheck).where(PatrolStopCheck.stop_id.in_(part))):
            checks[c.stop_id] = c
        for eid, sid in s.execute(select(PatrolEvidence.id, PatrolEvidence.stop_id)
                                  .where(PatrolEvidence.stop_id.in_(part)).order_by(PatrolEvidence.id)):
            photos[sid].append(eid)
    out = []
    epoch = date(1970, 1, 1)
    for k in np.flatnonzero(keep):
        sid = int(rows.stops.stop_id[k])
        c = checks.get(sid)
        status = c.status if c is not None else ("unverified" if rows.has_result[k] else "planned")
        out.append({"assignment_id": int(rows.assignment_id[k]), "stop_id": sid, "stop_seq": int(rows.seq[k]),
                    "site_name": rows.site_name[k], "person_id": int(rows.stops.person_id[k]),
                    "planned_on": epoch + timedelta(days=int(rows.stops.day[k])), "status": status,
                    "status_zh": STATUS_ZH[status], "verified": status == "verified",
                    "distance_m": c.distance_m if c is not None else None,
                    "arrived_at": c.arrived_at if c is not None else None,
                    "dwell_s": c.dwell_s if c is not None else None, "evidence": photos.get(sid, [])})
    return out


def assignment_counts(s, assignment_ids) -> dict[int, dict[str, int]]:
    """assignment id → {planned (every stop), verified, unverified, missed} for the assignment list: a stop with a
    check row has its status; one without is unverified when a result was recorded, else only planned."""
    from sqlalchemy import case, func, literal, select

    from gis.model import PatrolStop, PatrolStopCheck
    from gis.patrols.queries import _id_in
    ids = [int(i) for i in assignment_ids]
    out = {i: {"planned": 0, "verified": 0, "unverified": 0, "missed": 0} for i in ids}
    if not ids:
        return out
    done = (PatrolStop.visited_at.is_not(None)) | (PatrolStop.result.is_not(None))
    status = func.coalesce(PatrolStopCheck.status, case((done, literal("unverified")), else_=literal("planned")))
    for k in range(0, len(ids), 20_000):
        q = (select(PatrolStop.assignment_id, status, func.count())
             .outerjoin(PatrolStopCheck, PatrolStopCheck.stop_id == PatrolStop.id)
             .where(_id_in("patrol_stop.assignment_id", ids[k:k + 20_000])).group_by(PatrolStop.assignment_id, status))
        for aid, st, n in s.execute(q):
            out[aid]["planned"] += n
            if st != "planned":
                out[aid][st] += n
    return out
