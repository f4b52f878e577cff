"""`gridsafe check`: the topology check (gis.topology_check) — gaps and overlaps between a village's grids,
grids outside their village, sites outside any grid, invalid geometries, duplicate codes, dangling line ends.

Exit 0 when clean, 1 with findings (after --fix: with findings left). --json prints a list of findings:
kind, layer, id, other_id, area_m2, distance_m, message and the geometry as WKT in EPSG:4490 (`wkt`).
--fix KIND:ID applies the fix that applies to every finding of that kind and id (a gap's id is its village),
each in its own transaction, then checks again."""
from __future__ import annotations

import json

from desktop.commands import _args


def register(sub) -> None:
    p = sub.add_parser("check", help="拓扑检查：网格间空隙与重叠、网格超出村界、场所不在网格内、几何无效、代码重复、"
                                     "管线和道路悬挂端点（无问题时退出码 0，有问题时 1）")
    _args.project_arg(p)
    p.add_argument("--min-area", type=float, default=None, metavar="平方米",
                   help="空隙、重叠、超出部分小于此面积不报（默认 1 平方米）")
    p.add_argument("--tolerance", type=float, default=None, metavar="米",
                   help="线路端点距另一条线路在此距离内视为接上（默认 0.5 米）")
    p.add_argument("--search", type=float, default=None, metavar="米",
                   help="未接上的端点距另一条线路在此距离内才报告（默认 10 米）")
    p.add_argument("--fix", action="append", default=[], metavar="类型:编号",
                   help="修复此问题（如 gap:12 = 并入村 12 的空隙，overlap:305、outside_village:305、invalid:305 "
                        "为网格编号），可多次给出")
    _args.json_arg(p)
    p.set_defaults(func=cmd_check)


def _options(args):
    from gis.topology import Options

    o = Options()
    for name, value in (("min_area_m2", args.min_area), ("tolerance_m", args.tolerance), ("search_m", args.search)):
        if value is not None:
            setattr(o, name, value)
    return o


def _targets(fixes: list[str]) -> list[tuple[str, int]]:
    from gis.errors import ValidationError
    from gis.topology import KINDS

    out = []
    for text in fixes:
        kind, _, ident = text.partition(":")
        if kind not in KINDS or not ident.strip().lstrip("-").isdigit():
            raise ValidationError(f"--fix “{text}”应为 类型:编号，类型为 {'、'.join(KINDS)} 之一")
        out.append((kind, int(ident)))
    return out


def cmd_check(args) -> int:
    from desktop.commands.progress import terminal
    from gis import topology_check
    from gis.errors import ValidationError
    from gis.topology import KIND_ZH

    options = _options(args)
    targets = _targets(args.fix)
    with _args.open_project(args, write=bool(targets)) as project:
        with terminal("拓扑检查") as feedback:
            result = topology_check.run(project, options, feedback)
        fixed = 0
        for kind, ident in targets:
            found = [f for f in result.findings if f.kind == kind and f.id == ident]
            usable = [(f, topology_check.actions(f)) for f in found]
            if not any(a for _, a in usable):
                raise ValidationError(f"没有可修复的问题 {kind}:{ident}"
                                      + ("（此类问题需手工处理）" if found else "（检查未发现此问题）"))
            for f, acts in usable:
                if acts:
                    topology_check.fix(project, f, acts[0])
                    print(f"已修复：{f.message}（{topology_check.ACTIONS[acts[0]]}）")
                    fixed += 1
        if fixed:
            with terminal("重新检查") as feedback:
                result = topology_check.run(project, options, feedback)
    if args.json:
        print(json.dumps([f.as_dict() for f in result.findings], ensure_ascii=False, indent=1))
    elif result.clean:
        print("拓扑检查未发现问题")
    else:
        counts = result.counts()
        print("拓扑检查发现 " + "，".join(f"{KIND_ZH[k]} {n} 处" for k, n in counts.items()))
        for f in result.findings:
            print(f"{f.kind}:{f.id}\t{f.message}")
    return 0 if result.clean else 1
