"""The plain data passed between the layers (models/data.py): money exact to the cent, figures
written with grouping, an allowance row's expected amount, a submitted return locked."""

from __future__ import annotations

from decimal import Decimal

import pytest

from models.data import Allowance, fmt_number, money
from models.template import Template
from models.vocab import ReturnStatus
from tests.factories import make_return


@pytest.mark.parametrize(
    ("raw", "cents"),
    [(Decimal("12.345"), "12.35"), ("0.005", "0.01"), (7, "7.00"), ("-2.345", "-2.35"), (Decimal("18000"), "18000.00")],
)
def test_money_is_exact_to_the_cent_rounding_half_up(raw: Decimal | int | str, cents: str) -> None:
    assert str(money(raw)) == cents  # half up, as a clerk rounds by hand (not the banker's half-even)


def test_figures_are_written_with_grouping_and_blank_stays_blank() -> None:
    assert fmt_number(Decimal(1922)) == "1,922"
    assert fmt_number(Decimal("12.5"), 2) == "12.50"
    assert fmt_number(0) == "0"
    assert fmt_number(None) == ""


def test_an_allowance_rows_expected_amount_is_persons_times_standard_and_months_plus_one_off() -> None:
    row = Allowance("黄山名医", persons=2, monthly_standard=Decimal("300"), one_off=Decimal("100.005"))
    assert row.expected_amount(3) == Decimal("2000.01")  # 2 × (300 × 3 + 100.005), to the cent
    assert Allowance("拔尖人才", persons=1).expected_amount(3) == Decimal("0.00")  # no standard given: nothing owed
    assert Allowance("拔尖人才").expected_amount(3) is None  # persons blank: nothing to expect


def test_on_a_year_a_row_counts_only_the_months_of_its_own_quarters() -> None:
    half_year = Allowance("黄山名医", persons=2, monthly_standard=Decimal("300"), months=6)
    assert half_year.expected_amount(12) == Decimal("3600.00")


def test_a_submitted_return_is_locked_a_draft_is_not(template: Template) -> None:
    assert not make_return(template).locked
    assert make_return(template, status=ReturnStatus.SUBMITTED).locked
