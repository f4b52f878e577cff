"""The messages gis/ makes on a first user's way (issue 19's Done-when: create a project, import sites, record a
hazard) have English as well as Chinese: every refusal raised in the covered modules (the import path, the hazard
workflow, project open and create) is given its English where it is made (en=...), each per-row reason of the
import report too, and the English names the same file, row and field."""
from __future__ import annotations

import ast
import importlib
import inspect
from pathlib import Path

import pytest

from gis.errors import GridsafeError
from gis.io.importer import ImportOptions, import_file
from gis.io.readers import read_source
from tests.io.files import counts

ROOT = Path(__file__).resolve().parents[2]

# the modules whose messages are said in both languages: a new raise there without English fails below
COVERED = [
    "gis.io.readers", "gis.io.encoding", "gis.io.read_table", "gis.io.read_ogr", "gis.io.read_kml", "gis.io.read_gpx",
    "gis.io.read_tracks", "gis.io.safexml", "gis.io.xlsx_budget", "gis.io.geo_budget", "gis.io.isolated",
    "gis.io.mapping", "gis.io.targets", "gis.io.importer", "gis.io.values", "gis.io.export", "gis.io.table_export",
    "gis.io.errors", "gis.errors", "gis.feedback",
    "gis.hazards.workflow", "gis.hazards.signoff", "gis.store", "gis.trust", "gis.township",
    "gis.patrols.sheets", "gis.patrols.periods", "gis.atomic", "gis.patrols.rounds", "gis.hazards.notice",
    "gis.hazards.sector_list", "gis.hazards.escalation", "gis.attributes", "gis.people", "gis.stats.report", "gis.hazards.self_checks", "gis.repo", "gis.grids", "gis.tipoffs.register", "gis.address",
]
COVERED += ["gis.stats.kpis", "gis.stats.report_docx", "gis.stats.compute", "gis.stats.campaigns", "gis.stats.calendar",
            "gis.tipoffs.rules", "gis.fire.registers", "gis.fire.seasons", "gis.fire.roster", "gis.fire.wall_map",
            "gis.fire.key_periods", "gis.fire.duty_posts", "gis.gas.notice", "gis.gas.sheets", "gis.gas.works",
            "gis.gas.rules", "gis.demo.load", "gis.demo.stages.self_checks"]  # stats, tip-off rules, fire, gas, demo
COVERED += ["gis.editing", "gis.editing.commands", "gis.editing.coordinates", "gis.editing.reshape", "gis.editing.history",
            "gis.editing.numbering", "gis.editing.rows", "gis.editing.vertices", "gis.accounts", "gis.permissions",
            "gis.bulk", "gis.topology_check", "gis.patrols.evidence", "gis.patrols.results", "gis.patrols.lines",
            "gis.patrols.edit", "gis.patrols.rules", "gis.patrols.line_rules", "gis.dbcopy", "gis.repair"]  # editing, accounts, bulk, topology, patrols, dbcopy, repair

REASON_ADDERS = {"add": 5, "RowProblem": 4, "BadValue": 2}   # report.add(kind, row, field, zh, en), ...


def _name(func: ast.expr) -> str | None:
    return func.id if isinstance(func, ast.Name) else func.attr if isinstance(func, ast.Attribute) else None


def _error_class(module, name: str):
    cls = getattr(module, name, None)
    if cls is None:   # imported inside a function: look in the modules that define the errors
        for where in ("gis.errors", "gis.io.errors", "gis.feedback"):
            cls = getattr(importlib.import_module(where), name, None) or cls
    return cls if inspect.isclass(cls) and issubclass(cls, GridsafeError) else None


def _without_english(module_name: str) -> list[str]:
    module = importlib.import_module(module_name)
    path = Path(module.__file__)
    out = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if not isinstance(node, ast.Call) or (name := _name(node.func)) is None:
            continue
        where = f"{path.relative_to(ROOT)}:{node.lineno} {name}(...)"
        keywords = {k.arg for k in node.keywords}
        cls = _error_class(module, name)
        if cls is not None:
            takes_en = "en" in inspect.signature(cls.__init__).parameters
            if takes_en and "en" not in keywords and node.args:   # a class without `en` words its English itself
                out.append(where)
        elif name in REASON_ADDERS and (name != "add" or _name(node.func.value) == "report"
                                        if isinstance(node.func, ast.Attribute) else True):
            if len(node.args) + len(keywords & {"en", "reason_en"}) < REASON_ADDERS[name]:
                out.append(where)
    return out


@pytest.mark.parametrize("module", COVERED)
def test_every_refusal_of_the_import_path_has_english(module):
    assert _without_english(module) == []


def test_text_picks_the_language():
    e = GridsafeError("文件 a.csv 是空文件", en="File a.csv is empty")
    assert (e.message, e.text("zh"), e.text("en")) == ("文件 a.csv 是空文件", "文件 a.csv 是空文件", "File a.csv is empty")
    assert GridsafeError("只有中文").text("en") == "只有中文"   # no English given: the Chinese rather than nothing


def test_a_refusal_names_the_file_in_english(tmp_path):
    path = tmp_path / "企业.xlsx"
    path.write_text("经度,纬度\n1,2\n", encoding="utf-8")     # text in an xlsx's clothes
    with pytest.raises(GridsafeError) as e:
        read_source(path)
    assert "企业.xlsx" in e.value.message and "企业.xlsx" in e.value.en
    assert "does not contain Excel (xlsx)" in e.value.en and "text" in e.value.en


def test_the_rejected_rows_of_an_import_have_english_reasons(sqlite_world, tmp_path):
    path = tmp_path / "企业.csv"
    path.write_text("名称,经度,纬度,场所类别\n甲,113.1,abc,\n乙,113.2,33.8,不存在的类别\n", encoding="utf-8")
    before = counts(sqlite_world)
    with pytest.raises(GridsafeError) as e:
        import_file(sqlite_world, path, ImportOptions("sites", crs="EPSG:4490"))
    assert counts(sqlite_world) == before
    assert e.value.message.startswith("文件 企业.csv 有 2 行数据未通过检查")      # the Chinese as it was
    assert e.value.en.startswith("2 rows of file 企业.csv did not pass the checks; nothing was imported")
    assert '企业.csv, row 2, field "纬度": "abc" is not a number' in e.value.en
    english = [i.reason_in("en") for i in e.value.report.rejected]
    assert english and all(r.isascii() or "不存在的类别" in r for r in english), english
