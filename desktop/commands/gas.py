"""`gridsafe gas …`: gas pipeline safety headless — analyse the pipelines into the hazard ledger; the lists."""
from __future__ import annotations

import json

from desktop.commands import _args

DEFAULT_ACTOR = "管线安全分析"
SHEET_KINDS = ("occupation", "clearance", "third_party_works")


def register(sub) -> None:
    g = sub.add_parser("gas", help="燃气管线安全：占压、安全间距不足、第三方施工、高后果区；学校周边、危化企业外部安全防护距离")
    gs = g.add_subparsers(dest="gas_command", metavar="操作", required=True)

    an = gs.add_parser("analyse", aliases=["analyze"],
                       help="分析燃气管线，把占压、安全间距不足、第三方施工登记进隐患台账（来源：管线安全分析）；"
                            "并核查学校周边禁止经营和危化企业外部安全防护距离（来源：周边安全距离分析）")
    _args.project_arg(an)
    _args.date_arg(an, "--date", help="分析日期（第三方施工按当日是否在施判断；默认今天）")
    an.add_argument("--dry-run", action="store_true", help="只分析和比对台账，不写入项目")
    an.add_argument("--actor", default=DEFAULT_ACTOR, help=f"登记人（记入隐患履历；默认“{DEFAULT_ACTOR}”）")
    _args.json_arg(an)
    an.set_defaults(func=cmd_analyse)

    ls = gs.add_parser("lists", help="导出占压、安全间距不足、第三方施工、高后果区、学校周边禁止经营、危化企业外部安全防护距离清单（xlsx，一个工作簿六张表）")
    _args.project_arg(ls)
    ls.add_argument("--out", required=True, help="输出文件（.xlsx），如 燃气管线安全清单.xlsx")
    _args.date_arg(ls, "--date", help="分析日期（第三方施工按当日是否在施判断；默认今天）")
    ls.set_defaults(func=cmd_lists)

    # line patrols (巡线) and the 巡检长度 report: desktop/services/line_patrols.py
    lp = gs.add_parser("plan", help="按巡线频次规则排燃气管线巡线计划（管线按网格切分，每个管段按应巡日生成巡线任务）")
    _args.project_arg(lp)
    _args.period_arg(lp)
    lp.add_argument("--dry-run", action="store_true", help="只计算，不写入项目")
    _args.json_arg(lp)
    lp.set_defaults(func=cmd_plan)

    rp = gs.add_parser("report", help="巡检长度报表（xlsx）：按压力级制、运营单位、网格统计巡检长度和覆盖率")
    _args.project_arg(rp)
    rp.add_argument("--period", required=True, help="报告期：2026H2（半年）、2026-Q4、2026-12 等")
    rp.add_argument("--out", required=True, help="输出文件（.xlsx）")
    _args.date_arg(rp, "--until", help="统计截至日期（默认报告期末或昨天，取早者）")
    _args.today_arg(rp)
    _args.json_arg(rp)
    rp.set_defaults(func=cmd_report)

    rc = gs.add_parser("record", help="登记一次巡线结果：完成日期、巡检长度，发现的隐患记入隐患台账（来源：管线巡线）")
    _args.project_arg(rc)
    rc.add_argument("--assignment", type=int, required=True, help="巡线任务编号（patrol list --kind line 显示）")
    _args.date_arg(rc, "--date", help="完成日期（默认今天）")
    rc.add_argument("--length", type=float, help="实际巡检长度（米；默认全程）")
    rc.add_argument("--hazard", action="append", default=[], help="发现的隐患描述，可重复")
    rc.add_argument("--grade", help="隐患等级（如 general 一般隐患、major 重大隐患；默认一般隐患）")
    rc.add_argument("--actor", help="登记人（默认巡线员本人）")
    rc.set_defaults(func=cmd_record)

    sh = gs.add_parser("sheets", help="打印燃气管线安全隐患现场示意图（执法用图，A4 PDF，每项发现一页）")
    _args.project_arg(sh)
    sh.add_argument("--out", required=True,
                    help="输出：.pdf 文件（全部发现合为一个文件，每项一页），或文件夹（每项发现一个 PDF）")
    _args.date_arg(sh, "--date", help="分析日期（第三方施工按当日是否在施判断；默认今天）")
    sh.add_argument("--kind", action="append", choices=SHEET_KINDS,
                    help="只出此类发现的示意图（可多次给出；默认全部：占压、安全间距不足、第三方施工）")
    sh.add_argument("--hazard", action="append", type=int, metavar="ID", help="只出此隐患（编号）的示意图（可多次给出）")
    sh.add_argument("--paper", choices=["A4", "A3"], default="A4", help="纸张（默认 A4）")
    sh.set_defaults(func=cmd_sheets)

    no = gs.add_parser("notice", help="为第三方施工生成燃气管道保护安全告知书（.docx 或 .pdf，含回执）")
    _args.project_arg(no)
    no.add_argument("--works", required=True, metavar="编号或名称", help="第三方施工的编号或名称")
    no.add_argument("--out", required=True, help="输出文件：.docx 或 .pdf")
    _args.date_arg(no, "--date", help="告知日期（默认今天）")
    no.set_defaults(func=cmd_notice)


def _label(name, fid) -> str:
    """A pipeline: “name”, or its id when unnamed."""
    return f"“{name}”" if name else f"（编号 {fid}）"


def _round(v):
    return None if v is None else round(v, 3)


def record(r) -> dict:
    """A finding as listed (gis.gas.lists.Row) as a plain record, the --json output; "ledger" is "new" for a
    finding this run registered or a dry run would register, "open", or null (never a hazard)."""
    from gis import vocab

    out = {"kind": r.kind, "pipeline_id": r.pipeline_id, "pipeline_name": r.pipeline_name,
           "pressure_class": r.pressure_class}
    if r.is_site:
        out |= {"site_id": r.site_id, "site_name": r.site_name}
    return out | {
        "feature_id": r.feature_id, "feature_name": r.feature_name, "distance_m": _round(r.distance_m),
        "threshold_m": _round(r.threshold_m), "level": r.level, "grade": r.grade,
        "grade_zh": vocab.label("hazard_grades", r.grade) if r.grade else None, "incomplete": list(r.incomplete),
        "basis": r.basis, "ledger": "new" if r.ledger == "pending" else r.ledger, "hazard_code": r.hazard_code}


def cmd_analyse(args) -> int:
    from datetime import date

    from desktop.services import gas as use
    from gis import vocab
    from gis.gas.findings import metres, site_label

    on = args.date or date.today()
    with _args.open_project(args, write=not args.dry_run) as project:
        done = use.analyse(project, operator=args.actor, on=on, dry_run=args.dry_run).value
    rows = done.rows()
    if args.json:
        print(json.dumps([record(r) for r in rows], ensure_ascii=False, indent=1, default=str))
        return 0
    s = done.summary
    print(f"燃气管线安全分析（{on:%Y-%m-%d}）" + ("——试运行，未写入项目" if done.dry_run else ""))
    print("类型\t管线或场所\t对象\t距离(米)\t级别\t等级\t台账")
    for r in rows:
        ledger = {"pending": "待登记", "new": f"新登记 {r.hazard_code}", "open": f"已在台账 {r.hazard_code}",
                  "area": "不登记（高后果区）", "incomplete": "不登记"}[r.ledger_state]
        who = site_label(r.site_name, r.site_id) if r.is_site else _label(r.pipeline_name, r.pipeline_id)
        what = "" if r.feature_id is None else site_label(r.feature_name, r.feature_id)
        grade = vocab.label("hazard_grades", r.grade) if r.grade else ""
        note = f"（{r.note}）" if r.note else ""
        print("\t".join([r.kind_zh, who, what, "" if r.distance_m is None else metres(r.distance_m), r.level_zh,
                         grade, ledger + note]))
    verb = "将新登记" if done.dry_run else "新登记"
    print(f"共 {len(rows)} 项：{verb} {len(s.new)} 条隐患，已在台账未销号 {len(s.still_open)} 条，"
          f"高后果区 {s.areas} 处（不登记为隐患）" + (f"，参数不全未能核查 {s.incomplete} 处" if s.incomplete else ""))
    if s.disappeared:
        print(f"台账中 {len(s.disappeared)} 条管线安全分析、周边安全距离分析隐患本次未再发现（未自动销号，请核实后办理）：")
        for e in s.disappeared:
            print(f"  {e.code or e.hazard_id}\t{e.description}")
    return 0


def cmd_lists(args) -> int:
    from datetime import date

    from desktop.commands.progress import terminal
    from desktop.services import gas as use
    from gis.gas.lists import SHEETS

    on = args.date or date.today()
    with _args.open_project(args) as project, terminal("导出清单") as feedback:
        done = use.export_lists(project, args.out, on=on, feedback=feedback)
    counts = "，".join(f"{SHEETS[k][0]} {n} {'处' if k == 'high_consequence' else '条'}" for k, n in done.counts.items())
    print(f"已导出燃气管线安全清单（分析日期 {on:%Y-%m-%d}）：{done.path}（{counts}）")
    return 0


def cmd_sheets(args) -> int:
    from datetime import date

    from desktop.commands.progress import terminal
    from desktop.services import gas_documents as use

    on = args.date or date.today()
    with _args.open_project(args) as project, terminal("现场示意图") as feedback:
        done = use.finding_sheets(project, args.out, on=on, kinds=args.kind, hazard_ids=args.hazard,
                                  paper=args.paper, feedback=feedback)
    where = done.files[0] if len(done.files) == 1 else args.out
    print(f"已生成现场示意图 {done.sheets} 页（{len(done.files)} 个 PDF 文件），在 {where}")
    return 0


def cmd_notice(args) -> int:
    from desktop.services import gas_documents as use

    with _args.open_project(args) as project:
        path = use.works_notice(project, args.works, args.out, on=args.date)
    print(f"已生成燃气管道保护安全告知书：{path}")
    return 0


def cmd_plan(args) -> int:
    from desktop.commands.progress import terminal
    from desktop.services import line_patrols as use
    from gis.patrols.periods import parse_period

    period = parse_period(args.period)
    with _args.open_project(args, write=not args.dry_run) as project, terminal("巡线计划") as feedback:
        r = use.plan(project, period, dry_run=args.dry_run, feedback=feedback).value
    if args.json:
        print(json.dumps({"period": period.label, "dry_run": args.dry_run, "assignments": r.assignments,
                          "length_m": round(r.length_m, 1), "stretches": r.stretches, "by_rule": r.by_rule,
                          "replaced": r.replaced, "kept": r.kept, "no_member": r.no_member, "unplanned": r.unplanned,
                          "outside_m": round(r.outside_m, 1)}, ensure_ascii=False, indent=1))
        return 0
    print(f"{period.zh} 燃气管线巡线计划" + ("——试运行，未写入项目" if args.dry_run else ""))
    print(f"管段 {r.stretches} 个；巡线任务 {r.assignments} 个，巡线长度合计 {r.length_m / 1000:.1f} 公里"
          + (f"；替换未执行的任务 {r.replaced} 个" if r.replaced else "") + (f"；保留已执行 {r.kept} 个" if r.kept else ""))
    for rule, n in r.by_rule.items():
        print(f"  {rule}\t{n} 次")
    if r.no_member:
        print(f"以下网格没有网格员，{r.unplanned} 次巡线未安排：{'、'.join(r.no_member)}")
    if r.outside_m > 0.5:
        print(f"不在任何网格内的燃气管线 {r.outside_m / 1000:.2f} 公里，未安排巡线")
    return 0


def cmd_report(args) -> int:
    import math

    from desktop.services import line_patrols as use
    from gis.patrols.periods import parse_period

    period = parse_period(args.period)
    with _args.open_project(args) as project:
        r = use.report(project, period, args.out, until=args.until, today=args.today)

    def pct(x):
        return None if math.isnan(x) else round(100 * x, 1)

    if args.json:
        def rows(frame):
            return [{"group": g.group, "length_m": round(g.length_m, 1), "required": int(g.required),
                     "planned": int(g.planned), "done": int(g.done), "patrolled_m": round(g.patrolled_m, 1),
                     "covered_m": round(g.covered_m, 1), "coverage_pct": pct(g.coverage),
                     "completion_pct": pct(g.completion)}
                    for g in frame.itertuples()]
        print(json.dumps({"period": period.label, "until": r.until.isoformat(), "out": str(args.out),
                          "total": {k: pct(v) if k in ("coverage", "completion") else round(v, 1) for k, v in r.total.items()},
                          "by_class": rows(r.by_class), "by_operator": rows(r.by_operator),
                          "by_grid": rows(r.by_grid)}, ensure_ascii=False, indent=1))
        return 0
    t = r.total
    print(f"{period.zh} 巡检长度报表（统计截至 {r.until:%Y-%m-%d}）已写入 {args.out}")
    print(f"管线总长 {t['length_m'] / 1000:.2f} 公里，巡检长度 {t['patrolled_m'] / 1000:.1f} 公里，"
          f"应巡 {int(t['required'])} 次、计划 {int(t['planned'])} 次、完成 {int(t['done'])} 次，"
          f"覆盖率 {pct(t['coverage'])}%，巡检完成率 {pct(t['completion'])}%")
    print("压力级制\t长度(公里)\t完成/应巡\t覆盖率(%)\t巡检完成率(%)")
    for g in r.by_class.itertuples():
        print(f"{g.group}\t{g.length_m / 1000:.2f}\t{int(g.done)}/{int(g.required)}\t{pct(g.coverage)}\t{pct(g.completion)}")
    return 0


def cmd_record(args) -> int:
    from datetime import date

    from desktop.services import line_patrols as use
    from gis.patrols.results import FoundHazard

    with _args.open_project(args, write=True) as project:
        ids = use.record(project, args.assignment, done_on=args.date or date.today(), operator=args.actor,
                         patrolled_m=args.length, hazards=[FoundHazard(h, grade=args.grade) for h in args.hazard]).value
    print(f"已登记巡线任务 {args.assignment} 的结果" + (f"；新登记隐患 {len(ids)} 条" if ids else ""))
    return 0
