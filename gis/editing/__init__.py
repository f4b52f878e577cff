"""Editing features (issue 15), Qt-free: edit commands with do/undo and the undo stack.

- `commands`: MoveSite, SetGeometry, SplitGrid, MergeGrids, AddFeature, DeleteFeature, SetAttributes (the
  attribute table's cell edits). Each `do(project)` and
  `undo(project)` is one transaction (Project.write) and returns a gis.changes.Change. Commands hold ids, never
  codes: hazards, patrols and people stay linked to a grid or site by identity. A refusal (a line that does not
  cross the grid, grids of two villages…) raises gis.errors.ValidationError in Chinese before anything is written.
- `numbering`: a village's grids renumbered by gis.grids.expected_codes (west→east, north→south) — the preview
  (old code → new code) is a pure function; old codes go to grid_code_history (migration 0013).
- `rows`: geometry bytes read and written as stored, row snapshots, rows referring to a feature.
- `history`: UndoStack (done commands, index, undo/redo, texts), pure Python so the CLI and tests share it.
"""

_COMMANDS = ("AddFeature", "Command", "Compound", "DeleteFeature", "MergeGrids", "MoveSite", "SetAttributes",
             "SetGeometry", "SplitGrid", "split_parts")
__all__ = ["AddFeature", "Command", "Compound", "DeleteFeature", "MergeGrids", "MoveSite", "SetAttributes",
           "SetGeometry", "SplitGrid", "UndoStack", "split_parts"]


def __getattr__(name: str):
    """`from gis.editing import SplitGrid` without importing the commands (SQL, reconcile) before they are used:
    the window's start-up imports only the undo stack."""
    if name in _COMMANDS:
        from gis.editing import commands
        return getattr(commands, name)
    if name == "UndoStack":
        from gis.editing.history import UndoStack
        return UndoStack
    raise AttributeError(name)
