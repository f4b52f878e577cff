"""Text that spreadsheets would run: every cell gridsafe writes goes through here (spreadsheet formula
injection, OWASP "CSV injection").

Text from an imported file or typed into a field may begin with = + - @ (or a tab / carriage return).
Excel and WPS read such a CSV field as a formula (=HYPERLINK(...), =cmd|...), and openpyxl writes a
Python str that begins with "=" as a live formula (and "#N/A" as an error value). So:
- xlsx: such text is written as a text cell (data type "s") with the quote-prefix style, which is what
  Excel itself stores when someone types '=1+1: it shows the text and never evaluates it;
- csv: such text gets a leading apostrophe, as OWASP advises.
Numbers, dates and None pass through unchanged.
"""
from __future__ import annotations

from collections.abc import Iterable

RISKY_START = ("=", "+", "-", "@", "\t", "\r")
_ERROR_CODES = frozenset(("#NULL!", "#DIV/0!", "#VALUE!", "#REF!", "#NAME?", "#NUM!", "#N/A"))


def risky(value) -> bool:
    """True for text a spreadsheet would read as a formula (or an error value)."""
    return isinstance(value, str) and (value.startswith(RISKY_START) or value in _ERROR_CODES)


def csv_text(value):
    """A CSV field: risky text prefixed with an apostrophe; anything else unchanged."""
    return "'" + value if risky(value) else value


def as_text(cell):
    """Make an openpyxl cell (normal or write-only) that holds risky text a text cell; returns it."""
    if risky(cell.value):
        cell.data_type = "s"
        cell.quotePrefix = True
    return cell


def put(ws, row: int, column: int, value=None):
    """ws.cell(row, column, value) for a normal worksheet, with risky text written as text."""
    cell = ws.cell(row, column)
    if value is not None:
        cell.value = value
    return as_text(cell)


def row_values(ws, values: Iterable) -> list:
    """`values` ready for ws.append (normal or write-only sheet): a row with risky text becomes cells, that
    text as text cells (a write-only sheet reuses the last cell it was given for the values after it, so
    every value of such a row is its own cell)."""
    values = list(values)
    if not any(risky(v) for v in values):
        return values
    from openpyxl.cell import (
        Cell,  # what WriteOnlyCell makes too; ws.append takes it in either mode
    )

    return [v if v is None else as_text(Cell(ws, row=1, column=i, value=v)) for i, v in enumerate(values, 1)]


def append(ws, values: Iterable) -> None:
    """ws.append(values) with risky text written as text."""
    ws.append(row_values(ws, values))


def defuse_frame(frame):
    """A copy of a DataFrame with risky text in its object columns prefixed for CSV."""
    import pandas as pd

    out = frame.copy()
    for c in out.columns:
        if out[c].dtype == object or pd.api.types.is_string_dtype(out[c].dtype):
            out[c] = out[c].map(csv_text, na_action="ignore")
    return out
