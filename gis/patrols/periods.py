"""Planning periods written as users write them: 2026-11-23 (day), 2026-W48 (ISO week),
2026-11 (month), 2026-Q4 (quarter), 2026H2 (half year; also 2026-H2), 2026 (year)."""
from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, timedelta

from gis.errors import ValidationError

KINDS = ("day", "week", "month", "quarter", "half", "year")


@dataclass(frozen=True)
class Period:
    label: str
    kind: str
    start: date
    end: date  # inclusive

    def __contains__(self, day: date) -> bool:
        return self.start <= day <= self.end

    @property
    def days(self) -> list[date]:
        return [self.start + timedelta(n) for n in range((self.end - self.start).days + 1)]

    def name(self, lang: str = "zh") -> str:
        """The period as people write it: `zh` (how a sheet names it) or, for the English window, "Week 48, 2026
        (Nov 23 – Nov 29)", "December 2026", "Q4 2026", "H2 2026", "2026", "23 Nov 2026"."""
        return self.zh if lang != "en" else self.en

    @property
    def en(self) -> str:
        s, e = self.start, self.end
        if self.kind == "day":
            return f"{s.day} {s:%b} {s.year}"
        if self.kind == "week":
            year, week = self.label.split("-W")
            return f"Week {int(week)}, {year} ({s:%b} {s.day} – {e:%b} {e.day})"
        if self.kind == "month":
            return f"{s:%B} {s.year}"
        if self.kind == "year":
            return str(s.year)
        if self.kind == "half":
            return f"H{self.label[-1]} {s.year}"
        return f"Q{self.label[-1]} {s.year}"

    @property
    def zh(self) -> str:
        """How a sheet names the period."""
        if self.kind == "day":
            return f"{self.start.year}年{self.start.month}月{self.start.day}日"
        if self.kind == "week":
            year, week = self.label.split("-W")
            return f"{year}年第{int(week)}周（{self.start:%m.%d}—{self.end:%m.%d}）"
        if self.kind == "month":
            return f"{self.start.year}年{self.start.month}月"
        if self.kind == "year":
            return f"{self.start.year}年"
        if self.kind == "half":
            return f"{self.start.year}年{'上' if self.label.endswith('1') else '下'}半年"
        return f"{self.start.year}年第{self.label[-1]}季度"


def _month_end(year: int, month: int) -> date:
    first_next = date(year + month // 12, month % 12 + 1, 1)
    return first_next - timedelta(days=1)


def parse_period(text: str) -> Period:
    t = text.strip().upper()
    try:
        if m := re.fullmatch(r"(\d{4})-(\d{2})-(\d{2})", t):
            d = date(*map(int, m.groups()))
            return Period(d.isoformat(), "day", d, d)
        if m := re.fullmatch(r"(\d{4})-W(\d{2})", t):
            year, week = map(int, m.groups())
            start = date.fromisocalendar(year, week, 1)
            return Period(f"{year}-W{week:02d}", "week", start, start + timedelta(days=6))
        if m := re.fullmatch(r"(\d{4})-(\d{2})", t):
            year, month = map(int, m.groups())
            return Period(f"{year}-{month:02d}", "month", date(year, month, 1), _month_end(year, month))
        if m := re.fullmatch(r"(\d{4})-Q([1-4])", t):
            year, q = map(int, m.groups())
            return Period(f"{year}-Q{q}", "quarter", date(year, 3 * q - 2, 1), _month_end(year, 3 * q))
        if m := re.fullmatch(r"(\d{4})-?H([12])", t):
            year, h = map(int, m.groups())
            return Period(f"{year}H{h}", "half", date(year, 6 * h - 5, 1), _month_end(year, 6 * h))
        if m := re.fullmatch(r"(\d{4})", t):
            year = int(m.group(1))
            return Period(str(year), "year", date(year, 1, 1), date(year, 12, 31))
    except ValueError:
        pass
    raise ValidationError(
        f"无法识别的时段“{text}”：请写成 2026-11-23（日）、2026-W48（周）、2026-11（月）、2026-Q4（季度）、2026H2（半年）或 2026（年）",
        en=f"Unknown period \"{text}\": write it as 2026-11-23 (day), 2026-W48 (week), 2026-11 (month), 2026-Q4 "
           "(quarter), 2026H2 (half year) or 2026 (year)"
    )
