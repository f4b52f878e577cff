"""`gridsafe`: opens the window, or runs a subcommand headless (see desktop/commands/).

    gridsafe [--demo]                 open the app on the demo project
    gridsafe PROJECT                  open the app on a project (a file given alone, as a double-click does)
    gridsafe open PROJECT             the same, spelled out
    gridsafe open PROJECT --county CODE   a project of several counties: open (and remember) this one
    gridsafe init PROJECT [--demo]    make a new project (with the demo township), no window
    gridsafe db upgrade PROJECT       migrate a project in place to this version's schema
    gridsafe db repair PROJECT        back up, then drop foreign triggers/views/indexes, restore gridsafe's own
    gridsafe info PROJECT [--json]    counts per layer and state
    gridsafe patrol plan|list|sheets|visit|coverage|rules PROJECT …
                                      patrol planning, phone route files, results, coverage
    gridsafe gas analyse PROJECT [--date D] [--dry-run] [--json]
                                      pipeline safety findings into the hazard ledger (管线安全分析)
    gridsafe calendar PROJECT [--from D] [--to D] [--json]
                                      report due dates and campaign phases/targets (工作日历), reminders marked
    gridsafe campaign list|add|delete PROJECT …   phased campaigns (专项行动), added from a YAML file
    gridsafe audit PROJECT [--since D] [--until D] [--user NAME] [--table T] [--id N] [--json]
                                      the audit trail (操作日志): every insert/update/delete, whoever made it
    gridsafe self-test [DIR]          check this installation offline (desktop/commands/selftest.py;
                                      `--self-test [DIR]` is the same)
"""
from __future__ import annotations

import argparse
import logging
import os
import sys

from desktop.commands import register_all, selftest
from gis import __version__
from gis.atomic import Incomplete, complete_files
from gis.errors import GridsafeError
from gis.feedback import Cancelled

log = logging.getLogger("gridsafe")
CANCELLED = "已取消，未做任何修改"


def _list_complete(e: BaseException) -> None:
    """The files a stopped batch completed (gis.atomic.Incomplete), one a line: they stay and are whole."""
    files = complete_files(e)
    if files:
        print(f"已完成的 {len(files)} 个文件：", file=sys.stderr)
        for f in files:
            print(f"  {f}", file=sys.stderr)


def parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(prog="gridsafe", description="安全生产网格化管理 GIS（gridsafe）")
    p.add_argument("--version", action="version", version=f"gridsafe {__version__}")
    p.add_argument("--demo", action="store_true", help="打开示例项目（默认）")
    register_all(p.add_subparsers(dest="command", metavar="命令"))
    return p


def _open_demo(_args) -> int:
    from desktop.app import run

    return run(None)


def _headless_qt() -> None:
    """Subcommands that paint (PDFs, PNGs) need Qt but no window: without a display, draw offscreen."""
    if sys.platform.startswith("linux") and not (os.environ.get("DISPLAY") or os.environ.get("WAYLAND_DISPLAY")):
        os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")


def _as_open(argv: list[str], p: argparse.ArgumentParser) -> list[str]:
    """`gridsafe 项目.gridsafe` means `gridsafe open 项目.gridsafe`, as every desktop program opens a file
    given alone (the file association, a drop on the program's icon). A mistyped command stays an error."""
    if len(argv) != 1 or argv[0].startswith("-"):
        return argv
    target = argv[0]
    commands = next(a.choices for a in p._actions if isinstance(a, argparse._SubParsersAction))
    if target in commands:
        return argv
    from gis.store import PROJECT_SUFFIX, is_address

    if target.lower().endswith(PROJECT_SUFFIX) or is_address(target) or os.path.isfile(target):
        return ["open", target]
    return argv


def main(argv: list[str] | None = None) -> int:
    p = parser()
    argv = list(sys.argv[1:] if argv is None else argv)
    args = p.parse_args(_as_open(selftest.as_command(argv), p))
    if getattr(args, "func", None) not in (None, _open_demo) and args.command != "open":
        _headless_qt()
    from desktop.errors import log_path, setup_logging

    setup_logging()
    try:
        return getattr(args, "func", _open_demo)(args)
    except (Cancelled, KeyboardInterrupt) as e:   # Ctrl+C: the transaction rolled back, partial files are gone
        print(e.message if isinstance(e, Incomplete) else CANCELLED, file=sys.stderr)
        _list_complete(e)
        return 130
    except GridsafeError as e:
        print(f"错误：{e.message}", file=sys.stderr)
        _list_complete(e)
        return 2
    except BrokenPipeError:      # `gridsafe … | head`: the reader has gone, nothing is wrong with the work
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())   # no second error when Python flushes
        return 141
    except Exception:
        log.exception("unexpected error in gridsafe %s", sys.argv[1:])
        print(f"错误：发生意外问题，详情已记录到 {log_path()}", file=sys.stderr)
        return 1


if __name__ == "__main__":
    sys.exit(main())
