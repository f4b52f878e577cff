"""Several writers on one SQLite project, as issue 18's trials ran them: pairs of hazard steps at the same
moment (compatible: two notes; conflicting: the same step twice) and four imports at once (the same file,
and four different files), each writer a forked process running a `gridsafe` command.

    QT_QPA_PLATFORM=offscreen PYTHONPATH=$PWD python3 benchmarks/writers_bench.py [ROUNDS]

Prints per kind of trial: how many writers succeeded, were refused in words, or showed a lock error or
发生意外问题, the duplicates left, and the longest wait. Not a test: timings depend on the machine.
"""
from __future__ import annotations

import contextlib
import io
import multiprocessing
import os
import sys
import tempfile
import time
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
WORK = Path(tempfile.mkdtemp(prefix="writers-bench-"))
os.environ["GRIDSAFE_DATA_DIR"] = str(WORK / "data")
os.environ["GRIDSAFE_LOG_DIR"] = str(WORK / "log")

from sqlalchemy import func, select  # noqa: E402

import desktop.commands.exchange  # noqa: E402,F401 - imported before the forks
import gis.io.importer  # noqa: E402,F401
from desktop.cli import main  # noqa: E402
from gis import hazards, store  # noqa: E402
from gis.model import Person, Site  # noqa: E402
from tests import smallworld  # noqa: E402


def _writer(gate, argv, answer) -> None:
    err = io.StringIO()
    gate.wait(60)
    t0 = time.perf_counter()
    with contextlib.redirect_stderr(err), contextlib.redirect_stdout(io.StringIO()):
        code = main(argv)
    answer.send((code, err.getvalue(), time.perf_counter() - t0))


def together(commands):
    ctx = multiprocessing.get_context("fork")
    gate = ctx.Event()
    pipes = [ctx.Pipe(duplex=False) for _ in commands]
    kids = [ctx.Process(target=_writer, args=(gate, c, w)) for c, (_, w) in zip(commands, pipes, strict=True)]
    for k in kids:
        k.start()
    time.sleep(0.2)
    gate.set()
    out = [r.recv() for r, _ in pipes]
    for k in kids:
        k.join()
    return out


def csv(path: Path, rows) -> str:
    path.write_text("企业名称,行业,经度,纬度\n" + "".join(f"{n},餐饮,{x},{y}\n" for n, x, y in rows), encoding="utf-8")
    return str(path)


def main_bench(rounds: int) -> None:
    path = str(WORK / "w.gridsafe")
    with store.create_project(path) as p, p.transaction() as s:
        w = smallworld.build(s)
        site = w["sites"][0].id
        people = {x.name: x.id for x in s.scalars(select(Person))}
        codes = [hazards.register(s, actor="刘芳", description=f"试验{i}", source="grid_patrol", site_id=site,
                                  found_on=smallworld.TODAY).code for i in range(2 * rounds)]
    five = ["--set", "measures=清理", "--set", "deadline=2026-12-31", "--set", f"owner_id={people['赵敏']}",
            "--set", f"executor_id={people['王建国']}", "--set", f"acceptor_id={people['陈志强']}"]
    tally: dict[str, list] = {}

    def count(kind, answers):
        t = tally.setdefault(kind, [0, 0, 0, 0.0])
        for code, err, took in answers:
            bad = "发生意外问题" in err or "locked" in err
            t[0 if code == 0 else 2 if bad else 1] += 1
            t[3] = max(t[3], took)

    step = ["hazards", "transition", path]
    for r in range(rounds):
        a, b = codes[2 * r], codes[2 * r + 1]
        count("两步兼容（同一隐患两条备注）", together([[*step, a, "note", "--actor", "刘芳", "--note", "甲"],
                                                   [*step, a, "note", "--actor", "赵敏", "--note", "乙"]]))
        count("两步冲突（同一隐患交办两次）", together([[*step, b, "assign", "--actor", "刘芳", *five],
                                                   [*step, b, "assign", "--actor", "赵敏", *five]]))
        same = csv(WORK / f"同{r}.csv", [(f"同文件{r}-{i}", 113.21 + i * 0.01, 33.61) for i in range(4)])
        count("四个进程导入同一文件", together([["import", path, same, "--layer", "sites", "--crs", "EPSG:4490"]] * 4))
        files = [csv(WORK / f"异{r}-{k}.csv", [(f"异文件{r}-{k}-{i}", 113.31 + i * 0.01, 33.61 + k * 0.01)
                                               for i in range(4)]) for k in range(4)]
        count("四个进程导入不同文件", together([["import", path, f, "--layer", "sites", "--crs", "EPSG:4490"]
                                                for f in files]))
    with store.open_project(path) as p, p.session() as s:
        dup = s.scalar(select(func.count()).select_from(Site).where(Site.name.like("同文件%"))) - 4 * rounds
    print(f"{rounds} 轮，SQLite 项目 {path}")
    for kind, (ok, refused, bad, took) in tally.items():
        print(f"{kind}：成功 {ok}，拒绝并说明原因 {refused}，锁错误或意外问题 {bad}，最长 {took:.2f} 秒")
    print(f"同一文件重复导入留下的重复场所：{dup}")


if __name__ == "__main__":
    main_bench(int(sys.argv[1]) if len(sys.argv) > 1 else 5)
