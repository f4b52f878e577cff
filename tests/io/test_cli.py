"""`gridsafe import` / `gridsafe export` end to end: fixtures in, files out, errors as Chinese on stderr."""
from __future__ import annotations

import pyogrio

from desktop.cli import main
from tests.io import files
from tests.io.files import counts


def test_import_needs_crs_then_imports_and_saves_report(sqlite_world, tmp_path, capsys):
    path = files.gk_shapefile_without_prj(tmp_path)
    project = sqlite_world.url.removeprefix("sqlite:///")
    before = counts(sqlite_world)
    assert main(["import", project, str(path), "--layer", "sites"]) == 2
    err = capsys.readouterr().err
    assert err.startswith("错误：") and "测量成果.shp" in err and "--crs EPSG:4526" in err
    assert counts(sqlite_world) == before
    report = tmp_path / "报告.xlsx"
    assert main(["import", project, str(path), "--layer", "sites", "--crs", "EPSG:4526",
                 "--report", str(report)]) == 0
    out = capsys.readouterr().out
    assert "导入 3" in out and report.exists()
    assert counts(sqlite_world)["site"] == before["site"] + 3


def test_import_gcj_spreadsheet_and_kmz(sqlite_world, tmp_path, capsys):
    project = sqlite_world.url.removeprefix("sqlite:///")
    assert main(["import", project, str(files.gcj_workbook(tmp_path)), "--layer", "sites",
                 "--source-coords", "gcj02"]) == 0
    assert "GCJ02" in capsys.readouterr().out
    assert main(["import", project, str(files.kmz_with_folders(tmp_path)), "--layer", "sites"]) == 2
    assert "重复" in capsys.readouterr().err  # the same three sites again


def test_export_command(sqlite_world, tmp_path, capsys):
    project = sqlite_world.url.removeprefix("sqlite:///")
    out = tmp_path / "网格.kmz"
    assert main(["export", project, "--layer", "grids", "--format", "kmz", str(out)]) == 0
    assert len(pyogrio.read_dataframe(f"/vsizip/{out}/doc.kml")) == 8
    assert main(["export", project, "--layer", "grids", "--layer", "sites", str(tmp_path / "x.csv")]) == 2
    assert "只能放一个图层" in capsys.readouterr().err
