"""Patrol routes for the phone: KML/KMZ (奥维互动地图, Google Earth), GPX, and an offline HTML map.

Each file holds one route sheet (gis.patrols.sheets.RouteSheet): the start point, the stops as
numbered points "1. 场所名称" with their details, and the route as a line along the roads.
Coordinates are CGCS2000 lon/lat, which phone apps take as WGS 84 (they differ by well under a metre).

The HTML map is made with folium and works with no internet: Leaflet's script and style come from
the installed package django-js-lib-leaflet and are written into the page; there is no basemap.
"""
from __future__ import annotations

import html
import importlib.resources
import zipfile
from collections.abc import Callable
from pathlib import Path
from xml.etree import ElementTree as ET

from gis.atomic import atomic_path
from gis.patrols.sheets import RouteSheet

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

def leaflet_assets() -> tuple[str, str]:
    """Leaflet's JS and CSS from the installed package (never from the network)."""
    base = importlib.resources.files("js_lib_leaflet") / "static" / "js_lib_leaflet"
    return (base / "leaflet.js").read_text(encoding="utf-8"), (base / "leaflet.css").read_text(encoding="utf-8")


_PAGE_CSS = """
html, body {width: 100%; height: 100%; margin: 0; padding: 0;}
.gs-title {position: absolute; z-index: 1000; top: 8px; left: 50px; right: 8px; background: #fff;
  padding: 6px 10px; border-radius: 4px; box-shadow: 0 1px 4px rgba(0,0,0,.4);
  font: 14px/1.4 "Microsoft YaHei", "PingFang SC", sans-serif;}
.gs-num {background: #d7191c; color: #fff; border: 2px solid #fff; border-radius: 50%; width: 22px;
  height: 22px; line-height: 22px; text-align: center; font: bold 12px sans-serif;
  box-shadow: 0 0 3px rgba(0,0,0,.6); box-sizing: content-box; margin: -2px;}
.gs-num.visited {background: #2c7bb6;}
.gs-start {background: #1a9641;}
.leaflet-popup-content {font: 13px/1.5 "Microsoft YaHei", "PingFang SC", sans-serif;}
"""


def _popup(title: str, body: str) -> str:
    return f"<b>{html.escape(title)}</b><br>" + html.escape(body).replace("\n", "<br>")


def html_text(sheet: RouteSheet) -> str:
    import folium
    from branca.element import Element

    js, css = leaflet_assets()
    pts = [sheet.start, *[(p.lon, p.lat) for p in sheet.stops], *sheet.route]
    xs, ys = [p[0] for p in pts], [p[1] for p in pts]
    m = folium.Map(location=[(min(ys) + max(ys)) / 2, (min(xs) + max(xs)) / 2], zoom_start=14, tiles=None,
                   control_scale=True, prefer_canvas=False)
    m.default_js, m.default_css = [], []  # no CDN links: Leaflet is written into the page below
    fig = m.get_root()
    fig.header.add_child(Element(f"<style>{css}</style>"), name="leaflet_css")
    fig.header.add_child(Element(f"<script>{js}</script>"), name="leaflet_js")
    fig.header.add_child(Element(f"<style>{_PAGE_CSS}</style>"), name="gridsafe_css")
    fig.title = sheet.title
    length = f"，约 {sheet.length_m / 1000:.1f} 公里" if sheet.length_m else ""
    m.get_root().html.add_child(Element(
        f'<div class="gs-title"><b>{html.escape(sheet.title)}</b><br>'
        f'{html.escape(sheet.period_zh)} · 网格 {html.escape(sheet.grid_code)} · '
        f'{len(sheet.stops)} 处场所{length}</div>'))
    if sheet.route:
        folium.PolyLine([(y, x) for x, y in sheet.route], color=ROUTE_COLOR, weight=5, opacity=0.8,
                        tooltip="巡查路线").add_to(m)
    folium.Marker([sheet.start[1], sheet.start[0]], tooltip=f"起点：{sheet.start_name}",
                  icon=folium.DivIcon(html='<div class="gs-num gs-start">起</div>', icon_size=(22, 22),
                                      icon_anchor=(11, 11))).add_to(m)
    for stop in sheet.stops:
        cls = "gs-num visited" if stop.visited_at else "gs-num"
        folium.Marker([stop.lat, stop.lon], tooltip=stop.label,
                      popup=folium.Popup(_popup(stop.label, stop.description), max_width=300),
                      icon=folium.DivIcon(html=f'<div class="{cls}">{stop.seq}</div>', icon_size=(22, 22),
                                          icon_anchor=(11, 11))).add_to(m)
    m.fit_bounds([[min(ys), min(xs)], [max(ys), max(xs)]], padding=(30, 30))
    return m.get_root().render()


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

