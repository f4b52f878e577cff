"""`gridsafe users add|list|disable|enable URL …`: accounts of a PostgreSQL project, each a PostgreSQL login role
in one of six roles (管理员 admin, 指挥中心 command, 行业部门 sector, 网格长 village, 网格员 member, 只读 readonly),
enforced by the database (grants and row-level security). The URL's login must be able to create roles. The
password is asked for (twice) or read from standard input (--password-stdin), never taken from the command line."""
from __future__ import annotations

import json
import sys

from desktop.commands import _args
from gis import accounts, permissions


def register(sub) -> None:
    g = sub.add_parser("users", help="账号与角色（PostgreSQL 项目）：登记、列出、停用、启用")
    gs = g.add_subparsers(dest="users_command", metavar="操作", required=True)
    roles = "、".join(f"{k}（{v['zh']}）" for k, v in permissions.roles().items())

    ad = gs.add_parser("add", help="登记账号：创建可登录的数据库角色并授予角色权限")
    _args.project_arg(ad)
    ad.add_argument("name", help="登录名")
    ad.add_argument("--role", required=True, choices=list(permissions.roles()), metavar="角色", help=f"角色：{roles}")
    ad.add_argument("--area", metavar="代码", help="区域：乡镇/村社区代码（9/12 位）或网格代码（15 位）；网格长、网格员必填")
    ad.add_argument("--sector", metavar="行业", help="行业（如 gas 或 燃气）；行业部门必填")
    ad.add_argument("--person", type=int, metavar="编号", help="对应人员名册中的人员编号（可选）")
    ad.add_argument("--password-stdin", action="store_true", help="从标准输入读取密码（一行）")
    _args.json_arg(ad)
    ad.set_defaults(func=cmd_add)

    ls = gs.add_parser("list", help="列出账号")
    _args.project_arg(ls)
    _args.json_arg(ls)
    ls.set_defaults(func=cmd_list)

    for name, enabled, text in (("disable", False, "停用账号（不能再登录，记录保留）"), ("enable", True, "重新启用账号")):
        p = gs.add_parser(name, help=text)
        _args.project_arg(p)
        p.add_argument("name", help="登录名")
        _args.json_arg(p)
        p.set_defaults(func=cmd_set_enabled, enabled=enabled)


def _password(args) -> str:
    from gis.errors import ValidationError

    if args.password_stdin:
        return sys.stdin.readline().rstrip("\r\n")
    import getpass

    first = getpass.getpass(f"账号 {args.name} 的密码：")
    if getpass.getpass("再输入一次：") != first:
        raise ValidationError("两次输入的密码不一致，未登记账号")
    return first


def _show(a: accounts.Listed) -> str:
    area = f"{a.area_name or ''}（{a.area}）" if a.area else "全部区域"
    state = "已停用" if a.disabled else ("可登录" if a.can_login else "数据库角色不可登录")
    sector = f"，行业 {a.sector}" if a.sector else ""
    return f"{a.login}\t{permissions.role_label(a.role)}\t{area}{sector}\t{state}"


def _open(args):
    from desktop.services import accounts as use
    from gis import store

    return store.open_project(use.require_postgresql(args.project))


def cmd_add(args) -> int:
    from desktop.services import accounts as use

    with _open(args) as project:     # the server and the project first: then the password is asked for
        password = _password(args)
        done = use.add(project, args.name, args.role, password, area=args.area, sector=args.sector,
                       person_id=args.person)
    print(json.dumps(done.as_dict(), ensure_ascii=False) if args.json else "已登记账号：" + _show(done))
    return 0


def cmd_list(args) -> int:
    from desktop.services import accounts as use

    with _open(args) as project:
        rows = use.listing(project)
    if args.json:
        print(json.dumps([r.as_dict() for r in rows], ensure_ascii=False, indent=1))
    else:
        print("\n".join(_show(r) for r in rows) if rows else "本项目还没有账号（gridsafe users add 登记）")
    return 0


def cmd_set_enabled(args) -> int:
    from desktop.services import accounts as use

    with _open(args) as project:
        done = use.set_enabled(project, args.name, args.enabled)
    print(json.dumps(done.as_dict(), ensure_ascii=False) if args.json else
          ("已启用账号：" if args.enabled else "已停用账号：") + _show(done))
    return 0
