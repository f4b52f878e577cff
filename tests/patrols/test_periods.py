from datetime import date

import pytest

from gis.errors import ValidationError
from gis.patrols.periods import parse_period


@pytest.mark.parametrize("text, kind, start, end, label", [
    ("2026-11-23", "day", date(2026, 11, 23), date(2026, 11, 23), "2026-11-23"),
    ("2026-W48", "week", date(2026, 11, 23), date(2026, 11, 29), "2026-W48"),
    ("2026-w01", "week", date(2025, 12, 29), date(2026, 1, 4), "2026-W01"),   # ISO week 1 starts in December
    ("2020-W53", "week", date(2020, 12, 28), date(2021, 1, 3), "2020-W53"),
    ("2026-11", "month", date(2026, 11, 1), date(2026, 11, 30), "2026-11"),
    ("2028-02", "month", date(2028, 2, 1), date(2028, 2, 29), "2028-02"),    # leap year
    ("2026-12", "month", date(2026, 12, 1), date(2026, 12, 31), "2026-12"),
    ("2026-Q4", "quarter", date(2026, 10, 1), date(2026, 12, 31), "2026-Q4"),
    (" 2026-q1 ", "quarter", date(2026, 1, 1), date(2026, 3, 31), "2026-Q1"),
    ("2026H2", "half", date(2026, 7, 1), date(2026, 12, 31), "2026H2"),      # the 巡检长度 report's half year
    ("2026-h1", "half", date(2026, 1, 1), date(2026, 6, 30), "2026H1"),
])
def test_parse(text, kind, start, end, label):
    p = parse_period(text)
    assert (p.kind, p.start, p.end, p.label) == (kind, start, end, label)
    assert len(p.days) == (end - start).days + 1 and start in p and end in p


@pytest.mark.parametrize("text", ["2026-W54", "2026-W00", "2026-13", "2026-Q5", "2026H3", "2026-H0", "2026-02-30", "下周", "2026/11"])
def test_bad_periods_say_how_to_write_them(text):
    with pytest.raises(ValidationError, match="2026-W48"):
        parse_period(text)


def test_chinese_names():
    assert parse_period("2026-W48").zh == "2026年第48周（11.23—11.29）"
    assert parse_period("2026-Q4").zh == "2026年第4季度"
    assert parse_period("2026H2").zh == "2026年下半年" and parse_period("2026H1").zh == "2026年上半年"
    assert parse_period("2026-11-23").zh == "2026年11月23日"
