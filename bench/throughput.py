"""Throughput of mojibake.repair and ftfy.fix_text, side by side, in MB/s of UTF-8 input (best of k runs).

Three corpora of several MB each, built from the fixtures (real catalog text): clean English, clean
Chinese, and mojibake-dense text (the GBK-mojibake English and Chinese cases). Targets are printed
next to the numbers, not asserted. Usage: python bench/throughput.py [--mb 4] [--runs 3]
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

import ftfy  # noqa: E402

import mojibake  # noqa: E402

FIXTURES = ROOT / "fixtures"

TOOLS: dict[str, Callable[[str], str]] = {
    "mojibake.repair": mojibake.repair,
    "ftfy.fix_text": ftfy.fix_text,
}

CORPORA: dict[str, tuple[tuple[str, ...], float]] = {
    "clean English": (("clean-en",), 100.0),
    "clean Chinese": (("clean-zh-hans", "clean-zh-hant"), 30.0),
    "mojibake-dense": (("gbk-lossless-en", "gbk-question-en", "gbk-replace-en", "gbk-lossless-zh", "gbk-replace-zh", "gb18030-pua-zh"), 10.0),
}
"""Corpus name -> (fixture kinds it is made of, target MB/s)."""


def documents(kinds: tuple[str, ...]) -> list[str]:
    """The ``corrupted`` texts of every fixture case of ``kinds``, in file order."""
    out = []
    for path in sorted(FIXTURES.glob("*.jsonl")):
        with path.open(encoding="utf-8") as f:
            for line in f:
                case = json.loads(line)
                if case["kind"] in kinds:
                    out.append(case["corrupted"])
    return out


def corpus(kinds: tuple[str, ...], megabytes: float) -> list[str]:
    """The documents of ``kinds``, repeated until they hold at least ``megabytes`` of UTF-8."""
    docs = documents(kinds)
    if not docs:
        raise SystemExit(f"no fixtures of kinds {kinds}; run scripts/make_fixtures.py")
    size = sum(len(d.encode("utf-8")) for d in docs)
    return docs * max(1, int(megabytes * 1e6 / size + 0.999))


def pages(docs: list[str], kb: float) -> list[str]:
    """The documents joined (blank line between) into pages of at least ``kb`` KB of UTF-8 each."""
    out: list[str] = []
    page: list[str] = []
    size = 0
    for doc in docs:
        page.append(doc)
        size += len(doc.encode("utf-8")) + 2
        if size >= kb * 1000:
            out.append("\n\n".join(page))
            page, size = [], 0
    if page:
        out.append("\n\n".join(page))
    return out


def best_rate(fn: Callable[[str], str], units: list[str], runs: int) -> float:
    """Best-of-``runs`` MB/s of ``fn`` called on each of ``units`` in turn."""
    size = sum(len(u.encode("utf-8")) for u in units)
    for unit in units[:20]:
        fn(unit)  # warm-up: lazy model loading is not throughput
    best = float("inf")
    for _ in range(runs):
        start = time.perf_counter()
        for unit in units:
            fn(unit)
        best = min(best, time.perf_counter() - start)
    return size / 1e6 / best


def main(argv: list[str] | None = None) -> int:
    """Measure every tool on every corpus and print one table."""
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--mb", type=float, default=4.0, help="size of each corpus in MB of UTF-8 (default 4)")
    ap.add_argument("--runs", type=int, default=3, help="runs per measurement; the best is kept (default 3)")
    ap.add_argument("--whole", action="store_true", help="one call on the whole corpus instead of one per document")
    ap.add_argument("--page-kb", type=float, default=0.0, help="join documents into pages of this many KB, one call per page (a scraper's unit)")
    args = ap.parse_args(argv)

    unit = "one call on the whole corpus" if args.whole else "one call per document"
    if args.page_kb and not args.whole:
        unit = f"one call per page of ~{args.page_kb:g} KB"
    print(f"MB/s of UTF-8 input, best of {args.runs}, {unit}\n")
    head = f"{'corpus':16s} {'MB':>5s}" + "".join(f" {t:>16s}" for t in TOOLS) + f" {'target':>7s}  meets target / beats ftfy"
    print(head)
    print("-" * len(head))
    for name, (kinds, target) in CORPORA.items():
        docs = corpus(kinds, args.mb)
        units = ["\n\n".join(docs)] if args.whole else pages(docs, args.page_kb) if args.page_kb else docs
        size = sum(len(u.encode("utf-8")) for u in units) / 1e6
        rates = {tool: best_rate(fn, units, args.runs) for tool, fn in TOOLS.items()}
        ours, theirs = rates["mojibake.repair"], rates["ftfy.fix_text"]
        verdict = f"{'yes' if ours >= target else 'NO'} / {'yes' if ours > theirs else 'NO'} ({ours / theirs:.1f}x ftfy)"
        print(f"{name:16s} {size:5.1f}" + "".join(f" {r:16.1f}" for r in rates.values()) + f" {target:7.0f}  {verdict}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
