"""Last stage: the world's rows as one DataFrame per table, in insert order with canonical dtypes."""
from __future__ import annotations

import numpy as np
import pandas as pd
import shapely

from gis.bulk import coerce_frame, insert_order
from gis.demo.world import DEMO, World


def build(world: World) -> dict[str, pd.DataFrame]:
    out: dict[str, pd.DataFrame] = {}
    out["admin_unit"] = pd.DataFrame(world.units)
    out["grid"] = pd.DataFrame([dict(id=g["id"], code=g["code"], name=g["name"], kind=g["kind"],
                                     village_id=g["village"]["id"],
                                     site_id=None if g["site_idx"] is None else g["site_idx"] + 1,
                                     note=(f"企业专属网格（{DEMO}）" if g["kind"] == "enterprise" else DEMO),
                                     geometry=g["geom"]) for g in world.grids])
    out["person"] = pd.DataFrame(world.persons)
    site_cols = ("id", "code", "name", "category", "sector", "address", "status", "risk_level", "contact_name",
                 "contact_phone", "legal_person", "attributes")
    site = {c: [st[c] for st in world.sites] for c in site_cols}
    site["grid_id"] = [st["grid"] + 1 for st in world.sites]
    site["geometry"] = shapely.points(np.array([st["xy"] for st in world.sites]))
    out["site"] = pd.DataFrame(site)
    line_cols = ("kind", "code", "name", "operator", "pressure_class", "material", "diameter_mm", "year_built",
                 "attributes")
    out["line_asset"] = pd.DataFrame([{"id": i, **{c: ln.get(c) for c in line_cols}, "geometry": ln["geometry"]}
                                      for i, ln in enumerate(world.lines, start=1)])
    out["zone"] = pd.DataFrame([{"id": i, **z} for i, z in enumerate(world.zones, start=1)])
    out["role_assignment"] = pd.DataFrame(world.roles)
    out["patrol_rule"] = pd.DataFrame([{"id": i, **r} for i, r in enumerate(world.rules, start=1)])
    a_cols = ("id", "grid_id", "person_id", "period", "planned_on", "status", "priority", "start_site_id",
              "route_length_m", "created_at", "geometry")
    out["patrol_assignment"] = pd.DataFrame([{c: a[c] for c in a_cols} for a in world.assigns])
    s_cols = ("id", "assignment_id", "seq", "site_id", "visited_at", "result", "note")
    out["patrol_stop"] = pd.DataFrame({c: [st[c] for st in world.stops] for c in s_cols})
    out["hazard"] = pd.DataFrame(world.hazard_cols)
    out["hazard_event"] = pd.DataFrame(world.event_cols)
    out["building"] = pd.DataFrame(world.buildings)
    out["third_party_works"] = pd.DataFrame(world.works)
    out["campaign"] = pd.DataFrame(world.campaigns)
    out["campaign_phase"] = pd.DataFrame(world.campaign_phases)
    out["self_check_report"] = world.self_checks
    order = insert_order()
    return {name: coerce_frame(name, out[name]) for name in order if name in out}
