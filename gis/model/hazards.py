"""Hazards (隐患) and their append-only event history."""
from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import (
    CheckConstraint,
    Date,
    DateTime,
    ForeignKey,
    Index,
    Integer,
    LargeBinary,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from gis.model.base import Base, SpatialMixin, now

STATUSES = ("registered", "assigned", "rectifying", "pending_acceptance", "closed")


class Hazard(SpatialMixin, Base):
    __tablename__ = "hazard"
    geometry_type = "POINT"
    __table_args__ = (
        CheckConstraint(
            "status IN ('registered','assigned','rectifying','pending_acceptance','closed')", name="status"
        ),
        Index("ix_hazard_status_deadline", "status", "deadline"),  # overdue = open and past deadline
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    code: Mapped[str | None] = mapped_column(String(40), unique=True)
    # linked feature; geom (inherited) is the optional point where it was found
    site_id: Mapped[int | None] = mapped_column(ForeignKey("site.id", ondelete="RESTRICT"), index=True)
    line_id: Mapped[int | None] = mapped_column(ForeignKey("line_asset.id", ondelete="RESTRICT"), index=True)
    zone_id: Mapped[int | None] = mapped_column(ForeignKey("zone.id", ondelete="RESTRICT"), index=True)
    grid_id: Mapped[int | None] = mapped_column(ForeignKey("grid.id", ondelete="SET NULL"), index=True)
    # a pipeline safety finding (issue 13, gis.gas.findings): the building or works it is about, besides its
    # pipeline (line_id), and the analysis kind that made it (occupation, clearance, third_party_works)
    building_id: Mapped[int | None] = mapped_column(ForeignKey("building.id", ondelete="SET NULL"), index=True)
    works_id: Mapped[int | None] = mapped_column(ForeignKey("third_party_works.id", ondelete="SET NULL"), index=True)
    finding: Mapped[str | None] = mapped_column(String(32))
    found_on: Mapped[date] = mapped_column(Date, index=True)
    found_by: Mapped[str | None] = mapped_column(String(100))
    source: Mapped[str] = mapped_column(String(32))
    sector: Mapped[str | None] = mapped_column(String(40), index=True)
    checklist_item: Mapped[str | None] = mapped_column(String(40))
    description: Mapped[str] = mapped_column(Text)
    grade: Mapped[str] = mapped_column(String(16), index=True, default="general")
    status: Mapped[str] = mapped_column(String(24), index=True, default="registered")
    # 五定: owner, measures, deadline, executor, acceptor
    owner_id: Mapped[int | None] = mapped_column(ForeignKey("person.id", ondelete="RESTRICT"))
    measures: Mapped[str | None] = mapped_column(Text)
    deadline: Mapped[date | None] = mapped_column(Date, index=True)
    executor_id: Mapped[int | None] = mapped_column(ForeignKey("person.id", ondelete="RESTRICT"))
    acceptor_id: Mapped[int | None] = mapped_column(ForeignKey("person.id", ondelete="RESTRICT"))
    # 五落实 for major hazards: measures, responsibility, funds, deadline, contingency plan
    wls_measures: Mapped[str | None] = mapped_column(Text)
    wls_responsibility: Mapped[str | None] = mapped_column(Text)
    wls_funds: Mapped[str | None] = mapped_column(Text)
    wls_deadline: Mapped[date | None] = mapped_column(Date)
    wls_plan: Mapped[str | None] = mapped_column(Text)
    # 挂牌督办
    supervision_level: Mapped[str | None] = mapped_column(String(16))
    supervising_unit: Mapped[str | None] = mapped_column(String(100))
    closed_on: Mapped[date | None] = mapped_column(Date)
    patrol_stop_id: Mapped[int | None] = mapped_column(ForeignKey("patrol_stop.id", ondelete="SET NULL", use_alter=True))
    # a hazard found on a line patrol (巡线, migration 0011) names the assignment, as a grid patrol's names its stop
    patrol_assignment_id: Mapped[int | None] = mapped_column(
        ForeignKey("patrol_assignment.id", ondelete="SET NULL", use_alter=True), index=True)
    created_at: Mapped[datetime] = mapped_column(DateTime, default=now)
    updated_at: Mapped[datetime] = mapped_column(DateTime, default=now, onupdate=now)
    version: Mapped[int] = mapped_column(Integer, nullable=False)

    # Optimistic locking: a writer holding a stale version gets StaleDataError, never a silent overwrite.
    __mapper_args__ = {"version_id_col": version}

    events: Mapped[list[HazardEvent]] = relationship(
        back_populates="hazard", order_by="HazardEvent.seq", passive_deletes="all"
    )
    photos: Mapped[list[HazardPhoto]] = relationship(back_populates="hazard", cascade="all, delete-orphan")

    def __repr__(self) -> str:
        return f"Hazard({self.code} {self.status})"



class HazardEvent(Base):
    """One step in a hazard's life. Append-only: triggers refuse UPDATE and DELETE."""

    __tablename__ = "hazard_event"
    __table_args__ = (UniqueConstraint("hazard_id", "seq"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    hazard_id: Mapped[int] = mapped_column(ForeignKey("hazard.id", ondelete="RESTRICT"), index=True)
    seq: Mapped[int] = mapped_column(Integer)
    action: Mapped[str] = mapped_column(String(32))
    from_status: Mapped[str | None] = mapped_column(String(24))
    to_status: Mapped[str | None] = mapped_column(String(24))
    actor_id: Mapped[int | None] = mapped_column(ForeignKey("person.id", ondelete="RESTRICT"))
    actor_name: Mapped[str] = mapped_column(String(50))
    at: Mapped[datetime] = mapped_column(DateTime, default=now, index=True)
    note: Mapped[str | None] = mapped_column(Text)
    signature_role: Mapped[str | None] = mapped_column(String(32))

    hazard: Mapped[Hazard] = relationship(back_populates="events")


class HazardPhoto(Base):
    """Photos are stored inside the project so a project file is complete on its own."""

    __tablename__ = "hazard_photo"

    id: Mapped[int] = mapped_column(primary_key=True)
    hazard_id: Mapped[int] = mapped_column(ForeignKey("hazard.id", ondelete="CASCADE"), index=True)
    filename: Mapped[str] = mapped_column(String(200))
    mime: Mapped[str] = mapped_column(String(50))
    taken_at: Mapped[datetime | None] = mapped_column(DateTime)
    data: Mapped[bytes] = mapped_column(LargeBinary)

    hazard: Mapped[Hazard] = relationship(back_populates="photos")
