"""What an import did: rows read, imported, repaired and rejected, each problem with its file, row,
field and reason in Chinese (and in English where the check gave one: `reason_en`, for the English window);
saveable as an xlsx workbook."""
from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

REJECTED, REPAIRED, WARNING = "rejected", "repaired", "warning"
KIND_LABELS = {REJECTED: "拒绝", REPAIRED: "已修复", WARNING: "提示"}
KIND_LABELS_EN = {REJECTED: "Rejected", REPAIRED: "Repaired", WARNING: "Note"}
MAX_IN_MESSAGE = 5
GEOMETRY_FIELD = "几何"   # the field of a geometry's problems (the file's columns are named as they are)


@dataclass
class Issue:
    kind: str  # rejected | repaired | warning
    file: str
    row: int | None
    field: str | None
    reason: str
    reason_en: str = ""

    def reason_in(self, lang: str = "zh") -> str:
        return self.reason_en if lang == "en" and self.reason_en else self.reason

    def field_in(self, lang: str = "zh") -> str | None:
        return "geometry" if lang == "en" and self.field == GEOMETRY_FIELD else self.field

    def text(self, row_noun: str = "行", lang: str = "zh") -> str:
        if lang == "en":
            where = [self.file]
            if self.row is not None:
                where.append(f"{'row' if row_noun == '行' else 'feature'} {self.row}")
            if self.field:
                where.append(f"field \"{self.field_in(lang)}\"")
            return f"{', '.join(where)}: {self.reason_in(lang)}"
        where = [self.file]
        if self.row is not None:
            where.append(f"第{self.row}{row_noun}")
        if self.field:
            where.append(f"字段“{self.field}”")
        return f"{' '.join(where)}：{self.reason}"


@dataclass
class ImportReport:
    file: str
    layer: str
    layer_label: str = ""
    format: str = ""
    crs: str | None = None
    encoding: str | None = None
    source_coords: str | None = None
    row_noun: str = "行"
    rows_read: int = 0
    imported: int = 0
    mapping: dict[str, str] = field(default_factory=dict)  # model label → source field
    issues: list[Issue] = field(default_factory=list)

    def add(self, kind: str, row: int | None, fld: str | None, reason: str, en: str = "") -> None:
        self.issues.append(Issue(kind, self.file, row, fld, reason, en))

    def noun_en(self, count: int) -> str:
        """The English for row_noun (行/个要素), counted."""
        noun = "row" if self.row_noun == "行" else "feature"
        return noun if count == 1 else noun + "s"

    def of_kind(self, kind: str) -> list[Issue]:
        return [i for i in self.issues if i.kind == kind]

    @property
    def rejected(self) -> list[Issue]:
        return self.of_kind(REJECTED)

    @property
    def repaired(self) -> list[Issue]:
        return self.of_kind(REPAIRED)

    @property
    def warnings(self) -> list[Issue]:
        return self.of_kind(WARNING)

    @property
    def rejected_rows(self) -> set:
        return {i.row for i in self.rejected}

    def first_problems(self, n: int = MAX_IN_MESSAGE, lang: str = "zh") -> str:
        lines = [i.text(self.row_noun, lang) for i in self.rejected[:n]]
        more = len(self.rejected) - n
        if more > 0:
            lines.append(f"… and {more} more problems; see the import report" if lang == "en"
                         else f"……另有 {more} 处问题，详见导入报告")
        return "\n".join(lines)

    @property
    def crs_label(self) -> str:
        """'CGCS2000 3度带高斯-克吕格 第38带（横坐标含带号）EPSG:4526' rather than only the code."""
        return self._crs_label("zh")

    def _crs_label(self, lang: str) -> str:
        from gis.geo.detect import describe

        try:
            return describe(self.crs, lang) if self.crs else ""
        except Exception:  # noqa: BLE001 - pyproj raises several kinds; the code itself is still an answer
            return self.crs

    def summary(self) -> str:
        lines = [
            f"文件：{self.file}（{self.format}）→ 图层：{self.layer_label or self.layer}",
            f"读取 {self.rows_read} {self.row_noun}，导入 {self.imported}，"
            f"修复 {len({i.row for i in self.repaired})}，拒绝 {len(self.rejected_rows)}，提示 {len(self.warnings)}",
        ]
        return "\n".join(lines + self.details())

    def details(self, lang: str = "zh") -> list[str]:
        """The coordinate system, text encoding and field mapping read with, one line each, in `lang` (the English
        window's import report shows them in English; the layer's fields named in `lang`, the file's as they are)."""
        from gis.io.targets import english

        en = lang == "en"
        lines = []
        if self.crs:
            converted = ((f" (source coordinates {self.source_coords.upper()} converted)" if en
                          else f"（来源坐标 {self.source_coords.upper()} 已转换）") if self.source_coords else "")
            lines.append(("Coordinate system: " if en else "坐标系：") + self._crs_label(lang) + converted)
        if self.encoding:
            lines.append(("Text encoding: " if en else "文字编码：") + self.encoding)
        if self.mapping:
            lines.append(("Field mapping: " if en else "字段对照：") + (", " if en else "，").join(
                f"{english(k, lang)}←{v}" for k, v in self.mapping.items()))
        return lines

    def to_xlsx(self, path: str | Path, lang: str = "zh") -> Path:
        """The report as a workbook: 汇总 (the counts and what the file was read with) and 明细 (every problem), in
        `lang` (the English window saves it in English; the file's own names and columns stay as they are)."""
        from openpyxl import Workbook
        from openpyxl.styles import Font

        from gis.io.readers import FORMAT_NAMES, FORMAT_NAMES_EN
        from gis.io.targets import english, layer_label
        from gis.reports.cells import append
        from gis.reports.xlsx_sheet import save_workbook

        en = lang == "en"
        path = Path(path)
        wb = Workbook()
        ws = wb.active
        ws.title = "Summary" if en else "汇总"
        layer = english(self.layer_label or layer_label(self.layer), lang)
        fmt = {v: FORMAT_NAMES_EN[k] for k, v in FORMAT_NAMES.items()}.get(self.format, self.format) if en \
            else self.format
        counts = (self.rows_read, self.imported, len({i.row for i in self.repaired}), len(self.rejected_rows),
                  len(self.warnings))
        labels = (("File", "Format", "Layer", "Coordinate system", "Source coordinates", "Text encoding", "Read",
                   "Imported", "Repaired", "Rejected", "Notes") if en else
                  ("文件", "格式", "图层", "坐标系", "来源坐标", "文字编码", "读取", "导入", "修复", "拒绝", "提示"))
        values = (self.file, fmt, layer, self._crs_label(lang), (self.source_coords or "").upper(),
                  self.encoding or "", *counts)
        rows = list(zip(labels, values, strict=True))
        rows += [(f"Field mapping: {english(k, lang)}" if en else f"字段对照：{k}", v) for k, v in self.mapping.items()]
        for r in rows:
            append(ws, r)
        ws.column_dimensions["A"].width = 22
        ws.column_dimensions["B"].width = 60
        detail = wb.create_sheet("Details" if en else "明细")
        if en:
            append(detail, ["Kind", "File", "Row" if self.row_noun == "行" else "Feature", "Field", "Reason"])
        else:
            append(detail, ["类型", "文件", "行号" if self.row_noun == "行" else "要素序号", "字段", "原因"])
        for cell in detail[1]:
            cell.font = Font(bold=True)
        kinds = KIND_LABELS_EN if en else KIND_LABELS
        for i in self.issues:
            append(detail, [kinds[i.kind], i.file, i.row, i.field_in(lang) or "", i.reason_in(lang)])
        for col, width in zip("ABCDE", (8, 24, 10, 16, 80), strict=True):
            detail.column_dimensions[col].width = width
        return save_workbook(wb, path)
