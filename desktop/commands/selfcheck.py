"""`gridsafe selfcheck …`: enterprises' self-check reports (企业自查自报; zero hazards = 零报告) — record one, import
a 企业自查上报表, list a period's enterprises with their reports (or only those that have not reported)."""
from __future__ import annotations

import json
import sys

from desktop.commands import _args

DEFAULT_ACTOR = "命令行"


def register(sub) -> None:
    g = sub.add_parser("selfcheck", help="企业自查自报：登记上报（零报告填 0）、导入企业自查上报表、按时段列出已报和未报企业")
    gs = g.add_subparsers(dest="selfcheck_command", metavar="操作", required=True)

    rc = gs.add_parser("record", help="登记一家企业的自查上报（同一企业同一天已有上报时以本次为准）")
    _args.project_arg(rc)
    rc.add_argument("--site", required=True, metavar="代码或名称", help="企业的统一社会信用代码或名称（全名）")
    _args.date_arg(rc, "--date", help="上报日期（默认今天）")
    rc.add_argument("--found", type=int, required=True, metavar="N", help="自查发现的隐患数（零报告填 0）")
    rc.add_argument("--reporter", help="上报人")
    rc.add_argument("--note", help="备注")
    rc.add_argument("--actor", default=DEFAULT_ACTOR, help=f"登记人（默认“{DEFAULT_ACTOR}”）")
    _args.today_arg(rc)
    _args.json_arg(rc)
    rc.set_defaults(func=cmd_record)

    im = gs.add_parser("import", help="导入企业自查上报表（xlsx 或 csv；列：企业名称或统一社会信用代码、上报日期、"
                                      "发现隐患数（0 为零报告）、上报人、备注）；有任何一行不合格则全部不导入")
    _args.project_arg(im)
    im.add_argument("file", help="企业自查上报表（.xlsx 或 .csv）")
    im.add_argument("--sheet", help="工作表名称（默认第一张）")
    im.add_argument("--report", help="把每一处问题写入导入报告（.xlsx）")
    im.add_argument("--actor", default=DEFAULT_ACTOR, help=f"登记人（默认“{DEFAULT_ACTOR}”）")
    _args.today_arg(im)
    _args.json_arg(im)
    im.set_defaults(func=cmd_import)

    ls = gs.add_parser("list", help="列出范围内企业在时段内的自查上报：已上报、零报告、未上报")
    _args.project_arg(ls)
    _args.period_arg(ls)
    ls.add_argument("--missing", action="store_true", help="只列出时段内未上报的企业")
    _args.json_arg(ls)
    ls.set_defaults(func=cmd_list)

    de = gs.add_parser("delete", help="删除一条自查上报（编号见 list --json）")
    _args.project_arg(de)
    de.add_argument("--id", type=int, required=True, help="上报编号")
    de.set_defaults(func=cmd_delete)


def cmd_record(args) -> int:
    from datetime import date

    from desktop.services import self_checks as use

    day = args.date or args.today or date.today()
    with _args.open_project(args, write=True) as project:
        done = use.record(project, args.site, day, args.found, reporter=args.reporter, note=args.note,
                          operator=args.actor, today=args.today).value
    name, code = done.site_name, done.site_code
    if args.json:
        print(json.dumps({"id": done.id, "created": done.created, "site_id": done.site_id, "site_name": name,
                          "site_code": code, "reported_on": day.isoformat(), "hazards_found": args.found},
                         ensure_ascii=False, indent=1))
        return 0
    kind = "零报告" if args.found == 0 else f"发现隐患 {args.found} 处"
    verb = "已登记" if done.created else "已更新（替换同日原有上报）"
    print(f"{verb}：{name}{f'（{code}）' if code else ''} {day.isoformat()} 自查上报，{kind}（编号 {done.id}）")
    return 0


def cmd_import(args) -> int:
    from desktop.services import self_checks as use
    from gis.io.errors import ImportRejected

    with _args.open_project(args, write=True) as project:
        try:
            summary = use.import_file(project, args.file, operator=args.actor, today=args.today,
                                      sheet=args.sheet).value
        except ImportRejected as e:
            if args.report:
                e.report.to_xlsx(args.report)
                print(f"导入报告已保存：{args.report}", file=sys.stderr)
            raise
    if args.json:
        print(json.dumps({"file": summary.file, "rows": summary.rows, "enterprises": summary.enterprises,
                          "created": summary.created, "updated": summary.updated,
                          "zero_reports": summary.zero_reports}, ensure_ascii=False, indent=1))
        return 0
    print(summary.text())
    return 0


def _row(e) -> dict:
    return {"site_id": e.site_id, "code": e.code, "name": e.name, "category": e.category,
            "village": e.village_name, "grid": e.grid_name, "state": e.state, "state_zh": e.state_zh,
            "hazards_found": e.hazards_found,
            "reports": [{"id": r.id, "reported_on": r.reported_on.isoformat(), "hazards_found": r.hazards_found,
                         "reporter": r.reporter, "note": r.note, "recorded_by": r.recorded_by} for r in e.reports]}


def cmd_list(args) -> int:
    from desktop.services import self_checks as use
    from gis import vocab
    from gis.patrols.periods import parse_period

    period = parse_period(args.period)
    with _args.open_project(args) as project:
        rows = use.enterprises(project, period.start, period.end)
    counts = {k: sum(1 for e in rows if e.state == k) for k in ("reported", "zero", "missing")}
    total = len(rows)
    with_report = counts["reported"] + counts["zero"]
    coverage = round(100.0 * with_report / total, 1) if total else None
    shown = [e for e in rows if e.state == "missing"] if args.missing else rows
    if args.json:
        print(json.dumps({"period": period.label, "start": period.start.isoformat(), "end": period.end.isoformat(),
                          "enterprises": total, "with_report": with_report, "zero_reports": counts["zero"],
                          "missing": counts["missing"], "coverage": coverage,
                          "rows": [_row(e) for e in shown]}, ensure_ascii=False, indent=1))
        return 0
    print(f"{period.zh} 企业自查自报" + ("（未上报企业）" if args.missing else ""))
    print("状态\t企业名称\t统一社会信用代码\t类别\t村（社区）\t网格\t上报次数\t发现隐患数\t最近上报")
    for e in shown:
        last = e.last
        print("\t".join([e.state_zh, e.name, e.code or "", vocab.label("site_categories", e.category),
                         e.village_name or "", e.grid_name or "", str(len(e.reports)), str(e.hazards_found),
                         last.reported_on.isoformat() if last else ""]))
    cover = "—" if coverage is None else f"{coverage:.1f}%"
    print(f"范围内企业 {total} 家：已上报 {with_report} 家（其中零报告 {counts['zero']} 家），未上报 {counts['missing']} 家；"
          f"企业自查覆盖率 {cover}")
    return 0


def cmd_delete(args) -> int:
    from desktop.services import self_checks as use

    with _args.open_project(args, write=True) as project:
        use.delete(project, args.id)
    print(f"已删除自查上报（编号 {args.id}）")
    return 0
