"""The township a project is for: what 新建项目 asks a township office (its name, its 统一区划代码, the county's
name, the coordinate system its files use, who is creating it) and where the project keeps it.

A new project gets its county as an admin_unit (level 'district', no boundary yet: importing 乡镇（街道）边界 needs
the county to exist, and the code names it) and the township in project settings (`township_code`,
`township_name`, `crs`; `name` is the township's name). The person creating it, when named, is the roster's
first person (`founder_person_id`): a new project has no other way to get someone to sign as 操作人. The
township's own admin_unit comes with its boundary (导入 乡镇（街道）). `home_township` answers for any project:
the settings, else the only township it holds.
"""
from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import insert, select, text
from sqlalchemy.orm import Session

from gis.errors import ValidationError
from gis.geo import detect
from gis.model import AdminUnit, Person, ProjectSetting

DEFAULT_CRS = "EPSG:4490"   # CGCS2000 经纬度: what GIS data handed to a township usually is
KINDS = ("街道", "镇", "乡")


def crs_choices() -> list[str]:
    """The coordinate systems a project can name: CGCS2000 geographic, then the CGCS2000 3° Gauss-Krüger zones
    without the zone number in the easting (CM 75–135°E), then with it (zones 25–45)."""
    return [DEFAULT_CRS] + [f"EPSG:{c}" for c in range(4534, 4555)] + [f"EPSG:{c}" for c in range(4513, 4534)]


def parse_area_code(text: str) -> tuple[str, str]:
    """统一区划代码 of a township, 9 digits (410411001) or 12 (410411001000) → (township code, county code).
    Raises ValidationError with a Chinese message saying what is wrong."""
    code = "".join(str(text or "").split())
    if not code:
        raise ValidationError("请填写乡镇（街道）的统一区划代码（9 位或 12 位数字）",
                              en="Please enter the township's area code (9 or 12 digits)")
    if not code.isdigit() or len(code) not in (9, 12):
        raise ValidationError(f"统一区划代码应为 9 位或 12 位数字，“{code}”是 {len(code)} 位"
                              + ("" if code.isdigit() else "且含非数字字符"),
                              en=f"An area code has 9 or 12 digits; \"{code}\" has {len(code)} characters"
                                 + ("" if code.isdigit() else ", not all of them digits"))
    if len(code) == 12 and code[9:] != "000":
        raise ValidationError(f"“{code}”是村（社区）的代码（后 3 位不是 000），请填写乡镇（街道）的代码",
                              en=f"\"{code}\" is a village (community) code (its last 3 digits are not 000); "
                                 "please enter the township's code")
    town, county = code[:9], code[:6]
    if town[6:] == "000":
        raise ValidationError(f"“{code}”的第 7–9 位为 000，是区县的代码，请填写乡镇（街道）的代码",
                              en=f"Digits 7–9 of \"{code}\" are 000, which makes it a county code; please enter "
                                 "the township's code")
    return town, county


@dataclass(frozen=True)
class HomeTownship:
    name: str            # 荆山街道
    code: str            # 9 digits
    district_code: str   # 6 digits
    district_name: str   # 湛河区
    crs: str = DEFAULT_CRS
    operator: str | None = None   # who creates it: the first person of the roster, the window's 操作人

    @classmethod
    def checked(cls, name: str, area_code: str, district_name: str, crs: str = DEFAULT_CRS,
                operator: str | None = None) -> HomeTownship:
        """From what the user typed, or ValidationError naming the field."""
        name, district_name = (name or "").strip(), (district_name or "").strip()
        operator = (operator or "").strip() or None
        if operator is not None and len(operator) > 50:
            raise ValidationError("姓名不能超过 50 个字", en="A name cannot be longer than 50 characters")
        if not name:
            raise ValidationError("请填写乡镇（街道）名称", en="Please enter the township's name")
        if len(name) > 100:
            raise ValidationError("乡镇（街道）名称不能超过 100 个字",
                                  en="The township's name cannot be longer than 100 characters")
        code, county = parse_area_code(area_code)
        if not district_name:
            raise ValidationError("请填写所属区（县）名称", en="Please enter the county's name")
        if len(district_name) > 100:
            raise ValidationError("区（县）名称不能超过 100 个字",
                                  en="The county's name cannot be longer than 100 characters")
        try:
            crs = detect.normalize(crs or DEFAULT_CRS)
        except ValueError as e:
            raise ValidationError(str(e), en=f"Unknown coordinate system: {crs}") from e
        return cls(name, code, county, district_name, crs, operator)

    @property
    def kind(self) -> str | None:
        return next((k for k in KINDS if self.name.endswith(k)), None)

    def settings(self) -> dict[str, str]:
        return {"name": self.name, "township_code": self.code, "township_name": self.name, "crs": self.crs}


def write_home(conn, home: HomeTownship) -> None:
    """In the creating transaction (a Connection): the county as an admin_unit, the township in settings.
    The `name` setting is written by the caller (store.create_project) from home.name."""
    district_kind = next((k for k in ("区", "县", "市", "旗") if home.district_name.endswith(k)), None)
    conn.execute(insert(AdminUnit.__table__), [{"code": home.district_code, "name": home.district_name,
                                                "level": "district", "kind": district_kind, "geom": None}])
    settings = {k: v for k, v in home.settings().items() if k != "name"}
    if home.operator:
        row = conn.execute(insert(Person.__table__), [{"name": home.operator, "unit": home.name}])
        settings["founder_person_id"] = int(row.inserted_primary_key[0])
    conn.execute(insert(ProjectSetting.__table__), [{"key": k, "value": v} for k, v in settings.items()])


def home_township(s: Session) -> tuple[str, str] | None:
    """(code, name) of the township the project is for: from its settings, else its only township; None when
    it cannot tell (a county-wide project without the settings)."""
    rows = dict(s.execute(select(ProjectSetting.key, ProjectSetting.value)
                          .where(ProjectSetting.key.in_(("township_code", "township_name")))).all())
    if rows.get("township_code"):
        return str(rows["township_code"]), str(rows.get("township_name") or "")
    towns = s.execute(select(AdminUnit.code, AdminUnit.name).where(AdminUnit.level == "township").limit(2)).all()
    return (towns[0][0], towns[0][1]) if len(towns) == 1 else None


def founder(s: Session) -> tuple[int, str] | None:
    """(person id, name) of who created the project with 新建项目 (the window makes them its 操作人), if named."""
    row = s.get(ProjectSetting, "founder_person_id")
    if row is None or row.value is None:
        return None
    found = s.execute(select(Person.id, Person.name).where(Person.id == int(row.value))).first()
    return (found[0], found[1]) if found is not None else None


def project_crs(s: Session) -> str:
    """The coordinate system the project's files use (新建项目 asks it); CGCS2000 geographic when not set."""
    row = s.get(ProjectSetting, "crs")
    return str(row.value) if row is not None and row.value else DEFAULT_CRS


def first_steps(s: Session) -> dict[str, bool]:
    """Which of the first steps a new project has done: boundaries (a township or village with its boundary),
    grids, people (someone holds a role on a grid: the 网格员 planning needs), sites, hazards. The window's
    first-run guide shows while there are no sites (`needs_guide`)."""
    def some(sql: str) -> bool:
        return s.execute(text(sql)).first() is not None

    return {
        "boundaries": some("SELECT 1 FROM admin_unit WHERE level IN ('township', 'village') AND geom IS NOT NULL "
                           "LIMIT 1"),
        "grids": some("SELECT 1 FROM grid LIMIT 1"),
        "people": some("SELECT 1 FROM role_assignment WHERE grid_id IS NOT NULL LIMIT 1"),
        "sites": some("SELECT 1 FROM site LIMIT 1"),
        "hazards": some("SELECT 1 FROM hazard LIMIT 1"),
    }


def is_empty(s: Session) -> bool:
    """Nothing on the map yet: no boundaries, grids or sites (hazards need one of them to sit on)."""
    steps = first_steps(s)
    return not (steps["boundaries"] or steps["grids"] or steps["sites"])


def needs_guide(s: Session) -> bool:
    """The first-run guide stays over the map until the project has its sites (the last data step: boundaries,
    grids and people come first, and the map shows them behind the guide)."""
    return not first_steps(s)["sites"]
