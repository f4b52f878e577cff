"""PyInstaller run-time hook: pyproj and pyogrio's GDAL read the one bundled copy of PROJ's data (proj.db).

Set before anything imports pyproj or pyogrio, and over any PROJ_DATA of the machine, whose proj.db may be
of another PROJ version."""
import os
import sys

_proj = os.path.join(getattr(sys, "_MEIPASS", ""), "proj_data")
if os.path.exists(os.path.join(_proj, "proj.db")):
    os.environ["PROJ_DATA"] = _proj
    os.environ["PROJ_LIB"] = _proj
