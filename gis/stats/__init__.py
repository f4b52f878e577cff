"""Statistics for the dashboard and the periodic reports: KPIs as data (kpis), the records they count as
arrays (records), their evaluation per period and grouping (compute)."""
