"""`gridsafe gas …`: gas pipeline safety headless — analyse the pipelines into the hazard ledger."""
from __future__ import annotations

import json

from desktop.commands import _args

DEFAULT_ACTOR = "管线安全分析"


def register(sub) -> None:
    g = sub.add_parser("gas", help="燃气管线安全：占压、安全间距不足、第三方施工、高后果区")
    gs = g.add_subparsers(dest="gas_command", metavar="操作", required=True)

    an = gs.add_parser("analyse", aliases=["analyze"],
                       help="分析燃气管线，把占压、安全间距不足、第三方施工登记进隐患台账（来源：管线安全分析）")
    _args.project_arg(an)
    _args.date_arg(an, "--date", help="分析日期（第三方施工按当日是否在施判断；默认今天）")
    an.add_argument("--dry-run", action="store_true", help="只分析和比对台账，不写入项目")
    an.add_argument("--actor", default=DEFAULT_ACTOR, help=f"登记人（记入隐患履历；默认“{DEFAULT_ACTOR}”）")
    _args.json_arg(an)
    an.set_defaults(func=cmd_analyse)

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


def finding_rows(analysed) -> list[dict]:
    """The findings as plain records (the --json output)."""
    from gis import vocab

    run, ledger = analysed.run, analysed.summary.ledger_of()
    out = []
    for k, f in enumerate(run.findings):
        entry = ledger.get(k)
        state = None if entry is None else ("new" if entry in analysed.summary.new else "open")
        out.append({
            "kind": f.kind, "pipeline_id": f.pipeline_id, "pipeline_name": run.pipeline_names.get(int(f.pipeline_id)),
            "pressure_class": f.pressure_class, "feature_id": f.feature_id, "feature_name": f.feature_name,
            "distance_m": round(f.distance_m, 3), "threshold_m": round(f.threshold_m, 3), "level": f.level,
            "grade": f.grade, "grade_zh": vocab.label("hazard_grades", f.grade) if f.grade else None,
            "incomplete": list(f.incomplete), "basis": f.basis,
            "ledger": state, "hazard_code": entry.code if entry else None,
        })
    return out


def cmd_analyse(args) -> int:
    from datetime import date

    from desktop.services import gas as use
    from gis.gas.findings import KIND_ZH, feature_label, metres, pipeline_label

    on = args.date or date.today()
    with _args.open_project(args, write=not args.dry_run) as project:
        done = use.analyse(project, operator=args.actor, on=on, dry_run=args.dry_run).value
    rows = finding_rows(done)
    if args.json:
        print(json.dumps(rows, ensure_ascii=False, indent=1, default=str))
        return 0
    run, s = done.run, done.summary
    print(f"燃气管线安全分析（{on:%Y-%m-%d}）" + ("——试运行，未写入项目" if done.dry_run else ""))
    print("类型\t管线\t对象\t距离(米)\t级别\t等级\t台账")
    for f, r in zip(run.findings, rows, strict=True):
        ledger = {"new": "待登记" if done.dry_run else f"新登记 {r['hazard_code']}",
                  "open": f"已在台账 {r['hazard_code']}", None: "不登记（高后果区）"}[r["ledger"]]
        level = r["level"] if f.kind == "high_consequence" else _level_zh(run, f)
        note = f"（{f.note}）" if f.note else ""
        print("\t".join([KIND_ZH[f.kind], pipeline_label(run, f), feature_label(f), metres(f.distance_m), level,
                         r["grade_zh"] or "", ledger + note]))
    verb = "将新登记" if done.dry_run else "新登记"
    print(f"共 {len(run.findings)} 项：{verb} {len(s.new)} 条隐患，已在台账未销号 {len(s.still_open)} 条，"
          f"高后果区 {s.areas} 处（不登记为隐患）")
    if s.disappeared:
        print(f"台账中 {len(s.disappeared)} 条管线安全分析隐患本次未再发现（未自动销号，请核实后办理）：")
        for e in s.disappeared:
            print(f"  {e.code or e.hazard_id}\t{e.description}")
    return 0


def _level_zh(run, f) -> str:
    if f.kind == "third_party_works":
        return run.rules.works_levels[f.level]["zh"]
    return {"occupation": "占压", "below_minimum": "小于最小净距", "below_reduced": "小于折减后最小净距"}[f.level]


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
                     "covered_m": round(g.covered_m, 1), "coverage_pct": pct(g.coverage)}
                    for g in frame.itertuples()]
        print(json.dumps({"period": period.label, "until": r.until.isoformat(), "out": str(args.out),
                          "total": {k: round(v, 1) if k != "coverage" else pct(v) for k, v in r.total.items()},
                          "by_class": rows(r.by_class), "by_operator": rows(r.by_operator),
                          "by_grid": rows(r.by_grid)}, ensure_ascii=False, indent=1))
        return 0
    t = r.total
    print(f"{period.zh} 巡检长度报表（统计截至 {r.until:%Y-%m-%d}）已写入 {args.out}")
    print(f"管线总长 {t['length_m'] / 1000:.2f} 公里，巡检长度 {t['patrolled_m'] / 1000:.1f} 公里，"
          f"应巡 {int(t['required'])} 次、计划 {int(t['planned'])} 次、完成 {int(t['done'])} 次，"
          f"覆盖率 {pct(t['coverage'])}%")
    print("压力级制\t长度(公里)\t完成/应巡\t覆盖率(%)")
    for g in r.by_class.itertuples():
        print(f"{g.group}\t{g.length_m / 1000:.2f}\t{int(g.done)}/{int(g.required)}\t{pct(g.coverage)}")
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
