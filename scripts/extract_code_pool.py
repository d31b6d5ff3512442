"""Extract real source code with Chinese comments and strings from sdists, as a fixture pool.

The gettext catalogs behind the other fixtures hold prose; javac-style mojibake (a ``?`` that
ate the quote, line feed or ``<`` after a Chinese char) lives in code. This script reads Python
files of MIT-licensed Chinese-language projects from their sdists and writes blocks of a few
consecutive lines around each Chinese comment or string to ``fixtures/pools/zh-code.jsonl``,
which ``make_fixtures.py`` corrupts. Deterministic: members and lines in sorted order.

Usage:
    pip download --no-deps --no-binary :all: jieba==0.42.1 pypinyin==0.55.0 cn2an==0.5.24 \
        pyecharts==2.1.0 -d /tmp/sdists
    python scripts/extract_code_pool.py /tmp/sdists/*.tar.gz
"""

from __future__ import annotations

import argparse
import json
import re
import tarfile
from pathlib import Path

HAN = re.compile("[\u4e00-\u9fff]")
MAX_LINE = 160
"""Longer lines are data (dictionaries, test corpora), not code."""

CONTEXT = 2
"""Lines kept on each side of a line holding Chinese."""

MAX_BLOCK_LINES = 12
MAX_BLOCKS_PER_FILE = 8
MAX_HAN_LINE_SHARE = 0.6
"""A block where more lines hold Chinese than this is data or a docstring, not code."""


def blocks(source: str) -> list[tuple[int, int]]:
    """(first, last) line indices of blocks around the lines holding Chinese, merged and capped."""
    lines = source.split("\n")
    hits = [i for i, ln in enumerate(lines) if HAN.search(ln)]
    spans: list[list[int]] = []
    for i in hits:
        lo, hi = max(0, i - CONTEXT), min(len(lines) - 1, i + CONTEXT)
        if spans and lo <= spans[-1][1] + 1 and hi - spans[-1][0] < MAX_BLOCK_LINES:
            spans[-1][1] = hi
        else:
            spans.append([lo, hi])
    out = []
    for lo, hi in spans:
        chunk = lines[lo : hi + 1]
        if any(len(ln) > MAX_LINE for ln in chunk) or not any(ln.strip() for ln in chunk):
            continue
        if sum(bool(HAN.search(ln)) for ln in chunk) > MAX_HAN_LINE_SHARE * len(chunk):
            continue
        out.append((lo, hi))
    return out[:MAX_BLOCKS_PER_FILE]


def main() -> None:
    """Write the pool file and print its size."""
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("sdists", nargs="+", type=Path)
    ap.add_argument("--out", type=Path, default=Path(__file__).resolve().parent.parent / "fixtures" / "pools" / "zh-code.jsonl")
    args = ap.parse_args()
    records = []
    seen: set[str] = set()
    for sdist in sorted(args.sdists):
        with tarfile.open(sdist) as tar:
            for member in sorted((m for m in tar.getmembers() if m.isfile() and m.name.endswith(".py")), key=lambda m: m.name):
                f = tar.extractfile(member)
                if f is None or member.size > 200_000:
                    continue
                try:
                    source = f.read().decode("utf-8").replace("\r\n", "\n")
                except UnicodeDecodeError:
                    continue
                lines = source.split("\n")
                for lo, hi in blocks(source):
                    text = "\n".join(lines[lo : hi + 1]).strip("\n")
                    if text in seen:
                        continue
                    seen.add(text)
                    records.append({"text": text, "source": f"{member.name}:{lo + 1}-{hi + 1}"})
    args.out.parent.mkdir(parents=True, exist_ok=True)
    with args.out.open("w", encoding="utf-8", newline="\n") as out:
        for rec in records:
            out.write(json.dumps(rec, ensure_ascii=False) + "\n")
    print(f"{args.out}: {len(records)} blocks, {args.out.stat().st_size / 1e3:.0f} KB")


if __name__ == "__main__":
    main()
