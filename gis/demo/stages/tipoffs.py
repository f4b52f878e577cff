"""Stage 15: public tip-offs (群众举报, issue 17), after everything else on its own stream (world.rng(STEP)) and drawing
no names from the shared source, so every earlier table is unchanged.

Every hazard of the demo ledger whose source is public_report came from a tip-off: one is made for it, received
0–2 days before the hazard was found, checked by a member of its grid and verified 属实 (some 部分属实) on the day
the hazard was found, with the hazard linked (tipoff.hazard_id); most are replied to within days (a few late),
about a third rewarded, the replied ones closed a few days later. Besides them, tip-offs found 不属实 at points of
random grids, and a handful still open at the end: received only, being checked, a few past the reply limit
(逾期). Reporters and phone numbers are made up here (some anonymous). The history rows say what the app writes
(gis.tipoffs.register's notes). Nothing depends on the clock: the latest moment is the later of the demo's TODAY
and the last public-report hazard's day.
"""
from __future__ import annotations

from datetime import date, datetime, time, timedelta

import numpy as np
import pandas as pd
import shapely

from gis.demo import names as N
from gis.demo.world import TODAY, World
from gis.tipoffs import register as reg

STEP = 15                                   # world.rng(STEP)
CHANNELS = ("hotline_12345", "phone", "wechat", "letter_visit", "on_site")
CHANNEL_P = (0.5, 0.2, 0.15, 0.05, 0.1)
UNFOUNDED_SHARE = 0.45                      # tip-offs found untrue, per true one
OPEN_TIPOFFS = 9
PARTIAL_SHARE = 0.15
ANONYMOUS_SHARE = 0.2
REWARD_SHARE = 0.35
REWARDS = (100.0, 200.0, 300.0, 500.0)
UNFOUNDED_TEXTS = (
    "反映村口小卖部私自存放多个液化气瓶", "反映夜间有小作坊违规生产，气味刺鼻", "反映路边仓库堆放大量易燃杂物",
    "反映饭店后厨有燃气泄漏的味道", "反映工地脚手架没有防护网", "反映有人在林地边上焚烧秸秆",
    "反映出租屋内电动车充电、飞线充电", "反映加油站附近有人违规售卖散装汽油", "反映厂区消防通道被车辆堵塞",
)
UNFOUNDED_NOTES = ("现场核查未发现所反映问题", "经核实为正常经营，已告知举报人", "现场无此情况，已向周边群众了解")
REPLY = {"confirmed": "经核查属实，已责令整改并纳入隐患台账跟踪，感谢您的监督",
         "partial": "经核查部分属实，已对属实部分责令整改，其余情况未发现",
         "unfounded": "经现场核查，未发现您反映的问题，如有新情况请继续反映"}


def _when(day: date, hours: float) -> datetime:
    return datetime.combine(day, time()) + timedelta(hours=float(hours))


def _minutes(t: datetime) -> datetime:
    return t.replace(second=0, microsecond=0)


class _Context:
    """What every story draws on: the stream, the people of each grid, the latest moment, the office that rewards."""

    def __init__(self, world: World, rng: np.random.Generator, end: datetime):
        self.rng, self.end = rng, end
        self.names = {p["id"]: p["name"] for p in world.persons}
        self.grids = {g["id"]: g for g in world.grids}
        self.world = world
        self.office = f"{N.TOWNSHIPS[N.DEMO_TOWNSHIP][0]}安全生产委员会办公室"

    def checker(self, grid: dict) -> tuple[int | None, str]:
        """A member of the grid (else its leader) who checks on site."""
        members = self.world.grid_members.get(grid["idx"], [])
        pid = int(members[self.rng.integers(len(members))]) if len(members) else self.world.grid_leader.get(grid["idx"])
        return (pid, self.names[pid]) if pid in self.names else (None, "网格员")

    def staff(self, grid: dict) -> tuple[int | None, str]:
        """Who takes the call and replies: the village's cadre."""
        pid = self.world.cadre_of.get(grid["village"]["id"])
        return (pid, self.names[pid]) if pid in self.names else (None, "应急办值班员")

    def reporter(self) -> tuple[str | None, str | None]:
        rng = self.rng
        phone = f"1{rng.integers(3, 10)}{rng.integers(0, 10**9):09d}"
        if rng.random() < ANONYMOUS_SHARE:
            return None, (None if rng.random() < 0.5 else phone)
        pool = N.GIVEN_MALE if rng.random() < 0.5 else N.GIVEN_FEMALE
        return N.SURNAMES[rng.integers(len(N.SURNAMES))] + pool[rng.integers(len(pool))], phone


def build(world: World) -> None:
    rng = world.rng(STEP)
    h = world.hazard_cols
    src = np.asarray(h["source"], dtype=object)
    linked = np.flatnonzero(src == "public_report")
    found = np.asarray(h["found_on"], dtype=object)
    horizon = max([TODAY, *found[linked]])
    ctx = _Context(world, rng, _when(horizon, 18))
    geoms = np.asarray(h["geometry"], dtype=object)
    stories = []   # (received_at, row, events), numbered once sorted by received_at
    for i in linked:
        day = found[i]
        received = _minutes(_when(day - timedelta(days=int(rng.integers(0, 3))), rng.uniform(7.5, 20)))
        result = "partial" if rng.random() < PARTIAL_SHARE else "confirmed"
        verified = _minutes(max(received + timedelta(hours=2), _when(day, rng.uniform(9, 17))))
        reply_days = float(rng.choice([1, 2, 3, 5, 7, 10, 20], p=[0.2, 0.2, 0.2, 0.15, 0.1, 0.1, 0.05]))
        text = f"群众反映：{h['description'][i]}"
        stories.append(_story(ctx, received, ctx.grids[int(h["grid_id"][i])], geoms[i], text, result, verified,
                              reply_days, (int(h["id"][i]), str(h["code"][i]))))
    # untrue ones over the same months at points of random grids, then a few still open at the end
    n_false = int(round(len(linked) * UNFOUNDED_SHARE))
    first = min(found[linked]) if len(linked) else TODAY - timedelta(days=180)
    span = max((horizon - first).days - 3, 1)
    for k in range(n_false + OPEN_TIPOFFS):
        grid = world.grids[rng.integers(len(world.grids))]
        point = _inside(grid["geom"], rng)
        text = UNFOUNDED_TEXTS[rng.integers(len(UNFOUNDED_TEXTS))]
        if k < n_false:
            received = _minutes(_when(first + timedelta(days=int(rng.integers(0, span))), rng.uniform(7.5, 20)))
            checked_on = received.date() + timedelta(days=int(rng.integers(0, 3)))
            verified = _minutes(max(received + timedelta(hours=3), _when(checked_on, rng.uniform(9, 17))))
            days = float(rng.choice([1, 2, 3]))
            stories.append(_story(ctx, received, grid, point, text, "unfounded", verified, days))
        else:
            received = _minutes(_when(horizon - timedelta(days=int(rng.integers(0, 25))), rng.uniform(7.5, 17)))
            stories.append(_story(ctx, received, grid, point, text))
    stories.sort(key=lambda st: st[0])
    rows, events, per_year = [], [], {}
    for tid, (received, row, steps) in enumerate(stories, start=1):
        per_year[received.year] = per_year.get(received.year, 0) + 1
        row.update(id=tid, code=reg.code_for(received.year, per_year[received.year]))
        rows.append(row)
        events += [{"id": len(events) + n, "tipoff_id": tid, "seq": n, **ev} for n, ev in enumerate(steps, start=1)]
    world.tipoffs = pd.DataFrame(rows)
    world.tipoff_events = pd.DataFrame(events)


def _inside(geom, rng) -> shapely.Point:
    """A point in the grid near its middle (a few tries around a point on its surface)."""
    p = geom.point_on_surface()
    for _ in range(5):
        q = shapely.Point(p.x + rng.uniform(-0.002, 0.002), p.y + rng.uniform(-0.002, 0.002))
        if geom.contains(q):
            return q
    return p


def _story(ctx: _Context, received: datetime, grid: dict, point, text: str, result: str | None = None,
           verified: datetime | None = None, reply_days: float = 0, hazard: tuple[int, str] | None = None):
    """One tip-off's row and history as far as it got by ctx.end (result None: still open)."""
    rng = ctx.rng
    channel = str(rng.choice(CHANNELS, p=CHANNEL_P))
    name, contact = ctx.reporter()
    staff_id, staff = ctx.staff(grid)
    row = {"channel": channel, "received_at": received, "reporter_name": name, "reporter_contact": contact,
           "address": None, "description": text, "grid_id": grid["id"], "status": "received", "created_by": staff,
           "created_at": received, "geometry": point, "assignee_id": None, "assigned_at": None, "verify_result": None,
           "verify_note": None, "verified_at": None, "reply": None, "replied_at": None, "reward_amount": None,
           "reward_decided_by": None, "reward_decided_on": None, "hazard_id": hazard[0] if hazard else None,
           "closed_at": None}
    events = [{"action": "receive", "from_status": None, "to_status": "received", "actor_id": staff_id,
               "actor_name": staff, "at": received, "note": reg.receive_note(channel, grid["code"], grid["name"])}]

    def step(action, to, at, actor, note=None):
        events.append({"action": action, "from_status": row["status"] if to else None, "to_status": to,
                       "actor_id": actor[0], "actor_name": actor[1], "at": at, "note": note})
        row["status"] = to or row["status"]

    room = 3.0 if verified is None else min(3.0, (verified - received).total_seconds() / 3600 - 0.5)
    assigned = _minutes(received + timedelta(hours=float(rng.uniform(0.3, room))))
    if verified is None and (assigned > ctx.end or rng.random() < 0.4):
        return received, row, events
    checker = ctx.checker(grid)
    step("assign", "assigned", assigned, (staff_id, staff), reg.assign_note(checker[1]))
    row.update(assignee_id=checker[0], assigned_at=assigned)
    if verified is None:
        return received, row, events
    note = UNFOUNDED_NOTES[rng.integers(len(UNFOUNDED_NOTES))] if result == "unfounded" else None
    step("verify", "verified", verified, checker, reg.verify_note(result, note))
    row.update(verify_result=result, verify_note=note, verified_at=verified)
    if hazard:
        step("hazard", None, verified, checker, reg.hazard_note(hazard[1]))
    replied = _minutes(_when(verified.date() + timedelta(days=reply_days), rng.uniform(8.5, 17.5)))
    if replied > ctx.end:
        return received, row, events
    step("reply", "replied", replied, (staff_id, staff), REPLY[result])
    row.update(reply=REPLY[result], replied_at=replied)
    last = replied
    if result != "unfounded" and rng.random() < REWARD_SHARE:
        on = _when(replied.date() + timedelta(days=int(rng.integers(1, 5))), 10)
        if on <= ctx.end:
            amount = float(rng.choice(REWARDS))
            step("reward", "rewarded", on, (staff_id, staff), reg.reward_note(amount, ctx.office))
            row.update(reward_amount=amount, reward_decided_by=ctx.office, reward_decided_on=on.date())
            last = on
    closed = _minutes(_when(last.date() + timedelta(days=int(rng.integers(1, 5))), rng.uniform(8.5, 17.5)))
    if closed <= ctx.end:
        step("close", "closed", closed, (staff_id, staff))
        row["closed_at"] = closed
    return received, row, events


def frames(world: World) -> dict[str, pd.DataFrame]:
    """The tipoff and tipoff_event tables (added after the older stages' frames; bulk_insert orders by keys)."""
    from gis.bulk import coerce_frame

    return {"tipoff": coerce_frame("tipoff", world.tipoffs), "tipoff_event": coerce_frame("tipoff_event",
                                                                                          world.tipoff_events)}
