"""Rangers' daily rounds: inside their areas, through its checkpoints and towers, exportable."""
from __future__ import annotations

import shutil
from datetime import date

import shapely
from sqlalchemy import select

from desktop.cli import main
from gis import store
from gis.fire import ranger_rounds as ranger_patrols
from gis.geo.crs import to_projected
from gis.model import RoleAssignment, Site, Zone
from gis.patrols.sheets import route_sheets
from tests.fire.demo import demo_path  # noqa: F401

DAY = date(2026, 12, 1)


def test_rounds_stay_inside_and_visit_the_checkpoints(demo_path, tmp_path):  # noqa: F811
    path = tmp_path / "p.gridsafe"
    shutil.copy(demo_path, path)
    project = store.open_project(path)
    first = ranger_patrols.plan(project, DAY)
    assert first.assignments > 10
    again = ranger_patrols.plan(project, DAY)            # re-planning replaces the unvisited rounds
    assert again.replaced == first.assignments and again.assignments == first.assignments
    with project.session() as s:
        rounds = ranger_patrols.ranger_assignments(s, DAY)
        assert len(rounds) == first.assignments
        sites = {x.id: x for x in s.scalars(select(Site))}
        visited = {st.site_id for a in rounds for st in a.stops}
        areas = list(s.scalars(select(Zone).where(Zone.kind == "ranger_area")))
        holders = {}
        for r in s.scalars(select(RoleAssignment).where(RoleAssignment.role == "ranger")):
            holders.setdefault(r.person_id, []).append(r.zone_id)
        for a in rounds:
            mine = [z for z in areas if z.id in holders[a.person_id]]
            home = next(z for z in mine if all(z.geom.covers(sites[st.site_id].geom) for st in a.stops))
            if home.geom.geom_type == "Polygon":      # a split area: the hop between its parts leaves it
                outside = to_projected(shapely.difference(a.route, home.geom.buffer(1e-6)))
                assert outside.length < 1.0, (home.name, outside.length)
        # every checkpoint and tower inside a staffed ranger area is on some round
        staffed = {z for zs in holders.values() for z in zs}
        for x in sites.values():
            if x.category in ("checkpoint", "lookout_tower") and any(
                    z.id in staffed and z.geom.covers(x.geom) for z in areas):
                assert x.id in visited, x.name
        sheets = route_sheets(s, ranger_patrols.period_label(DAY), kind="ranger")
        assert route_sheets(s, "护林2026-12-01") == sheets     # the CLI's way of writing a rangers' day
        assert route_sheets(s, "2026-12-01") == []             # a plain day is the grid members' plan
        assert {a.kind for a in rounds} == {"ranger"} and {a.period for a in rounds} == {"2026-12-01"}
    assert len(sheets) == first.assignments and sheets[0].period_zh.startswith("护林巡护")
    assert {x.kind for x in sheets} == {"ranger"}
    project.close()
    out = tmp_path / "phone"
    assert main(["fire", "patrols", str(path), "--date", "2026-12-01", "--export", str(out), "--format", "kml"]) == 0
    assert len(list(out.glob("*.kml"))) == first.assignments
    by_kind = tmp_path / "by_kind"
    assert main(["patrol", "sheets", str(path), "--period", "2026-12-01", "--kind", "ranger", "--out", str(by_kind),
                 "--format", "gpx"]) == 0
    assert len(list(by_kind.glob("*.gpx"))) == first.assignments
    sheets_dir = tmp_path / "sheets"
    assert main(["patrol", "sheets", str(path), "--period", "护林2026-12-01", "--out", str(sheets_dir),
                 "--format", "pdf", "--one-file"]) == 0
    (pdf,) = sheets_dir.glob("*.pdf")
    import subprocess

    text = subprocess.run(["pdftotext", str(pdf), "-"], capture_output=True, text=True, check=True).stdout
    assert "护林巡护" in text and "护林员责任区" in text
