"""A deterministic stand-in for detect, shared by the file-layer tests (the file layer is what
they test, so it must not move when the detector does)."""  # mojibake: ignore

from __future__ import annotations

import re

from mojibake.finding import Finding

BAD = "it鈥檚 fine\n鈥淲e are here\n"  # mojibake: ignore
GOOD = "it’s fine\n“We are here\n"
TABLE = {"鈥檚": "’s", "鈥淲": "“W", "涓枃": "中文"}  # mojibake: ignore


def fake_detect(text: str, **_: object) -> list[Finding]:
    """Findings for exactly the spans of TABLE, nothing else."""
    return [
        Finding(m.start(), m.end(), m.group(), TABLE[m.group()], "utf-8 as gbk", confidence=0.9)
        for m in re.finditer("|".join(TABLE), text)
    ]
