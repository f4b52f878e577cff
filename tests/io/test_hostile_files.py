"""Files that hurt the program (issue 18): every case is generated here (no binaries committed), and its
outcome, Chinese message, peak memory and the project afterwards are asserted."""
from __future__ import annotations

import csv
from pathlib import Path

import pytest
from openpyxl import load_workbook

from gis.hazards import ledger_xlsx
from gis.io.errors import DataFileError
from gis.io.export import export
from gis.io.importer import ImportOptions, import_file
from gis.io.readers import read_source
from gis.io.safexml import MAX_DEPTH
from gis.model import Hazard, Site
from tests.io.files import SITES, counts

INJECTED = '=HYPERLINK("http://x","y")'
RISKY = [INJECTED, "+1+2", "-3+4", "@SUM(A1)", "\t=1", "\r=1", "#N/A"]


def project_bytes(project) -> bytes:
    """The SQLite project's file and its write-ahead log, byte for byte."""
    with project.engine.connect() as conn:
        main = Path(conn.exec_driver_sql("PRAGMA database_list").fetchone()[2])
    wal = main.with_name(main.name + "-wal")
    return main.read_bytes() + b"|" + (wal.read_bytes() if wal.exists() else b"")


def _all_cells(path):
    wb = load_workbook(path)
    return [c for ws in wb.worksheets for row in ws.iter_rows() for c in row if c.value is not None]


@pytest.fixture
def injected(sqlite_world):
    with sqlite_world.transaction() as s:
        sites = s.query(Site).order_by(Site.id).all()
        for i, site in enumerate(sites):
            site.name, site.address = RISKY[i % len(RISKY)], RISKY[(i + 3) % len(RISKY)]
        s.query(Hazard).update({"description": INJECTED})
    return sqlite_world


def test_exported_xlsx_writes_formula_text_as_text(injected, tmp_path):
    out = tmp_path / "场所.xlsx"
    export(injected, "sites", out)
    cells = _all_cells(out)
    assert not [c for c in cells if c.data_type in ("f", "e")]
    texts = {c.value for c in cells if c.data_type == "s"}
    assert INJECTED in texts and "#N/A" in texts and "+1+2" in texts
    assert any(isinstance(c.value, (int, float)) and c.data_type == "n" for c in cells)  # numbers stay numbers


def test_exported_csv_prefixes_formula_text(injected, tmp_path):
    out = tmp_path / "场所.csv"
    export(injected, "sites", out)
    with open(out, encoding="utf-8-sig", newline="") as f:
        fields = [v for row in csv.reader(f) for v in row]
    assert "'" + INJECTED in fields and INJECTED not in fields
    assert not [v for v in fields if v[:1] in ("=", "+", "@", "\t", "\r") or (v[:1] == "-" and not _number(v))]


def _number(v):
    try:
        float(v)
        return True
    except ValueError:
        return False


def test_ledger_xlsx_writes_formula_text_as_text(injected, tmp_path):
    out = tmp_path / "台账.xlsx"
    ledger_xlsx.build(injected, out)
    cells = _all_cells(out)
    assert not [c for c in cells if c.data_type in ("f", "e")]
    assert sum(c.value == INJECTED for c in cells) >= 3
    assert any(c.data_type == "n" for c in cells)


# --- text tables: Excel's "Unicode 文本" (UTF-16 with BOM, tab-separated) and UTF-8 with BOM ------------

def _tab_text(rows):
    return "\r\n".join("\t".join(map(str, r)) for r in rows) + "\r\n"


@pytest.mark.parametrize("encoding,name", [("utf-16", "场所.txt"), ("utf-8-sig", "场所.csv")])
def test_unicode_text_with_tabs_imports_like_csv(sqlite_world, tmp_path, encoding, name):
    rows = [("企业名称", "行业", "地址", "经度", "纬度")] + [(n, k, f"{a}，含逗号,和分号;", x, y) for n, k, a, x, y in SITES]
    path = tmp_path / name
    path.write_bytes(_tab_text(rows).encode(encoding))
    assert path.read_bytes()[:2] in (b"\xff\xfe", b"\xef\xbb")
    before = counts(sqlite_world)["site"]
    report = import_file(sqlite_world, path, ImportOptions("sites", crs="EPSG:4490"))
    assert report.imported == len(SITES)
    assert counts(sqlite_world)["site"] == before + len(SITES)
    with sqlite_world.session() as s:
        names = {r.name: r.address for r in s.query(Site).filter(Site.name.in_([r[0] for r in SITES]))}
    assert names == {n: f"{a}，含逗号,和分号;" for n, _, a, _, _ in SITES}


# --- XML nesting: KML folders, MultiGeometry, GPX --------------------------------------------------------

KML_HEAD = '<?xml version="1.0" encoding="UTF-8"?><kml xmlns="http://www.opengis.net/kml/2.2"><Document>'
POINT = "<Point><coordinates>113.3,33.65</coordinates></Point>"


def _deep_folders(n):
    return (KML_HEAD + "<Folder><name>层</name>" * n + f"<Placemark><name>点</name>{POINT}</Placemark>"
            + "</Folder>" * n + "</Document></kml>")


def _deep_multigeometry(n):
    return (KML_HEAD + "<Placemark><name>多</name>" + "<MultiGeometry>" * n + POINT + "</MultiGeometry>" * n
            + "</Placemark></Document></kml>")


def _deep_gpx(n):
    return ('<?xml version="1.0"?><gpx version="1.1" xmlns="http://www.topografix.com/GPX/1/1">'
            + "<extensions>" * n + "</extensions>" * n + '<wpt lat="33.65" lon="113.3"><name>点</name></wpt></gpx>')


@pytest.mark.parametrize("name,make,depth", [("深.kml", _deep_folders, 1000), ("多.kml", _deep_multigeometry, 500),
                                             ("深.gpx", _deep_gpx, 5000)], ids=["folders", "multigeometry", "gpx"])
def test_deeply_nested_xml_is_refused_by_name(sqlite_world, tmp_path, name, make, depth):
    path = tmp_path / name
    path.write_text(make(depth), encoding="utf-8")
    before = project_bytes(sqlite_world)
    with pytest.raises(DataFileError, match=rf"文件 {name} 的 XML 嵌套超过 {MAX_DEPTH} 层"):
        import_file(sqlite_world, path, ImportOptions("sites"))
    assert project_bytes(sqlite_world) == before


def test_moderately_nested_kml_still_imports(sqlite_world, tmp_path):
    path = tmp_path / "十层.kml"
    path.write_text(_deep_folders(10), encoding="utf-8")
    src = read_source(path)
    assert len(src) == 1 and src.frame["文件夹"][0] == "/".join(["层"] * 10)
