"""The checks of `gridsafe self-test [DIR]` (alias `--self-test`; desktop/commands/selftest.py): does this
installation work, offline and without a screen.

Makes a copy of the demo project in a temporary folder, opens it in the main window in a fresh process
(timing process start → first map image: the cold start), renders the map to PNG with the shared
renderer, then runs the use cases the window and the CLI run (desktop/services): plans a week of
patrols, prints the route sheet PDF and a wall map PDF, writes an offline HTML route map (Leaflet from
the bundle) and the hazard ledger (xlsx); checks each file, checks that the bundled data is there (Qt
plugins and translations, PROJ and GDAL data, migrations), and prints timings. Exit status 0 when all is well; 1 with the reason in Chinese otherwise. With DIR the
files are kept there; without, they go to a temporary folder that is removed afterwards.

The cold-start child is this same program with GRIDSAFE_SELFTEST_OPEN=<project> in its environment.
"""
from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
import tempfile
import time
import unicodedata
import zlib
from pathlib import Path

OPEN_ENV = "GRIDSAFE_SELFTEST_OPEN"
COLD_PREFIX = "cold_start_ms="
_T_IMPORT = time.perf_counter()
_keep: list = []   # the application made for the checks lives as long as the process


class Failed(Exception):
    """A check that did not pass; the message is the Chinese reason shown to the user."""


# --- process age: the cold start is measured from the OS's process creation time ---------------------

def process_age() -> float | None:
    """Seconds since the OS created this process, or None where that cannot be read."""
    try:
        if sys.platform.startswith("linux"):
            with open("/proc/self/stat", encoding="ascii") as f:
                fields = f.read().rsplit(")", 1)[1].split()
            with open("/proc/uptime", encoding="ascii") as f:
                uptime = float(f.read().split()[0])
            return uptime - int(fields[19]) / os.sysconf("SC_CLK_TCK")   # field 22: starttime in ticks
        if sys.platform == "win32":
            import ctypes
            from ctypes import wintypes

            k32 = ctypes.windll.kernel32
            k32.GetCurrentProcess.restype = wintypes.HANDLE
            times = [wintypes.FILETIME() for _ in range(4)]
            now = wintypes.FILETIME()
            if not k32.GetProcessTimes(k32.GetCurrentProcess(), *(ctypes.byref(t) for t in times)):
                return None
            k32.GetSystemTimePreciseAsFileTime(ctypes.byref(now))

            def ticks(ft):
                return (ft.dwHighDateTime << 32) | ft.dwLowDateTime

            return (ticks(now) - ticks(times[0])) / 1e7
    except (OSError, ValueError, IndexError, AttributeError):
        return None
    return None


def _use_offscreen_without_display() -> None:
    if os.environ.get("QT_QPA_PLATFORM"):
        return
    if sys.platform.startswith("linux") and not (os.environ.get("DISPLAY") or os.environ.get("WAYLAND_DISPLAY")):
        os.environ["QT_QPA_PLATFORM"] = "offscreen"


def _private_qt_settings(folder: Path) -> None:
    """Keep the self-test's window settings (last project, geometry) out of the user's own."""
    from PySide6.QtCore import QSettings

    QSettings.setDefaultFormat(QSettings.Format.IniFormat)
    QSettings.setPath(QSettings.Format.IniFormat, QSettings.Scope.UserScope, str(folder))


# --- file checks -----------------------------------------------------------------------------------

def check_png(path: Path, min_colours: int = 12) -> str:
    """The image opens, is not one flat colour, and a good part of it is drawn over the background."""
    from PySide6.QtGui import QImage

    image = QImage(str(path))
    if image.isNull():
        raise Failed(f"地图图片无法打开：{path}")
    w, h = image.width(), image.height()
    background = image.pixel(1, 1)
    colours, drawn, n = set(), 0, 0
    for y in range(0, h, 8):
        for x in range(0, w, 8):
            p = image.pixel(x, y)
            colours.add(p)
            drawn += p != background
            n += 1
    if len(colours) < min_colours or drawn < n * 0.05:
        raise Failed(f"地图图片几乎是空白的（{len(colours)} 种颜色，{drawn / max(n, 1):.0%} 有内容）：{path}")
    return f"{w}×{h}，{len(colours)} 种颜色，{drawn / n:.0%} 有内容"


_STREAM = re.compile(rb"stream\r?\n(.*?)\r?\nendstream", re.DOTALL)
_HEX = re.compile(rb"<([0-9A-Fa-f]+)>")
# Noto CJK shares glyphs between some ideographs and radicals, so a PDF's ToUnicode map may give 山 as the
# Kangxi radical ⼭ (NFKC undoes those) or 页 as the supplement radical ⻚ (mapped here). Only the check
# normalises; the PDF is what the font gave.
_RADICALS = str.maketrans({"⻚": "页", "⻓": "长", "⻔": "门", "⻢": "马", "⻋": "车", "⻅": "见", "⻆": "角",
                           "⻄": "西", "⻝": "食", "⻛": "风", "⻜": "飞", "⻙": "韦"})


def _utf16(hexbytes: bytes) -> str:
    try:
        return bytes.fromhex(hexbytes.decode()).decode("utf-16-be")
    except (ValueError, UnicodeDecodeError):
        return ""


def _cmap_chars(cmap: bytes) -> set[str]:
    """The Unicode text a ToUnicode CMap maps glyphs to (bfchar and bfrange entries)."""
    out: set[str] = set()
    for section in re.findall(rb"beginbfchar(.*?)endbfchar", cmap, re.DOTALL):
        for line in section.splitlines():
            codes = _HEX.findall(line)
            if len(codes) == 2:
                out.update(_utf16(codes[1]))
    for section in re.findall(rb"beginbfrange(.*?)endbfrange", cmap, re.DOTALL):
        for line in section.splitlines():
            codes = _HEX.findall(line)
            if len(codes) < 3:
                continue
            if b"[" in line:                       # <lo> <hi> [<dst> <dst> …]
                for c in codes[2:]:
                    out.update(_utf16(c))
            else:                                  # <lo> <hi> <dst>: dst, dst+1, …
                lo, hi, dst = int(codes[0], 16), int(codes[1], 16), _utf16(codes[2])
                if len(dst) == 1:
                    out.update(chr(ord(dst) + i) for i in range(min(hi - lo, 0xFFFF) + 1))
    return {unicodedata.normalize("NFKC", c).translate(_RADICALS) for c in out}


def pdf_text_chars(path: Path) -> tuple[int, set[str], bool]:
    """Pages, the characters the PDF's ToUnicode maps give back, and whether it draws text (BT…Tj/TJ)."""
    data = path.read_bytes()
    if not data.startswith(b"%PDF-") or b"%%EOF" not in data[-64:]:
        raise Failed(f"PDF 文件不完整：{path}")
    # by object number: the text fix appends an update that writes a page object again
    pages = len(set(re.findall(rb"(\d+)\s+\d+\s+obj\s*<<\s*/Type\s*/Page[^s]", data)))
    chars: set[str] = set()
    draws_text = False
    for raw in _STREAM.findall(data):
        try:
            body = zlib.decompress(raw)
        except zlib.error:
            body = raw
        if b"begincmap" in body:
            chars |= _cmap_chars(body)
        elif b"BT" in body and (b"Tj" in body or b"TJ" in body):
            draws_text = True
    return pages, chars, draws_text


def check_pdf(path: Path, expected: str) -> str:
    pages, chars, draws_text = pdf_text_chars(path)
    missing = set(unicodedata.normalize("NFKC", expected)) - chars - {" "}
    if pages < 1 or not draws_text or missing:
        raise Failed(f"PDF 中没有可复制的中文文字（缺少“{''.join(sorted(missing))}”）：{path}")
    return f"{pages} 页，{path.stat().st_size / 1024:.0f} KB，文字可复制"


def check_xlsx(path: Path, min_rows: int) -> str:
    from openpyxl import load_workbook

    book = load_workbook(path, read_only=True)
    try:
        sheet = book.worksheets[0]
        rows = sum(1 for _ in sheet.iter_rows(values_only=True))
    finally:
        book.close()
    if rows < min_rows:
        raise Failed(f"隐患台账只有 {rows} 行（应不少于 {min_rows} 行）：{path}")
    return f"{rows} 行"


def check_html(path: Path) -> str:
    text = path.read_text(encoding="utf-8")
    if "L.map(" not in text and "L.map (" not in text:
        raise Failed(f"离线地图网页中没有地图：{path}")
    if re.search(r"""<(script|link)[^>]+(src|href)=["']?(https?:)?//""", text):
        raise Failed(f"离线地图网页要从网上加载文件：{path}")
    if "Leaflet" not in text:
        raise Failed(f"离线地图网页中没有内嵌 Leaflet：{path}")
    return f"{len(text) / 1024:.0f} KB，Leaflet 内嵌，不需联网"


# --- the steps -------------------------------------------------------------------------------------

def check_runtime() -> str:
    """The data files a frozen build must carry: Qt plugins and translations, PROJ, GDAL, migrations."""
    import pyogrio
    import pyproj
    from PySide6.QtCore import QLibraryInfo

    from gis.paths import DEMO_DATA, MIGRATIONS, RESOURCES

    plugins = Path(QLibraryInfo.path(QLibraryInfo.LibraryPath.PluginsPath))
    platforms = {p.name.split(".")[0].removeprefix("lib") for p in (plugins / "platforms").glob("*")}
    need = {"qoffscreen", "qminimal", "qwindows" if sys.platform == "win32" else "qxcb"}
    if sys.platform == "darwin":
        need = {"qoffscreen", "qminimal", "qcocoa"}
    if not need <= platforms:
        raise Failed(f"缺少 Qt 平台插件：{'、'.join(sorted(need - platforms))}（{plugins / 'platforms'}）")
    if not list((plugins / "imageformats").glob("*qjpeg*")):
        raise Failed(f"缺少 Qt 图片格式插件（{plugins / 'imageformats'}）")
    translations = Path(QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath))
    if not (translations / "qtbase_zh_CN.qm").exists():
        raise Failed(f"缺少 Qt 中文翻译 qtbase_zh_CN.qm（{translations}）")
    for f in (RESOURCES / "vocab.yaml", RESOURCES / "styles" / "layers.yaml", RESOURCES / "hazard_rules.yaml",
              DEMO_DATA / "demo.gpkg", MIGRATIONS / "env.py"):
        if not f.exists():
            raise Failed(f"缺少程序文件：{f}")
    if not list((MIGRATIONS / "versions").glob("*.py")):
        raise Failed(f"缺少数据库升级脚本：{MIGRATIONS / 'versions'}")
    proj = Path(pyproj.datadir.get_data_dir())
    if not (proj / "proj.db").exists():
        raise Failed(f"缺少 PROJ 坐标系数据 proj.db（{proj}）")
    gdal = pyogrio.get_gdal_data_path()
    if not gdal or not Path(gdal, "gdalvrt.xsd").exists():
        raise Failed(f"缺少 GDAL 数据（{gdal}）")
    # CGCS2000 lon/lat → CGCS2000 3-degree Gauss-Krüger zone 38 (EPSG:4526): needs proj.db, no network
    t = pyproj.Transformer.from_crs("EPSG:4490", "EPSG:4526", always_xy=True)
    x, y = t.transform(114.0, 34.0)
    if not (38_400_000 < x < 38_600_000 and 3_700_000 < y < 3_800_000):
        raise Failed(f"坐标转换结果不对：({x:.0f}, {y:.0f})")
    # and GDAL's side: a GeoPackage written with an EPSG code needs GDAL's own look-up in proj.db
    import tempfile as _tempfile

    import numpy as np
    import shapely
    from pyogrio.raw import write

    with _tempfile.TemporaryDirectory() as tmp:
        gpkg = str(Path(tmp) / "crs.gpkg")
        write(gpkg, np.array([shapely.to_wkb(shapely.Point(x, y))], dtype=object), [], fields=[],
              geometry_type="Point", crs="EPSG:4526", driver="GPKG")
        crs = pyogrio.read_info(gpkg)["crs"]
    if crs != "EPSG:4526":
        raise Failed(f"GDAL 坐标系数据不可用（写入 EPSG:4526，读回 {crs}）")
    from lunar_python import Solar

    if not Solar.fromYmd(2026, 4, 5).getLunar().getJieQi():
        raise Failed("农历节气计算不可用")
    return f"Qt 插件 {plugins}；PROJ 数据 {proj}；GDAL 数据；坐标转换 4490→4526 正常（pyproj 与 GDAL）"


def make_demo(folder: Path) -> Path:
    from gis.userdata import make_demo_project

    path = folder / "示例项目.gridsafe"
    make_demo_project(path).close()
    return path


def cold_start(project: Path, out_png: Path, settings_dir: Path) -> tuple[float, float]:
    """Run the window on `project` in a fresh process; (ms from its process start, wall ms seen here)."""
    result = settings_dir.parent / "cold_start.txt"    # also as a file: a windowed program has no stdout
    env = dict(os.environ, **{OPEN_ENV: str(project), "GRIDSAFE_SELFTEST_PNG": str(out_png),
                              "GRIDSAFE_SELFTEST_SETTINGS": str(settings_dir),
                              "GRIDSAFE_SELFTEST_RESULT": str(result)})
    if getattr(sys, "frozen", False):
        cmd = [sys.executable, "self-test"]
    else:
        root = str(Path(__file__).resolve().parent.parent)
        env["PYTHONPATH"] = os.pathsep.join(x for x in (root, env.get("PYTHONPATH")) if x)
        cmd = [sys.executable, "-m", "desktop.cli", "self-test"]
    t = time.perf_counter()
    r = subprocess.run(cmd, env=env, capture_output=True, text=True, check=False, encoding="utf-8", errors="replace",
                       timeout=300)
    wall = (time.perf_counter() - t) * 1000
    said = (r.stdout or "") + "\n" + (result.read_text(encoding="utf-8") if result.exists() else "")
    found = [line for line in said.splitlines() if line.startswith(COLD_PREFIX)]
    if r.returncode != 0 or not found:
        raise Failed(f"主窗口未能打开示例项目（退出码 {r.returncode}）：{(r.stderr or r.stdout).strip()[-800:]}")
    return float(found[-1].removeprefix(COLD_PREFIX)), wall


def open_window_and_draw() -> int:
    """The cold-start child: main window, project, first map image; prints the process age then."""
    _use_offscreen_without_display()
    _private_qt_settings(Path(os.environ["GRIDSAFE_SELFTEST_SETTINGS"]))
    from desktop.app import make_app
    from desktop.main_window import MainWindow

    app = make_app()
    window = MainWindow()
    window.resize(1280, 800)
    window.show()
    if not window.open_project(os.environ[OPEN_ENV]):
        print("主窗口未能打开项目", file=sys.stderr)
        return 1
    image = window.canvas.grab()            # paints the canvas: the first map image
    age = process_age()
    ms = age * 1000 if age is not None else (time.perf_counter() - _T_IMPORT) * 1000
    app.processEvents()
    from gis.atomic import atomic_path

    with atomic_path(os.environ["GRIDSAFE_SELFTEST_PNG"]) as tmp:
        image.save(str(tmp), "PNG")
    window.project.close()
    with atomic_path(os.environ["GRIDSAFE_SELFTEST_RESULT"]) as tmp:     # the caller never reads half of it
        tmp.write_text(f"{COLD_PREFIX}{ms:.0f}\n", encoding="utf-8")
    print(f"{COLD_PREFIX}{ms:.0f}", flush=True)
    return 0


def _app():
    from PySide6.QtWidgets import QApplication

    if QApplication.instance() is None:
        _keep.append(QApplication(sys.argv[:1]))
    return QApplication.instance()


def render_png(project_path: Path, out: Path) -> None:
    from desktop.render import LayerStack, MapView, render_to_image
    from gis import layers, store

    _app()
    with store.open_project(project_path, readonly=True) as project:
        stack = LayerStack.from_layers(layers.load_all(project))
    from gis.atomic import atomic_path

    view = MapView.for_bounds(stack.bounds(), 1600, 1000)
    with atomic_path(out) as tmp:
        if not render_to_image(stack, view).save(str(tmp), "PNG"):
            raise Failed(f"地图图片无法保存：{out}")


def latest_patrols(project_path: Path) -> tuple[str, str]:
    """The latest period with patrol assignments (the demo's history) and the first grid in it."""
    from sqlalchemy import select

    from gis import store
    from gis.model import Grid, PatrolAssignment

    with store.open_project(project_path, readonly=True) as project, project.session() as s:
        row = s.execute(select(PatrolAssignment.period, Grid.code).join(Grid, PatrolAssignment.grid_id == Grid.id)
                        .where(PatrolAssignment.period.is_not(None))
                        .order_by(PatrolAssignment.period.desc(), Grid.code).limit(1)).first()
    if row is None:
        raise Failed("示例项目中没有巡查任务")
    return row[0], row[1]


def plan_next_week(project_path: Path, grid: str) -> tuple[str, str]:
    """Plan next week's patrols of one grid as the user does: road routing, scipy."""
    from datetime import date, timedelta

    from desktop.services import patrols
    from gis import store
    from gis.patrols.periods import parse_period

    year, week, _ = (date.today() + timedelta(days=7)).isocalendar()
    period = parse_period(f"{year}-W{week:02d}")
    with store.open_project(project_path) as project:
        r = patrols.plan(project, period, grid_codes=[grid]).value
    if not r.assignments:
        raise Failed(f"巡查计划未能生成：{period.zh} 网格 {grid} 没有巡查任务")
    return period.label, (f"{period.zh}：生成巡查任务 {r.assignments} 个，站点 {r.stops} 个，"
                          f"路线合计 {r.length_m / 1000:.1f} 公里（{'沿道路' if r.roads else '直线距离'}）")


def route_sheet_pdf(project_path: Path, period: str, grid: str, out_dir: Path) -> Path:
    """The route sheets of the grid for the period, one PDF."""
    from desktop.services import patrols
    from gis import store

    with store.open_project(project_path, readonly=True) as project:
        files = patrols.print_sheets(project, out_dir, period=period, grid_codes=[grid])
    if not files or not files[0].exists():
        raise Failed(f"巡查路线单 PDF 未写出（{out_dir}）")
    return files[0]


def wall_map_pdf(project_path: Path, out: Path) -> tuple[Path, str]:
    """The 网格管理图 of the first village at A3; returns the file and its title."""
    from desktop.services import fire
    from gis import store
    from gis.fire.wall_map import areas

    with store.open_project(project_path, readonly=True) as project:
        with project.session() as s:
            village = next((code for code, _name, level in areas(s) if level == "village"), None)
        if village is None:
            raise Failed("示例项目中没有村级行政区")
        content = fire.print_wall_map(project, "village", village, out, size="A3")
    return out, content.title


def ledger_xlsx(project_path: Path, out: Path) -> tuple[Path, int]:
    """The hazard ledger; returns the file and how many hazards the project holds."""
    from sqlalchemy import func, select

    from desktop.services.hazards import export_ledger
    from gis import store
    from gis.model import Hazard

    with store.open_project(project_path, readonly=True) as project:
        with project.session() as s:
            n = s.scalar(select(func.count()).select_from(Hazard))
        export_ledger(project, out)
    return out, n


def weekly_report(project_path: Path, period: str, out_dir: Path) -> tuple[Path, Path, str]:
    """The weekly report of the week `period` starts in, as docx and PDF (KPIs, pyqtgraph charts, the docxtpl
    template)."""
    from desktop.services.reports import write_report
    from gis import store
    from gis.patrols.periods import parse_period

    year, week, _ = parse_period(period).start.isocalendar()     # the week the demo's patrol history ends in
    period = f"{year}-W{week:02d}"
    docx, pdf = out_dir / "周报.docx", out_dir / "周报.pdf"
    with store.open_project(project_path, readonly=True) as project:
        title = write_report(project, "weekly", period, [docx, pdf]).title
    if docx.stat().st_size < 20_000:
        raise Failed(f"周报 docx 只有 {docx.stat().st_size} 字节：图表没有写进去")
    return docx, pdf, title


def route_html(project_path: Path, period: str, grid: str, out_dir: Path) -> Path:
    """The offline route map of the grid's first round in the period."""
    from sqlalchemy import select

    from desktop.services import patrols
    from gis import store
    from gis.model import Grid, PatrolAssignment

    with store.open_project(project_path, readonly=True) as project:
        with project.session() as s:
            first = s.scalar(select(PatrolAssignment.id).join(Grid, PatrolAssignment.grid_id == Grid.id)
                             .where(PatrolAssignment.period == period, Grid.code == grid)
                             .order_by(PatrolAssignment.planned_on, PatrolAssignment.id).limit(1))
        if first is None:
            raise Failed(f"时段 {period} 网格 {grid} 没有巡查路线")
        return patrols.export_route_files(project, out_dir, "html", assignment_ids=[first])[0]


def _say(text: str) -> None:
    try:
        print(text, flush=True)
    except UnicodeEncodeError:          # a console that cannot show Chinese: still say something
        print(text.encode("ascii", "backslashreplace").decode("ascii"), flush=True)


class _Step:
    """One timed check: `with _Step(results, "名称") as st: …; st.note = "…"`; an error becomes Failed."""

    def __init__(self, results: list, name: str) -> None:
        self.results, self.name, self.note = results, name, ""

    def __enter__(self):
        self.t = time.perf_counter()
        return self

    def __exit__(self, etype, value, tb):
        if value is not None:
            if isinstance(value, Failed):
                return False
            raise Failed(f"{self.name}：{type(value).__name__}: {value}") from value
        ms = (time.perf_counter() - self.t) * 1000
        self.results.append((self.name, ms, self.note))
        _say(f"[通过] {self.name}  {ms:,.0f} ms  {self.note}")
        return False


def run(keep: str | None = None) -> int:
    """The self-test; `keep`: a folder to leave the files in (else a temporary one, removed after)."""
    if os.environ.get(OPEN_ENV):
        return open_window_and_draw()
    _use_offscreen_without_display()
    started = time.perf_counter()
    work = Path(tempfile.mkdtemp(prefix="gridsafe-selftest-"))
    out = Path(keep) if keep else work / "out"
    out.mkdir(parents=True, exist_ok=True)
    results: list[tuple[str, float, str]] = []
    _app()
    _say(f"gridsafe 自检（{'安装包' if getattr(sys, 'frozen', False) else '源代码'}，{sys.platform}，"
         f"Qt 平台 {os.environ.get('QT_QPA_PLATFORM', '默认')}）")
    try:
        with _Step(results, "程序数据") as st:
            st.note = check_runtime()
        with _Step(results, "复制示例项目") as st:
            project = make_demo(work)
            st.note = str(project)
        with _Step(results, "冷启动到地图") as st:
            cold_ms, wall_ms = cold_start(project, out / "window_map.png", work / "settings")
            st.note = f"从进程启动到第一幅地图 {cold_ms:,.0f} ms（子进程共 {wall_ms:,.0f} ms）"
        with _Step(results, "主窗口地图") as st:
            st.note = check_png(out / "window_map.png")
        with _Step(results, "地图 PNG") as st:
            render_png(project, out / "map.png")
            st.note = check_png(out / "map.png")
        with _Step(results, "巡查计划") as st:
            last_week, grid = latest_patrols(project)
            period, st.note = plan_next_week(project, grid)
        with _Step(results, "巡查路线单 PDF") as st:
            pdf = route_sheet_pdf(project, period, grid, out)
            st.note = f"{check_pdf(pdf, '巡查路线单')}  {pdf.name}"
        with _Step(results, "网格管理图 PDF") as st:
            pdf, title = wall_map_pdf(project, out / "网格管理图.pdf")
            st.note = f"{check_pdf(pdf, title)}  {pdf.name}"
        with _Step(results, "离线路线网页") as st:
            st.note = check_html(route_html(project, period, grid, out))
        with _Step(results, "周报 docx 与 PDF") as st:
            docx, pdf, title = weekly_report(project, last_week, out)
            st.note = f"{check_pdf(pdf, '工作周报')}  {docx.name} {docx.stat().st_size // 1024} KB"
        with _Step(results, "隐患台账 xlsx") as st:
            xlsx, hazards_n = ledger_xlsx(project, out / "隐患台账.xlsx")
            st.note = check_xlsx(xlsx, hazards_n + 1)
    except Failed as e:
        _say(f"[失败] 自检未通过：{e}")
        return 1
    finally:
        if not keep:
            shutil.rmtree(work, ignore_errors=True)
    total = (time.perf_counter() - started) * 1000
    _say(f"{COLD_PREFIX}{cold_ms:.0f}")
    _say(f"自检通过：{len(results)} 项，共 {total / 1000:.1f} s" + (f"；文件在 {out}" if keep else ""))
    return 0
