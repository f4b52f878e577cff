"""`gridsafe` subcommands, run as a user runs them."""
from __future__ import annotations

import hashlib
import os
import subprocess
import sys

from desktop.cli import main
from gis import store
from tests import smallworld


def _world(path):
    with store.create_project(path, name="测试街道") as p, p.transaction() as s:
        smallworld.build(s)


def test_init_then_info(tmp_path, capsys):
    path = tmp_path / "new.gridsafe"
    assert main(["init", str(path), "--name", "新项目"]) == 0
    assert "已创建项目" in capsys.readouterr().out
    assert main(["info", str(path)]) == 0
    out = capsys.readouterr().out
    assert "项目：新项目" in out and "网格：共 0" in out


def test_info_counts_per_layer_and_state(tmp_path, capsys):
    path = tmp_path / "w.gridsafe"
    _world(path)
    assert main(["info", str(path)]) == 0
    out = capsys.readouterr().out
    for line in ("网格：共 8", "  综合网格：8", "  燃气管道：1，16.7 公里", "  已销号：1", "逾期未销号隐患：1", "  村/社区：2"):
        assert line in out.splitlines(), line


def test_info_json(tmp_path, capsys):
    import json

    path = tmp_path / "w.gridsafe"
    _world(path)
    assert main(["info", str(path), "--json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["hazard"] == {"assigned": 1, "closed": 1, "rectifying": 1, "registered": 1}
    assert data["project"]["name"] == "测试街道"


def test_bad_file_exits_nonzero_with_message_and_no_change(tmp_path):
    bad = tmp_path / "台账.xlsx"
    bad.write_bytes(b"PK\x03\x04 not really a project")
    before = hashlib.sha256(bad.read_bytes()).hexdigest()
    for args in (["info", str(bad)], ["db", "upgrade", str(bad)]):
        run = subprocess.run([sys.executable, "-m", "desktop.cli", *args], capture_output=True, text=True)
        assert run.returncode == 2
        assert "不是 gridsafe 项目" in run.stderr and "Traceback" not in run.stderr
    assert hashlib.sha256(bad.read_bytes()).hexdigest() == before


def test_db_upgrade(tmp_path, capsys):
    path = tmp_path / "old.gridsafe"
    _world(path)
    with store.open_project(path) as p:
        store.migrate(p, "0001")
    assert main(["info", str(path)]) == 2
    assert "gridsafe db upgrade" in capsys.readouterr().err
    assert main(["db", "upgrade", str(path)]) == 0
    assert f"升级到 {store.head_revision()}" in capsys.readouterr().out
    assert main(["db", "upgrade", str(path)]) == 0
    assert "无需升级" in capsys.readouterr().out
    assert main(["info", str(path)]) == 0


def test_a_project_file_given_alone_opens_the_window_on_it(tmp_path, monkeypatch):
    """`gridsafe 项目.gridsafe` (a double-click on the file, the installer's file association) = open."""
    import desktop.app

    path = tmp_path / "张庄 街道.gridsafe"
    _world(path)
    opened = []
    monkeypatch.setattr(desktop.app, "run", lambda target=None: opened.append(target) or 0)
    assert main([str(path)]) == 0
    assert main(["open", str(path)]) == 0
    assert opened == [str(path), str(path)]
    assert main([]) == 0 and opened[-1] is None          # no file: the demo, as before


def test_a_mistyped_command_is_still_refused(tmp_path, capsys):
    import pytest

    with pytest.raises(SystemExit) as exit_:
        main(["inf", str(tmp_path / "x.gridsafe")])
    assert exit_.value.code == 2
    assert "inf" in capsys.readouterr().err


def test_dates_are_read_one_way_and_refused_in_chinese(tmp_path, capsys):
    import pytest

    path = tmp_path / "w.gridsafe"
    _world(path)
    for args in (["fire", "patrols", str(path), "--date", "下周一"],
                 ["hazards", "list", str(path), "--today", "2026/11/22"],
                 ["patrol", "visit", str(path), "--stop", "1", "--at", "上午九点"]):
        with pytest.raises(SystemExit) as exit_:
            main(args)
        assert exit_.value.code == 2
        err = capsys.readouterr().err
        assert "无法识别的" in err and "2026-11-24" in err, err


def test_output_piped_into_a_reader_that_has_gone(tmp_path):
    """`gridsafe hazards list … | head -1`: when the reader has closed the pipe, gridsafe stops quietly (no
    "意外问题", no traceback in the log), as command-line tools do. The read end is closed before the child has
    started Python, so its first write meets a closed pipe."""
    path = tmp_path / "w.gridsafe"
    _world(path)
    state = tmp_path / "state"
    proc = subprocess.Popen([sys.executable, "-m", "desktop.cli", "hazards", "list", str(path)],
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                            env={**os.environ, "XDG_STATE_HOME": str(state)})
    proc.stdout.close()
    err = proc.stderr.read()
    assert proc.wait(timeout=60) == 141
    assert "意外问题" not in err and "Traceback" not in err and "BrokenPipe" not in err
    assert "BrokenPipe" not in "".join(p.read_text(encoding="utf-8") for p in state.rglob("*.log"))
