"""Shared fixtures: a small scraped-looking dataset built from the repository's fixtures."""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any

import pytest

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures"


def dataset_rows(step: int = 120) -> list[dict[str, Any]]:
    """Every ``step``-th corrupted fixture (all kinds), clean CJK/European lines, and odd rows.

    Rows carry an id, a ``text`` and a ``title`` column, a number and a nested value, so the
    untouched columns have something to keep.
    """
    rows: list[dict[str, Any]] = []
    for name in ("gbk.jsonl", "clean-cjk.jsonl", "other-codecs.jsonl", "clean-european.jsonl"):
        # split at line feeds only: str.splitlines also breaks at U+0085, U+2028 ... inside a JSON string
        lines = [ln for ln in (FIXTURES / name).read_text(encoding="utf-8").split("\n") if ln]
        for i, line in enumerate(lines[::step]):
            case = json.loads(line)
            rows.append({
                "id": case["id"],
                "text": case["corrupted"],
                "title": "it鈥檚 a title" if i % 3 == 0 else case["kind"],
                "score": 1.0 + i / 8,
                "meta": {"source": case["source"], "tags": [case["kind"], i]},
            })
    rows.append({"id": "none", "text": None, "title": "clean", "score": 0, "meta": None})
    rows.append({"id": "ignored", "text": "it鈥檚 kept  # mojibake: ignore", "title": "x", "score": 2, "meta": {}})
    return rows


@pytest.fixture(scope="session")
def rows() -> list[dict[str, Any]]:
    """The dataset rows (built once)."""
    return dataset_rows()


@pytest.fixture
def fake(monkeypatch: pytest.MonkeyPatch) -> None:
    """Make the file layer use the stand-in detector (tests/stand_in.py)."""
    from stand_in import fake_detect

    monkeypatch.setattr(sys.modules["mojibake.apply"], "detect", fake_detect)
