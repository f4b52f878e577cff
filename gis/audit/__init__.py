"""The audit trail (issue 16): who changed which record when, from old to new values, on both backends.

- `schema`: the triggers that write `audit_log` (any client's edits are recorded), `install(conn, table)` for
  migrations that add tables, `set_operator`/`clear_operator` (gis.store's write transactions call them).
- `log`: reading it — `query(...)`, `history(session, table, id)`, `last_change(session, table, id)`, the
  Chinese names of tables and fields, values in words, rows for a table or xlsx export.
"""
from gis.audit.schema import install

__all__ = ["install"]
