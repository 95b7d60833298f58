"""Plain data passed between the service, the checks, the formats and the UI.

No ORM objects leave models/: widgets and exporters see these dataclasses.
A blank value is a missing key in ``values``; zero is ``Decimal(0)``.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal

from models.vocab import Origin, ReturnStatus, Review, Scope, UnitLevel

UNIT_LEVELS = tuple(level.value for level in UnitLevel)
# Lookups by stored value, derived from models.vocab (the one place the words are written).
STATUS_LABELS = {m.value: m.label for m in ReturnStatus}
CENT = Decimal("0.01")


def money(value: Decimal | int | str) -> Decimal:
    """A 元/万元 amount, exact to the cent."""
    return Decimal(value).quantize(CENT, rounding=ROUND_HALF_UP)


def fmt_number(value: Decimal | int | None, decimals: int = 0) -> str:
    """1922 -> '1,922'; 12.5 with 2 decimals -> '12.50'; None -> ''."""
    if value is None:
        return ""
    return f"{Decimal(value):,.{decimals}f}"


@dataclass(frozen=True)
class UnitInfo:
    """A reporting unit: its code, name, level and the unit above it."""

    code: str
    name: str
    level: str = UnitLevel.OTHER
    parent: str | None = None  # parent unit code
    credit_code: str = ""


@dataclass
class Allowance:
    """One row of the allowance list (津贴补贴): who, how many persons, the monthly standard, one-off sums and the amount."""

    name: str
    persons: int | None = None
    monthly_standard: Decimal | None = None
    one_off: Decimal | None = None
    amount: Decimal | None = None
    unit_name: str = ""  # which unit's row, on a consolidated return
    months: int | None = None  # on 全年: the months of the quarters the row appears in; None: the whole period

    def key(self) -> tuple[object, ...]:
        """What makes two rows the same row (the name without its surrounding spaces)."""
        return (self.name.strip(), self.persons, self.monthly_standard, self.one_off, self.amount, self.unit_name)

    def expected_amount(self, months: int) -> Decimal | None:
        """persons x standard x months + persons x one-off, or None when persons is blank.
        A 全年 row counts only the months of its own quarters, not ``months``."""
        if self.persons is None:
            return None
        months = self.months if self.months is not None else months
        monthly = self.monthly_standard or Decimal(0)
        one_off = self.one_off or Decimal(0)
        return money(self.persons * (monthly * months + one_off))


@dataclass
class Signatories:
    """Who signs the return (单位负责人, 统计负责人, 填表人), the phone and the date it is reported."""

    unit_head: str = ""  # 单位负责人
    stats_head: str = ""  # 统计负责人
    filled_by: str = ""  # 填表人
    phone: str = ""  # 联系电话
    report_date: dt.date | None = None  # 报出日期


@dataclass(frozen=True)
class Member:
    """A subordinate unit on a consolidated return: included, missing or sent back."""

    unit_code: str
    unit_name: str
    state: str  # a MemberState
    source_scope: str = Scope.OWN
    source_status: str = ""


@dataclass
class ReturnData:
    """One return as the program holds it: the unit, the period, the figures, texts, allowances and signatures, and where it stands."""

    unit: UnitInfo
    period: str
    template_id: str
    template_version: int
    scope: str = Scope.OWN
    status: str = ReturnStatus.DRAFT
    origin: str = Origin.ENTERED
    values: dict[str, Decimal] = field(default_factory=dict)
    texts: dict[str, str] = field(default_factory=dict)
    allowances: list[Allowance] = field(default_factory=list)
    explanations: dict[str, str] = field(default_factory=dict)
    # text code -> the fingerprint of the figures a drafted text was written from (JSON; see models.report)
    drafted_from: dict[str, str] = field(default_factory=dict)
    signatories: Signatories = field(default_factory=Signatories)
    source_file: str = ""
    updated_at: dt.datetime | None = None
    submitted_at: dt.datetime | None = None
    received_at: dt.datetime | None = None
    review_status: str = Review.NONE
    review_note: str = ""
    edited_in_excel: bool = False  # imported from a file whose figures were changed in Excel
    # The stored version this data was read at (service.store.load), 0 for a new return not
    # stored yet (new_return), None for data not based on the database (a file, a script):
    # a save based on an older version is refused (models.returns ReturnConflict). Files
    # (JSON, Excel) never carry it: an import writes on top of the current version.
    version: int | None = None
    # Set on views computed on the fly (annual, consolidated): what they cover and lack.
    members: list[Member] = field(default_factory=list)
    missing_quarters: list[str] = field(default_factory=list)

    @property
    def locked(self) -> bool:
        return self.status == ReturnStatus.SUBMITTED


@dataclass(frozen=True)
class AuditRecord:
    """One line of the audit trail: when, who, what was done to which field, and its old and new value."""

    at: dt.datetime
    who: str
    action: str
    field: str
    old: str | None
    new: str | None
    period: str = ""
