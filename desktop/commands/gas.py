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
    sites = analysed.summary.site_ledger_of()
    for k, f in enumerate(run.site_findings):      # the buffer checks between sites (gis.gas.buffers)
        entry = sites.get(k)
        state = None if entry is None else ("new" if entry in analysed.summary.new else "open")
        out.append({
            "kind": f.kind, "pipeline_id": None, "pipeline_name": None, "pressure_class": None,
            "site_id": f.site_id, "site_name": f.site_name, "feature_id": f.feature_id, "feature_name": f.feature_name,
            "distance_m": None if f.distance_m is None else round(f.distance_m, 3),
            "threshold_m": None if f.threshold_m is None else round(f.threshold_m, 3), "level": f.level,
            "grade": f.grade, "grade_zh": vocab.label("hazard_grades", f.grade) if f.grade else None,
            "incomplete": list(f.incomplete), "basis": f.basis,
            "ledger": state, "hazard_code": entry.code if entry else None,
        })
    return out


def cmd_analyse(args) -> int:
    from datetime import date

    from desktop.services import gas as use
    from gis.gas.findings import (
        KIND_ZH,
        feature_label,
        metres,
        pipeline_label,
        site_label,
    )

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
    for f, r in zip(run.findings, rows[:len(run.findings)], strict=True):
        ledger = {"new": "待登记" if done.dry_run else f"新登记 {r['hazard_code']}",
                  "open": f"已在台账 {r['hazard_code']}", None: "不登记（高后果区）"}[r["ledger"]]
        level = r["level"] if f.kind == "high_consequence" else _level_zh(run, f)
        note = f"（{f.note}）" if f.note else ""
        print("\t".join([KIND_ZH[f.kind], pipeline_label(run, f), feature_label(f), metres(f.distance_m), level,
                         r["grade_zh"] or "", ledger + note]))
    for f, r in zip(run.site_findings, rows[len(run.findings):], strict=True):
        ledger = {"new": "待登记" if done.dry_run else f"新登记 {r['hazard_code']}",
                  "open": f"已在台账 {r['hazard_code']}", None: "不登记"}[r["ledger"]]
        print("\t".join([KIND_ZH[f.kind], site_label(f.site_name, f.site_id),
                         site_label(f.feature_name, f.feature_id) if f.feature_index is not None else "",
                         "" if f.distance_m is None else metres(f.distance_m), _site_level_zh(f),
                         r["grade_zh"] or "", ledger + (f"（{f.note}）" if f.note else "")]))
    verb = "将新登记" if done.dry_run else "新登记"
    print(f"共 {len(run.findings)} 项：{verb} {len(s.new)} 条隐患，已在台账未销号 {len(s.still_open)} 条，"
          f"高后果区 {s.areas} 处（不登记为隐患）" + (f"，参数不全未能核查 {s.incomplete} 处" if s.incomplete else ""))
    if s.disappeared:
        print(f"台账中 {len(s.disappeared)} 条管线安全分析隐患本次未再发现（未自动销号，请核实后办理）：")
        for e in s.disappeared:
            print(f"  {e.code or e.hazard_id}\t{e.description}")
    return 0


def _level_zh(run, f) -> str:
    if f.kind == "third_party_works":
        return run.rules.works_levels[f.level]["zh"]
    return {"occupation": "占压", "below_minimum": "小于最小净距", "below_reduced": "小于折减后最小净距"}[f.level]


def _site_level_zh(f) -> str:
    from gis import vocab

    if f.kind == "school_zone":
        return vocab.label("site_categories", f.level)
    return {"inside": "防护距离内", "incomplete": "参数不全"}[f.level]
