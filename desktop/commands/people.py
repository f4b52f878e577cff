"""`gridsafe people …`: the 人员名册 — import an XLSX/CSV roster (姓名, 联系电话, 单位, 职务, 角色, and where: 网格 /
村（社区）/ 乡镇（街道）/ 区域 / 场所 by name or code), list it."""
from __future__ import annotations

import json
import sys

from desktop.commands import _args

DEFAULT_ACTOR = "命令行"


def register(sub) -> None:
    g = sub.add_parser("people", help="人员名册：导入（xlsx/csv）、列出人员及其角色")
    gs = g.add_subparsers(dest="people_command", metavar="操作", required=True)

    im = gs.add_parser("import", help="导入人员名册（列：姓名、联系电话、单位、职务、角色，以及网格、村（社区）、乡镇（街道）、"
                                      "区域或场所的名称或编码）；同名同电话的人只增加角色；有任何一行不合格则全部不导入")
    _args.project_arg(im)
    im.add_argument("file", help="人员名册（.xlsx 或 .csv）")
    im.add_argument("--sheet", help="工作表名称（默认第一张）")
    im.add_argument("--report", help="把每一处问题写入导入报告（.xlsx）")
    im.add_argument("--actor", default=DEFAULT_ACTOR, help=f"操作人（默认“{DEFAULT_ACTOR}”）")
    _args.today_arg(im)
    _args.json_arg(im)
    im.set_defaults(func=cmd_import)

    ls = gs.add_parser("list", help="列出名册中的人员、联系电话、单位、职务和当前角色")
    _args.project_arg(ls)
    ls.add_argument("--all", action="store_true", help="也列出已停用的人员")
    _args.today_arg(ls)
    _args.json_arg(ls)
    ls.set_defaults(func=cmd_list)


def cmd_import(args) -> int:
    from desktop.services import people as use
    from gis.io.errors import ImportRejected

    with _args.open_project(args, write=True) as project:
        try:
            summary = use.import_file(project, args.file, sheet=args.sheet, today=args.today).value
        except ImportRejected as e:
            if args.report:
                e.report.to_xlsx(args.report)
                print(f"导入报告已保存：{args.report}", file=sys.stderr)
            raise
    if args.json:
        print(json.dumps({"file": summary.file, "rows": summary.rows, "created": summary.created,
                          "updated": summary.updated, "roles_added": summary.roles_added,
                          "roles_held": summary.roles_held, "person_ids": list(summary.person_ids)},
                         ensure_ascii=False, indent=1))
        return 0
    print(summary.text())
    return 0


def cmd_list(args) -> int:
    from datetime import date

    from desktop.services import people as use

    today = args.today or date.today()
    with _args.open_project(args) as project:
        rows = use.people(project)
    shown = [p for p in rows if args.all or p.state(today) != "已停用"]
    if args.json:
        print(json.dumps([{"id": p.id, "name": p.name, "phone": p.phone, "unit": p.unit, "title": p.title,
                           "state": p.state(today),
                           "roles": [{"role": r.role, "role_zh": r.text().split("（")[0], "target": r.kind,
                                      "target_id": r.target_id, "target_name": r.target_name,
                                      "start": r.start.isoformat() if r.start else None,
                                      "end": r.end.isoformat() if r.end else None} for r in p.roles]}
                          for p in shown], ensure_ascii=False, indent=1))
        return 0
    print("姓名\t联系电话\t单位\t职务\t状态\t当前角色")
    for p in shown:
        print("\t".join([p.name, p.phone or "", p.unit or "", p.title or "", p.state(today),
                         "、".join(r.text() for r in p.current_roles(today))]))
    print(f"共 {len(shown)} 人" + ("" if args.all else f"（另有已停用 {len(rows) - len(shown)} 人，加 --all 列出）"))
    return 0
