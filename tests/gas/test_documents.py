"""Gas documents (issue 13): the 现场示意图 per finding (A4 PDF with the map, dimension line and facts) and the
燃气管道保护安全告知书 to a works party (docx and PDF, with its receipt), read back with pypdf, pdftotext and
python-docx; bad input gets a Chinese message naming it and writes nothing; `gridsafe gas sheets|notice`.

The scene (tests.gas.scene): 工业路中压管线 (中压A, DN200 → OD 219.1 mm, protection 0.5 m, control 5 m) with
1号楼 0.3 m from its outer wall (占压), 排水管施工 3 m off the wall (预警) and 光缆抢修 0.2 m off it (报警).
"""
from __future__ import annotations

import subprocess
from datetime import date

import docx
import numpy as np
import pytest
import shapely
from pypdf import PdfReader
from sqlalchemy import select

from desktop.services import gas as analysis
from desktop.services import gas_documents as use
from gis.errors import ValidationError
from gis.gas.sheets import finding_sheets as read_sheets
from gis.geo.crs import STORAGE, transform
from gis.model import Building, Hazard, ThirdPartyWorks
from tests.gas import scene

ON = scene.ON


def _text(path) -> str:
    return subprocess.run(["pdftotext", "-layout", str(path), "-"], capture_output=True, text=True,
                          check=True).stdout


def _flat(text: str) -> str:
    return "".join(text.split())


@pytest.fixture(autouse=True)
def _application(qapp):
    """pytest-qt's QApplication, so printing does not make a bare QGuiApplication that a later window test
    in the same process could not replace."""
    return qapp


@pytest.fixture
def gas_project(new_project):
    with new_project.transaction() as s:
        ids = scene.build(s)
        works = s.scalar(select(ThirdPartyWorks).where(ThirdPartyWorks.name == "排水管施工"))
        works.party, works.contact_name, works.contact_phone = "县市政工程有限公司", "李工", "13800000001"
        works.permit_no, works.supervisor, works.end_on = "燃护〔2026〕007号", "张监护", date(2026, 12, 31)
    analysis.analyse(new_project, operator="王工", on=ON)
    new_project.ids = ids
    return new_project


def _codes(project) -> dict[str, str]:
    with project.session() as s:
        return {r.finding + (str(r.building_id or r.works_id)): r.code
                for r in s.execute(select(Hazard.code, Hazard.finding, Hazard.building_id, Hazard.works_id))}


def test_one_pdf_page_per_finding_with_facts_and_distance(gas_project, tmp_path):
    out = tmp_path / "示意图.pdf"
    done = use.finding_sheets(gas_project, out, on=ON)
    assert done.files == [out] and done.sheets == 3
    assert len(PdfReader(str(out)).pages) == 3          # 占压 1号楼, 报警 光缆抢修, 预警 排水管施工
    pages = [_flat(_text_page(out, n)) for n in (1, 2, 3)]
    first = pages[0]
    for expected in ("燃气管线占压现场示意图", "管线名称", "工业路中压管线", "压力级制", "中压A", "管径/外径",
                     "DN200/外径219.1mm", "建筑物“1号楼”", "0.3米（自管道外壁量至建筑物最近点）", "保护范围0.5米",
                     "占压（重大隐患）", "城镇燃气管理条例第三十三条第一项", "分析日期", "2026-12-05",
                     "现场核查人（签字）", "图例", "量测距离（自管道外壁）"):
        assert expected in first, expected
    codes = [c for c in _codes(gas_project).values() if c]
    assert sum(c in first for c in codes) == 1           # its own hazard code, from the ledger
    works_pages = [p for p in pages if "第三方施工邻近燃气管线现场示意图" in p]
    assert len(works_pages) == 2
    assert any("3米（自管道外壁" in p and "控制范围5米" in p and "预警" in p for p in works_pages)
    assert any("0.2米（自管道外壁" in p and "报警" in p for p in works_pages)


def _text_page(path, n: int) -> str:
    return subprocess.run(["pdftotext", "-f", str(n), "-l", str(n), str(path), "-"], capture_output=True, text=True,
                          check=True).stdout


def test_the_dimension_line_runs_from_the_outer_wall_to_the_feature_at_the_measured_distance(gas_project):
    sheets = read_sheets(gas_project, ON)
    for sh in sheets:
        a, b = transform(shapely.points(np.array(sh.dimension)), STORAGE, scene.CRS)
        assert shapely.distance(a, b) == pytest.approx(sh.distance_m, abs=0.01), sh.feature_name
        pipe = transform(np.array([sh.pipeline], dtype=object), STORAGE, scene.CRS)[0]
        feature = transform(np.array([sh.feature], dtype=object), STORAGE, scene.CRS)[0]
        assert shapely.distance(a, pipe) == pytest.approx(scene.HALF_OD, abs=0.01)    # on the outer wall
        assert shapely.distance(b, feature) < 0.01                                     # on the feature


def test_one_file_per_finding_into_a_folder_and_the_kind_filter(gas_project, tmp_path):
    done = use.finding_sheets(gas_project, tmp_path / "sheets", on=ON, kinds=["third_party_works"])
    assert done.sheets == 2 and len(done.files) == 2
    assert {p.parent for p in done.files} == {tmp_path / "sheets"}
    assert all(len(PdfReader(str(p)).pages) == 1 for p in done.files)
    assert sorted("排水管施工" in p.name for p in done.files) == [False, True]
    with pytest.raises(ValidationError, match="类型应为"):
        use.finding_sheets(gas_project, tmp_path / "x.pdf", on=ON, kinds=["high_consequence"])
    assert not (tmp_path / "x.pdf").exists()


def test_a_sheet_for_one_hazard_and_hazards_without_one(gas_project, tmp_path):
    with gas_project.session() as s:
        hazard = s.scalar(select(Hazard).where(Hazard.finding == "occupation"))
        hid, code = hazard.id, hazard.code
    out = tmp_path / "one.pdf"
    assert use.sheet_hazard(gas_project, hid) and not use.sheet_hazard(gas_project, 10_000)
    use.finding_sheets(gas_project, out, on=ON, hazard_ids=[hid])
    assert len(PdfReader(str(out)).pages) == 1 and code in _text(out) and "1号楼" in _text(out)
    with pytest.raises(ValidationError, match="找不到编号为 10000 的隐患"):
        use.finding_sheets(gas_project, tmp_path / "none.pdf", on=ON, hazard_ids=[10_000])
    # the footprint was redrawn 50 m off the pipe: its 占压 is gone on a later analysis, and the sheet says so
    with gas_project.transaction() as s:
        s.get(Building, s.get(Hazard, hid).building_id).geom = scene.wall_box(100, 50.0)
    with pytest.raises(ValidationError, match=f"隐患 {code} 的情形在 2026-12-05 的分析中已不存在"):
        use.finding_sheets(gas_project, tmp_path / "gone.pdf", on=ON, hazard_ids=[hid])
    assert not (tmp_path / "gone.pdf").exists() and not (tmp_path / "none.pdf").exists()


def test_notice_docx_names_party_pipeline_distances_forbidden_acts_and_receipt(gas_project, tmp_path):
    out = use.works_notice(gas_project, "排水管施工", tmp_path / "告知书.docx", on=ON)
    paragraphs = [p.text for p in docx.Document(str(out)).paragraphs]
    text = "\n".join(paragraphs)
    assert paragraphs[0] == "燃气管道保护安全告知书"
    assert "县市政工程有限公司：" in paragraphs
    assert "燃护〔2026〕007号" in text and "李工 13800000001" in text and "张监护" in text
    pipe = next(p for p in paragraphs if "工业路中压管线" in p)
    assert "中压A燃气管道" in pipe and "DN200" in pipe and "外径219.1毫米" in pipe and "县燃气公司" in pipe
    assert "保护范围为管道外缘两侧各0.5米" in pipe and "控制范围为管道外缘两侧各5米" in pipe
    assert "施工范围距管道外壁3米" in pipe and "控制范围（预警）" in pipe
    assert "北街管线" not in text                        # 500 m away
    assert "进行爆破、取土等作业或者动用明火" in text     # resources/gas_notice.yaml, 第三十三条
    assert "回执" in paragraphs and any("已收到《燃气管道保护安全告知书》（排水管施工）" in p for p in paragraphs)
    assert "施工单位（盖章）：" in paragraphs
    assert "2026年12月5日" in paragraphs


def test_notice_pdf_is_real_text_with_its_receipt(gas_project, tmp_path):
    with gas_project.session() as s:
        wid = s.scalar(select(ThirdPartyWorks.id).where(ThirdPartyWorks.name == "光缆抢修"))
    out = use.works_notice(gas_project, wid, tmp_path / "告知书.pdf", on=ON)
    text = _flat(_text(out))
    assert len(PdfReader(str(out)).pages) >= 2
    for expected in ("燃气管道保护安全告知书", "光缆抢修", "工业路中压管线", "施工范围距管道外壁0.2米",
                     "已进入其保护范围（报警）", "在燃气设施保护范围内，禁止从事下列危及燃气设施安全的活动",
                     "（沿此线剪开）", "回执", "负责人（签字）", "签收日期"):
        assert expected in text, expected


def test_bad_works_and_bad_file_type_get_chinese_messages_and_no_file(gas_project, tmp_path):
    with pytest.raises(ValidationError, match="找不到第三方施工“不存在的工程”"):
        use.works_notice(gas_project, "不存在的工程", tmp_path / "a.docx", on=ON)
    with pytest.raises(ValidationError, match="找不到第三方施工“9999”"):
        use.works_notice(gas_project, 9999, tmp_path / "b.pdf", on=ON)
    with pytest.raises(ValidationError, match="应保存为 .docx 或 .pdf，而不是“c.txt”"):
        use.works_notice(gas_project, "排水管施工", tmp_path / "c.txt", on=ON)
    with gas_project.transaction() as s:
        s.add(ThirdPartyWorks(name="远处施工", status="active", geom=scene.wall_box(300, 80.0)))
    with pytest.raises(ValidationError, match="“远处施工”.*未进入任何燃气管道的控制范围"):
        use.works_notice(gas_project, "远处施工", tmp_path / "d.docx", on=ON)
    assert not any((tmp_path / n).exists() for n in ("a.docx", "b.pdf", "c.txt", "d.docx"))


def test_cli_sheets_and_notice(gas_project, project_url, tmp_path, capsys):
    from desktop.cli import main

    url = project_url
    out = tmp_path / "all.pdf"
    assert main(["gas", "sheets", url, "--out", str(out), "--date", "2026-12-05", "--kind", "occupation"]) == 0
    assert "已生成现场示意图 1 页" in capsys.readouterr().out
    assert len(PdfReader(str(out)).pages) == 1 and "1号楼" in _text(out)
    notice = tmp_path / "n.docx"
    assert main(["gas", "notice", url, "--works", "排水管施工", "--out", str(notice), "--date", "2026-12-05"]) == 0
    assert notice.exists() and "县市政工程有限公司" in "\n".join(p.text for p in docx.Document(str(notice)).paragraphs)
    assert main(["gas", "notice", url, "--works", "没有这个", "--out", str(tmp_path / "x.docx")]) != 0
    assert "找不到第三方施工“没有这个”" in capsys.readouterr().err
    assert not (tmp_path / "x.docx").exists()


@pytest.mark.parametrize("out", ["all.pdf", "folder"])
def test_cancelling_the_sheets_keeps_only_complete_files(gas_project, tmp_path, out):
    """One PDF: a cancel leaves nothing. A folder of one PDF per finding: the two complete files stay (and
    the error names them), the third, being drawn, leaves nothing."""
    from gis.atomic import IncompleteCancelled
    from gis.feedback import Cancelled, Feedback

    seen = []

    def heard(fraction, text):
        seen.append(text)
        if "正在绘制现场示意图 2/3" in text:      # two sheets drawn (in the folder: two files): 取消
            feedback.cancel()

    feedback = Feedback(heard)
    with pytest.raises(Cancelled) as stopped:
        use.finding_sheets(gas_project, tmp_path / out, on=ON, feedback=feedback)
    assert "正在绘制现场示意图 1/3" in " ".join(seen)
    assert not (tmp_path / "all.pdf").exists()
    left = sorted((tmp_path / "folder").glob("*")) if out == "folder" else []
    if out == "folder":
        assert isinstance(stopped.value, IncompleteCancelled) and sorted(stopped.value.files) == left
        assert len(left) == 2 and "已完成的 2/3 个文件" in stopped.value.message
        assert all(len(PdfReader(f).pages) == 1 for f in left)
    else:
        assert not isinstance(stopped.value, IncompleteCancelled)
    assert list(tmp_path.glob("**/.*")) == []


def test_a_print_stack_cut_to_a_box_keeps_what_meets_it_clipped(gas_project):
    """Each sheet draws from the print stack cut to its surroundings (a whole range outline, dashed, made
    pages of megabytes)."""
    import gis.gasmap  # noqa: F401
    from desktop.printing.stacks import clipped, load_stack
    from gis.geo.crs import DISPLAY

    base = load_stack(gas_project, ["pipelines", "buildings", "gas_control"])
    base.layer("gas_control").visible = True
    centre = transform(np.array([scene.lonlat(shapely.Point(105, 0))], dtype=object), STORAGE, DISPLAY)[0]
    box = (centre.x - 40, centre.y - 40, centre.x + 40, centre.y + 40)
    cut = clipped(base, box)
    names = {k: set(cut.sources[k].attrs["name"]) for k in ("pipelines", "buildings", "gas_control")}
    assert names == {"pipelines": {"工业路中压管线"}, "buildings": {"1号楼"}, "gas_control": {"工业路中压管线"}}
    for k in ("pipelines", "buildings", "gas_control"):
        b = shapely.total_bounds(cut.sources[k].geoms)
        assert b[0] >= box[0] - 1e-6 and b[2] <= box[2] + 1e-6 and b[1] >= box[1] - 1e-6 and b[3] <= box[3] + 1e-6
    assert cut.layer("gas_control").visible and len(base.sources["buildings"]) == 3
