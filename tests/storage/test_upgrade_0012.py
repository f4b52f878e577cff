"""Migration 0012 (self-check reports, campaigns) on a project made at 0011: nothing is lost, on SQLite and
PostgreSQL, and the upgraded project takes a self-check report and a campaign with a targeted milestone.

tests/data/projects/v0011-demo.gridsafe.xz was written by gridsafe at schema 0011 (main at d0ab0a1, with
tests/data/projects/make_v0010.py): the demo township with its line patrol history and the gas analysis recorded.
"""
from __future__ import annotations

import sqlite3
from datetime import date
from pathlib import Path

from sqlalchemy import select
from upgrade_copy import copy_into_postgresql, rows_after, unpack

from gis import store
from gis.model import Campaign, CampaignPhase, SelfCheckReport, Site

FIXTURE = Path(__file__).resolve().parent.parent / "data" / "projects" / "v0011-demo.gridsafe.xz"
NEW_TABLES = ("self_check_report", "campaign", "campaign_phase")


def _old_project(tmp_path) -> Path:
    return unpack(FIXTURE, tmp_path / "项目0011.gridsafe")


def _rows(url: str, geometry_sql) -> dict[str, list[tuple]]:
    return rows_after(url, geometry_sql, "0011")


def _takes_reports_and_campaigns(target) -> None:
    with store.open_project(target) as project, project.transaction() as s:
        site = s.scalars(select(Site).order_by(Site.id)).first()
        s.add(SelfCheckReport(site_id=site.id, reported_on=date(2026, 12, 4), hazards_found=0, reporter="张三"))
        s.add(Campaign(name="安全生产专项整治三年行动", document_no="新办〔2020〕8号", start_on=date(2020, 4, 1),
                       end_on=date(2022, 12, 31), phases=[
                           CampaignPhase(seq=1, kind="phase", name="动员部署", start_on=date(2020, 4, 1),
                                         end_on=date(2020, 5, 31)),
                           CampaignPhase(seq=2, kind="milestone", name="检查验收", end_on=date(2022, 10, 31),
                                         kpi="rectification_rate", target=100.0)]))
    with store.open_project(target) as project, project.session() as s:
        assert s.scalar(select(SelfCheckReport.hazards_found)) == 0
        phases = s.scalars(select(CampaignPhase).order_by(CampaignPhase.seq)).all()
        assert [(p.name, p.kpi, p.target) for p in phases] == [("动员部署", None, None),
                                                              ("检查验收", "rectification_rate", 100.0)]


def test_sqlite_upgrade_0011_keeps_every_row(tmp_path):
    path = _old_project(tmp_path)
    before = _rows(str(path), lambda t, c: c)
    assert len(before["patrol_assignment"]) > 1000 and len(before["hazard"]) > 1000

    assert store.upgrade_project(path) == ("0011", store.head_revision())

    assert _rows(str(path.with_name(f"{path.name}.bak-0011")), lambda t, c: c) == before
    assert _rows(str(path), lambda t, c: c) == before
    with sqlite3.connect(path) as c:   # GeoPackage attribute tables, so GDAL and QGIS list them
        kinds = dict(c.execute("SELECT table_name, data_type FROM gpkg_contents WHERE table_name IN (?, ?, ?)",
                               NEW_TABLES).fetchall())
        assert kinds == dict.fromkeys(NEW_TABLES, "attributes")
        assert c.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    _takes_reports_and_campaigns(path)


def test_postgresql_upgrade_0011_keeps_every_row(tmp_path, pg_server):
    path = _old_project(tmp_path)
    url = pg_server.new_database()
    copy_into_postgresql(path, url, "0011")
    geometry_sql = lambda t, col: f"ST_AsBinary({col}) AS {col}"
    before = _rows(url, geometry_sql)

    assert store.upgrade_project(url, backup_dir=tmp_path) == ("0011", store.head_revision())

    assert _rows(url, geometry_sql) == before
    _takes_reports_and_campaigns(url)
