"""Stage 8: people (person rows) and their roles (role_assignment rows).

Township and village leaders and cadres, grid leaders and members, rangers per ranger area, the people
of the larger enterprises, the assigned leader and regulator of each major site, the signers of the
三查三签字 chain, duty officers and checkpoint guards. Their phone numbers come last, one unique made-up
number each. The arrays at the end index them by grid, village and site for the hazard stage.
"""
from __future__ import annotations

import math
from datetime import date

import numpy as np

from gis.demo import names as N
from gis.demo.shapes import area_m2
from gis.demo.world import World


def build(world: World) -> None:
    rng = world.rng(8)
    nm = world.names
    world.persons = []
    world.roles = []
    start = date(2026, 1, 1)

    def person(unit, title, name=None):
        pid = len(world.persons) + 1
        world.persons.append(dict(id=pid, name=name or nm.names(1)[0], phone=None, unit=unit, title=title,
                                  note="示例数据（虚构人物）"))
        return pid

    def role(pid, key, **target):
        world.roles.append(dict(id=len(world.roles) + 1, person_id=pid, role=key, admin_unit_id=target.get("unit"),
                                grid_id=target.get("grid"), site_id=target.get("site"), zone_id=target.get("zone"),
                                start_date=start, end_date=None))

    per_bureau = 2 if world.scale.townships == 1 else 4
    world.regulators = {sec: [person(bureau, "执法人员") for _ in range(per_bureau)]
                        for sec, bureau in N.BUREAUS.items()}
    township_leaders: dict[str, list[int]] = {}
    area_leader_of: dict[int, int] = {}
    world.cadre_of = {}
    world.grid_members = {}
    world.grid_leader = {}
    for t in world.townships:
        unit = f"{t['name']}办事处" if t["kind"] == "街道" else f"{t['name']}人民政府"
        tv = [v for v in world.villages if v["township"] is t]
        leaders = [person(unit, "党工委书记" if t["kind"] == "街道" else "党委书记"),
                   person(unit, "办事处主任" if t["kind"] == "街道" else "乡镇长")]
        n_pian = max(1, math.ceil(len(tv) / 3))
        pian = [person(unit, "党工委委员" if k % 2 else "副主任") for k in range(n_pian)]
        township_leaders[t["code"]] = leaders + pian
        keeper = person(f"{t['name']}安委办", "台账汇总员")
        role(keeper, "ledger_keeper", unit=t["id"])
        for i, v in enumerate(tv):
            leader = pian[i * n_pian // len(tv)]
            role(leader, "area_leader", unit=v["id"])
            area_leader_of[v["id"]] = leader
            cadre = person(unit, "包村干部")
            role(cadre, "village_cadre", unit=v["id"])
            world.cadre_of[v["id"]] = cadre
            vunit = f"{v['name']}{'居民' if v['community'] else '村民'}委员会"
            heads = [person(vunit, "党支部书记"), person(vunit, "主任"), person(vunit, "文书")]
            role(heads[2], "ledger_keeper", unit=v["id"])
            prev_member = None
            for j, g in enumerate(v["grids"]):
                gl = heads[j % 3]
                role(gl, "grid_leader", grid=g["id"])
                world.grid_leader[g["idx"]] = gl
                k = int(rng.choice([1, 2, 3], p=[0.5, 0.35, 0.15]))
                members = []
                if prev_member is not None and rng.random() < 0.15:
                    members.append(prev_member)  # shared with the neighbouring grid
                    k -= 1
                members += [person(vunit, "网格员") for _ in range(k)]
                if not members:
                    members.append(person(vunit, "网格员"))
                for m in members:
                    role(m, "grid_member", grid=g["id"])
                world.grid_members[g["idx"]] = members
                prev_member = members[-1]
    for zi, z in enumerate(world.zones):
        if z["kind"] != "ranger_area":
            continue
        v = world.village(z["admin_unit_id"])
        vunit = f"{v['name']}{'居民' if v['community'] else '村民'}委员会"
        for _ in range(1 + int(float(area_m2(z["geometry"])) > 4e6)):
            role(person(vunit, "护林员"), "ranger", zone=zi + 1)
    # enterprises: principal, deputy, safety officer; assigned leader and regulator on major ones
    site_people: dict[int, dict[str, int]] = {}
    for st in world.sites:
        cat = st["category"]
        if not (cat in ("hazchem_enterprise", "lpg_station") or st["big"]
                or (cat == "industry_trade_enterprise" and st["risk_level"] == "major")):
            continue
        ppl = {"enterprise_principal": person(st["name"], "总经理", name=st["legal_person"]),
               "deputy_principal": person(st["name"], "分管安全副总经理"),
               "safety_officer": person(st["name"], "专职安全员")}
        for key, pid in ppl.items():
            role(pid, key, site=st["id"])
        site_people[st["idx"]] = ppl
    for st in world.sites:
        if st["risk_level"] != "major":
            continue
        t = world.grids[st["grid"]]["village"]["township"]
        leaders = township_leaders[t["code"]]
        role(leaders[st["idx"] % len(leaders)], "assigned_leader", site=st["id"])
        regs = world.regulators[st["sector"] or "fire"]
        role(regs[st["idx"] % len(regs)], "regulator", site=st["id"])
    _signoff_and_duty_people(world, person, role)
    phones = nm.unique_phones(len(world.persons))
    for p, ph in zip(world.persons, phones, strict=True):
        p["phone"] = ph
    # lookups by grid / village / site index for the vectorised hazard generator
    vindex = {v["id"]: i for i, v in enumerate(world.villages)}
    tindex = {t["code"]: i for i, t in enumerate(world.townships)}
    world.grid_village = np.array([vindex[g["village"]["id"]] for g in world.grids])
    world.grid_township = np.array([tindex[g["village"]["township"]["code"]] for g in world.grids])
    world.village_cadre = np.array([world.cadre_of[v["id"]] for v in world.villages])
    world.village_area_leader = np.array([area_leader_of[v["id"]] for v in world.villages])
    world.grid_leader_arr = np.array([world.grid_leader[g["idx"]] for g in world.grids])
    counts = np.array([len(world.grid_members[g["idx"]]) for g in world.grids])
    world.members_count = counts
    world.members_start = np.concatenate([[0], np.cumsum(counts)[:-1]])
    world.members_flat = np.array([m for g in world.grids for m in world.grid_members[g["idx"]]])
    world.site_principal = np.zeros(len(world.sites), dtype=np.int64)
    world.site_safety = np.zeros(len(world.sites), dtype=np.int64)
    for si, ppl in site_people.items():
        world.site_principal[si] = ppl["enterprise_principal"]
        world.site_safety[si] = ppl["safety_officer"]


def _signoff_and_duty_people(world: World, person, role) -> None:
    """Signers of 三查三签字 variant A, 24-hour duty officers and checkpoint guards, site owners."""
    world.township_inspectors = {}
    for pid in [person("湛河区森林防灭火指挥部办公室", "值班员") for _ in range(2)]:
        role(pid, "duty_officer", unit=1)
    for t in world.townships:
        unit = f"{t['name']}办事处" if t["kind"] == "街道" else f"{t['name']}人民政府"
        inspectors = [person(f"{t['name']}安全发展办公室", "安全检查员") for _ in range(2)]
        world.township_inspectors[t["code"]] = inspectors
        for pid in inspectors:
            role(pid, "township_inspector", unit=t["id"])
        for regs in world.regulators.values():
            role(regs[0], "bureau_inspector", unit=t["id"])
        for pid in [person(unit, "值班员") for _ in range(2)]:
            role(pid, "duty_officer", unit=t["id"])
    forest_villages = {z["admin_unit_id"] for z in world.zones if z["kind"] == "forest_fire"}
    for v in world.villages:
        if v["id"] in forest_villages:
            heads = list(dict.fromkeys(world.grid_leader[g["idx"]] for g in v["grids"]))[:2]
            for pid in heads:
                role(pid, "duty_officer", unit=v["id"])
    for st in world.sites:
        vill = world.grids[st["grid"]]["village"]
        vunit = f"{vill['name']}{'居民' if vill['community'] else '村民'}委员会"
        if st["category"] == "checkpoint":
            for pid in [person(vunit, "检查站值守员") for _ in range(2)]:
                role(pid, "checkpoint_guard", site=st["id"])
        elif st["category"] in ("small_premises", "catering") and st["idx"] % 20 == 0:
            role(person(st["name"], "业主", name=st["legal_person"]), "site_owner", site=st["id"])
