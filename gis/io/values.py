"""Source values → model values: text, numbers and vocabulary keys, each failure a Chinese reason."""
from __future__ import annotations

import math
from datetime import date, datetime
from typing import Any

import numpy as np

from .. import vocab
from .targets import Field


class BadValue(Exception):
    """The reason (Chinese) a value cannot go into its field."""


def is_blank(v: Any) -> bool:
    if v is None:
        return True
    if isinstance(v, float) and math.isnan(v):
        return True
    if isinstance(v, np.floating) and np.isnan(v):
        return True
    return isinstance(v, str) and not v.strip()


def as_text(v: Any) -> str:
    if isinstance(v, (float, np.floating)) and float(v).is_integer() and abs(v) < 1e16:
        return str(int(v))  # 13800000000.0 from a spreadsheet is a phone number, not a float
    if isinstance(v, (datetime, date)):
        return v.isoformat()
    return str(v).strip()


def as_number(v: Any, integer: bool) -> float | int:
    if isinstance(v, (int, float, np.integer, np.floating)) and not isinstance(v, bool):
        n = float(v)
    else:
        text = str(v).strip().replace("，", "").replace(",", "")
        try:
            n = float(text)
        except ValueError:
            raise BadValue(f"“{v}”不是数字") from None
    if not math.isfinite(n):
        raise BadValue(f"“{v}”不是有效的数字")
    if integer:
        if not n.is_integer():
            raise BadValue(f"“{v}”不是整数")
        return int(n)
    return n


def as_key(v: Any, f: Field, allowed: tuple[str, ...] | None) -> str:
    text = as_text(v)
    key = vocab.key_for_label(f.vocab, text)
    if key is None:
        if f.lenient:
            return text
        choices = vocab.labels(f.vocab)
        if allowed:
            choices = {k: lab for k, lab in choices.items() if k in allowed}
        raise BadValue(f"“{text}”不是有效的{f.label}，可选：{'、'.join(choices.values())}")
    if allowed and key not in allowed:
        names = "、".join(vocab.label(f.vocab, k) for k in allowed)
        raise BadValue(f"“{text}”不属于本图层，可选：{names}")
    return key


def convert(v: Any, f: Field, *, max_length: int | None, allowed: tuple[str, ...] | None) -> Any:
    """One value for field f, or None when blank; raises BadValue with the reason."""
    if is_blank(v):
        return None
    if f.kind == "int":
        return as_number(v, True)
    if f.kind == "float":
        return as_number(v, False)
    if f.kind == "vocab":
        return as_key(v, f, allowed)
    text = as_text(v)
    if max_length and len(text) > max_length:
        raise BadValue(f"内容超过 {max_length} 个字（{len(text)} 个字）")
    return text


def json_value(v: Any) -> Any:
    """A source value as something JSON can hold (for the attributes column)."""
    if isinstance(v, (np.integer,)):
        return int(v)
    if isinstance(v, (np.floating, float)):
        if not math.isfinite(v):
            return None
        return int(v) if float(v).is_integer() and abs(v) < 2**53 else float(v)  # 3.0 from a float column is 3
    if isinstance(v, (np.bool_,)):
        return bool(v)
    if isinstance(v, (datetime, date)):
        return v.isoformat()
    if hasattr(v, "isoformat"):
        return v.isoformat()
    if isinstance(v, (bytes, bytearray)):
        return None
    return v if isinstance(v, (str, int, bool)) else str(v)
