"""Live updates between workstations on PostgreSQL, the Qt-free half: what a notification says (pure).

Migration 0018 gives every gridsafe table three statement-level AFTER triggers (insert, update, delete) that call
`gridsafe_notify(key)`: one `pg_notify(CHANNEL, payload)` per statement that touched rows, delivered to the
listening workstations when the transaction commits (never for a rolled-back one). The payload is JSON:

    {"table": "hazard", "op": "UPDATE", "ids": [12, 40] | "all", "client": "<uuid>" | null, "pid": 4711}

`ids` are the values of the table's key column (its `id`, or the parent's id for child tables such as
hazard_event → hazard_id; see KEYS), "all" beyond IDS_CAP (the payload stays far below PostgreSQL's 8000 bytes)
or for a table without a key. `client` is what the writer's transaction set with `SET LOCAL gridsafe.client`
(gis.store does it for every write of a Project: `Project.client_id`), so a workstation can skip its own
changes — it announced them already; a write from psql or QGIS has none.

`TABLES` says which gis.changes kinds each table feeds and which kind its ids belong to; `change_of(notices)`
turns notifications into one gis.changes.Change. A table a later migration adds needs a row here (a test
checks every table of the model has one) and, on PostgreSQL, `SELECT gridsafe_watch('table', 'id')` in its
migration (`watch_sql`).
"""
from __future__ import annotations

import json
from collections.abc import Iterable
from dataclasses import dataclass, replace

from gis.changes import Change

CHANNEL = "gridsafe_changes"      # the one LISTEN/NOTIFY channel
CLIENT_SETTING = "gridsafe.client"  # SET LOCAL by every write of a Project: who wrote (a uuid per Project)
IDS_CAP = 200                     # more rows in one statement: "all" (NOTIFY payloads are limited to 8000 bytes)

# tables that notify nothing: alembic's, PostGIS's, the log of geometry edits (the edit itself notifies) and the
# audit trail (it is written by the triggers of a change that notifies already)
SILENT = frozenset({"alembic_version", "spatial_ref_sys", "geometry_edit", "audit_log", "audit_operator", "account"})


@dataclass(frozen=True)
class Feeds:
    kinds: frozenset[str]       # the change kinds a row of the table belongs to
    ids_of: str | None = None   # the kind whose ids the notification's ids are (None: ids mean nothing to a view)


def _f(*kinds: str, ids_of: str | None = None) -> Feeds:
    return Feeds(frozenset(kinds), ids_of)


# table → what it feeds. Keep in step with the writes' own announcements (gis.changes.KINDS) and migration 0018's
# key columns (the ids a table's notification carries: its id, or the parent's for a child table)
TABLES: dict[str, Feeds] = {
    "admin_unit": _f("admin", ids_of="admin"),
    "grid": _f("grids", ids_of="grids"),
    "grid_code_history": _f("grids", ids_of="grids"),            # key grid_id
    "site": _f("sites", ids_of="sites"),
    "line_asset": _f("lines", ids_of="lines"),
    "zone": _f("zones", ids_of="zones"),
    "building": _f("buildings", ids_of="buildings"),
    "third_party_works": _f("works", ids_of="works"),
    "person": _f("people", ids_of="people"),
    "role_assignment": _f("people", ids_of="people"),            # key person_id
    "unavailability": _f("people", "roster", ids_of="people"),    # key person_id
    "hazard": _f("hazards", ids_of="hazards"),
    "hazard_event": _f("hazards", ids_of="hazards"),             # key hazard_id
    "hazard_photo": _f("hazards", ids_of="hazards"),             # key hazard_id
    "enforcement_action": _f("hazards"),
    "self_check_report": _f("self_check", ids_of="self_check"),
    "patrol_assignment": _f("patrols", ids_of="patrols"),
    "patrol_stop": _f("patrols", ids_of="patrols"),              # key assignment_id
    "patrol_rule": _f("patrols"),
    "fire_season": _f("fire"),
    "key_period": _f("fire"),
    "fire_permit": _f("fire"),
    "guardian_record": _f("fire"),
    "duty_shift": _f("roster"),
    "project_setting": _f("settings"),
    "campaign": _f("campaigns", ids_of="campaigns"),
    "campaign_phase": _f("campaigns", ids_of="campaigns"),       # key campaign_id
    "patrol_track": _f("tracks"),
    "patrol_evidence": _f("tracks"),
    "patrol_stop_check": _f("tracks"),                           # no id column: no ids
    "tipoff": _f("tipoffs", ids_of="tipoffs"),
    "tipoff_event": _f("tipoffs", ids_of="tipoffs"),             # key tipoff_id
    "tipoff_photo": _f("tipoffs", ids_of="tipoffs"),             # key tipoff_id
}


@dataclass(frozen=True)
class Notice:
    """One notification: a statement of another connection's committed transaction."""
    table: str
    op: str                          # INSERT, UPDATE, DELETE
    ids: frozenset[int] | None       # None: not known (all)
    client: str | None               # the writing Project's client id, None for other tools
    pid: int | None                  # the writer's backend pid

    @property
    def change(self) -> Change:
        feeds = TABLES.get(self.table)
        if feeds is None:    # a table this version does not know (a newer gridsafe's): reload what could be affected
            return everything()
        ids = {feeds.ids_of: self.ids} if feeds.ids_of is not None and self.ids is not None else {}
        return Change(feeds.kinds, ids, remote=True)


def everything() -> Change:
    """Every kind of data changed elsewhere (after a reconnect: what was missed meanwhile)."""
    return replace(Change.everything(), remote=True)


def parse(payload: str) -> Notice | None:
    """The Notice in a notification's payload; None for one that is not gridsafe's (another program's NOTIFY)."""
    try:
        data = json.loads(payload)
        table, op = data["table"], data["op"]
        raw = data.get("ids")
        ids = None if raw is None or raw == "all" else frozenset(int(i) for i in raw if i is not None)
        client = data.get("client") or None
        pid = data.get("pid")
        return Notice(str(table), str(op), ids, None if client is None else str(client),
                      None if pid is None else int(pid))
    except (ValueError, TypeError, KeyError, AttributeError):
        return None


def payload(table: str, op: str, ids: Iterable[int] | None, client: str | None = None, pid: int | None = None) -> str:
    """The payload the trigger writes (for tests and tools that notify by hand)."""
    ids = list(ids) if ids is not None else None
    return json.dumps({"table": table, "op": op, "ids": "all" if ids is None or len(ids) > IDS_CAP else ids,
                       "client": client, "pid": pid})


def change_of(notices: Iterable[Notice], *, own: str | None = None) -> Change | None:
    """One Change for a burst of notifications, those of client `own` (this workstation's writes) left out;
    None when nothing is left."""
    change = None
    for n in notices:
        if own is not None and n.client == own:
            continue
        change = n.change if change is None else change | n.change
    return change


def watch_sql(table: str, key: str = "id") -> str:
    """What a migration adding a table runs on PostgreSQL so that its changes reach the other workstations
    (the SQL helper migration 0018 created); `key`: the column whose values the notifications carry as ids
    ('' for none)."""
    return f"SELECT gridsafe_watch('{table}', '{key}')"
