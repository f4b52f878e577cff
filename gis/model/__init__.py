"""The ORM entities of a gridsafe project."""
from gis.model import gpkg  # noqa: F401  (GeoPackage column type names on SQLite)
from gis.model.accounts import ACCOUNT_ROLES, Account
from gis.model.admin import (
    CODE_LENGTH,
    GRID_CODE_LENGTH,
    AdminUnit,
    Grid,
    GridCodeHistory,
)
from gis.model.assets import LineAsset, Site, Zone
from gis.model.audit import AuditLog, AuditOperator
from gis.model.base import CRS, Base
from gis.model.enforcement import ENFORCEMENT_KINDS, EnforcementAction
from gis.model.fire import DutyShift, FireSeason, KeyPeriod
from gis.model.fire_registers import FirePermit, GuardianRecord, Unavailability
from gis.model.gas import WORKS_STATUSES, Building, ThirdPartyWorks
from gis.model.geometry import SRID, Geometry
from gis.model.hazards import STATUSES, Hazard, HazardEvent, HazardPhoto
from gis.model.patrols import (
    PatrolAssignment,
    PatrolEvidence,
    PatrolRule,
    PatrolStop,
    PatrolStopCheck,
    PatrolTrack,
)
from gis.model.people import Person, RoleAssignment
from gis.model.reporting import PHASE_KINDS, Campaign, CampaignPhase, SelfCheckReport
from gis.model.settings import GeometryEdit, ProjectSetting
from gis.model.tipoffs import TIPOFF_STATUSES, VERIFY_RESULTS, TipOff, TipOffEvent, TipOffPhoto

__all__ = [
    "ACCOUNT_ROLES",
    "CODE_LENGTH",
    "CRS",
    "ENFORCEMENT_KINDS",
    "GRID_CODE_LENGTH",
    "PHASE_KINDS",
    "SRID",
    "STATUSES",
    "TIPOFF_STATUSES",
    "VERIFY_RESULTS",
    "WORKS_STATUSES",
    "Account",
    "AdminUnit",
    "AuditLog",
    "AuditOperator",
    "Base",
    "Building",
    "Campaign",
    "CampaignPhase",
    "DutyShift",
    "EnforcementAction",
    "FirePermit",
    "FireSeason",
    "Geometry",
    "GeometryEdit",
    "Grid",
    "GridCodeHistory",
    "GuardianRecord",
    "Hazard",
    "HazardEvent",
    "HazardPhoto",
    "KeyPeriod",
    "LineAsset",
    "PatrolAssignment",
    "PatrolRule",
    "PatrolEvidence",
    "PatrolStop",
    "PatrolStopCheck",
    "PatrolTrack",
    "Person",
    "ProjectSetting",
    "RoleAssignment",
    "SelfCheckReport",
    "Site",
    "ThirdPartyWorks",
    "TipOff",
    "TipOffEvent",
    "TipOffPhoto",
    "Unavailability",
    "Zone",
]
