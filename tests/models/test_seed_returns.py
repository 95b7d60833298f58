"""Returns built from the seed summaries, holding only what the text states — 高级职称 95
without the 正高/副高 split, 研究生 5 without 博士/硕士, no grand total where the text gives
none. Each checks with no errors, is submitted (报送), and goes to Excel and JSON and back
exactly. The seeds are 2024 year-end summaries; the returns are typed as 2025Q4, a period of
template version 2 (version 1 cannot hold them without invented splits).

seed_figures.py lists every workforce figure of the seeds and where version 2 holds it;
``test_coverage`` counts them.
"""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import pytest

from formats.json_io import dumps, read_json_file, to_json
from formats.xlsx_export import export_xlsx
from formats.xlsx_import import read_xlsx
from models.data import Allowance, UnitInfo
from models.returns import ReturnService
from models.template import default_registry
from tests.models.seed_figures import FIGURES

PERIOD = "2025Q4"

COUNTY = UnitInfo("SEED-A", "县卫生局", "county")  # 000 第一篇
COUNTY_FIGURES = {
    "staff.admin": 22,
    "staff.admin.rank.zhengke": 8,
    "staff.admin.rank.fuke": 7,
    "staff.admin.rank.keyuan": 7,
    "staff.worker": 4,
    "staff.nonprof.edu.bachelor_up": 11,
    "staff.nonprof.edu.college": 5,
    "staff.nonprof.edu.secondary": 10,
    "staff.prof": 762,
    "staff.prof.title.senior": 12,
    "staff.prof.title.mid": 155,
    "staff.prof.title.junior": 448,
    "staff.prof.title.none": 147,
    "staff.prof.edu.bachelor": 78,
    "staff.prof.edu.college": 203,
    "staff.prof.edu.secondary": 481,
    "recruit.introduced": 12,
    "recruit.posts": 47,
    "recruit.applicants": 300,
    "recruit.applicants.edu.bachelor": 2,
    "recruit.applicants.edu.college": 13,
    "recruit.applicants.edu.secondary": 285,
    "recruit.examinees": 295,
    "recruit.hired": 35,
    "incent.promoted.junior": 37,
    "incent.promoted.mid": 11,
    "incent.promoted.senior": 2,
    "train.party": 3,
    "train.level.county": 286,
    "train.level.prefecture": 136,
    "train.level.province": 78,
    "train.outreach": 15,
    "train.village.sessions": 4,
    "train.village.persons": 1032,
}
COUNTY_TEXTS = {
    "text.note.train": "另选送1人到文山、1人到昆明参加学习培训；举办乡村医生培训班1班共296人。",
    "text.problems": "一是近年的毕业生与现实的医疗单位岗位空缺比例不协调。\n二是由于医疗卫生人才的紧缺，外出学习培训的时间减少。",
}

CITY = UnitInfo("SEED-F", "市卫生局", "other")  # 000 第四篇
CITY_FIGURES = {
    "staff.total": 1922,
    "staff.prof": 1733,
    "staff.worker": 189,
    "staff.prof.edu.postgrad": 5,
    "staff.prof.edu.bachelor": 411,
    "staff.prof.edu.college": 681,
    "staff.prof.edu.secondary": 636,
    "staff.prof.title.senior": 95,
    "staff.prof.title.mid": 696,
    "staff.prof.title.junior": 942,
    "staff.age.le35": 508,
    "staff.age.36_40": 490,
    "staff.age.41_45": 468,
    "staff.age.46_54": 366,
    "staff.age.ge55": 90,
    "recruit.posts": 19,
    "recruit.applicants": 206,
    "recruit.examinees": 131,
    "recruit.hired": 48,
    "recruit.hired.edu.bachelor": 15,
    "recruit.hired.edu.college": 33,
    "incent.leaders": 14,
    "talent.expert.city": 3,
    "research.key_specialty.city": 7,
}
CITY_ALLOWANCES = [
    Allowance("专业技术拔尖人才津贴", None, Decimal(200)),
    Allowance("学科带头人津贴（市医院）", None, Decimal(500)),
    Allowance("乙类重点专科学科带头人兼优秀科主任津贴（市医院）", None, Decimal(1500)),
    Allowance("引进本科以上人才住房补贴（市中医院）", None, Decimal(150)),
]
CITY_TEXTS = {
    "text.note.staff": "卫生系统共有干部职工1938人（含局机关），医疗卫生单位在职职工1922人。",
    "text.note.research": "市人民医院共获得省级科技成果奖12项，XX市科技进步奖14项，XX市科技进步奖50项（历年累计，非本期）。",
    "text.highlights": "近年来，各医疗单位先后引进重点专科人才、急需专业人才、学科带头人100人，招聘录用硕士毕业生3名，大学本科毕业生99名。",
}

DISTRICT = UnitInfo("SEED-G", "XX区卫生局", "county")  # 003 区卫生人才工作汇报
DISTRICT_FIGURES = {"grassroots.pairs": 3}
DISTRICT_TEXTS = {
    "text.note.grassroots": "区一院、市红会医院、区中医院分别与鱼嘴镇卫生院、复盛镇卫生院、五宝镇卫生院签定互助协议，三个二级医院成为三个卫生院的指导医院。",
    "text.note.research": "引进以准分子技术为标志的新技术、新设备、新项目30余项。",
    "text.plans": "1、力争三年后区级医疗机构高级人才达到150名，其中一级医院高级人才达到10名，预防监督机构达到10名。",
}

# The seed itself trips a plausibility warning: 48 hired for 19 posts. A warning is kept with
# the clerk's explanation, as 报送 requires.
CITY_EXPLANATIONS = {"warn.recruit.hired_posts": "原文：计划招聘19个工作岗位，择优录用48人（一岗多人）。"}

SEEDS = {
    "county": (COUNTY, COUNTY_FIGURES, COUNTY_TEXTS, [], {}),
    "city": (CITY, CITY_FIGURES, CITY_TEXTS, CITY_ALLOWANCES, CITY_EXPLANATIONS),
    "district": (DISTRICT, DISTRICT_FIGURES, DISTRICT_TEXTS, [], {}),
}


@pytest.mark.parametrize("seed", sorted(SEEDS))
def test_seed_return_checks_submits_and_round_trips(seed: str, service: ReturnService, tmp_path: Path) -> None:
    unit, figures, texts, allowances, explanations = SEEDS[seed]
    service.units.save(unit)
    data = service.store.new_return(unit.code, PERIOD)
    assert data.template_version == 2
    tpl = service.template_for(data)
    # Every figure is a stated one (seed_figures.py places it at this code).
    stated = {f.place for f in FIGURES}
    assert set(figures) <= stated
    data.values = {code: Decimal(v) for code, v in figures.items()}
    data.texts = dict(texts)
    data.allowances = [Allowance(a.name, a.persons, a.monthly_standard, a.one_off, a.amount) for a in allowances]
    data.explanations = dict(explanations)
    service.store.save(data)

    stored = service.store.load(unit.code, PERIOD)
    assert stored is not None
    findings = service.check(stored)
    assert [f.message for f in findings if f.is_error] == []
    assert sorted(f.key for f in findings if f.severity == "warning") == sorted(explanations)
    # Nothing invented: what the text leaves out stays blank.
    for code in (
        ("staff.total", "staff.prof.title.senior_full", "staff.prof.edu.phd", "staff.other")
        if seed == "county"
        else ("staff.admin", "staff.prof.title.senior_assoc", "staff.prof.title.none", "staff.prof.edu.master")
        if seed == "city"
        else ("staff.total", "research.new_tech")
    ):
        assert code not in stored.values, code
    assert service.workflow.submit(unit.code, PERIOD) == []
    submitted = service.store.load(unit.code, PERIOD)
    assert submitted is not None and submitted.locked

    # Excel and back, exactly: figures, texts, allowances, the version.
    path = tmp_path / f"{unit.code}.xlsx"
    export_xlsx(service, unit.code, PERIOD, path)
    read = read_xlsx(path, service.registry).data
    assert (read.template_version, read.period, read.unit.code) == (2, PERIOD, unit.code)
    assert read.values == submitted.values
    assert read.texts == {k: v for k, v in submitted.texts.items() if v.strip()}
    assert read.explanations == submitted.explanations
    assert [(a.name, a.persons, a.monthly_standard, a.one_off, a.amount) for a in read.allowances] == [
        (a.name, a.persons, a.monthly_standard, a.one_off, a.amount) for a in submitted.allowances
    ]
    # …into the county's program, as a file received.
    county = ReturnService(service.engine, who="county")
    assert county.workflow.import_return(read, replace_existing=True).action == "replaced"
    received = county.store.load(unit.code, PERIOD)
    assert received is not None and received.values == submitted.values and received.template_version == 2
    assert [f.message for f in county.check(received) if f.is_error] == []

    # JSON and back, exactly.
    js = tmp_path / f"{unit.code}.json"
    js.write_text(dumps(to_json(submitted, tpl)), encoding="utf-8")
    again = read_json_file(js, service.registry)
    assert again.values == submitted.values and again.template_version == 2


def test_the_county_seed_speaks_of_what_is_partly_known(service: ReturnService) -> None:
    """高级职称 12 without 正高/副高, education without 研究生, no 在岗职工总数: notes, not errors."""
    service.units.save(COUNTY)
    data = service.store.new_return(COUNTY.code, PERIOD)
    data.values = {code: Decimal(v) for code, v in COUNTY_FIGURES.items()}
    findings = service.check(data)
    assert [f for f in findings if f.is_error] == []
    # The title split adds up (12 + 155 + 448 + 147 = 762); the education rows leave 研究生 blank.
    assert not any(f.rule_id == "sum.staff.prof.title" for f in findings)
    assert any(f.rule_id == "sum.staff.prof.edu" for f in findings)


def test_coverage() -> None:
    """How many of the seeds' workforce figures version 2 can hold (and version 1 could)."""
    v1, v2 = default_registry().get("hrh-quarterly", 1), default_registry().get("hrh-quarterly", 2)
    assert v1 is not None and v2 is not None
    for f in FIGURES:
        assert f.place is None or f.place == "allowance" or v2.has_indicator(f.place), f
        assert f.place is not None or f.why, f
    held = [f for f in FIGURES if f.place is not None]
    held_v1 = [f for f in held if f.place == "allowance" or v1.has_indicator(f.place)]
    assert (len(FIGURES), len(held), len(held_v1)) == (144, 100, 74)
