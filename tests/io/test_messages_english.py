"""The messages gis/ makes have English as well as Chinese: every refusal raised in any module of gis/ is given its
English where it is made (en=...), each per-row reason of the import report too (an AST scan: a new raise without
English fails), and on a first user's way (import, hazard form) the English names the same file, row and field."""
from __future__ import annotations

import ast
import importlib
import inspect
import pkgutil
from pathlib import Path

import pytest

from gis.errors import GridsafeError
from gis.io.importer import ImportOptions, import_file
from gis.io.readers import read_source
from tests.io.files import counts

ROOT = Path(__file__).resolve().parents[2]

def _gis_modules() -> list[str]:
    """Every module of gis/: each refusal raised anywhere there is said in both languages."""
    import gis

    return sorted(m.name for m in pkgutil.walk_packages(gis.__path__, "gis."))


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


@pytest.mark.parametrize("module", _gis_modules())
def test_every_refusal_made_in_gis_has_english(module):
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
