"""Stage 13: enterprises' self-check reports (企业自查自报, issue 14), after everything else on its own stream
(world.rng(14)) and drawing no names, so every earlier table is unchanged.

Every enterprise in scope (resources/kpis.yaml `enterprises:`, gis.hazards.self_checks.Scope) is given a habit:
about one in twelve never reports; the others report in a month with a probability of their own (most nearly
always, some often missing), on a day of the month of their own (± a few days), monthly from 2026-07 to
2026-11; about a fifth of them have already reported in the first days of December. Most reports are 零报告
(zero hazards); the rest found one to three. Where the demo's ledger has hazards found by the enterprise's own
self-check (source self_check) for an enterprise in a month, that month has a report dated no earlier than the
last of them that gives at least that many hazards (an enterprise that never reports has no such hazards).
The reporter is the site's contact; recorded_by says 示例数据. Dates are those of report days (created_at at
17:00 that day), nothing depends on the clock.

`reports(...)` is the generator on plain arrays, so that `add_to_project` can give an existing project (the
county benchmark set, made before this stage existed) the reports this stage would have made for it.
"""
from __future__ import annotations

from datetime import date, datetime, timedelta

import numpy as np
import pandas as pd

from gis.demo.world import DEMO, World

STEP = 14                                   # world.rng(STEP)
MONTHS = ((2026, 7), (2026, 8), (2026, 9), (2026, 10), (2026, 11))
DECEMBER = (date(2026, 12, 1), date(2026, 12, 4))   # a few have reported early in December
NEVER = 0.08                                # share of enterprises that never report
DECEMBER_SHARE = 0.2
ZERO_SHARE = 0.7                            # of the reports without self-check hazards: 零报告
REPORT_HOUR = 17


def build(world: World) -> None:
    sites = world.sites
    h = world.hazard_cols
    site_of = pd.array(h["site_id"], dtype="Int64")
    has_site = ~pd.isna(site_of)
    world.self_checks = reports(
        site_ids=np.array([st["id"] for st in sites], dtype=np.int64),
        categories=np.array([st["category"] for st in sites], dtype=object),
        statuses=np.array([st["status"] for st in sites], dtype=object),
        contacts=np.array([st.get("contact_name") for st in sites], dtype=object),
        hazard_sites=np.asarray(site_of[has_site], dtype=np.int64),
        hazard_found=np.asarray(h["found_on"], dtype=object)[has_site],
        hazard_sources=np.asarray(h["source"], dtype=object)[has_site],
        rng=world.rng(STEP))


def _ordinal(days) -> np.ndarray:
    return np.array([d.toordinal() for d in days], dtype=np.int64)


def reports(*, site_ids, categories, statuses, contacts, hazard_sites, hazard_found, hazard_sources,
            rng: np.random.Generator) -> pd.DataFrame:
    """The self_check_report rows (id from 1) for these sites and hazards, as the demo makes them."""
    from gis.hazards.self_checks import Scope

    scope = Scope.default()                   # resources/kpis.yaml `enterprises:`
    in_scope = np.isin(categories, scope.categories) & ~np.isin(statuses, scope.exclude_status)
    scope = np.flatnonzero(in_scope)
    n = len(scope)
    months = [(date(y, m, 1), (date(y + m // 12, m % 12 + 1, 1) - timedelta(days=1))) for y, m in MONTHS]
    periods = months + [DECEMBER]
    n_p = len(periods)
    # draws, one fixed-size block per enterprise so the counts do not shift one another's streams
    u = rng.random((n, 3 + 3 * n_p))
    position = {int(sid): k for k, sid in enumerate(site_ids[scope])}

    # self-check hazards per (enterprise, period): how many, and the last day found
    sc = np.flatnonzero(hazard_sources == "self_check")
    needed = np.zeros((n, n_p), dtype=np.int64)
    last_found = np.zeros((n, n_p), dtype=np.int64)
    if len(sc):
        found = _ordinal(hazard_found[sc])
        for sid, day in zip(hazard_sites[sc], found, strict=True):
            k = position.get(int(sid))
            if k is None:
                continue
            for p, (a, b) in enumerate(periods):
                if a.toordinal() <= day <= b.toordinal():
                    needed[k, p] += 1
                    last_found[k, p] = max(last_found[k, p], day)
    forced = needed > 0
    never = (u[:, 0] < NEVER) & ~forced.any(axis=1)
    reliability = np.where(u[:, 1] < 0.6, 0.92, np.where(u[:, 1] < 0.9, 0.7, 0.4))
    habit_day = 1 + (u[:, 2] * 24).astype(np.int64)              # the day of the month it usually reports
    chance = np.tile(reliability[:, None], (1, n_p))
    chance[:, -1] = DECEMBER_SHARE
    draws = u[:, 3:3 + n_p]
    report = ((draws < chance) & ~never[:, None]) | forced
    jitter = np.rint((u[:, 3 + n_p:3 + 2 * n_p] - 0.5) * 8).astype(np.int64)
    starts = np.array([a.toordinal() for a, _b in periods], dtype=np.int64)
    ends = np.array([b.toordinal() for _a, b in periods], dtype=np.int64)
    dec_span = ends[-1] - starts[-1] + 1
    offset = np.where(np.arange(n_p) == n_p - 1, (habit_day[:, None] + jitter) % dec_span,
                      habit_day[:, None] - 1 + jitter)
    day = np.clip(starts + offset, starts, ends)
    day = np.where(forced, np.maximum(day, last_found), day)
    extra = u[:, 3 + 2 * n_p:3 + 3 * n_p]
    found = np.where(extra < ZERO_SHARE, 0, 1 + ((extra - ZERO_SHARE) / (1 - ZERO_SHARE) * 3).astype(np.int64))
    found = np.minimum(found, 3)
    found = np.where(forced, np.maximum(found, needed), found)

    k, p = np.nonzero(report)                                    # row-major: by enterprise, then period
    ords = day[k, p]
    order = np.lexsort((site_ids[scope][k], ords))               # by day, then site
    k, p, ords = k[order], p[order], ords[order]
    days = [date.fromordinal(int(o)) for o in ords]
    return pd.DataFrame({
        "id": np.arange(1, len(k) + 1, dtype=np.int64),
        "site_id": site_ids[scope][k],
        "reported_on": pd.Series(days, dtype=object),
        "hazards_found": found[k, p].astype(np.int64),
        "reporter": pd.Series(contacts[scope][k], dtype=object),
        "note": pd.Series([None] * len(k), dtype=object),
        "recorded_by": pd.Series([DEMO] * len(k), dtype=object),
        "created_at": pd.Series([datetime.combine(d, datetime.min.time()).replace(hour=REPORT_HOUR) for d in days],
                                dtype=object),
    })


def add_to_project(project, seed: int = 20261122) -> int:
    """Give a demo project made before this stage (e.g. the county benchmark set, upgraded to schema 0012) the
    self-check reports the generator makes for its sites and hazards now; one transaction, bulk insert.
    Refuses a project that already has self-check reports. Returns the number of reports written."""
    from sqlalchemy import func, select

    from gis.bulk import bulk_insert, coerce_frame
    from gis.errors import ValidationError
    from gis.model import Hazard, SelfCheckReport, Site

    with project.transaction() as s:
        if s.scalar(select(func.count()).select_from(SelfCheckReport)):
            raise ValidationError("项目中已有企业自查上报：示例自查上报只能加到没有上报的项目",
                                  en="The project already has enterprise self-check reports: demo self-check "
                                     "reports can only be added to a project without any")
        site = s.execute(select(Site.id, Site.category, Site.status, Site.contact_name).order_by(Site.id)).all()
        haz = s.execute(select(Hazard.site_id, Hazard.found_on, Hazard.source)
                        .where(Hazard.site_id.is_not(None), Hazard.source == "self_check")).all()
        cols = list(zip(*site, strict=True)) if site else [(), (), (), ()]
        hcols = list(zip(*haz, strict=True)) if haz else [(), (), ()]
        frame = reports(site_ids=np.array(cols[0], dtype=np.int64), categories=np.array(cols[1], dtype=object),
                        statuses=np.array(cols[2], dtype=object), contacts=np.array(cols[3], dtype=object),
                        hazard_sites=np.array(hcols[0], dtype=np.int64),
                        hazard_found=np.array(hcols[1], dtype=object),
                        hazard_sources=np.array(hcols[2], dtype=object),
                        rng=np.random.default_rng([seed, STEP]))
        counts = bulk_insert(s, {"self_check_report": coerce_frame("self_check_report", frame)})
    return counts.get("self_check_report", len(frame))
