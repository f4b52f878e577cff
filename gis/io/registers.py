"""Registers imported from a table (企业自查上报表, 人员名册): the file read through gis.io's table reader (budgets,
the isolated child), its headers matched to the register's fields, each value converted, problems in an
ImportReport naming row and header — before anything is matched against a project."""
from __future__ import annotations

from collections.abc import Callable
from collections.abc import Mapping as MappingType
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from gis.io.report import REJECTED, ImportReport
from gis.io.targets import Target
from gis.io.values import convert_column


@dataclass
class ParsedFile:
    """A table file read and its values converted (a register's import: 企业自查上报表, 人员名册), not yet matched
    against a project."""
    path: Path
    format: str
    rows: np.ndarray                        # row numbers in the file
    columns: dict[str, str]                 # field → header used
    values: dict[str, np.ndarray]           # field → converted values (None where blank or bad)
    report: ImportReport

    def __len__(self) -> int:
        return len(self.rows)


def read_register(path: str | Path, target: Target, headers: MappingType[str, tuple[str, ...] | list[str]],
                  check: Callable[[dict[str, str], str, str], None], *, sheet: str | None = None,
                  encoding: str | None = None, limits: MappingType[str, int | None] | None = None) -> ParsedFile:
    """Read `path` and convert its values to `target`'s fields. `headers`: field → the headers it may have;
    `check(columns, file name, headers present)` raises DataFileError for a column the register cannot do
    without; `limits`: field → longest text."""
    from gis.io.mapping import Mapping, resolve
    from gis.io.readers import read_records

    src = read_records(path, encoding=encoding, sheet=sheet)
    columns = resolve(Mapping(fields={k: list(v) for k, v in headers.items()}), list(src.frame.columns),
                      target, src.path.name)
    check(columns, src.path.name, "、".join(map(str, src.frame.columns)))
    report = ImportReport(src.path.name, target.layer, target.label, src.format, encoding=src.encoding,
                          rows_read=len(src), mapping={target.field(k).label: v for k, v in columns.items()})
    values: dict[str, np.ndarray] = {}
    for f in target.fields:
        if f.name not in columns:
            values[f.name] = np.full(len(src), None, dtype=object)
            continue
        english: dict[int, str] = {}
        converted, problems = convert_column(src.frame[columns[f.name]].to_numpy(dtype=object), f, reasons_en=english,
                                             max_length=(limits or {}).get(f.name), allowed=None)
        values[f.name] = converted
        for i, reason in problems.items():
            report.add(REJECTED, int(src.rows[i]), columns[f.name], reason, english.get(i, ""))
    return ParsedFile(src.path, src.format, src.rows, columns, values, report)
