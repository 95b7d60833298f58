"""How a number format shows a value, and which cells a merge covers (formats/xlsx_visible.py)."""

from __future__ import annotations

from decimal import Decimal

import pytest

from formats.xlsx_visible import SheetView, how_shown


@pytest.mark.parametrize(
    ("fmt", "value", "expected"),
    [
        ("General", 32, None),
        ("0", 32, None),
        ("0.00", Decimal("12.5"), None),
        ("#,##0", 1234, None),  # grouping, not scaling
        ("#,##0.00_);(#,##0.00)", 3, None),
        ('0"人"', 32, None),  # a unit after the number
        ("[$-804]0", 3, None),
        ("@", "文字", None),
        ('"100"', 32, ("显示为文字“100”", True)),
        (";;;", 32, ("被隐藏（显示为空白）", True)),
        (";;;", "文字", ("被数字格式隐藏或换成了别的文字", True)),
        ("0;-0;", 0, ("被隐藏（显示为空白）", True)),
        ("0;-0;", 5, None),
        ('"1"0', 3, ("显示时带有数字文字“1”", True)),
        ("0\\1", 3, ("显示时带有数字文字“1”", True)),
        ("yyyy-mm-dd", 32, ("显示为日期或时间", True)),
        ("[>100]0", 5, ("按条件显示，显示的可能不是这个数", True)),
        ("0,", 32000, ("按千（或百万）缩放显示", False)),
        ("#,##0,,", 32000000, ("按千（或百万）缩放显示", False)),
        ("0%", 1, ("显示为百分数（乘以100）", False)),
        ("0.00E+00", 3, ("用科学计数法显示", False)),
        ("# ?/?", 1.5, ("显示为分数", False)),
        ("0", 12.5, ("四舍五入显示为 0 位小数", False)),
        ("0.0", 96.7, None),
    ],
)
def test_how_a_format_shows_a_value(fmt: str, value: object, expected: tuple[str, bool] | None) -> None:
    assert how_shown(fmt, value) == expected


def test_covered_cells_of_merges() -> None:
    view = SheetView("x", merges=[(3, 3, 3, 6), (10, 1, 14, 1), (20, 2, 25, 4)])
    assert view.covering(3, 3) is None  # the top-left cell holds the value
    assert view.covering(3, 4) == (3, 3, 3, 6) and view.covering(3, 6) == (3, 3, 3, 6)
    assert view.covering(3, 7) is None and view.covering(4, 4) is None
    assert view.covering(12, 1) == (10, 1, 14, 1) and view.covering(15, 1) is None
    assert view.covering(24, 3) == (20, 2, 25, 4) and view.covering(19, 3) is None
