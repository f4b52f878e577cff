"""A point typed as coordinates: CGCS2000 longitude/latitude (decimal degrees or 度分秒) or CGCS2000 3° Gauss-Krüger
X (northing) / Y (easting, with or without the zone number in front), to storage lon/lat. Bad input is refused in
Chinese naming the field."""
from __future__ import annotations

import re

import shapely

from gis.errors import ValidationError
from gis.geo.crs import STORAGE, gk3_epsg, transformer

LONLAT, GK3 = "lonlat", "gk3"
_DMS = re.compile(r"^\s*(-?\d+(?:\.\d+)?)\s*[°度]\s*(?:(\d+(?:\.\d+)?)\s*['′分])?\s*(?:(\d+(?:\.\d+)?)\s*(?:\"|″|''|秒))?\s*$")
_FIELD_EN = {"经度": "Longitude", "纬度": "Latitude", "X（北坐标）": "X (northing)", "Y（东坐标）": "Y (easting)"}


def _number(text: str, field: str) -> float:
    text = (text or "").strip().replace("，", ".").replace(",", "")
    m = _DMS.match(text)
    if m:
        d, mi, se = (float(g) if g else 0.0 for g in m.groups())
        if mi >= 60 or se >= 60:
            raise ValidationError(f"{field}“{text}”的分、秒应小于 60",
                                  en=f"{_FIELD_EN.get(field, field)} \"{text}\": minutes and seconds must be less "
                                     "than 60")
        return (abs(d) + mi / 60 + se / 3600) * (-1 if d < 0 else 1)
    try:
        return float(text)
    except ValueError:
        raise ValidationError(f"{field}“{text}”不是数字（可写 113.3075 或 113°18′27″）",
                              en=f"{_FIELD_EN.get(field, field)} \"{text}\" is not a number (write 113.3075 or "
                                 "113°18′27″)") from None


def point_from(a: str, b: str, system: str = LONLAT, near_lon: float = 114.0) -> shapely.Point:
    """The storage point of coordinates typed in `system`: LONLAT (a = 经度, b = 纬度) or GK3 (a = X 北坐标, b = Y
    东坐标, metres; a Y of 8 digits carries the zone number, a Y of 6 digits is in the zone of `near_lon`)."""
    if system == LONLAT:
        lon, lat = _number(a, "经度"), _number(b, "纬度")
        if not 73 <= lon <= 136:
            raise ValidationError(f"经度 {lon:g} 不在中国范围内（73°–136°）",
                                  en=f"Longitude {lon:g} is outside China (73°–136°)")
        if not 3 <= lat <= 54:
            raise ValidationError(f"纬度 {lat:g} 不在中国范围内（3°–54°）",
                                  en=f"Latitude {lat:g} is outside China (3°–54°)")
        return shapely.Point(lon, lat)
    if system != GK3:
        raise ValueError(system)
    x, y = _number(a, "X（北坐标）"), _number(b, "Y（东坐标）")
    if not 300_000 <= x <= 6_100_000:
        raise ValidationError(f"X（北坐标）{x:.2f} 不在中国范围内：X 是到赤道的距离（米），应为 7 位数",
                              en=f"X (northing) {x:.2f} is outside China: X is the distance to the equator in metres "
                                 "and has 7 digits")
    if y >= 1_000_000:
        zone = int(y // 1_000_000)
        if not 25 <= zone <= 45:
            raise ValidationError(f"Y（东坐标）{y:.2f} 的带号 {zone} 不是 3 度带带号（25–45）",
                                  en=f"Y (easting) {y:.2f}: zone number {zone} is not a 3-degree zone number (25–45)")
        epsg = 4513 + zone - 25
    elif 100_000 <= y < 900_000:
        epsg = gk3_epsg(near_lon)
    else:
        raise ValidationError(f"Y（东坐标）{y:.2f} 不对：应为 6 位数（不带带号）或 8 位数（前 2 位为带号）",
                              en=f"Y (easting) {y:.2f} is wrong: it should have 6 digits (without the zone number) "
                                 "or 8 (the first 2 being the zone number)")
    lon, lat = transformer(f"EPSG:{epsg}", STORAGE).transform(y, x)
    return shapely.Point(float(lon), float(lat))
