"""The audit trail's use cases (issue 16), shared by `gridsafe audit` and the window's 操作日志 dock: the entries
a filter selects, one feature's history, the xlsx export. Read only; the work is gis.audit.log."""
from __future__ import annotations

from pathlib import Path

from gis.audit import log
from gis.audit.log import Entry, Filter
from gis.store import Project

DEFAULT_LIMIT = 5000   # the window lists this many newest rows; narrow the filter for older ones


def entries(project: Project, flt: Filter = Filter(), *, limit: int | None = None) -> list[Entry]:
    with project.session() as s:
        return log.query(s, flt, limit=limit)


def choices(project: Project) -> tuple[list[str], list[str]]:
    """(authors, tables) that occur: the filters' lists."""
    with project.session() as s:
        return log.authors(s), log.tables(s)


def layer_table(layer: str) -> str:
    """The table behind a map layer (identify's 操作记录 asks by layer)."""
    from gis.layers import LAYERS

    found = LAYERS.get(layer)
    return found.table if found is not None else layer


def history(project: Project, layer: str, record_id: int | str) -> list[Entry]:
    with project.session() as s:
        return log.history(s, layer_table(layer), record_id)


def export(project: Project, flt: Filter, path: str | Path) -> Path:
    """The entries `flt` selects (all of them) as xlsx, written whole."""
    return log.export_xlsx(entries(project, flt), path)


def known_tables(project: Project) -> set[str]:
    """The tables an audit filter may name: gridsafe's data tables, and any that appear in the log."""
    from gis.audit.schema import data_tables

    with project.engine.connect() as conn:
        tables = set(data_tables(conn))
    return tables | set(choices(project)[1])


def describe_tables(project: Project) -> str:
    return "、".join(f"{t}（{log.table_label(t)}）" if log.table_label(t) != t else t
                    for t in sorted(known_tables(project)))
