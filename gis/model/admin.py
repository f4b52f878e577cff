"""Administrative units (区县 → 乡镇/街道 → 村/社区) and grids (网格)."""
from __future__ import annotations

from datetime import datetime

from sqlalchemy import CheckConstraint, DateTime, ForeignKey, String
from sqlalchemy.orm import Mapped, mapped_column, relationship

from gis.model.base import Base, SpatialMixin

# Code length per level: GB/T 2260 county code (6), + GB/T 10114 township (3), + village (3).
CODE_LENGTH = {"district": 6, "township": 9, "village": 12}
GRID_CODE_LENGTH = 15


class AdminUnit(SpatialMixin, Base):
    __tablename__ = "admin_unit"
    __table_args__ = (CheckConstraint("level IN ('district','township','village')", name="level"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    code: Mapped[str] = mapped_column(String(12), unique=True)
    name: Mapped[str] = mapped_column(String(100))
    level: Mapped[str] = mapped_column(String(16))
    # 乡/镇/街道/村/社区 — how the unit names itself
    kind: Mapped[str | None] = mapped_column(String(16))
    parent_id: Mapped[int | None] = mapped_column(ForeignKey("admin_unit.id", ondelete="RESTRICT"), index=True)

    parent: Mapped[AdminUnit | None] = relationship(remote_side=[id], back_populates="children")
    children: Mapped[list[AdminUnit]] = relationship(back_populates="parent")
    grids: Mapped[list[Grid]] = relationship(back_populates="village")

    def __repr__(self) -> str:
        return f"AdminUnit({self.code} {self.name})"


class Grid(SpatialMixin, Base):
    __tablename__ = "grid"
    __table_args__ = (
        CheckConstraint("kind IN ('comprehensive','forest','enterprise')", name="kind"),
        CheckConstraint("length(code) = 15", name="code_length"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    code: Mapped[str] = mapped_column(String(15), unique=True)
    name: Mapped[str] = mapped_column(String(100))
    kind: Mapped[str] = mapped_column(String(16), default="comprehensive", server_default="comprehensive")
    village_id: Mapped[int] = mapped_column(ForeignKey("admin_unit.id", ondelete="RESTRICT"), index=True)
    # an enterprise grid (企业专属网格) names its enterprise
    site_id: Mapped[int | None] = mapped_column(ForeignKey("site.id", ondelete="SET NULL", use_alter=True))
    note: Mapped[str | None] = mapped_column(String(500))

    village: Mapped[AdminUnit] = relationship(back_populates="grids")

    def __repr__(self) -> str:
        return f"Grid({self.code} {self.name})"


class GridCodeHistory(Base):
    """A code a grid carried until it was renumbered (a split or merge of its village's grids): hazards, patrols
    and people follow the grid by id, old papers and exports name it by code."""

    __tablename__ = "grid_code_history"

    id: Mapped[int] = mapped_column(primary_key=True)
    grid_id: Mapped[int] = mapped_column(ForeignKey("grid.id", ondelete="CASCADE"), index=True)
    code: Mapped[str] = mapped_column(String(15), index=True)
    valid_until: Mapped[datetime] = mapped_column(DateTime)
    reason: Mapped[str | None] = mapped_column(String(200))
