"""Which coordinate system a file's numbers are in: normalise what the user or the file says, and
propose one from the coordinate ranges when the file says nothing (the user confirms it).

CGCS2000 Gauss-Krüger zones: 6° zones 13–23 with the zone number in the easting are EPSG:4491–4501,
without it 4502–4512 (CM 75E–135E); 3° zones 25–45 with the number are 4513–4533, without 4534–4554.
"""
from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from pyproj import CRS
from pyproj.exceptions import CRSError

from gis.geo.crs import DEFAULT_PROJECTED, gk3_epsg, transformer

CHINA_BOX = (73.0, 3.0, 136.0, 54.0)  # lon/lat, generous: the mainland and the South China Sea islands
GEOGRAPHIC_SAME_AS_STORAGE = {4490, 4326, 4610, 4214}  # within a metre or treated so (WGS84 ≈ CGCS2000)
MERCATOR_LIMIT = 20037508.35


@dataclass(frozen=True)
class Proposal:
    crs: str  # "EPSG:4526"
    reason: str  # Chinese: why the numbers look like this system
    alternatives: tuple[str, ...] = ()
    reason_en: str = ""   # the same in English (the English window)

    def why(self, lang: str = "zh") -> str:
        return self.reason_en if lang == "en" and self.reason_en else self.reason


def normalize(text: str) -> str:
    """'4526', 'epsg:4526', WKT or PROJ text → 'EPSG:4526' (or WKT when it has no code)."""
    s = str(text).strip()
    if s.isdigit():
        s = f"EPSG:{s}"
    try:
        crs = CRS.from_user_input(s)
    except CRSError as e:
        raise ValueError(f"无法识别的坐标系：{text}") from e
    code = crs.to_epsg(min_confidence=90)
    return f"EPSG:{code}" if code else crs.to_wkt()


def epsg_code(crs: str) -> int | None:
    return int(crs.split(":")[1]) if crs.upper().startswith("EPSG:") else CRS.from_user_input(crs).to_epsg()


def is_storage_equivalent(crs: str) -> bool:
    return epsg_code(crs) in GEOGRAPHIC_SAME_AS_STORAGE


def describe(crs: str, lang: str = "zh") -> str:
    """A short description, e.g. 'CGCS2000 3度带高斯-克吕格 第38带（横坐标含带号）EPSG:4526' (English with
    lang "en": 'CGCS2000 3° Gauss-Krüger zone 38 (easting with zone number) EPSG:4526')."""
    code = epsg_code(crs)
    en = lang == "en"
    if code in (4490,):
        return "CGCS2000 longitude/latitude (EPSG:4490)" if en else "CGCS2000 经纬度（EPSG:4490）"
    if code == 4326:
        return "WGS84 longitude/latitude (EPSG:4326)" if en else "WGS84 经纬度（EPSG:4326）"
    if code == 3857:
        return "Web Mercator (EPSG:3857)" if en else "Web 墨卡托（EPSG:3857）"
    for first, last, width, zone0, cm0, with_zone in ((4491, 4501, 6, 13, None, True), (4502, 4512, 6, None, 75, False),
                                                      (4513, 4533, 3, 25, None, True), (4534, 4554, 3, None, 75, False)):
        if code and first <= code <= last:
            k = code - first
            if with_zone:
                return (f"CGCS2000 {width}° Gauss-Krüger zone {zone0 + k} (easting with zone number) EPSG:{code}" if en
                        else f"CGCS2000 {width}度带高斯-克吕格 第{zone0 + k}带（横坐标含带号）EPSG:{code}")
            cm = cm0 + k * width
            return (f"CGCS2000 {width}° Gauss-Krüger CM {cm}°E (easting without zone number) EPSG:{code}" if en
                    else f"CGCS2000 {width}度带高斯-克吕格 中央经线{cm}°E（横坐标不含带号）EPSG:{code}")
    name = CRS.from_user_input(crs).name
    return (f"{name} (EPSG:{code})" if en else f"{name}（EPSG:{code}）") if code else name


def _lonlat_box(crs: str, bounds) -> tuple[float, float, float, float] | None:
    minx, miny, maxx, maxy = bounds
    try:
        xs, ys = transformer(crs, "EPSG:4490").transform(
            np.array([minx, maxx, minx, maxx]), np.array([miny, miny, maxy, maxy]))
    except Exception:  # noqa: BLE001 - pyproj raises several kinds for out-of-domain input
        return None
    if not (np.all(np.isfinite(xs)) and np.all(np.isfinite(ys))):
        return None
    return float(min(xs)), float(min(ys)), float(max(xs)), float(max(ys))


def lands_in_china(crs: str, bounds) -> bool:
    """Whether coordinates within `bounds`, read in `crs`, fall inside China."""
    return bounds is not None and inside_china(_lonlat_box(crs, bounds))


def inside_china(box) -> bool:
    return box is not None and box[0] >= CHINA_BOX[0] and box[2] <= CHINA_BOX[2] and \
        box[1] >= CHINA_BOX[1] and box[3] <= CHINA_BOX[3]


def _candidates(bounds, project_center) -> list[tuple[str, str, str]]:
    """(CRS, why in Chinese, why in English) for each system the numbers may be in, the likeliest first."""
    minx, miny, maxx, maxy = bounds
    out: list[tuple[str, str, str]] = []
    if -180 <= minx and maxx <= 180 and -90 <= miny and maxy <= 90:
        out.append(("EPSG:4490", "坐标是经纬度（度）", "the coordinates are longitude/latitude (degrees)"))
    zone_min, zone_max = int(minx // 1_000_000), int(maxx // 1_000_000)
    if zone_min == zone_max and 0 < miny and maxy < 6_500_000:
        zone = zone_min
        if 25 <= zone <= 45:
            out.append((f"EPSG:{4513 + zone - 25}", f"横坐标为8位数且以带号 {zone} 开头（3度带）",
                        f"the eastings have 8 digits and begin with zone number {zone} (3° zones)"))
        elif 13 <= zone <= 23:
            out.append((f"EPSG:{4491 + zone - 13}", f"横坐标为8位数且以带号 {zone} 开头（6度带）",
                        f"the eastings have 8 digits and begin with zone number {zone} (6° zones)"))
    if 100_000 < minx and maxx < 900_000 and 0 < miny and maxy < 6_500_000:
        lon = project_center[0] if project_center else None
        if lon is not None:
            out.append((f"EPSG:{gk3_epsg(lon)}", "横坐标为6位数（不含带号），按项目所在的3度带",
                        "the eastings have 6 digits (no zone number): the project's 3° zone"))
            cm6 = int(lon // 6) * 6 + 3
            if 75 <= cm6 <= 135:
                out.append((f"EPSG:{4502 + (cm6 - 75) // 6}", "横坐标为6位数（不含带号），按项目所在的6度带",
                            "the eastings have 6 digits (no zone number): the project's 6° zone"))
        else:
            out.append((DEFAULT_PROJECTED, "横坐标为6位数（不含带号），带号无法从坐标判断，暂按默认3度带",
                        "the eastings have 6 digits (no zone number) and the zone cannot be told from them: "
                        "the default 3° zone for now"))
    if max(abs(minx), abs(maxx), abs(miny), abs(maxy)) <= MERCATOR_LIMIT and maxx > 1000:
        out.append(("EPSG:3857", "坐标像 Web 墨卡托（米）", "the coordinates look like Web Mercator (metres)"))
    return out


def propose(bounds, project_extent=None) -> Proposal | None:
    """Propose a CRS for coordinates within `bounds` (minx, miny, maxx, maxy) of a file without one.

    Candidates whose result lies in China survive; with a project extent the nearest one wins.
    """
    if bounds is None or not np.all(np.isfinite(bounds)):
        return None
    center = None
    if project_extent is not None:
        center = ((project_extent[0] + project_extent[2]) / 2, (project_extent[1] + project_extent[3]) / 2)
    ranked = []
    for order, (crs, reason, reason_en) in enumerate(_candidates(bounds, center)):
        box = _lonlat_box(crs, bounds)
        if not inside_china(box):
            continue
        distance = 0.0
        if center is not None:
            distance = float(np.hypot((box[0] + box[2]) / 2 - center[0], (box[1] + box[3]) / 2 - center[1]))
        ranked.append((round(distance, 1), order, crs, reason, reason_en))
    if not ranked:
        return None
    ranked.sort()
    best = ranked[0]
    return Proposal(best[2], best[3], tuple(r[2] for r in ranked[1:]), best[4])


def supported() -> list[str]:
    """The coordinate systems a user can choose on import: CGCS2000 and WGS84 lon/lat, Web Mercator,
    and the CGCS2000 Gauss-Krüger 3° and 6° zones with and without the zone number in the easting."""
    return (["EPSG:4490", "EPSG:4326", "EPSG:3857"]
            + [f"EPSG:{c}" for c in range(4513, 4555)]   # 3° zones: 25–45 with number, CM 75–135 without
            + [f"EPSG:{c}" for c in range(4491, 4513)])  # 6° zones: 13–23 with number, CM 75–135 without
