"""Forest-fire subcommands: `gridsafe fire season|roster|assign|unavailable|coverage|wallmap|patrols`."""
from __future__ import annotations

import json
from datetime import date

from desktop.commands import _args
from desktop.commands.progress import terminal
from gis import vocab
from gis.errors import ValidationError


def register(sub) -> None:
    f = sub.add_parser("fire", help="森林防火：防火期、值班表、覆盖检查")
    fsub = f.add_subparsers(dest="fire_command", metavar="操作", required=True)

    def with_season(p, *, year_flag: str = "--season"):
        _args.project_arg(p)
        p.add_argument(year_flag, type=int, required=True, metavar="年度", help="防火期年度，如 2026（2026—2027年度）")
        p.add_argument("--area", metavar="代码", help="区县或乡镇代码（不指定则为全项目）")

    se = fsub.add_parser("season", help="设置或查看防火期、紧要期和重点时段")
    with_season(se, year_flag="--year")
    _args.date_arg(se, "--start", help="防火期开始日期")
    _args.date_arg(se, "--end", help="防火期结束日期")
    se.add_argument("--critical", action="append", metavar="[名称:]开始:结束",
                    help="紧要期，可多次指定，如 春季紧要期:2027-02-01:2027-04-30（替换原有紧要期）")
    se.set_defaults(func=cmd_season)

    ro = fsub.add_parser("roster", help="生成值班表（保留手工调整）并导出")
    with_season(ro)
    _args.date_arg(ro, "--from", dest="from_date", help="从哪天起重新生成（默认今天；之前的和手工调整的班次保留）")
    ro.add_argument("--show", action="store_true", help="不重新生成，只显示和导出")
    ro.add_argument("--export", metavar="FILE.xlsx", help="导出 Excel 值班表")
    ro.add_argument("--pdf", metavar="FILE.pdf", help="导出可打印的 PDF 值班表（A4 横向）")
    ro.set_defaults(func=cmd_roster)

    a = fsub.add_parser("assign", help="手工安排或调换一个班次")
    with_season(a)
    a.add_argument("--person", required=True, help="值班人姓名")
    _args.date_arg(a, "--date", required=True, help="班次日期")
    a.add_argument("--place", required=True, help="检查站或行政区名称")
    a.add_argument("--replace", metavar="姓名", help="替换该班次中原来的人")
    a.set_defaults(func=cmd_assign)

    u = fsub.add_parser("unavailable", help="登记人员不能值班的日期")
    _args.project_arg(u)
    u.add_argument("--person", required=True, help="人员姓名")
    _args.date_arg(u, "--from", dest="from_date", required=True, help="从哪天起")
    _args.date_arg(u, "--to", dest="to_date", required=True, help="到哪天止（含）")
    u.add_argument("--reason", help="原因，如 请假、培训")
    u.set_defaults(func=cmd_unavailable)

    c = fsub.add_parser("coverage", help="覆盖检查：护林员责任区、紧要期每班值守")
    with_season(c)
    c.add_argument("--geojson", metavar="FILE", help="把有位置的缺口写成 GeoJSON（供地图显示）")
    c.set_defaults(func=cmd_coverage)

    w = fsub.add_parser("wallmap", help="网格管理图上墙（PDF，A0/A1/A3）")
    _args.project_arg(w)
    w.add_argument("--level", required=True, choices=["district", "township", "village"],
                   help="district 区县（各乡镇）、township 乡镇（各村）、village 村（各网格）")
    w.add_argument("--area", required=True, metavar="代码", help="该级行政区代码")
    w.add_argument("--size", default="A1", choices=["A0", "A1", "A3"], help="纸张（默认 A1）")
    w.add_argument("--portrait", action="store_true", help="纵向（默认横向）")
    w.add_argument("--unit", metavar="单位", help="制图单位（默认：本区域森林防火指挥部）")
    w.add_argument("--out", required=True, metavar="FILE.pdf")
    w.set_defaults(func=cmd_wallmap)

    pa = fsub.add_parser("patrols", help="安排护林员当天巡护路线（经过责任区内的检查站、瞭望塔和重点部位）")
    _args.project_arg(pa)
    _args.date_arg(pa, "--date", required=True, help="巡护日期")
    pa.add_argument("--export", metavar="DIR", help="把每条路线导出到手机（目录）")
    pa.add_argument("--format", default="gpx", choices=["gpx", "kml", "kmz", "html"], help="导出格式（默认 gpx）")
    pa.set_defaults(func=cmd_patrols)


def _critical(values):
    from gis.fire.seasons import CriticalSpan

    if not values:
        return None
    out = []
    for i, v in enumerate(values, 1):
        parts = v.rsplit(":", 2) if v.count(":") >= 2 else ["", *v.split(":")]
        try:
            name, a, b = parts
            out.append(CriticalSpan(name or f"紧要期{i}", date.fromisoformat(a), date.fromisoformat(b)))
        except ValueError as e:
            raise ValidationError(f"紧要期“{v}”应写成 名称:YYYY-MM-DD:YYYY-MM-DD") from e
    return out


def _print_season(s, season) -> None:
    from gis.fire import seasons as forestfire

    demo = "（含示例值，请按本地规定修改）" if season.is_demo else ""
    print(f"{season.name}：{season.start_date} 至 {season.end_date}{demo}")
    for p in forestfire.season_periods(s, season):
        how = {None: "手工设定", forestfire.DEMO_RULE: "示例"}.get(p.rule, f"按规则 {p.rule} 计算")
        span = f"{p.start}" if p.start == p.end else f"{p.start} 至 {p.end}"
        print(f"  {vocab.label('period_kinds', p.kind)}  {p.name}：{span}（{how}）")


def cmd_season(args) -> int:
    from gis import repo
    from gis.fire import seasons as forestfire
    from gis.model import FireSeason

    def unit(s) -> tuple[int, bool]:
        area = repo.admin_unit_by_code(s, args.area) if args.area else None
        season = forestfire.find_season(s, args.year, area)
        critical = _critical(args.critical)
        if season is None or args.start or args.end or critical is not None:
            season = forestfire.plan_season(s, args.year, start=args.start, end=args.end, area=area, critical=critical)
            s.flush()
            return season.id, True
        return season.id, False

    with _args.open_project(args, write=True) as project:
        season_id, saved = project.write(unit)
        if saved:
            print("已保存防火期。")
        with project.session() as s:
            _print_season(s, s.get(FireSeason, season_id))
    return 0


def cmd_roster(args) -> int:
    from desktop.services import fire as use
    from gis.fire import roster
    from gis.fire import seasons as forestfire
    from gis.model import FireSeason

    with _args.open_project(args, write=not args.show) as project:
        with project.session() as s:
            season = forestfire.season_of(s, args.season, args.area)
            season_id, season_name = season.id, season.name
        if not args.show:
            with terminal("排班") as feedback:
                result = use.generate_roster(project, season_id, start=args.from_date or date.today(),
                                             feedback=feedback).value
            print(f"{season_name}：{len(result.posts)} 个值班岗位；新排 {result.created} 班，"
                  f"保留 {result.kept} 班（已过去或手工调整），替换 {result.removed} 班")
            texts = result.shortfall_texts()
            if texts:
                print(f"人手不足 {len(texts)} 班：")
                for t in texts[:20]:
                    print(f"  {t}")
                if len(texts) > 20:
                    print(f"  ……另有 {len(texts) - 20} 班")
        with project.session() as s:
            problems = roster.conflicts(s, s.get(FireSeason, season_id))
        print("无冲突：没有人同时排在两处。" if not problems else "冲突：\n  " + "\n  ".join(problems))
        for path, fmt in ((args.export, "xlsx"), (args.pdf, "pdf")):
            if path:
                use.export_roster(project, season_id, path, fmt)
                print(f"已导出：{path}")
    return 0


def cmd_assign(args) -> int:
    from gis import repo
    from gis.fire import roster
    from gis.fire import seasons as forestfire
    from gis.fire.duty_posts import duty_config, place_by_name, shift_times

    def assign(s) -> str:
        season = forestfire.season_of(s, args.season, args.area)
        person = repo.person_by_name(s, args.person)
        post, unit, site = place_by_name(s, args.place)
        if args.replace:
            shift = roster.shift_on(s, season, repo.person_by_name(s, args.replace), args.date, admin_unit=unit,
                                    site=site)
            if shift is None:
                raise ValidationError(f"{args.date} {args.replace} 没有在 {args.place} 的班次")
            roster.change_person(s, shift, person)
        else:
            start, end = shift_times(duty_config(s), post, args.date)[0]
            shift = roster.add_shift(s, season, person, post, start, end, admin_unit=unit, site=site)
        return f"已安排：{person.name} {roster.interval_text(shift.starts_at, shift.ends_at)} {args.place}"

    with _args.open_project(args, write=True) as project:
        print(project.write(assign) + "（手工调整，重新生成时保留）")
    return 0


def cmd_unavailable(args) -> int:
    from gis import repo
    from gis.fire.registers import add_unavailability

    def unit(s) -> str:
        person = repo.person_by_name(s, args.person)
        add_unavailability(s, person, args.from_date, args.to_date, args.reason)
        return person.name

    with _args.open_project(args, write=True) as project:
        name = project.write(unit)
    print(f"已登记：{name} {args.from_date} 至 {args.to_date} 不能值班。重新生成值班表后生效。")
    return 0


def cmd_coverage(args) -> int:
    import shapely

    from gis.fire import coverage as fire_coverage
    from gis.fire import seasons as forestfire

    with _args.open_project(args) as project, project.session() as s:
        season = forestfire.season_of(s, args.season, args.area)
        gaps = fire_coverage.coverage(s, season)
    if not gaps:
        print(f"{season.name}：森林防火区均在护林员责任区内，紧要期每班均有人值守。")
    else:
        print(f"{season.name}：发现 {len(gaps)} 处缺口")
        for g in gaps[:50]:
            print(f"  {g.description}")
        if len(gaps) > 50:
            print(f"  ……另有 {len(gaps) - 50} 处")
    if args.geojson:
        features = [{"type": "Feature", "geometry": json.loads(shapely.to_geojson(g.geom)),
                     "properties": {"kind": g.kind, "description": g.description}}
                    for g in gaps if g.geom is not None]
        from gis.atomic import atomic_path

        with atomic_path(args.geojson) as tmp, open(tmp, "w", encoding="utf-8") as f:
            json.dump({"type": "FeatureCollection", "features": features}, f, ensure_ascii=False)
        print(f"已写出 {len(features)} 处有位置的缺口：{args.geojson}")
    return 0


def cmd_wallmap(args) -> int:
    from desktop.services.fire import print_wall_map

    with _args.open_project(args) as project, terminal("网格管理图") as feedback:
        content = print_wall_map(project, args.level, args.area, args.out, size=args.size,
                                 landscape=not args.portrait, unit_name=args.unit, feedback=feedback)
    demo = "（示例数据）" if content.is_demo else ""
    print(f"已生成：{args.out}  {content.title}{demo}，{args.size}，{len(content.parts)} 个图斑，{len(content.rows)} 行人员表")
    return 0


def cmd_patrols(args) -> int:
    from desktop.services import patrols as use
    from gis.fire import ranger_rounds as ranger_patrols

    with _args.open_project(args, write=True) as project:
        result = use.plan_ranger_rounds(project, args.date).value
        print(f"{args.date} 护林员巡护：{result.assignments} 条路线，{result.stops} 个巡护点，"
              f"共 {result.length_m / 1000:.1f} 公里；替换未执行的 {result.replaced} 条，保留已执行的 {result.kept} 条")
        for name in result.no_stops:
            print(f"  {name}：责任区内没有检查站、瞭望塔或重点部位，未安排路线")
        for name in result.no_ranger:
            print(f"  {name}：未落实护林员")
        if args.export and result.assignments + result.kept:
            for path in use.export_route_files(project, args.export, args.format,
                                               period=ranger_patrols.period_label(args.date),
                                               kind=ranger_patrols.KIND):
                print(f"  已导出：{path}")
    return 0
