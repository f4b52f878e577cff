"""Line patrol frequency rules (resources/patrol_rules.yaml, line_patrol): parsed, checked, bad keys named."""
from __future__ import annotations

import copy

import pytest
import yaml

from gis.gas.rules import load_rules as gas_rules
from gis.patrols.line_rules import (
    RULES_FILE,
    LineRulesError,
    load_line_rules,
    parse_line_rules,
)


@pytest.fixture(scope="module")
def doc():
    with open(RULES_FILE, encoding="utf-8") as f:
        return yaml.safe_load(f)


def test_shipped_rules_cover_every_class_and_mark_their_defaults():
    r = load_line_rules()
    assert set(r.by_class) == set(gas_rules().classes)
    every = [*r.by_class.values(), *r.high_consequence.values(), *r.works.values()]
    assert all(x.basis.startswith("运营单位制度（默认值）") for x in every)
    assert {x.confidence for x in every} <= {"✔", "◐", "✖"}
    assert r.by_class["medium_a"].interval_days == 7 and r.by_class["low"].interval_days == 30
    assert r.min_stretch_m == 5


def test_governing_rule_is_the_most_frequent():
    r = load_line_rules()
    assert r.governing("medium_a").key == "by_class.medium_a"
    assert r.governing("low", hca_levels=["Ⅰ"]).key == "high_consequence.Ⅰ"
    assert r.governing("medium_a", works_levels=["warning"]).interval_days == 1
    # a level without a rule changes nothing
    assert r.governing("low", hca_levels=["Ⅳ"]).key == "by_class.low"
    assert r.by_class["medium_a"].frequency == "每周" and r.high_consequence["Ⅰ"].frequency == "每2日"


@pytest.mark.parametrize("edit, key", [
    (lambda s: s["by_class"].pop("medium_b"), "line_patrol.by_class.medium_b"),
    (lambda s: s["by_class"].__setitem__("middle", {"interval_days": 7, "confidence": "✖", "basis": "x"}),
     "line_patrol.by_class.middle"),
    (lambda s: s["by_class"]["low"].__setitem__("interval_days", 0), "line_patrol.by_class.low.interval_days"),
    (lambda s: s["by_class"]["low"].__setitem__("interval_days", "weekly"), "line_patrol.by_class.low.interval_days"),
    (lambda s: s["by_class"]["low"].__setitem__("confidence", "sure"), "line_patrol.by_class.low.confidence"),
    (lambda s: s["by_class"]["low"].pop("basis"), "line_patrol.by_class.low.basis"),
    (lambda s: s["by_class"]["low"].__setitem__("intervall_days", 3), "line_patrol.by_class.low.intervall_days"),
    (lambda s: s["high_consequence"].__setitem__("Ⅳ", {"interval_days": 1, "confidence": "✖", "basis": "x"}),
     "line_patrol.high_consequence.Ⅳ"),
    (lambda s: s["third_party_works"].__setitem__("siren", {"interval_days": 1, "confidence": "✖", "basis": "x"}),
     "line_patrol.third_party_works.siren"),
    (lambda s: s.__setitem__("min_stretch_m", -1), "line_patrol.min_stretch_m"),
    (lambda s: s.__setitem__("by_clas", {}), "line_patrol.by_clas"),
])
def test_bad_keys_are_named(doc, edit, key):
    bad = copy.deepcopy(doc)
    edit(bad["line_patrol"])
    with pytest.raises(LineRulesError) as e:
        parse_line_rules(bad, source="我的规则.yaml")
    assert key in e.value.message and "我的规则.yaml" in e.value.message


def test_missing_section_and_bad_file_are_named(tmp_path):
    with pytest.raises(LineRulesError, match="缺少 line_patrol"):
        parse_line_rules({"rules": []})
    bad = tmp_path / "坏.yaml"
    bad.write_text("line_patrol: [", encoding="utf-8")
    with pytest.raises(LineRulesError, match="坏.yaml 格式错误（不是有效的 YAML）"):
        load_line_rules(bad)
