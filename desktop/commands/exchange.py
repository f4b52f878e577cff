"""Data exchange subcommands: import a GIS or office file into a layer, export layers to files."""
from __future__ import annotations

import sys
from pathlib import Path

from desktop.commands import _args
from desktop.commands.progress import terminal
from gis.errors import GridsafeError


def register(sub) -> None:
    from gis.io.export import FORMATS
    from gis.io.targets import TARGETS
    from gis.layers import LAYERS

    i = sub.add_parser("import", help="把 GeoPackage/Shapefile/GeoJSON/KML/KMZ/CSV/XLSX/GPX 导入到图层（全部成功或全部不导入）")
    _args.project_arg(i)
    i.add_argument("file", help="要导入的数据文件")
    i.add_argument("--layer", required=True, choices=list(TARGETS), help="目标图层")
    i.add_argument("--crs", help="确认源数据的坐标系，如 EPSG:4526（文件没有坐标系信息时必须给出）")
    i.add_argument("--source-coords", choices=["gcj02", "bd09"],
                   help="坐标取自高德/腾讯（gcj02）或百度（bd09）地图，导入时换算到 CGCS2000")
    i.add_argument("--encoding", help="源文件的文字编码，如 gbk 或 utf-8（默认自动判断）")
    i.add_argument("--mapping", help="字段对照模板（YAML 文件或已保存模板的名称）")
    i.add_argument("--source-layer", help="GeoPackage 中的图层或 Excel 中的工作表")
    i.add_argument("--xy", help="表格的坐标列，如 “经度,纬度”（默认按表头自动识别）")
    i.add_argument("--set", action="append", default=[], metavar="字段=值",
                   help="为所有行指定字段值，如 --set category=九小场所（可重复）")
    i.add_argument("--skip-invalid", action="store_true", help="跳过未通过检查的行，只导入其余的行")
    i.add_argument("--report", help="把导入报告保存为 xlsx")
    i.set_defaults(func=cmd_import)

    e = sub.add_parser("export", help="把图层导出为 GeoPackage/Shapefile/GeoJSON/KML/KMZ/CSV/XLSX")
    _args.project_arg(e)
    e.add_argument("out", help="输出文件")
    e.add_argument("--layer", action="append", required=True, choices=list(LAYERS) + ["all"],
                   help="要导出的图层（可重复；all 为全部，仅 gpkg/kml/kmz）")
    e.add_argument("--format", choices=list(FORMATS), help="导出格式（默认按扩展名）")
    e.add_argument("--ids", help="只导出这些 ID，逗号分隔")
    e.add_argument("--encoding", help="Shapefile 的文字编码：utf-8（默认）或 gbk（供旧软件使用）")
    e.set_defaults(func=cmd_export)


def _pairs(items: list[str]) -> dict[str, str]:
    out = {}
    for item in items:
        key, sep, value = item.partition("=")
        if not sep or not key.strip():
            raise GridsafeError(f"--set 的写法应为 字段=值，而不是“{item}”")
        out[key.strip()] = value.strip()
    return out


def _values_for(layer: str, raw: dict[str, str]) -> dict[str, str]:
    from gis.io.targets import TARGETS

    t = TARGETS[layer]
    out = {}
    for key, value in raw.items():
        f = next((f for f in t.fields if key in (f.name, f.label)), None)
        if f is None:
            names = "、".join(f"{f.name}（{f.label}）" for f in t.fields)
            raise GridsafeError(f"图层“{t.label}”没有字段“{key}”，可用：{names}")
        out[f.name] = value
    return out


def cmd_import(args) -> int:
    from gis.io.errors import ImportRejected
    from gis.io.importer import ImportOptions, import_file

    xy = None
    if args.xy:
        parts = [p.strip() for p in args.xy.replace("，", ",").split(",")]
        if len(parts) != 2 or not all(parts):
            raise GridsafeError(f"--xy 的写法应为 “X列,Y列”，而不是“{args.xy}”")
        xy = (parts[0], parts[1])
    opts = ImportOptions(
        layer=args.layer, crs=args.crs, source_coords=args.source_coords, encoding=args.encoding,
        mapping=args.mapping, source_layer=args.source_layer, xy=xy,
        values=_values_for(args.layer, _pairs(args.set)), allow_partial=args.skip_invalid,
    )
    with _args.open_project(args, write=True) as project:
        try:
            with terminal("导入") as feedback:
                report = import_file(project, Path(args.file), opts, feedback=feedback)
        except ImportRejected as e:
            if args.report:
                e.report.to_xlsx(args.report)
                print(f"导入报告已保存：{args.report}", file=sys.stderr)
            raise
    print(report.summary())
    for issue in report.issues:
        print(f"  [{ {'rejected': '拒绝', 'repaired': '已修复', 'warning': '提示'}[issue.kind] }] "
              f"{issue.text(report.row_noun)}")
    if args.report:
        report.to_xlsx(args.report)
        print(f"导入报告已保存：{args.report}")
    return 0


def cmd_export(args) -> int:
    from gis.io.export import export

    layers = "all" if "all" in args.layer else args.layer
    ids = None
    if args.ids:
        try:
            ids = [int(x) for x in args.ids.replace("，", ",").split(",") if x.strip()]
        except ValueError as e:
            raise GridsafeError(f"--ids 应为逗号分隔的数字，而不是“{args.ids}”") from e
    with _args.open_project(args) as project, terminal("导出") as feedback:
        written = export(project, layers, Path(args.out), args.format, ids=ids, encoding=args.encoding,
                         feedback=feedback)
    for p in written:
        print(f"已导出：{p}")
    return 0
