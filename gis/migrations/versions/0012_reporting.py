"""reporting: enterprises' self-check reports and phased campaigns with their targets

Revision ID: 0012
Revises: 0011
Create Date: 2026-12-05 08:20:00

Issue 14 (dashboard and periodic reports). Three new tables; nothing existing changes:
- `self_check_report`: an enterprise's self-check report (企业自查自报) on a day with the number of hazards it found
  (0 = 零报告). Self-check coverage and zero-report enterprises are counted from it.
- `campaign` and `campaign_phase`: a phased campaign as the seeds issue them (文号, span) and its phases and
  milestones, each optionally with a target (a KPI id of resources/kpis.yaml and the value due by its end).
On SQLite they are GeoPackage attribute tables. Downgrading drops them.
"""
import sqlalchemy as sa
from alembic import op

from gis.model import gpkg

revision = '0012'
down_revision = '0011'
branch_labels = None
depends_on = None

TABLES = ["self_check_report", "campaign", "campaign_phase"]


def upgrade() -> None:
    op.create_table(
        "self_check_report",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("site_id", sa.Integer(), nullable=False),
        sa.Column("reported_on", sa.Date(), nullable=False),
        sa.Column("hazards_found", sa.Integer(), server_default="0", nullable=False),
        sa.Column("reporter", sa.String(length=50), nullable=True),
        sa.Column("note", sa.Text(), nullable=True),
        sa.Column("recorded_by", sa.String(length=50), nullable=True),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.CheckConstraint("hazards_found >= 0", name=op.f("ck_self_check_report_hazards_found")),
        sa.ForeignKeyConstraint(["site_id"], ["site.id"], name=op.f("fk_self_check_report_site_id_site"),
                                ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_self_check_report")),
    )
    op.create_index(op.f("ix_self_check_report_reported_on"), "self_check_report", ["reported_on"])
    op.create_index("ix_self_check_report_site_id_reported_on", "self_check_report", ["site_id", "reported_on"])
    op.create_table(
        "campaign",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(length=200), nullable=False),
        sa.Column("document_no", sa.String(length=60), nullable=True),
        sa.Column("issuer", sa.String(length=200), nullable=True),
        sa.Column("start_on", sa.Date(), nullable=False),
        sa.Column("end_on", sa.Date(), nullable=False),
        sa.Column("note", sa.Text(), nullable=True),
        sa.CheckConstraint("end_on >= start_on", name=op.f("ck_campaign_dates")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_campaign")),
    )
    op.create_table(
        "campaign_phase",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("campaign_id", sa.Integer(), nullable=False),
        sa.Column("seq", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(length=16), server_default="phase", nullable=False),
        sa.Column("name", sa.String(length=100), nullable=False),
        sa.Column("start_on", sa.Date(), nullable=True),
        sa.Column("end_on", sa.Date(), nullable=False),
        sa.Column("kpi", sa.String(length=40), nullable=True),
        sa.Column("target", sa.Float(), nullable=True),
        sa.Column("note", sa.Text(), nullable=True),
        sa.CheckConstraint("kind IN ('phase','milestone')", name=op.f("ck_campaign_phase_kind")),
        sa.CheckConstraint("start_on IS NULL OR end_on >= start_on", name=op.f("ck_campaign_phase_dates")),
        sa.ForeignKeyConstraint(["campaign_id"], ["campaign.id"], name=op.f("fk_campaign_phase_campaign_id_campaign"),
                                ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_campaign_phase")),
    )
    op.create_index(op.f("ix_campaign_phase_campaign_id"), "campaign_phase", ["campaign_id"])
    op.create_index(op.f("ix_campaign_phase_end_on"), "campaign_phase", ["end_on"])
    conn = op.get_bind()
    if conn.dialect.name == "sqlite":
        gpkg.register_attributes(conn, TABLES)


def downgrade() -> None:
    conn = op.get_bind()
    for table in reversed(TABLES):
        if conn.dialect.name == "sqlite":
            conn.exec_driver_sql("DELETE FROM gpkg_contents WHERE table_name = ?", (table,))
        op.drop_table(table)
