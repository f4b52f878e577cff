"""gas_rules.yaml: the shipped file loads with the document's figures; a bad file names the key."""
from __future__ import annotations

import pytest
import yaml

from gis.gas.rules import RULES_FILE, RulesError, load_rules


def test_shipped_rules_carry_the_documents_figures():
    r = load_rules()
    assert [c.zh for c in r.classes.values()] == ["低压", "中压B", "中压A", "次高压B", "次高压A", "高压B", "高压A"]
    assert [(c.protection_m, c.control_m) for c in r.classes.values()] == [
        (0.5, 5.0), (0.5, 5.0), (0.5, 5.0), (1.5, 15.0), (1.5, 15.0), (5.0, 50.0), (5.0, 50.0)]
    assert [c.clearance_minimum_m for c in r.classes.values()] == [0.7, 1.0, 1.5, 5.0, 13.5, None, None]
    assert r.classes["high_a"].clearance_reduced_m == 6.5 and r.classes["low"].clearance_reduced_m is None
    assert r.classes["medium_a"].min_mpa == 0.2 and r.classes["medium_a"].max_mpa == 0.4
    assert r.class_key("次高压A") == "high_a" and r.class_key("medium_b") == "medium_b"
    assert r.class_key("") is None and r.class_key(None) is None
    assert r.occupation_major_rank == r.classes["medium_b"].rank
    assert r.hca_categories == {"school": "学校", "childcare_institution": "托幼机构"}


def write(tmp_path, edit):
    data = yaml.safe_load(RULES_FILE.read_text(encoding="utf-8"))
    edit(data)
    p = tmp_path / "规则.yaml"
    p.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    return p


@pytest.mark.parametrize("edit, key", [
    (lambda d: d["ranges"]["medium"].pop("protection_m"), "ranges.medium.protection_m 缺失"),
    (lambda d: d["ranges"]["high"].update(control_m=-1), "ranges.high.control_m 应为非负数"),
    (lambda d: d["clearance"]["high_b"].update(reduced_m=9.0), "clearance.high_b.reduced_m"),
    (lambda d: d["defaults"].update(pressure_class="超高压"), "defaults.pressure_class"),
    (lambda d: d["high_consequence"]["specified_sites"]["hospital"].update(categories=["hospital"]),
     "high_consequence.specified_sites.hospital.categories 含未知场所类别 'hospital'"),
    (lambda d: d["third_party_works"]["levels"]["alarm"].update(grade="red"), "third_party_works.levels.alarm.grade"),
    (lambda d: d["pressure_classes"]["low"].update(confidence="?"), "pressure_classes.low.confidence"),
    (lambda d: d["buffer_checks"]["school_zone"].update(banned_categories=["网吧"]),
     "buffer_checks.school_zone.banned_categories 含未知场所类别 '网吧'"),
    (lambda d: d.pop("location_class"), "location_class 缺失"),
])
def test_bad_file_names_the_key(tmp_path, edit, key):
    path = write(tmp_path, edit)
    with pytest.raises(RulesError) as e:
        load_rules(path)
    assert key in e.value.message and "规则.yaml" in e.value.message


def test_unreadable_and_malformed_files(tmp_path):
    with pytest.raises(RulesError, match="无法读取"):
        load_rules(tmp_path / "无.yaml")
    bad = tmp_path / "坏.yaml"
    bad.write_text("ranges: [\n", encoding="utf-8")
    with pytest.raises(RulesError, match="格式错误"):
        load_rules(bad)
