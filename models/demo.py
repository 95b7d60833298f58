"""The demo database: the seed examples of domain.md as units and returns.

A county bureau (its own figures are the 2024 county summary, 第一篇) with
subordinate units, and a city bureau (第四篇). Figures the seeds do not give are
left blank, never invented as zero; where a seed lumps categories together
(12 高级 = 正高 + 副高) the split is an assumption noted beside it.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from models.data import Allowance, ReturnData, Signatories, UnitInfo
from models.returns import ReturnService

COUNTY = UnitInfo("530000100", "示范县卫生健康局", "county", None)
CITY = UnitInfo("530100000", "示范市卫生健康局", "county", None)
CHILDREN = [
    UnitInfo("530000101", "示范县人民医院", "hospital", COUNTY.code),
    UnitInfo("530000102", "示范县疾病预防控制中心", "other", COUNTY.code),
    UnitInfo("530000110", "城关镇卫生院", "township", COUNTY.code),
    UnitInfo("530000111", "新华乡卫生院", "township", COUNTY.code),
    UnitInfo("530000112", "石桥镇卫生院", "township", COUNTY.code),
]

# 第一篇: 2024年县卫生局人才工作总结 (county-wide figures).
COUNTY_2024Q4 = {
    "staff.total": 788,  # 22 admin + 762 medical + 4 workers
    "staff.admin": 22,
    "staff.admin.rank.zhengke": 8,
    "staff.admin.rank.fuke": 7,
    "staff.admin.rank.keyuan": 7,
    "staff.prof": 762,
    # The seed gives 12 高级 without the split; 2 正高 + 10 副高 is assumed.
    "staff.prof.title.senior_full": 2,
    "staff.prof.title.senior_assoc": 10,
    "staff.prof.title.mid": 155,
    "staff.prof.title.junior": 448,
    "staff.prof.title.none": 147,
    "staff.prof.edu.phd": 0,
    "staff.prof.edu.master": 0,
    "staff.prof.edu.bachelor": 78,
    "staff.prof.edu.college": 203,
    "staff.prof.edu.secondary": 481,
    "staff.worker": 4,
    "staff.other": 0,
    "recruit.posts": 47,
    "recruit.applicants": 300,
    "recruit.applicants.edu.phd": 0,
    "recruit.applicants.edu.master": 0,
    "recruit.applicants.edu.bachelor": 2,
    "recruit.applicants.edu.college": 13,
    "recruit.applicants.edu.secondary": 285,
    "recruit.examinees": 295,
    "recruit.hired": 35,
    "recruit.introduced": 12,
    "train.party": 3,
    "train.level.county": 286,
    "train.level.prefecture": 136,
    "train.level.province": 78,
    "train.village.sessions": 4,
    "train.village.persons": 1032,
    "train.outreach": 15,
    "incent.promoted.senior": 2,
    "incent.promoted.mid": 11,
    "incent.promoted.junior": 37,
}
COUNTY_TEXTS = {
    "text.highlights": "从昆明医学院引进12名卫生紧缺人才；组织乡村医生培训4次1032人次；组织省州医师15名到基层开展服务。",
    "text.problems": "1、近年的毕业生与现实的医疗单位岗位空缺比例不协调，部分岗位考生过多，部分岗位无人报考。\n2、医疗卫生人才紧缺，外出学习培训的时间减少，影响医务人员医疗技术水平的提高。",
    "text.plans": "1、继续加大紧缺人才引进力度。\n2、完善人才激励机制，落实周转住房。",
}
COUNTY_ALLOWANCES = [
    Allowance("黄山名医", 20, Decimal("300.00"), Decimal("0.00"), Decimal("18000.00")),
    Allowance("江淮名医", 1, Decimal("0.00"), Decimal("50000.00"), Decimal("50000.00")),
    Allowance("拔尖人才", 1, Decimal("500.00"), Decimal("0.00"), Decimal("1500.00")),
]

# 第四篇: 市卫生局人才工作总结 (1,922 in medical units).
CITY_2024Q4 = {
    "staff.total": 1922,
    "staff.admin": 0,
    "staff.prof": 1733,
    "staff.worker": 189,
    "staff.other": 0,
    # 95 高级 without the split: 15 正高 + 80 副高 assumed; no 未评定 given, so 0.
    "staff.prof.title.senior_full": 15,
    "staff.prof.title.senior_assoc": 80,
    "staff.prof.title.mid": 696,
    "staff.prof.title.junior": 942,
    "staff.prof.title.none": 0,
    "staff.prof.edu.phd": 0,
    "staff.prof.edu.master": 5,  # 研究生
    "staff.prof.edu.bachelor": 411,
    "staff.prof.edu.college": 681,
    "staff.prof.edu.secondary": 636,  # 中专及高中
    "staff.age.le35": 508,
    "staff.age.36_40": 490,
    "staff.age.41_45": 468,
    "staff.age.46_54": 366,
    "staff.age.ge55": 90,
    "recruit.posts": 19,
    "recruit.applicants": 206,
    "recruit.examinees": 131,
    "recruit.hired": 48,
    "recruit.hired.edu.phd": 0,
    "recruit.hired.edu.master": 0,
    "recruit.hired.edu.bachelor": 15,
    "recruit.hired.edu.college": 33,
    "recruit.hired.edu.secondary": 0,
}
CITY_EXPLANATIONS = {"warn.recruit.hired_posts": "部分岗位按招聘计划录用多人，录用人数多于岗位数属实。"}


def _township(code: str, scale: int) -> dict[str, int]:
    """A small, consistent township return; ``scale`` varies the sizes."""
    prof = 20 + 3 * scale
    return {
        "staff.total": prof + 6,
        "staff.female": prof // 2 + 3,
        "staff.admin": 3,
        "staff.admin.rank.zhengke": 1,
        "staff.admin.rank.fuke": 1,
        "staff.admin.rank.keyuan": 1,
        "staff.prof": prof,
        "staff.prof.title.senior_full": 0,
        "staff.prof.title.senior_assoc": 1,
        "staff.prof.title.mid": 5 + scale,
        "staff.prof.title.junior": prof - 8 - scale,
        "staff.prof.title.none": 2,
        "staff.prof.edu.phd": 0,
        "staff.prof.edu.master": 0,
        "staff.prof.edu.bachelor": 4 + scale,
        "staff.prof.edu.college": prof - 10 - scale,
        "staff.prof.edu.secondary": 6,
        "staff.worker": 2,
        "staff.other": 1,
        "recruit.posts": 2,
        "recruit.applicants": 10 + scale,
        "recruit.applicants.edu.phd": 0,
        "recruit.applicants.edu.master": 0,
        "recruit.applicants.edu.bachelor": 3,
        "recruit.applicants.edu.college": 5 + scale,
        "recruit.applicants.edu.secondary": 2,
        "recruit.examinees": 9 + scale,
        "recruit.hired": 2,
        "train.level.county": 12 + scale,
        "train.village.sessions": 1,
        "train.village.persons": 30 + 5 * scale,
        "incent.promoted.junior": 1,
    }


def build_demo(service: ReturnService) -> None:
    """Fill an (empty or not) database with the demo units and returns; idempotent."""
    for unit in [COUNTY, CITY, *CHILDREN]:
        service.save_unit(unit)
    service.settings.set(our_unit=COUNTY.code, unit_head="李明", stats_head="王芳", filled_by="张丽", phone="0876-1234567")
    sig = Signatories("李明", "王芳", "张丽", "0876-1234567", dt.date(2025, 1, 10))

    def put(unit: UnitInfo, period: str, values: dict[str, int], **extra: object) -> None:
        tpl = service.registry.for_period(period)
        data = ReturnData(unit=unit, period=period, template_id=tpl.id, template_version=tpl.version, signatories=sig)
        data.values = {k: Decimal(v) for k, v in values.items()}
        for key, value in extra.items():
            setattr(data, key, value)
        service.save(data)

    q3 = {k: v for k, v in COUNTY_2024Q4.items() if service.registry.for_period("2024Q3").indicator(k).kind == "stock"}
    q3 |= {"staff.total": 780, "staff.prof": 754, "staff.prof.title.junior": 440, "staff.prof.edu.secondary": 473}
    put(COUNTY, "2024Q3", q3)
    put(COUNTY, "2024Q4", COUNTY_2024Q4, texts=dict(COUNTY_TEXTS), allowances=list(COUNTY_ALLOWANCES))
    put(CITY, "2024Q4", CITY_2024Q4, explanations=dict(CITY_EXPLANATIONS))
    for i, child in enumerate(CHILDREN):
        if child.level == "township":
            put(child, "2024Q4", _township(child.code, i))
