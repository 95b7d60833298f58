"""The comparison page (ui/comparison_page.py): previous period, same period last year and
本年累计 (models.compare) of the return as shown."""

from __future__ import annotations

from decimal import Decimal

from PySide6.QtCore import Qt

from tests.factories import make_return
from tests.ui.conftest import Answers, WindowFactory
from tests.ui.test_county_view import PERIOD, TEMPLATE
from ui.comparison_page import (
    CURRENT,
    LAST_DIFF,
    LAST_PCT,
    LAST_YEAR,
    PREV_DIFF,
    PREV_PCT,
    PREVIOUS,
    YTD,
    ComparisonModel,
)


def test_comparison_page_shows_previous_last_year_and_year_to_date(make_window: WindowFactory, answers: Answers) -> None:
    window = make_window()
    service = window.service
    assert service is not None
    unit = service.units.get("T01")
    assert unit is not None
    for period, total, hired in (("2023Q4", 100, 1), ("2024Q1", 104, 2), ("2024Q2", 105, 3), ("2024Q3", 110, 4), ("2024Q4", 121, 5)):
        service.store.save(make_return(TEMPLATE, {"staff.total": Decimal(total), "recruit.hired": Decimal(hired)}, unit=unit, period=period))
    window.open_return("T01", "2024Q4")
    window.county.compare_action.trigger()
    assert window.tabs.currentWidget() is window.scrolls["compare"]
    model: ComparisonModel = window.county.compare_page.model
    total = next(n for n, i in enumerate(model.indicators) if i.code == "staff.total")
    hired = next(n for n, i in enumerate(model.indicators) if i.code == "recruit.hired")

    def shown(row: int, col: int) -> str:
        return model.data(model.index(row, col))

    assert [shown(total, c) for c in (CURRENT, PREVIOUS, PREV_DIFF, PREV_PCT, LAST_YEAR, LAST_DIFF, LAST_PCT)] == [
        "121",
        "110",
        "+11",
        "+10.0%",
        "100",
        "+21",
        "+21.0%",
    ]
    assert shown(hired, YTD) == "14" and shown(total, YTD) == "", "本年累计 only for flows: 2+3+4+5"
    assert "2024年第三季度" in model.headerData(PREVIOUS, Qt.Orientation.Horizontal) and "2023年第四季度" in model.headerData(
        LAST_YEAR, Qt.Orientation.Horizontal
    )
    # The figure as typed (not yet saved) is what is compared.
    window.tabs.setCurrentWidget(window.scrolls["recruit"])
    window.forms["recruit"].fields["recruit.hired"].type_text("8")
    window.county.compare_action.trigger()
    assert shown(hired, YTD) == "17" and shown(hired, PREV_DIFF) == "+4" and shown(hired, PREV_PCT) == "+100.0%"
    # A quarter that gave no hires: 本年累计 says which quarters it adds up.
    q2 = service.store.load("T01", "2024Q2")
    assert q2 is not None
    del q2.values["recruit.hired"]
    service.store.save(q2)
    window.tabs.setCurrentWidget(window.scrolls["recruit"])
    window.county.compare_action.trigger()
    assert shown(hired, YTD) == "14（第1、3、4季度）"  # 2 + 4 + 8
    # Q1: no 本年累计 column.
    window.open_return("T01", "2024Q1")
    assert window.county.compare_page.table.isColumnHidden(YTD)
    assert shown(total, PREVIOUS) == "100" and shown(total, LAST_YEAR) == "", "nothing for 2023Q1"
    assert "去年同期没有报表" in window.county.compare_page.caption.text()


def test_comparison_model_is_a_sound_table_model(qtmodeltester, make_window: WindowFactory) -> None:  # type: ignore[no-untyped-def]
    window = make_window()
    window.open_return("T01", PERIOD)
    window.county.compare_action.trigger()
    qtmodeltester.check(window.county.compare_page.model, force_py=True)
