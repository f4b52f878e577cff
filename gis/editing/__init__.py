"""Editing features (issue 15), Qt-free: edit commands with do/undo and the undo stack.

- `commands`: MoveSite, SetGeometry, SplitGrid, MergeGrids, AddFeature, DeleteFeature. Each `do(project)` and
  `undo(project)` is one transaction (Project.write) and returns a gis.changes.Change. Commands hold ids, never
  codes: hazards, patrols and people stay linked to a grid or site by identity. A refusal (a line that does not
  cross the grid, grids of two villages…) raises gis.errors.ValidationError in Chinese before anything is written.
- `numbering`: a village's grids renumbered by gis.grids.expected_codes (west→east, north→south) — the preview
  (old code → new code) is a pure function; old codes go to grid_code_history (migration 0013).
- `rows`: geometry bytes read and written as stored, row snapshots, rows referring to a feature.
- `history`: UndoStack (done commands, index, undo/redo, texts), pure Python so the CLI and tests share it.
"""

from gis.editing.commands import (
    AddFeature,
    Command,
    DeleteFeature,
    MergeGrids,
    MoveSite,
    SetGeometry,
    SplitGrid,
    split_parts,
)
from gis.editing.history import UndoStack

__all__ = ["AddFeature", "Command", "DeleteFeature", "MergeGrids", "MoveSite", "SetGeometry", "SplitGrid",
           "UndoStack", "split_parts"]
