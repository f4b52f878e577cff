"""Key-period dates computed on the lunar calendar and from solar terms, against published dates."""
from __future__ import annotations

from datetime import date

import pytest

from gis.errors import ValidationError
from gis.fire import key_periods as cal

SPRING_FESTIVAL = {2024: date(2024, 2, 10), 2025: date(2025, 1, 29), 2026: date(2026, 2, 17),
                   2027: date(2027, 2, 6), 2028: date(2028, 1, 26), 2030: date(2030, 2, 3)}
ERYUE_ER = {2025: date(2025, 3, 1), 2026: date(2026, 3, 20), 2027: date(2027, 3, 9)}
QINGMING = {2023: date(2023, 4, 5), 2024: date(2024, 4, 4), 2025: date(2025, 4, 4), 2026: date(2026, 4, 5),
            2027: date(2027, 4, 5), 2028: date(2028, 4, 4)}


@pytest.mark.parametrize("year", sorted(SPRING_FESTIVAL))
def test_spring_festival(year):
    assert cal.lunar_to_solar(year, 1, 1) == SPRING_FESTIVAL[year]


@pytest.mark.parametrize("year", sorted(ERYUE_ER))
def test_eryue_er(year):
    assert cal.lunar_to_solar(year, 2, 2) == ERYUE_ER[year]


@pytest.mark.parametrize("year", sorted(QINGMING))
def test_qingming_solar_term(year):
    assert cal.solar_term(year, "清明") == QINGMING[year]


def test_other_solar_terms_land_in_the_asked_year():
    assert cal.solar_term(2026, "冬至") == date(2026, 12, 22)
    assert cal.solar_term(2027, "立春") == date(2027, 2, 4)
    assert cal.solar_term(2026, "小寒") == date(2026, 1, 5)


def test_unknown_term_refused():
    with pytest.raises(ValidationError, match="未知的节气"):
        cal.solar_term(2026, "清明节")


def test_shipped_rules_over_the_2026_season():
    periods = cal.periods_between(cal.default_rules(), date(2026, 10, 1), date(2027, 5, 31))
    got = {p.name: (p.start, p.end) for p in periods}
    assert got == {
        "国庆": (date(2026, 10, 1), date(2026, 10, 7)),
        "元旦": (date(2027, 1, 1), date(2027, 1, 1)),
        "春节": (date(2027, 2, 5), date(2027, 2, 12)),  # lunar 1-1 is 2027-02-06; -1..+6
        "二月二": (date(2027, 3, 9), date(2027, 3, 9)),
        "清明": (date(2027, 4, 3), date(2027, 4, 7)),
        "五一": (date(2027, 5, 1), date(2027, 5, 5)),
    }
    assert {p.name for p in periods if p.holiday} == {"国庆", "元旦", "春节", "清明", "五一"}
    assert next(p for p in periods if p.name == "春节").rule == "lunar 1-1 -1..+6"


def test_periods_are_clipped_to_the_range_and_span_years():
    periods = cal.periods_between(cal.default_rules(), date(2026, 10, 3), date(2028, 1, 1))
    assert [(p.start, p.end) for p in periods if p.name == "国庆"] == [
        (date(2026, 10, 3), date(2026, 10, 7)), (date(2027, 10, 1), date(2027, 10, 7))]
    assert [p.start for p in periods if p.name == "元旦"] == [date(2027, 1, 1), date(2028, 1, 1)]


@pytest.mark.parametrize("rule, message", [
    ({"name": "x", "rule": {"calendar": "islamic", "month": 1, "day": 1}}, "历法"),
    ({"name": "x", "rule": {"calendar": "lunar", "month": 13, "day": 1}}, "月日"),
    ({"name": "x", "rule": {"calendar": "term", "term": "春节"}}, "未知的节气"),
    ({"name": "x", "rule": {"calendar": "solar", "month": 1, "day": 1}, "span": [1, 0]}, "基准日"),
    ({"name": "x", "rule": {"calendar": "solar", "month": 1, "day": 1}, "kind": "urgent"}, "类别"),
    ({"name": "", "rule": {"calendar": "solar", "month": 1, "day": 1}}, "名称"),
])
def test_bad_rules_refused_in_chinese(rule, message):
    with pytest.raises(ValidationError, match=message):
        cal.PeriodRule.from_dict(rule)
