"""Which hazard states count as open comes from resources/hazard_rules.yaml alone: patrol priorities,
route sheets, ranger rounds' hot spots and the overdue counts follow an edit of the rules."""
from datetime import date

import pytest

from gis import hazards, info
from gis.hazards import states
from gis.model import Hazard
from gis.patrols import sheets
from gis.patrols.due import site_table
from gis.patrols.periods import parse_period
from tests.patrols import world

WEEK = parse_period("2026-W48")


@pytest.fixture
def township(new_project):
    with new_project.transaction() as s:
        w = world.build(s)
        site = w["extra"][0]
        s.add(Hazard(site_id=site.id, grid_id=site.grid_id, found_on=date(2026, 11, 1), source="enforcement",
                     description="灭火器过期", grade="major", status="pending_acceptance",
                     deadline=date(2026, 11, 10)))
        s.flush()
        return new_project, site.id


def without_pending_acceptance(monkeypatch):
    edited = {**states.rules(), "open_states": [x for x in states.rules()["open_states"]
                                                if x != "pending_acceptance"]}
    monkeypatch.setattr(states, "rules", lambda: edited)


def facts(project, site_id):
    with project.session() as s:
        row = site_table(s, WEEK).set_index("id").loc[site_id]
        return {"major": bool(row["open_major_hazard"]), "overdue": bool(row["overdue_hazard"]),
                "sheet": sheets._open_hazards(s, [site_id]).get(site_id, []),
                "overdue_hazards": [h.description for h in hazards.overdue_hazards(s, date(2026, 11, 22))],
                "summary": info.summarize(project, date(2026, 11, 22))["hazard_overdue"]}


def test_patrols_and_counts_follow_the_rules_open_states(township, monkeypatch):
    project, site_id = township
    before = facts(project, site_id)
    assert before["major"] and before["overdue"] and len(before["sheet"]) == 1
    assert "灭火器过期" in before["overdue_hazards"]
    without_pending_acceptance(monkeypatch)
    assert hazards.open_states() == tuple(x for x in states.rules()["open_states"])
    after = facts(project, site_id)
    assert not after["major"] and not after["overdue"] and after["sheet"] == []
    assert "灭火器过期" not in after["overdue_hazards"]
    assert after["summary"] == before["summary"] - 1
