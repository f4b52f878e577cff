"""Stage 10: hazards (hazard rows) and their histories (hazard_event rows).

Hazards are linked to sites (most), pipelines and roads, or zones, plus those found on patrol stops.
Each history is one of the templates below, replayed as the ledger writes it (gis.hazards.workflow,
resources/hazard_rules.yaml): every step is one the ledger's own rules allow, and closing needs the
project's default 三查三签字 chain signed in order. Times are seconds since 1970, vectorised per template.
"""
from __future__ import annotations

from datetime import date, datetime

import numpy as np
import pandas as pd
import shapely

from gis.demo import names as N
from gis.demo.shapes import points_in
from gis.demo.world import TODAY, World

LAST_EVENT = datetime(2026, 11, 21, 18, 0)  # no event happens after this
FIRST_FOUND = date(2026, 1, 1)
LAST_FOUND = date(2026, 11, 20)
EPOCH = datetime(1970, 1, 1)
EPOCH_ORD = date(1970, 1, 1).toordinal()
HAZARD_SITE_WEIGHT = {
    "catering": 1.2, "small_premises": 1.0, "industry_trade_enterprise": 2.0, "hazchem_enterprise": 3.0,
    "construction_site": 2.5, "lpg_station": 2.0, "school": 0.8, "childcare_institution": 0.8,
    "passenger_station": 1.5, "checkpoint": 1.0, "lookout_tower": 0.5, "supply_depot": 0.5, "village_committee": 0.2,
}
SELF_CHECKLESS = {"village_committee", "checkpoint", "lookout_tower", "supply_depot"}
SOURCES = ("grid_patrol", "self_check", "enforcement", "sector_spot_check", "expert", "cross_check", "public_report")
SOURCE_P = (0.40, 0.20, 0.12, 0.10, 0.06, 0.06, 0.06)
STATUSES = ("registered", "assigned", "rectifying", "pending_acceptance", "closed")
# status probabilities by age of the hazard (days before TODAY): >150, 60–150, 20–60, <20
STATUS_P = (
    (0.01, 0.01, 0.03, 0.02, 0.93),
    (0.02, 0.04, 0.12, 0.07, 0.75),
    (0.05, 0.10, 0.25, 0.15, 0.45),
    (0.20, 0.25, 0.30, 0.10, 0.15),
)
# Event steps, as gis.hazards.workflow writes them (resources/hazard_rules.yaml):
# step → (action, from, to, who, signature role). `who` picks the actor; the sign steps are the
# project's default 三查三签字 chain (resources/signoff_chains.yaml: 业主 → 乡办 → 行业局委).
STEP = {
    "register": ("register", None, "registered", "registrar", None),
    "assign": ("assign", "registered", "assigned", "assigner", None),
    "start": ("start", "assigned", "rectifying", "executor", "executor"),
    "submit": ("submit", "rectifying", "pending_acceptance", "executor", "executor"),
    "reject": ("reject", "pending_acceptance", "rectifying", "acceptor", "acceptor"),
    "sign_owner": ("sign", None, None, "owner_signer", "site_owner"),
    "sign_township": ("sign", None, None, "township_signer", "township_inspector"),
    "sign_bureau": ("sign", None, None, "bureau_signer", "bureau_inspector"),
    "close": ("close", "pending_acceptance", "closed", "acceptor", "acceptor"),
}
_SIGNED = ("sign_owner", "sign_township", "sign_bureau")
TEMPLATES = {  # (status, returned) → steps
    ("registered", False): ("register",),
    ("assigned", False): ("register", "assign"),
    ("rectifying", False): ("register", "assign", "start"),
    ("rectifying", True): ("register", "assign", "start", "submit", "reject"),
    ("pending_acceptance", False): ("register", "assign", "start", "submit", "sign_owner"),
    ("pending_acceptance", True): ("register", "assign", "start", "submit", "reject", "submit", "sign_owner"),
    ("closed", False): ("register", "assign", "start", "submit", *_SIGNED, "close"),
    ("closed", True): ("register", "assign", "start", "submit", "reject", "submit", *_SIGNED, "close"),
}
GAP_DAYS = {  # (low, high) days before each step after the previous one
    "assign": (0.05, 3), "start": (0.3, 5), "submit": (2, 35), "reject": (0.5, 5), "resubmit": (1, 10),
    "sign_owner": (0.02, 1), "sign_township": (0.1, 2), "sign_bureau": (0.2, 3), "close": (0.05, 2),
}
EVENT_NOTE = {
    "register": "登记隐患", "assign": "交办整改，落实五定", "start": "开始整改", "submit": "整改完成，申请验收",
    "reject": "验收未通过，退回重新整改", "sign_owner": "业主自查认领签字", "sign_township": "乡办属地检查签字",
    "sign_bureau": "行业局委执法核查签字", "close": "验收合格，予以销号",
}


def _ids_or_null(ids: np.ndarray):
    """Person ids with 0 meaning "no person record" → a nullable integer column."""
    out = pd.array(ids, dtype="Int64")
    out[ids == 0] = pd.NA
    return out


def build(world: World) -> None:
    """Hazards linked to sites (most), pipelines and roads, or zones; plus those found on patrol stops."""
    s, rng = world.scale, world.rng(10)
    S = len(world.sites)
    site_xy = np.array([st["xy"] for st in world.sites])
    site_grid = np.array([st["grid"] for st in world.sites])
    site_cat = np.array([st["category"] for st in world.sites], dtype=object)
    site_topic = np.array([st["sector"] or "fire" for st in world.sites], dtype=object)
    found_stops = [st for st in world.stops if st["result"] == "hazard_found"][: s.hazards]
    n_rand = s.hazards - len(found_stops)
    kinds = np.array([ln["kind"] for ln in world.lines], dtype=object)
    pipes = np.flatnonzero(kinds == "gas_pipeline")
    road_l = np.flatnonzero(kinds == "hazardous_road")
    road_l = road_l if len(road_l) else np.flatnonzero(kinds == "road")
    fire_l = np.flatnonzero(kinds == "fire_road")
    fire_l = fire_l if len(fire_l) else road_l
    zkinds = np.array([z["kind"] for z in world.zones], dtype=object)
    forest_z, school_z = np.flatnonzero(zkinds == "forest_fire"), np.flatnonzero(zkinds == "school_zone")
    link = rng.choice(3, size=n_rand, p=[0.85, 0.09, 0.06])  # site, line, zone
    if not len(pipes):
        link[link == 1] = 0
    if not (len(forest_z) or len(school_z)):
        link[link == 2] = 0
    w = np.array([HAZARD_SITE_WEIGHT[c] for c in site_cat])
    site_pick = rng.choice(S, size=n_rand, p=w / w.sum())
    u = rng.random((n_rand, 4))
    source = np.array(SOURCES, dtype=object)[np.searchsorted(np.cumsum(SOURCE_P), u[:, 0] * 0.999999)]
    found = FIRST_FOUND.toordinal() + rng.integers(0, LAST_FOUND.toordinal() - FIRST_FOUND.toordinal() + 1, n_rand)
    site = np.where(link == 0, site_pick, -1)
    line = np.full(n_rand, -1)
    zone = np.full(n_rand, -1)
    topic = site_topic[site_pick].copy()
    sector = topic.copy()
    xy = site_xy[site_pick].copy()
    grid = site_grid[site_pick].copy()
    li = np.flatnonzero(link == 1)
    which = np.searchsorted([0.7, 0.9], u[li, 1], side="right")
    for k, (pool, sec, top) in enumerate(((pipes, "gas", "pipeline"), (road_l, "transport", "road"),
                                          (fire_l, "forest_fire", "road"))):
        sel = li[which == k]
        line[sel] = pool[(u[sel, 2] * len(pool)).astype(int)]
        sector[sel], topic[sel] = sec, top
    if len(li):
        geoms = np.array([world.lines[i]["geometry"] for i in line[li]], dtype=object)
        xy[li] = shapely.get_coordinates(shapely.line_interpolate_point(geoms, u[li, 3], normalized=True))
    zi = np.flatnonzero(link == 2)
    forest = ((u[zi, 1] < 0.75) & (len(forest_z) > 0)) | (len(school_z) == 0)
    for sel, pool, sec in ((zi[forest], forest_z, "forest_fire"), (zi[~forest], school_z, "transport")):
        zone[sel] = pool[(u[sel, 2] * len(pool)).astype(int)] if len(sel) else zone[sel]
        sector[sel], topic[sel] = sec, sec
    if len(zi):
        zg = np.array([z["geometry"] for z in world.zones], dtype=object)
        xy[zi] = points_in(rng, zg, zone[zi])
    moved = np.concatenate([li, zi])
    if len(moved):
        grid[moved] = world.grid_of(xy[moved])
    no_self = (site < 0) | np.isin(site_cat[np.maximum(site, 0)], list(SELF_CHECKLESS))
    bad_self = (source == "self_check") & no_self
    source[bad_self] = "grid_patrol"
    day_s = 86400
    start = (found - EPOCH_ORD) * day_s + 8 * 3600 + rng.integers(0, 9 * 3600, n_rand)
    finder = np.zeros(n_rand, dtype=np.int64)
    stop = np.zeros(n_rand, dtype=np.int64)
    # hazards found on patrol stops: that site, that day, registered by the patrolling member
    if found_stops:
        fs_site = np.array([st["site_id"] - 1 for st in found_stops])
        fs_at = np.array([int((st["visited_at"] - EPOCH).total_seconds()) for st in found_stops])
        fs_at = fs_at + rng.integers(5, 40, len(found_stops)) * 60
        cat = lambda a, b: np.concatenate([a, b])  # noqa: E731
        none = np.full(len(fs_site), -1)
        site, line, zone = cat(site, fs_site), cat(line, none), cat(zone, none)
        source = cat(source, np.full(len(fs_site), "grid_patrol", dtype=object))
        found = cat(found, fs_at // day_s + EPOCH_ORD)
        start = cat(start, fs_at)
        xy = np.vstack([xy, site_xy[fs_site]])
        grid = cat(grid, site_grid[fs_site])
        topic = cat(topic, site_topic[fs_site])
        sector = cat(sector, site_topic[fs_site])
        finder = cat(finder, np.array([st["person_id"] for st in found_stops]))
        stop = cat(stop, np.array([st["id"] for st in found_stops]))
    H = dict(site=site, line=line, zone=zone, source=source, found=found, start=start, xy=xy, grid=grid,
             topic=topic, sector=sector, finder=finder, stop=stop)
    _details(world, H, rng)


def _details(world: World, H: dict[str, np.ndarray], rng: np.random.Generator) -> None:
    """Status, events, people and 五定 of the hazards drawn by build (H: one array per column, any order)."""
    n = len(H["site"])
    u = rng.random((n, 12))
    names = np.array([""] + [p["name"] for p in world.persons], dtype=object)  # by person id
    # status by age, 'returned' for some, major for ~5 % where the topic has major items
    age = TODAY.toordinal() - H["found"]
    bucket = np.where(age > 150, 0, np.where(age > 60, 1, np.where(age > 20, 2, 3)))
    thresholds = np.cumsum(np.array(STATUS_P), axis=1)[bucket]
    status_i = np.minimum((u[:, :1] * 0.999999 > thresholds).sum(axis=1), 4)
    returned = (u[:, 1] < 0.1) & (status_i >= 2)
    major = (u[:, 2] < 0.055) & np.isin(H["topic"], list(N.HAZARDS_MAJOR))
    desc = np.empty(n, dtype=object)
    meas = np.empty(n, dtype=object)
    for topic in sorted(set(H["topic"].tolist())):
        for is_major, pools in ((False, N.HAZARDS_GENERAL), (True, N.HAZARDS_MAJOR)):
            sel = np.flatnonzero((H["topic"] == topic) & (major == is_major))
            if not len(sel):
                continue
            pool = pools[topic]
            k = (u[sel, 3] * len(pool)).astype(int)
            desc[sel] = np.array([d for d, _ in pool], dtype=object)[k]
            meas[sel] = np.array([m for _, m in pool], dtype=object)[k]
    # who: per grid and village lookups
    grid = H["grid"]
    village = world.grid_village[grid]
    cadre = world.village_cadre[village]
    area_leader = world.village_area_leader[village]
    leader = world.grid_leader_arr[grid]
    member = world.members_flat[world.members_start[grid] + (u[:, 4] * world.members_count[grid]).astype(int)]
    reg = np.zeros(n, dtype=np.int64)
    for sec in sorted(set(H["sector"].tolist())):
        sel = np.flatnonzero(H["sector"] == sec)
        pool = np.array(world.regulators[sec])
        reg[sel] = pool[(u[sel, 5] * len(pool)).astype(int)]
    site = H["site"]
    has_site = site >= 0
    principal = np.where(has_site, world.site_principal[np.maximum(site, 0)], 0)
    safety = np.where(has_site, world.site_safety[np.maximum(site, 0)], 0)
    cadres = np.array([world.cadre_of[v["id"]] for v in world.villages])
    other = cadres[(u[:, 6] * len(cadres)).astype(int)]
    other = np.where(other == cadre, cadres[((u[:, 6] * len(cadres)).astype(int) + 1) % len(cadres)], other)
    src = H["source"]
    conds = [H["finder"] > 0, (src == "self_check") & (principal > 0), src == "self_check",
             np.isin(src, ["enforcement", "sector_spot_check", "expert"]), src == "cross_check",
             src == "public_report"]
    registrar = np.select(conds, [H["finder"], principal, member, reg, other, cadre], member)
    found_by = names[registrar].copy()
    sel = np.flatnonzero(~conds[0] & conds[1])
    found_by[sel] = names[registrar[sel]] + "（企业自查）"
    sel = np.flatnonzero(~conds[0] & ~conds[1] & conds[2])
    contacts = np.array([st["contact_name"] for st in world.sites], dtype=object)
    found_by[sel] = contacts[site[sel]] + "（自查上报）"
    sel = np.flatnonzero(src == "expert")
    found_by[sel] = np.array(["专家" + x for x in world.names.names(len(sel))], dtype=object)
    sel = np.flatnonzero(src == "cross_check")
    found_by[sel] = "区域互查：" + names[registrar[sel]]
    found_by[src == "public_report"] = "群众举报（12345热线）"
    assigner = np.where(major, area_leader, cadre)
    acceptor = np.where(major, reg, cadre)
    owner = np.where(principal > 0, principal, leader)
    executor = np.where(safety > 0, safety, member)
    days = np.where(major, np.array([60, 90])[(u[:, 7] * 2).astype(int)],
                    np.array([7, 15, 30])[(u[:, 7] * 3).astype(int)])
    past_reg = status_i > 0
    sup_i = np.searchsorted([0.1, 0.6], u[:, 9])
    supervised = major & past_reg & (u[:, 8] < 0.45)
    # events: one template per (status, returned), times in seconds since 1970
    start = H["start"]
    last = int((LAST_EVENT - EPOCH).total_seconds())
    tpl_list = list(TEMPLATES)
    tpl_id = np.array([tpl_list.index((STATUSES[si], bool(r))) for si, r in zip(status_i, returned, strict=True)])
    order = np.lexsort((np.arange(n), start))  # hazard ids in order of registration
    new_id = np.empty(n, dtype=np.int64)
    new_id[order] = np.arange(1, n + 1)
    ev = {k: [] for k in ("h", "seq", "action", "t")}
    last_t = np.empty(n, dtype=np.int64)
    for ti, key in enumerate(tpl_list):
        ks = np.flatnonzero(tpl_id == ti)
        if not len(ks):
            continue
        tpl = TEMPLATES[key]
        L = len(tpl)
        # whole days between steps (squeezed so the last one is not after LAST_EVENT), office hours
        gaps = np.zeros((len(ks), L))
        for j, action in enumerate(tpl[1:], start=1):
            lo, hi = GAP_DAYS["resubmit" if action == "submit" and "reject" in tpl[:j] else action]
            gaps[:, j] = rng.uniform(lo, hi, len(ks))
        day0 = start[ks] // 86400
        room = np.maximum(last // 86400 - day0 - 1, 0)
        factor = np.minimum(1.0, room / np.maximum(gaps.sum(axis=1), 1e-9))
        days_off = np.floor(np.cumsum(gaps * factor[:, None], axis=1)).astype(np.int64)
        tod = rng.integers(8 * 3600, 17 * 3600 + 1800, (len(ks), L))
        tod[:, 0] = start[ks] % 86400
        times = (day0[:, None] + days_off) * 86400 + tod
        for j in range(1, L):
            times[:, j] = np.maximum(times[:, j], times[:, j - 1] + 60)
        last_t[ks] = times[:, -1]
        ev["h"].append(np.repeat(ks, L))
        ev["seq"].append(np.tile(np.arange(1, L + 1), len(ks)))
        ev["action"].append(np.tile(np.array(tpl, dtype=object), len(ks)))
        ev["t"].append(times.ravel())
    eh, eseq = np.concatenate(ev["h"]), np.concatenate(ev["seq"])
    eact, et = np.concatenate(ev["action"]), np.concatenate(ev["t"])
    eo = np.lexsort((eseq, new_id[eh]))
    eh, eseq, eact, et = eh[eo], eseq[eo], eact[eo], et[eo]
    who_i = {"registrar": 0, "assigner": 1, "executor": 2, "acceptor": 3, "township_signer": 4,
             "bureau_signer": 5, "owner_signer": 6}
    who = np.array([who_i[STEP[a][3]] for a in eact])
    town_signer = np.array([world.township_inspectors[t["code"]][0] for t in world.townships])[
        world.grid_township[H["grid"]]]
    bureau_signer = np.array([world.regulators[sec][0] for sec in H["sector"]], dtype=np.int64)
    # the owner signs as the premises' contact (业主/负责人): a name, not always a person record
    actors = np.vstack([registrar, assigner, executor, acceptor, town_signer, bureau_signer,
                        np.zeros(n, dtype=np.int64)])[who, eh]
    actor_names = names[actors]
    by_owner = who == 6
    owner_names = np.where(has_site, contacts[np.maximum(site, 0)], names[owner])
    actor_names[by_owner] = owner_names[eh[by_owner]]
    roles = np.array([STEP[a][4] for a in eact], dtype=object)
    deadline_ord = H["found"] + days
    deadline_iso = np.array([date.fromordinal(int(d)).isoformat() for d in deadline_ord], dtype=object)
    note = np.array([EVENT_NOTE[a] for a in eact], dtype=object)
    is_assign = eact == "assign"
    note[is_assign] = note[is_assign] + "，整改期限" + deadline_iso[eh[is_assign]]
    world.event_cols = dict(
        id=np.arange(1, len(eh) + 1), hazard_id=new_id[eh], seq=eseq,
        action=np.array([STEP[a][0] for a in eact], dtype=object),
        from_status=np.array([STEP[a][1] for a in eact], dtype=object),
        to_status=np.array([STEP[a][2] for a in eact], dtype=object),
        actor_id=_ids_or_null(np.where(by_owner, 0, actors)), actor_name=actor_names,
        at=(et * 1_000_000).astype("datetime64[us]"), note=note,
        signature_role=roles)
    # the hazard table, rows in id order
    o = order
    dates = lambda ords: (np.asarray(ords) - EPOCH_ORD).astype("datetime64[D]").astype(object)  # noqa: E731
    township_code = np.array([t["code"] for t in world.townships], dtype=object)[world.grid_township[H["grid"]]]
    township_name = np.array([t["name"] for t in world.townships], dtype=object)[world.grid_township[H["grid"]]]
    pr = past_reg[o]
    mj = major[o] & pr

    def only(mask, values):
        out = np.asarray(values, dtype=object).copy()
        out[~mask] = None
        return out

    sup_level = only(supervised[o], np.array(["city", "district", "township"], dtype=object)[sup_i[o]])
    sup_unit = np.array([None if lv is None else N.SUPERVISING_UNITS[lv].format(township=tn)
                         for lv, tn in zip(sup_level, township_name[o], strict=True)], dtype=object)
    deadline = only(pr, dates(deadline_ord[o]))
    closed = status_i[o] == 4
    funds = (2 + u[:, 10] * 48).astype(int)
    world.hazard_cols = dict(
        id=np.arange(1, n + 1),
        code=np.array([f"YH{c}{i:06d}" for c, i in zip(township_code[o], range(1, n + 1), strict=True)],
                      dtype=object),
        site_id=np.where(site[o] >= 0, site[o] + 1, 0), line_id=np.where(H["line"][o] >= 0, H["line"][o] + 1, 0),
        zone_id=np.where(H["zone"][o] >= 0, H["zone"][o] + 1, 0), grid_id=grid[o] + 1,
        found_on=dates(H["found"][o]), found_by=found_by[o], source=src[o], sector=H["sector"][o],
        checklist_item=np.full(n, None, dtype=object), description=desc[o],
        grade=np.where(major[o], "major", "general").astype(object),
        status=np.array(STATUSES, dtype=object)[status_i[o]],
        owner_id=np.where(pr, owner[o], 0), measures=only(pr, meas[o]), deadline=deadline,
        executor_id=np.where(pr, executor[o], 0), acceptor_id=np.where(pr, acceptor[o], 0),
        wls_measures=only(mj, meas[o]),
        wls_responsibility=only(mj, names[owner[o]] + "负总责，" + names[executor[o]] + "具体落实"),
        wls_funds=only(mj, np.array([f"落实整改资金{f}万元" for f in funds[o]], dtype=object)),
        wls_deadline=only(mj, deadline),
        wls_plan=only(mj, np.full(n, "制定专项应急预案，落实临时管控措施并组织演练", dtype=object)),
        supervision_level=sup_level, supervising_unit=sup_unit,
        closed_on=only(closed, dates((last_t[o] // 86400) + EPOCH_ORD)),
        patrol_stop_id=H["stop"][o],
        created_at=(start[o] * 1_000_000).astype("datetime64[us]"),
        updated_at=(last_t[o] * 1_000_000).astype("datetime64[us]"),
        version=np.ones(n, dtype=np.int64),
        geometry=shapely.points(H["xy"][o]),
    )
    for col in ("site_id", "line_id", "zone_id", "owner_id", "executor_id", "acceptor_id", "patrol_stop_id"):
        v = world.hazard_cols[col]
        world.hazard_cols[col] = pd.array(np.where(v > 0, v, 0), dtype="Int64")
        world.hazard_cols[col][v <= 0] = pd.NA
