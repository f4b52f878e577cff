"""Patrol routes for the phone: KML/KMZ (奥维互动地图, Google Earth), GPX, and an offline HTML map.

Each file holds one route sheet (gis.patrols.sheets.RouteSheet): the start point, the stops as
numbered points "1. 场所名称" with their details, and the route as a line along the roads.
Coordinates are CGCS2000 lon/lat, which phone apps take as WGS 84 (they differ by well under a metre).

The HTML map is the grid member's phone map and works with no internet: Leaflet's script and style come from
the installed package django-js-lib-leaflet and are written into the page with the data and
resources/phone_map/page.js; there is no basemap: the grid boundary, roads and other sites are vector layers
(gis.patrols.phone_map), the stops numbered HTML markers whose popup is the stop's checklist.
"""
from __future__ import annotations

import html
import importlib.resources
import json
import zipfile
from collections.abc import Callable
from pathlib import Path
from xml.etree import ElementTree as ET

from gis import vocab
from gis.atomic import atomic_path
from gis.paths import RESOURCES
from gis.patrols.sheets import RouteSheet, stop_code

KML_NS = "http://www.opengis.net/kml/2.2"
ROUTE_COLOR = "#d7191c"


def _coords(points) -> str:
    return " ".join(f"{x:.7f},{y:.7f},0" for x, y in points)


# --- KML / KMZ ------------------------------------------------------------------------------------

def kml_text(sheet: RouteSheet) -> str:
    ET.register_namespace("", KML_NS)

    def el(parent, tag, text=None, **attrs):
        e = ET.SubElement(parent, f"{{{KML_NS}}}{tag}", attrs)
        if text is not None:
            e.text = str(text)
        return e

    root = ET.Element(f"{{{KML_NS}}}kml")
    doc = el(root, "Document")
    el(doc, "name", sheet.title)
    length = f"；路线约 {sheet.length_m / 1000:.1f} 公里" if sheet.length_m else ""
    el(doc, "description", f"{sheet.period_zh}；网格 {sheet.grid_code}；网格员 {sheet.person} {sheet.phone}；"
                           f"{len(sheet.stops)} 处场所{length}")
    for sid, color, scale in (("stop", "ff1c19d7", "1.1"), ("start", "ff00a000", "1.2")):
        style = el(doc, "Style", id=sid)
        icon = el(style, "IconStyle")
        el(icon, "color", color)
        el(icon, "scale", scale)
        el(el(style, "LabelStyle"), "scale", "1.0")
    line_style = el(doc, "Style", id="route")
    ls = el(line_style, "LineStyle")
    el(ls, "color", "ff1c19d7")
    el(ls, "width", "4")

    route = el(doc, "Placemark")
    el(route, "name", "巡查路线")
    el(route, "styleUrl", "#route")
    line = el(route, "LineString")
    el(line, "tessellate", "1")
    el(line, "coordinates", _coords(sheet.route or [sheet.start, *[(p.lon, p.lat) for p in sheet.stops], sheet.start]))

    start = el(doc, "Placemark")
    el(start, "name", f"起点：{sheet.start_name}")
    el(start, "styleUrl", "#start")
    el(el(start, "Point"), "coordinates", _coords([sheet.start]))

    folder = el(doc, "Folder")
    el(folder, "name", "巡查场所")
    for stop in sheet.stops:
        pm = el(folder, "Placemark")
        el(pm, "name", stop.label)
        el(pm, "description", stop.description)
        el(pm, "styleUrl", "#stop")
        el(el(pm, "Point"), "coordinates", _coords([(stop.lon, stop.lat)]))
    ET.indent(root)
    return '<?xml version="1.0" encoding="UTF-8"?>\n' + ET.tostring(root, encoding="unicode")


def _write_text(path: Path, text: str) -> Path:
    with atomic_path(path) as tmp:
        tmp.write_text(text, encoding="utf-8")
    return path


def write_kml(sheet: RouteSheet, path: Path) -> Path:
    return _write_text(path, kml_text(sheet))


def write_kmz(sheet: RouteSheet, path: Path) -> Path:
    with atomic_path(path) as tmp, zipfile.ZipFile(tmp, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("doc.kml", kml_text(sheet).encode("utf-8"))
    return path


# --- GPX ------------------------------------------------------------------------------------------

def gpx_text(sheet: RouteSheet) -> str:
    import gpxpy.gpx as g

    gpx = g.GPX()
    gpx.name = sheet.title
    gpx.description = f"{sheet.period_zh}；网格 {sheet.grid_code}；网格员 {sheet.person}"
    gpx.creator = "gridsafe"
    for stop in sheet.stops:
        gpx.waypoints.append(g.GPXWaypoint(stop.lat, stop.lon, name=stop.label, description=stop.description))
    rte = g.GPXRoute(name="巡查顺序")
    rte.points.append(g.GPXRoutePoint(sheet.start[1], sheet.start[0], name=f"起点：{sheet.start_name}"))
    for stop in sheet.stops:
        rte.points.append(g.GPXRoutePoint(stop.lat, stop.lon, name=stop.label))
    rte.points.append(g.GPXRoutePoint(sheet.start[1], sheet.start[0], name=f"终点：{sheet.start_name}"))
    gpx.routes.append(rte)
    if sheet.route:
        track = g.GPXTrack(name="巡查路线")
        seg = g.GPXTrackSegment([g.GPXTrackPoint(y, x) for x, y in sheet.route])
        track.segments.append(seg)
        gpx.tracks.append(track)
    return gpx.to_xml(version="1.1")


def write_gpx(sheet: RouteSheet, path: Path) -> Path:
    return _write_text(path, gpx_text(sheet))


# --- offline HTML map -------------------------------------------------------------------------------

PAGE = RESOURCES / "phone_map"     # page.js and page.css: the map's behaviour and look
COLORS = {"route": ROUTE_COLOR, "grid": "#5b3f99", "road": "#c9b48a", "site": "#9a9a9a", "me": "#1e88e5"}
TEXT = {
    "route": "巡查路线", "start_mark": "起", "legend": "图例", "address": "地址：", "contact": "联系人：",
    "hazard": "待复查隐患：", "checklist": "检查要点（勾选仅保存在本机）", "detail": "检查条款", "code": "编号 ",
    "not_in_route": "不在本次路线上", "me": "我的位置", "locate": "定位", "locating": "正在获取位置…",
    "located": "我的位置：精度约 ±{m} 米", "no_position": "无法获取位置：", "denied": "未允许本页面使用定位",
    "unavailable": "手机暂时无法定位（请打开 GPS 并到室外）", "timeout": "定位超时，仍在重试",
    "unsupported": "此浏览器不支持定位",
}
LEGEND = [("route", "巡查路线", ""), ("stop", "巡查点（序号即巡查顺序）", "1"), ("start", "起点/终点", "起"),
          ("grid", "本网格界线", ""), ("road", "道路", ""), ("site", "其他场所（不在本次路线上）", ""),
          ("me", "我的位置（手机允许定位时）", "")]


def leaflet_assets() -> tuple[str, str]:
    """Leaflet's JS and CSS from the installed package (never from the network)."""
    base = importlib.resources.files("js_lib_leaflet") / "static" / "js_lib_leaflet"
    js = (base / "leaflet.js").read_text(encoding="utf-8")
    return js.replace("//# sourceMappingURL=leaflet.js.map", ""), (base / "leaflet.css").read_text(encoding="utf-8")


def _script_json(value) -> str:
    """JSON safe inside a <script> element."""
    return json.dumps(value, ensure_ascii=False, separators=(",", ":")).replace("</", "<\\/")


def map_data(sheet: RouteSheet) -> dict:
    """Everything page.js draws, as plain data (lon/lat rounded to ~0.1 m)."""
    r = lambda p: [round(float(p[0]), 6), round(float(p[1]), 6)]
    stops = [{"seq": st.seq, "name": st.name, "at": r((st.lon, st.lat)), "address": st.address,
              "contact": st.contact, "phone": st.phone,
              "category": st.category + (f"（{st.sector}）" if st.sector else ""), "hazards": st.open_hazards,
              "visited": (f"已巡查：{st.visited_at:%Y-%m-%d %H:%M} {vocab.label('patrol_results', st.result)}"
                          if st.visited_at else ""),
              "checklist": st.checklist or [{"point": p, "item": "", "detail": ""} for p in st.checkpoints],
              "code": stop_code(sheet.assignment_id, st.seq) if st.stop_id else ""} for st in sheet.stops]
    around = sheet.around
    stop_sites = {st.site_id for st in sheet.stops} | ({sheet.start_site_id} if sheet.start_site_id else set())
    layers = around.feature_collections(stop_sites) if around is not None else {
        k: {"type": "FeatureCollection", "features": []} for k in ("grid", "roads", "sites")}
    pts = [sheet.start, *[(st.lon, st.lat) for st in sheet.stops], *sheet.route]
    grid_box = around.grid_bounds if around is not None and around.grid_bounds else None
    xs = [p[0] for p in pts] + ([grid_box[0], grid_box[2]] if grid_box else [])
    ys = [p[1] for p in pts] + ([grid_box[1], grid_box[3]] if grid_box else [])
    return {"code": sheet.code, "colors": COLORS, "text": TEXT,
            "legend": [row for row in LEGEND if row[0] != "grid" or layers["grid"]["features"]],
            "route": [r(p) for p in sheet.route], "stops": stops,
            "start": {"at": r(sheet.start), "name": sheet.start_name, "label": f"起点/终点：{sheet.start_name}"},
            "layers": layers, "bounds": [min(xs), min(ys), max(xs), max(ys)]}


def html_text(sheet: RouteSheet) -> str:
    """A phone map of one sheet that works with no network: Leaflet, the data and page.js all in the page;
    no basemap tiles (the grid boundary, roads and other sites are vector layers when the sheet has `around`,
    see gis.patrols.phone_map); markers are HTML (no image files)."""
    js, css = leaflet_assets()
    length = f"，约 {sheet.length_m / 1000:.1f} 公里" if sheet.length_m else ""
    e = html.escape
    return f"""<!DOCTYPE html>
<html lang="zh-CN">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1, maximum-scale=5, user-scalable=yes">
<meta name="format-detection" content="telephone=no">
<title>{e(sheet.title)}</title>
<style>{css}</style>
<style>{(PAGE / "page.css").read_text(encoding="utf-8")}</style>
<script>{js}</script>
</head>
<body>
<div id="map"></div>
<div class="gs-title"><b>{e(sheet.title)}</b><br>{e(sheet.period_zh)} · 网格 {e(sheet.grid_code)} · \
{len(sheet.stops)} 处场所{length}<br><span id="gs-where" class="gs-where"></span></div>
<script id="gs-data" type="application/json">{_script_json(map_data(sheet))}</script>
<script>{(PAGE / "page.js").read_text(encoding="utf-8")}</script>
</body>
</html>
"""


def write_html(sheet: RouteSheet, path: Path) -> Path:
    return _write_text(path, html_text(sheet))


WRITERS: dict[str, Callable[[RouteSheet, Path], Path]] = {
    "kml": write_kml, "kmz": write_kmz, "gpx": write_gpx, "html": write_html,
}


def sheet_file(sheet: RouteSheet, out_dir: Path, fmt: str) -> Path:
    """Where export_sheet writes `sheet` as `fmt` (a Windows-safe name in out_dir)."""
    return out_dir / f"{sheet.file_stem}.{fmt}"


def export_sheet(sheet: RouteSheet, out_dir: Path, fmt: str) -> Path:
    """Write one sheet into out_dir as `fmt`, whole or not at all (gis.atomic)."""
    return WRITERS[fmt](sheet, sheet_file(sheet, out_dir, fmt))

