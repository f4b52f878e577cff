"""The phone route map as the grid member sees it: the HTML file opened in headless Chromium (Debian `chromium`,
installed by .ci/run) with the network cut off, then what it drew — the DOM (markers, paths) and the pixels."""
import json
import re
import subprocess
from pathlib import Path

import numpy as np
import pytest
from shapely.geometry import Point

from gis import store
from gis.model import Site
from gis.patrols import planning
from gis.patrols.export import COLORS, export_sheet, map_data
from gis.patrols.periods import parse_period
from gis.patrols.sheets import route_sheets
from tests.patrols import world

CHROMIUM = "/usr/bin/chromium"
OFFLINE = ["--headless=new", "--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-extensions",
           "--proxy-server=127.0.0.1:9", "--proxy-bypass-list=<-loopback>", "--host-resolver-rules=MAP * ~NOTFOUND",
           "--enable-logging=stderr", "--v=0", "--virtual-time-budget=4000"]


@pytest.fixture(scope="module")
def page(tmp_path_factory):
    """(sheet, html path) of the world's grid, planned for a week, with its surroundings."""
    out = tmp_path_factory.mktemp("phone")
    with store.create_project(out / "w.gridsafe") as p:
        with p.transaction() as s:
            world.build(s)
            s.add(Site(name="邻近仓库", category="industry_trade_enterprise", geom=Point(113.2465, 33.6525)))
        planning.plan(p, parse_period("2026-W48"))
        with p.session() as s:
            sheet = route_sheets(s, "2026-W48", grid_codes=[world.GRID], surroundings=True)[0]
    path = export_sheet(sheet, out, "html")
    print(f"phone map: {path.stat().st_size / 1024:.0f} KB ({len(sheet.stops)} stops, "
          f"{len(sheet.around.roads)} roads, {len(sheet.around.sites)} sites around)")
    return sheet, path


def chromium(*args) -> subprocess.CompletedProcess:
    return subprocess.run([CHROMIUM, *OFFLINE, *args], capture_output=True, text=True, timeout=120)


def console(stderr: str) -> list[str]:
    """What the page said on the console, and any failed load."""
    return [line for line in stderr.splitlines() if ":CONSOLE" in line or "net::ERR" in line or "Failed to load" in line]


def test_data_is_the_sheet_and_its_surroundings(page):
    sheet, _ = page
    data = map_data(sheet)
    assert [st["seq"] for st in data["stops"]] == [st.seq for st in sheet.stops]
    assert all(st["checklist"] and st["checklist"][0]["point"] for st in data["stops"])
    assert data["stops"][0]["code"] == f"GS:A{sheet.assignment_id}:S1"
    assert data["layers"]["grid"]["features"][0]["geometry"]["type"] in ("Polygon", "MultiPolygon")
    names = {f["properties"]["name"] for f in data["layers"]["roads"]["features"]}
    assert {"张庄大街", "西环路"} <= names
    stop_sites = {st.site_id for st in sheet.stops}
    assert data["layers"]["sites"]["features"] and not {f["id"] for f in data["layers"]["sites"]["features"]} & stop_sites


def test_offline_page_draws_layers_and_numbered_markers(page, tmp_path):
    sheet, path = page
    text = path.read_text(encoding="utf-8")
    assert 'name="viewport"' in text and "<img" not in text
    assert not re.findall(r'<(?:script|link|img)\b[^>]*\b(?:src|href)\s*=', text, re.I)   # nothing fetched
    done = chromium("--window-size=540,960", "--dump-dom", path.as_uri() + "#S1")
    dom = done.stdout
    body = re.search(r"<body[^>]*>", dom).group(0)
    assert 'data-ready="1"' in body and "data-errors" not in body, body
    assert not [m for m in console(done.stderr) if "geolocation" not in m.lower()], console(done.stderr)
    markers = re.findall(r'class="leaflet-marker-icon gs-stop[^"]*"[^>]*><span>(\d+)</span>', dom)
    assert sorted(map(int, markers)) == [st.seq for st in sheet.stops]
    assert 'class="leaflet-marker-icon gs-start' in dom
    assert "<img" not in dom.split('<script id="gs-data"')[0]      # no image markers (Leaflet's default icon)
    assert len(re.findall(r'<path class="gs-route[ "]', dom)) == 1
    assert len(re.findall(r'<path class="gs-grid[ "]', dom)) == 1
    assert len(re.findall(r'<path class="gs-road[ "]', dom)) == len(sheet.around.roads)
    assert len(re.findall(r'<path class="gs-site[ "]', dom)) == len(map_data(sheet)["layers"]["sites"]["features"])
    # #S1 opened stop 1's checklist: its points as tick boxes, the code of the stop
    popup = re.search(r'<div class="leaflet-popup-content"[^>]*>(.*?)</div></div>', dom, re.S).group(1)
    assert f"1. {sheet.stops[0].name}" in popup and popup.count('type="checkbox"') == len(sheet.stops[0].checklist)
    assert f"GS:A{sheet.assignment_id}:S1" in popup
    legend = re.search(r'<div class="gs-legend[^"]*">(.*?)</div></div>', dom, re.S).group(1)
    for words in ("巡查路线", "巡查点", "起点", "本网格界线", "道路", "其他场所", "我的位置"):
        assert words in legend
    assert "leaflet-control-scale-line" in dom


def test_screenshot_shows_route_boundary_and_markers(page, tmp_path):
    from PySide6.QtGui import QImage

    _, path = page
    png = tmp_path / "phone.png"
    done = chromium("--window-size=540,960", f"--screenshot={png}", path.as_uri())
    assert png.exists(), done.stderr[-2000:]
    img = QImage(str(png)).convertToFormat(QImage.Format.Format_RGB888)
    a = np.frombuffer(img.constBits(), np.uint8).reshape(img.height(), img.bytesPerLine())[:, :img.width() * 3]
    rgb = a.reshape(img.height(), img.width(), 3).astype(int)

    def share(hex_color: str, tol: int = 40) -> float:
        c = np.array([int(hex_color[i:i + 2], 16) for i in (1, 3, 5)])
        return float((np.abs(rgb - c).sum(axis=2) < tol).mean())

    print(f"screenshot {png}: route {share(COLORS['route']):.2%}, boundary {share(COLORS['grid']):.2%}, "
          f"roads {share(COLORS['road']):.2%}")
    assert share(COLORS["route"]) > 0.003            # the red route and the red numbered markers
    assert share(COLORS["grid"]) > 0.001             # the dashed purple grid boundary
    assert share(COLORS["road"]) > 0.001             # roads away from the route
    assert share("#f4f1ea", 6) > 0.3                 # the rest is the page's paper colour, not a grey void


def test_map_without_surroundings_still_draws(page, tmp_path):
    """A sheet read without surroundings (older callers) gives the route, stops and start only."""
    sheet, _ = page
    bare = type(sheet)(**{**sheet.__dict__, "around": None})
    data = json.loads(re.search(r'<script id="gs-data" type="application/json">(.*?)</script>',
                                export_sheet(bare, tmp_path, "html").read_text(encoding="utf-8"), re.S).group(1))
    assert data["layers"]["roads"]["features"] == [] and len(data["stops"]) == len(sheet.stops)
    assert all(row[0] != "grid" for row in data["legend"])


def test_page_is_small(page):
    _, path = page
    assert Path(path).stat().st_size < 400_000


def test_position_is_drawn_when_the_phone_gives_one(page, tmp_path):
    """Headless Chromium has no position to give: the page is opened with a stand-in navigator.geolocation (a
    script put before the page's own) that reports the first stop, ±25 m; the page draws the dot and the accuracy
    circle and says so."""
    sheet, path = page
    st = sheet.stops[0]
    fake = ("<script>Object.defineProperty(navigator, 'geolocation', {value: {watchPosition: function (ok) {"
            f"setTimeout(function () {{ ok({{coords: {{latitude: {st.lat}, longitude: {st.lon}, accuracy: 25}}}}); }}, 10);"
            " return 1; }}});</script>")
    text = path.read_text(encoding="utf-8")
    page_js = text.rindex("<script>")
    located = tmp_path / "located.html"
    located.write_text(text[:page_js] + fake + text[page_js:], encoding="utf-8")
    dom = chromium("--window-size=540,960", "--dump-dom", located.as_uri()).stdout
    assert len(re.findall(r'<path class="gs-me[ "]', dom)) == 1
    assert len(re.findall(r'<path class="gs-accuracy[ "]', dom)) == 1
    assert "我的位置：精度约 ±25 米" in dom
