"""A 网格员's refusals reach the English window in English (issue 19, "English that is whole"): the reason a menu
action is disabled, and the database's refusal of a write outside the member's grid, naming the account, its role
and area as the Chinese does. On the real PostgreSQL the suite starts, with a login of role 网格员."""
from __future__ import annotations

import pytest
from sqlalchemy import text

from gis import store

PASSWORD = "s3cret-h2"
LOGIN = "en_member"     # roles are the server's: a name no other test of this process makes


def _chinese(s: str) -> list[str]:
    return [ch for ch in s if "\u4e00" <= ch <= "\u9fff"]


@pytest.fixture(scope="module")
def member_project(pg_server):
    """The demo on PostgreSQL; a 网格员 LOGIN of one grid; a hazard of its village in another grid."""
    from desktop.services import accounts as use
    from gis.demo.load import load_demo

    url = pg_server.new_database()
    with store.create_project(url) as project:
        load_demo(project)
        with project.engine.connect() as c:
            rows = c.execute(text(
                "SELECT h.id, g.code FROM hazard h JOIN grid g ON g.id = coalesce(h.grid_id, "
                "(SELECT s.grid_id FROM site s WHERE s.id = h.site_id)) WHERE h.status <> 'closed' "
                "ORDER BY g.code, h.id")).fetchall()
        grids: dict[str, list[int]] = {}
        for hazard_id, grid in rows:
            grids.setdefault(grid, []).append(hazard_id)
        mine, theirs = next((a, b) for a in grids for b in grids if a != b and a[:12] == b[:12])
        account = use.add(project, LOGIN, "member", PASSWORD, area=mine).as_dict()
    return {"url": url.replace("gridsafe@", f"{LOGIN}@", 1), "owner_url": url, "grid": mine,
            "area_name": account["area_name"], "hazard": grids[theirs][0]}


def test_a_grid_member_is_refused_in_english(qtbot, monkeypatch, english, member_project, tmp_path):
    from desktop.features.editing import EditingFeature
    from desktop.features.hazards import HazardFeature
    from tests.windows import open_demo

    w = open_demo(qtbot, monkeypatch, member_project["url"])
    (editing,) = [f for f in w.features if isinstance(f, EditingFeature)]
    (hazard,) = [f for f in w.features if isinstance(f, HazardFeature)]
    tip = editing.split_action.toolTip()                 # why the action is disabled
    assert not editing.split_action.isEnabled()
    assert "needs the role Command centre or Administrator; this account is Grid member" in tip, tip
    assert not _chinese(tip), tip

    form = hazard.open_hazard(member_project["hazard"])   # its village, another grid: shown, its steps disabled
    qtbot.waitExposed(form)
    why = form.buttons["note"].toolTip()
    assert not form.buttons["note"].isEnabled()
    assert why.startswith(f"Grid member account {LOGIN} may edit hazards only within area {member_project['area_name']} "
                          f"({member_project['grid']}); this one is in grid "), why

    def version() -> int:
        with store.open_project(member_project["owner_url"], readonly=True) as p, p.engine.connect() as c:
            return c.execute(text("SELECT version FROM hazard WHERE id = :i"), {"i": member_project["hazard"]}).scalar()

    before = version()
    form.note.setText("outside my grid")                  # a stale window tries anyway: the database refuses
    assert not form.do("note")
    message = form.message()
    assert message.startswith(f"The database refused this write: account {LOGIN} (Grid member, area "), message
    assert "Nothing of this operation was written" in message, message
    assert not _chinese(message.replace(member_project["area_name"], "")), message
    assert version() == before
    form.grab().save(str(tmp_path / "member_refused_en.png"))
    print("screenshot:", tmp_path / "member_refused_en.png")
    form.note.clear()
    form.close()
