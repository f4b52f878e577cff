"""`gridsafe audit PROJECT [--since D] [--until D] [--user NAME] [--table T] [--id N] [--action A] [--json]`:
the audit trail (操作日志), newest first — every insert, update and delete recorded by the database's triggers,
whoever made it (desktop/services/audit.py, gis/audit)."""
from __future__ import annotations

import json

from desktop.commands import _args


def register(sub) -> None:
    c = sub.add_parser("audit", help="操作日志：谁在何时新增、修改、删除了哪条记录，原值和新值（数据库触发器记录，含其他程序的修改）")
    _args.project_arg(c)
    _args.date_arg(c, "--since", help="从哪天起（含）")
    _args.date_arg(c, "--until", help="到哪天止（含）")
    c.add_argument("--user", help="操作人或数据库用户名（“外部程序/未知”= 未登记操作人的其他程序）")
    c.add_argument("--table", help="数据表名，如 hazard、site（也可用中文名，如 隐患、场所）")
    c.add_argument("--id", dest="record_id", help="记录编号")
    c.add_argument("--action", choices=("insert", "update", "delete"), help="操作：insert 新增、update 修改、delete 删除")
    c.add_argument("--limit", type=int, help="最多列出多少条（最新的）")
    c.add_argument("--xlsx", metavar="FILE.xlsx", help="另存为 Excel 表格")
    _args.json_arg(c)
    c.set_defaults(func=cmd_audit)


def _table(name: str | None) -> str | None:
    from gis.audit.log import TABLE_LABELS

    if not name:
        return None
    by_label = {v: k for k, v in TABLE_LABELS.items()}
    return by_label.get(name, name)


def cmd_audit(args) -> int:
    from desktop.services import audit
    from gis.audit.log import Filter
    from gis.errors import ValidationError

    if args.since and args.until and args.until < args.since:
        raise ValidationError(f"--until {args.until} 早于 --since {args.since}")
    flt = Filter(since=args.since, until=args.until, user=args.user, table=_table(args.table),
                 record_id=args.record_id, action=args.action)
    with _args.open_project(args) as project:
        if flt.table and flt.table not in audit.known_tables(project):
            raise ValidationError(f"--table {args.table}：没有这个数据表。可用：{audit.describe_tables(project)}")
        entries = audit.entries(project, flt, limit=args.limit)
        if args.xlsx:
            path = audit.export(project, flt, args.xlsx)
    if args.json:
        print(json.dumps([e.as_dict() for e in entries], ensure_ascii=False, indent=1, default=str))
        return 0
    if args.xlsx:
        print(f"已导出 {len(entries)} 条操作日志：{path}")
        return 0
    print(f"操作日志（{len(entries)} 条，最新的在前）")
    for e in entries:
        print(f"{e.at:%Y-%m-%d %H:%M:%S}  {e.who}  {e.action_label}  {e.table_label} {e.record_id or ''}  "
              f"{e.summary()}")
        if e.action == "update":
            for c in e.changes():
                print(f"      {c.label}：{c.old} → {c.new}")
    return 0
