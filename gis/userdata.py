"""Per-user locations: the working copy of the demo project and the log file."""
from __future__ import annotations

from pathlib import Path

from gis import store
from gis.errors import OlderSchema, ProjectError
from gis.paths import data_dir, log_dir

__all__ = ["data_dir", "log_dir", "demo_project_path", "make_demo_project", "ensure_demo_project"]


def demo_project_path() -> Path:
    return data_dir() / f"示例项目{store.PROJECT_SUFFIX}"


def make_demo_project(target: str | Path) -> store.Project:
    """A new project at `target` (a file or a database address) holding the demo township; all or nothing:
    on an error or Ctrl+C the file is removed, or the database left empty as it was."""
    from gis.demo.load import load_demo

    project = store.create_project(target, name="荆山街道安全生产网格（示例数据）")
    try:
        load_demo(project)
    except BaseException:
        _discard(project)
        raise
    return project


def _discard(project: store.Project) -> None:
    """Undo store.create_project, which made the file or found the database without tables."""
    if store.is_sqlite(project.url):
        project.close()
        store.remove_sqlite_files(store.sqlite_path(project.url))
        return
    try:
        store.migrate(project, "base")
        with store.writing(project.engine) as conn:
            conn.exec_driver_sql("DROP TABLE alembic_version")
    finally:
        project.close()


def ensure_demo_project() -> Path:
    """The user's copy of the demo project, made from the shipped data on first use.

    The shipped data (data/shapes) is only ever read. An older copy is upgraded in place; a copy that
    cannot be opened any more is set aside (renamed) and made afresh.
    """
    path = demo_project_path()
    if path.exists():
        try:
            store.open_project(path).close()
            return path
        except OlderSchema:
            store.upgrade_project(path)
            return path
        except ProjectError:
            path.rename(path.with_name(path.name + ".broken"))
    make_demo_project(path).close()
    return path
