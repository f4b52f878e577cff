"""Files that hurt the program (issue 18): every case is generated here (no binaries committed), and its
outcome, Chinese message, peak memory and the project afterwards are asserted."""
from __future__ import annotations

import csv
import os
import re
from pathlib import Path

import pytest
from openpyxl import load_workbook

from gis.hazards import ledger_xlsx
from gis.io import isolated
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


def _features_geojson(n, vertices=2):
    line = ",".join(f"[113.{i:05d},33.6]" for i in range(vertices))
    return '{"type":"FeatureCollection","features":[' + ",".join(
        '{"type":"Feature","properties":{"名称":"线%d"},"geometry":{"type":"LineString","coordinates":[%s]}}'
        % (k, line) for k in range(n)) + "]}"


def _kml_line(n, vertices):
    return ('<?xml version="1.0" encoding="UTF-8"?><kml xmlns="http://www.opengis.net/kml/2.2"><Document>'
            + "".join(f'<Placemark><name>线{k}</name><LineString><coordinates>'
                      + " ".join(f"113.{i:05d},33.6" for i in range(vertices))
                      + '</coordinates></LineString></Placemark>' for k in range(n)) + '</Document></kml>')


def _gpx_track(vertices):
    return ('<?xml version="1.0" encoding="UTF-8"?><gpx version="1.1" creator="t" xmlns="http://www.topografix.com/GPX/1/1">'
            '<trk><name>轨迹</name><trkseg>' + "".join(f'<trkpt lat="33.6" lon="113.{i:05d}"/>' for i in range(vertices))
            + '</trkseg></trk></gpx>')


@pytest.mark.parametrize("name, text, budget, message", [
    ("多要素.geojson", _features_geojson(5), ("MAX_FEATURES", 3), r"有 5 个要素，超过上限 3，"),
    ("长线.kml", _kml_line(2, 50), ("MAX_FEATURE_VERTICES", 20), r"第 1 个要素有 50 个顶点，超过单个要素的上限 20，"),
    ("轨迹.gpx", _gpx_track(60), ("MAX_VERTICES", 40), r"的要素共有 60 个顶点，超过上限 40，"),
], ids=["gdal-features", "kml-feature-vertices", "gpx-vertices"])
def test_geodata_over_a_budget_is_refused_naming_file_and_limit(sqlite_world, tmp_path, monkeypatch, name, text,
                                                               budget, message):
    """Feature and vertex budgets of the geodata readers (gis.io.geo_budget; lowered here): GDAL's feature count
    before parsing, vertices in the isolated child before the geometries travel back; the project unchanged."""
    from gis.io import geo_budget

    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    monkeypatch.setattr(geo_budget, budget[0], budget[1])     # the child is forked: it sees the lowered budget
    before = project_bytes(sqlite_world)
    with pytest.raises(DataFileError, match=rf"文件 {re.escape(name)}.*{message}.*请拆分文件"):
        import_file(sqlite_world, path, ImportOptions("sites"))
    assert project_bytes(sqlite_world) == before
    monkeypatch.setattr(geo_budget, budget[0], budget[1] * 100)
    assert len(read_source(path)) >= 1


# --- XLSX budgets: generated workbooks, checked before calamine sizes anything -----------------------------

_CT = ('<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
       '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
       '<Default Extension="xml" ContentType="application/xml"/>'
       '<Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>'
       '<Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>'
       '<Override PartName="/xl/sharedStrings.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"/>'
       '</Types>')
_RELS = ('<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
         '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/>'
         '</Relationships>')
_BOOK = ('<?xml version="1.0" encoding="UTF-8"?><workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" '
         'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheets>'
         '<sheet name="场所" sheetId="1" r:id="rId1"/></sheets></workbook>')
_BOOK_RELS = ('<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
              '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/>'
              '<Relationship Id="rId2" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/sharedStrings" Target="sharedStrings.xml"/>'
              '</Relationships>')
_HEADER_ROW = ('<row r="1"><c r="A1" t="inlineStr"><is><t>名称</t></is></c><c r="B1" t="inlineStr"><is><t>经度</t></is></c>'
               '<c r="C1" t="inlineStr"><is><t>纬度</t></is></c></row>')


def write_xlsx(path, rows_xml, *, dimension="A1:C2", strings=(), extra=()):
    """A minimal workbook written by hand: one sheet "场所" holding `rows_xml`."""
    import zipfile

    sheet = ('<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
             f'<dimension ref="{dimension}"/><sheetData>{_HEADER_ROW}{rows_xml}</sheetData></worksheet>')
    sst = ('<?xml version="1.0" encoding="UTF-8"?><sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" '
           f'count="{len(strings)}" uniqueCount="{len(strings)}">' + "".join(f"<si><t>{s}</t></si>" for s in strings) + "</sst>")
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as zf:
        for name, text in (("[Content_Types].xml", _CT), ("_rels/.rels", _RELS), ("xl/workbook.xml", _BOOK),
                           ("xl/_rels/workbook.xml.rels", _BOOK_RELS), ("xl/worksheets/sheet1.xml", sheet),
                           ("xl/sharedStrings.xml", sst), *extra):
            zf.writestr(name, text)
    return path


_SITE_ROW = '<row r="2"><c r="A2" t="inlineStr"><is><t>顺达五金店</t></is></c><c r="B2"><v>113.215</v></c><c r="C2"><v>33.615</v></c></row>'


def _far_cell(path):  # the 1.6 KB file: one cell at XFD1048576
    return write_xlsx(path, _SITE_ROW + '<row r="1048576"><c r="XFD1048576"><v>1</v></c></row>')


def _far_dimension(path):
    return write_xlsx(path, _SITE_ROW, dimension="A1:XFD1048576")


def _string_bomb(path):  # one 30,000-character shared string in 10,000 cells: 300 M characters once copied
    cells = "".join(f'<row r="{r}"><c r="A{r}" t="s"><v>0</v></c><c r="B{r}"><v>113.2</v></c><c r="C{r}"><v>33.6</v></c></row>'
                    for r in range(2, 10_002))
    return write_xlsx(path, cells, dimension="A1:C10001", strings=["危" * 30_000])


def _zip_bomb(path):  # a part that inflates 1000:1
    return write_xlsx(path, _SITE_ROW, extra=[("xl/media/image1.bin", b"\0" * (40 * 2**20))])


XLSX_BOMBS = {
    "far_cell": (_far_cell, r"有单元格远至 XFD1048576（1,048,576 行 × 16,384 列），超过上限 5,000,000 个单元格"),
    "far_dimension": (_far_dimension, r"声明的范围 A1:XFD1048576 有 1,048,576 行 × 16,384 列，超过上限 5,000,000 个单元格"),
    "string_bomb": (_string_bomb, r"文字单元格共引用超过 150,000,000 字节的共享字符串"),
    "zip_bomb": (_zip_bomb, r"xl/media/image1.bin 压缩比 \d+:1，超过上限 200:1"),
}


@pytest.fixture(params=["fork", "spawn"])
def isolation(request, monkeypatch):
    """The reads that go through gis.io.isolated, in both child modes: fork (Linux/macOS) and the reused spawn
    worker (what Windows uses)."""
    monkeypatch.setenv("GRIDSAFE_ISOLATION", request.param)
    return request.param


@pytest.mark.parametrize("case", list(XLSX_BOMBS))
def test_xlsx_over_a_budget_is_refused_naming_file_part_and_limit(sqlite_world, tmp_path, case, isolation):
    make, message = XLSX_BOMBS[case]
    path = make(tmp_path / "企业.xlsx")
    before = project_bytes(sqlite_world)
    with pytest.raises(DataFileError, match=r"Excel 文件 企业\.xlsx 的 .*" + message):
        import_file(sqlite_world, path, ImportOptions("sites", crs="EPSG:4490"))
    assert project_bytes(sqlite_world) == before
    if case != "zip_bomb":
        assert "工作表“场所”（xl/worksheets/sheet1.xml）" in str(_refusal(path))


def _refusal(path):
    try:
        read_source(path)
    except DataFileError as e:
        return e
    raise AssertionError("not refused")


def test_xlsx_within_budgets_imports(sqlite_world, tmp_path):
    path = write_xlsx(tmp_path / "企业.xlsx", _SITE_ROW)
    src = read_source(path)
    assert list(src.frame["名称"]) == ["顺达五金店"] and src.geoms[0].x == 113.215


_CHILD = """
import resource, sys
resource.setrlimit(resource.RLIMIT_AS, ({limit}, {limit}))
from pathlib import Path
from gis.errors import GridsafeError
from gis.io.readers import read_source, sublayers
try:
    sublayers(Path(sys.argv[1]))
    read_source(Path(sys.argv[1]))
except GridsafeError as e:
    print(e)
"""
LIMIT = 2**30


@pytest.mark.parametrize("case", ["far_cell", "far_dimension", "string_bomb"])
def test_xlsx_bomb_refused_within_1gb_of_memory(tmp_path, case, isolation):
    """The import runs in a child whose address space is limited to 1 GB: it must end normally with the
    Chinese refusal (before the budgets calamine aborted, exit 134, or ran out of memory)."""
    import os
    import subprocess
    import sys

    make, message = XLSX_BOMBS[case]
    path = make(tmp_path / "企业.xlsx")
    env = dict(os.environ, OPENBLAS_NUM_THREADS="1", OMP_NUM_THREADS="1", MKL_NUM_THREADS="1",
               PYTHONPATH=str(Path(__file__).resolve().parents[2]), GRIDSAFE_ISOLATION=isolation)
    done = subprocess.run([sys.executable, "-c", _CHILD.format(limit=LIMIT), str(path)], check=False, capture_output=True,
                          text=True, env=env, timeout=120)
    assert done.returncode == 0, done.stderr[-2000:]
    assert "企业.xlsx" in done.stdout and re.search(message, done.stdout), done.stdout


def test_a_reader_that_aborts_becomes_a_refusal(isolation):
    """A native abort (what calamine does when an allocation fails) kills only the child."""
    with pytest.raises(DataFileError, match=r"读取 Excel 文件 企业\.xlsx 时读取组件异常终止（信号 SIGABRT）.*已拒绝读取"):
        isolated.run(os.abort, what="Excel 文件 企业.xlsx")
    assert isolated.run(sum, [1, 2, 3], what="x") == 6
    with pytest.raises(DataFileError, match="没有工作表"):  # the reader's own refusals come back as they are
        isolated.run(_raise_refusal, what="x")


def _raise_refusal():
    raise DataFileError("文件 企业.xlsx 中没有工作表“甲”")


class PanicException(BaseException):
    """As pyo3 raises for a Rust panic (a BaseException): calamine panics when an allocation fails under the
    child's limit ("PyObject pointer is null")."""


def _panic():
    raise PanicException("PyObject pointer is null")


def test_a_reader_that_panics_becomes_a_refusal(isolation):
    with pytest.raises(DataFileError, match=r"读取 Excel 文件 企业\.xlsx 时读取组件出错（PanicException）.*已拒绝读取"):
        isolated.run(_panic, what="Excel 文件 企业.xlsx")


def test_xlsx_needing_more_memory_than_the_child_may_have_is_refused(tmp_path, monkeypatch, isolation):
    """A workbook within the budgets but too big for the child's memory limit (here lowered to 32 MB) ends in
    the Chinese refusal, and the calling process goes on."""
    rows = "".join(f'<row r="{r}"><c r="A{r}" t="inlineStr"><is><t>{"场" * 500}{r}</t></is></c>'
                   f'<c r="B{r}"><v>113.2</v></c><c r="C{r}"><v>33.6</v></c></row>' for r in range(2, 60_002))
    path = write_xlsx(tmp_path / "企业.xlsx", rows, dimension="A1:C60001")
    monkeypatch.setattr(isolated, "CHILD_BUDGET", 32 * 2**20)
    with pytest.raises(DataFileError, match=r"读取 Excel 文件 企业\.xlsx 时.*超过 32 MB 内存，已拒绝读取"):
        read_source(path)
    monkeypatch.setattr(isolated, "CHILD_BUDGET", 2**30)
    assert len(read_source(write_xlsx(tmp_path / "小.xlsx", _SITE_ROW))) == 1


def test_a_reader_that_never_answers_is_stopped(monkeypatch, isolation):
    """A reader stuck on a crafted file (or deadlocked) is killed after CHILD_TIMEOUT_S: a refusal, not a hang."""
    import time

    monkeypatch.setattr(isolated, "CHILD_TIMEOUT_S", 0.5)
    with pytest.raises(DataFileError, match=r"读取 Excel 文件 企业\.xlsx 超过 0\.5 秒仍未完成，已停止读取"):
        isolated.run(time.sleep, 60, what="Excel 文件 企业.xlsx")
    assert isolated.run(sum, [1, 2], what="x") == 3


@pytest.mark.parametrize("name, body", [
    ("网格.geojson", lambda n: '{"type":"FeatureCollection","features":[' + ",".join(
        '{"type":"Feature","properties":{"名称":"%s"},"geometry":{"type":"LineString","coordinates":[%s]}}'
        % ("场" * 200, ",".join(f"[113.{i:05d},33.6]" for i in range(400))) for _ in range(n)) + "]}"),
    ("路线.kml", lambda n: '<?xml version="1.0" encoding="UTF-8"?><kml xmlns="http://www.opengis.net/kml/2.2">'
        '<Document>' + "".join(f'<Placemark><name>{"场" * 200}</name><LineString><coordinates>'
                               + " ".join(f"113.{i:05d},33.6" for i in range(400)) + '</coordinates></LineString>'
                               '</Placemark>' for _ in range(n)) + '</Document></kml>'),
])
def test_gdal_and_xml_reads_needing_more_memory_than_the_child_may_have_are_refused(tmp_path, name, body, isolation):
    """GeoJSON (GDAL) and KML (the XML parser) are read in the isolated child too: a file that needs more memory
    than the child may have (here lowered to 16 MB) is refused by name and the calling process goes on. Run in a
    fresh interpreter: a long-lived test process has freed heap the child could reuse without mapping more."""
    import subprocess
    import sys

    path = tmp_path / name
    path.write_text(body(3000), encoding="utf-8")      # 17 MB
    small = tmp_path / f"小{Path(name).suffix}"
    small.write_text(body(1), encoding="utf-8")
    script = ("import sys\nfrom pathlib import Path\nfrom gis.io import isolated\nfrom gis.errors import GridsafeError\n"
              "from gis.io.readers import read_source\nisolated.CHILD_BUDGET = 16 * 2**20\n"
              "try:\n    read_source(Path(sys.argv[1]))\nexcept GridsafeError as e:\n    print(e)\n"
              "isolated.CHILD_BUDGET = 2**30\nprint('small', len(read_source(Path(sys.argv[2]))))\n")
    env = dict(os.environ, PYTHONPATH=str(Path(__file__).resolve().parents[2]), GRIDSAFE_ISOLATION=isolation)
    done = subprocess.run([sys.executable, "-c", script, str(path), str(small)], capture_output=True, text=True,
                          env=env, timeout=120, check=False)
    assert done.returncode == 0, done.stderr[-2000:]
    assert re.search(rf"读取 .* 文件 {re.escape(name)} 时.*16 MB 内存，已拒绝读取", done.stdout), done.stdout
    assert done.stdout.strip().endswith("small 1")


def _nested_mode():
    """In the child: a reader that reads another file through isolated.run runs it there, not in a grandchild."""
    return isolated.run(os.getpid, what="x"), os.getpid()


def test_a_read_inside_the_child_stays_in_the_child(isolation):
    inner, child = isolated.run(_nested_mode, what="x")
    assert inner == child != os.getpid()
