"""What is linked to one map feature, as keys, ids and counts (the identify panel labels them).

`facts(s, source, fid)` takes a data layer name (sites, grids, villages, townships, pipelines, roads,
fire_lines, zones, hazards, patrol_routes, gas_protection, gas_control) and a feature id. Hazards by state
(repo.hazard_counts), responsible people (the site's contact, repo.roles_held at the feature,
repo.responsible_people of its grid), its grid, recent visits or assignments, a route's stops.

A gas pipeline (or its protection or control range, whose ids are the pipeline's) also gets `Facts.gas`
(`gas_facts`): its class, outside diameter and range widths as the gas rules apply them (with what was
defaulted), the buildings inside its protection range and the works active today within its control range,
from gis.gas.analysis on the pipeline's neighbourhood only (reach_m around it, found by the spatial index).
"""
from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from gis import repo
from gis.gasmap import GasFacts, gas_facts
from gis.model import (
    AdminUnit,
    Grid,
    Hazard,
    LineAsset,
    PatrolAssignment,
    PatrolStop,
    Site,
    Zone,
)

LINE_SOURCES = ("pipelines", "roads", "fire_lines")
GAS_SOURCES = ("pipelines", "gas_protection", "gas_control")   # the range layers' ids are their pipeline's
RECENT = 5   # visits or assignments listed


@dataclass
class Facts:
    hazard_counts: dict[str, int] = field(default_factory=dict)        # hazard status → count
    # (role key, name, phone); role "contact" is a site's own contact person
    people: list[tuple[str, str, str]] = field(default_factory=list)
    grid: tuple[int, str, str] | None = None                            # id, code, name of the feature's grid
    site_id: int | None = None                                          # the site itself, or a hazard's site
    visits: list[tuple[datetime, str | None]] = field(default_factory=list)     # a site's last visits, result
    assignments: list[tuple[date, str]] = field(default_factory=list)           # a grid's last, by status
    stops: list[tuple[int, str, datetime | None, str | None]] = field(default_factory=list)  # a route's
    site_count: int | None = None                                       # sites in a grid
    hazard: dict[str, Any] | None = None        # a hazard's description, found_on, source, site_name
    gas: GasFacts | None = None                 # a gas pipeline's ranges and what is inside them


def _people(pairs) -> list[tuple[str, str, str]]:
    return [(role, p.name, p.phone or "") for role, p in pairs]


def facts(s: Session, source: str, fid: int) -> Facts:
    f = Facts()
    grid: Grid | None = None
    if source == "sites":
        site = s.get(Site, fid)
        f.site_id = fid
        f.hazard_counts = repo.hazard_counts(s, site=site)
        grid = site.grid
        if site.contact_name:
            f.people.append(("contact", site.contact_name, site.contact_phone or ""))
        f.people += _people(repo.roles_held(s, site=site))
        f.visits = [tuple(r) for r in s.execute(
            select(PatrolStop.visited_at, PatrolStop.result)
            .where(PatrolStop.site_id == fid, PatrolStop.visited_at.is_not(None))
            .order_by(PatrolStop.visited_at.desc(), PatrolStop.id.desc()).limit(RECENT))]
    elif source == "grids":
        grid = s.get(Grid, fid)
        f.hazard_counts = repo.hazard_counts(s, grid=grid)
        f.site_count = len(repo.sites_in_grid(s, grid))
        f.assignments = [tuple(r) for r in s.execute(
            select(PatrolAssignment.planned_on, PatrolAssignment.status).where(PatrolAssignment.grid_id == fid)
            .order_by(PatrolAssignment.planned_on.desc(), PatrolAssignment.id.desc()).limit(RECENT))]
    elif source in ("villages", "townships"):
        f.people = _people(repo.roles_held(s, admin_unit=s.get(AdminUnit, fid)))
    elif source in LINE_SOURCES or source in GAS_SOURCES:
        f.hazard_counts = repo.hazard_counts(s, line=s.get(LineAsset, fid))
        if source in GAS_SOURCES:
            f.gas = gas_facts(s, fid)
    elif source == "zones":
        f.hazard_counts = repo.hazard_counts(s, zone=s.get(Zone, fid))
    elif source == "hazards":
        hazard = s.get(Hazard, fid)
        f.hazard = {"description": hazard.description, "found_on": hazard.found_on, "source": hazard.source,
                    "site_name": None}
        if hazard.site_id:
            site = s.get(Site, hazard.site_id)
            f.hazard["site_name"] = site.name
            f.site_id = site.id
            grid = site.grid
        grid = s.get(Grid, hazard.grid_id) if hazard.grid_id else grid
    elif source == "patrol_routes":
        assignment = s.get(PatrolAssignment, fid)
        grid = s.get(Grid, assignment.grid_id)
        f.stops = [tuple(r) for r in s.execute(
            select(PatrolStop.seq, Site.name, PatrolStop.visited_at, PatrolStop.result)
            .join(Site, Site.id == PatrolStop.site_id).where(PatrolStop.assignment_id == fid)
            .order_by(PatrolStop.seq))]
    if grid is not None:
        f.grid = (grid.id, grid.code, grid.name)
        f.people += _people(repo.responsible_people(s, grid))
    return f

