"""Subcommands of `gridsafe`. Each module has `register(subparsers)`, which adds its parser and sets
`func` (args → exit code) as the parser default. Add a feature's module to COMMANDS.

The shared pieces (project argument, periods, dates, --json, opening the project) are in `_args`; what a
command does is a use case in desktop/services (shared with the window) or a gis function."""
from __future__ import annotations

import importlib

COMMANDS = [
    "desktop.commands.project",
    "desktop.commands.exchange",
    "desktop.commands.hazards",
    "desktop.commands.fire",
    "desktop.commands.gas",
    "desktop.commands.patrol",
    "desktop.commands.selfcheck",
    "desktop.commands.people",
    "desktop.commands.tipoff",
    "desktop.commands.stats",
    "desktop.commands.report",
    "desktop.commands.calendar",
    "desktop.commands.check",
    "desktop.commands.audit",
    "desktop.commands.users",
    "desktop.commands.selftest",
]


def register_all(subparsers) -> None:
    for name in COMMANDS:
        importlib.import_module(name).register(subparsers)
