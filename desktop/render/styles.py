"""Layer styles as data (resources/styles/layers.yaml): symbols, categories, graduated classes.

A Style turns a layer's attribute table into one class number per feature (vectorised, pandas);
painters draw each class with its Symbol in one batch. Class -1 means "not drawn" (filtered out,
or a value the style has no class for).
"""
from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd
import yaml

from gis import vocab
from gis.paths import RESOURCES

STYLE_FILE = RESOURCES / "styles" / "layers.yaml"


@dataclass(frozen=True)
class Symbol:
    fill: str | None = None      # "#rrggbb" / "#aarrggbb"; None: no fill
    stroke: str | None = None    # outline / line colour; None: no outline
    width: float = 1.0           # outline / line width, px
    size: float = 7.0            # point symbol size, px
    shape: str = "circle"        # circle | square | diamond | triangle
    dash: bool = False
    hatch: bool = False          # polygons: the fill drawn as diagonal hatching (in `fill`'s colour)
    offset: tuple[float, float] = (0.0, 0.0)  # point symbols: shift in px (a hazard beside its site)


@dataclass(frozen=True)
class Category:
    label: str
    symbol: Symbol
    value: Any = None            # categorized: the stored key
    upper: float | None = None   # graduated: values < upper (None: no upper bound)
    vocab: str | None = None     # categorized by a vocabulary: its name (label is the Chinese one)


@dataclass(frozen=True)
class Filter:
    field: str
    values: tuple[str, ...]
    include: bool                # True: only these values; False: all but these

    def mask(self, attrs: pd.DataFrame) -> np.ndarray:
        if self.field not in attrs:   # a column the data lacks: every value counts as empty
            hit = np.zeros(len(attrs), dtype=bool)
        else:
            hit = attrs[self.field].isin(self.values).to_numpy(dtype=bool)
        return hit if self.include else ~hit


@dataclass(frozen=True)
class Style:
    name: str
    mode: str                     # single | categorized | graduated
    categories: tuple[Category, ...]
    field: str | None = None
    other: Category | None = None  # values not in the categories; None: not drawn

    @property
    def symbols(self) -> list[Symbol]:
        """Symbol of each class number."""
        return [c.symbol for c in self.categories] + ([self.other.symbol] if self.other else [])

    def legend(self, text: Callable[[Category], str] | None = None) -> list[tuple[str, Symbol]]:
        """(label, symbol) of each drawn class; `text(category)` gives the label (default: the Chinese one)."""
        text = text or (lambda c: c.label)
        return [(text(c), c.symbol) for c in self.categories if _visible(c.symbol)] + \
            ([(text(self.other), self.other.symbol)] if self.other else [])

    def classify(self, attrs: pd.DataFrame, flt: Filter | None = None) -> np.ndarray:
        """Class number per row (int16), -1 where the feature is not drawn."""
        n = len(attrs)
        if self.mode == "single":
            cls = np.zeros(n, dtype=np.int16)
        elif self.mode == "categorized":
            codes = {c.value: i for i, c in enumerate(self.categories)}
            missing = len(self.categories) if self.other else -1
            col = attrs[self.field] if self.field in attrs else pd.Series([None] * n)
            if isinstance(col.dtype, pd.CategoricalDtype):   # map the few categories, then take them per row
                per_category = np.array([codes.get(v, missing) for v in col.cat.categories] + [missing], np.int16)
                cls = per_category[col.cat.codes.to_numpy()]        # code -1 (missing) takes the last entry
            else:
                cls = col.map(codes).fillna(missing).to_numpy(dtype=np.int16)
        else:  # graduated: class i holds values below categories[i].upper and at or above the one before
            values = pd.to_numeric(attrs[self.field], errors="coerce").fillna(0).to_numpy(dtype=float)
            uppers = np.array([np.inf if c.upper is None else c.upper for c in self.categories])
            cls = np.searchsorted(uppers, values, side="right").astype(np.int16)
            cls[cls >= len(self.categories)] = -1
        if flt is not None:
            cls[~flt.mask(attrs)] = -1
        # classes whose symbol draws nothing are dropped here, so painters never see them
        for i, s in enumerate(self.symbols):
            if not _visible(s):
                cls[cls == i] = -1
        return cls


def _visible(s: Symbol) -> bool:
    return s.fill is not None or s.stroke is not None


@dataclass(frozen=True)
class LabelRule:
    field: str
    max_scale: float
    color: str = "#222222"
    size: float = 9.0


@dataclass(frozen=True)
class LayerSpec:
    """A display layer as the style file defines it."""
    id: str
    title: str
    group: str
    source: str
    styles: tuple[Style, ...]
    filter: Filter | None = None
    labels: LabelRule | None = None
    visible: bool = True


@dataclass(frozen=True)
class StyleBook:
    groups: tuple[str, ...]
    layers: tuple[LayerSpec, ...]
    derived: dict = field(default_factory=dict)
    fields: dict = field(default_factory=dict)

    def field_label(self, source: str, column: str) -> tuple[str, str | None]:
        """(Chinese label, vocabulary name or None) of a data layer's column."""
        entry = self.fields.get(source, {}).get(column)
        if not entry:
            return column, None
        return entry[0], (entry[1] if len(entry) > 1 else None)


# --- reading the style file -----------------------------------------------------------------------

def _symbol(base: dict, **over) -> Symbol:
    d = {**base, **{k: v for k, v in over.items() if v is not None}}
    if "offset" in d:
        d["offset"] = tuple(d["offset"])
    return Symbol(**d)


def _line_like(base: dict) -> bool:
    return "fill" not in base and "shape" not in base and "size" not in base


def parse_style(d: dict) -> Style:
    base = dict(d.get("symbol", {}))
    name = d["name"]
    if "graduated" in d:
        cats = tuple(
            Category(c["label"], _symbol({"stroke": None, **base}, fill=c.get("fill")) if c.get("fill") else
                     Symbol(fill=None, stroke=None), upper=c.get("to"))
            for c in d["graduated"]
        )
        return Style(name, "graduated", cats, field=d["field"])
    if "field" not in d:
        return Style(name, "single", (Category(d.get("title", name), _symbol(base)),))
    vocab_name = d.get("vocab")
    keys = list(d.get("colors", {})) or (vocab.keys(vocab_name) if vocab_name else [])
    line = d.get("color_role", "stroke" if _line_like(base) else "fill") == "stroke"
    cats = []
    for key in keys:
        color = d.get("colors", {}).get(key) or vocab.entry(vocab_name, key).get("color", "#888888")
        over = {"size": d.get("sizes", {}).get(key), "width": d.get("widths", {}).get(key),
                "dash": d.get("dashes", {}).get(key), "hatch": d.get("hatches", {}).get(key)}
        if line:
            sym = _symbol(base, stroke=color, **over)
        else:
            sym = _symbol(base, fill=color, stroke=d.get("strokes", {}).get(key), **over)
        label = vocab.label(vocab_name, key) if vocab_name else str(key)
        cats.append(Category(label, sym, value=key, vocab=vocab_name))
    other = None
    if "other" in d:
        o = dict(d["other"])
        other = Category(o.pop("label"), _symbol(base, **o))
    return Style(name, "categorized", tuple(cats), field=d["field"], other=other)


def parse_layer(d: dict) -> LayerSpec:
    flt = None
    if "filter" in d:
        f = d["filter"]
        include = "include" in f
        flt = Filter(f["field"], tuple(f["include"] if include else f["exclude"]), include)
    labels = LabelRule(**d["labels"]) if "labels" in d else None
    return LayerSpec(d["id"], d["title"], d["group"], d["source"], tuple(parse_style(s) for s in d["styles"]),
                     flt, labels, d.get("visible", True))


def parse_book(data: dict) -> StyleBook:
    return StyleBook(tuple(data["groups"]), tuple(parse_layer(d) for d in data["layers"]),
                     data.get("derived", {}), data.get("fields", {}))


@lru_cache(maxsize=4)
def load_book(path: Path = STYLE_FILE) -> StyleBook:
    with open(path, encoding="utf-8") as f:
        return parse_book(yaml.safe_load(f))
