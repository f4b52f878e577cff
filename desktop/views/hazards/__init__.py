"""Hazard screens: the ledger, the hazard form, the 预警 (alerts) panel."""
