"""The layers data can be imported into and exported from, and their fields as users see them.

One definition serves both directions: a field's Chinese label is the export header and one of the
names the import mapping recognises; a vocabulary field stores the key and shows the label.
"""
from __future__ import annotations

from dataclasses import dataclass, field

from sqlalchemy import String

from gis.model import AdminUnit, Building, Grid, LineAsset, Site, ThirdPartyWorks, Zone


@dataclass(frozen=True)
class Field:
    name: str  # model column
    label: str  # Chinese header
    kind: str = "text"  # text | int | float | vocab | date
    vocab: str | None = None
    required: bool = False
    lenient: bool = False  # vocab field that keeps unknown text as it is (e.g. zone levels)

    def label_in(self, lang: str = "zh") -> str:
        return english(self.label, lang)


@dataclass(frozen=True)
class Target:
    layer: str  # gis.layers.LAYERS name
    label: str  # Chinese layer name
    model: type
    geometry: tuple[str, ...]  # allowed families: point | line | polygon
    fields: tuple[Field, ...]
    defaults: dict = field(default_factory=dict)
    allowed: dict = field(default_factory=dict)  # field → allowed keys in this layer
    has_attributes: bool = True  # extra source fields go to the JSON attributes column
    admin_level: str | None = None  # townships / villages: the admin_unit level written
    periods: tuple[tuple[str, str], ...] = ()  # (start, end) date fields: the end may not come before the start

    @property
    def table(self) -> str:
        return self.model.__tablename__

    def label_in(self, lang: str = "zh") -> str:
        return english(self.label, lang)

    def field(self, name: str) -> Field:
        return next(f for f in self.fields if f.name == name)

    def max_length(self, name: str) -> int | None:
        col = self.model.__table__.columns[name]
        return col.type.length if isinstance(col.type, String) else None


GEOMETRY_LABELS = {"point": "点", "line": "线", "polygon": "面"}

_NAME = Field("name", "名称", required=True)
_CODE = Field("code", "编码")
_LINE_FIELDS = (
    Field("name", "名称"), Field("kind", "类型", "vocab", "line_kinds", required=True), _CODE,
    Field("operator", "权属单位"), Field("pressure_class", "压力级制", "vocab", "pressure_classes"),
    Field("material", "管材"), Field("diameter_mm", "管径（毫米）", "float"), Field("year_built", "建设年份", "int"),
)
_PIPELINE_FIELDS = _LINE_FIELDS + (
    Field("outside_diameter_mm", "外径（毫米）", "float"), Field("depth_m", "埋深（米）", "float"),
    Field("last_inspected_on", "最近检测日期", "date"),
)
_ADMIN_FIELDS = (Field("code", "行政区划代码", required=True), _NAME, Field("kind", "类别"))

TARGETS: dict[str, Target] = {t.layer: t for t in (
    Target("sites", "企业场所", Site, ("point", "polygon"), (
        _NAME, Field("code", "统一社会信用代码"),
        Field("category", "场所类别", "vocab", "site_categories", required=True),
        Field("sector", "行业领域", "vocab", "sectors"), Field("address", "地址"),
        Field("status", "经营状态", "vocab", "site_statuses"), Field("risk_level", "风险等级", "vocab", "risk_levels"),
        Field("contact_name", "联系人"), Field("contact_phone", "联系电话"), Field("legal_person", "法定代表人"),
    ), defaults={"status": "normal"}),
    Target("grids", "网格", Grid, ("polygon",), (
        Field("code", "网格编码", required=True), _NAME, Field("kind", "网格类型", "vocab", "grid_kinds"),
        Field("note", "备注"),
    ), defaults={"kind": "comprehensive"}, has_attributes=False),
    Target("villages", "村（社区）", AdminUnit, ("polygon",), _ADMIN_FIELDS, has_attributes=False,
           admin_level="village"),
    Target("townships", "乡镇（街道）", AdminUnit, ("polygon",), _ADMIN_FIELDS, has_attributes=False,
           admin_level="township"),
    Target("pipelines", "燃气管道", LineAsset, ("line",), _PIPELINE_FIELDS, defaults={"kind": "gas_pipeline"},
           allowed={"kind": ("gas_pipeline",)}),
    Target("roads", "道路", LineAsset, ("line",), _LINE_FIELDS, defaults={"kind": "road"},
           allowed={"kind": ("road", "hazardous_road")}),
    Target("fire_lines", "防火线路", LineAsset, ("line",), _LINE_FIELDS, defaults={"kind": "fire_road"},
           allowed={"kind": ("fire_road", "firebreak", "forest_power_line")}),
    Target("zones", "区域", Zone, ("polygon",), (
        _NAME, Field("kind", "区域类型", "vocab", "zone_kinds", required=True), _CODE,
        Field("level", "等级", "vocab", "fire_danger_levels", lenient=True),
    )),
    Target("buildings", "建筑物", Building, ("polygon",), (
        Field("name", "名称"), Field("address", "地址"), Field("storeys", "层数", "int"),
        Field("use", "用途", "vocab", "building_uses"), Field("note", "备注"),
    )),
    Target("works", "第三方施工", ThirdPartyWorks, ("polygon",), (
        _NAME, Field("party", "施工单位"), Field("contact_name", "联系人"), Field("contact_phone", "联系电话"),
        Field("start_on", "开始日期", "date"), Field("end_on", "结束日期", "date"),
        Field("permit_no", "许可编号"), Field("supervisor", "监护人"),
        Field("status", "状态", "vocab", "works_statuses"), Field("note", "备注"),
    ), defaults={"status": "planned"}, periods=(("start_on", "end_on"),)),
)}

# Layers that can only be exported, and the labels of the columns they add.
LAYER_LABELS = {**{t.layer: t.label for t in TARGETS.values()}, "hazards": "隐患", "tipoffs": "群众举报"}
EXTRA_LABELS = {
    "id": "ID", "grid_id": "所属网格", "village_id": "所属村（社区）", "parent_id": "上级行政区",
    "site_id": "关联场所", "status": "状态", "grade": "隐患等级", "sector": "行业领域", "deadline": "整改期限",
    "supervision_level": "挂牌督办",
}
# Headers for the free attributes (`attributes` JSON) in table exports (CSV, XLSX); GeoPackage, Shapefile and
# GeoJSON keep the keys as field names. A key not listed stays as it is.
ATTRIBUTE_LABELS = {
    "patrol_start": "巡查起点", "business": "经营方式", "major_hazard_source": "重大危险源", "license_no": "许可证号",
    "key_processes": "重点监管危险工艺", "external_safety_distance_m": "外部安全防护距离（米）", "subsector": "细分行业",
    "employees": "从业人员数", "scale": "规模", "confined_space": "有限空间作业", "dust_explosion": "粉尘涉爆",
    "ammonia_refrigeration": "涉氨制冷", "type": "类型", "room": "值守房", "metal_detector": "金属探测器",
    "station_code": "站点编号", "height_m": "高度（米）", "camera": "摄像头", "hill": "所在山头",
    "area_m2": "面积（平方米）", "inventory": "储备物资", "last_check": "最近检查日期", "lodging": "住宿",
    "gas_type": "燃气种类", "bottles": "气瓶数", "leak_alarm": "燃气泄漏报警", "seats": "座位数",
    "contractor": "施工单位", "permit": "施工许可", "started": "开工日期", "children": "儿童数", "students": "学生数",
    "staff": "教职工数", "storage_bottles": "储存气瓶数", "real_name_system": "气瓶实名制", "grade": "等级",
    "routes": "线路数", "rooms": "房间数", "kind": "类别", "fire_danger": "火险等级", "note": "备注",
    "grids": "网格", "pipeline": "管道", "buffer_m": "缓冲距离（米）", "school": "学校", "radius_m": "半径（米）",
    "class": "道路等级", "lanes": "车道数", "road": "道路", "surface": "路面", "width_m": "宽度（米）",
    "voltage_kv": "电压（千伏）", "poles": "电杆数", "buried": "埋地", "depth_m": "埋深（米）",
}
ATTRIBUTE_KEYS = {label: key for key, label in ATTRIBUTE_LABELS.items()}   # an exported table imported back


def attribute_key(header: str) -> str:
    """The free attribute a column of an imported table fills: the key an export labelled (`气瓶数` → bottles,
    `等级（属性）` → grade), else the header itself."""
    for text in (header, header.removesuffix("（属性）")):
        if text in ATTRIBUTE_KEYS:
            return ATTRIBUTE_KEYS[text]
    return header


EXTRA_VOCAB = {("hazards", "status"): "hazard_statuses", ("hazards", "grade"): "hazard_grades",
               ("hazards", "sector"): "sectors", ("hazards", "supervision_level"): "supervision_levels"}


# The English window's names of the layers and fields above (the Chinese stays the export header and what the
# import mapping recognises). tests/test_resource_english.py keeps it complete.
ENGLISH = {
    "ID": "ID", "上级行政区": "Parent admin unit", "乡镇（街道）": "Townships (sub-districts)",
    "企业场所": "Enterprises and sites", "关联场所": "Site", "区域": "Zones", "区域类型": "Zone type", "压力级制": "Pressure class",
    "名称": "Name", "地址": "Address", "场所类别": "Site category", "埋深（米）": "Depth (m)", "备注": "Note",
    "外径（毫米）": "Outside diameter (mm)", "层数": "Storeys", "建筑物": "Buildings", "建设年份": "Year built",
    "开始日期": "Start date", "所属村（社区）": "Village (community)", "所属网格": "Grid", "挂牌督办": "Supervision",
    "整改期限": "Deadline", "施工单位": "Contractor", "最近检测日期": "Last inspected on", "权属单位": "Owner",
    "村（社区）": "Villages (communities)", "法定代表人": "Legal representative", "燃气管道": "Gas pipelines", "状态": "Status",
    "用途": "Use", "监护人": "Supervisor on site", "第三方施工": "Third-party works", "等级": "Level",
    "管径（毫米）": "Diameter (mm)", "管材": "Material", "类别": "Category", "类型": "Type", "经营状态": "Business status",
    "结束日期": "End date", "统一社会信用代码": "Unified social credit code", "编码": "Code", "网格": "Grids", "网格类型": "Grid type",
    "网格编码": "Grid code", "联系人": "Contact", "联系电话": "Contact phone", "行业领域": "Sector", "行政区划代码": "Admin code",
    "许可编号": "Permit no.", "道路": "Roads", "防火线路": "Fire roads and firebreaks", "隐患": "Hazards", "群众举报": "Tip-offs", "隐患等级": "Grade",
    "风险等级": "Risk level",
    # the registers' (gis.people, gis.hazards.self_checks): as their import reports name them
    "人员名册": "People register", "姓名": "Name", "单位": "Unit", "职务": "Title", "角色": "Role", "场所": "Site",
    "企业自查上报": "Enterprise self-check reports", "企业名称": "Enterprise name", "上报日期": "Reported on",
    "发现隐患数": "Hazards found", "上报人": "Reporter",
}


def english(label: str, lang: str = "zh") -> str:
    """A layer or field label of this module (企业场所, 场所类别) in `lang`."""
    return ENGLISH.get(label, label) if lang == "en" else label


def layer_label(layer: str, lang: str = "zh") -> str:
    """An importable or exportable layer's name (LAYER_LABELS) in `lang`."""
    return english(LAYER_LABELS.get(layer, layer), lang)


def target(layer: str) -> Target:
    from gis.io.errors import DataFileError

    if layer not in TARGETS:
        known_en = ", ".join(f"{k} ({t.label_in('en')})" for k, t in TARGETS.items())
        raise DataFileError(f"不能导入到图层“{layer}”，可导入的图层：{'、'.join(f'{k}（{t.label}）' for k, t in TARGETS.items())}",
                            en=f"Cannot import into layer \"{layer}\"; the layers you can import into: {known_en}")
    return TARGETS[layer]
