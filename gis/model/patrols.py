"""Patrol rules (frequency as data), assignments per grid member and their ordered stops."""
from __future__ import annotations

from datetime import date, datetime
from typing import Any

from sqlalchemy import (
    Boolean,
    CheckConstraint,
    Date,
    DateTime,
    ForeignKey,
    Integer,
    LargeBinary,
    String,
    Text,
    UniqueConstraint,
)
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


# --- field evidence (issue 17, migration 0014): GPS tracks and photos that prove a patrol --------------------

class PatrolTrack(Base):
    """One member's GPS track of one day, as recorded by a phone or receiver (GPX, 奥维 KML/KMZ): the fixes kept
    (implausible jumps dropped) as a LINESTRING in CGCS2000 lon/lat (GCJ-02 converted when stated or detected),
    and their times as seconds after `started_at` (local time, UTC+8) in `times` — one row per member-day
    (5,760 fixes of a day at one fix per 5 s are one row, not 5,760). `assignment_id`: the assignment it was
    imported for, when one was chosen."""

    __tablename__ = "patrol_track"

    id: Mapped[int] = mapped_column(primary_key=True)
    person_id: Mapped[int] = mapped_column(ForeignKey("person.id", ondelete="CASCADE"), index=True)
    day: Mapped[date] = mapped_column(Date, index=True)
    assignment_id: Mapped[int | None] = mapped_column(ForeignKey("patrol_assignment.id", ondelete="SET NULL"),
                                                      index=True)
    source_name: Mapped[str] = mapped_column(String(260))    # the file it came from (name, not path)
    datum: Mapped[str] = mapped_column(String(8), default="wgs84", server_default="wgs84")  # as recorded
    started_at: Mapped[datetime] = mapped_column(DateTime)
    ended_at: Mapped[datetime] = mapped_column(DateTime)
    fixes: Mapped[int] = mapped_column(Integer)
    dropped: Mapped[int] = mapped_column(Integer, default=0, server_default="0")   # jumps left out
    # seconds after started_at, one per vertex, as little-endian uint32 (numpy '<u4'): a month of 300 members is
    # 52 million fixes, read back with one frombuffer per track rather than parsing JSON
    times: Mapped[bytes] = mapped_column(LargeBinary)
    imported_at: Mapped[datetime] = mapped_column(DateTime)
    imported_by: Mapped[str | None] = mapped_column(String(50))
    geom = mapped_column(Geometry("LINESTRING"), nullable=True)


class PatrolEvidence(Base):
    """A photo proving a patrol stop (EXIF GPS and time, or attached by hand). The image is stored in the
    project (as hazard photos are): a GeoPackage stays one complete file, and on PostgreSQL every workstation
    sees it without a shared folder; it is written in the same transaction as its record. `sha256` keeps the
    same photo from being stored twice. `stop_id` NULL: a photo of the member's day near no planned stop."""

    __tablename__ = "patrol_evidence"
    __table_args__ = (CheckConstraint("kind IN ('photo')", name="kind"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    kind: Mapped[str] = mapped_column(String(16), default="photo", server_default="photo")
    stop_id: Mapped[int | None] = mapped_column(ForeignKey("patrol_stop.id", ondelete="SET NULL"), index=True)
    person_id: Mapped[int | None] = mapped_column(ForeignKey("person.id", ondelete="SET NULL"), index=True)
    day: Mapped[date | None] = mapped_column(Date, index=True)
    filename: Mapped[str] = mapped_column(String(260))
    mime: Mapped[str] = mapped_column(String(50))
    taken_at: Mapped[datetime | None] = mapped_column(DateTime)
    distance_m: Mapped[float | None]                            # from the stop's site
    sha256: Mapped[str] = mapped_column(String(64), index=True)
    data: Mapped[bytes] = mapped_column(LargeBinary)
    imported_at: Mapped[datetime] = mapped_column(DateTime)
    imported_by: Mapped[str | None] = mapped_column(String(50))
    geom = mapped_column(Geometry("POINT"), nullable=True)


class PatrolStopCheck(Base):
    """What the evidence says about a planned stop (gis.patrols.evidence): status verified (a track passed within
    `tolerance_m` on the assignment's day, or a photo was taken there), missed (the member's track of that day
    never came near), unverified (未核实: a result was recorded but there is no evidence). `distance_m`: the
    track's closest approach; `arrived_at`/`dwell_s`: first fix within tolerance and time spent there."""

    __tablename__ = "patrol_stop_check"
    __table_args__ = (CheckConstraint("status IN ('verified','missed','unverified')", name="status"),)

    stop_id: Mapped[int] = mapped_column(ForeignKey("patrol_stop.id", ondelete="CASCADE"), primary_key=True)
    status: Mapped[str] = mapped_column(String(16))
    arrived_at: Mapped[datetime | None] = mapped_column(DateTime)
    dwell_s: Mapped[float | None]
    distance_m: Mapped[float | None]
    track_id: Mapped[int | None] = mapped_column(ForeignKey("patrol_track.id", ondelete="SET NULL"), index=True)
    tolerance_m: Mapped[float]
    checked_at: Mapped[datetime] = mapped_column(DateTime)
