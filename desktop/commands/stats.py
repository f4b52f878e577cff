"""`gridsafe stats`: the KPIs of resources/kpis.yaml for a period, in total or per township, village, grid or
sector (gis.stats)."""
from __future__ import annotations

import json

from desktop.commands import _args


def register(sub) -> None:
    st = sub.add_parser("stats", help="工作态势指标：整改率、按期整改率、逾期、重大隐患、挂牌督办、企业自查覆盖率、"
                                      "零报告企业、巡查完成率、群众举报（每项给出分子、分母和数值）")
    _args.project_arg(st)
    _args.period_arg(st, extra="；或 2026（年）")
    st.add_argument("--by", choices=["township", "village", "grid", "sector", "person"],
                    help="分组：township 乡镇（街道）、village 村（社区）、grid 网格、sector 行业、person 网格员（巡查指标）")
    st.add_argument("--within", metavar="编码", help="只统计此乡镇、村（社区）或网格（编码或编码前缀）内的记录")
    st.add_argument("--kpi", action="append", metavar="指标", help="只给出此指标（可多次给出；默认全部）")
    st.add_argument("--definitions", action="store_true", help="列出每个指标的定义（分子、分母、目标）")
    _args.today_arg(st)
    _args.json_arg(st)
    st.set_defaults(func=cmd_stats)


def cmd_stats(args) -> int:
    from gis.stats import compute, kpis, records
    from gis.stats.kpis import format_value

    with _args.open_project(args) as project:
        defs = kpis.load(project)
        if args.kpi:
            for k in args.kpi:
                defs[k]   # an unknown id says which exist
        recs = records.load(project, today=args.today)
    table = compute.evaluate(recs, defs, args.period, args.by, args.within, args.kpi)
    if args.json:
        print(json.dumps(table.to_json(), ensure_ascii=False, indent=1))
        return 0
    as_of = f"，统计截至 {table.as_of:%Y-%m-%d}" if table.as_of < table.period.end else ""
    print(f"工作态势 {table.period.zh}（{table.period.start:%Y-%m-%d} 至 {table.period.end:%Y-%m-%d}{as_of}）"
          + (f"，范围 {args.within}" if args.within else ""))
    if args.definitions or not args.by:
        print("指标\t分子\t分母\t数值\t目标" + ("\t定义" if args.definitions else ""))
        for k in table.kpis:
            c = table.total(k.id)
            row = [k.zh, str(c.numerator), "" if c.denominator is None else str(c.denominator),
                   format_value(k, c.value), "" if k.target is None else format_value(k, k.target)]
            print("\t".join(row + ([k.definition] if args.definitions else [])))
    if args.by:
        print("\t".join([compute.BY_ZH[args.by], "编码"] + [k.zh for k in table.kpis]))
        print("\t".join(["合计", ""] + [format_value(k, table.total(k.id).value) for k in table.kpis]))
        for g in table.groups:
            print("\t".join([g.name, g.key] + [format_value(k, table.cell(k.id, g.key).value) for k in table.kpis]))
    return 0
