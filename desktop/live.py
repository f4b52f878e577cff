"""Live updates on PostgreSQL: what another workstation commits shows here without reopening.

A `Listener` holds its own psycopg connection (autocommit) that LISTENs on gis.live.CHANNEL. A QSocketNotifier on the
connection's socket wakes the UI thread when the server sends something; the notifications (migration 0018's
triggers, gis/live.py) are collected for COALESCE_MS and announced as one gis.changes.Change on the window's
events (desktop/events.py), so the map, the ledger and the docks refresh as after a local write. This project's own
writes (their `client` is `project.client_id`) were announced already and are left out.

When the connection goes away (the server restarted, the network dropped, an administrator ended it) the status bar
says 连接中断，正在重连…; reconnecting is tried every RETRY_MS on a task (desktop/tasks.py: a connect may wait for
the network), and once back — notifications sent meanwhile are lost — everything is reloaded (gis.live.everything()):
the window's `reload(change)` reads the map's layers on a task (desktop/tasks.py) while the status bar says
正在重新载入… and the window stays usable, then announces the change; the status bar says 已重新连接. Should that
reload fail, the status bar ends on 重新载入失败，请重新打开项目：… (`reload_error`) and keeps saying it until a later
reconnect reloads successfully. A SQLite project (single user) has no listener.
"""
from __future__ import annotations

import logging

from PySide6.QtCore import QObject, QSocketNotifier, QTimer, Signal

from gis import live

COALESCE_MS = 200      # a burst of notifications (one save touching several tables) becomes one change
RETRY_MS = 1000        # between reconnection attempts
CONNECT_TIMEOUT_S = 3

log = logging.getLogger("gridsafe")


def _connect(project):
    """A new autocommit psycopg connection to the project's database, listening (runs on a task's thread)."""
    import psycopg

    engine = project.engine
    args, kwargs = engine.dialect.create_connect_args(engine.url)
    # keepalives: a dead network is noticed within about half a minute even when the server cannot say so
    kwargs = {**kwargs, "autocommit": True, "connect_timeout": CONNECT_TIMEOUT_S, "keepalives": 1,
              "keepalives_idle": 10, "keepalives_interval": 5, "keepalives_count": 3,
              "application_name": "gridsafe live"}
    conn = psycopg.connect(*args, **kwargs)
    try:
        conn.execute(f"LISTEN {live.CHANNEL}")
    except BaseException:
        conn.close()
        raise
    return conn


class Listener(QObject):
    """Listens for `project`'s changes made elsewhere and announces them on `events` (ProjectEvents)."""

    state_changed = Signal(str)   # status bar text: "" (listening), 连接中断，正在重连…, 正在重新载入…, 已重新连接,
                                  # 重新载入失败，请重新打开项目：…

    LOST = "lost"

    def __init__(self, project, events, parent: QObject | None = None, *, reload=None) -> None:
        """`reload(change) -> desktop.tasks.Task`: read what `change` needs off the UI thread and announce it when
        read (the window's reload_in_background); None announces the change at once (listeners reload then)."""
        super().__init__(parent)
        self.project = project
        self.events = events
        self.reload = reload
        self.reloading = None      # the reload task after a reconnect, while it runs
        self.reload_error = ""     # why the last reload after a reconnect failed ("" = it did not)
        self.conn = None
        self._notifier: QSocketNotifier | None = None
        self._pending: list[live.Notice] = []
        self._flush = QTimer(self, singleShot=True, interval=COALESCE_MS)
        self._flush.timeout.connect(self._announce)
        self._retry = QTimer(self, singleShot=True, interval=RETRY_MS)
        self._retry.timeout.connect(self._reconnect)
        self._connecting = None
        self._stopped = False
        self.lost = False
        self.reconnects = 0    # how often the connection came back (tests, status)

    # --- life ----------------------------------------------------------------------------------

    def start(self) -> None:
        """Listen from now on. The first connection is made at once (the project has just been opened on this
        server); if it cannot be had, reconnecting starts as after a loss."""
        try:
            self._attach(_connect(self.project))
        except Exception as e:   # noqa: BLE001 — any failure to connect means: retry, and say so
            log.warning("live updates: cannot listen on %s: %s", self.project.name, e)
            self._went_away()

    def stop(self) -> None:
        self._stopped = True
        self._flush.stop()
        self._retry.stop()
        self._pending.clear()
        self._detach()

    def _attach(self, conn) -> None:
        self.conn = conn
        self._notifier = QSocketNotifier(conn.pgconn.socket, QSocketNotifier.Type.Read, self)
        self._notifier.activated.connect(self._readable)

    def _detach(self) -> None:
        if self._notifier is not None:
            self._notifier.setEnabled(False)
            self._notifier.deleteLater()
            self._notifier = None
        if self.conn is not None:
            try:
                self.conn.close()
            except Exception:   # noqa: BLE001 — a broken connection may fail to close; it is dropped either way
                pass
            self.conn = None

    # --- notifications -------------------------------------------------------------------------

    def _readable(self, *_args) -> None:
        """The server sent something: read every notification that arrived; a dead connection → reconnect."""
        from psycopg import pq

        conn = self.conn
        if conn is None:
            return
        pgconn = conn.pgconn
        try:
            pgconn.consume_input()
        except Exception as e:   # noqa: BLE001 — psycopg.OperationalError: the server went away
            log.info("live updates: connection lost: %s", e)
            self._went_away()
            return
        while (n := pgconn.notifies()) is not None:
            notice = live.parse(n.extra.decode("utf-8", "replace"))
            if notice is not None:
                self._pending.append(notice)
        if pgconn.status != pq.ConnStatus.OK:
            self._went_away()
            return
        if self._pending and not self._flush.isActive():
            self._flush.start()

    def _announce(self) -> None:
        notices, self._pending = self._pending, []
        change = live.change_of(notices, own=self.project.client_id)
        if change is not None and not self._stopped:
            self.events.announce(change)

    # --- losing the connection and getting it back ----------------------------------------------

    def _went_away(self) -> None:
        self._detach()
        if self._stopped:
            return
        if not self.lost:
            self.lost = True
            self.state_changed.emit(self.tr("连接中断，正在重连…"))
        self._retry.start()

    def _reconnect(self) -> None:
        from desktop.tasks import Task

        if self._stopped or self._connecting is not None:
            return
        project = self.project

        def attempt(_feedback):
            try:
                return _connect(project)
            except Exception as e:   # noqa: BLE001 — still away: try again later
                log.info("live updates: reconnect failed: %s", e)
                return None
        task = self._connecting = Task(attempt, title=self.tr("重新连接数据库"))
        task.succeeded.connect(self._connected)
        task.finished.connect(self._attempted)
        task.start()

    def _attempted(self) -> None:
        self._connecting = None
        if self.conn is None and not self._stopped:
            self._retry.start()

    def _connected(self, conn) -> None:
        if conn is None:
            return
        if self._stopped:
            conn.close()
            return
        self._attach(conn)
        self.lost = False
        self.reconnects += 1
        # what others committed while the connection was away was not heard: read everything again
        if self.reload is None:
            self.state_changed.emit(self.tr("已重新连接"))
            self.events.announce(live.everything())
            return
        self.reload_error = ""
        self.state_changed.emit(self.tr("正在重新载入…"))
        task = self.reloading = self.reload(live.everything())
        task.failed.connect(self._reload_failed)
        task.finished.connect(self._reloaded)

    def _reload_failed(self, message: str) -> None:
        self.reload_error = message

    def _reloaded(self) -> None:
        self.reloading = None
        if self._stopped or self.lost:
            return
        if self.reload_error:      # what others changed meanwhile is not shown: say so until it is
            self.state_changed.emit(self.tr("重新载入失败，请重新打开项目：{0}").format(self.reload_error))
        else:
            self.state_changed.emit(self.tr("已重新连接"))
