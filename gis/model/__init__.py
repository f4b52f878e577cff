"""The ORM entities of a gridsafe project."""
from .admin import CODE_LENGTH, GRID_CODE_LENGTH, AdminUnit, Grid
from .assets import LineAsset, Site, Zone
from .base import CRS, Base, Geometry
from .fire import DutyShift, FireSeason, KeyPeriod
from .fire_registers import FirePermit, GuardianRecord, Unavailability
from .hazards import STATUSES, Hazard, HazardEvent, HazardPhoto
from .patrols import PatrolAssignment, PatrolRule, PatrolStop
from .people import Person, RoleAssignment
from .settings import ProjectSetting

__all__ = [
    "AdminUnit", "Base", "CODE_LENGTH", "CRS", "DutyShift", "FirePermit", "FireSeason", "GRID_CODE_LENGTH",
    "Geometry", "Grid", "GuardianRecord", "Hazard", "HazardEvent", "HazardPhoto", "KeyPeriod", "LineAsset",
    "PatrolAssignment", "PatrolRule", "PatrolStop", "Person", "ProjectSetting", "RoleAssignment", "STATUSES",
    "Site", "Unavailability", "Zone",
]
