"""Project subcommands: open, init, db upgrade, db repair, db copy, info."""
from __future__ import annotations

import json

from desktop.commands import _args
from gis import store


def register(sub) -> None:
    o = sub.add_parser("open", help="在窗口中打开项目")
    _args.project_arg(o)
    o.add_argument("--county", metavar="代码", help="项目含多个区县时，打开哪一个（区县代码，如 410411；会被记住）")
    o.set_defaults(func=cmd_open)

    i = sub.add_parser("init", help="新建项目")
    _args.project_arg(i)
    i.add_argument("--demo", action="store_true", help="写入示例街道数据")
    i.add_argument("--name", help="项目名称（默认：乡镇（街道）名称）")
    i.add_argument("--township", metavar="名称", help="乡镇（街道）名称，如 荆山街道")
    i.add_argument("--code", metavar="代码", help="乡镇（街道）的统一区划代码，9 位或 12 位，如 410411001")
    i.add_argument("--district", metavar="名称", help="所属区（县）名称，如 湛河区（区县代码取统一区划代码的前 6 位）")
    i.add_argument("--crs", metavar="坐标系", default=None,
                   help="导入数据常用的坐标系：EPSG:4490（CGCS2000 经纬度，默认）或 CGCS2000 3 度带，如 EPSG:4547")
    i.add_argument("--operator", metavar="姓名", help="新建人的姓名：人员名册的第一人，窗口中的默认操作人")
    i.set_defaults(func=cmd_init)

    d = sub.add_parser("db", help="数据库维护")
    dsub = d.add_subparsers(dest="db_command", metavar="操作", required=True)
    u = dsub.add_parser("upgrade", help="把项目升级到当前数据库版本（先备份）")
    _args.project_arg(u)
    u.add_argument("--no-backup", action="store_true",
                   help="不备份（默认先备份：SQLite 项目复制为 .bak-版本号，PostgreSQL 用 pg_dump 导出）")
    u.add_argument("--backup-dir", help="PostgreSQL 备份文件的存放文件夹（默认当前文件夹）")
    u.set_defaults(func=cmd_upgrade)
    r = dsub.add_parser("repair", help="修复打开时被拒绝的项目：先备份，再删除外来的触发器、视图、函数和索引，"
                                       "恢复 gridsafe 自己的触发器、函数和索引，重建损坏的索引，删除损坏的设置"
                                       "（PostgreSQL 项目只有管理员可以修复）")
    _args.project_arg(r)
    r.add_argument("--backup", metavar="路径",
                   help="PostgreSQL 项目修复前的备份（.gridsafe 文件或文件夹；默认当前文件夹下的 数据库名.bak-repair-时间.gridsafe）；"
                        "SQLite 项目的备份总在项目文件旁边")
    r.set_defaults(func=cmd_repair)
    c = dsub.add_parser("copy", help="把项目无损复制到另一个数据库：SQLite 文件 ⇄ PostgreSQL（源项目须为当前数据库版本）")
    c.add_argument("source", help="源项目：" + _args.PROJECT_HELP)
    c.add_argument("target", help="目标：新的 .gridsafe 文件，或空的 PostgreSQL 数据库地址 postgresql://用户@主机/数据库")
    c.add_argument("--replace", action="store_true", help="目标已有内容时替换它（默认拒绝并列出已有的内容）")
    c.set_defaults(func=cmd_copy)

    n = sub.add_parser("info", help="各图层和状态的数量")
    _args.project_arg(n)
    _args.json_arg(n)
    n.set_defaults(func=cmd_info)


def cmd_open(args) -> int:
    from desktop.app import run

    store.to_url(args.project)   # an address gridsafe cannot use is refused here, before the window shows
    if args.county is not None:
        remember_county(args.project, args.county.strip())
    return run(args.project)


def remember_county(target: str, code: str) -> None:
    """Check that the project holds the county `code` and remember it as the one the window opens on."""
    from desktop.main_window import county_key, districts, settings
    from gis.errors import ValidationError

    with store.open_project(target, readonly=True) as project:
        found = districts(project)
    if code not in {d.code for d in found}:
        have = "、".join(f"{d.code} {d.name}" for d in found) or "没有区县"
        raise ValidationError(f"项目 {store.describe(store.to_url(target))} 中没有代码为 {code} 的区县（项目中：{have}）")
    settings().setValue(county_key(target), code)


def cmd_init(args) -> int:
    if args.demo:
        from gis.userdata import make_demo_project

        project = make_demo_project(args.project)
    else:
        project = store.create_project(args.project, name=args.name, home=home_from_args(args))
    with project:
        print(f"已创建项目：{store.describe(project.url)}（数据库版本 {project.revision}）")
    return 0


def home_from_args(args):
    """The township of `gridsafe init`: all of --township, --code and --district, or none of them."""
    from gis.errors import ValidationError
    from gis.township import DEFAULT_CRS, HomeTownship

    given = {"--township": args.township, "--code": args.code, "--district": args.district}
    if not any(given.values()):
        if args.crs or args.operator:
            raise ValidationError("--crs、--operator 需与 --township、--code、--district 一起使用")
        return None
    missing = [k for k, v in given.items() if not v]
    if missing:
        raise ValidationError(f"新建乡镇项目还需要 {'、'.join(missing)}（--township、--code、--district 须一起给出）")
    return HomeTownship.checked(args.township, args.code, args.district, args.crs or DEFAULT_CRS, args.operator)


def cmd_upgrade(args) -> int:
    old, new = store.upgrade_project(args.project, backup=not args.no_backup, backup_dir=args.backup_dir)
    if old == new:
        print(f"项目已是最新数据库版本 {new}，无需升级")
    else:
        print(f"已把项目从数据库版本 {old} 升级到 {new}")
        if not args.no_backup:
            print(f"升级前的备份：{store.backup_path(args.project, old, args.backup_dir)}")
    return 0


def cmd_repair(args) -> int:
    from gis.repair import repair_project

    for line in repair_project(args.project, backup=args.backup).lines():
        print(line)
    return 0


def cmd_copy(args) -> int:
    from desktop.commands import progress
    from desktop.services.databases import copy_project

    with progress.terminal("复制项目") as feedback:
        copied = copy_project(args.source, args.target, replace=args.replace, feedback=feedback)
    for line in copied.lines():
        print(line)
    return 0


def cmd_info(args) -> int:
    from gis.info import format_summary, summarize

    with _args.open_project(args) as project:
        summary = summarize(project)
    if args.json:
        print(json.dumps(summary, ensure_ascii=False, indent=1, default=str))
    else:
        print(format_summary(summary))
    return 0
