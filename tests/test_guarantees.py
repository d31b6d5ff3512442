"""The README's "Guarantees" section: every line names tests, and every named test exists."""

from __future__ import annotations

import re
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
REF = re.compile(r"`(test_\w+\.py)::(test_\w+)`")


def guarantees_section() -> str:
    """The text of the README from "## Guarantees" to the next top-level section."""
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    start = text.index("## Guarantees\n")
    end = text.find("\n## ", start + 1)
    return text[start : end if end != -1 else len(text)]


def test_every_guarantee_row_names_a_test() -> None:
    rows = [ln for ln in guarantees_section().splitlines() if ln.startswith("| ") and not ln.startswith(("| guarantee", "| error"))]
    assert len(rows) >= 25
    assert all(REF.search(row) for row in rows), [row[:80] for row in rows if not REF.search(row)]


def test_every_named_test_exists() -> None:
    refs = set(REF.findall(guarantees_section()))
    missing = [
        f"{module}::{name}"
        for module, name in sorted(refs)
        if not (ROOT / "tests" / module).exists()
        or not re.search(rf"^def {name}\(", (ROOT / "tests" / module).read_text(encoding="utf-8"), re.M)
    ]
    assert not missing, missing


def test_the_readme_before_and_after_table_holds() -> None:
    """Each row of the README's opening table repairs as it says (the first backquoted text of
    the left cell to that of the right; "unchanged" rows stay as they are)."""
    import re

    from mojibake import repair

    text = (ROOT / "README.md").read_text(encoding="utf-8")
    table = text[text.index("| before ") : text.index("## How it works")]
    rows = [ln for ln in table.splitlines() if ln.startswith("| `")]
    assert len(rows) >= 5
    for row in rows:
        cells = row.split(" | ")
        before = re.search(r"`([^`]+)`", cells[0]).group(1)  # type: ignore[union-attr]
        after = re.search(r"`([^`]+)`", cells[1])
        assert repair(before) == (after.group(1) if after else before), row
