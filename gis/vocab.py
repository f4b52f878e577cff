"""Controlled vocabularies (resources/vocab.yaml): keys are stored, labels are shown.

Every text of resources/*.yaml a window shows carries its English beside the Chinese, in the same mapping:
`{zh: 登记, en: Registered}` (vocabularies, KPIs) or `{label: 交办, en: Assign}` / `{name: 清明, en: Qingming}`
(rule files). `text(entry, lang)` is the one reader; labels are asked for with `lang` "zh" or "en"
(desktop.i18n.vocab_lang() gives the interface's). Printed documents stay Chinese: they ask with "zh".
tests/test_resource_english.py fails when an entry lacks its English.
"""
from __future__ import annotations

from functools import lru_cache

import yaml

from gis.paths import RESOURCES


@lru_cache(maxsize=1)
def _all() -> dict[str, dict[str, dict]]:
    with open(RESOURCES / "vocab.yaml", encoding="utf-8") as f:
        return yaml.safe_load(f)


CHINESE_KEYS = ("zh", "label", "name")   # where an entry's Chinese text is, in this order
LANGS = ("zh", "en")


def text(entry: dict | str | None, lang: str = "zh") -> str:
    """An entry's text in `lang`: its `en` for English (the Chinese when a project's own entry has none),
    else its `zh`, `label` or `name`. A plain string is its own text."""
    if entry is None:
        return ""
    if isinstance(entry, str):
        return entry
    if lang == "en" and entry.get("en"):
        return str(entry["en"])
    return next((str(entry[k]) for k in CHINESE_KEYS if entry.get(k) is not None), "")


def keys(name: str) -> list[str]:
    return list(_all()[name])


def entry(name: str, key: str) -> dict:
    return _all()[name][key]


def label(name: str, key: str | None, lang: str = "zh") -> str:
    if key is None:
        return ""
    item = _all()[name].get(key)
    return text(item, lang) if item else key


def labels(name: str, lang: str = "zh") -> dict[str, str]:
    return {k: text(v, lang) for k, v in _all()[name].items()}


def key_for_label(name: str, text: str) -> str | None:
    """Key whose key, label (any language) or alias equals text; None when unknown."""
    text = text.strip()
    for k, v in _all()[name].items():
        if text == k or text in (v.get("zh"), v.get("en")) or text in v.get("aliases", ()):
            return k
    return None
