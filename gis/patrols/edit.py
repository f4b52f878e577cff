"""Changing a planned patrol by hand: the stops of an assignment in a new order, routed again along
the roads (or in straight lines), saved in one transaction."""
from __future__ import annotations

from sqlalchemy import update
from sqlalchemy.orm import Session

from gis.errors import ValidationError
from gis.model import PatrolAssignment, PatrolStop, Site
from gis.patrols import planning
from gis.patrols.routing import load_network, measure_crs, plan_route


def reorder_stops(s: Session, assignment_id: int, stop_ids: list[int]) -> PatrolAssignment:
    """Give the assignment's stops the order of `stop_ids` (all of them, each once), re-route and
    store the route. Inside the caller's transaction."""
    a = s.get(PatrolAssignment, assignment_id)
    if a is None:
        raise ValidationError(f"找不到巡查任务 {assignment_id}",
                              en=f"Cannot find patrol assignment {assignment_id}")
    by_id = {st.id: st for st in a.stops}
    if sorted(stop_ids) != sorted(by_id) or len(set(stop_ids)) != len(stop_ids):
        raise ValidationError("新的站点顺序须包含该任务的全部站点，且每站一次",
                              en="The new order of stops must contain every stop of the assignment, each once")
    if a.status == "cancelled":
        raise ValidationError("已取消的任务不能调整站点顺序",
                              en="The stops of a cancelled assignment cannot be reordered")
    # seq is unique per assignment: move every stop out of the way first
    s.execute(update(PatrolStop).where(PatrolStop.assignment_id == a.id).values(seq=PatrolStop.seq + 100000))
    for n, sid in enumerate(stop_ids, start=1):
        s.execute(update(PatrolStop).where(PatrolStop.id == sid).values(seq=n))
    s.expire(a, ["stops"])
    sites = {x.id: x for x in s.query(Site).filter(Site.id.in_([st.site_id for st in by_id.values()]))}
    pts = [sites[by_id[sid].site_id].geom.representative_point() for sid in stop_ids]
    start = None
    if a.start_site_id is not None and (site := s.get(Site, a.start_site_id)) is not None:
        p = site.geom.representative_point()
        start = (p.x, p.y)
    elif a.route is not None:
        start = tuple(a.route.coords[0][:2])
    else:
        start = (pts[0].x, pts[0].y)
    crs = measure_crs([p.x for p in pts] + [start[0]])
    network = load_network(s, crs, float(planning.setting(s, "patrol.road_tolerance_m")))
    route = plan_route(start, [(p.x, p.y) for p in pts], network=network, crs=crs,
                       fixed_order=list(range(len(pts))))
    a.route, a.route_length_m = route.geom, round(route.length_m, 1)
    s.flush()
    return a
