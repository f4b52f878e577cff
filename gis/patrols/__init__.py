"""Patrols (巡查): the public face of the patrol modules, for scripts, the CLI and the views.

    periods     巡查周期 (weeks, months, days) as Period
    rules       frequency rules as data, matching, due dates
    due         which sites fall due in a period, priorities
    planning    assignments per grid member and day, re-planning
    routing     road graph, stop order (tour), route geometry;  edit: reorder and move stops
    results     visits, hazards found, coverage;  checkpoints: check items per stop
    queries     lists for the views;  sheets: route sheets as data;  export: phone files (KML, GPX, HTML)
"""
from __future__ import annotations

from gis.patrols.due import due_visits, priorities
from gis.patrols.periods import Period, parse_period
from gis.patrols.planning import PlanResult, plan, plan_period
from gis.patrols.results import FoundHazard, coverage, find_stop, record_visit
from gis.patrols.routing import RoadNetwork, Route, load_network, plan_route
from gis.patrols.rules import Rule, applicable_rule, default_rules, due_date, ensure_rules, load_rules, reset_rules
from gis.patrols.sheets import RouteSheet, SheetStop, route_sheets

__all__ = [
    "FoundHazard", "Period", "PlanResult", "RoadNetwork", "Route", "RouteSheet", "Rule", "SheetStop",
    "applicable_rule", "coverage", "default_rules", "due_date", "due_visits", "ensure_rules", "find_stop",
    "load_network", "load_rules", "parse_period", "plan", "plan_period", "plan_route", "priorities",
    "record_visit", "reset_rules", "route_sheets",
]
