"""Enforcement actions (行政处罚, 严重违法行为) per site: what the escalation rules count."""
from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import CheckConstraint, Date, DateTime, ForeignKey, Index, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from gis.model.base import Base, now

ENFORCEMENT_KINDS = ("penalty", "serious_violation")


class EnforcementAction(Base):
    """One penalty or serious violation recorded against a site, on a date."""

    __tablename__ = "enforcement_action"
    __table_args__ = (
        CheckConstraint("kind IN ('penalty','serious_violation')", name="kind"),
        Index("ix_enforcement_action_site_id_acted_on", "site_id", "acted_on"),  # a site's actions in a window
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    site_id: Mapped[int] = mapped_column(ForeignKey("site.id", ondelete="RESTRICT"))
    acted_on: Mapped[date] = mapped_column(Date)
    kind: Mapped[str] = mapped_column(String(24))
    hazard_id: Mapped[int | None] = mapped_column(ForeignKey("hazard.id", ondelete="SET NULL"), index=True)
    document_no: Mapped[str | None] = mapped_column(String(60))  # 处罚决定书文号
    note: Mapped[str | None] = mapped_column(Text)
    recorded_by: Mapped[str | None] = mapped_column(String(50))
    created_at: Mapped[datetime] = mapped_column(DateTime, default=now)

    def __repr__(self) -> str:
        return f"EnforcementAction({self.site_id} {self.acted_on} {self.kind})"
