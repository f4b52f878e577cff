"""What the one-folder bundle carries besides the Python code: one list for the Windows and the Linux build.

Used by installer/gridsafe.spec (PyInstaller) and by tests/packaging/test_bundle.py, which checks that each
destination is in the built bundle. The Inno Setup script (installer/gridsafe.iss) installs the whole
built folder, so it needs no list of its own.
"""
from __future__ import annotations

import importlib.util
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
NAME = "gridsafe"

# Our own read-only files (gis/paths.py finds them under sys._MEIPASS): (source, destination folder)
PROJECT_DATA = [
    ("resources", "resources"),                    # vocab, styles, rules, checklists, mappings (translations)
    ("gis/migrations", "gis/migrations"),          # Alembic loads env.py and versions/*.py from files
    ("data/shapes/demo.gpkg", "data/shapes"),      # the demo township
    ("docs/manual", "docs/manual"),                # the user manual (帮助 → 用户手册, F1): HTML and screenshots
]

# Leaflet's files for the offline HTML route maps (gis/patrols/export.py reads them with importlib.resources)
LEAFLET_FILES = ["leaflet.js", "leaflet.css", "images"]

# Modules loaded by name at run time, which PyInstaller cannot see in the code
HIDDEN_PACKAGES = ["gis", "desktop", "pyogrio"]    # every submodule (features, commands, printing; pyogrio has no hook)
HIDDEN_IMPORTS = [
    "js_lib_leaflet",
    "alembic.op", "alembic.context", "alembic.runtime.migration", "alembic.ddl.sqlite", "alembic.ddl.postgresql",
    "sqlalchemy.dialects.sqlite", "sqlalchemy.dialects.postgresql",
]
OPTIONAL_IMPORTS = ["psycopg", "psycopg_binary"]  # PostgreSQL projects, when the `postgresql` extra is installed

# Not needed at run time: left out to keep the bundle small
EXCLUDES = [
    "tkinter", "_tkinter", "turtle", "idlelib", "pydoc_data", "lib2to3",
    "pytest", "_pytest", "pytestqt", "pytest_benchmark", "IPython", "jedi", "parso", "matplotlib",
    "notebook", "jupyter_client", "ipykernel", "sphinx", "docutils", "setuptools", "pip", "elkai",
    # optional imports of pandas, geopandas and requests that the app never takes: cloud files, crypto
    "botocore", "boto3", "s3fs", "fsspec", "gcsfs", "cryptography", "OpenSSL", "python_calamine", "pyarrow",
    "pygments", "distutils", "lxml.objectify", "lxml.isoschematron", "PIL",   # PIL: only openpyxl images
    "sqlalchemy.dialects.mssql", "sqlalchemy.dialects.mysql", "sqlalchemy.dialects.oracle",
    # Qt modules the app does not use that other packages could pull in (PyInstaller collects only
    # the PySide6 modules imported somewhere; printing may add QtPrintSupport, so it is not excluded)
    "PySide6.QtQml", "PySide6.QtQuick", "PySide6.QtQuickWidgets", "PySide6.QtWebEngineCore",
    "PySide6.QtWebEngineWidgets", "PySide6.QtDesigner", "PySide6.QtHelp", "PySide6.QtUiTools", "PySide6.QtTest",
    # pyqtgraph (the dashboard's charts) goes on without these (it needs QtOpenGL and QtOpenGLWidgets, 9 MB, even
    # for plain 2-D plots; it imports its parameter trees, multiprocess and exporters when it is imported)
    "PySide6.QtSvg",
    "pyqtgraph.examples", "pyqtgraph.opengl", "pyqtgraph.jupyter", "pyqtgraph.flowchart", "pyqtgraph.canvas",
    "pyqtgraph.console",
    # scipy: the app uses sparse.csgraph and spatial (with linalg and special under them); pandas' lazy
    # imports would pull in the rest
    "scipy.optimize", "scipy.stats", "scipy.interpolate", "scipy.integrate", "scipy.signal", "scipy.ndimage",
    "scipy.io", "scipy.odr", "scipy.cluster", "scipy.differentiate", "scipy.datasets", "scipy.misc",
]

# PySide6 keeps Qt's folders under PySide6/Qt on Linux and macOS, directly under PySide6 on Windows
QT_DIR = "PySide6" if sys.platform == "win32" else "PySide6/Qt"

# The files a frozen run must find (relative to the bundle's data folder); the self-test checks them too
REQUIRED = [
    "resources/vocab.yaml", "resources/styles/layers.yaml", "resources/hazard_rules.yaml",
    "resources/checklists", "resources/mappings/default.yaml",
    "gis/migrations/env.py", "gis/migrations/versions/0001_initial_schema.py",
    "data/shapes/demo.gpkg", "docs/manual/index.html", "docs/manual/img/map.png",
    "js_lib_leaflet/static/js_lib_leaflet/leaflet.js", "js_lib_leaflet/static/js_lib_leaflet/leaflet.css",
    "proj_data/proj.db",
    "pyogrio/gdal_data/gdalvrt.xsd",
    f"{QT_DIR}/plugins/platforms", f"{QT_DIR}/plugins/imageformats", f"{QT_DIR}/translations/qtbase_zh_CN.qm",
] + ([f"{QT_DIR}/plugins/styles"] if sys.platform == "win32" else [])   # Linux wheels have no style plugins
PROJ_DEST = "proj_data"   # installer/rthook_proj.py points PROJ_DATA here for pyproj and pyogrio's GDAL


# Qt's own translations: only those for the languages the app offers (Chinese; English for the English UI)
QT_TRANSLATIONS = ("_zh_CN.qm", "_zh_TW.qm", "_en.qm")


def keep_data(dest: str) -> bool:
    """Whether a data file PyInstaller's hooks collected is kept (dest: path inside the bundle)."""
    dest = dest.replace("\\", "/")
    if dest.startswith(f"{QT_DIR}/translations/"):
        return dest.endswith(QT_TRANSLATIONS)
    # one copy of PROJ's data instead of pyproj's and pyogrio's: proj_datas()
    return not dest.startswith(("pyproj/proj_dir/share/proj/", "pyogrio/proj_data/"))


def _layout(proj_db: Path) -> tuple[int, int]:
    import sqlite3

    con = sqlite3.connect(f"file:{proj_db}?mode=ro", uri=True)
    try:
        rows = dict(con.execute("SELECT key, value FROM metadata WHERE key LIKE 'DATABASE.LAYOUT.VERSION.%'"))
    finally:
        con.close()
    return int(rows["DATABASE.LAYOUT.VERSION.MAJOR"]), int(rows["DATABASE.LAYOUT.VERSION.MINOR"])


def proj_datas() -> list[tuple[str, str]]:
    """PROJ's data (proj.db, 9-10 MB) once for both pyproj and pyogrio's GDAL, which each ship a copy.

    A PROJ reads a proj.db of its own layout major version and of the same or a later minor version, so
    the copy with the later layout serves both. Should the majors ever differ, both copies go in."""
    import pyproj

    own = Path(pyproj.datadir.get_data_dir())
    spec = importlib.util.find_spec("pyogrio")
    gdal = Path(next(iter(spec.submodule_search_locations))) / "proj_data"
    if not (gdal / "proj.db").exists():
        return [(str(own), PROJ_DEST)]
    a, b = _layout(own / "proj.db"), _layout(gdal / "proj.db")
    if a[0] != b[0]:
        return [(str(own), PROJ_DEST), (str(gdal), "pyogrio/proj_data")]
    return [(str(max((a, own), (b, gdal))[1]), PROJ_DEST)]


# Linux: Qt plugins for embedded and Wayland compositors and the GTK theme (which needs a GTK the bundle
# does not carry) are left out; X11 (xcb), offscreen and minimal stay. No effect on Windows.
LINUX_QT_PLUGINS_OUT = (
    "PySide6/Qt/plugins/egldeviceintegrations/", "PySide6/Qt/plugins/wayland-",
    "PySide6/Qt/plugins/platformthemes/libqgtk3", "PySide6/Qt/plugins/platforms/libqeglfs",
    "PySide6/Qt/plugins/platforms/libqlinuxfb", "PySide6/Qt/plugins/platforms/libqminimalegl",
    "PySide6/Qt/plugins/platforms/libqvnc", "PySide6/Qt/plugins/platforms/libqvkkhrdisplay",
    "PySide6/Qt/plugins/platforms/libqwayland",
)


def _needed(path: str) -> list[str]:
    import subprocess

    out = subprocess.run(["objdump", "-p", path], capture_output=True, text=True, check=False).stdout
    return [line.split()[1] for line in out.splitlines() if line.strip().startswith("NEEDED")]


def drop_linux_extras(binaries: list) -> list:
    """Linux: without the plugins in LINUX_QT_PLUGINS_OUT, and without the shared libraries that only they
    needed (a library at the top of the bundle or in Qt's lib folder that no kept binary links to)."""
    import shutil

    if not sys.platform.startswith("linux") or not shutil.which("objdump"):
        return binaries
    kept = [b for b in binaries if not b[0].replace("\\", "/").startswith(LINUX_QT_PLUGINS_OUT)]

    def droppable(b) -> bool:
        dest = b[0].replace("\\", "/")
        return b[2] == "BINARY" and ("/" not in dest or dest.startswith("PySide6/Qt/lib/")) \
            and not dest.startswith("libpython")

    by_name = {Path(b[0]).name: b for b in kept if droppable(b)}
    reached: set[str] = set()
    todo = [b for b in kept if not droppable(b)]
    while todo:
        b = todo.pop()
        for soname in _needed(b[1]):
            if soname in by_name and soname not in reached:
                reached.add(soname)
                todo.append(by_name[soname])
    return [b for b in kept if not droppable(b) or Path(b[0]).name in reached]


def strip_debug_info(binaries: list, workdir: str) -> list:
    """Linux: copies without debug info of the shared libraries that carry it (pyenv's libpython alone has
    17 MB, pyogrio's and pyproj's extension modules 15 MB), in place of the originals. The libraries that
    auditwheel vendored into `*.libs` folders are left alone: `strip` breaks those ("ELF load command
    address/offset not page-aligned"), which is why PyInstaller's own strip=True is not used. Other
    platforms: unchanged."""
    import shutil
    import subprocess

    if not sys.platform.startswith("linux") or not shutil.which("objdump") or not shutil.which("strip"):
        return binaries
    out_dir = Path(workdir) / "stripped"
    out = []
    for entry in binaries:
        dest, src, kind = entry[0], entry[1], entry[2]
        vendored = dest.replace("\\", "/").split("/")[0].endswith(".libs")
        headers = "" if vendored else subprocess.run(["objdump", "-h", src], capture_output=True, text=True, check=False).stdout
        if ".debug_info" in headers:
            target = out_dir / dest
            target.parent.mkdir(parents=True, exist_ok=True)
            if not target.exists() or target.stat().st_mtime < Path(src).stat().st_mtime:
                subprocess.run(["strip", "--strip-debug", "-o", str(target), src], check=True)
            out.append((dest, str(target), kind))
        else:
            out.append(entry)
    return out


def leaflet_datas() -> list[tuple[str, str]]:
    spec = importlib.util.find_spec("js_lib_leaflet")
    if spec is None or not spec.submodule_search_locations:
        raise SystemExit("js_lib_leaflet (django-js-lib-leaflet) is not installed: pip install -e .")
    static = Path(next(iter(spec.submodule_search_locations))) / "static" / "js_lib_leaflet"
    dest = "js_lib_leaflet/static/js_lib_leaflet"
    return [(str(static / f), dest + ("/images" if f == "images" else "")) for f in LEAFLET_FILES]


def project_datas() -> list[tuple[str, str]]:
    out = []
    for src, dest in PROJECT_DATA:
        path = ROOT / src
        if not path.exists():
            raise SystemExit(f"missing project file for the bundle: {path}")
        out.append((str(path), dest))
    return out


def optional_imports() -> list[str]:
    return [m for m in OPTIONAL_IMPORTS if importlib.util.find_spec(m) is not None]


def executables() -> list[tuple[str, bool]]:
    """(name, console): on Windows a windowed gridsafe.exe for the shortcuts and gridsafe-cli.exe for the
    command line (a windowed program has no console to print to); elsewhere one program."""
    if sys.platform == "win32":
        return [(NAME, False), (NAME + "-cli", True)]
    return [(NAME, True)]
