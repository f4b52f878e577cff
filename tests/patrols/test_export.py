"""Phone formats read back: KML/KMZ (XML), GPX (gpxpy), HTML with no external URLs; safe names."""
import json
import re
import zipfile
from xml.etree import ElementTree as ET

import gpxpy
import pyogrio
import pytest

from gis import store
from gis.filenames import safe_filename
from gis.patrols import planning
from gis.patrols.export import WRITERS, export_sheet
from gis.patrols.periods import parse_period
from gis.patrols.sheets import route_sheets
from tests.patrols import world

NS = {"k": "http://www.opengis.net/kml/2.2"}


@pytest.fixture(scope="module")
def sheet(tmp_path_factory):
    path = tmp_path_factory.mktemp("exp") / "w.gridsafe"
    with store.create_project(path) as p:
        with p.transaction() as s:
            world.build(s)
        planning.plan(p, parse_period("2026-W48"))
        with p.session() as s:
            sheets = route_sheets(s, "2026-W48", grid_codes=[world.GRID])
    assert len(sheets) == 1
    return sheets[0]


def check_kml(root, sheet):
    doc = root.find("k:Document", NS)
    placemarks = doc.findall(".//k:Folder/k:Placemark", NS)
    names = [p.find("k:name", NS).text for p in placemarks]
    assert names == [f"{st.seq}. {st.name}" for st in sheet.stops] and names[0].startswith("1. ")
    first = placemarks[0]
    assert "地址：" in first.find("k:description", NS).text
    lon, lat, _ = map(float, first.find("k:Point/k:coordinates", NS).text.split(","))
    assert (lon, lat) == pytest.approx((sheet.stops[0].lon, sheet.stops[0].lat))
    line = doc.find("k:Placemark/k:LineString/k:coordinates", NS).text.split()
    assert len(line) == len(sheet.route) > len(sheet.stops) + 2        # along the roads, not stop to stop
    assert "刘芳" in doc.find("k:name", NS).text


def test_kml(sheet, tmp_path):
    path = export_sheet(sheet, tmp_path, "kml")
    check_kml(ET.parse(path).getroot(), sheet)


def test_kmz_holds_doc_kml(sheet, tmp_path):
    path = export_sheet(sheet, tmp_path, "kmz")
    with zipfile.ZipFile(path) as z:
        assert z.namelist() == ["doc.kml"]
        check_kml(ET.fromstring(z.read("doc.kml")), sheet)


def test_kml_reads_with_gdal(sheet, tmp_path):
    path = export_sheet(sheet, tmp_path, "kml")
    layers = [name for name, _ in pyogrio.list_layers(path)]
    df = pyogrio.read_dataframe(path, layer="巡查场所")
    assert list(df["Name"]) == [st.label for st in sheet.stops] and "巡查场所" in layers


def test_gpx(sheet, tmp_path):
    gpx = gpxpy.parse(export_sheet(sheet, tmp_path, "gpx").read_text(encoding="utf-8"))
    assert [w.name for w in gpx.waypoints] == [st.label for st in sheet.stops]
    route = gpx.routes[0].points
    assert route[0].name.startswith("起点") and route[-1].name.startswith("终点")
    assert [p.name for p in route[1:-1]] == [st.label for st in sheet.stops]
    assert len(gpx.tracks[0].segments[0].points) == len(sheet.route)


def test_html_works_offline(sheet, tmp_path):
    text = export_sheet(sheet, tmp_path, "html").read_text(encoding="utf-8")
    sources = re.findall(r'<(?:script|link|img)\b[^>]*\b(?:src|href)\s*=\s*["\']?([^"\'\s>]+)', text, re.I)
    assert not [s for s in sources if "//" in s], sources
    assert not re.search(r"@import|url\(\s*['\"]?(https?:)?//", text)
    assert "Leaflet 1.9" in text and "L.map(" in text            # Leaflet written into the page
    data = json.loads(re.search(r'<script id="gs-data" type="application/json">(.*?)</script>', text, re.S).group(1))
    assert [f"{st['seq']}. {st['name']}" for st in data["stops"]] == [st.label for st in sheet.stops]  # the popups
    # (what the page draws in a browser: tests/patrols/test_phone_map.py)


def test_every_format_has_a_writer():
    assert set(WRITERS) == {"kml", "kmz", "gpx", "html"}


@pytest.mark.parametrize("stem, expected", [
    ('2026-11-23_张庄村第1网格_刘芳', '2026-11-23_张庄村第1网格_刘芳'),
    ('a<b>c:d"e/f\\g|h?i*j', 'a_b_c_d_e_f_g_h_i_j'),
    ("CON", "_CON"), ("nul.txt", "_nul.txt"), ("com1", "_com1"),
    ("网格. . ", "网格"), ("", "_"), ("...", "_"),
])
def test_safe_filename(stem, expected):
    assert safe_filename(stem) == expected


def test_safe_filename_length():
    assert len(safe_filename("长" * 300, ".kml")) == 124
