"""What every `gridsafe` subcommand shares: the project argument, periods, dates, --json, opening the
project. Errors come out in Chinese: a bad date or period is refused by argparse (exit 2 with usage);
a project that cannot be opened raises GridsafeError, which desktop/cli.py prints (exit 2)."""
from __future__ import annotations

import argparse
from datetime import date, datetime

from gis import store

PROJECT_HELP = "项目文件（.gridsafe）或 postgresql:// 地址"
PERIOD_HELP = "时段：2026-11-23（日）、2026-W48（周）、2026-11（月）、2026-Q4（季度）"


def project_arg(p: argparse.ArgumentParser) -> None:
    p.add_argument("project", help=PROJECT_HELP)


def iso_date(text: str) -> date:
    """argparse type: YYYY-MM-DD."""
    try:
        return date.fromisoformat(text.strip())
    except ValueError:
        raise argparse.ArgumentTypeError(f"无法识别的日期“{text}”，请写成 2026-11-24") from None


def iso_datetime(text: str) -> datetime:
    """argparse type: YYYY-MM-DDTHH:MM (a date alone means its midnight)."""
    try:
        return datetime.fromisoformat(text.strip())
    except ValueError:
        raise argparse.ArgumentTypeError(f"无法识别的时间“{text}”，请写成 2026-11-24T09:30") from None


def period_arg(p: argparse.ArgumentParser, *, extra: str = "") -> None:
    p.add_argument("--period", required=True, help=PERIOD_HELP + extra)


def date_arg(p: argparse.ArgumentParser, *flags: str, help: str, required: bool = False, **kw) -> None:
    p.add_argument(*flags, type=iso_date, required=required, metavar="YYYY-MM-DD", help=help, **kw)


def today_arg(p: argparse.ArgumentParser) -> None:
    """--today: the day the rules count from (tests and reproducible reports); not shown in --help."""
    p.add_argument("--today", type=iso_date, help=argparse.SUPPRESS)


def json_arg(p: argparse.ArgumentParser) -> None:
    p.add_argument("--json", action="store_true", help="以 JSON 输出")


def open_project(args, *, write: bool = False) -> store.Project:
    """The project named on the command line, for reading (default) or writing; a command's --actor is the
    operator the audit trail names for its writes."""
    project = store.open_project(args.project, readonly=not write)
    project.operator = getattr(args, "actor", None) or None
    return project
