"""Checklists as data: the 122 sector items of seed 001 and the 10 self-check aspects of seed 000."""
from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import yaml

from gis import vocab
from gis.hazards import checklists
from scripts.extract_checklists import SEEDS  # ../shared/domain/seeds, beside the repository

ROOT = Path(__file__).resolve().parents[2]
EXPECTED = {"hazchem": 10, "gas": 14, "construction": 16, "transport": 14, "fire": 18, "forest_fire": 9,
            "industry_trade": 29, "childcare": 12}


def test_counts_per_sector():
    counts = {t["sector"]: len(t["items"]) for t in checklists.sector_tables()}
    assert counts == EXPECTED
    assert sum(counts.values()) == 122
    assert len(checklists.self_check_items()) == 10


def test_items_have_id_sector_text_and_source_line():
    for table in checklists.sector_tables():
        assert table["sector"] in vocab.keys("sectors")
        assert [i["no"] for i in table["items"]] == list(range(1, len(table["items"]) + 1))
        for it in table["items"]:
            assert it["id"] == f"{table['sector']}-{it['no']:02d}" and it["sector"] == table["sector"]
            assert it["text"] and it["source_line"] > 0
    assert checklists.item("fire-01")["text"] == "违规留宿人员"
    assert checklists.item("fire-01")["source_line"] == 659
    assert checklists.item("hazchem-01")["heading"] == "安全管理基础"
    assert checklists.item("self_check-10")["text"].startswith("是否存在关闭、破坏")
    assert checklists.sector_table("gas")["lead_department"] == "区城市管理局"
    assert [i["id"] for i in checklists.items_for("childcare")][:2] == ["childcare-01", "childcare-02"]
    assert len(checklists.items_for("childcare")) == 22


def test_items_match_the_seed_text_line_by_line():
    for name, items in (("001_362c0133b9e40fff.txt", [i for t in checklists.sector_tables() for i in t["items"]]),):
        lines = (SEEDS / name).read_text(encoding="utf-8").splitlines()
        for it in items:
            assert lines[it["source_line"] - 1].strip() == it["text"]
            assert lines[it["source_line"] - 2].strip() == str(it["no"])
    seed0 = (SEEDS / "000_a2bc1e43bf5f8511.txt").read_text(encoding="utf-8").splitlines()
    for it in checklists.self_check_items():
        assert it["text"] in seed0[it["source_line"] - 1]


def test_extraction_script_reproduces_the_shipped_yaml(tmp_path):
    run = subprocess.run([sys.executable, str(ROOT / "scripts" / "extract_checklists.py"), "--out", str(tmp_path)],
                         capture_output=True, text=True, check=True)
    assert "共 122 项" in run.stdout and "自查：10 项" in run.stdout
    for name in ("sector_lists.yaml", "self_check.yaml"):
        assert yaml.safe_load((tmp_path / name).read_text(encoding="utf-8")) == \
            yaml.safe_load((ROOT / "resources" / "checklists" / name).read_text(encoding="utf-8"))
