"""Extract the checklists of the seed documents into resources/checklists/*.yaml.

    python3 scripts/extract_checklists.py [--seeds DIR]

- sector_lists.yaml: the 8 安全生产专项整治清单 tables of seed 001 (附件1（1）…（8）). Each table starts
  with the header cell "序号" and has rows of a number cell, the 重点整治内容 cell and four empty cells.
  The sector of a table is read from the title of its 附件 (e.g. "燃气安全集中攻坚行动方案"), and the
  lead department from the sentence under the title ("…由区城市管理局负责牵头…").
- self_check.yaml: the 10 aspects of the enterprise self-check in seed 000 (line 25), split at "；".

Every item keeps the seed line it came from, so it can be checked against the source.
"""
from __future__ import annotations

import argparse
import re
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "resources" / "checklists"
# the seed documents live in the shared folder checked out beside the repository (../shared)
SEEDS = Path(__file__).resolve().parent.parent.parent / "shared" / "domain" / "seeds"
SECTOR_SEED = "001_362c0133b9e40fff.txt"
SELF_CHECK_SEED = "000_a2bc1e43bf5f8511.txt"

# attachment title (start) → sector key of resources/vocab.yaml
TITLE_SECTORS = {
    "危险化学品": "hazchem", "燃气": "gas", "建筑施工": "construction", "交通运输": "transport",
    "消防": "fire", "森林防火": "forest_fire", "工贸": "industry_trade", "托育": "childcare",
}
ATTACHMENT = re.compile(r"^附件1（(\d)）\s*$")
LEAD = re.compile(r"由(区[^，。、]*?)(?:和(区[^，。、]*?))?(?:共同)?负责牵头")
NUMBER = re.compile(r"^\t(\d+)$")


def _cell(line: str) -> str:
    return line.strip().strip("\t").strip()


def _title_parts(text: str) -> tuple[str | None, str]:
    """'安全管理基础：主要负责人…' → ('安全管理基础', text); short headings only."""
    head, sep, _ = text.partition("：")
    return (head, text) if sep and len(head) <= 16 else (None, text)


def extract_sector_lists(lines: list[str]) -> list[dict]:
    tables: list[dict] = []
    current: dict | None = None
    i = 0
    while i < len(lines):
        line = lines[i]
        m = ATTACHMENT.match(line)
        if m:
            title = next(_cell(t) for t in lines[i + 1:i + 4] if _cell(t))
            sector = next(v for k, v in TITLE_SECTORS.items() if title.startswith(k))
            lead = None
            for t in lines[i + 1:i + 6]:
                found = LEAD.search(t)
                if found:
                    lead = "、".join(g for g in found.groups() if g)
                    break
            current = {"sector": sector, "title": title, "source_line": i + 1, "lead_department": lead,
                       "items": []}
            tables.append(current)
        elif current is not None and line.rstrip("\n") == "\t序号":
            current["header_line"] = i + 1
        elif current is not None and "header_line" in current:
            n = NUMBER.match(line.rstrip("\n"))
            if n and i + 1 < len(lines) and _cell(lines[i + 1]):
                no = int(n.group(1))
                if no != len(current["items"]) + 1:
                    raise SystemExit(f"第 {i + 1} 行：序号 {no} 不连续（{current['title']}）")
                text = _cell(lines[i + 1])
                heading, _ = _title_parts(text)
                item = {"id": f"{current['sector']}-{no:02d}", "no": no, "sector": current["sector"],
                        "text": text, "source_line": i + 2}
                if heading:
                    item["heading"] = heading
                current["items"].append(item)
                i += 2
                continue
        i += 1
    return tables


def extract_self_check(lines: list[str]) -> list[dict]:
    for n, line in enumerate(lines, start=1):
        m = re.search(r"重点突出\s*10\s*个方面：(.*?)。", line)
        if m:
            parts = [p.strip() for p in m.group(1).split("；") if p.strip()]
            return [{"id": f"self_check-{k:02d}", "no": k, "sector": None, "text": p, "source_line": n}
                    for k, p in enumerate(parts, start=1)]
    raise SystemExit("未在种子文件中找到“重点突出 10 个方面”")


def _dump(path: Path, header: str, data) -> None:
    text = yaml.safe_dump(data, allow_unicode=True, sort_keys=False, width=10_000)
    path.write_text(header + text, encoding="utf-8")


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--seeds", type=Path, default=SEEDS)
    p.add_argument("--out", type=Path, default=OUT)
    args = p.parse_args(argv)
    args.out.mkdir(parents=True, exist_ok=True)
    sector_lines = (args.seeds / SECTOR_SEED).read_text(encoding="utf-8").splitlines()
    tables = extract_sector_lists(sector_lines)
    _dump(args.out / "sector_lists.yaml",
          f"# 安全生产专项整治清单: extracted from seed {SECTOR_SEED} by scripts/extract_checklists.py.\n"
          "# Do not edit by hand; source_line is the line of the item's text in the seed.\n",
          {"source": SECTOR_SEED, "columns": ["序号", "重点整治内容", "排查问题隐患", "整改措施", "整改时限",
                                              "责任单位及责任人"], "tables": tables})
    items = extract_self_check((args.seeds / SELF_CHECK_SEED).read_text(encoding="utf-8").splitlines())
    _dump(args.out / "self_check.yaml",
          f"# 企业隐患自查 10 个方面: extracted from seed {SELF_CHECK_SEED} by scripts/extract_checklists.py.\n",
          {"source": SELF_CHECK_SEED, "title": "生产经营单位隐患自查自改重点（10 个方面）", "items": items})
    counts = {t["sector"]: len(t["items"]) for t in tables}
    print(f"专项整治清单：{counts}，共 {sum(counts.values())} 项；自查：{len(items)} 项")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
