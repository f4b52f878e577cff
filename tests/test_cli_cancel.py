"""Ctrl+C on a long command, for real: `gridsafe` runs in a child process, which is sent SIGINT while
the job is under way (rows in the open transaction, or a file half-written). The project and the
output folder are as they were, the message is 已取消，未做任何修改 and the exit code 130. The
terminal progress bar is checked on its own (it is drawn only when stderr is a terminal)."""
from __future__ import annotations

import io
import os
import signal
import subprocess
import sys
from pathlib import Path

import pytest
from sqlalchemy import func, select

from desktop.commands.progress import TerminalBar, width
from gis import store
from gis.model import Site
from tests import smallworld
from tests.io import files

ROOT = Path(__file__).resolve().parent.parent

# Runs `gridsafe ARGS…` with one function held after it has done its work (HOLD=module:function), so
# the test knows the job is under way when it presses Ctrl+C. With STUBBORN=1 the hold ignores the
# cancel (a job between checkpoints) and only a second Ctrl+C ends it.
CHILD = r"""
import importlib, os, sys, time
from gis.feedback import Feedback

module_name, name = os.environ["HOLD"].split(":")
module = importlib.import_module(module_name)
real = getattr(module, name)
stubborn = os.environ.get("STUBBORN") == "1"
cancels = []
real_cancel = Feedback.cancel

def cancel(self):
    cancels.append(1)
    real_cancel(self)

Feedback.cancel = cancel

def held(*args, **kw):
    result = real(*args, **kw)
    print("UNDER-WAY", flush=True)
    deadline = time.monotonic() + 60
    while (stubborn or not cancels) and time.monotonic() < deadline:
        time.sleep(0.01)
    return result

setattr(module, name, held)
from desktop.cli import main
sys.exit(main(sys.argv[1:]))
"""


def run_interrupted(args: list[str], hold: str, *, presses: int = 1, stubborn: bool = False):
    env = {**os.environ, "HOLD": hold, "PYTHONPATH": str(ROOT), "QT_QPA_PLATFORM": "offscreen",
           "STUBBORN": "1" if stubborn else "0"}
    child = subprocess.Popen([sys.executable, "-c", CHILD, *args], stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                             text=True, env=env)
    try:
        line = child.stdout.readline()
        assert line.strip() == "UNDER-WAY", line + child.stderr.read()
        for press in range(presses):
            child.send_signal(signal.SIGINT)
            if press < presses - 1:       # press again only once this press was heard
                heard = [child.stderr.readline()]
                while "正在取消" not in heard[-1] and heard[-1] and len(heard) < 100:
                    heard.append(child.stderr.readline())
                assert "正在取消" in heard[-1], heard
        out, err = child.communicate(timeout=60)
    finally:
        if child.poll() is None:
            child.kill()
    return child.returncode, out, err


@pytest.fixture
def project(tmp_path):
    path = tmp_path / "w.gridsafe"
    with store.create_project(path) as p, p.transaction() as s:
        smallworld.build(s)
    return path


def site_count(path) -> int:
    with store.open_project(path, readonly=True) as p, p.session() as s:
        return s.scalar(select(func.count()).select_from(Site))


def test_ctrl_c_during_the_import_rolls_back_and_exits_130(project, tmp_path):
    shp = files.gbk_shapefile_without_cpg(tmp_path)
    before = site_count(project)
    # held after the rows are inserted: they are in the open transaction when Ctrl+C comes
    code, out, err = run_interrupted(["import", str(project), str(shp), "--layer", "sites"], "gis.bulk:bulk_insert")
    assert code == 130, err
    assert "已取消，未做任何修改" in err and "Traceback" not in err
    assert "导入" not in out
    assert site_count(project) == before


def test_a_second_ctrl_c_interrupts_at_once_and_still_rolls_back(project, tmp_path):
    shp = files.gbk_shapefile_without_cpg(tmp_path)
    before = site_count(project)
    code, _, err = run_interrupted(["import", str(project), str(shp), "--layer", "sites"], "gis.bulk:bulk_insert",
                                   presses=2, stubborn=True)
    assert code == 130 and "已取消，未做任何修改" in err and "Traceback" not in err
    assert site_count(project) == before


def test_ctrl_c_during_an_export_leaves_no_file(project, tmp_path):
    out_dir = tmp_path / "导出"
    out_dir.mkdir()
    code, _, err = run_interrupted(["export", str(project), str(out_dir / "全部.gpkg"), "--layer", "all"],
                                   "gis.io.export:_write_ogr")
    assert code == 130 and "已取消，未做任何修改" in err
    assert list(out_dir.iterdir()) == []


def test_the_bar_shows_counts_percent_and_time_left():
    now = [100.0]
    stream = io.StringIO()
    bar = TerminalBar("路线单", stream, enabled=True, clock=lambda: now[0])
    now[0] = 130.0                       # 30 s for the first quarter: 90 s to go
    bar(0.25, "正在打印巡查路线单 85/340")
    line = stream.getvalue().split("\r")[-1].rstrip()
    assert line.startswith("路线单  [██████░░░░░░░░░░░░░░░░░░]  25%  正在打印巡查路线单 85/340  剩余约 1:30")
    bar.clear()
    assert stream.getvalue().endswith("\r")
    assert width("正在打印 12/340") == 15


def test_no_bar_when_stderr_is_not_a_terminal():
    stream = io.StringIO()
    bar = TerminalBar("导入", stream)
    bar(0.5, "写入项目")
    bar.clear()
    assert stream.getvalue() == ""


def test_the_bar_redraws_a_new_count_at_most_ten_times_a_second_and_a_new_stage_at_once():
    now = [0.0]
    stream = io.StringIO()
    bar = TerminalBar("", stream, enabled=True, clock=lambda: now[0])
    bar(0.1, "正在读取图层 1/10")
    bar(0.2, "正在读取图层 2/10")        # the same instant, only the count changed: not drawn
    bar(0.2, "正在写入 全部.gpkg")       # a new stage: drawn
    now[0] = 0.2
    bar(0.3, "正在写入 全部.gpkg 3/10")
    drawn = [d.strip() for d in stream.getvalue().split("\r") if d.strip()]
    assert [d.split("  ")[2] for d in drawn] == ["正在读取图层 1/10", "正在写入 全部.gpkg", "正在写入 全部.gpkg 3/10"]
