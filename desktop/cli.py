"""`gridsafe`: opens the window, or runs a subcommand headless.

    gridsafe [--demo]                 open the app on the demo project
    gridsafe open PROJECT             open the app on a project
    gridsafe init PROJECT [--demo]    make a new project (with the demo township), no window
    gridsafe db upgrade PROJECT       migrate a project in place to this version's schema
    gridsafe info PROJECT [--json]    counts per layer and state
"""
from __future__ import annotations

import argparse
import json
import logging
import sys
from pathlib import Path

from gis import __version__, store
from gis.errors import GridsafeError

log = logging.getLogger("gridsafe")


def _parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(prog="gridsafe", description="安全生产网格化管理 GIS（gridsafe）")
    p.add_argument("--version", action="version", version=f"gridsafe {__version__}")
    p.add_argument("--demo", action="store_true", help="打开示例项目（默认）")
    sub = p.add_subparsers(dest="command", metavar="命令")

    o = sub.add_parser("open", help="在窗口中打开项目")
    o.add_argument("project", help="项目文件（.gridsafe）或 postgresql:// 地址")

    i = sub.add_parser("init", help="新建项目")
    i.add_argument("project")
    i.add_argument("--demo", action="store_true", help="写入示例街道数据")
    i.add_argument("--name", help="项目名称")

    d = sub.add_parser("db", help="数据库维护")
    dsub = d.add_subparsers(dest="db_command", metavar="操作", required=True)
    u = dsub.add_parser("upgrade", help="把项目升级到当前数据库版本（先备份）")
    u.add_argument("project")
    u.add_argument("--no-backup", action="store_true", help="不备份（仅 SQLite 项目会备份）")

    n = sub.add_parser("info", help="各图层和状态的数量")
    n.add_argument("project")
    n.add_argument("--json", action="store_true", help="以 JSON 输出")
    return p


def cmd_init(args) -> int:
    if args.demo:
        from gis.userdata import make_demo_project

        project = make_demo_project(Path(args.project))
    else:
        project = store.create_project(args.project, name=args.name)
    with project:
        print(f"已创建项目：{args.project}（数据库版本 {project.revision}）")
    return 0


def cmd_db(args) -> int:
    old, new = store.upgrade_project(args.project, backup=not args.no_backup)
    if old == new:
        print(f"项目已是最新数据库版本 {new}，无需升级")
    else:
        print(f"已把项目从数据库版本 {old} 升级到 {new}")
    return 0


def cmd_info(args) -> int:
    from gis.info import format_summary, summarize

    with store.open_project(args.project, readonly=True) as project:
        summary = summarize(project)
    if args.json:
        print(json.dumps(summary, ensure_ascii=False, indent=1, default=str))
    else:
        print(format_summary(summary))
    return 0


def cmd_open(project: str | None) -> int:
    from desktop.app import run

    return run(project)


def main(argv: list[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    from desktop.errors import setup_logging

    setup_logging()
    try:
        if args.command == "init":
            return cmd_init(args)
        if args.command == "db":
            return cmd_db(args)
        if args.command == "info":
            return cmd_info(args)
        return cmd_open(args.project if args.command == "open" else None)
    except GridsafeError as e:
        print(f"错误：{e.message}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        return 130
    except Exception:
        log.exception("unexpected error in gridsafe %s", sys.argv[1:])
        from desktop.errors import log_path

        print(f"错误：发生意外问题，详情已记录到 {log_path()}", file=sys.stderr)
        return 1


if __name__ == "__main__":
    sys.exit(main())
