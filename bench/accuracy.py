"""Accuracy of mojibake.repair against ftfy on every fixture case, in one run, as a table per kind.

For each kind and tool: exact-restore rate, mean character similarity to the expected text before
and after, how many cases the tool made worse, and for clean kinds how many documents it changed
(false positives). Usage: python bench/accuracy.py [--kind GLOB] [--json] [--show-failures N]
"""

from __future__ import annotations

import argparse
import difflib
import fnmatch
import json
import sys
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

import ftfy  # noqa: E402

import mojibake  # noqa: E402

FIXTURES = ROOT / "fixtures"

TOOLS: dict[str, Callable[[str], str]] = {
    "mojibake": mojibake.repair,
    "ftfy.fix_text": ftfy.fix_text,
    "ftfy.fix_encoding": ftfy.fix_encoding,
}


def load_cases(kind_glob: str = "*") -> list[dict]:
    """Every fixture case whose kind matches ``kind_glob``, in file order."""
    cases = []
    for path in sorted(FIXTURES.glob("*.jsonl")):
        with path.open(encoding="utf-8") as f:
            for line in f:
                case = json.loads(line)
                if fnmatch.fnmatchcase(case["kind"], kind_glob):
                    cases.append(case)
    return cases


def similarity(a: str, b: str) -> float:
    """SequenceMatcher's ratio, computed on the differing middle only (common prefix/suffix counted as matched)."""
    if a == b:
        return 1.0
    total = len(a) + len(b)
    lo = 0
    limit = min(len(a), len(b))
    while lo < limit and a[lo] == b[lo]:
        lo += 1
    hi = 0
    while hi < limit - lo and a[-1 - hi] == b[-1 - hi]:
        hi += 1
    mid_a, mid_b = a[lo : len(a) - hi], b[lo : len(b) - hi]
    matched = sum(block.size for block in difflib.SequenceMatcher(None, mid_a, mid_b, autojunk=False).get_matching_blocks())
    return 2.0 * (lo + hi + matched) / total


def is_clean(kind: str) -> bool:
    """Clean kinds must come back unchanged; everything else is corrupted."""
    return kind.startswith("clean-")


@dataclass
class Score:
    """Running totals for one (kind, tool)."""

    n: int = 0
    exact: int = 0
    n_decidable: int = 0
    exact_decidable: int = 0
    changed: int = 0
    worse: int = 0
    errors: int = 0
    before: float = 0.0
    after: float = 0.0
    failures: list[tuple[dict, str]] = field(default_factory=list)

    def row(self) -> dict:
        """Percentages and means for printing or JSON."""
        n = max(1, self.n)
        return {
            "n": self.n,
            "exact_pct": 100.0 * self.exact / n,
            "decidable_pct": 100.0 * self.exact_decidable / max(1, self.n_decidable),
            "changed_pct": 100.0 * self.changed / n,
            "sim_before": self.before / n,
            "sim_after": self.after / n,
            "worse": self.worse,
            "errors": self.errors,
        }


def run_tool(fn: Callable[[str], str], cases: Iterable[dict]) -> tuple[list[str], list[bool], list[float]]:
    """Outputs of ``fn`` on every case (input unchanged where it raised), which ones raised, seconds per case."""
    outs = []
    raised = []
    times = []
    for case in cases:
        start = time.perf_counter()
        try:
            outs.append(fn(case["corrupted"]))
            raised.append(False)
        except Exception:  # noqa: BLE001 - a crash counts as "no repair" and is reported
            outs.append(case["corrupted"])
            raised.append(True)
        times.append(time.perf_counter() - start)
    return outs, raised, times


def score(cases: list[dict], outs: list[str], raised: list[bool], keep_failures: int) -> dict[str, Score]:
    """Per-kind scores of one tool's outputs."""
    by_kind: dict[str, Score] = {}
    before_cache: dict[str, float] = {}
    for case, out, err in zip(cases, outs, raised):
        s = by_kind.setdefault(case["kind"], Score())
        s.errors += err
        expected, corrupted = case["expected"], case["corrupted"]
        if case["id"] not in before_cache:
            before_cache[case["id"]] = similarity(corrupted, expected)
        before = before_cache[case["id"]]
        after = 1.0 if out == expected else (before if out == corrupted else similarity(out, expected))
        s.n += 1
        s.exact += out == expected
        if case["status"] == "pass":
            s.n_decidable += 1
            s.exact_decidable += out == expected
        s.changed += out != corrupted
        s.worse += after < before - 1e-12
        s.before += before
        s.after += after
        if out != expected and len(s.failures) < keep_failures:
            s.failures.append((case, out))
    return by_kind


def fmt_table(results: dict[str, dict[str, Score]], kinds: list[str], seconds: dict[str, float]) -> str:
    """Two tables: corrupted kinds (exact %, similarity before -> after, made worse) and clean kinds (changed %)."""
    tools = list(results)
    lines = []
    corrupted = [k for k in kinds if not is_clean(k)]
    clean = [k for k in kinds if is_clean(k)]
    if corrupted:
        lines.append(
            "Corrupted kinds: exact-restore % (all cases, and decidable ones: status pass), "
            "mean similarity to expected (before -> after), cases made worse"
        )
        lines.append(f"{'':26s} {'':5s} {'':6s}" + "".join(f" | {t:^27s}" for t in tools))
        head = f"{'kind':26s} {'n':>5s} {'before':>6s}" + f" | {'exact%':>6s} {'dec%':>6s} {'after':>6s} {'worse':>5s}" * len(tools)
        lines += [head, "-" * len(head)]
        for k in corrupted + ["ALL corrupted"]:
            parts = [merge(results[t], corrupted) if k == "ALL corrupted" else results[t][k] for t in tools]
            first = parts[0].row()
            line = f"{k:26s} {first['n']:5d} {first['sim_before']:6.3f}"
            for p in parts:
                r = p.row()
                line += f" | {r['exact_pct']:6.1f} {r['decidable_pct']:6.1f} {r['sim_after']:6.3f} {r['worse']:5d}"
            lines.append(line)
        lines.append("")
    if clean:
        lines.append("Clean kinds: false-positive rate (% of documents changed)")
        head = f"{'kind':26s} {'n':>5s}" + "".join(f" | {t:>17s}" for t in tools)
        lines += [head, "-" * len(head)]
        for k in clean + ["ALL clean"]:
            parts = [merge(results[t], clean) if k == "ALL clean" else results[t][k] for t in tools]
            lines.append(f"{k:26s} {parts[0].n:5d}" + "".join(f" | {p.row()['changed_pct']:17.2f}" for p in parts))
        lines.append("")
    lines.append("seconds: " + ", ".join(f"{t} {s:.1f}" for t, s in seconds.items()))
    errs = {t: sum(s.errors for s in results[t].values()) for t in tools}
    if any(errs.values()):
        lines.append("exceptions (counted as unchanged): " + ", ".join(f"{t} {e}" for t, e in errs.items()))
    return "\n".join(lines)


def merge(scores: dict[str, Score], kinds: list[str]) -> Score:
    """Sum of the scores of ``kinds``."""
    total = Score()
    for k in kinds:
        s = scores[k]
        total.n += s.n
        total.exact += s.exact
        total.n_decidable += s.n_decidable
        total.exact_decidable += s.exact_decidable
        total.changed += s.changed
        total.worse += s.worse
        total.errors += s.errors
        total.before += s.before
        total.after += s.after
    return total


def show_failures(results: dict[str, Score], tool: str, width: int = 300) -> str:
    """The kept failures of one tool, per kind, as reprs cut to ``width`` characters."""
    out = [f"Failures of {tool}:"]
    for kind, s in results.items():
        for case, got in s.failures:
            out.append(f"[{case['id']}] {case['status']}  source: {case['source']}")
            out.append(f"  corrupted: {case['corrupted'][:width]!r}")
            out.append(f"  expected:  {case['expected'][:width]!r}")
            out.append(f"  got:       {got[:width]!r}")
    return "\n".join(out)


def main(argv: list[str] | None = None) -> int:
    """Run every tool on every selected case and print the tables (or JSON)."""
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--kind", default="*", help="only kinds matching this glob (e.g. 'gbk-*-en')")
    ap.add_argument("--json", action="store_true", help="print the results as JSON")
    ap.add_argument("--show-failures", type=int, default=0, metavar="N", help="show N failures per kind")
    ap.add_argument("--failures-of", default="mojibake", choices=list(TOOLS), help="whose failures to show")
    ap.add_argument("--slowest", type=int, default=0, metavar="N", help="list the N cases mojibake.repair took longest on")
    args = ap.parse_args(argv)

    cases = load_cases(args.kind)
    if not cases:
        print(f"no fixture case matches kind {args.kind!r}", file=sys.stderr)
        return 2
    kinds = list(dict.fromkeys(c["kind"] for c in cases))
    results: dict[str, dict[str, Score]] = {}
    seconds: dict[str, float] = {}
    per_case: dict[str, list[float]] = {}
    for name, fn in TOOLS.items():
        outs, raised, times = run_tool(fn, cases)
        keep = args.show_failures if name == args.failures_of else 0
        results[name] = score(cases, outs, raised, keep)
        seconds[name] = sum(times)
        per_case[name] = times

    if args.json:
        payload = {
            "cases": len(cases),
            "seconds": seconds,
            "kinds": {k: {t: results[t][k].row() for t in TOOLS} for k in kinds},
        }
        print(json.dumps(payload, indent=2))
    else:
        print(f"{len(cases)} cases from {FIXTURES}\n")
        print(fmt_table(results, kinds, seconds))
    if args.show_failures:
        print()
        print(show_failures(results[args.failures_of], args.failures_of))
    if args.slowest:
        print("\nSlowest cases for mojibake.repair:")
        ranked = sorted(zip(per_case["mojibake"], cases), key=lambda tc: -tc[0])[: args.slowest]
        for secs, case in ranked:
            print(f"  {secs:7.3f}s  {case['id']:28s} {len(case['corrupted']):6d} chars")
    return 0


if __name__ == "__main__":
    sys.exit(main())
