"""A project of several counties (a province database): the window shows one county, loaded through the
spatial index; `gridsafe open PROJECT --county CODE` chooses it and the choice is remembered per project."""
from __future__ import annotations

import pytest
from shapely.geometry import Point, box

from desktop import cli, main_window
from gis import repo, store
from gis.changes import Change
from gis.model import Site
from tests import smallworld
from tests.windows import open_window


@pytest.fixture(autouse=True)
def private_settings(monkeypatch):
    saved = {}
    monkeypatch.setattr(main_window, "settings", lambda: type("S", (), {
        "value": lambda self, k, d=None: saved.get(k, d), "setValue": lambda self, k, v: saved.__setitem__(k, v)})())
    return saved


@pytest.fixture
def two_counties(tmp_path):
    """The small world's district 410411 and a second county, 410412, with one site of its own."""
    path = tmp_path / "province.gridsafe"
    with store.create_project(path) as project, project.transaction() as s:
        smallworld.build(s)
        repo.add_admin_unit(s, "410412", "示例二县", "district", geom=box(114.2, 33.6, 114.4, 33.7), kind="县")
        far = Site(name="二县加油站", category="gas_station", sector="hazchem", status="normal",
                   geom=Point(114.3, 33.65))
        s.add(far)
        s.flush()
        far_id = far.id
    return str(path), far_id


def site_ids(window):
    return sorted(window.stack.sources["sites"].layer.ids.tolist())


def test_the_window_opens_the_county_chosen_on_the_command_line(qtbot, two_counties, private_settings,
                                                                 monkeypatch):
    path, far_id = two_counties
    opened = []
    monkeypatch.setattr("desktop.app.run", lambda target: opened.append(target) or 0)
    assert cli.main(["open", path, "--county", "410412"]) == 0
    assert opened == [path] and private_settings[main_window.county_key(path)] == "410412"

    w = open_window(qtbot, path)
    assert w.county.code == "410412" and w.box == pytest.approx((114.2, 33.6, 114.4, 33.7))
    assert site_ids(w) == [far_id]                                   # nothing of the other county
    assert len(w.stack.sources["hazards"].layer) == 0 and len(w.stack.sources["grids"].layer) == 0
    assert "示例二县 410412" in w.status.text()
    w.events.announce(Change.everything())                           # F5 reloads the same county
    assert site_ids(w) == [far_id]
    w.close()


def test_without_a_choice_the_first_county_opens_and_is_remembered(qtbot, two_counties, private_settings):
    path, far_id = two_counties
    w = open_window(qtbot, path)
    assert w.county.code == "410411"
    assert len(site_ids(w)) == 4 and far_id not in site_ids(w)
    assert private_settings[main_window.county_key(path)] == "410411"
    w.close()


def test_an_unknown_county_is_refused_before_the_window_opens(two_counties, private_settings, monkeypatch, capsys):
    path, _ = two_counties
    monkeypatch.setattr("desktop.app.run", lambda target: pytest.fail("the window opened"))
    assert cli.main(["open", path, "--county", "419999"]) == 2
    err = capsys.readouterr().err
    assert "419999" in err and "410411 湛河区" in err and "410412 示例二县" in err and "Traceback" not in err
    assert private_settings == {}


def test_a_project_of_one_county_shows_everything(world_project):
    assert main_window.choose_county(world_project) is None
    assert [d.code for d in main_window.districts(world_project)] == ["410411"]
