"""Patrols (巡查): the public face of the patrol modules, for scripts, the CLI and the views.

    rules      gis.patrol_rules    frequency rules as data, matching, due dates
    due        gis.patrol_due      which sites fall due in a period, priorities
    planning   gis.planning        assignments per grid member and day, re-planning
    routing    gis.routing         road graph, stop order (gis.tour), route geometry
    results    gis.patrol_results  visits, hazards found, coverage
    sheets     gis.patrol_sheets   route sheets as data; phone files in gis.io.patrol_export
"""
from __future__ import annotations

from .patrol_due import due_visits, priorities
from .patrol_results import FoundHazard, coverage, find_stop, record_visit
from .patrol_rules import Rule, applicable_rule, default_rules, due_date, ensure_rules, load_rules, reset_rules
from .patrol_sheets import RouteSheet, SheetStop, route_sheets
from .periods import Period, parse_period
from .planning import PlanResult, plan, plan_period
from .routing import RoadNetwork, Route, load_network, plan_route

__all__ = [
    "FoundHazard", "Period", "PlanResult", "RoadNetwork", "Route", "RouteSheet", "Rule", "SheetStop",
    "applicable_rule", "coverage", "default_rules", "due_date", "due_visits", "ensure_rules", "find_stop",
    "load_network", "load_rules", "parse_period", "plan", "plan_period", "plan_route", "priorities",
    "record_visit", "reset_rules", "route_sheets",
]
