"""Opening a bad file in the window shows the Chinese reason, keeps the open project, changes nothing."""
from __future__ import annotations

import hashlib

import pytest

from desktop import main_window
from gis import store
from tests import smallworld


@pytest.fixture
def window(qtbot, tmp_path, monkeypatch):
    shown = []
    monkeypatch.setattr(main_window.QMessageBox, "warning", lambda parent, title, text: shown.append((title, text)))
    good = tmp_path / "good.gridsafe"
    with store.create_project(good, name="好项目") as p, p.transaction() as s:
        smallworld.build(s)
    w = main_window.MainWindow()
    qtbot.addWidget(w)
    assert w.open_project(str(good))
    w.shown = shown
    yield w
    if w.project is not None:
        w.project.close()


def test_not_a_project(window, tmp_path):
    bad = tmp_path / "名单.csv"
    bad.write_text("名称,经度,纬度\n", encoding="utf-8")
    before = hashlib.sha256(bad.read_bytes()).hexdigest()
    assert not window.open_project(str(bad))
    title, text = window.shown[-1]
    assert title == "无法打开项目" and "不是 gridsafe 项目" in text and "Traceback" not in text
    assert hashlib.sha256(bad.read_bytes()).hexdigest() == before
    assert window.project is not None and window.project.url.endswith("good.gridsafe")


def test_newer_schema(window, tmp_path):
    newer = tmp_path / "newer.gridsafe"
    with store.create_project(newer) as p, p.engine.begin() as c:
        c.exec_driver_sql("UPDATE alembic_version SET version_num = '9999'")
    assert not window.open_project(str(newer))
    assert "更新版本的 gridsafe" in window.shown[-1][1]
