"""The one error type every importer raises for a bad file."""

from __future__ import annotations


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
