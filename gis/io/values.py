"""Source values → model values: text, numbers and vocabulary keys, each failure a Chinese reason.

Columns are converted a distinct value at a time (pandas.factorize): a county's 36,000 rows hold a
few dozen categories and statuses, and names and addresses take a vectorised path for plain text.
"""
from __future__ import annotations

import math
import re
from datetime import date, datetime
from typing import Any

import numpy as np
import pandas as pd

from gis import vocab
from gis.io.targets import Field, Target


class BadValue(Exception):
    """The reason (Chinese) a value cannot go into its field; `en` the same in English."""

    def __init__(self, reason: str, en: str = ""):
        super().__init__(reason)
        self.en = en


def bad_value_en(e: BadValue) -> str:
    return e.en or str(e)


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
            raise BadValue(f"“{v}”不是数字", f"\"{v}\" is not a number") from None
    if not math.isfinite(n):
        raise BadValue(f"“{v}”不是有效的数字", f"\"{v}\" is not a valid number")
    if integer:
        if not n.is_integer():
            raise BadValue(f"“{v}”不是整数", f"\"{v}\" is not a whole number")
        return int(n)
    return n


_DATE = re.compile(r"(\d{4})\s*(?:[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})\s*日?|(\d{2})(\d{2}))"
                   r"(?:[ T]0{1,2}:00(?::00(?:\.0+)?)?)?")


def as_date(v: Any) -> date:
    """A date from a date or datetime cell or from text: 2026-12-05, 2026/12/5, 2026.12.5, 2026年12月5日,
    20261205 (a midnight time after it is accepted)."""
    if isinstance(v, datetime):
        return v.date()
    if isinstance(v, date):
        return v
    if isinstance(v, np.datetime64):
        return pd.Timestamp(v).date()
    text = as_text(v)
    m = _DATE.fullmatch(text)
    if m:
        y, mo, d = int(m[1]), int(m[2] or m[4]), int(m[3] or m[5])
        try:
            return date(y, mo, d)
        except ValueError:
            pass
    raise BadValue(f"“{text}”不是有效的日期，应写作如 2026-12-05",
                   f"\"{text}\" is not a valid date; write it like 2026-12-05")


def as_key(v: Any, f: Field, allowed: tuple[str, ...] | None) -> str:
    text = as_text(v)
    key = vocab.key_for_label(f.vocab, text)
    if key is None:
        if f.lenient:
            return text
        choices = vocab.labels(f.vocab)
        if allowed:
            choices = {k: lab for k, lab in choices.items() if k in allowed}
        raise BadValue(f"“{text}”不是有效的{f.label}，可选：{'、'.join(choices.values())}",
                       f"\"{text}\" is not a valid {f.label_in('en').lower()}; choose from: "
                       f"{', '.join(vocab.label(f.vocab, k, 'en') for k in choices)}")
    if allowed and key not in allowed:
        names = "、".join(vocab.label(f.vocab, k) for k in allowed)
        raise BadValue(f"“{text}”不属于本图层，可选：{names}",
                       f"\"{text}\" does not belong in this layer; choose from: "
                       f"{', '.join(vocab.label(f.vocab, k, 'en') for k in allowed)}")
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
    if f.kind == "date":
        return as_date(v)
    text = as_text(v)
    if max_length and len(text) > max_length:
        raise BadValue(f"内容超过 {max_length} 个字（{len(text)} 个字）",
                       f"longer than {max_length} characters ({len(text)} characters)")
    return text


def missing_reason(f: Field) -> str:
    """Why a record without a value for the required field `f` is refused."""
    return f"缺少必填字段“{f.label}”"


def missing_reason_en(f: Field) -> str:
    return f"the required field \"{f.label_in('en')}\" is missing"


def period_reason(t: Target, start: str, end: str, a: date | None, b: date | None) -> str | None:
    """Why the end date `b` of one of the target's periods cannot stand against its start `a` (an end before
    its start), or None when it can."""
    if a is None or b is None or b >= a:
        return None
    return f"{t.field(end).label} {b.isoformat()} 早于{t.field(start).label} {a.isoformat()}"


def period_reason_en(t: Target, start: str, end: str, a: date, b: date) -> str:
    return (f"{t.field(end).label_in('en')} {b.isoformat()} is before {t.field(start).label_in('en')} "
            f"{a.isoformat()}")


def convert_record(t: Target, record: dict[str, Any], reasons_en: list[str] | None = None
                   ) -> tuple[dict[str, Any], list[tuple[Field, str]]]:
    """One record of target `t` (model field → value as a person typed or picked it) converted the way an
    import converts a row: (values, [(field, reason)] for each field refused, in the target's field order).
    Blank values become the target's default or None; required fields, vocabularies, dates, lengths and
    periods are checked as the importer checks them. `reasons_en`, when given, gets each reason in English (in the
    same order)."""
    english: list[str] = [] if reasons_en is None else reasons_en
    out: dict[str, Any] = {}
    problems: list[tuple[Field, str]] = []
    for f in t.fields:
        try:
            v = convert(record.get(f.name), f, max_length=t.max_length(f.name), allowed=t.allowed.get(f.name))
        except BadValue as e:
            problems.append((f, str(e)))
            english.append(bad_value_en(e))
            continue
        if v is None and t.defaults.get(f.name) is not None:
            v = convert(t.defaults[f.name], f, max_length=None, allowed=None)
        if v is None and f.required:
            problems.append((f, missing_reason(f)))
            english.append(missing_reason_en(f))
        out[f.name] = v
    refused = {f.name for f, _ in problems}
    for start, end in t.periods:
        if start not in refused and end not in refused:
            reason = period_reason(t, start, end, out.get(start), out.get(end))
            if reason:
                problems.append((t.field(end), reason))
                english.append(period_reason_en(t, start, end, out.get(start), out.get(end)))
    return out, problems


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


def _distinct(values) -> tuple[np.ndarray, np.ndarray]:
    """codes (-1 where missing) and the distinct values of a column."""
    codes, uniques = pd.factorize(pd.Series(values, dtype=object), use_na_sentinel=True)
    return codes, np.asarray(uniques, dtype=object)


def _spread(codes: np.ndarray, per_unique: np.ndarray, missing) -> np.ndarray:
    out = np.full(len(codes), missing, dtype=per_unique.dtype if per_unique.dtype != object else object)
    present = codes >= 0
    out[present] = per_unique[codes[present]]
    return out


def blank_mask(values) -> np.ndarray:
    """True where a cell is empty: None, NaN or only whitespace."""
    codes, uniques = _distinct(values)
    blank = np.array([is_blank(u) for u in uniques], dtype=bool)
    return _spread(codes, blank, True)


def _all_text(uniques: np.ndarray) -> bool:
    return all(type(u) is str for u in uniques)


def convert_column(values, f: Field, *, max_length: int | None, allowed: tuple[str, ...] | None,
                   reasons_en: dict[int, str] | None = None) -> tuple[np.ndarray, dict[int, str]]:
    """convert() over a whole column: (values, None where blank or bad; position → reason). `reasons_en`, when
    given, gets the same reasons in English."""
    codes, uniques = _distinct(values)
    reasons = np.full(len(uniques), None, dtype=object)
    english = np.full(len(uniques), None, dtype=object)
    if f.kind == "text" and _all_text(uniques):
        stripped = pd.Series(uniques, dtype=object).str.strip()
        lengths = stripped.str.len().to_numpy()
        converted = np.array(stripped.to_numpy(dtype=object), dtype=object)  # a writable copy
        converted[lengths == 0] = None
        if max_length:
            for k in np.flatnonzero(lengths > max_length):
                reasons[k] = f"内容超过 {max_length} 个字（{lengths[k]} 个字）"
                english[k] = f"longer than {max_length} characters ({lengths[k]} characters)"
                converted[k] = None
    else:
        converted = np.full(len(uniques), None, dtype=object)
        for k, v in enumerate(uniques):
            try:
                converted[k] = convert(v, f, max_length=max_length, allowed=allowed)
            except BadValue as e:
                reasons[k], english[k] = str(e), bad_value_en(e)
    out = _spread(codes, converted, None)
    bad_unique = np.flatnonzero(reasons != None)
    problems = {}
    if len(bad_unique):
        for i in np.flatnonzero(np.isin(codes, bad_unique)):
            problems[int(i)] = reasons[codes[i]]
            if reasons_en is not None:
                reasons_en[int(i)] = english[codes[i]]
    return out, problems


def json_column(values) -> tuple[np.ndarray, np.ndarray]:
    """json_value() over a column: (present mask, JSON-ready values)."""
    codes, uniques = _distinct(values)
    blank = np.array([is_blank(u) for u in uniques], dtype=bool)
    converted = np.array([None if b else json_value(u) for u, b in zip(uniques, blank, strict=True)] or [],
                         dtype=object)
    present = _spread(codes, ~blank, False).astype(bool)
    return present, _spread(codes, converted, None)
