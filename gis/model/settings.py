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
