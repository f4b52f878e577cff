"""Two workstations on one PostgreSQL database (two MainWindows in this process, each with its own Project): what one
commits shows at the other within 2 s without reopening — a hazard saved in the form, a site moved by plain SQL
(psql, QGIS) — a conflicting save is refused naming who changed the hazard, and a listener whose connection the
server ends reconnects and reloads everything."""
from __future__ import annotations

import numpy as np
import psycopg
import pytest
from PySide6.QtCore import Qt
from sqlalchemy import select

from gis import live, store
from gis.changes import Change
from gis.model import Hazard, Person, Site
from tests import smallworld
from tests.windows import open_window, private_settings

LIVE_MS = 2000   # the promise: another workstation's change shows within 2 s


def hazard_feature(w):
    return next(f for f in w.features if type(f).__name__ == "HazardFeature")


def _psql(url: str) -> psycopg.Connection:
    engine = store._make_engine(url)
    args, kwargs = engine.dialect.create_connect_args(engine.url)
    engine.dispose()
    return psycopg.connect(*args, **kwargs, autocommit=True)


@pytest.fixture
def workstations(qtbot, pg_server, monkeypatch):
    from desktop.features import hazards as feature_module

    def no_dialog(_parent, title, text, *a, **k):   # a modal box would hang the test: fail with its text
        raise AssertionError(f"{title}: {text}")

    monkeypatch.setattr(feature_module.QMessageBox, "warning", no_dialog)
    monkeypatch.setattr(feature_module.QMessageBox, "information", no_dialog)
    private_settings(monkeypatch)
    url = pg_server.new_database()
    with store.create_project(url) as project, project.transaction() as s:
        smallworld.build(s)
    windows = []
    for name in ("刘芳", "王强"):
        w = open_window(qtbot, url, (1000, 700))
        with w.project.session() as s:
            pid = s.scalar(select(Person.id).order_by(Person.id).where(Person.name == name)) or \
                s.scalar(select(Person.id).order_by(Person.id))
            w.operator.set(pid, name)
        f = hazard_feature(w)
        qtbot.waitUntil(lambda f=f: not f.ledger.is_loading() and not f.alerts.is_busy(), timeout=20000)
        assert w.live is not None and w.live.conn is not None
        windows.append(w)
    yield url, windows
    for w in windows:
        w.close()


def _descriptions(w) -> set[str]:
    ledger = hazard_feature(w).ledger
    if ledger.is_loading():
        return set()
    return {ledger.model.row_texts(r)["描述"] for r in range(ledger.model.rowCount())}


def test_a_hazard_saved_at_one_workstation_shows_at_the_other(qtbot, workstations):
    _url, (a, b) = workstations
    with a.project.session() as s:
        hid = s.scalar(select(Hazard.id).where(Hazard.description == "消防通道堵塞"))
    with b.project.session() as s:   # B's user is looking at another hazard
        looking_at = s.scalar(select(Hazard.id).where(Hazard.id != hid).order_by(Hazard.id))
    assert hazard_feature(b).ledger.select_hazard(looking_at)
    seen, own = [], []
    b.events.changed.connect(seen.append)
    a.events.changed.connect(own.append)
    other = hazard_feature(b).open_hazard(hid)           # B is editing the same field, not saved yet
    other.description.setPlainText("消防通道被电动车堵塞")
    form = hazard_feature(a).open_hazard(hid)
    form.description.setPlainText("消防通道被杂物堵塞")
    qtbot.mouseClick(form.save_button, Qt.MouseButton.LeftButton)
    assert form.hazard_id == hid, form.message()

    qtbot.waitUntil(lambda: "消防通道被杂物堵塞" in _descriptions(b), timeout=LIVE_MS)
    assert seen and all(c.kinds == {"hazards"} and c.ids_of("hazards") == {hid} and c.remote for c in seen), seen
    assert hazard_feature(b).ledger.current_hazard() == looking_at      # B's selection stays where B put it
    assert "消防通道堵塞" not in _descriptions(b)
    layer = b.stack.sources["hazards"].layer                  # B's map has the row re-read
    assert hid in layer.ids.tolist()

    # B's form keeps its unsaved edit of the field A changed: its save is refused, naming A's operator and change
    qtbot.mouseClick(other.save_button, Qt.MouseButton.LeftButton)
    message = other.message()
    assert "已被他人修改" in message and "刘芳" in message and "消防通道被杂物堵塞" in message, message
    with b.project.session() as s:
        assert s.get(Hazard, hid).description == "消防通道被杂物堵塞"
    # A announced its own save when it committed; its listener left the notification of it out
    qtbot.wait(400)
    assert own == [Change.of("hazards", hazards=[hid])]


def test_a_site_moved_by_plain_sql_shows_on_both_maps(qtbot, workstations):
    url, windows = workstations
    with windows[0].project.session() as s:
        sid = s.scalar(select(Site.id).where(Site.name == "荆山小学"))

    def where(w):
        layer = w.stack.sources["sites"].layer
        return layer.geoms[int(np.flatnonzero(layer.ids == sid)[0])]

    before = [where(w) for w in windows]
    with _psql(url) as conn:
        conn.execute("UPDATE site SET geom = ST_SetSRID(ST_MakePoint(113.345, 33.655), 4490) WHERE id = %s", (sid,))
    for w, old in zip(windows, before, strict=True):
        qtbot.waitUntil(lambda w=w: abs(where(w).x - 113.345) < 1e-9, timeout=LIVE_MS)
        assert abs(old.x - 113.345) > 1e-3


def test_a_lost_listener_reconnects_and_reloads_everything(qtbot, workstations, monkeypatch, tmp_path):
    import threading

    from gis import layers

    url, (a, b) = workstations
    seen = []
    b.events.changed.connect(seen.append)
    states = []
    b.live.state_changed.connect(states.append)
    shot = tmp_path / "reloading_status.png"
    b.live.state_changed.connect(lambda text: text == "正在重新载入…" and b.statusBar().grab().save(str(shot)))
    reads = []                       # (thread, layers) of every whole-layer read from now on
    load_all = layers.load_all

    def recorded(source, names=None, box=None):
        reads.append((threading.current_thread(), tuple(names or ())))
        return load_all(source, names, box)
    monkeypatch.setattr(layers, "load_all", recorded)
    with _psql(url) as conn:
        conn.execute("SELECT pg_terminate_backend(%s)", (b.live.conn.pgconn.backend_pid,))
        qtbot.waitUntil(lambda: b.live.reconnects == 1, timeout=10000)
        qtbot.waitUntil(lambda: states[-1:] == ["已重新连接"], timeout=10000)
        assert states == ["连接中断，正在重连…", "正在重新载入…", "已重新连接"]
        assert b.live_status.text() == "已重新连接" and shot.exists()
        assert live.everything() in seen                       # what was missed meanwhile is read again
        # the full reload read the map's layers on the task runner's worker, never on the UI thread
        assert reads and "sites" in {name for _t, names in reads for name in names}
        assert all(t is not threading.main_thread() and t.name.startswith("gridsafe-task") for t, _n in reads)
        conn.execute("UPDATE site SET name = '荆山中心小学' WHERE name = '荆山小学'")
    qtbot.waitUntil(lambda: "荆山中心小学" in b.stack.sources["sites"].layer.attrs["name"].tolist(), timeout=LIVE_MS)


def test_a_failed_reload_after_a_reconnect_stays_on_the_status_bar_until_one_succeeds(qtbot, workstations,
                                                                                     monkeypatch, tmp_path):
    """The reload after a reconnect fails: the status bar ends on 重新载入失败，请重新打开项目：… (not 已重新连接) and
    keeps it; a later reconnect whose reload succeeds says 已重新连接 again."""
    import os

    from gis import layers

    url, (_a, b) = workstations
    states = []
    b.live.state_changed.connect(states.append)

    def refused(*_a, **_k):
        raise store.ProjectError("服务器拒绝了读取")
    b._live_status_clear.setInterval(50)                # 已重新连接 would go away after this: a failure must not
    with _psql(url) as conn:
        with monkeypatch.context() as patched:
            patched.setattr(layers, "load_all", refused)
            conn.execute("SELECT pg_terminate_backend(%s)", (b.live.conn.pgconn.backend_pid,))
            qtbot.waitUntil(lambda: b.live.reconnects == 1 and b.live.reloading is None, timeout=10000)
            qtbot.wait(300)
        failed = "重新载入失败，请重新打开项目：服务器拒绝了读取"
        assert states == ["连接中断，正在重连…", "正在重新载入…", failed]
        assert b.live_status.isVisible() and b.live_status.text() == failed
        assert "请关闭并重新打开项目" in b.live_status.toolTip() and failed in b.live_status.toolTip()
        if os.environ.get("GRIDSAFE_SHOTS"):
            b.statusBar().grab().save(os.path.join(os.environ["GRIDSAFE_SHOTS"], "live_reload_failed.png"))
        conn.execute("SELECT pg_terminate_backend(%s)", (b.live.conn.pgconn.backend_pid,))
        qtbot.waitUntil(lambda: b.live.reconnects == 2 and b.live.reloading is None, timeout=10000)
        assert states[-1] == "已重新连接" and b.live.reload_error == ""
        qtbot.waitUntil(lambda: not b.live_status.isVisible(), timeout=10000)   # and then it goes away
