"""How geometries are stored: GeoPackage binary on SQLite, PostGIS geometry on PostgreSQL.

Every stored geometry is lon/lat in EPSG:4490 (CGCS2000). A SQLite project is an OGC GeoPackage (1.2):
each geometry is the GeoPackage header (magic, flags, srs_id, envelope) followed by ISO WKB, and each
geometry column has an R-tree kept by the standard triggers. On PostgreSQL the columns are
`geometry(<type>, 4490)` and values travel as EWKB, which PostGIS parses on input (its bytea → geometry
cast) and prints as hex EWKB on output; shapely reads both.

The codec is written here rather than taken from GeoAlchemy2: GeoAlchemy2's GeoPackage mode needs
SpatiaLite's mod_spatialite loaded into every connection (not on PyPI, not on the users' Windows PCs)
and hands back WKBElement objects where all of gridsafe works with shapely geometries. The format is
the fixed header of the GeoPackage standard (§2.1.3) over shapely's ISO WKB.
"""
from __future__ import annotations

import struct
from collections.abc import Iterable, Sequence

import numpy as np
import shapely
from sqlalchemy.ext.compiler import compiles
from sqlalchemy.sql.functions import FunctionElement
from sqlalchemy.types import LargeBinary, TypeDecorator, UserDefinedType

SRID = 4490
GEOMETRY_TYPES = ("GEOMETRY", "POINT", "LINESTRING", "POLYGON", "MULTIPOINT", "MULTILINESTRING",
                  "MULTIPOLYGON", "GEOMETRYCOLLECTION")

_MAGIC = b"GP"
_ENVELOPE_BYTES = {0: 0, 1: 32, 2: 48, 3: 48, 4: 64}
_FLAGS_XY = 0b0000_0011     # little-endian, envelope [minx, maxx, miny, maxy]
_FLAGS_EMPTY = 0b0001_0001  # little-endian, empty, no envelope
_HEADER = np.dtype([("magic", "S2"), ("version", "u1"), ("flags", "u1"), ("srs_id", "<i4"),
                    ("envelope", "<f8", (4,))])


# --- GeoPackage binary --------------------------------------------------------------------------------

def gpkg_encode(geoms: Sequence | np.ndarray) -> list[bytes | None]:
    """GeoPackage geometry blobs for an array of shapely geometries (None stays None), in one pass."""
    arr = np.asarray(geoms, dtype=object).ravel()
    out: list[bytes | None] = [None] * len(arr)
    present = np.flatnonzero(~shapely.is_missing(arr))
    if not len(present):
        return out
    g = arr[present]
    wkb = shapely.to_wkb(g, flavor="iso", byte_order=1)
    empty = shapely.is_empty(g)
    header = np.zeros(len(g), dtype=_HEADER)
    header["magic"] = _MAGIC
    header["flags"] = np.where(empty, _FLAGS_EMPTY, _FLAGS_XY)
    header["srs_id"] = SRID
    header["envelope"] = shapely.bounds(g)[:, [0, 2, 1, 3]]
    raw = header.tobytes()
    size = _HEADER.itemsize
    for k, (i, w, e) in enumerate(zip(present.tolist(), wkb.tolist(), empty.tolist(), strict=True)):
        out[i] = raw[k * size:k * size + 8] + w if e else raw[k * size:(k + 1) * size] + w
    return out


def gpkg_header_length(blob: bytes) -> int:
    if blob[:2] != _MAGIC:
        raise ValueError("不是 GeoPackage 几何数据")
    if blob[3] & 0b0010_0000:
        raise ValueError("不支持扩展 GeoPackage 几何（ExtendedGeoPackageBinary）")
    return 8 + _ENVELOPE_BYTES[(blob[3] >> 1) & 0b111]


def gpkg_wkb(blob: bytes) -> bytes:
    """The WKB inside a GeoPackage blob."""
    return blob[gpkg_header_length(blob):]


def _gpkg_envelope(blob: bytes) -> tuple[float, float, float, float] | None:
    """(minx, maxx, miny, maxy) from the header, or from the geometry when the header has none; None if
    empty."""
    flags = blob[3]
    if flags & 0b0001_0000:
        return None
    if (flags >> 1) & 0b111:
        return struct.unpack("<4d" if flags & 1 else ">4d", blob[8:40])
    g = shapely.from_wkb(gpkg_wkb(blob))
    if g.is_empty:
        return None
    minx, miny, maxx, maxy = g.bounds
    return minx, maxx, miny, maxy


# --- SQL functions the GeoPackage R-tree triggers call ------------------------------------------------

def _envelope_part(i: int):
    def part(blob):
        if blob is None:
            return None
        env = _gpkg_envelope(bytes(blob))
        return None if env is None else env[i]
    return part


def _is_empty(blob):
    if blob is None:
        return None
    return int(_gpkg_envelope(bytes(blob)) is None)


SQLITE_FUNCTIONS = {
    "ST_MinX": _envelope_part(0), "ST_MaxX": _envelope_part(1),
    "ST_MinY": _envelope_part(2), "ST_MaxY": _envelope_part(3),
    "ST_IsEmpty": _is_empty,
}


def register_sqlite_functions(dbapi_connection) -> None:
    """The functions GeoPackage's R-tree triggers call (GDAL provides the same ones in QGIS)."""
    for name, fn in SQLITE_FUNCTIONS.items():
        dbapi_connection.create_function(name, 1, fn, deterministic=True)


# --- either backend -----------------------------------------------------------------------------------

def encode(geoms: Sequence | np.ndarray, dialect: str) -> list:
    """Bind values for a geometry column of `dialect` ("sqlite" or "postgresql")."""
    if dialect == "sqlite":
        return gpkg_encode(geoms)
    arr = np.asarray(geoms, dtype=object).ravel()
    present = ~shapely.is_missing(arr)
    out: list = [None] * len(arr)
    if present.any():
        ewkb = shapely.to_wkb(shapely.set_srid(arr[present], SRID), include_srid=True, flavor="extended")
        for i, w in zip(np.flatnonzero(present).tolist(), ewkb.tolist(), strict=True):
            out[i] = w
    return out


# header length by flags byte: 8 + envelope (extended blobs, flag bit 5, are not valid for standard types)
_HEADER_LENGTH = [8 + _ENVELOPE_BYTES.get((f >> 1) & 0b111, 0) for f in range(256)]


def decode(values: Iterable) -> np.ndarray:
    """Shapely geometries from stored values: GeoPackage blobs (SQLite), EWKB bytes or hex text
    (PostgreSQL); None stays None."""
    vals = values if isinstance(values, list) else list(values)
    if not vals:
        return np.array([], dtype=object)
    try:   # bytes from SQLite: the loop that runs for every map layer, kept to one slice per value
        wkb = [None if v is None else v[_HEADER_LENGTH[v[3]]:] if v.startswith(_MAGIC) else v for v in vals]
    except (AttributeError, TypeError):   # hex text or memoryview from PostgreSQL
        wkb = [None if v is None else v if isinstance(v, str) else bytes(v) for v in vals]
        wkb = [w[gpkg_header_length(w):] if isinstance(w, bytes) and w[:2] == _MAGIC else w for w in wkb]
    return shapely.from_wkb(np.array(wkb, dtype=object))


def wkb_sql(dialect: str, expression: str) -> str:
    """SQL selecting a geometry for `decode`: PostGIS sends binary WKB (ST_AsBinary; its default text
    form is hex, twice the bytes and slower to parse); SQLite sends the stored blob."""
    return f"ST_AsBinary({expression})" if dialect == "postgresql" else expression


def decode_one(value):
    """One stored value (the ORM's per-row path: no arrays)."""
    if value is None:
        return None
    if isinstance(value, str):
        return shapely.from_wkb(value)
    b = bytes(value)
    return shapely.from_wkb(b[gpkg_header_length(b):] if b[:2] == _MAGIC else b)


class _Column(UserDefinedType):
    """The column's declared type: `POINT` … in a GeoPackage, `geometry(Point,4490)` in PostGIS."""

    cache_ok = True

    def __init__(self, geometry_type: str = "GEOMETRY", postgis: bool = False) -> None:
        self.geometry_type = geometry_type
        self.postgis = postgis

    def get_col_spec(self, **kw) -> str:
        return f"geometry({self.geometry_type},{SRID})" if self.postgis else self.geometry_type


class _Stored(FunctionElement):
    """A geometry column as selected for `decode`: wkb_sql's choice, made when the statement is compiled."""

    inherit_cache = True

    def __init__(self, column, type_) -> None:
        super().__init__(column)
        self.type = type_


@compiles(_Stored)
def _stored(element, compiler, **kw):
    return compiler.process(element.clauses, **kw)


@compiles(_Stored, "postgresql")
def _stored_postgis(element, compiler, **kw):
    return wkb_sql("postgresql", compiler.process(element.clauses, **kw))


class Geometry(TypeDecorator):
    """A shapely geometry in EPSG:4490, stored natively on each backend (see the module docstring)."""

    impl = LargeBinary
    cache_ok = True

    def __init__(self, geometry_type: str = "GEOMETRY") -> None:
        super().__init__()
        if geometry_type.upper() not in GEOMETRY_TYPES:
            raise ValueError(f"unknown geometry type {geometry_type}")
        self.geometry_type = geometry_type.upper()

    def load_dialect_impl(self, dialect):
        return _Column(self.geometry_type, postgis=dialect.name == "postgresql")

    def process_bind_param(self, value, dialect):
        if value is None:
            return None
        if isinstance(value, (bytes, bytearray, memoryview, str)):
            value = decode_one(value)
        return encode([value], dialect.name)[0]

    def column_expression(self, column):
        return _Stored(column, self)

    def process_result_value(self, value, dialect):
        return decode_one(value)


class _Reflected(Geometry):
    """What reflection finds in a project: `POINT` … on SQLite, `geometry(Point,4490)` on PostGIS (so
    Alembic compares geometry columns by type instead of by SQLite's affinity)."""

    def __init__(self, geometry_type: str = "GEOMETRY", srid: str | int | None = None) -> None:
        super().__init__(geometry_type)


def _register_reflection() -> None:
    from sqlalchemy.dialects.postgresql.base import ischema_names as postgresql_names
    from sqlalchemy.dialects.sqlite.base import ischema_names as sqlite_names

    postgresql_names["geometry"] = _Reflected
    for name in GEOMETRY_TYPES:
        sqlite_names[name] = type(f"_Reflected{name.title()}", (_Reflected,), {
            "__init__": lambda self, *_args, _name=name: _Reflected.__init__(self, _name)})


_register_reflection()


def compare_type(context, inspected_column, metadata_column, inspected_type, metadata_type):
    """Alembic's type comparison for geometry columns (None: Alembic's own comparison)."""
    if isinstance(metadata_type, Geometry):
        return getattr(inspected_type, "geometry_type", None) != metadata_type.geometry_type
    return None
