"""Patrol evidence use cases (issue 17): import members' GPS tracks and photos and verify the planned stops
against them; the stops of a period with their status. Shared by `gridsafe patrol verify` and the window's
巡查 → 导入轨迹和照片….

Whose file: the member chosen (`person`), else the assignment's, else a member whose name the file's name or
its folder's name contains (exactly one; e.g. 张三/1120.gpx or 1120-张三.gpx). Anything else is a note.
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from pathlib import Path

from desktop.services import Outcome
from gis.changes import Change
from gis.errors import ValidationError
from gis.feedback import Feedback
from gis.patrols import evidence
from gis.patrols.periods import parse_period
from gis.store import Project


@dataclass(frozen=True)
class Scope:
    """What is verified: a period (and optionally one member) or one assignment."""
    start: date
    end: date
    person_id: int | None = None
    assignment_id: int | None = None


def members(project: Project) -> list[tuple[int, str]]:
    from gis.patrols.queries import members as member_rows
    with project.session() as s:
        return member_rows(s)


def person_id(project: Project, name: str) -> int:
    """The member called `name`; refused when nobody or several people have that name."""
    found = [i for i, n in members(project) if n == name.strip()]
    if not found:
        raise ValidationError(f"项目中没有名为“{name}”的网格员或网格长")
    if len(found) > 1:
        raise ValidationError(f"项目中有 {len(found)} 位名为“{name}”的人员，请在窗口中选择巡查任务后导入")
    return found[0]


def name_rule(project: Project):
    """file name → the one member whose name it contains (the longest name wins over a name inside it), or None."""
    people = members(project)
    counts: dict[str, int] = {}
    for _, n in people:
        counts[n] = counts.get(n, 0) + 1
    by_name = {n: i for i, n in people if counts[n] == 1}

    def person_of(shown: str) -> int | None:
        hits = [n for n in by_name if n and n in shown]
        hits = [n for n in hits if not any(n != m and n in m for m in hits)]
        return by_name[hits[0]] if len(hits) == 1 else None
    return person_of


def scope(project: Project, *, period: str | None = None, person: str | int | None = None,
          assignment_id: int | None = None) -> Scope:
    if assignment_id is not None:
        from gis.model import PatrolAssignment
        with project.session() as s:
            a = s.get(PatrolAssignment, assignment_id)
            if a is None or a.kind == "line":
                raise ValidationError(f"没有编号为 {assignment_id} 的巡查任务（有巡查站点的任务）")
            return Scope(a.planned_on, a.planned_on, a.person_id, a.id)
    if not period:
        raise ValidationError("请指定时段（如 2026-W48）或巡查任务")
    p = parse_period(period)
    if isinstance(person, int):           # chosen in the window by id
        return Scope(p.start, p.end, person)
    return Scope(p.start, p.end, person_id(project, person) if person else None)


def verify(project: Project, paths, *, period: str | None = None, person: str | int | None = None,
           assignment_id: int | None = None, tolerance_m: float | None = None, datum: str = "auto",
           operator: str | None = None, feedback: Feedback | None = None) -> Outcome[evidence.VerifyResult]:
    """Read the tracks and photos (files or folders), store them and verify the stops they touch; one
    transaction (nothing is written when it fails). `person`: a member's name (CLI) or id (window)."""
    from gis.io.read_tracks import read_evidence

    if not paths:
        raise ValidationError("请选择要导入的轨迹或照片文件（或文件夹）")
    sc = scope(project, period=period, person=person, assignment_id=assignment_id)
    if feedback:
        feedback.progress(None, "读取轨迹和照片…")
    ev = read_evidence([Path(p) for p in paths])
    if feedback:
        feedback.check()
        feedback.progress(None, "核实巡查站点…")
    result = evidence.verify(project, ev, period_start=sc.start, period_end=sc.end, person_id=sc.person_id,
                             assignment_id=sc.assignment_id, person_of=name_rule(project), tolerance_m=tolerance_m,
                             datum=datum, operator=operator)
    if not result.tracks and not result.photos and not result.checked:
        return Outcome(result, Change(frozenset()))
    return Outcome(result, Change.of("tracks"))


def statuses(project: Project, *, period: str | None = None, person: str | int | None = None,
             assignment_id: int | None = None) -> list[dict]:
    """Every planned stop of the period (or the assignment) with its status, for lists and --json."""
    sc = scope(project, period=period, person=person, assignment_id=assignment_id)
    with project.session() as s:
        return evidence.stop_statuses(s, sc.start, sc.end,
                                      person_ids=[sc.person_id] if sc.person_id is not None else None,
                                      assignment_ids=[sc.assignment_id] if sc.assignment_id is not None else None)
