"""Line-level accuracy on your own UTF-8 files: each is corrupted through the GBK decoders that
real pipelines use, repaired, and compared with the original line by line.

For validation on text the fixtures do not hold (a check against overfitting them): point it at
any Chinese READMEs, sources or pages. Decoders: Python's ``errors="replace"`` (U+FFFD) and
``errors="ignore"`` (dropped bytes), Windows-style one ``?`` per bad byte, and Java-style one
``?`` that also eats the ASCII byte after a bad lead byte. A clean pass checks that the
originals themselves come back unchanged. Usage: python bench/lines.py FILE... [--show N]
"""

from __future__ import annotations

import argparse
import codecs
import difflib
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

import mojibake  # noqa: E402


def _question(exc: UnicodeError) -> tuple[str, int]:
    """One ``?`` per undecodable byte (Windows-style)."""
    assert isinstance(exc, UnicodeDecodeError)
    return "?" * (exc.end - exc.start), exc.end


def _eating_question(exc: UnicodeError) -> tuple[str, int]:
    """One ``?`` for a bad lead byte and the ASCII byte after it (Java-style)."""
    assert isinstance(exc, UnicodeDecodeError)
    data, end = exc.object, exc.end
    if end == exc.start + 1 and end < len(data) and data[end] < 0x80 and 0x81 <= data[exc.start] <= 0xFE:
        end += 1
    return "?", end


codecs.register_error("mojibake-bench-question", _question)
codecs.register_error("mojibake-bench-eating", _eating_question)

DECODERS = {
    "replace (U+FFFD)": "replace",
    "ignore (dropped)": "ignore",
    "? per bad byte": "mojibake-bench-question",
    "? that eats": "mojibake-bench-eating",
}


def wrong_lines(expected: str, got: str, show: list[str], limit: int) -> int:
    """How many lines of ``expected`` ``got`` does not hold as they were (difflib on lines)."""
    a, b = expected.split("\n"), got.split("\n")
    bad = 0
    for op, i1, i2, j1, j2 in difflib.SequenceMatcher(None, a, b, autojunk=False).get_opcodes():
        if op != "equal":
            bad += max(i2 - i1, j2 - j1)
            if len(show) < limit:
                show.append(f"  expected {a[i1:i2][:2]!r}\n  got      {b[j1:j2][:2]!r}")
    return bad


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("files", nargs="+", type=Path)
    ap.add_argument("--show", type=int, default=0, metavar="N", help="show N wrong lines per decoder")
    args = ap.parse_args(argv)
    texts = [p.read_text(encoding="utf-8") for p in args.files]
    total = sum(t.count("\n") + 1 for t in texts)
    print(f"{len(texts)} files, {total:,} lines\n")
    print(f"{'decoder':20s} {'lines wrong':>12s} {'as corrupted':>13s}")
    shown: list[str] = []
    clean_bad = sum(wrong_lines(t, mojibake.repair(t), shown, args.show) for t in texts)
    print(f"{'clean (no decoder)':20s} {clean_bad:12,d} {0:13,d}")
    for name, errors in DECODERS.items():
        shown = []
        bad = before = 0
        for t in texts:
            corrupted = t.encode("utf-8").decode("gbk", errors)
            before += wrong_lines(t, corrupted, [], 0)
            bad += wrong_lines(t, mojibake.repair(corrupted), shown, args.show)
        print(f"{name:20s} {bad:12,d} {before:13,d}")
        for s in shown:
            print(s)
    return 0


if __name__ == "__main__":
    sys.exit(main())
