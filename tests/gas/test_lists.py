"""管线安全分析清单 (xlsx) on both backends, from the gas scene (tests/gas/scene.py: distances known to the
centimetre) plus a grid over its west half and a building too close to the pipeline without class or diameter:
one workbook, sheets 占压 / 安全间距不足 / 第三方施工 / 高后果区 / 学校周边禁止经营 / 危化企业外部安全防护距离,
a row per finding with the pipeline, the feature's own columns, the grid it lies in, the measured and the rule
distance, the hazard code once registered, 参数不全 where defaults were used; the buffer checks between sites
(tests/gas/test_buffer_checks.py's sites: a school and an internet café, an enterprise with its external
distance and one without) on their own two sheets; `gridsafe gas lists` writes it and says so."""
from __future__ import annotations

from openpyxl import load_workbook
from shapely.geometry import box

from desktop.services import gas as use
from gis import repo
from gis.gas import findings
from gis.model import Building, Hazard, Site, ThirdPartyWorks
from tests.gas import scene, test_buffer_checks
from tests.gas.test_analysis import geo

SHEETS = ["占压", "安全间距不足", "第三方施工", "高后果区", "学校周边禁止经营", "危化企业外部安全防护距离"]


def _populate(project) -> dict:
    with project.transaction() as s:
        ids = scene.build(s)
        district = repo.add_admin_unit(s, "410411", "湛河区", "district")
        town = repo.add_admin_unit(s, "410411003", "荆山街道", "township", parent=district)
        village = repo.add_admin_unit(s, "410411003001", "工业路社区", "village", parent=town)
        repo.add_grid(s, "410411003001001", "工业路社区第1网格", village, scene.lonlat(box(-50, -100, 450, 600)))
        # 1.2 m off the outer wall of 北街管线 (no class, no diameter: 中压A and OD 219.1 by default):
        # inside the 1.5 m minimum clearance, outside the 1.0 m reduced one
        near = scene.HALF_OD + 1.2
        lean_to = Building(name="北街临管民房", address="北街12号", use="residential", storeys=2,
                           geom=scene.lonlat(box(200, 500 + near, 210, 500 + near + 6)))
        s.add(lean_to)
        w = s.query(ThirdPartyWorks).filter_by(name="排水管施工").one()
        w.party, w.contact_name, w.contact_phone = "某市政公司", "赵工", "13600000011"
        w.permit_no, w.supervisor, w.end_on = "燃护〔2026〕011号", "王建国", scene.ON.replace(day=25)
        s.flush()
        ids["lean_to"] = lean_to.id
    return ids


def _sheet(ws) -> list[dict]:
    """The table rows of a sheet as {header: value}."""
    headers = [c.value for c in ws[3]]
    return [dict(zip(headers, row, strict=True)) for row in ws.iter_rows(min_row=4, values_only=True)
            if row[0] is not None]


def test_lists_workbook_rows_match_the_findings(new_project, tmp_path):
    _populate(new_project)
    out = tmp_path / "清单.xlsx"
    done = use.export_lists(new_project, out, on=scene.ON)           # a dry run: nothing registered
    assert done.counts == {"occupation": 1, "clearance": 1, "third_party_works": 2, "high_consequence": 0,
                           "school_zone": 0, "external_distance": 0}
    with new_project.session() as s:
        assert s.query(Hazard).count() == 0
    wb = load_workbook(out)
    assert wb.sheetnames == SHEETS
    occ = wb["占压"]
    assert occ["A1"].value == "燃气管道占压清单" and occ.freeze_panes == "A4"
    assert "分析日期：2026-12-05" in occ["A2"].value and "共 1 条（其中 1 条尚未登记入隐患台账）" in occ["A2"].value
    assert occ.page_setup.orientation == "landscape" and occ.print_title_rows == "$3:$3"

    (o,) = _sheet(occ)
    assert (o["序号"], o["管线名称"], o["压力级制"], o["管径"]) == (1, "工业路中压管线", "中压A", "DN200")
    assert (o["建筑物名称"], o["用途"], o["所在网格"]) == ("1号楼", "住宅", "工业路社区第1网格（410411003001001）")
    assert o["距管壁(米)"] == 0.3 and o["规定距离(米)"] == 0.5
    assert (o["级别"], o["隐患等级"], o["隐患编号"], o["台账状态"]) == ("占压", "重大隐患", None, "尚未登记")
    assert o["备注"] is None and "城镇燃气管理条例" in o["依据"]
    lon, lat = (float(v) for v in o["位置（经度，纬度）"].split("，"))
    assert 113.29 < lon < 113.31 and 33.6 < lat < 33.7

    (c,) = _sheet(wb["安全间距不足"])
    assert (c["管线名称"], c["压力级制"], c["管径"]) == ("北街管线", "中压A（默认）", None)
    assert (c["建筑物名称"], c["建筑物地址"], c["层数"]) == ("北街临管民房", "北街12号", 2)
    assert c["距管壁(米)"] == 1.2 and c["规定距离(米)"] == 1.5 and c["级别"] == "小于最小净距"
    assert c["备注"] == "参数不全（压力级制、外径按默认值）"
    assert c["所在网格"] == "工业路社区第1网格（410411003001001）"

    works = {r["施工名称"]: r for r in _sheet(wb["第三方施工"])}
    assert sorted(works) == ["光缆抢修", "排水管施工"]
    drain, cable = works["排水管施工"], works["光缆抢修"]
    assert (drain["级别"], drain["距管壁(米)"], drain["规定距离(米)"]) == ("预警", 3.0, 5.0)
    assert (cable["级别"], cable["距管壁(米)"], cable["规定距离(米)"]) == ("报警", 0.2, 0.5)
    assert (drain["施工单位"], drain["联系人"], drain["电话"], drain["许可/协议编号"], drain["燃气企业监护人"]) == \
        ("某市政公司", "赵工", "13600000011", "燃护〔2026〕011号", "王建国")
    assert drain["起止日期"] == "2026-11-20 至 2026-12-25" and drain["状态"] == "施工中"
    assert drain["所在网格"] is None                      # x 500–510: east of the grid
    assert _sheet(wb["高后果区"]) == [] and "共 0 处" in wb["高后果区"]["A2"].value

    # once registered, the lists carry the hazard codes and say the findings are in the ledger
    registered = use.analyse(new_project, operator="王工", on=scene.ON).value
    codes = {e.code for e in registered.summary.new}
    use.export_lists(new_project, out, on=scene.ON)
    wb = load_workbook(out)
    rows = [r for name in SHEETS[:3] for r in _sheet(wb[name])]
    assert {r["隐患编号"] for r in rows} == codes and {r["台账状态"] for r in rows} == {"已在台账"}
    assert wb["占压"]["A2"].value.endswith("共 1 条")


def test_lists_of_a_run_shown_in_the_window_say_new(new_project, tmp_path):
    _populate(new_project)
    analysed = use.analyse(new_project, operator="王工", on=scene.ON).value
    done = use.export_lists(new_project, tmp_path / "x.xlsx", analysed=analysed)
    assert done.analysed is analysed
    (o,) = _sheet(load_workbook(done.path)["占压"])
    assert o["台账状态"] == "新登记" and o["隐患编号"] == analysed.summary.new[0].code


def test_cli_gas_lists(new_project, project_url, tmp_path, capsys):
    from desktop.cli import main

    _populate(new_project)
    new_project.close()
    out = tmp_path / "燃气管线安全清单.xlsx"
    assert main(["gas", "lists", project_url, "--out", str(out), "--date", scene.ON.isoformat()]) == 0
    said = capsys.readouterr().out
    assert "占压 1 条，安全间距不足 1 条，第三方施工 2 条，高后果区 0 处，学校周边禁止经营 0 条，危化企业外部安全防护距离 0 条" \
        in said and str(out) in said
    assert load_workbook(out).sheetnames == SHEETS
    # a folder that is a file: a Chinese message naming it, no file left behind
    blocker = tmp_path / "不是目录"
    blocker.write_text("")
    assert main(["gas", "lists", project_url, "--out", str(blocker / "清单.xlsx")]) != 0
    err = capsys.readouterr().err
    assert "不是目录" in err and blocker.read_text() == ""


def test_no_findings_still_six_sheets(new_project, tmp_path):
    out = tmp_path / "空.xlsx"
    done = use.export_lists(new_project, out, on=scene.ON)
    assert set(done.counts.values()) == {0}
    wb = load_workbook(out)
    assert wb.sheetnames == SHEETS and all(_sheet(ws) == [] for ws in wb.worksheets)


def _populate_sites(project) -> dict:
    """tests/gas/test_buffer_checks.py's sites with addresses, a second banned business by the school and a
    grid over the school's corner (local metres, x −500…500)."""
    ids = test_buffer_checks._populate(project)
    with project.transaction() as s:
        addresses = {"实验小学": "育才路1号", "极速网吧": "育才路9号", "化工厂": "工业园1号", "农药厂": "工业园9号"}
        for name, address in addresses.items():
            s.get(Site, ids[name]).address = address
        lottery = Site(name="好运彩票", category="lottery_shop", address="育才路20号", geom=test_buffer_checks.pt(0, -150))
        s.add(lottery)
        district = repo.add_admin_unit(s, "410411", "湛河区", "district")
        town = repo.add_admin_unit(s, "410411003", "荆山街道", "township", parent=district)
        village = repo.add_admin_unit(s, "410411003002", "育才路社区", "village", parent=town)
        repo.add_grid(s, "410411003002001", "育才路社区第1网格", village, geo(box(-500, -500, 500, 500)))
        s.flush()
        ids["好运彩票"] = lottery.id
    return ids


def test_site_checks_on_their_own_sheets(new_project, tmp_path):
    ids = _populate_sites(new_project)
    out = tmp_path / "清单.xlsx"
    done = use.export_lists(new_project, out, on=test_buffer_checks.TODAY)       # a dry run
    assert done.counts == {"occupation": 0, "clearance": 0, "third_party_works": 0, "high_consequence": 0,
                           "school_zone": 2, "external_distance": 2}
    wb = load_workbook(out)
    assert wb.sheetnames == SHEETS

    ws = wb["学校周边禁止经营"]
    assert ws["A1"].value == "学校周边禁止经营场所清单" and "共 2 条（其中 2 条尚未登记入隐患台账）" in ws["A2"].value
    assert [c.value for c in ws[3]] == ["序号", "所在网格", "学校", "经营场所", "类别", "地址", "距离(米)", "规定距离(米)",
                                        "隐患等级", "隐患编号", "台账状态", "依据", "备注"]
    cafe, lottery = _sheet(ws)
    assert (cafe["序号"], cafe["学校"], cafe["经营场所"], cafe["类别"], cafe["地址"]) == \
        (1, "实验小学", "极速网吧", "网吧", "育才路9号")
    assert (cafe["距离(米)"], cafe["规定距离(米)"], cafe["隐患等级"], cafe["台账状态"]) == (120.0, 200.0, "一般隐患", "尚未登记")
    assert cafe["所在网格"] == "育才路社区第1网格（410411003002001）"
    assert "200 米" in cafe["依据"] and cafe["隐患编号"] is None and cafe["备注"] is None
    assert (lottery["经营场所"], lottery["类别"], lottery["距离(米)"], lottery["地址"]) == ("好运彩票", "彩票销售点", 150.0, "育才路20号")

    ws = wb["危化企业外部安全防护距离"]
    assert ws["A1"].value == "危险化学品企业外部安全防护距离清单"
    assert "共 2 条（其中 1 条尚未登记入隐患台账；1 家企业未填外部安全防护距离，无法核查）" in ws["A2"].value
    assert [c.value for c in ws[3]][:8] == ["序号", "所在网格", "企业", "企业地址", "防护距离(米)", "防护目标", "目标类别",
                                            "距离(米)"]
    by_name = {r["企业"]: r for r in _sheet(ws)}
    plant, pesticide = by_name["化工厂"], by_name["农药厂"]
    assert (plant["企业地址"], plant["防护距离(米)"], plant["防护目标"], plant["目标类别"], plant["距离(米)"]) == \
        ("工业园1号", 500.0, "中心幼儿园", "托育机构", 400.0)
    assert (plant["隐患等级"], plant["台账状态"], plant["所在网格"]) == ("重大隐患", "尚未登记", None)   # x 3000: no grid
    assert (pesticide["防护距离(米)"], pesticide["防护目标"], pesticide["距离(米)"], pesticide["隐患等级"]) == \
        (None, None, None, None)
    assert pesticide["台账状态"] == "不登记（参数不全）" and pesticide["备注"] == "参数不全（缺外部安全防护距离）"
    assert pesticide["企业地址"] == "工业园9号"

    # registered: the hazard codes of the sites' hazards (one per business, one per enterprise)
    registered = use.analyse(new_project, operator="王工", on=test_buffer_checks.TODAY).value
    codes = {e.feature_id: e.code for e in registered.summary.new}
    assert set(codes) == {ids["极速网吧"], ids["好运彩票"], ids["化工厂"]}
    use.export_lists(new_project, out, on=test_buffer_checks.TODAY)
    wb = load_workbook(out)
    cafe, lottery = _sheet(wb["学校周边禁止经营"])
    assert (cafe["隐患编号"], cafe["台账状态"]) == (codes[ids["极速网吧"]], "已在台账")
    assert lottery["隐患编号"] == codes[ids["好运彩票"]]
    plant = {r["企业"]: r for r in _sheet(wb["危化企业外部安全防护距离"])}["化工厂"]
    assert (plant["隐患编号"], plant["台账状态"]) == (codes[ids["化工厂"]], "已在台账")


def test_site_rows_carry_both_sites_and_their_ledger_place(new_project):
    ids = _populate_sites(new_project)
    analysed = use.analyse(new_project, operator="王工", on=test_buffer_checks.TODAY).value
    rows = [r for r in analysed.rows() if r.is_site]
    assert [(r.kind, r.site_name, r.feature_name, r.level_zh, r.ledger) for r in rows] == [
        ("school_zone", "极速网吧", "实验小学", "网吧", "new"), ("school_zone", "好运彩票", "实验小学", "彩票销售点", "new"),
        ("external_distance", "农药厂", None, "参数不全", None),
        ("external_distance", "化工厂", "中心幼儿园", "防护距离内", "new")]
    assert all(r.pipeline_id is None and r.pressure_class is None for r in rows)
    assert rows[2].ledger_zh == "不登记（参数不全）" and rows[2].note == "参数不全（缺外部安全防护距离）"
    assert (rows[0].site_id, rows[0].feature_id) == (ids["极速网吧"], ids["实验小学"])
    # located where the hazard is: the café's point (x 120 m east of the school)
    run = analysed.run
    loc = run.site_locations[rows[0].finding]
    assert (rows[0].lon, rows[0].lat) == (loc.x, loc.y)
    hazards = {e.feature_id: e.hazard_id for e in analysed.summary.new if e.kind in findings.BUFFER_KINDS}
    assert rows[0].hazard_id == hazards[ids["极速网吧"]] and rows[3].hazard_id == hazards[ids["化工厂"]]
