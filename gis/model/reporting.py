"""What the dashboard and the periodic reports count beyond hazards and patrols: enterprises' self-check
reports (企业自查自报, a report of zero hazards is a 零报告) and the phased campaigns with their targets."""
from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import CheckConstraint, Date, DateTime, Float, ForeignKey, Index, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from gis.model.base import Base, now

PHASE_KINDS = ("phase", "milestone")


class SelfCheckReport(Base):
    """One enterprise's self-check report for a period: how many hazards it found (0 = 零报告)."""

    __tablename__ = "self_check_report"
    __table_args__ = (
        CheckConstraint("hazards_found >= 0", name="hazards_found"),
        Index("ix_self_check_report_site_id_reported_on", "site_id", "reported_on"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    site_id: Mapped[int] = mapped_column(ForeignKey("site.id", ondelete="CASCADE"))
    reported_on: Mapped[date] = mapped_column(Date, index=True)
    hazards_found: Mapped[int] = mapped_column(Integer, default=0, server_default="0")
    reporter: Mapped[str | None] = mapped_column(String(50))
    note: Mapped[str | None] = mapped_column(Text)
    recorded_by: Mapped[str | None] = mapped_column(String(50))
    created_at: Mapped[datetime] = mapped_column(DateTime, default=now)


class Campaign(Base):
    """A phased campaign (专项整治/三年行动), as the seeds issue them: a document, a span, its phases."""

    __tablename__ = "campaign"
    __table_args__ = (CheckConstraint("end_on >= start_on", name="dates"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(200))
    document_no: Mapped[str | None] = mapped_column(String(60))   # 文号
    issuer: Mapped[str | None] = mapped_column(String(200))
    start_on: Mapped[date] = mapped_column(Date)
    end_on: Mapped[date] = mapped_column(Date)
    note: Mapped[str | None] = mapped_column(Text)

    phases: Mapped[list[CampaignPhase]] = relationship(
        back_populates="campaign", order_by="CampaignPhase.seq", cascade="all, delete-orphan")


class CampaignPhase(Base):
    """A phase (start..end) or a milestone (due on end_on) of a campaign, with an optional target: a KPI of
    resources/kpis.yaml and the value it must reach by end_on (e.g. rectification_rate 100)."""

    __tablename__ = "campaign_phase"
    __table_args__ = (
        CheckConstraint("kind IN ('phase','milestone')", name="kind"),
        CheckConstraint("start_on IS NULL OR end_on >= start_on", name="dates"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    campaign_id: Mapped[int] = mapped_column(ForeignKey("campaign.id", ondelete="CASCADE"), index=True)
    seq: Mapped[int] = mapped_column(Integer)
    kind: Mapped[str] = mapped_column(String(16), default="phase", server_default="phase")
    name: Mapped[str] = mapped_column(String(100))
    start_on: Mapped[date | None] = mapped_column(Date)
    end_on: Mapped[date] = mapped_column(Date, index=True)
    kpi: Mapped[str | None] = mapped_column(String(40))
    target: Mapped[float | None] = mapped_column(Float)
    note: Mapped[str | None] = mapped_column(Text)

    campaign: Mapped[Campaign] = relationship(back_populates="phases")
