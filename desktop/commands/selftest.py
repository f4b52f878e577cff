"""`gridsafe self-test [DIR]`: check this installation offline, without a screen (desktop/selftest.py).

`gridsafe --self-test [DIR]` is the same command (desktop.cli rewrites it): the Windows installer, its CI
job and tests/packaging call it that way."""
from __future__ import annotations

ALIAS = "--self-test"


def register(sub) -> None:
    t = sub.add_parser("self-test", help="自检：不联网、无需屏幕，复制示例项目、出图、打印并检查，给出用时（也可写作 --self-test）")
    t.add_argument("folder", nargs="?", metavar="文件夹", help="保留生成的文件的文件夹（不给则用临时文件夹，结束后删除）")
    t.set_defaults(func=cmd_selftest)


def as_command(argv: list[str]) -> list[str]:
    """`--self-test [DIR]` / `--self-test=DIR` → `self-test [DIR]`."""
    if argv and argv[0] == ALIAS:
        return ["self-test", *argv[1:]]
    if argv and argv[0].startswith(ALIAS + "="):
        return ["self-test", argv[0].split("=", 1)[1], *argv[1:]]
    return argv


def cmd_selftest(args) -> int:
    from desktop import selftest

    return selftest.run(args.folder or None)
