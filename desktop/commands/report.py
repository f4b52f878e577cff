"""`gridsafe report`: the periodic reports (周报、月报、季报、年报) as .docx, PDF and/or xlsx
(desktop.services.reports), and the default template for a township to edit."""
from __future__ import annotations

from desktop.commands import _args

KINDS = {"weekly": ("周报", "2026-W49"), "monthly": ("月报", "2026-11"), "quarterly": ("季报", "2026-Q4"),
         "yearly": ("年报", "2026")}


def register(sub) -> None:
    rp = sub.add_parser("report", help="周报、月报、季报、年报（docx / PDF / xlsx），报告模板")
    kinds = rp.add_subparsers(dest="report_kind", metavar="类型", required=True)
    for kind, (zh, example) in KINDS.items():
        k = kinds.add_parser(kind, help=f"{zh}（时段如 {example}）")
        _args.project_arg(k)
        k.add_argument("--period", required=True, help=f"报告期：{example}")
        k.add_argument("--out", action="append", required=True, metavar="文件",
                       help="输出文件，扩展名决定格式：.docx、.pdf、.xlsx（可多次给出）")
        k.add_argument("--template", metavar="模板.docx",
                       help="报告模板（默认：项目设置 report_template、用户目录中的 report_template.docx、内置模板）")
        k.add_argument("--within", metavar="编码", help="只统计此乡镇、村（社区）或网格（编码或编码前缀）内的记录")
        _args.today_arg(k)
        k.set_defaults(func=cmd_report, kind=kind)
    t = kinds.add_parser("template", help="导出内置报告模板（.docx），供在 Word/WPS 中修改")
    t.add_argument("--out", required=True, metavar="模板.docx", help="模板文件")
    t.set_defaults(func=cmd_template)


def cmd_report(args) -> int:
    from desktop.commands.progress import terminal
    from desktop.services import reports as use

    with _args.open_project(args) as project, terminal("生成报告") as feedback:
        done = use.write_report(project, args.kind, args.period, args.out, template=args.template,
                                within=args.within, today=args.today, feedback=feedback)
    print(f"已生成{done.title}：")
    for f in done.files:
        print(f"  {f}")
    return 0


def cmd_template(args) -> int:
    from desktop.services import reports as use

    path = use.export_template(args.out)
    print(f"已导出报告模板：{path}（可在 Word/WPS 中修改；字段见使用说明“报告模板”）")
    return 0
