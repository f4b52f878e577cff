"""The tip-off workflow as data (resources/tipoff_rules.yaml), checked when read, and the pure checks of a step."""
from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime, timedelta
from functools import lru_cache
from typing import Any

from gis import vocab
from gis.errors import ValidationError
from gis.paths import RESOURCES
from gis.rulefiles import read_yaml

FILE = RESOURCES / "tipoff_rules.yaml"
WHAT = "群众举报办理规则"
WHAT_EN = "Tip-off handling rules"


class RulesError(ValidationError):
    pass


@dataclass(frozen=True)
class Action:
    key: str
    label: str
    sources: tuple[str, ...]
    to: str
    results: tuple[str, ...] = ()      # only tip-offs verified with one of these (empty: any)
    en: str = ""                       # the label in the English window

    def name(self, lang: str = "zh") -> str:
        return vocab.text({"label": self.label, "en": self.en}, lang)


@dataclass(frozen=True)
class Rules:
    states: tuple[str, ...]
    initial: str
    open_states: tuple[str, ...]
    code_prefix: str
    hazard_results: tuple[str, ...]
    hazard_source: str
    reply_within_days: int
    visible_roles: tuple[str, ...]
    actions: dict[str, Action]

    def action(self, key: str) -> Action:
        return self.actions[key]


def parse(doc: Any, origin: str = str(FILE)) -> Rules:
    if not isinstance(doc, dict):
        raise RulesError(f"{WHAT} {origin} 应是一个映射", en=f"{WHAT_EN} {origin} should be a mapping")

    def need(key):
        if doc.get(key) in (None, "", []):
            raise RulesError(f"{WHAT} {origin} 缺少“{key}”", en=f"{WHAT_EN} {origin} lack \"{key}\"")
        return doc[key]

    states = tuple(need("states"))
    known = set(vocab.keys("tipoff_statuses"))
    for st in states:
        if st not in known:
            raise RulesError(f"{WHAT} {origin}：状态“{st}”不在词表 tipoff_statuses 中",
                             en=f"{WHAT_EN} {origin}: state \"{st}\" is not in the vocabulary tipoff_statuses")
    results = set(vocab.keys("tipoff_results"))
    actions = {}
    for key, spec in (need("actions") or {}).items():
        where, where_en = f"{WHAT} {origin}：actions.{key}", f"{WHAT_EN} {origin}: actions.{key}"
        if not isinstance(spec, dict) or not spec.get("label") or not spec.get("from") or not spec.get("to"):
            raise RulesError(f"{where} 须有 label、from、to", en=f"{where_en} needs label, from and to")
        for st in [*spec["from"], spec["to"]]:
            if st not in states:
                raise RulesError(f"{where}：状态“{st}”不在 states 中", en=f"{where_en}: state \"{st}\" is not in states")
        for r in spec.get("results") or []:
            if r not in results:
                raise RulesError(f"{where}：核查结果“{r}”不在词表 tipoff_results 中",
                                 en=f"{where_en}: result \"{r}\" is not in the vocabulary tipoff_results")
        actions[key] = Action(key, str(spec["label"]), tuple(spec["from"]), spec["to"], tuple(spec.get("results") or ()),
                             str(spec.get("en") or ""))
    for key in ("assign", "verify", "reply", "reward", "close"):
        if key not in actions:
            raise RulesError(f"{WHAT} {origin}：actions 缺少“{key}”", en=f"{WHAT_EN} {origin}: actions lack \"{key}\"")
    days = need("reply_within_days")
    if isinstance(days, bool) or not isinstance(days, int) or days <= 0:
        raise RulesError(f"{WHAT} {origin}：reply_within_days 应是正整数（天）",
                         en=f"{WHAT_EN} {origin}: reply_within_days should be a positive whole number (days)")
    hazard_results = tuple(doc.get("hazard_results") or ())
    for r in hazard_results:
        if r not in results:
            raise RulesError(f"{WHAT} {origin}：hazard_results 中的“{r}”不在词表 tipoff_results 中",
                             en=f"{WHAT_EN} {origin}: \"{r}\" in hazard_results is not in the vocabulary "
                                f"tipoff_results")
    source = need("hazard_source")
    if source not in vocab.keys("hazard_sources"):
        raise RulesError(f"{WHAT} {origin}：hazard_source“{source}”不在词表 hazard_sources 中",
                         en=f"{WHAT_EN} {origin}: hazard_source \"{source}\" is not in the vocabulary hazard_sources")
    initial = need("initial")
    if initial not in states:
        raise RulesError(f"{WHAT} {origin}：initial“{initial}”不在 states 中",
                         en=f"{WHAT_EN} {origin}: initial \"{initial}\" is not in states")
    return Rules(states, initial, tuple(need("open_states")), str(need("code_prefix")), hazard_results, source,
                 days, tuple(str(r) for r in doc.get("reporter_visible_roles") or ()), actions)


@lru_cache(maxsize=1)
def rules() -> Rules:
    return parse(read_yaml(FILE, WHAT, RulesError, what_en="tip-off handling rules file"))


def status_label(status: str | None, lang: str = "zh") -> str:
    return vocab.label("tipoff_statuses", status, lang) if status else ""


def channel_label(channel: str | None, lang: str = "zh") -> str:
    return vocab.label("tipoff_channels", channel, lang) if channel else ""


def result_label(result: str | None, lang: str = "zh") -> str:
    return vocab.label("tipoff_results", result, lang) if result else ""


def action_label(action: str, lang: str = "zh") -> str:
    r = rules()
    if action in r.actions:
        return r.actions[action].name(lang)
    return vocab.text({"label": "受理", "en": "Receive"}, lang) if action == "receive" else action


def refusal(action: str, status: str, result: str | None = None, lang: str = "zh") -> str | None:
    """Why `action` may not happen to a tip-off in `status` (verified with `result`), in `lang` (Chinese by
    default: the CLI and the errors raised); None if it may."""
    spec = rules().action(action)
    en = lang == "en"
    step = spec.name(lang)
    if status not in spec.sources:
        allowed = ("” or “" if en else "、").join(status_label(s, lang) for s in spec.sources)
        if en:
            now = status_label(status, lang)
            return f"“{step}” is not possible: the tip-off is “{now}” (it comes after “{allowed}”)"
        return f"举报当前为“{status_label(status)}”，不能{step}（{step}须在“{allowed}”之后）"
    if spec.results and result not in spec.results:
        wanted = ("” or “" if en else "、").join(result_label(r, lang) for r in spec.results)
        if en:
            found = result_label(result, lang) or "not verified"
            return f"“{step}” is not possible: the verification result is “{found}” (only for “{wanted}”)"
        return f"核查结果为“{result_label(result) or '未核查'}”的举报不能{step}（仅限{wanted}）"
    return None


def makes_hazard(result: str) -> bool:
    return result in rules().hazard_results


def is_overdue(received_at: datetime, replied_at: datetime | None, status: str, now: datetime) -> bool:
    """逾期: still open and not replied to within reply_within_days of receipt (never stored)."""
    return (replied_at is None and status in rules().open_states
            and now - received_at > timedelta(days=rules().reply_within_days))


# --- the reporter's contact ---------------------------------------------------------------------------

_MOBILE = re.compile(r"^1[3-9]\d{9}$")
_LANDLINE = re.compile(r"^0\d{2,3}-?\d{7,8}(-\d{1,6})?$")
_SHORT = re.compile(r"^\d{5,6}$")      # service numbers (12345, 95598)


def clean_phone(value: str | None) -> str | None:
    """A phone number as stored (spaces and +86 removed), None when empty; ValidationError when it is not one."""
    text = (value or "").strip().replace(" ", "").replace("（", "(").replace("）", ")")
    if not text:
        return None
    text = re.sub(r"^(\+?86)(?=1\d{10}$)", "", text)
    text = re.sub(r"^\((0\d{2,3})\)", r"\1-", text)
    if _MOBILE.match(text) or _LANDLINE.match(text) or _SHORT.match(text):
        return text
    raise ValidationError(f"联系电话“{value.strip()}”不是电话号码：手机号为 11 位（如 13812345678），"
                          "固定电话带区号（如 0371-12345678）",
                          en=f"Contact phone \"{value.strip()}\" is not a phone number: a mobile number has 11 digits "
                             "(such as 13812345678), a landline its area code (such as 0371-12345678)")
