"""A layer (or a selection of its ids) as a table users read: Chinese headers, vocabulary labels
instead of keys, codes instead of foreign ids, extra attributes as their own columns."""
from __future__ import annotations

import dataclasses
from dataclasses import dataclass

import numpy as np
import pandas as pd
from sqlalchemy import Engine

from gis import vocab
from gis.io.errors import ExportError
from gis.io.targets import ATTRIBUTE_LABELS, EXTRA_LABELS, EXTRA_VOCAB, LAYER_LABELS, TARGETS
from gis.layers import LAYERS
from gis.model.geometry import decode
from gis.store import Project

FOREIGN = {"grid_id": ("grid", "code"), "village_id": ("admin_unit", "code"), "parent_id": ("admin_unit", "code"),
           "site_id": ("site", "name")}
MAX_ATTRIBUTE_COLUMNS = 50
ID_LABEL = "ID"


@dataclass
class LayerTable:
    layer: str
    label: str
    frame: pd.DataFrame  # Chinese headers, first column ID
    geoms: np.ndarray
    name_column: str | None  # header holding the feature's name (KML <name>)
    attribute_columns: tuple[str, ...] = ()   # headers that are keys of the free attributes (English)


def _columns(layer: str) -> list[tuple[str, str, str | None]]:
    """(column, label, vocabulary) in export order."""
    d = LAYERS[layer]
    t = TARGETS.get(layer)
    out = [(f.name, f.label, f.vocab) for f in t.fields] if t else []
    names = {c for c, _, _ in out}
    for c in d.columns:
        if c not in names:
            out.append((c, EXTRA_LABELS.get(c, c), EXTRA_VOCAB.get((layer, c))))
    return out


def _lookup(conn, column: str, ids) -> dict:
    table, field = FOREIGN[column]
    wanted = sorted({int(i) for i in ids if i is not None and i == i})
    if not wanted:
        return {}
    out = {}
    for start in range(0, len(wanted), 5000):
        chunk = ",".join(str(i) for i in wanted[start:start + 5000])
        out.update(dict(conn.exec_driver_sql(f"SELECT id, {field} FROM {table} WHERE id IN ({chunk})").all()))
    return out


def _flatten(attrs: list) -> dict[str, list]:
    keys: list[str] = []
    for a in attrs:
        for k in (a or {}):
            if k not in keys:
                keys.append(k)
    keys = keys[:MAX_ATTRIBUTE_COLUMNS]
    return {k: [(a or {}).get(k) for a in attrs] for k in keys}


def _plain(v):
    if v is None:
        return None
    if isinstance(v, (dict, list)):
        import json
        return json.dumps(v, ensure_ascii=False)
    if hasattr(v, "isoformat"):
        return v.isoformat()
    return v


_AS_IS = (str, int, float)


def _plain_all(values: list) -> list:
    return [v if v is None or type(v) in _AS_IS else _plain(v) for v in values]


def layer_table(source: Project | Engine, layer: str, ids=None) -> LayerTable:
    if layer not in LAYERS:
        raise ExportError(f"没有图层“{layer}”，可导出的图层：{'、'.join(LAYERS)}",
                          en=f"There is no layer \"{layer}\"; the layers you can export: {', '.join(LAYERS)}")
    d = LAYERS[layer]
    t = TARGETS.get(layer)
    cols = _columns(layer)
    has_attrs = t is not None and t.has_attributes
    select_cols = tuple(c for c, _, _ in cols) + (("attributes",) if has_attrs else ())
    where = d.where
    if ids is not None:
        id_list = ",".join(str(int(i)) for i in ids) or "NULL"
        where = (f"({where}) AND " if where else "") + f"{d.table}.id IN ({id_list})"
    engine = source.engine if isinstance(source, Project) else source
    with engine.connect() as conn:
        sql = dataclasses.replace(d, columns=select_cols, where=where).sql(dialect=conn.dialect.name)
        rows = conn.exec_driver_sql(sql).fetchall()
        columns = list(zip(*rows, strict=True)) if rows else [()] * (2 + len(select_cols))
        lookups = {c: _lookup(conn, c, columns[2 + i]) for i, (c, _, _) in enumerate(cols) if c in FOREIGN}
    geoms = decode(columns[1]) if rows else \
        np.array([], dtype=object)
    data: dict[str, list] = {ID_LABEL: list(columns[0])}
    for i, (c, label, vname) in enumerate(cols):
        values = list(columns[2 + i])
        if c in FOREIGN:
            values = [lookups[c].get(v) for v in values]
        elif vname:
            labels = vocab.labels(vname)
            values = [labels.get(v, v) if v is not None else None for v in values]
        data[label] = _plain_all(values)
    extra: list[str] = []
    if has_attrs:
        import json
        attrs = [json.loads(a) if isinstance(a, str) else a for a in columns[-1]]
        for k, values in _flatten(attrs).items():
            key = k if k not in data else f"{k}（属性）"
            data[key] = _plain_all(values)
            extra.append(key)
    frame = pd.DataFrame(data)
    for label in frame.columns:  # numbers stay numbers, text stays text (None, not NaN, when empty)
        if frame[label].dtype == object and not frame[label].map(lambda v: v is None or isinstance(v, str)).all():
            numeric = pd.to_numeric(frame[label], errors="coerce")
            if numeric.notna().sum() == frame[label].notna().sum():
                frame[label] = numeric
            else:
                frame[label] = frame[label].map(lambda v: None if v is None else str(v))
    name_column = next((lab for c, lab, _ in cols if c == "name"), None)
    return LayerTable(layer, LAYER_LABELS.get(layer, layer), frame, geoms, name_column, tuple(extra))


def labelled_headers(t: LayerTable) -> pd.DataFrame:
    """The table with its free attributes under Chinese headers (targets.ATTRIBUTE_LABELS), for tables people read
    (CSV, XLSX); a label another column already has becomes "label（属性）"."""
    taken = set(t.frame.columns)
    names = {}
    for key in t.attribute_columns:
        label = ATTRIBUTE_LABELS.get(key)
        if label is None:
            continue
        label = label if label not in taken else f"{label}（属性）"
        if label not in taken:
            names[key] = label
            taken.add(label)
    return t.frame.rename(columns=names)
