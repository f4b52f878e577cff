"""Several writers on one project (issue 18): `gridsafe` processes that write at the same moment wait for
each other, then succeed or say in Chinese why not — never "database is locked" or 发生意外问题. Compatible
edits all apply, the same file imported twice at once is imported once, a real conflict is named."""
from __future__ import annotations

import contextlib
import io
import multiprocessing
import threading
from pathlib import Path

import pytest
from shapely.geometry import Point
from sqlalchemy import func, select

from gis import hazards, store
from gis.errors import ConflictError, ProjectBusy
from gis.model import Hazard, HazardEvent, Person, Site
from tests import smallworld

FIVE_DING = ["--set", "measures=清理通道", "--set", "deadline=2026-12-31"]
FILE_A = [("并发甲厂", "工贸企业", 113.21, 33.61), ("并发乙店", "餐饮", 113.26, 33.66),
          ("并发丙站", "液化气站", 113.36, 33.64)]
FILE_B = [("并发丁厂", "工贸企业", 113.31, 33.61), ("并发戊店", "餐饮", 113.39, 33.68)]


def _csv(path: Path, rows) -> Path:
    path.write_text("企业名称,行业,经度,纬度\n" + "".join(f"{n},{c},{x},{y}\n" for n, c, x, y in rows),
                    encoding="utf-8")
    return path


@pytest.fixture
def crowded(new_project):
    """The small township with four registered hazards: two for different people, one to be noted by two,
    one to be assigned by two."""
    project = new_project
    with project.transaction() as s:
        w = smallworld.build(s)
        site = w["sites"][0].id
        ids = [hazards.register(s, actor="刘芳", description=f"并发隐患{i}", source="grid_patrol", site_id=site,
                                found_on=smallworld.TODAY).id for i in range(4)]
        people = {p.name: p.id for p in s.scalars(select(Person))}
    project.hazard_ids = ids
    project.five = FIVE_DING + [f"--set=owner_id={people['赵敏']}", f"--set=executor_id={people['王建国']}",
                                f"--set=acceptor_id={people['陈志强']}"]
    return project


def _command(gate, argv: list[str], answer) -> None:
    """One writer process: `gridsafe ARGV` as the user runs it, started at the gate; (exit code, stderr)."""
    from desktop.cli import main

    err = io.StringIO()
    gate.wait(60)
    with contextlib.redirect_stderr(err), contextlib.redirect_stdout(io.StringIO()):
        code = main(argv)
    answer.send((code, err.getvalue()))


def _run_together(project, commands: list[list[str]]) -> list[tuple[int, str]]:
    """Each command in its own process, released together. Forked from this process, which has imported
    the program already: the writers meet within milliseconds and the test spends no time on start-up."""
    import desktop.cli  # noqa: F401 - imported before the fork, once for all children
    import desktop.commands.exchange  # noqa: F401
    import gis.io.importer  # noqa: F401

    project.engine.dispose()   # no connection of this process is inherited by a writer
    ctx = multiprocessing.get_context("fork")
    gate = ctx.Event()
    pipes = [ctx.Pipe(duplex=False) for _ in commands]
    children = [ctx.Process(target=_command, args=(gate, argv, send)) for argv, (_, send) in zip(commands, pipes,
                                                                                                 strict=True)]
    for c in children:
        c.start()
    gate.set()
    answers = []
    for child, (receive, _) in zip(children, pipes, strict=True):
        assert receive.poll(120), "a writer did not answer"
        answers.append(receive.recv())
        child.join(30)
    return answers


def test_writer_processes_wait_for_each_other(crowded, tmp_path):
    project, (a, b, c, d) = crowded, crowded.hazard_ids
    where = project.url
    codes = {}
    with project.session() as s:
        for h in (a, b, c, d):
            codes[h] = s.get(Hazard, h).code
    file_a, file_b = _csv(tmp_path / "甲.csv", FILE_A), _csv(tmp_path / "乙.csv", FILE_B)
    step = ["hazards", "transition", where]
    commands = [
        [*step, codes[a], "assign", "--actor", "刘芳", *project.five],           # different hazards: both apply
        [*step, codes[b], "assign", "--actor", "赵敏", *project.five],
        [*step, codes[c], "note", "--actor", "刘芳", "--note", "第一条备注"],    # same hazard, compatible
        [*step, codes[c], "note", "--actor", "赵敏", "--note", "第二条备注"],
        [*step, codes[d], "assign", "--actor", "刘芳", *project.five],           # same hazard, one step twice
        [*step, codes[d], "assign", "--actor", "赵敏", *project.five],
        ["import", where, str(file_a), "--layer", "sites", "--crs", "EPSG:4490"],                      # the same file twice
        ["import", where, str(file_a), "--layer", "sites", "--crs", "EPSG:4490"],
        ["import", where, str(file_b), "--layer", "sites", "--crs", "EPSG:4490"],                      # and another file
    ]
    runs = _run_together(project, commands)
    for code, err in runs:
        assert "发生意外问题" not in err and "locked" not in err and "Traceback" not in err, err
    assert [code for code, _ in runs[:4]] == [0, 0, 0, 0], runs[:4]
    # the same step twice on one hazard: one applies, the other is refused by the rules, in words
    d_runs = runs[4:6]
    assert sorted(code for code, _ in d_runs) == [0, 2], d_runs
    loser = next(err for code, err in d_runs if code)
    assert f"不能交办隐患“{codes[d]}”" in loser
    # the same file twice: one imports it, the other finds every row already in the project
    same = runs[6:8]
    assert sorted(code for code, _ in same) == [0, 2], same
    refused = next(err for code, err in same if code)
    assert "未导入任何数据" in refused and "重复" in refused and "并发甲厂" in refused
    assert runs[8][0] == 0, runs[8]
    with project.session() as s:
        status = dict(s.execute(select(Hazard.id, Hazard.status).where(Hazard.id.in_([a, b, d]))).all())
        assert status == {a: "assigned", b: "assigned", d: "assigned"}
        notes = set(s.scalars(select(HazardEvent.note).where(HazardEvent.hazard_id == c,
                                                              HazardEvent.action == "note")))
        assert notes == {"第一条备注", "第二条备注"}
        assert s.scalar(select(func.count()).select_from(HazardEvent).where(
            HazardEvent.hazard_id == d, HazardEvent.action == "assign")) == 1
        names = list(s.scalars(select(Site.name).where(Site.name.like("并发%"))))
        assert sorted(names) == sorted(n for n, *_ in FILE_A + FILE_B)   # each once: no duplicates


def test_an_import_waits_for_a_writer_and_then_sees_its_rows(crowded, tmp_path):
    """Another writer has added a site of the file and not yet committed: the import waits for it, then its
    duplicate check (in the same transaction as its write) finds the site, and nothing is written twice."""
    from gis.io.errors import ImportRejected
    from gis.io.importer import ImportOptions, import_file

    path = _csv(tmp_path / "甲.csv", FILE_A)
    name, _, x, y = FILE_A[0]
    outcome = []

    def importing(project):
        try:
            outcome.append(import_file(project, path, ImportOptions(layer="sites", crs="EPSG:4490")))
        except Exception as e:  # noqa: BLE001 - the test looks at what it was
            outcome.append(e)

    with store.open_project(crowded.url) as holder, store.open_project(crowded.url) as importer:
        with holder.transaction() as s:
            s.add(Site(name=name, category="industry_trade_enterprise", sector="industry_trade", status="normal",
                       geom=Point(x, y)))
            s.flush()
            t = threading.Thread(target=importing, args=(importer,))
            t.start()
            t.join(1.0)
            assert t.is_alive(), outcome   # the import waits for the writer instead of failing or writing
        t.join(60)
    assert len(outcome) == 1 and isinstance(outcome[0], ImportRejected), outcome
    assert f"与项目中已有的“{name}”" in outcome[0].message and "未导入任何数据" in outcome[0].message
    with crowded.session() as s:
        assert list(s.scalars(select(Site.name).where(Site.name.like("并发%")))) == [name]


def test_a_writer_that_cannot_have_the_lock_in_time_says_so(crowded, monkeypatch):
    """Another writer keeps the project longer than a writer waits: ProjectBusy in Chinese, nothing written."""
    monkeypatch.setattr(store, "BUSY_TIMEOUT_S", 0.3)
    a = crowded.hazard_ids[0]
    with store.open_project(crowded.url) as holder, store.open_project(crowded.url) as waiter, \
            holder.transaction() as s:
        hazards.transition(s, a, "note", actor="刘芳", note="占着写锁")
        with pytest.raises(ProjectBusy) as info:
            waiter.write(lambda t: hazards.transition(t, a, "note", actor="赵敏", note="等不到"))
    assert "正在被其他用户或程序写入" in info.value.message and "未写入任何数据" in info.value.message
    with crowded.session() as s:
        notes = list(s.scalars(select(HazardEvent.note).where(HazardEvent.hazard_id == a,
                                                               HazardEvent.action == "note")))
    assert notes == ["占着写锁"]


@pytest.mark.parametrize("backend", ["postgresql"])   # on SQLite no client can write between read and write
def test_a_step_that_lost_a_race_runs_again_whole(crowded):
    """Between a step's read and its write another client (not gridsafe: it takes no write lock) changes
    the hazard. Project.write runs the step again from the start, which reads the change and applies."""
    a = crowded.hazard_ids[0]
    runs = []

    def step(s):
        runs.append(1)
        h = s.get(Hazard, a)
        if len(runs) == 1:   # another client commits a change of this hazard after our read
            with crowded.engine.connect() as other:
                other.exec_driver_sql(f"UPDATE hazard SET version = version + 1, measures = '他人措施' WHERE id = {a}")
                other.commit()
        return hazards.transition(s, h.id, "note", actor="刘芳", note="重来一次").seq

    seq = crowded.write(step)
    assert len(runs) == 2
    with crowded.session() as s:
        h = s.get(Hazard, a)
        assert h.measures == "他人措施" and h.version == 3
        assert [e.note for e in hazards.history(s, a)][-1] == "重来一次" and seq == 2


def test_a_stale_form_is_a_conflict_not_retried(crowded):
    """A user's copy that is older than the database is a real conflict: reported, never re-run."""
    a = crowded.hazard_ids[0]
    with crowded.session() as s:
        form = hazards.snapshot(s.get(Hazard, a))
    crowded.write(lambda s: hazards.update(s, a, {"measures": "先来的"}, actor="刘芳"))
    runs = []

    def save(s):
        runs.append(1)
        return hazards.update(s, a, {"measures": "后到的"}, actor="赵敏", base=form)

    with pytest.raises(ConflictError) as info:
        crowded.write(save)
    assert runs == [1] and "您的修改没有保存" in info.value.message and "先来的" in info.value.message


def test_reads_do_not_wait_for_a_writer(crowded):
    """A write transaction in progress: another process's reads answer at once (only writers queue)."""
    answered = threading.Event()
    with crowded.transaction() as s:
        hazards.transition(s, crowded.hazard_ids[0], "note", actor="刘芳", note="写入中")

        def read():
            with store.open_project(crowded.url, readonly=True) as other, \
                    other.session() as r:
                r.scalar(select(func.count()).select_from(Hazard))
            answered.set()

        t = threading.Thread(target=read)
        t.start()
        assert answered.wait(10)
        t.join()
