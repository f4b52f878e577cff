"""Declarative base and the spatial mixin (the geometry column itself is gis/model/geometry.py)."""
from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import JSON, MetaData, text
from sqlalchemy.orm import DeclarativeBase, Mapped, declared_attr, mapped_column

from gis.model.geometry import SRID, Geometry

NAMING = {
    "ix": "ix_%(table_name)s_%(column_0_N_name)s",
    "uq": "uq_%(table_name)s_%(column_0_N_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}

# what a feature added in another GIS gets where gridsafe fills a value in Python (migration 0008)
EMPTY_JSON = text("'{}'")

CRS = f"EPSG:{SRID}"  # CGCS2000 geographic; every stored geometry is lon/lat in it


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING)
    type_annotation_map = {dict[str, Any]: JSON}


class SpatialMixin:
    """A feature table: `geom` of the class's `geometry_type`, with a spatial index in the database (the
    GeoPackage R-tree or a PostGIS GiST index), so SQL can find rows by extent."""

    geometry_type = "GEOMETRY"

    @declared_attr
    def geom(cls) -> Mapped[Any]:
        return mapped_column(Geometry(cls.geometry_type), nullable=True)


# GeoPackage's and PostGIS's own tables live in a project too, but are not gridsafe's model
FOREIGN_TABLES = ("gpkg_", "rtree_", "spatial_ref_sys", "sqlite_")


def include_name(name, type_, parent_names) -> bool:
    """Alembic's filter: compare only gridsafe's own tables with the model, and leave out the PostGIS
    spatial indexes (ix_<table>_geom, made by migration 0007; a GeoPackage's are its R-tree tables)."""
    if type_ == "table":
        return not name.startswith(FOREIGN_TABLES)
    if type_ == "index":
        return not (name.startswith("ix_") and name.endswith(("_geom", "_route")))
    return True


def now() -> datetime:
    return datetime.now().replace(microsecond=0)
