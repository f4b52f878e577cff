"""Forest-fire seasons (防火期), key and critical periods (紧要期) and duty shifts (值班)."""
from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import Boolean, Date, DateTime, ForeignKey, String
from sqlalchemy.orm import Mapped, mapped_column, relationship

from gis.model.base import Base


class FireSeason(Base):
    __tablename__ = "fire_season"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(100))
    admin_unit_id: Mapped[int | None] = mapped_column(ForeignKey("admin_unit.id", ondelete="CASCADE"), index=True)
    start_date: Mapped[date] = mapped_column(Date)
    end_date: Mapped[date] = mapped_column(Date)
    is_demo: Mapped[bool] = mapped_column(Boolean, default=False)  # demo values are marked as such

    periods: Mapped[list[KeyPeriod]] = relationship(back_populates="season", cascade="all, delete-orphan")


class KeyPeriod(Base):
    __tablename__ = "key_period"

    id: Mapped[int] = mapped_column(primary_key=True)
    season_id: Mapped[int] = mapped_column(ForeignKey("fire_season.id", ondelete="CASCADE"), index=True)
    name: Mapped[str] = mapped_column(String(50))
    kind: Mapped[str] = mapped_column(String(16), default="key")  # critical (紧要期) | key (重点时段)
    start_date: Mapped[date] = mapped_column(Date)
    end_date: Mapped[date] = mapped_column(Date)
    lunar_rule: Mapped[str | None] = mapped_column(String(40))  # e.g. "lunar 1-1 -2..+6" for 春节

    season: Mapped[FireSeason] = relationship(back_populates="periods")


class DutyShift(Base):
    __tablename__ = "duty_shift"

    id: Mapped[int] = mapped_column(primary_key=True)
    season_id: Mapped[int | None] = mapped_column(ForeignKey("fire_season.id", ondelete="CASCADE"), index=True)
    person_id: Mapped[int] = mapped_column(ForeignKey("person.id", ondelete="RESTRICT"), index=True)
    post: Mapped[str] = mapped_column(String(24))  # district_duty | township_duty | village_duty | checkpoint
    admin_unit_id: Mapped[int | None] = mapped_column(ForeignKey("admin_unit.id", ondelete="CASCADE"))
    site_id: Mapped[int | None] = mapped_column(ForeignKey("site.id", ondelete="CASCADE"))  # the checkpoint
    starts_at: Mapped[datetime] = mapped_column(DateTime, index=True)
    ends_at: Mapped[datetime] = mapped_column(DateTime)
    manual: Mapped[bool] = mapped_column(Boolean, default=False)  # kept when the roster is regenerated
