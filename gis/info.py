"""What a project holds, per layer and state, with Chinese labels (`gridsafe info`, the window)."""
from __future__ import annotations

from datetime import date
from typing import Any

from gis import hazards, repo, vocab
from gis.store import Project

# section key → (title, vocabulary used for its keys)
SECTIONS = [
    ("admin_unit", "行政区划", "admin_levels"),
    ("grid", "网格", "grid_kinds"),
    ("site", "企业与场所", "site_categories"),
    ("site_status", "场所经营状态", "site_statuses"),
    ("line_asset", "线状设施", "line_kinds"),
    ("zone", "区域", "zone_kinds"),
    ("role", "人员职责", "roles"),
    ("hazard", "隐患（按状态）", "hazard_statuses"),
    ("hazard_grade", "隐患（按等级）", "hazard_grades"),
]


def summarize(project: Project, today: date | None = None) -> dict[str, Any]:
    with project.session() as s:
        summary = repo.project_summary(s)
        summary["hazard_overdue"] = hazards.overdue_count(s, today or date.today())
        summary["project"] = {
            "name": repo.get_setting(s, "name", project.name),
            "backend": project.backend,
            "revision": project.revision,
            "is_demo": bool(repo.get_setting(s, "is_demo", False)),
        }
    return summary


def format_summary(summary: dict[str, Any]) -> str:
    meta = summary["project"]
    lines = [f"项目：{meta['name']}" + ("（示例数据）" if meta["is_demo"] and "示例" not in meta["name"] else ""),
             f"数据库：{meta['backend']}，版本 {meta['revision']}", ""]
    for key, title, vocab_name in SECTIONS:
        counts = summary.get(key) or {}
        lines.append(f"{title}：共 {sum(counts.values())}")
        order = {k: i for i, k in enumerate(vocab.keys(vocab_name))}
        for k, n in sorted(counts.items(), key=lambda kv: (order.get(kv[0], len(order)), kv[0])):
            extra = ""
            if key == "line_asset" and k in summary["line_length_km"]:
                extra = f"，{summary['line_length_km'][k]:.1f} 公里"
            lines.append(f"  {vocab.label(vocab_name, k)}：{n}{extra}")
    lines.append(f"人员：{summary['person']}")
    lines.append(f"逾期未销号隐患：{summary['hazard_overdue']}")
    return "\n".join(lines)
