"""`gridsafe tipoff …`: public tip-offs (群众举报, 12345 热线) — add (受理), list, assign (核查交办), verify (核查结果;
属实 makes a linked ledger hazard), reply (反馈), reward (奖励), close (办结). Reporters are masked unless --actor
names a person who may see them (a role in resources/tipoff_rules.yaml reporter_visible_roles)."""
from __future__ import annotations

import json

from desktop.commands import _args

DEFAULT_ACTOR = "命令行"


def _actor_arg(p) -> None:
    p.add_argument("--actor", default=DEFAULT_ACTOR, help=f"操作人姓名（默认“{DEFAULT_ACTOR}”）")


def _ref_arg(p) -> None:
    p.add_argument("ref", metavar="编号", help="举报编号（如 JB2026-00001）")


def register(sub) -> None:
    g = sub.add_parser("tipoff", help="群众举报（12345热线等）：受理、核查交办、核查结果（属实即登记隐患）、反馈、奖励、办结")
    gs = g.add_subparsers(dest="tipoff_command", metavar="操作", required=True)

    ad = gs.add_parser("add", help="受理一条举报")
    _args.project_arg(ad)
    ad.add_argument("--channel", required=True, help="举报渠道：12345热线、电话、微信/小程序、来信来访、现场、其他")
    ad.add_argument("--at", required=True, metavar="经度,纬度", help="举报位置（CGCS2000 经纬度，如 113.22,33.62）")
    ad.add_argument("--description", required=True, help="举报内容")
    ad.add_argument("--reporter", help="举报人姓名（可匿名）")
    ad.add_argument("--contact", help="举报人联系电话")
    ad.add_argument("--address", help="地址描述")
    ad.add_argument("--photo", action="append", default=[], metavar="文件", help="现场照片（可多次给出）")
    ad.add_argument("--received", type=_args.iso_datetime, metavar="YYYY-MM-DDTHH:MM", help="受理时间（默认现在）")
    _actor_arg(ad)
    _args.json_arg(ad)
    ad.set_defaults(func=cmd_add)

    ls = gs.add_parser("list", help="列出举报（可按状态、渠道、时段、逾期筛选）")
    _args.project_arg(ls)
    ls.add_argument("--status", action="append", default=[], help="状态（可多次）：已受理、核查中、已核查、已反馈、已奖励、已办结")
    ls.add_argument("--channel", action="append", default=[], help="渠道（可多次）")
    ls.add_argument("--period", help="受理时段（如 2026-12、2026-W49、2026Q4、2026）")
    ls.add_argument("--overdue", action="store_true", help="只列出逾期未反馈的举报")
    _actor_arg(ls)
    _args.json_arg(ls)
    ls.set_defaults(func=cmd_list)

    for name, text in (("assign", "核查交办：交给网格员核查"), ("verify", "录入核查结果（属实、部分属实即登记隐患）"),
                       ("reply", "反馈举报人"), ("reward", "奖励（仅核查属实的举报）"), ("close", "办结")):
        p = gs.add_parser(name, help=text)
        _args.project_arg(p)
        _ref_arg(p)
        if name == "assign":
            p.add_argument("--to", required=True, metavar="姓名或编号", help="核查人（人员姓名或编号）")
            p.add_argument("--note", help="交办说明")
        elif name == "verify":
            p.add_argument("--result", required=True, help="核查结果：属实、不属实、部分属实")
            p.add_argument("--note", help="核查情况")
            p.add_argument("--sector", help="隐患的行业领域（默认取附近场所的）")
            p.add_argument("--grade", help="隐患等级（默认一般）")
        elif name == "reply":
            p.add_argument("--text", required=True, help="反馈内容")
        elif name == "reward":
            p.add_argument("--amount", required=True, help="奖励金额（元）")
            p.add_argument("--by", required=True, help="奖励决定人或单位")
            _args.date_arg(p, "--on", help="决定日期（默认今天）")
        else:
            p.add_argument("--note", help="办结说明")
        _actor_arg(p)
        _args.json_arg(p)
        p.set_defaults(func=cmd_step, step=name)


def _place(text: str) -> tuple[float, float]:
    from gis.errors import ValidationError

    try:
        lon, lat = (float(v) for v in text.replace("，", ",").split(","))
    except ValueError:
        raise ValidationError(f"举报位置“{text}”应写成 经度,纬度（如 113.22,33.62）") from None
    return lon, lat


def cmd_add(args) -> int:
    from desktop.services import tipoffs as use

    with _args.open_project(args, write=True) as project:
        tid, code = use.receive(project, actor=args.actor, channel=args.channel, description=args.description,
                                place=_place(args.at), reporter_name=args.reporter, reporter_contact=args.contact,
                                address=args.address, photo_files=args.photo, received_at=args.received).value
    if args.json:
        print(json.dumps({"id": tid, "code": code}, ensure_ascii=False))
    else:
        print(f"已受理举报 {code}")
    return 0


def cmd_step(args) -> int:
    from desktop.services import tipoffs as use

    kw = {"actor": args.actor}
    if args.step == "assign":
        target = args.to.strip()
        kw.update(assignee=int(target) if target.isdigit() else target, note=args.note)
    elif args.step == "verify":
        kw.update(result=args.result, note=args.note, sector=args.sector, grade=args.grade)
    elif args.step == "reply":
        kw.update(text=args.text)
    elif args.step == "reward":
        kw.update(amount=args.amount, decided_by=args.by, decided_on=args.on)
    else:
        kw.update(note=args.note)
    with _args.open_project(args, write=True) as project:
        tid, code, hazard_id = getattr(use, args.step)(project, args.ref, **kw).value
        hazard_code = None
        if hazard_id is not None:
            from gis.hazards.workflow import find

            with project.session() as s:
                hazard_code = find(s, hazard_id).code
    if args.json:
        print(json.dumps({"id": tid, "code": code, "hazard_id": hazard_id, "hazard_code": hazard_code},
                         ensure_ascii=False))
        return 0
    from gis.tipoffs.rules import action_label

    print(f"{code}：{action_label(args.step)}已登记" + (f"，登记隐患 {hazard_code}" if hazard_code and args.step == "verify" else ""))
    return 0


def cmd_list(args) -> int:
    from desktop.services import tipoffs as use
    from gis import vocab
    from gis.errors import ValidationError
    from gis.hazards.workflow import resolve_actor

    def keys(name, values):
        out = []
        for v in values:
            k = vocab.key_for_label(name, v)
            if k is None:
                raise ValidationError(f"“{v}”不对，可选：{'、'.join(vocab.labels(name).values())}")
            out.append(k)
        return tuple(out)

    start = end = None
    if args.period:
        from gis.patrols.periods import parse_period

        period = parse_period(args.period)
        start, end = period.start, period.end
    flt = use.Filter(statuses=keys("tipoff_statuses", args.status), channels=keys("tipoff_channels", args.channel),
                     start=start, end=end, overdue=args.overdue)
    with _args.open_project(args) as project:
        with project.session() as s:
            viewer = resolve_actor(s, args.actor)
        rows = use.rows(project, flt, viewer=viewer)
    if args.json:
        print(json.dumps([r.as_json() for r in rows], ensure_ascii=False, indent=1))
        return 0
    from gis.tipoffs import rules as R

    for r in rows:
        flags = "  逾期" if r.overdue else ""
        hazard = f"  隐患 {r.hazard_code}" if r.hazard_code else ""
        print(f"{r.code}  {r.received_at:%Y-%m-%d %H:%M}  {R.channel_label(r.channel)}  {R.status_label(r.status)}"
              f"  {r.grid}  {r.reporter_name} {r.reporter_contact}  {r.description[:30]}{hazard}{flags}")
    print(f"共 {len(rows)} 条")
    return 0
