"""The one error a bad file raises (formats/errors.py): every problem kept, the cause first on
one line when there is one, and the promise that nothing was written."""

from __future__ import annotations

from formats.errors import NOTE_STATUS_IGNORED, FileProblems, NotAReturn
from models.vocab import ReturnStatus, SubmissionState


def test_one_problem_is_said_on_one_line() -> None:
    problem = FileProblems("城关镇.xlsx", ["单位代码 “X” 不合规"])
    assert problem.report() == "文件 城关镇.xlsx 未导入，数据库未作任何修改：单位代码 “X” 不合规"
    assert str(problem) == "城关镇.xlsx：单位代码 “X” 不合规"


def test_several_problems_are_listed_one_a_line() -> None:
    problem = FileProblems("城关镇.xlsx", ["第一个问题", "第二个问题"])
    assert problem.report().splitlines() == ["文件 城关镇.xlsx 未导入，数据库未作任何修改：", "  - 第一个问题", "  - 第二个问题"]
    assert problem.problems == ["第一个问题", "第二个问题"] and problem.filename == "城关镇.xlsx"


def test_a_file_that_is_not_a_return_is_a_file_problem_of_its_own_kind() -> None:
    photo = NotAReturn("照片.jpg", ["这是图片（JPEG），不是报表"])
    assert isinstance(photo, FileProblems) and "照片.jpg" in photo.report()


def test_the_note_on_an_ignored_status_uses_the_words_of_the_vocabulary() -> None:
    for word in (ReturnStatus.SUBMITTED.label, SubmissionState.IMPORTED.label, ReturnStatus.DRAFT.label):
        assert word in NOTE_STATUS_IGNORED
