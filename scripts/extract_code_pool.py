"""Extract real source code and documentation pages with Chinese text from sdists, as fixture pools.

The gettext catalogs behind the other fixtures hold prose; javac-style mojibake (a ``?`` that
ate the quote, line feed or ``<`` after a Chinese char) lives in code. This script reads Python
files of MIT-licensed Chinese-language projects from their sdists and writes blocks of a few
consecutive lines around each Chinese comment or string to ``fixtures/pools/zh-code.jsonl``,
and blocks of consecutive paragraphs of their Chinese README and CHANGELOG pages (Markdown,
reStructuredText: headings, lists, links, code samples) to ``fixtures/pools/zh-pages.jsonl``;
``make_fixtures.py`` corrupts both. Deterministic: members, lines and paragraphs in sorted order.

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


PAGE_MIN, PAGE_MAX = 200, 1200
"""Chars of a page block: consecutive paragraphs are joined until the block reaches PAGE_MIN."""

PAGE_NAMES = re.compile(r"[^/]+/(README|CHANGELOG)[^/]*\.(md|rst)$")
"""Top-level documentation pages of an sdist."""


def page_blocks(source: str) -> list[str]:
    """Blocks of consecutive paragraphs of a page holding Chinese, PAGE_MIN..PAGE_MAX chars each."""
    out: list[str] = []
    block: list[str] = []
    for para in source.split("\n\n"):
        para = para.strip("\n")
        if not para:
            continue
        if sum(map(len, block)) + len(para) > PAGE_MAX and block:
            out.append("\n\n".join(block))
            block = []
        block.append(para)
        if sum(map(len, block)) >= PAGE_MIN:
            out.append("\n\n".join(block))
            block = []
    if block:
        out.append("\n\n".join(block))
    return [b for b in out if HAN.search(b) and len(b) <= PAGE_MAX]


def write(path: Path, records: list[dict[str, str]]) -> None:
    """One JSON record per line, and the file's size on stdout."""
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("w", encoding="utf-8", newline="\n") as out:
        for rec in records:
            out.write(json.dumps(rec, ensure_ascii=False) + "\n")
    print(f"{path}: {len(records)} blocks, {path.stat().st_size / 1e3:.0f} KB")


def main() -> None:
    """Write the pool files and print their sizes."""
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("sdists", nargs="+", type=Path)
    ap.add_argument("--out", type=Path, default=Path(__file__).resolve().parent.parent / "fixtures" / "pools")
    args = ap.parse_args()
    records = []
    pages: list[dict[str, str]] = []
    seen: set[str] = set()
    for sdist in sorted(args.sdists):
        with tarfile.open(sdist) as tar:
            for member in sorted((m for m in tar.getmembers() if m.isfile() and PAGE_NAMES.fullmatch(m.name)), key=lambda m: m.name):
                f = tar.extractfile(member)
                if f is None:
                    continue
                text = f.read().decode("utf-8", "replace").replace("\r\n", "\n")
                for i, block in enumerate(page_blocks(text)):
                    if block not in seen:
                        seen.add(block)
                        pages.append({"text": block, "source": f"{member.name}#{i + 1}"})
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
    write(args.out / "zh-code.jsonl", records)
    write(args.out / "zh-pages.jsonl", pages)


if __name__ == "__main__":
    main()
