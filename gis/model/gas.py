"""Gas pipeline safety data (issue 13): buildings near the pipelines and third-party construction works.

The pipelines themselves are line assets (gis.model.assets.LineAsset, kind gas_pipeline); these are the
features the pipeline safety analyses test against them.
"""
from __future__ import annotations

from datetime import date
from typing import Any

from sqlalchemy import CheckConstraint, Date, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from gis.model.base import EMPTY_JSON, Base, SpatialMixin

WORKS_STATUSES = ("planned", "active", "finished")


class Building(SpatialMixin, Base):
    """A building footprint (建筑物): storeys and use (vocabulary building_uses)."""

    __tablename__ = "building"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str | None] = mapped_column(String(200))
    address: Mapped[str | None] = mapped_column(String(300))
    storeys: Mapped[int | None] = mapped_column(Integer)
    use: Mapped[str | None] = mapped_column(String(24))
    note: Mapped[str | None] = mapped_column(Text)
    attributes: Mapped[dict[str, Any]] = mapped_column(default=dict, server_default=EMPTY_JSON)

    def __repr__(self) -> str:
        return f"Building({self.name})"


class ThirdPartyWorks(SpatialMixin, Base):
    """Third-party construction (第三方施工) near the pipelines: its extent, who builds, the permit or
    agreement with the gas company, and the company's supervisor (监护人)."""

    __tablename__ = "third_party_works"
    __table_args__ = (
        CheckConstraint("status IN ('planned','active','finished')", name="status"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(200))
    party: Mapped[str | None] = mapped_column(String(200))          # 施工单位
    contact_name: Mapped[str | None] = mapped_column(String(50))
    contact_phone: Mapped[str | None] = mapped_column(String(30))
    start_on: Mapped[date | None] = mapped_column(Date)
    end_on: Mapped[date | None] = mapped_column(Date)
    permit_no: Mapped[str | None] = mapped_column(String(60))       # 许可/协议编号
    supervisor: Mapped[str | None] = mapped_column(String(50))      # 燃气企业监护人
    status: Mapped[str] = mapped_column(String(16), default="planned", server_default="planned")
    note: Mapped[str | None] = mapped_column(Text)
    attributes: Mapped[dict[str, Any]] = mapped_column(default=dict, server_default=EMPTY_JSON)

    def __repr__(self) -> str:
        return f"ThirdPartyWorks({self.name})"
