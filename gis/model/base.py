"""Declarative base, the geometry column type and the bounding-box mixin."""
from __future__ import annotations

from datetime import datetime
from typing import Any

import shapely
from sqlalchemy import JSON, Float, LargeBinary, MetaData, event
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column
from sqlalchemy.types import TypeDecorator

NAMING = {
    "ix": "ix_%(table_name)s_%(column_0_N_name)s",
    "uq": "uq_%(table_name)s_%(column_0_N_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}

CRS = "EPSG:4490"  # CGCS2000 geographic; every stored geometry is lon/lat in it


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING)
    type_annotation_map = {dict[str, Any]: JSON}


class Geometry(TypeDecorator):
    """A shapely geometry stored as ISO WKB, portable between SQLite and PostgreSQL."""

    impl = LargeBinary
    cache_ok = True

    def process_bind_param(self, value, dialect):
        if value is None:
            return None
        if isinstance(value, (bytes, bytearray, memoryview)):
            return bytes(value)
        return shapely.to_wkb(value, flavor="iso")

    def process_result_value(self, value, dialect):
        if value is None:
            return None
        return shapely.from_wkb(bytes(value))


class SpatialMixin:
    """geom plus its bounding box, so SQL can pre-filter candidates by extent.

    The box columns are kept in step with geom by a flush hook; bulk loaders fill them
    themselves from shapely.bounds.
    """

    geom: Mapped[Any] = mapped_column(Geometry, nullable=True)
    minx: Mapped[float | None] = mapped_column(Float, index=True)
    miny: Mapped[float | None] = mapped_column(Float)
    maxx: Mapped[float | None] = mapped_column(Float)
    maxy: Mapped[float | None] = mapped_column(Float)

    def set_bounds(self) -> None:
        if self.geom is None or self.geom.is_empty:
            self.minx = self.miny = self.maxx = self.maxy = None
        else:
            self.minx, self.miny, self.maxx, self.maxy = (float(v) for v in self.geom.bounds)


def now() -> datetime:
    return datetime.now().replace(microsecond=0)


@event.listens_for(SpatialMixin, "before_insert", propagate=True)
@event.listens_for(SpatialMixin, "before_update", propagate=True)
def _keep_bounds(mapper, connection, target):  # noqa: ARG001
    target.set_bounds()
