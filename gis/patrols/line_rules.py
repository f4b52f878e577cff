"""Line patrol frequency rules (巡线频次) as data: the `line_patrol` section of resources/patrol_rules.yaml,
loaded and checked (LineRulesError names the file and the key), and the rule that governs a stretch.

Pure: no database. A stretch of pipeline is due under its pressure class's rule, the rule of every
high-consequence level it meets and, on the days a third-party works is active next to it, the works level's
rule; the most frequent rule (smallest interval_days, then the order below) governs.
"""
from __future__ import annotations

import math
from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

from gis import vocab
from gis.errors import GridsafeError
from gis.gas.rules import CONFIDENCE, GasRules
from gis.gas.rules import load_rules as load_gas_rules
from gis.paths import RESOURCES
from gis.patrols.rules import Rule
from gis.rulefiles import read_yaml

RULES_FILE = RESOURCES / "patrol_rules.yaml"
SECTION = "line_patrol"
HCA_LEVELS = ("Ⅰ", "Ⅱ", "Ⅲ")


class LineRulesError(GridsafeError):
    """The line_patrol section is missing a key or has a bad value; the message names both."""


@dataclass(frozen=True)
class LineRule:
    key: str               # where it is in the file: by_class.medium_a, high_consequence.Ⅰ, third_party_works.alarm
    zh: str                # 中压A / 高后果区Ⅰ级 / 第三方施工（报警）
    interval_days: int
    confidence: str
    basis: str
    order: int = 0         # ties: the earlier rule in the file
    en: str = ""           # Medium pressure A / High-consequence area level Ⅰ / Third-party works (Alarm)

    @property
    def frequency(self) -> str:
        """每日 / 每2日 / 每周 / 每月 / 每N日."""
        return self.frequency_in("zh")

    def frequency_in(self, lang: str = "zh") -> str:
        """How often, in `lang`: 每周 / Weekly, 每2日 / Every 2 days."""
        n = self.interval_days
        if lang == "en":
            return {1: "Daily", 7: "Weekly", 14: "Every two weeks", 30: "Monthly"}.get(n, f"Every {n} days")
        return {1: "每日", 7: "每周", 14: "每两周", 30: "每月"}.get(n, f"每{n}日")

    def label(self, lang: str = "zh") -> str:
        """What the rule is for, in `lang` (中压A / Medium pressure A)."""
        return self.en if lang == "en" and self.en else self.zh

    @property
    def text(self) -> str:
        return f"{self.zh}：{self.frequency}巡线（{self.basis}，{self.confidence}）"

    def as_rule(self) -> Rule:
        """As a gis.patrols.rules Rule, for its due-day arithmetic."""
        return Rule(name=self.zh, interval_days=self.interval_days, source_ref=self.basis, priority=-self.order)


@dataclass(frozen=True)
class LinePatrolRules:
    by_class: dict[str, LineRule]
    high_consequence: dict[str, LineRule]
    works: dict[str, LineRule]
    min_stretch_m: float
    default_basis: str
    source: str

    def governing(self, class_key: str, hca_levels: Iterable[str] = (), works_levels: Iterable[str] = ()) -> LineRule:
        """The rule that governs a stretch: the most frequent of its class's, its high-consequence levels' and
        its active works levels' rules (levels without a rule are ignored)."""
        candidates = [self.by_class[class_key]]
        candidates += [self.high_consequence[lv] for lv in hca_levels if lv in self.high_consequence]
        candidates += [self.works[lv] for lv in works_levels if lv in self.works]
        return min(candidates, key=lambda r: (r.interval_days, r.order))


def _fail(source: str, key: str, why: str, why_en: str):
    raise LineRulesError(f"巡线频次规则文件 {source} 的 {SECTION}.{key} {why}",
                         en=f"Line patrol rule file {source}: {SECTION}.{key} {why_en}")


def _entry(d: Any, key: str, zh: str, order: int, source: str, en: str = "") -> LineRule:
    if not isinstance(d, dict):
        _fail(source, key, "应为键值表（interval_days、confidence、basis）",
              "should be a table of keys (interval_days, confidence, basis)")
    unknown = sorted(set(d) - {"interval_days", "confidence", "basis"})
    if unknown:
        _fail(source, f"{key}.{unknown[0]}", "不是可用的键（可用：interval_days、confidence、basis）",
              "is not a known key (known: interval_days, confidence, basis)")
    days = d.get("interval_days")
    if isinstance(days, bool) or not isinstance(days, int) or days < 1:
        _fail(source, f"{key}.interval_days", f"应为不小于 1 的整数（天），实为 {days!r}",
              f"should be a whole number of days, at least 1, not {days!r}")
    if d.get("confidence") not in CONFIDENCE:
        _fail(source, f"{key}.confidence", f"应为 {' '.join(CONFIDENCE)} 之一，实为 {d.get('confidence')!r}",
              f"should be one of {' '.join(CONFIDENCE)}, not {d.get('confidence')!r}")
    basis = d.get("basis")
    if not isinstance(basis, str) or not basis.strip():
        _fail(source, f"{key}.basis", "缺失：每条频次应注明依据（运营单位制度（默认值）或来源）",
              "is missing: every frequency must name its basis (the operator's rules (default) or a source)")
    return LineRule(key=key, zh=zh, interval_days=days, confidence=d["confidence"], basis=basis, order=order, en=en)


def parse_line_rules(data: Any, gas: GasRules | None = None, source: str = "patrol_rules.yaml") -> LinePatrolRules:
    """Check a loaded patrol_rules document's line_patrol section; LineRulesError names the first bad key."""
    gas = gas or load_gas_rules()
    if not isinstance(data, dict) or not isinstance(data.get(SECTION), dict):
        raise LineRulesError(f"巡线频次规则文件 {source} 缺少 {SECTION} 一节（键值表）",
                             en=f"Line patrol rule file {source} has no {SECTION} section (a table of keys)")
    sec = data[SECTION]
    known = {"default_basis", "min_stretch_m", "by_class", "high_consequence", "third_party_works"}
    for k in sec:
        if k not in known:
            _fail(source, str(k), f"不是可用的键（可用：{'、'.join(sorted(known))}）",
                  f"is not a known key (known: {', '.join(sorted(known))})")
    for k in ("by_class", "high_consequence", "third_party_works"):
        if not isinstance(sec.get(k), dict):
            _fail(source, k, "缺失或不是键值表",
                  "is missing or not a table of keys")
    default_basis = sec.get("default_basis")
    if not isinstance(default_basis, str) or not default_basis.strip():
        _fail(source, "default_basis", "缺失", "is missing")
    min_m = sec.get("min_stretch_m", 0)
    if isinstance(min_m, bool) or not isinstance(min_m, int | float) or not math.isfinite(min_m) or min_m < 0:
        _fail(source, "min_stretch_m", f"应为非负数（米），实为 {min_m!r}",
              f"should be a number of metres, not negative, not {min_m!r}")
    order = 0
    by_class = {}
    for key in sec["by_class"]:
        if key not in gas.classes:
            _fail(source, f"by_class.{key}", f"不是压力级制（可用：{'、'.join(gas.classes)}）",
                  f"is not a pressure class (known: {', '.join(gas.classes)})")
    for key, c in gas.classes.items():
        if key not in sec["by_class"]:
            _fail(source, f"by_class.{key}", f"缺失：每个压力级制（{c.zh}）都要有巡线频次",
                  f"is missing: every pressure class ({key}) needs a line patrol frequency")
        by_class[key] = _entry(sec["by_class"][key], f"by_class.{key}", c.zh, order, source,
                               vocab.label("pressure_classes", key, "en"))
        order += 1
    hca = {}
    for level, d in sec["high_consequence"].items():
        if level not in HCA_LEVELS:
            _fail(source, f"high_consequence.{level}", f"不是高后果区等级（可用：{'、'.join(HCA_LEVELS)}）",
                  f"is not a high-consequence area level (known: {', '.join(HCA_LEVELS)})")
        hca[level] = _entry(d, f"high_consequence.{level}", f"高后果区{level}级", order, source,
                            f"High-consequence area level {level}")
        order += 1
    works = {}
    for level, d in sec["third_party_works"].items():
        if level not in gas.works_levels:
            _fail(source, f"third_party_works.{level}", f"不是第三方施工级别（可用：{'、'.join(gas.works_levels)}）",
                  f"is not a third-party works level (known: {', '.join(gas.works_levels)})")
        works[level] = _entry(d, f"third_party_works.{level}", f"第三方施工（{gas.works_levels[level]['zh']}）",
                              order, source, f"Third-party works ({gas.works_levels[level]['en']})")
        order += 1
    return LinePatrolRules(by_class, hca, works, float(min_m), default_basis, source)


def load_line_rules(path: str | Path | None = None) -> LinePatrolRules:
    """The rules from `path` (default: the shipped resources/patrol_rules.yaml, cached)."""
    return _shipped() if path is None else _load(Path(path))


@lru_cache(maxsize=1)
def _shipped() -> LinePatrolRules:
    return _load(RULES_FILE)


def _load(path: Path) -> LinePatrolRules:
    return parse_line_rules(read_yaml(path, "巡线频次规则文件", LineRulesError), source=str(path.name))
