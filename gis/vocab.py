"""Controlled vocabularies (resources/vocab.yaml): keys are stored, labels are shown."""
from __future__ import annotations

from functools import lru_cache

import yaml

from gis.paths import RESOURCES


@lru_cache(maxsize=1)
def _all() -> dict[str, dict[str, dict]]:
    with open(RESOURCES / "vocab.yaml", encoding="utf-8") as f:
        return yaml.safe_load(f)


def keys(name: str) -> list[str]:
    return list(_all()[name])


def entry(name: str, key: str) -> dict:
    return _all()[name][key]


def label(name: str, key: str | None, lang: str = "zh") -> str:
    if key is None:
        return ""
    item = _all()[name].get(key)
    return item[lang] if item else key


def labels(name: str, lang: str = "zh") -> dict[str, str]:
    return {k: v[lang] for k, v in _all()[name].items()}


def key_for_label(name: str, text: str) -> str | None:
    """Key whose key, label (any language) or alias equals text; None when unknown."""
    text = text.strip()
    for k, v in _all()[name].items():
        if text == k or text in (v.get("zh"), v.get("en")) or text in v.get("aliases", ()):
            return k
    return None
