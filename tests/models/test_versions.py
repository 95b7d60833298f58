"""Two versions of a return side by side (models/versions.py): what differs, with the
template's labels, and the stored version with the clerk's own edits typed in again."""

from __future__ import annotations

import copy
from decimal import Decimal

from models.data import Allowance, ReturnData, Signatories, UnitInfo
from models.template import Template
from models.versions import BLANK, Conflict, Difference, as_text, differences, reapply
from tests.factories import make_return

UNIT = UnitInfo("T01", "城关镇卫生院", "township")


def return_data(template: Template, **values: str) -> ReturnData:
    return make_return(template, {k.replace("__", "."): v for k, v in values.items()}, unit=UNIT, version=3)


def test_differences_name_each_item_by_its_template_label_in_template_order(template: Template) -> None:
    mine = return_data(template, staff__total="1922", incent__funding="12.50")
    theirs = return_data(template, staff__total="1920", staff__female="0")
    mine.texts["text.problems"] = "1、人才紧缺"
    theirs.explanations["warn.recruit.hired_posts"] = "一个岗位招了两人"
    mine.allowances = [Allowance("黄山名医", 20, Decimal("300.00"), None, Decimal("18000.00"))]
    mine.signatories = Signatories(filled_by="张丽")
    assert differences(template, mine, theirs) == [
        Difference("在岗职工总数", "1,922", "1,920"),
        Difference("其中：女性", BLANK, "0"),  # blank is not zero
        Difference("人才工作经费投入", "12.50", BLANK),
        Difference(template.text_field("text.problems").label, "1、人才紧缺", BLANK),
        Difference("审核说明", BLANK, "一个岗位招了两人"),
        Difference("津贴与荣誉", "黄山名医 20人 18000.00元", BLANK),
        Difference("填表人", "张丽", BLANK),
    ]
    assert differences(template, mine, copy.deepcopy(mine)) == []


def test_a_deleted_return_differs_in_everything_the_clerk_typed(template: Template) -> None:
    mine = return_data(template, staff__total="30")
    assert differences(template, mine, None) == [Difference("在岗职工总数", "30", BLANK)]


def test_reapply_types_the_clerks_own_edits_in_again_on_the_stored_version(template: Template) -> None:
    base = return_data(template, staff__total="30", staff__female="10", staff__worker="2")
    mine = copy.deepcopy(base)
    mine.values["staff.total"] = Decimal(31)  # changed
    del mine.values["staff.worker"]  # blanked
    mine.texts["text.problems"] = "我写的"
    theirs = copy.deepcopy(base)
    theirs.version = 4
    theirs.values["staff.female"] = Decimal(12)  # their change, kept
    theirs.values["staff.admin"] = Decimal(5)  # their new figure, kept
    theirs.signatories = Signatories(unit_head="李明")
    merged = reapply(base, mine, theirs)
    assert merged.values == {"staff.total": 31, "staff.female": 12, "staff.admin": 5}
    assert merged.texts == {"text.problems": "我写的"} and merged.signatories.unit_head == "李明"
    assert merged.version == 4  # saved on top of the stored version
    assert theirs.values["staff.total"] == 30  # nothing shared with what was loaded


def test_the_clipboard_text_holds_the_message_and_every_difference(template: Template) -> None:
    mine, theirs = return_data(template, staff__total="31"), return_data(template, staff__total="40")
    text = as_text(Conflict("该报表已被 张三 修改。", "张三", mine, theirs, differences(template, mine, theirs)))
    assert text.splitlines() == ["该报表已被 张三 修改。", "", "项目\t您的数值\t已保存的数值", "在岗职工总数\t31\t40"]
