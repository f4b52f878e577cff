"""The roster board's read model and id-based edits (gis.fire.roster_board), without Qt, on SQLite and
PostgreSQL: what the board shows, who may take a shift, and edits that go through the roster's rules."""
from __future__ import annotations

from datetime import date

import pytest

from gis.errors import ValidationError
from gis.fire import roster, roster_board
from gis.fire import seasons as forestfire
from gis.fire.duty_posts import duty_config
from gis.fire.seasons import CriticalSpan
from tests.fire import world

START, END = date(2026, 11, 16), date(2027, 2, 28)


@pytest.fixture
def board(fire_project):
    with fire_project.transaction() as s:
        season = forestfire.plan_season(s, 2026, start=START, end=END,
                                        critical=[CriticalSpan("春节紧要期", date(2027, 2, 1), END)])
        roster.generate(s, season)
    with fire_project.session() as s:
        season_id = roster_board.season_id_of_year(s, 2026)
        return fire_project, roster_board.load(s, season_id), duty_config(s)


def test_board_shows_the_season(board):
    project, data, _cfg = board
    assert data.days[0] == START and data.days[-1] == END and len(data.days) == (END - START).days + 1
    assert data.kinds[date(2027, 2, 10)] == "critical" and data.kinds[date(2026, 12, 2)] == "normal"
    assert data.title.endswith("值班表") and data.conflicts == [] and data.shifts
    assert {p.place for p in data.posts} == {"湛河区", "荆山街道", "张庄村", "荆山检查站", "张庄临时检查站"}
    names = [data.names[i] for i in data.people]
    assert names == sorted(names) and set(world.RANGERS) <= set(names)
    with project.session() as s:
        assert roster_board.season_id_of_year(s, 2031) is None


def test_who_may_take_a_shift_and_handing_it_over(board):
    project, data, cfg = board
    shift = next(sh for sh in data.shifts if sh.place == "湛河区")
    current = roster_board.current_person(data, shift.id)
    people = roster_board.people_for(data, shift.post_key, shift.starts_at, shift.ends_at, current)
    assert current == shift.person_id and current not in [pid for pid, _own, _busy in people]
    own = [o for _pid, o, _busy in people]
    assert own == sorted(own, reverse=True)                       # the post's own pool first
    assert {data.names[pid] for pid, o, _b in people if o} == set(world.DISTRICT_OFFICERS) - {data.names[current]}
    busy = {pid: b for pid, _o, b in people if b}
    assert all(b for b in busy.values())                          # the places they already stand in that span
    pool_free = [pid for pid, o, b in people if o and not b]
    first_busy = next((i for i, (_p, o, b) in enumerate(people) if o and b), len(people))
    assert all(i < first_busy for i, (pid, _o, _b) in enumerate(people) if pid in pool_free)
    posts = roster_board.posts_for(data, cfg, current, shift.starts_at)
    assert posts and posts[0][1] and data.posts[posts[0][0]].key == shift.post_key

    with project.transaction() as s:
        roster_board.change_person(s, shift.id, pool_free[0])
    with project.session() as s:
        after = roster_board.load(s, data.season_id)
    moved = next(sh for sh in after.shifts if sh.id == shift.id)
    assert moved.person_id == pool_free[0] and moved.manual
    if busy:   # someone already on duty then is refused, and nothing is written
        with pytest.raises(ValidationError):
            with project.transaction() as s:
                roster_board.change_person(s, shift.id, next(iter(busy)))
        with project.session() as s:
            assert next(sh for sh in roster_board.load(s, data.season_id).shifts
                        if sh.id == shift.id).person_id == pool_free[0]


def test_adding_a_shift_by_ids(board):
    project, data, _cfg = board
    shift = next(sh for sh in data.shifts if sh.place == "荆山街道")
    free = [pid for pid, _o, b in roster_board.people_for(data, shift.post_key, shift.starts_at, shift.ends_at,
                                                          shift.person_id) if not b]
    with project.transaction() as s:
        added = roster_board.add_shift(s, data.season_id, free[0], shift.post_key, shift.starts_at, shift.ends_at)
        added_id = added.id
    with project.session() as s:
        after = roster_board.load(s, data.season_id)
    new = next(sh for sh in after.shifts if sh.id == added_id)
    assert (new.person_id, new.post_key, new.starts_at, new.manual) == (free[0], shift.post_key, shift.starts_at, True)
    with project.transaction() as s:
        result = roster_board.regenerate(s, data.season_id, start=START)
    assert result.kept >= 1
    with project.session() as s:
        assert any(sh.id == added_id for sh in roster_board.load(s, data.season_id).shifts)  # manual shifts stay
