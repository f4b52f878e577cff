"""The demo's self-check reports (stage self_checks): enterprises in scope only, monthly 2026-07..11 and a few in
early December, with gaps and 零报告, consistent with the ledger's self_check hazards; the stage changes no
other table; add_to_project gives an older project the same reports."""
from __future__ import annotations

from datetime import date

import pandas as pd
import pytest
from sqlalchemy import delete

from gis import store
from gis.demo import generate as gen
from gis.demo.stages import self_checks as stage
from gis.hazards.self_checks import Scope
from gis.model import SelfCheckReport
from tests.demo.test_generate import assert_tables_equal


@pytest.fixture(scope="module")
def tables():
    return gen.generate("township")


def _scope(sites: pd.DataFrame) -> pd.DataFrame:
    scope = Scope.default()
    return sites[sites.category.isin(scope.categories) & ~sites.status.isin(scope.exclude_status)]


def test_reports_cover_enterprises_monthly_with_gaps_and_zero_reports(tables):
    sc, scope = tables["self_check_report"], _scope(tables["site"])
    assert set(sc.site_id) <= set(scope.id)                       # only enterprises in scope report
    months = pd.Series([d.strftime("%Y-%m") for d in sc.reported_on])
    per_month = months.value_counts().sort_index()
    assert list(per_month.index) == ["2026-07", "2026-08", "2026-09", "2026-10", "2026-11", "2026-12"]
    for m in ("2026-07", "2026-08", "2026-09", "2026-10", "2026-11"):
        reporting = sc.site_id[months.to_numpy() == m].nunique()
        assert 0.6 * len(scope) < reporting < 0.95 * len(scope)     # most report, not all
    december = sc[months.to_numpy() == "2026-12"]
    assert 0 < len(december) < 0.35 * len(scope)
    assert december.reported_on.max() <= date(2026, 12, 4)
    never = set(scope.id) - set(sc.site_id)
    assert 0.03 * len(scope) < len(never) < 0.15 * len(scope)       # some never report
    missed = (sc[months.to_numpy() != "2026-12"].groupby("site_id").size() < 5).sum()
    assert missed > 0.2 * len(scope)                                # some miss months
    zero = (sc.hazards_found == 0).mean()
    assert 0.5 < zero < 0.85                                        # 零报告 are most reports
    assert (sc.hazards_found >= 0).all() and sc.id.is_unique
    assert not sc.duplicated(["site_id", "reported_on"]).any()


def test_reports_give_at_least_the_self_check_hazards_of_their_month(tables):
    sc, hz, scope = tables["self_check_report"], tables["hazard"], _scope(tables["site"])
    own = hz[(hz.source == "self_check") & hz.site_id.isin(scope.id) & (hz.found_on >= date(2026, 7, 1))].copy()
    assert len(own) >= 10
    own["month"] = [d.strftime("%Y-%m") for d in own.found_on]
    sc = sc.assign(month=[d.strftime("%Y-%m") for d in sc.reported_on])
    found = sc.groupby(["site_id", "month"]).hazards_found.sum()
    last_report = sc.groupby(["site_id", "month"]).reported_on.max()
    for (site, month), group in own.groupby(["site_id", "month"]):
        assert found.get((site, month), -1) >= len(group), (site, month)
        assert last_report[(site, month)] >= group.found_on.max()


def test_the_stage_changes_no_other_table(tables, monkeypatch):
    monkeypatch.setattr(stage, "build", lambda world: setattr(world, "self_checks", pd.DataFrame()))
    without = gen.generate("township")
    assert_tables_equal({k: v for k, v in tables.items() if k != "self_check_report"},
                        {k: v for k, v in without.items() if k != "self_check_report"})


def test_add_to_project_gives_an_older_project_the_same_reports(tables, tmp_path):
    from gis.demo.load import load_generated

    project = store.create_project(tmp_path / "old.gridsafe")
    try:
        load_generated(project, {k: v for k, v in tables.items() if k != "self_check_report"})
        with project.transaction() as s:
            s.execute(delete(SelfCheckReport))
        assert stage.add_to_project(project) == len(tables["self_check_report"])
        with project.session() as s:
            got = pd.DataFrame(s.execute(
                SelfCheckReport.__table__.select().order_by(SelfCheckReport.id)).mappings().all())
        want = tables["self_check_report"]
        assert list(got.site_id) == list(want.site_id)
        assert list(got.reported_on) == list(want.reported_on)
        assert list(got.hazards_found) == list(want.hazards_found)
        with pytest.raises(Exception, match="已有企业自查上报"):
            stage.add_to_project(project)
    finally:
        project.close()


def test_the_list_and_the_dashboard_figures_agree(tables, tmp_path):
    """services.self_checks (the dock, the CLI) and gis.stats (the dashboard) count the same enterprises: coverage
    and zero reports for a month, and the ids a click on either number opens."""
    from desktop.services import self_checks as use
    from gis.demo.load import load_generated
    from gis.patrols.periods import parse_period
    from gis.stats import compute, kpis, records

    project = store.create_project(tmp_path / "demo.gridsafe")
    try:
        load_generated(project, tables)
        defs, recs = kpis.load(project), records.load(project)
        for label in ("2026-10", "2026-11", "2026-12"):
            period = parse_period(label)
            rows = use.enterprises(project, period.start, period.end)
            table = compute.evaluate(recs, defs, period)
            coverage, zero = table.total("self_check_coverage"), table.total("zero_report")
            assert (coverage.numerator, coverage.denominator) == (
                sum(1 for e in rows if e.state != "missing"), len(rows)), label
            assert zero.numerator == sum(1 for e in rows if e.state == "zero"), label
            shortfall = compute.members(recs, defs, "self_check_coverage", period)
            assert sorted(shortfall.ids.tolist()) == sorted(e.site_id for e in rows if e.state == "missing")
            zeros = compute.members(recs, defs, "zero_report", period)
            assert sorted(zeros.ids.tolist()) == sorted(e.site_id for e in rows if e.state == "zero")
    finally:
        project.close()
