"""Patrol evidence on both backends (SQLite GeoPackage and PostGIS): a track verifies stops for a chosen assignment,
the map layers read the track and the stops' checks (also by box, through each backend's spatial index), the KPI
records see the verified stops, and a photo is attached to a stop by hand (gis.patrols.evidence.attach_photo, the
call result entry uses)."""
from __future__ import annotations

import pytest
import shapely
from sqlalchemy import select

from desktop.services import evidence as use
from desktop.services import patrols as plan_use
from gis import layers
from gis.errors import ValidationError
from gis.model import PatrolAssignment, PatrolEvidence, PatrolStop, Site
from gis.patrols import evidence
from gis.patrols.periods import parse_period
from gis.stats import records
from tests.patrols import world
from tests.patrols.test_evidence import jpeg, walk, write_gpx


@pytest.mark.parametrize("backend", ["sqlite", "postgresql"], indirect=True)
def test_verify_layers_records_and_attach_photo(new_project, tmp_path):
    project = new_project
    with project.transaction() as s:
        world.build(s)
    plan_use.plan(project, parse_period("2026-W48"))
    with project.session() as s:
        stop_rows = s.execute(select(PatrolStop.id, PatrolStop.assignment_id, PatrolStop.seq, Site.geom)
                              .join(Site, Site.id == PatrolStop.site_id)
                              .order_by(PatrolStop.assignment_id, PatrolStop.seq)).all()
    aid = stop_rows[0][1]
    mine = [r for r in stop_rows if r[1] == aid]
    pts = [shapely.get_coordinates(r[3])[0] for r in mine]
    far = max(range(2, len(pts)), key=lambda k: shapely.distance(shapely.LineString(pts[:2]), shapely.Point(pts[k])))
    with project.session() as s:
        day = s.get(PatrolAssignment, aid).planned_on
    xy, times = walk(day, [pts[0], pts[1], pts[far]])
    gpx = tmp_path / "t.gpx"
    write_gpx(gpx, xy, times)

    done = use.verify(project, [gpx], assignment_id=aid, datum="wgs84", operator="李四")
    assert done.change.touches("tracks") and done.value.verified >= 2
    rows = {r["stop_seq"]: r for r in use.statuses(project, assignment_id=aid)}
    assert rows[1]["status"] == rows[2]["status"] == "verified" and rows[far + 1]["status"] == "missed"

    tracks = layers.load_all(project, ["patrol_tracks", "patrol_stop_checks"])
    assert len(tracks["patrol_tracks"]) == 1 and tracks["patrol_tracks"].attrs["fixes"].iloc[0] == len(xy)
    checks = tracks["patrol_stop_checks"]
    assert dict(zip(checks.ids.tolist(), checks.attrs["status"].astype(str), strict=True))[mine[0][0]] == "verified"
    box = (pts[0][0] - 0.001, pts[0][1] - 0.001, pts[0][0] + 0.001, pts[0][1] + 0.001)
    near = layers.load_all(project, ["patrol_tracks", "patrol_stop_checks"], box=box)
    assert len(near["patrol_tracks"]) == 1 and mine[0][0] in near["patrol_stop_checks"].ids.tolist()

    recs = records.load(project)
    verified_ids = set(recs.stops.ids[recs.stops.flags["verified"]].tolist())
    assert {mine[0][0], mine[1][0]} <= verified_ids and mine[far][0] not in verified_ids

    data = jpeg(pts[far], times[-1])
    eid = project.write(lambda s: evidence.attach_photo(s, mine[far][0], data, "现场.jpg", taken_at=times[-1],
                                                        lon=pts[far][0], lat=pts[far][1], operator="李四"))
    again = project.write(lambda s: evidence.attach_photo(s, mine[far][0], data, "现场-副本.jpg"))
    assert again == eid                                   # the same image is stored once
    with project.session() as s:
        photo = s.get(PatrolEvidence, eid)
        assert photo.stop_id == mine[far][0] and bytes(photo.data) == data and photo.imported_by == "李四"
        assert photo.taken_at == times[-1]
    rows = {r["stop_seq"]: r for r in use.statuses(project, assignment_id=aid)}
    assert rows[far + 1]["evidence"] == [eid]
    with pytest.raises(ValidationError, match="a.gif 不是 JPEG 照片"):
        project.write(lambda s: evidence.attach_photo(s, mine[0][0], b"GIF89a", "a.gif"))
