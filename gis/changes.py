"""What a write changed, in words every part of the program shares (Qt-free).

A use case that writes returns or announces a `Change`: the kinds of data it touched and, where
known, the ids per kind. The window's event hub (desktop/events.py) broadcasts it; views reload only
the kinds they show, the map reloads only the layers those kinds feed (gis.layers.layers_for).
The same words will carry changes from undo, other workstations and the audit trail.
"""
from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field

# Every kind of data a change can touch. Keep in step with gis.layers.LAYER_KINDS.
KINDS = frozenset({
    "admin",        # townships, villages (admin_unit)
    "grids",
    "sites",
    "lines",        # line assets: pipelines, roads, fire lines
    "zones",
    "buildings",    # building footprints (gas pipeline safety)
    "works",        # third-party construction works
    "people",       # people and their role assignments
    "hazards",      # hazards and their events, photos, sign-offs
    "self_check",   # enterprises' self-check reports (企业自查自报, 零报告); feeds no map layer
    "patrols",      # assignments, stops, visits, patrol rules
    "tracks",       # patrol evidence: members' GPS tracks, photos of stops, the stops' checks (verified/missed)
    "fire",         # fire seasons, key periods, checkpoints, registers, duty posts
    "roster",       # duty shifts
    "settings",     # project settings and rules stored in the project
    "campaigns",    # phased campaigns (专项行动) and their phases and targets
    "tipoffs",      # public tip-offs (群众举报), their history and photos
})


@dataclass(frozen=True)
class Change:
    kinds: frozenset[str]
    ids: Mapping[str, frozenset[int]] = field(default_factory=dict)   # kind → ids; a kind absent: unknown/all
    # kinds whose rows changed in their attributes only: none added, removed or moved (a site renamed, not
    # relocated) — layers that read such a kind only for where its features are need not reload
    attributes_only: frozenset[str] = frozenset()
    # committed by another workstation (desktop/live.py): views refresh but do not move the user's selection to it
    remote: bool = False

    def __post_init__(self) -> None:
        unknown = set(self.kinds) - KINDS
        if unknown:
            raise ValueError(f"unknown change kinds: {sorted(unknown)}")

    @classmethod
    def of(cls, *kinds: str, attributes_only: Iterable[str] = (), **ids: Iterable[int]) -> Change:
        """Change.of("hazards", hazards=[12]) — kinds, and ids for those that are known; `attributes_only`:
        the kinds of them whose rows changed only in attributes (Change.attributes_only)."""
        all_kinds = frozenset(kinds) | frozenset(ids)
        return cls(all_kinds, {k: frozenset(int(i) for i in v) for k, v in ids.items()},
                   frozenset(attributes_only) & all_kinds)

    @classmethod
    def everything(cls) -> Change:
        return cls(KINDS)

    def touches(self, *kinds: str) -> bool:
        return not self.kinds.isdisjoint(kinds)

    def ids_of(self, kind: str) -> frozenset[int] | None:
        """The ids of `kind` that changed; None when not known (treat as all)."""
        return self.ids.get(kind)

    def __or__(self, other: Change) -> Change:
        ids: dict[str, frozenset[int]] = {}
        for k in self.kinds | other.kinds:
            a, b = self.ids.get(k), other.ids.get(k)
            # ids known only when both sides that touch k know them
            if (a is not None or k not in self.kinds) and (b is not None or k not in other.kinds):
                ids[k] = (a or frozenset()) | (b or frozenset())
        attributes_only = frozenset(
            k for k in self.kinds | other.kinds
            if (k not in self.kinds or k in self.attributes_only) and (k not in other.kinds or k in other.attributes_only))
        return Change(self.kinds | other.kinds, ids, attributes_only, self.remote and other.remote)
