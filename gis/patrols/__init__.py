"""Patrols (巡查): the public face of the patrol modules, for scripts, the CLI and the views.

    periods     巡查周期 (weeks, months, days) as Period
    rules       frequency rules as data, matching, due dates
    due         which sites fall due in a period, priorities
    planning    assignments per grid member and day, re-planning
    routing     road graph, stop order (tour), route geometry;  edit: reorder and move stops
    results     visits, hazards found, coverage;  checkpoints: check items per stop
    queries     lists for the views;  sheets: route sheets as data;  export: phone files (KML, GPX, HTML)
    line_rules  line patrol (巡线) frequency rules as data (patrol_rules.yaml line_patrol)
    lines       gas pipelines split by grid, line patrol plans (kind line) and results
    line_report the 巡检长度 report: length and coverage by pressure class, operator and grid (xlsx)
"""
from __future__ import annotations

import importlib

# name → module it comes from; imported on first use, so `from gis.patrols.queries import …` at start-up
# does not pull in planning's road graph (scipy) — that cost the window 0.3 s of its cold start
_FROM = {
    "due_visits": "due", "priorities": "due",
    "Period": "periods", "parse_period": "periods",
    "PlanResult": "planning", "plan": "planning", "plan_period": "planning",
    "FoundHazard": "results", "coverage": "results", "find_stop": "results", "record_visit": "results",
    "RoadNetwork": "routing", "Route": "routing", "load_network": "routing", "plan_route": "routing",
    "Rule": "rules", "applicable_rule": "rules", "default_rules": "rules", "due_date": "rules",
    "ensure_rules": "rules", "load_rules": "rules", "reset_rules": "rules",
    "RouteSheet": "sheets", "SheetStop": "sheets", "route_sheets": "sheets",
}
__all__ = sorted(_FROM)


def __getattr__(name: str):
    module = _FROM.get(name)
    if module is None:
        raise AttributeError(f"module 'gis.patrols' has no attribute {name!r}")
    value = getattr(importlib.import_module(f"gis.patrols.{module}"), name)
    globals()[name] = value
    return value
