"""Public tip-offs (群众举报, 12345 热线): the register, each tip-off's append-only history and its photos.

A tip-off is a point feature (where the reporter says the problem is). Its life is data
(resources/tipoff_rules.yaml, gis.tipoffs.rules): 受理 received → 核查 assigned → verified → 反馈 replied
→ 奖励 rewarded (optional) → 办结 closed. A verified tip-off that is true makes a ledger hazard
(`hazard_id`, source public_report); the hazard is linked back through this column only.
"""
from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import (
    CheckConstraint,
    Date,
    DateTime,
    Float,
    ForeignKey,
    Integer,
    LargeBinary,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from gis.model.base import Base, SpatialMixin, now

TIPOFF_STATUSES = ("received", "assigned", "verified", "replied", "rewarded", "closed")
VERIFY_RESULTS = ("confirmed", "unfounded", "partial")


class TipOff(SpatialMixin, Base):
    __tablename__ = "tipoff"
    geometry_type = "POINT"
    __table_args__ = (
        CheckConstraint("status IN ('received','assigned','verified','replied','rewarded','closed')", name="status"),
        CheckConstraint("verify_result IS NULL OR verify_result IN ('confirmed','unfounded','partial')",
                        name="verify_result"),
        CheckConstraint("reward_amount IS NULL OR reward_amount >= 0", name="reward_amount"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    code: Mapped[str] = mapped_column(String(20), unique=True)              # JB2026-00001
    channel: Mapped[str] = mapped_column(String(24))                        # vocab tipoff_channels
    received_at: Mapped[datetime] = mapped_column(DateTime, index=True)
    reporter_name: Mapped[str | None] = mapped_column(String(50))
    reporter_contact: Mapped[str | None] = mapped_column(String(30))
    address: Mapped[str | None] = mapped_column(String(300))
    description: Mapped[str] = mapped_column(Text)
    grid_id: Mapped[int | None] = mapped_column(ForeignKey("grid.id", ondelete="SET NULL"), index=True)
    status: Mapped[str] = mapped_column(String(16), index=True, default="received", server_default="received")
    assignee_id: Mapped[int | None] = mapped_column(ForeignKey("person.id", ondelete="SET NULL"), index=True)
    assigned_at: Mapped[datetime | None] = mapped_column(DateTime)
    verify_result: Mapped[str | None] = mapped_column(String(16))
    verify_note: Mapped[str | None] = mapped_column(Text)
    verified_at: Mapped[datetime | None] = mapped_column(DateTime)
    reply: Mapped[str | None] = mapped_column(Text)
    replied_at: Mapped[datetime | None] = mapped_column(DateTime)
    reward_amount: Mapped[float | None] = mapped_column(Float)
    reward_decided_by: Mapped[str | None] = mapped_column(String(100))
    reward_decided_on: Mapped[date | None] = mapped_column(Date)
    hazard_id: Mapped[int | None] = mapped_column(ForeignKey("hazard.id", ondelete="SET NULL"), index=True)
    closed_at: Mapped[datetime | None] = mapped_column(DateTime)
    created_by: Mapped[str | None] = mapped_column(String(50))
    created_at: Mapped[datetime] = mapped_column(DateTime, default=now)

    events: Mapped[list[TipOffEvent]] = relationship(
        back_populates="tipoff", order_by="TipOffEvent.seq", cascade="all, delete-orphan")
    photos: Mapped[list[TipOffPhoto]] = relationship(back_populates="tipoff", cascade="all, delete-orphan")

    def __repr__(self) -> str:
        return f"TipOff({self.code} {self.status})"


class TipOffEvent(Base):
    """One step in a tip-off's life: who, when, from → to, a note."""

    __tablename__ = "tipoff_event"
    __table_args__ = (UniqueConstraint("tipoff_id", "seq"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    tipoff_id: Mapped[int] = mapped_column(ForeignKey("tipoff.id", ondelete="CASCADE"), index=True)
    seq: Mapped[int] = mapped_column(Integer)
    action: Mapped[str] = mapped_column(String(24))
    from_status: Mapped[str | None] = mapped_column(String(16))
    to_status: Mapped[str | None] = mapped_column(String(16))
    actor_id: Mapped[int | None] = mapped_column(ForeignKey("person.id", ondelete="SET NULL"))
    actor_name: Mapped[str] = mapped_column(String(50))
    at: Mapped[datetime] = mapped_column(DateTime, default=now)
    note: Mapped[str | None] = mapped_column(Text)

    tipoff: Mapped[TipOff] = relationship(back_populates="events")


class TipOffPhoto(Base):
    """A photo the reporter sent (stored inside the project, like hazard photos)."""

    __tablename__ = "tipoff_photo"

    id: Mapped[int] = mapped_column(primary_key=True)
    tipoff_id: Mapped[int] = mapped_column(ForeignKey("tipoff.id", ondelete="CASCADE"), index=True)
    filename: Mapped[str] = mapped_column(String(200))
    mime: Mapped[str] = mapped_column(String(50))
    data: Mapped[bytes] = mapped_column(LargeBinary)

    tipoff: Mapped[TipOff] = relationship(back_populates="photos")
