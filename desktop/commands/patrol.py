"""Patrol subcommands: plan a period, list assignments, write phone files, record visits, coverage,
frequency rules.

`patrol sheets` prints the route sheets as PDF (desktop/printing): one PDF for the period (--one-file)
or one per grid; `--format kml|kmz|gpx|html` writes route files for phones instead.
"""
from __future__ import annotations

import json
import math

from desktop.commands import _args
from desktop.commands.progress import terminal
from gis import vocab
from gis.errors import ValidationError
from gis.patrols import rounds
from gis.patrols.periods import parse_period

FORMATS = ("pdf", "kml", "kmz", "gpx", "html")


def register(sub) -> None:
    p = sub.add_parser("patrol", help="巡查计划、路线文件、巡查结果与覆盖率")
    psub = p.add_subparsers(dest="patrol_command", metavar="操作", required=True)
    kind_help = "grid 网格员巡查（默认）、ranger 护林员巡护（同 --period 护林2026-12-01）、line 燃气管线巡线"

    a = psub.add_parser("plan", help="按频次规则生成（或重新生成）一个时段的巡查任务")
    _args.project_arg(a)
    _args.period_arg(a)
    a.add_argument("--grid", action="append", help="只排这些网格（网格代码，可重复）")
    a.set_defaults(func=cmd_plan)

    ls = psub.add_parser("list", help="列出一个时段的巡查任务和站点")
    _args.project_arg(ls)
    _args.period_arg(ls)
    ls.add_argument("--grid", action="append", help="网格代码，可重复")
    ls.add_argument("--kind", choices=rounds.KINDS, help=kind_help)
    ls.set_defaults(func=cmd_list)

    sh = psub.add_parser("sheets", help="打印一个时段的巡查路线单（PDF），或导出为手机可用的文件")
    _args.project_arg(sh)
    _args.period_arg(sh, extra="；护林员巡护日写成 护林2026-12-01")
    sh.add_argument("--kind", choices=rounds.KINDS, help=kind_help)
    sh.add_argument("--out", required=True, help="输出文件夹（pdf 合为一个文件时也可以是 .pdf 文件）")
    sh.add_argument("--format", choices=FORMATS, default="pdf",
                    help="pdf（打印用路线单，默认）、kml/kmz（奥维互动地图、Google Earth）、gpx、html（离线地图）")
    sh.add_argument("--one-file", action="store_true", help="pdf：全部路线单合为一个文件（默认每个网格一个文件）")
    sh.add_argument("--paper", choices=("A4", "A3"), default="A4", help="pdf 纸张（默认 A4 纵向）")
    sh.add_argument("--grid", action="append", help="网格代码，可重复")
    sh.set_defaults(func=cmd_sheets)

    v = psub.add_parser("visit", help="登记一个站点的巡查结果（发现的隐患记入隐患台账）")
    _args.project_arg(v)
    v.add_argument("--stop", type=int, help="站点编号（patrol list 显示）")
    v.add_argument("--assignment", type=int, help="任务编号，与 --seq 一起使用")
    v.add_argument("--seq", type=int, help="任务中的站序号")
    v.add_argument("--result", choices=vocab.keys("patrol_results"), help="巡查结果（有 --hazard 时为 hazard_found）")
    v.add_argument("--note", help="备注")
    v.add_argument("--hazard", action="append", default=[], help="发现的隐患描述，可重复")
    v.add_argument("--grade", help="隐患等级（如 general 一般隐患、major 重大隐患；默认一般隐患）")
    v.add_argument("--at", type=_args.iso_datetime, help="巡查时间，如 2026-11-24T09:30（默认现在）")
    v.set_defaults(func=cmd_visit)

    c = psub.add_parser("coverage", help="各网格巡查覆盖率（已巡 / 应巡）")
    _args.project_arg(c)
    _args.period_arg(c)
    _args.json_arg(c)
    c.set_defaults(func=cmd_coverage)

    vf = psub.add_parser("verify", help="导入 GPS 轨迹和照片，核实巡查站点是否到访（已核实、漏巡、未核实）")
    _args.project_arg(vf)
    _args.period_arg(vf)
    vf.add_argument("files", nargs="+", metavar="FILE_OR_FOLDER",
                    help="轨迹（GPX、奥维 KML/KMZ）和照片（带 GPS 的 JPEG）文件或文件夹；文件名或文件夹名写明网格员姓名，"
                         "或用 --person 指定")
    vf.add_argument("--tolerance", type=float, help="站点核实距离（米；默认为项目设置，未设置时 30）")
    vf.add_argument("--person", help="这些文件所属的网格员姓名")
    vf.add_argument("--assignment", type=int, help="只核实这个巡查任务（其人员和日期）")
    vf.add_argument("--datum", choices=("auto", "wgs84", "gcj02"), default="auto",
                    help="轨迹坐标系：auto 按道路和场所检测（默认；无法确定时不导入），wgs84，gcj02（火星坐标，将换算）")
    vf.add_argument("--actor", help="操作人（记入导入记录）")
    _args.json_arg(vf)
    vf.set_defaults(func=cmd_verify)

    r = psub.add_parser("rules", help="列出巡查频次规则")
    _args.project_arg(r)
    r.add_argument("--reset", action="store_true", help="恢复为默认规则（覆盖项目中的修改）")
    r.add_argument("--rule", type=int, help="要修改的规则编号")
    r.add_argument("--interval", type=int, help="与 --rule 一起：新的巡查间隔（天）")
    r.add_argument("--disable", action="store_true", help="与 --rule 一起：停用该规则")
    r.add_argument("--enable", action="store_true", help="与 --rule 一起：启用该规则")
    r.set_defaults(func=cmd_rules)


def cmd_plan(args) -> int:
    from desktop.services.patrols import plan

    period = parse_period(args.period)
    with _args.open_project(args, write=True) as project, terminal("巡查计划") as feedback:
        r = plan(project, period, grid_codes=args.grid, feedback=feedback).value
    print(f"{period.zh}：生成巡查任务 {r.assignments} 个，站点 {r.stops} 个，路线合计 {r.length_m / 1000:.1f} 公里"
          f"（{'沿道路' if r.roads else '直线距离，项目中没有道路图层'}）")
    if r.replaced or r.kept:
        print(f"替换未执行的原计划 {r.replaced} 个；保留已有巡查记录的任务 {r.kept} 个")
    if r.no_member:
        print(f"没有网格员或网格长、未能安排的网格：{'、'.join(r.no_member)}")
    late = {k: n for k, n in r.unplanned.items() if k not in r.no_member}
    if late:
        print("超出每日站点上限、本时段排不下的站次：" + "，".join(f"{k} {n} 个" for k, n in late.items()))
    return 0


def cmd_list(args) -> int:
    from gis.patrols.sheets import route_sheets

    with _args.open_project(args) as project, project.session() as s:
        sheets = route_sheets(s, args.period, kind=args.kind, grid_codes=args.grid)
    if not sheets:
        print("该时段没有巡查任务")
    for sh in sheets:
        km = f"{sh.length_m / 1000:.1f} 公里" if sh.length_m else "—"
        if sh.line is not None:     # a line patrol: its pipeline, and what lies along it
            print(f"[任务 {sh.assignment_id}] {sh.day:%Y-%m-%d} {sh.grid_code} {sh.grid_name} {sh.person}"
                  f"（巡线：{sh.line.name}，{sh.line.class_label}，{km}，{sh.line.frequency}）")
            for st in sh.stops:
                print(f"    沿线 {st.seq}. {st.name}（{st.category}）")
            continue
        print(f"[任务 {sh.assignment_id}] {sh.day:%Y-%m-%d} {sh.grid_code} {sh.grid_name} {sh.person}"
              f"（优先级 {sh.priority}，{len(sh.stops)} 站，{km}），起点：{sh.start_name}")
        for st in sh.stops:
            done = f" ✓ {vocab.label('patrol_results', st.result)}" if st.visited_at else ""
            print(f"    {st.seq:>2}. {st.name}（站点 {st.stop_id}）{done}")
    return 0


def cmd_sheets(args) -> int:
    from desktop.services import patrols as use

    if args.format == "pdf":
        with _args.open_project(args) as project, terminal("路线单") as feedback:
            files = use.print_sheets(project, args.out, period=args.period, kind=args.kind, grid_codes=args.grid,
                                     one_file=args.one_file, paper=args.paper, feedback=feedback)
        where = files[0] if len(files) == 1 else args.out
        print(f"已保存巡查路线单：{len(files)} 个 PDF 文件，在 {where}")
    else:
        with _args.open_project(args) as project:
            files = use.export_route_files(project, args.out, args.format, period=args.period, kind=args.kind,
                                           grid_codes=args.grid)
        print(f"已导出 {len(files)} 条巡查路线（{args.format.upper()}）到 {args.out}")
    return 0


def cmd_visit(args) -> int:
    from gis.patrols.results import FoundHazard, find_stop, record_visit

    if args.stop is None and (args.assignment is None or args.seq is None):
        raise ValidationError("请用 --stop 指定站点，或用 --assignment 和 --seq 指定任务中的站")
    def unit(s) -> tuple[str, int, list]:
        stop = find_stop(s, stop_id=args.stop, assignment_id=args.assignment, seq=args.seq)
        found = record_visit(s, stop, result=args.result, note=args.note, visited_at=args.at,
                             hazards=[FoundHazard(h, grade=args.grade) for h in args.hazard])
        return vocab.label("patrol_results", stop.result), stop.seq, found

    with _args.open_project(args, write=True) as project:
        label, seq, found = project.write(unit)
    print(f"已登记第 {seq} 站巡查结果：{label}" + (f"；新登记隐患 {len(found)} 条" if found else ""))
    return 0


def cmd_coverage(args) -> int:
    from gis.patrols.results import coverage

    period = parse_period(args.period)
    with _args.open_project(args) as project, project.session() as s:
        table = coverage(s, period)
    if args.json:
        rows = [{k: (None if isinstance(v, float) and math.isnan(v) else v) for k, v in row.items()}
                for row in table.drop(columns="grid_id").to_dict("records")]
        print(json.dumps({"period": period.label, "grids": rows}, ensure_ascii=False, indent=1))
        return 0
    print(f"{period.zh} 巡查覆盖率（按频次规则应巡的站次）")
    print("网格代码          网格名称            应巡场所  已巡场所  应巡站次  已巡站次  覆盖率")
    for row in table.itertuples():
        rate = "—" if math.isnan(row.rate) else f"{row.rate:.0%}"
        print(f"{row.code}  {row.name:<12}  {row.due_sites:>6}  {row.visited_sites:>6}  {row.due_visits:>6}"
              f"  {row.done_visits:>6}  {rate:>6}")
    due, done = int(table["due_visits"].sum()), int(table["done_visits"].sum())
    print(f"合计：应巡 {due} 站次，已巡 {done} 站次，覆盖率 {done / due:.0%}" if due else "合计：本时段无应巡站次")
    return 0


def cmd_verify(args) -> int:
    from desktop.services import evidence as use

    with _args.open_project(args, write=True) as project, terminal("核实巡查") as feedback:
        r = use.verify(project, args.files, period=args.period, person=args.person, assignment_id=args.assignment,
                       tolerance_m=args.tolerance, datum=args.datum, operator=args.actor, feedback=feedback).value
        stops = use.statuses(project, period=None if args.assignment else args.period, person=args.person,
                             assignment_id=args.assignment)
    if args.json:
        print(json.dumps({"period": args.period, "tracks": r.tracks, "photos": r.photos, "notes": r.notes,
                          "stops": [{**row, "planned_on": row["planned_on"].isoformat(),
                                     "arrived_at": row["arrived_at"].isoformat() if row["arrived_at"] else None}
                                    for row in stops]}, ensure_ascii=False, indent=1))
        return 0
    for note in r.notes:
        print(f"注意：{note}")
    print(f"导入轨迹 {r.tracks} 条、照片 {r.photos} 张；核实站点 {r.checked} 个：已核实 {r.verified}，漏巡 {r.missed}，"
          f"未核实 {r.unverified}")
    touched = set(r.stop_ids)
    for row in stops:
        if row["stop_id"] not in touched:
            continue
        at = f" 到达 {row['arrived_at']:%H:%M:%S}" if row["arrived_at"] else ""
        near = f" 最近 {row['distance_m']:.0f} 米" if row["distance_m"] is not None else ""
        print(f"  [任务 {row['assignment_id']}] {row['planned_on']:%m-%d} 第 {row['stop_seq']} 站 {row['site_name']}："
              f"{row['status_zh']}{at}{near}")
    n = {k: sum(1 for row in stops if row["status"] == k) for k in ("verified", "missed", "unverified", "planned")}
    print(f"{args.period} 共 {len(stops)} 个计划站点：已核实 {n['verified']}，漏巡 {n['missed']}，"
          f"未核实（已登记结果但无轨迹或照片）{n['unverified']}，尚无记录 {n['planned']}")
    return 0


def cmd_rules(args) -> int:
    from gis.patrols import rules as pr

    if args.rule is None and (args.interval or args.disable or args.enable):
        raise ValidationError("请用 --rule 指定要修改的规则编号")

    def unit(s) -> tuple[list[str], list]:
        said = []
        if args.reset:
            said.append(f"已恢复默认巡查频次规则 {pr.reset_rules(s)} 条")
        else:
            pr.ensure_rules(s)
        if args.rule is not None:
            active = False if args.disable else (True if args.enable else None)
            row = pr.update_rule(s, args.rule, interval_days=args.interval, active=active)
            said.append(f"已修改规则 {row.id}：{row.name}")
        return said, pr.load_rules(s)

    with _args.open_project(args, write=True) as project:
        said, rules = project.write(unit)
    for line in said:
        print(line)
    for r in rules:
        match = "，".join(x for x in (
            vocab.label("sectors", r.sector) if r.sector else "",
            vocab.label("site_categories", r.category) if r.category else "",
            vocab.label("site_statuses", r.site_status) if r.site_status else "",
            "；".join(f"{k}={v}" for k, v in r.condition.items()),
            "仅防火期" if r.season_only else "") if x) or "全部场所"
        state = "" if r.active else "（停用）"
        print(f"{r.id:>3}. 每 {r.interval_days} 天  {r.name}{state}  [{match}]  依据：{r.source_ref or '—'}")
    return 0
