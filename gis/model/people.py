"""People and the roles they hold on areas, grids, sites and zones."""
from __future__ import annotations

from datetime import date

from sqlalchemy import CheckConstraint, Date, ForeignKey, String
from sqlalchemy.orm import Mapped, mapped_column, relationship

from gis.model.base import Base


class Person(Base):
    __tablename__ = "person"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(50), index=True)
    phone: Mapped[str | None] = mapped_column(String(30))
    unit: Mapped[str | None] = mapped_column(String(100))  # employer or office
    title: Mapped[str | None] = mapped_column(String(50))
    note: Mapped[str | None] = mapped_column(String(500))

    roles: Mapped[list[RoleAssignment]] = relationship(back_populates="person", cascade="all, delete-orphan")

    def __repr__(self) -> str:
        return f"Person({self.name})"


class RoleAssignment(Base):
    """Person P holds role R on exactly one target: an admin unit, a grid, a site or a zone."""

    __tablename__ = "role_assignment"
    __table_args__ = (
        CheckConstraint(
            "(CASE WHEN admin_unit_id IS NULL THEN 0 ELSE 1 END) + (CASE WHEN grid_id IS NULL THEN 0 ELSE 1 END)"
            " + (CASE WHEN site_id IS NULL THEN 0 ELSE 1 END) + (CASE WHEN zone_id IS NULL THEN 0 ELSE 1 END) = 1",
            name="one_target",
        ),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    person_id: Mapped[int] = mapped_column(ForeignKey("person.id", ondelete="CASCADE"), index=True)
    role: Mapped[str] = mapped_column(String(32), index=True)
    admin_unit_id: Mapped[int | None] = mapped_column(ForeignKey("admin_unit.id", ondelete="CASCADE"), index=True)
    grid_id: Mapped[int | None] = mapped_column(ForeignKey("grid.id", ondelete="CASCADE"), index=True)
    site_id: Mapped[int | None] = mapped_column(ForeignKey("site.id", ondelete="CASCADE"), index=True)
    zone_id: Mapped[int | None] = mapped_column(ForeignKey("zone.id", ondelete="CASCADE"), index=True)
    start_date: Mapped[date | None] = mapped_column(Date)
    end_date: Mapped[date | None] = mapped_column(Date)

    person: Mapped[Person] = relationship(back_populates="roles")

    @classmethod
    def not_ended(cls, day):
        """Clause: the assignment has not ended before `day` (停用 ends roles: gis/people.py)."""
        return cls.end_date.is_(None) | (cls.end_date >= day)
