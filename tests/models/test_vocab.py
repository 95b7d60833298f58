"""The domain's words: every value has its labels, and no Chinese status word is written
outside models/vocab.py (so the unit tree, 报送情况 and the exports cannot disagree)."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

from models.data import STATUS_LABELS, UNIT_LEVELS, ReturnData, UnitInfo
from models.vocab import (
    VOCABULARIES,
    MemberState,
    ReturnStatus,
    Review,
    SubmissionState,
    UnitLevel,
    Vocabulary,
)

ROOT = Path(__file__).resolve().parents[2]
# The words a clerk reads for a state; a unit level or scope is too common a word to police.
STATUS_WORDS = sorted({m.label for vocab in (ReturnStatus, Review, MemberState, SubmissionState) for m in vocab if m.value})


@pytest.mark.parametrize("vocab", VOCABULARIES, ids=lambda v: v.__name__)
def test_every_value_has_a_chinese_and_an_english_label(vocab: type[Vocabulary]) -> None:
    assert len(vocab) >= 2
    for member in vocab:
        assert member.label and member.label_en, member
        assert any("\u4e00" <= ch <= "\u9fff" for ch in member.label), member.label
        assert member.label_en.isascii(), member.label_en
        assert vocab(member.value) is member and member == member.value
    assert len({m.label for m in vocab}) == len(vocab), "two values, one word"


def test_the_same_state_has_the_same_word_everywhere() -> None:
    assert SubmissionState.DRAFT.label == ReturnStatus.DRAFT.label == "草稿"
    assert SubmissionState.RETURNED.label == Review.RETURNED.label == MemberState.RETURNED.label == "已退回"
    assert SubmissionState.MISSING.label == MemberState.MISSING.label == "未报"
    assert SubmissionState.ACCEPTED.label == Review.ACCEPTED.label
    assert STATUS_LABELS == {"draft": "草稿", "submitted": "已报送"}
    assert UNIT_LEVELS == tuple(m.value for m in UnitLevel) == ("county", "township", "hospital", "other")


def test_values_are_the_stored_strings() -> None:
    data = ReturnData(UnitInfo("U1", "单位"), "2024Q4", "hrh-quarterly", 1)
    assert (data.status, data.scope, data.origin, data.review_status) == ("draft", "own", "entered", "")
    assert f"{Review.RETURNED}：原因" == "returned：原因"
    assert ReturnStatus.label_of("submitted") == "已报送" and ReturnStatus.label_of("submitted", "en") == "Submitted"
    assert ReturnStatus.label_of("archived") == "archived", "a newer program's value is shown as it is"


def _string_literals(path: Path) -> list[tuple[int, str]]:
    """Every string constant in a module except docstrings (comments are not parsed at all)."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    docstrings = {
        id(node.body[0].value)
        for node in ast.walk(tree)
        if isinstance(node, (ast.Module, ast.ClassDef, ast.FunctionDef, ast.AsyncFunctionDef))
        and node.body
        and isinstance(node.body[0], ast.Expr)
        and isinstance(node.body[0].value, ast.Constant)
    }
    return [(n.lineno, n.value) for n in ast.walk(tree) if isinstance(n, ast.Constant) and isinstance(n.value, str) and id(n) not in docstrings]


def test_no_status_word_is_written_outside_the_vocabulary() -> None:
    assert "已报送" in STATUS_WORDS and "未报" in STATUS_WORDS
    found = []
    for path in sorted(ROOT.rglob("*.py")):
        rel = path.relative_to(ROOT)
        if rel.parts[0] in ("tests", ".venv", "build", "dist") or rel == Path("models/vocab.py"):
            continue
        for line, text in _string_literals(path):
            found += [f"{rel}:{line}: {word} in {text[:40]!r}" for word in STATUS_WORDS if word in text]
    assert not found, "use the label from models/vocab.py:\n" + "\n".join(found)


def test_the_check_would_catch_one(tmp_path: Path) -> None:
    sample = tmp_path / "sample.py"
    sample.write_text('"""草稿 in a docstring is fine."""\n# 已报送 in a comment too\nLABEL = "状态：已报送"\n', encoding="utf-8")
    assert [t for _, t in _string_literals(sample) if any(w in t for w in STATUS_WORDS)] == ["状态：已报送"]
