"""Patrol screens: planner, assignment list, result entry, coverage."""
