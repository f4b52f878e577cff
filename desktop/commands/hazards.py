"""`gridsafe hazards …`: the hazard ledger headless — list, export, escalate, transition."""
from __future__ import annotations

from desktop.commands import _args
from gis import vocab


def register(sub) -> None:
    h = sub.add_parser("hazards", help="隐患台账：列表、导出、预警、流转")
    hs = h.add_subparsers(dest="hazards_command", metavar="操作", required=True)

    ls = hs.add_parser("list", help="列出隐患")
    _args.project_arg(ls)
    ls.add_argument("--status", action="append", choices=vocab.keys("hazard_statuses"), help="状态（可多次）")
    ls.add_argument("--grade", action="append", help="隐患等级代码（可多次）")
    ls.add_argument("--sector", action="append", choices=vocab.keys("sectors"), help="行业领域（可多次）")
    ls.add_argument("--grid", action="append", help="网格代码或其前缀（如村代码）")
    ls.add_argument("--overdue", action="store_true", help="只列逾期未销号的")
    ls.add_argument("--supervised", action="store_true", help="只列挂牌督办的")
    ls.add_argument("--search", help="全文检索（编号、描述、地点、责任人、措施）")
    ls.add_argument("--sort", default="id", help="排序列，如 deadline、overdue_days、found_on")
    ls.add_argument("--desc", action="store_true", help="倒序")
    _args.today_arg(ls)
    ls.set_defaults(func=cmd_list)

    ex = hs.add_parser("export", help="导出台账、专项整治清单或整改通知书")
    _args.project_arg(ex)
    ex.add_argument("--kind", required=True, choices=["ledger", "sector-list", "notice"],
                    help="ledger=隐患排查治理台账(xlsx)，sector-list=专项整治清单(xlsx)，notice=整改通知书(docx 或 pdf)")
    ex.add_argument("--sector", action="append", help="专项整治清单的行业领域（默认全部 8 个）")
    ex.add_argument("--hazard", help="整改通知书的隐患编号（如 YH2026-00001）或数据库编号")
    ex.add_argument("--actor", default="", help="下达通知书的操作人（签发人，记入隐患履历）")
    ex.add_argument("--format", choices=["docx", "pdf"], default=None,
                    help="整改通知书的格式：docx 或 pdf（默认按输出文件的扩展名，否则 docx）")
    _args.today_arg(ex)
    ex.add_argument("out")
    ex.set_defaults(func=cmd_export)

    es = hs.add_parser("escalate", help="按预警规则检查：逾期、停产整顿、提请关闭、零报告")
    _args.project_arg(es)
    _args.today_arg(es)
    es.set_defaults(func=cmd_escalate)

    tr = hs.add_parser("transition", help="办理一步：assign 交办、start 开始整改、submit 提请验收、"
                                          "reject 退回、close 销号、sign 签字、note 备注")
    _args.project_arg(tr)
    tr.add_argument("hazard", help="隐患编号（如 YH2026-00001）或数据库编号")
    tr.add_argument("action")
    tr.add_argument("--actor", required=True, help="操作人姓名")
    tr.add_argument("--role", help="签字身份，如 acceptor（整改验收人）、site_owner（业主）")
    tr.add_argument("--note", help="说明")
    tr.add_argument("--set", action="append", default=[], metavar="字段=值",
                    help="同时填写的字段，如 measures=… deadline=2026-12-31 owner_id=3（可多次）")
    tr.set_defaults(func=cmd_transition)


def cmd_list(args) -> int:
    from gis import hazards
    from gis.hazards import ledger

    with _args.open_project(args) as project:
        book = ledger.load(project, args.today)
        with project.session() as s:
            grade_table = hazards.grades(s)
    if args.sort not in book.frame.columns and args.sort != "overdue_days":
        from gis.errors import ValidationError

        raise ValidationError(f"不能按“{args.sort}”排序，可选：{'、'.join(['overdue_days', *book.frame.columns])}")
    rows = book.filter(status=args.status, grade=args.grade, sector=args.sector, grid=args.grid,
                       overdue=True if args.overdue else None, supervised=True if args.supervised else None,
                       text=args.search)
    rows = book.sort(rows, args.sort, ascending=not args.desc)
    f = book.frame
    print("编号\t状态\t等级\t行业\t网格\t地点\t整改时限\t逾期\t描述")
    for i in rows:
        r = f.iloc[i]
        deadline = "" if r["deadline"] is None or str(r["deadline"]) == "NaT" else r["deadline"].strftime("%Y-%m-%d")
        late = f"{book.overdue_days[i]}天" if book.overdue[i] else ""
        cells = [r["code"] or str(r["id"]), vocab.label("hazard_statuses", r["status"]),
                 hazards.grade_label(r["grade"], grade_table), vocab.label("sectors", _s(r["sector"])) or "",
                 _s(r["grid_code"]), _s(r["feature"]), deadline, late, _s(r["description"])]
        print("\t".join(cells))
    print(f"共 {len(rows)} 条（全部 {len(book)} 条）")
    return 0


def _s(v) -> str:
    return "" if v is None or (not isinstance(v, str) and v != v) else str(v)


def cmd_export(args) -> int:
    from desktop.services import hazards as use
    from gis import hazards
    from gis.errors import ValidationError

    if args.kind == "ledger":
        with _args.open_project(args) as project:
            n = use.export_ledger(project, args.out, today=args.today)
        print(f"已导出隐患排查治理台账：{args.out}（{n} 条）")
    elif args.kind == "sector-list":
        with _args.open_project(args) as project:
            counts = use.export_sector_list(project, args.out, sectors=args.sector, today=args.today)
        print(f"已导出安全生产专项整治清单：{args.out}（"
              + "，".join(f"{vocab.label('sectors', k)} {n} 行" for k, n in counts.items()) + "）")
    else:
        if not args.hazard:
            raise ValidationError("导出整改通知书须用 --hazard 指定隐患")
        if not args.actor:
            raise ValidationError("下达整改通知书须用 --actor 注明操作人（通知书编号会记入隐患履历）")
        with _args.open_project(args, write=True) as project:
            with project.session() as s:
                hid = hazards.hazard_id_of(s, args.hazard)
            done = use.issue_notice(project, hid, actor=args.actor, path=args.out,
                                    fmt=use.notice_format(args.out, args.format, default="docx"), on=args.today)
        print(f"已导出隐患整改通知书 {done.number}（{done.format}）：{args.out}")
    return 0


def cmd_escalate(args) -> int:
    from gis.hazards import escalation

    with _args.open_project(args) as project, project.session() as s:
        alerts = escalation.evaluate(s, args.today)
    for r, detail in zip(alerts.itertuples(index=False), escalation.details(alerts), strict=True):
        print(f"[{vocab.label('alert_levels', r.level)}] {r.label}：{detail} —— {r.action}")
    summary = escalation.summary(alerts)
    print("预警合计：" + ("，".join(f"{k} {n}" for k, n in summary.items()) if summary else "无"))
    return 0


def cmd_transition(args) -> int:
    from gis import accounts, hazards, permissions
    from gis.errors import ValidationError
    from gis.model import Hazard

    changes = {}
    for item in args.set:
        key, sep, value = item.partition("=")
        if not sep:
            raise ValidationError(f"--set 的格式应为 字段=值：{item}")
        changes[key.strip()] = int(value) if key.strip().endswith("_id") and value.strip().isdigit() else value
    def step(s):   # the whole step, read and write: run again when another writer won a race
        try:
            hid = hazards.hazard_id_of(s, args.hazard)
        except ValidationError as e:
            raise accounts.unseen(e, project.account) from None
        accounts.require(project.account, permissions.step_action(args.action), **dict(zip(
            ("area", "sector"), accounts.hazard_scope(s, hid))))   # the role's steps (交办 needs 网格长 …)
        event = hazards.transition(s, hid, args.action, actor=args.actor, role=args.role, note=args.note,
                                   changes=changes)
        hazard = s.get(Hazard, hid)
        return event, hazard, hazards.lacking_signatures(s, hazard)

    with _args.open_project(args, write=True) as project:
        event, hazard, lacking = project.write(step)
    print(f"隐患 {hazard.code or hazard.id}：{hazards.action_label(args.action)}，当前状态“{hazards.status_label(event.to_status)}”")
    if lacking and hazard.status != "closed":
        print("尚缺签字：" + "、".join(lacking))
    return 0
