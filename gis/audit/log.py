"""Reading the audit trail: filtered lists, one record's history, the last change (who, when), and the values
in words with Chinese table and field names (where gis.io.targets knows them). Qt-free; the window's audit dock,
the identify panel's 操作记录 and `gridsafe audit` all read through here.
"""
from __future__ import annotations

import re
import struct
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from pathlib import Path
from typing import Any

from sqlalchemy import and_, func, or_, select
from sqlalchemy.orm import Session

from gis.audit.authors import NO_OPERATOR, UNKNOWN, last_change, who, who_in  # noqa: F401 (read from here too)
from gis.model.audit import AuditLog

ACTION_LABELS = {"insert": "新增", "update": "修改", "delete": "删除"}
# tables a person meets by these names (gis.io.targets' layers first, then the rest)
TABLE_LABELS = {
    "admin_unit": "行政区划", "grid": "网格", "site": "场所", "line_asset": "线状设施", "zone": "区域",
    "building": "建筑物", "third_party_works": "第三方施工", "hazard": "隐患", "hazard_event": "隐患履历",
    "hazard_photo": "隐患照片", "person": "人员", "role_assignment": "人员职责", "patrol_rule": "巡查规则",
    "patrol_assignment": "巡查任务", "patrol_stop": "巡查点位", "fire_season": "防火期", "key_period": "重点时段",
    "duty_shift": "值班排班", "unavailability": "请假/不可用", "fire_permit": "野外用火审批",
    "guardian_record": "护林记录", "enforcement_action": "执法记录", "self_check_report": "企业自查自报",
    "campaign": "专项行动", "campaign_phase": "专项行动阶段", "grid_code_history": "网格编码历史",
    "project_setting": "项目设置",
}
_COMMON_FIELDS = {
    "id": "ID", "geom": "图形", "route": "路线", "attributes": "扩展属性", "note": "备注", "name": "名称",
    "code": "编码", "created_at": "创建时间", "updated_at": "修改时间", "version": "版本", "phone": "电话",
    "key": "键", "value": "值",
}
_HAZARD_FIELDS = {
    "code": "隐患编号", "line_id": "关联线路", "zone_id": "关联区域", "grid_id": "所属网格", "building_id": "关联建筑物",
    "works_id": "关联施工", "finding": "分析结论", "found_on": "发现日期", "found_by": "发现人", "source": "隐患来源",
    "checklist_item": "检查项", "description": "隐患描述", "owner_id": "责任人", "measures": "整改措施",
    "executor_id": "整改人", "acceptor_id": "验收人", "wls_measures": "五落实·措施", "wls_responsibility": "五落实·责任",
    "wls_funds": "五落实·资金", "wls_deadline": "五落实·时限", "wls_plan": "五落实·预案",
    "supervising_unit": "督办单位", "closed_on": "销号日期", "patrol_stop_id": "巡查点位",
    "patrol_assignment_id": "巡查任务",
}

_EVENT_FIELDS = {
    "hazard_id": "隐患", "seq": "序号", "action": "办理步骤", "from_status": "原状态", "to_status": "新状态",
    "actor_id": "操作人编号", "actor_name": "操作人", "at": "时间", "signature_role": "签字身份",
}
_ASSIGNMENT_FIELDS = {
    "kind": "任务类型", "grid_id": "网格", "person_id": "巡查人", "period": "时段", "planned_on": "计划日期",
    "status": "状态", "priority": "优先级", "start_site_id": "起点场所", "route_length_m": "路线长度（米）",
    "line_id": "巡线管段", "patrolled_on": "巡线日期", "patrolled_m": "已巡长度（米）",
}
_MORE_FIELDS = {"hazard": _HAZARD_FIELDS, "hazard_event": _EVENT_FIELDS, "patrol_assignment": _ASSIGNMENT_FIELDS}


# the English window's words for the above (keyed by the Chinese; gis.io.targets.ENGLISH has the layers' fields)
ACTION_EN = {"insert": "Added", "update": "Changed", "delete": "Deleted"}
TABLE_EN = {
    "admin_unit": "Admin units", "grid": "Grids", "site": "Sites", "line_asset": "Line assets", "zone": "Zones",
    "building": "Buildings", "third_party_works": "Third-party works", "hazard": "Hazards",
    "hazard_event": "Hazard history", "hazard_photo": "Hazard photos", "person": "People",
    "role_assignment": "People's duties", "patrol_rule": "Patrol rules", "patrol_assignment": "Patrol assignments",
    "patrol_stop": "Patrol stops", "fire_season": "Fire seasons", "key_period": "Key periods",
    "duty_shift": "Duty shifts", "unavailability": "Leave / unavailable", "fire_permit": "Outdoor fire permits",
    "guardian_record": "Ranger records", "enforcement_action": "Enforcement records",
    "self_check_report": "Enterprise self-check reports", "campaign": "Campaigns", "campaign_phase": "Campaign phases",
    "grid_code_history": "Grid code history", "project_setting": "Project settings",
}
FIELD_EN = {
    "五落实·措施": "Five-in-place: measures", "五落实·时限": "Five-in-place: deadline",
    "五落实·责任": "Five-in-place: responsibility", "五落实·资金": "Five-in-place: funds",
    "五落实·预案": "Five-in-place: contingency plan", "修改时间": "Updated at", "值": "Value", "关联区域": "Zone",
    "关联建筑物": "Building", "关联施工": "Works", "关联线路": "Line", "分析结论": "Finding", "创建时间": "Created at",
    "办理步骤": "Step", "原状态": "From status", "发现人": "Found by", "发现日期": "Found on", "图形": "Geometry",
    "巡查任务": "Patrol assignment", "巡查点位": "Patrol stop", "序号": "No.", "扩展属性": "Other attributes",
    "操作人": "Operator", "操作人编号": "Operator ID", "整改人": "Rectified by", "整改措施": "Measures",
    "新状态": "To status", "时间": "Time", "检查项": "Checklist item", "版本": "Version", "电话": "Phone",
    "督办单位": "Supervising unit", "签字身份": "Signed as", "责任人": "Person responsible", "路线": "Route",
    "销号日期": "Closed on", "键": "Key", "隐患描述": "Description", "隐患来源": "Source", "隐患编号": "Hazard code",
    "验收人": "Accepted by", "任务类型": "Assignment kind", "网格": "Grid", "巡查人": "Patroller", "时段": "Period",
    "计划日期": "Planned on", "优先级": "Priority", "起点场所": "Start site", "路线长度（米）": "Route length (m)",
    "巡线管段": "Pipeline section", "巡线日期": "Patrolled on", "已巡长度（米）": "Length patrolled (m)",
}


def table_label(table: str, lang: str = "zh") -> str:
    if lang == "en":
        return TABLE_EN.get(table, table)
    return TABLE_LABELS.get(table, table)


def action_label(action: str, lang: str = "zh") -> str:
    return (ACTION_EN if lang == "en" else ACTION_LABELS).get(action, action)


def field_labels(table: str, lang: str = "zh") -> dict[str, str]:
    """Column → name for `table` (what gis.io.targets calls it, else the common names), in `lang`."""
    from gis.io.targets import EXTRA_LABELS, TARGETS, english

    labels = {**_COMMON_FIELDS, **EXTRA_LABELS}
    labels.update(_MORE_FIELDS.get(table, {}))
    for t in TARGETS.values():
        if t.table == table:
            labels.update({f.name: f.label for f in t.fields})
    if lang == "en":
        return {k: FIELD_EN.get(v) or english(v, lang) for k, v in labels.items()}
    return labels


BULK = "批量写入（导入或示例数据；各字段值见数据本身，未复制到日志）"
BULK_EN = "Bulk write (an import or demo data; the values are in the data itself, not copied to the log)"


_DATETIME = re.compile(r"^\d{4}-\d\d-\d\d[ T]\d\d:\d\d:\d\d(\.\d+)?$")


_WORDS = {"empty": "（空）", "yes": "是", "no": "否", "point": "点", "extent": "范围", "bytes": "字节", "binary": "二进制数据",
          "no_geometry": "空图形", "geometry": "图形", "(": "（", ")": "）"}
_WORDS_EN = {"empty": "(empty)", "yes": "yes", "no": "no", "point": "point", "extent": "extent", "bytes": "bytes",
             "binary": "binary data", "no_geometry": "empty geometry", "geometry": "geometry", "(": " (", ")": ")"}


def show_value(value: Any, lang: str = "zh") -> str:
    """A recorded value in words (in `lang`): geometry summaries (gis/audit/schema.py) as a point or an extent."""
    w = _WORDS_EN if lang == "en" else _WORDS
    if value is None:
        return w["empty"]
    if isinstance(value, bool):
        return w["yes"] if value else w["no"]
    if isinstance(value, dict | list):
        import json

        return json.dumps(value, ensure_ascii=False)
    text = str(value)
    if _DATETIME.match(text):
        return text[:19].replace("T", " ")
    if text.startswith("gpkg:"):
        return _show_gpkg(text, w)
    if text.startswith("box:"):
        size, _, box = text[4:].partition(":")
        return _extent(*map(float, box.split()), size=int(size), w=w)
    if text.startswith("POINT("):
        x, y = map(float, text[6:-1].split()[:2])
        return f"{w['point']} {x:.6f}, {y:.6f}"
    if text.startswith("bytes:"):
        return f"{w['binary']} {text[6:]} {w['bytes']}"
    return text


def _extent(minx: float, miny: float, maxx: float, maxy: float, size: int | None = None,
            w: dict | None = None) -> str:
    w = w or _WORDS
    if minx == maxx and miny == maxy:
        return f"{w['point']} {minx:.6f}, {miny:.6f}"
    out = f"{w['extent']} {minx:.6f}, {miny:.6f} – {maxx:.6f}, {maxy:.6f}"
    return f"{out}{w['(']}{size} {w['bytes']}{w[')']}" if size is not None else out


def _show_gpkg(text: str, w: dict) -> str:
    """`gpkg:<bytes>:<hex head>`: the GeoPackage header's envelope, or the point a header without one carries."""
    try:
        size, _, head = text[5:].partition(":")
        blob = bytes.fromhex(head)
        flags = blob[3]
        order = "<" if flags & 1 else ">"
        envelope = (flags >> 1) & 0b111
        if flags & 0b1_0000:
            return w["no_geometry"]
        length = 8 + {0: 0, 1: 32, 2: 48, 3: 48, 4: 64}.get(envelope, 0)
        if envelope:
            minx, maxx, miny, maxy = struct.unpack(order + "4d", blob[8:40])
            return _extent(minx, miny, maxx, maxy, int(size) - length, w)
        wkb = blob[8:]
        wkb_order = "<" if wkb[0] == 1 else ">"
        if struct.unpack(wkb_order + "I", wkb[1:5])[0] % 1000 == 1:
            x, y = struct.unpack(wkb_order + "2d", wkb[5:21])
            return f"{w['point']} {x:.6f}, {y:.6f}"
        return f"{w['geometry']}{w['(']}{int(size) - length} {w['bytes']}{w[')']}"
    except (ValueError, IndexError, struct.error):
        return "图形"


@dataclass(frozen=True)
class FieldChange:
    name: str
    label: str
    old: str       # in words ("" when the action has no old values)
    new: str


@dataclass(frozen=True)
class Entry:
    id: int
    at: datetime
    db_user: str | None
    operator: str | None
    application: str | None
    table: str
    record_id: str | None
    action: str
    old: dict = field(default_factory=dict)
    new: dict = field(default_factory=dict)
    bulk: bool = False   # an insert of gridsafe's bulk writes (import, demo): who, when, id — no copy of the values

    @property
    def who(self) -> str:
        return who(self.db_user, self.operator, self.application)

    @property
    def table_label(self) -> str:
        return table_label(self.table)

    @property
    def action_label(self) -> str:
        return action_label(self.action)

    def changes(self, lang: str = "zh") -> list[FieldChange]:
        """Per field, old → new in words (the whole row for an insert or delete); field names in `lang`."""
        labels = field_labels(self.table, lang)
        names = list(dict.fromkeys([*self.old, *self.new]))
        return [FieldChange(n, labels.get(n, n),
                            show_value(self.old.get(n), lang) if self.action != "insert" else "",
                            show_value(self.new.get(n), lang) if self.action != "delete" else "") for n in names]

    def summary(self, lang: str = "zh") -> str:
        """One line: what changed (names of the fields for an update)."""
        if self.bulk:
            return BULK_EN if lang == "en" else BULK
        if self.action == "update":
            labels = field_labels(self.table, lang)
            return (", " if lang == "en" else "、").join(labels.get(n, n) for n in self.new)
        values = self.new if self.action == "insert" else self.old
        for key in ("name", "code", "title", "description", "note", "action", "key"):
            if values.get(key):
                return str(values[key])[:60]
        return ""

    def as_dict(self) -> dict:
        return {"id": self.id, "at": self.at.isoformat(timespec="seconds"), "who": self.who, "db_user": self.db_user,
                "operator": self.operator, "application": self.application, "table": self.table,
                "record_id": self.record_id, "action": self.action, "old": self.old, "new": self.new,
                "bulk": self.bulk}


def _json(value) -> dict:
    if value is None:
        return {}
    if isinstance(value, str):   # a PostgreSQL jsonb read back as text by some driver
        import json

        value = json.loads(value)
    return dict(value)


def _entry(row) -> Entry:
    return Entry(row.id, row.at, row.db_user, row.operator, row.application, row.table_name, row.record_id,
                 row.action, _json(row.old_values), _json(row.new_values),
                 bulk=row.action == "insert" and row.new_values is None)


@dataclass(frozen=True)
class Filter:
    """What the list shows: a period (days, inclusive), an author (operator or database role), a table, a record,
    an action."""
    since: date | None = None
    until: date | None = None
    user: str | None = None
    table: str | None = None
    record_id: str | int | None = None
    action: str | None = None


def query(session: Session, flt: Filter = Filter(), *, limit: int | None = None) -> list[Entry]:
    """The audit rows `flt` selects, newest first (at most `limit`)."""
    t = AuditLog.__table__
    where = []
    if flt.since is not None:
        where.append(t.c.at >= datetime.combine(flt.since, time.min))
    if flt.until is not None:
        where.append(t.c.at < datetime.combine(flt.until + timedelta(days=1), time.min))
    if flt.user:
        nobody = and_(t.c.operator.is_(None), t.c.db_user.is_(None))
        if flt.user == UNKNOWN:
            where.append(and_(nobody, t.c.application.is_(None)))
        elif flt.user.endswith(f"（{NO_OPERATOR}）"):
            where.append(and_(nobody, t.c.application == flt.user[:-len(NO_OPERATOR) - 2]))
        else:
            where.append(or_(t.c.operator == flt.user, t.c.db_user == flt.user))
    if flt.table:
        where.append(t.c.table_name == flt.table)
    if flt.record_id not in (None, ""):
        where.append(t.c.record_id == str(flt.record_id))
    if flt.action:
        where.append(t.c.action == flt.action)
    stmt = select(t).where(*where).order_by(t.c.id.desc())
    if limit is not None:
        stmt = stmt.limit(limit)
    return [_entry(r) for r in session.execute(stmt)]


def history(session: Session, table: str, record_id: str | int) -> list[Entry]:
    """Every recorded change of one record, newest first."""
    return query(session, Filter(table=table, record_id=record_id))


def authors(session: Session) -> list[str]:
    """The operators and database roles that appear (filter choices), UNKNOWN if another program wrote."""
    t = AuditLog.__table__
    names: set[str] = set()
    for operator, db_user, application in session.execute(
            select(t.c.operator, t.c.db_user, t.c.application).distinct()):
        names.update(n for n in (operator, db_user) if n)
        if not operator and not db_user:
            names.add(who(None, None, application))
    return sorted(names)


def tables(session: Session) -> list[str]:
    t = AuditLog.__table__
    return sorted(session.execute(select(t.c.table_name).distinct()).scalars())


def count(session: Session) -> int:
    return int(session.execute(select(func.count()).select_from(AuditLog.__table__)).scalar())


HEADERS = ("序号", "时间", "操作人", "程序", "数据表", "记录编号", "操作", "字段", "原值", "新值")


def export_rows(entries: list[Entry]) -> list[tuple]:
    """One row per changed field (an entry with no field changes gets one row): what the xlsx export writes."""
    rows = []
    for e in entries:
        head = (e.id, e.at.strftime("%Y-%m-%d %H:%M:%S"), e.who, e.application or "", e.table_label,
                e.record_id or "", e.action_label)
        changes = e.changes() or [FieldChange("", BULK if e.bulk else "", "", "")]
        rows.extend((*head, c.label, c.old, c.new) for c in changes)
    return rows


def export_xlsx(entries: list[Entry], path: str | Path) -> Path:
    """The entries as an xlsx sheet (through reports.xlsx_sheet.save_workbook: written whole or not at all)."""
    from openpyxl import Workbook
    from openpyxl.styles import Font

    from gis.reports.xlsx_sheet import save_workbook

    wb = Workbook()
    ws = wb.active
    ws.title = "操作日志"
    ws.append(HEADERS)
    for cell in ws[1]:
        cell.font = Font(bold=True)
    for row in export_rows(entries):
        ws.append(row)
    for letter, width in zip("ABCDEFGHIJ", (8, 20, 16, 12, 12, 10, 8, 16, 36, 36), strict=True):
        ws.column_dimensions[letter].width = width
    ws.freeze_panes = "A2"
    return save_workbook(wb, Path(path))
