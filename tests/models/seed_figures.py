"""Every workforce figure the seed summaries (shared/seeds) state, and where template
version 2 holds it — an indicator code, a row of the allowance list ("allowance") — or why
it stays in the text (None, with the reason).

Documents: A = 000 第一篇 (the county bureau, 2024); B = 000 第二篇, first part (a city,
20xx); C = 000 第二篇, second part (黄山; 第五篇 repeats it and is not counted twice);
D = 000 第二篇, third part (科教兴医); E = 000 第三篇 (a county-level city, half-year);
F = 000 第四篇 (the city, 2024); G = 003 区卫生人才工作汇报 (the district); H = 003
关于加快科教兴医步伐… (the district's three-year targets). Shares the text computes from its
own counts (89.4%, 5.5% …) are ratios of the template, not figures, and are not listed; nor
are the non-health figures of 003 (the district's 人才资源 of every sector) or repeats.
"""

from __future__ import annotations

from dataclasses import dataclass

MULTI_YEAR = "multi-year figure (近年来/共获得): not a quarter's count; text of the annual summary"
APPROXIMATE = "approximate (多/余/近): not a count; text"
TARGET = "a target (力争三年后…/下一步): not a count; text"
PLAN = "a plan (下一步/2024年安排): not a count; text"


@dataclass(frozen=True)
class SeedFigure:
    doc: str
    what: str
    value: str
    place: str | None  # indicator code, "allowance", or None (text)
    why: str = ""  # why there is no place, or a caveat


FIGURES: tuple[SeedFigure, ...] = (
    # A — the county bureau
    SeedFigure("A", "行政人员", "22", "staff.admin"),
    SeedFigure("A", "工勤人员", "4", "staff.worker"),
    SeedFigure("A", "正科（主任科员）", "8", "staff.admin.rank.zhengke"),
    SeedFigure("A", "副科（副主任科员）", "7", "staff.admin.rank.fuke"),
    SeedFigure("A", "科员", "7", "staff.admin.rank.keyuan"),
    SeedFigure("A", "行政及工勤 本科", "11", "staff.nonprof.edu.bachelor_up"),
    SeedFigure("A", "行政及工勤 专科", "5", "staff.nonprof.edu.college"),
    SeedFigure("A", "行政及工勤 中专及以下", "10", "staff.nonprof.edu.secondary"),
    SeedFigure("A", "医疗卫生人员", "762", "staff.prof"),
    SeedFigure("A", "高级职称", "12", "staff.prof.title.senior"),
    SeedFigure("A", "中级职称", "155", "staff.prof.title.mid"),
    SeedFigure("A", "初级职称", "448", "staff.prof.title.junior"),
    SeedFigure("A", "无职称", "147", "staff.prof.title.none"),
    SeedFigure("A", "本科", "78", "staff.prof.edu.bachelor"),
    SeedFigure("A", "专科", "203", "staff.prof.edu.college"),
    SeedFigure("A", "中专及以下", "481", "staff.prof.edu.secondary"),
    SeedFigure("A", "引进紧缺人才", "12", "recruit.introduced"),
    SeedFigure("A", "计划招聘岗位", "47", "recruit.posts"),
    SeedFigure("A", "报名人数", "300", "recruit.applicants"),
    SeedFigure("A", "报名 本科", "2", "recruit.applicants.edu.bachelor"),
    SeedFigure("A", "报名 专科", "13", "recruit.applicants.edu.college"),
    SeedFigure("A", "报名 中专", "285", "recruit.applicants.edu.secondary"),
    SeedFigure("A", "参加考试", "295", "recruit.examinees"),
    SeedFigure("A", "录用", "35", "recruit.hired"),
    SeedFigure("A", "新增初级职称", "37", "incent.promoted.junior"),
    SeedFigure("A", "新增中级职称", "11", "incent.promoted.mid"),
    SeedFigure("A", "评定高级职称", "2", "incent.promoted.senior"),
    SeedFigure("A", "党校培训", "3", "train.party"),
    SeedFigure("A", "选送到文山学习培训", "1", None, "told apart from 党校 (3) and 州级 (136): adding it to either invents a sum"),
    SeedFigure("A", "选送到昆明学习培训", "1", None, "told apart from 党校 (3) and 省级 (78): adding it to either invents a sum"),
    SeedFigure("A", "县级培训", "286", "train.level.county"),
    SeedFigure("A", "州级培训", "136", "train.level.prefecture"),
    SeedFigure("A", "省级培训", "78", "train.level.province"),
    SeedFigure("A", "省州医师下基层", "15", "train.outreach"),
    SeedFigure("A", "乡村医生培训次数", "4", "train.village.sessions"),
    SeedFigure("A", "乡村医生培训人次", "1032", "train.village.persons"),
    SeedFigure("A", "乡村医生培训班1班人数", "296", None, "a further class beside the 4 sessions, or one of them: the text does not say"),
    # B — a city (昆明)
    SeedFigure("B", "专业技术人员", "4801", "staff.prof"),
    SeedFigure("B", "省内医学院校毕业", "85%", None, "graduates by where they studied: no indicator, not a return's statistic"),
    SeedFigure("B", "省外重点大学毕业", "15%", None, "graduates by where they studied: no indicator, not a return's statistic"),
    SeedFigure("B", "意向性协议", "173", "recruit.intent"),
    SeedFigure("B", "计划招聘岗位", "329", "recruit.posts"),
    SeedFigure("B", "报名人数", "1320", "recruit.applicants"),
    SeedFigure("B", "报名 博士研究生", "1", "recruit.applicants.edu.phd"),
    SeedFigure("B", "报名 硕士研究生", "106", "recruit.applicants.edu.master"),
    SeedFigure("B", "报名 本科", "1304", "recruit.applicants.edu.bachelor"),
    SeedFigure("B", "报名 专科", "13", "recruit.applicants.edu.college"),
    SeedFigure("B", "报名 中专", "2", "recruit.applicants.edu.secondary"),
    SeedFigure("B", "参加笔试", "1041", "recruit.examinees"),
    # C — 黄山
    SeedFigure("C", "奖励性绩效工资占比", "60%以上", "incent.merit_pay_share", "a lower bound: typed 60, 以上 in 说明"),
    SeedFigure("C", "江淮名医 人数", "1", "allowance"),
    SeedFigure("C", "江淮名医 一次性奖励", "5万元", "allowance"),
    SeedFigure("C", "专业技术拔尖人才 人数", "1", "allowance"),
    SeedFigure("C", "专业技术拔尖人才 津贴", "500元/月", "allowance"),
    SeedFigure("C", "推荐黄山名医人选", "33", "talent.famous_doctor.nominees"),
    SeedFigure("C", "评选黄山名医（下一步）", "20", None, PLAN),
    SeedFigure("C", "黄山名医津贴（下一步）", "300元/月", None, PLAN),
    SeedFigure("C", "省级重点中医专科专病", "11", "research.key_specialty.province"),
    SeedFigure("C", "市级重点学科", "13", "research.key_subject.city"),
    SeedFigure("C", "新技术、新项目", "23", "research.new_tech"),
    SeedFigure("C", "市科学进步一等奖", "1", "research.award.city"),
    SeedFigure("C", "选派骨干进修一年", "近30", None, APPROXIMATE),
    SeedFigure("C", "驻乡责任医生团队", "113", "grassroots.team.township"),
    SeedFigure("C", "驻村责任医生团队", "598", "grassroots.team.village"),
    SeedFigure(
        "C",
        "继续教育培训率",
        "100%",
        None,
        "a rate of counts the template collects (继续医学教育应参加/达标人数) but the text does not give; a typed copy would stand beside the computed one",
    ),
    SeedFigure("C", "为乡镇卫生院录用", "115", "recruit.hired"),
    SeedFigure("C", "非遗项目代表性传承人", "13", "talent.heritage_bearer"),
    SeedFigure("C", "师承人员", "4", "talent.apprentice"),
    SeedFigure("C", "学术继承人", "3", "talent.academic_heir"),
    # D — 科教兴医
    SeedFigure("D", "城市医生到基层对口支援", "17", "train.outreach"),
    SeedFigure("D", "全科医师转岗培训", "5", "train.gp_transfer"),
    SeedFigure("D", "千人培训计划（省级）", "2", "train.level.province"),
    SeedFigure("D", "招聘大专院校毕业生", "57", "recruit.hired"),
    SeedFigure("D", "其中研究生", "11", "recruit.hired.edu.postgrad"),
    SeedFigure("D", "“311工程”培养对象", "13", "talent.trainee"),
    SeedFigure("D", "其中镇卫生院", "3", "talent.trainee.township"),
    SeedFigure("D", "自学、函授取得本科以上学历", "80", None, "degrees earned in service: no indicator"),
    SeedFigure("D", "聘请专家授课", "120多", None, APPROXIMATE),
    SeedFigure("D", "选派业务骨干进修", "50多", None, APPROXIMATE),
    SeedFigure("D", "继续医学教育覆盖率", "100%", None, "a rate of counts the template collects but the text does not give"),
    SeedFigure("D", "技术大比武专业类别", "3", None, "competition categories: not a workforce count"),
    SeedFigure("D", "技术大比武护理人员", "300多", None, APPROXIMATE),
    # E — a county-level city, half-year
    SeedFigure("E", "干部读书会", "100多", None, APPROXIMATE),
    SeedFigure("E", "北大EMBA研修班（管理干部培训）", "24", "train.party"),
    SeedFigure("E", "“128”工程重点学科", "12", "research.key_subject.city"),
    SeedFigure("E", "重点学科带头人", "12", "talent.leader"),
    SeedFigure("E", "中青年技术骨干", "60", "talent.backbone"),
    # F — the city, 2024
    SeedFigure(
        "F",
        "卫生系统干部职工（含局机关）",
        "1938",
        None,
        "a wider total than 在岗职工 1922 of the medical units; the bureau's own staff are not stated, so no return holds it",
    ),
    SeedFigure("F", "医疗卫生单位在职职工", "1922", "staff.total"),
    SeedFigure("F", "专业技术人员", "1733", "staff.prof"),
    SeedFigure("F", "研究生", "5", "staff.prof.edu.postgrad"),
    SeedFigure("F", "大学本科", "411", "staff.prof.edu.bachelor"),
    SeedFigure("F", "大学专科", "681", "staff.prof.edu.college"),
    SeedFigure("F", "中专及高中", "636", "staff.prof.edu.secondary"),
    SeedFigure("F", "高级职称", "95", "staff.prof.title.senior"),
    SeedFigure("F", "中级职称", "696", "staff.prof.title.mid"),
    SeedFigure("F", "初级职称", "942", "staff.prof.title.junior"),
    SeedFigure("F", "工勤人员", "189", "staff.worker"),
    SeedFigure("F", "35岁及以下", "508", "staff.age.le35"),
    SeedFigure("F", "36-40岁", "490", "staff.age.36_40"),
    SeedFigure("F", "41-45岁", "468", "staff.age.41_45"),
    SeedFigure("F", "46-54岁", "366", "staff.age.46_54"),
    SeedFigure("F", "55岁以上", "90", "staff.age.ge55"),
    SeedFigure("F", "计划招聘岗位", "19", "recruit.posts"),
    SeedFigure("F", "报名人数", "206", "recruit.applicants"),
    SeedFigure("F", "参加考试", "131", "recruit.examinees"),
    SeedFigure("F", "录用", "48", "recruit.hired"),
    SeedFigure("F", "录用 本科", "15", "recruit.hired.edu.bachelor"),
    SeedFigure("F", "录用 专科", "33", "recruit.hired.edu.college"),
    SeedFigure("F", "近年来引进人才", "100", None, MULTI_YEAR),
    SeedFigure("F", "近年来录用硕士", "3", None, MULTI_YEAR),
    SeedFigure("F", "近年来录用本科", "99", None, MULTI_YEAR),
    SeedFigure("F", "近年来进修培训", "一万多人次", None, MULTI_YEAR),
    SeedFigure("F", "近年来学术讲座", "500多场次", None, MULTI_YEAR),
    SeedFigure("F", "乡村医生及乡镇卫生技术人员培训次数", "2", None, "village doctors and township staff together: the 乡村医生 rows would overstate them"),
    SeedFigure("F", "乡村医生及乡镇卫生技术人员培训人数", "550", None, "village doctors and township staff together: the 乡村医生 rows would overstate them"),
    SeedFigure("F", "学科带头人", "14", "incent.leaders"),
    SeedFigure("F", "市管专家", "3", "talent.expert.city"),
    SeedFigure("F", "市医院临床科室", "23", None, "a hospital's departments: not a workforce count"),
    SeedFigure("F", "一级专业学科", "19", None, "a hospital's departments: not a workforce count"),
    SeedFigure("F", "二级专业学科", "46", None, "a hospital's departments: not a workforce count"),
    SeedFigure("F", "市直医院选派进修", "30余", None, APPROXIMATE),
    SeedFigure("F", "乡镇卫生院选派进修", "70余", None, APPROXIMATE),
    SeedFigure("F", "省级科技成果奖（共获得）", "12", None, MULTI_YEAR),
    SeedFigure("F", "XX市科技进步奖（共获得）", "14", None, MULTI_YEAR),
    SeedFigure("F", "XX市科技进步奖（共获得）", "50", None, MULTI_YEAR),
    SeedFigure("F", "乙类重点专科", "7", "research.key_specialty.city"),
    SeedFigure("F", "拔尖人才津贴", "200元/月", "allowance"),
    SeedFigure("F", "学科带头人津贴", "500元/月", "allowance"),
    SeedFigure("F", "重点专科带头人兼优秀科主任津贴", "1500元/月", "allowance"),
    SeedFigure("F", "引进人才住房补贴", "150元/月", "allowance"),
    SeedFigure("F", "2024年安排骨干进修", "10", None, PLAN),
    # G — the district
    SeedFigure("G", "二级医院对口支援卫生院", "3对", "grassroots.pairs"),
    SeedFigure("G", "新技术、新设备、新项目", "30余", None, APPROXIMATE),
    # H — the district's targets
    SeedFigure("H", "三年后区级医疗机构高级人才", "150", None, TARGET),
    SeedFigure("H", "其中一级医院高级人才", "10", None, TARGET),
    SeedFigure("H", "预防监督机构高级人才", "10", None, TARGET),
    SeedFigure("H", "二级医院临床医生本科以上", "75%", None, TARGET),
    SeedFigure("H", "全科医师大专以上", "80%", None, TARGET),
    SeedFigure("H", "取得全科医师执业资格", "30%", None, TARGET),
    SeedFigure("H", "护士大专以上", "15%", None, TARGET),
    SeedFigure("H", "卫生管理人员岗位培训率", "80%", None, TARGET),
    SeedFigure("H", "公共卫生技术人员大专以上", "75%", None, TARGET),
    SeedFigure("H", "公共卫生技术人员本科以上", "30%", None, TARGET),
)
