"""Scaling of ``detect`` and ``repair`` on adversarial inputs: is time per MB flat as input grows?

For each input shape and each size (doubling from ``--min-mb`` to ``--max-mb``) one subprocess
builds the input, warms the model up, then times one call (best of a few when it is quick) and
reads its own peak RSS (reset just before the call). A size is skipped, and printed as
"skipped (over budget)", when the previous size predicts it would not fit in the shape's
remaining time budget, or when its subprocess runs past that budget (it is killed): one slow
shape can never hang the run.

The table gives MB/s per size, the ratio of the largest to the smallest measured time per MB
(target <= 1.5: linear time), and the largest peak RSS growth during one call, in MB and per
MB of input (bounded memory: a constant factor of the input for the string API).

Usage::

    python bench/scaling.py                                  # quick: 0.25 .. 1 MB, 20 s per shape and op
    python bench/scaling.py --min-mb 1 --max-mb 64 --budget 600
    python bench/scaling.py --min-mb 1 --max-mb 64 --step 8 --budget 4000 --ops repair   # 1, 8, 64 MB
    python bench/scaling.py --shapes fffd-run,clean-en --ops repair
    python bench/scaling.py --shapes one-line,one-line-zh --ops file --max-mb 64   # the CLI's streaming path

Time is the worker's CPU time (``time.process_time``), so a busy second core does not inflate
one size and not another; wall time is printed beside it in the per-size detail lines.
Timings on a shared machine are noisy; nothing here is asserted by the test suite.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import subprocess
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = ROOT / "fixtures"
TARGET_RATIO = 1.5


# ---------------------------------------------------------------------------------------------
# Input shapes: each builds a str of about ``n`` bytes of UTF-8 (surrogates counted as 3 bytes).


def repeat_to(unit: str, n: int) -> str:
    """``unit`` repeated until the result holds at least ``n`` bytes of UTF-8."""
    size = len(unit.encode("utf-8", "surrogatepass"))
    return unit * max(1, -(-n // size))


def layered(text: str, times: int) -> str:
    """``text`` encoded as UTF-8 and decoded as GB18030 ``times`` times (U+FFFD where bytes do not pair)."""
    for _ in range(times):
        text = text.encode("utf-8", "surrogatepass").decode("gb18030", "replace")
    return text


def fixture_text(prefix: str) -> str:
    """The clean fixture documents whose kind starts with ``prefix``, joined by blank lines."""
    docs = []
    for path in sorted(FIXTURES.glob("clean-*.jsonl")):
        with path.open(encoding="utf-8") as f:
            for line in f:
                case = json.loads(line)
                if case["kind"].startswith(prefix):
                    docs.append(case["corrupted"])
    if not docs:
        raise SystemExit(f"no clean fixtures of kind {prefix}*; run scripts/make_fixtures.py")
    return "\n\n".join(docs) + "\n\n"


LONG_LINE_UNIT = "It鈥檚 the 鈥渓evel鈥 from which鈥攁s they say鈥 the data came; 涓枃 and Caf茅 too. "

NO_ASCII = {c: None for c in range(128)}
"""str.translate table dropping every ASCII char (newlines and spaces too)."""

SHAPES: dict[str, tuple[str, Callable[[int], str]]] = {
    "one-char-gbk": ("'鈥' repeated", lambda n: repeat_to("鈥", n)),
    "one-char-zh": ("'涓' repeated", lambda n: repeat_to("涓", n)),
    "alternating": ("'鈥檚涓' repeated (valid/invalid pairs)", lambda n: repeat_to("鈥檚涓", n)),
    "fffd-run": ("U+FFFD repeated", lambda n: repeat_to("\ufffd", n)),
    "question-dense": ("'He said 鈥?hi鈥? ' repeated", lambda n: repeat_to("He said 鈥?hi鈥? ", n)),
    "question-run": ("'鈥?' repeated", lambda n: repeat_to("鈥?", n)),
    "layered-3": ("text mis-decoded 3 times", lambda n: repeat_to(layered("It’s “quoted” — 中文测试 fine… ", 3), n)),
    "layered-4": ("text mis-decoded 4 times", lambda n: repeat_to(layered("It’s “quoted” — 中文测试 fine… ", 4), n)),
    "one-line": ("one line, no newline, mojibake throughout", lambda n: repeat_to(LONG_LINE_UNIT, n)),
    "one-line-zh": ("one line of clean Chinese, no newline, no ASCII", lambda n: repeat_to(fixture_text("clean-zh").translate(NO_ASCII), n)),
    "one-line-cp1252": ("one line of UTF-8 read as cp1252, errors=replace (lost bytes inferred)",
                        lambda n: repeat_to("He said “it is the level” from here. ".encode().decode("cp1252", "replace"), n)),
    "one-line-ascii": ("one line of UTF-8 read as ASCII, errors=replace (runs read as marks)",
                       lambda n: repeat_to("He said “it’s fine” and didn’t — ok. ".encode().decode("ascii", "replace"), n)),
    "nul": ("NUL bytes among mojibake", lambda n: repeat_to("\x00\x00it鈥檚\x00涓枃\x00", n)),
    "surrogates": ("lone surrogates among mojibake", lambda n: repeat_to("\ud800it鈥檚 \udfff涓枃\udc80", n)),
    "clean-en": ("clean English (fixtures)", lambda n: repeat_to(fixture_text("clean-en"), n)),
    "clean-zh": ("clean Chinese (fixtures)", lambda n: repeat_to(fixture_text("clean-zh"), n)),
}
"""Shape name -> (description, builder of about n bytes)."""


# ---------------------------------------------------------------------------------------------
# The worker: one shape, one op, one size, in its own process.


def _rss_peak_reset() -> bool:
    """Reset this process's peak RSS (Linux ``clear_refs``); False where unsupported."""
    try:
        with open("/proc/self/clear_refs", "w") as f:
            f.write("5")
        return True
    except OSError:
        return False


def _rss_kb(field: str) -> int:
    """A ``/proc/self/status`` memory field (``VmRSS``, ``VmHWM``) in kB, or ru_maxrss as a fallback."""
    try:
        with open("/proc/self/status") as f:
            for line in f:
                if line.startswith(field + ":"):
                    return int(line.split()[1])
    except OSError:
        pass
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss


def file_op(text: str) -> Callable[[str], object]:
    """``op == "file"``: the CLI's path, ``repair_file(dry_run=True)`` on a temp file of ``text`` in UTF-8."""
    import atexit
    import tempfile

    from mojibake.files import repair_file

    fd, path = tempfile.mkstemp(suffix=".txt")
    atexit.register(os.unlink, path)
    with os.fdopen(fd, "wb") as f:
        f.write(text.encode("utf-8", "surrogatepass"))
    return lambda _text: repair_file(path, dry_run=True)


def worker(shape: str, op: str, mb: float) -> dict[str, float]:
    """Time ``op`` on ``shape`` of ``mb`` MB; return CPU seconds and wall seconds (best run), input MB
    and peak growth in MB."""
    sys.path.insert(0, str(ROOT))
    import mojibake

    text = SHAPES[shape][1](int(mb * 1e6))
    size = len(text.encode("utf-8", "surrogatepass")) / 1e6
    fn = {"repair": mojibake.repair, "detect": mojibake.detect}.get(op) or file_op(text)
    fn(text[:2000])  # warm-up: the model loads lazily
    best = float("inf")
    best_wall = float("inf")
    grow_kb = 0
    total = 0.0
    runs = 0
    while runs < 3 and (runs == 0 or total < 1.0):
        base = _rss_kb("VmRSS")
        _rss_peak_reset()
        start, start_cpu = time.perf_counter(), time.process_time()
        out = fn(text)
        took = time.process_time() - start_cpu
        wall = time.perf_counter() - start
        peak = _rss_kb("VmHWM")  # without a reset: the whole process peak (an overestimate)
        grow_kb = max(grow_kb, peak - base)
        del out
        best = min(best, took)
        best_wall = min(best_wall, wall)
        total += wall
        runs += 1
    return {"seconds": best, "wall": best_wall, "mb": size, "peak_mb": grow_kb / 1024}


# ---------------------------------------------------------------------------------------------
# The driver.


@dataclass
class Cell:
    """One measurement, or why it is missing."""

    mb: float
    seconds: float | None = None  # CPU seconds
    peak_mb: float | None = None
    wall: float | None = None
    note: str = ""

    @property
    def rate(self) -> float | None:
        """MB/s, when measured."""
        return self.mb / self.seconds if self.seconds else None


def sizes(lo: float, hi: float, step: float = 2.0) -> list[float]:
    """Sizes from ``lo`` up to ``hi`` MB, each ``step`` times the last."""
    if step <= 1:
        raise ValueError("step must be > 1")
    out = []
    mb = lo
    while mb <= hi * 1.0001:
        out.append(mb)
        mb *= step
    return out


def measure(shape: str, op: str, mb: float, timeout: float) -> Cell:
    """Run one worker subprocess with a hard ``timeout``."""
    cmd = [sys.executable, __file__, "--worker", shape, op, str(mb)]
    try:
        proc = subprocess.run(cmd, capture_output=True, text=True, timeout=max(timeout, 1.0), check=False)
    except subprocess.TimeoutExpired:
        return Cell(mb, note="skipped (over budget)")
    if proc.returncode != 0:
        tail = (proc.stderr.strip().splitlines() or ["?"])[-1]
        return Cell(mb, note=f"error: {tail[:60]}")
    res = json.loads(proc.stdout.strip().splitlines()[-1])
    return Cell(res["mb"], res["seconds"], res["peak_mb"], wall=res.get("wall"))


def run_shape(shape: str, op: str, mbs: list[float], budget: float) -> list[Cell]:
    """Every size of one shape and op within ``budget`` seconds of subprocess time."""
    cells: list[Cell] = []
    spent = 0.0
    per_mb: float | None = None
    for mb in mbs:
        left = budget - spent
        predicted = per_mb * mb * 1.2 + 1.0 if per_mb is not None else 0.0
        if left <= 1.0 or predicted > left:
            cells.append(Cell(mb, note="skipped (over budget)"))
            continue
        started = time.monotonic()
        cell = measure(shape, op, mb, left)
        spent += time.monotonic() - started
        if cell.seconds is not None:
            per_mb = (cell.wall or cell.seconds) / cell.mb
        else:
            per_mb = float("inf")
        cells.append(cell)
    return cells


def ratio(cells: list[Cell]) -> float | None:
    """Time per MB of the largest measured size over that of the smallest (1.0 = linear)."""
    done = [c for c in cells if c.seconds]
    if len(done) < 2:
        return None
    first, last = done[0], done[-1]
    return (last.seconds / last.mb) / (first.seconds / first.mb)  # type: ignore[operator]


def fmt_rate(c: Cell) -> str:
    """A table cell: MB/s, or the reason it is missing."""
    if c.rate is None:
        return "skipped" if "budget" in c.note else "error"
    return f"{c.rate:.3g}"


def table(rows: list[tuple[str, str, list[Cell]]], mbs: list[float]) -> str:
    """The result table in Markdown."""
    head = "| shape | op | " + " | ".join(f"{m:g} MB" for m in mbs) + " | ratio (largest/smallest s/MB) | peak RSS growth |"
    lines = [head, "|" + "---|" * (len(mbs) + 4)]
    for shape, op, cells in rows:
        r = ratio(cells)
        verdict = "n/a" if r is None else f"{r:.2f}" + ("" if r <= TARGET_RATIO else " SUPER-LINEAR?")
        peaks = [c for c in cells if c.peak_mb is not None]
        if peaks:
            big = max(peaks, key=lambda c: c.mb)
            mem = f"{big.peak_mb:.0f} MB at {big.mb:.2g} MB ({big.peak_mb / big.mb:.1f}x)"  # type: ignore[operator]
        else:
            mem = "n/a"
        lines.append(f"| {shape} | {op} | " + " | ".join(fmt_rate(c) for c in cells) + f" | {verdict} | {mem} |")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    """Parse arguments; run as the driver (default) or as one measurement worker."""
    argv = sys.argv[1:] if argv is None else argv
    if argv[:1] == ["--worker"]:
        print(json.dumps(worker(argv[1], argv[2], float(argv[3]))))
        return 0
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--min-mb", type=float, default=0.25, help="smallest size in MB (default 0.25)")
    ap.add_argument("--max-mb", type=float, default=1.0, help="largest size in MB (default 1)")
    ap.add_argument("--step", type=float, default=2.0, help="factor between sizes (default 2: doubling)")
    ap.add_argument("--budget", type=float, default=20.0, help="seconds per shape and op before sizes are skipped (default 20)")
    ap.add_argument("--shapes", default=",".join(SHAPES), help="comma-separated shapes (default: all)")
    ap.add_argument("--ops", default="repair,detect",
                    help="comma-separated ops: repair, detect, file (repair_file on a temp file; default: repair,detect)")
    ap.add_argument("--list", action="store_true", help="list the shapes and exit")
    args = ap.parse_args(argv)
    if args.list:
        for name, (desc, _) in SHAPES.items():
            print(f"{name:16s} {desc}")
        return 0
    unknown = [s for s in args.shapes.split(",") if s not in SHAPES]
    if unknown:
        ap.error(f"unknown shape(s): {', '.join(unknown)} (see --list)")
    mbs = sizes(args.min_mb, args.max_mb, args.step)
    print(f"MB/s of UTF-8 input per CPU second per size; budget {args.budget:g} s per shape and op; cpus={os.cpu_count()}", flush=True)
    rows = []
    for shape in args.shapes.split(","):
        for op in args.ops.split(","):
            cells = run_shape(shape, op, mbs, args.budget)
            rows.append((shape, op, cells))
            detail = ", ".join(
                f"{c.mb:.3g} MB: {c.seconds:.3g} s CPU, {c.wall or 0:.3g} s wall" if c.seconds else f"{c.mb:.3g} MB: {c.note}"
                for c in cells
            )
            print(f"  {shape} {op}: {detail}", file=sys.stderr, flush=True)
    print(table(rows, mbs))
    return 0


if __name__ == "__main__":
    sys.exit(main())
