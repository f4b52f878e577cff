"""The tip-off KPIs count the register: received, verified, replied within 15 days; a click opens the tip-offs."""
from __future__ import annotations

from datetime import datetime

import pytest
from sqlalchemy import select

from desktop.services import tipoffs as svc
from gis.hazards.workflow import Actor
from gis.model import TipOff
from gis.stats import compute, kpis, records
from tests import smallworld


@pytest.fixture
def world(new_project):
    with new_project.transaction() as s:
        w = smallworld.build(s)
        people = {p.name: p.id for p in w["people"]}
    who = Actor("王建国", people["王建国"])
    made = []
    for day, result, reply_day in ((2, "属实", 5), (3, "不属实", 28), (10, None, None)):
        code = svc.receive(new_project, actor=who, channel="12345热线", description=f"举报{day}", place=(113.221, 33.621),
                           received_at=datetime(2026, 11, day, 9)).value[1]
        made.append(code)
        if result is None:
            continue
        svc.assign(new_project, code, actor=who, assignee="刘芳")
        svc.verify(new_project, code, actor=who, result=result)
        # the steps' times are now; set them where the story has them
        with new_project.transaction() as s:
            t = s.scalars(select(TipOff).where(TipOff.code == code)).one()
            t.verified_at = datetime(2026, 11, day + 1, 9)
        svc.reply(new_project, code, actor=who, text="已反馈")
        with new_project.transaction() as s:
            t = s.scalars(select(TipOff).where(TipOff.code == code)).one()
            t.replied_at = datetime(2026, 11, reply_day, 9)
    new_project.codes = made
    return new_project


def test_tipoff_kpis_count_the_register(world):
    defs, recs = kpis.load(world), records.load(world)
    table = compute.evaluate(recs, defs, "2026-11")
    got = {k: (table.total(k).numerator, table.total(k).denominator)
           for k in ("tipoffs_received", "tipoffs_verified", "tipoffs_replied_on_time")}
    # three received; two verified; one replied in 3 days, one after 25 days (late)
    assert got == {"tipoffs_received": (3, None), "tipoffs_verified": (2, 3), "tipoffs_replied_on_time": (1, 3)}
    assert recs.tipoffs.numbers["reply_hours"][0] == pytest.approx(72.0)
    late = compute.members(recs, defs, "tipoffs_replied_on_time", "2026-11")
    assert late.records == "tipoffs" and len(late.ids) == 2
    by_sector = compute.evaluate(recs, defs, "2026-11", "sector")       # the true one's hazard has a sector
    assert "industry_trade" in [g.key for g in by_sector.groups]
    assert compute.evaluate(recs, defs, "2026-10").total("tipoffs_received").numerator == 0
