"""Hazard screens: the ledger, the hazard form, the 预警 (alerts) panel, 企业自查上报 (self-check reports)."""
