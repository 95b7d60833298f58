"""The one error type every importer raises for a bad file."""

from __future__ import annotations

from models.vocab import ReturnStatus, SubmissionState

# The receiver decides a return's status: a file that says submitted is stored as imported (a draft).
NOTE_STATUS_IGNORED = (
    f"文件中标注为“{ReturnStatus.SUBMITTED.label}”；导入的报表一律作为“{SubmissionState.IMPORTED.label}”（{ReturnStatus.DRAFT.label}）保存，由本单位审核后决定"
)


class FileProblems(Exception):
    """A file that cannot be imported, with every problem found (Chinese, for the clerk)."""

    def __init__(self, filename: str, problems: list[str]) -> None:
        self.filename = filename
        self.problems = problems
        super().__init__(f"{filename}：" + "；".join(problems))

    def report(self) -> str:
        if len(self.problems) == 1:  # one line: what the clerk reads first is the cause
            return f"文件 {self.filename} 未导入，数据库未作任何修改：{self.problems[0]}"
        lines = [f"文件 {self.filename} 未导入，数据库未作任何修改："]
        lines += [f"  - {p}" for p in self.problems]
        return "\n".join(lines)


class NotAReturn(FileProblems):
    """A readable file that is not one of our returns (a photo, a letter, another workbook):
    listed and ignored, not reported as damaged."""
