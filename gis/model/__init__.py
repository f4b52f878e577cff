"""The ORM entities of a gridsafe project."""
from .admin import CODE_LENGTH, GRID_CODE_LENGTH, AdminUnit, Grid
from .assets import LineAsset, Site, Zone
from .base import CRS, Base, Geometry
from .enforcement import ENFORCEMENT_KINDS, EnforcementAction
from .fire import DutyShift, FireSeason, KeyPeriod
from .fire_registers import FirePermit, GuardianRecord, Unavailability
from .hazards import STATUSES, Hazard, HazardEvent, HazardPhoto
from .patrols import PatrolAssignment, PatrolRule, PatrolStop
from .people import Person, RoleAssignment
from .settings import ProjectSetting

__all__ = [
    "CODE_LENGTH", "CRS", "ENFORCEMENT_KINDS", "GRID_CODE_LENGTH", "STATUSES", "AdminUnit", "Base", "DutyShift",
    "EnforcementAction", "FirePermit", "FireSeason", "Geometry", "Grid", "GuardianRecord", "Hazard", "HazardEvent",
    "HazardPhoto", "KeyPeriod", "LineAsset", "PatrolAssignment", "PatrolRule", "PatrolStop", "Person",
    "ProjectSetting", "RoleAssignment", "Site", "Unavailability", "Zone",
]
