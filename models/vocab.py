"""The words of the domain: each vocabulary one ``StrEnum``, each member with its labels.

The database and the JSON format store the values (a ``StrEnum`` member *is* its
string, so no migration and plain comparisons keep working); everything a clerk
reads — the unit tree, 报送情况, the exports, the command line — takes the word
from here (``.label`` Chinese, ``.label_en`` for ``--lang en``), so no two places
can call one state by two names. A test fails if one of these Chinese words is
written anywhere else in the code.
"""

from __future__ import annotations

from enum import StrEnum
from typing import Any


class Vocabulary(StrEnum):
    """A member is declared as ``NAME = value, 中文, English``."""

    label: str
    label_en: str

    def __new__(cls, value: str, label: str = "", label_en: str = "") -> Any:
        member = str.__new__(cls, value)
        member._value_ = value
        member.label = label
        member.label_en = label_en
        return member

    def text(self, lang: str = "zh") -> str:
        return str(self.label_en if lang == "en" else self.label)

    @classmethod
    def label_of(cls, value: str, lang: str = "zh") -> str:
        """The word for a stored value; an unknown value (a newer program's) is shown as it is."""
        try:
            term: Vocabulary = cls(value)
            return term.text(lang)
        except ValueError:
            return value


class ReturnStatus(Vocabulary):
    DRAFT = "draft", "草稿", "Draft"
    SUBMITTED = "submitted", "已报送", "Submitted"


class Scope(Vocabulary):
    OWN = "own", "本单位报表", "Own return"
    CONSOLIDATED = "consolidated", "汇总报表", "Consolidated return"


class Origin(Vocabulary):
    ENTERED = "entered", "录入", "Entered"
    IMPORTED = "imported", "导入", "Imported"
    CONSOLIDATED = "consolidated", "汇总", "Consolidated"
    PROXY = "proxy", "代报", "Entered for the unit"  # an imported return the level above took over to correct


class Review(Vocabulary):
    NONE = "", "未审核", "Not reviewed"
    ACCEPTED = "accepted", "已审核", "Accepted"
    RETURNED = "returned", "已退回", "Sent back"


class MemberState(Vocabulary):
    """A subordinate unit on a consolidated return."""

    INCLUDED = "included", "已汇总", "Included"
    MISSING = "missing", "未报", "Not reported"
    RETURNED = "returned", Review.RETURNED.label, Review.RETURNED.label_en


class SubmissionState(Vocabulary):
    """A subordinate unit's return in 报送情况 (completeness): the words are the other vocabularies'."""

    MISSING = "missing", MemberState.MISSING.label, MemberState.MISSING.label_en
    DRAFT = "draft", ReturnStatus.DRAFT.label, ReturnStatus.DRAFT.label_en
    SUBMITTED = "submitted", ReturnStatus.SUBMITTED.label, ReturnStatus.SUBMITTED.label_en
    IMPORTED = "imported", "已导入", "Imported"
    EDITED = "edited", "已导入（有改动）", "Imported (changed in Excel)"  # the file was changed in Excel
    ERRORS = "errors", "有错误", "Has errors"
    ACCEPTED = "accepted", Review.ACCEPTED.label, Review.ACCEPTED.label_en
    RETURNED = "returned", Review.RETURNED.label, Review.RETURNED.label_en


class Arrival(Vocabulary):
    """What became of a file that arrived (收件箱): models.importing's outcomes in the clerk's words."""

    IMPORTED = "imported", SubmissionState.IMPORTED.label, SubmissionState.IMPORTED.label_en
    REPLACED = "replaced", "已替换", "Replaced"
    SAME = "same", "内容相同，跳过", "Same content, skipped"
    DUPLICATE = "duplicate", "重复文件", "Duplicate file"
    OLDER = "older", "旧版本，未用", "Older version, not used"
    NOT_A_RETURN = "not_a_return", "不是报表", "Not a return"
    DAMAGED = "damaged", "已损坏", "Damaged"
    REFUSED = "refused", "未导入", "Not imported"
    NOTICE = "notice", "退回通知：已打开修改", "Send-back notice: reopened"
    PENDING = "pending", "导入被中断", "Interrupted"


class ReportMark(Vocabulary):
    """What the header of a report (models.report marks) says of its return besides the figures."""

    ERRORS = "errors", "未通过审核", "Fails the checks"
    UNREVIEWED = "imported", "导入件" + Review.NONE.label, "Imported, not reviewed"
    EDITED = "edited", "在Excel中改过", "Changed in Excel"
    NOT_SUBMITTED = "draft", ReturnStatus.DRAFT.label + "（未报送）", "Draft (not submitted)"
    STALE = "stale", "文字与数字不符", "Text and figures disagree"


class UnitLevel(Vocabulary):
    COUNTY = "county", "县级卫生健康局", "County health bureau"
    TOWNSHIP = "township", "乡镇卫生院/社区", "Township health centre / community"
    HOSPITAL = "hospital", "医院", "Hospital"
    OTHER = "other", "其他单位", "Other unit"


VOCABULARIES: tuple[type[Vocabulary], ...] = (ReturnStatus, Scope, Origin, Review, MemberState, SubmissionState, Arrival, ReportMark, UnitLevel)
