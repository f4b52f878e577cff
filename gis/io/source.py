"""What every reader returns: the features of one file, with attribute columns under their source
names, geometries (2-D shapely, None where missing) and the row number each one has in the file."""
from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import pandas as pd
import shapely


@dataclass
class RowProblem:
    row: int
    field: str | None
    reason: str
    reason_en: str = ""   # the same in English (the English window's import report)


@dataclass
class SourceData:
    path: Path
    format: str  # gpkg | shp | geojson | kml | kmz | csv | xlsx | gpx
    frame: pd.DataFrame  # attributes, one column per source field
    geoms: np.ndarray  # object array of shapely geometries or None
    rows: np.ndarray  # row number in the file, for messages (spreadsheet row, or feature number)
    crs: str | None = None  # what the file declares; None when it declares nothing
    encoding: str | None = None
    layer: str | None = None  # layer / sheet read
    notes: list[tuple[str, str]] = field(default_factory=list)  # things the user should know (ignored links …),
    # each (Chinese, English)
    problems: list[RowProblem] = field(default_factory=list)  # per-row problems found while reading
    xy_columns: tuple[str, str] | None = None  # coordinate columns of a table

    def __post_init__(self) -> None:
        self.geoms = np.asarray(self.geoms, dtype=object)
        present = np.array([g is not None for g in self.geoms], dtype=bool)
        if present.any():
            self.geoms[present] = shapely.force_2d(self.geoms[present])

    def __len__(self) -> int:
        return len(self.frame)

    # pickled when it comes back from the isolated reader (gis.io.isolated): geometries as WKB, 10× faster than
    # pickling shapely objects one by one (36,000 sites: 0.4 s → 0.03 s)
    def __getstate__(self) -> dict:
        state = dict(self.__dict__)
        state["geoms"] = shapely.to_wkb(self.geoms)
        return state

    def __setstate__(self, state: dict) -> None:
        state["geoms"] = np.asarray(shapely.from_wkb(state["geoms"]), dtype=object)
        self.__dict__.update(state)

    @property
    def row_noun(self) -> str:
        return "行" if self.format in ("csv", "xlsx") else "个要素"

    def where(self, row: int | None, column: str | None = None) -> str:
        """'文件 a.shp 第3个要素 字段“名称”' — the place a message talks about."""
        parts = [f"文件 {self.path.name}"]
        if row is not None:
            parts.append(f"第{row}{self.row_noun}")
        if column:
            parts.append(f"字段“{column}”")
        return " ".join(parts)

    def bounds(self) -> tuple[float, float, float, float] | None:
        present = [g for g in self.geoms if g is not None and not g.is_empty]
        if not present:
            return None
        b = shapely.bounds(np.array(present, dtype=object))
        return float(np.nanmin(b[:, 0])), float(np.nanmin(b[:, 1])), float(np.nanmax(b[:, 2])), float(np.nanmax(b[:, 3]))


def numbered(n: int, start: int = 1) -> np.ndarray:
    return np.arange(start, start + n, dtype=np.int64)
