"""Patrol rules (frequency as data), assignments per grid member and their ordered stops."""
from __future__ import annotations

from datetime import date, datetime
from typing import Any

from sqlalchemy import Boolean, CheckConstraint, Date, DateTime, ForeignKey, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from gis.model.base import Base, Geometry


class PatrolRule(Base):
    """Sites matching (sector, category, status, condition) are due every interval_days."""

    __tablename__ = "patrol_rule"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(100))
    sector: Mapped[str | None] = mapped_column(String(40))
    category: Mapped[str | None] = mapped_column(String(40))
    site_status: Mapped[str | None] = mapped_column(String(16))
    # extra match on site attributes / hazards, e.g. {"lodging": true} or {"open_major_hazard": true}
    condition: Mapped[dict[str, Any]] = mapped_column(default=dict)
    interval_days: Mapped[int] = mapped_column(Integer)
    season_only: Mapped[bool] = mapped_column(Boolean, default=False)  # only inside the fire season
    priority: Mapped[int] = mapped_column(Integer, default=0)
    source_ref: Mapped[str | None] = mapped_column(String(100))  # e.g. "seed 001 L644"
    active: Mapped[bool] = mapped_column(Boolean, default=True)


class PatrolAssignment(Base):
    """One person's round on one day. kind: grid (a grid member's patrol, gis.patrols.planning), ranger
    (a ranger's round in a responsibility area, gis.fire.ranger_rounds) or line (a line patrol 巡线 along the
    stretch of a gas pipeline `line_id` in the grid, gis.patrols.lines; no stops, its result is patrolled_on
    and patrolled_m); period is the plan's label."""

    __tablename__ = "patrol_assignment"
    __table_args__ = (CheckConstraint("kind IN ('grid','ranger','line')", name="kind"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    kind: Mapped[str] = mapped_column(String(16), default="grid", server_default="grid")
    grid_id: Mapped[int] = mapped_column(ForeignKey("grid.id", ondelete="CASCADE"), index=True)
    person_id: Mapped[int] = mapped_column(ForeignKey("person.id", ondelete="RESTRICT"), index=True)
    period: Mapped[str | None] = mapped_column(String(16), index=True)  # e.g. 2026-W48
    planned_on: Mapped[date] = mapped_column(Date, index=True)
    status: Mapped[str] = mapped_column(String(16), default="planned")
    priority: Mapped[int] = mapped_column(Integer, default=0)
    start_site_id: Mapped[int | None] = mapped_column(ForeignKey("site.id", ondelete="SET NULL"))
    route = mapped_column(Geometry("LINESTRING"), nullable=True)  # the drawn route (LineString, lon/lat)
    route_length_m: Mapped[float | None]
    created_at: Mapped[datetime | None] = mapped_column(DateTime)
    # line patrols (migration 0011): the pipeline, and the result: the day done and the length patrolled
    line_id: Mapped[int | None] = mapped_column(ForeignKey("line_asset.id", ondelete="SET NULL"), index=True)
    patrolled_on: Mapped[date | None] = mapped_column(Date)
    patrolled_m: Mapped[float | None]

    stops: Mapped[list[PatrolStop]] = relationship(
        back_populates="assignment", order_by="PatrolStop.seq", cascade="all, delete-orphan"
    )


class PatrolStop(Base):
    __tablename__ = "patrol_stop"
    __table_args__ = (UniqueConstraint("assignment_id", "seq"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    assignment_id: Mapped[int] = mapped_column(ForeignKey("patrol_assignment.id", ondelete="CASCADE"), index=True)
    seq: Mapped[int] = mapped_column(Integer)
    site_id: Mapped[int] = mapped_column(ForeignKey("site.id", ondelete="RESTRICT"), index=True)
    visited_at: Mapped[datetime | None] = mapped_column(DateTime, index=True)
    result: Mapped[str | None] = mapped_column(String(32))  # e.g. ok / hazard_found / closed_door
    note: Mapped[str | None] = mapped_column(Text)

    assignment: Mapped[PatrolAssignment] = relationship(back_populates="stops")
