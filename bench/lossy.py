"""Lossy recovery per lost character: how many of the characters a decoder destroyed come back exactly.

For each lossy fixture kind (bytes dropped, or replaced by U+FFFD or '?', or private-use chars
stripped), the characters of the expected text whose bytes the decoder rejected are recomputed
from the fixture's codec path. A lost character counts as recovered when the repaired text
holds it at its place (difflib alignment with the expected text). Side by side: the plain round
trip (encode back, decode UTF-8 ignoring errors), which can only drop the broken characters,
``mojibake.repair`` (confident inferences only) and ``repair(best_effort=True)`` (every inference).
Usage: python bench/lossy.py [--kind GLOB]
"""

from __future__ import annotations

import argparse
import difflib
import fnmatch
import sys
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))
sys.path.insert(0, str(ROOT / "scripts"))

from accuracy import load_cases, similarity  # noqa: E402
from make_fixtures import error_spans  # noqa: E402

import mojibake  # noqa: E402

LOSSY_MODES = ("-ignore-", "-replace-", "-question-", "-middot-", "pua-stripped-", "-c1stripped-")
"""Kind names of lossy fixtures (mixed documents are left out: only part of them was corrupted)."""

ENCODE_AS = {"gbk": "gb18030", "gb18030": "gb18030", "big5": "big5hkscs", "cp950": "cp950"}
"""Codec that turns a decoder's output back into its bytes (a superset where the decoder had variants)."""


def is_lossy(kind: str) -> bool:
    """Is ``kind`` a fixture kind whose corruption destroyed bytes?"""
    return any(m in kind for m in LOSSY_MODES) and not kind.startswith("mixed")


def codec_of(case: dict) -> str:
    """The wrong codec of a case, from its path (``utf-8 as gbk`` -> ``gbk``)."""
    return case["path"].split(" as ", 1)[1]


def _private_use_bytes(data: bytes, codec: str) -> set[int]:
    """Byte offsets that the decoder turned into private-use chars (the ones later stripped)."""
    bad: set[int] = set()
    pos = 0
    for ch in data.decode(codec, errors="replace"):
        size = len(ch.encode(codec, errors="replace")) if ch != "\ufffd" else 1
        if "\ue000" <= ch <= "\uf8ff":
            bad.update(range(pos, pos + size))
        pos += size
    return bad


def written_as(case: dict) -> str:
    """The codec the text was written in, from its path (``cp1252 as gbk`` -> ``cp1252``)."""
    return case["path"].split(" as ", 1)[0]


def lost_positions(case: dict) -> set[int]:
    """Indices of the expected text's characters with at least one byte the decoder destroyed."""
    expected = case["expected"]
    wrote = written_as(case)
    data = expected.encode(wrote)
    codec = codec_of(case)
    if case["kind"].startswith("pua-stripped"):
        bad = _private_use_bytes(data, codec)
    elif "-c1stripped-" in case["kind"]:  # Latin-1: one char per byte, 80-9F the C1 controls stripped
        bad = {i for i, b in enumerate(data) if 0x80 <= b <= 0x9F}
    else:
        spans = error_spans(data, codec, "swallow" in case["kind"], "-pair-" in case["kind"])  # as the fixtures were made
        bad = {i for start, end in spans for i in range(start, end)}
    lost: set[int] = set()
    pos = 0
    for i, ch in enumerate(expected):
        size = len(ch.encode(wrote))
        if bad.intersection(range(pos, pos + size)):
            lost.add(i)
        pos += size
    return lost


def kept_positions(expected: str, output: str) -> set[int]:
    """Indices of ``expected`` that ``output`` holds in place (difflib's matching blocks)."""
    matcher = difflib.SequenceMatcher(None, expected, output, autojunk=False)
    return {i for block in matcher.get_matching_blocks() for i in range(block.a, block.a + block.size)}


def round_trip(case: dict) -> str:
    """The plain repair: the decoder's output back to bytes, decoded as written (UTF-8, cp1252),
    broken chars dropped."""
    codec = codec_of(case)
    raw = case["corrupted"].encode(ENCODE_AS.get(codec, codec), errors="ignore")
    return raw.decode(written_as(case), errors="ignore")


def _spans(positions: set[int]) -> list[range]:
    """Maximal runs of consecutive positions."""
    out: list[range] = []
    for i in sorted(positions):
        if out and out[-1].stop == i:
            out[-1] = range(out[-1].start, i + 1)
        else:
            out.append(range(i, i + 1))
    return out


@dataclass
class Tally:
    """Running totals of one (kind, tool)."""

    cases: int = 0
    lost: int = 0
    recovered: int = 0
    spans: int = 0
    untouched_spans: int = 0
    similarity: float = 0.0
    worse: int = 0

    def add(self, case: dict, lost: set[int], output: str, before: float) -> None:
        """Count one case's output."""
        kept = kept_positions(case["expected"], output)
        self.cases += 1
        self.lost += len(lost)
        self.recovered += len(lost & kept)
        spans = _spans(lost)
        self.spans += len(spans)
        self.untouched_spans += sum(1 for s in spans if not kept.intersection(s))
        after = similarity(output, case["expected"])
        self.similarity += after
        self.worse += after < before - 1e-12


TOOLS: dict[str, Callable[[dict], str]] = {
    "round trip": round_trip,
    "repair": lambda case: mojibake.repair(case["corrupted"]),
    "best effort": lambda case: mojibake.repair(case["corrupted"], best_effort=True),
}


def main(argv: list[str] | None = None) -> int:
    """Print one row per lossy kind: lost chars, and per tool recovered %, spans left as they were, similarity."""
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--kind", default="*", help="only lossy kinds matching this glob")
    args = ap.parse_args(argv)
    cases = [c for c in load_cases() if is_lossy(c["kind"]) and fnmatch.fnmatchcase(c["kind"], args.kind)]
    tallies: dict[str, dict[str, Tally]] = {}
    for case in cases:
        lost = lost_positions(case)
        before = similarity(case["corrupted"], case["expected"])
        for tool, fn in TOOLS.items():
            tallies.setdefault(case["kind"], {}).setdefault(tool, Tally()).add(case, lost, fn(case), before)
    print("Lost characters recovered exactly (% of lost), damaged spans left as they were (%), "
          "mean similarity after, cases made worse\n")
    head = f"{'kind':24s} {'cases':>5s} {'lost':>6s}" + "".join(f" | {t:^27s}" for t in TOOLS)
    sub = f"{'':24s} {'':5s} {'':6s}" + f" | {'rec%':>6s} {'left%':>6s} {'sim':>6s} {'worse':>5s}" * len(TOOLS)
    print(head)
    print(sub)
    print("-" * len(sub))
    for kind, by_tool in tallies.items():
        first = next(iter(by_tool.values()))
        line = f"{kind:24s} {first.cases:5d} {first.lost:6d}"
        for t in by_tool.values():
            line += (
                f" | {100 * t.recovered / max(1, t.lost):6.1f} {100 * t.untouched_spans / max(1, t.spans):6.1f}"
                f" {t.similarity / max(1, t.cases):6.3f} {t.worse:5d}"
            )
        print(line)
    return 0


if __name__ == "__main__":
    sys.exit(main())
