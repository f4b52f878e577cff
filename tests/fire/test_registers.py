"""Checkpoint, outdoor-fire permit and guardian registers; the guardian register's privacy."""
from __future__ import annotations

from datetime import date

import pytest
from sqlalchemy import select

from gis.errors import ValidationError
from gis.fire import registers as reg
from gis.model import AdminUnit, Site


def test_checkpoint_register(fire_project):
    with fire_project.transaction() as s:
        site = reg.add_checkpoint(s, "李楼卡口", 113.35, 33.65, kind="temporary", metal_detector=True, code="JS-KK-002")
        assert site.category == "checkpoint" and site.attributes["type"] == "temporary"
        with pytest.raises(ValidationError, match="一站一码“JS-KK-001”已被使用"):
            reg.add_checkpoint(s, "重复", 113.3, 33.6, code="JS-KK-001")
        with pytest.raises(ValidationError, match="固定或临时"):
            reg.add_checkpoint(s, "错类型", 113.3, 33.6, kind="mobile")
    with fire_project.session() as s:
        rows = {r["名称"]: r for r in reg.checkpoint_rows(s)}
    assert rows["荆山检查站"] == {"名称": "荆山检查站", "类型": "固定检查站", "检查用房": "有", "金属探测仪": "有",
                               "一站一码": "JS-KK-001", "地址": "", "状态": "正常"}
    assert rows["张庄临时检查站"]["一站一码"] == "未开通" and rows["张庄临时检查站"]["检查用房"] == "无"
    assert rows["李楼卡口"]["类型"] == "临时检查站"


def test_permit_flow(fire_project):
    with fire_project.transaction() as s:
        village = s.scalars(select(AdminUnit).where(AdminUnit.name == "张庄村")).one()
        permit = reg.add_permit(s, "张三", date(2026, 12, 1), date(2026, 12, 2), "烧除田埂杂草", lon=113.23, lat=33.61,
                                place="张庄村北坡", village=village, measures="开设隔离带，专人看守")
        assert reg.permits_on(s, date(2026, 12, 1)) == []  # not approved yet
        reg.decide_permit(s, permit, "approved", "刘芳", date(2026, 11, 28))
        assert reg.permits_on(s, date(2026, 12, 1)) == [permit]
        assert reg.permits_on(s, date(2026, 12, 3)) == []
        with pytest.raises(ValidationError, match="当前为“已批准”，不能改为“不予批准”"):
            reg.decide_permit(s, permit, "rejected", "刘芳", date(2026, 11, 29))
        reg.decide_permit(s, permit, "revoked", "刘芳", date(2026, 11, 30))
        with pytest.raises(ValidationError, match="早于开始日期"):
            reg.add_permit(s, "李四", date(2026, 12, 2), date(2026, 12, 1), "祭扫")
    with fire_project.session() as s:
        (row,) = reg.permit_rows(s)
    assert row["状态"] == "已撤销" and row["用火日期"] == "2026-12-01至2026-12-02"
    assert row["经纬度"] == "113.230000, 33.610000" and row["审批人"] == "刘芳"


def test_guardian_register_hides_personal_data_unless_asked(fire_project):
    with fire_project.transaction() as s:
        village = s.scalars(select(AdminUnit).where(AdminUnit.name == "张庄村")).one()
        reg.add_guardian_record(s, "李小明", "limited", "李建设", guardian_phone="13812345678", village=village,
                                address="张庄村3组12号", relation="父子", measures="进山时由监护人陪同",
                                registered_on=date(2026, 11, 20))
        with pytest.raises(ValidationError, match="行为能力"):
            reg.add_guardian_record(s, "某人", "partial", "某监护人")
    with fire_project.session() as s:
        (public,) = reg.guardian_rows(s)
        (private,) = reg.guardian_rows(s, include_private=True)
    printed = " ".join(str(v) for v in public.values())
    for secret in ("李小明", "李建设", "13812345678", "张庄村3组12号", "限制民事行为能力"):
        assert secret not in printed
    assert public["被监护人"] == "李**" and public["监护人电话"] == "138****5678"
    assert public["村（社区）"] == "张庄村" and public["监护措施"] == "进山时由监护人陪同"
    assert private["被监护人"] == "李小明" and private["行为能力"] == "限制民事行为能力"
    assert private["监护人电话"] == "13812345678" and private["住址"] == "张庄村3组12号"
    assert list(public) == list(private)  # same columns, so one printout template serves both


def test_mask_helpers():
    assert reg.mask_name("王建国") == "王**" and reg.mask_name("李") == "李*" and reg.mask_name("") == ""
    assert reg.mask_phone("13800001111") == "138****1111" and reg.mask_phone("5551234") == "****"


def test_unavailability_dates_checked(fire_project):
    with fire_project.transaction() as s:
        from tests.fire.conftest import person

        with pytest.raises(ValidationError, match="王建国 不能值班的结束日期"):
            reg.add_unavailability(s, person(s, "王建国"), date(2026, 12, 5), date(2026, 12, 1))
        assert s.scalars(select(Site).where(Site.category == "checkpoint")).all()
