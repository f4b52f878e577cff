"""Project-wide settings and identity, stored in the project itself."""
from __future__ import annotations

from typing import Any

from sqlalchemy import JSON, String
from sqlalchemy.orm import Mapped, mapped_column

from gis.model.base import Base


class ProjectSetting(Base):
    """Key → JSON value. 'application' = 'gridsafe' marks a file as a gridsafe project."""

    __tablename__ = "project_setting"

    key: Mapped[str] = mapped_column(String(64), primary_key=True)
    value: Mapped[Any] = mapped_column(JSON)


class GeometryEdit(Base):
    """A site placed or moved, a grid reshaped, a route redrawn, by any client (database triggers write
    these rows): gridsafe recomputes what it derives from them when it next opens the project."""

    __tablename__ = "geometry_edit"

    id: Mapped[int] = mapped_column(primary_key=True)
    table_name: Mapped[str] = mapped_column(String(32))
    row_id: Mapped[int]
