"""Use cases: what a user does, said once, called by both the window (desktop/features, desktop/views)
and the command line (desktop/commands).

    services.hazards   issue_notice, export_ledger, export_sector_list
    services.patrols   plan, plan_ranger_rounds, print_sheets, export_route_files
    services.fire      generate_roster, export_roster, print_wall_map
    services.gas       analyse (pipeline safety findings into the hazard ledger), export_lists (xlsx)
    services.works     the third-party works register: listing, record, add, update, set_status, delete
    services.line_patrols  plan, record, report (gas pipeline line patrols 巡线 and the 巡检长度 report)
    services.self_checks   enterprises' self-check reports (企业自查自报): enterprises, missing, record, delete, import_file

A use case that writes to the project returns what it did together with a `gis.changes.Change`
(kinds and ids of what changed); the window announces it on `window.events`, the CLI ignores it.
A use case that writes a file and a record does both or neither (gis.atomic.file_and_record); one
that only writes a file never leaves half a file under the target's name (gis.atomic.atomic_path); every writer underneath writes that way too.
No Qt widgets here: these run on worker threads and in the CLI.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Generic, TypeVar

from gis.changes import Change

T = TypeVar("T")

NO_CHANGE = Change(frozenset())


@dataclass(frozen=True)
class Outcome(Generic[T]):
    """A write's domain result (`value`) and what it changed."""
    value: T
    change: Change
