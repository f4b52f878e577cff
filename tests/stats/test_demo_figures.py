"""On the demo township, `gridsafe stats` gives the figures a plain SQL count of the ledger gives: totals, per grid,
and the hazards behind the worst grid's overdue number."""
from __future__ import annotations

import json
import sqlite3

import pytest

from desktop.cli import main
from gis import store
from gis.stats import compute, kpis, records

END = "2026-11-30"


def _sql(path, query, *args):
    with sqlite3.connect(path) as c:
        return c.execute(query, args).fetchall()


GRID = "COALESCE(h.grid_id, s.grid_id)"
OVERDUE = ("h.found_on <= ? AND (h.closed_on IS NULL OR h.closed_on > ?) AND h.deadline < ?")


def test_cli_json_matches_sql(demo_file, capsys):
    assert main(["stats", str(demo_file), "--period", "2026-11", "--json"]) == 0
    out = json.loads(capsys.readouterr().out)
    got = {k["id"]: k["total"] for k in out["kpis"]}
    [(registered, closed)] = _sql(demo_file, "SELECT count(*), sum(closed_on <= ?) FROM hazard WHERE found_on <= ?", END, END)
    assert (got["rectification_rate"]["numerator"], got["rectification_rate"]["denominator"]) == (closed, registered)
    assert got["rectification_rate"]["value"] == pytest.approx(100 * closed / registered, abs=1e-4)
    [(overdue,)] = _sql(demo_file, f"SELECT count(*) FROM hazard h WHERE {OVERDUE}", END, END, END)
    assert got["overdue"] == {"numerator": overdue, "value": float(overdue), "text": str(overdue)} and overdue > 0
    [(planned, recorded)] = _sql(demo_file, "SELECT count(*), count(ps.result) FROM patrol_stop ps JOIN patrol_assignment pa "
                                       "ON pa.id = ps.assignment_id WHERE pa.planned_on BETWEEN '2026-11-01' AND ? "
                                       "AND pa.status != 'cancelled'", END)
    assert (got["patrol_coverage"]["numerator"], got["patrol_coverage"]["denominator"]) == (recorded, planned)
    assert out["period"] == "2026-11" and out["start"] == "2026-11-01" and out["end"] == END


def test_worst_grid_overdue_are_those_hazards(demo_file, capsys):
    assert main(["stats", str(demo_file), "--period", "2026-11", "--by", "grid", "--kpi", "overdue", "--json"]) == 0
    [kpi] = json.loads(capsys.readouterr().out)["kpis"]
    per_grid = dict(_sql(demo_file, f"SELECT g.code, count(*) FROM hazard h LEFT JOIN site s ON s.id = h.site_id "
                               f"JOIN grid g ON g.id = {GRID} WHERE {OVERDUE} GROUP BY g.code", END, END, END))
    listed = {g["key"]: g["numerator"] for g in kpi["groups"] if g["numerator"]}
    assert listed == per_grid
    worst = max(per_grid, key=per_grid.get)
    with store.open_project(demo_file, readonly=True) as p:
        defs, recs = kpis.load(p), records.load(p)
    ids = compute.members(recs, defs, "overdue", "2026-11", worst, "grid").ids
    expected = [r[0] for r in _sql(demo_file, f"SELECT h.id FROM hazard h LEFT JOIN site s ON s.id = h.site_id JOIN grid g "
                                         f"ON g.id = {GRID} WHERE g.code = ? AND {OVERDUE} ORDER BY h.id",
                                   worst, END, END, END)]
    assert list(ids) == expected and len(expected) == per_grid[worst]


def test_text_output_and_bad_input(demo_file, capsys):
    assert main(["stats", str(demo_file), "--period", "2026-W48", "--definitions"]) == 0
    out = capsys.readouterr().out
    assert out.startswith("工作态势 2026年第48周（11.23—11.29）") and "截至期末（含当日）已销号的隐患数" in out
    assert main(["stats", str(demo_file), "--period", "2026-11", "--kpi", "nope"]) != 0
    assert "没有指标“nope”" in capsys.readouterr().err
    assert main(["stats", str(demo_file), "--period", "2026-13"]) != 0
    assert "无法识别的时段“2026-13”" in capsys.readouterr().err


def test_this_month_overdue_is_the_ledgers_overdue_today(demo_file, capsys):
    from datetime import date

    from gis.hazards import ledger

    assert main(["stats", str(demo_file), "--period", "2026-12", "--today", "2026-12-05", "--kpi", "overdue",
                 "--json"]) == 0
    out = json.loads(capsys.readouterr().out)
    assert out["as_of"] == "2026-12-05"
    with store.open_project(demo_file, readonly=True) as p:
        book = ledger.load(p, date(2026, 12, 5))
    assert out["kpis"][0]["total"]["numerator"] == int(book.overdue.sum()) > 0

