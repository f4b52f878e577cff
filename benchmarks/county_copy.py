"""The county benchmark set for a benchmark that writes or needs the current schema: copied to a folder and upgraded
there (benchmarks/out/county.gridsafe, made by benchmarks/load_county.py, is never opened for writing)."""
from __future__ import annotations

import shutil
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
COUNTY = ROOT / "benchmarks" / "out" / "county.gridsafe"
# a worktree without its own county set uses the main checkout's
CANDIDATES = [COUNTY, Path("/work/main/benchmarks/out/county.gridsafe")]


def source(path: str | Path | None = None) -> Path:
    """`path`, else the county set; exits with the way to make it when there is none."""
    found = Path(path) if path else next((p for p in CANDIDATES if p.exists()), None)
    if found is None or not found.exists():
        sys.exit(f"没有县级数据 {found or COUNTY}：先运行 benchmarks/load_county.py，或指定项目")
    return found


def upgraded_copy(folder: str | Path, path: str | Path | None = None) -> Path:
    """A copy of `path` (default: the county set) in `folder`, upgraded to the current schema (no backup)."""
    from gis import store

    src = source(path)
    target = Path(folder) / src.name
    shutil.copy(src, target)
    store.upgrade_project(target, backup=False)
    return target
