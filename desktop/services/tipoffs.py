"""Public tip-offs (群众举报, 12345 热线) as the window and `gridsafe tipoff` use them: list with filters, intake,
assign, verify (属实 → a linked ledger hazard), reply, reward, close, history, photos.

Each write is one transaction (project.write) through gis.tipoffs.register and returns an Outcome whose Change
(kind "tipoffs", plus "hazards" when verification made a hazard) the window announces. A refused step raises
gis.errors.ValidationError in Chinese and writes nothing. Reporters are masked unless `viewer` (the operator:
gis.hazards.Actor, person id) may see them (gis.tipoffs.privacy.can_see_reporter).
"""
from __future__ import annotations

from datetime import date, datetime
from pathlib import Path

from desktop.services import Outcome
from gis.errors import ValidationError
from gis.store import Project
from gis.tipoffs import privacy
from gis.tipoffs import register as reg

Filter = reg.Filter
Row = reg.Row


def can_see(project: Project, viewer) -> bool:
    with project.session() as s:
        return privacy.can_see_reporter(s, viewer)


def rows(project: Project, flt: reg.Filter | None = None, *, viewer=None, now: datetime | None = None
         ) -> list[reg.Row]:
    with project.session() as s:
        return reg.rows(s, flt, can_see=privacy.can_see_reporter(s, viewer), now=now)


def history(project: Project, ref) -> list[reg.Event]:
    with project.session() as s:
        return reg.history(s, ref)


def photos(project: Project, ref) -> list[tuple[str, bytes]]:
    with project.session() as s:
        return reg.photos(s, ref)


def candidates(project: Project, tipoff_id: int) -> list[tuple[int, str, bool]]:
    with project.session() as s:
        return reg.candidates(s, tipoff_id)


def places(project: Project, text: str) -> list[reg.Place]:
    """Sites (by name or address) and grids (by name) matching `text`, for placing a tip-off without a map click."""
    with project.session() as s:
        return reg.places(s, text)


def read_photos(paths) -> list[tuple[str, bytes]]:
    """The photo files' names and bytes (read before the write transaction, so a re-run does not read again)."""
    out = []
    for p in paths:
        path = Path(p)
        try:
            out.append((path.name, path.read_bytes()))
        except OSError as e:
            raise ValidationError(f"无法读取照片 {path}：{e.strerror or e}") from e
    return out



def receive(project: Project, *, actor, channel: str, description: str, place, reporter_name: str | None = None,
            reporter_contact: str | None = None, address: str | None = None, photo_files=(),
            received_at: datetime | None = None) -> Outcome[tuple[int, str]]:
    """受理. Outcome.value = (id, 编号)."""
    pictures = read_photos(photo_files)

    def unit(s):
        tip, change = reg.receive(s, actor=actor, channel=channel, description=description, place=place,
                                  reporter_name=reporter_name, reporter_contact=reporter_contact, address=address,
                                  photos=pictures, received_at=received_at)
        return (tip.id, tip.code), change

    value, change = project.write(unit)
    return Outcome(value, change)


def _step(project: Project, fn, ref, **kw) -> Outcome[tuple[int, str, int | None]]:
    """One step; Outcome.value = (id, 编号, linked hazard id)."""
    def unit(s):
        tip, change = fn(s, ref, **kw)
        return (tip.id, tip.code, tip.hazard_id), change

    value, change = project.write(unit)
    return Outcome(value, change)


def assign(project: Project, ref, *, actor, assignee, note: str | None = None) -> Outcome:
    return _step(project, reg.assign, ref, actor=actor, assignee=assignee, note=note)


def verify(project: Project, ref, *, actor, result: str, note: str | None = None, sector: str | None = None,
           grade: str | None = None) -> Outcome:
    return _step(project, reg.verify, ref, actor=actor, result=result, note=note, sector=sector, grade=grade)


def reply(project: Project, ref, *, actor, text: str) -> Outcome:
    return _step(project, reg.reply, ref, actor=actor, text=text)


def reward(project: Project, ref, *, actor, amount, decided_by: str, decided_on: date | None = None) -> Outcome:
    return _step(project, reg.reward, ref, actor=actor, amount=amount, decided_by=decided_by, decided_on=decided_on)


def close(project: Project, ref, *, actor, note: str | None = None) -> Outcome:
    return _step(project, reg.close, ref, actor=actor, note=note)
