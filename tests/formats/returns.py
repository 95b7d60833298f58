"""A return built in a test, without a database: the figures given, everything else blank."""

from __future__ import annotations

from decimal import Decimal

from models.data import ReturnData, UnitInfo
from models.template import Template

COUNTY = UnitInfo("X1", "某县卫生健康局", "county")


def make_return(template: Template, values: dict[str, int | str], unit: UnitInfo = COUNTY, period: str = "2024Q4", **extra: object) -> ReturnData:
    """``extra`` sets other fields: texts=…, allowances=…, scope="consolidated"…"""
    data = ReturnData(unit=unit, period=period, template_id=template.id, template_version=template.version)
    data.values = {k: Decimal(v) for k, v in values.items()}
    for key, value in extra.items():
        setattr(data, key, value)
    return data
