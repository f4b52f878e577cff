"""`gridsafe calendar` (工作日历: report due dates, campaign phases and targets, reminders) and
`gridsafe campaign list|add|delete` (phased campaigns written as YAML). The work is gis.stats.calendar and
gis.stats.campaigns; a bad campaign file is refused with the key named, and the project is left unchanged."""
from __future__ import annotations

import json
from datetime import date, timedelta

from desktop.commands import _args

DEFAULT_DAYS = 60
WEEKDAYS = "一二三四五六日"
KIND_ZH = {"report": "报告", "phase_start": "阶段开始", "phase_end": "阶段结束", "milestone": "节点目标"}


def register(sub) -> None:
    c = sub.add_parser("calendar", help="工作日历：报告报送截止时间、专项行动各阶段和节点目标，标出已到提醒期的事项")
    _args.project_arg(c)
    _args.date_arg(c, "--from", dest="from_date", help="从哪天起（默认今天）")
    _args.date_arg(c, "--to", dest="to_date", help=f"到哪天止（含；默认起始日后 {DEFAULT_DAYS} 天）")
    _args.today_arg(c)
    _args.json_arg(c)
    c.set_defaults(func=cmd_calendar)

    g = sub.add_parser("campaign", help="专项行动（分阶段、有节点目标）：列出、从 YAML 文件添加、删除")
    gs = g.add_subparsers(dest="campaign_command", metavar="操作", required=True)
    ls = gs.add_parser("list", help="列出专项行动及其阶段和节点目标")
    _args.project_arg(ls)
    _args.json_arg(ls)
    ls.set_defaults(func=cmd_list)
    ad = gs.add_parser("add", help="从 YAML 文件添加一个专项行动（name、start、end、phases …，见 README）")
    _args.project_arg(ad)
    ad.add_argument("--file", required=True, metavar="campaign.yaml", help="专项行动文件（YAML）")
    _args.json_arg(ad)
    ad.set_defaults(func=cmd_add)
    de = gs.add_parser("delete", help="删除一个专项行动（连同其阶段和节点目标）")
    _args.project_arg(de)
    de.add_argument("--id", type=int, required=True, help="专项行动编号（campaign list 显示）")
    de.set_defaults(func=cmd_delete)


def cmd_calendar(args) -> int:
    from gis.errors import ValidationError
    from gis.stats import calendar

    today = args.today or date.today()
    start = args.from_date or today
    end = args.to_date or start + timedelta(days=DEFAULT_DAYS)
    if end < start:
        raise ValidationError(f"--to {end} 早于 --from {start}")
    with _args.open_project(args) as project:
        cal = calendar.read(project)
    items = cal.items(start, end)
    due_soon = {i.key for i in calendar.reminders(items, today)}
    if args.json:
        print(json.dumps({"from": start.isoformat(), "to": end.isoformat(), "today": today.isoformat(),
                          "items": [i.to_json() | {"remind": i.key in due_soon} for i in items]},
                         ensure_ascii=False, indent=1))
        return 0
    print(f"工作日历 {start} 至 {end}（共 {len(items)} 项；★ = 已到提醒期）")
    for i in items:
        when = f"{i.on} 周{WEEKDAYS[i.on.weekday()]} {i.at:%H:%M}" if i.at else f"{i.on} 周{WEEKDAYS[i.on.weekday()]}      "
        print(f"{'★' if i.key in due_soon else ' '} {when}  {KIND_ZH[i.kind]}\t{i.title}")
    return 0


def _phase_line(p, kpis) -> str:
    from gis.stats.campaigns import KIND_ZH as PHASE_ZH

    span = f"{p.end_on}" if p.start_on is None else f"{p.start_on} 至 {p.end_on}"
    unit = "%" if p.kpi in kpis.rates else ""
    target = f"  目标：{kpis.names.get(p.kpi, p.kpi)} 达到 {p.target:g}{unit}" if p.kpi and p.target is not None else ""
    return f"    {PHASE_ZH[p.kind]}  {p.name}  {span}{target}"


def cmd_list(args) -> int:
    from gis.stats import campaigns

    with _args.open_project(args) as project:
        found = campaigns.listing(project)
        kpis = campaigns.kpi_choice(project)
    if args.json:
        print(json.dumps([c.to_json() for c in found], ensure_ascii=False, indent=1))
        return 0
    if not found:
        print("还没有专项行动：用 gridsafe campaign add 项目 --file 专项行动.yaml 添加")
    for c in found:
        doc = f"（{c.document_no}）" if c.document_no else ""
        print(f"[{c.id}] {c.name}{doc}  {c.start_on} 至 {c.end_on}" + (f"  {c.issuer}" if c.issuer else ""))
        for p in c.phases:
            print(_phase_line(p, kpis))
    return 0


def cmd_add(args) -> int:
    from gis.stats import campaigns

    data = campaigns.read_file(args.file)          # form first: no project opened for a bad file
    with _args.open_project(args, write=True) as project:
        try:
            new_id, _change = campaigns.add(project, data)
        except campaigns.CampaignError as e:       # the rules: say which file the keys are in
            raise campaigns.CampaignError(e.said, str(args.file)) from None
        saved = campaigns.get(project, new_id)
    if args.json:
        print(json.dumps(saved.to_json(), ensure_ascii=False, indent=1))
        return 0
    print(f"已添加专项行动 [{new_id}] {saved.name}：{len(saved.phases)} 个阶段和节点目标")
    return 0


def cmd_delete(args) -> int:
    from gis.stats import campaigns

    with _args.open_project(args, write=True) as project:
        name = campaigns.get(project, args.id).name
        campaigns.delete(project, args.id)
    print(f"已删除专项行动 [{args.id}] {name}")
    return 0
