"""Errors of data exchange. Each message is Chinese (with its English in `en`) and names the file, and the row and field where known."""
from __future__ import annotations

from gis.errors import GridsafeError


class DataFileError(GridsafeError):
    """A file cannot be read as the data it claims to be (empty, truncated, wrong type, unsafe)."""


class CoordinateColumnsMissing(DataFileError):
    """A table's coordinate columns could not be found by their headers; `columns` are the headers."""

    def __init__(self, message: str, columns: list[str], *, en: str | None = None):
        super().__init__(message, en=en)
        self.columns = columns


class CrsRequired(GridsafeError):
    """The file has no usable coordinate system: the user must confirm one. `proposal` may be None."""

    def __init__(self, message: str, proposal: str | None = None, *, en: str | None = None):
        super().__init__(message, en=en)
        self.proposal = proposal


class ImportRejected(GridsafeError):
    """Some rows failed validation, so nothing was imported. `report` lists every problem."""

    def __init__(self, message: str, report, *, en: str | None = None):
        super().__init__(message, en=en)
        self.report = report


class ExportError(GridsafeError):
    """An export could not be written."""
