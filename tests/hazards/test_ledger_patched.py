"""Ledger.patched: a ledger with a few hazards read again, as the window's ledger follows a save."""
from __future__ import annotations

from datetime import date, timedelta

from gis.hazards import ledger
from gis.model import Hazard


def test_patched_ledger_equals_a_whole_read(world):
    """Ledger.patched (the rows a save touched, read again) gives what a whole read gives."""
    book = ledger.load(world, date(2026, 6, 1))
    first = int(book.frame["id"].iat[0])
    with world.transaction() as s:
        bare = Hazard(found_on=date(2026, 5, 1), source="inspection", sector="gas", description="无历史的隐患")
        s.add(bare)
    book = ledger.load(world, date(2026, 6, 1))      # with a hazard that has no history: deletable
    book.load_signatures(world)
    book.haystack  # noqa: B018 — built, so the patch carries it over
    last = int(book.frame["id"].iat[-1])
    with world.transaction() as s:
        s.get(Hazard, first).description = "改过的描述"
        s.get(Hazard, first).deadline = date(2026, 6, 1) - timedelta(days=3)
        s.get(Hazard, first).status = "pending_acceptance"     # a value no other hazard has: a new category
        s.delete(s.get(Hazard, last))
    new = book.patched(world, [first, last])
    whole = ledger.load(world, date(2026, 6, 1))
    whole.load_signatures(world)
    assert list(new.frame.columns) == list(whole.frame.columns) and len(new) == len(whole) == len(book) - 1
    for c in whole.frame.columns:
        a, b = new.frame[c].astype(object), whole.frame[c].astype(object)
        assert ((a == b) | (a.isna() & b.isna())).all(), c
    assert new.haystack.tolist() == whole.haystack.tolist()
    assert new.overdue.tolist() == whole.overdue.tolist()
    assert [new.lacking(i) for i in range(len(new))] == [whole.lacking(i) for i in range(len(whole))]
    assert "改过的描述" not in book.haystack.tolist()[0] and len(book.frame) == len(whole) + 1   # left as it was
