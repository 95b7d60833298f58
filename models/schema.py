"""Typed ORM classes: the storage of units, returns, values, texts and the audit trail.

Blank and zero are different: a blank value has no row in ``return_values``;
zero is a row holding 0. Every figure and amount is stored exactly as a whole
number of 分 (value × 100) in a 64-bit integer column (``ExactDecimal``): SQLite
keeps ``Numeric`` as a double, which lost cents beyond 15 digits. Sums are then
integer ``SUM``s, exact too.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Annotated

from sqlalchemy import (
    BigInteger,
    Boolean,
    Date,
    DateTime,
    ForeignKey,
    Index,
    Integer,
    MetaData,
    String,
    Text,
    TypeDecorator,
    UniqueConstraint,
    false,
)
from sqlalchemy.engine import Dialect
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column, relationship

# Stable constraint names so Alembic migrations can address them (batch mode on SQLite).
NAMING_CONVENTION = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}

CENTS = Decimal(100)


class ExactDecimal(TypeDecorator[Decimal]):
    """A Decimal with at most 2 places, stored as an integer number of 分 (BIGINT).

    Counts are whole numbers in the same column. Binding a value with more places is a
    bug (models.values rounds nothing and refuses such input), so it raises. Results,
    and ``SUM``s of the column (whose type is the column's), come back as Decimals with
    2 places.
    """

    impl = BigInteger
    cache_ok = True

    def process_bind_param(self, value: Decimal | int | None, dialect: Dialect) -> int | None:
        if value is None:
            return None
        cents = Decimal(value) * CENTS
        if cents != cents.to_integral_value():
            raise ValueError(f"{value} has more than 2 decimal places")
        return int(cents)

    def process_result_value(self, value: object, dialect: Dialect) -> Decimal | None:
        if value is None:
            return None
        if not isinstance(value, (int, Decimal)) or value != int(value):
            raise ValueError(f"stored amount {value!r} is not a whole number of cents")
        return Decimal(int(value)).scaleb(-2)


intpk = Annotated[int, mapped_column(Integer, primary_key=True)]
Amount = Annotated[Decimal, mapped_column(ExactDecimal)]
ShortText = Annotated[str, mapped_column(String(200))]
Timestamp = Annotated[dt.datetime, mapped_column(DateTime)]


def utcnow() -> dt.datetime:
    return dt.datetime.now(dt.UTC).replace(tzinfo=None)


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING_CONVENTION)


class Unit(Base):
    """A reporting unit (报告单位): a bureau, township health centre, hospital…"""

    __tablename__ = "units"

    id: Mapped[intpk]
    code: Mapped[str] = mapped_column(String(64), unique=True)
    name: Mapped[ShortText]
    level: Mapped[str] = mapped_column(String(20), default="other")
    parent_id: Mapped[int | None] = mapped_column(ForeignKey("units.id", ondelete="SET NULL"), index=True)
    credit_code: Mapped[str] = mapped_column(String(32), default="")  # 统一社会信用代码
    sort_order: Mapped[int] = mapped_column(Integer, default=0)

    parent: Mapped[Unit | None] = relationship(remote_side="Unit.id")


class Return(Base):
    """One return of one unit for one period; ``scope`` tells own from consolidated."""

    __tablename__ = "returns"
    __table_args__ = (UniqueConstraint("unit_id", "period", "scope", name="uq_returns_unit_period_scope"),)

    id: Mapped[intpk]
    unit_id: Mapped[int] = mapped_column(ForeignKey("units.id", ondelete="CASCADE"))
    period: Mapped[str] = mapped_column(String(8), index=True)
    scope: Mapped[str] = mapped_column(String(16), default="own")  # own | consolidated
    status: Mapped[str] = mapped_column(String(16), default="draft")  # draft | submitted
    origin: Mapped[str] = mapped_column(String(16), default="entered")  # entered | imported | consolidated
    template_id: Mapped[str] = mapped_column(String(64))
    template_version: Mapped[int] = mapped_column(Integer)
    unit_head: Mapped[str] = mapped_column(String(100), default="")
    stats_head: Mapped[str] = mapped_column(String(100), default="")
    filled_by: Mapped[str] = mapped_column(String(100), default="")
    phone: Mapped[str] = mapped_column(String(50), default="")
    report_date: Mapped[dt.date | None] = mapped_column(Date)
    source_file: Mapped[str] = mapped_column(String(500), default="")
    submitted_at: Mapped[dt.datetime | None] = mapped_column(DateTime)
    # When the level above first had it (imported or submitted): 按时/逾期 is judged on this.
    received_at: Mapped[dt.datetime | None] = mapped_column(DateTime)
    review_status: Mapped[str] = mapped_column(String(16), default="", server_default="")  # "" | accepted | returned
    # An imported file whose figures differ from what the program exported (changed in Excel).
    edited_in_excel: Mapped[bool] = mapped_column(Boolean, default=False, server_default=false())
    review_note: Mapped[str] = mapped_column(Text, default="", server_default="")  # why it was sent back
    created_at: Mapped[Timestamp] = mapped_column(default=utcnow)
    updated_at: Mapped[Timestamp] = mapped_column(default=utcnow, onupdate=utcnow)
    # No lost update: every write raises the version (models.store Store.claim),
    # and a write based on an older one is refused, naming the writer in between.
    version: Mapped[int] = mapped_column(Integer, default=1, server_default="1")
    updated_by: Mapped[str] = mapped_column(String(100), default="", server_default="")  # who wrote it last

    unit: Mapped[Unit] = relationship()


def only_on(dialect: str, index: Index) -> Index:
    """An index made on one kind of database only: ``create_all`` makes it there alone, and
    the migrations' ``alembic check`` (models/migrations/env.py) looks for it there alone."""
    index.info["only_on"] = dialect
    return index.ddl_if(dialect=dialect)


class ReturnValue(Base):
    """One typed figure; a blank figure has no row."""

    __tablename__ = "return_values"
    __table_args__ = (
        Index("ix_return_values_code", "code"),
        # 汇总 adds up the figures of ~1,550 returns named by id (``return_id = ANY``): on
        # PostgreSQL an index of the ids alone, its entries for a return kept as one (B-tree
        # deduplication), is a tenth of the primary key and finds them ~25% sooner. SQLite
        # finds them as fast through the primary key, and its file stays smaller.
        only_on("postgresql", Index("ix_return_values_return_id", "return_id")),
    )

    return_id: Mapped[int] = mapped_column(ForeignKey("returns.id", ondelete="CASCADE"), primary_key=True)
    code: Mapped[str] = mapped_column(String(100), primary_key=True)
    value: Mapped[Amount]


class ReturnText(Base):
    __tablename__ = "return_texts"

    return_id: Mapped[int] = mapped_column(ForeignKey("returns.id", ondelete="CASCADE"), primary_key=True)
    code: Mapped[str] = mapped_column(String(100), primary_key=True)
    text: Mapped[str] = mapped_column(Text)
    # For a text written by 根据数字起草: the figures it was drafted from (models.report.DraftFingerprint JSON).
    drafted_from: Mapped[str] = mapped_column(Text, server_default="", default="")


class AllowanceRow(Base):
    """A row of the allowances and honours list (津贴与荣誉)."""

    __tablename__ = "allowances"

    id: Mapped[intpk]
    return_id: Mapped[int] = mapped_column(ForeignKey("returns.id", ondelete="CASCADE"), index=True)
    position: Mapped[int] = mapped_column(Integer)
    name: Mapped[ShortText]
    persons: Mapped[int | None] = mapped_column(Integer)
    monthly_standard: Mapped[Decimal | None] = mapped_column(ExactDecimal)
    one_off: Mapped[Decimal | None] = mapped_column(ExactDecimal)
    amount: Mapped[Decimal | None] = mapped_column(ExactDecimal)
    unit_name: Mapped[str] = mapped_column(String(200), default="")  # on consolidated returns


class Explanation(Base):
    """Why a warning is fine, typed by the clerk; keyed by the finding's key."""

    __tablename__ = "explanations"

    return_id: Mapped[int] = mapped_column(ForeignKey("returns.id", ondelete="CASCADE"), primary_key=True)
    key: Mapped[str] = mapped_column(String(200), primary_key=True)
    text: Mapped[str] = mapped_column(Text)


class ConsolidationMember(Base):
    """A unit a consolidated return covers, and whether its figures were included."""

    __tablename__ = "consolidation_members"

    return_id: Mapped[int] = mapped_column(ForeignKey("returns.id", ondelete="CASCADE"), primary_key=True)
    unit_code: Mapped[str] = mapped_column(String(64), primary_key=True)
    unit_name: Mapped[ShortText]
    state: Mapped[str] = mapped_column(String(16))  # included | missing
    source_scope: Mapped[str] = mapped_column(String(16), default="own")  # which return of the unit was added
    source_status: Mapped[str] = mapped_column(String(16), default="")
    position: Mapped[int] = mapped_column(Integer, default=0)


class AuditEntry(Base):
    """Every change to a return: who, when, which field, old and new value.

    Keeps unit code and period as text so the trail outlives a deleted return.
    """

    __tablename__ = "audit_log"
    __table_args__ = (Index("ix_audit_log_unit_period", "unit_code", "period"),)

    id: Mapped[int] = mapped_column(BigInteger().with_variant(Integer, "sqlite"), primary_key=True)
    at: Mapped[Timestamp] = mapped_column(default=utcnow)
    who: Mapped[str] = mapped_column(String(100), default="")
    unit_code: Mapped[str] = mapped_column(String(64))
    period: Mapped[str] = mapped_column(String(8))
    scope: Mapped[str] = mapped_column(String(16), default="own")
    action: Mapped[str] = mapped_column(String(32))  # edit | import | submit | reopen | create | delete | proxy | notice …
    field: Mapped[str] = mapped_column(String(200), default="")
    old: Mapped[str | None] = mapped_column(Text)
    new: Mapped[str | None] = mapped_column(Text)


class ImportBatch(Base):
    """One import of many files (window, import-xlsx, import-json).

    Written when the batch starts with status ``running``; a batch still running at
    the next start was interrupted (killed, power cut) and its files tell what went in.
    """

    __tablename__ = "import_batches"

    id: Mapped[intpk]
    started_at: Mapped[Timestamp] = mapped_column(default=utcnow)
    finished_at: Mapped[dt.datetime | None] = mapped_column(DateTime)
    status: Mapped[str] = mapped_column(String(16), default="running")  # running | finished | canceled | stopped | interrupted
    source: Mapped[str] = mapped_column(String(32), default="")  # window | import-xlsx | import-json
    who: Mapped[str] = mapped_column(String(100), default="")


class ImportFile(Base):
    """One file of an import batch; its outcome is written in the same transaction as its return."""

    __tablename__ = "import_files"

    id: Mapped[intpk]
    batch_id: Mapped[int] = mapped_column(ForeignKey("import_batches.id", ondelete="CASCADE"), index=True)
    position: Mapped[int] = mapped_column(Integer)
    file_name: Mapped[str] = mapped_column(String(500))
    content_hash: Mapped[str] = mapped_column(String(64), default="")  # sha256 of the file's bytes
    unit_code: Mapped[str] = mapped_column(String(64), default="")
    period: Mapped[str] = mapped_column(String(8), default="")
    scope: Mapped[str] = mapped_column(String(16), default="own")
    outcome: Mapped[str] = mapped_column(String(16))  # pending | imported | replaced | failed | … (see models.importing)
    # What the reader found the file to be: return | not_a_return | damaged | notice (退回通知).
    kind: Mapped[str] = mapped_column(String(16), default="return", server_default="return")
    message: Mapped[str] = mapped_column(Text, default="")


class Setting(Base):
    """Stored settings (declared with their defaults in models/settings.py)."""

    __tablename__ = "settings"

    key: Mapped[str] = mapped_column(String(100), primary_key=True)
    value: Mapped[str] = mapped_column(Text)


__all__ = [
    "AllowanceRow",
    "AuditEntry",
    "Base",
    "ConsolidationMember",
    "ExactDecimal",
    "Explanation",
    "ImportBatch",
    "ImportFile",
    "Return",
    "ReturnText",
    "ReturnValue",
    "Setting",
    "Unit",
]
