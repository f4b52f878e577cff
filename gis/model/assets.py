"""Things on the map that hazards and patrols refer to: sites, line assets and zones."""
from __future__ import annotations

from datetime import date
from typing import Any

from sqlalchemy import CheckConstraint, Date, Float, ForeignKey, Index, Integer, String
from sqlalchemy.orm import Mapped, mapped_column, relationship

from gis.model.base import EMPTY_JSON, Base, SpatialMixin


class Site(SpatialMixin, Base):
    """An enterprise or other place (生产经营单位/场所): a point, or a polygon for large premises."""

    __tablename__ = "site"
    __table_args__ = (
        CheckConstraint("status IN ('normal','suspended','closed')", name="status"),
        Index("ix_site_grid_id_category", "grid_id", "category"),  # a grid's sites by category
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    code: Mapped[str | None] = mapped_column(String(40), unique=True)  # 一企一码 where there is one
    name: Mapped[str] = mapped_column(String(200), index=True)
    category: Mapped[str] = mapped_column(String(40), index=True)
    sector: Mapped[str | None] = mapped_column(String(40), index=True)
    address: Mapped[str | None] = mapped_column(String(300))
    status: Mapped[str] = mapped_column(String(16), default="normal", server_default="normal")
    risk_level: Mapped[str | None] = mapped_column(String(16))
    contact_name: Mapped[str | None] = mapped_column(String(50))
    contact_phone: Mapped[str | None] = mapped_column(String(30))
    legal_person: Mapped[str | None] = mapped_column(String(50))
    # derived spatially from geom and stored, so lists and ledgers need no geometry
    grid_id: Mapped[int | None] = mapped_column(ForeignKey("grid.id", ondelete="SET NULL"), index=True)
    # sector-specific attributes: lodging, bottle count, checkpoint room, depot inventory …
    attributes: Mapped[dict[str, Any]] = mapped_column(default=dict, server_default=EMPTY_JSON)

    grid = relationship("Grid", foreign_keys=[grid_id])

    def __repr__(self) -> str:
        return f"Site({self.name})"


class LineAsset(SpatialMixin, Base):
    """Gas pipelines, roads, fire roads, firebreaks, forest power lines, hazardous road sections."""

    __tablename__ = "line_asset"

    id: Mapped[int] = mapped_column(primary_key=True)
    kind: Mapped[str] = mapped_column(String(32), index=True)
    code: Mapped[str | None] = mapped_column(String(40))
    name: Mapped[str | None] = mapped_column(String(200))
    operator: Mapped[str | None] = mapped_column(String(200))
    pressure_class: Mapped[str | None] = mapped_column(String(16))
    material: Mapped[str | None] = mapped_column(String(40))
    diameter_mm: Mapped[float | None] = mapped_column(Float)           # nominal (DN)
    outside_diameter_mm: Mapped[float | None] = mapped_column(Float)   # protection ranges are measured from the wall
    depth_m: Mapped[float | None] = mapped_column(Float)               # cover depth
    last_inspected_on: Mapped[date | None] = mapped_column(Date)
    year_built: Mapped[int | None] = mapped_column(Integer)
    attributes: Mapped[dict[str, Any]] = mapped_column(default=dict, server_default=EMPTY_JSON)

    def __repr__(self) -> str:
        return f"LineAsset({self.kind} {self.name})"


class Zone(SpatialMixin, Base):
    """Forest-fire zones (with danger level), high-consequence areas, ranger areas, school zones."""

    __tablename__ = "zone"

    id: Mapped[int] = mapped_column(primary_key=True)
    kind: Mapped[str] = mapped_column(String(32), index=True)
    code: Mapped[str | None] = mapped_column(String(40))
    name: Mapped[str] = mapped_column(String(200))
    level: Mapped[str | None] = mapped_column(String(16))
    admin_unit_id: Mapped[int | None] = mapped_column(ForeignKey("admin_unit.id", ondelete="SET NULL"), index=True)
    attributes: Mapped[dict[str, Any]] = mapped_column(default=dict, server_default=EMPTY_JSON)

    def __repr__(self) -> str:
        return f"Zone({self.kind} {self.name})"
