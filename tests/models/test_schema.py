"""The typed ORM classes (models/schema.py): amounts stored as whole 分, exact to the cent in
and out, sums included. (The schema against the migrations: tests/models/test_db.py.)"""

from __future__ import annotations

from decimal import Decimal

import pytest
from sqlalchemy import func, select, text
from sqlalchemy.orm import Session

from models.returns import ReturnService
from models.schema import ExactDecimal, ReturnValue


def test_stored_sums_are_exact_integer_sums(service: ReturnService) -> None:
    """func.sum of the column comes back through its type: an exact Decimal, not a double."""
    with Session(service.engine) as s, s.begin():
        s.execute(text("INSERT INTO units (code, name, level, credit_code, sort_order) VALUES ('U1', '甲', 'township', '', 0)"))
        for period in ("2024Q1", "2024Q2", "2024Q3"):
            s.execute(
                text(
                    "INSERT INTO returns (unit_id, period, scope, status, origin, template_id, template_version, unit_head, stats_head, filled_by, phone, source_file, created_at, updated_at, review_status, review_note)"
                    f" VALUES (1, '{period}', 'own', 'draft', 'entered', 'hrh-quarterly', 1, '', '', '', '', '', '2025-01-05', '2025-01-05', '', '')"
                )
            )
        s.add_all(
            [ReturnValue(return_id=i, code="incent.funding", value=v) for i, v in ((1, Decimal("0.10")), (2, Decimal("0.20")), (3, Decimal("99999999.99")))]
        )
    with Session(service.engine) as s:
        total = s.scalar(select(func.sum(ReturnValue.value)))
    assert total == Decimal("100000000.29") and isinstance(total, Decimal)


def test_storing_more_than_two_places_is_a_bug_not_a_rounding(service: ReturnService) -> None:
    with pytest.raises(ValueError, match="more than 2 decimal places"):
        ExactDecimal().process_bind_param(Decimal("1.005"), service.engine.dialect)
    assert ExactDecimal().process_bind_param(Decimal("98765432109876.54"), service.engine.dialect) == 9876543210987654


def test_a_stored_amount_that_is_not_whole_cents_is_refused_on_reading(service: ReturnService) -> None:
    exact = ExactDecimal()
    assert exact.process_result_value(1250, service.engine.dialect) == Decimal("12.50")
    assert exact.process_result_value(None, service.engine.dialect) is None
    with pytest.raises(ValueError, match="is not a whole number of cents"):
        exact.process_result_value(12.5, service.engine.dialect)  # a double written by hand, not by this program
