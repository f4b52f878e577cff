"""The audit trail (issue 16): who changed which record when, from old to new values, on both backends.

- `schema`: the triggers that write `audit_log` (any client's edits are recorded) and `install(conn, table)` for
  migrations that add a table or change a table's columns. Who writes: gis.model.audit.set_operator/clear_operator,
  called by gis.store.Project.transaction with `project.operator` (the window's operator, the CLI's --actor).
- `log`: reading it — `query(...)`, `history(session, table, id)`, `last_change(session, table, id)`, the
  Chinese names of tables and fields, values in words, rows for a table or xlsx export.
"""
from gis.audit.schema import install

__all__ = ["install"]
