"""Ten workstations on one PostgreSQL database for a few minutes, the server killed and restarted half-way (issue 16).

    PYTHONPATH=$PWD python3 benchmarks/workstations_bench.py [--minutes 5] [--clients 10] [--data county|demo]
        [--kill-at SECONDS | --no-kill] [--outage SECONDS]

A throwaway server (tests/pgserver.py: initdb + pg_ctl, here with fsync and synchronous commits, so that what it
acknowledged survives a kill) gets the data: the county set (benchmarks/county_copy.py's source, rows copied at its
revision then upgraded; a few minutes) or the demo township. Each workstation is a process using gridsafe's own
Project and use cases, in a loop with a short pause between actions:
  ledger reads (gis.hazards.ledger.load), hazard registrations (workflow.register), hazard steps (a 备注 on a hazard
  read just before, with its version: a stale one is refused with the other's change named; half of them on HOT
  hazards all workstations share), site moves
  (gis.editing.MoveSite on its own share of the sites) and patrol results (gis.patrols.results.record_visit on its
  own share of the open stops).
Every workstation logs what it committed, each with a token of its own; at the end every logged change is looked
up in the database (no lost update: each registration once, each note once, each moved site where its last move
put it, each stop with its result). A write whose connection broke while committing cannot be told saved or not
(gis.errors.ConnectionLost.unknown): it is listed apart and looked up too. At --kill-at the server is killed
(pg_ctl stop -m immediate) and started again after --outage seconds; each workstation says what it was told while
the server was away and how long after the restart its next action went through, without reopening the project.

Prints: actions by kind, p50/p95/max save latency (ms), serialisation retries, conflicts refused, unhandled errors
(anything not a gridsafe error in Chinese), lost updates, and each workstation's outage. Not a test: timings
depend on the machine.
"""
from __future__ import annotations

import argparse
import multiprocessing
import os
import random
import sys
import tempfile
import time
import traceback
from datetime import date
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(ROOT), str(ROOT / "tests" / "storage")]
WORK = Path(tempfile.mkdtemp(prefix="workstations-bench-"))
os.environ.setdefault("GRIDSAFE_DATA_DIR", str(WORK / "data"))
os.environ.setdefault("GRIDSAFE_LOG_DIR", str(WORK / "log"))

from shapely.geometry import Point  # noqa: E402
from sqlalchemy import select, text  # noqa: E402

from gis import hazards, store  # noqa: E402
from gis.editing import commands  # noqa: E402
from gis.errors import ConflictError, ConnectionLost, GridsafeError  # noqa: E402
from gis.hazards import ledger  # noqa: E402
from gis.model import Hazard, PatrolStop, Person, Site  # noqa: E402
from gis.patrols import results  # noqa: E402
from tests.pgserver import PgServer  # noqa: E402

WEIGHTS = {"read": 35, "register": 15, "note": 20, "move": 15, "patrol": 15}
PAUSE_S = (0.1, 0.6)            # a person between two actions
OPEN_STATES = ("registered", "assigned", "rectifying", "pending_acceptance")
HOT = 5                          # hazards every workstation notes now and then
SHARE = 400                      # sites and stops each workstation works on (its own: id % clients)


# --- the data on the server ------------------------------------------------------------------------------------

def load_data(url: str, data: str) -> str:
    """The county set or the demo into the database at `url`; returns what was loaded (for the figures)."""
    t0 = time.perf_counter()
    if data == "county":
        import sqlite3

        sys.path.insert(0, str(ROOT / "benchmarks"))
        from county_copy import source
        from upgrade_copy import copy_into_postgresql

        path = source()
        with sqlite3.connect(f"file:{path}?mode=ro", uri=True) as c:
            revision = c.execute("SELECT version_num FROM alembic_version").fetchone()[0]
        copy_into_postgresql(path, url, revision)
        store.upgrade_project(url, backup=False)
        what = f"县级数据 {path.name}（{revision} → {store.head_revision()}）"
    else:
        from gis.userdata import make_demo_project

        make_demo_project(url).close()
        what = "示例乡镇"
    return f"{what}，写入 PostgreSQL 用时 {time.perf_counter() - t0:.0f} 秒"


# --- one workstation -------------------------------------------------------------------------------------------

class Workstation:
    def __init__(self, k: int, n: int, url: str, until: float, seed: int) -> None:
        self.k, self.n, self.url, self.until = k, n, url, until
        self.rng = random.Random(seed)
        self.project: store.Project | None = None
        self.log: list[dict] = []            # committed changes
        self.unknown: list[dict] = []        # broke while committing: saved or not cannot be told
        self.latency: dict[str, list[float]] = {}
        self.counts: dict[str, int] = {}
        self.retries = 0                     # units run again after a serialisation failure / race (Project.write)
        self.refused: list[str] = []         # stale copies refused with the other's change named
        self.unhandled: list[str] = []
        self.rules: dict[str, int] = {}      # refusals by a rule of the domain, by message
        self.outage: list[dict] = []         # what it was told while the server was away, and when it came back
        self._down_since: float | None = None
        self.seq = 0

    def count(self, what: str) -> None:
        self.counts[what] = self.counts.get(what, 0) + 1

    # the loop
    def run(self) -> dict:
        self._patch_retry_counter()
        while self.project is None and time.time() < self.until:
            try:
                self.project = store.open_project(self.url)
            except GridsafeError as e:
                self._away(e)
                time.sleep(0.5)
        if self.project is not None:
            self._prepare()
        while time.time() < self.until and self.project is not None:
            kind = self.rng.choices(list(WEIGHTS), weights=list(WEIGHTS.values()))[0]
            try:
                self._act(kind)
                self._back()
            except ConnectionLost as e:
                self._away(e)
                if e.unknown:
                    self.unknown.append(self._pending)
                time.sleep(0.5)
            except ConflictError as e:
                if "已被他人修改" in e.message:
                    self.refused.append(e.message.splitlines()[1] if "\n" in e.message else e.message)
                    self.count("refused")
                else:
                    self.unhandled.append(f"{kind}: {e.message[:200]}")
            except GridsafeError as e:
                if self._server_away(e):
                    self._away(e)
                    time.sleep(0.5)
                else:   # a rule of the domain refused it (e.g. a stop recorded already): not a fault of the run
                    self.count(f"{kind}_refused")
                    self.rules.setdefault(e.message[:80], 0)
                    self.rules[e.message[:80]] += 1
            except Exception as e:   # noqa: BLE001 — what the run is looking for
                self.unhandled.append(f"{kind}: {type(e).__name__}: {str(e)[:200]}")
                traceback.print_exc(limit=3)
            time.sleep(self.rng.uniform(*PAUSE_S))
        if self.project is not None:
            self.project.close()
        return {"k": self.k, "log": self.log, "unknown": self.unknown, "latency": self.latency, "counts": self.counts,
                "retries": self.retries, "refused": self.refused, "unhandled": self.unhandled, "outage": self.outage, "rules": self.rules}

    def _patch_retry_counter(self) -> None:
        original = store.Project.write

        def write(project, unit):
            def counted(s):
                try:
                    return unit(s)
                except ConflictError as e:
                    if e.retryable:
                        self.retries += 1
                    raise
            return original(project, counted)
        store.Project.write = write
        conflict = store.write_conflict

        def write_conflict(error, where):
            found = conflict(error, where)
            if found is not None and found.retryable:
                self.retries += 1
            return found
        store.write_conflict = write_conflict

    @staticmethod
    def _server_away(e: GridsafeError) -> bool:
        return any(m in e.message for m in ("连不上数据库服务器", "连接中断", "正在启动", "无法连接数据库"))

    def _away(self, e: GridsafeError) -> None:
        if self._down_since is None:
            self._down_since = time.time()
            self.outage.append({"at": self._down_since, "message": e.message, "back": None, "errors": 0})
        self.outage[-1]["errors"] += 1

    def _back(self) -> None:
        if self._down_since is not None:
            self.outage[-1]["back"] = time.time()
            self._down_since = None

    def _prepare(self) -> None:
        with self.project.session() as s:
            self.person = s.scalar(select(Person.id).order_by(Person.id).offset(self.k).limit(1)) or \
                s.scalar(select(Person.id).order_by(Person.id))
            site_ids = s.scalars(select(Site.id).where(Site.id % self.n == self.k).order_by(Site.id)).all()
            self.sites = self.rng.sample(list(site_ids), min(SHARE, len(site_ids)))
            self.stops = s.scalars(select(PatrolStop.id).where(PatrolStop.visited_at.is_(None),
                                                               PatrolStop.id % self.n == self.k)
                                   .order_by(PatrolStop.id).limit(SHARE)).all()
            self.open_hazards = s.scalars(select(Hazard.id).where(Hazard.status.in_(OPEN_STATES))).all()
            self.hot = sorted(self.open_hazards)[:HOT]
            self.all_sites = s.scalars(select(Site.id)).all()

    def _token(self) -> str:
        self.seq += 1
        return f"WS{self.k:02d}-{self.seq:05d}"

    def _timed(self, kind: str, fn):
        t0 = time.perf_counter()
        out = fn()
        self.latency.setdefault(kind, []).append((time.perf_counter() - t0) * 1000)
        self.count(kind)
        return out

    def _act(self, kind: str) -> None:
        p, token = self.project, self._token()
        self._pending = {"kind": kind, "token": token}
        if kind == "read":
            self._timed("read", lambda: ledger.load(p, date.today()))
            return
        if kind == "register":
            site = self.rng.choice(self.all_sites)
            self._pending.update(description=f"压力测试隐患 {token}")
            hid = self._timed("register", lambda: p.write(lambda s: hazards.register(
                s, actor=s.get(Person, self.person), description=f"压力测试隐患 {token}", source="grid_patrol",
                site_id=site).id))
            self.open_hazards.append(hid)
        elif kind == "note":
            # half the time one of a few hazards everybody is working on (the command centre and the grid worker on
            # the same case): there a copy goes stale and is refused, naming who changed it
            hid = self.rng.choice(self.hot if self.rng.random() < 0.5 else self.open_hazards)
            with p.session() as s:   # the form was opened: the hazard as it was then
                version = s.get(Hazard, hid).version
            time.sleep(self.rng.uniform(0.2, 1.5))   # typing the note
            self._pending.update(hazard=hid)
            self._timed("note", lambda: p.write(lambda s: hazards.transition(
                s, hid, "note", actor=s.get(Person, self.person), note=f"备注 {token}", expected_version=version)))
        elif kind == "move":
            sid = self.rng.choice(self.sites)
            with p.session() as s:
                at = store_point(s, sid)
            to = Point(round(at.x + self.rng.uniform(-5e-4, 5e-4), 7), round(at.y + self.rng.uniform(-5e-4, 5e-4), 7))
            self._pending.update(site=sid, x=to.x, y=to.y)
            self._timed("move", lambda: commands.MoveSite(sid, to).do(p))
        elif kind == "patrol":
            if not self.stops:
                return
            stop_id = self.stops.pop()
            self._pending.update(stop=stop_id)
            self._timed("patrol", lambda: p.write(lambda s: results.record_visit(
                s, s.get(PatrolStop, stop_id), result="ok", note=f"巡查 {token}", actor=s.get(Person, self.person))))
        self.log.append(self._pending)


def store_point(s, site_id: int) -> Point:
    return s.get(Site, site_id).geom


def _workstation(k, n, url, until, seed, out) -> None:
    try:
        out.put(Workstation(k, n, url, until, seed).run())
    except BaseException as e:   # noqa: BLE001 — report it, do not hang the run
        out.put({"k": k, "crashed": f"{type(e).__name__}: {e}"})


# --- checking what was committed -------------------------------------------------------------------------------

def verify(url: str, reports: list[dict]) -> dict:
    """Every logged change looked up: {"checked", "lost": [...], "duplicated": [...], "unknown_saved", "unknown"}."""
    lost, duplicated, checked = [], [], 0
    unknown_saved = 0
    engine = store._make_engine(url)
    last_move: dict[int, list[dict]] = {}
    try:
        with engine.connect() as c:
            def found(item) -> int:
                kind, token = item["kind"], item["token"]
                if kind == "register":
                    return c.execute(text("SELECT count(*) FROM hazard WHERE description = :d"),
                                     {"d": f"压力测试隐患 {token}"}).scalar()
                if kind == "note":
                    return c.execute(text("SELECT count(*) FROM hazard_event WHERE note = :n AND hazard_id = :h"),
                                     {"n": f"备注 {token}", "h": item["hazard"]}).scalar()
                if kind == "patrol":
                    return c.execute(text("SELECT count(*) FROM patrol_stop WHERE note = :n AND id = :i "
                                          "AND visited_at IS NOT NULL"), {"n": f"巡查 {token}", "i": item["stop"]}).scalar()
                return 1
            for r in reports:
                for item in r.get("log", []):
                    if item["kind"] == "read":
                        continue
                    checked += 1
                    if item["kind"] == "move":
                        last_move.setdefault(item["site"], []).append(item)
                        continue
                    n = found(item)
                    if n == 0:
                        lost.append(item)
                    elif n > 1:
                        duplicated.append(item)
                for item in r.get("unknown", []):
                    if item["kind"] == "move":
                        last_move.setdefault(item["site"], []).append({**item, "unknown": True})
                    elif item["kind"] != "read" and found(item):
                        unknown_saved += 1
            for sid, moves in last_move.items():
                x, y = c.execute(text("SELECT ST_X(geom), ST_Y(geom) FROM site WHERE id = :i"), {"i": sid}).one()
                # the site's own workstation moved it; its last certain move, or a later one that broke while committing
                certain = [m for m in moves if not m.get("unknown")]
                allowed = [m for m in moves[moves.index(certain[-1]):]] if certain else moves
                if not any(abs(x - m["x"]) < 1e-7 and abs(y - m["y"]) < 1e-7 for m in allowed):
                    if certain:
                        lost.append(certain[-1])
    finally:
        engine.dispose()
    unknown = sum(len(r.get("unknown", [])) for r in reports)
    return {"checked": checked, "lost": lost, "duplicated": duplicated, "unknown": unknown,
            "unknown_saved": unknown_saved}


# --- the run ---------------------------------------------------------------------------------------------------

def percentile(values: list[float], q: float) -> float:
    if not values:
        return float("nan")
    v = sorted(values)
    return v[min(len(v) - 1, int(round(q * (len(v) - 1))))]


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--minutes", type=float, default=5.0)
    ap.add_argument("--clients", type=int, default=10)
    ap.add_argument("--data", choices=["county", "demo"], default="county")
    ap.add_argument("--kill-at", type=float, default=None, help="seconds into the run (default: half-way)")
    ap.add_argument("--no-kill", action="store_true")
    ap.add_argument("--outage", type=float, default=5.0, help="seconds the server stays down")
    ap.add_argument("--seed", type=int, default=16)
    args = ap.parse_args(argv)

    server = PgServer()
    if not server.available:
        sys.exit("找不到 PostgreSQL 服务器程序（initdb、pg_ctl）：apt-get install postgresql-15")
    server.start(durable=True)
    try:
        url = server.new_database()
        print(f"数据：{load_data(url, args.data)}", flush=True)
        duration = args.minutes * 60
        kill_at = None if args.no_kill else (args.kill_at if args.kill_at is not None else duration / 2)
        ctx = multiprocessing.get_context("fork")
        out = ctx.Queue()
        start = time.time()
        until = start + duration
        kids = [ctx.Process(target=_workstation, args=(k, args.clients, url, until, args.seed * 100 + k, out))
                for k in range(args.clients)]
        for kid in kids:
            kid.start()
        killed = restarted = None
        if kill_at is not None:
            time.sleep(max(0.0, start + kill_at - time.time()))
            killed = time.time()
            server.stop_server()
            print(f"{killed - start:5.0f} s  服务器已被强行停止（pg_ctl stop -m immediate）", flush=True)
            time.sleep(args.outage)
            server.start_server(durable=True)
            restarted = time.time()
            print(f"{restarted - start:5.0f} s  服务器已重新启动", flush=True)
        reports = [out.get(timeout=duration + 600) for _ in kids]
        for kid in kids:
            kid.join(30)
        reports.sort(key=lambda r: r["k"])
        report(args, reports, verify(url, reports), start, killed, restarted, store.describe(url))
    finally:
        server.stop()
    return 0


def report(args, reports, checked, start, killed, restarted, where: str) -> None:
    crashed = [r for r in reports if "crashed" in r]
    reports = [r for r in reports if "crashed" not in r]
    counts: dict[str, int] = {}
    latency: dict[str, list[float]] = {}
    for r in reports:
        for k, v in r["counts"].items():
            counts[k] = counts.get(k, 0) + v
        for k, v in r["latency"].items():
            latency.setdefault(k, []).extend(v)
    saves = [ms for k, v in latency.items() if k != "read" for ms in v]
    print(f"\n{args.clients} 个工作站，{args.minutes:g} 分钟（{args.data}）")
    print("操作：" + "，".join(f"{k} {v}" for k, v in sorted(counts.items())))
    print(f"保存延迟（ms）：p50 {percentile(saves, 0.5):.0f}  p95 {percentile(saves, 0.95):.0f}  "
          f"最大 {max(saves, default=float('nan')):.0f}  （{len(saves)} 次保存）")
    for k, v in sorted(latency.items()):
        print(f"  {k:<9} n={len(v):<5} p50 {percentile(v, 0.5):7.0f}  p95 {percentile(v, 0.95):7.0f}")
    print(f"串行化失败/死锁后重试：{sum(r['retries'] for r in reports)} 次；"
          f"过期副本被拒绝（写明对方的修改）：{sum(len(r['refused']) for r in reports)} 次")
    refused = next((m for r in reports for m in r["refused"]), None)
    if refused:
        print(f"  例：{refused}")
    rules: dict[str, int] = {}
    for r in reports:
        for m, n in r["rules"].items():
            rules[m] = rules.get(m, 0) + n
    for m, n in sorted(rules.items(), key=lambda kv: -kv[1])[:5]:
        print(f"  被规则拒绝 {n} 次：{m}")
    unhandled = [u for r in reports for u in r["unhandled"]]
    print(f"未处理的错误：{len(unhandled)}" + "".join(f"\n  {u}" for u in unhandled[:10]))
    print(f"丢失的更新：{len(checked['lost'])} / {checked['checked']} 条已提交的修改；重复：{len(checked['duplicated'])}")
    for item in checked["lost"][:10]:
        print(f"  丢失：{item}")
    print(f"提交时连接中断（无法确定是否保存）：{checked['unknown']} 次，其中数据库中有 {checked['unknown_saved']} 次")
    if killed is not None:
        print(f"服务器停止 {killed - start:.0f} s，重新启动 {restarted - start:.0f} s（停机 {restarted - killed:.1f} s）")
        for r in reports:
            if not r["outage"]:
                print(f"  工作站 {r['k']}：停机期间没有操作")
                continue
            o = r["outage"][-1]
            back = (f"重启后 {o['back'] - restarted:.1f} s 第一次操作成功（未重新打开项目）" if o["back"]
                    else "运行结束前未能恢复")
            told = o["message"].replace(where, "…")
            print(f"  工作站 {r['k']}：{o['errors']} 次被告知“{told[:70]}…”；{back}")
    for r in crashed:
        print(f"  工作站 {r['k']} 崩溃：{r['crashed']}")


if __name__ == "__main__":
    raise SystemExit(main())
