"""Field mapping: which source field feeds which model field, as YAML templates.

The shipped template (resources/mappings/default.yaml) lists the usual names; a user's template
(a file, or one saved by name in the user's data folder) overrides it field by field.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from gis.io.errors import DataFileError
from gis.io.targets import Target
from gis.paths import RESOURCES

BUILTIN = RESOURCES / "mappings"
DEFAULT_NAME = "default"


def _norm(name: str) -> str:
    h = re.sub(r"[（(].*?[)）]", "", str(name)).strip().lower()
    return re.sub(r"[\s_]", "", h)


@dataclass
class Mapping:
    fields: dict[str, list[str]] = field(default_factory=dict)  # model field → source names, first wins
    defaults: dict[str, Any] = field(default_factory=dict)  # model field → value (key or label)
    name: str = ""
    explicit: dict[str, list[str]] = field(default_factory=dict)  # the names the user's template gives
    ignore: list[str] = field(default_factory=list)  # source fields never imported (derived on export)

    def merged_over(self, base: Mapping) -> Mapping:
        fields = dict(base.fields)
        for k, names in self.fields.items():
            fields[k] = list(names) + [n for n in fields.get(k, []) if n not in names]
        return Mapping(fields, {**base.defaults, **self.defaults}, self.name or base.name,
                       {**base.explicit, **self.explicit}, base.ignore + self.ignore)

    def to_yaml(self) -> str:
        body = {"name": self.name, "fields": self.fields, "defaults": self.defaults, "ignore": self.ignore}
        return yaml.safe_dump(body, allow_unicode=True, sort_keys=False)


def _parse(data: Any, where: str, *, explicit: bool) -> Mapping:
    if data is None:
        data = {}
    if not isinstance(data, dict):
        raise DataFileError(f"字段对照模板 {where} 格式不对：应为 fields/defaults 两节",
                            en=f"Field mapping template {where} is malformed: it should have the two sections "
                               "fields and defaults")
    fields_in = data.get("fields") or {}
    defaults = data.get("defaults") or {}
    if not isinstance(fields_in, dict) or not isinstance(defaults, dict):
        raise DataFileError(f"字段对照模板 {where} 格式不对：fields 和 defaults 都应是“键: 值”的形式",
                            en=f"Field mapping template {where} is malformed: fields and defaults should both be "
                               "\"key: value\" lists")
    fields = {}
    for k, v in fields_in.items():
        names = [v] if isinstance(v, str) else list(v or [])
        fields[str(k)] = [str(n) for n in names]
    return Mapping(fields, {str(k): v for k, v in defaults.items()}, str(data.get("name") or ""),
                   dict(fields) if explicit else {}, [str(n) for n in data.get("ignore") or []])


def _load_yaml(path: Path) -> Any:
    try:
        return yaml.safe_load(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, yaml.YAMLError) as e:
        raise DataFileError(f"无法读取字段对照模板 {path.name}：{e}",
                            en=f"Cannot read field mapping template {path.name}: {e}") from e


def default_mapping() -> Mapping:
    return _parse(_load_yaml(BUILTIN / f"{DEFAULT_NAME}.yaml"), "default.yaml", explicit=False)


def user_dir() -> Path:
    from gis.paths import data_dir

    d = data_dir() / "mappings"
    d.mkdir(parents=True, exist_ok=True)
    return d


def templates() -> dict[str, Path]:
    """Saved templates by name: shipped ones, then the user's (which win on a name clash)."""
    out = {p.stem: p for p in sorted(BUILTIN.glob("*.yaml"))}
    out.update({p.stem: p for p in sorted(user_dir().glob("*.yaml"))})
    return out


def load_mapping(spec: str | Path | None) -> Mapping:
    """A template file path or a saved template's name, merged over the default; None → the default."""
    base = default_mapping()
    if spec is None:
        return base
    path = Path(spec)
    if not path.exists():
        path = templates().get(str(spec), path)
    if not path.exists():
        raise DataFileError(f"找不到字段对照模板：{spec}", en=f"Field mapping template not found: {spec}")
    return _parse(_load_yaml(path), path.name, explicit=True).merged_over(base)


def save_template(mapping: Mapping, name: str) -> Path:
    if not name or re.search(r"[\\/:*?\"<>|]", name):
        raise DataFileError(f"模板名称“{name}”不能为空，也不能含有 \\ / : * ? \" < > |",
                            en=f"The template name \"{name}\" must not be empty nor contain \\ / : * ? \" < > |")
    from gis.atomic import atomic_path

    path = user_dir() / f"{name}.yaml"
    with atomic_path(path) as tmp:
        tmp.write_text(mapping.to_yaml(), encoding="utf-8")
    return path


def _model_field(key: str, target: Target) -> str | None:
    for f in target.fields:
        if key in (f.name, f.label):
            return f.name
    return None


def resolve(mapping: Mapping, columns: list[str], target: Target, file: str) -> dict[str, str]:
    """model field → source column for `target`, from the columns present in the file."""
    by_norm: dict[str, str] = {}
    for c in columns:
        by_norm.setdefault(_norm(c), c)
    labels = {f.name: [f.label] for f in target.fields}
    out: dict[str, str] = {}
    used: set[str] = set()

    def find(names: list[str]) -> str | None:
        for n in names:
            col = by_norm.get(_norm(n))
            if col is not None and col not in used:
                return col
        for n in names:  # a .dbf cut the name short: 企业名称 → 企业名
            full = _norm(n)
            for short, col in by_norm.items():
                if col not in used and short != full and _same_or_cut(short, full):
                    return col
        return None

    # the user's own choices first, so a default name cannot take the column the user gave another field
    order = sorted(mapping.fields.items(), key=lambda kv: kv[0] not in mapping.explicit)
    off: set[str] = set()  # fields the user's template leaves empty: never imported
    for key, names in order:
        model = _model_field(key, target)
        if model is None or model in out or model in off:
            continue
        chosen = mapping.explicit.get(key)
        if chosen == []:
            off.add(model)
            continue
        col = find(chosen if chosen else names + labels.get(model, []))
        if col is not None:
            out[model] = col
            used.add(col)
        elif chosen and model not in mapping.defaults:
            raise DataFileError(
                f"字段对照：文件 {file} 中没有字段“{chosen[0]}”（对应“{target.field(model).label}”），"
                f"现有字段：{'、'.join(columns)}",
                en=f"Field mapping: file {file} has no field \"{chosen[0]}\" (for "
                   f"\"{target.field(model).label_in('en')}\"); its fields are: {', '.join(columns)}")
    for f in target.fields:  # a field named exactly by its label or name, not listed in the template
        if f.name not in out and f.name not in off:
            for n in (f.label, f.name):
                col = by_norm.get(_norm(n))
                if col is not None and col not in used:
                    out[f.name] = col
                    used.add(col)
                    break
    return out


def _same_or_cut(short: str, full: str) -> bool:
    """short is full, or full cut short by a .dbf's 10-byte field names (企业名称 → 企业名)."""
    return short == full or (len(short) >= 2 and full.startswith(short) and len(full) - len(short) <= 2)


def ignored(mapping: Mapping, columns: list[str]) -> set[str]:
    names = [_norm(n) for n in mapping.ignore]
    return {c for c in columns if any(_same_or_cut(_norm(c), n) for n in names)}


def defaults_for(mapping: Mapping, target: Target) -> dict[str, Any]:
    out = dict(target.defaults)
    for key, value in mapping.defaults.items():
        model = _model_field(key, target)
        if model is None:
            raise DataFileError(f"字段对照模板的默认值中有未知字段“{key}”（图层“{target.label}”）",
                                en=f"The field mapping template's defaults name an unknown field \"{key}\" "
                                   f"(layer \"{target.label_in('en')}\")")
        out[model] = value
    return out
