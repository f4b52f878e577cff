"""`gridsafe` with PostgreSQL addresses, as users write them: through the server's Unix socket
(`postgresql+psycopg://USER@/DB?host=DIR`) and over TCP (`…@127.0.0.1:PORT/DB`). An address reaches the
database or fails with a Chinese message naming it; it is never taken for a file path (issue 12: `init`
made a SQLite file in folders named `postgresql+psycopg:/…` under the current directory)."""
from __future__ import annotations

import argparse
import os
import socket
import subprocess
import sys
from pathlib import Path

import psycopg
import pytest
from sqlalchemy.engine import make_url

from desktop.cli import main, parser
from tests.io import files

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture
def cwd(tmp_path, monkeypatch):
    """An empty current directory: a mistaken relative path would land here."""
    d = tmp_path / "cwd"
    d.mkdir()
    monkeypatch.chdir(d)
    return d


@pytest.fixture
def database(pg_server):
    """A new empty database and the ways of writing its address."""
    socket_url = pg_server.new_database()
    name = make_url(socket_url).database
    user, host, port = pg_server.user, pg_server.dir, pg_server.port
    return argparse.Namespace(
        name=name,
        socket=socket_url,
        tcp=f"postgresql+psycopg://{user}@127.0.0.1:{port}/{name}",
        plain_socket=f"postgresql://{user}@/{name}?host={host}",   # no driver named
        short_tcp=f"postgres://{user}@127.0.0.1:{port}/{name}",
        query=lambda sql: _query(pg_server, name, sql),
    )


def _query(pg_server, name, sql):
    with psycopg.connect(host=str(pg_server.dir), port=pg_server.port, user=pg_server.user, dbname=name) as c:
        return c.execute(sql).fetchone()[0]


def _tables(db) -> int:
    """gridsafe's tables in the database (PostGIS's own spatial_ref_sys does not count)."""
    return db.query("SELECT count(*) FROM information_schema.tables WHERE table_schema = 'public' "
                    "AND table_type = 'BASE TABLE' AND table_name <> 'spatial_ref_sys'")


def test_init_over_tcp_then_read_and_write_over_the_socket(database, cwd, tmp_path, capsys):
    assert main(["init", database.tcp, "--name", "网络项目"]) == 0
    assert "已创建项目" in capsys.readouterr().out
    assert database.query("SELECT value FROM project_setting WHERE key = 'name'") == "网络项目"

    assert main(["info", database.socket]) == 0
    assert "项目：网络项目" in capsys.readouterr().out

    kmz = files.kmz_with_folders(tmp_path)
    assert main(["import", database.socket, str(kmz), "--layer", "sites"]) == 0
    assert "导入 3" in capsys.readouterr().out
    assert database.query("SELECT count(*) FROM site") == 3
    assert list(cwd.iterdir()) == []


def test_the_reported_command_then_read_and_write_over_tcp(database, cwd, capsys):
    """`gridsafe init "postgresql+psycopg://USER@/DB?host=DIR" --demo`, run as a user runs it (its own
    process, in the current directory), fills the database."""
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    run = subprocess.run([sys.executable, "-m", "desktop.cli", "init", database.socket, "--demo"],
                         check=False, capture_output=True, text=True, cwd=cwd, env=env)
    assert run.returncode == 0, run.stderr
    assert list(cwd.iterdir()) == []
    hazards = database.query("SELECT count(*) FROM hazard")
    assert hazards > 0

    assert main(["hazards", "list", database.tcp]) == 0
    assert len(capsys.readouterr().out.splitlines()) >= hazards

    events = database.query("SELECT count(*) FROM hazard_event")
    first = database.query("SELECT min(id) FROM hazard")
    assert main(["hazards", "transition", database.tcp, str(first), "note", "--actor", "张三",
                 "--note", "经由网络地址写入"]) == 0
    assert database.query("SELECT count(*) FROM hazard_event") == events + 1
    assert list(cwd.iterdir()) == []


def test_addresses_without_a_driver_use_psycopg(database, cwd, capsys):
    """SQLAlchemy 2.0 picks psycopg2 for postgresql:// (not installed) and knows no postgres://."""
    assert main(["init", database.plain_socket]) == 0
    assert _tables(database) > 0
    assert main(["info", database.short_tcp]) == 0
    assert "项目：" in capsys.readouterr().out
    assert list(cwd.iterdir()) == []


# --- failures: a clear message naming the address, exit 2, nothing created ------------------------

def _unreachable(pg_server, database):
    with socket.socket() as s:   # a port nobody listens on
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    return f"postgresql+psycopg://{pg_server.user}:秘密口令@127.0.0.1:{port}/{database.name}"


def _fails(argv, capsys, *words) -> str:
    assert main(argv) == 2
    err = capsys.readouterr().err
    assert err.startswith("错误：") and "Traceback" not in err
    for w in words:
        assert w in err, (w, err)
    return err


def test_unreachable_server(pg_server, database, cwd, capsys):
    url = _unreachable(pg_server, database)
    for argv in (["init", url], ["init", url, "--demo"], ["info", url], ["db", "upgrade", url]):
        err = _fails(argv, capsys, "连不上数据库服务器", "127.0.0.1")
        assert "秘密口令" not in err and "***" in err
    assert list(cwd.iterdir()) == []


def test_missing_database_and_unknown_user(pg_server, database, cwd, capsys):
    missing = f"postgresql+psycopg://{pg_server.user}@/没有这个库?host={pg_server.dir}"
    for argv in (["init", missing], ["info", missing]):
        _fails(argv, capsys, "数据库“没有这个库”不存在")
    stranger = database.tcp.replace(f"{pg_server.user}@", "无名氏@")
    _fails(["init", stranger], capsys, "用户“无名氏”", "127.0.0.1")
    assert _tables(database) == 0
    assert list(cwd.iterdir()) == []


@pytest.mark.parametrize("address", ["mysql://root@localhost/gridsafe", "postgresql+asyncpg://u@h/db",
                                     "postgresql+psycopg:/gridsafe@/db?host=/run/postgresql"])
def test_unknown_or_broken_address_is_refused(address, cwd, capsys):
    """A scheme gridsafe does not speak, and the address a path conversion leaves ("//" made "/")."""
    for argv in (["init", address], ["info", address], ["open", address], [address]):
        _fails(argv, capsys, address.split(":")[0])
    assert list(cwd.iterdir()) == []


def _commands(p=None, prefix=()):
    """Every subcommand that takes a project, with its required options."""
    p = p or parser()
    for a in p._actions:
        if isinstance(a, argparse._SubParsersAction):
            for name, sub in a.choices.items():
                yield from _commands(sub, (*prefix, name))
            return
    if any(a.dest == "project" for a in p._actions):
        yield prefix, [a for a in p._actions if a.required and a.dest != "project"]


# a value for each required argument of the subcommands; a new subcommand may need a line here
FILL = {"file": "数据.kmz", "out": "{out}/结果", "hazard": "1", "action": "note", "actor": "张三", "year": "2026",
        "season": "1", "person": "张三", "date": "2026-11-24", "place": "1", "from_date": "2026-11-24",
        "to_date": "2026-11-25", "area": "1", "period": "2026-11", "assignment": "1",
        "works": "1", "site": "1", "found": "0", "id": "1", "name": "zhang", "files": "{out}/轨迹.gpx",
        "channel": "电话", "description": "占道堆放", "at": "113.3,33.65", "ref": "1", "to": "张三", "result": "属实",
        "text": "已处理", "amount": "100", "by": "张三"}
MORE = {("patrol", "visit"): ["--stop", "1"]}   # options one of which is needed
# commands that read their input file before the project: given a good one, so the project is what fails
GOOD_FILE = {("campaign", "add"): ("专项行动.yaml", "name: 专项行动\nstart: 2026-11-01\nend: 2027-06-30\n")}


def _argv(command, required, project, out) -> list[str]:
    argv = [*command, project, *MORE.get(command, [])]
    fill = dict(FILL)
    if command in GOOD_FILE:
        name, text = GOOD_FILE[command]
        good = out.parent / name
        good.write_text(text, encoding="utf-8")
        fill["file"] = str(good)
    for a in required:
        value = a.choices[0] if a.choices else fill[a.dest].format(out=out)
        argv += [*a.option_strings[:1], value] if a.option_strings else [value]
    return argv


def test_every_subcommand_names_the_unreachable_server(pg_server, database, cwd, tmp_path, capsys):
    url = _unreachable(pg_server, database)
    out = tmp_path / "out"
    out.mkdir()
    commands = [c for c in _commands() if c[0] != ("open",)]
    assert len(commands) > 20
    for command, required in commands:
        _fails(_argv(command, required, url, out), capsys, "连不上数据库服务器", "127.0.0.1")
    assert list(cwd.iterdir()) == [] and list(out.iterdir()) == []


# --- the window, the demo's all-or-nothing, and the decision itself -------------------------------

def test_an_address_alone_or_after_open_goes_to_the_window(database, monkeypatch):
    import desktop.app

    opened = []
    monkeypatch.setattr(desktop.app, "run", lambda target=None: opened.append(target) or 0)
    assert main([database.plain_socket]) == 0
    assert main(["open", database.tcp]) == 0
    assert opened == [database.plain_socket, database.tcp]


def test_the_window_opens_an_address_and_names_a_wrong_one(pg_server, database, cwd, qtbot, monkeypatch):
    from desktop import main_window

    shown = []
    monkeypatch.setattr(main_window.QMessageBox, "warning", lambda parent, title, text: shown.append((title, text)))
    assert main(["init", database.socket, "--name", "窗口项目"]) == 0
    w = main_window.MainWindow()
    qtbot.addWidget(w)
    try:
        assert w.open_project(database.short_tcp)
        assert w.windowTitle().startswith("窗口项目")
        with_password = database.tcp.replace("@", ":秘密口令@")   # the test server trusts, ignores it
        assert w.open_project(with_password)
        assert "***" in w.status.text() and "秘密口令" not in w.status.text()
        assert "秘密口令" not in str(main_window.settings().value("project/last"))
        assert not w.open_project(database.tcp.replace(f"/{database.name}", "/没有这个库"))
        assert shown[-1][0] == "无法打开项目" and "数据库“没有这个库”不存在" in shown[-1][1]
        assert not w.open_project(_unreachable(pg_server, database))
        assert "连不上数据库服务器" in shown[-1][1] and "秘密口令" not in shown[-1][1]
        assert w.project is not None and w.project.url.startswith("postgresql+psycopg://")
    finally:
        if w.project is not None:
            w.project.close()
    assert list(cwd.iterdir()) == []


@pytest.mark.parametrize("stop", [KeyboardInterrupt, RuntimeError])
def test_a_demo_init_that_stops_leaves_the_database_empty(stop, database, cwd, monkeypatch, capsys):
    import gis.demo.load

    def broken(project, *a, **kw):
        raise stop()

    monkeypatch.setattr(gis.demo.load, "load_demo", broken)
    assert main(["init", database.socket, "--demo"]) in (130, 1)
    assert _tables(database) == 0
    monkeypatch.undo()
    monkeypatch.chdir(cwd)
    assert main(["init", database.tcp]) == 0   # the same database takes a new project
    assert list(cwd.iterdir()) == []


@pytest.mark.parametrize("given, url", [
    ("postgres://u@h/db", "postgresql+psycopg://u@h/db"),
    ("postgresql://u@/db?host=/run/postgresql", "postgresql+psycopg://u@/db?host=/run/postgresql"),
    ("PostgreSQL+psycopg2://u:p%40ss@h:6432/db?sslmode=require", "postgresql+psycopg://u:p%40ss@h:6432/db?sslmode=require"),
    ("sqlite:////srv/p.gridsafe", "sqlite:////srv/p.gridsafe"),
])
def test_addresses_become_psycopg_urls(given, url):
    from gis import store

    assert store.to_url(given) == url


@pytest.mark.parametrize("path", ["张庄.gridsafe", "C:/项目/张庄.gridsafe", "data/a:b.gridsafe", "~/p.gridsafe"])
def test_paths_stay_paths(path, cwd):
    from gis import store

    assert store.to_url(path).startswith("sqlite:///") and not store.is_address(path)


def test_messages_hide_the_password():
    from gis import store

    assert store.describe("postgresql+psycopg://u:秘密@h/db") == "postgresql+psycopg://u:***@h/db"
    assert store.describe("postgresql+psycopg://u@/db?host=/run/postgresql") == "postgresql+psycopg://u@/db?host=/run/postgresql"
